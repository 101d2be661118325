//! What a contact's records, state histories and custom data show (the verdict is drawn in [`super::verdict`]).
//!
//! Shared by the full trace ([`super::contact`]) and by `--recent` rows ([`super::recent`]),
//! which have only the contact record.

use chrono::{DateTime, Utc};

use super::agents::AgentNames;
use super::queue::Judgment;
use super::time::{parse_time, seconds_between};
use super::timeline::{StateKind, TimelineEntry, classify_state, real_agent};
use crate::cxone::models::{Contact, CustomDataItem};

/// The agent id recorded when a record has agent time but no agent id.
pub const UNKNOWN_AGENT: &str = "unknown";

/// A skill as seen on a contact.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SkillRef {
    /// Skill id.
    pub id: Option<String>,
    /// Skill name.
    pub name: Option<String>,
}

impl SkillRef {
    /// `4242 (Billing Voice)`, `4242`, or `an unknown skill`; the name is taken from the
    /// judgments when the contact data lacks it.
    pub fn display(&self, skills: &[Judgment]) -> String {
        let name = self.name.clone().or_else(|| {
            let id = self.id.as_deref()?;
            skills
                .iter()
                .find(|j| j.skill_id == id)
                .and_then(|j| j.skill_name.clone())
        });
        match (&self.id, name) {
            (Some(id), Some(name)) => format!("{id} ({name})"),
            (Some(id), None) => id.clone(),
            (None, Some(name)) => name,
            (None, None) => "an unknown skill".into(),
        }
    }
}

/// One contact of the traced pair and what could be read of it.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// Its id.
    pub id: &'a str,
    /// The contact record.
    pub contact: &'a Contact,
    /// True when its state history was read (even if empty).
    pub history_read: bool,
}

/// Everything the verdict rests on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    /// Agents connected, distinct, in time order.
    pub agents: Vec<String>,
    /// The skill of the first agent connection.
    pub agent_skill: Option<SkillRef>,
    /// Whether it ever queued (`None`: unknown).
    pub queued: Option<bool>,
    /// Each stretch of queue states (a new one after a non-queue state or on a skill change).
    pub queue_episodes: Vec<(SkillRef, Option<f64>)>,
    /// Seconds in queue: the record's `inQueueSeconds` (largest of the pair), else the queue
    /// states' durations, else 0 when it never queued.
    pub queue_seconds: Option<f64>,
    /// The caller abandoned (`abandoned: true` or an `Abandoned` state).
    pub abandoned: Option<bool>,
    /// Refusals, described.
    pub refused: Vec<String>,
    /// Error evidence, described (custom data, end reason, error states).
    pub errors: Vec<String>,
    /// Still running (`None`: unknown).
    pub active: Option<bool>,
    /// Where it is now, when active: state, skill, since.
    pub current: Option<(String, StateKind, SkillRef, Option<DateTime<Utc>>)>,
    /// Why it ended.
    pub end_reason: Option<String>,
    /// Total seconds, or seconds before abandoning.
    pub total_seconds: Option<f64>,
    /// The skill to report: the last queued, else the agent's, else the record's.
    pub skill: SkillRef,
    /// What could not be read, for the inconclusive verdict and the data-missing finding.
    pub missing: Vec<String>,
    /// True when a distinct master contact exists but could not be read.
    pub master_unread: bool,
}

/// Is this custom-data item error evidence? Returns its description.
pub fn error_item(item: &CustomDataItem) -> Option<String> {
    let name = item.name.as_deref()?;
    let value = item.value.as_deref()?.trim();
    let norm: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let empty = matches!(
        value.to_ascii_lowercase().as_str(),
        "" | "0" | "false" | "null" | "none" | "undefined" | "{}" | "[]" | "ok" | "success"
    );
    let error_key = matches!(
        norm.as_str(),
        "err"
            | "error"
            | "errors"
            | "errdetails"
            | "errordetails"
            | "errordetail"
            | "errormessage"
            | "errormsg"
            | "errortext"
            | "errorcode"
            | "boterror"
            | "boterrordetails"
            | "lasterror"
            | "exception"
    );
    let error_branch = norm.contains("branch") && value.eq_ignore_ascii_case("error");
    ((error_key && !empty) || error_branch).then(|| {
        let shown: String = value.chars().take(120).collect();
        let more = if value.chars().count() > 120 {
            "…"
        } else {
            ""
        };
        format!("custom data {name} = \"{shown}{more}\"")
    })
}

/// A voice bot's spawned contact: its `masterContactId` names another contact.
fn is_spawned(c: &Contact) -> bool {
    let master = c.master_contact_id.as_deref().map(str::trim);
    master.is_some_and(|m| !m.is_empty() && !m.bytes().all(|b| b == b'0'))
        && master != c.contact_id.as_deref().map(str::trim)
}

