//! A contact's timeline: state names classified, and the state histories of a contact pair merged in time order.

use chrono::{DateTime, Utc};

use super::time::{format_time, parse_time, seconds_between};
use crate::cxone::models::StateChange;
use crate::report::facts::{Num, TimelineFact};

/// What a contact state means for the handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateKind {
    /// `PreQueue`: the IVR / bot / script part.
    PreQueue,
    /// `Inqueue` / `InQueue` / `Queued`: waiting on a skill.
    Queue,
    /// `Routing`: being offered to an agent.
    Routing,
    /// `Active`, `Hold`, `Conference`, `Consult`: with an agent when the entry has an agent id.
    Connected,
    /// `PostQueue`: the script after the queue or agent part.
    PostQueue,
    /// `Refused`: an agent refused or missed the offer.
    Refused,
    /// `Abandoned`: the caller left.
    Abandoned,
    /// `EndContact`, `End`, `Disconnected`, ...: ended.
    End,
    /// Any state whose name mentions an error.
    Error,
    /// Anything else (passed through).
    Other,
}

impl StateKind {
    /// True for states after which the contact no longer runs.
    pub fn is_terminal(self) -> bool {
        matches!(self, StateKind::End | StateKind::Abandoned)
    }
}

/// Classify a contact state name, case-insensitively and ignoring punctuation.
pub fn classify_state(name: &str) -> StateKind {
    let norm: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match norm.as_str() {
        "prequeue" => StateKind::PreQueue,
        "inqueue" | "queue" | "queued" | "inqueued" => StateKind::Queue,
        "routing" => StateKind::Routing,
        "active" | "hold" | "onhold" | "conference" | "consult" | "activeconsult" => {
            StateKind::Connected
        }
        "postqueue" => StateKind::PostQueue,
        "refused" => StateKind::Refused,
        "abandoned" | "abandon" => StateKind::Abandoned,
        "endcontact" | "end" | "ended" | "disconnected" | "released" | "closed" | "completed" => {
            StateKind::End
        }
        n if n.contains("error") => StateKind::Error,
        _ => StateKind::Other,
    }
}

/// A real agent id: absent, empty, `0` and negative ids mean "no agent".
pub fn real_agent(id: Option<&str>) -> Option<String> {
    let id = id?.trim();
    let none = id.is_empty() || id.starts_with('-') || id.bytes().all(|b| b == b'0');
    (!none).then(|| id.to_string())
}

/// One state of one contact.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// When the state started, when known.
    pub at: Option<DateTime<Utc>>,
    /// The start as sent, when it did not parse.
    pub raw_time: Option<String>,
    /// The state name as sent (`unknown` when missing).
    pub state: String,
    /// What the state means.
    pub kind: StateKind,
    /// Skill id.
    pub skill: Option<String>,
    /// Skill name.
    pub skill_name: Option<String>,
    /// Agent id (only real ones, see [`real_agent`]).
    pub agent: Option<String>,
    /// Seconds in the state: the `duration` sent, else until the contact's next state.
    pub duration_seconds: Option<f64>,
    /// The contact this state belongs to.
    pub contact: String,
}

impl TimelineEntry {
    /// True when an agent was connected in this state.
    pub fn is_agent_connected(&self) -> bool {
        self.kind == StateKind::Connected && self.agent.is_some()
    }

    /// The start time for people and JSON: `2026-05-01T10:00:03Z`, the raw text, or `unknown`.
    pub fn time_text(&self) -> String {
        match (self.at, &self.raw_time) {
            (Some(t), _) => format_time(t),
            (None, Some(raw)) => raw.clone(),
            (None, None) => "unknown".into(),
        }
    }

    /// The fact shape: `{time, state, skill, skillName, agent, agentName, durationSeconds,
    /// contact}`; `time` is as [`TimelineEntry::time_text`], missing skill / agent / name /
    /// duration are `null`.
    pub fn to_fact(&self) -> TimelineFact {
        self.to_fact_named(|_| None)
    }

    /// [`TimelineEntry::to_fact`] with `agentName`: the name `name_of` gives the entry's agent
    /// (`null` without an agent or a name).
    pub fn to_fact_named<'n>(&self, name_of: impl Fn(&str) -> Option<&'n str>) -> TimelineFact {
        TimelineFact {
            time: self.time_text(),
            state: self.state.clone(),
            skill: self.skill.clone(),
            skill_name: self.skill_name.clone(),
            agent: self.agent.clone(),
            agent_name: self.agent.as_deref().and_then(name_of).map(String::from),
            duration_seconds: self.duration_seconds.map(Num),
            contact: self.contact.clone(),
        }
    }
}

