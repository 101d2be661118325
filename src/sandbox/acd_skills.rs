//! ACD skills: `/skills`, `/skills/{id}`, `/skills/{id}/activity`, `/skills/activity`, plus `/apiversion` and `/points-of-contact`.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::faults::ApiFamily;
use super::http::{Env, Reply, Req, date_param, parse_id};
use super::paging;
use super::reltime::{millis, stamp};
use super::shape::model_with;
use super::state::{AgentRt, SkillRt, State};
use crate::cxone::models::{Skill, SkillActivity};

/// One skill as `GET /skills/{id}` serves it.
pub fn skill_json(k: &SkillRt, bu: u64) -> Value {
    let s = &k.spec;
    let m = Skill {
        skill_id: Some(s.id.to_string()),
        skill_name: Some(s.name.clone()),
        media_type_id: Some(f64::from(s.media.id())),
        media_type_name: Some(media_name(k)),
        is_active: Some(s.active),
        campaign_name: s.campaign.clone(),
        is_outbound: Some(s.outbound),
        script_name: s.script.clone(),
        service_level_goal: Some(s.service_level_goal),
        service_level_threshold: Some(s.service_level_threshold),
    };
    model_with(
        &m,
        json!({
            "businessUnitId": bu,
            "requireManualAccept": false,
            "maxSecondsACW": 30,
            "routingQueueId": s.id,
            "lastUpdateTime": stamp(k.updated),
        }),
    )
}

/// The media type name a skill serves.
pub(super) fn media_name(k: &SkillRt) -> String {
    k.spec
        .media_type_name
        .clone()
        .unwrap_or_else(|| k.spec.media.name().to_string())
}

/// Agents with an active assignment to `skill` whose user is active.
fn staffed(state: &State, skill: u64) -> impl Iterator<Item = &AgentRt> {
    state
        .agents
        .values()
        .filter(move |a| a.active && a.assigned_active(skill))
}

/// Live activity of one skill.
pub fn activity_json(state: &State, k: &SkillRt, now: DateTime<Utc>) -> Value {
    let s = &k.spec;
    let a = &s.activity;
    let queued: Vec<DateTime<Utc>> = state
        .contacts
        .values()
        .filter(|c| c.active && c.skill == Some(s.id) && c.state_name() == "Inqueue")
        .filter_map(|c| c.history.last().map(|h| h.start))
        .collect();
    let on_skill = state
        .contacts
        .values()
        .filter(|c| c.active && c.skill == Some(s.id))
        .count() as u32;
    // The scenario's oldest wait is an age "now": the background queue is steady.
    let steady = a.oldest_wait_s.map(|s| now - millis(s));
    let earliest = steady.into_iter().chain(queued.iter().copied()).min();
    let count = |f: &dyn Fn(&AgentRt) -> bool| staffed(state, s.id).filter(|x| f(x)).count() as u32;
    let available = a
        .agents_available
        .unwrap_or_else(|| count(&|x| x.available()));
    let unavailable = a
        .agents_unavailable
        .unwrap_or_else(|| count(&|x| x.state.eq_ignore_ascii_case("Unavailable")));
    let logged_in = a
        .agents_logged_in
        .unwrap_or_else(|| count(&|x| x.logged_in()));
    let working = a.agents_working.unwrap_or_else(|| {
        count(&|x| {
            x.logged_in()
                && !x.available()
                && !x.state.eq_ignore_ascii_case("Unavailable")
                && !x.state.eq_ignore_ascii_case("LoggedIn")
        })
    });
    let acw = a
        .agents_acw
        .unwrap_or_else(|| count(&|x| x.logged_in() && x.acw));
    let queue = a.queue + queued.len() as u32;
    let m = SkillActivity {
        skill_id: Some(s.id.to_string()),
        skill_name: Some(s.name.clone()),
        is_active: Some(s.active),
        queue_count: Some(u64::from(queue)),
        earliest_queue_time: earliest.filter(|_| queue > 0).map(stamp),
        agents_available: Some(u64::from(available)),
        agents_idle: Some(u64::from(a.agents_idle.unwrap_or(available))),
        agents_logged_in: Some(u64::from(logged_in)),
        agents_unavailable: Some(u64::from(unavailable)),
        agents_working: Some(u64::from(working)),
        agents_acw: Some(u64::from(acw)),
        contacts_active: Some(
            u64::from(a.contacts_active.unwrap_or(a.queue)) + u64::from(on_skill),
        ),
        service_level: Some(a.service_level.unwrap_or(100.0)),
        service_level_goal: Some(s.service_level_goal),
        server_time: Some(stamp(now)),
    };
    model_with(
        &m,
        json!({
            "mediaTypeId": s.media.id(),
            "mediaTypeName": media_name(k),
            "campaignName": s.campaign,
            "isOutbound": s.outbound,
            "skillQueueCount": queue,
            "personalQueueCount": 0,
            "parkedCount": 0,
            "serviceLevelThreshold": s.service_level_threshold,
        }),
    )
}

/// Skill `raw` or the 400/404 to send.
pub(super) fn find_skill<'a>(state: &'a State, raw: &str) -> Result<&'a SkillRt, Reply> {
    let id = parse_id(raw, "skillId", ApiFamily::Admin)?;
    state.skills.get(&id).ok_or_else(|| {
        Reply::admin_error(404, "SkillNotFound", &format!("Skill {id} was not found."))
    })
}

