//! The human renderer: a coloured PASS/WARN/FAIL line per subject, its findings, a summary table and line.

use colored::{ColoredString, Colorize};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use super::{Finding, Report, Severity, Status, Subject, Summary, views};

/// Passing subjects are shown one line each (without their info findings) above this count.
pub const COLLAPSE_PASSING_ABOVE: usize = 20;

/// How to render for people.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Emit ANSI colours.
    pub color: bool,
}

/// Paint `text` in the colour of `status` (plain text when colour is off).
pub fn paint(style: Style, status: Status, text: &str) -> ColoredString {
    if !style.color {
        return text.normal();
    }
    match status {
        Status::Pass => text.green().bold(),
        Status::Warn => text.yellow().bold(),
        Status::Fail => text.red().bold(),
        Status::Error => text.magenta().bold(),
        Status::Skipped => text.cyan().bold(),
    }
}

/// The upper-case label of a status, coloured.
pub fn status_label(style: Style, status: Status) -> ColoredString {
    let label = match status {
        Status::Pass => "PASS ",
        Status::Warn => "WARN ",
        Status::Fail => "FAIL ",
        Status::Error => "ERROR",
        Status::Skipped => "SKIP ",
    };
    paint(style, status, label)
}

fn severity_status(sev: Severity) -> Status {
    match sev {
        Severity::Info => Status::Pass,
        Severity::Warn => Status::Warn,
        Severity::Fail => Status::Fail,
    }
}

/// A table with the project's look; colour cells only when `style.color`.
pub fn table(style: Style) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    let width = table.width();
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
        if let Some(width) = width {
            table.set_width(width);
        }
    }
    table
}

/// A table cell showing `status`, coloured when the table styles.
pub fn status_cell(status: Status) -> Cell {
    let cell = Cell::new(status.as_str().to_uppercase());
    match status {
        Status::Pass => cell.fg(Color::Green),
        Status::Warn => cell.fg(Color::Yellow),
        Status::Fail => cell.fg(Color::Red),
        Status::Error => cell.fg(Color::Magenta),
        Status::Skipped => cell.fg(Color::Cyan),
    }
}

/// Render one finding (severity, code, path, message, hint), indented under its subject.
pub fn render_finding(out: &mut String, style: Style, f: &Finding) {
    let sev = paint(style, severity_status(f.severity), f.severity.as_str());
    let code = if style.color {
        f.code.bold()
    } else {
        f.code.normal()
    };
    out.push_str(&format!("      {sev:<4}  {code}"));
    if let Some(path) = &f.path {
        let path = if path.is_empty() {
            "(document root)"
        } else {
            path
        };
        out.push_str(&format!("  at {path}"));
    }
    out.push('\n');
    for line in f.message.lines() {
        out.push_str(&format!("            {line}\n"));
    }
    if let Some(hint) = &f.hint {
        let hint_label = if style.color {
            "hint:".cyan()
        } else {
            "hint:".normal()
        };
        out.push_str(&format!("            {hint_label} {hint}\n"));
    }
}

/// The one line that names a subject.
pub fn subject_line(style: Style, subject: &Subject) -> String {
    let mut line = format!(
        "{} {} {}",
        status_label(style, subject.status),
        subject.kind,
        subject.id
    );
    if let Some(label) = &subject.label {
        line.push_str(&format!("  ({label})"));
    }
    line
}

/// Render one subject: its line and its findings (without `info` ones when `collapse`).
pub fn render_subject(out: &mut String, style: Style, subject: &Subject, collapse: bool) {
    out.push_str(&subject_line(style, subject));
    out.push('\n');
    for f in &subject.findings {
        if collapse && f.severity == Severity::Info {
            continue;
        }
        render_finding(out, style, f);
    }
}

fn summary_table(style: Style, report: &Report) -> String {
    let mut table = table(style);
    table.set_header(vec!["Status", "Kind", "Subject", "Fail", "Warn", "Info"]);
    for s in &report.subjects {
        let count = |sev| s.findings.iter().filter(|f| f.severity == sev).count();
        let name = match &s.label {
            Some(label) => format!("{} ({label})", s.id),
            None => s.id.clone(),
        };
        table.add_row(vec![
            status_cell(s.status),
            Cell::new(&s.kind),
            Cell::new(name),
            Cell::new(count(Severity::Fail)),
            Cell::new(count(Severity::Warn)),
            Cell::new(count(Severity::Info)),
        ]);
    }
    format!("{table}\n")
}

/// The final one-line summary.
pub fn summary_line(style: Style, report: &Report) -> String {
    summary_line_for(style, report.status, &report.summary, report.elapsed_ms)
}

/// The final one-line summary from its parts (for reports streamed subject by subject).
pub fn summary_line_for(style: Style, status: Status, s: &Summary, elapsed_ms: u64) -> String {
    let noun = if s.total() == 1 {
        "subject"
    } else {
        "subjects"
    };
    // `skipped` is shown only when a subject was skipped, so other lines read as before.
    let skipped = if s.skipped > 0 {
        format!(", {} skipped", s.skipped)
    } else {
        String::new()
    };
    format!(
        "{} {} {noun}: {} pass, {} warn, {} fail, {} error{skipped} ({} ms)\n",
        status_label(style, status),
        s.total(),
        s.pass,
        s.warn,
        s.fail,
        s.error,
        elapsed_ms
    )
}

/// Render the whole report for a terminal (or a plain log when colour is off).
pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    if let Some(block) = views::render(report, style) {
        out.push_str(&block);
    } else {
        let many = report.subjects.len() > COLLAPSE_PASSING_ABOVE;
        for subject in &report.subjects {
            let collapse = many && subject.status == Status::Pass;
            render_subject(&mut out, style, subject, collapse);
        }
        if report.subjects.len() > 1 {
            out.push('\n');
            out.push_str(&summary_table(style, report));
        }
    }
    out.push_str(&summary_line(style, report));
    out
}

/// Render the subjects that did not pass, with their findings (for views that show a table first).
pub fn render_problems(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for subject in report.subjects.iter().filter(|s| s.status != Status::Pass) {
        render_subject(&mut out, style, subject, false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::codes::general;

    #[test]
    fn plain_output_has_no_escape_codes_and_names_everything() {
        let mut r = Report::new("validate-payload");
        let mut a = Subject::new("payload", "a.json");
        a.push(
            Finding::new(&general::INPUT_UNREADABLE, "cannot read")
                .at("/x")
                .hint("fix the path"),
        );
        r.push(a);
        r.push(Subject::new("payload", "b.json"));
        r.finish();
        let text = render(&r, Style { color: false });
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("FAIL  payload a.json"), "{text}");
        assert!(text.contains("input-unreadable  at /x"), "{text}");
        assert!(text.contains("hint: fix the path"), "{text}");
        assert!(
            text.contains("2 subjects: 1 pass, 0 warn, 1 fail, 0 error"),
            "{text}"
        );
        let coloured = render(&r, Style { color: true });
        assert!(coloured.contains('\u{1b}'));
    }
}
