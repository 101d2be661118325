//! `cognigy-signal`: the body of `POST /interactions/{contactId}/signal` sent by Cognigy's
//! Exit Interaction node (`{"p1": "Escalate", "p2": "<JSON text>"}`).

use crate::payload::tree::Value;

use crate::id::Id;
use crate::payload::codes;
use crate::payload::fields::{Cx, Obj, show, type_name};
use crate::payload::pointer;

/// Cognigy's stand-in contact id when the SIP headers carried none; the signal is skipped.
pub const SENTINEL_CONTACT_ID: &str = "100000000000";

/// The two actions Studio's OnSignal handler understands.
const ACTIONS: &[&str] = &["Escalate", "End"];

/// Check a Signal API body.
pub fn check(cx: &mut Cx, root: &Obj) {
    if let Some(p1) = cx.field(root, "", "p1", "the signal action, \"Escalate\" or \"End\"") {
        match p1 {
            Value::String(action) => {
                cx.one_of(&codes::SIGNAL_P1_INVALID, action, "", "p1", ACTIONS);
            }
            other => cx.report(
                &codes::SIGNAL_P1_INVALID,
                "/p1",
                format!(
                    "`p1` is {} ({}), not \"Escalate\" or \"End\"",
                    type_name(other),
                    show(other)
                ),
                "Set p1 to the string \"Escalate\" or \"End\".".into(),
            ),
        }
    }
    match root.get("p2") {
        None | Some(Value::Null) => cx.report(
            &codes::SIGNAL_P2_MISSING,
            "/p2",
            "no `p2` parameters: the Studio script gets no routing data".into(),
            "Send p2 as JSON text, e.g. \"[]\" or \"[{\\\"skill\\\":\\\"4242\\\"}]\".".into(),
        ),
        Some(p2) => cx.json_string(
            p2,
            "",
            "p2",
            &codes::SIGNAL_P2_NOT_STRING,
            "the parameters as JSON text, e.g. \"[{\\\"skill\\\":\\\"4242\\\"}]\"",
        ),
    }
    for (key, value) in root {
        let Some(n) = key.strip_prefix('p').and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        if n >= 10 {
            cx.report(
                &codes::SIGNAL_TOO_MANY_PARAMS,
                &pointer::key("", key),
                format!("`{key}` is beyond p9; the Signal API takes p1..p9 only and drops it"),
                "Move the value into the JSON of p2.".into(),
            );
        } else if n >= 3 && !matches!(value, Value::String(_) | Value::Null) {
            cx.report(
                &codes::SIGNAL_PARAM_NOT_STRING,
                &pointer::key("", key),
                format!(
                    "`{key}` is {} ({}), but signal parameters are strings",
                    type_name(value),
                    show(value)
                ),
                format!("Send `{key}` as a string (quote numbers, JSON.stringify objects)."),
            );
        }
    }
    check_contact_id(cx, root);
    check_size(cx, root);
}

fn check_contact_id(cx: &mut Cx, root: &Obj) {
    let what = "the CXone contact id the signal goes to (digits, e.g. \"5823114\")";
    let mut found = false;
    for key in ["spawnedContactId", "contactId"] {
        if !root.contains_key(key) || root.get(key) == Some(&Value::Null) {
            continue;
        }
        found = true;
        if let Some(id) = cx.id(root, "", key, what) {
            judge_contact_id(cx, &id, Some(key));
        }
    }
    if found {
        return;
    }
    match &cx.inputs.contact_id {
        Some(id) => {
            let id = id.clone();
            judge_contact_id(cx, &id, None);
        }
        None => cx.report(
            &codes::SIGNAL_CONTACT_ID_MISSING,
            "/contactId",
            "no contact id: the payload has no contactId and --contact-id was not given".into(),
            "Add \"contactId\": \"<CXone contact id>\" to the payload or pass --contact-id ID."
                .into(),
        ),
    }
}

/// Judge a contact id from the payload's `key`, or from `--contact-id` when `key` is `None`.
fn judge_contact_id(cx: &mut Cx, id: &str, key: Option<&str>) {
    let id = id.trim();
    // The path is only built for a finding.
    let path = || key.map_or_else(String::new, |key| pointer::key("", key));
    let source = key.unwrap_or("--contact-id");
    if is_sentinel(id) {
        report_sentinel(
            cx,
            &codes::SIGNAL_CONTACT_ID_SENTINEL,
            &path(),
            source,
            "the signal",
        );
    } else if !Id::is_valid(id) && !cx.is_placeholder(id) {
        cx.report(
            &codes::ID_NOT_DIGITS,
            &path(),
            format!("{source} is {id:?}; CXone contact ids are all digits"),
            "Use the numeric CXone contact id (e.g. 5823114), not a Cognigy session id or a GUID."
                .into(),
        );
    }
}

/// Whether `id` is Cognigy's stand-in contact id ([`SENTINEL_CONTACT_ID`]).
pub fn is_sentinel(id: &str) -> bool {
    id.trim() == SENTINEL_CONTACT_ID
}

