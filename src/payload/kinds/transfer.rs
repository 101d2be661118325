//! `transfer-context`: the Cognigy-to-Studio middleware contract rooted at `transferContext`.

use crate::id::Id;
use crate::payload::codes;
use crate::payload::fields::{Cx, Obj};
use crate::payload::formats::is_uuid;

/// Check a transfer context.
pub fn check(cx: &mut Cx, root: &Obj) {
    let what = "{\"queueId\": \"4242\", \"participant\": {...}, \"customAttributes\": {...}}";
    let Some(tc) = cx.object(root, "", "transferContext", what) else {
        return;
    };
    let base = "/transferContext";
    let what = "the CXone skill id to queue on, e.g. \"4242\"";
    if let Some(queue) = cx.id(tc, base, "queueId", what) {
        let queue = queue.trim();
        if !Id::is_valid(queue) && !cx.is_placeholder(queue) {
            let why = if is_uuid(queue) {
                "a UUID is usually another platform's queue id"
            } else {
                "CXone routes on numeric skill ids"
            };
            cx.report(
                &codes::TRANSFER_QUEUE_NOT_NUMERIC,
                "/transferContext/queueId",
                format!("`queueId` is {queue:?}, not a numeric CXone skill id ({why})"),
                "Map it to the numeric CXone skill id (ACD > Skills), e.g. \"4242\".".into(),
            );
        }
    }
    let what = "{\"name\": \"Jane Doe\", \"phoneNumber\": \"+14155550123\"}";
    if let Some(participant) = cx.object(tc, base, "participant", what) {
        let pbase = "/transferContext/participant";
        cx.text(
            participant,
            pbase,
            "name",
            "the customer's name shown to the agent",
        );
        cx.phone(
            participant,
            pbase,
            "phoneNumber",
            "the customer's phone number",
        );
    }
    // optional: only its type is checked when present
    cx.opt_object(
        tc,
        base,
        "customAttributes",
        "an object of key/value pairs for the agent, {} when none",
    );
    if let Some(flow) = cx.opt_text(tc, base, "flowVersionId", "the flow version's UUID")
        && !is_uuid(flow.trim())
        && !cx.is_placeholder(flow)
    {
        cx.report(
                &codes::UUID_INVALID,
                "/transferContext/flowVersionId",
                format!("`flowVersionId` is {flow:?}, not a UUID"),
                "Send the flow version's UUID (e.g. 3f2504e0-4f89-41d3-9a0c-0305e82c3301) or leave flowVersionId out.".into(),
            );
    }
}
