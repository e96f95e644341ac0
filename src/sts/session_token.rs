//! Sealed session tokens: what a simulated `SessionToken` carries, and how it is sealed so
//! that only this world can read it and any edit is refused.
//!
//! AWS session tokens are opaque, authenticated and encrypted (Tal Be'ery, "Revealing the
//! Inner Structure of AWS Session Tokens", 2024, and its decoder, github.com/talbeerysec/
//! STS-token-decoder, `proto/aws_session.proto`): a protobuf message whose first byte is a
//! type (23 for the classic global-endpoint tokens, 33 for the regional, ECDSA-signed ones),
//! then a name field (`"er/aws"` resp. `"origin_ec"`), then encrypted user data. That is why
//! real tokens start with `FwoGZXIvYXdz` (bytes `17 0A 06 "er/aws"`) or `IQoJb3JpZ2luX2Vj`
//! (bytes `21 0A 09 "origin_ec"`; the decoder's README shows such a token, and any public
//! `FwoG…` token decodes to the first). We copy exactly those leading bytes, so a token from the
//! simulator looks like one of its version to a person or a log scanner, and nothing else of
//! AWS's layout (which is not public).
//!
//! Our layout, then standard Base64 with padding (RFC 4648 §4), as AWS tokens are:
//!
//! ```text
//!   header   9 bytes (v1: 17 0A 06 "er/aws") or 12 bytes (v2: 21 0A 09 "origin_ec")
//!   layout   1 byte, 0x01: this simulator's format version
//!   nonce    24 random bytes
//!   sealed   XChaCha20-Poly1305(key, nonce, aad = header ‖ layout, JSON(claims)) ‖ 16-byte tag
//! ```
//!
//! Both headers are a multiple of 3 bytes long, so their Base64 prefix never depends on what
//! follows. The claims are JSON (serde_json, already a dependency): deterministic field order,
//! readable when debugging a world, and the size is of no concern to a simulator (real v2
//! tokens are also long: "version 2 tokens are longer", IAM API reference,
//! `SetSecurityTokenServicePreferences`). XChaCha20's 192-bit nonce makes random nonces safe
//! without a counter (draft-irtf-cfrg-xchacha §1).
//!
//! The secret access key is not in the token; the access key id and every other claim are
//! only inside the ciphertext.

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::rng::{SimRng, derive_key};

/// Which kind of session token. IAM API reference, `SetSecurityTokenServicePreferences` /
/// `GetAccountSummary` (`GlobalEndpointTokenVersion`): "Version 1 tokens are valid only in
/// AWS Regions that are available by default. ... Version 2 tokens are valid in all Regions."
/// Regional STS endpoints always issue version 2 tokens ("Manage AWS STS in an AWS Region").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TokenVersion {
    /// Issued by the global endpoint under the default `v1Token` preference.
    #[serde(rename = "v1Token")]
    V1,
    /// Issued by regional endpoints, or by the global endpoint under `v2Token`.
    #[serde(rename = "v2Token")]
    V2,
}

impl TokenVersion {
    /// The leading bytes of this version's tokens (see the module documentation).
    fn header(self) -> &'static [u8] {
        match self {
            TokenVersion::V1 => V1_HEADER,
            TokenVersion::V2 => V2_HEADER,
        }
    }
}

/// Type 23, field 1 = "er/aws": Base64 `FwoGZXIvYXdz`.
const V1_HEADER: &[u8] = b"\x17\x0a\x06er/aws";
/// Type 33, field 1 = "origin_ec": Base64 `IQoJb3JpZ2luX2Vj`.
const V2_HEADER: &[u8] = b"\x21\x0a\x09origin_ec";
/// This simulator's own layout version, authenticated with the header.
const LAYOUT_V1: u8 = 0x01;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Label of the world's token-sealing key: `derive_key(seed, SEALING_KEY_LABEL)`.
pub const SEALING_KEY_LABEL: &str = "sts-sim/session-token/v1";

/// The key a world with this seed seals its session tokens with.
pub fn sealing_key(seed: u64) -> [u8; 32] {
    derive_key(seed, SEALING_KEY_LABEL)
}

/// A session tag as passed to `AssumeRole` & co. (`Tags.member.N.Key` / `.Value`). Kept
/// exactly as given: "tag keys are case-insensitive" only for uniqueness checks and condition
/// matching, which are the evaluator's business, not the token's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionTag {
    pub key: String,
    pub value: String,
}

