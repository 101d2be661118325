//! Contact diagnosis (issue 5): where exactly did the handover of one ACD contact (or voice master/spawned pair) break?

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::codes;
use super::diagnosis::Diagnosis;
use super::evidence::{Evidence, Part, gather};
use super::queue::Judgment;
use super::time::{human_seconds, normalize_time, seconds_between};
use super::timeline::{StateKind, classify_state, contact_timeline, merge_timelines};
use super::verdict::decide;
use crate::config::rules::Rules;
use crate::cxone::models::{Contact, CustomDataItem, StateChange};
use crate::report::facts::{ContactFacts, ContactState, Known, Num, TraceFacts};
use crate::report::{Finding, Severity, Subject};

/// The contact id Cognigy's CXone extension uses when it has no real one: the Escalate signal
/// is skipped, so nothing reaches CXone.
pub const SENTINEL_CONTACT_ID: &str = "100000000000";

/// True for Cognigy's placeholder contact id.
pub fn is_sentinel(contact_id: &str) -> bool {
    contact_id.trim() == SENTINEL_CONTACT_ID
}

/// Call before any request: a failing subject (diagnosis `never-escalated`, code
/// `contact-id-sentinel`) when `contact_id` is the placeholder, else `None`.
pub fn sentinel_subject(contact_id: &str) -> Option<Subject> {
    if !is_sentinel(contact_id) {
        return None;
    }
    let evidence = format!(
        "Contact id {SENTINEL_CONTACT_ID} is Cognigy's placeholder, not a CXone contact: with it the Escalate signal is skipped, so the handover never reached CXone."
    );
    let mut s = Subject::new("contact", contact_id.trim());
    s.push(
        Finding::new(&codes::CONTACT_ID_SENTINEL, evidence.clone())
            .hint("Map the X-InContact-ContactId / X-InContact-MasterId SIP headers (voice) or the session's contact id into the Exit Interaction node's Main and Spawned Contact ID fields"),
    );
    s.fact("diagnosis", Diagnosis::NeverEscalated.as_str());
    s.fact("evidence", evidence);
    s.fact("contactId", contact_id.trim());
    s.fact("timeline", Value::Array(Vec::new()));
    s.finish();
    Some(s)
}

/// The `diagnosis` fact of a contact or case that does not exist: not a diagnosis of a
/// conversation (the verdict is the `contact-not-found` / `case-not-found` finding, fail, exit 1).
pub const NOT_FOUND_DIAGNOSIS: &str = "not-found";

/// A `fail` subject for a contact id the tenant does not know (404): judged, and wrong;
/// diagnosis `not-found`. A read that failed otherwise (5xx, timeout, 403) is an `error`
/// subject or exit 3, never this.
pub fn contact_not_found_subject(contact_id: &str) -> Subject {
    let evidence = format!("Contact {contact_id} was not found on the tenant (404).");
    let mut s = Subject::new("contact", contact_id);
    s.push(
        Finding::new(&codes::CONTACT_NOT_FOUND, evidence.clone())
            .hint("Check the id for a typo, and that the profile points at the right tenant and business unit (`--profile`). It must be an ACD contact id: a digital case number goes with `--digital`, a Cognigy session id is not a CXone id. A contact older than the reporting retention window is gone; list what exists with `--recent --since 1d`. A contact of the last minutes may not have reached reporting yet: run again"),
    );
    s.fact("diagnosis", NOT_FOUND_DIAGNOSIS);
    s.fact("evidence", evidence);
    s.fact("contactId", contact_id);
    s.fact("timeline", Value::Array(Vec::new()));
    s.finish();
    s
}

/// A warning that a skill the conversation involved has problems now (its warn and fail messages).
pub fn skill_unhealthy(j: &Judgment) -> Finding {
    let problems: Vec<&str> = j
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warn)
        .map(|f| f.message.as_str())
        .collect();
    Finding::new(
        &codes::CONTACT_SKILL_UNHEALTHY,
        format!("Skill {} now: {}", j.display_name(), problems.join("; ")),
    )
    .hint(format!(
        "Run `cxone-diag queue-health {}` for the details",
        j.skill_id
    ))
}

/// The master contact to fetch as well: the record's `masterContactId` when it is a real id
/// other than the contact's own (a voice bot's spawned contact points at the caller's).
pub fn master_to_follow(contact: &Contact) -> Option<&str> {
    let master = contact.master_contact_id.as_deref()?.trim();
    let real = !master.is_empty() && !master.bytes().all(|b| b == b'0') && !is_sentinel(master);
    (real && Some(master) != contact.contact_id.as_deref().map(str::trim)).then_some(master)
}

