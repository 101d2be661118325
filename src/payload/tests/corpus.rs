//! Many payloads for equivalence tests of fast paths: every good payload and every rule's
//! mutation, each also with tricky strings (placeholders in many spellings, escapes, non-ASCII)
//! put at every string leaf in turn, and some payloads of no kind.

use serde_json::{Value, json};

use super::{cases, edit, good};
use crate::payload::Kind;

/// Strings that exercise placeholder matching, trimming, case folding and escaping.
pub const TRICKY: &[&str] = &[
    "REPLACE_WITH_VALID_QUEUE_ID",
    "replace_with",
    "  SALES_QUEUE_ID_PLACEHOLDER ",
    "a placeholder here",
    "PlAcEhOlDeR",
    "placeholde",
    "your-client-id",
    "your_",
    "you-",
    "<queue id>",
    "<>",
    "<",
    "{{skillId}}",
    "{{}",
    "${QUEUE}",
    "$}",
    "TODO",
    "todo:",
    "todos",
    "TBD",
    "FIXME ",
    "changeme",
    "CHANGE-ME",
    "xxx",
    "xx",
    "XXXXXXXX",
    "dummy",
    "Dummy\n",
    "",
    " ",
    "\t\n",
    "4242",
    "Escalate",
    "caf\u{e9} \u{1f600} \u{c4}BC",
    "\u{212a}eep",
    "quote \" backslash \\ slash / tab \t nul \u{0}",
    "[{\"skill\":\"TODO\"}]",
    "{\"a\":[1,{\"b\":\"changeme\"}]}",
    "[\"x\", \"y\"]",
    "[oops",
];

/// Every string leaf's JSON pointer in `value`.
fn string_leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                string_leaves(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                string_leaves(item, crate::payload::pointer::key(&at, k), out);
            }
        }
        _ => {}
    }
}

/// The payloads: about four thousand, deterministic.
pub fn corpus() -> Vec<Value> {
    let mut bases: Vec<Value> = Kind::all().iter().map(|k| good(*k)).collect();
    for (kind, pointer, new, _, _) in cases() {
        bases.push(edit(good(kind), pointer, new));
    }
    let mut out = bases.clone();
    for (b, base) in bases.iter().enumerate() {
        let mut leaves = Vec::new();
        string_leaves(base, String::new(), &mut leaves);
        for (l, leaf) in leaves.iter().enumerate() {
            // Every tricky string at every leaf of the good payloads; a rotating few elsewhere.
            let picks: Vec<&str> = if b < Kind::all().len() {
                TRICKY.to_vec()
            } else {
                (0..3)
                    .map(|i| TRICKY[(b * 7 + l * 3 + i) % TRICKY.len()])
                    .collect()
            };
            for tricky in picks {
                let mut value = base.clone();
                if let Some(slot) = value.pointer_mut(leaf) {
                    *slot = json!(tricky);
                }
                out.push(value);
            }
        }
        let mut extra = base.clone();
        if let Value::Object(map) = &mut extra {
            map.insert("note".into(), json!(TRICKY[b % TRICKY.len()]));
            map.insert(
                "nested".into(),
                json!({"list": [TRICKY[(b + 5) % TRICKY.len()], 1, null]}),
            );
        }
        out.push(extra);
    }
    out.extend([
        json!({"target_type": "queue", "target_id": "1", "message": "hi"}),
        json!({"zzz": 1, "TODO": "TODO"}),
        json!({}),
        json!([{"p1": "Escalate"}]),
        json!("changeme"),
        json!(42),
        json!(null),
        json!({"p1": "Escalate", "p2": "[]", "contactId": "1", "p10": "x", "p3": 1, "p": 2, "p03": [], "p4294967296": 1}),
        json!({"intent": "x", "entities": "y", "data": {"Intent": "Escalate"}, "action": 1}),
        json!({"dtmf_sequence": "1", "attributes": {"dtmf_sequence": 2}, "voice_history": []}),
        json!({"branchName": "Error", "intentInfo": {"intentConfidence": "high"}, "errorDetails": ""}),
    ]);
    out
}
