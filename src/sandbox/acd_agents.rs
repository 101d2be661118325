//! ACD agents: `/skills/{id}/agents`, `/agents/states`, `/agents/{id}/states`, `/agents/{id}/skills`.

use serde_json::{Value, json};

use super::acd_skills::{find_skill, media_name};
use super::faults::ApiFamily;
use super::http::{Env, Reply, Req, date_param, parse_id};
use super::paging;
use super::reltime::stamp;
use super::shape::model_with;
use super::state::{AgentRt, State};
use crate::cxone::models::{AgentSkillAssignment, AgentState};

fn assignment_json(
    state: &State,
    a: &AgentRt,
    skill: u64,
    active: bool,
    proficiency: u32,
) -> Value {
    let k = state.skills.get(&skill);
    let m = AgentSkillAssignment {
        agent_id: Some(a.id.to_string()),
        agent_name: Some(format!("{} {}", a.first_name, a.last_name)),
        is_agent_active: Some(a.active),
        first_name: Some(a.first_name.clone()),
        last_name: Some(a.last_name.clone()),
        is_active: Some(a.active),
        is_skill_active: Some(active),
        agent_proficiency_value: Some(f64::from(proficiency)),
        skill_id: Some(skill.to_string()),
    };
    model_with(
        &m,
        json!({
            "userId": format!("user-{}", a.id),
            "agentProficiencyName": proficiency_name(proficiency),
            "skillName": k.map(|k| k.spec.name.clone()),
            "mediaTypeId": k.map(|k| k.spec.media.id()),
            "mediaTypeName": k.map(media_name),
            "teamName": a.team,
            "lastUpdateTime": stamp(a.since),
        }),
    )
}

fn proficiency_name(p: u32) -> &'static str {
    match p {
        0..=1 => "High",
        2..=10 => "Medium",
        _ => "Low",
    }
}

/// `GET /skills/{id}/agents` (every assignment, active or not).
pub fn agents(state: &State, raw: &str, req: &Req, env: &Env) -> Reply {
    let k = match find_skill(state, raw) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let id = k.spec.id;
    let all: Vec<Value> = state
        .agents
        .values()
        .flat_map(|a| {
            a.assignments
                .iter()
                .filter(move |x| x.skill == id)
                .map(move |x| (a, x))
        })
        .map(|(a, x)| assignment_json(state, a, id, x.active, x.proficiency))
        .collect();
    page_all(state, req, env, "agentSkillAssignments", all)
}

/// One page of `all` (paged like every CXone list).
fn page_all(state: &State, req: &Req, env: &Env, key: &str, all: Vec<Value>) -> Reply {
    paging::acd(state, req, env, key, all, |v| v)
}

/// `GET /agents/skills?isActive=&isAgentActive=&isSkillActive=&mediaTypeId=`: every agent's
/// assignments (docs/cxone-api.md §11.2), in agent then skill order.
pub fn all_agent_skills(state: &State, req: &Req, env: &Env) -> Reply {
    let flag = |name: &str| -> Result<Option<bool>, Reply> {
        match req.q(name).map(str::to_ascii_lowercase).as_deref() {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(v) => Err(Reply::admin_error(
                400,
                "InvalidParameter",
                &format!("{name} must be true or false, not {v:?}"),
            )),
        }
    };
    let (active, agent_active, skill_active) = match (
        flag("isActive"),
        flag("isAgentActive"),
        flag("isSkillActive"),
    ) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return r,
    };
    let media: Option<u32> = match req.q("mediaTypeId").map(|v| v.trim().parse()) {
        None => None,
        Some(Ok(m)) => Some(m),
        Some(Err(_)) => {
            return Reply::admin_error(400, "InvalidParameter", "mediaTypeId must be a number");
        }
    };
    let rows: Vec<(&AgentRt, u64, bool, u32)> = state
        .agents
        .values()
        .flat_map(|a| {
            a.assignments
                .iter()
                .map(move |x| (a, x.skill, x.active, x.proficiency))
        })
        .filter(|(_, _, on, _)| active.is_none_or(|want| *on == want))
        .filter(|(a, _, _, _)| agent_active.is_none_or(|want| a.active == want))
        .filter(|(_, k, _, _)| {
            let skill = state.skills.get(k);
            skill_active.is_none_or(|want| skill.is_some_and(|s| s.spec.active == want))
                && media.is_none_or(|m| skill.is_some_and(|s| s.spec.media.id() == m))
        })
        .collect();
    paging::acd(
        state,
        req,
        env,
        "agentSkillAssignments",
        rows,
        |(a, k, on, p)| assignment_json(state, a, k, on, p),
    )
}