/// SHA-256 of the session policies a session was issued with (serialised as lower-case hex).
/// Lets a later request prove it is using the same session policy without carrying it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PolicyDigest(pub [u8; 32]);

impl PolicyDigest {
    pub fn of(policy_bytes: &[u8]) -> Self {
        PolicyDigest(Sha256::digest(policy_bytes).into())
    }

    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn from_hex(text: &str) -> Option<Self> {
        if text.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            let pair = text.get(2 * i..2 * i + 2)?;
            if !pair.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return None;
            }
            *byte = u8::from_str_radix(pair, 16).ok()?;
        }
        Some(PolicyDigest(out))
    }
}

impl core::fmt::Debug for PolicyDigest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PolicyDigest({})", self.to_hex())
    }
}

impl Serialize for PolicyDigest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

/// Everything a session token vouches for: who the session is, what it may carry into
/// request context (tags, source identity, MFA), and when it is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionClaims {
    /// v1 or v2; must agree with the token's header.
    pub token_version: TokenVersion,
    /// The `ASIA…` access key id issued alongside this token.
    pub access_key_id: String,
    /// The principal's ARN, e.g. `arn:aws:sts::123456789012:assumed-role/Role/session`
    /// (`aws:PrincipalArn` is derived from it by the evaluator, not stored).
    pub arn: String,
    /// `aws:userid`: `AROA…:session` for an assumed role, `AIDA…` for a user's
    /// `GetSessionToken`, `account:name` for a federated user.
    pub principal_id: String,
    /// The 12-digit account that owns the principal.
    pub account: String,
    /// `RoleSessionName` (or the federated user's `Name`); `None` for `GetSessionToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// Session tags in the order and case given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<SessionTag>,
    /// `TransitiveTagKeys`, as given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
    /// `SourceIdentity`, once set it is carried through role chaining.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// When MFA was last proven for this session (epoch seconds); `None` when it was not.
    /// `aws:MultiFactorAuthPresent` is `Some`, `aws:MultiFactorAuthAge` is now minus this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_authenticated_at: Option<i64>,
    /// `aws:TokenIssueTime`, epoch seconds.
    pub issued_at: i64,
    /// The credentials' `Expiration`, epoch seconds.
    pub expires_at: i64,
    /// Digest of the session policies passed when the session was created, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_policy_digest: Option<PolicyDigest>,
    /// The inline session policy (`Policy`) as passed. Sealed into the token so a session keeps
    /// its limits from its token alone, in any simulator with the same seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<String>,
    /// The managed session policy ARNs (`PolicyArns`) as passed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session_policy_arns: Vec<String>,
    /// For a federated user session: the ARN of the IAM user (or root user) whose long-term
    /// credentials called GetFederationToken. Its identity-based policies and permissions
    /// boundary bound the session ("the session permissions are the intersection of the IAM
    /// user policies and the session policies", GetFederationToken) and its tags are principal
    /// tags; CloudTrail names it as `sessionIssuer`. Absent in tokens written before this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub federated_by: Option<String>,
    /// For a role session issued by AssumeRoleWithWebIdentity (or AssumeRoleWithSAML): the
    /// identity provider that authenticated the federated identity, as a trust policy's
    /// `Federated` principal names it (the IAM provider ARN, or `cognito-identity.amazonaws.com`
    /// & co.). It is `aws:FederatedProvider` ("AWS global condition context keys") and
    /// CloudTrail's `sessionContext.webIdFederationData.federatedProvider`. A chained session
    /// (AssumeRole from this one) does not inherit it: that session was issued by AssumeRole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub federated_provider: Option<String>,
    /// For a privileged root session issued by AssumeRoot: the `TaskPolicyArn` that scopes it
    /// (one of the AWS managed `root-task/` policies). The session is the member account's root
    /// user; the task policy is evaluated as its session policy (`authz::caller_policies`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_policy_arn: Option<String>,
}

impl SessionClaims {
    /// `aws:MultiFactorAuthPresent`.
    pub fn mfa_authenticated(&self) -> bool {
        self.mfa_authenticated_at.is_some()
    }

