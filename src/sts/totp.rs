//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) as IAM virtual MFA devices use
//! them: HMAC-SHA1, a 30-second step from the Unix epoch, six digits. The device's secret is
//! given to the user as `Base32StringSeed` ("The base32 seed defined as specified in RFC3548",
//! IAM API reference, `VirtualMFADevice`), and STS takes the code as `TokenCode`, "a sequence
//! of six numeric digits" (STS API reference, `AssumeRole` / `GetSessionToken`).

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use thiserror::Error;

use crate::rng::SimRng;
use crate::sts::base32;

/// RFC 6238 §4.1: X, the time step, "We RECOMMEND a default time-step size of 30 seconds";
/// authenticator apps and IAM's otpauth://totp/ URIs use that default.
pub const STEP_SECONDS: u64 = 30;

/// Digits in an IAM MFA code (`TokenCode`, `AuthenticationCode1/2`: "six digits").
pub const AWS_DIGITS: u32 = 6;

/// How many steps before and after the current one a code is still accepted.
///
/// AWS does not document its tolerance (the IAM guide only says codes are time-sensitive and
/// that a device whose clock drifts must be resynchronised, "Resynchronize virtual and hardware
/// MFA devices"). RFC 6238 §5.2 recommends allowing "at most one time step" of network delay
/// and §6 a look-ahead/behind for drift; we choose ±1 step (±30 s) and call it a choice.
pub const ACCEPTED_SKEW_STEPS: u64 = 1;

/// Secret length we generate: RFC 4226 §4 R6 recommends a 160-bit shared secret. (AWS does not
/// document the length of its seeds.)
pub const SEED_BYTES: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TotpError {
    #[error("the MFA seed is not Base32: {0}")]
    NotBase32(#[from] base32::Base32Error),
    #[error("the MFA seed is empty")]
    EmptySeed,
}

/// The shared secret of a virtual MFA device.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSeed(Vec<u8>);

impl core::fmt::Debug for TotpSeed {
    // A seed in a log or a panic message would let anyone mint codes: never print it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TotpSeed(..)")
    }
}

impl TotpSeed {
    /// A fresh random seed for a new virtual MFA device.
    pub fn generate(rng: &mut SimRng) -> Self {
        TotpSeed(rng.bytes::<SEED_BYTES>().to_vec())
    }

    /// The seed as an authenticator app shows or scans it. Accepts upper or lower case,
    /// spaces (apps print seeds in groups) and trailing `=` padding.
    pub fn from_base32(text: &str) -> Result<Self, TotpError> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let raw = base32::decode(cleaned.trim_end_matches('='))?;
        if raw.is_empty() {
            return Err(TotpError::EmptySeed);
        }
        Ok(TotpSeed(raw))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TotpError> {
        if bytes.is_empty() {
            return Err(TotpError::EmptySeed);
        }
        Ok(TotpSeed(bytes.to_vec()))
    }

    /// Upper-case Base32 without padding (the form of `Base32StringSeed`).
    pub fn to_base32(&self) -> String {
        base32::encode(&self.0)
    }

    /// The six-digit code the device shows at `unix_time`.
    pub fn code_at(&self, unix_time: u64) -> String {
        totp(&self.0, unix_time, AWS_DIGITS)
    }

    /// Checks a six-digit code at `unix_time`, accepting the previous and next step too
    /// ([`ACCEPTED_SKEW_STEPS`]). Returns the time step the code belongs to (what a later
    /// replay check would remember), or `None` if the code is wrong or not six digits.
    pub fn verify(&self, code: &str, unix_time: u64) -> Option<u64> {
        if code.len() != AWS_DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let now = unix_time / STEP_SECONDS;
        let first = now.saturating_sub(ACCEPTED_SKEW_STEPS);
        let last = now.saturating_add(ACCEPTED_SKEW_STEPS);
        // Constant-time comparison is pointless in a simulator; we keep the scan simple but
        // still check every candidate step so timing does not depend on which one matched.
        let mut matched = None;
        for step in first..=last {
            if hotp(&self.0, step, AWS_DIGITS) == code && matched.is_none() {
                matched = Some(step);
            }
        }
        matched
    }
}

/// RFC 6238 §4.2: TOTP = HOTP(K, T) with T = floor(unix_time / 30) (T0 = 0).
pub fn totp(secret: &[u8], unix_time: u64, digits: u32) -> String {
    hotp(secret, unix_time / STEP_SECONDS, digits)
}

