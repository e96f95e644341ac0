//! What the data-case harnesses share: the case-file shape and the subset comparison.

use serde_json::Value;

/// Where `actual` departs from `expected`, as a JSON path and a reason. `expected` matches when
/// every object key it names matches recursively (a key expected as `null` must be absent or
/// null: how a case says "not populated"), every array has the same length with each element
/// matching, and every scalar is equal.
pub fn mismatch(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().find_map(|(k, ev)| match a.get(k) {
            Some(av) => mismatch(ev, av, &format!("{path}.{k}")),
            None if ev.is_null() => None,
            None => Some(format!("{path}.{k}: missing (expected {ev})")),
        }),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            e.iter().zip(a).enumerate().find_map(|(i, (ev, av))| mismatch(ev, av, &format!("{path}[{i}]")))
        }
        (Value::Array(e), Value::Array(a)) => Some(format!("{path}: expected {} elements, got {}: {actual}", e.len(), a.len())),
        _ if expected == actual => None,
        _ => Some(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Checks a case file's required fields; returns (call, input, expect) or a reason.
pub fn case_parts(case: &Value) -> Result<(&str, &Value, &Value), String> {
    for field in ["title", "doc", "call", "input", "expect"] {
        if case.get(field).is_none() {
            return Err(format!("missing field '{field}'"));
        }
    }
    let call = case["call"].as_str().ok_or("'call' must be a string")?;
    Ok((call, &case["input"], &case["expect"]))
}
