//! Tests of web-identity token verification. Each names its source: the RFC for JOSE
//! behaviour, the AWS page (or the public report of STS's answer) for AWS behaviour.

use serde_json::{Value, json};

use super::jwt::{self, Alg, JoseError, Jwks, SigningKey};
use super::*;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// RFC 7515 Appendix A.2.1: the RSA key of the RS256 example (public and private parts).
fn rfc7515_a2_jwk() -> Value {
    json!({
        "kty": "RSA",
        "n": "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
        "e": "AQAB",
        "d": "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
        "p": "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
        "q": "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc"
    })
}

/// RFC 7515 A.2 / A.3 payload: `{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}`.
const RFC7515_PAYLOAD_B64: &str = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

/// RFC 7515 Appendix A.2: the complete RS256 JWS.
fn rfc7515_a2_token() -> String {
    format!(
        "eyJhbGciOiJSUzI1NiJ9.{RFC7515_PAYLOAD_B64}.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
    )
}

/// RFC 7515 Appendix A.3.1: the P-256 key of the ES256 example.
fn rfc7515_a3_jwk() -> Value {
    json!({
        "kty": "EC",
        "crv": "P-256",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"
    })
}

/// RFC 7515 Appendix A.3: the complete ES256 JWS.
fn rfc7515_a3_token() -> String {
    format!("eyJhbGciOiJFUzI1NiJ9.{RFC7515_PAYLOAD_B64}.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q")
}

/// RFC 7520 §3.3/3.4: "bilbo.baggins@hobbiton.example", RSA 2048.
fn rfc7520_rsa_jwk() -> Value {
    json!({
        "kty": "RSA",
        "kid": "bilbo.baggins@hobbiton.example",
        "use": "sig",
        "n": "n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw",
        "e": "AQAB",
        "p": "3Slxg_DwTXJcb6095RoXygQCAZ5RnAvZlno1yhHtnUex_fp7AZ_9nRaO7HX_-SFfGQeutao2TDjDAWU4Vupk8rw9JR0AzZ0N2fvuIAmr_WCsmGpeNqQnev1T7IyEsnh8UMt-n5CafhkikzhEsrmndH6LxOrvRJlsPp6Zv8bUq0k",
        "q": "uKE2dh-cTf6ERF4k4e_jy78GfPYUIaUyoSSJuBzp3Cubk3OCqs6grT8bR_cu0Dm1MZwWmtdqDyI95HrUeq3MP15vMMON8lHTeZu2lmKvwqW7anV5UzhM1iZ7z4yMkuUwFWoBvyY898EXvRD-hdqRxHlSqAZ192zB3pVFJ0s7pFc"
    })
}

/// RFC 7520 §4 (Figure 8): the payload "It’s a dangerous business, Frodo, …", base64url.
const RFC7520_PAYLOAD_B64: &str = "SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4";

/// RFC 7520 §4.1.3 (Figure 13): the RS256 compact serialization.
fn rfc7520_4_1_token() -> String {
    format!(
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.{RFC7520_PAYLOAD_B64}.MRjdkly7_-oTPTS3AXP41iQIGKa80A0ZmTuV5MEaHoxnW2e5CZ5NlKtainoFmKZopdHM1O2U4mwzJdQx996ivp83xuglII7PNDi84wnB-BDkoBwA78185hX-Es4JIwmDLJK3lfWRa-XtL0RnltuYv746iYTh_qHRD68BNt1uSNCrUCTJDt5aAE6x8wW1Kt9eRo4QPocSadnHXFxnt8Is9UzpERV0ePPQdLuW3IS_de3xyIrDaLGdjluPxUAhb6L2aXic1U12podGU0KLUQSE_oI-ZnmKJ3F4uOZDnd6QZWJushZ41Axf_fcIe8u9ipH84ogoree7vjbU5y18kDquDg"
    )
}

fn public_only(jwk: &Value) -> Value {
    let mut j = jwk.clone();
    if let Some(o) = j.as_object_mut() {
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            o.remove(private);
        }
    }
    j
}

fn jwks_of(keys: &[Value]) -> Jwks {
    Jwks::from_json(&json!({ "keys": keys })).expect("a valid JWK Set")
}

/// A fixed instant: 2026-01-01T00:00:00Z, in epoch milliseconds.
const NOW_MS: i64 = 1_767_225_600_000;
const NOW: i64 = NOW_MS / 1000;

const GITHUB: &str = "https://token.actions.githubusercontent.com";

fn rsa_key() -> SigningKey {
    SigningKey::from_jwk(&rfc7515_a2_jwk()).expect("RFC 7515 A.2 key")
}

fn es256_key(url: &str) -> SigningKey {
    SigningKey::derive(7, url, Alg::ES256)
}

/// A GitHub Actions-shaped ID token ("About security hardening with OpenID Connect", GitHub).
fn github_claims(sub: &str) -> Value {
    json!({
        "jti": "example-id",
        "sub": sub,
        "aud": "sts.amazonaws.com",
        "ref": "refs/heads/main",
        "repository": "octo-org/octo-repo",
        "repository_owner": "octo-org",
        "iss": GITHUB,
        "nbf": NOW - 60,
        "exp": NOW + 300,
        "iat": NOW - 60
    })
}

struct World {
    url: String,
    client_ids: Vec<String>,
    jwks: Option<Value>,
}

impl World {
    fn new(url: &str, client_ids: &[&str], key: &SigningKey) -> World {
        World { url: url.to_string(), client_ids: client_ids.iter().map(|s| s.to_string()).collect(), jwks: Some(key.jwks()) }
    }

    fn providers(&self) -> Vec<OidcProviderRef<'_>> {
        vec![OidcProviderRef { url: &self.url, client_ids: &self.client_ids, jwks: self.jwks.as_ref() }]
    }

    fn verify(&self, token: &str, now_ms: i64) -> Result<VerifiedWebIdentity, WebIdentityError> {
        verify_web_identity_token(token, &self.providers(), now_ms)
    }
}

fn github_world() -> (World, SigningKey) {
    let key = es256_key(GITHUB);
    (World::new(GITHUB, &["sts.amazonaws.com"], &key), key)
}

