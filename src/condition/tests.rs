use super::*;
use crate::context::RequestContext;
use crate::policy::{PolicyKind, parse_policy};
use serde_json::json;

/// Compiles the conditions of a one-statement policy written as a JSON `Condition` block.
fn conditions(block: serde_json::Value, version: &str) -> Vec<CompiledCondition> {
    let text = json!({"Version": version, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": block}]}).to_string();
    let parsed = parse_policy(&text, PolicyKind::Identity);
    let policy = parsed.policy.unwrap_or_else(|| panic!("{:?}", parsed.diagnostics));
    let vars = policy.version.supports_variables();
    policy.statements[0].conditions.iter().map(|c| CompiledCondition::compile(c, vars)).collect()
}

fn holds(block: serde_json::Value, ctx: serde_json::Value) -> bool {
    let ctx = RequestContext::from_json(&ctx, "c").unwrap();
    conditions(block, "2012-10-17").iter().all(|c| c.evaluate(ctx.get_lower(&c.key_lower), &ctx))
}

#[test]
fn absent_keys() {
    assert!(!holds(json!({"StringEquals": {"k:a": "x"}}), json!({})));
    assert!(holds(json!({"StringNotEquals": {"k:a": "x"}}), json!({})));
    assert!(holds(json!({"StringEqualsIfExists": {"k:a": "x"}}), json!({})));
    assert!(holds(json!({"ForAllValues:StringEquals": {"k:a": "x"}}), json!({})));
    assert!(!holds(json!({"ForAnyValue:StringEquals": {"k:a": "x"}}), json!({})));
    assert!(holds(json!({"Null": {"k:a": "true"}}), json!({})));
    assert!(holds(json!({"Null": {"k:a": "true"}}), json!({"k:a": []})));
    assert!(!holds(json!({"Null": {"k:a": "false"}}), json!({})));
}

#[test]
fn set_operators() {
    let all = json!({"ForAllValues:StringLike": {"k:a": ["a*", "b"]}});
    assert!(holds(all.clone(), json!({"k:a": ["ab", "b"]})));
    assert!(!holds(all.clone(), json!({"k:a": ["ab", "c"]})));
    assert!(holds(all, json!({"k:a": []})));
    let any_not = json!({"ForAnyValue:StringNotEquals": {"k:a": ["a", "b"]}});
    assert!(holds(any_not.clone(), json!({"k:a": ["a", "c"]})));
    assert!(!holds(any_not, json!({"k:a": ["a", "b"]})));
    // Unqualified operator on a multivalued request value: no match, positive or negated.
    assert!(!holds(json!({"StringEquals": {"k:a": "a"}}), json!({"k:a": ["a"]})));
    assert!(!holds(json!({"StringNotEquals": {"k:a": "a"}}), json!({"k:a": ["b"]})));
}

#[test]
fn typed_families() {
    assert!(holds(json!({"NumericLessThan": {"k:n": "10"}}), json!({"k:n": 9.5})));
    assert!(!holds(json!({"NumericNotEquals": {"k:n": "10"}}), json!({"k:n": "ten"})));
    assert!(holds(json!({"DateGreaterThan": {"k:d": "2020-01-01T00:00:00Z"}}), json!({"k:d": "2020-01-01T00:00:01Z"})));
    assert!(holds(json!({"Bool": {"k:b": "true"}}), json!({"k:b": true})));
    assert!(holds(json!({"Bool": {"k:b": "TRUE"}}), json!({"k:b": "true"})));
    assert!(holds(json!({"IpAddress": {"k:i": ["10.0.0.0/8"]}}), json!({"k:i": "10.1.2.3"})));
    assert!(!holds(json!({"NotIpAddress": {"k:i": ["10.0.0.0/8", "bad"]}}), json!({"k:i": "11.1.2.3"})));
    assert!(holds(json!({"BinaryEquals": {"k:x": "Zm9v"}}), json!({"k:x": "Zm9v"})));
    assert!(holds(json!({"ArnLike": {"k:r": "arn:aws:iam::*:role/*"}}), json!({"k:r": "arn:aws:iam::111122223333:role/x"})));
    assert!(!holds(json!({"ArnNotLike": {"k:r": "arn:aws:iam::*:role/*"}}), json!({"k:r": "role/x"})));
}

#[test]
fn variables_follow_the_version() {
    let ctx = RequestContext::from_json(&json!({"aws:username": "alice", "k:a": "alice"}), "c").unwrap();
    let c = &conditions(json!({"StringEquals": {"k:a": "${aws:username}"}}), "2012-10-17")[0];
    assert!(c.evaluate(ctx.get_lower("k:a"), &ctx));
    let c = &conditions(json!({"StringEquals": {"k:a": "${aws:username}"}}), "2008-10-17")[0];
    assert!(!c.evaluate(ctx.get_lower("k:a"), &ctx));
}

#[test]
fn explain_reports_values_and_hints() {
    let ctx = RequestContext::from_json(&json!({"k:a": "Blue"}), "c").unwrap();
    let c = &conditions(json!({"StringEquals": {"k:a": "blue"}}), "2012-10-17")[0];
    let t = c.explain(ctx.get_lower("k:a"), &ctx);
    assert!(!t.result);
    assert_eq!(t.context_values, Some(vec!["Blue".to_string()]));
    assert_eq!(t.hints[0].kind, HintKind::CaseMismatch);
}
