//! Who can answer a skill: agent-state classification and the join of a skill's assignments with the run's agent states.

use std::collections::{HashMap, HashSet};

use crate::cxone::models::{AgentSkillAssignment, AgentState, SkillActivity};

pub use crate::report::facts::{AgentCategory, CountSource};
use crate::report::facts::{AgentFact, Num};

/// Classify a state name, case-insensitively and ignoring `_`, `-` and spaces.
/// Unknown names are [`AgentCategory::Other`], never an error.
pub fn classify_state(name: &str) -> AgentCategory {
    let norm: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match norm.as_str() {
        "available" | "agentstateawaitingcontacts" => AgentCategory::Available,
        "inboundcontact"
        | "outboundcontact"
        | "inboundconsult"
        | "outboundconsult"
        | "dialer"
        | "working"
        | "agentstateworkingcontacts" => AgentCategory::Working,
        "unavailable" | "agentstateunavailable" => AgentCategory::Unavailable,
        "loggedout" | "agentstateended" => AgentCategory::LoggedOut,
        _ => AgentCategory::Other,
    }
}

/// The run's agent states, indexed by agent id once and shared by every skill's join.
#[derive(Debug, Default)]
pub struct AgentStateIndex<'a> {
    by_id: HashMap<&'a str, &'a AgentState>,
    /// Why the read is incomplete; `None` when every page was read.
    gap: Option<String>,
}

impl<'a> AgentStateIndex<'a> {
    /// Index a complete read of `states` by agent id (entries without an id are skipped; a
    /// later entry wins): an agent with no entry is logged out.
    pub fn new(states: &'a [AgentState]) -> Self {
        let by_id = states
            .iter()
            .filter_map(|s| s.agent_id.as_deref().map(|id| (id, s)))
            .collect();
        AgentStateIndex { by_id, gap: None }
    }

    /// Index a read that was cut short (`gap` says why): an agent with no entry is unknown.
    pub fn partial(states: &'a [AgentState], gap: impl Into<String>) -> Self {
        AgentStateIndex {
            gap: Some(gap.into()),
            ..AgentStateIndex::new(states)
        }
    }

    /// Why the read is incomplete, when it is.
    pub fn gap(&self) -> Option<&str> {
        self.gap.as_deref()
    }

    /// The state of one agent.
    pub fn get(&self, agent_id: &str) -> Option<&'a AgentState> {
        self.by_id.get(agent_id).copied()
    }

    /// How many agents have a state.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when no agent has a state.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Agent counts of one skill; `None` means unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentCounts {
    /// Distinct agents assigned to the skill.
    pub assigned: Option<u64>,
    /// Assigned agents whose user and skill assignment are both active (unknown counts as active).
    pub assigned_active: Option<u64>,
    /// Assigned agents whose user is inactive.
    pub inactive_users: Option<u64>,
    /// Assigned agents whose skill assignment is inactive (user active).
    pub inactive_assignments: Option<u64>,
    /// Logged in (every category but logged out).
    pub logged_in: Option<u64>,
    /// Available.
    pub available: Option<u64>,
    /// Working a contact.
    pub working: Option<u64>,
    /// Unavailable.
    pub unavailable: Option<u64>,
    /// Logged out (including active assignments with no state entry).
    pub logged_out: Option<u64>,
    /// Logged in with another or unknown state.
    pub other: Option<u64>,
    /// Active assignments with no entry in an incomplete agent-states read: state unknown.
    pub unknown_state: u64,
    /// What the join of assignments and agent states gave (logged in, Available), when it ran.
    pub joined: Option<(u64, u64)>,
    /// What `/skills/activity` said (logged in, Available), when it said both.
    pub counters: Option<(u64, u64)>,
    /// Where the logged-in counts came from.
    pub source: CountSource,
}

impl AgentCounts {
    /// The join and the activity counters disagree: `(joined, counters)`.
    pub fn disagreement(&self) -> Option<((u64, u64), (u64, u64))> {
        match (self.joined, self.counters) {
            (Some(j), Some(c)) if j != c => Some((j, c)),
            _ => None,
        }
    }
}

