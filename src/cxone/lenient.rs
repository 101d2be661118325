//! Lenient field decoders: CXone sends ids and numbers as numbers or strings, booleans as `true` or `"True"`; counts are whole JSON numbers.
//!
//! Lenient about spelling, strict about meaning: a value that is present but cannot be read
//! (`isActive: "maybe"`, a negative or non-finite count) is a decoding error, so the answer
//! is unreadable and the subject `error`, never a silent "missing" that a verdict might pass
//! over. `null` and `""` are missing (`None`).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An id sent as a number or a string, kept as a string (`null` → `None`).
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) if !s.is_empty() => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// An id number, duration or level: a number or a numeric string, finite and not
/// negative. `null`/`""` → `None`; anything else present is an error naming the value.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    let n = match &value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match n {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
        _ => Err(D::Error::custom(format!(
            "{} is not a count (a number, 0 or more)",
            shown(value.as_ref())
        ))),
    }
}

/// A count of things: a whole number from 0 to `u64::MAX`, sent as a JSON number (`3` or
/// `3.0`) or, as CXone sends some counts, a string of digits (`"3"`). `null`/`""` → `None`; a
/// negative, fractional, too large or non-finite number, any other string (`"2.5"`, `"-1"`,
/// `"three"`) or any other type is an error naming the value.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    let n = match &value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::Number(n)) => n.as_u64().or_else(|| n.as_f64().and_then(whole_count)),
        Some(Value::String(s)) => {
            let digits = s.trim();
            crate::id::all_digits(digits)
                .then(|| digits.parse::<u64>().ok())
                .flatten()
        }
        Some(_) => None,
    };
    n.map(Some).ok_or_else(|| {
        D::Error::custom(format!(
            "{} is not a count (a whole number, 0 or more)",
            shown(value.as_ref())
        ))
    })
}

/// `f` as a `u64` when it is a whole number in range (`-0.0` is 0), else `None`.
fn whole_count(f: f64) -> Option<u64> {
    // 2^64 is exactly representable; every whole float below it converts exactly
    const LIMIT: f64 = 18_446_744_073_709_551_616.0;
    // `as` saturates and never panics; the value is kept only when the check shows it exact
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let exact = f as u64;
    ((0.0..LIMIT).contains(&f) && f.fract() == 0.0).then_some(exact)
}

/// A number sent as a number or a numeric string, of any sign (anything else → `None`), for
/// values the reader clamps itself (a token's `expires_in`).
pub fn any_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A value as an error message quotes it (cut to 40 characters).
fn shown(value: Option<&Value>) -> String {
    let text = value.map(Value::to_string).unwrap_or_default();
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// A boolean sent as `true`, `"True"`, `"true"`, `1` or `"1"`.
///
/// `null`/`""` → `None`; any other value (`"maybe"`, `2`) is an error naming it.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    let b = match &value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "" => return Ok(None),
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        Some(Value::Number(n)) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Some(_) => None,
    };
    b.map(Some).ok_or_else(|| {
        D::Error::custom(format!(
            "{} is neither true nor false",
            shown(value.as_ref())
        ))
    })
}

/// Any scalar kept as text (`null` → `None`), for fields like custom-data values.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "number")]
        n: Option<f64>,
        #[serde(default, deserialize_with = "boolean")]
        b: Option<bool>,
    }

    fn t(json: &str) -> Result<T, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn spellings_are_read_and_missing_is_none() {
        let v = t(r#"{"n": "7", "b": "True"}"#).unwrap();
        assert_eq!((v.n, v.b), (Some(7.0), Some(true)));
        let v = t(r#"{"n": null, "b": ""}"#).unwrap();
        assert_eq!((v.n, v.b), (None, None));
        let v = t("{}").unwrap();
        assert_eq!((v.n, v.b), (None, None));
        assert_eq!(t(r#"{"b": 0}"#).unwrap().b, Some(false));
    }

    #[derive(Debug, Deserialize)]
    struct C {
        #[serde(default, deserialize_with = "count")]
        c: Option<u64>,
    }

    fn c(json: &str) -> Result<Option<u64>, String> {
        serde_json::from_str::<C>(&format!(r#"{{"c": {json}}}"#))
            .map(|v| v.c)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn counts_are_whole_numbers_from_zero() {
        assert_eq!(c("0"), Ok(Some(0)));
        assert_eq!(c("3"), Ok(Some(3)));
        assert_eq!(c("3.0"), Ok(Some(3)));
        assert_eq!(c(r#""3""#), Ok(Some(3)));
        assert_eq!(c(r#"" 7 ""#), Ok(Some(7)));
        assert_eq!(c("-0.0"), Ok(Some(0)));
        assert_eq!(c("1e3"), Ok(Some(1000)));
        assert_eq!(c("18446744073709551615"), Ok(Some(u64::MAX)));
        assert_eq!(c("null"), Ok(None));
        assert_eq!(c(r#""""#), Ok(None));
        assert_eq!(serde_json::from_str::<C>("{}").unwrap().c, None);
    }

    #[test]
    fn a_count_that_is_not_a_whole_number_from_zero_is_an_error_naming_it() {
        for (json, shown) in [
            ("2.5", "2.5"),
            ("-1", "-1"),
            ("-0.5", "-0.5"),
            (r#""2.5""#, r#""2.5""#),
            (r#""-1""#, r#""-1""#),
            (r#""three""#, r#""three""#),
            (r#""99999999999999999999""#, r#""99999999999999999999""#),
            ("1e20", "1e+20"),
            ("18446744073709551616", "1.8446744073709552e+19"),
            ("true", "true"),
            ("[1]", "[1]"),
            (r#"{"n":1}"#, r#"{"n":1}"#),
        ] {
            let e = c(json).unwrap_err();
            assert!(
                e.contains(&format!(
                    "{shown} is not a count (a whole number, 0 or more)"
                )),
                "{json}: {e}"
            );
        }
    }

    #[test]
    fn unreadable_values_are_errors_naming_them() {
        let e = t(r#"{"b": "maybe"}"#).unwrap_err();
        assert!(e.contains("\"maybe\" is neither true nor false"), "{e}");
        let e = t(r#"{"n": -3}"#).unwrap_err();
        assert!(e.contains("-3 is not a count"), "{e}");
        assert!(t(r#"{"n": "lots"}"#).is_err());
        assert!(t(r#"{"n": [1]}"#).is_err());
        assert!(t(r#"{"b": 2}"#).is_err());
    }
}
