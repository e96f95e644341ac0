//! Outbound identity federation: the issuer an account's GetWebIdentityToken tokens name, its
//! OpenID Connect discovery document and its JSON Web Key Set ("Getting started with outbound
//! identity federation", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_getting_started.html;
//! IAM API reference, EnableOutboundWebIdentityFederation: "a unique issuer URL for your AWS
//! account that hosts the OpenID Connect (OIDC) discovery endpoints at
//! /.well-known/openid-configuration and /.well-known/jwks.json").
//!
//! The issuer's form is the documentation's sample, `https://<id>.tokens.sts.global.api.aws`
//! ("Understanding token claims"); how AWS chooses `<id>` is not documented, so sts-sim derives
//! a UUID-shaped one from the seed and the account id. The signing keys (RS256 and ES384, the two
//! `SigningAlgorithm`s) are derived from the seed for the issuer URL (`SigningKey::derive`).

use serde_json::{Value, json};

use super::oidc::OidcKeys;
use crate::federation::jwt::Alg;
use crate::rng::derive_key;

/// The `SigningAlgorithm`s GetWebIdentityToken accepts (botocore's STS model, `jwtAlgorithmType`:
/// "Valid values are RS256 (RSA with SHA-256) and ES384 (ECDSA using P-384 curve with SHA-384)").
pub const SIGNING_ALGORITHMS: [Alg; 2] = [Alg::RS256, Alg::ES384];

pub use crate::federation::{OUTBOUND_ISSUER_HOST_SUFFIX as ISSUER_HOST_SUFFIX, is_outbound_issuer};

/// `https://<uuid>.tokens.sts.global.api.aws` for `account` (see the module documentation).
pub fn issuer(seed: u64, account: &str) -> String {
    let k = derive_key(seed, &format!("sts-sim/outbound-issuer/{account}"));
    let h: String = k[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("https://{}-{}-{}-{}-{}{ISSUER_HOST_SUFFIX}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// `/.well-known/openid-configuration`. AWS documents only that the document exists; the members
/// are those OpenID Connect Discovery 1.0 §3 requires, filled with what sts-sim issues.
pub fn openid_configuration(issuer: &str) -> Value {
    json!({
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "response_types_supported": ["id_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": SIGNING_ALGORITHMS.iter().map(|a| a.name()).collect::<Vec<_>>(),
    })
}

/// `/.well-known/jwks.json`: the public keys of both algorithms.
pub fn jwks(keys: &mut OidcKeys, issuer: &str) -> Value {
    let keys: Vec<Value> = SIGNING_ALGORITHMS.iter().map(|&a| keys.derived(issuer, a).public_jwk()).collect();
    json!({ "keys": keys })
}
