//! `guest-session`: provisioning a web-messaging guest for a voice-to-digital channel switch,
//! and the IVR request behind it (`dtmf_sequence`, `voice_history`, ...), with the same rules.

use crate::payload::tree::Value;

use crate::payload::codes;
use crate::payload::fields::{Cx, Obj};
use crate::payload::formats::{is_bcp47, is_dtmf};
use crate::payload::pointer;

/// Where `key` is: under `attributes` (guest form) or at the root. When it is absent, the
/// returned object lacks it and the base is where it belongs, so the finding points there.
fn place<'v>(
    root: &'v Obj<'v>,
    attributes: Option<&'v Obj<'v>>,
    guest_form: bool,
    key: &str,
) -> (&'v Obj<'v>, &'static str) {
    match attributes {
        Some(a) if a.contains_key(key) => (a, "/attributes"),
        _ if root.contains_key(key) => (root, ""),
        _ => (root, if guest_form { "/attributes" } else { "" }),
    }
}

/// Check a guest session request (either form).
pub fn check(cx: &mut Cx, root: &Obj) {
    let guest_form = root.contains_key("channel") || root.contains_key("channelSwitch");
    let attributes = if guest_form {
        if let Some(channel) = cx.text(root, "", "channel", "\"webMessaging\"") {
            cx.one_of(
                &codes::FIELD_VALUE,
                channel,
                "",
                "channel",
                &["webMessaging"],
            );
        }
        if let Some(switch) = cx.object(root, "", "channelSwitch", "{\"from\": \"voice\"}")
            && let Some(from) = cx.text(
                switch,
                "/channelSwitch",
                "from",
                "\"voice\", the channel the caller leaves",
            )
        {
            cx.one_of(
                &codes::FIELD_VALUE,
                from,
                "/channelSwitch",
                "from",
                &["voice"],
            );
        }
        cx.opt_object(
            root,
            "",
            "attributes",
            "the IVR data: dtmf_sequence, caller_id, ...",
        )
    } else {
        cx.object(
            root,
            "",
            "voice_history",
            "the voice conversation so far, as an object",
        );
        None
    };

    let (obj, base) = place(root, attributes, guest_form, "dtmf_sequence");
    if let Some(dtmf) = cx.text(
        obj,
        base,
        "dtmf_sequence",
        "the keys the caller pressed, e.g. \"12#\"",
    ) && !is_dtmf(dtmf)
        && !cx.is_placeholder(dtmf)
    {
        let bad: String = dtmf
            .chars()
            .filter(|c| !(c.is_ascii_digit() || matches!(c, '*' | '#' | 'A'..='D')))
            .collect();
        cx.report(
            &codes::GUEST_DTMF_INVALID,
            &pointer::key(base, "dtmf_sequence"),
            format!("`dtmf_sequence` {dtmf:?} holds characters that are not DTMF tones: {bad:?}"),
            "Send only 0-9, *, # and A-D, exactly as pressed.".into(),
        );
    }

    let (obj, base) = place(root, attributes, guest_form, "caller_id");
    cx.phone(obj, base, "caller_id", "the caller's number");

    let (obj, base) = place(root, attributes, guest_form, "language_preference");
    if let Some(lang) = cx.text(
        obj,
        base,
        "language_preference",
        "a BCP 47 tag such as \"en-US\"",
    ) && !is_bcp47(lang)
        && !cx.is_placeholder(lang)
    {
        let hint = if lang.contains('_') && is_bcp47(&lang.replace('_', "-")) {
            format!(
                "Use hyphens, not underscores: {:?}.",
                lang.replace('_', "-")
            )
        } else {
            "Use a BCP 47 tag such as en, en-US or pt-BR.".to_string()
        };
        cx.report(
            &codes::GUEST_LANGUAGE_INVALID,
            &pointer::key(base, "language_preference"),
            format!("`language_preference` {lang:?} is not a BCP 47 language tag"),
            hint,
        );
    }

    let (obj, base) = place(root, attributes, guest_form, "mapped_variables");
    let what = "IVR variables to carry into the chat, {} when none";
    if guest_form {
        cx.object(obj, base, "mapped_variables", what);
    } else if let Some(v) = obj.get("mapped_variables").filter(|v| !v.is_null())
        && !matches!(v, Value::Object(_))
    {
        cx.wrong_type(base, "mapped_variables", "an object", v, what);
    }
}
