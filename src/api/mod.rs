//! The serde request/answer layer: the one JSON API that every front end (wasm exports, the
//! npm package, the playground, the data-case harness) uses. Every entry point takes JSON and
//! returns a tagged answer, `{"type":"success",…}` or `{"type":"failure","errors":[…]}`:
//! bad input is a value, never a panic or an exception.

pub mod request_text;
pub mod sim;
pub mod simulate;
pub mod trust;
pub mod validate;
pub mod wire;

use serde_json::{Value, json};

use crate::diag::{Diagnostic, Span};

/// Calls the API entry point `name` (its JS export name) with `input`, as the data-case
/// harness and the generic wasm `call` export do. `input` for `validatePolicy` is
/// `{ "policy": …, "options": {…} }`; for the others it is the function's single argument.
pub fn call(name: &str, input: &Value) -> Value {
    match name {
        "validatePolicy" => {
            let options = input.get("options").cloned().unwrap_or(Value::Null);
            match input.get("policy") {
                Some(policy) => validate::validate_policy(policy, &options),
                None => failure(vec![input_error("policy", "the field 'policy' is required")]),
            }
        }
        "simulate" => simulate::simulate(input),
        "sim" => sim::run(input),
        "analyzeTrust" => trust::analyze_trust(input),
        other => failure(vec![input_error("", &format!("unknown API function '{other}'"))]),
    }
}

/// `{"type":"failure","errors":[…]}`.
pub fn failure(errors: Vec<Diagnostic>) -> Value {
    json!({ "type": "failure", "errors": errors })
}

/// A diagnostic for a malformed API argument (wrong type, missing field), naming the field.
pub fn input_error(path: &str, message: &str) -> Diagnostic {
    Diagnostic::error("INVALID_INPUT", "ValidationError", message, path, Span::default())
}
