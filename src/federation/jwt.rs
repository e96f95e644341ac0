//! JSON Web Tokens in the JWS Compact Serialization: parsing, signature verification against a
//! JSON Web Key Set, and minting. Standards only (RFC 7515 JWS, RFC 7517 JWK, RFC 7518 JWA,
//! RFC 7519 JWT, RFC 7638 thumbprints); what AWS does with a verified token lives in
//! `federation/mod.rs`.
//!
//! Algorithms: RS256/RS384/RS512 (RSASSA-PKCS1-v1_5, RFC 7518 §3.3) and ES256/ES384 (ECDSA
//! P-256/P-384 with raw `r || s` signatures, RFC 7518 §3.4). Everything else, `none` and the
//! HMAC family included, is refused: a web-identity verifier only holds public keys, so an
//! `HS256` token "signed" with the public key as the secret must never verify (the classic
//! algorithm-confusion attack).
//!
//! Signing is deterministic: ECDSA nonces follow RFC 6979 and PKCS#1 v1.5 has no randomness,
//! so a minted token depends only on its key and claims. Keys derived from the world seed use
//! [`SimRng`], never the operating system.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::crypto::ec::{self, Curve};
use crate::crypto::bigint::Uint;
use crate::crypto::{Hash, rsa};
use crate::rng::SimRng;

/// A JWS algorithm this module verifies and signs with (RFC 7518 §3.1 names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alg {
    RS256,
    RS384,
    RS512,
    ES256,
    ES384,
}

impl Alg {
    pub const ALL: [Alg; 5] = [Alg::RS256, Alg::RS384, Alg::RS512, Alg::ES256, Alg::ES384];

    /// The `alg` header value. Case-sensitive (RFC 7515 §4.1.1).
    pub fn name(self) -> &'static str {
        match self {
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
        }
    }

    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The JWK `kty` a key for this algorithm has (RFC 7518 §6.1).
    pub fn key_type(self) -> &'static str {
        match self {
            Alg::RS256 | Alg::RS384 | Alg::RS512 => "RSA",
            Alg::ES256 | Alg::ES384 => "EC",
        }
    }

    /// The curve an ES algorithm is bound to (RFC 7518 §3.4: ES256 = P-256 + SHA-256,
    /// ES384 = P-384 + SHA-384).
    fn curve(self) -> Option<Curve> {
        match self {
            Alg::ES256 => Some(Curve::P256),
            Alg::ES384 => Some(Curve::P384),
            _ => None,
        }
    }

    /// The hash of an RS algorithm (RFC 7518 §3.3).
    fn rsa_hash(self) -> Option<Hash> {
        match self {
            Alg::RS256 => Some(Hash::Sha256),
            Alg::RS384 => Some(Hash::Sha384),
            Alg::RS512 => Some(Hash::Sha512),
            _ => None,
        }
    }
}

impl serde::Serialize for Alg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl core::fmt::Display for Alg {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a token or key was refused. The AWS layer maps these to STS error codes; the text is
/// the simulator's explanation (AWS's own messages are terser).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JoseError {
    #[error("the token is not a JWS in compact serialization: {0}")]
    Malformed(String),
    #[error("the JOSE header says alg \"none\": unsecured JWTs are never accepted (RFC 7519 §6)")]
    AlgNone,
    #[error("unsupported signing algorithm \"{0}\" (accepted: RS256, RS384, RS512, ES256, ES384)")]
    UnsupportedAlg(String),
    #[error("the JOSE header lists critical extensions {0:?}, which this verifier does not understand (RFC 7515 §4.1.11)")]
    Crit(Vec<String>),
    #[error("{0}")]
    NoKey(String),
    #[error("the signature does not verify with the key {kid:?}")]
    BadSignature { kid: Option<String> },
    #[error("invalid key: {0}")]
    BadKey(String),
}

fn malformed(what: impl Into<String>) -> JoseError {
    JoseError::Malformed(what.into())
}

