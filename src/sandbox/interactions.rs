//! Writes: the Signal API (`Escalate`, `End`), Patron work items, and `POST /contacts/{id}/end`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::dynamics;
use super::faults::ApiFamily;
use super::http::{Env, Reply, Req, parse_id, parse_pairs};
use super::record::SignalRecord;
use super::reltime::stamp;
use super::scenario::Media;
use super::state::{ContactRt, State};

/// `POST /interactions/{contactId}/signal` with `p1..p9` in a JSON body, a form body or the query.
pub fn signal(state: &mut State, raw: &str, req: &Req, env: &Env) -> Reply {
    let (params, source) = match signal_params(req) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (reply, outcome) = apply_signal(state, raw, &params, env);
    state.signals.push(SignalRecord {
        contact_id: raw.to_string(),
        params,
        source,
        status: reply.status,
        outcome,
        at: stamp(env.now),
    });
    reply
}

fn signal_params(req: &Req) -> Result<(BTreeMap<String, String>, String), Reply> {
    let is_p = |k: &str| {
        let k = k.to_ascii_lowercase();
        k.len() == 2 && k.starts_with('p') && (b'1'..=b'9').contains(&k.as_bytes()[1])
    };
    let mut params = BTreeMap::new();
    let mut sources = Vec::new();
    let text = req.body_text();
    if !text.trim().is_empty() {
        let form = req
            .header("content-type")
            .is_some_and(|c| c.contains("x-www-form-urlencoded"));
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => {
                for (k, v) in map {
                    if is_p(&k) {
                        let v = match v {
                            Value::String(s) => s,
                            Value::Null => String::new(),
                            other => other.to_string(),
                        };
                        params.insert(k.to_ascii_lowercase(), v);
                    }
                }
                sources.push("body");
            }
            _ if form => {
                for (k, v) in parse_pairs(&text) {
                    if is_p(&k) {
                        params.insert(k.to_ascii_lowercase(), v);
                    }
                }
                sources.push("form");
            }
            _ => {
                return Err(Reply::admin_error(
                    400,
                    "InvalidRequest",
                    "The body must be a JSON object such as {\"p1\":\"Escalate\",\"p2\":\"...\"}",
                ));
            }
        }
    }
    let before = params.len();
    for (k, v) in &req.query {
        if is_p(k) {
            params
                .entry(k.to_ascii_lowercase())
                .or_insert_with(|| v.clone());
        }
    }
    if params.len() > before {
        sources.push("query");
    }
    if params.is_empty() {
        return Err(Reply::admin_error(
            400,
            "InvalidParameter",
            "No signal parameters: send p1..p9 in a JSON body or in the query",
        ));
    }
    Ok((params, sources.join("+")))
}

fn apply_signal(
    state: &mut State,
    raw: &str,
    params: &BTreeMap<String, String>,
    env: &Env,
) -> (Reply, String) {
    let id = match parse_id(raw, "contactId", ApiFamily::Admin) {
        Ok(id) => id,
        Err(r) => return (r, "bad contact id".into()),
    };
    let Some(c) = state.contacts.get(&id) else {
        let r = Reply::admin_error(
            404,
            "ContactNotFound",
            &format!("Contact {id} was not found."),
        );
        return (r, format!("contact {id} not found"));
    };
    if !c.active {
        return (inactive(c), format!("contact {id} has ended"));
    }
    let target = c
        .master
        .filter(|m| state.contacts.contains_key(m))
        .unwrap_or(id);
    if let Some(t) = state.contacts.get(&target)
        && !t.active
    {
        return (inactive(t), format!("master contact {target} has ended"));
    }
    let action = params
        .get("p1")
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default();
    let outcome = match action.as_str() {
        "escalate" => escalate(state, id, target, params.get("p2"), env),
        "end" => {
            dynamics::end(
                state,
                target,
                env.now,
                "Bot ended the conversation (End signal)",
            );
            format!("ended contact {target}")
        }
        _ => format!(
            "p1 {:?} passed to the script; no routing change",
            params.get("p1").map(String::as_str).unwrap_or("")
        ),
    };
    (Reply::empty(202), outcome)
}

