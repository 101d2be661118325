//! Gathering what a skill judgment needs (skill, activity, agents, agent states), shared by every command that judges skills.
//!
//! Fetches go through the one client, concurrently, and each resource is read once per run:
//! a skill already known from `GET /skills` is not fetched again, and agent states are read once.

use chrono::{DateTime, Utc};

use crate::checks::agents::AgentStateIndex;
use crate::checks::queue::{self, Judgment, SkillInput};
use crate::config::rules::QueueRules;
use crate::cxone::client::Client;
use crate::cxone::error::{ApiError, Stage};
use crate::cxone::models::{AgentSkillAssignment, AgentState, Skill, SkillActivity};
use crate::report::Subject;

/// Everything read for one skill; each part is its own result so one failure does not hide the rest.
#[derive(Debug)]
pub struct SkillData {
    /// The skill id asked about.
    pub skill_id: String,
    /// `GET /skills/{id}` (or the entry from `GET /skills`).
    pub skill: Result<Skill, ApiError>,
    /// `GET /skills/{id}/activity` (this skill's entry; `None` when absent).
    pub activity: Result<Option<SkillActivity>, ApiError>,
    /// `GET /skills/{id}/agents`.
    pub assignments: Result<Vec<AgentSkillAssignment>, ApiError>,
}

/// True when an error means the run cannot go on at all (auth refused, tenant unreachable),
/// rather than that one subject cannot be judged.
pub fn is_fatal(err: &ApiError) -> bool {
    use crate::cxone::error::ErrorKind as K;
    err.stage != Stage::Api
        || matches!(
            err.kind,
            K::Network | K::Unauthorized | K::Insecure | K::Deadline | K::Config
        )
}

/// Read one skill's data. `known` is the skill object when the caller already has it.
/// The activity and agents are skipped when the skill itself is missing.
pub fn fetch_one(client: &Client, skill_id: &str, known: Option<Skill>) -> SkillData {
    let skill = match known {
        Some(skill) => Ok(skill),
        None => client.skill(skill_id).map(|c| c.value),
    };
    if let Err(e) = &skill {
        return SkillData {
            skill_id: skill_id.to_string(),
            activity: Err(e.clone()),
            assignments: Err(e.clone()),
            skill,
        };
    }
    let activity = client.skill_activity(skill_id, None).map(|c| {
        c.value.and_then(|list| {
            let entries = list.skill_activity;
            let at = entries
                .iter()
                .position(|a| a.skill_id.as_deref() == Some(skill_id))
                .unwrap_or(0);
            entries.into_iter().nth(at)
        })
    });
    let assignments = client
        .skill_agents(skill_id)
        .map(|c| c.value.agent_skill_assignments);
    SkillData {
        skill_id: skill_id.to_string(),
        skill,
        activity,
        assignments,
    }
}

/// Read many skills concurrently on the client's bounded pool; results keep the input order.
pub fn fetch_many(client: &Client, skills: Vec<(String, Option<Skill>)>) -> Vec<SkillData> {
    client.map_concurrent(skills, |(id, known)| fetch_one(client, &id, known))
}

/// Read agent states once for the run; `Err` is kept so judgments can fall back to activity counters.
pub fn fetch_agent_states(client: &Client) -> Result<Vec<AgentState>, ApiError> {
    client.agent_states().map(|c| c.value.agent_states)
}

/// The first fatal error among the data, if any (the command should stop with exit 3).
pub fn first_fatal(data: &SkillData) -> Option<&ApiError> {
    [
        data.skill.as_ref().err(),
        data.activity.as_ref().err(),
        data.assignments.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    .find(|e| is_fatal(e))
}

/// Judge fetched data: a judgment when the skill could be judged (404 is judged as not found),
/// and the report subject either way (an `error` subject when a read failed).
pub fn judge(
    data: &SkillData,
    states: Option<&AgentStateIndex<'_>>,
    rules: &QueueRules,
    now: DateTime<Utc>,
) -> (Option<Judgment>, Subject) {
    let id = data.skill_id.as_str();
    let skill = match &data.skill {
        Ok(skill) => Some(skill),
        Err(e) if e.is_not_found() => None,
        Err(e) => return (None, error_subject(id, e)),
    };
    let activity = match (&data.activity, skill) {
        (_, None) => None,
        (Ok(activity), _) => activity.as_ref(),
        (Err(e), _) if e.is_forbidden() => {
            return (None, queue::skill_forbidden_subject(id, &e.target()));
        }
        (Err(e), _) if e.is_not_found() => None,
        (Err(e), _) => return (None, error_subject(id, e)),
    };
    let assignments = match (&data.assignments, skill) {
        (_, None) => None,
        (Ok(list), _) => Some(list.as_slice()),
        (Err(e), _) if e.is_not_found() => Some(&[][..]),
        (Err(e), _) => return (None, error_subject(id, e)),
    };
    let input = SkillInput {
        skill_id: id,
        skill,
        activity,
        assignments,
        agent_states: states,
        now,
    };
    let judgment = queue::judge_skill(&input, rules);
    let subject = queue::skill_subject(&judgment);
    (Some(judgment), subject)
}

/// An `error` subject for a skill whose data could not be read, carrying the API error's finding.
fn error_subject(skill_id: &str, err: &ApiError) -> Subject {
    let mut s = Subject::new("skill", skill_id);
    s.error(err.finding());
    s.finish();
    s
}
