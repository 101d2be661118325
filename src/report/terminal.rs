//! Text made safe for a terminal: control characters and bidi overrides shown as visible escapes.

use std::borrow::Cow;

use serde_json::Value;

use super::{Finding, Report, Subject};

/// True for a character a terminal would act on rather than show: C0, DEL and C1 controls
/// (ESC starts every escape sequence) and the bidi marks and overrides that reorder a line.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character escaped as Rust spells it (`\u{1b}`, `\n`, `\u{202e}`),
/// borrowed when nothing needs escaping. The escapes are ASCII, so their display width is
/// their length.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// [`terminal_safe`] keeping line breaks: for composed multi-line text (messages, errors).
pub fn terminal_safe_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    // nearly all text is printable ASCII: one byte scan decides
    let clean = if text.is_ascii() {
        text.bytes()
            .all(|b| (0x20..0x7f).contains(&b) || (keep_newlines && b == b'\n'))
    } else {
        !text.chars().any(bad)
    };
    if clean {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn owned_if_changed(text: &mut String, keep_newlines: bool) -> bool {
    if let Cow::Owned(safe) = escape(text, keep_newlines) {
        *text = safe;
        true
    } else {
        false
    }
}

fn value_safe(value: &mut Value) -> bool {
    match value {
        Value::String(s) => owned_if_changed(s, false),
        Value::Array(items) => items.iter_mut().fold(false, |any, v| value_safe(v) | any),
        Value::Object(map) => {
            let mut any = false;
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let safe = terminal_safe(&key).into_owned();
                if let Some(mut v) = map.remove(&key) {
                    any |= value_safe(&mut v) | (safe != key);
                    map.insert(safe, v);
                }
            }
            any
        }
        _ => false,
    }
}

fn finding_safe(f: &mut Finding) {
    owned_if_changed(&mut f.code, false);
    owned_if_changed(&mut f.message, true);
    if let Some(path) = &mut f.path {
        owned_if_changed(path, false);
    }
    if let Some(hint) = &mut f.hint {
        owned_if_changed(hint, true);
    }
}

fn finding_unsafe(f: &Finding) -> bool {
    let unsafe_text = |t: &str| matches!(terminal_safe(t), Cow::Owned(_));
    let unsafe_lines = |t: &str| matches!(terminal_safe_lines(t), Cow::Owned(_));
    unsafe_text(&f.code)
        || unsafe_lines(&f.message)
        || f.path.as_deref().is_some_and(unsafe_text)
        || f.hint.as_deref().is_some_and(unsafe_lines)
}

/// `f` with its code, message, path and hint terminal-safe, borrowed when it already was.
pub fn safe_finding(f: &Finding) -> Cow<'_, Finding> {
    if !finding_unsafe(f) {
        return Cow::Borrowed(f);
    }
    let mut f = f.clone();
    finding_safe(&mut f);
    Cow::Owned(f)
}

fn needs_escape(subject: &Subject) -> bool {
    let unsafe_text = |t: &str| matches!(terminal_safe(t), Cow::Owned(_));
    fn unsafe_value(v: &Value) -> bool {
        match v {
            Value::String(s) => matches!(terminal_safe(s), Cow::Owned(_)),
            Value::Array(items) => items.iter().any(unsafe_value),
            Value::Object(map) => map
                .iter()
                .any(|(k, v)| matches!(terminal_safe(k), Cow::Owned(_)) || unsafe_value(v)),
            _ => false,
        }
    }
    unsafe_text(&subject.kind)
        || unsafe_text(&subject.id)
        || subject.label.as_deref().is_some_and(unsafe_text)
        || subject.findings.iter().any(finding_unsafe)
        || subject.facts.values().any(unsafe_value)
        || subject.facts.keys().any(|k| unsafe_text(k))
}

/// `subject` with every piece of its text (kind, id, label, findings, facts) terminal-safe,
/// borrowed when it already was. Messages and hints keep their line breaks.
pub fn safe_subject(subject: &Subject) -> Cow<'_, Subject> {
    if !needs_escape(subject) {
        return Cow::Borrowed(subject);
    }
    let mut s = subject.clone();
    owned_if_changed(&mut s.kind, false);
    owned_if_changed(&mut s.id, false);
    if let Some(label) = &mut s.label {
        owned_if_changed(label, false);
    }
    for f in &mut s.findings {
        finding_safe(f);
    }
    let mut facts = Value::Object(std::mem::take(&mut s.facts));
    value_safe(&mut facts);
    if let Value::Object(map) = facts {
        s.facts = map;
    }
    Cow::Owned(s)
}

/// `report` with every subject made safe by [`safe_subject`], borrowed when all already were.
pub fn safe_report(report: &Report) -> Cow<'_, Report> {
    if !report.subjects.iter().any(needs_escape) {
        return Cow::Borrowed(report);
    }
    let mut r = report.clone();
    for s in &mut r.subjects {
        if let Cow::Owned(safe) = safe_subject(s) {
            *s = safe;
        }
    }
    Cow::Owned(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::codes::general;

    #[test]
    fn controls_escapes_and_bidi_become_visible() {
        assert_eq!(
            terminal_safe("r\u{fc}ckruf \u{1b}[2J\n\u{9b}\u{202e}\u{7f}\u{7}"),
            "r\u{fc}ckruf \\u{1b}[2J\\n\\u{9b}\\u{202e}\\u{7f}\\u{7}"
        );
        assert!(matches!(terminal_safe("plain text"), Cow::Borrowed(_)));
        assert!(matches!(terminal_safe("gr\u{fc}n"), Cow::Borrowed(_)));
        assert_eq!(terminal_safe_lines("a\nb\u{1b}"), "a\nb\\u{1b}");
        // escaping twice changes nothing
        let once = terminal_safe("x\u{2066}y").into_owned();
        assert!(matches!(terminal_safe(&once), Cow::Borrowed(_)));
    }

    #[test]
    fn a_subject_is_made_safe_everywhere() {
        let mut s =
            Subject::new("skill", "1\u{1b}").with_label("Billing\u{1b}[2J\u{1b}]0;pwned\u{7}");
        s.push(
            Finding::new(&general::INPUT_UNREADABLE, "line one\nname \u{202e}x").hint("h\u{9b}"),
        );
        s.fact("agents", serde_json::json!([{"name": "A\u{1b}"}]));
        let safe = safe_subject(&s);
        let text = serde_json::to_string(&*safe).unwrap();
        assert!(
            !text.contains("\\u001b") && !text.contains("\\u0007"),
            "{text}"
        );
        assert_eq!(
            safe.label.as_deref(),
            Some("Billing\\u{1b}[2J\\u{1b}]0;pwned\\u{7}")
        );
        assert_eq!(safe.findings[0].message, "line one\nname \\u{202e}x");
        let clean = Subject::new("skill", "1");
        assert!(matches!(safe_subject(&clean), Cow::Borrowed(_)));
    }
}
