//! Temporary credentials: the `ASIA…` access key id (which encodes the account it was issued
//! for, as AWS's do) and its secret access key.
//!
//! The secret is not drawn at random but derived from the key id under a key of the world's
//! seed (HMAC-SHA256, RFC 2104), so a session is recoverable from its credentials alone: the
//! token carries the claims, the key id names the secret. It has the shape of AWS secrets
//! (`access_key::SECRET_LEN` characters of standard Base64).

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::rng::{SimRng, derive_key};
use crate::sts::access_key::{self, KeyPrefix};

/// Label of the key secrets are derived under.
pub const SECRET_KEY_LABEL: &str = "sts-sim/session-secret/v1";

pub fn secret_key(seed: u64) -> [u8; 32] {
    derive_key(seed, SECRET_KEY_LABEL)
}

/// The secret access key that goes with a temporary access key id.
pub fn session_secret(key: &[u8; 32], access_key_id: &str) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else { return String::new() };
    mac.update(access_key_id.as_bytes());
    let digest = mac.finalize().into_bytes();
    base64::engine::general_purpose::STANDARD.encode(&digest[..30])
}

/// How long credentials from GetSessionToken or GetFederationToken last: `requested` (already
/// within 900..129600), 43,200 seconds by default; for the root user at most 3,600, "If the
/// duration is longer than one hour, the session for Amazon Web Services account owners
/// defaults to one hour" (GetSessionToken and GetFederationToken, DurationSeconds): capped,
/// not refused.
pub fn long_term_caller_session_seconds(root: bool, requested: Option<i64>) -> i64 {
    if root { requested.unwrap_or(3_600).min(3_600) } else { requested.unwrap_or(43_200) }
}

/// A new `ASIA…` key id for `account`, unused in the world (`taken`).
pub fn new_session_key_id(rng: &mut SimRng, account: &str, taken: impl Fn(&str) -> bool) -> Option<String> {
    // Collisions are ~2^-39 per pair of keys; a few retries make them impossible in practice.
    for _ in 0..8 {
        let id = access_key::encode(KeyPrefix::Asia, account, rng).ok()?;
        if !taken(&id) {
            return Some(id);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_look_like_aws_secrets_and_are_stable() {
        let k = secret_key(1);
        let s = session_secret(&k, "ASIAY34FZKBOKMUTVV7A");
        assert_eq!(s.len(), access_key::SECRET_LEN);
        assert_eq!(s, session_secret(&k, "ASIAY34FZKBOKMUTVV7A"));
        assert_ne!(s, session_secret(&secret_key(2), "ASIAY34FZKBOKMUTVV7A"));
    }
}
