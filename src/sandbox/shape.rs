//! Turns the shared response models (`crate::cxone::models`) into served JSON: numeric ids as numbers, plus extra CXone fields.

use serde::Serialize;
use serde_json::Value;

/// Keys CXone sends as JSON numbers.
const NUMERIC_KEYS: &[&str] = &[
    "skillId",
    "agentId",
    "contactId",
    "masterContactId",
    "teamId",
    "campaignId",
    "routingQueueId",
];

/// Serialize a model, turning numeric-string ids into numbers and whole floats into integers.
pub fn model<T: Serialize>(m: &T) -> Value {
    let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
    numeric_ids(&mut v);
    v
}

/// Serialize a model and add `extra`'s keys (the model's own keys win only if `extra` lacks them).
pub fn model_with<T: Serialize>(m: &T, extra: Value) -> Value {
    let mut v = model(m);
    if let (Value::Object(base), Value::Object(more)) = (&mut v, extra) {
        for (k, val) in more {
            if !val.is_null() {
                base.insert(k, val);
            }
        }
    }
    v
}

fn numeric_ids(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if NUMERIC_KEYS.contains(&k.as_str())
                    && let Value::String(s) = val
                    && let Ok(n) = s.parse::<u64>()
                {
                    *val = Value::from(n);
                } else {
                    numeric_ids(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(numeric_ids),
        Value::Number(n) => {
            let whole = n
                .as_f64()
                .filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15);
            if let Some(f) = whole {
                *v = Value::from(f as i64);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::models::Skill;
    use serde_json::json;

    #[test]
    fn ids_become_numbers_and_extras_merge() {
        let s = Skill {
            skill_id: Some("4201".into()),
            skill_name: Some("Billing".into()),
            ..Skill::default()
        };
        let v = model_with(
            &s,
            json!({"requireManualAccept": false, "campaignName": null}),
        );
        assert_eq!(v["skillId"], json!(4201));
        assert_eq!(v["skillName"], json!("Billing"));
        assert_eq!(v["requireManualAccept"], json!(false));
        assert!(v.get("campaignName").is_none());
        let back: Skill = serde_json::from_value(v).unwrap();
        assert_eq!(back.skill_id.as_deref(), Some("4201"));
    }
}
