//! `validatePolicy(policy, { kind })`: parse and validate one policy document.

use serde_json::{Value, json};

use super::{failure, input_error};
use crate::diag::Diagnostic;
use crate::policy::{self, PolicyKind};

/// A policy arrives as JSON text (positions refer to it) or as an already-parsed object
/// (serialised compactly first, so sizes are counted as IAM counts a minified document).
pub fn policy_text(policy: &Value, path: &str) -> Result<String, Diagnostic> {
    match policy {
        Value::String(s) => Ok(s.clone()),
        Value::Object(_) => Ok(serde_json::to_string(policy).expect("a JSON value always serialises")),
        _ => Err(input_error(path, &format!("'{path}' must be a policy document: a JSON string or an object"))),
    }
}

pub fn parse_kind(options: &Value) -> Result<PolicyKind, Diagnostic> {
    match options.get("kind") {
        None | Some(Value::Null) => Ok(PolicyKind::Identity),
        Some(kind) => kind.as_str().and_then(PolicyKind::from_name).ok_or_else(|| {
            input_error(
                "options.kind",
                &format!("'options.kind' must be one of identity, resource, trust, boundary, scp, rcp, session; got {kind}"),
            )
        }),
    }
}

pub fn validate_policy(policy: &Value, options: &Value) -> Value {
    if !(options.is_null() || options.is_object()) {
        return failure(vec![input_error("options", "'options' must be an object")]);
    }
    let kind = match parse_kind(options) {
        Ok(k) => k,
        Err(e) => return failure(vec![e]),
    };
    let text = match policy_text(policy, "policy") {
        Ok(t) => t,
        Err(e) => return failure(vec![e]),
    };
    let diagnostics = policy::validate_policy(&text, kind);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics.into_iter().partition(Diagnostic::is_error);
    if errors.is_empty() {
        json!({ "type": "success", "warnings": warnings })
    } else {
        json!({ "type": "failure", "errors": errors, "warnings": warnings })
    }
}
