//! Queue (skill) health: can the skill a handover lands on take it? A pure judgment over one skill's data.

use chrono::{DateTime, Utc};

use super::agents::{
    AgentCategory, AgentCounts, AgentRow, AgentStateIndex, CountSource, agent_rows, count_agents,
    list_agents,
};
use super::codes;
use super::skill_lookup::media_type_name;
use super::time::{human_seconds, parse_time, seconds_between};
use crate::config::rules::QueueRules;
use crate::cxone::models::{AgentSkillAssignment, Skill, SkillActivity};
use crate::report::facts::{AgentFact, Num, SkillAgents, SkillFacts};
use crate::report::{Finding, Severity, Subject};

/// Everything read for one skill. `None` means "not read" (404, error, or not fetched).
#[derive(Debug, Clone, Copy)]
pub struct SkillInput<'a> {
    /// The skill id asked about (used in messages when the skill itself is missing).
    pub skill_id: &'a str,
    /// `GET /skills/{id}`; `None` = not found.
    pub skill: Option<&'a Skill>,
    /// `GET /skills/{id}/activity` (its entry for this skill).
    pub activity: Option<&'a SkillActivity>,
    /// `GET /skills/{id}/agents` → `agentSkillAssignments`.
    pub assignments: Option<&'a [AgentSkillAssignment]>,
    /// The run's `/agents/states`, indexed once ([`AgentStateIndex::new`]).
    pub agent_states: Option<&'a AgentStateIndex<'a>>,
    /// The caller's clock, used for the oldest wait when the activity has no `serverTime`.
    pub now: DateTime<Utc>,
}

/// Why a skill cannot take a handover at all (a `fail` judgment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    /// The skill does not exist.
    NotFound,
    /// `isActive: false`.
    Inactive,
    /// No agent is assigned.
    NoAgents,
    /// Every assignment is inactive.
    NoActiveAgents,
}

impl Blocker {
    /// A phrase that completes "skill 4242 ...".
    pub fn describe(self) -> &'static str {
        match self {
            Blocker::NotFound => "does not exist",
            Blocker::Inactive => "is inactive",
            Blocker::NoAgents => "has no agent assigned",
            Blocker::NoActiveAgents => "has no active agent assignment",
        }
    }
}

/// The verdict on one skill: findings and facts for its subject, plus the typed blocker
/// that the contact diagnosis reads.
///
/// Facts (camelCase; a value that could not be read is the string `"unknown"`):
/// `skillId`, `skillName`, `mediaTypeId`, `mediaTypeName`, `isActive` (bool),
/// `agentsAssigned`, `agentsAssignedActive`, `agentsLoggedIn`, `agentsAvailable`,
/// `agentsWorking`, `agentsUnavailable`, `agentsLoggedOut`, `agentsOtherState` (integers),
/// `agentCountSource` (`agent-states` | `skill-activity` | `unknown`), `queueCount`,
/// `oldestWaitSeconds` (integers), `serviceLevel`, `serviceLevelGoal` (percent),
/// `blocker` (`not-found` | `inactive` | `no-agents` | `no-active-agents` | `null`).
#[derive(Debug, Clone, PartialEq)]
pub struct Judgment {
    /// The skill id judged.
    pub skill_id: String,
    /// The skill's name, when known.
    pub skill_name: Option<String>,
    /// Every finding, worst first by construction order (fail, warn, info).
    pub findings: Vec<Finding>,
    /// The facts listed above (without `agents`: [`skill_subject_with`] adds them).
    pub facts: SkillFacts,
    /// Why the skill cannot take handovers at all, when it cannot (the first such reason).
    pub blocker: Option<Blocker>,
    /// The assigned agents with their states (`None`: assignments not read).
    pub agents: Option<Vec<AgentRow>>,
}

impl Judgment {
    /// The worst severity among the findings (`Info` when there are none).
    pub fn worst(&self) -> Severity {
        self.findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Info)
    }

    /// `4242 (Billing Voice)` or `4242`.
    pub fn display_name(&self) -> String {
        match &self.skill_name {
            Some(name) => format!("{} ({name})", self.skill_id),
            None => self.skill_id.clone(),
        }
    }
}

