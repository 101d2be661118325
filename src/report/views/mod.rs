//! Human views by subject kind: tables drawn from a report's typed facts (renderers only render).

pub mod agents;
pub mod fit;
pub mod queue_health;
pub mod trace;
pub mod width;

#[cfg(test)]
pub(crate) mod width_tests;

use super::Report;
use super::facts::SubjectKind;
use super::human::Style;

/// The view a report's subjects call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    /// Skills only: the skill table, then each skill's problems and agents.
    Skills,
    /// Contacts and cases (with the skills they touched): the trace view.
    Trace,
}

/// The view for `report`, chosen by the kinds of its subjects: skills alone get the skill
/// table, contacts or cases (with skills) the trace view; any other kind in the report (a
/// payload, a step, a permission: smoke's and the other commands' reports) gets none. A run
/// note (`run`, an interruption) or a `--recent` window (`contacts`) does not change it.
fn view_of(report: &Report) -> Option<View> {
    let mut skills = false;
    let mut traced = false;
    for s in &report.subjects {
        match SubjectKind::of(s) {
            SubjectKind::Skill => skills = true,
            SubjectKind::Contact | SubjectKind::Case => traced = true,
            SubjectKind::Other if s.kind == "run" => {}
            SubjectKind::Other if s.kind == "contacts" => traced = true,
            SubjectKind::Other => return None,
        }
    }
    match (traced, skills) {
        (true, _) => Some(View::Trace),
        (false, true) => Some(View::Skills),
        (false, false) => None,
    }
}

/// The human rendering of `report` when its subjects have a dedicated view ([`view_of`]),
/// else `None`.
///
/// A view returns everything above the final summary line.
pub fn render(report: &Report, style: Style) -> Option<String> {
    match view_of(report)? {
        View::Skills => Some(queue_health::render(report, style)),
        View::Trace => Some(trace::render(report, style)),
    }
}

#[cfg(test)]
mod tests {
    use super::{View, view_of};
    use crate::report::{Report, Subject};

    fn report(kinds: &[&str]) -> Report {
        let mut r = Report::new("any-command");
        for (i, k) in kinds.iter().enumerate() {
            r.push(Subject::new(*k, i.to_string()));
        }
        r
    }

    #[test]
    fn the_view_follows_the_subjects_not_the_command() {
        assert_eq!(view_of(&report(&["skill", "skill"])), Some(View::Skills));
        assert_eq!(view_of(&report(&["skill", "run"])), Some(View::Skills));
        assert_eq!(view_of(&report(&["contact", "skill"])), Some(View::Trace));
        assert_eq!(view_of(&report(&["case"])), Some(View::Trace));
        assert_eq!(
            view_of(&report(&["contacts", "contact"])),
            Some(View::Trace)
        );
        assert_eq!(view_of(&report(&["skill", "step"])), None);
        assert_eq!(view_of(&report(&["payload"])), None);
        assert_eq!(view_of(&report(&[])), None);
    }
}
