//! JWT parsing and verification (AssumeRoleWithWebIdentity). Raw mode (first byte even): the
//! bytes as a token for `jwt::decode`, `verify_web_identity_token` against the fixture's
//! providers, and AssumeRoleWithWebIdentity; read as JSON, they are also tried as a JWK Set and
//! a JWK. Structured mode: a JOSE header and claims from a grammar (issuers, audiences, times at
//! the edges, session-tag and source-identity claims, or raw payload bytes) *signed with the
//! fixture providers' private keys*, so the fuzzer gets past the signature into the claim
//! checks and the session that follows; then maybe altered (header swapped after signing,
//! signature replaced or dropped, segments added).

#![no_main]

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use sts_sim::federation::jwt::{self, Alg, Jwks, PublicJwk, SigningKey};
use sts_sim::federation::{OidcProviderRef, verify_web_identity_token};
use sts_sim::sts::sim::Where;
use sts_sim_fuzz::vocab::*;
use sts_sim_fuzz::{any_json, chance, fixture, number, word};

/// (URL, client ids, JWK Set) of each fixture provider whose keys the verifier has offline.
fn providers() -> &'static Vec<(String, Vec<String>, Value)> {
    static P: OnceLock<Vec<(String, Vec<String>, Value)>> = OnceLock::new();
    P.get_or_init(|| {
        let mut sim = fixture::sim();
        ["https://keys.example.com", "https://rsa.example.com", "https://idp.example.com"]
            .iter()
            .map(|url| {
                let jwks = sim.oidc_jwks(url).unwrap_or_else(|e| panic!("fixture provider {url}: {e}"));
                (url.to_string(), vec!["example-app".to_string(), "sts.amazonaws.com".to_string()], jwks)
            })
            .collect()
    })
}

/// The private keys: P-256 for keys.example.com, RSA for rsa.example.com.
fn keys() -> &'static (SigningKey, [SigningKey; 3]) {
    static K: OnceLock<(SigningKey, [SigningKey; 3])> = OnceLock::new();
    K.get_or_init(|| {
        let ec = SigningKey::from_pem(fixture::OIDC_SIGNING_KEY, Alg::ES256).expect("fixture EC key");
        let rsa = |alg| SigningKey::from_pem(fixture::SAML_SIGNING_KEY, alg).expect("fixture RSA key");
        (ec, [rsa(Alg::RS256), rsa(Alg::RS384), rsa(Alg::RS512)])
    })
}

const ISSUERS: &[&str] = &[
    "https://keys.example.com",
    "https://rsa.example.com",
    "https://idp.example.com",
    "keys.example.com",
    "https://keys.example.com/",
    "https://KEYS.example.com",
    "https://token.actions.githubusercontent.com",
    "https://accounts.google.com",
    "",
];
const SUBJECTS: &[&str] = &["repo:acme/app:ref:refs/heads/main", "system:serviceaccount:default:my-app", "alice", "", "110169484474386276334"];

/// A time claim: now + `typical` seconds, or an offset at the edges of the clock skew, or junk.
fn time_claim(u: &mut Unstructured, typical: i64) -> Result<Value> {
    let now = fixture::NOW_MS / 1000;
    Ok(match u.int_in_range(0u8..=9)? {
        9 => number(u)?,
        8 => json!(word(u, &["1795608000", "soon", ""])?),
        7 => json!(now as f64 + 0.5),
        6 => json!(now + *u.choose(&[-3600, -301, -299, 0, 60, 299, 301, 3600, 86_400])?),
        _ => json!(now + typical),
    })
}

