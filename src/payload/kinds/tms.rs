//! `tms-transcript`: Cognigy's transcript post to `{api}/aai/tms/transcripts/post`.

use crate::payload::tree::Value;

use crate::payload::codes;
use crate::payload::fields::{Cx, Obj, show, type_name};
use crate::payload::pointer;

/// Check a TMS transcript post.
pub fn check(cx: &mut Cx, root: &Obj) {
    // The reference client sends vendorId "Cognigy": digits or a vendor name are both accepted.
    if let Some(vendor) = cx.id(
        root,
        "",
        "vendorId",
        "the vendor sending the transcript, e.g. \"Cognigy\"",
    ) {
        let ok = vendor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok && !cx.is_placeholder(&vendor) {
            cx.report(
                &codes::ID_NOT_DIGITS,
                "/vendorId",
                format!("`vendorId` is {vendor:?}; it must be a numeric id or a vendor name without spaces"),
                "Send the vendor id TMS knows, e.g. \"Cognigy\".".into(),
            );
        }
    }
    cx.digits_id(root, "", "busId", "the CXone business unit number");
    if let Some(id) = cx.digits_id(root, "", "contactId", "the CXone contact id of the call")
        && super::signal::is_sentinel(&id)
    {
        super::signal::report_sentinel(
            cx,
            &codes::TMS_CONTACT_ID_SENTINEL,
            "/contactId",
            "contactId",
            "the transcript post",
        );
    }
    cx.text(
        root,
        "",
        "contactState",
        "the contact's state, e.g. \"SELF_SERVICE\"",
    );
    cx.text(root, "", "mediaType", "the contact's media, e.g. \"Voice\"");
    let what = "{\"sessionCompletionType\": \"ESCALATED\", \"transcripts\": [...]}";
    let Some(details) = cx.object(root, "", "selfServiceSessionDetails", what) else {
        return;
    };
    let base = "/selfServiceSessionDetails";
    if let Some(completion) = cx.text(
        details,
        base,
        "sessionCompletionType",
        "ESCALATED or CONTAINED",
    ) {
        cx.one_of(
            &codes::TMS_COMPLETION_TYPE,
            completion,
            "/selfServiceSessionDetails",
            "sessionCompletionType",
            &["ESCALATED", "CONTAINED"],
        );
    }
    let what = "the bot conversation: [{\"participantId\": \"Bot\", \"messageBody\": ..., \"utcDateTime\": ...}]";
    let Some(list) = cx.field(details, base, "transcripts", what) else {
        return;
    };
    let list_path = "/selfServiceSessionDetails/transcripts";
    let Value::Array(items) = list else {
        cx.wrong_type(base, "transcripts", "an array", list, what);
        return;
    };
    if items.is_empty() {
        cx.report(
            &codes::TMS_TRANSCRIPTS_EMPTY,
            list_path,
            "`transcripts` is empty: the agent sees no bot history".into(),
            "Place Cognigy's Get Transcript node before the node that posts to TMS.".into(),
        );
        return;
    }
    let mut previous: Option<(chrono::DateTime<chrono::FixedOffset>, usize)> = None;
    let mut item_path = String::with_capacity(list_path.len() + 4);
    for (i, item) in items.iter().enumerate() {
        // One buffer for every item's path: paths are only read when something is wrong.
        item_path.clear();
        item_path.push_str(list_path);
        item_path.push('/');
        item_path.push_str(itoa::Buffer::new().format(i));
        let Value::Object(item) = item else {
            cx.report(
                &codes::FIELD_TYPE,
                &item_path,
                format!("transcript item {i} is {} ({}), not an object", type_name(item), show(item)),
                "Each item is {\"participantId\": \"Bot\"|\"Patron\", \"messageBody\": ..., \"utcDateTime\": ...}.".into(),
            );
            continue;
        };
        if let Some(who) = cx.text(item, &item_path, "participantId", "Bot or Patron") {
            cx.one_of(
                &codes::TMS_PARTICIPANT_INVALID,
                who,
                &item_path,
                "participantId",
                &["Bot", "Patron"],
            );
        }
        match cx.field(item, &item_path, "messageBody", "what was said") {
            Some(Value::String(_)) | None => {}
            Some(other) => cx.wrong_type(
                &item_path,
                "messageBody",
                "a string",
                other,
                "what was said",
            ),
        }
        if let Some(at) = cx.timestamp(item, &item_path, "utcDateTime", true) {
            if let Some((before, j)) = previous
                && at < before
            {
                cx.report(
                    &codes::TIMESTAMPS_OUT_OF_ORDER,
                    &pointer::key(&item_path, "utcDateTime"),
                    format!("transcript item {i} is earlier than item {j}"),
                    "Send transcript items in time order, with UTC times from one clock.".into(),
                );
            }
            previous = Some((at, i));
        }
    }
}
