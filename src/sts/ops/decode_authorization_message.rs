//! DecodeAuthorizationMessage (https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html):
//! "Decodes additional information about the authorization status of a request from an encoded
//! message returned in response to an AWS request." The message is one `Sim::authorize` sealed
//! for a denied request (`authorization_message`); the answer is its decoded document.
//!
//! - "To decode an authorization status message, a user must be granted permissions through an
//!   IAM policy to request the DecodeAuthorizationMessage (sts:DecodeAuthorizationMessage)
//!   action": without it, AccessDenied in STS's wording.
//! - `EncodedMessage`: "Length Constraints: Minimum length of 1. Maximum length of 10240."
//! - A message that does not open (garbage, edited, sealed by a simulator with another seed):
//!   `InvalidAuthorizationMessageException`, "The error returned if the message passed to
//!   DecodeAuthorizationMessage was invalid." AWS publishes no message text for it; we answer
//!   that documented sentence.
//!
//! Choices where AWS is silent: any principal with the permission may decode any message of
//! its simulator (the API reference names no account rule); messages do not expire (the SDK
//! documentation mentions expiry but no lifetime); CloudTrail records the call without
//! `responseElements` (the decoded document is privileged information).

use serde_json::{Value, json};

use super::Operation;
use crate::eval::Decision;
use crate::sts::authorization_message;
use crate::sts::authz::{self, request_context};
use crate::sts::error::StsError;
use crate::sts::params::{Params, StringRule};
use crate::sts::sim::{CallContext, Sim};

pub const OPERATION: Operation =
    Operation { name: "DecodeAuthorizationMessage", handler, read_only: true, log_response: false, resource_account: None, resources: None };

/// `encodedMessageType`: 1 to 10,240 characters, no pattern.
const ENCODED_MESSAGE: StringRule = StringRule { min: 1, max: Some(10240), pattern: None };

const ACTION: &str = "sts:DecodeAuthorizationMessage";

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let mut p = Params::new("DecodeAuthorizationMessage", params, &["EncodedMessage"])?;
    let message = p.string("EncodedMessage", true, &ENCODED_MESSAGE);
    p.finish()?;
    let message = message.unwrap_or_default();

    let identity = &ctx.identity;
    let context = request_context(sim.world(), identity, &ctx.origin);
    // The action has no resource type ("Actions, resources, and condition keys for AWS STS"): "*".
    let a = authz::decide(sim.world(), identity, ACTION, "*", identity.account(), None, context)?;
    if a.decision != Decision::Allow {
        return Err(StsError::not_authorized(&identity.display_arn(), ACTION, "*"));
    }
    match authorization_message::open(&sim.message_key, &message) {
        Some(document) => Ok(json!({ "DecodedMessage": document })),
        None => Err(StsError::sender(
            "InvalidAuthorizationMessageException",
            "The error returned if the message passed to DecodeAuthorizationMessage was invalid.",
        )),
    }
}