fn is_error_reason(reason: &str) -> bool {
    let r = reason.to_ascii_lowercase();
    r.contains("error") || r.contains("exception")
}

/// Whether a contact still runs: ended when it has an end time or end reason, a terminal
/// state or last history state; running when its state or last history state is not
/// terminal; ended when only completed-shape fields are present; else unknown.
pub fn contact_active(c: &Contact, entries: &[&TimelineEntry]) -> Option<bool> {
    if c.contact_end.is_some()
        || c.end_reason
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
    {
        return Some(false);
    }
    if let Some(state) = &c.state_name {
        return Some(!classify_state(state).is_terminal());
    }
    if let Some(last) = entries.last() {
        return Some(!last.kind.is_terminal());
    }
    let completed_shape = c.abandoned.is_some()
        || c.in_queue_seconds.is_some()
        || c.agent_seconds.is_some()
        || c.total_duration_seconds.is_some();
    completed_shape.then_some(false)
}

/// The agent the record says handled the contact, when the state history cannot say:
/// `agentSeconds > 0`, or a real `agentId` with no refusal, no zero `agentSeconds`, and
/// (when the record has a state) a connected state.
fn record_agent(c: &Contact, history_has_entries: bool) -> Option<String> {
    let agent = real_agent(c.agent_id.as_deref())?;
    if c.agent_seconds.is_some_and(|s| s > 0.0) {
        return Some(agent);
    }
    if history_has_entries || c.agent_seconds.is_some() || c.is_refused == Some(true) {
        return None;
    }
    match &c.state_name {
        Some(state) => (classify_state(state) == StateKind::Connected).then_some(agent),
        None => Some(agent),
    }
}

