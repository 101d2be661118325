//! `--since` windows (`30m`, `2h`, `1d`, `1h30m`, read by [`crate::duration`]) and the
//! `--recent` window they give.

use chrono::{DateTime, Duration, Utc};

use crate::checks::time::format_time;

/// Parse a `--since` window (the grammar of [`crate::duration`]: `45s`, `30m`, `2h`, `1d`,
/// `1w`, `1h30m`; more than zero, at most a year) into seconds.
///
/// The error is a sentence for the usage message.
pub fn parse(text: &str) -> Result<i64, String> {
    crate::duration::parse_window(text)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .map_err(|why| why.to_string())
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
