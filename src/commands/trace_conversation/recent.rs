//! `--recent`: the completed contacts of a window (every page), one diagnosis each, the skills
//! they queued on judged once each.
//!
//! Each row's diagnosis is the one `trace-conversation ID` gives: every kept row is traced in
//! full (record, state history, custom data, its voice-bot partner), the rows concurrently on
//! the client's bounded pool (`http.concurrency` requests in flight at most).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::since;
use crate::checks::recent::{recent_subject, summarize_recent};
use crate::commands::skills::is_fatal;
use crate::commands::skills::judge_skills;
use crate::config::rules::Rules;
use crate::cxone::Client;
use crate::cxone::endpoints::CompletedQuery;
use crate::report::Subject;
use crate::report::facts::Known;

/// What `--recent` lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Recent<'a> {
    /// Only contacts of this skill id.
    pub skill: Option<&'a str>,
    /// Window length in seconds, ending now.
    pub seconds: i64,
    /// Only contacts that abandoned.
    pub abandoned_only: bool,
}

/// The completed-contacts query for the window ending at `now`.
pub fn query(r: &Recent<'_>, now: DateTime<Utc>) -> CompletedQuery {
    let (start_date, end_date) = since::window(now, r.seconds);
    CompletedQuery {
        start_date,
        end_date,
        skill_id: r.skill.map(String::from),
    }
}

/// One subject per completed contact of the window (voice-bot pairs folded into the master's
/// row), then the subjects of the skills they queued on and of the `--skill` asked for.
/// `Err` when the tool cannot go on.
pub fn trace(
    client: &Client,
    r: &Recent<'_>,
    rules: &Rules,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Subject>> {
    let q = query(r, now);
    let contacts = match client.completed_contacts(&q) {
        Ok(c) => c.value,
        Err(e) if is_fatal(&e) => return Err(anyhow::Error::new(e)),
        Err(e) => {
            let mut s = Subject::new("contacts", "completed");
            s.error(e.finding());
            s.fact("startDate", q.start_date.clone());
            s.fact("endDate", q.end_date.clone());
            s.finish();
            return Ok(vec![s]);
        }
    };
    // which rows to keep, and the skills they queued on, before any skill is read
    let keep = |abandoned: bool| !r.abandoned_only || abandoned;
    let unjudged = summarize_recent(&contacts, &[], now);
    let kept: HashSet<String> = unjudged
        .iter()
        .filter(|row| keep(row.abandoned))
        .map(|row| row.contact_id.clone())
        .collect();
    let mut skill_ids: Vec<String> = Vec::new();
    for row in unjudged.iter().filter(|row| kept.contains(&row.contact_id)) {
        let queued = row.facts.state.queue_episodes > 0;
        if let Some(Known::Is(skill)) = &row.facts.trace.skill
            && queued
            && skill != "unknown"
            && !skill_ids.iter().any(|s| s == skill)
        {
            skill_ids.push(skill.to_string());
        }
    }
    // the skill asked for is judged even with no rows: an unknown id is `skill-not-found` (fail)
    if let Some(skill) = r.skill
        && !skill_ids.iter().any(|s| s == skill)
    {
        skill_ids.push(skill.to_string());
    }
    let judged = judge_skills(client, &skill_ids, &rules.queue, now)?;
    let rows: Vec<Subject> = summarize_recent(&contacts, &judged.judgments, now)
        .iter()
        .filter(|row| kept.contains(&row.contact_id))
        .map(recent_subject)
        .collect();
    let traced = client.map_concurrent(rows, |row| {
        let id = row.id.clone();
        let record = contacts
            .iter()
            .find(|c| c.contact_id.as_deref() == Some(id.as_str()))
            .cloned();
        super::acd::trace_with(client, &id, rules, now, &judged.judgments, record)
            .map(|subjects| with_trace(row, &id, subjects))
    });
    let mut subjects = Vec::with_capacity(traced.len());
    for row in traced {
        subjects.push(row?);
    }
    if subjects.is_empty() {
        let what = if r.abandoned_only {
            "abandoned contacts"
        } else {
            "contacts"
        };
        let skill = r.skill.map_or(String::new(), |s| format!(" on skill {s}"));
        crate::scrubbed_eprintln!(
            "note: no completed {what}{skill} between {} and {}",
            q.start_date,
            q.end_date
        );
    }
    subjects.extend(judged.subjects);
    Ok(subjects)
}

/// The row with the diagnosis of its single trace: the trace's findings, status, `diagnosis` and
/// `evidence` replace the list's (the list's own facts stay, for the table).
fn with_trace(mut row: Subject, id: &str, traced: Vec<Subject>) -> Subject {
    let Some(full) = traced
        .into_iter()
        .find(|s| s.kind == "contact" && s.id == id)
    else {
        return row;
    };
    for key in ["diagnosis", "evidence"] {
        if let Some(v) = full.facts.get(key) {
            row.facts.insert(key.to_string(), v.clone());
        }
    }
    row.findings = full.findings;
    row.errored = full.errored;
    row.finish();
    row
}
