//! String condition operators: StringEquals, StringEqualsIgnoreCase, StringLike and their
//! negations.
//!
//! "IAM JSON policy elements: Condition operators", String condition operators
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String):
//! StringEquals is exact and case-sensitive; StringEqualsIgnoreCase ignores case; StringLike is
//! case-sensitive with `*` and `?` wildcards "anywhere in the string". Policy variables are
//! supported (Version 2012-10-17).

use super::Outcome;
use crate::wildcard::{Pattern, PatternSyntax, VariableResolver};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Equals,
    EqualsIgnoreCase,
    Like,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringMatcher {
    patterns: Vec<Pattern>,
}

impl StringMatcher {
    pub fn compile(values: &[&str], mode: Mode, variables: bool) -> StringMatcher {
        let syntax = PatternSyntax {
            wildcards: mode == Mode::Like,
            variables,
            case_insensitive: mode == Mode::EqualsIgnoreCase,
        };
        StringMatcher { patterns: values.iter().map(|v| Pattern::compile(v, syntax)).collect() }
    }

    /// A policy value whose variables cannot be resolved (key absent, no default) cannot be
    /// compared: the comparison is invalid rather than a plain mismatch, so that a negated
    /// operator does not hold because of a missing variable.
    pub fn outcome(&self, value: &str, vars: &dyn VariableResolver) -> Outcome {
        Outcome::any(self.patterns.iter().map(|p| {
            if p.matches(value, vars) {
                Outcome::Match
            } else if p.has_variables() && !resolvable(p, vars) {
                Outcome::Invalid
            } else {
                Outcome::NoMatch
            }
        }))
    }

    /// The policy value (with variables substituted) that equals `value` ignoring case, when the
    /// case-sensitive comparison failed. For hints.
    pub fn case_only_difference(&self, value: &str, vars: &dyn VariableResolver) -> Option<String> {
        self.patterns.iter().find_map(|p| {
            if p.matches(value, vars) {
                return None;
            }
            let text = p.substitute(vars)?;
            let relaxed = Pattern::compile(&text, PatternSyntax { wildcards: p.has_wildcard(), variables: false, case_insensitive: true });
            relaxed.matches(value, vars).then_some(text)
        })
    }
}

fn resolvable(p: &Pattern, vars: &dyn VariableResolver) -> bool {
    p.variables().all(|v| v.default.is_some() || vars.resolve(&v.key_lower).is_some())
}
