//! Scenario keys for the ACD side: skills and their activity, agents and assignments, contacts and their state history, points of contact, and the skill generator.

use serde::Deserialize;

use super::reltime::RelTime;
use super::scenario::Media;

/// One skill.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillSpec {
    /// Skill id.
    pub id: u64,
    /// Skill name.
    pub name: String,
    /// Media type keyword.
    #[serde(default)]
    pub media: Media,
    /// Overrides the media type name served.
    #[serde(default)]
    pub media_type_name: Option<String>,
    /// `isActive`.
    #[serde(default = "yes")]
    pub active: bool,
    /// Studio script name.
    #[serde(default)]
    pub script: Option<String>,
    /// Campaign name.
    #[serde(default)]
    pub campaign: Option<String>,
    /// Outbound skill.
    #[serde(default)]
    pub outbound: bool,
    /// Service level goal, percent.
    #[serde(default = "default_goal")]
    pub service_level_goal: f64,
    /// Service level threshold, seconds.
    #[serde(default = "default_threshold")]
    pub service_level_threshold: f64,
    /// Live activity.
    #[serde(default)]
    pub activity: ActivitySpec,
}

/// `activity:` of a skill. Agent counts are derived from `agents:` unless given here.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivitySpec {
    /// Contacts waiting besides the `contacts:` that are Inqueue on this skill.
    #[serde(default)]
    pub queue: u32,
    /// Age of the oldest waiting contact in seconds at server start.
    #[serde(default)]
    pub oldest_wait_s: Option<f64>,
    /// Current service level, percent.
    #[serde(default)]
    pub service_level: Option<f64>,
    /// Active contacts besides the listed ones.
    #[serde(default)]
    pub contacts_active: Option<u32>,
    /// Override of `agentsAvailable`.
    #[serde(default)]
    pub agents_available: Option<u32>,
    /// Override of `agentsLoggedIn`.
    #[serde(default)]
    pub agents_logged_in: Option<u32>,
    /// Override of `agentsWorking`.
    #[serde(default)]
    pub agents_working: Option<u32>,
    /// Override of `agentsUnavailable`.
    #[serde(default)]
    pub agents_unavailable: Option<u32>,
    /// Override of `agentsIdle`.
    #[serde(default)]
    pub agents_idle: Option<u32>,
    /// Override of `agentsACW`.
    #[serde(default)]
    pub agents_acw: Option<u32>,
}

/// One agent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentSpec {
    /// Agent id.
    pub id: u64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Is the agent (user) active.
    #[serde(default = "yes")]
    pub active: bool,
    /// State name, passed through as given: Available, Unavailable, LoggedOut, InboundContact, Working, ...
    #[serde(default = "default_agent_state")]
    pub state: String,
    /// Unavailable code (`outStateDescription`).
    #[serde(default)]
    pub out_state: Option<String>,
    /// When the current state started (e.g. `-12m`; default: 600 ms before server start).
    #[serde(default)]
    pub state_since: Option<RelTime>,
    /// In after-call work.
    #[serde(default)]
    pub acw: bool,
    /// Team name.
    #[serde(default)]
    pub team: Option<String>,
    /// Skill assignments.
    #[serde(default)]
    pub skills: Vec<AssignmentSpec>,
}

/// One skill assignment of an agent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentSpec {
    /// Skill id.
    pub skill: u64,
    /// Is the assignment active (`isSkillActive`).
    #[serde(default = "yes")]
    pub active: bool,
    /// Proficiency, 1 (best) to 20.
    #[serde(default = "one")]
    pub proficiency: u32,
}