/// Judge one skill (issue 4): fail when it is missing, inactive or has no (active) agents;
/// warn when nobody is logged in or Available, the queue is long, the oldest wait is long,
/// or the service level is below its goal; always an info finding with the counts.
pub fn judge_skill(input: &SkillInput<'_>, rules: &QueueRules) -> Judgment {
    let id = input.skill_id;
    let mut j = Judgment {
        skill_id: id.to_string(),
        skill_name: None,
        findings: Vec::new(),
        facts: SkillFacts {
            skill_id: id.to_string(),
            ..SkillFacts::default()
        },
        blocker: None,
        agents: None,
    };
    let Some(skill) = input.skill else {
        j.blocker = Some(Blocker::NotFound);
        j.findings.push(
            Finding::new(
                &codes::SKILL_NOT_FOUND,
                format!("Skill {id} was not found on the tenant (404)"),
            )
            .hint(NOT_FOUND_HINT),
        );
        // every other fact stays unknown, and no count source is named
        j.facts.blocker = Some(blocker_id(Blocker::NotFound).into());
        return j;
    };
    let activity = input.activity;
    j.skill_name = skill
        .skill_name
        .clone()
        .or_else(|| activity.and_then(|a| a.skill_name.clone()));
    let name = j.display_name();
    let counts = count_agents(input.assignments, input.agent_states, activity);
    j.agents = agent_rows(input.assignments, input.agent_states, input.now);
    let is_active = skill.is_active.or(activity.and_then(|a| a.is_active));
    let queue_count = activity.and_then(|a| a.queue_count);
    let oldest_wait = activity.and_then(|a| oldest_wait_seconds(a, input.now));
    let service_level = activity.and_then(|a| a.service_level);
    let goal = activity
        .and_then(|a| a.service_level_goal)
        .or(skill.service_level_goal);

    // fail: the skill cannot take handovers at all
    if is_active == Some(false) {
        j.blocker.get_or_insert(Blocker::Inactive);
        j.findings.push(
            Finding::new(&codes::SKILL_INACTIVE, format!("Skill {name} is inactive (isActive: false): contacts routed to it are never offered to an agent"))
                .hint("Activate the skill in ACD > Skills, or route handovers to an active skill"),
        );
    }
    match (counts.assigned, counts.assigned_active) {
        (Some(0), _) => {
            j.blocker.get_or_insert(Blocker::NoAgents);
            j.findings.push(
                Finding::new(&codes::SKILL_NO_AGENTS, format!("No agent is assigned to skill {name}"))
                    .hint("Assign agents to the skill in ACD > Skills > Agents, or on each agent's Skills tab"),
            );
        }
        (Some(n), Some(0)) => {
            j.blocker.get_or_insert(Blocker::NoActiveAgents);
            let users = counts.inactive_users.unwrap_or(0);
            let links = counts.inactive_assignments.unwrap_or(0);
            j.findings.push(
                Finding::new(
                    &codes::SKILL_NO_ACTIVE_AGENTS,
                    format!(
                        "{} assigned to skill {name} {} inactive ({}, {})",
                        if n == 1 { "The one agent".to_string() } else { format!("All {n} agents") },
                        if n == 1 { "is" } else { "are" },
                        plural(users, "inactive user", "inactive users"),
                        plural(links, "inactive skill assignment", "inactive skill assignments"),
                    ),
                )
                .hint("Reactivate the users, or switch their skill assignment back on in ACD > Skills > Agents"),
            );
        }
        _ => {}
    }

    // warn: staffing, only when someone could answer at all
    let has_active_agents = !matches!(j.blocker, Some(Blocker::NoAgents | Blocker::NoActiveAgents));
    if has_active_agents {
        staffing_findings(&mut j, &name, &counts);
        waiting_with_available(&mut j, &name, &counts, queue_count, oldest_wait, rules);
        agreement_findings(
            &mut j,
            &name,
            &counts,
            input.agent_states.and_then(|s| s.gap()),
        );
    }
    if let Some(q) = queue_count
        && q > rules.max_queue
    {
        j.findings.push(
            Finding::new(
                &codes::SKILL_QUEUE_LONG,
                format!("{q} contacts in queue on skill {name} (limit {})", rules.max_queue),
            )
            .hint("Add Available agents or overflow to another skill; raise rules.queue.max_queue if such queues are normal"),
        );
    }
    if let Some(wait) = oldest_wait
        && wait > rules.max_wait_s as f64
    {
        j.findings.push(
            Finding::new(
                &codes::SKILL_WAIT_LONG,
                format!("The oldest contact in queue on skill {name} has waited {} (limit {}s)", human_seconds(wait), rules.max_wait_s),
            )
            .hint("Staff the skill or add an overflow / callback branch in the routing script; raise rules.queue.max_wait_s if such waits are acceptable"),
        );
    }
    // a service level over an empty queue and no contacts judges nothing
    let idle = queue_count == Some(0) && activity.and_then(|a| a.contacts_active) == Some(0);
    if let (Some(sl), Some(goal)) = (service_level, goal)
        && sl < goal
        && !idle
    {
        j.findings.push(
            Finding::new(
                &codes::SKILL_SERVICE_LEVEL_LOW,
                format!(
                    "Service level on skill {name} is {}% (goal {}%)",
                    fmt_num(sl),
                    fmt_num(goal)
                ),
            )
            .hint("Check staffing for the skill; handovers to it are likely to wait"),
        );
    }
    let mut missing = Vec::new();
    if activity.is_none() {
        missing.push("queue count, oldest wait and service level (no skill activity was read)");
    }
    if input.assignments.is_none() {
        missing.push("assigned agents (agent assignments were not read)");
    }
    if counts.source == CountSource::Unknown {
        missing.push(
            "logged-in and Available agents (neither agent states nor activity counters were read)",
        );
    }
    if !missing.is_empty() {
        j.findings.push(
            Finding::new(
                &codes::SKILL_DATA_INCOMPLETE,
                format!("Could not judge on skill {name}: {}", missing.join("; ")),
            )
            .hint("Check that the API user may read skills, agents and real-time data, then run again"),
        );
    }
    merge_consequences(&mut j.findings);
    j.findings.push(Finding::new(
        &codes::SKILL_COUNTS,
        counts_message(&name, &counts, queue_count, oldest_wait),
    ));

    let media = skill
        .media_type_name
        .as_deref()
        .or_else(|| skill.media_type_id.and_then(media_type_name));
    j.facts = SkillFacts {
        skill_id: j.facts.skill_id,
        skill_name: j.skill_name.clone().into(),
        media_type_id: skill.media_type_id.map(Num).into(),
        media_type_name: media.map(String::from).into(),
        is_active: is_active.into(),
        agents_assigned: counts.assigned.into(),
        agents_assigned_active: counts.assigned_active.into(),
        agents_logged_in: counts.logged_in.into(),
        agents_available: counts.available.into(),
        agents_working: counts.working.into(),
        agents_unavailable: counts.unavailable.into(),
        agents_logged_out: counts.logged_out.into(),
        agents_other_state: counts.other.into(),
        agent_count_source: Some(counts.source),
        queue_count: queue_count.into(),
        oldest_wait_seconds: oldest_wait.map(super::time::whole).into(),
        service_level: service_level.map(Num).into(),
        service_level_goal: goal.map(Num).into(),
        blocker: j.blocker.map(|b| blocker_id(b).into()),
        listed: SkillAgents::default(),
    };
    j
}

