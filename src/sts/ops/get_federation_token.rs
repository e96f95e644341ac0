//! GetFederationToken (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html).
//!
//! - Called with the long-term credentials of an IAM user (or, not recommended, the root user:
//!   "Compare AWS STS credentials", who can call: "IAM user or AWS account root user").
//!   Temporary credentials are refused before the operation runs ("Cannot call
//!   GetFederationToken with session credentials", `Identity::check_credential_scope`).
//! - The caller's identity-based policies must allow `sts:GetFederationToken` on the federated
//!   user's ARN ("Permissions for GetFederationToken": "the sts:GetFederationToken permission is
//!   required"; the resource is `arn:aws:sts::<account>:federated-user/<Name>`, "Permissions for
//!   temporary security credentials", example `federated-user/Manager*`), and `sts:TagSession`
//!   when session tags are passed ("Passing session tags in AWS STS": "In addition to the action
//!   that matches the API operation, you must have the following permissions-only action").
//! - The federated user is `arn:aws:sts::<account>:federated-user/<Name>`, `FederatedUserId`
//!   `<account>:<Name>` (the response example in "Request temporary security credentials").
//! - Permissions: "if you do not pass a policy, then the resulting federated user session has
//!   no permissions. When you pass session policies, the session permissions are the
//!   intersection of the IAM user policies and the session policies" — the evaluator's rule for
//!   federated-user principals (`eval.rs`) with the caller's policies (`SessionClaims::
//!   federated_by`, `authz::caller_policies`). A resource-based policy naming the federated
//!   user grants "in addition to the permissions granted by the session policies".
//! - "The policies must exist in the same account as the IAM user that is requesting federated
//!   access" (PolicyArns); AWS managed policies are of no account and are accepted.
//! - Tags: "the session principal tags include the user tags and the passed session tags";
//!   "You can't set session tags as transitive when you use GetFederationToken" ("Passing
//!   session tags in AWS STS").
//! - DurationSeconds 900..129600, default 43200; root "restricted to a maximum of 3,600 seconds
//!   (one hour). If the specified duration is longer than one hour, the session obtained by
//!   using root user credentials defaults to one hour": capped, not refused.

use serde_json::{Value, json};

use super::Operation;
use crate::eval::Decision;
use crate::sts::authz::{self, request_context};
use crate::sts::caller::LongTermIdentity;
use crate::sts::credentials;
use crate::sts::error::StsError;
use crate::sts::params::{FEDERATED_USER_NAME, Params, SESSION_POLICY};
use crate::sts::session_policy;
use crate::sts::session_token::SessionClaims;
use crate::sts::sim::{CallContext, Sim};

pub const OPERATION: Operation =
    Operation { name: "GetFederationToken", handler, read_only: true, log_response: true, resource_account: None, resources: None };

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let mut p = Params::new("GetFederationToken", params, &["Name", "Policy", "PolicyArns", "DurationSeconds", "Tags"])?;
    let name = p.string("Name", true, &FEDERATED_USER_NAME);
    let policy = p.string("Policy", false, &SESSION_POLICY);
    let policy_arns = p.policy_arns();
    let duration = p.integer("DurationSeconds", 900, 129_600);
    let tags = p.session_tags();
    p.finish()?;
    let name = name.unwrap_or_default();

    let caller = &ctx.identity;
    let root = caller.long_term_caller("GetFederationToken")? == LongTermIdentity::Root;
    let account_id = caller.account().unwrap_or_default().to_string();
    let Some(account) = sim.world.account(&account_id) else { return Err(StsError::invalid_client_token()) };
    let token_version = ctx.token_version(account);
    let arn = format!("arn:{}:sts::{account_id}:federated-user/{name}", sim.world.partition);

    session_policy::check_policies(&sim.world, policy.as_deref(), &policy_arns)?;
    if let Some(other) = policy_arns.iter().find(|a| a.split(':').nth(4).is_some_and(|acct| acct != "aws" && acct != account_id)) {
        // The rule is documented (PolicyArns); the message is our wording.
        return Err(StsError::malformed_policy(format!("Policy {other} is not in account {account_id}: session policies of GetFederationToken must be in the account of the IAM user requesting federated access.")));
    }
    session_policy::check_unique_tag_keys(&tags)?;

    // Authorization: the caller's own policies (and SCPs); no resource-based policy applies.
    let mut context = request_context(&sim.world, caller, &ctx.origin);
    session_policy::add_request_tags(&mut context, &tags);
    let decide = |action: &str| -> Result<(), StsError> {
        let a = authz::decide(&sim.world, caller, action, &arn, Some(&account_id), None, context.clone())?;
        if a.decision == Decision::Allow { Ok(()) } else { Err(StsError::not_authorized(&caller.display_arn(), action, &arn)) }
    };
    decide("sts:GetFederationToken")?;
    if !tags.is_empty() {
        decide("sts:TagSession")?;
    }

    let packed_percent = session_policy::packed_percent(policy.as_deref(), &policy_arns, &tags)?;
    let reports_packed = policy.is_some() || !policy_arns.is_empty() || !tags.is_empty();
    let duration = credentials::long_term_caller_session_seconds(root, duration);
    let issued_at = ctx.origin.now_ms / 1000;
    let federated_user_id = format!("{account_id}:{name}");
    let claims = SessionClaims {
        token_version,
        access_key_id: String::new(),
        arn: arn.clone(),
        principal_id: federated_user_id.clone(),
        account: account_id,
        session_name: Some(name),
        tags,
        transitive_tag_keys: Vec::new(),
        source_identity: None,
        // GetFederationToken takes no MFA ("Compare AWS STS credentials", MFA support: No).
        mfa_authenticated_at: None,
        issued_at,
        expires_at: issued_at + duration,
        session_policy_digest: session_policy::digest(policy.as_deref(), &policy_arns),
        session_policy: policy,
        session_policy_arns: policy_arns,
        federated_by: Some(caller.display_arn()),
        federated_provider: None,
        task_policy_arn: None,
    };
    let mut response = json!({
        "Credentials": sim.issue_credentials(claims)?,
        "FederatedUser": { "FederatedUserId": federated_user_id, "Arn": arn },
    });
    if reports_packed {
        response["PackedPolicySize"] = json!(packed_percent);
    }
    Ok(response)
}
