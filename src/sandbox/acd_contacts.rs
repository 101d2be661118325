//! ACD contacts: `/contacts/active`, `/contacts/completed`, `/contacts/{id}`, its state history and custom data, and `/contact-state-descriptions`.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::faults::ApiFamily;
use super::http::{Env, Reply, Req, date_param, parse_id};
use super::paging;
use super::reltime::stamp;
use super::shape::{model, model_with};
use super::state::{ContactRt, State, secs_between};
use crate::cxone::models::{Contact, CustomDataItem, StateChange};

/// Sandbox numbering of contact states, with CXone-like categories.
pub const STATE_IDS: &[(&str, u32, &str)] = &[
    ("Abandoned", 1, "Ended"),
    ("Active", 4, "WithAgent"),
    ("EndContact", 5, "Ended"),
    ("Hold", 6, "WithAgent"),
    ("Inqueue", 10, "InQueue"),
    ("PostQueue", 11, "InIVR"),
    ("PreQueue", 12, "InIVR"),
    ("Routing", 13, "InQueue"),
    ("Parked", 14, "InQueue"),
    ("Interrupted", 15, "Ended"),
];

fn state_info(name: &str) -> (u32, &'static str) {
    STATE_IDS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or((0, "Unknown"), |(_, id, cat)| (*id, *cat))
}

/// One contact in the reporting shape (`GET /contacts/{id}`), active or completed.
pub fn contact_json(state: &State, c: &ContactRt, now: DateTime<Utc>) -> Value {
    let skill = c.skill.and_then(|id| state.skills.get(&id));
    let end = c.end.unwrap_or(now);
    let in_queue = c
        .queue_seconds
        .unwrap_or_else(|| c.seconds_in(&["Inqueue"], now));
    let m = Contact {
        contact_id: Some(c.id.to_string()),
        master_contact_id: Some(c.master.unwrap_or(c.id).to_string()),
        skill_id: c.skill.map(|s| s.to_string()),
        skill_name: skill.map(|k| k.spec.name.clone()),
        agent_id: c.agent.map(|a| a.to_string()),
        media_type_id: Some(f64::from(c.media.id())),
        state_name: Some(c.state_name().to_string()),
        point_of_contact_name: c.poc.clone(),
        from_addr: c.from.clone(),
        to_addr: c.to.clone(),
        abandoned: Some(c.abandoned),
        abandon_seconds: Some(if c.abandoned {
            c.abandon_seconds.unwrap_or(in_queue)
        } else {
            0.0
        }),
        in_queue_seconds: Some(in_queue),
        pre_queue_seconds: Some(c.seconds_in(&["PreQueue"], now)),
        agent_seconds: Some(c.seconds_in(&["Active", "Hold"], now)),
        end_reason: c.end_reason.clone(),
        is_refused: Some(c.refused),
        contact_start: Some(stamp(c.start)),
        // v30 sends no end: clients derive it (docs/cxone-api.md §11.4).
        contact_end: None,
        is_active: Some(c.active),
        last_update_time: Some(stamp(c.updated)),
        total_duration_seconds: Some(secs_between(c.start, end)),
    };
    let (state_id, category) = state_info(c.state_name());
    model_with(
        &m,
        json!({
            "mediaTypeName": c.media.name(),
            "pointOfContactId": c.poc.as_ref().and_then(|p| state.poc(p)).map(|(_, guid)| guid.clone()),
            "stateId": state_id,
            "contactStateCategory": category,
            "postQueueSeconds": c.seconds_in(&["PostQueue"], now),
            "businessUnitId": state.tenant.business_unit,
        }),
    )
}

fn find<'a>(state: &'a State, raw: &str) -> Result<&'a ContactRt, Reply> {
    let id = parse_id(raw, "contactId", ApiFamily::Reporting)?;
    state.contacts.get(&id).ok_or_else(|| {
        Reply::admin_error(
            404,
            "ContactNotFound",
            &format!("Contact {id} was not found."),
        )
    })
}

/// An id query parameter (`skillId`, `agentId`, `mediaTypeId`, `contactId`): digits, as
/// [`parse_id`] reads a path id.
fn number(req: &Req, name: &str) -> Result<Option<u64>, Reply> {
    req.q(name)
        .map(|v| parse_id(v.trim(), name, ApiFamily::Admin))
        .transpose()
}

struct Filters {
    skill: Option<u64>,
    agent: Option<u64>,
    media: Option<u64>,
    contact: Option<u64>,
}

