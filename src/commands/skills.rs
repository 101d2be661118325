//! Gathering what a skill judgment needs (skill, activity, agents, agent states), shared by every command that judges skills.
//!
//! Fetches go through the one client, concurrently, and each resource is read once per run:
//! a skill already known from `GET /skills` is not fetched again, activity already read in bulk
//! (`GET /skills/activity`, [`fetch_activity_all`]) is not read per skill, and agent states are
//! read once.

use chrono::{DateTime, Utc};

use crate::checks::agents::AgentStateIndex;
use crate::checks::queue::{self, Judgment, SkillInput};
use crate::config::rules::QueueRules;
use crate::cxone::call::Call;
use crate::cxone::client::Client;
use crate::cxone::error::{ApiError, Stage};
use crate::cxone::models::{AgentSkillAssignment, AgentState, Skill, SkillActivity};
use crate::cxone::pager::Listed;
use crate::cxone::paths::Endpoint;
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
    fetch_one_with(client, skill_id, known, ActivityRead::Fetch, None).data
}

/// How [`fetch_one_with`] gets a skill's activity.
#[derive(Debug, Clone)]
pub enum ActivityRead {
    /// `GET /skills/{id}/activity`.
    Fetch,
    /// `GET /skills/{id}/activity?updatedSince=SINCE` (delta polling): on 304 Not Modified
    /// `previous` is used (the caller ages it; see the `--watch` loop of queue-health).
    Since {
        /// The `lastPollTime` of the previous read.
        since: String,
        /// The activity that read returned.
        previous: Option<SkillActivity>,
    },
    /// Already read, e.g. in bulk by [`fetch_activity_all`]: used as is, nothing is sent.
    Known(Result<Option<SkillActivity>, ApiError>),
}

/// One skill's data and what its activity read said about polling.
#[derive(Debug)]
pub struct Fetched {
    /// The data to judge.
    pub data: SkillData,
    /// `lastPollTime` of a fresh `/skills/{id}/activity` answer (the next `updatedSince`);
    /// `None` when nothing fresh was read (304, known activity, or an error).
    pub activity_poll_time: Option<String>,
}

/// [`fetch_one`] with the activity read chosen by the caller, and the assignments when a bulk
/// `GET /agents/skills` read already has them (`None`: `GET /skills/{id}/agents` is sent).
pub fn fetch_one_with(
    client: &Client,
    skill_id: &str,
    known: Option<Skill>,
    read: ActivityRead,
    assignments: Option<Result<Vec<AgentSkillAssignment>, ApiError>>,
) -> Fetched {
    let skill = match known {
        Some(skill) => Ok(skill),
        None => client.skill(skill_id).map(|c| c.value),
    };
    if let Err(e) = &skill {
        return Fetched {
            data: SkillData {
                skill_id: skill_id.to_string(),
                activity: Err(e.clone()),
                assignments: Err(e.clone()),
                skill,
            },
            activity_poll_time: None,
        };
    }
    let mut activity_poll_time = None;
    let activity = match read {
        ActivityRead::Known(activity) => activity,
        ActivityRead::Fetch => client.skill_activity(skill_id, None).map(|c| {
            c.value
                .and_then(|list| own_entry(skill_id, list, &mut activity_poll_time))
        }),
        ActivityRead::Since { since, previous } => client
            .skill_activity(skill_id, Some(&since))
            .map(|c| match c.value {
                None => previous,
                Some(list) => own_entry(skill_id, list, &mut activity_poll_time),
            }),
    };
    let assignments = match assignments {
        Some(known) => known,
        None => client.skill_agents(skill_id).map(|c| c.value),
    };
    Fetched {
        data: SkillData {
            skill_id: skill_id.to_string(),
            skill,
            activity,
            assignments,
        },
        activity_poll_time,
    }
}

/// This skill's entry of an activity answer (else the first), noting its `lastPollTime`.
fn own_entry(
    skill_id: &str,
    list: crate::cxone::models::SkillActivityList,
    poll_time: &mut Option<String>,
) -> Option<SkillActivity> {
    *poll_time = list.last_poll_time;
    let entries = list.skill_activity;
    let at = entries
        .iter()
        .position(|a| a.skill_id.as_deref() == Some(skill_id))
        .unwrap_or(0);
    entries.into_iter().nth(at)
}

/// Every skill's activity from one paged read of `GET /skills/activity`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityAll {
    /// One entry per skill (with `updatedSince`: only the skills that changed).
    pub activity: Vec<SkillActivity>,
    /// `lastPollTime` of the first page: pass it back as `updatedSince`.
    pub last_poll_time: Option<String>,
}

impl ActivityAll {
    /// The entry of one skill.
    pub fn get(&self, skill_id: &str) -> Option<&SkillActivity> {
        self.activity
            .iter()
            .find(|a| a.skill_id.as_deref() == Some(skill_id))
    }
}

