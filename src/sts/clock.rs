//! Time as STS prints it: ISO 8601 with seconds (`Expiration`, `aws:TokenIssueTime`,
//! CloudTrail's `eventTime`) and CloudTrail's `responseElements` style (`Nov 25, 2026, 1:00:00 PM`).
//! Parsing reuses the policy language's date reader (`condition::date::parse_date`).

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
}

fn parts(epoch_ms: i64) -> Parts {
    let secs = epoch_ms.div_euclid(1000);
    let (year, month, day) = crate::calendar::civil_from_days(secs.div_euclid(86_400));
    let (month, day) = (month as u32, day as u32);
    let s = secs.rem_euclid(86_400);
    Parts { year, month, day, hour: s / 3600, minute: s % 3600 / 60, second: s % 60 }
}

/// `2026-11-25T12:00:00Z`.
pub fn iso8601(epoch_ms: i64) -> String {
    let p = parts(epoch_ms);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", p.year, p.month, p.day, p.hour, p.minute, p.second)
}

/// An HTTP `Date` header (RFC 9110 §5.6.7 IMF-fixdate): `Wed, 25 Nov 2026 12:00:00 GMT`, as STS
/// answers carry it (SDKs correct their clock skew from it).
pub fn http_date(epoch_ms: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let p = parts(epoch_ms);
    let weekday = DAYS[epoch_ms.div_euclid(86_400_000).rem_euclid(7) as usize];
    format!("{weekday}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", p.day, MONTHS[(p.month - 1) as usize], p.year, p.hour, p.minute, p.second)
}

/// CloudTrail's rendering of dates inside `responseElements` ("Example AWS STS API events in
/// CloudTrail log": `"expiration": "Jul 10, 2019, 5:10:11 PM"`).
pub fn cloudtrail_date(epoch_ms: i64) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let p = parts(epoch_ms);
    let (h12, ampm) = match p.hour {
        0 => (12, "AM"),
        h if h < 12 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!("{} {}, {}, {}:{:02}:{:02} {}", MONTHS[(p.month - 1) as usize], p.day, p.year, h12, p.minute, p.second, ampm)
}

/// Reads `now` as given to `Sim::new` through the API: ISO 8601 (W3C profile) only.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    crate::condition::date::parse_date(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = parse_iso8601("2026-11-25T12:00:00Z").unwrap();
        assert_eq!(iso8601(t), "2026-11-25T12:00:00Z");
        assert_eq!(iso8601(t + 3_600_000 + 1_999), "2026-11-25T13:00:01Z");
        assert_eq!(cloudtrail_date(t + 3_600_000), "Nov 25, 2026, 1:00:00 PM");
        assert_eq!(cloudtrail_date(parse_iso8601("2019-07-10T00:10:11Z").unwrap()), "Jul 10, 2019, 12:10:11 AM");
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(http_date(t), "Wed, 25 Nov 2026 12:00:00 GMT");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(iso8601(parse_iso8601("2024-02-29T23:59:59Z").unwrap()), "2024-02-29T23:59:59Z");
    }
}
