//! `vah-bot-response`: what a bot returns to Studio through Virtual Agent Hub, in Cognigy's
//! `_cognigy._niceCXOne.json` form and in the generic TextBotExchange form.

use crate::payload::tree::Value;

use crate::payload::codes;
use crate::payload::fields::{Cx, Obj, show};
use crate::payload::pointer;

/// Branches Studio's TextBotExchange action follows.
pub const BRANCHES: &[&str] = &[
    "DoNotBegin",
    "PromptAndCollectNextResponse",
    "ReturnControlToScript",
    "EndContact",
    "AudioInputUntranscribeable",
    "Error",
    "DTMFBreakout",
    "UserInputTimeout",
    "UserInputNotUnderstood",
];

/// Intents that say why the bot returned control.
const RETURN_INTENTS: &[&str] = &["StandardBotEscalation", "StandardBotEndConversation"];

/// Check a Virtual Agent Hub bot response (either form, or both when both are present).
pub fn check(cx: &mut Cx, root: &Obj) {
    let mut checked = false;
    if let Some(cognigy) = root.get("_cognigy") {
        checked = true;
        check_envelope(cx, cognigy);
    } else if root.contains_key("action") && !root.contains_key("branchName") {
        checked = true;
        check_cognigy_json(cx, root, "");
    }
    if root.contains_key("branchName") || !checked {
        check_exchange(cx, root);
    }
}

fn check_envelope(cx: &mut Cx, cognigy: &Value) {
    let Value::Object(cognigy) = cognigy else {
        cx.wrong_type(
            "",
            "_cognigy",
            "an object",
            cognigy,
            "Cognigy's output envelope",
        );
        return;
    };
    let what = "the NiCE CXone output: {\"json\": {\"action\": ..., \"data\": {...}}}";
    let Some(nice) = cx.object(cognigy, "/_cognigy", "_niceCXOne", what) else {
        return;
    };
    let what = "the object VAH reads: {\"action\": \"AGENT_TRANSFER\", \"data\": {\"Intent\": \"Escalate\", \"Params\": \"[]\"}}";
    if let Some(json) = cx.object(nice, "/_cognigy/_niceCXOne", "json", what) {
        check_cognigy_json(cx, json, "/_cognigy/_niceCXOne/json");
    }
}

/// The `json` object of Cognigy's NiCE CXone output.
fn check_cognigy_json(cx: &mut Cx, json: &Obj, base: &str) {
    let action = cx.text(
        json,
        base,
        "action",
        "AGENT_TRANSFER to escalate or END_CONVERSATION to end",
    );
    let expected_intent = match action {
        Some(action) => {
            if cx.one_of(
                &codes::VAH_ACTION_INVALID,
                action,
                base,
                "action",
                &["AGENT_TRANSFER", "END_CONVERSATION"],
            ) {
                Some(if action == "AGENT_TRANSFER" {
                    "Escalate"
                } else {
                    "End"
                })
            } else {
                None
            }
        }
        None => None,
    };
    let data_what = "{\"Intent\": \"Escalate\" or \"End\", \"Params\": \"<JSON text>\"}";
    let Some(data) = cx.object(json, base, "data", data_what) else {
        return;
    };
    let data_base = if base.is_empty() {
        "/data"
    } else {
        "/_cognigy/_niceCXOne/json/data"
    };
    if let Some(intent) = cx.text(
        data,
        data_base,
        "Intent",
        "Escalate with AGENT_TRANSFER, End with END_CONVERSATION",
    ) {
        match expected_intent {
            Some(expected) if intent != expected => cx.report(
                &codes::VAH_INTENT_MISMATCH,
                &pointer::key(data_base, "Intent"),
                format!("data.Intent is {intent:?} but action is {}; Studio needs {expected:?}", action.unwrap_or_default()),
                format!("Set data.Intent to {expected:?} (Escalate goes with AGENT_TRANSFER, End with END_CONVERSATION)."),
            ),
            None => {
                cx.one_of(&codes::VAH_INTENT_MISMATCH, intent, data_base, "Intent", &["Escalate", "End"]);
            }
            Some(_) => {}
        }
    }
    if let Some(params) = data.get("Params").filter(|v| !v.is_null()) {
        cx.json_string(
            params,
            data_base,
            "Params",
            &codes::EMBEDDED_JSON_NOT_STRING,
            "the handover parameters as JSON text, e.g. \"[]\"",
        );
    }
}

/// The generic exchange form (`branchName`, `intentInfo`, `botSessionState`, ...).
fn check_exchange(cx: &mut Cx, root: &Obj) {
    let branch = cx.text(
        root,
        "",
        "branchName",
        "the TextBotExchange branch, e.g. \"ReturnControlToScript\"",
    );
    if let Some(branch) = branch {
        cx.one_of(
            &codes::VAH_BRANCH_INVALID,
            branch,
            "",
            "branchName",
            BRANCHES,
        );
    }
    let intent_info = cx.opt_object(
        root,
        "",
        "intentInfo",
        "{\"intent\": ..., \"intentConfidence\": 0..1}",
    );
    let mut intent = None;
    if let Some(info) = intent_info {
        intent = info.get("intent").and_then(Value::as_str);
        if let Some(confidence) = info.get("intentConfidence").filter(|v| !v.is_null()) {
            let in_range = confidence
                .as_f64()
                .is_some_and(|c| (0.0..=1.0).contains(&c));
            if !in_range {
                cx.report(
                    &codes::VAH_CONFIDENCE_RANGE,
                    "/intentInfo/intentConfidence",
                    format!(
                        "intentConfidence is {}, not a number from 0 to 1",
                        show(confidence)
                    ),
                    "Send the confidence as a number from 0 to 1 (divide percentages by 100)."
                        .into(),
                );
            }
        }
    }
    match branch {
        Some("ReturnControlToScript") if !intent.is_some_and(|i| RETURN_INTENTS.contains(&i)) => {
            let seen = intent.map_or("no intent".to_string(), |i| format!("intent {i:?}"));
            cx.report(
                    &codes::VAH_RETURN_CONTROL_INTENT,
                    "/intentInfo/intent",
                    format!("ReturnControlToScript with {seen}: the script cannot tell escalation from end"),
                    "Set intentInfo.intent to StandardBotEscalation (to an agent) or StandardBotEndConversation (end).".into(),
                );
        }
        Some("Error")
            if root
                .get("errorDetails")
                .is_none_or(|v| v.is_null() || crate::payload::fields::is_blank(v)) =>
        {
            cx.report(
                    &codes::VAH_ERROR_DETAILS_MISSING,
                    "/errorDetails",
                    "branch Error without errorDetails: OnError cannot say what failed".into(),
                    "Send errorDetails, e.g. {\"errorPromptSequence\": ..., \"systemErrorMessage\": \"...\"}.".into(),
                );
        }
        _ => {}
    }
    if root.get("botSessionState").is_none_or(Value::is_null) {
        cx.report(
            &codes::VAH_SESSION_STATE_MISSING,
            "/botSessionState",
            "no botSessionState: the next turn starts a fresh bot session".into(),
            "Return the botSessionState the bot received (or its new state) in every response."
                .into(),
        );
    }
}