/// (the user is inactive, the assignment is inactive). `/agents/skills` rows say
/// `isAgentActive` for the user and `isActive` for the assignment; `/skills/{id}/agents` rows
/// say `isActive` for the user.
fn inactive(a: &AgentSkillAssignment) -> (bool, bool) {
    let user = match a.is_agent_active {
        Some(active) => !active,
        None => a.is_active == Some(false),
    };
    let link = a.is_skill_active == Some(false)
        || (a.is_agent_active.is_some() && a.is_active == Some(false));
    (user, link)
}

/// Count a skill's agents. The join counts only active assignments (the agents who can be
/// offered the skill's contacts); an active assignment without a state entry is logged out
/// when the states read was complete, and unknown when it was not. The join decides unless
/// some agent is unknown and the activity counters are there, which then decide; without
/// agent states or assignments the activity counters are used, and without those the counts
/// are unknown. Both the join and the counters are kept so that a disagreement can be shown.
pub fn count_agents(
    assignments: Option<&[AgentSkillAssignment]>,
    states: Option<&AgentStateIndex<'_>>,
    activity: Option<&SkillActivity>,
) -> AgentCounts {
    let mut counts = AgentCounts {
        assigned: None,
        assigned_active: None,
        inactive_users: None,
        inactive_assignments: None,
        logged_in: None,
        available: None,
        working: None,
        unavailable: None,
        logged_out: None,
        other: None,
        unknown_state: 0,
        joined: None,
        counters: None,
        source: CountSource::Unknown,
    };
    if let Some(a) = activity
        && let (Some(l), Some(v)) = (a.agents_logged_in, a.agents_available)
    {
        counts.counters = Some((l, v));
    }
    let mut active_ids: Vec<Option<&str>> = Vec::new();
    if let Some(assignments) = assignments {
        let mut seen = HashSet::new();
        let (mut assigned, mut inactive_users, mut inactive_assignments) = (0, 0, 0);
        for a in assignments {
            if let Some(id) = a.agent_id.as_deref()
                && !seen.insert(id)
            {
                continue;
            }
            assigned += 1;
            let (user_inactive, link_inactive) = inactive(a);
            if user_inactive {
                inactive_users += 1;
            } else if link_inactive {
                inactive_assignments += 1;
            } else {
                active_ids.push(a.agent_id.as_deref());
            }
        }
        counts.assigned = Some(assigned);
        counts.inactive_users = Some(inactive_users);
        counts.inactive_assignments = Some(inactive_assignments);
        counts.assigned_active = Some(active_ids.len() as u64);
    }
    let joined = assignments.is_some() && states.is_some();
    if let (Some(_), Some(states)) = (assignments, states) {
        let (mut available, mut working, mut unavailable, mut logged_out, mut other) =
            (0, 0, 0, 0, 0);
        let complete = states.gap().is_none();
        for id in &active_ids {
            let state = id.and_then(|id| states.get(id));
            let category = match state {
                None if !complete => {
                    counts.unknown_state += 1;
                    continue;
                }
                None => AgentCategory::LoggedOut,
                Some(s) => s
                    .agent_state_name
                    .as_deref()
                    .map_or(AgentCategory::Other, classify_state),
            };
            match category {
                AgentCategory::Available => available += 1,
                AgentCategory::Working => working += 1,
                AgentCategory::Unavailable => unavailable += 1,
                AgentCategory::LoggedOut => logged_out += 1,
                AgentCategory::Other => other += 1,
            }
        }
        counts.available = Some(available);
        counts.working = Some(working);
        counts.unavailable = Some(unavailable);
        counts.logged_out = Some(logged_out);
        counts.other = Some(other);
        counts.logged_in = Some(available + working + unavailable + other);
        counts.joined = Some((available + working + unavailable + other, available));
        counts.source = CountSource::AgentStates;
    }
    let use_counters = !joined || (counts.unknown_state > 0 && counts.counters.is_some());
    if use_counters && let Some(a) = activity {
        counts.logged_in = a.agents_logged_in;
        counts.available = a.agents_available;
        counts.working = a.agents_working;
        counts.unavailable = a.agents_unavailable;
        if let (Some(active), Some(logged_in)) = (counts.assigned_active, counts.logged_in) {
            counts.logged_out = Some(active.saturating_sub(logged_in));
        }
        counts.other = None;
        if counts.logged_in.is_some() || counts.available.is_some() {
            counts.source = CountSource::SkillActivity;
        }
    }
    counts
}