/// `1 inactive user`, `2 inactive users`.
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn blocker_id(b: Blocker) -> &'static str {
    match b {
        Blocker::NotFound => "not-found",
        Blocker::Inactive => "inactive",
        Blocker::NoAgents => "no-agents",
        Blocker::NoActiveAgents => "no-active-agents",
    }
}

/// Unknown agent states, and a join that disagrees with the activity counters: both numbers
/// and which one the verdict used.
fn agreement_findings(j: &mut Judgment, name: &str, counts: &AgentCounts, gap: Option<&str>) {
    if counts.unknown_state > 0 {
        let n = counts.unknown_state;
        let used = match counts.source {
            CountSource::SkillActivity => "the verdict uses the skill's activity counters",
            _ => "no activity counters were read, so whether anyone can answer is unknown",
        };
        j.findings.push(
            Finding::new(
                &codes::SKILL_AGENT_STATES_UNKNOWN,
                format!(
                    "{n} active agent{} assigned to skill {name} {} no state in an incomplete /agents/states read ({}): unknown, not logged out; {used}",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "has" } else { "have" },
                    gap.unwrap_or("cut short")
                ),
            )
            .hint("Run again; if it persists, check -vv for the paged /agents/states read and raise http.max_pages if the tenant has that many agents"),
        );
    }
    if let Some(((jl, ja), (cl, ca))) = counts.disagreement() {
        let used = match counts.source {
            CountSource::SkillActivity => "the activity counters",
            _ => "the agent states",
        };
        j.findings.push(
            Finding::new(
                &codes::SKILL_COUNTS_DISAGREE,
                format!(
                    "Skill {name}: assignments joined with /agents/states give {jl} logged in and {ja} Available, but /skills/activity says {cl} logged in and {ca} Available; the verdict uses {used}"
                ),
            )
            .hint("Agents changing state between the two reads cause a brief difference; run again. A lasting one means a read is incomplete or stale (see -vv)"),
        );
    }
}

