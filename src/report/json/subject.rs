//! One subject of a streamed JSON report, written straight into the output buffer.
//!
//! Byte for byte what `serde_json::to_writer_pretty` writes for a [`Subject`], indented to sit
//! inside the report's `subjects` array, without going through serde's formatter and
//! re-indenting its output afterwards (the streamed report writes one subject per NDJSON line,
//! so this is on the hot path). Strings are escaped exactly as serde_json escapes them; fact
//! values other than strings and unsigned integers go through serde_json itself. Tests compare
//! the two paths.

use serde_json::Value;

use crate::report::{Finding, Status, Subject};

/// What follows a backslash for bytes serde_json escapes (`u` for `\u00XX`); 0 for the rest.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Eight copies of `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Whether any of the eight bytes in `word` is one serde_json escapes (a control character,
/// `"` or `\`). Exact: the zero-byte test used is free of false positives for these inputs.
#[inline]
fn needs_escape(word: u64) -> bool {
    const LOW: u64 = splat(0x01);
    const HIGH: u64 = splat(0x80);
    // A byte below 0x20 (a high byte stays high and cannot borrow into the test).
    let control = word.wrapping_sub(splat(0x20)) & !word;
    let quote = word ^ splat(b'"');
    let backslash = word ^ splat(b'\\');
    let zero = |x: u64| x.wrapping_sub(LOW) & !x;
    (control | zero(quote) | zero(backslash)) & HIGH != 0
}

/// Whether no byte of `bytes` needs escaping (eight at a time, then the rest).
fn is_clean(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if needs_escape(u64::from_ne_bytes(word)) {
            return false;
        }
    }
    chunks
        .remainder()
        .iter()
        .all(|&b| ESCAPE[usize::from(b)] == 0)
}

/// The length of `s` as a JSON string literal, quotes included, escaped as serde_json escapes
/// it: `"`, `\\` and the control characters with a short escape take two bytes, other control
/// characters six.
pub fn quoted_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let extra: usize = if is_clean(bytes) {
        0
    } else {
        bytes
            .iter()
            .map(|&b| match ESCAPE[usize::from(b)] {
                0 => 0,
                b'u' => 5,
                _ => 1,
            })
            .sum()
    };
    bytes.len() + 2 + extra
}

/// Append `s` as a JSON string literal, escaped as serde_json escapes it.
#[inline]
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if is_clean(bytes) {
        out.extend_from_slice(bytes);
    } else {
        push_escaped(out, bytes);
    }
    out.push(b'"');
}