/// Base64url without padding (RFC 7515 §2 "Base64url Encoding"). Decoding is canonical: `=`,
/// characters outside the URL-safe alphabet and non-zero trailing bits are refused, so each
/// byte string has exactly one encoding and no edit of a token goes unnoticed.
pub fn b64url_decode(segment: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(segment).ok()
}

pub fn b64url_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWS taken apart but not yet verified: nothing in it may be trusted yet.
#[derive(Clone, Debug)]
pub struct UnverifiedJws {
    /// The JOSE header (RFC 7515 §4).
    pub header: Map<String, Value>,
    pub alg: Alg,
    pub kid: Option<String>,
    /// The payload bytes (for a JWT, the JSON claims set).
    pub payload: Vec<u8>,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes the signature covers
    /// (RFC 7515 §5.1 step 8).
    signing_input: String,
    signature: Vec<u8>,
}

/// Splits and decodes a compact JWS (RFC 7515 §5.2) and checks its header. The payload is not
/// interpreted here.
pub fn decode(token: &str) -> Result<UnverifiedJws, JoseError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        // Five parts would be a JWE (RFC 7516 §7.1), which web identity does not use.
        let n = token.split('.').count();
        return Err(malformed(format!("expected 3 dot-separated parts, found {n}")));
    };
    let header_bytes = b64url_decode(h).ok_or_else(|| malformed("the header is not base64url"))?;
    let payload = b64url_decode(p).ok_or_else(|| malformed("the payload is not base64url"))?;
    let signature = b64url_decode(s).ok_or_else(|| malformed("the signature is not base64url"))?;
    // RFC 7515 §5.2 step 3-4: the header is a UTF-8 JSON object. serde_json keeps the last of
    // duplicate member names, which RFC 7515 §5.2 allows ("lexically last").
    let header = match serde_json::from_slice::<Value>(&header_bytes) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(malformed("the header is not a JSON object")),
        Err(_) => return Err(malformed("the header is not JSON")),
    };
    let alg = match header.get("alg") {
        Some(Value::String(a)) if a == "none" => return Err(JoseError::AlgNone),
        Some(Value::String(a)) => Alg::from_name(a).ok_or_else(|| JoseError::UnsupportedAlg(a.clone()))?,
        Some(_) => return Err(malformed("the header's \"alg\" is not a string")),
        None => return Err(malformed("the header has no \"alg\" (RFC 7515 §4.1.1: REQUIRED)")),
    };
    // RFC 7515 §4.1.11: a recipient that does not understand a listed extension MUST reject
    // the JWS; we understand none. An empty or malformed `crit` is itself an error.
    if let Some(crit) = header.get("crit") {
        let names = match crit {
            Value::Array(items) => items.iter().map(|v| v.as_str().unwrap_or("?").to_string()).collect(),
            _ => vec!["?".to_string()],
        };
        return Err(JoseError::Crit(names));
    }
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(k)) => Some(k.clone()),
        Some(_) => return Err(malformed("the header's \"kid\" is not a string")),
    };
    // `signing_input` is a prefix of the token: the first two segments and the dot between.
    let signing_input = token[..h.len() + 1 + p.len()].to_string();
    Ok(UnverifiedJws { header, alg, kid, payload, signing_input, signature })
}

