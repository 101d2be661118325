//! `dfo-inbound-message`: a Digital (BYOC) inbound message for
//! `POST /dfo/3.0/channels/{channelId}/messages`.

use crate::payload::codes;
use crate::payload::fields::Cx;
use crate::payload::fields::Obj;

/// Check a BYOC inbound message.
pub fn check(cx: &mut Cx, root: &Obj) {
    cx.text(
        root,
        "",
        "idOnExternalPlatform",
        "the message's id on your platform (unique per message)",
    );
    if let Some(direction) = cx.text(
        root,
        "",
        "direction",
        "\"inbound\" for a customer's message",
    ) {
        cx.one_of(
            &codes::DFO_DIRECTION_INVALID,
            direction,
            "",
            "direction",
            &["inbound"],
        );
    }
    let what = "{\"idOnExternalPlatform\": \"<conversation id on your platform>\"}";
    if let Some(thread) = cx.object(root, "", "thread", what) {
        cx.text(
            thread,
            "/thread",
            "idOnExternalPlatform",
            "the conversation (thread) id on your platform",
        );
    }
    let what = "{\"type\": \"TEXT\", \"payload\": {\"text\": \"...\"}}";
    if let Some(content) = cx.object(root, "", "messageContent", what) {
        let kind = cx.text(
            content,
            "/messageContent",
            "type",
            "the content type, e.g. \"TEXT\"",
        );
        if let Some(found) = kind.filter(|k| *k != "TEXT" && k.trim().eq_ignore_ascii_case("TEXT"))
        {
            cx.report(
                &codes::DFO_CONTENT_TYPE_CASE,
                "/messageContent/type",
                format!("`messageContent.type` is {found:?}; the Digital Engagement API expects \"TEXT\" (upper case)"),
                "Write \"type\": \"TEXT\".".into(),
            );
        }
        if kind.is_some_and(|k| k.trim().eq_ignore_ascii_case("TEXT")) {
            let what = "{\"text\": \"<the customer's message>\"}";
            if let Some(payload) = cx.object(content, "/messageContent", "payload", what) {
                match payload.get("text") {
                    Some(crate::payload::tree::Value::String(text)) if !text.trim().is_empty() => {}
                    Some(crate::payload::tree::Value::String(_))
                    | None
                    | Some(crate::payload::tree::Value::Null) => cx.report(
                        &codes::DFO_TEXT_EMPTY,
                        "/messageContent/payload/text",
                        "a TEXT message with no text".into(),
                        "Put the customer's message in messageContent.payload.text.".into(),
                    ),
                    Some(other) => cx.wrong_type(
                        "/messageContent/payload",
                        "text",
                        "a string",
                        other,
                        "the customer's message",
                    ),
                }
            }
        }
    }
    let what = "{\"idOnExternalPlatform\": \"<customer id on your platform>\", ...}";
    if let Some(author) = cx.object(root, "", "authorEndUserIdentity", what) {
        cx.text(
            author,
            "/authorEndUserIdentity",
            "idOnExternalPlatform",
            "the customer's id on your platform",
        );
    }
    cx.timestamp(root, "", "createdAtWithMilliseconds", true);
}
