//! `work-item`: a Patron API work-item request (`POST /interactions/work-items`).

use crate::payload::codes;
use crate::payload::fields::{Cx, Obj};
use crate::payload::formats::is_guid;

/// Check a work-item request.
pub fn check(cx: &mut Cx, root: &Obj) {
    let what = "the point of contact's name as shown in CXone, e.g. \"Billing Work Items\"";
    if let Some(poc) = cx.text(root, "", "pointOfContact", what)
        && is_guid(poc.trim())
    {
        cx.report(
            &codes::WORKITEM_POC_GUID,
            "/pointOfContact",
            format!(
                "`pointOfContact` is the GUID {poc:?}; the API wants the point of contact's name"
            ),
            "Use the name shown in ACD > Points of Contact, not its GUID.".into(),
        );
    }
    cx.text(
        root,
        "",
        "workItemType",
        "the work item type the Studio script expects, e.g. \"Callback\"",
    );
    if let Some(payload) = root.get("workItemPayload").filter(|v| !v.is_null()) {
        cx.json_string(
            payload,
            "",
            "workItemPayload",
            &codes::EMBEDDED_JSON_NOT_STRING,
            "the work item's data as JSON text",
        );
    }
    cx.text(
        root,
        "",
        "from",
        "who the work item is from, e.g. an email address or customer id",
    );
}