/// RFC 4226 §5.3: HMAC-SHA1 over the 8-byte big-endian counter, dynamic truncation to 31
/// bits, then the low `digits` decimal digits, left-padded with zeros. `digits` is clamped to
/// 1..=9 (a 31-bit value has at most 10 digits, and RFC 4226 §5.3 requires at least 6 in use).
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> String {
    let digits = digits.clamp(1, 9);
    // HMAC accepts keys of any length (RFC 2104 §2), so this never fails.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let hs = mac.finalize().into_bytes();
    // Dynamic truncation: the low nibble of the last byte picks a 4-byte window (0..=15, and
    // SHA-1 gives 20 bytes, so offset + 3 <= 18 is always in range).
    let offset = usize::from(hs[19] & 0x0F);
    let sbits = u32::from_be_bytes([
        hs[offset] & 0x7F,
        hs[offset + 1],
        hs[offset + 2],
        hs[offset + 3],
    ]);
    let value = sbits % 10u32.pow(digits);
    format!("{value:0width$}", width = digits as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890",
    /// codes are 8 digits.
    const RFC_SEED: &[u8] = b"12345678901234567890";
    const RFC6238_SHA1: [(u64, &str); 6] = [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ];

    #[test]
    fn rfc6238_appendix_b_sha1() {
        for (t, code) in RFC6238_SHA1 {
            assert_eq!(totp(RFC_SEED, t, 8), code, "T = {t}");
        }
    }

    /// RFC 4226 Appendix D: HOTP values for counters 0..=9 with the same secret, 6 digits.
    #[test]
    fn rfc4226_appendix_d() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(RFC_SEED, counter as u64, 6), *code);
        }
    }

    #[test]
    fn six_digit_aws_codes_are_the_low_digits_of_the_rfc_values() {
        // The 6-digit code is the same truncated value mod 10^6.
        let seed = TotpSeed::from_bytes(RFC_SEED).unwrap();
        for (t, code8) in RFC6238_SHA1 {
            assert_eq!(seed.code_at(t), code8[2..]);
        }
    }

    #[test]
    fn base32_seed_round_trip() {
        // "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" is RFC_SEED in Base32.
        let seed = TotpSeed::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(seed, TotpSeed::from_bytes(RFC_SEED).unwrap());
        assert_eq!(seed.to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let loose = TotpSeed::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq").unwrap();
        assert_eq!(loose, seed);
        assert_eq!(TotpSeed::from_base32(""), Err(TotpError::EmptySeed));
        assert!(matches!(
            TotpSeed::from_base32("GEZ1"),
            Err(TotpError::NotBase32(_))
        ));
        assert_eq!(format!("{seed:?}"), "TotpSeed(..)");
    }

    #[test]
    fn verify_accepts_one_step_either_side() {
        let seed = TotpSeed::from_bytes(RFC_SEED).unwrap();
        let t = 1111111111; // step 37037037
        let step = t / STEP_SECONDS;
        assert_eq!(seed.verify(&seed.code_at(t), t), Some(step));
        assert_eq!(seed.verify(&seed.code_at(t - 30), t), Some(step - 1));
        assert_eq!(seed.verify(&seed.code_at(t + 30), t), Some(step + 1));
        assert_eq!(seed.verify(&seed.code_at(t - 60), t), None);
        assert_eq!(seed.verify(&seed.code_at(t + 60), t), None);
    }

    #[test]
    fn verify_refuses_malformed_codes() {
        let seed = TotpSeed::from_bytes(RFC_SEED).unwrap();
        let t = 59;
        let code = seed.code_at(t);
        assert_eq!(seed.verify(&code, t), Some(1));
        assert_eq!(seed.verify(&format!("{code} "), t), None);
        assert_eq!(seed.verify(&format!("0{code}"), t), None);
        assert_eq!(seed.verify("", t), None);
        assert_eq!(seed.verify("12345a", t), None);
        assert_eq!(seed.verify("１２３４５６", t), None);
        // Step 0 has no previous step: no underflow.
        assert!(seed.verify(&seed.code_at(0), 0).is_some());
        // The last step has no next step: no overflow either.
        let _ = seed.verify("000000", u64::MAX);
    }

    #[test]
    fn generated_seeds_are_deterministic() {
        let a = TotpSeed::generate(&mut SimRng::from_seed(5));
        let b = TotpSeed::generate(&mut SimRng::from_seed(5));
        assert_eq!(a, b);
        assert_eq!(a.to_base32().len(), 32);
        assert_eq!(TotpSeed::from_base32(&a.to_base32()).unwrap(), a);
    }
}
