//! The DER that keys and certificates need (X.690 §8.1 and §10): a reader of untrusted input
//! (every length checked against what is left, no indefinite lengths, nothing that can panic)
//! and a writer; and PEM armour (RFC 7468) around it.

pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OID: u8 = 0x06;
pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;
pub const CONTEXT_0: u8 = 0xa0;
pub const CONTEXT_1: u8 = 0xa1;

/// One DER element: its tag, its contents, and the whole encoding.
pub struct Tlv<'a> {
    pub tag: u8,
    pub contents: &'a [u8],
    pub encoded: &'a [u8],
}

/// Reads one DER element from the front of `input`; returns it and the rest.
pub fn read_tlv(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), String> {
    let (&tag, rest) = input.split_first().ok_or("truncated DER: no tag")?;
    if tag & 0x1f == 0x1f {
        return Err("multi-byte DER tags are not used in keys and certificates".into());
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

/// Reads an element that must have `tag`; `what` names it in the error.
pub fn expect<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<(Tlv<'a>, &'a [u8]), String> {
    let (tlv, rest) = read_tlv(input)?;
    if tlv.tag != tag {
        return Err(format!("expected {what} (tag {tag:#04x}), found tag {:#04x}", tlv.tag));
    }
    Ok((tlv, rest))
}

/// The whole of `input` is one element with `tag`: its contents.
pub fn expect_only<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<&'a [u8], String> {
    match expect(input, tag, what)? {
        (tlv, []) => Ok(tlv.contents),
        _ => Err(format!("trailing bytes after {what}")),
    }
}

/// A non-negative INTEGER's magnitude, big-endian, without its sign byte. DER's rules hold: at
/// least one byte, no unneeded leading zero, and here no negative value.
pub fn read_unsigned<'a>(input: &'a [u8], what: &str) -> Result<(&'a [u8], &'a [u8]), String> {
    let (tlv, rest) = expect(input, INTEGER, what)?;
    match tlv.contents {
        [] => Err(format!("{what}: an empty INTEGER")),
        [b, ..] if b & 0x80 != 0 => Err(format!("{what}: a negative INTEGER")),
        [0, b, ..] if b & 0x80 == 0 => Err(format!("{what}: an INTEGER with a needless leading zero")),
        [0, magnitude @ ..] => Ok((magnitude, rest)),
        magnitude => Ok((magnitude, rest)),
    }
}

/// A small INTEGER (versions).
pub fn read_small<'a>(input: &'a [u8], what: &str) -> Result<(u32, &'a [u8]), String> {
    let (magnitude, rest) = read_unsigned(input, what)?;
    if magnitude.len() > 3 {
        return Err(format!("{what}: out of range"));
    }
    Ok((magnitude.iter().fold(0u32, |acc, b| (acc << 8) | *b as u32), rest))
}

pub fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
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

pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(SEQUENCE, &parts.concat())
}

/// A non-negative INTEGER from its big-endian magnitude (leading zeros dropped, a zero byte put
/// in front when the top bit is set).
pub fn unsigned(magnitude: &[u8]) -> Vec<u8> {
    let start = magnitude.iter().position(|b| *b != 0).unwrap_or(magnitude.len());
    let mut contents = Vec::with_capacity(magnitude.len() - start + 1);
    if magnitude.get(start).is_none_or(|b| b & 0x80 != 0) {
        contents.push(0);
    }
    contents.extend_from_slice(&magnitude[start..]);
    tlv(INTEGER, &contents)
}

/// A BIT STRING with no unused bits.
pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
    tlv(BIT_STRING, &[&[0u8][..], bytes].concat())
}

/// The bytes of a BIT STRING with no unused bits.
pub fn read_bit_string<'a>(input: &'a [u8], what: &str) -> Result<(&'a [u8], &'a [u8]), String> {
    let (tlv, rest) = expect(input, BIT_STRING, what)?;
    match tlv.contents {
        [0, bytes @ ..] => Ok((bytes, rest)),
        _ => Err(format!("{what}: a BIT STRING with unused bits")),
    }
}

