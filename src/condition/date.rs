//! Date condition operators: instants compared to the millisecond.
//!
//! "IAM JSON policy elements: Condition operators", Date condition operators
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date):
//! "You must specify a date in one of the W3C implementations of the ISO 8601 date formats or in
//! epoch (UNIX) time." Policy variables and wildcards are not supported. The W3C profile
//! ("Date and Time Formats", https://www.w3.org/TR/NOTE-datetime) allows `YYYY`, `YYYY-MM`,
//! `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD` and
//! `YYYY-MM-DDThh:mm:ss.sTZD` with TZD = `Z` or `±hh:mm`.

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Instant = i64;

/// Parses an ISO 8601 (W3C profile) date-time or whole epoch seconds.
pub fn parse_date(text: &str) -> Option<Instant> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() != 4 {
        // Epoch seconds. A bare four-digit value is a year in the W3C profile.
        return text.parse::<i64>().ok()?.checked_mul(1000);
    }
    parse_iso8601(text)
}

fn digits(s: &str, n: usize) -> Option<(i64, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[n..]))
}

fn parse_iso8601(s: &str) -> Option<Instant> {
    let (year, rest) = digits(s, 4)?;
    let (mut month, mut day) = (1, 1);
    let mut rest = rest;
    if let Some(r) = rest.strip_prefix('-') {
        let (m, r) = digits(r, 2)?;
        month = m;
        rest = r;
        if let Some(r) = rest.strip_prefix('-') {
            let (d, r) = digits(r, 2)?;
            day = d;
            rest = r;
        }
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut millis_of_day = 0i64;
    if let Some(r) = rest.strip_prefix('T') {
        let (h, r) = digits(r, 2)?;
        let r = r.strip_prefix(':')?;
        let (mi, mut r) = digits(r, 2)?;
        let mut sec = 0;
        let mut ms = 0;
        if let Some(r2) = r.strip_prefix(':') {
            let (s2, r3) = digits(r2, 2)?;
            sec = s2;
            r = r3;
            if let Some(r4) = r.strip_prefix('.') {
                let n = r4.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 {
                    return None;
                }
                let frac = &r4[..n];
                ms = frac.bytes().take(3).enumerate().map(|(i, b)| i64::from(b - b'0') * 10i64.pow(2 - i as u32)).sum();
                r = &r4[n..];
            }
        }
        if h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        let offset = parse_offset(r)?;
        millis_of_day = ((h * 60 + mi) * 60 + sec) * 1000 + ms - offset * 60_000;
    } else if !rest.is_empty() {
        return None;
    }
    Some(crate::calendar::days_from_civil(year, month, day) * 86_400_000 + millis_of_day)
}

/// `Z` or `±hh:mm` (also `±hhmm`), in minutes east of UTC. The W3C profile requires a zone
/// designator whenever a time is present.
fn parse_offset(s: &str) -> Option<i64> {
    if s == "Z" {
        return Some(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, r) = digits(&s[1..], 2)?;
    let r = r.strip_prefix(':').unwrap_or(r);
    let (m, r) = digits(r, 2)?;
    if !r.is_empty() || h > 23 || m > 59 {
        return None;
    }
    Some(sign * (h * 60 + m))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_variants() {
        let t = parse_date("2020-01-01T00:00:00Z").unwrap();
        assert_eq!(t, 1_577_836_800_000);
        assert_eq!(parse_date("2020-01-01"), Some(t));
        assert_eq!(parse_date("2020-01"), Some(t));
        assert_eq!(parse_date("2020"), Some(t));
        assert_eq!(parse_date("2020-01-01T00:00Z"), Some(t));
        assert_eq!(parse_date("2020-01-01T01:00:00+01:00"), Some(t));
        assert_eq!(parse_date("2019-12-31T19:00:00-05:00"), Some(t));
        assert_eq!(parse_date("2020-01-01T00:00:00.250Z"), Some(t + 250));
        assert_eq!(parse_date("1577836800"), Some(t));
        assert_eq!(parse_date("0"), Some(0));
        assert_eq!(parse_date("2024-02-29"), Some(1_709_164_800_000));
        for bad in ["", "2023-02-29", "2020-13-01", "2020-01-01T00:00:00", "2020-01-01T24:00:00Z", "yesterday", "2020/01/01", "-5", "1.5"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