    /// The claims `seal` wrote (the `Serialize` shape above: camelCase names, optional fields
    /// absent or null, nothing else). Read by hand rather than by a derived `Deserialize`: this
    /// is the only typed deserialisation in the wasm, and serde's would bring its whole error
    /// machinery into it (about 17 KB of the gzip budget, float formatting included). `None`
    /// for anything else: an unknown or missing field, a wrong type.
    pub fn from_json(v: &Value) -> Option<SessionClaims> {
        const FIELDS: [&str; 18] = [
            "tokenVersion",
            "accessKeyId",
            "arn",
            "principalId",
            "account",
            "sessionName",
            "tags",
            "transitiveTagKeys",
            "sourceIdentity",
            "mfaAuthenticatedAt",
            "issuedAt",
            "expiresAt",
            "sessionPolicyDigest",
            "sessionPolicy",
            "sessionPolicyArns",
            "federatedBy",
            "federatedProvider",
            "taskPolicyArn",
        ];
        let map = v
            .as_object()
            .filter(|m| m.keys().all(|k| FIELDS.contains(&k.as_str())))?;
        let field = |name: &str| map.get(name).filter(|v| !v.is_null());
        let text = |name: &str| field(name).and_then(Value::as_str).map(str::to_string);
        // An optional field: absent or null is `None`, present with the wrong type is an error.
        let optional = |name: &str| match field(name) {
            None => Some(None),
            Some(v) => v.as_str().map(|s| Some(s.to_string())),
        };
        let strings = |name: &str| match map.get(name) {
            None => Some(Vec::new()),
            Some(v) => v
                .as_array()?
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect(),
        };
        let token_version = match field("tokenVersion")?.as_str()? {
            "v1Token" => TokenVersion::V1,
            "v2Token" => TokenVersion::V2,
            _ => return None,
        };
        let tags = match map.get("tags") {
            None => Vec::new(),
            Some(v) => v
                .as_array()?
                .iter()
                .map(SessionTag::from_json)
                .collect::<Option<_>>()?,
        };
        let mfa_authenticated_at = match field("mfaAuthenticatedAt") {
            None => None,
            Some(v) => Some(v.as_i64()?),
        };
        let session_policy_digest = match field("sessionPolicyDigest") {
            None => None,
            Some(v) => Some(PolicyDigest::from_hex(v.as_str()?)?),
        };
        Some(SessionClaims {
            token_version,
            access_key_id: text("accessKeyId")?,
            arn: text("arn")?,
            principal_id: text("principalId")?,
            account: text("account")?,
            session_name: optional("sessionName")?,
            tags,
            transitive_tag_keys: strings("transitiveTagKeys")?,
            source_identity: optional("sourceIdentity")?,
            mfa_authenticated_at,
            issued_at: field("issuedAt")?.as_i64()?,
            expires_at: field("expiresAt")?.as_i64()?,
            session_policy_digest,
            session_policy: optional("sessionPolicy")?,
            session_policy_arns: strings("sessionPolicyArns")?,
            federated_by: optional("federatedBy")?,
            federated_provider: optional("federatedProvider")?,
            task_policy_arn: optional("taskPolicyArn")?,
        })
    }
}

impl SessionTag {
    fn from_json(v: &Value) -> Option<SessionTag> {
        let map: &Map<String, Value> = v.as_object().filter(|m| m.len() == 2)?;
        Some(SessionTag {
            key: map.get("key")?.as_str()?.to_string(),
            value: map.get("value")?.as_str()?.to_string(),
        })
    }
}

/// Why a session token was refused. AWS answers both with the same error to the caller
/// (`InvalidClientTokenId` / "The security token included in the request is invalid"); we
/// keep the distinction for the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TokenError {
    /// Not Base64, too short, or not a token layout this simulator writes.
    #[error("the session token is malformed")]
    Malformed,
    /// Well-formed but its authentication failed: edited, forged, or sealed by another world.
    #[error("the session token was altered or was not issued by this world")]
    Tampered,
}

/// Seals `claims` into a session token under `key`, drawing the nonce from `nonce_rng`.
pub fn seal(key: &[u8; 32], nonce_rng: &mut SimRng, claims: &SessionClaims) -> String {
    let header = claims.token_version.header();
    let mut aad = Vec::with_capacity(header.len() + 1);
    aad.extend_from_slice(header);
    aad.push(LAYOUT_V1);

    // A struct of strings, integers and options always serialises; the error arm exists only
    // because serde_json's signature has one.
    let plaintext = serde_json::to_vec(claims).unwrap_or_default();
    let nonce: [u8; NONCE_LEN] = nonce_rng.bytes();
    let cipher = XChaCha20Poly1305::new(&(*key).into());
    // Encryption fails only past 2^38 bytes of plaintext (RFC 8439 §2.8); claims are tiny.
    let sealed = cipher
        .encrypt(
            &nonce.into(),
            Payload {
                msg: &plaintext,
                aad: &aad,
            },
        )
        .unwrap_or_default();

    let mut raw = aad;
    raw.extend_from_slice(&nonce);
    raw.extend_from_slice(&sealed);
    base64::engine::general_purpose::STANDARD.encode(raw)
}