/// Report `code`: `source` (a key or flag, at `path`) holds the sentinel, so the extension
/// silently skips `what` (e.g. "the signal", "the transcript post").
pub fn report_sentinel(
    cx: &mut Cx,
    code: &crate::report::Code,
    path: &str,
    source: &str,
    what: &str,
) {
    cx.report(
        code,
        path,
        format!("{source} is {SENTINEL_CONTACT_ID}, Cognigy's placeholder: {what} is silently skipped"),
        "Pass the real contact id from the SIP headers (X-InContact-MasterId / X-InContact-ContactId) in the Studio script.".into(),
    );
}

/// Bytes of the compact JSON encoding of `value` (what `serde_json::to_writer` writes),
/// counted from the value itself without encoding it.
fn compact_len(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(n) => encoded_len(n),
        Value::String(s) => string_len(s),
        Value::Array(items) => {
            2 + items.len().saturating_sub(1) + items.iter().map(compact_len).sum::<usize>()
        }
        Value::Object(map) => object_len(map),
    }
}

fn object_len(map: &Obj) -> usize {
    let members: usize = map
        .iter()
        .map(|(k, v)| string_len(k) + 1 + compact_len(v))
        .sum();
    2 + map.len().saturating_sub(1) + members
}

/// A JSON string literal's length as serde_json escapes it.
fn string_len(s: &str) -> usize {
    crate::report::json::subject::quoted_len(s)
}

/// A number's length, through serde_json itself (numbers are few).
fn encoded_len(n: &serde_json::Number) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    if let Some(u) = n.as_u64() {
        return itoa::Buffer::new().format(u).len();
    }
    let mut count = Count(0);
    match serde_json::to_writer(&mut count, n) {
        Ok(()) => count.0,
        Err(_) => 0,
    }
}

/// At least the compact JSON length of `value`, counted without looking into strings: every
/// byte of a string escapes to at most six, and no number, `true`, `false` or `null` takes
/// more than 24 bytes.
fn len_bound(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => 24,
        Value::String(s) => 6 * s.len() + 2,
        Value::Array(items) => 2 + items.len() + items.iter().map(len_bound).sum::<usize>(),
        Value::Object(map) => {
            2 + map
                .iter()
                .map(|(k, v)| 6 * k.len() + 4 + len_bound(v))
                .sum::<usize>()
        }
    }
}

fn check_size(cx: &mut Cx, root: &Obj) {
    let max = cx.rules.payload.max_signal_bytes;
    // The usual body is far below the limit: a bound says so without counting escapes.
    let bound = 2 + root
        .iter()
        .map(|(k, v)| 6 * k.len() + 4 + len_bound(v))
        .sum::<usize>();
    if bound <= max {
        return;
    }
    let size = object_len(root);
    if size > max {
        cx.report(
            &codes::SIGNAL_BODY_LARGE,
            "",
            format!("the signal body is {size} bytes, over rules.payload.max_signal_bytes ({max})"),
            "Send ids in p2 and let the Studio script look the rest up; large signal bodies have failed in practice.".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::tree;
    use serde_json::{Value, json};

    fn t(value: &Value) -> tree::Value<'_> {
        tree::Value::borrowed(value)
    }

    fn serde_len(value: &Value) -> usize {
        serde_json::to_vec(value).map_or(0, |v| v.len())
    }

    #[test]
    fn compact_length_is_what_serde_writes() {
        for value in [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(-17),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(0.1),
            json!(1e300),
            json!(-2.5e-8),
            json!(100.0),
            json!(""),
            json!(
                "quote \" backslash \\ nul \u{0} bell \u{7} tab \t lf \n cr \r ff \u{c} bs \u{8} us \u{1f} del \u{7f} é 😀"
            ),
            json!([]),
            json!({}),
            json!([1, "two", [], {}, [null]]),
            json!({"p1": "Escalate", "p2": "[{\"skill\":\"4242\"}]", "k\"\n": {"a": [1.5, -1, {"b": false}]}}),
        ] {
            assert_eq!(compact_len(&t(&value)), serde_len(&value), "{value}");
        }
    }

    #[test]
    fn compact_length_of_every_corpus_payload() {
        for value in crate::payload::tests::corpus::corpus() {
            assert_eq!(compact_len(&t(&value)), serde_len(&value), "{value}");
            if let tree::Value::Object(root) = &t(&value) {
                assert_eq!(object_len(root), serde_len(&value));
            }
        }
    }

    #[test]
    fn the_bound_is_never_below_the_length() {
        for value in crate::payload::tests::corpus::corpus().into_iter().chain([
            json!([
                u64::MAX,
                i64::MIN,
                -1.7976931348623157e308,
                f64::MIN_POSITIVE,
                null,
                true,
                false
            ]),
            json!({"\u{0}\u{1}": "\u{1f}\u{1f}", "": ""}),
        ]) {
            assert!(len_bound(&t(&value)) >= serde_len(&value), "{value}");
        }
    }

    proptest::proptest! {
        /// Any strings (as keys and values) are counted as serde_json escapes them.
        #[test]
        fn compact_length_of_any_strings(key in "\\PC{0,8}|[\\x00-\\x7f]{0,8}", text in "[\\x00-\\x7f]{0,40}|\\PC{0,20}") {
            let value = json!({key.clone(): text.clone(), "list": [key, 1, -2, 0.5, text]});
            proptest::prop_assert_eq!(compact_len(&t(&value)), serde_len(&value));
            proptest::prop_assert!(len_bound(&t(&value)) >= serde_len(&value));
        }
    }
}
