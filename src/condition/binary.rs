//! The BinaryEquals operator: base64-encoded byte strings compared byte for byte.
//!
//! "IAM JSON policy elements: Condition operators", Binary condition operators
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals):
//! "compare a key value to a base-64 encoded binary value". The request value is base64 text too.

/// Decodes standard base64 (RFC 4648 alphabet). `=` padding is optional but, when present, must
/// be correct; no whitespace.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    if padding > 2 || (padding > 0 && text.len() % 4 != 0) || body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in body.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(decode_base64("QmluYXJ5VmFsdWVJbkJhc2U2NA==").unwrap(), b"BinaryValueInBase64");
        assert_eq!(decode_base64("QQ").unwrap(), b"A");
        assert_eq!(decode_base64("").unwrap(), b"");
        assert_eq!(decode_base64("Zm9vYmFy").unwrap(), b"foobar");
        for bad in ["Q", "QQ=", "Zm9v!", "Zm9v YmFy", "QQ==="] {
            assert_eq!(decode_base64(bad), None, "{bad}");
        }
    }
}
