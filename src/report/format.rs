//! Numbers, durations and agent names as reports show them: the formatting that checks write into findings and views render from facts.

use serde_json::Value;

/// `v` as a whole count: rounded toward zero, NaN and negatives 0, too large `u64::MAX` (the
/// one place a server's number becomes an integer; no `as` elsewhere).
pub fn whole(v: f64) -> u64 {
    // `as` from f64 saturates and maps NaN to 0: exactly the clamp wanted, never a panic
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = v.max(0.0) as u64;
    n
}

/// `v` as a signed whole number: rounded toward zero, NaN 0, saturating at the `i64` range.
pub fn whole_signed(v: f64) -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let n = v as i64;
    n
}

/// A JSON number: integral values become integers (`7`, not `7.0`); NaN becomes `null`.
pub fn number(v: f64) -> Value {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::from(whole_signed(v))
    } else {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// Seconds for people: `45s`, `2m05s`, `1h02m`.
pub fn human_seconds(s: f64) -> String {
    let s = whole(s.round());
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// `Name (id)` for an agent, the id alone without a real name, the name alone without an id.
pub fn agent_label(id: Option<&str>, name: Option<&str>) -> String {
    let id = id.map(str::trim).filter(|s| !s.is_empty());
    let name = name.map(str::trim).filter(|n| is_real_name(n));
    match (name, id) {
        (Some(n), Some(i)) if n != i => format!("{n} ({i})"),
        (Some(n), _) => n.to_string(),
        (None, Some(i)) => i.to_string(),
        (None, None) => "an unknown agent".to_string(),
    }
}

/// A name worth showing: not empty and not a serialised "nothing".
pub fn is_real_name(n: &str) -> bool {
    !n.is_empty()
        && !["none", "null", "undefined", "nil"]
            .iter()
            .any(|x| n.eq_ignore_ascii_case(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_durations_and_names() {
        assert_eq!(number(7.0), Value::from(7));
        assert_eq!(number(87.5), Value::from(87.5));
        assert_eq!(number(f64::NAN), Value::Null);
        assert_eq!(human_seconds(45.0), "45s");
        assert_eq!(human_seconds(125.0), "2m05s");
        assert_eq!(human_seconds(3720.0), "1h02m");
        assert_eq!(whole(-3.0), 0);
        assert_eq!(whole(f64::NAN), 0);
        assert_eq!(agent_label(Some("9"), Some("Ada")), "Ada (9)");
        assert_eq!(agent_label(Some("9"), Some("null")), "9");
        assert_eq!(agent_label(None, None), "an unknown agent");
    }
}
