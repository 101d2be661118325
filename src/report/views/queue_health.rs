//! The human view of `queue-health`: one table row per skill, then the non-passing skills' findings with hints.

use comfy_table::Cell;
use serde_json::{Map, Value};

use super::fit::{self, Column};
use crate::checks::time::human_seconds;
use crate::report::human::{self, Style};
use crate::report::{Report, Status, Subject};

/// A fact as table text: missing or `null` → `-`, `"unknown"` → `?`, booleans → `yes` / `no`,
/// integral numbers without a decimal point.
pub fn fact_text(facts: &Map<String, Value>, key: &str) -> String {
    match facts.get(key) {
        None | Some(Value::Null) => "-".into(),
        Some(Value::String(s)) if s == "unknown" => "?".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.into(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 => format!("{}", f as i64),
            Some(f) => format!("{f:.1}"),
            None => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}

/// A seconds fact for people (`2m05s`), with the same `-` / `?` rules as [`fact_text`].
pub fn seconds_text(facts: &Map<String, Value>, key: &str) -> String {
    match facts.get(key).and_then(Value::as_f64) {
        Some(s) => human_seconds(s),
        None => fact_text(facts, key),
    }
}

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
/// Oldest wait, Status, fitted to the width. Reads the facts documented on
/// [`crate::checks::queue::Judgment`].
pub fn skill_table<'a>(subjects: impl IntoIterator<Item = &'a Subject>, style: Style) -> String {
    let rows = subjects
        .into_iter()
        .map(|s| {
            let f = &s.facts;
            let name = s.label.clone().unwrap_or_else(|| fact_text(f, "skillName"));
            let assigned = match (f.get("agentsAssigned"), f.get("agentsAssignedActive")) {
                (Some(a), Some(b)) if a != b && b.is_number() => format!(
                    "{} ({} active)",
                    fact_text(f, "agentsAssigned"),
                    fact_text(f, "agentsAssignedActive")
                ),
                _ => fact_text(f, "agentsAssigned"),
            };
            vec![
                Cell::new(&s.id),
                Cell::new(name),
                Cell::new(fact_text(f, "mediaTypeName")),
                Cell::new(fact_text(f, "isActive")),
                Cell::new(assigned),
                Cell::new(fact_text(f, "agentsLoggedIn")),
                Cell::new(fact_text(f, "agentsAvailable")),
                Cell::new(fact_text(f, "queueCount")),
                Cell::new(seconds_text(f, "oldestWaitSeconds")),
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

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::checks::agents::AgentStateIndex;
    use crate::checks::queue::{SkillInput, judge_skill, skill_forbidden_subject, skill_subject};
    use crate::checks::skill_lookup::resolve_skill;
    use crate::checks::time::parse_time;
    use crate::config::rules::QueueRules;
    use crate::cxone::models::{AgentSkillAssignment, AgentState, Skill, SkillActivity};

    fn now() -> DateTime<Utc> {
        parse_time("2026-05-01T10:10:00Z").unwrap()
    }

    fn skill(id: &str, name: &str, media: f64, active: bool) -> Skill {
        Skill {
            skill_id: Some(id.into()),
            skill_name: Some(name.into()),
            media_type_id: Some(media),
            is_active: Some(active),
            ..Default::default()
        }
    }

    fn activity(queue: f64, earliest: Option<&str>) -> SkillActivity {
        SkillActivity {
            queue_count: Some(queue),
            earliest_queue_time: earliest.map(String::from),
            server_time: Some("2026-05-01T10:10:00Z".into()),
            ..Default::default()
        }
    }

    fn assign(ids: &[&str]) -> Vec<AgentSkillAssignment> {
        ids.iter()
            .map(|id| AgentSkillAssignment {
                agent_id: Some((*id).into()),
                ..Default::default()
            })
            .collect()
    }

    /// A report with a healthy, a busy, an inactive, an unstaffed, a missing, a forbidden and
    /// an unknown-name skill, built with the real checks.
    pub(crate) fn report() -> Report {
        let states: Vec<AgentState> = [
            ("1", "Available"),
            ("2", "InboundContact"),
            ("3", "InboundContact"),
            ("4", "Unavailable"),
            ("5", "LoggedOut"),
        ]
        .iter()
        .map(|(id, name)| AgentState {
            agent_id: Some((*id).into()),
            agent_state_name: Some((*name).into()),
            ..Default::default()
        })
        .collect();
        let index = AgentStateIndex::new(&states);
        let rules = QueueRules::default();
        let mut report = Report::new("queue-health");
        let cases = [
            (
                "4242",
                Some(skill("4242", "Billing Voice", 4.0, true)),
                activity(1.0, Some("2026-05-01T10:09:30Z")),
                assign(&["1", "2"]),
            ),
            (
                "4243",
                Some(skill("4243", "Billing Chat", 3.0, true)),
                activity(14.0, Some("2026-05-01T10:04:50Z")),
                assign(&["2", "3", "4"]),
            ),
            (
                "4244",
                Some(skill("4244", "Retention", 4.0, false)),
                activity(0.0, None),
                assign(&["1"]),
            ),
            (
                "4245",
                Some(skill("4245", "Night Shift", 9.0, true)),
                activity(0.0, None),
                assign(&["5", "6"]),
            ),
            (
                "4246",
                Some(skill("4246", "Empty", 6.0, true)),
                activity(0.0, None),
                assign(&[]),
            ),
            ("9999", None, activity(0.0, None), assign(&[])),
        ];
        for (id, skill, activity, assignments) in &cases {
            let input = SkillInput {
                skill_id: id,
                skill: skill.as_ref(),
                activity: Some(activity),
                assignments: Some(assignments),
                agent_states: Some(&index),
                now: now(),
            };
            report.push(skill_subject(&judge_skill(&input, &rules)));
        }
        report.push(skill_forbidden_subject("5000", "/skills/5000/activity"));
        let all: Vec<Skill> = cases.iter().filter_map(|c| c.1.clone()).collect();
        report.push(
            resolve_skill("Biling Voice", &all)
                .unwrap_err()
                .to_subject(),
        );
        report.finish();
        report
    }

    #[test]
    fn queue_health_view() {
        let text = human::render(&report(), Style::plain());
        assert!(!text.contains('\u{1b}'));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn coloured_view_colours_the_status() {
        let text = human::render(&report(), Style::plain().colored(true));
        assert!(text.contains('\u{1b}'));
    }

    #[test]
    fn fact_text_rules() {
        let f: Map<String, Value> = serde_json::from_str(
            r#"{"a": null, "b": "unknown", "c": true, "d": 7, "e": 62.5, "w": 125}"#,
        )
        .unwrap();
        let got: Vec<String> = ["a", "b", "c", "d", "e", "z"]
            .iter()
            .map(|k| fact_text(&f, k))
            .collect();
        assert_eq!(got, ["-", "?", "yes", "7", "62.5", "-"]);
        assert_eq!(seconds_text(&f, "w"), "2m05s");
        assert_eq!(seconds_text(&f, "b"), "?");
    }
}
