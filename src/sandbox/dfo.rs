//! Digital Engagement (DFO 3.0): cases, their messages paged with `scrollToken`, channels, and inbound BYOC messages that create or extend a case.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::dynamics;
use super::faults::ApiFamily;
use super::http::{Env, Reply, Req, parse_id};
use super::interactions::new_contact;
use super::paging;
use super::reltime::stamp;
use super::scenario::{Author, Media};
use super::shape::model_with;
use super::state::{Assignee, CaseRt, MessageRt, State};
use crate::cxone::models::{DfoContact, DfoMessage, DfoUser};

fn user(state: &State, who: Assignee) -> Option<DfoUser> {
    match who {
        Assignee::Nobody => None,
        Assignee::Bot => Some(DfoUser {
            id: Some(state.bot.id.clone()),
            first_name: Some(state.bot.first_name.clone()),
            surname: Some(state.bot.surname.clone()),
            is_bot_user: Some(true),
            is_survey_user: Some(false),
        }),
        Assignee::Agent(id) => {
            let a = state.agents.get(&id);
            Some(DfoUser {
                id: Some(format!("user-{id}")),
                first_name: a.map(|a| a.first_name.clone()),
                surname: a.map(|a| a.last_name.clone()),
                is_bot_user: Some(false),
                is_survey_user: Some(false),
            })
        }
    }
}

/// A case as `GET /dfo/3.0/contacts/{n}` serves it.
pub fn case_json(state: &State, c: &CaseRt) -> Value {
    let m = DfoContact {
        id: Some(c.number.to_string()),
        contact_id: c.contact_id.map(|id| id.to_string()),
        interaction_id: Some(c.interaction_id.clone()),
        channel_id: Some(c.channel.clone()),
        status: Some(c.status.clone()),
        routing_queue_id: c
            .routing_queue_id
            .clone()
            .or_else(|| c.routing_queue.map(|k| queue_of_skill(state, k).0)),
        inbox_assignee_user: user(state, c.assignee),
        created_at: Some(stamp(c.created)),
        status_updated_at: Some(stamp(c.status_updated)),
    };
    let mut v = model_with(
        &m,
        json!({
            "threadId": c.thread_id,
            "direction": "inbound",
            "customFields": [],
            "endUser": {"idOnExternalPlatform": c.customer_id, "fullName": c.customer},
            "routingQueuePriority": 0,
        }),
    );
    // DFO ids are strings.
    v["id"] = json!(c.number.to_string());
    v
}

fn message_json(state: &State, c: &CaseRt, m: &MessageRt) -> Value {
    let (direction, author) = match m.author {
        Author::Customer => ("inbound", None),
        Author::Bot => ("outbound", user(state, Assignee::Bot)),
        Author::Agent => (
            "outbound",
            m.agent.and_then(|a| user(state, Assignee::Agent(a))),
        ),
        Author::Survey => (
            "outbound",
            Some(DfoUser {
                id: Some("survey-user".into()),
                first_name: Some("Survey".into()),
                surname: Some("Bot".into()),
                is_bot_user: Some(false),
                is_survey_user: Some(true),
            }),
        ),
    };
    let msg = DfoMessage {
        id: Some(m.id.clone()),
        direction: Some(direction.into()),
        created_at: Some(stamp(m.at)),
        author_user: author,
        message_content: Some(json!({"type": "TEXT", "payload": {"text": m.text}})),
    };
    let mut extra = json!({"threadId": c.thread_id, "caseId": c.number.to_string()});
    if m.author == Author::Customer {
        extra["authorEndUserIdentity"] =
            json!({"idOnExternalPlatform": c.customer_id, "fullName": c.customer});
    }
    model_with(&msg, extra)
}

fn find<'a>(state: &'a State, raw: &str) -> Result<&'a CaseRt, Reply> {
    let n = parse_id(raw, "contactNumber", ApiFamily::Digital)?;
    state.cases.get(&n).ok_or_else(|| {
        Reply::dfo_error(
            404,
            "ContactNotFound",
            &format!("Contact {n} was not found"),
            Some("contactNumber"),
        )
    })
}

/// `GET /dfo/3.0/contacts/{n}`.
pub fn case(state: &State, raw: &str) -> Reply {
    match find(state, raw) {
        Ok(c) => Reply::json(200, &case_json(state, c)),
        Err(r) => r,
    }
}

fn token_for(number: u64, offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("sbx:{number}:{offset}"))
}

fn offset_from(token: &str, number: u64) -> Option<usize> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let mut parts = text.split(':');
    (parts.next()? == "sbx").then_some(())?;
    (parts.next()?.parse::<u64>().ok()? == number).then_some(())?;
    parts.next()?.parse().ok()
}

