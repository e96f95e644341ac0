//! The operation registry: one file per STS operation, each exporting an `OPERATION`. Adding an
//! operation is a new file and one line in `OPERATIONS`.

mod assume_role;
mod get_access_key_info;
mod get_caller_identity;

use serde_json::Value;

use super::error::StsError;
use super::sim::{CallContext, Sim};

pub type Handler = fn(&mut Sim, &CallContext, &Value) -> Result<Value, StsError>;

pub struct Operation {
    /// The Query protocol's `Action`, as in the API reference.
    pub name: &'static str,
    pub handler: Handler,
    /// CloudTrail's `readOnly` for this event.
    pub read_only: bool,
    /// Whether CloudTrail records the response (`responseElements`; null for GetCallerIdentity).
    pub log_response: bool,
    /// The account owning the resource acted on, when CloudTrail also delivers the event there.
    pub resource_account: Option<fn(&Value) -> Option<String>>,
    /// CloudTrail's `resources` for the event.
    pub resources: Option<fn(&Value) -> Value>,
}

pub const OPERATIONS: &[Operation] = &[assume_role::OPERATION, get_caller_identity::OPERATION, get_access_key_info::OPERATION];

pub fn find(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}