/// Everything read for one contact. `None` means "not read".
#[derive(Debug, Clone, Copy)]
pub struct ContactInput<'a> {
    /// The id asked about.
    pub contact_id: &'a str,
    /// `GET /contacts/{id}`.
    pub contact: &'a Contact,
    /// `GET /contacts/{id}/state-history`.
    pub history: Option<&'a [StateChange]>,
    /// `GET /contacts/{id}/custom-data`.
    pub custom_data: Option<&'a [CustomDataItem]>,
    /// The master contact, when [`master_to_follow`] named one and it was read.
    pub master: Option<&'a Contact>,
    /// The master's state history.
    pub master_history: Option<&'a [StateChange]>,
    /// The master's custom data.
    pub master_custom_data: Option<&'a [CustomDataItem]>,
    /// Queue judgments of the skills in [`ContactInput::skill_ids`] (any order; may be empty).
    pub skills: &'a [Judgment],
    /// The caller's clock (for "in queue since" of active contacts).
    pub now: DateTime<Utc>,
}

impl<'a> ContactInput<'a> {
    /// An input with only the contact record; set the other fields as they are read.
    pub fn new(contact_id: &'a str, contact: &'a Contact, now: DateTime<Utc>) -> Self {
        ContactInput {
            contact_id,
            contact,
            history: None,
            custom_data: None,
            master: None,
            master_history: None,
            master_custom_data: None,
            skills: &[],
            now,
        }
    }

    /// The skills the contact (pair) queued on, to judge with the queue-health checks before
    /// diagnosing: queue states' skills, else the record's skill when it spent time in queue
    /// or is in queue now. Distinct, in order.
    pub fn skill_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        let mut add = |id: Option<&str>| {
            if let Some(id) = id.filter(|id| !id.is_empty() && *id != "0")
                && !ids.iter().any(|i| i == id)
            {
                ids.push(id.to_string());
            }
        };
        let records = [Some(self.contact), self.master];
        let histories = [self.history, self.master_history];
        for h in histories.into_iter().flatten() {
            for s in h {
                if s.contact_state_name.as_deref().map(classify_state) == Some(StateKind::Queue) {
                    add(s.skill_id.as_deref());
                }
            }
        }
        for c in records.into_iter().flatten() {
            let queued = c.in_queue_seconds.is_some_and(|s| s > 0.0)
                || c.state_name.as_deref().map(classify_state) == Some(StateKind::Queue);
            if queued {
                add(c.skill_id.as_deref());
            }
        }
        ids
    }
}

/// The diagnosis of one contact (pair): the verdict, its evidence, every finding and the facts.
///
/// Facts (camelCase): `diagnosis` (see [`Diagnosis::as_str`]), `evidence` (one sentence),
/// `contactId`, `masterContactId` (string, or `null` when the contact is its own master),
/// `active` (bool or `"unknown"`), `currentState` (string or `null`), `skill`, `skillName`
/// (string or `"unknown"`), `agent` (first connected agent id or `null`), `agents` (array),
/// `queueSeconds` (number or `"unknown"`), `queueEpisodes` (integer), `abandoned` (bool or
/// `"unknown"`), `endReason` (string; `null` while active; `"unknown"` when not sent),
/// `start` (RFC 3339 or `"unknown"`), `errors`, `refused`, `missingContext`, `missing`
/// (arrays of strings), and `timeline`: an array of
/// `{time, state, skill, skillName, agent, durationSeconds, contact}` in time order (see
/// [`super::timeline::TimelineEntry::to_fact`]). The presence of `timeline` marks a full
/// trace (the `--recent` rows have none).
#[derive(Debug, Clone, PartialEq)]
pub struct ContactVerdict {
    /// The id asked about (the subject id).
    pub contact_id: String,
    /// The verdict.
    pub diagnosis: Diagnosis,
    /// One sentence of evidence (also the verdict finding's message and `facts.evidence`).
    pub evidence: String,
    /// The verdict finding first, then the supporting ones.
    pub findings: Vec<Finding>,
    /// The facts listed above.
    pub facts: ContactFacts,
}

