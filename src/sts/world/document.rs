//! Policy documents inside a world: read once at load, with the kind that decides their rules.
//!
//! `aws iam get-account-authorization-details` prints documents as JSON objects; the raw IAM API
//! returns them URL-encoded ("IAM API reference", GetAccountAuthorizationDetails: "The policy
//! document returned in this structure is URL-encoded compliant with RFC 3986"). Both are
//! accepted: a string that does not start with `{` is percent-decoded first.

use serde_json::Value;

use super::read::Problems;
use crate::policy::{Policy, PolicyKind, parse_policy};

/// The document's text (objects are serialised compactly, as IAM counts sizes).
pub fn document_text(v: &Value, path: &str, p: &mut Problems) -> Option<String> {
    match v {
        Value::Object(_) => serde_json::to_string(v).ok(),
        Value::String(s) if s.trim_start().starts_with('{') => Some(s.clone()),
        Value::String(s) => match percent_decode(s) {
            Some(t) => Some(t),
            None => {
                p.push(path, format!("'{path}' is neither a JSON policy document nor a URL-encoded one"));
                None
            }
        },
        _ => {
            p.push(path, format!("'{path}' must be a policy document (an object, JSON text or URL-encoded JSON text)"));
            None
        }
    }
}

/// Parses a document as a policy of `kind`; every error is reported under `path`.
pub fn read_policy(v: &Value, path: &str, kind: PolicyKind, p: &mut Problems) -> Option<Policy> {
    let text = document_text(v, path, p)?;
    parse_text(&text, path, kind, p)
}

pub fn parse_text(text: &str, path: &str, kind: PolicyKind, p: &mut Problems) -> Option<Policy> {
    let parsed = parse_policy(text, kind);
    if parsed.policy.is_none() {
        p.extend(parsed.diagnostics.into_iter().filter(|d| d.is_error()).map(|mut d| {
            d.path = if d.path.is_empty() { path.to_string() } else { format!("{path}.{}", d.path) };
            d
        }));
    }
    parsed.policy
}

/// RFC 3986 percent-decoding (`%7B` → `{`); `None` for a broken escape or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoded_documents() {
        let mut p = Problems::default();
        let v = Value::String("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D".into());
        assert_eq!(document_text(&v, "x", &mut p).as_deref(), Some(r#"{"Version":"2012-10-17","Statement":[]}"#));
        assert!(document_text(&Value::String("%zz".into()), "x", &mut p).is_none());
        assert_eq!(p.list.len(), 1);
    }
}
