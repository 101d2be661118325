//! Tracing one ACD contact: the contact, its state history and custom data, the voice-bot
//! master or spawned contact that pairs with it, and the skills it queued on.
//!
//! Requests go in rounds, each round concurrent: the contact; then its history and custom data
//! with the master's three resources (or, for a contact that is its own master, the completed
//! contacts of its lifetime, to find a spawned bot contact); then a found spawned contact's
//! history and custom data; then the skills.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::checks::contact::{
    ContactInput, contact_not_found_subject, contact_subject, diagnose_contact, master_to_follow,
    sentinel_subject,
};
use crate::checks::queue::Judgment;
use crate::checks::time::{format_time, parse_time};
use crate::commands::skills::is_fatal;
use crate::commands::skills::judge_skills;
use crate::config::rules::Rules;
use crate::cxone::endpoints::CompletedQuery;
use crate::cxone::models::{Contact, CustomDataItem, StateChange};
use crate::cxone::{ApiError, Client};
use crate::report::{Finding, Severity, Subject};

/// One read of the second and third rounds.
enum Job {
    Record(String),
    History(String),
    Custom(String),
    Spawned(String, CompletedQuery),
}

/// Its answer.
enum Got {
    Record(Box<Result<Contact, ApiError>>),
    History(Result<Vec<StateChange>, ApiError>),
    Custom(Result<Vec<CustomDataItem>, ApiError>),
    Spawned(Result<Vec<Contact>, ApiError>),
}

fn run(client: &Client, job: Job) -> Got {
    match job {
        Job::Record(id) => Got::Record(Box::new(client.contact(&id).map(|c| c.value))),
        Job::History(id) => Got::History(
            client
                .state_history(&id)
                .map(|c| c.value.contact_state_history),
        ),
        Job::Custom(id) => {
            Got::Custom(client.custom_data(&id).map(|c| c.value.contact_custom_data))
        }
        Job::Spawned(master, q) => Got::Spawned(client.completed_contacts(&q).map(|c| {
            c.value
                .into_iter()
                .filter(|k| {
                    k.master_contact_id.as_deref() == Some(master.as_str())
                        && k.contact_id.as_deref().is_some_and(|id| id != master)
                })
                .collect()
        })),
    }
}

/// What was read of one contact (the asked one's record is kept apart).
#[derive(Default)]
struct Side {
    record: Option<Contact>,
    history: Option<Vec<StateChange>>,
    custom: Option<Vec<CustomDataItem>>,
}

/// Collects answers: fatal errors stop the trace, others become warnings on the subject.
struct Reads<'a> {
    notes: &'a mut Vec<Finding>,
}

impl Reads<'_> {
    fn keep<T>(&mut self, what: &str, r: Result<T, ApiError>) -> anyhow::Result<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(e) if is_fatal(&e) => Err(anyhow::Error::new(e)),
            Err(e) => {
                self.notes.push(not_read(what, &e));
                Ok(None)
            }
        }
    }
}

/// A warning that part of the trace could not be read, carrying the API error.
fn not_read(what: &str, e: &ApiError) -> Finding {
    let mut f = e.finding().severity(Severity::Warn);
    f.message = format!("Could not read {what}: {}", f.message);
    f
}

/// The completed contacts to search for a spawned bot contact of `c`: its own lifetime.
/// `None` while it is active or when its start is unknown.
fn spawned_window(c: &Contact, now: DateTime<Utc>) -> Option<CompletedQuery> {
    let start = parse_time(c.contact_start.as_deref()?)?;
    let end = c.contact_end.as_deref().and_then(parse_time).or_else(|| {
        c.total_duration_seconds
            .map(|s| start + Duration::milliseconds((s * 1000.0) as i64))
    })?;
    let end = (end + Duration::seconds(1)).min(now.max(start + Duration::seconds(1)));
    Some(CompletedQuery {
        start_date: format_time(start),
        end_date: format_time(end),
        skill_id: None,
    })
}

/// The spawned contact to pair with a master: the last one to start.
fn latest(spawned: &[Contact]) -> Option<&Contact> {
    spawned.iter().max_by_key(|c| {
        (
            c.contact_start.as_deref().and_then(parse_time),
            c.contact_id.clone(),
        )
    })
}

