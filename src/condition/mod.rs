//! Conditions, compiled once per policy and evaluated against a request context.
//!
//! AWS rules ("IAM JSON policy elements: Condition operators",
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
//! and "Set operators for multivalued context keys",
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
//! - Several values for one key: OR. Several keys or operators: AND (the caller ANDs conditions).
//! - A key absent from the request context: the condition is false, except that a negated
//!   operator (`StringNotEquals`, `ArnNotLike`, …) is true, and `...IfExists` is true.
//! - `Null`: `true` holds when the key is absent, `false` when it is present.
//! - `ForAllValues:` holds when every request value matches some policy value; "It also returns
//!   true if there are no keys in the request, or if the key values resolve to a null data set".
//!   `ForAnyValue:` holds when at least one request value matches; "For no matching key or a
//!   null dataset, the condition returns false". An empty array is that null data set.
//! - `...IfExists`: "If the key is not present, evaluate the condition element as true" — with
//!   a set qualifier too (`ForAnyValue:StringLikeIfExists` on an absent key is true).
//! - A negated operator with several policy values holds when the request value matches none.
//!
//! Where the pages are silent (our choices, not AWS rules):
//! - A value that cannot be read as the operator's type (a bad date, number, CIDR, base64,
//!   boolean) makes the comparison fail: positive and negated operators alike do not match.
//!   (Access Analyzer flags such policy values as type mismatches; what the engine does with
//!   them at request time is not documented.)
//! - A key with several request values under an operator without `ForAllValues:` /
//!   `ForAnyValue:`: "Multivalued context keys require a condition set operator", but the
//!   outcome without one is not documented; the condition does not match, negated or not.

pub mod arn;
pub mod binary;
pub mod bool;
pub mod date;
pub mod ip;
pub mod null;
pub mod numeric;
pub mod string;

use serde::Serialize;

use crate::context::{ContextEntry, ContextValue};
use crate::eval::hints::{Hint, HintKind};
use crate::keys::{self, KeyType};
use crate::policy::{BaseOperator, Condition, ConditionOperator, SetQualifier};
use crate::wildcard::VariableResolver;

/// How one request value compares with the policy values of a condition (OR across them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Some policy value matches.
    Match,
    /// No policy value matches, and every comparison was well-formed.
    NoMatch,
    /// No policy value matches and some comparison could not be made (a value that does not
    /// parse as the operator's type, or a policy variable that cannot be resolved).
    Invalid,
}

impl Outcome {
    /// Folds per-policy-value results: any match wins; otherwise invalid beats no-match.
    pub(crate) fn any(results: impl Iterator<Item = Outcome>) -> Outcome {
        let mut out = Outcome::NoMatch;
        for r in results {
            match r {
                Outcome::Match => return Outcome::Match,
                Outcome::Invalid => out = Outcome::Invalid,
                Outcome::NoMatch => {}
            }
        }
        out
    }

    pub(crate) fn from_bool(b: bool) -> Outcome {
        if b { Outcome::Match } else { Outcome::NoMatch }
    }
}

/// The comparison the numeric and date operators make: request value `op` policy value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

