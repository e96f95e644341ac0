#[allow(unused_imports)]
use super::*;
use serde_json::json;

/// Prints the answer to a case file: `SHOW_CASE=path cargo test --lib show_case -- --ignored --nocapture`.
#[test]
#[ignore]
fn show_case() {
    let Ok(path) = std::env::var("SHOW_CASE") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let case: serde_json::Value = serde_json::from_str(&text).unwrap();
    let answer = crate::api::call(case["call"].as_str().unwrap(), &case["input"]);
    println!("{}", serde_json::to_string_pretty(&answer).unwrap());
}

#[test]
fn smoke() {
    let answer = crate::api::call("simulate", &json!({"policies": {}, "request": {"principal": "anonymous", "action": "s3:GetObject", "resource": "*"}}));
    assert_eq!(answer["decision"], "ImplicitDeny");
}

use crate::policy::{PolicyKind, parse_policy};
use proptest::prelude::*;

fn policy(v: serde_json::Value, kind: PolicyKind) -> Policy {
    let parsed = parse_policy(&v.to_string(), kind);
    parsed.policy.unwrap_or_else(|| panic!("{:?}", parsed.diagnostics))
}

fn request(principal: &str, action: &str, resource: &str, ctx: serde_json::Value) -> EvalRequest {
    let p = RequestPrincipal::parse(principal).unwrap();
    let mut c = RequestContext::from_json(&ctx, "c").unwrap();
    p.add_context_defaults(&mut c);
    EvalRequest::new(p, action, resource, None, c)
}

#[test]
fn fast_path_agrees_with_trace() {
    let set = PolicySet {
        identity: vec![policy(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}), PolicyKind::Identity)],
        boundary: vec![policy(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}), PolicyKind::Boundary)],
        ..PolicySet::default()
    };
    let c = CompiledPolicies::compile(&set);
    for action in ["s3:GetObject", "s3:PutObject", "ec2:RunInstances"] {
        let r = request("arn:aws:iam::111122223333:user/alice", action, "arn:aws:s3:::b/k", json!({}));
        assert_eq!(c.evaluate(&r), c.evaluate_with_trace(&r).decision, "{action}");
    }
}

/// The resource's account is an ARN's fifth field when it is not empty and a sixth follows.
#[test]
fn resource_account_from_the_arn() {
    for (resource, expected) in [
        ("arn:aws:iam::444455556666:role/R", "444455556666"),
        ("arn:aws:sqs:us-east-1:444455556666:q:with:colons", "444455556666"),
        ("arn:aws:s3:::bucket/key", "111122223333"),
        ("arn:aws:sqs:us-east-1:444455556666", "111122223333"),
        ("arn:aws:sqs:us-east-1:444455556666:", "444455556666"),
        ("arn:aws", "111122223333"),
        ("*", "111122223333"),
        ("xarn:aws:iam::444455556666:role/R", "111122223333"),
    ] {
        let r = request("arn:aws:iam::111122223333:user/alice", "s3:GetObject", resource, json!({}));
        assert_eq!(r.effective_resource_account(), Some(expected), "{resource}");
    }
}

/// A decision reads the keys its conditions name, and any key when a policy variable may be
/// substituted (2012-10-17 only: under 2008-10-17 `${…}` is literal text).
#[test]
fn may_read_names_the_keys_a_decision_reads() {
    let compile = |version: &str, resource: &str, value: &str| {
        let doc = json!({"Version": version, "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": resource,
            "Condition": {"StringEquals": {"aws:PrincipalTag/Team": value}}}]});
        CompiledPolicies::compile(&PolicySet { identity: vec![policy(doc, PolicyKind::Identity)], ..PolicySet::default() })
    };
    let plain = compile("2012-10-17", "arn:aws:s3:::b/*", "blue");
    assert!(plain.may_read("aws:principaltag/team") && plain.may_read("AWS:PrincipalTag/TEAM"));
    assert!(!plain.may_read("aws:PrincipalArn") && !plain.may_read("aws:username"));
    for c in [compile("2012-10-17", "arn:aws:s3:::${aws:username}/*", "blue"), compile("2012-10-17", "*", "${aws:PrincipalAccount}")] {
        assert!(c.may_read("aws:PrincipalArn") && c.may_read("aws:username"));
    }
    assert!(!compile("2008-10-17", "arn:aws:s3:::${aws:username}/*", "${aws:username}").may_read("aws:username"));
}