/// Trace one ACD contact: its subject (a pair when it has a voice-bot partner) and the
/// subjects of the skills it queued on. `Err` when the tool cannot go on (exit 3).
pub fn trace(
    client: &Client,
    contact_id: &str,
    rules: &Rules,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Subject>> {
    trace_with(client, contact_id, rules, now, &[], None)
}

/// [`trace`] reusing what the caller already read: skill judgments (`known`, e.g. `--recent`'s,
/// judged once for every row; skills not among them are read and judged as [`trace`] does, and
/// only those get a subject) and the contact's record (`record`, e.g. its `/contacts/completed`
/// row, so `GET /contacts/{id}` is not sent again).
pub fn trace_with(
    client: &Client,
    contact_id: &str,
    rules: &Rules,
    now: DateTime<Utc>,
    known: &[Judgment],
    record: Option<Contact>,
) -> anyhow::Result<Vec<Subject>> {
    if let Some(s) = sentinel_subject(contact_id) {
        return Ok(vec![s]);
    }
    let read = match record {
        Some(c) => Ok(c),
        None => client.contact(contact_id).map(|c| c.value),
    };
    let contact = match read {
        Ok(c) => c,
        // a failed login (a 404 from the token endpoint included) is fatal, never "not found":
        // only the API's own 404 for the contact says it does not exist
        Err(e) if is_fatal(&e) => return Err(anyhow::Error::new(e)),
        Err(e) if e.is_not_found() => return Ok(vec![contact_not_found_subject(contact_id)]),
        Err(e) => {
            let mut s = Subject::new("contact", contact_id);
            s.error(e.finding());
            s.fact("contactId", contact_id);
            s.finish();
            return Ok(vec![s]);
        }
    };
    let mut notes = Vec::new();
    let master_id = master_to_follow(&contact).map(String::from);

    // round 2: the contact's history and custom data, with the master's, or the spawned search
    let mut jobs = vec![
        Job::History(contact_id.to_string()),
        Job::Custom(contact_id.to_string()),
    ];
    match &master_id {
        Some(m) => jobs.extend([
            Job::Record(m.clone()),
            Job::History(m.clone()),
            Job::Custom(m.clone()),
        ]),
        None => {
            if let Some(q) = spawned_window(&contact, now) {
                jobs.push(Job::Spawned(contact_id.to_string(), q));
            }
        }
    }
    let mut asked = Side::default();
    let mut other = Side::default();
    let mut spawned: Vec<Contact> = Vec::new();
    let master_text = master_id
        .as_deref()
        .map(|m| format!("master contact {m}"))
        .unwrap_or_default();
    // a master whose record or history could not be read leaves the handover unknown: its
    // failures make the subject error, not a warning beside a verdict
    let mut master_failures = Vec::new();
    let mut reads = Reads { notes: &mut notes };
    let mut master_reads = Reads {
        notes: &mut master_failures,
    };
    for (i, got) in client
        .map_concurrent(jobs, |j| run(client, j))
        .into_iter()
        .enumerate()
    {
        // the first two jobs are the asked contact's history and custom data
        let mine = i < 2;
        let who = if mine {
            format!("contact {contact_id}")
        } else {
            master_text.clone()
        };
        match got {
            Got::History(r) if mine => {
                asked.history = reads.keep(&format!("the state history of {who}"), r)?;
            }
            Got::History(r) => {
                other.history = master_reads.keep(&format!("the state history of {who}"), r)?;
            }
            Got::Custom(r) => {
                let c = reads.keep(&format!("the custom data of {who}"), r)?;
                if mine {
                    asked.custom = c;
                } else {
                    other.custom = c;
                }
            }
            Got::Record(r) => {
                other.record = master_reads.keep(&format!("the record of {who}"), *r)?;
            }
            Got::Spawned(r) => {
                let what = format!("the completed contacts that could be spawned by {contact_id}");
                spawned = reads.keep(&what, r)?.unwrap_or_default();
            }
        }
    }

    // round 3: the spawned bot contact's history and custom data
    let child = latest(&spawned).cloned();
    if let Some(child) = &child {
        let id = child.contact_id.clone().unwrap_or_default();
        let who = format!("spawned contact {id}");
        for got in client.map_concurrent(
            vec![Job::History(id.clone()), Job::Custom(id.clone())],
            |j| run(client, j),
        ) {
            match got {
                Got::History(r) => {
                    other.history = reads.keep(&format!("the state history of {who}"), r)?;
                }
                Got::Custom(r) => {
                    other.custom = reads.keep(&format!("the custom data of {who}"), r)?;
                }
                Got::Record(_) | Got::Spawned(_) => {}
            }
        }
    }

    // the pair: (contact, master) is (asked, its master) or (its spawned contact, asked)
    let child_id = child.as_ref().and_then(|c| c.contact_id.clone());
    let mut input = match (&child, &child_id) {
        (Some(ch), Some(cid)) => {
            let mut input = ContactInput::new(cid, ch, now);
            input.history = other.history.as_deref();
            input.custom_data = other.custom.as_deref();
            input.master = Some(&contact);
            input.master_history = asked.history.as_deref();
            input.master_custom_data = asked.custom.as_deref();
            input
        }
        _ => {
            let mut input = ContactInput::new(contact_id, &contact, now);
            input.history = asked.history.as_deref();
            input.custom_data = asked.custom.as_deref();
            if master_id.is_some() {
                input.master = other.record.as_ref();
                input.master_history = other.history.as_deref();
                input.master_custom_data = other.custom.as_deref();
            }
            input
        }
    };
    let skill_ids = input.skill_ids();
    let missing: Vec<String> = skill_ids
        .iter()
        .filter(|id| !known.iter().any(|j| &j.skill_id == *id))
        .cloned()
        .collect();
    let judged = judge_skills(client, &missing, &rules.queue, now)?;
    let mut judgments: Vec<Judgment> = known
        .iter()
        .filter(|j| skill_ids.contains(&j.skill_id))
        .cloned()
        .collect();
    judgments.extend(judged.judgments.iter().cloned());
    input.skills = &judgments;
    let verdict = diagnose_contact(&input, rules);

    let mut subject = contact_subject(&verdict);
    let spawned_ids: Vec<Value> = spawned
        .iter()
        .filter_map(|c| c.contact_id.clone())
        .map(Value::from)
        .collect();
    if child_id.is_some() {
        subject.id = contact_id.to_string();
        subject.fact("contactId", contact_id);
        subject.fact("masterContactId", Value::Null);
    }
    subject.fact("spawnedContactIds", Value::Array(spawned_ids));
    subject.findings.extend(notes);
    for f in master_failures {
        subject.error(f.severity(Severity::Fail));
    }
    subject.finish();

    let mut subjects = vec![subject];
    subjects.extend(judged.subjects);
    Ok(subjects)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(start: Option<&str>, end: Option<&str>) -> Contact {
        Contact {
            contact_start: start.map(String::from),
            contact_end: end.map(String::from),
            ..Contact::default()
        }
    }

    #[test]
    fn the_spawned_search_covers_the_contacts_lifetime() {
        let now = parse_time("2026-05-01T12:00:00Z").unwrap();
        let q = spawned_window(
            &contact(
                Some("2026-05-01T10:00:00.000Z"),
                Some("2026-05-01T10:05:00Z"),
            ),
            now,
        )
        .unwrap();
        assert_eq!(q.start_date, "2026-05-01T10:00:00Z");
        assert_eq!(q.end_date, "2026-05-01T10:05:01Z");
        assert!(spawned_window(&contact(Some("2026-05-01T10:00:00Z"), None), now).is_none());
        assert!(spawned_window(&contact(None, Some("2026-05-01T10:05:00Z")), now).is_none());
        let by_duration = Contact {
            total_duration_seconds: Some(60.0),
            ..contact(Some("2026-05-01T10:00:00Z"), None)
        };
        assert_eq!(
            spawned_window(&by_duration, now).unwrap().end_date,
            "2026-05-01T10:01:01Z"
        );
    }

    #[test]
    fn the_latest_spawned_contact_pairs() {
        let a = Contact {
            contact_id: Some("1".into()),
            ..contact(Some("2026-05-01T10:00:00Z"), None)
        };
        let b = Contact {
            contact_id: Some("2".into()),
            ..contact(Some("2026-05-01T10:01:00Z"), None)
        };
        assert_eq!(
            latest(&[b.clone(), a.clone()])
                .unwrap()
                .contact_id
                .as_deref(),
            Some("2")
        );
        assert!(latest(&[]).is_none());
    }
}
