//! The Bool operator.
//!
//! "IAM JSON policy elements: Condition operators", Boolean condition operators
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean):
//! compares a key to `true` or `false`; policy variables are supported, wildcards are not.
//! The page does not say whether `"True"` counts; we read the words case-insensitively (as JSON
//! booleans and the documented examples are lower-case, this only widens what matches).

pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

use super::Outcome;
use crate::wildcard::{Pattern, PatternSyntax, VariableResolver};

/// A Bool policy value: a literal, or a policy variable resolved per request.
#[derive(Clone, Debug, PartialEq)]
pub enum BoolValue {
    Literal(Option<bool>),
    Variable(Pattern),
}

impl BoolValue {
    pub fn compile(text: &str, variables: bool) -> BoolValue {
        let p = Pattern::compile(text, PatternSyntax { wildcards: false, variables, case_insensitive: false });
        if p.has_variables() { BoolValue::Variable(p) } else { BoolValue::Literal(parse_bool(text)) }
    }

    pub fn is_invalid(&self) -> bool {
        *self == BoolValue::Literal(None)
    }

    pub fn outcome(&self, request: bool, vars: &dyn VariableResolver) -> Outcome {
        let policy = match self {
            BoolValue::Literal(b) => *b,
            BoolValue::Variable(p) => p.substitute(vars).and_then(|t| parse_bool(&t)),
        };
        match policy {
            Some(b) => Outcome::from_bool(b == request),
            None => Outcome::Invalid,
        }
    }
}
