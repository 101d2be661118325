//! The verdict drawn from a contact's evidence: exactly one diagnosis and one sentence saying why.

use chrono::{DateTime, Utc};

use super::diagnosis::Diagnosis;
use super::evidence::{Evidence, SkillRef, UNKNOWN_AGENT};
use super::queue::Judgment;
use super::time::{format_time, human_seconds, seconds_between};
use super::timeline::StateKind;

/// The verdict: the diagnosis, one sentence of evidence, and the skill judgment that caused
/// a `skill-unavailable` verdict. Order: an agent connected → handed-over; still active →
/// in-progress (skill-unavailable when waiting on a blocked skill); queued → skill-unavailable
/// on a blocked skill, else abandoned-in-queue (bot-error when it was not the caller who left
/// and error data explains the end); never queued → bot-error on error data, else
/// never-escalated; what cannot be told → inconclusive.
pub fn decide<'j>(
    ev: &Evidence,
    skills: &'j [Judgment],
    now: DateTime<Utc>,
) -> (Diagnosis, String, Option<&'j Judgment>) {
    let blocked = |s: &SkillRef| -> Option<&'j Judgment> {
        let id = s.id.as_deref()?;
        skills
            .iter()
            .find(|j| j.skill_id == id && j.blocker.is_some())
    };
    let queue_text = |q: Option<f64>| q.map_or_else(|| "an unknown time".into(), human_seconds);
    let still = if ev.active == Some(true) {
        "; the contact is still active"
    } else {
        ""
    };

    if let Some(agent) = ev.agents.first() {
        let skill = ev.agent_skill.as_ref().unwrap_or(&ev.skill).display(skills);
        let how = match ev.queue_seconds {
            Some(q) if q > 0.0 => format!(
                "answered on skill {skill} after {} in queue",
                human_seconds(q)
            ),
            Some(_) => format!("was connected on skill {skill} without queueing"),
            None => format!("was connected on skill {skill}"),
        };
        let who = if agent == UNKNOWN_AGENT {
            "An agent (id not recorded)".to_string()
        } else {
            format!("Agent {}", super::queue::agent_names(skills).label(agent))
        };
        return (Diagnosis::HandedOver, format!("{who} {how}{still}."), None);
    }

    if ev.active == Some(true) {
        let (state, kind, skill, since) = ev.current.clone().unwrap_or_else(|| {
            (
                "an unknown state".into(),
                StateKind::Other,
                ev.skill.clone(),
                None,
            )
        });
        if kind == StateKind::Queue
            && let Some(j) = blocked(&skill)
        {
            let b = j.blocker.map_or("cannot answer", |b| b.describe());
            return (
                Diagnosis::SkillUnavailable,
                format!(
                    "The contact is waiting in queue on skill {}, which {b}: no agent can be offered it.",
                    skill.display(skills)
                ),
                Some(j),
            );
        }
        let since = since.map_or(String::new(), |t| {
            format!(
                " since {} ({})",
                format_time(t),
                human_seconds(seconds_between(t, now))
            )
        });
        let on = if skill.id.is_some() {
            format!(" on skill {}", skill.display(skills))
        } else {
            String::new()
        };
        return (
            Diagnosis::InProgress,
            format!(
                "The contact is still active: {state}{on}{since}; no agent has been connected yet."
            ),
            None,
        );
    }

    let first_error = || {
        let more = match ev.errors.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        format!("{}{more}", ev.errors.first().map_or("", String::as_str))
    };

    if ev.queued == Some(true) {
        let (skill, _) = ev.queue_episodes.last().cloned().unwrap_or_default();
        if let Some(j) = blocked(&skill) {
            let b = j.blocker.map_or("cannot answer", |b| b.describe());
            return (
                Diagnosis::SkillUnavailable,
                format!(
                    "The contact queued on skill {}, which {b}, and ended after {} in queue without an agent.",
                    skill.display(skills),
                    queue_text(ev.queue_seconds)
                ),
                Some(j),
            );
        }
        if ev.active.is_none() && ev.abandoned != Some(true) {
            return inconclusive(ev, "it queued, but nothing says whether it has ended");
        }
        if ev.abandoned != Some(true) && !ev.errors.is_empty() {
            return (
                Diagnosis::BotError,
                format!(
                    "The contact queued on skill {}, then the script's error path ended it: {}.",
                    skill.display(skills),
                    first_error()
                ),
                None,
            );
        }
        let why = if ev.abandoned == Some(true) {
            "the caller abandoned".to_string()
        } else if let Some(r) = &ev.end_reason {
            format!("end reason \"{r}\"")
        } else {
            "no agent was connected".to_string()
        };
        return (
            Diagnosis::AbandonedInQueue,
            format!(
                "The contact queued on skill {} for {} and ended before any agent answered ({why}).",
                skill.display(skills),
                queue_text(ev.queue_seconds)
            ),
            None,
        );
    }

    if !ev.errors.is_empty() {
        return (
            Diagnosis::BotError,
            format!(
                "The bot or the script's error path ended the contact before it queued: {}.",
                first_error()
            ),
            None,
        );
    }
    if ev.master_unread {
        return inconclusive(
            ev,
            "the master contact (where a voice-bot contact queues) could not be read",
        );
    }
    match (ev.queued, ev.active) {
        (Some(false), Some(false)) => {
            let after = ev
                .total_seconds
                .map_or(String::new(), |t| format!(" after {}", human_seconds(t)));
            let text = if ev.abandoned == Some(true) {
                format!(
                    "The caller hung up{after} in the bot / IVR part; the contact was never queued."
                )
            } else {
                let reason = ev
                    .end_reason
                    .as_ref()
                    .map_or(String::new(), |r| format!(" (end reason \"{r}\")"));
                format!("The contact ended{after} without ever being queued{reason}.")
            };
            (Diagnosis::NeverEscalated, text, None)
        }
        (None, _) => inconclusive(
            ev,
            "the contact record alone does not say whether it queued",
        ),
        _ => inconclusive(ev, "nothing says whether the contact has ended"),
    }
}

fn inconclusive<'j>(ev: &Evidence, why: &str) -> (Diagnosis, String, Option<&'j Judgment>) {
    let missing = ev
        .missing
        .iter()
        .filter(|m| !m.contains("custom data"))
        .cloned()
        .collect::<Vec<_>>();
    let missing = if missing.is_empty() {
        String::new()
    } else {
        format!(" (missing: {})", missing.join(", "))
    };
    (
        Diagnosis::Inconclusive,
        format!("Cannot tell what happened: {why}{missing}."),
        None,
    )
}
