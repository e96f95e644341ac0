//! GetDelegatedAccessToken (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetDelegatedAccessToken.html):
//! "Exchanges a trade-in token for temporary AWS credentials with the permissions associated
//! with the assumed principal". Response: `Credentials`, `AssumedPrincipal`, and
//! `PackedPolicySize`, which "is deprecated. It is not populated for GetDelegatedAccessToken".
//! Errors: `ExpiredTradeInTokenException` (400), `PackedPolicyTooLarge`, `RegionDisabledException`.
//!
//! What AWS documents stops there. Trade-in tokens come from IAM's delegation requests (IAM API
//! reference, SendDelegationToken: "Sends the exchange token for an accepted delegation
//! request"), and neither their format, their lifetime, the session the credentials stand for
//! (its ARN, duration, policies) nor the answer to an unknown token is documented. sts-sim does
//! not simulate delegation requests, so no world holds a trade-in token: after validating the
//! parameters (`TradeInToken` is required), every call is refused with a message that says so,
//! rather than inventing a session. sts-sim's error code for it is `InvalidParameterValue`.

use serde_json::Value;

use super::Operation;
use crate::sts::error::StsError;
use crate::sts::params::{Params, StringRule};
use crate::sts::sim::{CallContext, Sim};

pub const OPERATION: Operation = Operation { name: "GetDelegatedAccessToken", handler, read_only: true, log_response: true, resource_account: None, resources: None };

/// `tradeInTokenType`: a string without constraints in the model.
const TRADE_IN_TOKEN: StringRule = StringRule { min: 0, max: None, pattern: None };

fn handler(_sim: &mut Sim, _ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let mut p = Params::new("GetDelegatedAccessToken", params, &["TradeInToken"])?;
    p.string("TradeInToken", true, &TRADE_IN_TOKEN);
    p.finish()?;
    Err(StsError::sender(
        "InvalidParameterValue",
        "sts-sim: the TradeInToken was not issued by this world. AWS issues trade-in tokens through IAM delegation requests and documents neither their format nor the session they are exchanged for, so sts-sim issues none and cannot exchange one (GetDelegatedAccessToken is implemented as far as AWS documents it: parameters, response shape, errors).",
    ))
}
