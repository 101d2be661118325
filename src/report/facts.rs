//! Typed facts: one struct per subject kind, written by its check and read by its view, serialised into the subject's camelCase `facts` object.
//!
//! A subject carries its facts as a JSON object (the report's public shape, `facts` in
//! `docs/report-format.md`). The check that judges a skill, a contact or a case fills the
//! struct of its kind and stores it with [`Subject::set_facts`]; the view reads it back with
//! [`Subject::read_facts`] and uses field access, so a misspelt key is a compile error, not a
//! `-` in a table. Values that could not be read are [`Known::Unknown`] (the string
//! `"unknown"`), numbers that are counts are integers.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::Subject;
use super::format::{human_seconds, number, whole_signed};

/// The word a fact holds when its value could not be read.
pub const UNKNOWN: &str = "unknown";

/// A value, or `"unknown"` when it could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Known<T> {
    /// The value read.
    Is(T),
    /// Not read, or not readable (serialised as `"unknown"`).
    #[default]
    Unknown,
}

impl<T> From<Option<T>> for Known<T> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Known::Unknown, Known::Is)
    }
}

impl<T> Known<T> {
    /// The value, when known.
    pub fn get(&self) -> Option<&T> {
        match self {
            Known::Is(v) => Some(v),
            Known::Unknown => None,
        }
    }
}

impl<T: Serialize> Serialize for Known<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Known::Is(v) => v.serialize(s),
            Known::Unknown => s.serialize_str(UNKNOWN),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Known<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        if v == UNKNOWN {
            return Ok(Known::Unknown);
        }
        T::deserialize(v).map(Known::Is).map_err(D::Error::custom)
    }
}

/// A measured number (a duration, a level, a media type id): integral values are written as
/// integers (`7`, not `7.0`), others as they are (`87.5`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        number(self.0).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Num)
    }
}

/// A fact as table text: none → `-`, unknown → `?`, booleans → `yes` / `no`, integral numbers
/// without a decimal point, others with one.
pub trait Shown {
    /// The text of a table cell.
    fn shown(&self) -> String;
    /// The value as seconds, when it is a number.
    fn seconds(&self) -> Option<f64> {
        None
    }
}

impl Shown for String {
    fn shown(&self) -> String {
        if self == UNKNOWN {
            "?".into()
        } else {
            self.clone()
        }
    }
}

impl Shown for bool {
    fn shown(&self) -> String {
        if *self { "yes" } else { "no" }.into()
    }
}

impl Shown for u64 {
    fn shown(&self) -> String {
        self.to_string()
    }
    fn seconds(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)]
        Some(*self as f64)
    }
}

impl Shown for Num {
    fn shown(&self) -> String {
        if self.0.fract() == 0.0 {
            whole_signed(self.0).to_string()
        } else {
            format!("{:.1}", self.0)
        }
    }
    fn seconds(&self) -> Option<f64> {
        Some(self.0)
    }
}

impl<T: Shown> Shown for Known<T> {
    fn shown(&self) -> String {
        self.get().map_or_else(|| "?".into(), Shown::shown)
    }
    fn seconds(&self) -> Option<f64> {
        self.get().and_then(Shown::seconds)
    }
}

impl<T: Shown> Shown for Option<T> {
    fn shown(&self) -> String {
        self.as_ref().map_or_else(|| "-".into(), Shown::shown)
    }
    fn seconds(&self) -> Option<f64> {
        self.as_ref().and_then(Shown::seconds)
    }
}

/// A seconds fact for people (`2m05s`), with the same `-` / `?` rules as [`Shown`].
pub fn seconds_text(v: &impl Shown) -> String {
    v.seconds().map_or_else(|| v.shown(), human_seconds)
}

impl Subject {
    /// Store a kind's facts (replacing any): the struct's fields become the `facts` object.
    pub fn set_facts(&mut self, facts: &impl Serialize) {
        // A facts struct is plain data with string keys: serialising it cannot fail.
        if let Ok(Value::Object(map)) = serde_json::to_value(facts) {
            self.facts = map;
        }
    }

    /// Read the facts back as a kind's struct; `None` when the subject has no facts or they do
    /// not have that shape (an `error` subject, a subject of another kind).
    pub fn read_facts<T: DeserializeOwned>(&self) -> Option<T> {
        if self.facts.is_empty() {
            return None;
        }
        T::deserialize(Value::Object(self.facts.clone())).ok()
    }
}

