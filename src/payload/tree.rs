//! The JSON tree the rules read: like `serde_json::Value`, but strings borrow from the text
//! they were parsed from and an object is one sorted vector, so building one costs a fraction
//! of building a `Value` (no allocation per key or per unescaped string, no B-tree nodes).
//!
//! An object's members are sorted by key with duplicates resolved as `serde_json::Map` does
//! (the last value wins), so iteration, rendering and every finding come out exactly as they
//! would from a `Value`.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Number;

/// A JSON value whose strings may borrow from the text it was parsed from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json holds it.
    Number(Number),
    /// A string, borrowed when the text had no escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object.
    Object(Obj<'a>),
}

/// A JSON object: members sorted by key, each key once.
#[derive(Debug, Clone, Default)]
pub struct Obj<'a> {
    members: Vec<(Cow<'a, str>, Value<'a>)>,
    /// Keys the document gave more than once (each once, in key order); the last value won.
    duplicates: Vec<Cow<'a, str>>,
}

/// Two objects are equal when their members are (a `serde_json::Value` cannot say which keys
/// were repeated).
impl PartialEq for Obj<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.members == other.members
    }
}

impl<'a> Obj<'a> {
    /// An object of `members` in document order; a repeated key keeps its last value.
    pub fn from_members(mut members: Vec<(Cow<'a, str>, Value<'a>)>) -> Obj<'a> {
        if !members.is_sorted_by(|a, b| key_order(&a.0, &b.0).is_lt()) {
            // Stable: repeated keys stay in document order, and the last one is kept.
            members.sort_by(|a, b| key_order(&a.0, &b.0));
            let mut duplicates: Vec<Cow<'a, str>> = Vec::new();
            members.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    if duplicates.last() != Some(&kept.0) {
                        duplicates.push(kept.0.clone());
                    }
                    std::mem::swap(later, kept);
                }
                same
            });
            return Obj {
                members,
                duplicates,
            };
        }
        Obj {
            members,
            duplicates: Vec::new(),
        }
    }

    /// Keys the document gave more than once in this object (the last value is the one kept,
    /// as CXone's parsers keep it).
    pub fn duplicate_keys(&self) -> &[Cow<'a, str>] {
        &self.duplicates
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.index(key).map(|i| &self.members[i].1)
    }

    /// Where `key` is. Payload objects are small, and rules ask for keys that are mostly
    /// absent or of another length than their neighbours': a scan that compares lengths and
    /// first bytes before any text beats a binary search's string comparisons.
    #[inline]
    fn index(&self, key: &str) -> Option<usize> {
        if self.members.len() > 24 {
            return self.members.binary_search_by(|(k, _)| (**k).cmp(key)).ok();
        }
        let key = key.as_bytes();
        let first = key.first();
        self.members.iter().position(|(k, _)| {
            let k = k.as_bytes();
            k.len() == key.len() && k.first() == first && k == key
        })
    }

    /// True when `key` is a member.
    pub fn contains_key(&self, key: &str) -> bool {
        self.index(key).is_some()
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Members in key order.
    pub fn iter(&self) -> Iter<'_, 'a> {
        Iter(self.members.iter())
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(k, _)| &**k)
    }

    /// Values in key order.
    pub fn values(&self) -> impl Iterator<Item = &Value<'a>> {
        self.members.iter().map(|(_, v)| v)
    }
}

/// `a.cmp(b)`, deciding on the first bytes without a call to `memcmp` when they differ (as
/// the keys of one object mostly do).
#[inline]
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x.cmp(y),
        _ => a.cmp(b),
    }
}

/// Members of an [`Obj`] in key order.
pub struct Iter<'o, 'a>(std::slice::Iter<'o, (Cow<'a, str>, Value<'a>)>);

impl<'o, 'a> Iterator for Iter<'o, 'a> {
    type Item = (&'o str, &'o Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (&**k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'o, 'a> IntoIterator for &'o Obj<'a> {
    type Item = (&'o str, &'o Value<'a>);
    type IntoIter = Iter<'o, 'a>;

    fn into_iter(self) -> Iter<'o, 'a> {
        self.iter()
    }
}

impl<'a> Value<'a> {
    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True for an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as `f64`, when this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// The number as `u64`, when this is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// A tree borrowing the strings of a `serde_json::Value`.
    pub fn borrowed(value: &'a serde_json::Value) -> Value<'a> {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(Cow::Borrowed(s)),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(Value::borrowed).collect())
            }
            // A map's keys are already sorted and distinct.
            serde_json::Value::Object(map) => Value::Object(Obj {
                members: map
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Value::borrowed(v)))
                    .collect(),
                duplicates: Vec::new(),
            }),
        }
    }

    /// The same value as a `serde_json::Value`.
    pub fn to_serde(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_serde).collect())
            }
            Value::Object(obj) => serde_json::Value::Object(
                obj.iter()
                    .map(|(k, v)| (k.to_string(), v.to_serde()))
                    .collect(),
            ),
        }
    }
}

impl From<serde_json::Value> for Value<'static> {
    /// Take a `serde_json::Value` over, strings and all.
    fn from(value: serde_json::Value) -> Value<'static> {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n),
            serde_json::Value::String(s) => Value::String(Cow::Owned(s)),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => Value::Object(Obj {
                members: map
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Value::from(v)))
                    .collect(),
                duplicates: Vec::new(),
            }),
        }
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(obj) => {
                let mut map = s.serialize_map(Some(obj.len()))?;
                for (k, v) in obj {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl fmt::Display for Value<'_> {
    /// Compact JSON, as `serde_json::Value`'s `Display` writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn members<'a>(pairs: &[(&'a str, Value<'a>)]) -> Vec<(Cow<'a, str>, Value<'a>)> {
        pairs
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect()
    }

    #[test]
    fn objects_sort_and_keep_the_last_of_a_repeated_key() {
        let n = |i: u64| Value::Number(i.into());
        let obj = Obj::from_members(members(&[
            ("b", n(1)),
            ("a", n(2)),
            ("b", n(3)),
            ("c", n(4)),
            ("b", n(5)),
            ("a", n(6)),
        ]));
        let seen: Vec<(&str, u64)> = obj.iter().map(|(k, v)| (k, v.as_u64().unwrap())).collect();
        assert_eq!(seen, [("a", 6), ("b", 5), ("c", 4)]);
        assert_eq!(obj.get("b"), Some(&n(5)));
        assert!(obj.contains_key("c") && !obj.contains_key("d"));
        assert_eq!(obj.len(), 3);
    }

    #[test]
    fn round_trips_and_renders_as_serde_json_does() {
        for value in crate::payload::tests::corpus::corpus().into_iter().chain([
            json!({"z": [1, -2, 0.5, 1e300, null, true, "q\"\n"], "a": {}, "": []}),
            json!("x"),
        ]) {
            let borrowed = Value::borrowed(&value);
            assert_eq!(borrowed.to_serde(), value);
            assert_eq!(borrowed.to_string(), value.to_string());
            assert_eq!(Value::from(value.clone()), borrowed);
        }
    }
}
