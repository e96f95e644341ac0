//! Base32 (RFC 4648 §6, alphabet `A–Z2–7`), the encoding of both access key ids and virtual
//! MFA seeds (IAM `VirtualMFADevice.Base32StringSeed`: "The base32 seed defined as specified
//! in RFC3548", which RFC 4648 obsoletes with the same alphabet).

use thiserror::Error;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Why a string is not Base32.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Base32Error {
    #[error("character {ch:?} at position {position} is not in the Base32 alphabet A-Z, 2-7")]
    InvalidCharacter { position: usize, ch: char },
    #[error("{len} Base32 characters cannot encode a whole number of bytes")]
    InvalidLength { len: usize },
    #[error("the unused low bits of the last Base32 character are not zero")]
    NonCanonical,
}

/// The 5-bit value of one Base32 character (upper case only, as RFC 4648 §6 defines it).
pub fn value_of(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'2'..=b'7' => Some(c - b'2' + 26),
        _ => None,
    }
}

/// Encodes bytes as upper-case Base32 without `=` padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes unpadded, upper-case Base32. Strict: a length that RFC 4648 §6 padding could not
/// complete (1, 3 or 6 characters past a multiple of 8) and non-zero leftover bits are errors,
/// so every byte string has exactly one accepted encoding.
pub fn decode(text: &str) -> Result<Vec<u8>, Base32Error> {
    if matches!(text.len() % 8, 1 | 3 | 6) {
        return Err(Base32Error::InvalidLength { len: text.len() });
    }
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for (position, c) in text.bytes().enumerate() {
        let v = value_of(c).ok_or_else(|| Base32Error::InvalidCharacter {
            position,
            // Every byte before `position` was ASCII, so `position` starts a char.
            ch: text
                .get(position..)
                .and_then(|t| t.chars().next())
                .unwrap_or('\u{FFFD}'),
        })?;
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if acc != 0 {
        return Err(Base32Error::NonCanonical);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors, with the padding removed.
    const RFC4648: [(&str, &str); 7] = [
        ("", ""),
        ("f", "MY"),
        ("fo", "MZXQ"),
        ("foo", "MZXW6"),
        ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, coded) in RFC4648 {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            decode("MZXW1"),
            Err(Base32Error::InvalidCharacter { position: 4, .. })
        ));
        assert!(matches!(
            decode("mzxw6"),
            Err(Base32Error::InvalidCharacter { position: 0, .. })
        ));
        assert!(matches!(
            decode("MZX"),
            Err(Base32Error::InvalidLength { len: 3 })
        ));
        assert_eq!(decode("MY"), Ok(b"f".to_vec()));
        assert_eq!(
            decode("MY======"),
            Err(Base32Error::InvalidCharacter {
                position: 2,
                ch: '='
            })
        );
        // "MY" is the one encoding of "f"; "MZ" also sets a low bit that no byte uses.
        assert_eq!(decode("MZ"), Err(Base32Error::NonCanonical));
        assert!(matches!(
            decode("MZé"),
            Err(Base32Error::InvalidCharacter {
                position: 2,
                ch: 'é'
            })
        ));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn decode_never_panics(s in "\\PC{0,40}") {
            let _ = decode(&s);
        }
    }
}
