//! GitHub Actions annotations: one `::error`/`::warning`/`::notice` workflow command per
//! finding, so payload findings show on the pull request: at their file, line and column when
//! they have a place in an input file, else (stdin, a skill, a contact) with the subject named
//! in the message, so `--output github` never drops a problem (a note without a place, such as
//! a skill's counts, is a fact and gets none).
//!
//! Written after the human report when `GITHUB_ACTIONS=true`, and alone with `--output github`.
//! Escaping follows GitHub's workflow-command rules (actions/toolkit `command.ts`): in the
//! message `%`, `\r` and `\n` become `%25`, `%0D`, `%0A`; in a property value `:` and `,`
//! become `%3A` and `%2C` too. Like every output, the text passes the sink's redactor.

use super::{Finding, Report, Severity, Subject, sarif};

/// Whether the environment is a GitHub Actions run (`GITHUB_ACTIONS=true`).
pub fn in_actions(env: &std::collections::HashMap<String, String>) -> bool {
    env.get(crate::config::environment::GITHUB_ACTIONS)
        .is_some_and(|v| v == "true")
}

/// The message part of a workflow command, escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command, escaped.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Fail => "error",
        Severity::Warn => "warning",
        Severity::Info => "notice",
    }
}

/// Append the annotation of `f` (a finding of `subject`) to `out`.
fn annotation(out: &mut String, subject: &Subject, f: &Finding) {
    let placed = sarif::file_of(subject, f).zip(f.line);
    // a note with no place in a file is a fact about a tenant (skill counts), not a problem
    if placed.is_none() && f.severity == Severity::Info {
        return;
    }
    out.push_str("::");
    out.push_str(command(f.severity));
    out.push(' ');
    if let Some((file, line)) = placed {
        out.push_str("file=");
        out.push_str(&escape_property(file));
        out.push_str(",line=");
        out.push_str(itoa::Buffer::new().format(line));
        if let Some(col) = f.column {
            out.push_str(",col=");
            out.push_str(itoa::Buffer::new().format(col));
        }
        out.push(',');
    }
    out.push_str("title=");
    out.push_str(&escape_property(&f.code));
    out.push_str("::");
    let mut message = if placed.is_some() {
        String::new()
    } else {
        format!("{} {}: ", subject.kind, subject.id)
    };
    message.push_str(&f.message);
    if let Some(hint) = f.hint.as_deref().filter(|h| !h.is_empty()) {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    out.push_str(&escape_data(&message));
    out.push('\n');
}

/// Append the annotations of one subject to `out`.
pub fn subject(out: &mut String, subject: &Subject) {
    for f in &subject.findings {
        annotation(out, subject, f);
    }
}

/// Every annotation of the report (empty when nothing was found).
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for s in &report.subjects {
        subject(&mut out, s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::codes::general;

    #[test]
    fn annotations_are_escaped_and_only_for_placed_findings() {
        let mut s = Subject::new("payload", "a,b:c%.ndjson:4");
        let mut f = Finding::new(&general::INPUT_UNREADABLE, "100% bad\r\nreally")
            .at("/p2")
            .hint("fix, it: now");
        (f.line, f.column) = (Some(4), Some(9));
        s.push(f);
        let mut w = Finding::new(&general::RUN_INTERRUPTED, "w").severity(Severity::Warn);
        w.line = Some(4);
        s.push(w);
        let mut n = Finding::new(&general::RUN_INTERRUPTED, "n").severity(Severity::Info);
        n.line = Some(4);
        s.push(n);
        s.push(Finding::new(&general::RUN_INTERRUPTED, "nowhere"));
        s.push(Finding::new(&general::RUN_INTERRUPTED, "a fact").severity(Severity::Info));
        let mut r = Report::new("validate-payload");
        r.push(s);
        let mut stdin = Subject::new("payload", "-");
        stdin.push(Finding::new(
            &general::INPUT_UNREADABLE,
            "from stdin: 50%\nbad",
        ));
        r.push(stdin);
        let text = render(&r);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        // no place in a file: the annotation names the subject instead
        assert_eq!(
            lines[3],
            "::error title=run-interrupted::payload a,b:c%25.ndjson:4: nowhere"
        );
        assert_eq!(
            lines[4],
            "::error title=input-unreadable::payload -: from stdin: 50%25%0Abad"
        );
        assert_eq!(
            lines[0],
            "::error file=a%2Cb%3Ac%25.ndjson,line=4,col=9,title=input-unreadable::100%25 bad%0D%0Areally%0Ahint: fix, it: now"
        );
        assert!(
            lines[1]
                .starts_with("::warning file=a%2Cb%3Ac%25.ndjson,line=4,title=run-interrupted::w")
        );
        assert!(lines[2].starts_with("::notice "));
    }

    #[test]
    fn only_a_true_github_actions_counts() {
        let env = |v: &str| [("GITHUB_ACTIONS".to_string(), v.to_string())].into();
        assert!(in_actions(&env("true")));
        assert!(!in_actions(&env("false")));
        assert!(!in_actions(&Default::default()));
    }
}