/// The kinds of subject that have a facts struct (and a view of their own); `Other` for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    /// A skill (queue): [`SkillFacts`].
    Skill,
    /// An ACD contact: [`ContactFacts`] for a full trace, [`RecentFacts`] for a `--recent` row.
    Contact,
    /// A digital case: [`CaseFacts`].
    Case,
    /// Anything else (payloads, steps, permissions, ...): facts shown as they are.
    Other,
}

impl SubjectKind {
    /// The kind of `s`, from its `kind` word.
    pub fn of(s: &Subject) -> SubjectKind {
        match s.kind.as_str() {
            "skill" => SubjectKind::Skill,
            "contact" => SubjectKind::Contact,
            "case" => SubjectKind::Case,
            _ => SubjectKind::Other,
        }
    }
}

/// What an agent state means for a skill's ability to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgentCategory {
    /// Waiting for a contact (`Available`, `AGENT_STATE_AWAITING_CONTACTS`).
    Available,
    /// Busy with a contact (`InboundContact`, `OutboundContact`, `InboundConsult`,
    /// `OutboundConsult`, `Dialer`, `Working`, `AGENT_STATE_WORKING_CONTACTS`).
    Working,
    /// Logged in but not taking contacts (`Unavailable`, `AGENT_STATE_UNAVAILABLE`).
    Unavailable,
    /// Not logged in (`LoggedOut`, `AGENT_STATE_ENDED`), or no state entry at all.
    LoggedOut,
    /// Logged in with any other or unknown state (`LoggedIn`, `DialerPending`, ...).
    Other,
}

impl AgentCategory {
    /// The `category` value of an agent row: `available`, `working`, `unavailable`,
    /// `logged-out`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            AgentCategory::Available => "available",
            AgentCategory::Working => "working",
            AgentCategory::Unavailable => "unavailable",
            AgentCategory::LoggedOut => "logged-out",
            AgentCategory::Other => "other",
        }
    }
}

/// Where the logged-in / Available / working counts came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CountSource {
    /// The skill's assignments joined with `/agents/states` (preferred).
    AgentStates,
    /// The counters of `/skills/{id}/activity` (agent states or assignments missing).
    SkillActivity,
    /// Neither was available.
    Unknown,
}

impl CountSource {
    /// The value of the `agentCountSource` fact.
    pub fn as_str(self) -> &'static str {
        match self {
            CountSource::AgentStates => "agent-states",
            CountSource::SkillActivity => "skill-activity",
            CountSource::Unknown => "unknown",
        }
    }
}

/// One assigned agent of a skill (the `agents` fact): unknown values are `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentFact {
    /// The agent id.
    pub agent_id: String,
    /// `First Last`, when known.
    pub name: Option<String>,
    /// The skill assignment (and the user) is active.
    pub assignment_active: bool,
    /// The state name, when the agent has a state entry.
    pub state: Option<String>,
    /// What the state means.
    pub category: Option<AgentCategory>,
    /// The unavailable code (`Lunch`), when sent.
    pub unavailable_code: Option<String>,
    /// Seconds in the current state.
    pub seconds_in_state: Option<Num>,
}

/// The facts of a `skill` subject (queue-health, the skills a trace involved).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillFacts {
    /// The skill id judged.
    pub skill_id: String,
    /// The skill's name.
    pub skill_name: Known<String>,
    /// Media type id (1 Email, 3 Chat, 4 Phone call, ...).
    pub media_type_id: Known<Num>,
    /// Media type name.
    pub media_type_name: Known<String>,
    /// Is the skill active.
    pub is_active: Known<bool>,
    /// Distinct agents assigned.
    pub agents_assigned: Known<u64>,
    /// Of which with an active assignment (and user).
    pub agents_assigned_active: Known<u64>,
    /// Active assigned agents logged in.
    pub agents_logged_in: Known<u64>,
    /// Active assigned agents Available.
    pub agents_available: Known<u64>,
    /// Active assigned agents working a contact.
    pub agents_working: Known<u64>,
    /// Active assigned agents Unavailable.
    pub agents_unavailable: Known<u64>,
    /// Active assigned agents logged out.
    pub agents_logged_out: Known<u64>,
    /// Active assigned agents in another state.
    pub agents_other_state: Known<u64>,
    /// Where the counts came from (absent for a skill that does not exist).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_count_source: Option<CountSource>,
    /// Contacts in queue.
    pub queue_count: Known<u64>,
    /// Seconds the oldest contact in queue has waited.
    pub oldest_wait_seconds: Known<u64>,
    /// Current service level (percent).
    pub service_level: Known<Num>,
    /// Service level goal (percent).
    pub service_level_goal: Known<Num>,
    /// Why the skill cannot take handovers at all: `not-found`, `inactive`, `no-agents`,
    /// `no-active-agents`, or `null`.
    pub blocker: Option<String>,
    /// The assigned agents, when listed.
    #[serde(flatten)]
    pub listed: SkillAgents,
}

