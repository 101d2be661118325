//! Scenario times: relative offsets such as `-30m`, `-2h`, `-90` (seconds) or `now`, and absolute RFC 3339 stamps, resolved against the server's start time.

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer};

/// A point in time as written in a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RelTime {
    /// Seconds from the server start (negative: in the past).
    Offset(f64),
    /// A fixed instant.
    Absolute(DateTime<Utc>),
}

impl RelTime {
    /// Parse `now`, `-30m`, `+5s`, `-2h`, `-1d`, `-90`, or an RFC 3339 timestamp.
    pub fn parse(text: &str) -> Result<RelTime, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("now") {
            return Ok(RelTime::Offset(0.0));
        }
        if let Some(seconds) = parse_offset(t) {
            return Ok(RelTime::Offset(seconds));
        }
        parse_instant(t).map(RelTime::Absolute).ok_or_else(|| {
            format!(
                "{text:?} is not a time: use `now`, an offset such as -30m, -2h, -45s, -1d or -90 (seconds), or an RFC 3339 timestamp"
            )
        })
    }

    /// The instant this denotes when the server started at `start`.
    pub fn resolve(self, start: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            RelTime::Offset(seconds) => start + millis(seconds),
            RelTime::Absolute(at) => at,
        }
    }
}

impl fmt::Display for RelTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelTime::Offset(s) => write!(f, "{s:+}s"),
            RelTime::Absolute(at) => f.write_str(&at.to_rfc3339()),
        }
    }
}

impl<'de> Deserialize<'de> for RelTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RelTime, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RelTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a time such as -30m, -2h, -90 (seconds), now, or an RFC 3339 timestamp",
                )
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RelTime, E> {
                Ok(RelTime::Offset(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RelTime, E> {
                Ok(RelTime::Offset(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RelTime, E> {
                Ok(RelTime::Offset(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RelTime, E> {
                RelTime::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Largest offset honoured: about 100 years (larger ones are clamped, NaN is 0).
pub const MAX_OFFSET_S: f64 = 3.2e9;

/// A signed duration in seconds as `chrono::Duration` (millisecond precision, clamped to ±100 years).
pub fn millis(seconds: f64) -> Duration {
    let s = if seconds.is_nan() {
        0.0
    } else {
        seconds.clamp(-MAX_OFFSET_S, MAX_OFFSET_S)
    };
    Duration::milliseconds((s * 1000.0).round() as i64)
}

/// `-30m` → -1800.0; `+5s` → 5.0; `-1h30m` → -5400.0 (a sign, then the grammar of
/// [`crate::duration`]); `90` or `-1.5` → seconds, as a YAML number; anything else → `None`.
fn parse_offset(t: &str) -> Option<f64> {
    let (sign, rest) = match t.as_bytes().first()? {
        b'-' => (-1.0, &t[1..]),
        b'+' => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    let seconds = if rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        rest.parse::<f64>().ok().filter(|v| v.is_finite())?
    } else {
        crate::duration::parse(rest).ok()?.as_secs_f64()
    };
    Some(sign * seconds)
}

/// Parse an API date: RFC 3339, a zone-less `YYYY-MM-DDTHH:MM:SS[.fff]` (UTC), or `YYYY-MM-DD`.
pub fn parse_instant(t: &str) -> Option<DateTime<Utc>> {
    let t = t.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Some(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, format) {
            return Some(naive.and_utc());
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|n| n.and_utc())
}

/// Format an instant the way CXone does: RFC 3339 UTC with milliseconds and `Z`.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_units() {
        assert_eq!(RelTime::parse("-30m"), Ok(RelTime::Offset(-1800.0)));
        assert_eq!(RelTime::parse("-2h"), Ok(RelTime::Offset(-7200.0)));
        assert_eq!(RelTime::parse("+5s"), Ok(RelTime::Offset(5.0)));
        assert_eq!(RelTime::parse("-1d"), Ok(RelTime::Offset(-86400.0)));
        assert_eq!(RelTime::parse("-90"), Ok(RelTime::Offset(-90.0)));
        assert_eq!(RelTime::parse("now"), Ok(RelTime::Offset(0.0)));
        assert_eq!(RelTime::parse("-1h30m"), Ok(RelTime::Offset(-5400.0)));
        assert_eq!(RelTime::parse("-5min"), Ok(RelTime::Offset(-300.0)));
        assert_eq!(RelTime::parse("-1.5"), Ok(RelTime::Offset(-1.5)));
        assert!(RelTime::parse("-3 weeks").is_err());
        assert!(RelTime::parse("--2h").is_err());
        assert!(RelTime::parse("-").is_err());
        assert!(RelTime::parse("-m").is_err());
        assert!(RelTime::parse("").is_err());
    }

    #[test]
    fn absolute_times_and_resolution() {
        let start = parse_instant("2025-01-01T12:00:00Z").unwrap();
        let at = RelTime::parse("2024-12-31T23:00:00Z").unwrap();
        assert_eq!(stamp(at.resolve(start)), "2024-12-31T23:00:00.000Z");
        let rel = RelTime::parse("-30m").unwrap();
        assert_eq!(stamp(rel.resolve(start)), "2025-01-01T11:30:00.000Z");
        assert!(parse_instant("2025-01-01").is_some());
        assert!(parse_instant("2025-01-01T10:00:00").is_some());
        assert!(parse_instant("yesterday").is_none());
        let far = RelTime::Offset(-1e300).resolve(start);
        assert!(far.timestamp() < 0, "clamped, no overflow");
        assert_eq!(millis(f64::NAN), Duration::zero());
    }

    #[test]
    fn deserializes_numbers_and_strings() {
        let v: Vec<RelTime> = serde_yaml::from_str("[-60, '-2h', now, 1.5]").unwrap();
        assert_eq!(
            v,
            vec![
                RelTime::Offset(-60.0),
                RelTime::Offset(-7200.0),
                RelTime::Offset(0.0),
                RelTime::Offset(1.5)
            ]
        );
        assert!(serde_yaml::from_str::<RelTime>("'soon'").is_err());
    }
}