/// `GET /dfo/3.0/contacts/{n}/messages?scrollToken=`: `{hits, data, scrollToken?}`, oldest first, `page_size` per page.
pub fn messages(state: &State, raw: &str, req: &Req) -> Reply {
    let c = match find(state, raw) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let offset = match req.q("scrollToken") {
        None => 0,
        Some(t) => match offset_from(t, c.number).filter(|o| *o <= c.messages.len()) {
            Some(o) => o,
            None => {
                return Reply::dfo_error(
                    400,
                    "InvalidScrollToken",
                    "The scrollToken is not valid for this contact",
                    Some("scrollToken"),
                );
            }
        },
    };
    let end = (offset + c.page_size).min(c.messages.len());
    let data: Vec<Value> = c.messages[offset..end]
        .iter()
        .map(|m| message_json(state, c, m))
        .collect();
    let mut body = json!({"hits": c.messages.len(), "data": data});
    if end < c.messages.len() {
        body["scrollToken"] = json!(token_for(c.number, end));
    }
    Reply::json(200, &body)
}

/// The routing queue of `skill`: the scenario's `routing_queues:` entry, else a UUID derived
/// from the skill id, named after the skill. `(id, name, subqueue)`.
pub fn queue_of_skill(state: &State, skill: u64) -> (String, String, bool) {
    if let Some(q) = state
        .scenario
        .routing_queues
        .iter()
        .find(|q| q.skill == skill)
    {
        return (q.id.clone(), q.name.clone(), q.subqueue);
    }
    let name = state
        .skills
        .get(&skill)
        .map_or_else(|| format!("Queue {skill}"), |k| k.spec.name.clone());
    (derived_queue_id(skill), name, false)
}

/// A stable UUID-shaped routing queue id for a skill without a listed queue.
pub fn derived_queue_id(skill: u64) -> String {
    format!("5a0d1e00-0000-4000-8000-{:012x}", skill % (1 << 48))
}

/// `GET /dfo/3.0/routing-queues?id[]=…&page=&size=`: `{data: [{id, name, isSubqueue, skillId}], totalRecords}`.
pub fn routing_queues(state: &State, req: &Req) -> Reply {
    let wanted: Vec<&str> = req
        .query
        .iter()
        .filter(|(k, _)| k == "id[]" || k == "id")
        .map(|(_, v)| v.as_str())
        .collect();
    let mut all: Vec<Value> = state
        .scenario
        .routing_queues
        .iter()
        .map(|q| (q.id.clone(), q.name.clone(), q.subqueue, q.skill))
        .chain(
            state
                .skills
                .keys()
                .filter(|k| !state.scenario.routing_queues.iter().any(|q| q.skill == **k))
                .map(|k| {
                    let (id, name, sub) = queue_of_skill(state, *k);
                    (id, name, sub, *k)
                }),
        )
        .filter(|(id, ..)| wanted.is_empty() || wanted.contains(&id.as_str()))
        .map(|(id, name, sub, skill)| {
            json!({"id": id, "name": name, "isSubqueue": sub, "skillId": skill.to_string()})
        })
        .collect();
    all.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    paging::dfo(state, req, all)
}

/// `GET /dfo/3.0/channels?page=&size=`: a bare list of channels (docs/cxone-api.md §4.2: NICE's SDK
/// reads the answer as an array, the spec-derived client types it `Array<ChannelV2>`), paged
/// with `page`/`size` and no total.
pub fn channels(state: &State, req: &Req) -> Reply {
    let list: Vec<Value> = state
        .channels
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name.clone().unwrap_or_else(|| c.id.clone()),
                "channelIntegrationId": c.id,
                "defaultSkillId": c.skill,
                "studioScript": c.script,
                "isLiveChat": c.live_chat,
                "isPrivate": !c.live_chat,
                "isActive": c.active,
            })
        })
        .collect();
    paging::dfo_bare(state, req, list)
}

fn text_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(v, |v, k| v.get(*k))?
        .as_str()
        .filter(|s| !s.is_empty())
}

