use serde_json::{Value, json};

use super::*;
use crate::sts::access_key;
use crate::sts::totp::TotpSeed;

const NOW: i64 = 1_795_608_000_000; // 2026-11-25T12:00:00Z

fn world() -> World {
    crate::sts::world::load(&json!({
        "Accounts": [
            { "AccountId": "111122223333",
              "AuthorizationDetails": { "UserDetailList": [ { "UserName": "alice",
                  "UserPolicyList": [ { "PolicyName": "a", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" } ] } } ] } ] },
              "AccessKeys": [ { "UserName": "alice", "AccessKeyId": "AKIARTX3GSDSSUAQEAYE", "SecretAccessKey": "alice/Secret/Key/000000000000000000000000" } ] },
            { "AccountId": "444455556666",
              "AuthorizationDetails": { "RoleDetailList": [ { "RoleName": "R",
                  "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "111122223333" }, "Action": "sts:AssumeRole" } ] } } ] } }
        ]
    }))
    .unwrap()
}

fn alice() -> Caller {
    Caller::Credentials { access_key_id: "AKIARTX3GSDSSUAQEAYE".into(), secret_access_key: "alice/Secret/Key/000000000000000000000000".into(), session_token: None }
}

fn assume(sim: &mut Sim) -> Value {
    sim.call(Some(&alice()), "AssumeRole", &json!({ "RoleArn": "arn:aws:iam::444455556666:role/R", "RoleSessionName": "s1" }), &Where::default()).unwrap()
}

#[test]
fn issued_key_encodes_the_role_account_and_works_as_caller() {
    let mut sim = Sim::new(world(), NOW, 7);
    let r = assume(&mut sim);
    let c = &r["Credentials"];
    let key = c["AccessKeyId"].as_str().unwrap();
    assert!(key.starts_with("ASIA"));
    assert_eq!(access_key::account_of(key).unwrap().as_deref(), Some("444455556666"));
    let caller = Caller::Credentials {
        access_key_id: key.into(),
        secret_access_key: c["SecretAccessKey"].as_str().unwrap().into(),
        session_token: c["SessionToken"].as_str().map(str::to_string),
    };
    let who = sim.call(Some(&caller), "GetCallerIdentity", &Value::Null, &Where::default()).unwrap();
    assert_eq!(who["Arn"], "arn:aws:sts::444455556666:assumed-role/R/s1");
    // A fresh simulator with the same seed recognises the session from its credentials alone.
    let mut other = Sim::new(world(), NOW, 7);
    assert!(other.call(Some(&caller), "GetCallerIdentity", &Value::Null, &Where::default()).is_ok());
    // Another seed does not.
    let mut stranger = Sim::new(world(), NOW, 8);
    assert_eq!(stranger.call(Some(&caller), "GetCallerIdentity", &Value::Null, &Where::default()).unwrap_err().code, "InvalidClientTokenId");
}

#[test]
fn deterministic_byte_for_byte() {
    let run = || {
        let mut sim = Sim::new(world(), NOW, 42);
        let r = assume(&mut sim);
        sim.advance(10);
        let _ = sim.call(Some(&alice()), "Nope", &Value::Null, &Where::default());
        serde_json::to_string(&(r, sim.events())).unwrap()
    };
    assert_eq!(run(), run());
}

#[test]
fn secrets_never_logged() {
    let mut sim = Sim::new(world(), NOW, 1);
    let r = assume(&mut sim);
    let log = serde_json::to_string(sim.events()).unwrap();
    assert!(!log.contains(r["Credentials"]["SecretAccessKey"].as_str().unwrap()));
    assert!(!log.contains(r["Credentials"]["SessionToken"].as_str().unwrap()));
    assert!(!log.contains("alice/Secret/Key"));
    assert!(!log.to_lowercase().contains("secretaccesskey"));
    // Cross-account: one record per account, sharing an event id.
    assert_eq!(sim.events().len(), 2);
    assert_eq!(sim.events()[0]["sharedEventID"], sim.events()[1]["sharedEventID"]);
}

#[test]
fn totp_vector_used_by_the_cases() {
    // tests/cases/sts/mfa/*: seed JBSWY3DPEHPK3PXP at 2026-11-25T12:00:00Z.
    assert_eq!(TotpSeed::from_base32("JBSWY3DPEHPK3PXP").unwrap().code_at((NOW / 1000) as u64), "928501");
}

#[test]
fn encoded_message_only_when_denied_and_it_decodes() {
    let mut sim = Sim::new(world(), NOW, 1);
    let allowed = sim.authorize(&alice(), &AuthorizeRequest { action: "sts:AssumeRole".into(), resource: "arn:aws:iam::444455556666:role/R".into(), ..Default::default() }).unwrap();
    assert_eq!(allowed.decision, crate::eval::Decision::Allow);
    assert!(allowed.encoded_message.is_none());
    let denied = sim.authorize(&alice(), &AuthorizeRequest { action: "s3:GetObject".into(), resource: "arn:aws:s3:::b/k".into(), ..Default::default() }).unwrap();
    let message = denied.encoded_message.expect("a denied request carries an encoded message");
    let document: Value = serde_json::from_str(&crate::sts::authorization_message::open(&sim.message_key, &message).unwrap()).unwrap();
    assert_eq!(document["allowed"], json!(false));
    assert_eq!(document["context"]["principal"]["name"], json!("alice"));
}

/// The simulator caches compiled policies per caller and role (`authz::PolicyCache`): a cached
/// entry must never outlive the policies it was compiled from, nor serve a session with other
/// session policies.
#[test]
fn cached_policies_follow_revocation_and_session_policies() {
    let w = crate::sts::world::load(&json!({
        "Accounts": [ { "AccountId": "111122223333",
            "AuthorizationDetails": {
                "UserDetailList": [ { "UserName": "alice",
                    "UserPolicyList": [ { "PolicyName": "a", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" } ] } } ] } ],
                "RoleDetailList": [
                    { "RoleName": "A",
                      "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "111122223333" }, "Action": "sts:AssumeRole" } ] },
                      "RolePolicyList": [ { "PolicyName": "hop", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" } ] } } ] },
                    { "RoleName": "B",
                      "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "111122223333" }, "Action": "sts:AssumeRole" } ] } } ] },
            "AccessKeys": [ { "UserName": "alice", "AccessKeyId": "AKIARTX3GSDSSUAQEAYE", "SecretAccessKey": "alice/Secret/Key/000000000000000000000000" } ] } ]
    }))
    .unwrap();
    let mut sim = Sim::new(w, NOW, 3);
    let at = Where::default();
    let session_of = |r: &Value| Caller::Credentials {
        access_key_id: r["Credentials"]["AccessKeyId"].as_str().unwrap().into(),
        secret_access_key: r["Credentials"]["SecretAccessKey"].as_str().unwrap().into(),
        session_token: r["Credentials"]["SessionToken"].as_str().map(str::to_string),
    };
    let to_a = |policy: Option<&str>| match policy {
        Some(p) => json!({ "RoleArn": "arn:aws:iam::111122223333:role/A", "RoleSessionName": "sa", "Policy": p }),
        None => json!({ "RoleArn": "arn:aws:iam::111122223333:role/A", "RoleSessionName": "sa" }),
    };
    let to_b = json!({ "RoleArn": "arn:aws:iam::111122223333:role/B", "RoleSessionName": "sb" });
    let plain = session_of(&sim.call(Some(&alice()), "AssumeRole", &to_a(None), &at).unwrap());
    let narrowed = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    let limited = session_of(&sim.call(Some(&alice()), "AssumeRole", &to_a(Some(narrowed)), &at).unwrap());
    // Same role, different session policies: each session keeps its own limits.
    assert!(sim.call(Some(&plain), "AssumeRole", &to_b, &at).is_ok());
    assert_eq!(sim.call(Some(&limited), "AssumeRole", &to_b, &at).unwrap_err().code, "AccessDenied");
    assert!(sim.call(Some(&plain), "AssumeRole", &to_b, &at).is_ok());
    // Revoking A's older sessions reaches the policies compiled (and cached) before it.
    sim.advance(60);
    sim.revoke_older_sessions("arn:aws:iam::111122223333:role/A").unwrap();
    assert_eq!(sim.call(Some(&plain), "AssumeRole", &to_b, &at).unwrap_err().code, "AccessDenied");
    // A session issued after the revocation is not affected.
    let fresh = session_of(&sim.call(Some(&alice()), "AssumeRole", &to_a(None), &at).unwrap());
    assert!(sim.call(Some(&fresh), "AssumeRole", &to_b, &at).is_ok());
}