fn claims(u: &mut Unstructured, issuer: &str) -> Result<Value> {
    let mut c = Map::new();
    let set = |u: &mut Unstructured, c: &mut Map<String, Value>, name: &str, v: Value| -> Result<()> {
        if !chance(u, 1, 10)? {
            c.insert(name.into(), v);
        }
        Ok(())
    };
    let iss = json!(if chance(u, 1, 6)? { word(u, ISSUERS)? } else { issuer.to_string() });
    set(u, &mut c, "iss", iss)?;
    let sub = json!(word(u, SUBJECTS)?);
    set(u, &mut c, "sub", sub)?;
    let aud = if chance(u, 1, 10)? { any_json(u, 1)? } else { sts_sim_fuzz::one_or_many(u, AUDIENCES)? };
    set(u, &mut c, "aud", aud)?;
    for (name, typical) in [("exp", 3600), ("iat", 0)] {
        let t = time_claim(u, typical)?;
        set(u, &mut c, name, t)?;
    }
    if chance(u, 1, 3)? {
        c.insert("nbf".into(), time_claim(u, -60)?);
    }
    if chance(u, 1, 4)? {
        c.insert("azp".into(), json!(word(u, AUDIENCES)?));
    }
    if chance(u, 1, 4)? {
        c.insert("amr".into(), sts_sim_fuzz::one_or_many(u, &["authenticated", "unauthenticated", "graph.facebook.com"])?);
    }
    if chance(u, 1, 3)? {
        let mut tags = Map::new();
        for _ in 0..u.int_in_range(0..=3)? {
            tags.insert(word(u, TAG_KEYS)?, if chance(u, 1, 4)? { any_json(u, 1)? } else { sts_sim_fuzz::one_or_many(u, TAG_VALUES)? });
        }
        let mut claim = json!({ "principal_tags": tags });
        if u.arbitrary()? {
            claim["transitive_tag_keys"] = sts_sim_fuzz::one_or_many(u, TAG_KEYS)?;
        }
        if chance(u, 1, 8)? {
            claim = any_json(u, 2)?;
        }
        c.insert(sts_sim::federation::TAGS_CLAIM.into(), claim);
    }
    if chance(u, 1, 4)? {
        c.insert(sts_sim::federation::SOURCE_IDENTITY_CLAIM.into(), if chance(u, 1, 5)? { any_json(u, 1)? } else { json!(word(u, SESSION_NAMES)?) });
    }
    if chance(u, 1, 10)? {
        c.insert(word(u, &["email", "groups", "iss", "jti", "nonce"])?, any_json(u, 2)?);
    }
    Ok(Value::Object(c))
}

fn header(u: &mut Unstructured, key: &SigningKey) -> Result<Value> {
    let mut h = Map::new();
    if !chance(u, 1, 10)? {
        h.insert("kid".into(), json!(if chance(u, 1, 8)? { word(u, &["1", "", "other"])? } else { key.kid() }));
    }
    if u.arbitrary()? {
        h.insert("typ".into(), json!(word(u, &["JWT", "at+jwt", ""])?));
    }
    if chance(u, 1, 10)? {
        h.insert(word(u, &["crit", "b64", "jku", "x5u", "x5c", "zip", "cty", "kid"])?, any_json(u, 1)?);
    }
    Ok(Value::Object(h))
}

fn structured(u: &mut Unstructured) -> Result<String> {
    let (ec, rsa) = keys();
    let (key, issuer) = if u.arbitrary()? { (u.choose(rsa)?, "https://rsa.example.com") } else { (ec, "https://keys.example.com") };
    let header = header(u, key)?;
    let payload = if chance(u, 1, 12)? { u.arbitrary::<Vec<u8>>()? } else { claims(u, issuer)?.to_string().into_bytes() };
    let Ok(mut token) = jwt::sign_compact(key, &header, &payload) else { return Ok(String::new()) };
    if chance(u, 1, 5)? {
        let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
        match u.int_in_range(0u8..=4)? {
            // Another header after signing (alg confusion, alg none, kid swap).
            0 => {
                let alg = word(u, &["none", "HS256", "RS256", "ES256", "ES384", "RS512", "PS256", ""])?;
                let mut h = header.as_object().cloned().unwrap_or_default();
                h.insert("alg".into(), json!(alg));
                parts[0] = jwt::b64url_encode(Value::Object(h).to_string().as_bytes());
            }
            1 => parts[2] = jwt::b64url_encode(&u.arbitrary::<Vec<u8>>()?),
            2 => parts[2].clear(),
            3 => parts.push(word(u, &["", "x", "AA"])?),
            _ => {
                let i = u.choose_index(parts.len())?;
                parts[i] = sts_sim_fuzz::mutate(u, &parts[i])?;
            }
        }
        token = parts.join(".");
    }
    Ok(token)
}