/// The hint of `skill-not-found`: where else the skill may be.
const NOT_FOUND_HINT: &str = "Check the id for a typo, and that the profile points at the right tenant and business unit (`--profile`); `queue-health --all` lists the skills that exist. Then check the skill id in the Studio script's Reqagent action and in the bot's Escalate params";

/// How many agents a finding's message names before `and N more`.
const NAMED_IN_MESSAGE: usize = 3;

/// `: Alan Turing (9003) InboundContact 3m00s; …` for the rows that `keep` (names alone
/// without `states`), or nothing.
fn named(rows: &[AgentRow], states: bool, keep: impl Fn(&AgentRow) -> bool) -> String {
    let rows: Vec<&AgentRow> = rows.iter().filter(|r| keep(r)).collect();
    if rows.is_empty() {
        String::new()
    } else {
        format!(": {}", list_agents(&rows, NAMED_IN_MESSAGE, states))
    }
}

/// Contacts wait longer than `rules.waiting_with_available_s` although an assigned agent is
/// Available: the contacts are not offered to those agents, which staffing does not explain.
fn waiting_with_available(
    j: &mut Judgment,
    name: &str,
    counts: &AgentCounts,
    queue_count: Option<u64>,
    oldest_wait: Option<f64>,
    rules: &QueueRules,
) {
    let (Some(q), Some(wait), Some(available)) = (queue_count, oldest_wait, counts.available)
    else {
        return;
    };
    if q == 0 || available == 0 || wait <= rules.waiting_with_available_s as f64 {
        return;
    }
    let names = j
        .agents
        .as_deref()
        .map(|rows| {
            named(rows, false, |r| {
                r.assignment_active && r.category == Some(AgentCategory::Available)
            })
        })
        .unwrap_or_default();
    j.findings.push(
        Finding::new(
            &codes::SKILL_WAITING_WITH_AVAILABLE,
            format!(
                "{q} contact{} in queue on skill {name}, the oldest for {} (limit {}s), while {available} assigned agent{} {} Available{names}. The contacts are not being offered to them: a routing, proficiency or capacity problem, not staffing",
                if q == 1 { "" } else { "s" },
                human_seconds(wait),
                rules.waiting_with_available_s,
                if available == 1 { "" } else { "s" },
                if available == 1 { "is" } else { "are" },
            ),
        )
        .hint("Check the agents' proficiency on this skill against the routing priority (ACD > Skills > Agents); each agent's max concurrent contacts / capacity for this channel; the Studio script's ReqAgent action and routing logic (the skill it requests, priority, targeted agent); and whether the agents are also on another skill with a higher priority that takes their contacts first"),
    );
}

/// Where a finding stands in the chain of causes of one skill: a lower rank explains the
/// higher ones. `None` for findings outside the chain (data gaps, counts).
fn cause_rank(code: &str) -> Option<u8> {
    let order = [
        codes::SKILL_INACTIVE.id,
        codes::SKILL_NO_AGENTS.id,
        codes::SKILL_NO_ACTIVE_AGENTS.id,
        codes::SKILL_NO_AGENTS_LOGGED_IN.id,
        codes::SKILL_NO_AVAILABLE_AGENTS.id,
        codes::SKILL_WAITING_WITH_AVAILABLE.id,
        codes::SKILL_QUEUE_LONG.id,
        codes::SKILL_WAIT_LONG.id,
        codes::SKILL_SERVICE_LEVEL_LOW.id,
    ];
    let rank = order.iter().position(|c| *c == code)?;
    // queue long and wait long are the same level: neither explains the other
    let rank = if rank >= 7 { rank - 1 } else { rank };
    u8::try_from(rank).ok()
}

/// The ranks of findings that a skill cannot fix by themselves: each needs its own action.
const BLOCKER_RANKS: u8 = 2;