/// Sandbox numbering of agent states (unknown names get 99).
pub fn agent_state_id(name: &str) -> u32 {
    const IDS: &[(&str, u32)] = &[
        ("LoggedOut", 0),
        ("Available", 1),
        ("Unavailable", 2),
        ("InboundContact", 3),
        ("OutboundContact", 4),
        ("InboundConsult", 5),
        ("OutboundConsult", 6),
        ("Dialer", 7),
        ("LoggedIn", 8),
        ("Working", 9),
    ];
    IDS.iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or(99, |(_, id)| *id)
}

fn agent_state_json(state: &State, a: &AgentRt) -> Value {
    let skill = a.skill.and_then(|id| state.skills.get(&id));
    let m = AgentState {
        agent_id: Some(a.id.to_string()),
        agent_state_name: Some(a.state.clone()),
        skill_id: a.skill.map(|s| s.to_string()),
        contact_id: a.contact.map(|c| c.to_string()),
        out_state_description: a.out_state.clone(),
        is_acw: Some(a.acw),
        last_update_time: Some(stamp(a.since)),
    };
    model_with(
        &m,
        json!({
            "agentStateId": agent_state_id(&a.state),
            "firstName": a.first_name,
            "lastName": a.last_name,
            "skillName": skill.map(|k| k.spec.name.clone()),
            "mediaTypeId": skill.map(|k| k.spec.media.id()),
            "teamName": a.team,
            "startDate": stamp(a.since),
            "openContacts": u32::from(a.contact.is_some()),
        }),
    )
}

/// `GET /agents/states?updatedSince=` (304 when no agent changed since).
pub fn agent_states(state: &State, req: &Req, env: &Env) -> Reply {
    let since = match date_param(req, "updatedSince") {
        Ok(s) => s,
        Err(r) => return r,
    };
    let all: Vec<Value> = state
        .agents
        .values()
        .filter(|a| since.is_none_or(|s| a.since > s))
        .map(|a| agent_state_json(state, a))
        .collect();
    if since.is_some() && all.is_empty() {
        return Reply::empty(304);
    }
    page_all(state, req, env, "agentStates", all)
}

fn find_agent<'a>(state: &'a State, raw: &str) -> Result<&'a AgentRt, Reply> {
    let id = parse_id(raw, "agentId", ApiFamily::Admin)?;
    state.agents.get(&id).ok_or_else(|| {
        Reply::admin_error(404, "AgentNotFound", &format!("Agent {id} was not found."))
    })
}

/// `GET /agents/{id}/states`.
pub fn agent_state(state: &State, raw: &str, env: &Env) -> Reply {
    match find_agent(state, raw) {
        Ok(a) => Reply::json(
            200,
            &json!({"lastPollTime": stamp(env.now), "agentStates": [agent_state_json(state, a)]}),
        ),
        Err(r) => r,
    }
}

/// `GET /agents/{id}/skills`.
pub fn agent_skills(state: &State, raw: &str, req: &Req, env: &Env) -> Reply {
    let a = match find_agent(state, raw) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let all = a
        .assignments
        .iter()
        .map(|x| assignment_json(state, a, x.skill, x.active, x.proficiency))
        .collect();
    page_all(state, req, env, "agentSkillAssignments", all)
}
