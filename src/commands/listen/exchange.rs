//! One request and its answer, as the listener saw them, and the report subject it becomes.

use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};

use crate::report::{Finding, Subject};

use super::judge::Judged;
use super::views;

/// What the upstream did with a forwarded request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    /// Its status; `None` when it could not be reached (the caller got 502).
    pub status: Option<u16>,
    /// How long it took.
    pub elapsed: Duration,
}

/// One request, judged and answered.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// Its number in the run, from 1.
    pub n: u64,
    /// When its head arrived.
    pub time: DateTime<Utc>,
    /// Its method.
    pub method: String,
    /// Its path, without the query, made printable.
    pub path: String,
    /// Its path and query, secret-looking query values masked (for `--save`).
    pub target: String,
    /// The judged body, when one was read.
    pub judged: Option<Judged>,
    /// The body's size, when known.
    pub bytes: Option<usize>,
    /// The body, kept only for `--save`.
    pub body: Option<Bytes>,
    /// The request headers, masked, kept only for `--save-headers`.
    pub headers: Option<Vec<(String, String)>>,
    /// The status the caller got.
    pub status: u16,
    /// The upstream's part, when forwarding.
    pub upstream: Option<Upstream>,
    /// From the head's arrival to the answer.
    pub latency: Duration,
    /// The subject: findings of the body and of the listener, facts, status after overrides.
    pub subject: Subject,
}

/// Milliseconds with three decimals, for facts.
pub fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// The subject of a request: id `#N METHOD PATH`, the body's findings then `extra`, facts.
pub fn subject(
    n: u64,
    method: &str,
    path: &str,
    judged: Option<&Judged>,
    extra: Vec<Finding>,
) -> Subject {
    let mut subject = Subject::new("request", format!("#{n} {method} {path}"));
    let kind = judged
        .and_then(|j| j.kind)
        .map_or(if judged.is_some() { "unknown" } else { "none" }, |k| {
            k.name()
        });
    subject.label = Some(kind.to_string());
    subject.fact("kind", kind);
    if let Some(judged) = judged {
        subject.findings.extend(judged.findings.iter().cloned());
        if let Some(view) = &judged.view {
            let (key, value) = views::facts(view);
            subject.fact(key, value);
        }
    }
    subject.findings.extend(extra);
    subject
}

/// Record the answer's facts on the subject.
pub fn answer_facts(
    subject: &mut Subject,
    bytes: Option<usize>,
    status: u16,
    latency: Duration,
    upstream: Option<&Upstream>,
) {
    if let Some(bytes) = bytes {
        subject.fact("bytes", bytes);
    }
    subject.fact("status", status);
    subject.fact("latencyMs", millis(latency));
    if let Some(up) = upstream {
        subject.fact("upstreamStatus", up.status);
        subject.fact("upstreamMs", millis(up.elapsed));
    }
}

/// `text` with control characters and non-ASCII shown as escapes, cut at 200 characters, so
/// a path cannot forge terminal output.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(200));
    for c in text.chars() {
        if out.len() >= 200 {
            out.push_str("...");
            break;
        }
        if c.is_ascii_graphic() || c == ' ' {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    out
}

/// The query with the values of secret-looking parameters replaced by `***`.
pub fn masked_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _))
                if crate::secret_name::is_secret_name(name, crate::secret_name::Place::Query) =>
            {
                format!("{name}={}", crate::cxone::redact::MASK)
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_printable() {
        assert_eq!(printable("/a b"), "/a b");
        assert_eq!(printable("/\u{1b}[31mred"), "/\\u{1b}[31mred");
        assert!(printable(&"x".repeat(500)).ends_with("..."));
    }

    #[test]
    fn secret_query_values_are_masked() {
        assert_eq!(
            masked_query("a=1&api_key=s3cret&Token=t&sessionId=9"),
            "a=1&api_key=***&Token=***&sessionId=***"
        );
        assert_eq!(masked_query("flag"), "flag");
    }
}