impl UnverifiedJws {
    /// Verifies the signature with the key the header names. Key selection (RFC 7515 §4.1.4,
    /// RFC 7517 §4.5): with a `kid`, the key whose `kid` is equal; without one, the only key of
    /// the algorithm's type, because OpenID Connect Core 1.0 §10.1 requires a `kid` whenever
    /// the set holds more than one signing key. The chosen key must suit the algorithm
    /// (its `kty`, its curve, its `alg` and `use` if it states them).
    pub fn verify<'k>(&self, jwks: &'k Jwks) -> Result<&'k PublicJwk, JoseError> {
        let key = self.select_key(jwks)?;
        key.check_usable_for(self.alg)?;
        if key.verify(self.alg, self.signing_input.as_bytes(), &self.signature) {
            Ok(key)
        } else {
            Err(JoseError::BadSignature { kid: key.kid.clone() })
        }
    }

    fn select_key<'k>(&self, jwks: &'k Jwks) -> Result<&'k PublicJwk, JoseError> {
        match &self.kid {
            Some(kid) => jwks
                .keys
                .iter()
                .find(|k| k.kid.as_deref() == Some(kid.as_str()))
                .ok_or_else(|| JoseError::NoKey(format!("the key set has no key with kid \"{kid}\""))),
            None => {
                let candidates: Vec<&PublicJwk> = jwks
                    .keys
                    .iter()
                    .filter(|k| k.key_type() == self.alg.key_type() && k.check_usable_for(self.alg).is_ok())
                    .collect();
                match candidates.as_slice() {
                    [one] => Ok(one),
                    [] => Err(JoseError::NoKey(format!("the key set has no {} key for {}", self.alg.key_type(), self.alg))),
                    _ => Err(JoseError::NoKey(format!(
                        "the header has no kid and the key set holds {} {} keys (OpenID Connect Core 1.0 §10.1: a kid is required when there are several)",
                        candidates.len(),
                        self.alg.key_type()
                    ))),
                }
            }
        }
    }
}

/// A public key from a JWK Set (RFC 7517 §4), parsed once.
#[derive(Clone, Debug)]
pub struct PublicJwk {
    pub kid: Option<String>,
    /// The key's own `alg`, when it names one (RFC 7517 §4.4).
    pub alg: Option<String>,
    /// `use` (RFC 7517 §4.2): "sig" or "enc", when present.
    pub use_: Option<String>,
    material: KeyMaterial,
}

#[derive(Clone, Debug)]
enum KeyMaterial {
    Rsa(rsa::PublicKey),
    Ec(ec::PublicKey),
}

/// RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms."
const RSA_MIN_BITS: usize = 2048;
/// The largest modulus accepted; it bounds the work one verification can cost.
const RSA_MAX_BITS: usize = 8192;