fn media_filter(req: &Req) -> Result<Option<u32>, Reply> {
    match req.q("mediaTypeId") {
        None => Ok(None),
        Some(v) => v.trim().parse().map(Some).map_err(|_| {
            Reply::admin_error(
                400,
                "InvalidParameter",
                &format!("mediaTypeId must be a number, not {v:?}"),
            )
        }),
    }
}

/// `GET /skills?mediaTypeId=&isActive=&searchString=&skip=&top=`.
pub fn list(state: &State, req: &Req, env: &Env) -> Reply {
    let media = match media_filter(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let active = match req.q("isActive").map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(v) => {
            return Reply::admin_error(
                400,
                "InvalidParameter",
                &format!("isActive must be true or false, not {v:?}"),
            );
        }
    };
    let search = req.q("searchString").map(str::to_lowercase);
    let all: Vec<&SkillRt> = state
        .skills
        .values()
        .filter(|k| media.is_none_or(|m| k.spec.media.id() == m))
        .filter(|k| active.is_none_or(|a| k.spec.active == a))
        .filter(|k| {
            search
                .as_ref()
                .is_none_or(|s| k.spec.name.to_lowercase().contains(s))
        })
        .collect();
    let bu = state.tenant.business_unit;
    paging::acd(state, req, env, "skills", all, |k| skill_json(k, bu))
}

/// `GET /skills/{id}`.
pub fn one(state: &State, raw: &str) -> Reply {
    match find_skill(state, raw) {
        Ok(k) => Reply::json(200, &skill_json(k, state.tenant.business_unit)),
        Err(r) => r,
    }
}

/// `GET /skills/{id}/activity?updatedSince=` (304 when nothing changed since).
pub fn activity(state: &State, raw: &str, req: &Req, env: &Env) -> Reply {
    let k = match find_skill(state, raw) {
        Ok(k) => k,
        Err(r) => return r,
    };
    match date_param(req, "updatedSince") {
        Err(r) => return r,
        Ok(Some(since)) if k.updated <= since => return Reply::empty(304),
        Ok(_) => {}
    }
    Reply::json(
        200,
        &json!({
            "businessUnitId": state.tenant.business_unit,
            "lastPollTime": stamp(env.now),
            "totalRecords": 1,
            "skillActivity": [activity_json(state, k, env.now)],
        }),
    )
}

/// `GET /skills/activity?updatedSince=&mediaTypeId=&skip=&top=`.
pub fn activity_all(state: &State, req: &Req, env: &Env) -> Reply {
    let media = match media_filter(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let since = match date_param(req, "updatedSince") {
        Ok(s) => s,
        Err(r) => return r,
    };
    let all: Vec<&SkillRt> = state
        .skills
        .values()
        .filter(|k| media.is_none_or(|m| k.spec.media.id() == m))
        .filter(|k| since.is_none_or(|s| k.updated > s))
        .collect();
    if since.is_some() && all.is_empty() {
        return Reply::empty(304);
    }
    paging::acd(state, req, env, "skillActivity", all, |k| {
        activity_json(state, k, env.now)
    })
}

/// `GET /apiversion?searchUriText=&verb=`: the routes this sandbox serves.
pub fn api_version(req: &Req) -> Reply {
    const ROUTES: &[(&str, &str)] = &[
        ("/skills", "GET"),
        ("/skills/{skillId}", "GET"),
        ("/skills/{skillId}/agents", "GET"),
        ("/skills/activity", "GET"),
        ("/skills/{skillId}/activity", "GET"),
        ("/agents/states", "GET"),
        ("/agents/{agentId}/states", "GET"),
        ("/agents/{agentId}/skills", "GET"),
        ("/agents/skills", "GET"),
        ("/contacts/active", "GET"),
        ("/contacts/completed", "GET"),
        ("/contacts/{contactId}", "GET"),
        ("/contacts/{contactId}/state-history", "GET"),
        ("/contacts/{contactId}/custom-data", "GET"),
        ("/contacts/{contactId}/end", "POST"),
        ("/contact-state-descriptions", "GET"),
        ("/points-of-contact", "GET"),
        ("/interactions/{contactId}/signal", "POST"),
        ("/interactions/work-items", "POST"),
    ];
    let search = req.q("searchUriText").map(str::to_ascii_lowercase);
    let verb = req.q("verb");
    let info: Vec<Value> = ROUTES
        .iter()
        .filter(|(uri, _)| {
            search
                .as_ref()
                .is_none_or(|s| uri.to_ascii_lowercase().contains(s))
        })
        .filter(|(_, v)| verb.is_none_or(|x| x.eq_ignore_ascii_case(v)))
        .map(|(uri, v)| json!({"uri": uri, "version": "v34.0", "verb": v}))
        .collect();
    Reply::json(200, &json!({"apiInfo": info}))
}

/// `GET /points-of-contact?mediaTypeId=&skip=&top=`.
pub fn points_of_contact(state: &State, req: &Req, env: &Env) -> Reply {
    let media = match media_filter(req) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let all: Vec<Value> = state
        .pocs
        .iter()
        .filter(|(p, _)| media.is_none_or(|m| p.media.id() == m))
        .map(|(p, guid)| {
            json!({
                "pointOfContactId": guid,
                "pointOfContactName": p.name,
                "contactCode": guid,
                "contactDescription": p.name,
                "contactAddress": p.address,
                "defaultSkillId": p.skill,
                "mediaTypeId": p.media.id(),
                "mediaTypeName": p.media.name(),
                "scriptName": p.script,
                "isActive": p.active,
            })
        })
        .collect();
    paging::acd(state, req, env, "pointsOfContact", all, |v| v)
}
