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

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const NULL: u8 = 0x05;
const OID: u8 = 0x06;
const UTF8_STRING: u8 = 0x0c;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const CONTEXT_0: u8 = 0xa0;

/// 1.2.840.113549.1.1.11 sha256WithRSAEncryption.
const OID_SHA256_WITH_RSA: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
/// 2.5.4.3 id-at-commonName.
const OID_COMMON_NAME: [u8; 3] = [0x55, 0x04, 0x03];

/// One DER element: its tag, its contents, and the whole encoding.
struct Tlv<'a> {
    tag: u8,
    contents: &'a [u8],
    encoded: &'a [u8],
}

/// Reads one DER element from the front of `input`; returns it and the rest.
fn read_tlv(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), String> {
    let (&tag, rest) = input.split_first().ok_or("truncated DER: no tag")?;
    if tag & 0x1f == 0x1f {
        return Err("multi-byte DER tags are not used in certificates".into());
    }
    let (&first, rest) = rest.split_first().ok_or("truncated DER: no length")?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return Err("unsupported DER length (indefinite, or over 4 bytes)".into());
        }
        let bytes = rest.get(..n).ok_or("truncated DER length")?;
        (bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize), &rest[n..])
    };
    let contents = rest.get(..len).ok_or("truncated DER contents")?;
    let header = input.len() - rest.len();
    Ok((Tlv { tag, contents, encoded: &input[..header + len] }, &rest[len..]))
}

fn expect<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<(Tlv<'a>, &'a [u8]), String> {
    let (tlv, rest) = read_tlv(input)?;
    if tlv.tag != tag {
        return Err(format!("X.509: expected {what} (tag {tag:#04x}), found tag {:#04x}", tlv.tag));
    }
    Ok((tlv, rest))
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
    use rsa::pkcs8::DecodePublicKey as _;
    let spki = subject_public_key_info(certificate)?;
    rsa::PublicKey::from_public_key_der(spki).map_err(|e| format!("the certificate's key is not a usable RSA public key: {e}"))
}

fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(contents);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(SEQUENCE, &parts.concat())
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
    use rsa::pkcs8::EncodePublicKey as _;
    use sha2::{Digest, Sha256};
    let spki = key.to_public_key().to_public_key_der().map_err(|e| format!("encoding the public key failed: {e}"))?;
    let spki = spki.as_bytes();
    // A positive serial of at most 20 octets (RFC 5280 §4.1.2.2).
    let mut serial = Sha256::digest(spki)[..16].to_vec();
    serial[0] &= 0x7f;
    serial[0] |= 0x01;
    let algorithm = seq(&[&tlv(OID, &OID_SHA256_WITH_RSA), &tlv(NULL, &[])]);
    let name = seq(&[&tlv(SET, &seq(&[&tlv(OID, &OID_COMMON_NAME), &tlv(UTF8_STRING, common_name.as_bytes())]))]);
    let validity = seq(&[&time(not_before_ms), &time(not_after_ms)]);
    let version = tlv(CONTEXT_0, &tlv(INTEGER, &[2]));
    let tbs = seq(&[&version, &tlv(INTEGER, &serial), &algorithm, &name, &validity, &name, spki]);
    let signature = crate::federation::rsa_memo::sign(key, rsa::Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(&tbs))
        .map_err(|e| format!("signing the certificate failed: {e}"))?;
    let mut bits = vec![0u8]; // no unused bits
    bits.extend(signature);
    Ok(seq(&[&tbs, &algorithm, &tlv(BIT_STRING, &bits)]))
}
