//! ARN condition operators: ArnEquals, ArnLike, ArnNotEquals, ArnNotLike.
//!
//! "IAM JSON policy elements: Condition operators", Amazon Resource Name (ARN) condition
//! operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN):
//! case-sensitive; "each of the six colon-delimited components of the ARN is checked separately
//! and each can include multi-character match wildcards (*) or single-character match wildcards
//! (?)"; ArnEquals and ArnLike behave the same. Policy variables are supported. The
//! per-component matching itself lives in `crate::arn::ArnPattern`.

use super::Outcome;
use crate::arn::ArnPattern;
use crate::wildcard::VariableResolver;

#[derive(Clone, Debug, PartialEq)]
pub struct ArnValue {
    pattern: ArnPattern,
}

impl ArnValue {
    pub fn compile(text: &str, variables: bool) -> ArnValue {
        ArnValue { pattern: ArnPattern::compile(text, variables) }
    }

    pub fn outcome(&self, value: &str, vars: &dyn VariableResolver) -> Outcome {
        Outcome::from_bool(self.pattern.matches(value, vars))
    }
}

/// A request value the ARN operators can read: `arn:` and six colon-separated components.
pub fn is_arn(text: &str) -> bool {
    text.starts_with("arn:") && text.splitn(6, ':').count() == 6
}