impl Filters {
    fn read(req: &Req) -> Result<Filters, Reply> {
        Ok(Filters {
            skill: number(req, "skillId")?,
            agent: number(req, "agentId")?,
            media: number(req, "mediaTypeId")?,
            contact: number(req, "contactId")?,
        })
    }

    fn keep(&self, c: &ContactRt) -> bool {
        self.skill.is_none_or(|s| c.skill == Some(s))
            && self.agent.is_none_or(|a| c.agent == Some(a))
            && self.media.is_none_or(|m| u64::from(c.media.id()) == m)
            && self.contact.is_none_or(|id| c.id == id)
    }
}

fn listing(state: &State, req: &Req, env: &Env, key: &str, all: Vec<&ContactRt>) -> Reply {
    paging::acd(state, req, env, key, all, |c| {
        contact_json(state, c, env.now)
    })
}

/// `GET /contacts/active?skillId=&agentId=&mediaTypeId=&contactId=&updatedSince=&skip=&top=`.
pub fn active(state: &State, req: &Req, env: &Env) -> Reply {
    let (filters, since) = match (Filters::read(req), date_param(req, "updatedSince")) {
        (Ok(f), Ok(s)) => (f, s),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let all: Vec<&ContactRt> = state
        .contacts
        .values()
        .filter(|c| c.active && filters.keep(c))
        .filter(|c| since.is_none_or(|s| c.updated > s))
        .collect();
    if since.is_some() && all.is_empty() {
        return Reply::empty(304);
    }
    listing(state, req, env, "activeContacts", all)
}

/// `GET /contacts/completed?startDate=&endDate=&skillId=&agentId=&mediaTypeId=&skip=&top=` (by start time, oldest first).
pub fn completed(state: &State, req: &Req, env: &Env) -> Reply {
    let filters = match Filters::read(req) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (from, to) = match (date_param(req, "startDate"), date_param(req, "endDate")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return Reply::admin_error(400, "InvalidParameter", "startDate must be before endDate");
    }
    let mut all: Vec<&ContactRt> = state
        .contacts
        .values()
        .filter(|c| !c.active && filters.keep(c))
        .filter(|c| from.is_none_or(|a| c.start >= a) && to.is_none_or(|b| c.start < b))
        .collect();
    all.sort_by_key(|c| (c.start, c.id));
    listing(state, req, env, "completedContacts", all)
}

/// `GET /contacts/{id}`.
pub fn one(state: &State, raw: &str, env: &Env) -> Reply {
    match find(state, raw) {
        Ok(c) => Reply::json(200, &contact_json(state, c, env.now)),
        Err(r) => r,
    }
}

/// `GET /contacts/{id}/state-history` (an empty list when the contact has none).
pub fn state_history(state: &State, raw: &str, env: &Env) -> Reply {
    let c = match find(state, raw) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let rows: Vec<Value> = c
        .history
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let m = StateChange {
                state_index: Some(i as f64 + 1.0),
                contact_id: Some(c.id.to_string()),
                contact_state_name: Some(h.state.clone()),
                start_date: Some(stamp(h.start)),
                agent_id: h.agent.map(|a| a.to_string()),
                skill_id: h.skill.map(|s| s.to_string()),
                skill_name: h
                    .skill
                    .and_then(|s| state.skills.get(&s))
                    .map(|k| k.spec.name.clone()),
                duration: Some(h.seconds.unwrap_or_else(|| secs_between(h.start, env.now))),
            };
            let (id, category) = state_info(&h.state);
            model_with(
                &m,
                json!({
                    "contactStateId": id,
                    "contactStateCategory": category,
                    "mediaTypeId": c.media.id(),
                    "isWarehoused": false,
                }),
            )
        })
        .collect();
    Reply::json(
        200,
        &json!({"totalRecords": rows.len(), "contactStateHistory": rows}),
    )
}

/// `GET /contacts/{id}/custom-data`.
pub fn custom_data(state: &State, raw: &str) -> Reply {
    let c = match find(state, raw) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let items: Vec<Value> = c
        .custom
        .iter()
        .map(|(name, value)| {
            model(&CustomDataItem {
                name: Some(name.clone()),
                value: Some(value.clone()),
            })
        })
        .collect();
    Reply::json(200, &json!({"contactCustomData": items}))
}

/// `GET /contact-state-descriptions`.
pub fn state_descriptions() -> Reply {
    let rows: Vec<Value> = STATE_IDS
        .iter()
        .map(|(name, id, cat)| {
            json!({"contactStateId": id, "contactStateDescription": name, "contactStateCategory": cat})
        })
        .collect();
    Reply::json(
        200,
        &json!({"totalRecords": rows.len(), "contactStateDescriptions": rows}),
    )
}
