//! The human view of `queue-health`: one table row per skill, then the non-passing skills' findings with hints.

use comfy_table::Cell;

use super::fit::{self, Column};
use crate::report::facts::{Known, Shown, SkillFacts, seconds_text};
use crate::report::human::{self, Style};
use crate::report::{Report, Status, Subject};

/// The columns of the skills table, least useful given way first at narrow widths.
const SKILL_COLUMNS: [Column; 10] = [
    Column::id("Skill"),
    Column::shrink("Name", 8),
    Column::keep("Media", 1),
    Column::keep("Active", 5),
    Column::keep("Assigned", 2),
    Column::keep("Logged in", 3),
    Column::keep("Available", 7),
    Column::keep("In queue", 6),
    Column::keep("Oldest wait", 4),
    Column::id("Status"),
];

/// The skills table: Skill, Name, Media, Active, Assigned, Logged in, Available, In queue,
/// Oldest wait, Status, fitted to the width, from each subject's [`SkillFacts`].
pub fn skill_table<'a>(subjects: impl IntoIterator<Item = &'a Subject>, style: Style) -> String {
    let rows = subjects
        .into_iter()
        .map(|s| {
            let facts = s.read_facts::<SkillFacts>();
            // a subject without skill facts (one that could not be read) shows `-` throughout
            let cell =
                |text: fn(&SkillFacts) -> String| facts.as_ref().map_or_else(|| "-".into(), text);
            let name = s
                .label
                .clone()
                .unwrap_or_else(|| cell(|f| f.skill_name.shown()));
            let assigned = cell(|f| match (&f.agents_assigned, &f.agents_assigned_active) {
                (a, b @ Known::Is(_)) if a != b => {
                    format!("{} ({} active)", a.shown(), b.shown())
                }
                (a, _) => a.shown(),
            });
            vec![
                Cell::new(&s.id),
                Cell::new(name),
                Cell::new(cell(|f| f.media_type_name.shown())),
                Cell::new(cell(|f| f.is_active.shown())),
                Cell::new(assigned),
                Cell::new(cell(|f| f.agents_logged_in.shown())),
                Cell::new(cell(|f| f.agents_available.shown())),
                Cell::new(cell(|f| f.queue_count.shown())),
                Cell::new(cell(|f| seconds_text(&f.oldest_wait_seconds))),
                human::status_cell(s.status),
            ]
        })
        .collect();
    fit::render(style, &SKILL_COLUMNS, rows)
}

/// The whole view (everything above the summary line): the table, then the problems under
/// it (their `info` findings, whose counts the table shows, left out).
pub fn render(report: &Report, style: Style) -> String {
    let mut out = skill_table(&report.subjects, style);
    let mut problems = String::new();
    for s in report.subjects.iter().filter(|s| s.status != Status::Pass) {
        human::render_subject(&mut problems, style, s, true);
    }
    if !problems.is_empty() {
        out.push('\n');
        out.push_str(&problems);
    }
    out.push_str(&super::agents::render(report, style));
    out.push('\n');
    out
}
