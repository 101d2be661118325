//! The JSON renderer: the `cxone-diag/report/v1` contract, pretty-printed.

pub mod subject;

use super::{Report, Subject};

/// Render the report as the v1 JSON document (with a trailing newline).
pub fn render(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(report).expect("a report always serialises");
    out.push('\n');
    out
}

/// Where the subject list sits in a pretty-printed report without subjects.
const EMPTY_SUBJECTS: &str = "\"subjects\": []";

fn split_empty(report: &Report) -> (String, String) {
    let text = render(report);
    // The subject list follows `schema` and `command`, so the first match is the key.
    match text.find(EMPTY_SUBJECTS) {
        Some(at) => (
            text[..at].to_string(),
            text[at + EMPTY_SUBJECTS.len()..].to_string(),
        ),
        None => (text, String::new()),
    }
}

/// The start of a streamed document, up to and including the `[` that opens `subjects`.
pub fn stream_head(command: &str) -> String {
    let (mut head, _) = split_empty(&Report::new(command));
    head.push_str("\"subjects\": [");
    head
}

/// Append one subject of a streamed document to `out` (`first` for the first subject).
///
/// Written directly (see [`subject`]); the result equals [`stream_subject_serde`]'s.
pub fn stream_subject(out: &mut Vec<u8>, scratch: &mut Vec<u8>, subject: &Subject, first: bool) {
    subject::write(out, scratch, subject, first);
}

/// [`stream_subject`] through serde_json: the subject pretty-printed, then indented. The
/// reference the direct writer is tested against.
pub fn stream_subject_serde(
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    subject: &Subject,
    first: bool,
) {
    scratch.clear();
    // A subject is plain data: serialising it into memory cannot fail.
    let _ = serde_json::to_writer_pretty(&mut *scratch, subject);
    out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
    let mut rest = scratch.as_slice();
    while let Some(i) = memchr::memchr(b'\n', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.extend_from_slice(b"    ");
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
}

/// The end of a streamed document: closes `subjects` and writes `status`, `summary` and
/// `elapsed_ms` from `totals` (a report whose subjects are not kept).
pub fn stream_tail(totals: &Report, any_subject: bool) -> String {
    let (_, after) = split_empty(totals);
    let mut tail = String::from(if any_subject { "\n  ]" } else { "]" });
    tail.push_str(&after);
    tail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, Subject, codes::general};
    use serde_json::Value;

    #[test]
    fn json_has_the_v1_fields() {
        let mut r = Report::new("validate-payload");
        let mut s = Subject::new("payload", "a.json");
        s.push(
            Finding::new(&general::INPUT_UNREADABLE, "m")
                .at("/p2")
                .hint("h"),
        );
        s.fact("kind", "cognigy-signal");
        r.push(s);
        r.finish();
        let v: Value = serde_json::from_str(&render(&r)).unwrap();
        assert_eq!(v["schema"], "cxone-diag/report/v1");
        assert_eq!(v["command"], "validate-payload");
        assert_eq!(v["status"], "fail");
        assert_eq!(v["summary"]["fail"], 1);
        let f = &v["subjects"][0]["findings"][0];
        assert_eq!(f["code"], "input-unreadable");
        assert_eq!(f["severity"], "fail");
        assert_eq!(f["path"], "/p2");
        assert_eq!(f["hint"], "h");
        assert_eq!(v["subjects"][0]["facts"]["kind"], "cognigy-signal");
        assert!(v["subjects"][0].get("errored").is_none());
        assert!(v["elapsed_ms"].is_u64());
    }
}
