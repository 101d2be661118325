//! What a router would do with a payload, as one line and as report facts: the route of a
//! `cognigy-webhook`, the web-messaging guest a `guest-session` would provision.

use serde_json::{Value as Json, json};

use crate::payload::kinds::webhook::Decision;
use crate::payload::tree::{Obj, Value};

use super::judge::View;
use crate::report::terminal::terminal_safe;

/// What a voice-to-digital switch would provision the guest with (values as sent; the
/// caller's number shown by its last four digits only).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Guest {
    /// The channel the guest joins (`webMessaging`; the IVR request form implies it).
    pub channel: String,
    /// The channel the caller leaves.
    pub from: Option<String>,
    /// `language_preference`.
    pub language: Option<String>,
    /// `dtmf_sequence`.
    pub dtmf: Option<String>,
    /// The last four characters of `caller_id`.
    pub caller_tail: Option<String>,
    /// Names of the `mapped_variables` carried into the chat.
    pub variables: Vec<String>,
}

/// The guest a `guest-session` payload describes (either form; absent values stay `None`).
pub fn guest(root: &Obj) -> Guest {
    let attributes = match root.get("attributes") {
        Some(Value::Object(a)) => Some(a),
        _ => None,
    };
    let text = |key: &str| {
        attributes
            .and_then(|a| a.get(key))
            .or_else(|| root.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let variables = match attributes
        .and_then(|a| a.get("mapped_variables"))
        .or_else(|| root.get("mapped_variables"))
    {
        Some(Value::Object(vars)) => vars.keys().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    let from = match root.get("channelSwitch") {
        Some(Value::Object(switch)) => switch.get("from").and_then(Value::as_str),
        _ => None,
    }
    .map(str::to_string);
    Guest {
        channel: text("channel").unwrap_or_else(|| "webMessaging".to_string()),
        from: from.or_else(|| root.contains_key("voice_history").then(|| "voice".into())),
        language: text("language_preference"),
        dtmf: text("dtmf_sequence"),
        caller_tail: text("caller_id").map(|c| {
            let tail: Vec<char> = c.chars().rev().take(4).collect();
            format!("...{}", tail.into_iter().rev().collect::<String>())
        }),
        variables,
    }
}

/// The view as a few words for the live line, with control characters from the payload
/// shown as escapes (so a payload cannot move the cursor or start a forged line).
pub fn line(view: &View) -> String {
    terminal_safe(&words(view)).into_owned()
}

/// The view in words, as the payload spells its values.
fn words(view: &View) -> String {
    match view {
        View::Route { intent, decision } => match decision {
            Decision::Skill(skill) => format!("{intent} -> skill {skill}"),
            Decision::Agent {
                entity,
                agent: Some(agent),
            } => format!("{intent} -> agent {agent} (entity {entity})"),
            Decision::Agent {
                entity,
                agent: None,
            } => format!("{intent} -> agent entity {entity} MISSING"),
            Decision::NoRoute => format!("{intent} -> NO ROUTE"),
            Decision::Unconfigured => {
                format!("{intent} -> route not checked (rules.routing empty)")
            }
        },
        View::Guest(g) => {
            let mut parts = vec![format!(
                "guest {}{}",
                g.channel,
                g.from
                    .as_deref()
                    .map(|f| format!(" from {f}"))
                    .unwrap_or_default()
            )];
            if let Some(lang) = &g.language {
                parts.push(format!("lang {lang}"));
            }
            if let Some(dtmf) = &g.dtmf {
                parts.push(format!("dtmf {dtmf}"));
            }
            if let Some(tail) = &g.caller_tail {
                parts.push(format!("caller {tail}"));
            }
            parts.push(format!("{} mapped variables", g.variables.len()));
            parts.join(", ")
        }
    }
}

/// The view as report facts: `route` or `guest`.
pub fn facts(view: &View) -> (&'static str, Json) {
    match view {
        View::Route { intent, decision } => {
            let route = match decision {
                Decision::Skill(skill) => json!({"intent": intent, "skill": skill}),
                Decision::Agent { entity, agent } => {
                    json!({"intent": intent, "agentEntity": entity, "agent": agent})
                }
                Decision::NoRoute => json!({"intent": intent, "route": null}),
                Decision::Unconfigured => json!({"intent": intent, "checked": false}),
            };
            ("route", route)
        }
        View::Guest(g) => (
            "guest",
            json!({
                "channel": g.channel,
                "from": g.from,
                "language": g.language,
                "dtmf": g.dtmf,
                "callerIdEnd": g.caller_tail,
                "mappedVariables": g.variables,
            }),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guest_is_read_from_either_form() {
        let guest_form = serde_json::json!({
            "channel": "webMessaging", "channelSwitch": {"from": "voice"},
            "attributes": {"dtmf_sequence": "2#", "caller_id": "+14155550123",
                           "language_preference": "en-US",
                           "mapped_variables": {"accountId": "17", "ivrMenu": "billing"}}
        });
        let Value::Object(root) = Value::borrowed(&guest_form) else {
            unreachable!()
        };
        let g = guest(&root);
        assert_eq!(g.caller_tail.as_deref(), Some("...0123"));
        assert_eq!(g.variables, ["accountId", "ivrMenu"]);
        let text = line(&View::Guest(g));
        assert_eq!(
            text,
            "guest webMessaging from voice, lang en-US, dtmf 2#, caller ...0123, 2 mapped variables"
        );
        assert!(!text.contains("4155550123"));
        assert_eq!(
            terminal_safe("r\u{fc}ckruf \u{1b}[2J\n\u{9b}\u{202e}"),
            "r\u{fc}ckruf \\u{1b}[2J\\n\\u{9b}\\u{202e}"
        );

        let ivr = serde_json::json!({"dtmf_sequence": "1", "voice_history": {}, "caller_id": "+1"});
        let Value::Object(root) = Value::borrowed(&ivr) else {
            unreachable!()
        };
        let g = guest(&root);
        assert_eq!(g.channel, "webMessaging");
        assert_eq!(g.from.as_deref(), Some("voice"));
        assert_eq!(g.caller_tail.as_deref(), Some("...+1"));
    }
}
