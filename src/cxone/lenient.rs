//! Lenient field decoders: CXone sends ids and counts as numbers or strings, booleans as `true` or `"True"`.
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

/// A count, id number, duration or level: a number or a numeric string, finite and not
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
