//! The request context: the condition keys a request carries and their values.
//!
//! "IAM JSON policy elements: Condition" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html):
//! condition key names are not case-sensitive; values are text that each operator reads in its
//! own way (string, number, date, boolean, IP address, ARN, base64). A key is single-valued or
//! multivalued ("Single-valued vs. multivalued context keys",
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
//! Each value is read at most once for each operator family that compares it (on first use), so
//! evaluation never re-parses.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::net::IpAddr;

use foldhash::fast::FixedState;
use smallvec::{SmallVec, smallvec};

use serde_json::Value;

use crate::condition::{date, ip, numeric};
use crate::diag::Diagnostic;
use crate::wildcard::VariableResolver;

/// One value of a key: its text and its readings under the typed operator families, each made
/// the first time an operator of that family reads the value (most values are only ever compared
/// as strings: reading every one as a number, a date and an IP address up front was a tenth of a
/// decision), then kept.
#[derive(Clone, Debug)]
pub struct ContextValue {
    pub text: String,
    number: OnceCell<Option<numeric::Number>>,
    date: OnceCell<Option<date::Instant>>,
    ip: OnceCell<Option<IpAddr>>,
}

/// Values are equal when their texts are: the readings follow from the text.
impl PartialEq for ContextValue {
    fn eq(&self, other: &ContextValue) -> bool {
        self.text == other.text
    }
}

impl ContextValue {
    pub fn new(text: impl Into<String>) -> ContextValue {
        ContextValue { text: text.into(), number: OnceCell::new(), date: OnceCell::new(), ip: OnceCell::new() }
    }

    /// The value read as a number (Numeric operators), if it is one.
    pub(crate) fn number(&self) -> Option<numeric::Number> {
        *self.number.get_or_init(|| numeric::parse_number(&self.text))
    }

    /// The value read as a date (Date operators), if it is one.
    pub(crate) fn date(&self) -> Option<date::Instant> {
        *self.date.get_or_init(|| date::parse_date(&self.text))
    }

    /// The value read as an IP address (IpAddress operators), if it is one.
    pub(crate) fn ip(&self) -> Option<IpAddr> {
        *self.ip.get_or_init(|| ip::parse_ip(&self.text))
    }
}

/// A key and its values. `multi_valued` is true when the values were given as a list (even of
/// one element): the key is then a set, to be used with `ForAllValues:` / `ForAnyValue:`.
#[derive(Clone, Debug, PartialEq)]
pub struct ContextEntry {
    /// The key as given.
    pub key: String,
    /// Inline when there is one (most keys): no allocation for it.
    pub values: SmallVec<[ContextValue; 1]>,
    pub multi_valued: bool,
}

impl ContextEntry {
    /// No value at all (an empty list): IAM treats it like an absent key ("Multivalued context
    /// key examples": a Null check with `false` guards against "missing context keys or context
    /// keys with empty values").
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The keys a request carries, in the order given. Small contexts (a decision's usual handful of
/// keys) are searched in place, comparing keys without regard to case and without allocating;
/// past [`INDEX_FROM`] entries a lower-cased key index answers instead, so a context of thousands
/// of keys stays linear to build and constant-time to read.
#[derive(Clone, Debug, Default)]
pub struct RequestContext {
    entries: Vec<ContextEntry>,
    /// Lower-cased key → index into `entries`, once there are more than `INDEX_FROM` entries.
    /// foldhash, not std's SipHash (SipHash was ~13 % of a decision in the wasm build); a fixed
    /// seed keeps the map deterministic.
    index: Option<HashMap<String, usize, FixedState>>,
    /// Some entry's key has a character outside ASCII (then keys compare by Unicode lower case).
    non_ascii: bool,
}

/// How many entries a context holds before it builds its key index.
const INDEX_FROM: usize = 16;

/// Contexts are equal when their entries are: the index follows from them.
impl PartialEq for RequestContext {
    fn eq(&self, other: &RequestContext) -> bool {
        self.entries == other.entries
    }
}

/// The same condition key, case aside (IAM's keys are case-insensitive): an ASCII comparison for
/// the usual ASCII keys, full Unicode lower-casing otherwise.
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() { same_ascii_key(a, b) } else { a.to_lowercase() == b.to_lowercase() }
}

/// `same_key` for two ASCII keys.
#[inline]
fn same_ascii_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.eq_ignore_ascii_case(b)
}

impl RequestContext {
    pub fn new() -> RequestContext {
        RequestContext::default()
    }

