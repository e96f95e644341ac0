//! Amazon Resource Names: parsing `arn:partition:service:region:account-id:resource`, account-ID
//! checks, and the per-segment matching that the ARN condition operators use.
//!
//! AWS rules:
//! - "Identify AWS resources with Amazon Resource Names (ARNs)"
//!   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html): six colon-separated
//!   fields; the resource field may itself contain colons (`function:my-fn:1`) or slashes.
//! - "IAM JSON policy elements: Condition operators", ARN condition operators
//!   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN):
//!   ArnEquals/ArnLike are case-sensitive; "each of the six colon-delimited components of the
//!   ARN is checked separately and each can include `*` or `?`", so `*` never crosses a colon
//!   in the first five components. ArnEquals and ArnLike behave identically.

use crate::wildcard::{Pattern, PatternSyntax, VariableResolver};

/// A parsed ARN. Fields are as written (`region` and `account` may be empty, as in S3 ARNs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    pub partition: String,
    pub service: String,
    pub region: String,
    pub account: String,
    /// Everything after the fifth colon, colons included.
    pub resource: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    #[error("an ARN must start with 'arn:'")]
    MissingPrefix,
    #[error("an ARN needs six colon-separated fields (arn:partition:service:region:account-id:resource); found {0}")]
    MissingFields(usize),
    #[error("the {0} field of an ARN must not be empty")]
    EmptyField(&'static str),
}

impl Arn {
    pub fn parse(text: &str) -> Result<Arn, ArnError> {
        let fields: Vec<&str> = text.splitn(6, ':').collect();
        if fields[0] != "arn" {
            return Err(ArnError::MissingPrefix);
        }
        let [_, partition, service, region, account, resource] = fields[..] else {
            return Err(ArnError::MissingFields(fields.len()));
        };
        if partition.is_empty() {
            return Err(ArnError::EmptyField("partition"));
        }
        if service.is_empty() {
            return Err(ArnError::EmptyField("service"));
        }
        if resource.is_empty() {
            return Err(ArnError::EmptyField("resource"));
        }
        Ok(Arn {
            partition: partition.to_string(),
            service: service.to_string(),
            region: region.to_string(),
            account: account.to_string(),
            resource: resource.to_string(),
        })
    }
}

impl std::fmt::Display for Arn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "arn:{}:{}:{}:{}:{}", self.partition, self.service, self.region, self.account, self.resource)
    }
}

/// An AWS account ID is exactly 12 decimal digits ("View AWS account identifiers",
/// https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html).
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// An ArnLike/ArnEquals pattern, compiled once: one wildcard pattern per ARN component.
#[derive(Clone, Debug, PartialEq)]
pub struct ArnPattern {
    source: String,
    /// Up to six patterns; the last one matches the rest of the value (see [`ArnPattern::matches`]).
    segments: Vec<Pattern>,
}