/// Opens a token sealed by [`seal`] under the same key.
pub fn open(key: &[u8; 32], token: &str) -> Result<SessionClaims, TokenError> {
    // Canonical standard Base64 only: a changed padding or trailing bit is a different token.
    let raw = base64::engine::general_purpose::STANDARD
        .decode(token)
        .map_err(|_| TokenError::Malformed)?;
    let version = if raw.starts_with(V2_HEADER) {
        TokenVersion::V2
    } else if raw.starts_with(V1_HEADER) {
        TokenVersion::V1
    } else {
        return Err(TokenError::Malformed);
    };
    let aad_len = version.header().len() + 1;
    if raw.len() < aad_len + NONCE_LEN + TAG_LEN || raw[aad_len - 1] != LAYOUT_V1 {
        return Err(TokenError::Malformed);
    }
    let (aad, rest) = raw.split_at(aad_len);
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| TokenError::Malformed)?;

    let cipher = XChaCha20Poly1305::new(&(*key).into());
    let plaintext = cipher
        .decrypt(&nonce.into(), Payload { msg: sealed, aad })
        .map_err(|_| TokenError::Tampered)?;
    // Authentic bytes that are not our claims: written by an incompatible sealer.
    let claims = serde_json::from_slice::<Value>(&plaintext)
        .ok()
        .as_ref()
        .and_then(SessionClaims::from_json)
        .ok_or(TokenError::Malformed)?;
    if claims.token_version != version {
        return Err(TokenError::Tampered);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(version: TokenVersion) -> SessionClaims {
        SessionClaims {
            token_version: version,
            access_key_id: "ASIAY34FZKBOKMUTVV7A".into(),
            arn: "arn:aws:sts::609629065308:assumed-role/Deploy/alice".into(),
            principal_id: "AROAY34FZKBOKMUTVV7AB:alice".into(),
            account: "609629065308".into(),
            session_name: Some("alice".into()),
            tags: vec![
                SessionTag {
                    key: "Project".into(),
                    value: "Blue".into(),
                },
                SessionTag {
                    key: "cost-center".into(),
                    value: "CC-12".into(),
                },
            ],
            transitive_tag_keys: vec!["Project".into()],
            source_identity: Some("alice@example.com".into()),
            mfa_authenticated_at: Some(1_700_000_000),
            issued_at: 1_700_000_100,
            expires_at: 1_700_003_700,
            session_policy_digest: Some(PolicyDigest::of(br#"{"Version":"2012-10-17"}"#)),
            session_policy: Some(r#"{"Version":"2012-10-17"}"#.into()),
            session_policy_arns: Vec::new(),
            federated_by: None,
            federated_provider: None,
            task_policy_arn: None,
        }
    }

    fn b64(raw: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(raw)
    }

    fn raw(token: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(token)
            .unwrap()
    }

    #[test]
    fn round_trip_both_versions() {
        let key = sealing_key(11);
        let mut rng = SimRng::from_seed(11);
        for v in [TokenVersion::V1, TokenVersion::V2] {
            let c = claims(v);
            let token = seal(&key, &mut rng, &c);
            assert_eq!(open(&key, &token), Ok(c.clone()));
            assert!(c.mfa_authenticated());
        }
        let minimal = SessionClaims {
            session_name: None,
            tags: vec![],
            transitive_tag_keys: vec![],
            source_identity: None,
            mfa_authenticated_at: None,
            session_policy_digest: None,
            session_policy: None,
            ..claims(TokenVersion::V2)
        };
        let token = seal(&key, &mut rng, &minimal);
        assert_eq!(open(&key, &token), Ok(minimal.clone()));
        assert!(!minimal.mfa_authenticated());
    }

    /// Visible prefixes of real tokens (Tal Be'ery's STS-token-decoder README shows a type-33
    /// token starting `IQoJb3JpZ2luX2Vj`; type-23 tokens start `FwoGZXIvYXdz`).
    #[test]
    fn tokens_start_like_aws_tokens_of_their_version() {
        let key = sealing_key(1);
        let mut rng = SimRng::from_seed(1);
        let v1 = seal(&key, &mut rng, &claims(TokenVersion::V1));
        let v2 = seal(&key, &mut rng, &claims(TokenVersion::V2));
        assert!(v1.starts_with("FwoGZXIvYXdz"), "{v1}");
        assert!(v2.starts_with("IQoJb3JpZ2luX2Vj"), "{v2}");
        assert!(v2.len() > v1.len(), "v2 tokens are longer");
        for t in [&v1, &v2] {
            assert!(
                t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
            );
        }
    }

    #[test]
    fn same_seed_same_token() {
        let key = sealing_key(5);
        let a = seal(&key, &mut SimRng::from_seed(5), &claims(TokenVersion::V2));
        let b = seal(&key, &mut SimRng::from_seed(5), &claims(TokenVersion::V2));
        assert_eq!(a, b);
        let mut rng = SimRng::from_seed(5);
        let first = seal(&key, &mut rng, &claims(TokenVersion::V2));
        let second = seal(&key, &mut rng, &claims(TokenVersion::V2));
        assert_ne!(first, second, "a fresh nonce each time");
    }

    #[test]
    fn nothing_readable_in_the_token() {
        let key = sealing_key(2);
        let c = claims(TokenVersion::V2);
        let token = seal(&key, &mut SimRng::from_seed(2), &c);
        let bytes = raw(&token);
        for secret in [
            c.access_key_id.as_bytes(),
            c.arn.as_bytes(),
            c.principal_id.as_bytes(),
            c.account.as_bytes(),
            b"alice".as_slice(),
            b"accessKeyId".as_slice(),
            &key[..8],
        ] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret));
            assert!(!token.contains(&String::from_utf8_lossy(secret).into_owned()));
        }
        // Nor in the Base64 text at any of the three byte alignments.
        for shift in 0..3 {
            let mut padded = vec![0u8; shift];
            padded.extend_from_slice(c.access_key_id.as_bytes());
            let text = b64(&padded);
            let core = &text[4..text.len() - 4];
            assert!(!token.contains(core));
        }
    }

    #[test]
    fn flipping_any_byte_is_refused() {
        let key = sealing_key(3);
        let token = seal(&key, &mut SimRng::from_seed(3), &claims(TokenVersion::V2));

        // Every byte of the decoded token, every bit.
        let bytes = raw(&token);
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut edited = bytes.clone();
                edited[i] ^= 1 << bit;
                let err = open(&key, &b64(&edited)).unwrap_err();
                if i < V2_HEADER.len() + 1 {
                    assert_eq!(err, TokenError::Malformed, "header byte {i}");
                } else {
                    assert_eq!(err, TokenError::Tampered, "byte {i}");
                }
            }
        }

        // Every character of the Base64 text, changed to another Base64 character or to a
        // byte outside the alphabet.
        let text = token.as_bytes();
        for i in 0..text.len() {
            for replacement in [b'A', b'z', b'+', b'=', b'.', 0xC3] {
                if text[i] == replacement {
                    continue;
                }
                let mut edited = text.to_vec();
                edited[i] = replacement;
                let edited = String::from_utf8_lossy(&edited).into_owned();
                assert!(open(&key, &edited).is_err(), "char {i} -> {replacement}");
            }
            let mut edited = text.to_vec();
            edited[i] ^= 0x01;
            let edited = String::from_utf8_lossy(&edited).into_owned();
            assert!(open(&key, &edited).is_err(), "char {i} ^ 1");
        }
    }

    #[test]
    fn wrong_key_truncation_and_junk() {
        let key = sealing_key(4);
        let token = seal(&key, &mut SimRng::from_seed(4), &claims(TokenVersion::V1));
        assert_eq!(open(&sealing_key(5), &token), Err(TokenError::Tampered));
        assert_eq!(open(&key, ""), Err(TokenError::Malformed));
        assert_eq!(open(&key, "not base64!"), Err(TokenError::Malformed));
        assert_eq!(open(&key, "FwoGZXIvYXdz"), Err(TokenError::Malformed));
        assert_eq!(open(&key, "IQoJb3JpZ2luX2Vj"), Err(TokenError::Malformed));
        // Real AWS token prefix with arbitrary bytes after it.
        assert_eq!(
            open(&key, &b64(&[V2_HEADER, &[1u8; 64]].concat())),
            Err(TokenError::Tampered)
        );
        let bytes = raw(&token);
        for len in 0..bytes.len() {
            assert!(
                open(&key, &b64(&bytes[..len])).is_err(),
                "truncated to {len}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(open(&key, &b64(&longer)), Err(TokenError::Tampered));
    }

    #[test]
    fn header_version_must_match_claims() {
        // Re-seal v2 claims behind a v1 header with the right key: authentic, but the claims
        // contradict the header.
        let key = sealing_key(6);
        let mut aad = V1_HEADER.to_vec();
        aad.push(LAYOUT_V1);
        let nonce = [7u8; NONCE_LEN];
        let plaintext = serde_json::to_vec(&claims(TokenVersion::V2)).unwrap();
        let sealed = XChaCha20Poly1305::new(&key.into())
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: &plaintext,
                    aad: &aad,
                },
            )
            .unwrap();
        let token = b64(&[aad.as_slice(), &nonce, &sealed].concat());
        assert_eq!(open(&key, &token), Err(TokenError::Tampered));
    }

    #[test]
    fn claims_json_shape() {
        let json = serde_json::to_value(claims(TokenVersion::V1)).unwrap();
        assert_eq!(json["tokenVersion"], "v1Token");
        assert_eq!(json["tags"][1]["key"], "cost-center");
        assert_eq!(json["sessionPolicyDigest"].as_str().map(str::len), Some(64));
        assert_eq!(
            SessionClaims::from_json(&json),
            Some(claims(TokenVersion::V1))
        );
        // Only what `seal` writes: an unknown field, a missing or mistyped one is refused.
        assert_eq!(
            SessionClaims::from_json(&serde_json::json!({ "surprise": 1 })),
            None
        );
        for (name, bad) in [
            ("surprise", serde_json::json!(1)),
            ("issuedAt", serde_json::json!("1")),
            ("tags", serde_json::json!([{ "key": "k" }])),
        ] {
            let mut edited = json.clone();
            edited[name] = bad;
            assert_eq!(SessionClaims::from_json(&edited), None, "{name}");
        }
        let mut without = json.clone();
        without.as_object_mut().unwrap().remove("arn");
        assert_eq!(SessionClaims::from_json(&without), None);
    }

    #[test]
    fn policy_digest_hex() {
        // FIPS 180-2 / NIST example: SHA-256("abc").
        let d = PolicyDigest::of(b"abc");
        assert_eq!(
            d.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(PolicyDigest::from_hex(&d.to_hex()), Some(d));
        assert_eq!(PolicyDigest::from_hex("BA7816BF"), None);
        assert_eq!(PolicyDigest::from_hex(&d.to_hex().to_uppercase()), None);
        assert_eq!(PolicyDigest::from_hex(&"é".repeat(32)), None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn open_never_panics(s in "\\PC{0,200}") {
            let _ = open(&sealing_key(0), &s);
        }

        #[test]
        fn open_never_panics_on_prefixed_base64(tail in proptest::collection::vec(any::<u8>(), 0..120), v2: bool) {
            let header = if v2 { V2_HEADER } else { V1_HEADER };
            let token = base64::engine::general_purpose::STANDARD.encode([header, &tail].concat());
            prop_assert!(open(&sealing_key(0), &token).is_err());
        }

        #[test]
        fn round_trips_arbitrary_text(name in "\\PC{0,40}", tag_key in "\\PC{1,20}", at: i64) {
            let key = sealing_key(9);
            let c = SessionClaims {
                token_version: TokenVersion::V2,
                access_key_id: "ASIAQAAAAAAAGMKEM7X5".into(),
                arn: format!("arn:aws:sts::000000000000:assumed-role/R/{name}"),
                principal_id: format!("AROAQAAAAAAAGMKEM7X5:{name}"),
                account: "000000000000".into(),
                session_name: Some(name.clone()),
                tags: vec![SessionTag { key: tag_key, value: name }],
                transitive_tag_keys: vec![],
                source_identity: None,
                mfa_authenticated_at: Some(at),
                issued_at: at,
                expires_at: at.saturating_add(3600),
                session_policy_digest: None,
                session_policy: None,
                session_policy_arns: vec![],
                federated_by: None,
                federated_provider: None,
                task_policy_arn: None,
            };
            let token = seal(&key, &mut SimRng::from_seed(9), &c);
            prop_assert_eq!(open(&key, &token), Ok(c));
        }
    }
}