/// How every check names an agent: `Grace Hopper (9002)` when the name is known, the id
/// alone when it is not (never `None (9002)`), the name alone when only the name is known.
pub use crate::report::format::agent_label;
use crate::report::format::is_real_name;

/// `First Last` from the parts that are present, or `agentName` (`/agents/skills` rows).
pub fn assignment_name(a: &AgentSkillAssignment) -> Option<String> {
    let parts: Vec<&str> = [a.first_name.as_deref(), a.last_name.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| is_real_name(p))
        .collect();
    if parts.is_empty() {
        a.agent_name
            .as_deref()
            .map(str::trim)
            .filter(|n| is_real_name(n))
            .map(String::from)
    } else {
        Some(parts.join(" "))
    }
}

/// Agent id → name, from every assignment read in the run (for messages that hold only ids).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentNames(HashMap<String, String>);

impl AgentNames {
    /// Add the names of these rows (a later name for the same id does not replace the first).
    pub fn add_rows(&mut self, rows: &[AgentRow]) {
        for r in rows {
            if let Some(name) = &r.name {
                self.0.entry(r.id.clone()).or_insert_with(|| name.clone());
            }
        }
    }

    /// The name of an agent, when known.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.0.get(id.trim()).map(String::as_str)
    }

    /// [`agent_label`] of an id.
    pub fn label(&self, id: &str) -> String {
        agent_label(Some(id), self.get(id))
    }
}

/// One agent assigned to a skill, as `queue-health --agents` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRow {
    /// Agent id.
    pub id: String,
    /// `First Last`, when read.
    pub name: Option<String>,
    /// False when the user or this skill assignment is inactive.
    pub assignment_active: bool,
    /// The state name as sent (`LoggedOut` for an agent absent from a complete read);
    /// `None` when unknown (absent from an incomplete read, or no states read).
    pub state: Option<String>,
    /// What the state means for the skill (`None` when the state is unknown).
    pub category: Option<AgentCategory>,
    /// The unavailable code (`outStateDescription`), e.g. `Lunch`.
    pub unavailable_code: Option<String>,
    /// Seconds in the current state (from `lastUpdateTime`); `None` when unknown or in the future.
    pub seconds_in_state: Option<f64>,
}

impl AgentRow {
    /// [`agent_label`] of this agent.
    pub fn label(&self) -> String {
        agent_label(Some(&self.id), self.name.as_deref())
    }

    /// `Unavailable (Lunch) 12m00s`, `InboundContact 3m00s`, `LoggedOut`, `state unknown`.
    pub fn state_text(&self) -> String {
        let mut out = self.state.clone().unwrap_or_else(|| "state unknown".into());
        if let Some(code) = &self.unavailable_code {
            out.push_str(&format!(" ({code})"));
        }
        if let Some(s) = self.seconds_in_state
            && self.category != Some(AgentCategory::LoggedOut)
        {
            out.push(' ');
            out.push_str(&super::time::human_seconds(s));
        }
        out
    }

    /// The `agents` fact's entry: unknown values are `null`.
    pub fn to_fact(&self) -> AgentFact {
        AgentFact {
            agent_id: self.id.clone(),
            name: self.name.clone(),
            assignment_active: self.assignment_active,
            state: self.state.clone(),
            category: self.category,
            unavailable_code: self.unavailable_code.clone(),
            seconds_in_state: self.seconds_in_state.map(Num),
        }
    }
}

