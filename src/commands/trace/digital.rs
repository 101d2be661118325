//! Tracing one digital (DFO) case: the case and every page of its messages read in one pass,
//! scanned once, and its routing queue judged as a skill.

use chrono::{DateTime, Utc};

use super::skills::judge_skills;
use crate::checks::case::{analyze_case, case_subject, routing_skill_id};
use crate::checks::codes;
use crate::checks::digital::MessageScan;
use crate::commands::skills::is_fatal;
use crate::config::rules::Rules;
use crate::cxone::{ApiError, Client};
use crate::report::{Finding, Subject};

/// A `fail` subject for a case number the tenant does not know (404): judged, and wrong.
pub fn case_not_found_subject(case_number: &str) -> Subject {
    let evidence = format!("Digital case {case_number} was not found on the tenant (404).");
    let mut s = Subject::new("case", case_number);
    s.push(
        Finding::new(&codes::CONTACT_NOT_FOUND, evidence.clone())
            .hint("Check the number: --digital takes the case number of Digital Experience (the contactNumber), not the ACD contact id; trace an ACD contact id without --digital"),
    );
    s.fact("diagnosis", "inconclusive");
    s.fact("evidence", evidence);
    s.fact("caseId", case_number);
    s.fact("timeline", serde_json::Value::Array(Vec::new()));
    s.finish();
    s
}

fn error_subject(case_number: &str, e: &ApiError) -> Subject {
    let mut s = Subject::new("case", case_number);
    s.error(e.finding());
    s.fact("caseId", case_number);
    s.finish();
    s
}

/// Trace one digital case: its subject and the routing queue's skill subject.
/// `Err` when the tool cannot go on (exit 3).
pub fn trace(
    client: &Client,
    case_number: &str,
    rules: &Rules,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Subject>> {
    // the messages are paged one after the other (each page names the next): read them on
    // their own thread while the case is read and its routing queue judged
    let (case, judged, messages) = std::thread::scope(|scope| {
        let messages = scope.spawn(|| client.dfo_messages(case_number).map(|c| c.value));
        let case = client.dfo_contact(case_number).map(|c| c.value);
        let judged = case.as_ref().ok().map(|c| {
            let ids: Vec<String> = routing_skill_id(c).map(String::from).into_iter().collect();
            judge_skills(client, &ids, &rules.queue, now)
        });
        (case, judged, messages.join())
    });
    let messages = messages.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let mut case = match case {
        Ok(c) => c,
        Err(e) if is_fatal(&e) => return Err(anyhow::Error::new(e)),
        Err(e) if e.is_not_found() => return Ok(vec![case_not_found_subject(case_number)]),
        Err(e) => return Ok(vec![error_subject(case_number, &e)]),
    };
    let scan = match messages {
        Ok(list) => MessageScan::of(&list),
        Err(e) if is_fatal(&e) => return Err(anyhow::Error::new(e)),
        Err(e) => return Ok(vec![error_subject(case_number, &e)]),
    };
    let judged = judged.transpose()?.unwrap_or_default();
    if case.id.is_none() {
        case.id = Some(case_number.to_string());
    }
    let verdict = analyze_case(&case, &scan, judged.judgments.first(), rules, now);
    let mut subjects = vec![case_subject(&verdict)];
    subjects.extend(judged.subjects);
    Ok(subjects)
}