/// Gather the evidence of a contact pair. `parts[0]` is the primary contact (the master when
/// it was read, else the contact asked about); `timeline` is the merged history of all
/// parts; `custom` the merged custom data (`None`: not read).
pub fn gather(
    parts: &[Part<'_>],
    timeline: &[TimelineEntry],
    custom: Option<&[CustomDataItem]>,
    names: &AgentNames,
) -> Evidence {
    let mut ev = Evidence::default();
    let Some(primary) = parts.first() else {
        ev.missing.push("the contact record".into());
        return ev;
    };
    let name_for = |id: &Option<String>, name: &Option<String>| -> SkillRef {
        let name = name.clone().or_else(|| {
            parts
                .iter()
                .find(|p| p.contact.skill_id.is_some() && p.contact.skill_id == *id)
                .and_then(|p| p.contact.skill_name.clone())
        });
        SkillRef {
            id: id.clone(),
            name,
        }
    };
    let entries_of =
        |id: &str| -> Vec<&TimelineEntry> { timeline.iter().filter(|e| e.contact == id).collect() };

    // agents
    for e in timeline.iter().filter(|e| e.is_agent_connected()) {
        let agent = e.agent.clone().unwrap_or_default();
        if ev.agent_skill.is_none() {
            ev.agent_skill = Some(name_for(&e.skill, &e.skill_name));
        }
        if !ev.agents.contains(&agent) {
            ev.agents.push(agent);
        }
    }
    for p in parts {
        let has_entries = !entries_of(p.id).is_empty();
        if let Some(agent) = record_agent(p.contact, has_entries)
            && !ev.agents.contains(&agent)
        {
            if ev.agent_skill.is_none() {
                ev.agent_skill = Some(name_for(&p.contact.skill_id, &p.contact.skill_name));
            }
            ev.agents.push(agent);
        }
    }

    // (a voice bot's spawned contact is `Active` with the bot, so its agent time is not an agent's)
    if ev.agents.is_empty()
        && let Some(p) = parts
            .iter()
            .find(|p| !is_spawned(p.contact) && p.contact.agent_seconds.is_some_and(|s| s > 0.0))
    {
        // agent time without an agent id: connected, but we cannot say to whom
        ev.agent_skill = Some(name_for(&p.contact.skill_id, &p.contact.skill_name));
        ev.agents.push(UNKNOWN_AGENT.into());
    }

    // queue episodes: a new one after a non-queue state of the same contact, or on a skill change
    let mut last: Vec<(&str, StateKind, Option<&str>)> = Vec::new();
    for e in timeline {
        let prev = last.iter_mut().find(|(c, _, _)| *c == e.contact);
        let continues = prev.as_ref().is_some_and(|(_, kind, skill)| {
            *kind == StateKind::Queue && *skill == e.skill.as_deref()
        });
        if e.kind == StateKind::Queue {
            if continues {
                if let Some((_, secs)) = ev.queue_episodes.last_mut() {
                    *secs = secs.zip(e.duration_seconds).map(|(a, b)| a + b);
                }
            } else {
                ev.queue_episodes
                    .push((name_for(&e.skill, &e.skill_name), e.duration_seconds));
            }
        }
        match prev {
            Some(p) => *p = (e.contact.as_str(), e.kind, e.skill.as_deref()),
            None => last.push((e.contact.as_str(), e.kind, e.skill.as_deref())),
        }
    }
    let record_queue = parts
        .iter()
        .filter_map(|p| p.contact.in_queue_seconds)
        .fold(None, |acc: Option<f64>, s| {
            Some(acc.map_or(s, |a| a.max(s)))
        });
    let primary_entries = entries_of(primary.id);
    // every contact has at least one state: a history read back empty means reporting lacks
    // the data, and `inQueueSeconds: 0` alone then does not show that it never queued
    let history_empty = primary.history_read && primary_entries.is_empty();
    ev.queued = if !ev.queue_episodes.is_empty() || record_queue.is_some_and(|s| s > 0.0) {
        Some(true)
    } else if !primary_entries.is_empty()
        || (primary.contact.in_queue_seconds == Some(0.0) && !history_empty)
    {
        Some(false)
    } else {
        None
    };
    if ev.queued == Some(true) && ev.queue_episodes.is_empty() {
        ev.queue_episodes.push((
            name_for(&primary.contact.skill_id, &primary.contact.skill_name),
            record_queue,
        ));
    }
    let episode_sum = ev
        .queue_episodes
        .iter()
        .try_fold(0.0, |acc, (_, s)| s.map(|s| acc + s));
    ev.queue_seconds = match (record_queue, ev.queued) {
        (Some(s), _) if s > 0.0 || ev.queue_episodes.is_empty() => Some(s),
        (_, Some(true)) => episode_sum.or(record_queue.filter(|s| *s > 0.0)),
        (_, Some(false)) => Some(0.0),
        _ => None,
    };

    // abandoned, refused, errors
    let abandoned_state = timeline.iter().any(|e| e.kind == StateKind::Abandoned);
    ev.abandoned = if abandoned_state || parts.iter().any(|p| p.contact.abandoned == Some(true)) {
        Some(true)
    } else {
        primary.contact.abandoned
    };
    for e in timeline.iter().filter(|e| e.kind == StateKind::Refused) {
        let who = e.agent.as_ref().map_or("an agent".to_string(), |a| {
            format!("agent {}", names.label(a))
        });
        ev.refused.push(format!(
            "{who} refused it at {} ({})",
            e.time_text(),
            e.state
        ));
    }
    if ev.refused.is_empty() {
        for p in parts.iter().filter(|p| p.contact.is_refused == Some(true)) {
            ev.refused.push(format!(
                "the record of contact {} says it was refused",
                p.id
            ));
        }
    }
    if let Some(items) = custom {
        ev.errors.extend(items.iter().filter_map(error_item));
    }
    for p in parts {
        if let Some(reason) = p
            .contact
            .end_reason
            .as_deref()
            .filter(|r| is_error_reason(r))
        {
            ev.errors
                .push(format!("contact {} ended with reason \"{reason}\"", p.id));
        }
    }
    for e in timeline.iter().filter(|e| e.kind == StateKind::Error) {
        ev.errors.push(format!(
            "contact {} entered state {} at {}",
            e.contact,
            e.state,
            e.time_text()
        ));
    }

    // where it is, how it ended
    ev.active = contact_active(primary.contact, &primary_entries);
    if ev.active == Some(true) {
        ev.current = match primary_entries.last() {
            Some(e) => Some((
                e.state.clone(),
                e.kind,
                name_for(&e.skill, &e.skill_name),
                e.at,
            )),
            None => primary.contact.state_name.as_ref().map(|s| {
                (
                    s.clone(),
                    classify_state(s),
                    name_for(&primary.contact.skill_id, &primary.contact.skill_name),
                    None,
                )
            }),
        };
    }
    ev.end_reason = parts.iter().find_map(|p| {
        p.contact
            .end_reason
            .clone()
            .filter(|r| !r.trim().is_empty())
    });
    let c = primary.contact;
    let span = c
        .contact_start
        .as_deref()
        .and_then(parse_time)
        .zip(c.contact_end.as_deref().and_then(parse_time))
        .map(|(a, b)| seconds_between(a, b));
    ev.total_seconds = c.total_duration_seconds.or(span).or(c.abandon_seconds);
    ev.skill = ev
        .queue_episodes
        .last()
        .map(|(s, _)| s.clone())
        .or_else(|| ev.agent_skill.clone())
        .unwrap_or_else(|| name_for(&primary.contact.skill_id, &primary.contact.skill_name));

    // what is missing
    for p in parts.iter().filter(|p| !p.history_read) {
        ev.missing
            .push(format!("the state history of contact {}", p.id));
    }
    if history_empty && ev.queued.is_none() {
        ev.missing.push(format!(
            "the state history of contact {}, which came back empty",
            primary.id
        ));
    }
    if custom.is_none() {
        ev.missing.push("the custom data".into());
    }
    ev
}

#[cfg(test)]
mod tests;