/// The contents of a string literal that needs escapes.
fn push_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = ESCAPE[usize::from(b)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        if escape == b'u' {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.push(b'\\');
            out.push(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// A member line's start, `,\n` + indentation + `"key": `, for the subject's fixed keys.
macro_rules! member {
    ($indent:literal, $key:literal) => {
        concat!(",\n", $indent, "\"", $key, "\": ").as_bytes()
    };
}

/// The subject's `status` member and the start of its `findings` member.
macro_rules! status {
    ($status:literal) => {
        concat!(
            ",\n      \"status\": \"",
            $status,
            "\",\n      \"findings\": "
        )
        .as_bytes()
    };
}

/// Indentation of the subject's members (6), its findings (8) and their members (10).
const MEMBER: &[u8] = b"      ";
const FINDING: &[u8] = b"        ";

fn push_finding(out: &mut Vec<u8>, finding: &Finding) {
    out.extend_from_slice(b"        {\n          \"code\": ");
    push_str(out, &finding.code);
    out.extend_from_slice(member!("          ", "severity"));
    out.push(b'"');
    out.extend_from_slice(finding.severity.as_str().as_bytes());
    out.push(b'"');
    out.extend_from_slice(member!("          ", "message"));
    push_str(out, &finding.message);
    if let Some(path) = &finding.path {
        out.extend_from_slice(member!("          ", "path"));
        push_str(out, path);
    }
    if let Some(hint) = &finding.hint {
        out.extend_from_slice(member!("          ", "hint"));
        push_str(out, hint);
    }
    if let Some(line) = finding.line {
        out.extend_from_slice(member!("          ", "line"));
        out.extend_from_slice(itoa::Buffer::new().format(line).as_bytes());
    }
    if let Some(column) = finding.column {
        out.extend_from_slice(member!("          ", "column"));
        out.extend_from_slice(itoa::Buffer::new().format(column).as_bytes());
    }
    out.extend_from_slice(b"\n        }");
}

/// A fact's value: strings and unsigned integers directly, anything else through serde_json
/// (pretty-printed into `scratch`, then indented to the fact's depth).
fn push_value(out: &mut Vec<u8>, scratch: &mut Vec<u8>, value: &Value) {
    match value {
        Value::String(s) => push_str(out, s),
        Value::Number(n) if n.is_u64() => {
            if let Some(n) = n.as_u64() {
                out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
            }
        }
        other => {
            scratch.clear();
            // A value is plain data: serialising it into memory cannot fail.
            let _ = serde_json::to_writer_pretty(&mut *scratch, other);
            let mut rest = scratch.as_slice();
            while let Some(i) = memchr::memchr(b'\n', rest) {
                out.extend_from_slice(&rest[..=i]);
                out.extend_from_slice(FINDING);
                rest = &rest[i + 1..];
            }
            out.extend_from_slice(rest);
        }
    }
}

/// Append one subject of a streamed document to `out` (`first` for the first subject): the
/// separator, then the subject as serde_json pretty-prints it, indented by four spaces.
pub fn write(out: &mut Vec<u8>, scratch: &mut Vec<u8>, subject: &Subject, first: bool) {
    out.extend_from_slice(if first {
        b"\n    {\n      \"kind\": "
    } else {
        b",\n    {\n      \"kind\": "
    });
    // Known words are written as they are; anything else is escaped.
    if subject.kind == "payload" {
        out.extend_from_slice(b"\"payload\"");
    } else {
        push_str(out, &subject.kind);
    }
    out.extend_from_slice(member!("      ", "id"));
    push_str(out, &subject.id);
    if let Some(label) = &subject.label {
        out.extend_from_slice(member!("      ", "label"));
        push_str(out, label);
    }
    out.extend_from_slice(match subject.status {
        Status::Pass => status!("pass"),
        Status::Warn => status!("warn"),
        Status::Fail => status!("fail"),
        Status::Error => status!("error"),
        Status::Skipped => status!("skipped"),
    });
    if subject.findings.is_empty() {
        out.extend_from_slice(b"[]");
    } else {
        out.push(b'[');
        for (i, finding) in subject.findings.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            push_finding(out, finding);
        }
        out.push(b'\n');
        out.extend_from_slice(MEMBER);
        out.push(b']');
    }
    out.extend_from_slice(member!("      ", "facts"));
    if subject.facts.is_empty() {
        out.extend_from_slice(b"{}");
    } else {
        out.push(b'{');
        for (i, (key, value)) in subject.facts.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            match key.as_str() {
                "bytes" => out.extend_from_slice(b"        \"bytes\": "),
                "kind" => out.extend_from_slice(b"        \"kind\": "),
                _ => {
                    out.extend_from_slice(FINDING);
                    push_str(out, key);
                    out.extend_from_slice(b": ");
                }
            }
            push_value(out, scratch, value);
        }
        out.push(b'\n');
        out.extend_from_slice(MEMBER);
        out.push(b'}');
    }
    out.extend_from_slice(b"\n    }");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::codes::general;
    use crate::report::json::stream_subject_serde;
    use crate::report::{Severity, Status};
    use serde_json::json;

    fn both(subject: &Subject, first: bool) -> (String, String) {
        let (mut fast, mut slow, mut scratch) = (Vec::new(), Vec::new(), Vec::new());
        write(&mut fast, &mut scratch, subject, first);
        stream_subject_serde(&mut slow, &mut scratch, subject, first);
        (
            String::from_utf8(fast).unwrap(),
            String::from_utf8(slow).unwrap(),
        )
    }

    fn assert_same(subject: &Subject) {
        for first in [true, false] {
            let (fast, slow) = both(subject, first);
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn a_passing_payload_subject_is_what_serde_writes() {
        let mut s = Subject::new("payload", "big.ndjson:17").with_label("cognigy-signal");
        s.fact("kind", "cognigy-signal");
        s.fact("bytes", 231u64);
        assert_same(&s);
        assert_same(&Subject::new("payload", ""));
    }

    #[test]
    fn findings_statuses_and_odd_facts_are_what_serde_writes() {
        let mut s = Subject::new("payload", "dir/a \"b\"\\c.json:3").with_label("unparsed");
        s.push(
            Finding::new(
                &general::INPUT_UNREADABLE,
                "bad \u{1}\u{1f}\u{7f}\t\r\n\u{8}\u{c} é 😀 </",
            )
            .at("/a~1b/0")
            .hint("fix \"it\""),
        );
        s.push(Finding::new(&general::RUN_INTERRUPTED, "no path or hint").severity(Severity::Warn));
        s.push(Finding::new(&general::RUN_INTERRUPTED, "only a path").at(""));
        s.push(Finding::new(&general::RUN_INTERRUPTED, "only a hint").hint(""));
        let mut placed = Finding::new(&general::RUN_INTERRUPTED, "placed").at("/a");
        (placed.line, placed.column) = (Some(12), Some(u32::MAX));
        s.push(placed);
        s.fact("bytes", -3);
        s.fact("ratio", 0.25);
        s.fact("big", u64::MAX);
        s.fact("none", Value::Null);
        s.fact("yes", true);
        s.fact(
            "list",
            json!([1, "two", {"three": [3, {}], "four": []}, null]),
        );
        s.fact("map", json!({"b": {"c": "d"}, "a": [], "e": {}}));
        s.fact("empty list", json!([]));
        s.fact("key \"quoted\"\n", "v");
        for status in [
            Status::Pass,
            Status::Warn,
            Status::Fail,
            Status::Error,
            Status::Skipped,
        ] {
            s.status = status;
            assert_same(&s);
        }
        s.label = None;
        s.facts.clear();
        assert_same(&s);
    }

    #[test]
    fn the_word_test_finds_exactly_the_escaped_bytes() {
        for filler in [b'a', 0x20, 0x7f, 0x80, 0xff, b'!', b'#', b'[', b']'] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut word = [filler; 8];
                    word[at] = b;
                    assert_eq!(
                        needs_escape(u64::from_ne_bytes(word)),
                        ESCAPE[usize::from(b)] != 0,
                        "byte {b:#x} at {at} among {filler:#x}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// The word test agrees with the table on any eight bytes.
        #[test]
        fn the_word_test_agrees_with_the_table(word in proptest::array::uniform8(0..=255u8)) {
            let any = word.iter().any(|b| ESCAPE[usize::from(*b)] != 0);
            proptest::prop_assert_eq!(needs_escape(u64::from_ne_bytes(word)), any);
        }


        /// Any strings in any field come out exactly as serde_json writes them.
        #[test]
        fn any_strings_are_escaped_like_serde(
            id in "\\PC*|[\\x00-\\x7f]{0,40}",
            label in proptest::option::of("\\PC{0,20}|[\\x00-\\x20\"\\\\]{0,10}"),
            message in "[\\x00-\\x7f]{0,60}|\\PC{0,30}",
            fact in "[\\x00-\\x7f]{0,30}",
            n in proptest::num::u64::ANY,
        ) {
            let mut s = Subject::new("payload", id);
            s.label = label;
            s.push(Finding::new(&general::INPUT_UNREADABLE, message.clone()).at(fact.clone()));
            s.fact(&fact, message.clone());
            s.fact("n", n);
            let (fast, slow) = both(&s, false);
            proptest::prop_assert_eq!(fast, slow);
            for text in [&s.id, &message, &fact] {
                let quoted = serde_json::to_string(text).unwrap_or_default();
                proptest::prop_assert_eq!(quoted_len(text), quoted.len());
            }
        }
    }
}
