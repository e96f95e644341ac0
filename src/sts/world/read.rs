//! A small reader for the world's JSON: typed getters that name the JSON path of every problem
//! and refuse fields they do not know, so a typo in a world file is an error, never a silent
//! default. Problems are collected (not returned at the first one) so one load reports them all.

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Span};

/// The issue code of every structural problem in a world document.
pub const INVALID_WORLD: &str = "INVALID_WORLD";

/// Collects the problems found while reading one world.
#[derive(Default)]
pub struct Problems {
    pub list: Vec<Diagnostic>,
}

impl Problems {
    pub fn push(&mut self, path: &str, message: impl Into<String>) {
        self.list.push(Diagnostic::error(INVALID_WORLD, "ValidationError", message, path, Span::default()));
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(ds);
    }
}

/// `parent` + `key` → `parent.key` (or `key` at the top).
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

/// One JSON object being read, with its path.
pub struct Obj<'a> {
    pub map: &'a Map<String, Value>,
    pub path: String,
}

/// Reads `v` as an object whose keys are all in `allowed`; unknown keys are reported (and then
/// ignored so the rest is still checked).
pub fn object<'a>(v: &'a Value, path: &str, allowed: &[&str], p: &mut Problems) -> Option<Obj<'a>> {
    let Value::Object(map) = v else {
        p.push(path, format!("'{path}' must be an object"));
        return None;
    };
    for k in map.keys() {
        if !allowed.contains(&k.as_str()) {
            let at = join(path, k);
            p.push(&at, format!("unknown field '{at}'; expected one of: {}", allowed.join(", ")));
        }
    }
    Some(Obj { map, path: path.to_string() })
}

impl<'a> Obj<'a> {
    pub fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// An optional string field.
    pub fn str(&self, key: &str, p: &mut Problems) -> Option<&'a str> {
        match self.get(key) {
            None => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                p.push(&self.at(key), format!("'{}' must be a string", self.at(key)));
                None
            }
        }
    }

    /// A required string field.
    pub fn req_str(&self, key: &str, p: &mut Problems) -> Option<&'a str> {
        if self.get(key).is_none() {
            p.push(&self.at(key), format!("the field '{}' is required", self.at(key)));
            return None;
        }
        self.str(key, p)
    }

    /// An optional array field: its items with their paths (empty when absent).
    pub fn list(&self, key: &str, p: &mut Problems) -> Vec<(String, &'a Value)> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items.iter().enumerate().map(|(i, v)| (format!("{}[{i}]", self.at(key)), v)).collect(),
            Some(_) => {
                p.push(&self.at(key), format!("'{}' must be an array", self.at(key)));
                Vec::new()
            }
        }
    }

    /// An optional array of strings.
    pub fn strings(&self, key: &str, p: &mut Problems) -> Vec<String> {
        let mut out = Vec::new();
        for (path, v) in self.list(key, p) {
            match v {
                Value::String(s) => out.push(s.clone()),
                _ => p.push(&path, format!("'{path}' must be a string")),
            }
        }
        out
    }

    /// An optional non-negative integer field.
    pub fn uint(&self, key: &str, p: &mut Problems) -> Option<u64> {
        let v = self.get(key)?;
        match v.as_u64() {
            Some(n) => Some(n),
            None => {
                p.push(&self.at(key), format!("'{}' must be a non-negative integer", self.at(key)));
                None
            }
        }
    }
}