/// The timeline of one contact's history: ordered by `stateIndex` when every state has one
/// (else as sent), durations filled from the next state's start when missing.
pub fn contact_timeline(contact_id: &str, history: &[StateChange]) -> Vec<TimelineEntry> {
    let mut states: Vec<&StateChange> = history.iter().collect();
    if states.iter().all(|s| s.state_index.is_some()) {
        states.sort_by(|a, b| {
            a.state_index
                .unwrap_or(0.0)
                .total_cmp(&b.state_index.unwrap_or(0.0))
        });
    }
    let mut entries: Vec<TimelineEntry> = states
        .iter()
        .map(|s| {
            let at = s.start_date.as_deref().and_then(parse_time);
            let state = s
                .contact_state_name
                .clone()
                .unwrap_or_else(|| "unknown".into());
            TimelineEntry {
                at,
                raw_time: if at.is_none() {
                    s.start_date.clone()
                } else {
                    None
                },
                kind: classify_state(&state),
                state,
                skill: s.skill_id.clone().filter(|id| id != "0"),
                skill_name: s.skill_name.clone(),
                agent: real_agent(s.agent_id.as_deref()),
                duration_seconds: s.duration.filter(|d| d.is_finite() && *d >= 0.0),
                contact: s
                    .contact_id
                    .clone()
                    .unwrap_or_else(|| contact_id.to_string()),
            }
        })
        .collect();
    for i in 0..entries.len().saturating_sub(1) {
        if entries[i].duration_seconds.is_none()
            && let (Some(a), Some(b)) = (entries[i].at, entries[i + 1].at)
        {
            entries[i].duration_seconds = Some(seconds_between(a, b));
        }
    }
    entries
}

/// Merge the timelines of several contacts (master first): by start time when every state
/// has one (stable, so ties keep the given order), else one contact after the other.
pub fn merge_timelines(parts: Vec<Vec<TimelineEntry>>) -> Vec<TimelineEntry> {
    let mut all: Vec<TimelineEntry> = parts.into_iter().flatten().collect();
    if all.iter().all(|e| e.at.is_some()) {
        all.sort_by_key(|e| e.at);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(index: u32, name: &str, start: &str, agent: Option<&str>) -> StateChange {
        StateChange {
            state_index: Some(f64::from(index)),
            contact_state_name: Some(name.into()),
            start_date: Some(start.into()),
            agent_id: agent.map(String::from),
            skill_id: Some("4242".into()),
            ..Default::default()
        }
    }

    #[test]
    fn state_names_classify() {
        let cases = [
            ("PreQueue", StateKind::PreQueue),
            ("Inqueue", StateKind::Queue),
            ("InQueue", StateKind::Queue),
            ("Routing", StateKind::Routing),
            ("Active", StateKind::Connected),
            ("Hold", StateKind::Connected),
            ("PostQueue", StateKind::PostQueue),
            ("Refused", StateKind::Refused),
            ("Abandoned", StateKind::Abandoned),
            ("EndContact", StateKind::End),
            ("ScriptError", StateKind::Error),
            ("Parked", StateKind::Other),
        ];
        for (name, kind) in cases {
            assert_eq!(classify_state(name), kind, "{name}");
        }
        assert!(StateKind::Abandoned.is_terminal() && !StateKind::PostQueue.is_terminal());
        assert_eq!(real_agent(Some("0")), None);
        assert_eq!(real_agent(Some("-1")), None);
        assert_eq!(real_agent(Some(" ")), None);
        assert_eq!(real_agent(Some("1201")).as_deref(), Some("1201"));
    }

    #[test]
    fn orders_by_index_fills_durations_and_merges_by_time() {
        let master = [
            change(2, "Inqueue", "2026-05-01T10:01:00Z", None),
            change(1, "PreQueue", "2026-05-01T10:00:00Z", None),
            change(3, "Active", "2026-05-01T10:02:30Z", Some("1201")),
        ];
        let mut spawned = vec![change(1, "Active", "2026-05-01T10:00:05Z", Some("0"))];
        spawned[0].duration = Some(50.0);
        let m = contact_timeline("100", &master);
        assert_eq!(m[0].state, "PreQueue");
        assert_eq!(m[0].duration_seconds, Some(60.0));
        assert_eq!(m[1].duration_seconds, Some(90.0));
        assert_eq!(m[2].duration_seconds, None);
        assert!(m[2].is_agent_connected());
        let s = contact_timeline("101", &spawned);
        assert!(!s[0].is_agent_connected(), "agent id 0 is no agent");
        let merged = merge_timelines(vec![m, s]);
        let order: Vec<(&str, &str)> = merged
            .iter()
            .map(|e| (e.contact.as_str(), e.state.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("100", "PreQueue"),
                ("101", "Active"),
                ("100", "Inqueue"),
                ("100", "Active")
            ]
        );
        let fact = crate::report::facts::to_map(&merged[1].to_fact());
        assert_eq!(fact["durationSeconds"], 50);
        assert_eq!(fact["agent"], serde_json::Value::Null);
        assert_eq!(fact["time"], "2026-05-01T10:00:05Z");
    }

    #[test]
    fn unparseable_times_keep_the_order_sent() {
        let h = [
            StateChange {
                contact_state_name: Some("PreQueue".into()),
                start_date: Some("soon".into()),
                ..Default::default()
            },
            StateChange {
                contact_state_name: None,
                ..Default::default()
            },
        ];
        let t = contact_timeline("7", &h);
        assert_eq!(t[0].time_text(), "soon");
        assert_eq!(t[1].time_text(), "unknown");
        assert_eq!(t[1].state, "unknown");
        let merged = merge_timelines(vec![t.clone(), contact_timeline("8", &[])]);
        assert_eq!(merged, t);
    }
}