/// One root cause first: the chain's findings are sorted by [`cause_rank`]; after the root,
/// the staffing, queue and service-level findings it explains become `info` naming it (they add
/// nothing to act on); blockers (inactive, no agents, no active agents) each stay, as each
/// needs its own fix. Findings outside the chain keep their place after the chain.
pub fn merge_consequences(findings: &mut Vec<Finding>) {
    let (mut chain, rest): (Vec<Finding>, Vec<Finding>) = std::mem::take(findings)
        .into_iter()
        .partition(|f| cause_rank(&f.code).is_some());
    chain.sort_by_key(|f| cause_rank(&f.code));
    if let Some(root) = chain.first().map(|f| (f.code.clone(), cause_rank(&f.code)))
        && let (root_code, Some(root_rank)) = root
    {
        for f in chain.iter_mut().skip(1) {
            let rank = cause_rank(&f.code).unwrap_or(u8::MAX);
            if rank > BLOCKER_RANKS && rank > root_rank && f.severity != Severity::Info {
                f.severity = Severity::Info;
                f.message = format!("{} (a consequence of {root_code}, shown first)", f.message);
            }
        }
    }
    chain.extend(rest);
    *findings = chain;
}

fn staffing_findings(j: &mut Judgment, name: &str, counts: &AgentCounts) {
    let source = match counts.source {
        CountSource::SkillActivity => " (from the skill's activity counters)",
        _ => "",
    };
    // With agents of unknown state and no counters, "nobody" cannot be said.
    if counts.unknown_state > 0
        && counts.source == CountSource::AgentStates
        && counts.available == Some(0)
    {
        return;
    }
    match (counts.logged_in, counts.available) {
        (Some(0), _) => {
            let who = match counts.assigned_active {
                Some(1) => {
                    format!("The one active agent assigned to skill {name} is not logged in")
                }
                Some(n) => {
                    format!("None of the {n} active agents assigned to skill {name} is logged in")
                }
                None => format!("No agent assigned to skill {name} is logged in"),
            };
            let names = j
                .agents
                .as_deref()
                .map(|rows| named(rows, false, |r| r.assignment_active))
                .unwrap_or_default();
            j.findings.push(
                Finding::new(&codes::SKILL_NO_AGENTS_LOGGED_IN, format!("{who}{source}{names}"))
                .hint("Handovers will wait in queue until an assigned agent logs in; check schedules, or route to a staffed skill when nobody is logged in"),
            );
        }
        (Some(logged_in), Some(0)) => {
            let mut parts = vec![format!("{logged_in} logged in")];
            if let Some(w) = counts.working {
                parts.push(format!("{w} working"));
            }
            if let Some(u) = counts.unavailable.filter(|u| *u > 0) {
                parts.push(format!("{u} unavailable"));
            }
            if let Some(o) = counts.other.filter(|o| *o > 0) {
                parts.push(format!("{o} in another state"));
            }
            let names = j
                .agents
                .as_deref()
                .map(|rows| {
                    named(rows, true, |r| {
                        r.assignment_active
                            && !matches!(r.category, Some(AgentCategory::LoggedOut) | None)
                    })
                })
                .unwrap_or_default();
            j.findings.push(
                Finding::new(
                    &codes::SKILL_NO_AVAILABLE_AGENTS,
                    format!("No agent is Available on skill {name} ({}){source}{names}", parts.join(", ")),
                )
                .hint("Contacts will wait in queue until an agent becomes Available; free or add agents, or set an overflow in the routing script"),
            );
        }
        _ => {}
    }
}

/// Seconds the oldest queued contact has waited: `earliestQueueTime` against the activity's
/// `serverTime`, or `now` when that is missing. An empty queue waits 0 s; an unreadable
/// time is unknown.
pub fn oldest_wait_seconds(activity: &SkillActivity, now: DateTime<Utc>) -> Option<f64> {
    if activity.queue_count == Some(0) {
        return Some(0.0);
    }
    let earliest = parse_time(activity.earliest_queue_time.as_deref()?)?;
    let reference = activity
        .server_time
        .as_deref()
        .and_then(parse_time)
        .unwrap_or(now);
    Some(seconds_between(earliest, reference))
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", super::time::whole_signed(v))
    } else {
        format!("{v:.1}")
    }
}

fn counts_message(
    name: &str,
    c: &AgentCounts,
    queue: Option<u64>,
    oldest_wait: Option<f64>,
) -> String {
    let n = |v: Option<u64>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
    let queue = n(queue);
    let wait = oldest_wait.map_or_else(|| "?".to_string(), human_seconds);
    format!(
        "Skill {name}: {} agent{} assigned ({} active), {} logged in, {} Available, {} working, {} unavailable; {queue} in queue, oldest wait {wait}; agent counts from {}",
        n(c.assigned),
        if c.assigned == Some(1) { "" } else { "s" },
        n(c.assigned_active),
        n(c.logged_in),
        n(c.available),
        n(c.working),
        n(c.unavailable),
        match c.source {
            CountSource::AgentStates => "agent states",
            CountSource::SkillActivity => "skill activity",
            CountSource::Unknown => "nowhere (unknown)",
        }
    )
}

