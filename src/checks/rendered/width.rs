//! The queue-health and trace views at 60, 80 and 120 columns and at an unknown width, on
//! reports built with the real checks: snapshots, no line wider than the width, ids whole.

use crate::report::Report;
use crate::report::human::{self, Style};
use crate::report::views::width_tests::{WIDTHS, check, style};

/// Render `report` at every width, check it, and snapshot it as `{name}_at_{columns}`.
fn at_every_width(report: &Report, ids: &[&str], name: &str) {
    for columns in WIDTHS {
        let style = style(columns);
        let text = human::render(report, style);
        check(&text, style.width, ids);
        insta::assert_snapshot!(format!("{name}_at_{columns}"), text);
    }
}

#[test]
fn queue_health_fits_every_width() {
    let report = super::queue_health::report();
    let ids: Vec<&str> = report.subjects.iter().map(|s| s.id.as_str()).collect();
    at_every_width(&report, &ids, "queue_health");
}

#[test]
fn trace_recent_fits_every_width() {
    let report = super::trace::recent_report();
    let ids: Vec<&str> = report.subjects.iter().map(|s| s.id.as_str()).collect();
    at_every_width(&report, &ids, "trace_recent");
}

#[test]
fn trace_of_a_voice_pair_fits_every_width() {
    let report = super::trace::voice_pair_report();
    at_every_width(&report, &["5823110", "5823114", "4242"], "trace_voice_pair");
}

#[test]
fn wide_queue_health_shows_every_column() {
    let report = super::queue_health::report();
    let text = human::render(&report, Style::plain().at_width(60).widened(true));
    for header in ["Media", "Assigned", "Logged in", "Oldest wait"] {
        assert!(text.contains(header), "{header} missing:\n{text}");
    }
    assert!(!text.contains("Hidden at"), "{text}");
}

#[test]
fn narrow_tables_name_the_columns_they_hide() {
    let report = super::queue_health::report();
    let text = human::render(&report, style(60));
    assert!(text.contains("Hidden at 60 columns: Media"), "{text}");
    assert!(!text.contains("│ Media"), "{text}");
}
