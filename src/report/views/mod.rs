//! Command-specific human views: tables drawn from a report's facts (renderers only render).

use super::Report;
use super::human::Style;

/// The human rendering of `report` when its command has a dedicated view, else `None`.
///
/// A view returns everything above the final summary line.
pub fn render(report: &Report, style: Style) -> Option<String> {
    let _ = (report, style);
    None
}
