//! Session-token decode, and what a session built from a decoded token can do. Three modes
//! (first byte): the bytes as a token for `session_token::open` and as the token of a caller;
//! a real token of the fixture world with one byte of its sealed form changed (must be refused,
//! never accepted); and a token *forged* with the world's key (the key derives from the seed,
//! which callers choose and often leave at 0, so anyone can seal claims) holding arbitrary
//! claims: odd ARNs, account ids, times at the ends of the range, tags, policies. A forged
//! session then calls STS operations and is authorized, as a caller with such credentials can.

#![no_main]

use arbitrary::{Result, Unstructured};
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use sts_sim::rng::SimRng;
use sts_sim::sts::caller::Caller;
use sts_sim::sts::credentials::{secret_key, session_secret};
use sts_sim::sts::session_token::{self, PolicyDigest, SessionClaims, SessionTag, TokenVersion};
use sts_sim::sts::sim::{AuthorizeRequest, Sim, Where};
use sts_sim_fuzz::vocab::*;
use sts_sim_fuzz::{chance, fixture, word};

const PRINCIPAL_IDS: &[&str] = &["AROAY34FZKBOKMUTVV7AB:alice", "AIDAALICEEXAMPLE00001", "111122223333:fred", "", ":"];
const SESSION_ARNS: &[&str] = &[
    "arn:aws:sts::111122223333:assumed-role/Admin/fuzz",
    "arn:aws:sts::111122223333:assumed-role/Admin",
    "arn:aws:sts::111122223333:assumed-role/Nope/x",
    "arn:aws:sts::111122223333:federated-user/fred",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::444455556666:root",
    "arn:aws:sts::444455556666:assumed-role/CrossRole/s",
    "arn:aws:sts::111122223333:assumed-role//",
    "arn:aws:sts:::assumed-role/Admin/s",
    "arn:aws:sts::111122223333:",
];

fn time(u: &mut Unstructured) -> Result<i64> {
    let now = fixture::NOW_MS / 1000;
    let any: i64 = u.arbitrary()?;
    Ok(*u.choose(&[now - 60, now - 7200, now + 3600, now + 129_600, 0, -1, i64::MAX, i64::MIN, i64::MAX / 1000, any])?)
}

fn opt(u: &mut Unstructured, pool: &[&str]) -> Result<Option<String>> {
    Ok(if u.arbitrary()? { Some(word(u, pool)?) } else { None })
}

fn claims(u: &mut Unstructured, access_key_id: String) -> Result<SessionClaims> {
    let n = u.int_in_range(0..=3)?;
    let tags = (0..n).map(|_| Ok(SessionTag { key: word(u, TAG_KEYS)?, value: word(u, TAG_VALUES)? })).collect::<Result<_>>()?;
    let policy = if chance(u, 1, 3)? { Some(sts_sim_fuzz::policy(u, sts_sim_fuzz::DocKind::Session)?.to_string()) } else { None };
    Ok(SessionClaims {
        token_version: if u.arbitrary()? { TokenVersion::V1 } else { TokenVersion::V2 },
        access_key_id,
        arn: word(u, SESSION_ARNS)?,
        principal_id: word(u, PRINCIPAL_IDS)?,
        account: word(u, ACCOUNTS)?,
        session_name: opt(u, SESSION_NAMES)?,
        tags,
        transitive_tag_keys: (0..u.int_in_range(0..=2)?).map(|_| word(u, TAG_KEYS)).collect::<Result<_>>()?,
        source_identity: opt(u, SESSION_NAMES)?,
        mfa_authenticated_at: if u.arbitrary()? { Some(time(u)?) } else { None },
        issued_at: time(u)?,
        expires_at: time(u)?,
        session_policy_digest: policy.as_ref().map(|p| PolicyDigest::of(p.as_bytes())),
        session_policy: policy,
        session_policy_arns: (0..u.int_in_range(0..=2)?).map(|_| word(u, POLICY_ARNS)).collect::<Result<_>>()?,
        federated_by: opt(u, AWS_PRINCIPALS)?,
        federated_provider: opt(u, FEDERATED_PRINCIPALS)?,
        task_policy_arn: opt(u, POLICY_ARNS)?,
    })
}

