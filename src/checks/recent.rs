//! `--recent` rows: one diagnosis per completed contact from the contact record alone, voice-bot pairs folded together.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::contact::{common_facts, master_to_follow};
use super::diagnosis::Diagnosis;
use super::evidence::{Part, gather};
use super::queue::Judgment;
use super::time::normalize_time;
use super::verdict::decide;
use crate::cxone::models::Contact;
use crate::report::Subject;
use crate::report::facts::RecentFacts;

/// One row of a `--recent` list.
///
/// Facts (camelCase): `diagnosis`, `evidence`, `contactId`, `masterContactId` (string or
/// `null`), `spawnedContactIds` (array: the voice-bot contacts folded into this row), `start`,
/// `skill`, `skillName`, `agent`, `agents`, `queueSeconds`, `queueEpisodes`, `abandoned`,
/// `endReason`, `active`, `currentState` (as on a full trace). There is no `timeline`: that
/// is how the trace view tells a row from a full trace.
#[derive(Debug, Clone, PartialEq)]
pub struct RecentRow {
    /// The contact id of the row (the master of a folded pair).
    pub contact_id: String,
    /// The verdict from the record(s) alone.
    pub diagnosis: Diagnosis,
    /// One sentence of evidence.
    pub evidence: String,
    /// The record says the caller abandoned (for `--abandoned-only`).
    pub abandoned: bool,
    /// The facts listed above.
    pub facts: RecentFacts,
}

/// Summarise completed contacts, one row per contact in the order given. A spawned contact
/// whose master is in the list is folded into the master's row (the master is where a voice
/// bot's contact queues); one whose master is not in the list is judged alone, and is
/// inconclusive rather than never-escalated. `skills` (optional judgments of the skills
/// involved) turn queue verdicts into skill-unavailable where a skill has a blocker.
pub fn summarize_recent(
    contacts: &[Contact],
    skills: &[Judgment],
    now: DateTime<Utc>,
) -> Vec<RecentRow> {
    let ids: Vec<String> = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.contact_id
                .clone()
                .unwrap_or_else(|| format!("#{}", i + 1))
        })
        .collect();
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); contacts.len()];
    let mut folded = vec![false; contacts.len()];
    for (i, c) in contacts.iter().enumerate() {
        if let Some(&m) = master_to_follow(c).and_then(|m| index.get(m))
            && m != i
        {
            children[m].push(i);
            folded[i] = true;
        }
    }
    let names = super::queue::agent_names(skills);
    let mut rows = Vec::new();
    for (i, c) in contacts.iter().enumerate() {
        if folded[i] {
            continue;
        }
        let mut parts = vec![Part {
            id: &ids[i],
            contact: c,
            history_read: false,
        }];
        parts.extend(children[i].iter().map(|&k| Part {
            id: &ids[k],
            contact: &contacts[k],
            history_read: false,
        }));
        let mut ev = gather(&parts, &[], None, &names);
        ev.missing.clear();
        let master = master_to_follow(c).filter(|m| !index.contains_key(m));
        if let Some(m) = master {
            ev.master_unread = true;
            ev.missing
                .push(format!("master contact {m} (not in this list)"));
        }
        let (diagnosis, evidence, _) = decide(&ev, skills, now);
        let (mut trace, state) = common_facts(&ev, skills);
        trace.diagnosis = Some(diagnosis.as_str().into());
        trace.evidence = Some(evidence.clone());
        trace.master_contact_id = Some(master.map(String::from));
        trace.start = Some(c.contact_start.as_deref().map(normalize_time).into());
        let facts = RecentFacts {
            trace,
            state,
            contact_id: ids[i].clone(),
            spawned_contact_ids: children[i].iter().map(|&k| ids[k].clone()).collect(),
        };
        rows.push(RecentRow {
            contact_id: ids[i].clone(),
            diagnosis,
            evidence,
            abandoned: ev.abandoned == Some(true),
            facts,
        });
    }
    rows
}