fn verify_all(token: &str, u: &mut Unstructured) -> Result<()> {
    let _ = jwt::decode(token);
    let refs: Vec<OidcProviderRef> = providers().iter().map(|(url, ids, jwks)| OidcProviderRef { url, client_ids: ids, jwks: Some(jwks) }).collect();
    let _ = verify_web_identity_token(token, &refs, fixture::NOW_MS);

    fixture::with_shared_sim(|sim| assume(sim, token, u))
}

fn assume(sim: &mut sts_sim::sts::sim::Sim, token: &str, u: &mut Unstructured) -> Result<()> {
    let roles = ["arn:aws:iam::111122223333:role/KeysIdp", "arn:aws:iam::111122223333:role/RsaIdp", "arn:aws:iam::111122223333:role/ExampleIdp"];
    // The role trusting the token's issuer, mostly.
    let own = if token.len() > 40 && jwt::decode(token).is_ok_and(|j| j.alg.name().starts_with("RS")) { 1 } else { 0 };
    let role = if chance(u, 1, 5)? { word(u, &roles)? } else { roles[own].to_string() };
    let mut params = json!({ "RoleArn": role, "RoleSessionName": word(u, SESSION_NAMES)?, "WebIdentityToken": token });
    if chance(u, 1, 4)? {
        params["DurationSeconds"] = json!(u.choose(&[900, 3600, 43200, 43201])?);
    }
    if chance(u, 1, 6)? {
        params["Policy"] = json!(sts_sim_fuzz::policy(u, sts_sim_fuzz::DocKind::Session)?.to_string());
    }
    if chance(u, 1, 8)? {
        params["ProviderId"] = json!(word(u, &["www.amazon.com", "graph.facebook.com", "keys.example.com"])?);
    }
    let answer = sim.call(None, "AssumeRoleWithWebIdentity", &params, &Where::default());
    sts_sim_fuzz::note(&match &answer { Ok(_) => "issued".to_string(), Err(e) => format!("{} {} {}", e.code, e.message, sim.explanation().map(|x| x.to_string()).unwrap_or_default().chars().take(160).collect::<String>()) });
    // A session that was issued can be used: chain from it once.
    if let Ok(answer) = answer {
        let caller = sts_sim_fuzz::issued_session(sim, &answer, "a web identity session");
        let _ = sim.call(Some(&caller), "AssumeRole", &json!({ "RoleArn": "arn:aws:iam::111122223333:role/ChainTarget", "RoleSessionName": "chain" }), &Where::default());
    }
    Ok(())
}

fn run(data: &[u8]) -> Result<()> {
    let Some((&mode, rest)) = data.split_first() else { return Ok(()) };
    if mode % 2 == 0 {
        let text = sts_sim_fuzz::text(rest);
        if let Some(v) = sts_sim_fuzz::raw_json(rest) {
            let _ = Jwks::from_json(&v);
            let _ = PublicJwk::from_json(&v);
            let _ = SigningKey::from_jwk(&v);
            let _ = jwt::thumbprint(&v);
        }
        verify_all(&text, &mut Unstructured::new(&[]))
    } else {
        let mut u = Unstructured::new(rest);
        let token = structured(&mut u)?;
        verify_all(&token, &mut u)
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
