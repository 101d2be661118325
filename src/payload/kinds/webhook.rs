//! `cognigy-webhook`: a Cognigy webhook asking a routing service to hand over, checked
//! against the intent routes of `rules.routing`.

use std::collections::BTreeMap;

use crate::payload::tree::Value;

use crate::config::rules::Route;
use crate::payload::codes;
use crate::payload::fields::{Cx, Obj, push_debug, show, type_name};
use crate::payload::pointer;

/// Check a webhook payload.
pub fn check(cx: &mut Cx, root: &Obj) {
    let intent = cx
        .object(root, "", "intent", "{\"name\": \"<intent name>\", ...}")
        .and_then(|i| {
            cx.text(
                i,
                "/intent",
                "name",
                "the intent Cognigy recognised, e.g. \"billing_dispute\"",
            )
        });
    if let Some(user) = cx.object(root, "", "user", "{\"id\": \"<user id>\"}") {
        cx.id(user, "/user", "id", "the Cognigy user id");
    }
    let session_id = match root.get("session") {
        Some(Value::Object(session)) => session.get("sessionId").filter(|v| !is_blank_or_null(v)),
        Some(Value::Null) | None => None,
        Some(other) => {
            cx.wrong_type(
                "",
                "session",
                "an object",
                other,
                "{\"sessionId\": \"...\"}",
            );
            None
        }
    };
    if session_id.is_none() {
        cx.report(
            &codes::WEBHOOK_SESSION_MISSING,
            "/session/sessionId",
            "no session.sessionId: the handover cannot be tied to the bot conversation".into(),
            "Send session.sessionId (Cognigy's input.sessionId).".into(),
        );
    }
    let entities = check_entities(cx, root);
    if let Some(intent) = intent {
        check_route(cx, intent, &entities);
    }
}

fn is_blank_or_null(v: &Value) -> bool {
    v.is_null() || crate::payload::fields::is_blank(v)
}

/// Validate `entities` (a list of `{name, value}`) and return name → value text.
fn check_entities<'v>(cx: &mut Cx, root: &'v Obj<'v>) -> Vec<(&'v str, &'v Value<'v>)> {
    let mut out = Vec::new();
    let list = match root.get("entities") {
        None | Some(Value::Null) => return out,
        Some(Value::Array(list)) => list,
        Some(other) => {
            cx.wrong_type(
                "",
                "entities",
                "an array",
                other,
                "a list of {\"name\": ..., \"value\": ...}",
            );
            return out;
        }
    };
    for (i, entity) in list.iter().enumerate() {
        let path = pointer::index("/entities", i);
        let Value::Object(entity) = entity else {
            cx.report(
                &codes::FIELD_TYPE,
                &path,
                format!(
                    "entity {i} is {} ({}), not {{name, value}}",
                    type_name(entity),
                    show(entity)
                ),
                "Write each entity as {\"name\": \"account_manager\", \"value\": \"...\"}.".into(),
            );
            continue;
        };
        let name = cx.text(entity, &path, "name", "the entity's name");
        let value = cx.field(entity, &path, "value", "the entity's value");
        if let (Some(name), Some(value)) = (name, value) {
            out.push((name, value));
        }
    }
    out
}

/// What `rules.routing` does with a webhook's intent: the one decision the check reports and
/// `listen` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// `rules.routing` is empty: the route was not checked.
    Unconfigured,
    /// The intent has no route.
    NoRoute,
    /// Queue on this skill id.
    Skill(String),
    /// Route to the agent named by `entity`; `agent` is its value (shown as in messages), or
    /// `None` when the payload lacks it or it is empty.
    Agent {
        /// The entity the route names.
        entity: String,
        /// Its value in the payload.
        agent: Option<String>,
    },
}