/// The report subject of a row: kind `contact`, the verdict finding, the row's facts.
pub fn recent_subject(row: &RecentRow) -> Subject {
    let mut s = Subject::new("contact", &row.contact_id);
    s.push(row.diagnosis.finding(row.evidence.clone(), false));
    s.set_facts(&row.facts);
    s.finish();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::contact::tests::judgment;
    use crate::checks::time::parse_time;
    use crate::report::Status;
    use crate::report::facts::to_map;

    fn done(id: &str) -> Contact {
        Contact {
            contact_id: Some(id.into()),
            master_contact_id: Some(id.into()),
            skill_id: Some("4242".into()),
            contact_start: Some("2026-05-01T10:00:00.000Z".into()),
            contact_end: Some("2026-05-01T10:05:00.000Z".into()),
            end_reason: Some("Contact Hung Up".into()),
            abandoned: Some(false),
            in_queue_seconds: Some(0.0),
            agent_seconds: Some(0.0),
            ..Default::default()
        }
    }

    fn now() -> DateTime<Utc> {
        parse_time("2026-05-01T12:00:00Z").unwrap()
    }

    #[test]
    fn one_row_per_contact_with_its_verdict() {
        let contacts = vec![
            Contact {
                agent_id: Some("1201".into()),
                agent_seconds: Some(120.0),
                in_queue_seconds: Some(40.0),
                ..done("1")
            },
            Contact {
                abandoned: Some(true),
                in_queue_seconds: Some(95.0),
                ..done("2")
            },
            done("3"),
            Contact {
                abandoned: Some(true),
                ..done("4")
            },
            Contact {
                end_reason: Some("Script Error".into()),
                ..done("5")
            },
            Contact {
                contact_id: Some("6".into()),
                ..Default::default()
            },
            Contact {
                master_contact_id: Some("8".into()),
                skill_id: Some("9000".into()),
                ..done("7")
            },
            Contact {
                agent_id: Some("1202".into()),
                agent_seconds: Some(60.0),
                in_queue_seconds: Some(10.0),
                ..done("8")
            },
            Contact {
                master_contact_id: Some("99".into()),
                ..done("9")
            },
        ];
        let rows = summarize_recent(&contacts, &[], now());
        let got: Vec<(&str, Diagnosis)> = rows
            .iter()
            .map(|r| (r.contact_id.as_str(), r.diagnosis))
            .collect();
        assert_eq!(
            got,
            [
                ("1", Diagnosis::HandedOver),
                ("2", Diagnosis::AbandonedInQueue),
                ("3", Diagnosis::NeverEscalated),
                ("4", Diagnosis::NeverEscalated),
                ("5", Diagnosis::BotError),
                ("6", Diagnosis::Inconclusive),
                ("8", Diagnosis::HandedOver),
                ("9", Diagnosis::Inconclusive),
            ]
        );
        assert!(rows[1].abandoned && rows[3].abandoned && !rows[0].abandoned);
        assert_eq!(
            to_map(&rows[6].facts)["spawnedContactIds"],
            serde_json::json!(["7"])
        );
        assert_eq!(to_map(&rows[7].facts)["masterContactId"], "99");
        assert!(
            rows[7]
                .evidence
                .contains("master contact 99 (not in this list)"),
            "{}",
            rows[7].evidence
        );
        assert_eq!(to_map(&rows[1].facts)["queueSeconds"], 95);
        assert_eq!(to_map(&rows[0].facts)["agent"], "1201");
        assert_eq!(to_map(&rows[0].facts)["start"], "2026-05-01T10:00:00Z");
        assert!(to_map(&rows[0].facts).get("timeline").is_none());
        let statuses: Vec<Status> = rows.iter().map(|r| recent_subject(r).status).collect();
        assert_eq!(statuses[0], Status::Pass);
        assert_eq!(statuses[1], Status::Fail);
        assert_eq!(statuses[5], Status::Warn);
    }

    #[test]
    fn skill_judgments_mark_dead_skills() {
        let contacts = [Contact {
            abandoned: Some(true),
            in_queue_seconds: Some(300.0),
            ..done("1")
        }];
        let rows = summarize_recent(&contacts, &[judgment("inactive")], now());
        assert_eq!(rows[0].diagnosis, Diagnosis::SkillUnavailable);
    }
}