/// `POST /dfo/3.0/channels/{id}/messages`: an inbound BYOC message; creates a case (and its ACD contact, queued on the channel's skill) or extends the open case of the thread.
pub fn inbound(state: &mut State, channel: &str, req: &Req, env: &Env) -> Reply {
    let Some(ch) = state.channels.iter().find(|c| c.id == channel).cloned() else {
        return Reply::dfo_error(
            404,
            "ChannelNotFound",
            &format!("Channel {channel} was not found"),
            Some("channelId"),
        );
    };
    let body: Value = match serde_json::from_slice(&req.body) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            return Reply::dfo_error(
                400,
                "InvalidRequest",
                "The body must be a JSON object",
                None,
            );
        }
    };
    if let Some(d) = text_at(&body, &["direction"])
        && !d.eq_ignore_ascii_case("inbound")
    {
        return Reply::dfo_error(
            400,
            "InvalidRequest",
            "Only inbound messages can be created on this channel",
            Some("direction"),
        );
    }
    let Some(thread) = text_at(&body, &["thread", "idOnExternalPlatform"]).map(str::to_string)
    else {
        return Reply::dfo_error(
            400,
            "InvalidRequest",
            "thread.idOnExternalPlatform is required",
            Some("thread.idOnExternalPlatform"),
        );
    };
    let Some(author) =
        text_at(&body, &["authorEndUserIdentity", "idOnExternalPlatform"]).map(str::to_string)
    else {
        return Reply::dfo_error(
            400,
            "InvalidRequest",
            "authorEndUserIdentity.idOnExternalPlatform is required",
            Some("authorEndUserIdentity.idOnExternalPlatform"),
        );
    };
    if body.get("messageContent").is_none() {
        return Reply::dfo_error(
            400,
            "InvalidRequest",
            "messageContent is required",
            Some("messageContent"),
        );
    }
    let text = text_at(&body, &["messageContent", "payload", "text"])
        .or_else(|| text_at(&body, &["messageContent", "text"]))
        .unwrap_or("")
        .to_string();
    let name = text_at(&body, &["authorEndUserIdentity", "fullName"])
        .map(str::to_string)
        .or_else(|| {
            let first = text_at(&body, &["authorEndUserIdentity", "firstName"]).unwrap_or("");
            let last = text_at(&body, &["authorEndUserIdentity", "lastName"]).unwrap_or("");
            Some(format!("{first} {last}").trim().to_string()).filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| author.clone());
    let skill = body
        .pointer("/contact/skillId")
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .filter(|s| state.skills.contains_key(s))
        .unwrap_or(ch.skill);

    let open = state
        .cases
        .values()
        .find(|c| {
            c.channel == ch.id
                && c.thread_id == thread
                && !["resolved", "closed", "trashed"].contains(&c.status.as_str())
        })
        .map(|c| c.number);
    let number = match open {
        Some(n) => n,
        None => {
            let mut n = state.next_case;
            while state.cases.contains_key(&n) {
                n = n.wrapping_add(1);
            }
            state.next_case = n.wrapping_add(1);
            let contact = state.new_contact_id();
            let mut acd = new_contact(
                contact,
                Media::Digital,
                Some(ch.name.clone().unwrap_or_else(|| ch.id.clone())),
                Some(author.clone()),
                None,
                Vec::new(),
                env,
            );
            acd.case = Some(n);
            state.contacts.insert(contact, acd);
            state.cases.insert(
                n,
                CaseRt {
                    number: n,
                    contact_id: Some(contact),
                    interaction_id: format!("{}-int-{n}", state.tenant.business_unit),
                    channel: ch.id.clone(),
                    status: "new".into(),
                    routing_queue: Some(skill),
                    routing_queue_id: None,
                    assignee: Assignee::Nobody,
                    thread_id: thread.clone(),
                    created: env.now,
                    status_updated: env.now,
                    customer: name,
                    customer_id: author,
                    page_size: 25,
                    messages: Vec::new(),
                },
            );
            dynamics::enqueue(state, contact, skill, env.now);
            n
        }
    };
    let Some(case) = state.cases.get_mut(&number) else {
        return Reply::dfo_error(500, "InternalError", "case vanished", None);
    };
    let id = body
        .get("idOnExternalPlatform")
        .and_then(Value::as_str)
        .map_or_else(
            || format!("{number}-{:05}", case.messages.len() + 1),
            str::to_string,
        );
    case.messages.push(MessageRt {
        id,
        author: Author::Customer,
        agent: None,
        text,
        at: env.now,
    });
    let case = &state.cases[&number];
    let message = case
        .messages
        .last()
        .map_or(Value::Null, |m| message_json(state, case, m));
    Reply::json(
        200,
        &json!({"consumerContact": case_json(state, case), "message": message}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scroll_tokens_round_trip_and_are_case_bound() {
        let t = token_for(42, 100);
        assert_eq!(offset_from(&t, 42), Some(100));
        assert_eq!(offset_from(&t, 43), None);
        assert_eq!(offset_from("garbage", 42), None);
    }
}
