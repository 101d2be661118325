//! The handover call through the one client (its retry policy decides what is resent), and the
//! judgment of its attempts: every attempt with its status, latency, `Retry-After` and wait.

use serde_json::{Value, json};

use crate::cxone::call::Attempt;
use crate::cxone::models::CreatedContact;
use crate::cxone::{ApiError, Call, Client};
use crate::report::{Finding, Subject};

use super::codes;
use super::plan::Request;

/// What an accepted handover created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    /// The ACD contact it created (work item, digital conversation), when the answer says.
    pub created: Option<String>,
    /// The digital case it created or extended.
    pub case: Option<String>,
}

fn id_at(v: &Value, pointer: &str) -> Option<String> {
    match v.pointer(pointer)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Send `request` once through the client (which retries only what its policy allows).
/// The request is [`Request::write`], the same value the plan and `--dry-run` show.
pub fn send(client: &Client, request: &Request) -> Result<Call<Sent>, ApiError> {
    let answer = client.send(&request.write())?;
    Ok(answer.map(|v| match request {
        Request::Signal { .. } => Sent::default(),
        Request::WorkItem(_) => Sent {
            created: serde_json::from_value::<CreatedContact>(v)
                .ok()
                .and_then(|c| c.contact_id),
            case: None,
        },
        Request::Digital { .. } => Sent {
            created: id_at(&v, "/consumerContact/contactId"),
            case: id_at(&v, "/consumerContact/id"),
        },
    }))
}

/// One line per attempt: `attempt 1: 503 in 3 ms, Retry-After 1 s, waited 1000 ms`.
pub fn attempt_lines(log: &[Attempt]) -> Vec<String> {
    log.iter()
        .enumerate()
        .map(|(i, a)| {
            let what = match (a.status, &a.error) {
                (Some(s), _) => s.to_string(),
                (None, Some(e)) => format!("no answer ({e})"),
                (None, None) => "no answer".to_string(),
            };
            let mut line = format!("attempt {}: {what} in {} ms", i + 1, a.latency_ms);
            if let Some(r) = a.retry_after_ms {
                line.push_str(&format!(", Retry-After {}", seconds(r)));
            }
            if let Some(w) = a.waited_ms {
                line.push_str(&format!(", waited {w} ms"));
            }
            line
        })
        .collect()
}

fn seconds(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// The attempt facts: `attempts`, `statuses` (null for no answer), `attemptLog`
/// (`{attempt, status, latencyMs, retryAfterMs, waitedMs, error}`), `latencyMs` (the whole call).
pub fn attempt_facts(s: &mut Subject, log: &[Attempt], elapsed_ms: u64) {
    s.fact("attempts", log.len());
    s.fact(
        "statuses",
        log.iter().map(|a| json!(a.status)).collect::<Vec<_>>(),
    );
    s.fact(
        "attemptLog",
        log.iter()
            .enumerate()
            .map(|(i, a)| {
                json!({
                    "attempt": i + 1,
                    "status": a.status,
                    "latencyMs": a.latency_ms,
                    "retryAfterMs": a.retry_after_ms,
                    "waitedMs": a.waited_ms,
                    "error": a.error,
                })
            })
            .collect::<Vec<_>>(),
    );
    s.fact("latencyMs", elapsed_ms);
}

/// What the server answered (`500 InternalServerError: An internal error occurred`), or the
/// error's own message when it did not answer.
pub fn failure(e: &ApiError) -> String {
    let Some(status) = e.status else {
        return match &e.detail {
            Some(d) => format!("no answer ({d})"),
            None => e.message(),
        };
    };
    let mut text = status.to_string();
    if let Some(code) = &e.code {
        text.push(' ');
        text.push_str(code);
    }
    if let Some(detail) = &e.detail {
        text.push_str(": ");
        text.push_str(detail);
    }
    text
}

fn listing(head: String, log: &[Attempt]) -> String {
    let mut text = head;
    for line in attempt_lines(log) {
        text.push_str("\n  ");
        text.push_str(&line);
    }
    text
}

/// Judge the handover call into `s`; returns the created ids on success, and whether the error
/// means the tool cannot go on (tenant unreachable, token refused) on failure.
pub fn judge(
    s: &mut Subject,
    shown: &str,
    result: &Result<Call<Sent>, ApiError>,
) -> Result<Sent, bool> {
    match result {
        Ok(call) => {
            attempt_facts(s, &call.attempt_log, call.elapsed_ms);
            s.fact("httpStatus", call.http_status);
            if let Some(c) = &call.value.created {
                s.fact("createdContactId", c.as_str());
            }
            if let Some(c) = &call.value.case {
                s.fact("caseId", c.as_str());
            }
            let n = call.attempt_log.len();
            let made = match (&call.value.created, &call.value.case) {
                (Some(c), Some(case)) => format!(" and opened case {case} (contact {c})"),
                (Some(c), None) => format!(" and created contact {c}"),
                (None, Some(case)) => format!(" and opened case {case}"),
                (None, None) => String::new(),
            };
            if n <= 1 {
                s.push(Finding::new(
                    &codes::HANDOVER_ACCEPTED,
                    listing(format!("{shown} was accepted{made}:"), &call.attempt_log),
                ));
            } else {
                s.push(
                    Finding::new(
                        &codes::HANDOVER_RETRIED,
                        listing(
                            format!("{shown} was accepted{made} on attempt {n} of {n}, after waiting as the server asked:"),
                            &call.attempt_log,
                        ),
                    )
                    .hint("The client retried because the server refused the request (429, or 503 with Retry-After); a bot integration that sends once would have lost this handover"),
                );
            }
            Ok(call.value.clone())
        }
        Err(e) => {
            attempt_facts(s, &e.attempt_log, e.elapsed_ms);
            if let Some(status) = e.status {
                s.fact("httpStatus", status);
            }
            s.fact("notResent", e.not_resent);
            if crate::commands::skills::is_fatal(e) {
                s.error(e.finding());
                return Err(true);
            }
            let resent = if e.not_resent {
                "\nIt was not resent: CXone may have processed it, so sending it again could hand over twice"
            } else {
                ""
            };
            s.push(
                Finding::new(
                    &codes::HANDOVER_FAILED,
                    listing(
                        format!("{shown} failed: {}{resent}", failure(e)),
                        &e.attempt_log,
                    ),
                )
                .hint(e.hint()),
            );
            Err(false)
        }
    }
}

/// Record a handover call that Ctrl-C or SIGTERM cut short (while the server was still answering,
/// or between retries): its attempts so far, and a note that it was not judged. The run's
/// `run-interrupted` subject carries the verdict (exit 3).
pub fn interrupted(s: &mut Subject, shown: &str, e: &ApiError) {
    attempt_facts(s, &e.attempt_log, e.elapsed_ms);
    if let Some(status) = e.status {
        s.fact("httpStatus", status);
    }
    s.fact("notResent", e.not_resent);
    s.push(Finding::new(
        &codes::STEP_NOT_RUN,
        listing(
            format!(
                "{shown} was interrupted by Ctrl-C or SIGTERM before it was accepted (last answer: {}), so it was not judged",
                failure(e)
            ),
            &e.attempt_log,
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::{ErrorKind, Stage};
    use crate::report::Status;

    fn attempt(status: Option<u16>, latency_ms: u64, waited: Option<u64>) -> Attempt {
        Attempt {
            status,
            latency_ms,
            retry_after_ms: waited,
            waited_ms: waited,
            error: None,
        }
    }

    #[test]
    fn attempts_are_listed_with_status_latency_and_wait() {
        let log = [
            attempt(Some(503), 3, Some(1000)),
            Attempt {
                error: Some("timed out".into()),
                ..attempt(None, 15000, None)
            },
            attempt(Some(202), 4, None),
        ];
        assert_eq!(
            attempt_lines(&log),
            [
                "attempt 1: 503 in 3 ms, Retry-After 1 s, waited 1000 ms",
                "attempt 2: no answer (timed out) in 15000 ms",
                "attempt 3: 202 in 4 ms"
            ]
        );
        assert_eq!(seconds(1500), "1.5 s");
    }

    fn call(log: Vec<Attempt>) -> Call<Sent> {
        Call {
            value: Sent {
                created: Some("77".into()),
                case: None,
            },
            http_status: 202,
            attempts: log.len() as u32,
            elapsed_ms: 2010,
            requests: 1,
            attempt_log: log,
        }
    }

    #[test]
    fn retries_warn_and_failures_fail() {
        let mut s = Subject::new("step", "handover");
        let ok = judge(
            &mut s,
            "POST /x",
            &Ok(call(vec![attempt(Some(202), 5, None)])),
        );
        s.finish();
        assert_eq!(ok.unwrap().created.as_deref(), Some("77"));
        assert_eq!(s.status, Status::Pass);
        assert_eq!(s.facts["attempts"], 1);
        assert_eq!(s.facts["createdContactId"], "77");

        let mut s = Subject::new("step", "handover");
        let log = vec![
            attempt(Some(503), 2, Some(1000)),
            attempt(Some(503), 2, Some(1000)),
            attempt(Some(202), 2, None),
        ];
        assert!(judge(&mut s, "POST /x", &Ok(call(log))).is_ok());
        s.finish();
        assert_eq!(s.status, Status::Warn);
        assert_eq!(s.facts["statuses"], json!([503, 503, 202]));
        assert_eq!(s.facts["attemptLog"][0]["waitedMs"], 1000);
        assert!(s.findings[0].message.contains("attempt 3 of 3"));

        let mut s = Subject::new("step", "handover");
        let mut e = ApiError::new(ErrorKind::Server, Stage::Api, "POST", "http://x/signal");
        e.status = Some(500);
        e.not_resent = true;
        e.attempt_log = Box::new(vec![attempt(Some(500), 3, None)]);
        assert_eq!(judge(&mut s, "POST /x", &Err(e)), Err(false));
        s.finish();
        assert_eq!(s.status, Status::Fail);
        assert!(s.findings[0].message.contains("not resent"));
        assert!(
            s.findings[0].message.starts_with("POST /x failed: 500\n"),
            "{}",
            s.findings[0].message
        );
        assert_eq!(s.facts["notResent"], true);

        let mut s = Subject::new("step", "handover");
        let mut cut = ApiError::new(ErrorKind::Server, Stage::Api, "POST", "http://x/signal");
        cut.status = Some(503);
        *cut.attempt_log = vec![attempt(Some(503), 3000, None)];
        interrupted(&mut s, "POST /x", &cut);
        s.finish();
        assert_eq!(
            s.status,
            Status::Pass,
            "the run subject carries the verdict"
        );
        assert_eq!(s.findings[0].code, "simulate-step-not-run");
        assert!(
            s.findings[0].message.starts_with("POST /x was interrupted"),
            "{}",
            s.findings[0].message
        );
        assert_eq!(s.facts["statuses"], json!([503]));

        let mut s = Subject::new("step", "handover");
        let down = ApiError::new(ErrorKind::Network, Stage::Api, "POST", "http://x/signal");
        assert_eq!(judge(&mut s, "POST /x", &Err(down)), Err(true));
        s.finish();
        assert_eq!(s.status, Status::Error);
    }
}
