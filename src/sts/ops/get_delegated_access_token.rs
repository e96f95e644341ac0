//! GetDelegatedAccessToken (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetDelegatedAccessToken.html):
//! "Exchanges a trade-in token for temporary AWS credentials with the permissions associated
//! with the assumed principal". Response: `Credentials`, `AssumedPrincipal`, and
//! `PackedPolicySize`, which "is deprecated. It is not populated for GetDelegatedAccessToken".
//! Errors: `ExpiredTradeInTokenException` (400), `PackedPolicyTooLarge`, `RegionDisabledException`.
//!
//! What AWS documents stops there. Trade-in tokens come from IAM's delegation requests (IAM API
//! reference, SendDelegationToken: "Sends the exchange token for an accepted delegation
//! request"), and neither their format, the session the credentials stand for (its ARN, session
//! name, policies) nor the answer to an unknown token is documented. sts-sim does not invent
//! them: a world lists, per account, the trade-in tokens a delegation flow handed out and what
//! each buys (`TradeInTokens`, sts-sim's fixture: role, session name, token expiry, session
//! duration, delegated permissions as a session policy). Then:
//! - a token the world does not list is refused with `InvalidParameterValue` and a message that
//!   says why (AWS's answer is undocumented);
//! - a listed token past its `ExpiresAt` answers `ExpiredTradeInTokenException`, with the
//!   exception's documented description as the message;
//! - the token's account must have the requested Region enabled (`RegionDisabledException`);
//! - otherwise the credentials are a session of the token's role (policies: the role's, limited
//!   by the token's session policy; `PackedPolicyTooLarge` past 100%), `AssumedPrincipal` is the
//!   role's ARN (sts-sim's reading of "the IAM entity whose permissions are granted"), and
//!   `PackedPolicySize` is left out ("It is not populated for GetDelegatedAccessToken").
//! Whether a token can be exchanged twice is not documented; sts-sim does not refuse it.

use serde_json::{Value, json};

use super::Operation;
use crate::sts::error::StsError;
use crate::sts::params::{Params, StringRule};
use crate::sts::role_session::{self, RoleSession};
use crate::sts::sim::{CallContext, Sim};

pub const OPERATION: Operation = Operation { name: "GetDelegatedAccessToken", handler, read_only: true, log_response: true, resource_account: None, resources: None };

/// `tradeInTokenType`: a string without constraints in the model.
const TRADE_IN_TOKEN: StringRule = StringRule { min: 0, max: None, pattern: None };

/// The description of `ExpiredTradeInTokenException` in the STS API reference.
const EXPIRED: &str = "The trade-in token provided in the request has expired and can no longer be exchanged for credentials. Request a new token and retry the operation.";

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let mut p = Params::new("GetDelegatedAccessToken", params, &["TradeInToken"])?;
    let token = p.string("TradeInToken", true, &TRADE_IN_TOKEN);
    p.finish()?;
    let token = token.unwrap_or_default();
    let Some((account, t)) = sim.world.trade_in_token(&token) else {
        return Err(StsError::sender(
            "InvalidParameterValue",
            "sts-sim: the TradeInToken is not one of the world's TradeInTokens. AWS issues trade-in tokens through IAM delegation requests and documents neither their format nor the session they are exchanged for, so a world lists the tokens it knows (Accounts[].TradeInTokens) and sts-sim refuses any other.",
        ));
    };
    if ctx.origin.now_ms >= t.expires_at_ms {
        return Err(StsError::sender("ExpiredTradeInTokenException", EXPIRED));
    }
    if !account.region_enabled(&ctx.region) {
        return Err(StsError::region_disabled(&account.id));
    }
    let Some((_, role)) = sim.world.role_by_arn(&t.role_arn) else {
        return Err(StsError::sender("InvalidParameterValue", format!("sts-sim: the role {} of this trade-in token no longer exists", t.role_arn)));
    };
    let (account_id, role_name, role_id, role_arn) = (account.id.clone(), role.name.clone(), role.id.clone(), role.arn.clone());
    let (session_name, duration, policy) = (t.role_session_name.clone(), t.duration_seconds, t.policy.clone());
    let token_version = ctx.token_version(account);
    let mut response = role_session::issue(
        sim,
        RoleSession {
            token_version,
            account_id: &account_id,
            role_name: &role_name,
            role_id: &role_id,
            session_name: &session_name,
            duration,
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            mfa_authenticated_at: None,
            policy: policy.as_deref(),
            policy_arns: &[],
            federated_provider: None,
            now_ms: ctx.origin.now_ms,
        },
    )?;
    Ok(json!({ "Credentials": response["Credentials"].take(), "AssumedPrincipal": role_arn }))
}