    /// Sets a single-valued key, replacing any value it had.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.insert(ContextEntry { key: key.to_string(), values: smallvec![ContextValue::new(value)], multi_valued: false });
    }

    /// Sets a multivalued key, replacing any value it had.
    pub fn set_multi<I, S>(&mut self, key: &str, values: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let values = values.into_iter().map(ContextValue::new).collect();
        self.insert(ContextEntry { key: key.to_string(), values, multi_valued: true });
    }

    /// Sets `key` only when the caller has not given it (for keys derived from the principal).
    pub fn set_default(&mut self, key: &str, value: impl Into<String>) {
        if self.position(key).is_none() {
            self.push(ContextEntry { key: key.to_string(), values: smallvec![ContextValue::new(value)], multi_valued: false });
        }
    }

    /// Adds an entry for a key not there yet (in any case); false, adding nothing, when it is.
    pub fn add(&mut self, entry: ContextEntry) -> bool {
        let absent = self.position(&entry.key).is_none();
        if absent {
            self.push(entry);
        }
        absent
    }

    pub fn insert(&mut self, entry: ContextEntry) {
        match self.position(&entry.key) {
            Some(i) => {
                self.non_ascii |= !entry.key.is_ascii();
                self.entries[i] = entry;
            }
            None => self.push(entry),
        }
    }

    /// Adds an entry whose key is not there yet.
    fn push(&mut self, entry: ContextEntry) {
        self.non_ascii |= !entry.key.is_ascii();
        let i = self.entries.len();
        match &mut self.index {
            Some(index) => {
                index.insert(entry.key.to_lowercase(), i);
            }
            None if i >= INDEX_FROM => {
                let mut index = HashMap::with_capacity_and_hasher(2 * INDEX_FROM, FixedState::default());
                for (j, e) in self.entries.iter().chain(std::iter::once(&entry)).enumerate() {
                    index.insert(e.key.to_lowercase(), j);
                }
                self.index = Some(index);
            }
            None => {}
        }
        self.entries.push(entry);
    }

    /// Where the entry for `key` (any case) is.
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            None if !self.non_ascii && key.is_ascii() => self.entries.iter().position(|e| same_ascii_key(&e.key, key)),
            None => self.entries.iter().position(|e| same_key(&e.key, key)),
            Some(index) if key.chars().any(char::is_uppercase) => index.get(&key.to_lowercase()).copied(),
            Some(index) => index.get(key).copied(),
        }
    }

    pub fn remove(&mut self, key: &str) {
        if let Some(i) = self.position(key) {
            self.entries.remove(i);
            if let Some(index) = &mut self.index {
                index.retain(|_, v| *v != i);
                for v in index.values_mut() {
                    if *v > i {
                        *v -= 1;
                    }
                }
            }
        }
    }

    /// The entry for a key (any case).
    pub fn get(&self, key: &str) -> Option<&ContextEntry> {
        self.position(key).map(|i| &self.entries[i])
    }

    /// The entry for an already lower-cased key.
    pub fn get_lower(&self, key_lower: &str) -> Option<&ContextEntry> {
        self.get(key_lower)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn entries(&self) -> impl Iterator<Item = &ContextEntry> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Builds a context from `{ key: string | number | boolean | (string | number | boolean)[] }`.
    /// `path` names the object in diagnostics (e.g. `request.context`). Two keys that differ
    /// only in case are an error: IAM would see one key.
    pub fn from_json(value: &Value, path: &str) -> Result<RequestContext, Diagnostic> {
        let Value::Object(map) = value else {
            return Err(crate::api::input_error(path, &format!("'{path}' must be an object mapping condition keys to values")));
        };
        let mut ctx = RequestContext::new();
        ctx.entries.reserve(map.len());
        for (key, v) in map {
            // The field's name is written out for an error only.
            let error = |field: String, why: &str| Err(crate::api::input_error(&field, &format!("'{field}' {why}")));
            if key.is_empty() {
                return Err(crate::api::input_error(path, &format!("'{path}' has an empty condition key")));
            }
            if ctx.contains(key) {
                return error(format!("{path}.{key}"), "repeats a key already given in another case (condition keys are case-insensitive)");
            }
            let (values, multi_valued) = match v {
                Value::Array(items) => {
                    let mut values = SmallVec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        match scalar_text(item) {
                            Some(t) => values.push(ContextValue::new(t)),
                            None => return error(format!("{path}.{key}[{i}]"), "must be a string, number or boolean"),
                        }
                    }
                    (values, true)
                }
                other => match scalar_text(other) {
                    Some(t) => (smallvec![ContextValue::new(t)], false),
                    None => return error(format!("{path}.{key}"), "must be a string, number, boolean or an array of them"),
                },
            };
            ctx.push(ContextEntry { key: key.clone(), values, multi_valued });
        }
        Ok(ctx)
    }
}