/// `GET /skills/activity?top=&skip=[&mediaTypeId=][&updatedSince=]`, every page: the activity
/// of every skill in a few requests instead of one per skill (Real-Time Data API).
/// `value` is `None` when the server answers 304 (nothing changed since `updated_since`).
/// A read that cannot be completed is an error: a skill missing from a partial read would
/// otherwise look unchanged or absent.
pub fn fetch_activity_all(
    client: &Client,
    media_type_id: Option<u32>,
    updated_since: Option<&str>,
) -> Result<Call<Option<ActivityAll>>, ApiError> {
    let ep = Endpoint::acd(&["skills", "activity"])
        .query_opt("mediaTypeId", media_type_id)
        .query_opt("updatedSince", updated_since);
    let call = client.list_acd::<SkillActivity>(&ep, "skillActivity")?;
    if call.value.not_modified {
        return Ok(call.map(|_| None));
    }
    let poll = call.value.last_poll_time.clone();
    Ok(call.whole(&ep)?.map(|activity| {
        Some(ActivityAll {
            activity,
            last_poll_time: poll,
        })
    }))
}

/// Read many skills concurrently on the client's bounded pool; results keep the input order.
pub fn fetch_many(client: &Client, skills: Vec<(String, Option<Skill>)>) -> Vec<SkillData> {
    client.map_concurrent(skills, |(id, known)| fetch_one(client, &id, known))
}

/// Read agent states once for the run, every page; `Err` (a failed or incomplete read) is
/// kept so judgments can fall back to activity counters.
pub fn fetch_agent_states(client: &Client) -> Result<Vec<AgentState>, ApiError> {
    let ep = Endpoint::acd(&["agents", "states"]);
    client.agent_states()?.whole(&ep).map(Call::into_value)
}

/// The index of an agent-states read: complete, or partial (absent agents unknown) with its gap.
pub fn states_index(read: &Listed<AgentState>) -> AgentStateIndex<'_> {
    match &read.gap {
        None => AgentStateIndex::new(&read.items),
        Some(gap) => AgentStateIndex::partial(&read.items, gap.clone()),
    }
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

/// [`judge`] with the run's agent-states read (`states`): a 403 on `/agents/states` makes every
/// skill that exists an `error` subject naming the Real-Time Data API permission, as a 403 on
/// its activity does; any other failure falls back to the activity counters. Subjects that
/// carry no label get the skill's name when it is known.
pub fn judge_with_states(
    data: &SkillData,
    states: Result<&AgentStateIndex<'_>, &ApiError>,
    rules: &QueueRules,
    now: DateTime<Utc>,
) -> (Option<Judgment>, Subject) {
    let (mut judgment, mut subject) = judge(data, states.ok(), rules, now);
    let not_found = judgment
        .as_ref()
        .is_some_and(|j| j.blocker == Some(queue::Blocker::NotFound));
    if let Err(e) = states
        && e.is_forbidden()
        && !not_found
        && !subject.errored
    {
        judgment = None;
        subject = queue::skill_forbidden_subject(&data.skill_id, &e.target());
    }
    if subject.label.is_none()
        && let Ok(Skill {
            skill_name: Some(name),
            ..
        }) = &data.skill
    {
        subject.label = Some(name.clone());
    }
    (judgment, subject)
}

/// An `error` subject for a skill whose data could not be read, carrying the API error's finding.
fn error_subject(skill_id: &str, err: &ApiError) -> Subject {
    let mut s = Subject::new("skill", skill_id);
    s.error(err.finding());
    s.finish();
    s
}

/// Judgments (for the diagnosis) and report subjects (for the "skills involved" table).
#[derive(Debug, Default)]
pub struct Judged {
    /// One per skill that could be judged.
    pub judgments: Vec<Judgment>,
    /// One per skill, in the order asked (an `error` subject when a read failed).
    pub subjects: Vec<Subject>,
}

/// Judge `skill_ids` (distinct, in order): skills and agent states are read concurrently,
/// each once. `Err` when an error means the run cannot go on (auth, network, deadline).
pub fn judge_skills(
    client: &Client,
    skill_ids: &[String],
    rules: &QueueRules,
    now: DateTime<Utc>,
) -> anyhow::Result<Judged> {
    if skill_ids.is_empty() {
        return Ok(Judged::default());
    }
    let wanted: Vec<(String, Option<_>)> = skill_ids.iter().map(|id| (id.clone(), None)).collect();
    let (data, states) = std::thread::scope(|scope| {
        let states = scope.spawn(|| fetch_agent_states(client));
        let data = fetch_many(client, wanted);
        (data, states.join())
    });
    let states = match states {
        Ok(states) => states,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    if let Some(e) = data.iter().find_map(first_fatal) {
        return Err(anyhow::Error::new(e.clone()));
    }
    let states = match states {
        Ok(list) => Some(list),
        Err(e) if is_fatal(&e) => return Err(anyhow::Error::new(e)),
        Err(_) => None,
    };
    let index = states.as_deref().map(AgentStateIndex::new);
    let mut judged = Judged::default();
    for d in &data {
        let (judgment, subject) = judge(d, index.as_ref(), rules, now);
        judged.judgments.extend(judgment);
        judged.subjects.push(subject);
    }
    Ok(judged)
}
