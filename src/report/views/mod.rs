//! Command-specific human views: tables drawn from a report's facts (renderers only render).

pub mod agents;
pub mod fit;
pub mod queue_health;
pub mod trace;
pub mod width;

#[cfg(test)]
pub(crate) mod width_tests;

use super::Report;
use super::human::Style;

/// The human rendering of `report` when its command has a dedicated view, else `None`.
///
/// A view returns everything above the final summary line.
pub fn render(report: &Report, style: Style) -> Option<String> {
    match report.command.as_str() {
        "queue-health" => Some(queue_health::render(report, style)),
        "trace-conversation" => Some(trace::render(report, style)),
        _ => None,
    }
}
