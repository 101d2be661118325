//! The queue-health view on a report built with the real skill checks (a snapshot; the view's
//! own rules are tested in `report::views`).

use chrono::{DateTime, Utc};

use crate::checks::agents::AgentStateIndex;
use crate::checks::queue::{SkillInput, judge_skill, skill_forbidden_subject, skill_subject};
use crate::checks::skill_lookup::resolve_skill;
use crate::checks::time::parse_time;
use crate::config::rules::QueueRules;
use crate::cxone::models::{AgentSkillAssignment, AgentState, Skill, SkillActivity};
use crate::report::Report;
use crate::report::human::{self, Style};

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

fn activity(queue: u64, earliest: Option<&str>) -> SkillActivity {
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
            activity(1, Some("2026-05-01T10:09:30Z")),
            assign(&["1", "2"]),
        ),
        (
            "4243",
            Some(skill("4243", "Billing Chat", 3.0, true)),
            activity(14, Some("2026-05-01T10:04:50Z")),
            assign(&["2", "3", "4"]),
        ),
        (
            "4244",
            Some(skill("4244", "Retention", 4.0, false)),
            activity(0, None),
            assign(&["1"]),
        ),
        (
            "4245",
            Some(skill("4245", "Night Shift", 9.0, true)),
            activity(0, None),
            assign(&["5", "6"]),
        ),
        (
            "4246",
            Some(skill("4246", "Empty", 6.0, true)),
            activity(0, None),
            assign(&[]),
        ),
        ("9999", None, activity(0, None), assign(&[])),
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