impl PublicJwk {
    /// Parses one JWK object. Private members (`d`, `p`, …) are ignored: only the public part
    /// is ever used to verify.
    pub fn from_json(v: &Value) -> Result<PublicJwk, JoseError> {
        let obj = v.as_object().ok_or_else(|| JoseError::BadKey("a JWK must be a JSON object".into()))?;
        let text = |name: &str| -> Result<Option<String>, JoseError> {
            match obj.get(name) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(JoseError::BadKey(format!("\"{name}\" is not a string"))),
            }
        };
        let bytes = |name: &str| -> Result<Vec<u8>, JoseError> {
            let s = text(name)?.ok_or_else(|| JoseError::BadKey(format!("missing \"{name}\"")))?;
            b64url_decode(&s).ok_or_else(|| JoseError::BadKey(format!("\"{name}\" is not base64url")))
        };
        let kty = text("kty")?.ok_or_else(|| JoseError::BadKey("missing \"kty\"".into()))?;
        let material = match kty.as_str() {
            "RSA" => {
                let (n, e) = (bytes("n")?, bytes("e")?);
                let (n, e) = (Uint::from_be_bytes(&n), Uint::from_be_bytes(&e));
                let key = rsa::PublicKey::new(n, e, RSA_MIN_BITS..=RSA_MAX_BITS).map_err(|err| JoseError::BadKey(format!("RSA key: {err}")))?;
                KeyMaterial::Rsa(key)
            }
            "EC" => {
                let crv = text("crv")?.ok_or_else(|| JoseError::BadKey("missing \"crv\"".into()))?;
                let curve = match crv.as_str() {
                    "P-256" => Curve::P256,
                    "P-384" => Curve::P384,
                    other => return Err(JoseError::BadKey(format!("unsupported curve \"{other}\""))),
                };
                let (x, y) = (bytes("x")?, bytes("y")?);
                // RFC 7518 §6.2.1.2-3: x and y are the full-length coordinates.
                if x.len() != curve.size() || y.len() != curve.size() {
                    return Err(JoseError::BadKey(format!("{} coordinates must be {} bytes", curve.name(), curve.size())));
                }
                let key = ec::PublicKey::from_coordinates(curve, &x, &y).ok_or_else(|| JoseError::BadKey(format!("the point is not on {}", curve.name())))?;
                KeyMaterial::Ec(key)
            }
            other => return Err(JoseError::BadKey(format!("unsupported kty \"{other}\""))),
        };
        Ok(PublicJwk { kid: text("kid")?, alg: text("alg")?, use_: text("use")?, material })
    }

    pub fn key_type(&self) -> &'static str {
        match self.material {
            KeyMaterial::Rsa(_) => "RSA",
            KeyMaterial::Ec(_) => "EC",
        }
    }

    /// Refuses a key for an algorithm it was not made for: another key type, another curve,
    /// another stated `alg` (RFC 7517 §4.4), or an encryption-only key (`use: "enc"`, §4.2).
    fn check_usable_for(&self, alg: Alg) -> Result<(), JoseError> {
        let kid = self.kid.as_deref().unwrap_or("(no kid)");
        let fits = match (&self.material, alg) {
            (KeyMaterial::Rsa(_), Alg::RS256 | Alg::RS384 | Alg::RS512) => true,
            (KeyMaterial::Ec(key), a) => a.curve() == Some(key.curve()),
            _ => false,
        };
        if !fits {
            return Err(JoseError::NoKey(format!("the key {kid} ({}) cannot verify {alg}", self.describe())));
        }
        if let Some(key_alg) = self.alg.as_ref().filter(|a| *a != alg.name()) {
            return Err(JoseError::NoKey(format!("the key {kid} is for {key_alg}, the token says {alg}")));
        }
        if let Some(u) = self.use_.as_ref().filter(|u| *u != "sig") {
            return Err(JoseError::NoKey(format!("the key {kid} has use \"{u}\", not \"sig\"")));
        }
        Ok(())
    }

    fn describe(&self) -> &'static str {
        match &self.material {
            KeyMaterial::Rsa(_) => "RSA",
            KeyMaterial::Ec(key) => match key.curve() {
                Curve::P256 => "EC P-256",
                Curve::P384 => "EC P-384",
            },
        }
    }

    fn verify(&self, alg: Alg, message: &[u8], signature: &[u8]) -> bool {
        match (&self.material, alg.rsa_hash(), alg.curve()) {
            // RFC 8017 §8.2.2 step 1: the signature is exactly k = |n| bytes (checked inside).
            (KeyMaterial::Rsa(key), Some(hash), _) => key.verify(hash, &hash.digest(message), signature),
            // RFC 7518 §3.4: the signature is R || S, each the curve's size, big-endian; a DER
            // signature (or any other length) is invalid.
            (KeyMaterial::Ec(key), _, Some(curve)) if curve == key.curve() => key.verify(message, signature),
            _ => false,
        }
    }
}

/// A JWK Set (RFC 7517 §5) reduced to the keys this verifier can use.
#[derive(Clone, Debug, Default)]
pub struct Jwks {
    pub keys: Vec<PublicJwk>,
    /// Members of `keys` that were skipped, with the reason (for the trace). RFC 7517 §5:
    /// implementations SHOULD ignore keys whose `kty` they do not understand, that miss
    /// required members, or whose values are out of the supported ranges.
    pub skipped: Vec<String>,
}

impl Jwks {
    pub fn from_json(v: &Value) -> Result<Jwks, JoseError> {
        let keys = v
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| JoseError::BadKey("a JWK Set is an object with a \"keys\" array (RFC 7517 §5)".into()))?;
        let mut set = Jwks::default();
        for (i, k) in keys.iter().enumerate() {
            match PublicJwk::from_json(k) {
                Ok(key) => set.keys.push(key),
                Err(err) => set.skipped.push(format!("keys[{i}]: {err}")),
            }
        }
        Ok(set)
    }
}

