//! GetAccessKeyInfo (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html):
//! "When you pass an access key ID to this operation, it returns the ID of the AWS account to
//! which the keys belong." The account is decoded from the key id (`access_key::account_of`);
//! keys older than that scheme (5th character I or J) are looked up in the world.
//! "This operation does not indicate the state of the access key": inactive keys answer too.
//!
//! Choices where AWS is silent: no permission is checked (the page names none); a key id whose
//! account cannot be told answers a ValidationError saying so.

use serde_json::{Value, json};

use super::Operation;
use crate::sts::access_key;
use crate::sts::error::StsError;
use crate::sts::params::{ACCESS_KEY_ID, Params};
use crate::sts::sim::{CallContext, Sim};

pub const OPERATION: Operation =
    Operation { name: "GetAccessKeyInfo", handler, read_only: true, log_response: true, resource_account: None, resources: None };

fn handler(sim: &mut Sim, _ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let mut p = Params::new("GetAccessKeyInfo", params, &["AccessKeyId"])?;
    let key = p.string("AccessKeyId", true, &ACCESS_KEY_ID);
    p.finish()?;
    let key = key.unwrap_or_default();
    let account = match access_key::account_of(&key) {
        Ok(Some(account)) => account,
        Ok(None) => match sim.world().access_key(&key) {
            Some((account, _)) => account.id.clone(),
            None => {
                return Err(StsError::validation_message(format!(
                    "sts-sim: {key} predates the account-bearing key format and is not in the world, so its account cannot be told"
                )));
            }
        },
        Err(e) => return Err(StsError::validation_message(format!("sts-sim: cannot tell the account of access key id {key}: {e}"))),
    };
    Ok(json!({ "Account": account }))
}
