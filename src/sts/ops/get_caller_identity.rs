//! GetCallerIdentity (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html):
//! "No permissions are required to perform this operation. If an administrator attaches a
//! policy to your identity that explicitly denies access to the sts:GetCallerIdentity action,
//! you can still perform this operation." `UserId` is the `aws:userid` value of the caller
//! ("IAM policy elements: variables and tags", Principal table).

use serde_json::{Value, json};

use super::Operation;
use crate::sts::error::StsError;
use crate::sts::params::Params;
use crate::sts::sim::{CallContext, Sim};

pub const OPERATION: Operation =
    Operation { name: "GetCallerIdentity", handler, read_only: true, log_response: false, resource_account: None, resources: None };

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    Params::new("GetCallerIdentity", params, &[])?.finish()?;
    let id = &ctx.identity;
    // A service principal has no caller identity of its own in an account; AWS services do not
    // call GetCallerIdentity as themselves (our choice: answer with the service name).
    Ok(json!({
        "UserId": id.user_id(sim.world()),
        "Account": id.account().unwrap_or_default(),
        "Arn": id.display_arn(),
    }))
}