/// A private key that mints tokens.
#[derive(Clone)]
pub struct SigningKey {
    alg: Alg,
    material: PrivateMaterial,
}

#[derive(Clone)]
enum PrivateMaterial {
    Rsa(Box<rsa::PrivateKey>),
    Ec(ec::PrivateKey),
}

impl core::fmt::Debug for SigningKey {
    // Never print the private key.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SigningKey").field("alg", &self.alg).field("kid", &self.kid()).finish_non_exhaustive()
    }
}

/// Versioned: changing how keys are derived changes every minted token for a seed.
const SIGNING_KEY_LABEL: &str = "sts-sim/oidc-signing-key/v1";

impl SigningKey {
    /// The provider's signing key for `alg`, derived from the world seed and the provider URL:
    /// the same seed and URL always give the same key (and so the same JWKS and `kid`).
    ///
    /// EC keys take a uniformly random scalar from the seeded stream (re-drawing the
    /// negligible out-of-range values). RSA keys run `crypto::rsa`'s key generation (2048
    /// bits, e = 65537) on the seeded stream: deterministic, and slow (see the `timing` test),
    /// so callers generate RSA keys lazily.
    pub fn derive(seed: u64, provider_url: &str, alg: Alg) -> SigningKey {
        let mut rng = SimRng::for_label(seed, &format!("{SIGNING_KEY_LABEL}/{}/{provider_url}", alg.name()));
        let material = match alg {
            Alg::RS256 | Alg::RS384 | Alg::RS512 => PrivateMaterial::Rsa(Box::new(rsa::PrivateKey::generate(&mut rng, 2048))),
            Alg::ES256 | Alg::ES384 => {
                let curve = alg.curve().unwrap_or(Curve::P256);
                let mut scalar = vec![0u8; curve.size()];
                PrivateMaterial::Ec(loop {
                    rng.fill(&mut scalar);
                    if let Some(k) = ec::PrivateKey::from_scalar(curve, &scalar) {
                        break k;
                    }
                })
            }
        };
        SigningKey { alg, material }
    }

    /// A key from PEM: PKCS#8 (`BEGIN PRIVATE KEY`), or the older PKCS#1 `BEGIN RSA PRIVATE
    /// KEY` and SEC1 `BEGIN EC PRIVATE KEY`. `alg` must fit the key (RS* for RSA, ES256 for
    /// P-256, ES384 for P-384).
    pub fn from_pem(pem: &str, alg: Alg) -> Result<SigningKey, JoseError> {
        let material = match alg.curve() {
            None => PrivateMaterial::Rsa(Box::new(rsa::PrivateKey::from_pem(pem).map_err(|_| JoseError::BadKey(format!("not a RSA private key in PEM for {alg}")))?)),
            Some(curve) => PrivateMaterial::Ec(
                ec::PrivateKey::from_pem(curve, pem).map_err(|_| JoseError::BadKey(format!("not a {} private key in PEM for {alg}", curve.name())))?,
            ),
        };
        SigningKey::checked(alg, material)
    }

