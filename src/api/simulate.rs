//! `simulate` and `compilePolicies`: evaluate a request against policies (issue 5; being built).

use serde_json::Value;

use super::{failure, input_error};

pub fn simulate(_input: &Value) -> Value {
    failure(vec![input_error("", "simulate is not available yet")])
}
