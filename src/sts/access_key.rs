//! AWS access key ids (which encode the owning account) and secret access keys.
//!
//! Layout of an access key id, as reverse-engineered publicly (Tal Be'ery, "A short note on
//! AWS KEY ID", 2023; Aidan Steele, "AWS Access Key ID formats", 2020) and confirmed by the
//! account that `sts:GetAccessKeyInfo` returns for such keys:
//!
//! ```text
//!   AKIA | ASIA              4-character prefix (long-term IAM user key | temporary STS key)
//!   16 × Base32 (RFC 4648)   10 bytes:
//!       bytes 0..6  big-endian 48-bit z = 1 << 47 | account << 7 | 7 bits
//!       bytes 6..10 4 more bytes
//! ```
//!
//! Keys whose 5th character is `I` or `J` (the documentation's `AKIAIOSFODNN7EXAMPLE`) predate
//! the scheme and say nothing about their account: the world has to know it.

use base64::Engine as _;
use thiserror::Error;

use crate::rng::SimRng;
use crate::sts::base32;

/// The 4-character prefix of an access key id. IAM user guide, "IAM identifiers" → "Unique
/// identifier prefixes": `AKIA` is an access key, `ASIA` a temporary (AWS STS) access key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyPrefix {
    /// `AKIA`: a long-term access key of an IAM user (or the root user).
    Akia,
    /// `ASIA`: temporary credentials issued by AWS STS.
    Asia,
}

impl KeyPrefix {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyPrefix::Akia => "AKIA",
            KeyPrefix::Asia => "ASIA",
        }
    }

    /// The prefix of a key id, if it is one of ours.
    pub fn of(key_id: &str) -> Option<KeyPrefix> {
        match key_id.get(..4)? {
            "AKIA" => Some(KeyPrefix::Akia),
            "ASIA" => Some(KeyPrefix::Asia),
            _ => None,
        }
    }
}

/// Why an access key id or account id was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccessKeyError {
    #[error("an AWS account ID is exactly 12 digits, got {0:?}")]
    InvalidAccount(String),
    #[error("an access key ID is 20 characters long, got {0}")]
    InvalidLength(usize),
    #[error("an access key ID starts with AKIA or ASIA, got {0:?}")]
    UnknownPrefix(String),
    #[error("the access key ID is not Base32 after its prefix: {0}")]
    NotBase32(#[from] base32::Base32Error),
    /// The marker bit of the account scheme is clear, yet the 5th character is not `I`/`J`
    /// (the only pre-scheme keys on public record): no public source says what these hold.
    #[error("the access key ID uses neither the account-bearing layout nor the old I/J layout")]
    UnknownLayout,
}

/// Total length of an access key id: 4-character prefix + 16 Base32 characters.
pub const KEY_ID_LEN: usize = 20;

/// Marker bit set in every account-bearing key (bit 47 of the first 48 bits).
const SCHEME_BIT: u64 = 1 << 47;
/// The 40 account bits within the first 48 bits.
const ACCOUNT_MASK: u64 = 0x7FFF_FFFF_FF80;

/// Parses a 12-digit account id into its number.
fn account_number(account: &str) -> Result<u64, AccessKeyError> {
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AccessKeyError::InvalidAccount(account.to_owned()));
    }
    // 12 ASCII digits always fit in a u64 (and in 40 bits: 999999999999 < 2^40).
    account
        .parse()
        .map_err(|_| AccessKeyError::InvalidAccount(account.to_owned()))
}

/// Issues a new access key id for `account` (12 digits), drawing its 39 random bits from
/// `rng`. The world must still check the result is unused: two keys of one account collide
/// with probability about n²/2⁴⁰ for n keys.
pub fn encode(
    prefix: KeyPrefix,
    account: &str,
    rng: &mut SimRng,
) -> Result<String, AccessKeyError> {
    let a = account_number(account)?;
    let random: [u8; 5] = rng.bytes();
    let z = SCHEME_BIT | (a << 7) | u64::from(random[0] & 0x7F);
    let mut raw = [0u8; 10];
    raw[..6].copy_from_slice(&z.to_be_bytes()[2..]);
    raw[6..].copy_from_slice(&random[1..]);
    let mut id = String::with_capacity(KEY_ID_LEN);
    id.push_str(prefix.as_str());
    id.push_str(&base32::encode(&raw));
    Ok(id)
}

/// The account an access key id belongs to, as `sts:GetAccessKeyInfo` derives it: `Ok(None)`
/// for pre-scheme keys (5th character `I` or `J`), whose account only the world knows.
pub fn account_of(key_id: &str) -> Result<Option<String>, AccessKeyError> {
    if key_id.len() != KEY_ID_LEN {
        return Err(AccessKeyError::InvalidLength(key_id.chars().count()));
    }
    if KeyPrefix::of(key_id).is_none() {
        let shown: String = key_id.chars().take(4).collect();
        return Err(AccessKeyError::UnknownPrefix(shown));
    }
    // The prefix is 4 ASCII bytes, so byte 4 starts a char.
    let body = key_id.get(4..).unwrap_or_default();
    let raw = base32::decode(body)?;
    if matches!(body.as_bytes().first(), Some(b'I' | b'J')) {
        return Ok(None);
    }
    let mut top = [0u8; 8];
    top[2..].copy_from_slice(
        raw.get(..6)
            .ok_or(AccessKeyError::InvalidLength(key_id.len()))?,
    );
    let z = u64::from_be_bytes(top);
    if z & SCHEME_BIT == 0 {
        return Err(AccessKeyError::UnknownLayout);
    }
    Ok(Some(format!("{:012}", (z & ACCOUNT_MASK) >> 7)))
}