fn verify_jws(token: &str, jwks: &Jwks) -> Result<(), JoseError> {
    jwt::decode(token)?.verify(jwks).map(|_| ())
}

// ---------------------------------------------------------------------------------------------
// JOSE: RFC vectors
// ---------------------------------------------------------------------------------------------

#[test]
fn rfc7515_a2_rs256_example_verifies_and_is_reproduced_exactly() {
    // RFC 7515 A.2: RSASSA-PKCS1-v1_5 is deterministic, so signing the same input with the
    // same key gives the RFC's signature byte for byte.
    let jwks = jwks_of(&[public_only(&rfc7515_a2_jwk())]);
    verify_jws(&rfc7515_a2_token(), &jwks).expect("RFC 7515 A.2 verifies");
    let payload = jwt::b64url_decode(RFC7515_PAYLOAD_B64).unwrap();
    let minted = jwt::sign_compact(&rsa_key(), &json!({"alg": "RS256"}), &payload).unwrap();
    assert_eq!(minted, rfc7515_a2_token());
}

#[test]
fn rfc7515_a3_es256_example_verifies() {
    // RFC 7515 A.3: ECDSA signatures are randomized in the RFC, so only verification is fixed.
    let jwks = jwks_of(&[public_only(&rfc7515_a3_jwk())]);
    verify_jws(&rfc7515_a3_token(), &jwks).expect("RFC 7515 A.3 verifies");
    // Our own signature with the RFC key (RFC 6979 nonces) verifies with the same public key.
    let key = SigningKey::from_jwk(&rfc7515_a3_jwk()).unwrap();
    let payload = jwt::b64url_decode(RFC7515_PAYLOAD_B64).unwrap();
    let minted = jwt::sign_compact(&key, &json!({"alg": "ES256"}), &payload).unwrap();
    verify_jws(&minted, &jwks).unwrap();
}

#[test]
fn rfc7520_4_1_rs256_example_verifies_and_is_reproduced_exactly() {
    let jwk = rfc7520_rsa_jwk();
    let jwks = jwks_of(&[public_only(&jwk)]);
    verify_jws(&rfc7520_4_1_token(), &jwks).expect("RFC 7520 §4.1 verifies");
    let key = SigningKey::from_jwk(&jwk).unwrap();
    let payload = jwt::b64url_decode(RFC7520_PAYLOAD_B64).unwrap();
    let header = json!({"alg": "RS256", "kid": "bilbo.baggins@hobbiton.example"});
    assert_eq!(jwt::sign_compact(&key, &header, &payload).unwrap(), rfc7520_4_1_token());
}

