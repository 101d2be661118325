//! The human renderer: a coloured PASS/WARN/FAIL line per subject and its findings, fitted to
//! the width (a summary table instead with `--wide`), and the summary line.

use std::fmt::Write as _;

use colored::{ColoredString, Colorize};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use super::views::fit::Column;
use super::{Finding, Report, Severity, Status, Subject, Summary, terminal, views};

/// Passing subjects are shown one line each (without their info findings) above this count.
pub const COLLAPSE_PASSING_ABOVE: usize = 20;

/// How to render for people.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Emit ANSI colours.
    pub color: bool,
    /// Columns to fit tables and text into (see [`views::width::resolve`]).
    pub width: usize,
    /// `--wide`: full tables with every column, text not wrapped.
    pub wide: bool,
}

impl Style {
    /// Plain text at the default width (report files, tests).
    pub const fn plain() -> Style {
        Style {
            color: false,
            width: views::width::DEFAULT_WIDTH,
            wide: false,
        }
    }

    /// This style with colours on or off.
    pub const fn colored(self, color: bool) -> Style {
        Style { color, ..self }
    }

    /// This style fitted to `width` columns.
    pub const fn at_width(self, width: usize) -> Style {
        Style { width, ..self }
    }

    /// This style with `--wide` on or off.
    pub const fn widened(self, wide: bool) -> Style {
        Style { wide, ..self }
    }
}