/// The skill's assigned agents (distinct, in the order read) with their states; `None` when
/// the assignments were not read. Without agent states every state is unknown.
pub fn agent_rows(
    assignments: Option<&[AgentSkillAssignment]>,
    states: Option<&AgentStateIndex<'_>>,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Vec<AgentRow>> {
    let mut seen = HashSet::new();
    let rows = assignments?
        .iter()
        .filter(|a| a.agent_id.as_deref().is_none_or(|id| seen.insert(id)))
        .map(|a| {
            let id = a.agent_id.clone().unwrap_or_else(|| "?".into());
            let (user_inactive, link_inactive) = inactive(a);
            let entry = a.agent_id.as_deref().and_then(|i| states?.get(i));
            let complete = states.is_some_and(|s| s.gap().is_none());
            let (state, category) = match entry {
                Some(e) => {
                    let name = e.agent_state_name.clone();
                    let category = name.as_deref().map_or(AgentCategory::Other, classify_state);
                    (
                        name.or_else(|| Some("state not named".into())),
                        Some(category),
                    )
                }
                None if complete => (Some("LoggedOut".into()), Some(AgentCategory::LoggedOut)),
                None => (None, None),
            };
            let unavailable_code = entry
                .and_then(|e| e.out_state_description.as_deref())
                .map(str::trim)
                .filter(|c| is_real_name(c))
                .map(String::from);
            let seconds_in_state = entry
                .and_then(|e| e.last_update_time.as_deref())
                .and_then(super::time::parse_time)
                // a state "starting" over a minute in the future is a clock or data error: unknown
                .filter(|t| (now - *t).num_milliseconds() > -60_000)
                .map(|t| super::time::seconds_between(t, now));
            AgentRow {
                id,
                name: assignment_name(a),
                assignment_active: !(user_inactive || link_inactive),
                state,
                category,
                unavailable_code,
                seconds_in_state,
            }
        })
        .collect();
    Some(rows)
}