impl Comparison {
    pub(crate) fn holds<T: Ord>(self, request: T, policy: T) -> bool {
        match self {
            Comparison::Equal => request == policy,
            Comparison::LessThan => request < policy,
            Comparison::LessThanEquals => request <= policy,
            Comparison::GreaterThan => request > policy,
            Comparison::GreaterThanEquals => request >= policy,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Matcher {
    String(string::StringMatcher),
    Numeric { cmp: Comparison, values: Vec<Option<numeric::Number>> },
    Date { cmp: Comparison, values: Vec<Option<date::Instant>> },
    Bool(Vec<bool::BoolValue>),
    Binary(Vec<Option<Vec<u8>>>),
    Ip(Vec<Option<ip::Cidr>>),
    Arn(Vec<arn::ArnValue>),
    Null(Vec<Option<bool>>),
}

/// A condition ready to evaluate: its policy values parsed for the operator's type.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledCondition {
    pub operator: ConditionOperator,
    /// The operator as written.
    pub operator_text: String,
    /// The key as written.
    pub key: String,
    pub key_lower: String,
    /// The policy values as written.
    pub policy_values: Vec<String>,
    /// JSON path within the policy, e.g. `Statement[0].Condition.StringEquals.aws:username`.
    pub path: String,
    negated: bool,
    matcher: Matcher,
    /// Advice found at compile time (a string operator on an ARN key, …). Hints, not AWS rules.
    pub hints: Vec<Hint>,
}

/// Operators that hold when the request value matches none of the policy values.
pub fn is_negated(op: BaseOperator) -> bool {
    use BaseOperator::*;
    matches!(
        op,
        StringNotEquals | StringNotEqualsIgnoreCase | StringNotLike | NumericNotEquals | DateNotEquals | NotIpAddress | ArnNotEquals | ArnNotLike
    )
}


impl CompiledCondition {
    /// Compiles `c`. `variables` is true when the policy's Version supports policy variables
    /// (2012-10-17); the operator families that accept variables (string, ARN, Bool) then
    /// substitute them.
    pub fn compile(c: &Condition, variables: bool) -> CompiledCondition {
        use BaseOperator::*;
        let texts: Vec<&str> = c.values.iter().map(|v| v.text.as_str()).collect();
        let base = c.operator.base;
        let matcher = match base {
            StringEquals | StringNotEquals => Matcher::String(string::StringMatcher::compile(&texts, string::Mode::Equals, variables)),
            StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
                Matcher::String(string::StringMatcher::compile(&texts, string::Mode::EqualsIgnoreCase, variables))
            }
            StringLike | StringNotLike => Matcher::String(string::StringMatcher::compile(&texts, string::Mode::Like, variables)),
            NumericEquals | NumericNotEquals => numeric_matcher(Comparison::Equal, &texts),
            NumericLessThan => numeric_matcher(Comparison::LessThan, &texts),
            NumericLessThanEquals => numeric_matcher(Comparison::LessThanEquals, &texts),
            NumericGreaterThan => numeric_matcher(Comparison::GreaterThan, &texts),
            NumericGreaterThanEquals => numeric_matcher(Comparison::GreaterThanEquals, &texts),
            DateEquals | DateNotEquals => date_matcher(Comparison::Equal, &texts),
            DateLessThan => date_matcher(Comparison::LessThan, &texts),
            DateLessThanEquals => date_matcher(Comparison::LessThanEquals, &texts),
            DateGreaterThan => date_matcher(Comparison::GreaterThan, &texts),
            DateGreaterThanEquals => date_matcher(Comparison::GreaterThanEquals, &texts),
            Bool => Matcher::Bool(texts.iter().map(|t| bool::BoolValue::compile(t, variables)).collect()),
            BinaryEquals => Matcher::Binary(texts.iter().map(|t| binary::decode_base64(t)).collect()),
            IpAddress | NotIpAddress => Matcher::Ip(texts.iter().map(|t| ip::Cidr::parse(t)).collect()),
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Matcher::Arn(texts.iter().map(|t| arn::ArnValue::compile(t, variables)).collect()),
            Null => Matcher::Null(texts.iter().map(|t| bool::parse_bool(t)).collect()),
        };
        let mut compiled = CompiledCondition {
            operator: c.operator,
            operator_text: c.operator_text.clone(),
            key: c.key.clone(),
            key_lower: c.key_lower.clone(),
            policy_values: texts.iter().map(|t| t.to_string()).collect(),
            path: c.path.clone(),
            negated: is_negated(base),
            matcher,
            hints: Vec::new(),
        };
        compiled.hints = compiled.compile_hints();
        compiled
    }

    /// Evaluates against the entry for this condition's key (`None` when absent).
    pub fn evaluate(&self, entry: Option<&ContextEntry>, vars: &dyn VariableResolver) -> bool {
        self.evaluate_inner(entry, vars).0
    }

    /// The result and a short reason, for traces.
    fn evaluate_inner(&self, entry: Option<&ContextEntry>, vars: &dyn VariableResolver) -> (bool, Reason) {
        let present = entry.filter(|e| !e.is_empty());
        if let Matcher::Null(values) = &self.matcher {
            // Null: "true" — the key is absent (or has no value); "false" — it is present.
            let absent = present.is_none();
            let hit = values.iter().any(|v| *v == Some(absent));
            return (hit, if absent { Reason::NullKeyAbsent } else { Reason::NullKeyPresent });
        }
        let Some(entry) = present else {
            if self.operator.if_exists {
                return (true, Reason::AbsentIfExists);
            }
            return match self.operator.qualifier {
                Some(SetQualifier::ForAllValues) => (true, Reason::AbsentForAllValues),
                Some(SetQualifier::ForAnyValue) => (false, Reason::AbsentForAnyValue),
                None if self.negated => (true, Reason::AbsentNegated),
                None => (false, Reason::Absent),
            };
        };
        match self.operator.qualifier {
            None => {
                if entry.multi_valued {
                    // "Multivalued context keys require a condition set operator." AWS does not
                    // document the outcome without one; we treat it as no match.
                    return (false, Reason::MultiValuedWithoutSetOperator);
                }
                let outcome = self.outcome(&entry.values[0], vars);
                (self.holds(outcome), Reason::from_outcome(outcome))
            }
            Some(SetQualifier::ForAllValues) => {
                let mut reason = Reason::Compared;
                let all = entry.values.iter().all(|v| {
                    let o = self.outcome(v, vars);
                    if o == Outcome::Invalid {
                        reason = Reason::Unparsable;
                    }
                    self.holds(o)
                });
                (all, reason)
            }
            Some(SetQualifier::ForAnyValue) => {
                let mut reason = Reason::Compared;
                let any = entry.values.iter().any(|v| {
                    let o = self.outcome(v, vars);
                    if o == Outcome::Invalid {
                        reason = Reason::Unparsable;
                    }
                    self.holds(o)
                });
                (any, reason)
            }
        }
    }

    /// Does the base operator hold for one request value?
    fn holds(&self, outcome: Outcome) -> bool {
        if self.negated { outcome == Outcome::NoMatch } else { outcome == Outcome::Match }
    }

    /// One request value against the policy values (OR).
    fn outcome(&self, value: &ContextValue, vars: &dyn VariableResolver) -> Outcome {
        match &self.matcher {
            Matcher::String(m) => m.outcome(&value.text, vars),
            Matcher::Numeric { cmp, values } => match value.number() {
                None => Outcome::Invalid,
                Some(n) => Outcome::any(values.iter().map(|p| match p {
                    Some(p) => Outcome::from_bool(cmp.holds(n, *p)),
                    None => Outcome::Invalid,
                })),
            },
            Matcher::Date { cmp, values } => match value.date() {
                None => Outcome::Invalid,
                Some(d) => Outcome::any(values.iter().map(|p| match p {
                    Some(p) => Outcome::from_bool(cmp.holds(d, *p)),
                    None => Outcome::Invalid,
                })),
            },
            Matcher::Bool(values) => match bool::parse_bool(&value.text) {
                None => Outcome::Invalid,
                Some(b) => Outcome::any(values.iter().map(|p| p.outcome(b, vars))),
            },
            Matcher::Binary(values) => match binary::decode_base64(&value.text) {
                None => Outcome::Invalid,
                Some(bytes) => Outcome::any(values.iter().map(|p| match p {
                    Some(p) => Outcome::from_bool(*p == bytes),
                    None => Outcome::Invalid,
                })),
            },
            Matcher::Ip(values) => match value.ip() {
                None => Outcome::Invalid,
                Some(addr) => Outcome::any(values.iter().map(|p| match p {
                    Some(c) => Outcome::from_bool(c.contains(addr)),
                    None => Outcome::Invalid,
                })),
            },
            Matcher::Arn(values) => {
                if !arn::is_arn(&value.text) {
                    return Outcome::Invalid;
                }
                Outcome::any(values.iter().map(|p| p.outcome(&value.text, vars)))
            }
            Matcher::Null(_) => Outcome::Invalid,
        }
    }

    /// Evaluates and explains: the values compared, the result, why, and near-miss hints.
    pub fn explain(&self, entry: Option<&ContextEntry>, vars: &dyn VariableResolver) -> ConditionTrace {
        let (result, reason) = self.evaluate_inner(entry, vars);
        let context_values = entry.map(|e| e.values.iter().map(|v| v.text.clone()).collect::<Vec<_>>());
        let mut hints = self.hints.clone();
        self.runtime_hints(entry, result, reason, vars, &mut hints);
        ConditionTrace {
            operator: self.operator_text.clone(),
            key: self.key.clone(),
            policy_values: self.policy_values.clone(),
            context_values,
            result,
            reason: reason.describe(self).to_string(),
            path: self.path.clone(),
            hints,
        }
    }

    fn compile_hints(&self) -> Vec<Hint> {
        let mut hints = Vec::new();
        let base = self.operator.base;
        let key_info = keys::lookup(&self.key_lower);
        if let (Some(k), Some(family)) = (key_info, base.value_type()) {
            if k.ty == KeyType::Arn && family == KeyType::String {
                hints.push(Hint::new(
                    HintKind::StringOperatorOnArnKey,
                    &self.path,
                    format!(
                        "{} is an ARN key; AWS recommends the ARN operators (ArnEquals, ArnLike) over {} for it, which compare each ARN component separately",
                        self.key,
                        base.name()
                    ),
                ));
            }
            if k.multi_valued && self.operator.qualifier.is_none() {
                hints.push(Hint::new(
                    HintKind::MultiValuedKeyWithoutSetOperator,
                    &self.path,
                    format!("{} is a multivalued key: AWS requires ForAllValues: or ForAnyValue: with it", self.key),
                ));
            }
            if !k.multi_valued && self.operator.qualifier.is_some() {
                hints.push(Hint::new(
                    HintKind::SetOperatorOnSingleValuedKey,
                    &self.path,
                    format!(
                        "{} is single-valued: AWS warns that set operators on single-valued keys can make a policy overly permissive",
                        self.key
                    ),
                ));
            }
        }
        if matches!(base, BaseOperator::StringEquals | BaseOperator::StringNotEquals | BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase)
            && self.policy_values.iter().any(|v| v.contains('*') || v.contains('?'))
        {
            hints.push(Hint::new(
                HintKind::WildcardInStringEquals,
                &self.path,
                format!("{} compares literally: '*' and '?' are not wildcards here; StringLike treats them as wildcards", base.name()),
            ));
        }
        if let Some(bad) = self.unparsable_policy_value() {
            hints.push(Hint::new(
                HintKind::UnparsableValue,
                &self.path,
                format!("the policy value '{bad}' cannot be read by {}; a comparison with it never matches", base.name()),
            ));
        }
        hints
    }

    fn unparsable_policy_value(&self) -> Option<&str> {
        let bad = |i: usize| self.policy_values.get(i).map(String::as_str);
        match &self.matcher {
            Matcher::Numeric { values, .. } => values.iter().position(Option::is_none).and_then(bad),
            Matcher::Date { values, .. } => values.iter().position(Option::is_none).and_then(bad),
            Matcher::Binary(values) => values.iter().position(Option::is_none).and_then(bad),
            Matcher::Ip(values) => values.iter().position(Option::is_none).and_then(bad),
            Matcher::Null(values) => values.iter().position(Option::is_none).and_then(bad),
            Matcher::Bool(values) => values.iter().position(bool::BoolValue::is_invalid).and_then(bad),
            Matcher::String(_) | Matcher::Arn(_) => None,
        }
    }

    fn runtime_hints(&self, entry: Option<&ContextEntry>, result: bool, reason: Reason, vars: &dyn VariableResolver, hints: &mut Vec<Hint>) {
        match reason {
            Reason::Absent => hints.push(Hint::new(
                HintKind::MissingKey,
                &self.path,
                format!(
                    "{} is not in the request context, so {} is false; use {}IfExists to ignore a missing key, or a Null condition to test for it",
                    self.key, self.operator_text, self.operator_text
                ),
            )),
            Reason::MultiValuedWithoutSetOperator => hints.push(Hint::new(
                HintKind::MultiValuedKeyWithoutSetOperator,
                &self.path,
                format!("the request gives {} several values; use ForAnyValue: or ForAllValues: to compare sets", self.key),
            )),
            _ => {}
        }
        // A string comparison that would have matched ignoring case.
        if let (Matcher::String(m), Some(e)) = (&self.matcher, entry) {
            // The base comparison found no match: a positive operator is false, a negated one true.
            if result == self.negated {
                for v in &e.values {
                    if let Some(p) = m.case_only_difference(&v.text, vars) {
                        hints.push(Hint::new(
                            HintKind::CaseMismatch,
                            &self.path,
                            format!("request value '{}' differs from policy value '{}' only in case; {} is case-sensitive", v.text, p, self.operator.base.name()),
                        ));
                    }
                }
            }
        }
    }
}

fn numeric_matcher(cmp: Comparison, texts: &[&str]) -> Matcher {
    Matcher::Numeric { cmp, values: texts.iter().map(|t| numeric::parse_number(t)).collect() }
}

fn date_matcher(cmp: Comparison, texts: &[&str]) -> Matcher {
    Matcher::Date { cmp, values: texts.iter().map(|t| date::parse_date(t)).collect() }
}

/// Why a condition came out as it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    Compared,
    Unparsable,
    Absent,
    AbsentNegated,
    AbsentIfExists,
    AbsentForAllValues,
    AbsentForAnyValue,
    NullKeyAbsent,
    NullKeyPresent,
    MultiValuedWithoutSetOperator,
}