fn inactive(c: &ContactRt) -> Reply {
    let when = c.end.map(stamp).unwrap_or_default();
    Reply::admin_error(
        400,
        "InvalidContactState",
        &format!(
            "Contact {} is not active (it ended {when}); only an active contact can be signalled.",
            c.id
        ),
    )
}

fn escalate(
    state: &mut State,
    signalled: u64,
    target: u64,
    p2: Option<&String>,
    env: &Env,
) -> String {
    let contact_skill = |id: u64| state.contacts.get(&id).and_then(|c| c.escalation_skill);
    let poc_skill = state
        .contacts
        .get(&target)
        .and_then(|c| c.poc.as_deref())
        .and_then(|p| state.poc(p))
        .map(|(p, _)| p.skill);
    let skill = contact_skill(signalled)
        .or_else(|| contact_skill(target))
        .or_else(|| p2.and_then(|p| skill_from_params(state, p)))
        .or(poc_skill)
        .or_else(|| state.contacts.get(&target).and_then(|c| c.skill));
    if signalled != target {
        dynamics::end(state, signalled, env.now, "Bot session ended (Escalate)");
    }
    let Some(skill) = skill else {
        return format!("no skill to queue contact {target} on; nothing happened");
    };
    let Some(t) = state.contacts.get(&target) else {
        return "contact vanished".into();
    };
    match t.state_name() {
        "Inqueue" | "Routing" => format!("contact {target} is already queued"),
        "Active" | "Hold" if t.agent.is_some() => {
            format!("contact {target} is already with an agent")
        }
        _ => {
            dynamics::enqueue(state, target, skill, env.now);
            format!("queued contact {target} on skill {skill}")
        }
    }
}

/// The skill a Cognigy `p2` names: a `skillId`/`skill`/`skillName`/`targetSkill` key anywhere in the JSON, as an id or a name.
pub fn skill_from_params(state: &State, p2: &str) -> Option<u64> {
    fn walk(state: &State, v: &Value, depth: u8) -> Option<u64> {
        if depth > 4 {
            return None;
        }
        match v {
            Value::Object(map) => {
                for (k, val) in map {
                    let key = k.to_ascii_lowercase().replace('_', "");
                    if [
                        "skillid",
                        "skill",
                        "skillname",
                        "targetskill",
                        "targetskillid",
                    ]
                    .contains(&key.as_str())
                        && let Some(id) = resolve(state, val)
                    {
                        return Some(id);
                    }
                }
                map.values().find_map(|val| walk(state, val, depth + 1))
            }
            Value::Array(items) => items.iter().find_map(|val| walk(state, val, depth + 1)),
            Value::String(s) if s.trim_start().starts_with(['{', '[']) => serde_json::from_str(s)
                .ok()
                .and_then(|inner: Value| walk(state, &inner, depth + 1)),
            _ => None,
        }
    }
    fn resolve(state: &State, v: &Value) -> Option<u64> {
        let id = match v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok().or_else(|| {
                state
                    .skills
                    .values()
                    .find(|k| k.spec.name.eq_ignore_ascii_case(s.trim()))
                    .map(|k| k.spec.id)
            }),
            _ => None,
        }?;
        state.skills.contains_key(&id).then_some(id)
    }
    let v: Value = serde_json::from_str(p2).ok()?;
    walk(state, &v, 0)
}

