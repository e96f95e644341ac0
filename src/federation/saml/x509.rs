//! The little X.509 a SAML provider needs: the RSA public key out of a certificate from the
//! provider's metadata (a DER walk to `subjectPublicKeyInfo`), and a minimal self-signed
//! certificate (RSA with SHA-256) for the metadata of a simulated identity provider.
//!
//! Sources: RFC 5280 §4.1 (`Certificate`, `TBSCertificate`, `Validity`: UTCTime through 2049,
//! GeneralizedTime from 2050), X.690 §8.1 and §10 (DER tag-length-value, definite lengths),
//! RFC 4055 §5 (`sha256WithRSAEncryption`, parameters NULL).
//!
//! The certificate is only a key carrier: like the rest of the simulator's trust decisions,
//! AWS trusts the keys in the metadata uploaded to IAM, not a certificate chain, so no chain,
//! validity period or extension is checked here.

use crate::crypto::der::{self, CONTEXT_0, INTEGER, NULL, OID, SEQUENCE, SET, read_tlv, seq, tlv};
use crate::crypto::rsa;

const UTF8_STRING: u8 = 0x0c;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;

/// 1.2.840.113549.1.1.11 sha256WithRSAEncryption.
const OID_SHA256_WITH_RSA: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
/// 2.5.4.3 id-at-commonName.
const OID_COMMON_NAME: [u8; 3] = [0x55, 0x04, 0x03];

fn expect<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<(der::Tlv<'a>, &'a [u8]), String> {
    der::expect(input, tag, what).map_err(|e| format!("X.509: {e}"))
}

/// The DER `SubjectPublicKeyInfo` of a certificate (RFC 5280 §4.1: `Certificate` →
/// `tbsCertificate` → [version], serialNumber, signature, issuer, validity, subject,
/// subjectPublicKeyInfo).
pub fn subject_public_key_info(certificate: &[u8]) -> Result<&[u8], String> {
    let (cert, rest) = expect(certificate, SEQUENCE, "Certificate")?;
    if !rest.is_empty() {
        return Err("X.509: trailing bytes after the certificate".into());
    }
    let (tbs, _) = expect(cert.contents, SEQUENCE, "TBSCertificate")?;
    let mut fields = tbs.contents;
    let (first, after) = read_tlv(fields)?;
    if first.tag == CONTEXT_0 {
        fields = after;
    }
    let (_, fields) = expect(fields, INTEGER, "serialNumber")?;
    let (_, fields) = expect(fields, SEQUENCE, "signature AlgorithmIdentifier")?;
    let (_, fields) = expect(fields, SEQUENCE, "issuer")?;
    let (_, fields) = expect(fields, SEQUENCE, "validity")?;
    let (_, fields) = expect(fields, SEQUENCE, "subject")?;
    let (spki, _) = expect(fields, SEQUENCE, "subjectPublicKeyInfo")?;
    Ok(spki.encoded)
}

/// The RSA public key a certificate carries.
pub fn rsa_public_key(certificate: &[u8]) -> Result<rsa::PublicKey, String> {
    let spki = subject_public_key_info(certificate)?;
    rsa::PublicKey::from_spki_der(spki).map_err(|e| format!("the certificate's key is not a usable RSA public key: {e}"))
}

/// RFC 5280 §4.1.2.5: UTCTime for 1950..=2049, GeneralizedTime otherwise; always `Z`.
fn time(epoch_ms: i64) -> Vec<u8> {
    let iso = crate::sts::clock::iso8601(epoch_ms); // YYYY-MM-DDTHH:MM:SSZ
    let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
    let year: i64 = digits.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    if (1950..2050).contains(&year) {
        tlv(UTC_TIME, format!("{}Z", &digits[2..]).as_bytes())
    } else {
        tlv(GENERALIZED_TIME, format!("{digits}Z").as_bytes())
    }
}

/// A self-signed X.509 v3 certificate (no extensions) for `key`, subject and issuer
/// `CN=<common_name>`, valid from `not_before_ms` to `not_after_ms`, signed with
/// sha256WithRSAEncryption. The serial number is derived from the public key, so the same key
/// and dates always give the same certificate.
pub fn self_signed_certificate(key: &rsa::PrivateKey, common_name: &str, not_before_ms: i64, not_after_ms: i64) -> Result<Vec<u8>, String> {
    use sha2::{Digest, Sha256};
    let spki = key.public_key().to_spki_der();
    // A positive serial of at most 20 octets (RFC 5280 §4.1.2.2).
    let mut serial = Sha256::digest(&spki)[..16].to_vec();
    serial[0] &= 0x7f;
    serial[0] |= 0x01;
    let algorithm = seq(&[&tlv(OID, &OID_SHA256_WITH_RSA), &tlv(NULL, &[])]);
    let name = seq(&[&tlv(SET, &seq(&[&tlv(OID, &OID_COMMON_NAME), &tlv(UTF8_STRING, common_name.as_bytes())]))]);
    let validity = seq(&[&time(not_before_ms), &time(not_after_ms)]);
    let version = tlv(CONTEXT_0, &tlv(INTEGER, &[2]));
    let tbs = seq(&[&version, &tlv(INTEGER, &serial), &algorithm, &name, &validity, &name, &spki]);
    let signature = crate::federation::rsa_memo::sign(key, crate::crypto::Hash::Sha256, &Sha256::digest(&tbs))
        .map_err(|e| format!("signing the certificate failed: {e}"))?;
    Ok(seq(&[&tbs, &algorithm, &der::bit_string(&signature)]))
}