impl ArnPattern {
    /// Compiles `text`; `variables` is true under policy Version 2012-10-17. Colons inside a
    /// policy variable (`${aws:username}`) do not separate components.
    pub fn compile(text: &str, variables: bool) -> ArnPattern {
        let syntax = PatternSyntax { wildcards: true, variables, case_insensitive: false };
        let segments = split_components(text, variables).into_iter().map(|s| Pattern::compile(s, syntax)).collect();
        ArnPattern { source: text.to_string(), segments }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Does the ARN `value` match? Each of the six components is matched separately. A value
    /// with fewer than six components is not an ARN and matches nothing unless the pattern is
    /// equally short. A pattern with fewer than six components (for example `*`) matches its
    /// last component against the remainder of the value — AWS does not document this case;
    /// we choose the reading under which `"*"` matches every ARN.
    pub fn matches(&self, value: &str, vars: &dyn VariableResolver) -> bool {
        let n = self.segments.len();
        let parts: Vec<&str> = value.splitn(n, ':').collect();
        if parts.len() != n {
            return false;
        }
        self.segments.iter().zip(parts).all(|(p, v)| p.matches(v, vars))
    }
}

/// Splits at the first five colons that are not inside `${...}`.
fn split_components(text: &str, variables: bool) -> Vec<&str> {
    let mut out = Vec::with_capacity(6);
    let mut start = 0;
    let mut in_var = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && out.len() < 5 {
        match bytes[i] {
            b'$' if variables && bytes.get(i + 1) == Some(&b'{') => {
                in_var = true;
                i += 1;
            }
            b'}' if in_var => in_var = false,
            b':' if !in_var => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wildcard::NoVariables;
    use std::borrow::Cow;

    #[test]
    fn parse_arns() {
        let a = Arn::parse("arn:aws:lambda:us-east-1:123456789012:function:my-fn:1").unwrap();
        assert_eq!(a.partition, "aws");
        assert_eq!(a.service, "lambda");
        assert_eq!(a.region, "us-east-1");
        assert_eq!(a.account, "123456789012");
        assert_eq!(a.resource, "function:my-fn:1");
        assert_eq!(a.to_string(), "arn:aws:lambda:us-east-1:123456789012:function:my-fn:1");
        let s3 = Arn::parse("arn:aws:s3:::bucket/key").unwrap();
        assert_eq!((s3.region.as_str(), s3.account.as_str()), ("", ""));
        assert_eq!(Arn::parse("aws:s3:::b"), Err(ArnError::MissingPrefix));
        assert_eq!(Arn::parse("arn:aws:s3:::"), Err(ArnError::EmptyField("resource")));
        assert_eq!(Arn::parse("arn:aws:s3"), Err(ArnError::MissingFields(3)));
        assert_eq!(Arn::parse("arn::s3:::b"), Err(ArnError::EmptyField("partition")));
        assert_eq!(Arn::parse(""), Err(ArnError::MissingPrefix));
    }

    #[test]
    fn account_ids() {
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("1234567890123"));
        assert!(!is_account_id("12345678901a"));
        assert!(!is_account_id("１２３４５６７８９０１２"));
    }

    fn m(p: &str, v: &str) -> bool {
        ArnPattern::compile(p, true).matches(v, &NoVariables)
    }

    #[test]
    fn per_component_matching_from_the_condition_operators_page() {
        // The documented example: StringLike would match, ArnLike must not.
        let p = "arn:aws:someservice:*:111122223333:finance/*";
        let v = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        assert!(!m(p, v));
        assert!(Pattern::compile(p, PatternSyntax { wildcards: true, variables: false, case_insensitive: false })
            .matches(v, &NoVariables));
        assert!(m(p, "arn:aws:someservice:us-east-2:111122223333:finance/q1/doc.txt"));
        // `*` in the resource component may span colons.
        assert!(m("arn:aws:lambda:*:123456789012:function:*", "arn:aws:lambda:eu-west-1:123456789012:function:f:2"));
        // `?` is one character, within a component.
        assert!(m("arn:aws:sns:us-east-?:123456789012:t", "arn:aws:sns:us-east-1:123456789012:t"));
        assert!(!m("arn:aws:sns:us-east-?:123456789012:t", "arn:aws:sns:us-east-12:123456789012:t"));
        // Case-sensitive.
        assert!(!m("arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::123456789012:role/admin"));
        // Not an ARN.
        assert!(!m("arn:aws:iam::123456789012:role/*", "role/x"));
        // A bare `*` matches any ARN (our reading; undocumented).
        assert!(m("*", "arn:aws:iam::123456789012:role/x"));
    }

    #[test]
    fn variables_keep_their_colons() {
        struct User;
        impl VariableResolver for User {
            fn resolve(&self, key_lower: &str) -> Option<Cow<'_, str>> {
                (key_lower == "aws:username").then_some(Cow::Borrowed("alice"))
            }
        }
        let p = ArnPattern::compile("arn:aws:iam::*:user/${aws:username}", true);
        assert!(p.matches("arn:aws:iam::123456789012:user/alice", &User));
        assert!(!p.matches("arn:aws:iam::123456789012:user/bob", &User));
        assert_eq!(split_components("a:b:${x:y}:d", true), vec!["a", "b", "${x:y}", "d"]);
        assert_eq!(split_components("a:b:${x:y}:d", false), vec!["a", "b", "${x", "y}", "d"]);
    }
}