/// Decide the route of `intent`; `entity` gives a non-empty entity's value by name.
pub fn decide(
    routing: &BTreeMap<String, Route>,
    intent: &str,
    entity: impl Fn(&str) -> Option<String>,
) -> Decision {
    if routing.is_empty() {
        return Decision::Unconfigured;
    }
    match routing.get(intent) {
        None => Decision::NoRoute,
        Some(Route::Skill { skill }) => Decision::Skill(skill.clone()),
        Some(Route::AgentEntity { agent_entity }) => Decision::Agent {
            entity: agent_entity.clone(),
            agent: entity(agent_entity),
        },
    }
}

/// The intent of a webhook payload and its route, without judging anything else (`None` when
/// the payload carries no `intent.name` text, which the check reports).
pub fn decision(routing: &BTreeMap<String, Route>, root: &Obj) -> Option<(String, Decision)> {
    let Some(Value::Object(intent)) = root.get("intent") else {
        return None;
    };
    let intent = intent.get("name")?.as_str()?;
    let decision = decide(routing, intent, |wanted| {
        let Some(Value::Array(list)) = root.get("entities") else {
            return None;
        };
        list.iter()
            .filter_map(|e| match e {
                Value::Object(e) => Some(e),
                _ => None,
            })
            .filter(|e| e.get("name").and_then(Value::as_str) == Some(wanted))
            .find_map(|e| e.get("value"))
            .filter(|v| !is_blank_or_null(v))
            .map(show)
    });
    Some((intent.to_string(), decision))
}

fn check_route(cx: &mut Cx, intent: &str, entities: &[(&str, &Value)]) {
    let routing = &cx.rules.routing;
    let decision = decide(routing, intent, |wanted| {
        entities
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, v)| *v)
            .filter(|v| !is_blank_or_null(v))
            .map(show)
    });
    match decision {
        Decision::Unconfigured => cx.report(
            &codes::WEBHOOK_ROUTING_UNCONFIGURED,
            "/intent/name",
            {
                let mut message = String::with_capacity(intent.len() + 48);
                message.push_str("intent ");
                push_debug(&mut message, intent);
                message.push_str(" was not checked: rules.routing is empty");
                message
            },
            "Add your routing table to the config: rules.routing: {<intent>: {skill: ID} | {agent_entity: NAME}}.".into(),
        ),
        Decision::NoRoute => {
            let mut known: Vec<&str> = routing.keys().map(String::as_str).collect();
            known.sort_by(|a, b| {
                strsim::jaro_winkler(intent, b).total_cmp(&strsim::jaro_winkler(intent, a))
            });
            let hint = match known.first() {
                Some(close) if strsim::jaro_winkler(intent, close) > 0.85 => format!(
                    "Did the bot mean {close:?}? Otherwise add {intent:?} to rules.routing."
                ),
                _ => format!(
                    "Add {intent:?} to rules.routing (known intents: {}).",
                    known.iter().take(8).copied().collect::<Vec<_>>().join(", ")
                ),
            };
            cx.report(
                &codes::WEBHOOK_ROUTE_MISSING,
                "/intent/name",
                format!("intent {intent:?} has no route in rules.routing"),
                hint,
            );
        }
        Decision::Skill(skill) => {
            let mut message = String::with_capacity(intent.len() + skill.len() + 24);
            message.push_str("intent ");
            push_debug(&mut message, intent);
            message.push_str(" routes to skill ");
            message.push_str(&skill);
            cx.report(
                &codes::WEBHOOK_ROUTED,
                "/intent/name",
                message,
                "Nothing to do.".into(),
            );
        }
        Decision::Agent { entity, agent: Some(agent) } => {
            let message = format!("intent {intent:?} routes to agent {agent} (entity {entity:?})");
            cx.report(&codes::WEBHOOK_ROUTED, "/entities", message, "Nothing to do.".into());
        }
        Decision::Agent { entity, agent: None } => cx.report(
            &codes::WEBHOOK_AGENT_ENTITY_MISSING,
            "/entities",
            format!("intent {intent:?} routes to the agent in entity {entity:?}, which the webhook does not carry (or is empty)"),
            format!("Make the bot extract {entity:?} before handing over, e.g. {{\"name\": {entity:?}, \"value\": \"<agent>\"}}."),
        ),
    }
}
