//! Tracing one digital (DFO) case: the case and every page of its messages read in one pass,
//! scanned once; its routing queue resolved with `GET {dfo}/routing-queues?id[]=` to the skill
//! it routes to (docs/cxone-api.md §11.3), and that skill judged. A routing-queue id is never sent to
//! `/skills/{id}`.

use chrono::{DateTime, Utc};

use crate::checks::case::{QueueLookup, analyze_case_with, case_subject, routing_queue_id};
use crate::checks::codes;
use crate::checks::digital::MessageScan;
use crate::commands::skills::is_fatal;
use crate::commands::skills::judge_skills;
use crate::config::rules::Rules;
use crate::cxone::models::DfoContact;
use crate::cxone::{ApiError, Client};
use crate::report::{Finding, Subject};

/// A `fail` subject for a case number the tenant does not know (404): judged, and wrong.
pub fn case_not_found_subject(case_number: &str) -> Subject {
    let evidence = format!("Digital case {case_number} was not found on the tenant (404).");
    let mut s = Subject::new("case", case_number);
    s.push(
        Finding::new(&codes::CASE_NOT_FOUND, evidence.clone())
            .hint("Check the number for a typo, and that the profile points at the right tenant and business unit (`--profile`). --digital takes the Digital Experience case number (the contactNumber), not the ACD contact id: trace an ACD contact id without --digital"),
    );
    s.fact("diagnosis", crate::checks::contact::NOT_FOUND_DIAGNOSIS);
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

/// Look up the case's routing queue: `Err` only when the run cannot go on.
fn lookup_queue(client: &Client, case: &DfoContact) -> Result<QueueLookup, ApiError> {
    let Some(id) = routing_queue_id(case) else {
        return Ok(QueueLookup::NotRead);
    };
    match client.routing_queue(id) {
        Ok(queue) => Ok(queue.map_or(QueueLookup::Unknown, QueueLookup::Found)),
        Err(e) if is_fatal(&e) => Err(e),
        Err(e) => Ok(QueueLookup::Failed(e.message())),
    }
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
        let queue = case.as_ref().ok().map(|c| lookup_queue(client, c));
        let judged = queue.as_ref().map(|q| match q {
            Ok(lookup) => {
                let ids: Vec<String> = lookup.skill_id().map(String::from).into_iter().collect();
                judge_skills(client, &ids, &rules.queue, now)
            }
            Err(e) => Err(anyhow::Error::new(e.clone())),
        });
        let queue = queue.and_then(Result::ok).unwrap_or(QueueLookup::NotRead);
        (case, (queue, judged), messages.join())
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
    let (queue, judged) = judged;
    let judged = judged.transpose()?.unwrap_or_default();
    if case.id.is_none() {
        case.id = Some(case_number.to_string());
    }
    let verdict = analyze_case_with(&case, &scan, &queue, judged.judgments.first(), rules, now);
    let mut subjects = vec![case_subject(&verdict)];
    subjects.extend(judged.subjects);
    Ok(subjects)
}
