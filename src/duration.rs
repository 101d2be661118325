//! The one duration grammar: `90s`, `30m`, `2h`, `1d`, `1w`, `1h30m` (units s, m or min, h, d,
//! w, any case), read by `--since`, `listen --duration` and the sandbox's scenario offsets.
//!
//! No crate fits it: `humantime` takes `1h 30m` but not `45S` (its `M` is a month), nor the
//! signed offsets scenarios write (`-30m`, which [`crate::sandbox::reltime`] signs itself).

use std::fmt;
use std::time::Duration;

/// The longest window a flag takes (a year), so the dates it gives stay sane.
pub const MAX_WINDOW: Duration = Duration::from_secs(366 * 24 * 3600);

/// The units, as the hint lists them.
const UNITS: &str = "s, m, h, d or w";

/// Why a text is not a duration; `Display` is a clause for a message ("--since \"x\" is not a
/// duration: {why}").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationError {
    /// Nothing (or only spaces) was given.
    Empty,
    /// A leading `-`.
    Negative,
    /// A character that is neither a digit nor a unit letter (a space inside, a `+`, ...).
    Unexpected(char),
    /// Letters that are not a unit.
    UnknownUnit(String),
    /// A unit without a number before it.
    NoNumber(String),
    /// A number without a unit after it.
    NoUnit(String),
    /// A number or sum past what a duration holds.
    TooLarge,
    /// Zero where a length of time is needed.
    Zero,
    /// Longer than [`MAX_WINDOW`].
    LongerThanAYear,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Empty => f.write_str("it is empty"),
            DurationError::Negative => f.write_str("it is negative; give a length of time"),
            DurationError::Unexpected(' ') => {
                f.write_str("it has a space inside (write 1h30m, not 1h 30m)")
            }
            DurationError::Unexpected(c) => {
                write!(f, "{c:?} is neither a digit nor a unit (use {UNITS})")
            }
            DurationError::UnknownUnit(u) => write!(f, "{u:?} is not a unit (use {UNITS})"),
            DurationError::NoNumber(u) => write!(f, "the unit {u:?} has no number before it"),
            DurationError::NoUnit(n) => write!(f, "{n} has no unit (write e.g. {n}m or {n}h)"),
            DurationError::TooLarge => f.write_str("the number is too large"),
            DurationError::Zero => f.write_str("it is zero"),
            DurationError::LongerThanAYear => f.write_str("it is longer than a year"),
        }
    }
}

impl std::error::Error for DurationError {}

/// Seconds in one `unit` (case-insensitive), if it is one.
fn unit_seconds(unit: &str) -> Option<u64> {
    match unit.to_ascii_lowercase().as_str() {
        "s" => Some(1),
        "m" | "min" => Some(60),
        "h" => Some(3600),
        "d" => Some(86_400),
        "w" => Some(7 * 86_400),
        _ => None,
    }
}

/// Parse a duration: one or more `NUMBER UNIT` groups with nothing between them, surrounding
/// spaces ignored. Zero is a duration here ([`parse_window`] refuses it).
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DurationError::Empty);
    }
    if t.starts_with('-') {
        return Err(DurationError::Negative);
    }
    let mut rest = t;
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (digits, after) = rest.split_at(digits_end);
        let unit_end = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_end);
        match (digits.is_empty(), unit.is_empty()) {
            (true, true) => {
                let c = after.chars().next().unwrap_or(' ');
                return Err(DurationError::Unexpected(c));
            }
            (true, false) => return Err(DurationError::NoNumber(unit.to_string())),
            (false, true) if after.is_empty() => {
                return Err(DurationError::NoUnit(digits.to_string()));
            }
            (false, true) => {
                let c = after.chars().next().unwrap_or(' ');
                return Err(DurationError::Unexpected(c));
            }
            (false, false) => {}
        }
        let per = unit_seconds(unit).ok_or_else(|| DurationError::UnknownUnit(unit.to_string()))?;
        let n: u64 = digits.parse().map_err(|_| DurationError::TooLarge)?;
        total = n
            .checked_mul(per)
            .and_then(|s| total.checked_add(s))
            .ok_or(DurationError::TooLarge)?;
        rest = after;
    }
    Ok(Duration::from_secs(total))
}