/// PEM text (RFC 7468 §2): the DER between `-----BEGIN <label>-----` and `-----END <label>-----`,
/// base64 with padding; whitespace inside is ignored, as is text around the armour.
pub fn pem_decode(text: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)? + begin.len();
    let body = &text[start..];
    let body = &body[..body.find(&end)?];
    decode_base64_text(body)
}

/// Base64 with padding, whitespace anywhere ignored: a PEM body, or XML-DSig's
/// `ds:base64Binary` (federation::saml::xmldsig re-exports it).
pub fn decode_base64_text(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact).ok()
}

/// PEM text with 64-character lines and LF line endings (RFC 7468 §2), ending with a newline.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(core::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// An `AlgorithmIdentifier` (RFC 5280 §4.1.1.2): the OID's contents and the parameters' whole
/// encoding, if any.
pub struct AlgorithmIdentifier<'a> {
    pub oid: &'a [u8],
    pub parameters: Option<&'a [u8]>,
}

fn read_algorithm<'a>(input: &'a [u8], what: &str) -> Result<(AlgorithmIdentifier<'a>, &'a [u8]), String> {
    let (alg, rest) = expect(input, SEQUENCE, what)?;
    let (oid, params) = expect(alg.contents, OID, "an algorithm OID")?;
    let parameters = match params {
        [] => None,
        _ => match read_tlv(params)? {
            (p, []) => Some(p.encoded),
            _ => return Err(format!("trailing bytes in {what}")),
        },
    };
    Ok((AlgorithmIdentifier { oid: oid.contents, parameters }, rest))
}

/// An `AlgorithmIdentifier` from an OID's contents and encoded parameters.
pub fn algorithm(oid: &[u8], parameters: &[u8]) -> Vec<u8> {
    seq(&[&tlv(OID, oid), parameters])
}

/// A PKCS#8 `PrivateKeyInfo` (RFC 5208 §5), or its version-2 form `OneAsymmetricKey` (RFC 5958
/// §2), whose attributes and public key are not needed here: the algorithm and the private key.
pub fn read_private_key_info(input: &[u8]) -> Result<(AlgorithmIdentifier<'_>, &[u8]), String> {
    let fields = expect_only(input, SEQUENCE, "PrivateKeyInfo")?;
    let (version, fields) = read_small(fields, "PrivateKeyInfo version")?;
    if version > 1 {
        return Err(format!("PrivateKeyInfo version {version}"));
    }
    let (algorithm, fields) = read_algorithm(fields, "privateKeyAlgorithm")?;
    let (private_key, mut fields) = expect(fields, OCTET_STRING, "privateKey")?;
    // attributes [0] IMPLICIT SET OF, then (version 2) publicKey [1] IMPLICIT BIT STRING.
    for tag in [CONTEXT_0, 0x81] {
        if fields.first() == Some(&tag) {
            fields = read_tlv(fields)?.1;
        }
    }
    if !fields.is_empty() {
        return Err("trailing bytes in PrivateKeyInfo".into());
    }
    Ok((algorithm, private_key.contents))
}

pub fn private_key_info(algorithm: &[u8], private_key: &[u8]) -> Vec<u8> {
    seq(&[&unsigned(&[0]), algorithm, &tlv(OCTET_STRING, private_key)])
}

/// A `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7): the algorithm and the key's bits.
pub fn read_subject_public_key_info(input: &[u8]) -> Result<(AlgorithmIdentifier<'_>, &[u8]), String> {
    let fields = expect_only(input, SEQUENCE, "SubjectPublicKeyInfo")?;
    let (algorithm, fields) = read_algorithm(fields, "algorithm")?;
    match read_bit_string(fields, "subjectPublicKey")? {
        (key, []) => Ok((algorithm, key)),
        _ => Err("trailing bytes in SubjectPublicKeyInfo".into()),
    }
}

pub fn subject_public_key_info(algorithm: &[u8], key: &[u8]) -> Vec<u8> {
    seq(&[algorithm, &bit_string(key)])
}
