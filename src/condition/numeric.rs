//! Numeric condition operators: integer or decimal values compared exactly.
//!
//! "IAM JSON policy elements: Condition operators", Numeric condition operators
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric):
//! they compare "a key to an integer or decimal value"; policy variables and wildcards are not
//! supported.

/// A number as a fixed-point value scaled by 10^9, so decimals compare exactly. Digits past the
/// ninth decimal place are dropped; integers of more than 29 digits do not parse.
pub type Number = i128;

const SCALE_DIGITS: u32 = 9;

/// Parses `[+-]digits[.digits]` (also `.5` and `5.`). No exponent, no whitespace.
pub fn parse_number(text: &str) -> Option<Number> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i128 = 0;
    for b in int.bytes() {
        value = value.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let mut scaled = value.checked_mul(10i128.pow(SCALE_DIGITS))?;
    for (i, b) in frac.bytes().take(SCALE_DIGITS as usize).enumerate() {
        scaled += i128::from(b - b'0') * 10i128.pow(SCALE_DIGITS - 1 - i as u32);
    }
    Some(if neg { -scaled } else { scaled })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_integers_and_decimals() {
        assert_eq!(parse_number("3600"), Some(3600_000_000_000));
        assert_eq!(parse_number("-1.5"), Some(-1_500_000_000));
        assert_eq!(parse_number("+2"), parse_number("2"));
        assert_eq!(parse_number("1.0"), parse_number("1"));
        assert_eq!(parse_number(".5"), parse_number("0.5"));
        assert_eq!(parse_number("007"), parse_number("7"));
        for bad in ["", "-", ".", "1e3", " 1", "1 ", "0x10", "1.2.3", "abc", "१"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
        assert!(parse_number(&"9".repeat(40)).is_none());
    }
}
