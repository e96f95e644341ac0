//! GetSessionToken (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html).
//!
//! - Called with the long-term credentials of an IAM user or the root user ("The GetSessionToken
//!   operation must be called by using the long-term Amazon Web Services security credentials";
//!   "Compare AWS STS credentials": "IAM user or AWS account root user"). Temporary credentials
//!   are refused before the operation runs ("Cannot call GetSessionToken with session
//!   credentials", `Identity::check_credential_scope`).
//! - "No permissions are required for users to perform this operation. [...] You cannot use
//!   policies to control authentication operations" ("Permissions for GetSessionToken"): no
//!   policy is evaluated, so even an explicit Deny of `sts:GetSessionToken` has no effect ("You
//!   can include the GetSessionToken action in your policies, but it has no effect").
//! - DurationSeconds 900..129600, default 43200; for the root user "from 900 seconds (15
//!   minutes) up to 3,600 seconds (1 hour), with a default of 1 hour", and "If the duration is
//!   longer than one hour, the session for Amazon Web Services account owners defaults to one
//!   hour" (DurationSeconds): capped, not refused.
//! - `SerialNumber` + `TokenCode` are verified as a real TOTP code (`mfa`); the session then
//!   carries MFA ("the credentials returned by the GetSessionToken API operation include the MFA
//!   context", "Permissions for GetSessionToken"): `aws:MultiFactorAuthPresent` true and
//!   `aws:MultiFactorAuthAge` counted from this call.
//! - The session is the user itself: same ARN, same `aws:userid`, "the same permissions as the
//!   IAM user" (root user permissions for the root user); no session policies.

use serde_json::{Value, json};

use super::Operation;
use crate::sts::caller::LongTermIdentity;
use crate::sts::credentials;
use crate::sts::error::StsError;
use crate::sts::mfa;
use crate::sts::params::{Params, SERIAL_NUMBER, TOKEN_CODE};
use crate::sts::session_token::SessionClaims;
use crate::sts::sim::{CallContext, Sim};

pub const OPERATION: Operation =
    Operation { name: "GetSessionToken", handler, read_only: true, log_response: true, resource_account: None, resources: None };

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let mut p = Params::new("GetSessionToken", params, &["DurationSeconds", "SerialNumber", "TokenCode"])?;
    let duration = p.integer("DurationSeconds", 900, 129_600);
    let serial = p.string("SerialNumber", false, &SERIAL_NUMBER);
    let code = p.string("TokenCode", false, &TOKEN_CODE);
    p.finish()?;

    let caller = &ctx.identity;
    let root = caller.long_term_caller("GetSessionToken")? == LongTermIdentity::Root;
    let account_id = caller.account().unwrap_or_default().to_string();
    let Some(account) = sim.world.account(&account_id) else { return Err(StsError::invalid_client_token()) };
    let token_version = ctx.token_version(account);

    let now_ms = ctx.origin.now_ms;
    let mfa_at = mfa::verify(&sim.world, caller, serial.as_deref(), code.as_deref(), now_ms)?;

    let duration = credentials::long_term_caller_session_seconds(root, duration);
    let issued_at = now_ms / 1000;
    let claims = SessionClaims {
        token_version,
        access_key_id: String::new(),
        arn: caller.display_arn(),
        principal_id: caller.user_id(&sim.world),
        account: account_id,
        session_name: None,
        tags: Vec::new(),
        transitive_tag_keys: Vec::new(),
        source_identity: None,
        mfa_authenticated_at: mfa_at,
        issued_at,
        expires_at: issued_at + duration,
        session_policy_digest: None,
        session_policy: None,
        session_policy_arns: Vec::new(),
        federated_by: None,
        federated_provider: None,
        task_policy_arn: None,
    };
    Ok(json!({ "Credentials": sim.issue_credentials(claims)? }))
}