    /// A key from a private JWK (RFC 7518 §6.2.2 `d` for EC; §6.3.2 `d`, `p`, `q` for RSA).
    /// The algorithm is the JWK's `alg`, or else RS256 for RSA and the curve's ES algorithm.
    pub fn from_jwk(jwk: &Value) -> Result<SigningKey, JoseError> {
        let public = PublicJwk::from_json(jwk)?;
        let field = |name: &str| -> Result<Vec<u8>, JoseError> {
            jwk.get(name)
                .and_then(Value::as_str)
                .and_then(b64url_decode)
                .ok_or_else(|| JoseError::BadKey(format!("a private JWK needs \"{name}\"")))
        };
        let alg = match (&public.alg, &public.material) {
            (Some(a), _) => Alg::from_name(a).ok_or_else(|| JoseError::UnsupportedAlg(a.clone()))?,
            (None, KeyMaterial::Rsa(_)) => Alg::RS256,
            (None, KeyMaterial::Ec(key)) => match key.curve() {
                Curve::P256 => Alg::ES256,
                Curve::P384 => Alg::ES384,
            },
        };
        let material = match &public.material {
            KeyMaterial::Rsa(pk) => {
                let (p, q) = (field("p")?, field("q")?);
                let key = rsa::PrivateKey::from_p_q(Uint::from_be_bytes(&p), Uint::from_be_bytes(&q), pk.e().clone())
                    .map_err(|e| JoseError::BadKey(format!("RSA private key: {e}")))?;
                if key.public_key().n() != pk.n() {
                    return Err(JoseError::BadKey("p * q is not n".into()));
                }
                PrivateMaterial::Rsa(Box::new(key))
            }
            KeyMaterial::Ec(pk) => {
                let curve = pk.curve();
                let sk = ec::PrivateKey::from_scalar(curve, &field("d")?).ok_or_else(|| JoseError::BadKey(format!("bad {} \"d\"", curve.name())))?;
                if sk.public_key() != pk {
                    return Err(JoseError::BadKey("\"d\" does not match x, y".into()));
                }
                PrivateMaterial::Ec(sk)
            }
        };
        SigningKey::checked(alg, material)
    }

    fn checked(alg: Alg, material: PrivateMaterial) -> Result<SigningKey, JoseError> {
        let key = SigningKey { alg, material };
        if let PrivateMaterial::Rsa(k) = &key.material
            && k.public_key().size() * 8 < RSA_MIN_BITS
        {
            return Err(JoseError::BadKey(format!("RSA keys must have at least {RSA_MIN_BITS} bits (RFC 7518 §3.3)")));
        }
        // Round-trip the public half through the verifier's own parser to refuse a mismatch.
        PublicJwk::from_json(&key.public_jwk())?.check_usable_for(alg)?;
        Ok(key)
    }

    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// The same key used with another algorithm of its family (RS256 → RS512; EC keys are
    /// bound to one algorithm).
    pub fn with_alg(mut self, alg: Alg) -> Result<SigningKey, JoseError> {
        let ok = match &self.material {
            PrivateMaterial::Rsa(_) => alg.key_type() == "RSA",
            PrivateMaterial::Ec(k) => alg.curve() == Some(k.public_key().curve()),
        };
        if !ok {
            return Err(JoseError::BadKey(format!("this key cannot sign {alg}")));
        }
        self.alg = alg;
        Ok(self)
    }

    /// The required public members, in RFC 7638 §3.2's lexicographic order.
    fn required_members(&self) -> Vec<(&'static str, String)> {
        match &self.material {
            PrivateMaterial::Rsa(k) => {
                let k = k.public_key();
                vec![("e", b64url_encode(&k.e().to_be_bytes())), ("kty", "RSA".into()), ("n", b64url_encode(&k.n().to_be_bytes()))]
            }
            PrivateMaterial::Ec(k) => {
                let p = k.public_key();
                vec![("crv", p.curve().name().into()), ("kty", "EC".into()), ("x", b64url_encode(&p.x())), ("y", b64url_encode(&p.y()))]
            }
        }
    }

    /// The JWK thumbprint (RFC 7638) of the public key, used as its `kid`.
    pub fn kid(&self) -> String {
        thumbprint_of(&self.required_members())
    }

    /// The private key as PKCS#8 PEM (`BEGIN PRIVATE KEY`), to sign with other tools.
    pub fn to_pkcs8_pem(&self) -> Result<String, JoseError> {
        Ok(match &self.material {
            PrivateMaterial::Rsa(k) => k.to_pkcs8_pem(),
            PrivateMaterial::Ec(k) => k.to_pkcs8_pem(),
        })
    }

    /// The public JWK: required members plus `kid`, `alg` and `use: "sig"`.
    pub fn public_jwk(&self) -> Value {
        let mut jwk = Map::new();
        for (k, v) in self.required_members() {
            jwk.insert(k.to_string(), Value::String(v));
        }
        jwk.insert("kid".into(), Value::String(self.kid()));
        jwk.insert("alg".into(), Value::String(self.alg.name().into()));
        jwk.insert("use".into(), Value::String("sig".into()));
        Value::Object(jwk)
    }

