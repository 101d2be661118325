//! The placeholder scan: every string value of a payload (and of the JSON text embedded in
//! string fields such as `p2`) is matched against `rules.payload.placeholders`.

use super::tree::Value;

use super::codes;
use super::fields::Cx;
use super::pointer;

/// One step of the path to the value being looked at (pointers are built only on a match).
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

fn pointer_of(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) => out = pointer::key(&out, k),
            Step::Index(i) => out = pointer::index(&out, *i),
        }
    }
    out
}

/// Report every key repeated within one object of `value` (a `warn` naming the key and the
/// value kept).
pub fn duplicate_keys(cx: &mut Cx, value: &Value) {
    fn walk(cx: &mut Cx, value: &Value, path: &str) {
        match value {
            Value::Object(obj) => {
                for key in obj.duplicate_keys() {
                    let kept = obj.get(key).map(super::fields::show).unwrap_or_default();
                    cx.report(
                        &codes::PAYLOAD_DUPLICATE_KEY,
                        &pointer::key(path, key),
                        format!("key {key:?} is given more than once; the last value, {kept}, is the one kept"),
                        "remove the repeated key, so what you read is what CXone reads".into(),
                    );
                }
                for (k, v) in obj.iter() {
                    walk(cx, v, &pointer::key(path, k));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(cx, v, &pointer::index(path, i));
                }
            }
            _ => {}
        }
    }
    // almost no payload repeats a key: look first without building paths
    fn any(value: &Value) -> bool {
        match value {
            Value::Object(obj) => !obj.duplicate_keys().is_empty() || obj.values().any(any),
            Value::Array(items) => items.iter().any(any),
            _ => false,
        }
    }
    if any(value) {
        walk(cx, value, "");
    }
}

/// Report every placeholder in `value`.
pub fn placeholders(cx: &mut Cx, value: &Value) {
    // Most payloads hold none: look first without tracking paths (no allocation).
    if has_placeholder(cx.placeholders, value) {
        let mut steps = Vec::new();
        walk(cx, value, &mut steps, None);
    }
}

/// Whether any string in `value` is a placeholder.
pub fn has_placeholder(placeholders: &super::placeholder::Placeholders, value: &Value) -> bool {
    match value {
        Value::String(s) => placeholders.is_placeholder(s),
        Value::Array(items) => items.iter().any(|v| has_placeholder(placeholders, v)),
        Value::Object(map) => map.values().any(|v| has_placeholder(placeholders, v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Report placeholders inside `embedded` (JSON parsed out of the string field at `field_path`).
pub fn embedded_placeholders(cx: &mut Cx, embedded: &Value, field_path: &str) {
    let mut steps = Vec::new();
    walk(cx, embedded, &mut steps, Some(field_path));
}

fn walk<'v>(cx: &mut Cx, value: &'v Value, steps: &mut Vec<Step<'v>>, embedded_in: Option<&str>) {
    match value {
        Value::String(s) => {
            if let Some(pattern) = cx.placeholders.matching(s) {
                let pattern = pattern.to_string();
                let inner = pointer_of(steps);
                let (path, message) = match embedded_in {
                    None => (
                        inner,
                        format!("{s:?} is a placeholder (matches {pattern:?})"),
                    ),
                    Some(field) => (
                        field.to_string(),
                        format!(
                            "the JSON text holds the placeholder {s:?} at {} (matches {pattern:?})",
                            pointer::display(&inner)
                        ),
                    ),
                };
                cx.report(
                    &codes::PAYLOAD_PLACEHOLDER,
                    &path,
                    message,
                    "Replace it with the real value before shipping; CXone would use it literally."
                        .into(),
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(Step::Index(i));
                walk(cx, item, steps, embedded_in);
                steps.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                steps.push(Step::Key(k));
                walk(cx, item, steps, embedded_in);
                steps.pop();
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Whether the JSON `text` holds a placeholder string, checked while parsing without building
/// a value (the common case is "no"; callers parse into a value only on a hit, for paths).
pub fn embedded_has_placeholder(
    text: &str,
    placeholders: &super::placeholder::Placeholders,
) -> Result<bool, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let found = serde::de::DeserializeSeed::deserialize(Finder(placeholders), &mut de)?;
    de.end()?;
    Ok(found)
}

/// A visitor that parses any JSON and answers whether a string in it is a placeholder.
#[derive(Clone, Copy)]
struct Finder<'p>(&'p super::placeholder::Placeholders);

impl<'de> serde::de::DeserializeSeed<'de> for Finder<'_> {
    type Value = bool;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Finder<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E>(self, v: &str) -> Result<bool, E> {
        Ok(self.0.is_placeholder(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(hit) = seq.next_element_seed(self)? {
            found |= hit;
        }
        Ok(found)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
            found |= map.next_value_seed(self)?;
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::rules::PayloadRules;
    use crate::payload::placeholder::Placeholders;

    #[test]
    fn embedded_json_is_checked_without_a_value() {
        let p = Placeholders::new(&PayloadRules::default().placeholders);
        assert_eq!(
            embedded_has_placeholder("[{\"skill\":\"4242\"}]", &p).ok(),
            Some(false)
        );
        assert_eq!(
            embedded_has_placeholder("{\"a\":[1,{\"b\":\"TODO\"}]}", &p).ok(),
            Some(true)
        );
        assert_eq!(
            embedded_has_placeholder("\"changeme\"", &p).ok(),
            Some(true)
        );
        assert!(embedded_has_placeholder("[1,", &p).is_err());
        assert!(embedded_has_placeholder("[1] x", &p).is_err());
        assert!(embedded_has_placeholder("", &p).is_err());
    }
}
