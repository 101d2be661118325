//! The `--recent` window a `--since` length gives (the length is read by
//! the command line's `--since` parser, in the grammar of [`crate::duration`]).

use chrono::{DateTime, Duration, Utc};

use crate::checks::time::format_time;

/// The `--recent` window ending at `now`: `(startDate, endDate)` as RFC 3339 UTC.
pub fn window(now: DateTime<Utc>, seconds: i64) -> (String, String) {
    let start = now - Duration::seconds(seconds);
    (format_time(start), format_time(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_rfc3339() {
        let now = crate::checks::time::parse_time("2026-05-01T12:00:00Z").unwrap();
        assert_eq!(
            window(now, 7200),
            ("2026-05-01T10:00:00Z".into(), "2026-05-01T12:00:00Z".into())
        );
    }
}