    /// A JWK Set with this key alone.
    pub fn jwks(&self) -> Value {
        serde_json::json!({ "keys": [self.public_jwk()] })
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, JoseError> {
        match (&self.material, self.alg.rsa_hash()) {
            (PrivateMaterial::Rsa(key), Some(hash)) => key.sign(hash, &hash.digest(message)).map_err(|e| JoseError::BadKey(format!("RSA signing failed: {e}"))),
            (PrivateMaterial::Rsa(_), None) => Err(JoseError::BadKey(format!("an RSA key cannot sign {}", self.alg))),
            (PrivateMaterial::Ec(key), _) => Ok(key.sign(message)),
        }
    }
}

/// The JWK thumbprint (RFC 7638 §3) of a public JWK given as JSON: SHA-256 over its required
/// members (RSA: `e`, `kty`, `n`; EC: `crv`, `kty`, `x`, `y`) as compact JSON in lexicographic
/// order, base64url.
pub fn thumbprint(jwk: &Value) -> Result<String, JoseError> {
    let member = |name: &'static str| -> Result<(&'static str, String), JoseError> {
        jwk.get(name)
            .and_then(Value::as_str)
            .map(|v| (name, v.to_string()))
            .ok_or_else(|| JoseError::BadKey(format!("missing \"{name}\"")))
    };
    let members = match jwk.get("kty").and_then(Value::as_str) {
        Some("RSA") => vec![member("e")?, member("kty")?, member("n")?],
        Some("EC") => vec![member("crv")?, member("kty")?, member("x")?, member("y")?],
        _ => return Err(JoseError::BadKey("thumbprints are defined here for RSA and EC keys".into())),
    };
    Ok(thumbprint_of(&members))
}

fn thumbprint_of(members: &[(&'static str, String)]) -> String {
    // RFC 7638 §3.2: no whitespace, members in lexicographic order; the values here are
    // base64url or fixed names, which JSON needs no escaping for.
    let json = members.iter().map(|(k, v)| format!("\"{k}\":\"{v}\"")).collect::<Vec<_>>().join(",");
    b64url_encode(&Sha256::digest(format!("{{{json}}}").as_bytes()))
}

/// Mints a compact JWS: header `{"alg","typ":"JWT","kid"}`, the claims as given (any JSON
/// value; a JWT's is an object), signed with `key` (RFC 7515 §5.1).
pub fn mint(key: &SigningKey, claims: &Value) -> Result<String, JoseError> {
    let header = serde_json::json!({ "alg": key.alg.name(), "typ": "JWT", "kid": key.kid() });
    mint_with_header(key, &header, claims)
}

/// [`mint`] with a caller-chosen header (its `alg` is set to the key's). For tests and for
/// people reproducing a specific IdP's header.
pub fn mint_with_header(key: &SigningKey, header: &Value, claims: &Value) -> Result<String, JoseError> {
    sign_compact(key, header, claims.to_string().as_bytes())
}

/// Signs arbitrary payload bytes (RFC 7515 §5.1): `BASE64URL(header) . BASE64URL(payload) .
/// BASE64URL(signature)`, the header serialized compactly in its own member order with `alg`
/// set to the key's.
pub fn sign_compact(key: &SigningKey, header: &Value, payload: &[u8]) -> Result<String, JoseError> {
    let mut header = header.as_object().cloned().ok_or_else(|| malformed("the header must be a JSON object"))?;
    header.insert("alg".into(), Value::String(key.alg.name().into()));
    let h = b64url_encode(Value::Object(header).to_string().as_bytes());
    let p = b64url_encode(payload);
    let signing_input = format!("{h}.{p}");
    let sig = key.sign(signing_input.as_bytes())?;
    Ok(format!("{signing_input}.{}", b64url_encode(&sig)))
}