/// Parse a window such as `--since 2h` or `--duration 10m`: a duration longer than zero and at
/// most [`MAX_WINDOW`].
pub fn parse_window(text: &str) -> Result<Duration, DurationError> {
    let d = parse(text).map_err(|e| match e {
        DurationError::TooLarge => DurationError::LongerThanAYear,
        e => e,
    })?;
    if d.is_zero() {
        Err(DurationError::Zero)
    } else if d > MAX_WINDOW {
        Err(DurationError::LongerThanAYear)
    } else {
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> Result<u64, DurationError> {
        parse(text).map(|d| d.as_secs())
    }

    #[test]
    fn what_users_type() {
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("30m"), Ok(1800));
        assert_eq!(secs("30min"), Ok(1800));
        assert_eq!(secs("2h"), Ok(7200));
        assert_eq!(secs("1d"), Ok(86_400));
        assert_eq!(secs("1w"), Ok(604_800));
        assert_eq!(secs("1h30m"), Ok(5400));
        assert_eq!(secs("45S"), Ok(45));
        assert_eq!(secs("2H"), Ok(7200));
    }

    #[test]
    fn boundaries() {
        // zero: a duration, but not a window
        assert_eq!(secs("0s"), Ok(0));
        assert_eq!(parse_window("0m"), Err(DurationError::Zero));
        assert_eq!(parse_window("0h0m"), Err(DurationError::Zero));
        // negative
        assert_eq!(secs("-2h"), Err(DurationError::Negative));
        assert_eq!(secs("+2h"), Err(DurationError::Unexpected('+')));
        // overflow: of the number, of the product, of the sum; past a year for a window
        assert_eq!(secs("99999999999999999999h"), Err(DurationError::TooLarge));
        assert_eq!(
            secs(&format!("{}w", u64::MAX / 60)),
            Err(DurationError::TooLarge)
        );
        assert_eq!(
            secs(&format!("{}s1s", u64::MAX)),
            Err(DurationError::TooLarge)
        );
        assert_eq!(parse_window("366d").map(|d| d.as_secs()), Ok(366 * 86_400));
        assert_eq!(parse_window("367d"), Err(DurationError::LongerThanAYear));
        assert_eq!(
            parse_window("99999999999999999999h"),
            Err(DurationError::LongerThanAYear)
        );
        // empty
        assert_eq!(secs(""), Err(DurationError::Empty));
        assert_eq!(secs("   "), Err(DurationError::Empty));
        // unknown unit, missing unit, missing number
        assert_eq!(secs("2x"), Err(DurationError::UnknownUnit("x".into())));
        assert_eq!(
            secs("2hours"),
            Err(DurationError::UnknownUnit("hours".into()))
        );
        assert_eq!(secs("2"), Err(DurationError::NoUnit("2".into())));
        assert_eq!(secs("h"), Err(DurationError::NoNumber("h".into())));
        assert_eq!(secs("1h30"), Err(DurationError::NoUnit("30".into())));
        // whitespace: around is fine, inside is not
        assert_eq!(secs(" 1h30m "), Ok(5400));
        assert_eq!(secs("\t2h\n"), Ok(7200));
        assert_eq!(secs("2 hours"), Err(DurationError::Unexpected(' ')));
        assert_eq!(secs("1h 30m"), Err(DurationError::Unexpected(' ')));
        assert_eq!(secs("1.5h"), Err(DurationError::Unexpected('.')));
    }

    #[test]
    fn since_windows() {
        let secs = |t: &str| parse_window(t).map(|d| d.as_secs());
        assert_eq!(secs("30m"), Ok(1800));
        assert_eq!(secs("2h"), Ok(7200));
        assert_eq!(secs("1d"), Ok(86_400));
        assert_eq!(secs(" 1h30m "), Ok(5400));
        assert_eq!(secs("45S"), Ok(45));
        assert_eq!(secs("1w"), Ok(604_800));
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
            assert!(parse_window(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_error_says_what_to_do() {
        assert!(
            DurationError::NoUnit("2".into())
                .to_string()
                .contains("2m or 2h")
        );
        assert!(
            DurationError::UnknownUnit("x".into())
                .to_string()
                .contains("s, m, h, d or w")
        );
        assert!(DurationError::Unexpected(' ').to_string().contains("1h30m"));
        assert_eq!(
            DurationError::LongerThanAYear.to_string(),
            "it is longer than a year"
        );
    }
}