/// JSON scalars as IAM sees them: text (`true`, `3600`, `"abc"` → `abc`).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Policy variables read single-valued keys only: "you cannot use a multivalued context key as
/// a policy variable" (Single-valued vs. multivalued context keys).
impl VariableResolver for RequestContext {
    fn resolve(&self, key_lower: &str) -> Option<Cow<'_, str>> {
        let entry = self.get_lower(key_lower)?;
        match (entry.multi_valued, entry.values.as_slice()) {
            (false, [v]) => Some(Cow::Borrowed(v.text.as_str())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_case_insensitive() {
        let ctx = RequestContext::from_json(&json!({"aws:PrincipalTag/Team": "blue", "aws:TagKeys": ["a", "b"], "aws:MultiFactorAuthAge": 30, "aws:SecureTransport": true}), "c").unwrap();
        assert_eq!(ctx.get("AWS:principaltag/team").unwrap().values[0].text, "blue");
        assert!(ctx.get_lower("aws:tagkeys").unwrap().multi_valued);
        assert_eq!(ctx.get("aws:multifactorauthage").unwrap().values[0].text, "30");
        assert_eq!(ctx.get("aws:securetransport").unwrap().values[0].text, "true");
        assert_eq!(ctx.resolve("aws:principaltag/team").as_deref(), Some("blue"));
        assert_eq!(ctx.resolve("aws:tagkeys"), None);
    }

    #[test]
    fn rejects_bad_shapes() {
        assert!(RequestContext::from_json(&json!([]), "c").is_err());
        let e = RequestContext::from_json(&json!({"k": {"x": 1}}), "request.context").unwrap_err();
        assert_eq!(e.path, "request.context.k");
        let e = RequestContext::from_json(&json!({"k": [1, null]}), "c").unwrap_err();
        assert_eq!(e.path, "c.k[1]");
        assert!(RequestContext::from_json(&json!({"a:B": "1", "a:b": "2"}), "c").is_err());
        assert!(RequestContext::from_json(&json!({"k": null}), "c").is_err());
    }

    /// Past INDEX_FROM entries the key index answers: the same answers as the scan.
    #[test]
    fn large_contexts_use_the_index_alike() {
        let mut map = serde_json::Map::new();
        for i in 0..40 {
            map.insert(format!("ctx:Key{i}"), json!(format!("v{i}")));
        }
        let mut ctx = RequestContext::from_json(&Value::Object(map.clone()), "c").unwrap();
        assert!(ctx.index.is_some());
        for i in 0..40 {
            assert_eq!(ctx.get(&format!("CTX:KEY{i}")).unwrap().values[0].text, format!("v{i}"));
            assert_eq!(ctx.get_lower(&format!("ctx:key{i}")).unwrap().values[0].text, format!("v{i}"));
        }
        ctx.set_default("ctx:key7", "other");
        assert_eq!(ctx.get("ctx:key7").unwrap().values[0].text, "v7");
        ctx.remove("Ctx:Key3");
        assert!(ctx.get("ctx:key3").is_none());
        assert_eq!(ctx.get("ctx:key39").unwrap().values[0].text, "v39");
        ctx.set("ctx:KEY39", "new");
        assert_eq!((ctx.len(), ctx.get("ctx:key39").unwrap().values[0].text.as_str()), (39, "new"));
        map.insert("CTX:key20".into(), json!("again"));
        let e = RequestContext::from_json(&Value::Object(map), "c").unwrap_err();
        assert_eq!(e.path, "c.CTX:key20");
        // Non-ASCII keys compare by Unicode lower case, with or without the index.
        let mut small = RequestContext::new();
        small.set("ctx:Ä", "1");
        assert_eq!(small.get("CTX:ä").unwrap().values[0].text, "1");
    }

    #[test]
    fn set_default_and_remove() {
        let mut ctx = RequestContext::new();
        ctx.set("aws:username", "alice");
        ctx.set_default("AWS:Username", "bob");
        ctx.set_default("aws:PrincipalAccount", "111122223333");
        assert_eq!(ctx.resolve("aws:username").as_deref(), Some("alice"));
        ctx.remove("aws:USERNAME");
        assert!(!ctx.contains("aws:username"));
        assert_eq!(ctx.resolve("aws:principalaccount").as_deref(), Some("111122223333"));
    }
}