impl Reason {
    fn from_outcome(o: Outcome) -> Reason {
        if o == Outcome::Invalid { Reason::Unparsable } else { Reason::Compared }
    }

    fn describe(self, c: &CompiledCondition) -> &'static str {
        let _ = c;
        match self {
            Reason::Compared => "compared the request values with the policy values",
            Reason::Unparsable => "a value could not be read as the operator's type, so the comparison failed",
            Reason::Absent => "the key is absent from the request context: the condition is false",
            Reason::AbsentNegated => "the key is absent from the request context: a negated operator is true",
            Reason::AbsentIfExists => "the key is absent from the request context: ...IfExists is true",
            Reason::AbsentForAllValues => "the key is absent or empty: ForAllValues is true",
            Reason::AbsentForAnyValue => "the key is absent or empty: ForAnyValue is false",
            Reason::NullKeyAbsent => "Null: the key is absent from the request context",
            Reason::NullKeyPresent => "Null: the key is present in the request context",
            Reason::MultiValuedWithoutSetOperator => "the request gives several values but the operator has no ForAllValues:/ForAnyValue: qualifier",
        }
    }
}

/// One condition as the trace shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    pub operator: String,
    pub key: String,
    pub policy_values: Vec<String>,
    /// The request's values for the key; `null` when the key is absent.
    pub context_values: Option<Vec<String>>,
    pub result: bool,
    pub reason: String,
    pub path: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
}

#[cfg(test)]
mod tests;
