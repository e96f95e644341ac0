//! Request parameter validation as STS does it, from botocore's STS model
//! (`botocore/data/sts/2011-06-15/service-2.json`: min/max lengths, patterns, integer ranges,
//! list sizes, required members).
//!
//! STS answers every constraint violation together, in one `ValidationError`:
//! "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint:
//! Member must satisfy regular expression pattern: [\w+=,.@-]*", several joined by "; " after
//! "N validation errors detected: ". A missing required parameter is one of them: "Value null
//! at 'roleSessionName' failed to satisfy constraint: Member must not be null" (the answer STS
//! gives, quoted in aws/aws-sdk-cpp#1252) — not the `MissingParameter` of the Common Errors
//! page. Members are named in camelCase; list members as `tags.1.member.key` (1-based).
//!
//! Patterns are Java regular expressions (AWS services run on Java): `\w` is `[a-zA-Z_0-9]`,
//! `\d` is `[0-9]`; `\p{L}`, `\p{N}`, `\p{Z}` are Unicode letters, numbers and separators.

use serde_json::{Map, Value};

use super::error::StsError;
use super::session_token::SessionTag;

/// A string member's constraints.
pub struct StringRule {
    pub min: usize,
    pub max: Option<usize>,
    pub pattern: Option<Pattern>,
}

/// A regular expression of the form `[class]*` or `[class]+`, as a character test.
#[derive(Clone, Copy)]
pub struct Pattern {
    /// The expression as botocore prints it (quoted in messages).
    pub text: &'static str,
    pub allows: fn(char) -> bool,
}

impl StringRule {
    /// Whether `value` satisfies the rule (length and pattern).
    pub fn allows(&self, value: &str) -> bool {
        let len = value.chars().count();
        len >= self.min && self.max.is_none_or(|m| len <= m) && self.pattern.is_none_or(|p| value.chars().all(p.allows))
    }
}

fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `arnType`, `unrestrictedSessionPolicyDocumentType`-like "any printable" classes.
fn arn_chars(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

pub const ARN: StringRule = StringRule {
    min: 20,
    max: Some(2048),
    pattern: Some(Pattern { text: r"[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+", allows: arn_chars }),
};
/// The pattern of `roleSessionNameType`, `sourceIdentityType` and `userNameType`.
const NAME_PATTERN: Pattern = Pattern { text: r"[\w+=,.@-]*", allows: |c| word(c) || "+=,.@-".contains(c) };
pub const ROLE_SESSION_NAME: StringRule = StringRule { min: 2, max: Some(64), pattern: Some(NAME_PATTERN) };
pub const SOURCE_IDENTITY: StringRule = ROLE_SESSION_NAME;
/// GetFederationToken's `Name` (`userNameType`).
pub const FEDERATED_USER_NAME: StringRule = StringRule { min: 2, max: Some(32), pattern: Some(NAME_PATTERN) };
/// `Policy` (AssumeRole's `unrestrictedSessionPolicyDocumentType`; GetFederationToken's
/// `sessionPolicyDocumentType` has the same pattern, and max 2048 in the model): min 1 and the pattern in the model; the
/// 2,048-character limit is the documented plaintext quota ("The plaintext that you use for both
/// inline and managed session policies can't exceed 2,048 characters", AssumeRole).
pub const SESSION_POLICY: StringRule =
    StringRule { min: 1, max: Some(2048), pattern: Some(Pattern { text: r"[\u0009\u000A\u000D\u0020-\u00FF]+", allows: |c| matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{FF}') }) };
pub const EXTERNAL_ID: StringRule =
    StringRule { min: 2, max: Some(1224), pattern: Some(Pattern { text: r"[\w+=,.@:\/-]*", allows: |c| word(c) || "+=,.@:/-".contains(c) }) };
pub const SERIAL_NUMBER: StringRule =
    StringRule { min: 9, max: Some(256), pattern: Some(Pattern { text: r"[\w+=/:,.@-]*", allows: |c| word(c) || "+=/:,.@-".contains(c) }) };
pub const TOKEN_CODE: StringRule = StringRule { min: 6, max: Some(6), pattern: Some(Pattern { text: r"[\d]*", allows: |c| c.is_ascii_digit() }) };
fn tag_chars(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || c == ' ' || (c.is_whitespace() && !c.is_control()) || "_.:/=+-@".contains(c)
}
pub const TAG_KEY: StringRule = StringRule { min: 1, max: Some(128), pattern: Some(Pattern { text: r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+", allows: tag_chars }) };
pub const TAG_VALUE: StringRule = StringRule { min: 0, max: Some(256), pattern: Some(Pattern { text: r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*", allows: tag_chars }) };
pub const ACCESS_KEY_ID: StringRule = StringRule { min: 16, max: Some(128), pattern: Some(Pattern { text: r"[\w]*", allows: word }) };
pub const CONTEXT_ASSERTION: StringRule = StringRule { min: 4, max: Some(2048), pattern: None };

/// `RoleArn` → `roleArn`: the member name STS uses in its messages.
pub fn member_name(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The parameters of one request, and the violations found so far.
pub struct Params<'a> {
    map: Option<&'a Map<String, Value>>,
    errors: Vec<String>,
}

impl<'a> Params<'a> {
    /// `params` must be an object (or absent) whose keys are the operation's parameters.
    /// Beyond AWS: the Query protocol ignores parameters it does not know; sts-sim refuses them,
    /// so a misspelt `ExternalID` is an error rather than a silently different request.
    pub fn new(operation: &str, params: &'a Value, known: &[&str]) -> Result<Params<'a>, StsError> {
        let map = match params {
            Value::Null => None,
            Value::Object(m) => Some(m),
            _ => return Err(StsError::validation_message(format!("sts-sim: the parameters of {operation} must be an object"))),
        };
        if let Some(k) = map.and_then(|m| m.keys().find(|k| !known.contains(&k.as_str()))) {
            return Err(StsError::validation_message(format!(
                "sts-sim: {operation} has no parameter '{k}' (AWS would ignore it; sts-sim refuses it so a typo is not silently dropped). Parameters: {}",
                known.join(", ")
            )));
        }
        Ok(Params { map, errors: Vec::new() })
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(name)).filter(|v| !v.is_null())
    }

    pub fn present(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn error(&mut self, message: String) {
        self.errors.push(message);
    }

    /// Checks one string value against a rule, naming it `member` in messages.
    pub fn check(&mut self, member: &str, value: &str, rule: &StringRule) -> bool {
        let before = self.errors.len();
        let len = value.chars().count();
        if len < rule.min {
            self.errors.push(format!("Value '{value}' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {}", rule.min));
        }
        if let Some(max) = rule.max
            && len > max
        {
            self.errors.push(format!("Value '{value}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}"));
        }
        if let Some(p) = rule.pattern
            && !value.chars().all(p.allows)
        {
            self.errors.push(format!("Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {}", p.text));
        }
        self.errors.len() == before
    }

    /// A string parameter; `None` when absent (reported if required) or invalid.
    pub fn string(&mut self, name: &str, required: bool, rule: &StringRule) -> Option<String> {
        let value = self.get(name);
        self.string_value(&member_name(name), value, required, rule)
    }

    /// Checks a string member found at `member` (absent or `null`: `None`).
    fn string_value(&mut self, member: &str, value: Option<&Value>, required: bool, rule: &StringRule) -> Option<String> {
        match value {
            None => {
                if required {
                    self.errors.push(format!("Value null at '{member}' failed to satisfy constraint: Member must not be null"));
                }
                None
            }
            Some(Value::String(s)) => self.check(member, s, rule).then(|| s.clone()),
            Some(other) => {
                self.errors.push(format!("Value '{other}' at '{member}' failed to satisfy constraint: Member must be a string"));
                None
            }
        }
    }

    /// A string member botocore marks `sensitive` (web identity tokens, SAML assertions):
    /// required and length-checked like any other, but its value never appears in a message.
    pub fn sensitive_string(&mut self, name: &str, min: usize, max: usize) -> Option<String> {
        let member = member_name(name);
        let value = match self.get(name) {
            None => {
                self.errors.push(format!("Value null at '{member}' failed to satisfy constraint: Member must not be null"));
                return None;
            }
            Some(Value::String(s)) => s,
            Some(_) => {
                self.errors.push(format!("Value at '{member}' failed to satisfy constraint: Member must be a string"));
                return None;
            }
        };
        let n = value.chars().count();
        if n < min {
            self.errors.push(format!("Value at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}"));
        } else if n > max {
            self.errors.push(format!("Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}"));
        } else {
            return Some(value.clone());
        }
        None
    }

    /// An integer parameter within `min..=max` (a JSON number or a numeric string, as the
    /// Query protocol carries it).
    pub fn integer(&mut self, name: &str, min: i64, max: i64) -> Option<i64> {
        let member = member_name(name);
        let v = self.get(name)?;
        let n = match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse::<i64>().ok(),
            _ => None,
        };
        let Some(n) = n else {
            let shown = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            self.errors.push(format!("Value '{shown}' at '{member}' failed to satisfy constraint: Member must be a number"));
            return None;
        };
        if n < min {
            self.errors.push(format!("Value '{n}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to {min}"));
            return None;
        }
        if n > max {
            self.errors.push(format!("Value '{n}' at '{member}' failed to satisfy constraint: Member must have value less than or equal to {max}"));
            return None;
        }
        Some(n)
    }

    /// A list parameter's items (empty when absent), checking its size.
    pub fn list(&mut self, name: &str, min: usize, max: Option<usize>) -> Vec<&'a Value> {
        let member = member_name(name);
        let Some(v) = self.get(name) else { return Vec::new() };
        let Value::Array(items) = v else {
            self.errors.push(format!("Value '{v}' at '{member}' failed to satisfy constraint: Member must be a list"));
            return Vec::new();
        };
        if items.len() < min {
            self.errors.push(format!("Value '{v}' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}"));
        }
        if let Some(max) = max
            && items.len() > max
        {
            self.errors.push(format!("Value '{v}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}"));
        }
        items.iter().collect()
    }

    /// A string member of a structure inside a list (`tags.1.member.key`).
    pub fn nested_string(&mut self, item: &Value, list: &str, index: usize, field: &str, required: bool, rule: &StringRule) -> Option<String> {
        let member = format!("{}.{}.member.{}", member_name(list), index + 1, member_name(field));
        self.string_value(&member, item.get(field).filter(|v| !v.is_null()), required, rule)
    }

    /// A plain string member of a list of strings (`transitiveTagKeys.1.member`).
    pub fn list_string(&mut self, item: &Value, list: &str, index: usize, rule: &StringRule) -> Option<String> {
        let member = format!("{}.{}.member", member_name(list), index + 1);
        match item {
            Value::String(s) => self.check(&member, s, rule).then(|| s.clone()),
            other => {
                self.errors.push(format!("Value '{other}' at '{member}' failed to satisfy constraint: Member must be a string"));
                None
            }
        }
    }

    /// `PolicyArns` (`policyDescriptorListType`). "You can provide up to 10 managed policy
    /// ARNs" (AssumeRole, GetFederationToken): not a model constraint, so worded as STS words
    /// list sizes.
    pub fn policy_arns(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in self.list("PolicyArns", 0, Some(10)).into_iter().enumerate() {
            if let Some(a) = self.nested_string(item, "PolicyArns", i, "arn", false, &ARN) {
                out.push(a);
            }
        }
        out
    }

    /// `Tags` (`tagListType`: at most 50 `Tag`s, each with a required `Key` and `Value`).
    pub fn session_tags(&mut self) -> Vec<SessionTag> {
        let mut out = Vec::new();
        for (i, item) in self.list("Tags", 0, Some(50)).into_iter().enumerate() {
            let key = self.nested_string(item, "Tags", i, "Key", true, &TAG_KEY);
            let value = self.nested_string(item, "Tags", i, "Value", true, &TAG_VALUE);
            if let (Some(key), Some(value)) = (key, value) {
                out.push(SessionTag { key, value });
            }
        }
        out
    }

    /// `Ok` when nothing was violated, else the one `ValidationError` listing every violation.
    pub fn finish(self) -> Result<(), StsError> {
        if self.errors.is_empty() { Ok(()) } else { Err(StsError::validation(&self.errors)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_as_sts_words_them() {
        let v = json!({ "RoleSessionName": "bad name!", "DurationSeconds": 100 });
        let mut p = Params::new("AssumeRole", &v, &["RoleArn", "RoleSessionName", "DurationSeconds"]).unwrap();
        p.string("RoleArn", true, &ARN);
        p.string("RoleSessionName", true, &ROLE_SESSION_NAME);
        p.integer("DurationSeconds", 900, 43200);
        let e = p.finish().unwrap_err();
        assert_eq!(e.code, "ValidationError");
        assert_eq!(
            e.message,
            "3 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; \
             Value 'bad name!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; \
             Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
        );
        assert!(Params::new("AssumeRole", &json!({ "ExternalID": "x" }), &["ExternalId"]).is_err());
    }

    #[test]
    fn tag_pattern() {
        assert!((TAG_KEY.pattern.unwrap().allows)('é'));
        assert!(!(TAG_KEY.pattern.unwrap().allows)('!'));
        assert!(!(TAG_KEY.pattern.unwrap().allows)('\t'));
    }
}