/// Length of a secret access key. AWS documents no format; every example (the IAM user
/// guide's `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`) and every key seen in the wild is
/// 40 characters of `A–Z a–z 0–9 / +`.
pub const SECRET_LEN: usize = 40;

/// A new secret access key: 30 random bytes in standard Base64 (RFC 4648 §4), which is
/// exactly 40 characters of `[A-Za-z0-9+/]` with no padding, each character uniform.
pub fn secret_access_key(rng: &mut SimRng) -> String {
    let raw: [u8; 30] = rng.bytes();
    base64::engine::general_purpose::STANDARD.encode(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors from /work/shared/reference/aws-facts.md (Tal Be'ery's and Aidan Steele's
    /// write-ups; GetAccessKeyInfo returns the same accounts).
    #[test]
    fn published_vectors() {
        assert_eq!(
            account_of("ASIAY34FZKBOKMUTVV7A").unwrap().as_deref(),
            Some("609629065308")
        );
        assert_eq!(
            account_of("ASIAQAAAAAAAGMKEM7X5").unwrap().as_deref(),
            Some("000000000000")
        );
        assert_eq!(
            account_of("AKIA6RVFFB77RE7OLMKI").unwrap().as_deref(),
            Some("999999999999")
        );
    }

    /// The IAM documentation's example key predates the scheme (5th character `I`).
    #[test]
    fn pre_scheme_keys_have_no_account() {
        assert_eq!(account_of("AKIAIOSFODNN7EXAMPLE"), Ok(None));
        assert_eq!(account_of("ASIAJEXAMPLEXEG2JICE"), Ok(None));
    }

    #[test]
    fn refuses_malformed_ids() {
        assert_eq!(account_of("AKIA"), Err(AccessKeyError::InvalidLength(4)));
        assert!(matches!(
            account_of("AROAY34FZKBOKMUTVV7A"),
            Err(AccessKeyError::UnknownPrefix(_))
        ));
        assert!(matches!(
            account_of("ASIAY34FZKBOKMUTVV7a"),
            Err(AccessKeyError::NotBase32(_))
        ));
        assert!(matches!(
            account_of("ASIAY34FZKBOKMUTVV1A"),
            Err(AccessKeyError::NotBase32(_))
        ));
        // Marker bit clear, not I/J: no public description of such a key.
        assert_eq!(
            account_of("AKIAAAAAAAAAAAAAAAAA"),
            Err(AccessKeyError::UnknownLayout)
        );
        // Multi-byte characters: never a panic on a non-char-boundary slice.
        assert!(account_of("ASIAé34FZKBOKMUTVV7").is_err());
        assert!(account_of("ééééY34FZKBOKMUTVV7A").is_err());
    }

    #[test]
    fn encode_round_trips_and_is_deterministic() {
        let mut rng = SimRng::from_seed(1);
        let mut again = SimRng::from_seed(1);
        for account in [
            "000000000000",
            "123456789012",
            "609629065308",
            "999999999999",
        ] {
            for prefix in [KeyPrefix::Akia, KeyPrefix::Asia] {
                let id = encode(prefix, account, &mut rng).unwrap();
                assert_eq!(id, encode(prefix, account, &mut again).unwrap());
                assert_eq!(id.len(), KEY_ID_LEN);
                assert!(id.starts_with(prefix.as_str()));
                assert_eq!(KeyPrefix::of(&id), Some(prefix));
                assert_eq!(account_of(&id).unwrap().as_deref(), Some(account));
            }
        }
    }

    #[test]
    fn encode_refuses_bad_accounts() {
        let mut rng = SimRng::from_seed(1);
        for bad in [
            "",
            "12345678901",
            "1234567890123",
            "12345678901a",
            "１２３４５６７８９０１２",
        ] {
            assert!(matches!(
                encode(KeyPrefix::Akia, bad, &mut rng),
                Err(AccessKeyError::InvalidAccount(_))
            ));
        }
    }

    #[test]
    fn secrets_look_like_aws_secrets() {
        let mut rng = SimRng::from_seed(3);
        let s = secret_access_key(&mut rng);
        assert_eq!(s.len(), SECRET_LEN);
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+')
        );
        assert_ne!(s, secret_access_key(&mut rng));
        assert_eq!(s, secret_access_key(&mut SimRng::from_seed(3)));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_account_round_trips(a in 0u64..=999_999_999_999, seed: u64, temp: bool) {
            let account = format!("{a:012}");
            let prefix = if temp { KeyPrefix::Asia } else { KeyPrefix::Akia };
            let id = encode(prefix, &account, &mut SimRng::from_seed(seed)).unwrap();
            prop_assert_eq!(account_of(&id).unwrap(), Some(account));
        }

        #[test]
        fn account_of_never_panics(s in "\\PC{0,24}") {
            let _ = account_of(&s);
        }

        #[test]
        fn account_of_never_panics_on_key_shaped_input(s in "(AKIA|ASIA)[A-Z2-7]{16}") {
            let _ = account_of(&s);
        }
    }
}