#[test]
fn rfc7515_a1_hs256_example_is_refused() {
    // RFC 7515 A.1 (HMAC SHA-256): a verifier that holds only public keys refuses HS*.
    let token = format!("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.{RFC7515_PAYLOAD_B64}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    assert_eq!(jwt::decode(&token).unwrap_err(), JoseError::UnsupportedAlg("HS256".into()));
}

#[test]
fn rfc7638_thumbprint_example() {
    // RFC 7638 §3.1: the thumbprint of the RFC 7517 Appendix A.1 RSA key.
    let jwk = json!({
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    });
    assert_eq!(jwt::thumbprint(&jwk).unwrap(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

#[test]
fn minted_kid_is_the_rfc7638_thumbprint_of_the_published_jwk() {
    for key in [rsa_key(), es256_key(GITHUB), SigningKey::derive(7, GITHUB, Alg::ES384)] {
        let jwk = key.public_jwk();
        assert_eq!(jwt::thumbprint(&jwk).unwrap(), key.kid());
        assert_eq!(jwk["kid"], json!(key.kid()));
        assert_eq!(jwk["use"], "sig");
    }
}

// ---------------------------------------------------------------------------------------------
// JOSE: round trips, tampering, key selection, algorithm confusion
// ---------------------------------------------------------------------------------------------

fn every_alg_key() -> Vec<SigningKey> {
    vec![
        rsa_key(),
        rsa_key().with_alg(Alg::RS384).unwrap(),
        rsa_key().with_alg(Alg::RS512).unwrap(),
        SigningKey::derive(1, "https://idp.example", Alg::ES256),
        SigningKey::derive(1, "https://idp.example", Alg::ES384),
    ]
}

#[test]
fn every_algorithm_round_trips() {
    for key in every_alg_key() {
        let token = jwt::mint(&key, &json!({"sub": "alice", "n": 1})).unwrap();
        let jws = jwt::decode(&token).unwrap();
        assert_eq!(jws.alg, key.alg());
        assert_eq!(jws.kid.as_deref(), Some(key.kid().as_str()));
        let jwks = Jwks::from_json(&key.jwks()).unwrap();
        jws.verify(&jwks).unwrap_or_else(|e| panic!("{}: {e}", key.alg()));
        assert_eq!(serde_json::from_slice::<Value>(&jws.payload).unwrap(), json!({"sub": "alice", "n": 1}));
    }
}

#[test]
fn minting_is_deterministic() {
    // RFC 6979 nonces and PKCS#1 v1.5: same key and claims, same token.
    for key in every_alg_key() {
        let claims = json!({"sub": "x"});
        assert_eq!(jwt::mint(&key, &claims).unwrap(), jwt::mint(&key, &claims).unwrap());
    }
}

#[test]
fn derived_keys_depend_on_seed_url_and_alg_only() {
    let a = SigningKey::derive(42, GITHUB, Alg::ES256);
    assert_eq!(a.kid(), SigningKey::derive(42, GITHUB, Alg::ES256).kid());
    assert_ne!(a.kid(), SigningKey::derive(43, GITHUB, Alg::ES256).kid());
    assert_ne!(a.kid(), SigningKey::derive(42, "https://other.example", Alg::ES256).kid());
    // Pinned so a dependency upgrade or a refactor cannot silently change every world's keys
    // (if this fails on purpose, bump SIGNING_KEY_LABEL's version). The RSA key comes from
    // crypto::prime's search, the simulator's own, so it is pinned as well.
    assert_eq!(SigningKey::derive(1, "https://idp.example", Alg::ES256).kid(), "NaqkgCxOPeNBeOXmw0orflQ59vyMUudP8-Ay1hhnyd8");
    assert_eq!(SigningKey::derive(1, "https://idp.example", Alg::ES384).kid(), "uQKf13-W8mArEdzx5fsAcr1rs3WdVfd9bS8l5CCC07A");
    assert_eq!(SigningKey::derive(1, "https://idp.example", Alg::RS256).kid(), "VCA_vOIFa3TvApHkrmZIjGrwPE2kfw26KxD9XVxpciU");
}

/// Base64url characters used to replace a token character with a different one.
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Every single-character edit of `token` at every position: two substitutions (a
/// neighbouring and a distant alphabet character), a non-alphabet character, a deletion and an
/// insertion.
fn single_edits(token: &str) -> Vec<String> {
    let bytes = token.as_bytes();
    let mut out = Vec::new();
    for i in 0..bytes.len() {
        let c = bytes[i];
        let pos = ALPHABET.iter().position(|&a| a == c).unwrap_or(0);
        for sub in [ALPHABET[(pos + 1) % 64], ALPHABET[(pos + 32) % 64], b'='] {
            if sub != c {
                let mut t = bytes.to_vec();
                t[i] = sub;
                out.push(String::from_utf8(t).unwrap());
            }
        }
        let mut del = bytes.to_vec();
        del.remove(i);
        out.push(String::from_utf8(del).unwrap());
        let mut ins = bytes.to_vec();
        ins.insert(i, b'A');
        out.push(String::from_utf8(ins).unwrap());
    }
    out
}

#[test]
fn every_single_character_edit_of_a_minted_token_is_refused() {
    // Header, payload and signature alike: the canonical base64url decoding means no edit can
    // keep the decoded bytes, and the signature covers header and payload.
    for key in [rsa_key(), SigningKey::derive(1, "https://idp.example", Alg::ES256)] {
        let jwks = Jwks::from_json(&key.jwks()).unwrap();
        let token = jwt::mint(&key, &json!({"sub": "repo:octo-org/octo-repo:ref:refs/heads/main", "aud": "sts.amazonaws.com"})).unwrap();
        verify_jws(&token, &jwks).unwrap();
        let edits = single_edits(&token);
        assert!(edits.len() > 4 * token.len());
        for edited in edits {
            assert!(verify_jws(&edited, &jwks).is_err(), "{} accepted an edited token: {edited}", key.alg());
        }
    }
}

#[test]
fn rfc_vectors_refuse_every_single_character_edit() {
    let jwks = jwks_of(&[public_only(&rfc7515_a3_jwk())]);
    for edited in single_edits(&rfc7515_a3_token()) {
        assert!(verify_jws(&edited, &jwks).is_err(), "{edited}");
    }
}

#[test]
fn a_kid_the_key_set_does_not_hold_is_refused() {
    let key = es256_key(GITHUB);
    let jwks = Jwks::from_json(&key.jwks()).unwrap();
    let token = jwt::mint_with_header(&key, &json!({"kid": "rotated-away"}), &json!({})).unwrap();
    assert!(matches!(verify_jws(&token, &jwks), Err(JoseError::NoKey(m)) if m.contains("rotated-away")));
}

#[test]
fn a_token_signed_by_another_key_is_refused() {
    // Same kid, different key material: the signature check, not the kid, decides.
    let real = es256_key(GITHUB);
    let forger = SigningKey::derive(666, GITHUB, Alg::ES256);
    let token = jwt::mint_with_header(&forger, &json!({"kid": real.kid()}), &json!({"sub": "x"})).unwrap();
    let jwks = Jwks::from_json(&real.jwks()).unwrap();
    assert!(matches!(verify_jws(&token, &jwks), Err(JoseError::BadSignature { .. })));
}

#[test]
fn without_a_kid_the_single_suitable_key_is_used_and_several_are_ambiguous() {
    // OpenID Connect Core 1.0 §10.1: a kid is required when the set holds several keys.
    let key = es256_key(GITHUB);
    let token = jwt::mint_with_header(&key, &json!({"typ": "JWT"}), &json!({"sub": "x"})).unwrap();
    // One EC key next to an RSA key: the EC key is the only candidate for ES256.
    let one = jwks_of(&[key.public_jwk(), rsa_key().public_jwk()]);
    verify_jws(&token, &one).unwrap();
    let two = jwks_of(&[key.public_jwk(), SigningKey::derive(8, GITHUB, Alg::ES256).public_jwk()]);
    assert!(matches!(verify_jws(&token, &two), Err(JoseError::NoKey(m)) if m.contains("several")));
}

#[test]
fn alg_none_is_refused() {
    // RFC 7519 §6: unsecured JWTs; the classic `"alg":"none"` bypass, with and without a signature.
    let h = jwt::b64url_encode(br#"{"alg":"none","typ":"JWT"}"#);
    let p = jwt::b64url_encode(br#"{"sub":"admin"}"#);
    for token in [format!("{h}.{p}."), format!("{h}.{p}.c2ln")] {
        assert_eq!(jwt::decode(&token).unwrap_err(), JoseError::AlgNone);
    }
    let h = jwt::b64url_encode(br#"{"alg":"None"}"#);
    assert!(matches!(jwt::decode(&format!("{h}.{p}.")), Err(JoseError::UnsupportedAlg(a)) if a == "None"));
}

#[test]
fn hs256_signed_with_the_rsa_public_key_is_refused() {
    // The algorithm-confusion attack: take the IdP's public key (here its JWK JSON and its n
    // bytes) as an HMAC secret. The token is a valid HMAC, and must still be refused.
    use hmac::{KeyInit, Mac};
    let key = rsa_key();
    let jwks = Jwks::from_json(&key.jwks()).unwrap();
    let n = jwt::b64url_decode(key.public_jwk()["n"].as_str().unwrap()).unwrap();
    let jwk_text = key.public_jwk().to_string();
    for secret in [jwk_text.as_bytes(), n.as_slice()] {
        let h = jwt::b64url_encode(format!(r#"{{"alg":"HS256","kid":"{}"}}"#, key.kid()).as_bytes());
        let p = jwt::b64url_encode(br#"{"sub":"admin"}"#);
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
        mac.update(format!("{h}.{p}").as_bytes());
        let token = format!("{h}.{p}.{}", jwt::b64url_encode(&mac.finalize().into_bytes()));
        assert_eq!(verify_jws(&token, &jwks).unwrap_err(), JoseError::UnsupportedAlg("HS256".into()));
    }
}

#[test]
fn a_key_is_never_used_for_another_algorithm() {
    let rsa = rsa_key();
    let ec = SigningKey::derive(1, "https://idp.example", Alg::ES256);
    let ec384 = SigningKey::derive(1, "https://idp.example", Alg::ES384);
    // An RS256 token pointing at the EC key's kid, and an ES256 token pointing at the RSA key.
    let t1 = jwt::mint_with_header(&rsa, &json!({"kid": ec.kid()}), &json!({})).unwrap();
    let t2 = jwt::mint_with_header(&ec, &json!({"kid": rsa.kid()}), &json!({})).unwrap();
    // An ES384 token pointing at a P-256 key.
    let t3 = jwt::mint_with_header(&ec384, &json!({"kid": ec.kid()}), &json!({})).unwrap();
    let jwks = jwks_of(&[rsa.public_jwk(), ec.public_jwk()]);
    for t in [t1, t2, t3] {
        assert!(matches!(verify_jws(&t, &jwks), Err(JoseError::NoKey(m)) if m.contains("cannot verify")));
    }
    // A key that states its alg is not used for a sibling algorithm (RFC 7517 §4.4).
    let rs384 = rsa.clone().with_alg(Alg::RS384).unwrap();
    let token = jwt::mint(&rs384, &json!({})).unwrap();
    let jwks = Jwks::from_json(&rsa.jwks()).unwrap(); // published with "alg": "RS256"
    assert!(matches!(verify_jws(&token, &jwks), Err(JoseError::NoKey(m)) if m.contains("is for RS256")));
    // Nor is an encryption key (RFC 7517 §4.2).
    let mut enc = rsa.public_jwk();
    enc["use"] = json!("enc");
    let token = jwt::mint(&rsa, &json!({})).unwrap();
    assert!(matches!(verify_jws(&token, &jwks_of(&[enc])), Err(JoseError::NoKey(m)) if m.contains("\"enc\"")));
}

#[test]
fn crit_headers_are_refused() {
    // RFC 7515 §4.1.11, and RFC 7797's unencoded payloads (which need crit: ["b64"]).
    let key = es256_key(GITHUB);
    let token = jwt::mint_with_header(&key, &json!({"kid": key.kid(), "b64": false, "crit": ["b64"]}), &json!({})).unwrap();
    assert_eq!(jwt::decode(&token).unwrap_err(), JoseError::Crit(vec!["b64".into()]));
}

#[test]
fn malformed_tokens_are_refused() {
    let key = es256_key(GITHUB);
    let good = jwt::mint(&key, &json!({"sub": "x"})).unwrap();
    let (h, rest) = good.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    let cases = [
        String::new(),
        "abc".into(),
        format!("{h}.{p}"),
        format!("{h}.{p}.{s}.x"),
        format!("{h}={h}.{p}.{s}"),
        format!("{h}=.{p}.{s}"),
        format!("{h}.{p}.{s}="),
        format!(" {good}"),
        format!("{good}\n"),
        format!("{}.{p}.{s}", jwt::b64url_encode(b"[1,2]")),
        format!("{}.{p}.{s}", jwt::b64url_encode(b"{\"alg\":256}")),
        format!("{}.{p}.{s}", jwt::b64url_encode(b"{}")),
        format!("{}.{p}.{s}", jwt::b64url_encode(b"{\"alg\":\"ES256\",\"kid\":7}")),
        // A five-part JWE.
        "a.b.c.d.e".into(),
        // Standard base64 with '+' and '/' is not base64url.
        good.replace('-', "+").replace('_', "/"),
    ];
    let jwks = Jwks::from_json(&key.jwks()).unwrap();
    for t in cases {
        if t == good {
            continue; // the replace found nothing to change
        }
        assert!(verify_jws(&t, &jwks).is_err(), "accepted {t:?}");
    }
}

#[test]
fn der_encoded_ecdsa_signatures_are_refused() {
    // RFC 7518 §3.4: the JWS signature is R || S, not an ASN.1 DER structure.
    let key = es256_key(GITHUB);
    let token = jwt::mint(&key, &json!({})).unwrap();
    let (input, sig) = token.rsplit_once('.').unwrap();
    let raw = jwt::b64url_decode(sig).unwrap();
    let der = p256::ecdsa::Signature::from_slice(&raw).unwrap().to_der();
    let forged = format!("{input}.{}", jwt::b64url_encode(der.as_bytes()));
    assert!(matches!(verify_jws(&forged, &Jwks::from_json(&key.jwks()).unwrap()), Err(JoseError::BadSignature { .. })));
}

#[test]
fn unusable_keys_in_a_set_are_skipped_not_fatal() {
    // RFC 7517 §5: ignore keys with unknown kty, missing members or out-of-range values.
    let key = es256_key(GITHUB);
    let set = json!({"keys": [
        {"kty": "oct", "k": "c2VjcmV0"},
        {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
        {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
        {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"},
        key.public_jwk()
    ]});
    let jwks = Jwks::from_json(&set).unwrap();
    assert_eq!(jwks.keys.len(), 1);
    assert_eq!(jwks.skipped.len(), 4);
    verify_jws(&jwt::mint(&key, &json!({})).unwrap(), &jwks).unwrap();
    assert!(Jwks::from_json(&json!([key.public_jwk()])).is_err());
}

#[test]
fn keys_load_from_pkcs8_pem_and_jwk() {
    for key in [rsa_key(), SigningKey::derive(3, GITHUB, Alg::ES256), SigningKey::derive(3, GITHUB, Alg::ES384)] {
        let pem = key.to_pkcs8_pem().unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let back = SigningKey::from_pem(&pem, key.alg()).unwrap();
        assert_eq!(back.kid(), key.kid());
        // The wrong algorithm family for the PEM's key is refused.
        let other = if key.alg() == Alg::ES256 { Alg::ES384 } else { Alg::ES256 };
        assert!(SigningKey::from_pem(&pem, other).is_err());
    }
    // A JWK without its private members cannot sign.
    assert!(SigningKey::from_jwk(&public_only(&rfc7515_a3_jwk())).is_err());
    // A JWK whose d belongs to another key is refused.
    let mut wrong = rfc7515_a3_jwk();
    wrong["d"] = json!(jwt::b64url_encode(&[7u8; 32]));
    assert!(SigningKey::from_jwk(&wrong).is_err());
}

// ---------------------------------------------------------------------------------------------
// AWS: AssumeRoleWithWebIdentity's checks
// ---------------------------------------------------------------------------------------------

#[test]
fn a_github_actions_token_verifies_with_its_trace() {
    let (world, key) = github_world();
    let token = jwt::mint(&key, &github_claims("repo:octo-org/octo-repo:ref:refs/heads/main")).unwrap();
    let v = world.verify(&token, NOW_MS).unwrap();
    assert_eq!(v.provider_key, "token.actions.githubusercontent.com");
    assert_eq!(v.issuer, GITHUB);
    assert_eq!(v.subject, "repo:octo-org/octo-repo:ref:refs/heads/main");
    assert_eq!(v.audience, "sts.amazonaws.com");
    let ran: Vec<&str> = v.checks.iter().map(|c| c.check).collect();
    assert_eq!(ran, ["size", "jws", "claims", "issuer", "audience", "signature", "expiration", "not-before", "issued-at"]);
    assert!(v.checks.iter().all(|c| c.passed));
}

#[test]
fn github_subject_claims_become_case_sensitive_context_values() {
    // "Configuring a role for GitHub OIDC identity provider" (IAM User Guide); GitHub's
    // "Example subject claims": environments and pull requests have their own sub forms.
    let (world, key) = github_world();
    for sub in [
        "repo:octo-org/octo-repo:ref:refs/heads/main",
        "repo:octo-org/octo-repo:environment:Production",
        "repo:octo-org/octo-repo:pull_request",
        "repo:octo-org/octo-repo:ref:refs/tags/v1.0.0",
    ] {
        let v = world.verify(&jwt::mint(&key, &github_claims(sub)).unwrap(), NOW_MS).unwrap();
        let ctx = trust_policy_context(&v);
        assert_eq!(
            ctx,
            vec![
                ("token.actions.githubusercontent.com:aud".to_string(), vec!["sts.amazonaws.com".to_string()]),
                ("token.actions.githubusercontent.com:sub".to_string(), vec![sub.to_string()]),
            ]
        );
    }
}

#[test]
fn no_provider_for_the_issuer() {
    // "No OpenIDConnect provider found in your account for <iss>" (InvalidIdentityToken):
    // aws-actions/configure-aws-credentials#721, namespacelabs/foundation#801.
    let (world, key) = github_world();
    let mut claims = github_claims("repo:o/r:ref:refs/heads/main");
    claims["iss"] = json!("https://token.actions.githubusercontent.com/enterprise");
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!(err.code, "InvalidIdentityToken");
    assert_eq!(err.message, "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com/enterprise");
    // A trailing slash is part of the URL (re:Post, "resolve OIDC IdP federation errors").
    claims["iss"] = json!("https://token.actions.githubusercontent.com/");
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert!(err.message.starts_with("No OpenIDConnect provider found"));
}

#[test]
fn issuer_with_a_path_and_trailing_slash_matches_its_provider() {
    // gene1wood's Auth0 gist: provider "auth-dev.mozilla.auth0.com/", iss "https://auth-dev.mozilla.auth0.com/",
    // condition key "auth-dev.mozilla.auth0.com/:aud".
    let url = "https://auth-dev.mozilla.auth0.com/";
    let key = es256_key(url);
    let world = World::new(url, &["xRFzU2bj7Lrbo3875aXwyxIArdkq1AOT"], &key);
    let claims = json!({"iss": url, "sub": "ad|Mozilla-LDAP-Dev|gene", "aud": "xRFzU2bj7Lrbo3875aXwyxIArdkq1AOT", "iat": NOW, "exp": NOW + 3600});
    let v = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap();
    assert_eq!(trust_policy_context(&v)[0].0, "auth-dev.mozilla.auth0.com/:aud");
}

#[test]
fn wrong_audience() {
    // "Incorrect token audience" (InvalidIdentityToken): awslabs/amazon-eks-irsa-cfn#18
    // (sts.amazon.com instead of sts.amazonaws.com).
    let (world, key) = github_world();
    let mut claims = github_claims("repo:o/r:ref:refs/heads/main");
    claims["aud"] = json!("sts.amazon.com");
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!((err.code, err.message.as_str()), ("InvalidIdentityToken", "Incorrect token audience"));
    let last = err.checks.last().unwrap();
    assert_eq!((last.check, last.passed), ("audience", false));
    assert!(last.detail.contains("sts.amazon.com") && last.detail.contains("ClientIDList"));
}

#[test]
fn missing_audience() {
    // "Missing a required claim: aud" (InvalidIdentityToken): aws/aws-sdk-ruby#2698.
    let (world, key) = github_world();
    let mut claims = github_claims("repo:o/r:ref:refs/heads/main");
    claims.as_object_mut().unwrap().remove("aud");
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!((err.code, err.message.as_str()), ("InvalidIdentityToken", "Missing a required claim: aud"));
}

#[test]
fn an_array_audience_needs_one_listed_client_id() {
    // RFC 7519 §4.1.3: aud may be an array; OIDC Core §3.1.3.7 step 3: the client must be one of them.
    let (world, key) = github_world();
    let mut claims = github_claims("repo:o/r:ref:refs/heads/main");
    claims["aud"] = json!(["https://github.com/octo-org", "sts.amazonaws.com"]);
    let v = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap();
    assert_eq!(v.audience, "sts.amazonaws.com");
    assert_eq!(trust_policy_context(&v)[0].1, ["https://github.com/octo-org", "sts.amazonaws.com"]);
    claims["aud"] = json!(["https://github.com/octo-org", "other"]);
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!(err.message, "Incorrect token audience");
    claims["aud"] = json!(["sts.amazonaws.com", 7]);
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!(err.code, "InvalidIdentityToken");
}

#[test]
fn azp_is_the_audience_when_present() {
    // aws/aws-sdk-net#3071: aud listed, azp not → "Incorrect token audience"; the condition-keys
    // page: `:aud` is azp when azp is set.
    let url = "https://login.example.com/tenant/v2.0";
    let key = es256_key(url);
    let world = World::new(url, &["app-2"], &key);
    let base = json!({"iss": url, "sub": "user", "aud": "app-2", "azp": "app-1", "exp": NOW + 60});
    let err = world.verify(&jwt::mint(&key, &base).unwrap(), NOW_MS).unwrap_err();
    assert_eq!(err.message, "Incorrect token audience");
    let mut ok = base.clone();
    ok["aud"] = json!("https://api.example.com");
    ok["azp"] = json!("app-2");
    let v = world.verify(&jwt::mint(&key, &ok).unwrap(), NOW_MS).unwrap();
    assert_eq!(v.audience, "app-2");
    let ctx = trust_policy_context(&v);
    assert!(ctx.contains(&("login.example.com/tenant/v2.0:aud".into(), vec!["app-2".into()])));
    assert!(ctx.contains(&("login.example.com/tenant/v2.0:azp".into(), vec!["app-2".into()])));
    assert!(!ctx.iter().any(|(k, _)| k.ends_with(":oaud")));
}

#[test]
fn google_tokens_get_aud_and_oaud() {
    // "Available keys for AWS OIDC federation", accounts.google.com:aud/oaud: without azp both
    // are the aud; with azp, aud is azp and oaud is the aud.
    let url = "https://accounts.google.com";
    let key = SigningKey::derive(5, url, Alg::ES256);
    let world = World::new(url, &["web-client", "android-client"], &key);
    let claims = json!({"iss": url, "sub": "1100", "aud": "web-client", "exp": NOW + 60});
    let v = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap();
    let ctx = trust_policy_context(&v);
    assert!(ctx.contains(&("accounts.google.com:aud".into(), vec!["web-client".into()])));
    assert!(ctx.contains(&("accounts.google.com:oaud".into(), vec!["web-client".into()])));
    assert!(ctx.contains(&("accounts.google.com:sub".into(), vec!["1100".into()])));
    let hybrid = json!({"iss": url, "sub": "1100", "aud": "web-client", "azp": "android-client", "exp": NOW + 60});
    let v = world.verify(&jwt::mint(&key, &hybrid).unwrap(), NOW_MS).unwrap();
    let ctx = trust_policy_context(&v);
    assert!(ctx.contains(&("accounts.google.com:aud".into(), vec!["android-client".into()])));
    assert!(ctx.contains(&("accounts.google.com:oaud".into(), vec!["web-client".into()])));
    // Google's iss without the scheme finds the same provider.
    let bare = json!({"iss": "accounts.google.com", "sub": "1100", "aud": "web-client", "exp": NOW + 60});
    assert_eq!(world.verify(&jwt::mint(&key, &bare).unwrap(), NOW_MS).unwrap().provider_key, "accounts.google.com");
}

#[test]
fn cognito_amr_is_multivalued() {
    // "Available keys for AWS OIDC federation", amr: `authenticated` plus the login provider.
    let url = "https://cognito-identity.amazonaws.com";
    let key = SigningKey::derive(5, url, Alg::ES256);
    let world = World::new(url, &["us-east-2:12345678-abcd-abcd-abcd-123456790ab"], &key);
    let claims = json!({
        "iss": url, "sub": "us-east-2:0000", "aud": "us-east-2:12345678-abcd-abcd-abcd-123456790ab",
        "amr": ["authenticated", "accounts.google.com", "accounts.google.com:us-east-2:0000"], "exp": NOW + 60
    });
    let v = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap();
    let ctx = trust_policy_context(&v);
    assert!(ctx.contains(&(
        "cognito-identity.amazonaws.com:amr".into(),
        vec!["authenticated".into(), "accounts.google.com".into(), "accounts.google.com:us-east-2:0000".into()]
    )));
    assert!(ctx.contains(&("cognito-identity.amazonaws.com:aud".into(), vec!["us-east-2:12345678-abcd-abcd-abcd-123456790ab".into()])));
}

#[test]
fn login_with_amazon_and_facebook_keys() {
    // "Available keys for AWS OIDC federation": graph.facebook.com:app_id / :id,
    // www.amazon.com:app_id / :user_id.
    assert_eq!(
        oauth_provider_context("graph.facebook.com", "123", "456").unwrap(),
        vec![("graph.facebook.com:app_id".into(), vec!["123".into()]), ("graph.facebook.com:id".into(), vec!["456".into()])]
    );
    assert_eq!(oauth_provider_context("www.amazon.com", "amzn1.application.x", "amzn1.account.y").unwrap()[1].0, "www.amazon.com:user_id");
    assert!(oauth_provider_context("example.com", "a", "b").is_none());
}

#[test]
fn expiry_allows_five_minutes_of_clock_skew() {
    // "OIDC federation" (IAM User Guide): five minutes beyond exp. The message is STS's, as
    // quoted in aws/aws-sdk-java-v2#5709 (ExpiredTokenException).
    let (world, key) = github_world();
    let mut claims = github_claims("repo:o/r:ref:refs/heads/main");
    let exp = NOW - 100;
    claims["exp"] = json!(exp);
    let token = jwt::mint(&key, &claims).unwrap();
    // 100 s past exp: inside the window.
    let v = world.verify(&token, NOW_MS).unwrap();
    assert!(v.checks.iter().any(|c| c.check == "expiration" && c.detail.contains("clock-skew window")));
    // One millisecond before exp + 300: still accepted; at exp + 300: refused.
    world.verify(&token, (exp + 300) * 1000 - 1).unwrap();
    let err = world.verify(&token, (exp + 300) * 1000).unwrap_err();
    assert_eq!(err.code, "ExpiredTokenException");
    assert_eq!(err.message, format!("Token expired: current date/time {} must be before the expiration date/time {exp}", exp + 300));
}

#[test]
fn exp_is_required_and_must_be_a_number() {
    let (world, key) = github_world();
    let mut claims = github_claims("repo:o/r:ref:refs/heads/main");
    claims.as_object_mut().unwrap().remove("exp");
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!(err.message, "Missing a required claim: exp");
    claims["exp"] = json!("tomorrow");
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!(err.code, "InvalidIdentityToken");
    // A fractional NumericDate is valid (RFC 7519 §2).
    claims["exp"] = json!(NOW as f64 + 0.5);
    world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap();
}

#[test]
fn not_yet_valid_tokens() {
    // nbf (RFC 7519 §4.1.5): AWS documents no rule; the simulator allows the same 5 minutes.
    let (world, key) = github_world();
    let mut claims = github_claims("repo:o/r:ref:refs/heads/main");
    claims["exp"] = json!(NOW + 3600);
    claims["nbf"] = json!(NOW + 300);
    world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap();
    claims["nbf"] = json!(NOW + 301);
    let err = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!(err.code, "InvalidIdentityToken");
    assert!(err.message.starts_with("Token not yet valid"));
    // A future iat is recorded, not refused (no documented rule).
    claims["nbf"] = json!(NOW);
    claims["iat"] = json!(NOW + 3000);
    world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap();
}

#[test]
fn signature_failures_are_invalid_identity_token() {
    let (world, key) = github_world();
    let claims = github_claims("repo:o/r:ref:refs/heads/main");
    // Forged by another key under the real kid.
    let forger = SigningKey::derive(99, GITHUB, Alg::ES256);
    let forged = jwt::mint_with_header(&forger, &json!({"kid": key.kid()}), &claims).unwrap();
    let err = world.verify(&forged, NOW_MS).unwrap_err();
    assert_eq!(err.code, "InvalidIdentityToken");
    assert_eq!(err.message, NOT_VALIDATED);
    assert_eq!(err.checks.last().unwrap().check, "signature");
    // A kid the provider does not publish.
    let unknown = jwt::mint(&forger, &claims).unwrap();
    let err = world.verify(&unknown, NOW_MS).unwrap_err();
    assert_eq!(err.message, NO_VERIFICATION_KEY);
    // A provider without keys in this world.
    let keyless = World { jwks: None, ..World::new(GITHUB, &["sts.amazonaws.com"], &key) };
    let err = keyless.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap_err();
    assert_eq!(err.message, NO_VERIFICATION_KEY);
    // alg none with otherwise perfect claims.
    let h = jwt::b64url_encode(br#"{"alg":"none"}"#);
    let p = jwt::b64url_encode(claims.to_string().as_bytes());
    let err = world.verify(&format!("{h}.{p}."), NOW_MS).unwrap_err();
    assert_eq!((err.code, err.checks.last().unwrap().check), ("InvalidIdentityToken", "jws"));
}

#[test]
fn every_edit_of_a_web_identity_token_is_refused_by_sts() {
    let (world, key) = github_world();
    let token = jwt::mint(&key, &github_claims("repo:o/r:ref:refs/heads/main")).unwrap();
    world.verify(&token, NOW_MS).unwrap();
    for edited in single_edits(&token) {
        assert!(world.verify(&edited, NOW_MS).is_err(), "{edited}");
    }
}

#[test]
fn token_length_limits() {
    // botocore clientTokenType: 4..20000.
    let (world, key) = github_world();
    let mut claims = github_claims("repo:o/r:ref:refs/heads/main");
    claims["pad"] = json!("x".repeat(15_000));
    let token = jwt::mint(&key, &claims).unwrap();
    assert!(token.len() > WEB_IDENTITY_TOKEN_MAX_LEN);
    let err = world.verify(&token, NOW_MS).unwrap_err();
    assert_eq!(err.code, "ValidationError");
    assert!(err.message.ends_with("Member must have length less than or equal to 20000"));
    assert_eq!(world.verify("a.b", NOW_MS).unwrap_err().code, "ValidationError");
}

#[test]
fn session_tags_and_source_identity_from_the_token() {
    // "Passing session tags using AssumeRoleWithWebIdentity" and "Using source identity with
    // AssumeRoleWithWebIdentity": the documented example tokens.
    let url = "https://xyz.com";
    let key = es256_key(url);
    let world = World::new(url, &["ac_oic_client"], &key);
    let claims = json!({
        "sub": "johndoe", "aud": "ac_oic_client", "jti": "ZYUCeRMQVtqHypVPWAN3VB", "iss": url,
        "iat": NOW, "exp": NOW + 60, "auth_time": NOW - 2,
        "https://aws.amazon.com/tags": {
            "principal_tags": {"Project": ["Automation"], "CostCenter": ["987654"], "Department": ["Engineering"]},
            "transitive_tag_keys": ["Project", "CostCenter"]
        },
        "https://aws.amazon.com/source_identity": "Admin"
    });
    let v = world.verify(&jwt::mint(&key, &claims).unwrap(), NOW_MS).unwrap();
    let tags = session_tags(&v).unwrap().unwrap();
    assert_eq!(
        tags.tags,
        vec![("Project".into(), "Automation".into()), ("CostCenter".into(), "987654".into()), ("Department".into(), "Engineering".into())]
    );
    assert_eq!(tags.transitive_tag_keys, ["Project", "CostCenter"]);
    assert_eq!(source_identity(&v).unwrap().as_deref(), Some("Admin"));

    // Session tags are single-valued ("Things to know about session tags").
    let mut multi = claims.clone();
    multi[TAGS_CLAIM]["principal_tags"]["Project"] = json!(["a", "b"]);
    let v = world.verify(&jwt::mint(&key, &multi).unwrap(), NOW_MS).unwrap();
    assert_eq!(session_tags(&v).unwrap_err().code, "InvalidIdentityToken");
    // Without the claims: nothing.
    let plain = json!({"sub": "johndoe", "aud": "ac_oic_client", "iss": url, "exp": NOW + 60});
    let v = world.verify(&jwt::mint(&key, &plain).unwrap(), NOW_MS).unwrap();
    assert_eq!(session_tags(&v).unwrap(), None);
    assert_eq!(source_identity(&v).unwrap(), None);
}

#[test]
fn several_providers_are_told_apart_by_iss() {
    let gh = es256_key(GITHUB);
    let eks_url = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    let eks = SigningKey::derive(7, eks_url, Alg::ES384);
    let (gh_ids, eks_ids) = (vec!["sts.amazonaws.com".to_string()], vec!["sts.amazonaws.com".to_string()]);
    let (gh_jwks, eks_jwks) = (gh.jwks(), eks.jwks());
    let providers = [
        OidcProviderRef { url: GITHUB, client_ids: &gh_ids, jwks: Some(&gh_jwks) },
        OidcProviderRef { url: eks_url, client_ids: &eks_ids, jwks: Some(&eks_jwks) },
    ];
    let claims = json!({"iss": eks_url, "sub": "system:serviceaccount:default:assumer", "aud": "sts.amazonaws.com", "exp": NOW + 60});
    let v = verify_web_identity_token(&jwt::mint(&eks, &claims).unwrap(), &providers, NOW_MS).unwrap();
    assert_eq!(
        trust_policy_context(&v)[1],
        ("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub".to_string(), vec!["system:serviceaccount:default:assumer".to_string()])
    );
    // The EKS token signed by GitHub's key is refused: each provider has its own keys.
    let err = verify_web_identity_token(&jwt::mint(&gh, &claims).unwrap(), &providers, NOW_MS).unwrap_err();
    assert_eq!(err.message, NO_VERIFICATION_KEY);
}

/// Key generation cost, for the report: `cargo test --release --lib federation -- --ignored timing --nocapture`.
#[test]
#[ignore]
fn timing() {
    let t = std::time::Instant::now();
    let a = SigningKey::derive(1, GITHUB, Alg::RS256);
    let first = t.elapsed();
    let mut total = first;
    for seed in 2..6 {
        let t = std::time::Instant::now();
        let _ = SigningKey::derive(seed, GITHUB, Alg::RS256);
        total += t.elapsed();
    }
    println!("RSA-2048 keygen: first {first:?}, mean of 5 {:?}", total / 5);
    assert_eq!(a.kid(), SigningKey::derive(1, GITHUB, Alg::RS256).kid(), "RSA derivation is deterministic");
    let t = std::time::Instant::now();
    for seed in 0..100 {
        let _ = SigningKey::derive(seed, GITHUB, Alg::ES256);
    }
    println!("P-256 keygen: {:?} each", t.elapsed() / 100);
    let t = std::time::Instant::now();
    for seed in 0..100 {
        let _ = SigningKey::derive(seed, GITHUB, Alg::ES384);
    }
    println!("P-384 keygen: {:?} each", t.elapsed() / 100);
    let (world, key) = github_world();
    let token = jwt::mint(&key, &github_claims("repo:o/r:ref:refs/heads/main")).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..200 {
        world.verify(&token, NOW_MS).unwrap();
    }
    println!("ES256 verify_web_identity_token: {:?} each", t.elapsed() / 200);
    let rsa = rsa_key();
    let rsa_world = World::new(GITHUB, &["sts.amazonaws.com"], &rsa);
    let token = jwt::mint(&rsa, &github_claims("repo:o/r:ref:refs/heads/main")).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..200 {
        rsa_world.verify(&token, NOW_MS).unwrap();
    }
    println!("RS256 verify_web_identity_token: {:?} each", t.elapsed() / 200);
    let t = std::time::Instant::now();
    for _ in 0..50 {
        let _ = jwt::mint(&rsa, &json!({"sub": "x"}));
    }
    println!("RS256 mint: {:?} each", t.elapsed() / 50);
}

/// Tokens and key sets for checking minted tokens with another JOSE implementation (for example
/// Node's `crypto.verify` with a JWK and `dsaEncoding: "ieee-p1363"`):
/// `cargo test --lib federation -- --ignored interop_vectors --nocapture`.
#[test]
#[ignore]
fn interop_vectors() {
    for key in every_alg_key() {
        let token = jwt::mint(&key, &github_claims("repo:octo-org/octo-repo:ref:refs/heads/main")).unwrap();
        println!("INTEROP {}", json!({"alg": key.alg(), "token": token, "jwks": key.jwks()}));
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn verify_never_panics_on_arbitrary_strings(s in ".{0,400}") {
            let (world, _) = github_world();
            let _ = world.verify(&s, NOW_MS);
        }

        #[test]
        fn verify_never_panics_on_dotted_base64(h in "[A-Za-z0-9_-]{0,80}", p in "[A-Za-z0-9_-]{0,200}", s in "[A-Za-z0-9_-]{0,120}") {
            let (world, _) = github_world();
            let _ = world.verify(&format!("{h}.{p}.{s}"), NOW_MS);
        }

        #[test]
        fn verify_never_panics_on_arbitrary_json_parts(header in any::<Vec<u8>>(), payload in any::<Vec<u8>>(), sig in any::<Vec<u8>>()) {
            let (world, _) = github_world();
            let token = format!("{}.{}.{}", jwt::b64url_encode(&header), jwt::b64url_encode(&payload), jwt::b64url_encode(&sig));
            let _ = world.verify(&token, NOW_MS);
        }

        #[test]
        fn verify_never_panics_on_hostile_headers_and_claims(alg in prop::sample::select(vec!["ES256", "RS256", "ES384", "none", "HS256", ""]),
                                                            kid in prop::option::of(".{0,20}"),
                                                            exp in prop::option::of(any::<f64>()),
                                                            aud in prop::option::of(".{0,10}")) {
            let (world, key) = github_world();
            let mut header = json!({"alg": alg});
            if let Some(k) = kid { header["kid"] = json!(k); }
            let mut claims = json!({"iss": GITHUB, "sub": "s"});
            if let Some(e) = exp { claims["exp"] = serde_json::Number::from_f64(e).map(Value::Number).unwrap_or(Value::Null); }
            if let Some(a) = aud { claims["aud"] = json!(a); }
            let h = jwt::b64url_encode(header.to_string().as_bytes());
            let p = jwt::b64url_encode(claims.to_string().as_bytes());
            let signed = jwt::mint_with_header(&key, &header, &claims).unwrap();
            let sig = signed.rsplit('.').next().unwrap_or_default().to_string();
            let _ = world.verify(&format!("{h}.{p}.{sig}"), NOW_MS);
            let _ = world.verify(&signed, NOW_MS);
        }
    }
}
