//! The live objects of a running tenant: skills, agents, contacts with their state history, and digital cases.

use chrono::{DateTime, Utc};

use super::scenario::{ActivitySpec, AssignmentSpec, Author, Media, SkillSpec};

/// A skill and when it last changed (for `updatedSince`).
#[derive(Debug, Clone)]
pub struct SkillRt {
    /// As written.
    pub spec: SkillSpec,
    /// Last change.
    pub updated: DateTime<Utc>,
}

impl SkillRt {
    /// The live activity settings.
    pub fn activity(&self) -> &ActivitySpec {
        &self.spec.activity
    }
}

/// An agent and its live state.
#[derive(Debug, Clone)]
pub struct AgentRt {
    /// Agent id.
    pub id: u64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// User active.
    pub active: bool,
    /// State name as given (Available, Unavailable, LoggedOut, InboundContact, ...).
    pub state: String,
    /// Unavailable code.
    pub out_state: Option<String>,
    /// In after-call work.
    pub acw: bool,
    /// Team name.
    pub team: Option<String>,
    /// Skill assignments.
    pub assignments: Vec<AssignmentSpec>,
    /// Current contact.
    pub contact: Option<u64>,
    /// Skill of the current contact.
    pub skill: Option<u64>,
    /// When the state started.
    pub since: DateTime<Utc>,
}

impl AgentRt {
    /// Logged in: any state but LoggedOut.
    pub fn logged_in(&self) -> bool {
        !self.state.eq_ignore_ascii_case("LoggedOut")
    }

    /// Available for a contact.
    pub fn available(&self) -> bool {
        self.state.eq_ignore_ascii_case("Available")
    }

    /// Has an active assignment to `skill`.
    pub fn assigned_active(&self, skill: u64) -> bool {
        self.assignments
            .iter()
            .any(|a| a.skill == skill && a.active)
    }
}

/// One state of a contact's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Hist {
    /// State name.
    pub state: String,
    /// Start.
    pub start: DateTime<Utc>,
    /// Seconds; `None` while it is the open, current state.
    pub seconds: Option<f64>,
    /// Skill.
    pub skill: Option<u64>,
    /// Agent.
    pub agent: Option<u64>,
}

/// An ACD contact.
#[derive(Debug, Clone)]
pub struct ContactRt {
    /// Contact id.
    pub id: u64,
    /// Master contact (for spawned contacts).
    pub master: Option<u64>,
    /// Media.
    pub media: Media,
    /// Point of contact name.
    pub poc: Option<String>,
    /// Caller address.
    pub from: Option<String>,
    /// Dialled address.
    pub to: Option<String>,
    /// Current or last skill.
    pub skill: Option<u64>,
    /// Current or last agent.
    pub agent: Option<u64>,
    /// Active.
    pub active: bool,
    /// Abandoned.
    pub abandoned: bool,
    /// `abandonSeconds` override.
    pub abandon_seconds: Option<f64>,
    /// End reason.
    pub end_reason: Option<String>,
    /// `inQueueSeconds` override.
    pub queue_seconds: Option<f64>,
    /// Refused by an agent.
    pub refused: bool,
    /// Start.
    pub start: DateTime<Utc>,
    /// End, once completed.
    pub end: Option<DateTime<Utc>>,
    /// State history.
    pub history: Vec<Hist>,
    /// Custom data, in order.
    pub custom: Vec<(String, String)>,
    /// Skill an Escalate queues it on.
    pub escalation_skill: Option<u64>,
    /// Routing delay override.
    pub routing_delay_ms: Option<u64>,
    /// When routing may hand it to an agent (set only for contacts queued at run time).
    pub route_at: Option<DateTime<Utc>>,
    /// Linked digital case.
    pub case: Option<u64>,
    /// Last change.
    pub updated: DateTime<Utc>,
}

impl ContactRt {
    /// The current (active) or last state name.
    pub fn state_name(&self) -> &str {
        self.history
            .last()
            .map_or(if self.active { "Active" } else { "EndContact" }, |h| {
                h.state.as_str()
            })
    }

    /// Seconds spent in states named `names` up to `now` (the open state counts until now).
    pub fn seconds_in(&self, names: &[&str], now: DateTime<Utc>) -> f64 {
        self.history
            .iter()
            .filter(|h| names.contains(&h.state.as_str()))
            .map(|h| h.seconds.unwrap_or_else(|| secs_between(h.start, now)))
            .fold(0.0, |total, s| total + s)
    }

    /// Close the open state at `now` and open `state`.
    pub fn push_state(
        &mut self,
        state: &str,
        now: DateTime<Utc>,
        skill: Option<u64>,
        agent: Option<u64>,
    ) {
        if let Some(last) = self.history.last_mut()
            && last.seconds.is_none()
        {
            last.seconds = Some(secs_between(last.start, now));
        }
        self.history.push(Hist {
            state: state.to_string(),
            start: now,
            seconds: None,
            skill,
            agent,
        });
        self.updated = now;
    }

    /// End the contact at `now` with `reason`.
    pub fn finish(&mut self, now: DateTime<Utc>, reason: &str) {
        self.push_state("EndContact", now, self.skill, None);
        if let Some(last) = self.history.last_mut() {
            last.seconds = Some(0.0);
        }
        self.active = false;
        self.end = Some(now);
        self.route_at = None;
        self.end_reason = Some(reason.to_string());
    }
}

/// Seconds from `a` to `b`, 0 when negative.
pub fn secs_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    ((b - a).num_milliseconds() as f64 / 1000.0).max(0.0)
}

/// Who a case is assigned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    /// Nobody.
    Nobody,
    /// The bot user.
    Bot,
    /// An agent.
    Agent(u64),
}

/// One digital message.
#[derive(Debug, Clone)]
pub struct MessageRt {
    /// Message id.
    pub id: String,
    /// Author.
    pub author: Author,
    /// Agent, for agent messages.
    pub agent: Option<u64>,
    /// Text.
    pub text: String,
    /// Created.
    pub at: DateTime<Utc>,
}

/// One digital case.
#[derive(Debug, Clone)]
pub struct CaseRt {
    /// Case number.
    pub number: u64,
    /// ACD contact id.
    pub contact_id: Option<u64>,
    /// Interaction id.
    pub interaction_id: String,
    /// Channel id.
    pub channel: String,
    /// Status.
    pub status: String,
    /// Routing queue (skill).
    pub routing_queue: Option<u64>,
    /// A `routingQueueId` served as is instead of the skill's queue.
    pub routing_queue_id: Option<String>,
    /// Inbox assignee.
    pub assignee: Assignee,
    /// Thread id.
    pub thread_id: String,
    /// Created.
    pub created: DateTime<Utc>,
    /// Last status change.
    pub status_updated: DateTime<Utc>,
    /// Customer display name.
    pub customer: String,
    /// Customer id on the external platform.
    pub customer_id: String,
    /// Messages per page.
    pub page_size: usize,
    /// Messages, oldest first.
    pub messages: Vec<MessageRt>,
}
