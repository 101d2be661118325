//! `bot-handoff`: a bot-to-queue handoff request, with the eligibility rules of
//! `rules.handoff` when a confidence and an intent are known.

use crate::payload::tree::Value;

use crate::payload::codes;
use crate::payload::eligibility::{self, Verdict};
use std::fmt::Write;

use crate::payload::fields::{Cx, Obj, push_debug, show};

/// Accepted target types.
const TARGET_TYPES: &[&str] = &["queue", "agent", "bot"];

/// Check a handoff request.
pub fn check(cx: &mut Cx, root: &Obj) {
    if let Some(target) = cx.text(
        root,
        "",
        "targetType",
        "where to hand over: \"queue\", \"agent\" or \"bot\"",
    ) {
        cx.one_of(&codes::FIELD_VALUE, target, "", "targetType", TARGET_TYPES);
    }
    cx.id(
        root,
        "",
        "targetId",
        "the id of the queue (skill), agent or bot to hand over to",
    );
    cx.text(
        root,
        "",
        "message",
        "what the customer is told while being handed over",
    );
    cx.id(
        root,
        "",
        "conversationId",
        "the bot conversation's id, so history follows the handover",
    );
    let context = cx.object(root, "", "context", "data for the agent, {} when none");
    match cx.field(
        root,
        "",
        "preserveHistory",
        "true to pass the bot history to the agent",
    ) {
        Some(Value::Bool(_)) | None => {}
        Some(other) => cx.wrong_type(
            "",
            "preserveHistory",
            "a boolean",
            other,
            "true to pass the bot history to the agent",
        ),
    }
    check_eligibility(cx, root, context);
}

/// Where the confidence or intent came from, for messages and paths.
struct Found<T> {
    value: T,
    path: &'static str,
}

/// `key` (`confidence` or `intent`) at the top level or under `context`, with its path.
fn lookup<'v>(
    root: &'v Obj<'v>,
    context: Option<&'v Obj<'v>>,
    key: &'static str,
) -> Option<(&'v Value<'v>, &'static str)> {
    let (top, nested) = match key {
        "confidence" => ("/confidence", "/context/confidence"),
        _ => ("/intent", "/context/intent"),
    };
    if let Some(v) = root.get(key).filter(|v| !v.is_null()) {
        return Some((v, top));
    }
    context
        .and_then(|c| c.get(key))
        .filter(|v| !v.is_null())
        .map(|v| (v, nested))
}

fn check_eligibility(cx: &mut Cx, root: &Obj, context: Option<&Obj>) {
    let confidence = match lookup(root, context, "confidence") {
        Some((Value::Number(n), path)) => n.as_f64().map(|value| Found { value, path }),
        Some((other, path)) => {
            cx.report(
                &codes::FIELD_TYPE,
                path,
                format!(
                    "`confidence` must be a number from 0 to 1, not {}",
                    show(other)
                ),
                "Write the confidence as a number without quotes, e.g. 0.42.".into(),
            );
            return;
        }
        None => cx.inputs.confidence.map(|value| Found { value, path: "" }),
    };
    let intent = match lookup(root, context, "intent") {
        Some((Value::String(s), path)) => Some(Found {
            value: s.to_string(),
            path,
        }),
        Some((other, path)) => {
            cx.report(
                &codes::FIELD_TYPE,
                path,
                format!(
                    "`intent` must be the intent name as a string, not {}",
                    show(other)
                ),
                "Write the intent name, e.g. \"billing_dispute\".".into(),
            );
            return;
        }
        None => cx
            .inputs
            .intent
            .clone()
            .map(|value| Found { value, path: "" }),
    };
    let known = (confidence.is_some(), intent.is_some());
    let (Some(confidence), Some(intent)) = (confidence, intent) else {
        let (missing, flags) = match known {
            (true, _) => ("intent", "--intent was"),
            (false, true) => ("confidence", "--confidence was"),
            (false, false) => ("confidence and intent", "--confidence and --intent were"),
        };
        cx.report(
            &codes::HANDOFF_ELIGIBILITY_UNKNOWN,
            "",
            format!("eligibility not judged: the payload has no {missing}, and {flags} not given"),
            format!(
                "Add {missing} to the payload, or pass {}.",
                flags.trim_end_matches(" were").trim_end_matches(" was")
            ),
        );
        return;
    };
    let rules = &cx.rules.handoff;
    match eligibility::judge(confidence.value, &intent.value, rules) {
        Verdict::Eligible => cx.report(
            &codes::HANDOFF_ELIGIBLE,
            intent.path,
            {
                let mut message = String::with_capacity(intent.value.len() + 80);
                let _ = write!(
                    message,
                    "eligible: confidence {} is below ",
                    confidence.value
                );
                message.push_str(cx.min_confidence);
                message.push_str(" and ");
                push_debug(&mut message, &intent.value);
                message.push_str(" is an escalation intent");
                message
            },
            "Nothing to do; the handover is expected.".into(),
        ),
        Verdict::InvalidConfidence(c) => cx.report(
            &codes::HANDOFF_CONFIDENCE_RANGE,
            confidence.path,
            format!("confidence {c} is outside 0..1"),
            "Send the confidence as a probability from 0 to 1 (divide percentages by 100).".into(),
        ),
        Verdict::Ineligible(unmet) => {
            let path = match &unmet[0] {
                eligibility::Unmet::ConfidenceTooHigh { .. } => &confidence.path,
                eligibility::Unmet::IntentNotEscalation { .. } => &intent.path,
            };
            let mut message = String::from("not eligible for handover: ");
            for (i, reason) in unmet.iter().enumerate() {
                if i > 0 {
                    message.push_str("; ");
                }
                let _ = write!(message, "{reason}");
            }
            cx.report(
                &codes::HANDOFF_NOT_ELIGIBLE,
                path,
                message,
                "Let the bot keep the conversation, or adjust rules.handoff (min_confidence, escalation_intents) in the config.".into(),
            );
        }
    }
}
