//! Property tests over the public JSON API (what the wasm exports call):
//!
//! - evaluating arbitrary generated policy sets never panics: every condition operator family
//!   (with `ForAllValues:`/`ForAnyValue:` and `IfExists`), policy variables, `Not*` elements,
//!   principals of every kind, every policy layer (SCP and RCP levels), malformed documents and
//!   context values of every JSON type; `simulate`, `compilePolicies` + `decide` and
//!   `validatePolicy` (every kind) answer a value, and the fast path agrees with the traced one;
//! - serialisation round trips are lossless: a policy as an object, as compact text and as
//!   pretty text decides and explains the same; a world whose policy documents are objects, JSON
//!   text or URL-encoded text (the three forms `get-account-authorization-details` and the raw
//!   IAM API print), or which went through JSON text, runs the same calls to the same answers
//!   and CloudTrail records; a session token opens to exactly the claims sealed into it; the
//!   credentials an AssumeRole answers, sent back as JSON text, are the session they name.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{Value, json};
use sts_sim::api;
use sts_sim::rng::SimRng;
use sts_sim::sts::session_token::{PolicyDigest, SessionClaims, SessionTag, TokenVersion, open, seal, sealing_key};

// ---- arbitrary policies
//
// Two vocabularies: a well-formed one (documents IAM accepts, so evaluation runs deep: every
// operator family, variables, wildcards, `Not*` elements, principals) and a hostile one that adds
// what IAM refuses (unknown operators, bad ARNs, values of the wrong JSON type, arbitrary text).
// Policy sets draw mostly from the first, so most of them evaluate rather than fail to parse.