/// The `agents` fact of a skill, which the agent list reads on its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkillAgents {
    /// The assigned agents with their states, when listed (`--agents`, or a problem about
    /// the agents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents: Option<Vec<AgentFact>>,
}

/// One entry of a trace's `timeline`: a state of a contact, or a key event of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineFact {
    /// RFC 3339 UTC, the time as sent when it did not parse, or `"unknown"`.
    pub time: String,
    /// The state name or event.
    pub state: String,
    /// The skill id, when the state has one.
    pub skill: Option<String>,
    /// The skill name, when sent.
    pub skill_name: Option<String>,
    /// The agent id, when an agent was connected.
    pub agent: Option<String>,
    /// The agent's name, when the run read it.
    pub agent_name: Option<String>,
    /// Seconds in the state.
    pub duration_seconds: Option<Num>,
    /// The contact (or case) the entry belongs to.
    pub contact: String,
}

/// Message counts of a digital case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageCounts {
    /// Every message.
    pub total: u64,
    /// From the customer.
    pub inbound: u64,
    /// Written by a bot.
    pub bot: u64,
    /// Written by a human agent.
    pub agent: u64,
    /// Anything else (system, survey).
    pub other: u64,
}

/// The facts the trace view shows, shared by full contact traces, `--recent` rows and
/// digital cases. A field that is `None` is absent from the facts; `Some(None)` is `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceFacts {
    /// The one-word verdict (`handed-over`, `abandoned-in-queue`, ..., `not-found`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<String>,
    /// One sentence of evidence (also the verdict finding's message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The master contact of a voice bot's spawned contact (`null`: its own master).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_with::rust::double_option"
    )]
    pub master_contact_id: Option<Option<String>>,
    /// A case's status.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_with::rust::double_option"
    )]
    pub status: Option<Option<String>>,
    /// The skill it queued on (a case: its routing queue's skill).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<Known<String>>,
    /// That skill's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_name: Option<Known<String>>,
    /// The first connected agent (`null`: none).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_with::rust::double_option"
    )]
    pub agent: Option<Option<String>>,
    /// That agent's name (`null`: not known).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_with::rust::double_option"
    )]
    pub agent_name: Option<Option<String>>,
    /// Seconds in queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_seconds: Option<Known<Num>>,
    /// A case's message counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<MessageCounts>,
    /// Why it ended (`null` while active).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_with::rust::double_option"
    )]
    pub end_reason: Option<Option<Known<String>>>,
    /// When it started (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Known<String>>,
    /// The states or key events in time order; present on a full trace only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<TimelineFact>>,
}

/// Facts a full contact trace and a `--recent` row share beyond [`TraceFacts`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactState {
    /// The contact is still active.
    pub active: Known<bool>,
    /// Its current state, while active.
    pub current_state: Option<String>,
    /// Every connected agent, in order.
    pub agents: Vec<String>,
    /// How many times it queued.
    pub queue_episodes: u64,
    /// The caller abandoned.
    pub abandoned: Known<bool>,
}

/// The facts of a traced `contact` subject (a contact, or a voice bot's master/spawned pair).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactFacts {
    /// What the trace view shows.
    #[serde(flatten)]
    pub trace: TraceFacts,
    /// The state and agents.
    #[serde(flatten)]
    pub state: ContactState,
    /// The id asked about.
    pub contact_id: String,
    /// Errors the contact records carry.
    pub errors: Vec<String>,
    /// Refusals the contact records carry.
    pub refused: Vec<String>,
    /// Required custom-data keys that are missing.
    pub missing_context: Vec<String>,
    /// What could not be read.
    pub missing: Vec<String>,
}