/// `Alan Turing (9003) InboundContact 3m00s; Katherine Johnson (9004) Unavailable (Lunch)
/// 12m00s`: at most `max` agents, then `and N more`; with `states` false the names alone,
/// `, `-separated.
pub fn list_agents(rows: &[&AgentRow], max: usize, states: bool) -> String {
    let mut parts: Vec<String> = rows
        .iter()
        .take(max)
        .map(|r| {
            // an agent without a name reads "agent 9001", not a bare number in a sentence
            let who = match r.label() {
                label if label == r.id => format!("agent {label}"),
                label => label,
            };
            if states {
                format!("{who} {}", r.state_text())
            } else {
                who
            }
        })
        .collect();
    if rows.len() > max {
        parts.push(format!("and {} more", rows.len() - max));
    }
    parts.join(if states { "; " } else { ", " })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assignment(
        id: &str,
        active: Option<bool>,
        skill_active: Option<bool>,
    ) -> AgentSkillAssignment {
        AgentSkillAssignment {
            agent_id: Some(id.into()),
            is_active: active,
            is_skill_active: skill_active,
            ..Default::default()
        }
    }

    fn state(id: &str, name: &str) -> AgentState {
        AgentState {
            agent_id: Some(id.into()),
            agent_state_name: Some(name.into()),
            ..Default::default()
        }
    }

    #[test]
    fn state_names_classify_case_insensitively() {
        let cases = [
            ("Available", AgentCategory::Available),
            ("available", AgentCategory::Available),
            ("AGENT_STATE_AWAITING_CONTACTS", AgentCategory::Available),
            ("InboundContact", AgentCategory::Working),
            ("OUTBOUNDCONSULT", AgentCategory::Working),
            ("Dialer", AgentCategory::Working),
            ("working", AgentCategory::Working),
            ("AGENT_STATE_WORKING_CONTACTS", AgentCategory::Working),
            ("Unavailable", AgentCategory::Unavailable),
            ("AGENT_STATE_UNAVAILABLE", AgentCategory::Unavailable),
            ("LoggedOut", AgentCategory::LoggedOut),
            ("AGENT_STATE_ENDED", AgentCategory::LoggedOut),
            ("LoggedIn", AgentCategory::Other),
            ("DialerPending", AgentCategory::Other),
            ("SomethingNew", AgentCategory::Other),
            ("", AgentCategory::Other),
        ];
        for (name, want) in cases {
            assert_eq!(classify_state(name), want, "{name}");
        }
    }

    #[test]
    fn join_counts_active_assignments_and_missing_states_as_logged_out() {
        let assignments = [
            assignment("1", Some(true), Some(true)),
            assignment("2", None, None),
            assignment("3", Some(true), Some(true)),
            assignment("4", Some(true), Some(true)),
            assignment("5", Some(false), Some(true)),
            assignment("6", Some(true), Some(false)),
            assignment("1", Some(true), Some(true)),
            assignment("7", Some(true), Some(true)),
        ];
        let states = [
            state("1", "Available"),
            state("2", "InboundContact"),
            state("3", "unavailable"),
            state("5", "Available"),
            state("6", "Available"),
            state("7", "Brand-new-state"),
        ];
        let index = AgentStateIndex::new(&states);
        let c = count_agents(Some(&assignments), Some(&index), None);
        assert_eq!(c.source, CountSource::AgentStates);
        assert_eq!(c.assigned, Some(7));
        assert_eq!(c.assigned_active, Some(5));
        assert_eq!(c.inactive_users, Some(1));
        assert_eq!(c.inactive_assignments, Some(1));
        assert_eq!(c.available, Some(1));
        assert_eq!(c.working, Some(1));
        assert_eq!(c.unavailable, Some(1));
        assert_eq!(c.logged_out, Some(1), "agent 4 has no state entry");
        assert_eq!(c.other, Some(1));
        assert_eq!(c.logged_in, Some(4));
    }

    #[test]
    fn falls_back_to_activity_counters_without_states() {
        let assignments = [assignment("1", None, None), assignment("2", None, None)];
        let activity = SkillActivity {
            agents_logged_in: Some(1),
            agents_available: Some(0),
            agents_working: Some(1),
            ..Default::default()
        };
        let c = count_agents(Some(&assignments), None, Some(&activity));
        assert_eq!(c.source, CountSource::SkillActivity);
        assert_eq!(c.assigned, Some(2));
        assert_eq!(c.logged_in, Some(1));
        assert_eq!(c.available, Some(0));
        assert_eq!(c.logged_out, Some(1));
        let none = count_agents(None, None, None);
        assert_eq!(none.source, CountSource::Unknown);
        assert_eq!(none.logged_in, None);
        assert_eq!(none.assigned, None);
    }

    #[test]
    fn an_agent_missing_from_an_incomplete_read_is_unknown_not_logged_out() {
        let assignments: Vec<_> = (1..=4)
            .map(|i| assignment(&i.to_string(), None, None))
            .collect();
        let states = [state("1", "Available")];
        let partial = AgentStateIndex::partial(&states, "page 2 repeated page 1");
        let activity = SkillActivity {
            agents_logged_in: Some(4),
            agents_available: Some(2),
            ..Default::default()
        };
        let c = count_agents(Some(&assignments), Some(&partial), Some(&activity));
        assert_eq!(c.unknown_state, 3);
        assert_eq!(c.joined, Some((1, 1)));
        assert_eq!(c.source, CountSource::SkillActivity, "the counters decide");
        assert_eq!(c.logged_in, Some(4));
        let alone = count_agents(Some(&assignments), Some(&partial), None);
        assert_eq!(alone.source, CountSource::AgentStates);
        assert_eq!(alone.logged_out, Some(0), "nobody is called logged out");
        assert_eq!(alone.unknown_state, 3);
        let complete = AgentStateIndex::new(&states);
        let c = count_agents(Some(&assignments), Some(&complete), Some(&activity));
        assert_eq!(c.logged_out, Some(3));
        assert_eq!(c.source, CountSource::AgentStates);
        assert_eq!(c.disagreement(), Some(((1, 1), (4, 2))));
    }

    #[test]
    fn bulk_rows_name_the_user_and_the_assignment_separately() {
        let row = |agent: Option<bool>, link: Option<bool>| AgentSkillAssignment {
            agent_id: Some("1".into()),
            is_agent_active: agent,
            is_active: link,
            ..Default::default()
        };
        let c = count_agents(Some(&[row(Some(true), Some(false))]), None, None);
        assert_eq!(c.inactive_assignments, Some(1));
        let c = count_agents(Some(&[row(Some(false), Some(true))]), None, None);
        assert_eq!(c.inactive_users, Some(1));
        let c = count_agents(Some(&[row(None, Some(false))]), None, None);
        assert_eq!(
            c.inactive_users,
            Some(1),
            "per-skill rows: isActive is the user"
        );
    }
}
