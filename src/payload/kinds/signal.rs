//! `cognigy-signal`: the body of `POST /interactions/{contactId}/signal` sent by Cognigy's
//! Exit Interaction node (`{"p1": "Escalate", "p2": "<JSON text>"}`).

use serde_json::Value;

use crate::payload::codes;
use crate::payload::fields::{Cx, Obj, show, type_name};
use crate::payload::formats::is_digits;
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
            judge_contact_id(cx, &id, &pointer::key("", key), key);
        }
    }
    if found {
        return;
    }
    match &cx.inputs.contact_id {
        Some(id) => {
            let id = id.clone();
            judge_contact_id(cx, &id, "", "--contact-id");
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

fn judge_contact_id(cx: &mut Cx, id: &str, path: &str, source: &str) {
    let id = id.trim();
    if id == SENTINEL_CONTACT_ID {
        cx.report(
            &codes::SIGNAL_CONTACT_ID_SENTINEL,
            path,
            format!("{source} is {SENTINEL_CONTACT_ID}, Cognigy's placeholder: the signal is silently skipped"),
            "Pass the real contact id from the SIP headers (X-InContact-MasterId / X-InContact-ContactId) in the Studio script.".into(),
        );
    } else if !is_digits(id) && !cx.is_placeholder(id) {
        cx.report(
            &codes::ID_NOT_DIGITS,
            path,
            format!("{source} is {id:?}; CXone contact ids are all digits"),
            "Use the numeric CXone contact id (e.g. 5823114), not a Cognigy session id or a GUID."
                .into(),
        );
    }
}

/// Bytes of the compact JSON encoding, counted without building the string.
fn compact_len(value: &Obj) -> usize {
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
    let mut count = Count(0);
    match serde_json::to_writer(&mut count, value) {
        Ok(()) => count.0,
        Err(_) => 0,
    }
}

fn check_size(cx: &mut Cx, root: &Obj) {
    let max = cx.rules.payload.max_signal_bytes;
    let size = compact_len(root);
    if size > max {
        cx.report(
            &codes::SIGNAL_BODY_LARGE,
            "",
            format!("the signal body is {size} bytes, over rules.payload.max_signal_bytes ({max})"),
            "Send ids in p2 and let the Studio script look the rest up; large signal bodies have failed in practice.".into(),
        );
    }
}