/// Diagnose a contact and, for a voice bot's spawned contact, its master together.
pub fn diagnose_contact(input: &ContactInput<'_>, rules: &Rules) -> ContactVerdict {
    let asked = input.contact_id;
    let master_id = master_to_follow(input.contact);
    let mut parts = Vec::new();
    let mut timelines = Vec::new();
    if let Some(master) = input.master {
        let id = master_id
            .or(master.contact_id.as_deref())
            .unwrap_or("master");
        parts.push(Part {
            id,
            contact: master,
            history_read: input.master_history.is_some(),
        });
        timelines.push(contact_timeline(id, input.master_history.unwrap_or(&[])));
    }
    parts.push(Part {
        id: asked,
        contact: input.contact,
        history_read: input.history.is_some(),
    });
    timelines.push(contact_timeline(asked, input.history.unwrap_or(&[])));
    let timeline = merge_timelines(timelines);
    let custom: Option<Vec<CustomDataItem>> = match (input.master_custom_data, input.custom_data) {
        (None, None) => None,
        (a, b) => Some(
            a.unwrap_or(&[])
                .iter()
                .chain(b.unwrap_or(&[]))
                .cloned()
                .collect(),
        ),
    };
    let names = super::queue::agent_names(input.skills);
    let mut ev = gather(&parts, &timeline, custom.as_deref(), &names);
    if let (Some(id), None) = (master_id, input.master) {
        ev.master_unread = true;
        ev.missing.insert(0, format!("master contact {id}"));
    }
    let (diagnosis, evidence, cause) = decide(&ev, input.skills, input.now);

    let mut findings = vec![diagnosis.finding(evidence.clone(), false)];
    let wait_now = current_queue_wait(&ev, input.now);
    supporting_findings(
        &mut findings,
        &ev,
        diagnosis,
        cause,
        input.skills,
        rules,
        wait_now,
    );
    let missing_context = missing_context(custom.as_deref(), &rules.trace.required_context);
    if let Some(keys) = &missing_context
        && !keys.is_empty()
    {
        findings.push(
            Finding::new(
                &codes::CONTACT_CONTEXT_MISSING,
                format!(
                    "Custom data lacks required context: {} (required: {})",
                    keys.join(", "),
                    rules.trace.required_context.join(", ")
                ),
            )
            .hint("Set these keys in the Studio script, or pass them in the bot's Escalate params, before requesting an agent; adjust rules.trace.required_context if they are not needed"),
        );
    }
    if diagnosis != Diagnosis::Inconclusive && !ev.missing.is_empty() {
        let unchecked = if custom.is_none() {
            "; required context and error data were not checked"
        } else {
            ""
        };
        findings.push(Finding::new(
            &codes::CONTACT_DATA_MISSING,
            format!("Not read: {}{unchecked}", ev.missing.join(", ")),
        ));
    }

    let (mut trace, state) = common_facts(&ev, input.skills);
    let primary = input.master.unwrap_or(input.contact);
    trace.diagnosis = Some(diagnosis.as_str().into());
    trace.evidence = Some(evidence.clone());
    trace.master_contact_id = Some(master_id.map(String::from));
    trace.start = Some(primary.contact_start.as_deref().map(normalize_time).into());
    trace.agent_name = Some(
        ev.agents
            .first()
            .and_then(|a| names.get(a))
            .map(String::from),
    );
    trace.timeline = Some(
        timeline
            .iter()
            .map(|e| e.to_fact_named(|a| names.get(a)))
            .collect(),
    );
    let facts = ContactFacts {
        trace,
        state,
        contact_id: asked.to_string(),
        errors: ev.errors.clone(),
        refused: ev.refused.clone(),
        missing_context: missing_context.unwrap_or_default(),
        missing: ev.missing.clone(),
    };
    ContactVerdict {
        contact_id: asked.to_string(),
        diagnosis,
        evidence,
        findings,
        facts,
    }
}

/// Facts shared by full traces and `--recent` rows: the skill, agent, queue time and end
/// reason the trace view shows, and the contact's state.
pub(crate) fn common_facts(ev: &Evidence, skills: &[Judgment]) -> (TraceFacts, ContactState) {
    let skill_name = ev.skill.name.clone().or_else(|| {
        let id = ev.skill.id.as_deref()?;
        skills
            .iter()
            .find(|j| j.skill_id == id)
            .and_then(|j| j.skill_name.clone())
    });
    let end_reason = match (&ev.end_reason, ev.active) {
        (Some(r), _) => Some(Known::Is(r.clone())),
        (None, Some(true)) => None,
        (None, _) => Some(Known::Unknown),
    };
    let trace = TraceFacts {
        skill: Some(ev.skill.id.clone().into()),
        skill_name: Some(skill_name.into()),
        agent: Some(ev.agents.first().cloned()),
        queue_seconds: Some(ev.queue_seconds.map(Num).into()),
        end_reason: Some(end_reason),
        ..TraceFacts::default()
    };
    let state = ContactState {
        active: ev.active.into(),
        current_state: ev.current.as_ref().map(|c| c.0.clone()),
        agents: ev.agents.clone(),
        queue_episodes: ev.queue_episodes.len() as u64,
        abandoned: ev.abandoned.into(),
    };
    (trace, state)
}

