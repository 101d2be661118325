//! Timestamps and numbers as the checks read and write them: lenient RFC 3339 parsing, UTC formatting, JSON numbers.

use chrono::{DateTime, NaiveDateTime, Utc};

/// Parse a CXone timestamp: RFC 3339 (`2026-05-01T10:00:00.000Z`, any offset), or a naive
/// `YYYY-MM-DDTHH:MM:SS[.fff]` read as UTC. Anything else is `None`.
pub fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, format) {
            return Some(t.and_utc());
        }
    }
    None
}

/// A UTC timestamp as `2026-05-01T10:00:03Z` (whole seconds).
pub fn format_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A raw timestamp normalised to [`format_time`] when it parses, else kept as sent.
pub fn normalize_time(raw: &str) -> String {
    parse_time(raw).map_or_else(|| raw.to_string(), format_time)
}

/// Whole seconds from `from` to `to`, never negative.
pub fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    let ms = (to - from).num_milliseconds().max(0);
    (ms as f64 / 1000.0).floor()
}

pub use crate::report::format::{number, whole, whole_signed};

pub use crate::report::format::human_seconds;

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn parses_the_shapes_cxone_sends() {
        let cases = [
            ("2026-05-01T10:00:00.000Z", Some("2026-05-01T10:00:00Z")),
            ("2026-05-01T12:00:05+02:00", Some("2026-05-01T10:00:05Z")),
            ("2026-05-01T10:00:07", Some("2026-05-01T10:00:07Z")),
            ("2026-05-01 10:00:07.5", Some("2026-05-01T10:00:07Z")),
            ("yesterday", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_time(raw).map(format_time).as_deref(), want, "{raw}");
        }
        assert_eq!(normalize_time("garbage"), "garbage");
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(number(7.0), Value::from(7));
        assert_eq!(number(87.5), Value::from(87.5));
        assert_eq!(number(f64::NAN), Value::Null);
        assert_eq!(
            serde_json::to_value(crate::report::facts::Known::<f64>::Unknown).unwrap(),
            Value::from("unknown")
        );
        assert_eq!(human_seconds(45.0), "45s");
        assert_eq!(human_seconds(125.0), "2m05s");
        assert_eq!(human_seconds(3720.0), "1h02m");
        let a = parse_time("2026-05-01T10:00:00Z").unwrap();
        let b = parse_time("2026-05-01T10:02:05.900Z").unwrap();
        assert_eq!(seconds_between(a, b), 125.0);
        assert_eq!(seconds_between(b, a), 0.0);
    }
}