/// Runs a session's credentials through what a caller does with them.
fn exercise(sim: &mut Sim, u: &mut Unstructured, caller: &Caller) -> Result<()> {
    let _ = sim.secret_for(
        match caller {
            Caller::Credentials { access_key_id, .. } => access_key_id,
            _ => "",
        },
        match caller {
            Caller::Credentials { session_token, .. } => session_token.as_deref(),
            _ => None,
        },
    );
    for _ in 0..u.int_in_range(1..=3)? {
        if chance(u, 1, 4)? {
            let req = AuthorizeRequest {
                action: word(u, ACTIONS)?,
                resource: word(u, RESOURCES)?,
                context: sts_sim::context::RequestContext::new(),
                region: None,
                resource_policy: None,
            };
            let _ = sim.authorize(caller, &req);
        } else {
            let op = u.choose(sts_sim::query::OPERATIONS)?;
            let params = sts_sim_fuzz::sts_params(u, op)?;
            let _ = sim.call(Some(caller), op.name, &params, &Where::default());
        }
    }
    let events: Vec<Value> = sim.events().to_vec();
    assert!(serde_json::to_string(&events).is_ok());
    Ok(())
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let mut sim = fixture::sim();
    let key = session_token::sealing_key(fixture::SEED);
    match u.int_in_range(0u8..=5)? {
        // The bytes as a token.
        0 | 1 => {
            let token = String::from_utf8_lossy(data.get(1..).unwrap_or_default()).into_owned();
            let _ = session_token::open(&key, &token);
            let caller = Caller::Credentials { access_key_id: "ASIAY34FZKBOKMUTVV7A".into(), secret_access_key: "x".into(), session_token: Some(token) };
            exercise(&mut sim, &mut Unstructured::new(&[]), &caller)
        }
        // A real token, one byte of it changed.
        2 => {
            let caller = Caller::Principal("arn:aws:iam::111122223333:user/alice".into());
            let Ok(answer) = sim.call(Some(&caller), "AssumeRole", &json!({ "RoleArn": "arn:aws:iam::111122223333:role/Admin", "RoleSessionName": "fuzz" }), &Where::default())
            else {
                panic!("the fixture's AssumeRole failed")
            };
            let token = answer["Credentials"]["SessionToken"].as_str().unwrap_or_default();
            let b64 = base64::engine::general_purpose::STANDARD;
            let mut raw = b64.decode(token).unwrap_or_default();
            if raw.is_empty() {
                return Ok(());
            }
            let i = u.choose_index(raw.len())?;
            let flip = u.int_in_range(1u8..=255)?;
            raw[i] ^= flip;
            let altered = b64.encode(&raw);
            assert!(session_token::open(&key, &altered).is_err(), "an altered token opened (byte {i} ^ {flip})");
            Ok(())
        }
        // A token forged with the world's key.
        _ => {
            let access_key_id = word(&mut u, &["ASIAY34FZKBOKMUTVV7A", "AKIARTX3GSDSSUAQEAYE", "ASIA", ""])?;
            let claims = claims(&mut u, access_key_id.clone())?;
            let mut nonce = SimRng::for_label(0, "sts-sim-fuzz/nonces");
            let token = session_token::seal(&key, &mut nonce, &claims);
            sts_sim_fuzz::note(&format!("forged {}", serde_json::to_string(&claims).unwrap_or_default()));
            assert_eq!(session_token::open(&key, &token).as_ref(), Ok(&claims), "a sealed token does not open to its claims");
            let secret = session_secret(&secret_key(fixture::SEED), &access_key_id);
            let caller = Caller::Credentials { access_key_id, secret_access_key: secret, session_token: Some(token) };
            exercise(&mut sim, &mut u, &caller)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