// ---- property tests: random small policies and contexts

const ACTIONS: [&str; 4] = ["s3:GetObject", "s3:*", "ec2:RunInstances", "*"];
const RESOURCES: [&str; 3] = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::other/*"];
const CONDITIONS: [&str; 6] = [
    r#"{"StringEquals": {"aws:PrincipalTag/team": "blue"}}"#,
    r#"{"StringNotEquals": {"aws:PrincipalTag/team": "red"}}"#,
    r#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
    r#"{"ForAnyValue:StringLike": {"aws:TagKeys": ["a*"]}}"#,
    r#"{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}"#,
    r#"{"Null": {"aws:SourceIp": "false"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
];

fn arb_statement(allow_effects: bool) -> impl Strategy<Value = serde_json::Value> {
    (any::<bool>(), any::<bool>(), 0..ACTIONS.len(), 0..RESOURCES.len(), proptest::option::of(0..CONDITIONS.len())).prop_map(
        move |(allow, not_action, a, r, c)| {
            let mut s = json!({"Effect": if allow && allow_effects { "Allow" } else { "Deny" }, "Resource": RESOURCES[r]});
            s[if not_action { "NotAction" } else { "Action" }] = json!(ACTIONS[a]);
            if let Some(c) = c {
                s["Condition"] = serde_json::from_str(CONDITIONS[c]).unwrap();
            }
            s
        },
    )
}

fn arb_context() -> impl Strategy<Value = serde_json::Value> {
    (
        proptest::option::of(prop_oneof![Just("blue"), Just("red"), Just("Blue")]),
        proptest::option::of(any::<bool>()),
        proptest::option::of(proptest::collection::vec(prop_oneof![Just("a1"), Just("b2"), Just("")], 0..3)),
        proptest::option::of(0u32..10_000),
        proptest::option::of(prop_oneof![Just("10.1.2.3"), Just("192.168.0.1"), Just("garbage"), Just("::1")]),
    )
        .prop_map(|(team, mfa, tags, age, ip)| {
            let mut c = json!({});
            if let Some(t) = team {
                c["aws:PrincipalTag/team"] = json!(t);
            }
            if let Some(m) = mfa {
                c["aws:MultiFactorAuthPresent"] = json!(m);
            }
            if let Some(t) = tags {
                c["aws:TagKeys"] = json!(t);
            }
            if let Some(a) = age {
                c["aws:MultiFactorAuthAge"] = json!(a);
            }
            if let Some(i) = ip {
                c["aws:SourceIp"] = json!(i);
            }
            c
        })
}

fn doc(statements: &[serde_json::Value]) -> Policy {
    policy(json!({"Version": "2012-10-17", "Statement": statements}), PolicyKind::Identity)
}

const PRINCIPALS: [&str; 3] = ["arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/R/s", "arn:aws:iam::111122223333:root"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn adding_a_deny_never_allows(
        stmts in proptest::collection::vec(arb_statement(true), 1..5),
        deny in arb_statement(false),
        ctx in arb_context(),
        p in 0..PRINCIPALS.len(),
        a in 0..3usize,
    ) {
        let req = request(PRINCIPALS[p], ["s3:GetObject", "ec2:RunInstances", "iam:GetUser"][a], "arn:aws:s3:::b/k", ctx);
        let before = CompiledPolicies::compile(&PolicySet { identity: vec![doc(&stmts)], ..PolicySet::default() });
        let mut with_deny = stmts.clone();
        with_deny.push(deny);
        let after = CompiledPolicies::compile(&PolicySet { identity: vec![doc(&with_deny)], ..PolicySet::default() });
        let (b, a) = (before.evaluate(&req), after.evaluate(&req));
        prop_assert!(a != Decision::Allow || b == Decision::Allow, "{b:?} -> {a:?}");
        prop_assert_eq!(a, after.evaluate_with_trace(&req).decision);
    }

    #[test]
    fn removing_an_allow_never_allows(
        stmts in proptest::collection::vec(arb_statement(true), 1..6),
        scp in proptest::collection::vec(arb_statement(true), 1..3),
        ctx in arb_context(),
        drop in any::<prop::sample::Index>(),
        p in 0..PRINCIPALS.len(),
    ) {
        let req = request(PRINCIPALS[p], "s3:GetObject", "arn:aws:s3:::b/k", ctx);
        let scp = vec![vec![doc(&scp)]];
        let before = CompiledPolicies::compile(&PolicySet { identity: vec![doc(&stmts)], scp: scp.clone(), ..PolicySet::default() });
        let i = drop.index(stmts.len());
        prop_assume!(stmts[i]["Effect"] == "Allow" && stmts.len() > 1);
        let mut fewer = stmts.clone();
        fewer.remove(i);
        let after = CompiledPolicies::compile(&PolicySet { identity: vec![doc(&fewer)], scp, ..PolicySet::default() });
        let (b, a) = (before.evaluate(&req), after.evaluate(&req));
        prop_assert!(b == Decision::Allow || a != Decision::Allow, "{b:?} -> {a:?}");
    }

    #[test]
    fn simulate_never_panics(
        identity in proptest::collection::vec(arb_statement(true), 0..4),
        resource in proptest::collection::vec(arb_statement(true), 0..3),
        ctx in arb_context(),
        principal in prop_oneof![Just("anonymous"), Just("ec2.amazonaws.com"), Just(PRINCIPALS[0]), Just(PRINCIPALS[1]), Just("arn:aws:iam::444455556666:user/x")],
    ) {
        let resource: Vec<serde_json::Value> = resource.into_iter().map(|mut s| { s["Principal"] = json!("*"); s }).collect();
        let mut policies = json!({});
        if !identity.is_empty() {
            policies["identity"] = json!([{"Version": "2012-10-17", "Statement": identity}]);
        }
        if !resource.is_empty() {
            policies["resource"] = json!([{"Version": "2012-10-17", "Statement": resource}]);
        }
        let answer = crate::api::call("simulate", &json!({"policies": policies, "request": {
            "principal": principal, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": ctx}}));
        prop_assert_eq!(&answer["type"], "success", "{}", answer);
    }

    #[test]
    fn arbitrary_context_text_never_panics(values in proptest::collection::vec(".{0,20}", 1..4)) {
        let ctx = json!({"aws:CurrentTime": values[0], "aws:SourceIp": values[0], "aws:MultiFactorAuthAge": values[0], "aws:TagKeys": values});
        let set = PolicySet { identity: vec![doc(&[json!({"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
            "DateLessThan": {"aws:CurrentTime": "2030-01-01"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
            "NumericLessThan": {"aws:MultiFactorAuthAge": "5"}, "ForAllValues:StringLike": {"aws:TagKeys": "*"}}})])], ..PolicySet::default() };
        let req = request(PRINCIPALS[0], "s3:GetObject", "x", ctx);
        let _ = CompiledPolicies::compile(&set).evaluate_with_trace(&req);
    }
}

/// The standard workload: 10 identity statements with wildcards and three conditions, plus an
/// SCP Deny NotAction. Prints ns per decision (a debug build is far slower than release):
/// `cargo test --lib standard_workload_timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn standard_workload_timing() {
    let statements: Vec<serde_json::Value> = ["Object", "Bucket", "Acl", "Lifecycle", "Policy", "Tagging", "Versioning", "Website", "Logging", "Cors"]
        .iter()
        .map(|n| json!({"Effect": "Allow", "Action": format!("s3:Get{n}*"), "Resource": format!("arn:aws:s3:::bucket-{n}/*"), "Condition": {
            "StringEquals": {"aws:PrincipalTag/team": "blue"}, "Bool": {"aws:MultiFactorAuthPresent": "true"},
            "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}))
        .collect();
    let scp = policy(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "NotAction": ["s3:*", "sts:*"], "Resource": "*"}]}), PolicyKind::Scp);
    let c = CompiledPolicies::compile(&PolicySet { identity: vec![doc(&statements)], scp: vec![vec![scp]], ..PolicySet::default() });
    let req = request("arn:aws:iam::111122223333:user/alice", "s3:GetCorsConfiguration", "arn:aws:s3:::bucket-Cors/x",
        json!({"aws:PrincipalTag/team": "blue", "aws:MultiFactorAuthPresent": true, "aws:CurrentTime": "2025-01-01T00:00:00Z"}));
    assert_eq!(c.evaluate(&req), Decision::Allow);
    let n = 200_000;
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(c.evaluate(std::hint::black_box(&req)));
    }
    println!("standard workload: {:.0} ns/decision", start.elapsed().as_nanos() as f64 / n as f64);
}