/// One ACD contact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactSpec {
    /// Contact id.
    pub id: u64,
    /// The caller's contact, when this one is a spawned (bot backchannel) contact.
    #[serde(default)]
    pub master: Option<u64>,
    /// Media type keyword.
    #[serde(default)]
    pub media: Media,
    /// Point of contact name.
    #[serde(default)]
    pub point_of_contact: Option<String>,
    /// Caller address.
    #[serde(default)]
    pub from: Option<String>,
    /// Dialled address.
    #[serde(default)]
    pub to: Option<String>,
    /// Skill id.
    #[serde(default)]
    pub skill: Option<u64>,
    /// Agent id.
    #[serde(default)]
    pub agent: Option<u64>,
    /// Still active (`true`) or completed (`false`).
    #[serde(default)]
    pub active: bool,
    /// Did it abandon.
    #[serde(default)]
    pub abandoned: bool,
    /// `abandonSeconds` (default: the seconds in queue, when abandoned).
    #[serde(default)]
    pub abandon_seconds: Option<f64>,
    /// Why it ended.
    #[serde(default)]
    pub end_reason: Option<String>,
    /// `inQueueSeconds` (default: sum of the Inqueue states).
    #[serde(default)]
    pub queue_seconds: Option<f64>,
    /// Did an agent refuse it.
    #[serde(default)]
    pub refused: bool,
    /// Start time.
    #[serde(default = "default_start")]
    pub start: RelTime,
    /// End time of a completed contact (default: start + the history's durations).
    #[serde(default)]
    pub end: Option<RelTime>,
    /// State history in order.
    #[serde(default)]
    pub history: Vec<StateSpec>,
    /// Studio custom data, name → value, in order.
    #[serde(default)]
    pub custom_data: serde_yaml::Mapping,
    /// Skill an Escalate signal queues this contact on.
    #[serde(default)]
    pub escalation_skill: Option<u64>,
    /// Override of `routing.delay_ms` for this contact.
    #[serde(default)]
    pub routing_delay_ms: Option<u64>,
}

/// One entry of a contact's state history.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSpec {
    /// CXone state name: PreQueue, Inqueue, Routing, Active, Hold, PostQueue, EndContact, Abandoned, ...
    pub state: String,
    /// Seconds in this state (ignored for the open, last state of an active contact).
    #[serde(default)]
    pub seconds: f64,
    /// Skill (default: the contact's skill).
    #[serde(default)]
    pub skill: Option<u64>,
    /// Agent (default: the contact's agent for Active and Hold).
    #[serde(default)]
    pub agent: Option<u64>,
}

/// One point of contact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointOfContactSpec {
    /// Friendly name (what `pointOfContact=` takes).
    pub name: String,
    /// GUID (default: generated).
    #[serde(default)]
    pub id: Option<String>,
    /// Default skill id.
    pub skill: u64,
    /// Media type keyword.
    #[serde(default = "default_poc_media")]
    pub media: Media,
    /// Address (phone number, email, ...).
    #[serde(default)]
    pub address: Option<String>,
    /// Studio script name.
    #[serde(default)]
    pub script: Option<String>,
    /// Is it active.
    #[serde(default = "yes")]
    pub active: bool,
}

/// `generate:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateSpec {
    /// Many similar skills, each with its own agents.
    #[serde(default)]
    pub skills: Option<SkillGenSpec>,
}

/// `generate.skills:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillGenSpec {
    /// How many skills.
    pub count: u64,
    /// Id of the first; the rest follow.
    #[serde(default = "default_first_skill")]
    pub first_id: u64,
    /// Name; `{n}` becomes the 1-based number.
    #[serde(default = "default_skill_name")]
    pub name: String,
    /// Media type keyword.
    #[serde(default)]
    pub media: Media,
    /// Agents generated per skill.
    #[serde(default = "default_agents_per_skill")]
    pub agents_per_skill: u64,
    /// Id of the first generated agent.
    #[serde(default = "default_first_agent")]
    pub first_agent_id: u64,
    /// Agent states, cycled over the generated agents.
    #[serde(default = "default_agent_states")]
    pub agent_states: Vec<String>,
    /// `activity.queue` of each skill.
    #[serde(default)]
    pub queue: u32,
}

fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}
fn default_goal() -> f64 {
    80.0
}
fn default_threshold() -> f64 {
    30.0
}
fn default_agent_state() -> String {
    "Available".into()
}
/// Default `start` of contacts and `created` of cases: 15 minutes ago.
pub(crate) fn default_start() -> RelTime {
    RelTime::Offset(-900.0)
}
fn default_poc_media() -> Media {
    Media::Workitem
}
fn default_first_skill() -> u64 {
    10001
}
fn default_skill_name() -> String {
    "Skill {n}".into()
}
fn default_agents_per_skill() -> u64 {
    2
}
fn default_first_agent() -> u64 {
    50001
}
fn default_agent_states() -> Vec<String> {
    vec!["Available".into()]
}
