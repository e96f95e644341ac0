//! The operation registry: one file per STS operation, each exporting an `OPERATION`. Adding an
//! operation is a new file and one line in `OPERATIONS`.

mod assume_role;
mod assume_role_with_saml;
mod assume_role_with_web_identity;
pub mod assume_root;
mod decode_authorization_message;
mod get_access_key_info;
mod get_caller_identity;
mod get_delegated_access_token;
mod get_federation_token;
mod get_session_token;
pub mod get_web_identity_token;

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

pub const OPERATIONS: &[Operation] = &[assume_role::OPERATION, assume_role_with_web_identity::OPERATION, assume_role_with_saml::OPERATION, get_caller_identity::OPERATION, get_access_key_info::OPERATION, decode_authorization_message::OPERATION, get_session_token::OPERATION, get_federation_token::OPERATION, assume_root::OPERATION, get_web_identity_token::OPERATION, get_delegated_access_token::OPERATION];

impl Operation {
    /// Operations AWS serves without a signature: botocore's STS model marks AssumeRoleWithSAML
    /// and AssumeRoleWithWebIdentity `"auth": ["smithy.api#noAuth"]`, and their API reference
    /// pages say calling them "does not require the use of AWS security credentials".
    pub fn unsigned(&self) -> bool {
        is_unsigned(self.name)
    }
}

/// Whether the operation of that name is served without a signature (see `Operation::unsigned`),
/// whether or not sts-sim implements it: the wire decides before it looks for the handler.
pub fn is_unsigned(name: &str) -> bool {
    matches!(name, "AssumeRoleWithWebIdentity" | "AssumeRoleWithSAML")
}

pub fn find(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}
