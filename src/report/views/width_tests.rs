//! Human output at 60, 80 and 120 columns and at an unknown width (a terminal that reports 0):
//! snapshots, no line wider than the width, ids and statuses whole.

use crate::report::codes::general;
use crate::report::human::{self, Style};
use crate::report::views::width;
use crate::report::{Code, Finding, Report, Severity, Subject};

/// A rehearsal step's codes as `simulate-handoff` declares them (the report layer does not
/// import commands): only the id and the severity reach the output.
const HANDOVER_RETRIED: Code = Code {
    id: "simulate-handover-retried",
    severity: Severity::Warn,
    title: "The handover was accepted only after retries",
    explain: "",
};
const STEP_NOT_RUN: Code = Code {
    id: "simulate-step-not-run",
    severity: Severity::Info,
    title: "The rehearsal step did not run",
    explain: "",
};

/// Two `simulate-handoff` codes, as the renderer sees them (the commands that declare them sit
/// above `report`, so the test declares its own with the same id and severity).
#[allow(dead_code)] // `codes!` also declares `ALL`, which no test reads
mod sim {
    crate::codes! {
        HANDOVER_RETRIED = "simulate-handover-retried", Warn,
            "The handover was accepted only after retries",
            "A stand-in for the simulate-handoff code of the same id, for rendering tests.";
        STEP_NOT_RUN = "simulate-step-not-run", Info,
            "The rehearsal step did not run",
            "A stand-in for the simulate-handoff code of the same id, for rendering tests.";
    }
}

/// The widths every view is checked at; 0 is what `script` and many CI runners report.
pub(crate) const WIDTHS: [u16; 4] = [60, 80, 120, 0];

pub(crate) fn style(columns: u16) -> Style {
    Style::plain().at_width(width::resolve(None, Some(columns)))
}

/// Lines wider than the width, or ids that are not shown whole in a table row.
pub(crate) fn check(text: &str, width: usize, table_ids: &[&str]) {
    for line in text.lines() {
        let w = textwrap::core::display_width(line);
        // a word longer than a line (a long JSON pointer) stands alone on its line, whole
        let one_word = !line.trim().contains(' ');
        assert!(
            w <= width || one_word,
            "line of {w} columns at {width}:\n{line}\n\n{text}"
        );
    }
    for id in table_ids {
        assert!(
            text.contains(&format!("│ {id} ")) || text.contains(&format!("┆ {id} ")),
            "{id} is not shown whole in a table row at {width}:\n{text}"
        );
    }
    // no word is split: a wrapped line never starts with a lower-case continuation of a
    // hyphen-free word cut mid-way (textwrap never breaks words; this guards a regression)
    assert!(
        !text.contains("Billi\n") && !text.contains("Stat\n"),
        "{text}"
    );
}

/// A smoke-like run: long labels, a multi-line message, a skipped step.
fn generic_report() -> Report {
    let mut r = Report::new("smoke");
    r.push(
        Subject::new("payload", "examples/payloads/cognigy-signal-escalate.json")
            .with_label("the bot's escalation payload is valid: cognigy-signal"),
    );
    let mut broken = Subject::new("payload", "examples/payloads/broken-transfer.json")
        .with_label("every shipped good payload is valid: vah-bot-response");
    broken.push(
        Finding::new(
            &general::INPUT_UNREADABLE,
            "The file could not be read: permission denied (os error 13) while opening it for the smoke suite",
        )
        .at("/selfServiceSessionDetails/transcripts/0/contactId")
        .hint("Fix the file's permissions (chmod a+r) or point the suite at a readable copy, then run the smoke suite again"),
    );
    r.push(broken);
    let mut step = Subject::new("step", "handover").with_label(
        "the escalation survives two 503s from the Signal API: signal to 7000001, a fresh sandbox copy of bot contact 5823201 · 202 after 3 attempts, 2012 ms",
    );
    step.push(
        Finding::new(
            &HANDOVER_RETRIED,
            "POST /inContactAPI/services/v30.0/interactions/7000001/signal was accepted on attempt 3 of 3, after waiting as the server asked:\n  attempt 1: 503 in 3 ms, Retry-After 1 s, waited 1000 ms\n  attempt 2: 202 in 4 ms",
        )
        .hint("The client retried because the server refused the request (429, or 503 with Retry-After); a bot integration that sends once would have lost this handover"),
    );
    r.push(step);
    let mut skipped = Subject::new("step", "fallback")
        .with_label("the escalation survives two 503s from the Signal API: not run");
    skipped.skip(Finding::new(
        &STEP_NOT_RUN,
        "not run: the handover was accepted, so no fallback was needed",
    ));
    r.push(skipped);
    r.finish();
    r
}

#[test]
fn subjects_with_findings_fit_every_width_and_are_said_once() {
    let report = generic_report();
    for columns in WIDTHS {
        let style = style(columns);
        let text = human::render(&report, style);
        check(&text, style.width, &[]);
        // one view: no summary table under the list
        assert!(!text.contains('┌'), "{text}");
        assert_eq!(text.matches("step fallback").count(), 1, "{text}");
        insta::assert_snapshot!(format!("subjects_at_{columns}"), text);
    }
}

#[test]
fn wide_shows_the_full_table_with_the_problems_under_it() {
    let report = generic_report();
    let text = human::render(&report, Style::plain().at_width(60).widened(true));
    // the table is not cut to 60 columns and says SKIP like the subject lines
    assert!(text.lines().any(|l| l.chars().count() > 120), "{text}");
    assert!(text.contains("│ SKIP "), "{text}");
    assert!(!text.contains("SKIPPED"), "{text}");
    // the passing payload is a table row only; the problems are listed once under the table
    assert_eq!(
        text.matches("cognigy-signal-escalate.json").count(),
        1,
        "{text}"
    );
    assert_eq!(text.matches("FAIL  payload").count(), 1, "{text}");
    insta::assert_snapshot!("subjects_wide", text);
}
