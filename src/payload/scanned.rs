//! JSON text to the rules' [`tree`](super::tree) (strings borrowed from the text), noting on
//! the way what the rules would otherwise walk the finished tree again for: whether any string
//! value may be a placeholder, and the kind scores of the top-level keys.
//!
//! Strings and keys are looked at while they are being parsed (in cache, once), instead of by
//! separate passes over the tree afterwards. The notes only let the checker skip work that
//! would find nothing: findings still come from the tree itself.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use super::detect::Scores;
use super::kind::Kind;
use super::placeholder::Placeholders;
use super::tree::{Obj, Value};

/// A parsed payload and what was noted while parsing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scanned<'a> {
    /// The tree, equal to the one of what `serde_json::from_str` returns.
    pub value: Value<'a>,
    /// False when no string value in the document is a placeholder (true means: look).
    pub may_have_placeholder: bool,
    /// The detected kind, when the document is an object whose keys are all distinct (with
    /// duplicate keys the last value wins, so the finished object is asked instead).
    pub detected: Option<Option<Kind>>,
}

impl Scanned<'static> {
    /// A payload parsed some other way (YAML), with nothing noted.
    pub fn unnoted(value: serde_json::Value) -> Scanned<'static> {
        Scanned {
            value: Value::from(value),
            may_have_placeholder: true,
            detected: None,
        }
    }
}

/// Parse JSON `text` (one document, nothing after it but whitespace).
pub fn parse<'a>(
    text: &'a str,
    placeholders: &Placeholders,
) -> Result<Scanned<'a>, serde_json::Error> {
    let found = Cell::new(false);
    let mut scores = Scores::default();
    let mut distinct = true;
    let root = Root {
        node: Node {
            placeholders,
            found: &found,
        },
        scores: &mut scores,
        distinct: &mut distinct,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = root.deserialize(&mut de)?;
    de.end()?;
    let detected = (value.is_object() && distinct).then(|| scores.best());
    Ok(Scanned {
        value,
        may_have_placeholder: found.get(),
        detected,
    })
}

/// Parse JSON `text` into a tree, noting nothing (JSON embedded in a string field).
pub fn tree<'a>(text: &'a str) -> Result<Value<'a>, serde_json::Error> {
    let placeholders = Placeholders::default();
    parse(text, &placeholders).map(|scanned| scanned.value)
}

/// Builds any value below the top level, noting placeholder strings.
#[derive(Clone, Copy)]
struct Node<'p> {
    placeholders: &'p Placeholders,
    found: &'p Cell<bool>,
}

impl Node<'_> {
    #[inline]
    fn string<'a>(self, s: Cow<'a, str>) -> Value<'a> {
        if !self.found.get() && self.placeholders.is_placeholder(&s) {
            self.found.set(true);
        }
        Value::String(s)
    }
}

/// The top-level value: like [`Node`], and an object's members are scored for detection.
struct Root<'p, 's> {
    node: Node<'p>,
    scores: &'s mut Scores,
    distinct: &'s mut bool,
}

/// An object key, borrowed from the text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> DeserializeSeed<'de> for Root<'_, '_> {
    type Value = Value<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// The scalar visits shared by [`Node`] and [`Root`], as serde_json's own value visitor has them.
macro_rules! scalars {
    () => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any valid JSON value")
        }

        fn visit_bool<E>(self, v: bool) -> Result<Value<'de>, E> {
            Ok(Value::Bool(v))
        }

        fn visit_i64<E>(self, v: i64) -> Result<Value<'de>, E> {
            Ok(Value::Number(v.into()))
        }

        fn visit_u64<E>(self, v: u64) -> Result<Value<'de>, E> {
            Ok(Value::Number(v.into()))
        }

        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value<'de>, E> {
            de::Deserialize::deserialize(de::value::I128Deserializer::<E>::new(v))
                .map(Value::Number)
        }

        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value<'de>, E> {
            de::Deserialize::deserialize(de::value::U128Deserializer::<E>::new(v))
                .map(Value::Number)
        }

        fn visit_f64<E>(self, v: f64) -> Result<Value<'de>, E> {
            Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
        }

        fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value<'de>, E> {
            Ok(self.node().string(Cow::Borrowed(v)))
        }

        fn visit_str<E>(self, v: &str) -> Result<Value<'de>, E> {
            Ok(self.node().string(Cow::Owned(v.to_owned())))
        }

        fn visit_string<E>(self, v: String) -> Result<Value<'de>, E> {
            Ok(self.node().string(Cow::Owned(v)))
        }

        fn visit_none<E>(self) -> Result<Value<'de>, E> {
            Ok(Value::Null)
        }

        fn visit_unit<E>(self) -> Result<Value<'de>, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
            self.node().deserialize(d)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
            let node = self.node();
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(node)? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }
    };
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value<'de>;

    scalars!();

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut members = Vec::with_capacity(8);
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(self)?;
            members.push((key, value));
        }
        Ok(Value::Object(Obj::from_members(members)))
    }
}

impl Node<'_> {
    fn node(self) -> Self {
        self
    }
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = Value<'de>;

    scalars!();

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut members = Vec::with_capacity(8);
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(self.node)?;
            self.scores.add(&key, &value);
            members.push((key, value));
        }
        let pushed = members.len();
        let obj = Obj::from_members(members);
        if obj.len() != pushed {
            *self.distinct = false;
        }
        Ok(Value::Object(obj))
    }
}