/// Seconds an active contact has been in its current queue state.
fn current_queue_wait(ev: &Evidence, now: DateTime<Utc>) -> Option<f64> {
    let (_, kind, _, since) = ev.current.as_ref()?;
    (*kind == StateKind::Queue).then(|| since.map(|t| seconds_between(t, now)))?
}

/// The required keys that are absent or empty (case-insensitive names); `None` when the
/// custom data was not read.
pub fn missing_context(
    custom: Option<&[CustomDataItem]>,
    required: &[String],
) -> Option<Vec<String>> {
    let custom = custom?;
    Some(
        required
            .iter()
            .filter(|key| {
                !custom.iter().any(|item| {
                    item.name
                        .as_deref()
                        .is_some_and(|n| n.trim().eq_ignore_ascii_case(key.trim()))
                        && item.value.as_deref().is_some_and(|v| !v.trim().is_empty())
                })
            })
            .cloned()
            .collect(),
    )
}

fn supporting_findings(
    findings: &mut Vec<Finding>,
    ev: &Evidence,
    diagnosis: Diagnosis,
    cause: Option<&Judgment>,
    skills: &[Judgment],
    rules: &Rules,
    wait_now: Option<f64>,
) {
    if !ev.errors.is_empty() && diagnosis != Diagnosis::BotError {
        findings.push(
            Finding::new(
                &codes::CONTACT_BOT_ERROR_SEEN,
                format!("Error data was seen although the contact went on: {}", ev.errors.join("; ")),
            )
            .hint("Read the error value: the bot exchange failed at least once and the error branch carried on"),
        );
    }
    if !ev.refused.is_empty() {
        findings.push(
            Finding::new(&codes::CONTACT_REFUSED, format!("The contact was refused: {}", ev.refused.join("; ")))
                .hint("Check the agent's state handling and the skill's requireManualAccept setting and refusal timeout"),
        );
    }
    let wait = if diagnosis == Diagnosis::InProgress {
        wait_now.or(ev.queue_seconds)
    } else {
        ev.queue_seconds
    };
    if matches!(diagnosis, Diagnosis::HandedOver | Diagnosis::InProgress)
        && let Some(w) = wait
        && w > rules.queue.max_wait_s as f64
    {
        findings.push(
            Finding::new(
                &codes::CONTACT_LONG_WAIT,
                format!("The contact waited {} in queue on skill {} (limit {}s)", human_seconds(w), ev.skill.display(skills), rules.queue.max_wait_s),
            )
            .hint("Check the skill's staffing with `queue-health SKILL`; raise rules.queue.max_wait_s if such waits are acceptable"),
        );
    }
    let agents_moved = ev.agents.len() > 1;
    if ev.queue_episodes.len() > 1 || agents_moved {
        let skills_path: Vec<String> = ev
            .queue_episodes
            .iter()
            .map(|(s, _)| s.display(skills))
            .collect();
        let mut parts = Vec::new();
        if ev.queue_episodes.len() > 1 {
            parts.push(format!(
                "queued {} times: {}",
                ev.queue_episodes.len(),
                skills_path.join(" → ")
            ));
        }
        if agents_moved {
            parts.push(format!("connected to agents {}", ev.agents.join(" → ")));
        }
        findings.push(Finding::new(
            &codes::CONTACT_TRANSFERRED,
            format!("The contact moved: {}", parts.join("; ")),
        ));
    }
    if matches!(
        diagnosis,
        Diagnosis::AbandonedInQueue | Diagnosis::InProgress | Diagnosis::SkillUnavailable
    ) {
        let queued_on: Vec<&str> = ev
            .queue_episodes
            .iter()
            .filter_map(|(s, _)| s.id.as_deref())
            .collect();
        for j in skills
            .iter()
            .filter(|j| queued_on.contains(&j.skill_id.as_str()))
        {
            if Some(j) == cause || j.worst() < Severity::Warn {
                continue;
            }
            findings.push(skill_unhealthy(j));
        }
    }
}

/// The report subject of a diagnosed contact (kind `contact`, id as asked; facts as
/// documented on [`ContactVerdict`]).
pub fn contact_subject(verdict: &ContactVerdict) -> Subject {
    let mut s = Subject::new("contact", &verdict.contact_id);
    s.findings = verdict.findings.clone();
    s.set_facts(&verdict.facts);
    s.finish();
    s
}

#[cfg(test)]
pub(crate) mod tests;
