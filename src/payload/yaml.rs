//! YAML to JSON values with a memory budget, so anchors and aliases cannot blow up memory.
//!
//! serde_yaml 0.9 replays an alias by jumping back to its anchor's events and caps the number
//! of jumps at 100 times the document's events. That stops exponential "billion laughs"
//! documents but still lets a small file expand quadratically (a long list of aliases to a
//! large anchor). This module builds the [`Value`] itself and charges every node and string
//! byte against a budget, failing as soon as it is spent.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Estimated bytes a document may expand to (nodes count 48 bytes each, strings their length).
pub const BUDGET_BYTES: usize = 24 * 1024 * 1024;

const NODE_COST: usize = 48;

/// Why a YAML document could not be turned into a value.
#[derive(Debug)]
pub enum YamlError {
    /// Expanding aliases would exceed [`BUDGET_BYTES`].
    Expansion,
    /// The YAML is malformed (or holds something JSON cannot, like `.nan`).
    Syntax(serde_yaml::Error),
    /// The stream holds more than one document.
    MultipleDocuments(usize),
}

struct Budget {
    left: Cell<usize>,
    exceeded: Cell<bool>,
}

impl Budget {
    fn charge<E: de::Error>(&self, cost: usize) -> Result<(), E> {
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.exceeded.set(true);
                Err(E::custom("YAML aliases expand beyond the memory budget"))
            }
        }
    }
}

/// Parse a single YAML document into a JSON value, within `budget` bytes.
pub fn parse(text: &str, budget: usize) -> Result<Value, YamlError> {
    let budget = Budget {
        left: Cell::new(budget),
        exceeded: Cell::new(false),
    };
    let mut documents = serde_yaml::Deserializer::from_str(text);
    let Some(first) = documents.next() else {
        return Ok(Value::Null);
    };
    let value = ValueSeed(&budget).deserialize(first);
    let value = match value {
        Ok(value) => value,
        Err(_) if budget.exceeded.get() => return Err(YamlError::Expansion),
        // serde_yaml's own alias-replay limit: the same problem, caught one step earlier.
        Err(e) if e.to_string().contains("repetition limit exceeded") => {
            return Err(YamlError::Expansion);
        }
        Err(e) => return Err(YamlError::Syntax(e)),
    };
    let mut more = 0;
    for document in documents {
        // After a syntax error serde_yaml yields the same failing document forever
        // (dtolnay/serde-yaml#193), so stop at the first one that does not parse.
        de::IgnoredAny::deserialize(document).map_err(YamlError::Syntax)?;
        more += 1;
    }
    if more > 0 {
        return Err(YamlError::MultipleDocuments(more + 1));
    }
    Ok(value)
}

#[derive(Clone, Copy)]
struct ValueSeed<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value that JSON can hold")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.charge(NODE_COST)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.charge(NODE_COST)?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.charge(NODE_COST)?;
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.charge(NODE_COST)?;
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("{v} cannot be represented in JSON")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.charge(NODE_COST + v.len())?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.0.charge(NODE_COST + v.len())?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.0.charge(NODE_COST)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.charge(NODE_COST)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.charge(NODE_COST)?;
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(self)? {
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_string(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(de::Error::custom(
                        "a mapping key must be a scalar to become JSON",
                    ));
                }
            };
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_yaml_becomes_json() {
        let v = parse(
            "p1: Escalate\np2: '[]'\nn: 3\nok: true\nlist: [1, x]\n1: numeric key\n",
            BUDGET_BYTES,
        )
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"p1": "Escalate", "p2": "[]", "n": 3, "ok": true, "list": [1, "x"], "1": "numeric key"})
        );
    }

    #[test]
    fn a_few_aliases_are_fine() {
        let v = parse("a: &x {k: v}\nb: *x\nc: *x\n", BUDGET_BYTES).unwrap();
        assert_eq!(v["c"]["k"], "v");
    }

    #[test]
    fn billion_laughs_is_refused_quickly() {
        let mut doc = String::from(
            "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(",");
            doc.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        assert!(matches!(
            parse(&doc, BUDGET_BYTES),
            Err(YamlError::Expansion)
        ));
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn quadratic_expansion_is_refused() {
        // One 64 KiB string referenced 1,000 times: small file, 64 MB expanded.
        let big = "x".repeat(64 * 1024);
        let mut doc = format!("s: &s {big}\nl:\n");
        for _ in 0..1000 {
            doc.push_str("  - *s\n");
        }
        assert!(matches!(
            parse(&doc, BUDGET_BYTES),
            Err(YamlError::Expansion)
        ));
    }

    #[test]
    fn errors_are_reported() {
        assert!(matches!(
            parse("a: [1, 2\n", BUDGET_BYTES),
            Err(YamlError::Syntax(_))
        ));
        assert!(matches!(
            parse("a: 1\n---\nb: 2\n", BUDGET_BYTES),
            Err(YamlError::MultipleDocuments(2))
        ));
        assert!(matches!(
            parse("a: .nan\n", BUDGET_BYTES),
            Err(YamlError::Syntax(_))
        ));
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(
            parse(&deep, BUDGET_BYTES),
            Err(YamlError::Syntax(_))
        ));
    }

    #[test]
    fn a_broken_later_document_is_a_syntax_error_not_a_hang() {
        for text in [
            "a: 1\n---\nb: [\n",
            "a: 1\n--- \n]\n",
            "{\"a\":1}\n{\"b---\n\":1}\n{\"c\":[",
        ] {
            match parse(text, BUDGET_BYTES) {
                Err(YamlError::Syntax(e)) => assert!(e.location().is_some(), "{text:?}: {e}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(matches!(
            parse("a: 1\n---\nb: 2\n---\nc: 3\n", BUDGET_BYTES),
            Err(YamlError::MultipleDocuments(3))
        ));
    }
}
