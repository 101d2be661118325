//! `--since` durations (`30m`, `2h`, `1d`, `1h30m`) and the `--recent` window they give.

use chrono::{DateTime, Duration, Utc};

use crate::checks::time::format_time;

/// The longest window `--since` accepts (a year), so the dates stay sane.
pub const MAX_SECONDS: i64 = 366 * 24 * 3600;

/// Parse a duration such as `45s`, `30m`, `2h`, `1d`, `1w` or `1h30m` into seconds.
///
/// The error is a sentence for the usage message.
pub fn parse(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("it is empty".into());
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => return Err(format!("{c:?} is not a unit (use s, m, h, d or w)")),
        };
        if digits.is_empty() {
            return Err(format!("the unit {c:?} has no number before it"));
        }
        let n: i64 = digits.parse().map_err(|_| "the number is too large")?;
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .filter(|s| *s <= MAX_SECONDS)
            .ok_or("it is longer than a year")?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!(
            "{digits} has no unit (write e.g. {digits}m or {digits}h)"
        ));
    }
    if total == 0 {
        return Err("it is zero".into());
    }
    Ok(total)
}

/// The `--recent` window ending at `now`: `(startDate, endDate)` as RFC 3339 UTC.
pub fn window(now: DateTime<Utc>, seconds: i64) -> (String, String) {
    let start = now - Duration::seconds(seconds);
    (format_time(start), format_time(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse("30m"), Ok(1800));
        assert_eq!(parse("2h"), Ok(7200));
        assert_eq!(parse("1d"), Ok(86_400));
        assert_eq!(parse(" 1h30m "), Ok(5400));
        assert_eq!(parse("45S"), Ok(45));
        assert_eq!(parse("1w"), Ok(604_800));
        for bad in [
            "",
            "2",
            "h",
            "2x",
            "-2h",
            "0m",
            "400d",
            "99999999999999999999h",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn window_is_rfc3339() {
        let now = crate::checks::time::parse_time("2026-05-01T12:00:00Z").unwrap();
        assert_eq!(
            window(now, 7200),
            ("2026-05-01T10:00:00Z".into(), "2026-05-01T12:00:00Z".into())
        );
    }
}