impl Root<'_, '_> {
    fn node(&self) -> Node<'_> {
        self.node
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Rules;
    use crate::payload::tests::corpus::corpus;
    use crate::payload::tree;
    use crate::payload::{Checker, Inputs, detect, scan};
    use proptest::prelude::*;
    use serde_json::Value;

    fn checker() -> Checker {
        Checker::new(&Rules::default(), Inputs::default())
    }

    /// The parse agrees with serde_json and the notes with walking the value.
    fn agrees(checker: &Checker, text: &str) -> Result<(), TestCaseError> {
        let expected = serde_json::from_str::<Value>(text);
        let scanned = checker.parse_json(text);
        match (expected, scanned) {
            (Ok(value), Ok(scanned)) => {
                prop_assert_eq!(&scanned.value, &tree::Value::borrowed(&value));
                let walked =
                    scan::has_placeholder(&checker.placeholders, &tree::Value::borrowed(&value));
                prop_assert!(scanned.may_have_placeholder || !walked);
                if let Some(detected) = scanned.detected {
                    prop_assert_eq!(detected, detect::detect(&value).kind);
                }
                for kind in [None, Some(Kind::CognigySignal), Some(Kind::BotHandoff)] {
                    // a serde_json value cannot tell which keys were repeated: only the text
                    // parse reports them
                    let mut fast = checker.validate_scanned(&scanned, kind);
                    fast.findings
                        .retain(|f| f.code != super::super::codes::PAYLOAD_DUPLICATE_KEY.id);
                    prop_assert_eq!(fast, checker.validate(&value, kind));
                }
            }
            (Err(_), Err(_)) => {}
            (expected, scanned) => {
                prop_assert!(
                    false,
                    "{text:?}: serde_json {expected:?}, scanned {scanned:?}"
                );
            }
        }
        Ok(())
    }

    #[test]
    fn the_corpus_parses_and_validates_the_same() {
        let checker = checker();
        for value in corpus() {
            let compact = value.to_string();
            agrees(&checker, &compact).unwrap();
            let scanned = checker.parse_json(&compact).unwrap();
            // Without duplicate keys the notes are exact.
            assert_exact(&checker, &scanned, &value);
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            agrees(&checker, &pretty).unwrap();
        }
    }

    fn assert_exact(checker: &Checker, scanned: &Scanned, value: &Value) {
        assert_eq!(
            scanned.may_have_placeholder,
            scan::has_placeholder(&checker.placeholders, &tree::Value::borrowed(value)),
            "{value}"
        );
        let expected = value.is_object().then(|| detect::detect(value).kind);
        assert_eq!(scanned.detected, expected, "{value}");
    }

    #[test]
    fn escapes_numbers_duplicates_and_errors() {
        let checker = checker();
        for text in [
            r#"{"note": "\u0054ODO"}"#,
            r#"{"a": ["x", {"b": "  changeme "}], "c": "\/\"\\\n"}"#,
            r#""REPLACE_WITH_X""#,
            r#"["TODO"]"#,
            r#"{"p1": "TODO", "p1": "Escalate", "p2": "[]", "contactId": "1"}"#,
            r#"{"targetType": "queue", "p1": 1, "p1": null}"#,
            r#"{"n": [0, -0, 1.5, -1.5e-300, 1e300, 18446744073709551615, -9223372036854775808, 0.1, 123456789012345678901234567890]}"#,
            r#"{"deep": [[[[[[[[[[{"x": "xxx"}]]]]]]]]]]}"#,
            r#"  {"intent": {"name": "x"}, "entities": []}  "#,
            "{}",
            "[]",
            "null",
            "1e400",
            r#"{"a": 1,}"#,
            r#"{"a": 1} {"b": 2}"#,
            "",
            "[1, 2",
            &format!("{}{}", "[".repeat(200), "]".repeat(200)),
        ] {
            agrees(&checker, text).unwrap();
        }
        let dup = checker
            .parse_json(r#"{"p1": "TODO", "p1": "Escalate"}"#)
            .unwrap();
        assert_eq!(dup.detected, None);
        assert!(dup.may_have_placeholder);
        let escaped = checker.parse_json(r#"{"note": "\u0054ODO"}"#).unwrap();
        assert!(escaped.may_have_placeholder);
    }

    /// Any JSON value, with strings that are often placeholders and keys that are often
    /// the kinds' keys.
    fn any_value() -> impl Strategy<Value = Value> {
        let text = prop_oneof![
            Just("TODO".to_string()),
            Just(" changeme".to_string()),
            Just("4242".to_string()),
            "\\PC{0,12}",
            "[a-zA-Z_<>{}$ -]{0,14}",
        ];
        let key = prop_oneof![
            Just("p1".to_string()),
            Just("intent".to_string()),
            Just("name".to_string()),
            Just("targetType".to_string()),
            Just("_cognigy".to_string()),
            Just("data".to_string()),
            Just("Intent".to_string()),
            "[a-zA-Z_]{0,8}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
            text.prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((key.clone(), inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_json_parses_and_validates_the_same(value in any_value()) {
            let checker = checker();
            agrees(&checker, &value.to_string())?;
            agrees(&checker, &serde_json::to_string_pretty(&value).unwrap())?;
        }

        #[test]
        fn any_text_parses_the_same(text in "[\\[\\]{}\":,0-9a-zA-Z .\\\\-]{0,40}") {
            agrees(&checker(), &text)?;
        }
    }
}