const OPERATORS: &[&str] = &[
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
    "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
];
const BAD_OPERATORS: &[&str] = &["StringEqualz", "", "ForAllValues:", "stringequals"];
const KEYS: &[&str] = &[
    "aws:SourceIp", "aws:CurrentTime", "aws:EpochTime", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalTag/team",
    "aws:RequestTag/${aws:username}", "aws:TagKeys", "aws:PrincipalArn", "aws:SourceArn", "aws:userid", "aws:username",
    "aws:SecureTransport", "aws:PrincipalOrgID", "aws:ResourceAccount", "s3:prefix", "s3:max-keys", "kms:EncryptionContext:app",
    "sts:ExternalId", "token.actions.githubusercontent.com:sub", "saml:aud", "ec2:ResourceTag/Name", "Aws:SourceIP",
];
const BAD_KEYS: &[&str] = &["", "x ${", "aws:", "${aws:username}"];
const VALUES: &[&str] = &[
    "*", "?", "", "blue", "Blue", "${aws:username}", "${*}", "${?}", "${$}", "${aws:PrincipalTag/team}", "${unterminated",
    "2025-01-01T00:00:00Z", "2025-01-01", "1700000000", "-1", "3600", "1e400", "NaN", "true", "false", "10.0.0.0/8", "10.0.0.1",
    "::1/128", "2001:db8::/999", "arn:aws:s3:::b/*", "arn:aws:iam::111122223333:role/*", "arn:*", "dGVzdA==", "o-a1b2c3d4e5",
    "111122223333", "repo:acme/*:ref:refs/heads/main", "é*ß?",
];
const ACTIONS: &[&str] = &["*", "s3:*", "s3:Get*", "s3:GetObject", "s3:getobject", "sts:AssumeRole", "iam:PassRole", "ec2:Run?nstances", "s3:GetObjet"];
/// The services an RCP may name (Organizations: S3, STS, SQS, Secrets Manager, KMS…).
const RCP_ACTIONS: &[&str] = &["s3:*", "s3:GetObject", "sts:AssumeRole", "sts:*", "kms:Decrypt"];
const BAD_ACTIONS: &[&str] = &["nocolon", "", "s3:", ":x"];
const RESOURCES: &[&str] = &[
    "*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "arn:aws:s3:::${aws:username}/*", "arn:aws:iam::111122223333:role/R",
    "arn:aws:iam::*:role/*", "arn:aws:s3:::*/${aws:PrincipalTag/team}", "arn:aws:sts::111122223333:assumed-role/R/*",
];
const BAD_RESOURCES: &[&str] = &["arn:aws", "not-an-arn", "", "arn:aws:s3:::${"];
const PRINCIPALS: &[&str] = &[
    "*", "arn:aws:iam::111122223333:root", "111122223333", "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/R",
    "arn:aws:sts::111122223333:assumed-role/R/s", "arn:aws:iam::444455556666:root",
];
const SERVICES: &[&str] = &["ec2.amazonaws.com", "lambda.amazonaws.com", "*"];
const FEDERATED: &[&str] = &["accounts.google.com", "cognito-identity.amazonaws.com", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "arn:aws:iam::111122223333:saml-provider/Okta"];

/// A string from `good`, or in hostile mode sometimes from `bad` or arbitrary printable text.
fn text(good: &'static [&'static str], bad: &'static [&'static str], hostile: bool) -> BoxedStrategy<Value> {
    let good = prop::sample::select(good).prop_map(|s| json!(s));
    if hostile {
        prop_oneof![6 => good, 1 => prop::sample::select(bad).prop_map(|s| json!(s)), 1 => "\\PC{0,12}".prop_map(Value::String)].boxed()
    } else {
        good.boxed()
    }
}

/// One value or a list; in hostile mode sometimes an empty list or a JSON value of the wrong type.
fn one_or_many(good: &'static [&'static str], bad: &'static [&'static str], hostile: bool) -> BoxedStrategy<Value> {
    let one = text(good, bad, hostile);
    let many = prop::collection::vec(text(good, bad, hostile), if hostile { 0..4 } else { 1..4 }).prop_map(Value::Array);
    if hostile {
        let wrong = prop::sample::select(vec![json!(null), json!(7), json!(true), json!({ "a": 1 }), json!([[1]])]);
        prop_oneof![6 => one, 3 => many, 1 => wrong].boxed()
    } else {
        prop_oneof![2 => one, 1 => many].boxed()
    }
}

fn condition(hostile: bool) -> BoxedStrategy<Value> {
    let op = if hostile { prop_oneof![9 => prop::sample::select(OPERATORS), 1 => prop::sample::select(BAD_OPERATORS)].boxed() } else { prop::sample::select(OPERATORS).boxed() };
    let operator = (prop::sample::select(&["", "", "", "ForAllValues:", "ForAnyValue:"][..]), op, any::<bool>())
        .prop_map(|(set, op, if_exists)| format!("{set}{op}{}", if if_exists && op != "Null" { "IfExists" } else { "" }));
    let block = prop::collection::vec((text(KEYS, BAD_KEYS, hostile), one_or_many(VALUES, &["x"], hostile)), 1..3)
        .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v)).collect()));
    prop::collection::vec((operator, block), 1..3).prop_map(|ops| Value::Object(ops.into_iter().collect())).boxed()
}

fn principal(hostile: bool) -> BoxedStrategy<Value> {
    let entry = prop_oneof![
        3 => one_or_many(PRINCIPALS, &["arn:aws:iam::*:root", "arn:aws:iam::111122223333:user/*", "x"], hostile).prop_map(|v| ("AWS", v)),
        1 => one_or_many(SERVICES, &["ec2"], hostile).prop_map(|v| ("Service", v)),
        1 => one_or_many(FEDERATED, &["x"], hostile).prop_map(|v| ("Federated", v)),
    ];
    let listed = prop::collection::vec(entry, 1..3).prop_map(|e| Value::Object(e.into_iter().map(|(k, v)| (k.to_string(), v)).collect()));
    if hostile {
        prop_oneof![1 => Just(json!("*")), 4 => listed, 1 => Just(json!({ "aws": "*" })), 1 => Just(json!(["*"]))].boxed()
    } else {
        prop_oneof![1 => Just(json!("*")), 4 => listed].boxed()
    }
}

/// A statement; `with_principal` for resource-based policies (which must name one).
fn statement(hostile: bool, with_principal: bool) -> BoxedStrategy<Value> {
    let effect = if hostile { prop::sample::select(&["Allow", "Allow", "Deny", "allow", ""][..]).boxed() } else { prop::sample::select(&["Allow", "Allow", "Deny"][..]).boxed() };
    (
        effect,
        (any::<bool>(), one_or_many(ACTIONS, BAD_ACTIONS, hostile)),
        (any::<bool>(), one_or_many(RESOURCES, BAD_RESOURCES, hostile)),
        (any::<bool>(), principal(hostile)),
        prop::option::weighted(0.6, condition(hostile)),
        prop::option::weighted(0.3, "[A-Za-z0-9]{1,6}"),
        if hostile { any::<u8>().boxed() } else { Just(255u8).boxed() },
    )
        .prop_map(move |(effect, (not_action, action), (not_resource, resource), (not_principal, principal), condition, sid, damage)| {
            let mut s = serde_json::Map::new();
            if !effect.is_empty() {
                s.insert("Effect".into(), json!(effect));
            }
            s.insert(if not_action { "NotAction" } else { "Action" }.into(), action.clone());
            s.insert(if not_resource { "NotResource" } else { "Resource" }.into(), resource);
            // NotPrincipal goes only with Deny.
            if with_principal || damage < 30 {
                s.insert(if not_principal && effect == "Deny" { "NotPrincipal" } else { "Principal" }.into(), principal);
            }
            if let Some(c) = condition {
                s.insert("Condition".into(), c);
            }
            if let Some(sid) = sid {
                s.insert("Sid".into(), json!(sid));
            }
            match damage {
                0..=9 => {
                    s.remove("Resource");
                    s.remove("NotResource");
                }
                10..=19 => {
                    s.insert("Action".into(), json!("*"));
                    s.insert("NotAction".into(), json!("*"));
                }
                _ => {}
            }
            Value::Object(s)
        })
        .boxed()
}

fn document(hostile: bool, with_principal: bool) -> BoxedStrategy<Value> {
    let version = if hostile { prop::sample::select(&["2012-10-17", "2012-10-17", "2008-10-17", "", "2020-01-01"][..]).boxed() } else { Just("2012-10-17").boxed() };
    let statements = prop_oneof![4 => prop::collection::vec(statement(hostile, with_principal), 1..4).prop_map(Value::Array), 1 => statement(hostile, with_principal)];
    (version, statements, any::<bool>())
        .prop_map(|(version, statements, id)| {
            let mut d = json!({ "Statement": statements });
            if !version.is_empty() {
                d["Version"] = json!(version);
            }
            if id {
                d["Id"] = json!("policy-id");
            }
            d
        })
        .boxed()
}

/// Every layer: identity, resource (with principals), boundary, session, SCP and RCP levels.
fn policy_set(hostile: bool) -> BoxedStrategy<Value> {
    let list = move |with_principal: bool| prop::collection::vec(document(hostile, with_principal), 0..3);
    // An RCP denies, names every principal ("*") and may not use NotPrincipal (Organizations' RCP syntax).
    let rcp = prop::collection::vec(
        (one_or_many(RCP_ACTIONS, BAD_ACTIONS, hostile), prop::option::of(condition(hostile)))
            .prop_map(|(a, c)| {
                let mut s = json!({ "Effect": "Deny", "Principal": "*", "Action": a, "Resource": "*" });
                if let Some(c) = c {
                    s["Condition"] = c;
                }
                json!({ "Version": "2012-10-17", "Statement": [s] })
            }),
        0..2,
    );
    (list(false), list(true), list(false), list(false), prop::collection::vec(list(false), 0..3), prop::collection::vec(rcp, 0..3))
        .prop_map(|(identity, resource, boundary, session, scp, rcp)| {
            json!({ "identity": identity, "resource": resource, "boundary": boundary, "session": session, "scp": scp, "rcp": rcp })
        })
        .boxed()
}

fn policies() -> impl Strategy<Value = Value> {
    prop_oneof![4 => policy_set(false), 1 => policy_set(true)]
}

fn any_document() -> impl Strategy<Value = Value> {
    prop_oneof![document(false, false), document(false, true), document(true, false), document(true, true)]
}

fn context(hostile: bool) -> BoxedStrategy<Value> {
    let scalar = prop_oneof![4 => text(VALUES, &["x"], hostile), 1 => any::<i64>().prop_map(|n| json!(n)), 1 => any::<bool>().prop_map(|b| json!(b))];
    let list = prop::collection::vec(prop_oneof![text(VALUES, &["x"], hostile), Just(json!(1.5)), Just(json!(false))], 0..3).prop_map(Value::Array);
    let value = if hostile { prop_oneof![6 => scalar, 2 => list, 1 => Just(json!(null)), 1 => Just(json!({ "nested": 1 }))].boxed() } else { prop_oneof![3 => scalar, 1 => list].boxed() };
    prop::collection::btree_map(prop::sample::select(KEYS), value, 0..5).prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())).boxed()
}

fn request() -> impl Strategy<Value = Value> {
    let good = &[
        "arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/R/s", "arn:aws:iam::111122223333:root",
        "arn:aws:sts::111122223333:federated-user/bob", "arn:aws:iam::444455556666:user/x", "ec2.amazonaws.com", "anonymous",
    ][..];
    let principal = prop_oneof![9 => prop::sample::select(good), 1 => prop::sample::select(&["arn:aws:sts::111122223333:assumed-role/R/${x}", "garbage", ""][..])];
    let action = prop::sample::select(&["s3:GetObject", "s3:getobject", "sts:AssumeRole", "iam:PassRole", "ec2:RunInstances", "s3:GetObjet", "s3:GetObject"][..]);
    let resource = prop::sample::select(&["arn:aws:s3:::b/k", "arn:aws:s3:::alice/x", "arn:aws:iam::111122223333:role/R", "*", "arn:aws:s3:::blue/k", "not-an-arn"][..]);
    let account = prop::option::weighted(0.2, prop::sample::select(&["111122223333", "444455556666", "12"][..]));
    (principal, action, resource, prop_oneof![4 => context(false), 1 => context(true)], account).prop_map(|(p, a, r, c, account)| {
        let mut req = json!({ "principal": p, "action": a, "resource": r, "context": c });
        if let Some(a) = account {
            req["resourceAccount"] = json!(a);
        }
        req
    })
}

fn kind_of(answer: &Value) -> &str {
    answer["type"].as_str().unwrap_or("(none)")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_policy_sets_never_panic(policies in policies(), request in request()) {
        let answer = api::call("simulate", &json!({ "policies": policies, "request": request }));
        prop_assert!(matches!(kind_of(&answer), "success" | "failure"), "{answer}");
        if answer["type"] == "success" {
            // The fast path (no trace) decides as the traced one.
            let set = api::simulate::compile_policies(&policies).map_err(|f| TestCaseError::fail(format!("compile failed after simulate succeeded: {f}")))?;
            let decision = api::simulate::decide_compiled(&set, &request).map_err(|f| TestCaseError::fail(f.to_string()))?;
            prop_assert_eq!(serde_json::to_value(decision).unwrap(), answer["decision"].clone());
            prop_assert_eq!(&answer["trace"]["decision"], &answer["decision"]);
        } else {
            prop_assert!(answer["errors"].as_array().is_some_and(|e| !e.is_empty()), "{answer}");
        }
    }

    /// `handle.decide`'s fast path reads the request from its JSON text in place; whatever it
    /// accepts it decides as the general path does (which parses the text first), and what the
    /// general path refuses it declines. Compact and pretty text alike.
    #[test]
    fn request_text_reads_as_the_parsed_request(policies in policies(), request in request(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&request).unwrap() } else { request.to_string() };
        if let Some(read) = api::simulate::eval_request_text(&text) {
            prop_assert_eq!(Some(read), api::simulate::eval_request(&request).ok(), "{}", text);
        }
        if let Ok(set) = api::simulate::compile_policies(&policies) {
            if let Some(decision) = api::simulate::decide_text(&set, &text) {
                prop_assert_eq!(Some(decision), api::simulate::decide_compiled(&set, &request).ok(), "{}", text);
            }
        }
    }

    #[test]
    fn arbitrary_documents_validate_as_every_kind(doc in any_document(), as_text in any::<bool>()) {
        let policy = if as_text { json!(doc.to_string()) } else { doc };
        for kind in ["identity", "resource", "trust", "boundary", "scp", "rcp", "session"] {
            let answer = api::call("validatePolicy", &json!({ "policy": policy, "options": { "kind": kind } }));
            prop_assert!(matches!(kind_of(&answer), "success" | "failure"), "{answer}");
        }
    }

    /// A policy given as an object, as compact text or as pretty text is the same policy: the
    /// same decision and the same explanation (traces name JSON paths, never text positions).
    #[test]
    fn policy_text_round_trips(policies in policies(), request in request()) {
        let as_text = |pretty: bool| -> Value {
            let mut p = policies.clone();
            for layer in ["identity", "resource", "boundary", "session"] {
                for doc in p[layer].as_array_mut().into_iter().flatten() {
                    *doc = json!(if pretty { serde_json::to_string_pretty(doc).unwrap() } else { doc.to_string() });
                }
            }
            for layer in ["scp", "rcp"] {
                for doc in p[layer].as_array_mut().into_iter().flatten().flat_map(|l| l.as_array_mut().into_iter().flatten()) {
                    *doc = json!(if pretty { serde_json::to_string_pretty(doc).unwrap() } else { doc.to_string() });
                }
            }
            p
        };
        let object = api::call("simulate", &json!({ "policies": policies, "request": request }));
        for p in [as_text(false), as_text(true)] {
            let text = api::call("simulate", &json!({ "policies": p, "request": request }));
            if object["type"] == "success" {
                prop_assert_eq!(&text, &object);
            } else {
                // Failures point at the same elements (positions differ between layouts).
                let codes = |a: &Value| -> Vec<(Value, Value)> { a["errors"].as_array().into_iter().flatten().map(|e| (e["code"].clone(), e["path"].clone())).collect() };
                prop_assert_eq!(kind_of(&text), "failure");
                prop_assert_eq!(codes(&text), codes(&object));
            }
        }
    }
}

/// The usual request form (strings, booleans, integers, lists; any key case) takes the fast path.
#[test]
fn usual_requests_take_the_text_path() {
    let policies = json!({ "identity": [{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::${aws:PrincipalTag/team}-*",
        "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" }, "NumericLessThan": { "aws:MultiFactorAuthAge": "3600" }, "ForAllValues:StringEquals": { "aws:TagKeys": ["a", "b"] } } }] }] });
    let set = api::simulate::compile_policies(&policies).unwrap();
    for (request, expected) in [
        (json!({ "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::red-1",
            "context": { "aws:PrincipalTag/team": "red", "AWS:MultiFactorAuthPresent": true, "aws:MultiFactorAuthAge": 30, "aws:TagKeys": ["a"] } }), "Allow"),
        (json!({ "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::red-1", "resourceAccount": "111122223333",
            "context": { "aws:PrincipalTag/team": "red", "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": 7200 } }), "ImplicitDeny"),
        (json!({ "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::blue-1", "context": null }), "ImplicitDeny"),
        // Another caller between two of alice's requests: the handle's remembered principal is hers
        // only while the text is.
        (json!({ "principal": "ec2.amazonaws.com", "action": "s3:GetObject", "resource": "arn:aws:s3:::red-1",
            "context": { "aws:PrincipalTag/team": "red", "aws:MultiFactorAuthPresent": true, "aws:MultiFactorAuthAge": 30 } }), "ImplicitDeny"),
        (json!({ "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::red-1",
            "context": { "aws:PrincipalTag/team": "red", "aws:MultiFactorAuthPresent": true, "aws:MultiFactorAuthAge": 30 } }), "Allow"),
    ] {
        let decision = api::simulate::decide_text(&set, &request.to_string());
        assert_eq!(decision.map(|d| d.as_str()), Some(expected), "{request}");
        assert_eq!(decision, api::simulate::decide_compiled(&set, &request).ok());
    }
}

// ---- session tokens and credentials

fn claims() -> impl Strategy<Value = SessionClaims> {
    let text = || "\\PC{0,24}";
    let tags = prop::collection::vec((text(), text()).prop_map(|(key, value)| SessionTag { key, value }), 0..4);
    (
        (any::<bool>(), "ASIA[A-Z2-7]{16}", text(), text(), "[0-9]{12}", prop::option::of(text())),
        (tags, prop::collection::vec(text(), 0..3), prop::option::of(text()), prop::option::of(any::<i64>()), any::<i64>(), any::<i64>()),
        (prop::option::of(any::<[u8; 32]>()), prop::option::of("\\PC{0,300}"), prop::collection::vec(text(), 0..3)),
        (prop::option::of(text()), prop::option::of(text()), prop::option::of(text())),
    )
        .prop_map(|(who, session, policy, federation)| {
            let (v2, access_key_id, arn, principal_id, account, session_name) = who;
            let (tags, transitive_tag_keys, source_identity, mfa_authenticated_at, issued_at, expires_at) = session;
            let (digest, session_policy, session_policy_arns) = policy;
            let (federated_by, federated_provider, task_policy_arn) = federation;
            SessionClaims {
                token_version: if v2 { TokenVersion::V2 } else { TokenVersion::V1 },
                access_key_id,
                arn,
                principal_id,
                account,
                session_name,
                tags,
                transitive_tag_keys,
                source_identity,
                mfa_authenticated_at,
                issued_at,
                expires_at,
                session_policy_digest: digest.map(PolicyDigest),
                session_policy,
                session_policy_arns,
                federated_by,
                federated_provider,
                task_policy_arn,
            }
        })
}

const ALICE_KEY: &str = "AKIARTX3GSDSSUAQEAYE";
const ALICE_SECRET: &str = "alice/Secret/Key/000000000000000000000000";

/// Session names, tag keys and values as AssumeRole accepts them (botocore's patterns).
fn session_name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9+=,.@_-]{2,32}"
}
fn tag_text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 _.:/=+@é-]{1,20}"
}
/// Up to three session tags whose keys differ beyond case: STS refuses keys that differ only in
/// case ("Duplicate tag keys found. Please note that Tag keys are case insensitive.").
fn session_tags() -> impl Strategy<Value = std::collections::BTreeMap<String, String>> {
    prop::collection::btree_map("[A-Za-z][A-Za-z0-9_.:/=+@-]{0,15}", tag_text(), 0..4).prop_map(|tags| {
        let mut seen = std::collections::HashSet::new();
        tags.into_iter().filter(|(k, _)| seen.insert(k.to_lowercase())).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every field of the claims, every token version, arbitrary Unicode: sealed, then opened,
    /// the claims are identical.
    #[test]
    fn session_tokens_round_trip(claims in claims(), seed: u64, nonce_seed: u64) {
        let key = sealing_key(seed);
        let token = seal(&key, &mut SimRng::from_seed(nonce_seed), &claims);
        prop_assert_eq!(open(&key, &token), Ok(claims));
    }

    /// The credentials AssumeRole answers, sent back as JS does (JSON text, `Expiration`
    /// included), are the session they name: its ARN and id, its tags and source identity.
    #[test]
    fn credentials_round_trip(name in session_name(), tags in session_tags(), source in prop::option::of(session_name()), seed: u64) {
        let world = json!({ "Accounts": [{
            "AccountId": "111122223333",
            "AuthorizationDetails": {
                "UserDetailList": [{ "UserName": "alice", "UserPolicyList": [{ "PolicyName": "p", "PolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "sts:*", "Resource": "*" }] } }] }],
                "RoleDetailList": [{ "RoleName": "Deploy", "RoleId": "AROADEPLOYEXAMPLE0001",
                    "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] }] },
                    "RolePolicyList": [{ "PolicyName": "all", "PolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] } }] }]
            },
            "AccessKeys": [{ "UserName": "alice", "AccessKeyId": ALICE_KEY, "SecretAccessKey": ALICE_SECRET }]
        }] });
        let mut sim = api::sim::create(&world, &json!({ "seed": seed })).map_err(|f| TestCaseError::fail(f.to_string()))?;
        let alice = json!({ "AccessKeyId": ALICE_KEY, "SecretAccessKey": ALICE_SECRET });
        let mut params = json!({ "RoleArn": "arn:aws:iam::111122223333:role/Deploy", "RoleSessionName": name });
        params["Tags"] = Value::Array(tags.iter().map(|(k, v)| json!({ "Key": k, "Value": v })).collect());
        if let Some(s) = &source {
            params["SourceIdentity"] = json!(s);
        }
        let assumed = api::sim::call(&mut sim, &alice, &json!("AssumeRole"), &params, &Value::Null);
        prop_assert_eq!(&assumed["type"], "success", "{}", assumed);
        let text = serde_json::to_string(&assumed["response"]["Credentials"]).unwrap();
        let creds: Value = serde_json::from_str(&text).unwrap();
        let who = api::sim::call(&mut sim, &creds, &json!("GetCallerIdentity"), &Value::Null, &Value::Null);
        prop_assert_eq!(&who["response"]["Arn"], &json!(format!("arn:aws:sts::111122223333:assumed-role/Deploy/{name}")), "{}", who);
        prop_assert_eq!(&who["response"]["UserId"], &json!(format!("AROADEPLOYEXAMPLE0001:{name}")));
        // The session's tags and source identity are what the request context sees.
        let mut context = serde_json::Map::new();
        for (k, v) in &tags {
            context.insert(format!("aws:PrincipalTag/{k}"), json!(v));
        }
        if let Some(s) = &source {
            context.insert("aws:SourceIdentity".into(), json!(s));
        }
        let condition = if context.is_empty() { json!({}) } else { json!({ "StringEquals": context }) };
        let policy = json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": condition }] });
        let authorized = api::sim::authorize(&mut sim, &creds, &json!({ "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "resourcePolicy": policy }));
        prop_assert_eq!(&authorized["decision"], "Allow", "{}", authorized);
        // An altered secret is not the session.
        let mut forged = creds.clone();
        forged["SecretAccessKey"] = json!(format!("{}x", creds["SecretAccessKey"].as_str().unwrap_or_default()));
        let refused = api::sim::authorize(&mut sim, &forged, &json!({ "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" }));
        prop_assert_eq!(&refused["type"], "failure", "{}", refused);
    }
}

// ---- worlds

/// RFC 3986 percent-encoding of every byte outside the unreserved set: the form the raw IAM API
/// returns policy documents in.
fn url_encode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Applies `f` to every policy document of a world: inline and trust policies, managed policy
/// versions, SCPs and RCPs (the world's own documents hold none of these keys).
fn map_documents(v: &mut Value, f: &dyn Fn(&Value) -> Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match k.as_str() {
                    "PolicyDocument" | "AssumeRolePolicyDocument" | "Document" => *x = f(x),
                    "SCP" | "RCP" => x.as_array_mut().into_iter().flatten().for_each(|d| *d = f(d)),
                    _ => map_documents(x, f),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| map_documents(x, f)),
        _ => {}
    }
}

/// Valid statements for a world: wildcards, tags, variables, conditions on the caller.
fn world_statement() -> impl Strategy<Value = Value> {
    let action = prop::sample::select(&["s3:*", "s3:GetObject", "s3:Get*", "sts:AssumeRole", "*", "ec2:Describe*"][..]);
    let resource = prop::sample::select(&["*", "arn:aws:s3:::b/*", "arn:aws:s3:::${aws:username}/*", "arn:aws:s3:::b/${aws:PrincipalTag/team}/*"][..]);
    let condition = prop::option::of((prop::sample::select(&["StringEquals", "StringLike", "StringNotEquals", "ForAnyValue:StringLike"][..]), prop::sample::select(&["aws:PrincipalTag/team", "aws:username", "aws:RequestedRegion", "aws:TagKeys"][..]), tag_text()));
    (any::<bool>(), any::<bool>(), action, resource, condition).prop_map(|(allow, not_action, a, r, c)| {
        let mut s = json!({ "Effect": if allow { "Allow" } else { "Deny" }, "Resource": r });
        s[if not_action && !allow { "NotAction" } else { "Action" }] = json!(a);
        if let Some((op, key, value)) = c {
            s["Condition"] = json!({ op: { key: value } });
        }
        s
    })
}

fn world_document() -> impl Strategy<Value = Value> {
    prop::collection::vec(world_statement(), 1..4).prop_map(|s| json!({ "Version": "2012-10-17", "Statement": s }))
}

fn world() -> impl Strategy<Value = Value> {
    let tags = || prop::collection::btree_map("team|env|[a-z]{1,8}", tag_text(), 0..3).prop_map(|m| Value::Array(m.into_iter().map(|(k, v)| json!({ "Key": k, "Value": v })).collect()));
    let path = || prop::sample::select(&["/", "/eng/", "/a/b/"][..]);
    let trust_condition = prop::option::of(tag_text());
    (
        (path(), world_document(), tags(), prop::option::of(world_document())),
        prop::collection::vec((path(), world_document(), tags(), trust_condition, prop::sample::select(&[3600u32, 7200, 43200][..])), 1..3),
        world_document(),
        prop::option::of(world_document()),
    )
        .prop_map(|((user_path, user_doc, user_tags, group_doc), roles, managed, scp)| {
            let mut role_list = Vec::new();
            for (i, (path, doc, tags, cond, max)) in roles.into_iter().enumerate() {
                let mut trust = json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": ["sts:AssumeRole", "sts:TagSession"] }] });
                if let Some(v) = cond {
                    trust["Statement"][0]["Condition"] = json!({ "StringNotEquals": { "aws:PrincipalTag/blocked": v } });
                }
                role_list.push(json!({ "RoleName": format!("Role{i}"), "Path": path, "AssumeRolePolicyDocument": trust, "RolePolicyList": [{ "PolicyName": "inline", "PolicyDocument": doc }],
                    "AttachedManagedPolicies": [{ "PolicyName": "Managed", "PolicyArn": "arn:aws:iam::111122223333:policy/Managed" }], "Tags": tags, "MaxSessionDuration": max }));
            }
            let mut user = json!({ "UserName": "alice", "Path": user_path, "UserPolicyList": [{ "PolicyName": "inline", "PolicyDocument": user_doc }],
                "AttachedManagedPolicies": [{ "PolicyArn": "arn:aws:iam::111122223333:policy/Managed" }], "Tags": user_tags });
            let mut groups = Vec::new();
            if let Some(doc) = group_doc {
                user["GroupList"] = json!(["devs"]);
                groups.push(json!({ "GroupName": "devs", "GroupPolicyList": [{ "PolicyName": "g", "PolicyDocument": doc }] }));
            }
            let mut world = json!({ "Accounts": [{
                "AccountId": "111122223333",
                "AuthorizationDetails": {
                    "UserDetailList": [user], "GroupDetailList": groups, "RoleDetailList": role_list,
                    "Policies": [{ "PolicyName": "Managed", "Arn": "arn:aws:iam::111122223333:policy/Managed", "DefaultVersionId": "v1",
                        "PolicyVersionList": [{ "Document": managed, "VersionId": "v1", "IsDefaultVersion": true }] }]
                },
                "AccessKeys": [{ "UserName": "alice", "AccessKeyId": ALICE_KEY, "SecretAccessKey": ALICE_SECRET }]
            }] });
            if let Some(doc) = scp {
                let full = json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] });
                world["Organization"] = json!({ "Id": "o-a1b2c3d4e5", "ManagementAccount": "999999999999", "Root": { "Policies": { "SCP": [full, doc] }, "Accounts": ["111122223333"] } });
                world["Accounts"].as_array_mut().unwrap().push(json!({ "AccountId": "999999999999" }));
            }
            world
        })
}

/// The same calls on a world: every role assumed by alice, then each session's identity and a
/// few decisions, then the CloudTrail log. Answers every answer.
fn run_script(world: &Value, seed: u64) -> Result<Vec<Value>, String> {
    let mut sim = api::sim::create(world, &json!({ "seed": seed, "now": "2026-11-25T12:00:00Z" })).map_err(|f| f.to_string())?;
    let alice = json!({ "AccessKeyId": ALICE_KEY, "SecretAccessKey": ALICE_SECRET });
    let mut out = Vec::new();
    let roles: Vec<String> = world["Accounts"][0]["AuthorizationDetails"]["RoleDetailList"].as_array().into_iter().flatten().map(|r| format!("arn:aws:iam::111122223333:role{}{}", r["Path"].as_str().unwrap_or("/"), r["RoleName"].as_str().unwrap_or(""))).collect();
    let decide = |sim: &mut sts_sim::sts::sim::Sim, caller: &Value, out: &mut Vec<Value>| {
        for (action, resource) in [("s3:GetObject", "arn:aws:s3:::b/eng/k"), ("s3:PutObject", "arn:aws:s3:::alice/k"), ("ec2:DescribeInstances", "*"), ("sts:AssumeRole", "arn:aws:iam::111122223333:role/Role0")] {
            out.push(api::sim::authorize(sim, caller, &json!({ "action": action, "resource": resource, "region": "eu-west-1" })));
        }
    };
    decide(&mut sim, &alice, &mut out);
    for role in roles {
        let assumed = api::sim::call(&mut sim, &alice, &json!("AssumeRole"), &json!({ "RoleArn": role, "RoleSessionName": "s", "Tags": [{ "Key": "team", "Value": "eng" }] }), &Value::Null);
        if let Some(creds) = assumed.pointer("/response/Credentials").cloned() {
            out.push(api::sim::call(&mut sim, &creds, &json!("GetCallerIdentity"), &Value::Null, &Value::Null));
            decide(&mut sim, &creds, &mut out);
        }
        out.push(assumed);
    }
    out.push(api::sim::events(&sim));
    Ok(out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A world's policy documents as objects, as (pretty) JSON text or URL-encoded text, or the
    /// whole world through JSON text: the same world, byte for byte the same answers and events.
    #[test]
    fn world_round_trips(world in world(), seed: u64) {
        let expected = run_script(&world, seed).map_err(TestCaseError::fail)?;
        let mut as_text = world.clone();
        map_documents(&mut as_text, &|d| json!(serde_json::to_string_pretty(d).unwrap()));
        let mut as_url = world.clone();
        map_documents(&mut as_url, &|d| json!(url_encode(&d.to_string())));
        let through_text: Value = serde_json::from_str(&serde_json::to_string(&world).unwrap()).unwrap();
        for (form, w) in [("JSON text", as_text), ("URL-encoded", as_url), ("through JSON text", through_text)] {
            let answers = run_script(&w, seed).map_err(|e| TestCaseError::fail(format!("{form}: {e}")))?;
            prop_assert_eq!(answers.len(), expected.len(), "{}", form);
            for (a, e) in answers.iter().zip(&expected) {
                prop_assert_eq!(a, e, "{}", form);
            }
        }
    }
}
