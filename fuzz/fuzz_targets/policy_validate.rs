//! Policy JSON parse + validate: the fuzzer's bytes as policy text (seeded from every policy in
//! `tests/cases`), for each kind of policy. The first byte picks the kind. A document that
//! parses is also compiled and evaluated against a fixed request in the layer of its kind.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use sts_sim::policy::{PolicyKind, parse_policy, validate_policy};

const KINDS: [(PolicyKind, &str); 7] = [
    (PolicyKind::Identity, "identity"),
    (PolicyKind::Resource, "resource"),
    (PolicyKind::Trust, "trust"),
    (PolicyKind::Boundary, "boundary"),
    (PolicyKind::Scp, "scp"),
    (PolicyKind::Rcp, "rcp"),
    (PolicyKind::Session, "session"),
];

/// The `simulate` layer a policy of that kind goes in (trust policies are resource policies).
fn layer(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "identity",
        PolicyKind::Resource | PolicyKind::Trust => "resource",
        PolicyKind::Boundary => "boundary",
        PolicyKind::Scp => "scp",
        PolicyKind::Rcp => "rcp",
        PolicyKind::Session => "session",
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let (kind, kind_name) = KINDS[usize::from(selector) % KINDS.len()];
    let text = sts_sim_fuzz::text(rest);

    let diagnostics = validate_policy(&text, kind);
    let parsed = parse_policy(&text, kind);
    // Validation reports at least every error parsing does.
    if parsed.policy.is_none() {
        assert!(diagnostics.iter().any(|d| d.is_error()), "parse failed but validation found no error: {:?}", parsed.diagnostics);
    }
    // The JSON API, as the wasm export and the npm package call it.
    let answer = sts_sim::api::call("validatePolicy", &json!({ "policy": text, "options": { "kind": kind_name } }));
    assert!(answer["type"] == "success" || answer["type"] == "failure", "{answer}");

    if parsed.policy.is_some() {
        let input = json!({
            "policies": { layer(kind): [text] },
            "request": {
                "principal": "arn:aws:iam::111122223333:user/alice",
                "action": "s3:GetObject",
                "resource": "arn:aws:s3:::data/alice/report.csv",
                "context": { "aws:PrincipalTag/team": "team-a", "aws:MultiFactorAuthPresent": true, "aws:SourceIp": "203.0.113.5" },
            },
        });
        let _ = sts_sim::api::simulate::simulate(&input);
    }
});