/// True for `8-4-4-4-12` hex GUIDs.
fn looks_like_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `POST /interactions/work-items?pointOfContact=&workItemID=&workItemPayload=&workItemType=&from=` → 202 `{contactId}`.
pub fn work_item(state: &mut State, req: &Req, env: &Env) -> Reply {
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let field = |name: &str| -> Option<String> {
        req.q(name).map(str::to_string).or_else(|| {
            body.as_object()
                .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
                .and_then(|(_, v)| match v {
                    Value::String(s) if !s.is_empty() => Some(s.clone()),
                    Value::Null | Value::String(_) => None,
                    other => Some(other.to_string()),
                })
        })
    };
    let Some(name) = field("pointOfContact") else {
        return Reply::admin_error(400, "InvalidParameter", "pointOfContact is required");
    };
    if looks_like_guid(&name) {
        return Reply::admin_error(
            400,
            "InvalidPointOfContact",
            &format!(
                "Invalid point of contact {name:?}: pass the point of contact's name, not its id."
            ),
        );
    }
    let Some((poc, _)) = state.poc(&name).cloned() else {
        return Reply::admin_error(
            400,
            "InvalidPointOfContact",
            &format!("Invalid point of contact {name:?}: no point of contact has this name."),
        );
    };
    if !poc.active {
        return Reply::admin_error(
            400,
            "InvalidPointOfContact",
            &format!("Point of contact {:?} is not active.", poc.name),
        );
    }
    if poc.media != Media::Workitem {
        return Reply::admin_error(
            400,
            "InvalidPointOfContact",
            &format!(
                "Point of contact {:?} is not a work item point of contact ({}).",
                poc.name,
                poc.media.name()
            ),
        );
    }
    let id = state.new_contact_id();
    let mut custom = Vec::new();
    for (key, name) in [
        ("workItemID", "workItemId"),
        ("workItemPayload", "workItemPayload"),
        ("workItemType", "workItemType"),
    ] {
        if let Some(v) = field(key) {
            custom.push((name.to_string(), v));
        }
    }
    let contact = new_contact(
        id,
        Media::Workitem,
        Some(poc.name.clone()),
        field("from"),
        poc.address.clone(),
        custom,
        env,
    );
    state.contacts.insert(id, contact);
    dynamics::enqueue(state, id, poc.skill, env.now);
    Reply::json(202, &json!({"contactId": id}))
}

/// A fresh active contact with no history yet.
pub fn new_contact(
    id: u64,
    media: Media,
    poc: Option<String>,
    from: Option<String>,
    to: Option<String>,
    custom: Vec<(String, String)>,
    env: &Env,
) -> ContactRt {
    ContactRt {
        id,
        master: None,
        media,
        poc,
        from,
        to,
        skill: None,
        agent: None,
        active: true,
        abandoned: false,
        abandon_seconds: None,
        end_reason: None,
        queue_seconds: None,
        refused: false,
        start: env.now,
        end: None,
        history: Vec::new(),
        custom,
        escalation_skill: None,
        routing_delay_ms: None,
        route_at: None,
        case: None,
        updated: env.now,
    }
}

/// `POST /contacts/{id}/end` → 202; ends its spawned contacts too.
pub fn end_contact(state: &mut State, raw: &str, env: &Env) -> Reply {
    let id = match parse_id(raw, "contactId", ApiFamily::Admin) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match state.contacts.get(&id) {
        None => Reply::admin_error(
            404,
            "ContactNotFound",
            &format!("Contact {id} was not found."),
        ),
        Some(c) if !c.active => inactive(c),
        Some(_) => {
            dynamics::end(state, id, env.now, "Contact ended by API");
            Reply::empty(202)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::scenario::parse;
    use chrono::Utc;

    #[test]
    fn p2_names_a_skill_by_id_or_name() {
        let s = State::new(
            parse("skills: [{id: 4201, name: Billing Voice}]", "t", "t").unwrap(),
            Utc::now(),
        );
        assert_eq!(skill_from_params(&s, r#"[{"skillId":"4201"}]"#), Some(4201));
        assert_eq!(
            skill_from_params(&s, r#"{"routing":{"skill":"billing voice"}}"#),
            Some(4201)
        );
        assert_eq!(
            skill_from_params(&s, r#"[{"Params":"{\"skill_id\":4201}"}]"#),
            Some(4201)
        );
        assert_eq!(skill_from_params(&s, r#"{"skillId":9999}"#), None);
        assert_eq!(skill_from_params(&s, "not json"), None);
    }

    #[test]
    fn guids_are_recognised() {
        assert!(looks_like_guid("0c0a0001-5a4d-4b0c-8000-00000000107c"));
        assert!(!looks_like_guid("Callback WorkItem"));
    }
}