/// The facts of a `--recent` row (kind `contact`, no `timeline`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentFacts {
    /// What the trace view shows.
    #[serde(flatten)]
    pub trace: TraceFacts,
    /// The state and agents.
    #[serde(flatten)]
    pub state: ContactState,
    /// The row's contact (the master of a folded pair).
    pub contact_id: String,
    /// The voice-bot contacts folded into this row.
    pub spawned_contact_ids: Vec<String>,
}

/// A digital case's inbox assignee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignee {
    /// User id.
    pub id: Option<String>,
    /// `First Surname`.
    pub name: Option<String>,
    /// The user is a bot.
    pub is_bot: Option<bool>,
}

/// A message of a case by position and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageMark {
    /// 0-based position in the messages read.
    pub index: u64,
    /// RFC 3339 UTC, when it parsed.
    pub time: Option<String>,
}

/// Where a case was escalated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationFact {
    /// `bot-signal`, `status` or `first-non-bot-outbound`.
    pub source: String,
    /// 0-based position of the message, when a message marks it.
    pub index: Option<u64>,
    /// RFC 3339 UTC, when known.
    pub time: Option<String>,
}

/// The first message a human agent wrote on a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentMessage {
    /// 0-based position.
    pub index: u64,
    /// RFC 3339 UTC, when it parsed.
    pub time: Option<String>,
    /// The agent's user id.
    pub agent: Option<String>,
    /// The agent's name.
    pub agent_name: Option<String>,
}

/// The facts of a `case` subject (a digital conversation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseFacts {
    /// What the trace view shows.
    #[serde(flatten)]
    pub trace: TraceFacts,
    /// The case number.
    pub case_id: String,
    /// Its contact id.
    pub contact_id: Option<String>,
    /// Its interaction id.
    pub interaction_id: Option<String>,
    /// Its channel.
    pub channel_id: Option<String>,
    /// The routing queue it was escalated to.
    pub routing_queue_id: Option<String>,
    /// Who the case is assigned to.
    pub inbox_assignee: Option<Assignee>,
    /// The first bot message.
    pub first_bot_message: Option<MessageMark>,
    /// Where it was escalated.
    pub escalation: Option<EscalationFact>,
    /// The first human agent message.
    pub first_agent_message: Option<AgentMessage>,
    /// The routing queue's name, when it was looked up (`null`: not found).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_with::rust::double_option"
    )]
    pub routing_queue_name: Option<Option<String>>,
    /// The skill the routing queue routes to, when it was looked up.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_with::rust::double_option"
    )]
    pub routing_queue_skill_id: Option<Option<String>>,
    /// How `queueSeconds` is measured, when the queue was looked up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_seconds_measure: Option<String>,
}

/// Facts as a map, for tests and callers that add keys of their own.
pub fn to_map(facts: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(facts) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_values_and_unknowns_round_trip() {
        let k: Known<u64> = Known::Is(3);
        assert_eq!(serde_json::to_value(&k).unwrap(), json!(3));
        assert_eq!(
            serde_json::to_value(Known::<u64>::Unknown).unwrap(),
            json!("unknown")
        );
        let back: Known<String> = serde_json::from_value(json!("unknown")).unwrap();
        assert_eq!(back, Known::Unknown);
        assert_eq!(serde_json::to_value(Num(4.0)).unwrap().to_string(), "4");
        assert_eq!(serde_json::to_value(Num(62.5)).unwrap().to_string(), "62.5");
    }

    #[test]
    fn shown_rules() {
        let none: Option<u64> = None;
        assert_eq!(none.shown(), "-");
        assert_eq!(Known::<u64>::Unknown.shown(), "?");
        assert_eq!(Some(true).shown(), "yes");
        assert_eq!(Some(7u64).shown(), "7");
        assert_eq!(Some(Num(62.5)).shown(), "62.5");
        assert_eq!(seconds_text(&Known::Is(125u64)), "2m05s");
        assert_eq!(seconds_text(&Known::<u64>::Unknown), "?");
        assert_eq!(seconds_text(&none), "-");
    }
}