/// Agent id → name from every judged skill's assignments (what the run read), for the
/// messages and facts that hold only agent ids (trace timelines, verdicts).
pub fn agent_names(skills: &[Judgment]) -> super::agents::AgentNames {
    let mut names = super::agents::AgentNames::default();
    for j in skills {
        if let Some(rows) = &j.agents {
            names.add_rows(rows);
        }
    }
    names
}

/// The report subject of a judged skill: kind `skill`, the id, the name as label, the
/// judgment's findings and facts, status computed.
pub fn skill_subject(judgment: &Judgment) -> Subject {
    skill_subject_with(judgment, false)
}

/// Codes whose problem is about the skill's agents: their skill subject lists the agents.
const AGENT_CODES: [&str; 6] = [
    codes::SKILL_NO_ACTIVE_AGENTS.id,
    codes::SKILL_NO_AGENTS_LOGGED_IN.id,
    codes::SKILL_NO_AVAILABLE_AGENTS.id,
    codes::SKILL_WAITING_WITH_AVAILABLE.id,
    codes::SKILL_AGENT_STATES_UNKNOWN.id,
    codes::SKILL_COUNTS_DISAGREE.id,
];

/// True when a judgment's problem is about its agents (who, in what state).
pub fn is_about_agents(judgment: &Judgment) -> bool {
    judgment
        .findings
        .iter()
        .any(|f| f.severity != Severity::Info && AGENT_CODES.contains(&f.code.as_str()))
}

/// [`skill_subject`], with the `agents` fact (each assigned agent's [`AgentRow::to_fact`])
/// when `list_agents` (`--agents`) or when the problem is about the agents.
pub fn skill_subject_with(judgment: &Judgment, list_agents: bool) -> Subject {
    let mut s = Subject::new("skill", &judgment.skill_id);
    if let Some(name) = &judgment.skill_name {
        s = s.with_label(name);
    }
    s.findings = judgment.findings.clone();
    let mut facts = judgment.facts.clone();
    if list_agents || is_about_agents(judgment) {
        facts.listed.agents = agent_facts(judgment);
    }
    s.set_facts(&facts);
    s.finish();
    s
}

/// The `agents` fact of a judgment: each assigned agent's [`AgentRow::to_fact`] (`None`:
/// the assignments were not read).
pub fn agent_facts(judgment: &Judgment) -> Option<Vec<AgentFact>> {
    judgment
        .agents
        .as_ref()
        .map(|rows| rows.iter().map(AgentRow::to_fact).collect())
}

/// Add the `agents` fact to a judged skill's subject (nothing when the assignments were not
/// read); the subject's other facts stay as they are.
pub fn attach_agents(s: &mut Subject, judgment: &Judgment) {
    if let Some(agents) = agent_facts(judgment) {
        let mut facts = judgment.facts.clone();
        facts.listed.agents = Some(agents);
        let mut map = crate::report::facts::to_map(&facts);
        for (key, value) in std::mem::take(&mut s.facts) {
            map.entry(key).or_insert(value);
        }
        s.facts = map;
    }
}

/// An `error` subject for a skill whose real-time data the API user may not read (HTTP 403);
/// `endpoint` names the call (e.g. `/skills/4242/activity`).
pub fn skill_forbidden_subject(skill_id: &str, endpoint: &str) -> Subject {
    let mut s = Subject::new("skill", skill_id);
    s.error(
        Finding::new(
            &codes::SKILL_REALTIME_FORBIDDEN,
            format!("The tenant refused {endpoint} for skill {skill_id} (403): the API user lacks the Real-Time Data API permission"),
        )
        .hint("Give the API user's role the Real-Time Data API permission (and View on skills and agents), then run again"),
    );
    s.finish();
    s
}

/// An `error` subject for a skill whose data could not be read (`detail`: the HTTP status or error).
pub fn skill_unreadable_subject(skill_id: &str, detail: &str) -> Subject {
    let mut s = Subject::new("skill", skill_id);
    s.error(
        Finding::new(
            &codes::SKILL_UNREADABLE,
            format!("Could not read skill {skill_id}: {detail}"),
        )
        .hint("Check the tenant's status and the API user's permissions, then run again"),
    );
    s.finish();
    s
}

#[cfg(test)]
mod tests;