/// Append `text` to `out` word-wrapped to `style.width`: the first line after `first`, the
/// others after `rest`. Words are never split (a word longer than a line stays whole); with
/// `style.wide`, or when it fits, the text is appended as one line.
pub fn push_wrapped(out: &mut String, style: Style, first: &str, rest: &str, text: &str) {
    if style.wide {
        out.push_str(first);
        out.push_str(text);
        out.push('\n');
        return;
    }
    // plain ASCII (nearly every message) is measured by its length and wrapped by
    // `wrap_ascii`, straight into `out`: a bulk `validate-payload` wraps tens of thousands
    let plain = is_plain(text);
    let first_w = width_of(first);
    let text_w = if plain {
        text.len()
    } else {
        textwrap::core::display_width(text)
    };
    if first_w + text_w <= style.width {
        out.push_str(first);
        out.push_str(text);
        out.push('\n');
        return;
    }
    // a first part that leaves no room for the first word stands on its own line
    let first_word = text.split(' ').next().unwrap_or("");
    let (first, first_w) = if first_w + width_of(first_word) > style.width {
        out.push_str(first.trim_end());
        out.push('\n');
        (rest, width_of(rest))
    } else {
        (first, first_w)
    };
    if plain {
        wrap_ascii(
            out,
            (first, first_w),
            (rest, width_of(rest)),
            text,
            style.width,
        );
        return;
    }
    let options = textwrap::Options::new(style.width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for line in textwrap::wrap(text, options) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// [`push_wrapped`] for a first part already written to `out` from `start`: `text` is
/// appended when it fits, else the first part is taken back and the whole wrapped.
fn finish_wrapped(out: &mut String, style: Style, start: usize, rest: &str, text: &str) {
    if style.wide || width_of(&out[start..]) + width_of(text) <= style.width {
        out.push_str(text);
        out.push('\n');
        return;
    }
    let first = out.split_off(start);
    push_wrapped(out, style, &first, rest, text);
}

/// ASCII without escape sequences: its display width is its length.
fn is_plain(text: &str) -> bool {
    text.is_ascii() && !text.as_bytes().contains(&0x1b)
}

/// The display width of `text` (escape sequences count for nothing).
fn width_of(text: &str) -> usize {
    if is_plain(text) {
        text.len()
    } else {
        textwrap::core::display_width(text)
    }
}

/// First-fit word wrap of ASCII `text` at spaces, after indents given with their display
/// widths; words are never split.
fn wrap_ascii(
    out: &mut String,
    first: (&str, usize),
    rest: (&str, usize),
    text: &str,
    width: usize,
) {
    out.push_str(first.0);
    if !text.starts_with(' ') && !text.ends_with(' ') && !text.contains("  ") {
        wrap_single_spaced(out, first.1, rest, text, width);
        return;
    }
    let mut col = first.1;
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty && col + 1 + word.len() > width {
            out.push('\n');
            out.push_str(rest.0);
            col = rest.1;
            empty = true;
        }
        if !empty {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.len();
        empty = false;
    }
    out.push('\n');
}

/// [`wrap_ascii`] of text whose words are separated by single spaces, a line at a time: each
/// line is the longest run of words that fits, found by one backward search for a space, and
/// copied in one piece (a bulk `validate-payload` wraps hundreds of thousands of lines).
fn wrap_single_spaced(out: &mut String, col: usize, rest: (&str, usize), text: &str, width: usize) {
    let mut col = col;
    let mut left = text;
    loop {
        let room = width.saturating_sub(col);
        if left.len() <= room {
            out.push_str(left);
            break;
        }
        // the last space at or before `room` ends the longest run of words that fits; with
        // none, the first word is longer than the line and stands alone
        let cut = left.as_bytes()[..=room]
            .iter()
            .rposition(|&b| b == b' ')
            .or_else(|| left.find(' '));
        let Some(cut) = cut else {
            out.push_str(left);
            break;
        };
        out.push_str(&left[..cut]);
        left = &left[cut + 1..];
        out.push('\n');
        out.push_str(rest.0);
        col = rest.1;
    }
    out.push('\n');
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

/// The upper-case label of a status, padded to five characters, coloured.
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

/// The upper-case word of a status, as in [`status_label`] without the padding.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASS",
        Status::Warn => "WARN",
        Status::Fail => "FAIL",
        Status::Error => "ERROR",
        Status::Skipped => "SKIP",
    }
}

fn severity_status(sev: Severity) -> Status {
    match sev {
        Severity::Info => Status::Pass,
        Severity::Warn => Status::Warn,
        Severity::Fail => Status::Fail,
    }
}

/// A table with the project's look, `style.width` wide (unbounded with `style.wide`); colour
/// cells only when `style.color`.
pub fn table(style: Style) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    if style.wide {
        table.set_content_arrangement(ContentArrangement::Disabled);
    } else {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(u16::try_from(style.width).unwrap_or(u16::MAX));
    }
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// A table cell showing `status`, coloured when the table styles.
pub fn status_cell(status: Status) -> Cell {
    // the same words as the status labels of subject lines (`SKIP`, not `SKIPPED`)
    let cell = Cell::new(status_word(status));
    match status {
        Status::Pass => cell.fg(Color::Green),
        Status::Warn => cell.fg(Color::Yellow),
        Status::Fail => cell.fg(Color::Red),
        Status::Error => cell.fg(Color::Magenta),
        Status::Skipped => cell.fg(Color::Cyan),
    }
}

/// Indent of a finding's message and hint lines.
const DETAIL_INDENT: &str = "            ";

/// The start of a hint line without colour.
const PLAIN_HINT: &str = "            hint: ";

/// Indent of a hint's continuation lines.
const HINT_INDENT: &str = "                  ";

/// Render one finding (severity, code, path, message, hint), indented under its subject and
/// word-wrapped to `style.width`.
pub fn render_finding(out: &mut String, style: Style, f: &Finding) {
    let f = &*terminal::safe_finding(f);
    // the head line is written straight into `out`, and taken back only to be wrapped
    let start = out.len();
    out.push_str("      ");
    let sev = f.severity.as_str();
    if style.color {
        let _ = write!(out, "{}", paint(style, severity_status(f.severity), sev));
        let _ = write!(
            out,
            "{:pad$}  {}",
            "",
            f.code.bold(),
            pad = 4 - sev.len().min(4)
        );
    } else {
        out.push_str(sev);
        out.push_str(&"    "[sev.len().min(4)..]);
        out.push_str("  ");
        out.push_str(&f.code);
    }
    match f.path.as_deref() {
        Some(path) => {
            let path = if path.is_empty() {
                "(document root)"
            } else {
                path
            };
            out.push_str("  at ");
            finish_wrapped(out, style, start, DETAIL_INDENT, path);
        }
        None => out.push('\n'),
    }
    for line in f.message.lines() {
        let text = line.trim_start();
        if text.len() == line.len() {
            push_wrapped(out, style, DETAIL_INDENT, DETAIL_INDENT, line);
        } else {
            // an indented line of a multi-line message keeps its indent when wrapped
            let indent = format!("{DETAIL_INDENT}{}", &line[..line.len() - text.len()]);
            push_wrapped(out, style, &indent, &indent, text);
        }
    }
    if let Some(hint) = &f.hint {
        if style.color {
            let first = format!("{DETAIL_INDENT}{} ", "hint:".cyan());
            push_wrapped(out, style, &first, HINT_INDENT, hint);
        } else {
            push_wrapped(out, style, PLAIN_HINT, HINT_INDENT, hint);
        }
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

/// Render one subject: its line (wrapped to the width) and its findings (without `info` ones
/// when `collapse`).
pub fn render_subject(out: &mut String, style: Style, subject: &Subject, collapse: bool) {
    // tenant data (names, ids, quoted values) never reaches the terminal raw
    let subject = &*terminal::safe_subject(subject);
    let mut start = out.len();
    if style.color {
        let _ = write!(out, "{}", status_label(style, subject.status));
    } else {
        let word = status_word(subject.status);
        out.push_str(word);
        out.push_str(&"     "[word.len().min(5)..]);
    }
    out.push(' ');
    out.push_str(&subject.kind);
    // an id (a long path) that does not fit after the kind goes whole on the next line
    if !style.wide && 6 + subject.kind.len() + 1 + width_of(&subject.id) > style.width {
        out.push_str("\n      ");
        start = out.len() - 6;
    } else {
        out.push(' ');
    }
    out.push_str(&subject.id);
    match &subject.label {
        Some(label) => {
            out.push_str("  ");
            let line = width_of(&out[start..]);
            if style.wide || line + width_of(label) + 2 <= style.width {
                out.push('(');
                out.push_str(label);
                out.push_str(")\n");
            } else {
                finish_wrapped(out, style, start, "      ", &format!("({label})"));
            }
        }
        None => out.push('\n'),
    }
    for f in &subject.findings {
        if collapse && f.severity == Severity::Info {
            continue;
        }
        render_finding(out, style, f);
    }
}

/// Status, Kind, Subject, Fail, Warn, Info: one row per subject (`--wide` only).
fn summary_table(style: Style, report: &Report) -> String {
    let columns = [
        Column::id("Status"),
        Column::keep("Kind", 1),
        Column::shrink("Subject", 2),
        Column::keep("Fail", 4),
        Column::keep("Warn", 3),
        Column::keep("Info", 0),
    ];
    let rows = report
        .subjects
        .iter()
        .map(|s| {
            let count = |sev| s.findings.iter().filter(|f| f.severity == sev).count();
            let name = match &s.label {
                Some(label) => format!("{} ({label})", s.id),
                None => s.id.clone(),
            };
            vec![
                status_cell(s.status),
                Cell::new(&s.kind),
                Cell::new(name),
                Cell::new(count(Severity::Fail)),
                Cell::new(count(Severity::Warn)),
                Cell::new(count(Severity::Info)),
            ]
        })
        .collect();
    views::fit::render(style, &columns, rows)
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
    let text = format!(
        "{} {noun}: {} pass, {} warn, {} fail, {} error{skipped} ({} ms)",
        s.total(),
        s.pass,
        s.warn,
        s.fail,
        s.error,
        elapsed_ms
    );
    let mut out = String::with_capacity(text.len() + 16);
    let label = format!("{} ", status_label(style, status));
    push_wrapped(&mut out, style, &label, "      ", &text);
    out
}

/// Render the whole report for a terminal (or a plain log when colour is off).
pub fn render(report: &Report, style: Style) -> String {
    // every view renders the terminal-safe copy: control characters shown as escapes
    let report = &*terminal::safe_report(report);
    let mut out = String::new();
    if let Some(block) = views::render(report, style) {
        out.push_str(&block);
    } else {
        // one view: the subjects with their findings, or (`--wide`) the table of every
        // subject with the problems under it
        if style.wide && report.subjects.len() > 1 {
            out.push_str(&summary_table(style, report));
            let problems = render_problems(report, style);
            if !problems.is_empty() {
                out.push('\n');
                out.push_str(&problems);
            }
        } else {
            let many = report.subjects.len() > COLLAPSE_PASSING_ABOVE;
            for subject in &report.subjects {
                let collapse = many && subject.status == Status::Pass;
                render_subject(&mut out, style, subject, collapse);
            }
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

    #[test]
    fn the_ascii_wrap_is_textwraps_first_fit() {
        let texts = [
            "Skill 4202 (Retention Voice): 2 agents assigned (2 active), 2 logged in, 2 Available, 0 working",
            "POST /inContactAPI/services/v30.0/interactions/7000001/signal was accepted on attempt 3 of 3",
            "a",
            "averyveryveryverylongwordthatcannotfitanywhereatall and more words after it",
            "short words then averyveryveryverylongwordthatcannotfitanywhereatall then short ones",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj",
        ];
        for text in texts {
            for width in 20..90 {
                let style = Style::plain().at_width(width);
                let mut ours = String::new();
                push_wrapped(&mut ours, style, "      hint: ", "            ", text);
                let options = textwrap::Options::new(width)
                    .initial_indent("      hint: ")
                    .subsequent_indent("            ")
                    .break_words(false)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation);
                let first_word = text.split(' ').next().unwrap_or("");
                let mut theirs = String::new();
                let options = if 12 + first_word.len() > width && 12 + text.len() > width {
                    theirs.push_str("      hint:\n");
                    options.initial_indent("            ")
                } else {
                    options
                };
                for line in textwrap::wrap(text, options) {
                    theirs.push_str(&line);
                    theirs.push('\n');
                }
                assert_eq!(ours, theirs, "at {width}");
            }
        }
    }
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
        let text = render(&r, Style::plain());
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("FAIL  payload a.json"), "{text}");
        assert!(text.contains("input-unreadable  at /x"), "{text}");
        assert!(text.contains("hint: fix the path"), "{text}");
        assert!(
            text.contains("2 subjects: 1 pass, 0 warn, 1 fail, 0 error"),
            "{text}"
        );
        // the run context turns `colored` on when the style has colour (tests have no terminal)
        colored::control::set_override(true);
        let coloured = render(&r, Style::plain().colored(true));
        assert!(coloured.contains('\u{1b}'));
    }
}
