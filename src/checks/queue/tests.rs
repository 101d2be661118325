//! Table-driven tests of the skill judgment.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::*;
use crate::cxone::models::AgentState;
use crate::report::Status;

fn now() -> DateTime<Utc> {
    crate::checks::time::parse_time("2026-05-01T10:10:00Z").unwrap()
}

fn skill(active: Option<bool>) -> Skill {
    Skill {
        skill_id: Some("4242".into()),
        skill_name: Some("Billing Voice".into()),
        media_type_id: Some(4.0),
        is_active: active,
        service_level_goal: Some(80.0),
        ..Default::default()
    }
}

fn activity(queue: f64, earliest: Option<&str>, server: Option<&str>) -> SkillActivity {
    SkillActivity {
        skill_id: Some("4242".into()),
        queue_count: Some(queue),
        earliest_queue_time: earliest.map(String::from),
        server_time: server.map(String::from),
        service_level: Some(90.0),
        agents_logged_in: Some(2.0),
        agents_available: Some(1.0),
        agents_working: Some(1.0),
        ..Default::default()
    }
}

fn assign(id: &str) -> AgentSkillAssignment {
    AgentSkillAssignment {
        agent_id: Some(id.into()),
        is_active: Some(true),
        is_skill_active: Some(true),
        ..Default::default()
    }
}

fn state(id: &str, name: &str) -> AgentState {
    AgentState {
        agent_id: Some(id.into()),
        agent_state_name: Some(name.into()),
        ..Default::default()
    }
}

/// One case: the data, then the codes expected (in order, info included).
struct Case {
    name: &'static str,
    skill: Option<Skill>,
    activity: Option<SkillActivity>,
    assignments: Option<Vec<AgentSkillAssignment>>,
    states: Option<Vec<AgentState>>,
    codes: &'static [&'static str],
    status: Status,
}

fn healthy() -> Case {
    Case {
        name: "healthy",
        skill: Some(skill(Some(true))),
        activity: Some(activity(
            1.0,
            Some("2026-05-01T10:09:30Z"),
            Some("2026-05-01T10:10:00Z"),
        )),
        assignments: Some(vec![assign("1"), assign("2")]),
        states: Some(vec![state("1", "Available"), state("2", "InboundContact")]),
        codes: &["skill-counts"],
        status: Status::Pass,
    }
}

fn run(case: &Case) -> Judgment {
    let states = case.states.clone().unwrap_or_default();
    let index = AgentStateIndex::new(&states);
    let input = SkillInput {
        skill_id: "4242",
        skill: case.skill.as_ref(),
        activity: case.activity.as_ref(),
        assignments: case.assignments.as_deref(),
        agent_states: case.states.as_ref().map(|_| &index),
        now: now(),
    };
    judge_skill(&input, &QueueRules::default())
}

#[test]
fn judgments_table() {
    let cases = vec![
        healthy(),
        Case {
            name: "not found",
            skill: None,
            codes: &["skill-not-found"],
            status: Status::Fail,
            ..healthy()
        },
        Case {
            name: "inactive",
            skill: Some(skill(Some(false))),
            codes: &["skill-inactive", "skill-counts"],
            status: Status::Fail,
            ..healthy()
        },
        Case {
            name: "no agents assigned",
            assignments: Some(vec![]),
            codes: &["skill-no-agents", "skill-counts"],
            status: Status::Fail,
            ..healthy()
        },
        Case {
            name: "every assignment inactive",
            assignments: Some(vec![
                AgentSkillAssignment {
                    is_active: Some(false),
                    ..assign("1")
                },
                AgentSkillAssignment {
                    is_skill_active: Some(false),
                    ..assign("2")
                },
            ]),
            codes: &["skill-no-active-agents", "skill-counts"],
            status: Status::Fail,
            ..healthy()
        },
        Case {
            name: "nobody logged in (no state entries)",
            states: Some(vec![state("1", "LoggedOut")]),
            codes: &[
                "skill-no-agents-logged-in",
                "skill-counts-disagree",
                "skill-counts",
            ],
            status: Status::Warn,
            ..healthy()
        },
        Case {
            name: "logged in, none available",
            states: Some(vec![
                state("1", "OutboundContact"),
                state("2", "Unavailable"),
            ]),
            codes: &[
                "skill-no-available-agents",
                "skill-counts-disagree",
                "skill-counts",
            ],
            status: Status::Warn,
            ..healthy()
        },
        Case {
            name: "unknown state names never fail",
            states: Some(vec![
                state("1", "Available"),
                state("2", "QuantumSuperposition"),
            ]),
            codes: &["skill-counts"],
            status: Status::Pass,
            ..healthy()
        },
        Case {
            name: "long queue and long wait",
            activity: Some(activity(
                11.0,
                Some("2026-05-01T10:05:00Z"),
                Some("2026-05-01T10:10:00Z"),
            )),
            codes: &["skill-queue-long", "skill-wait-long", "skill-counts"],
            status: Status::Warn,
            ..healthy()
        },
        Case {
            name: "wait exactly at the limit passes",
            activity: Some(activity(
                10.0,
                Some("2026-05-01T10:08:00Z"),
                Some("2026-05-01T10:10:00Z"),
            )),
            codes: &["skill-counts"],
            status: Status::Pass,
            ..healthy()
        },
        Case {
            name: "service level below goal",
            activity: Some(SkillActivity {
                service_level: Some(62.5),
                ..activity(0.0, None, None)
            }),
            codes: &["skill-service-level-low", "skill-counts"],
            status: Status::Warn,
            ..healthy()
        },
        Case {
            name: "no activity",
            activity: None,
            codes: &["skill-data-incomplete", "skill-counts"],
            status: Status::Warn,
            ..healthy()
        },
        Case {
            name: "no states: activity counters used",
            states: None,
            activity: Some(SkillActivity {
                agents_available: Some(0.0),
                ..activity(0.0, None, None)
            }),
            codes: &["skill-no-available-agents", "skill-counts"],
            status: Status::Warn,
            ..healthy()
        },
        Case {
            name: "nothing but the skill",
            activity: None,
            assignments: None,
            states: None,
            codes: &["skill-data-incomplete", "skill-counts"],
            status: Status::Warn,
            ..healthy()
        },
    ];
    for case in &cases {
        let j = run(case);
        let codes: Vec<&str> = j.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, case.codes, "{}", case.name);
        assert_eq!(skill_subject(&j).status, case.status, "{}", case.name);
    }
}

#[test]
fn facts_hold_the_counts_and_their_source() {
    let j = run(&healthy());
    let f = &j.facts;
    let expect = [
        ("skillName", Value::from("Billing Voice")),
        ("mediaTypeName", Value::from("Phone Call")),
        ("isActive", Value::from(true)),
        ("agentsAssigned", Value::from(2)),
        ("agentsLoggedIn", Value::from(2)),
        ("agentsAvailable", Value::from(1)),
        ("agentsWorking", Value::from(1)),
        ("queueCount", Value::from(1)),
        ("oldestWaitSeconds", Value::from(30)),
        ("serviceLevel", Value::from(90)),
        ("agentCountSource", Value::from("agent-states")),
        ("blocker", Value::Null),
    ];
    for (key, want) in expect {
        assert_eq!(f.get(key), Some(&want), "{key}");
    }
    assert_eq!(j.blocker, None);

    let fallback = run(&Case {
        states: None,
        ..healthy()
    });
    assert_eq!(fallback.facts["agentCountSource"], "skill-activity");
    assert!(
        fallback
            .findings
            .last()
            .unwrap()
            .message
            .contains("from skill activity")
    );

    let missing = run(&Case {
        skill: None,
        ..healthy()
    });
    assert_eq!(missing.blocker, Some(Blocker::NotFound));
    assert_eq!(missing.facts["queueCount"], "unknown");
    assert_eq!(missing.facts["blocker"], "not-found");
}

#[test]
fn messages_state_the_numbers() {
    let j = run(&Case {
        states: Some(vec![state("1", "InboundContact"), state("2", "Working")]),
        ..healthy()
    });
    assert_eq!(
        j.findings[0].message,
        "No agent is Available on skill 4242 (Billing Voice) (2 logged in, 2 working)"
    );
    assert!(j.findings[0].hint.is_some());
    let j = run(&Case {
        activity: Some(activity(14.0, Some("2026-05-01T10:06:55Z"), None)),
        ..healthy()
    });
    assert_eq!(
        j.findings[0].message,
        "14 contacts in queue on skill 4242 (Billing Voice) (limit 10)"
    );
    assert_eq!(
        j.findings[1].message,
        "The oldest contact in queue on skill 4242 (Billing Voice) has waited 3m05s (limit 120s)",
        "no serverTime: the caller's now is used"
    );
    assert_eq!(j.facts["oldestWaitSeconds"], 185);
}

#[test]
fn missing_fields_become_unknown_without_panicking() {
    let bare = Skill {
        skill_id: Some("1".into()),
        ..Default::default()
    };
    let act = SkillActivity {
        earliest_queue_time: Some("not a time".into()),
        ..Default::default()
    };
    let input = SkillInput {
        skill_id: "1",
        skill: Some(&bare),
        activity: Some(&act),
        assignments: Some(&[]),
        agent_states: None,
        now: now(),
    };
    let j = judge_skill(&input, &QueueRules::default());
    assert_eq!(j.facts["skillName"], "unknown");
    assert_eq!(j.facts["isActive"], "unknown");
    assert_eq!(j.facts["oldestWaitSeconds"], "unknown");
    assert_eq!(j.facts["mediaTypeName"], "unknown");
    assert_eq!(j.blocker, Some(Blocker::NoAgents));
}

#[test]
fn error_subjects_name_the_permission() {
    let s = skill_forbidden_subject("4242", "/skills/4242/activity");
    assert_eq!(s.status, Status::Error);
    assert_eq!(s.findings[0].code, "skill-realtime-forbidden");
    assert!(s.findings[0].message.contains("Real-Time Data API"));
    let s = skill_unreadable_subject("4242", "HTTP 500 after 3 attempts");
    assert_eq!(s.status, Status::Error);
    assert_eq!(s.findings[0].code, "skill-unreadable");
}

#[test]
fn a_disagreement_names_both_numbers_and_an_incomplete_read_is_never_nobody() {
    let j = run(&Case {
        states: Some(vec![state("1", "LoggedOut"), state("2", "LoggedOut")]),
        ..healthy()
    });
    let f = j
        .findings
        .iter()
        .find(|f| f.code == "skill-counts-disagree")
        .unwrap();
    assert_eq!(
        f.message,
        "Skill 4242 (Billing Voice): assignments joined with /agents/states give 0 logged in and 0 Available, but /skills/activity says 2 logged in and 1 Available; the verdict uses the agent states"
    );
    // Agent 2 is past the end of a read that was cut short: unknown, and the counters decide.
    let states = vec![state("1", "LoggedOut")];
    let index = AgentStateIndex::partial(&states, "page 2 failed");
    let case = healthy();
    let input = SkillInput {
        skill_id: "4242",
        skill: case.skill.as_ref(),
        activity: case.activity.as_ref(),
        assignments: case.assignments.as_deref(),
        agent_states: Some(&index),
        now: now(),
    };
    let j = judge_skill(&input, &QueueRules::default());
    let codes: Vec<&str> = j.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "skill-agent-states-unknown",
            "skill-counts-disagree",
            "skill-counts"
        ]
    );
    assert!(
        j.findings[0].message.contains("page 2 failed"),
        "{}",
        j.findings[0].message
    );
    assert!(
        j.findings[1]
            .message
            .ends_with("the verdict uses the activity counters")
    );
    assert_eq!(j.facts["agentCountSource"], "skill-activity");
    assert_eq!(
        skill_subject(&j).status,
        Status::Warn,
        "unknown never passes"
    );
    // Without counters, nobody is called logged out and the skill does not pass.
    let input = SkillInput {
        activity: None,
        ..input
    };
    let j = judge_skill(&input, &QueueRules::default());
    assert!(
        j.findings
            .iter()
            .all(|f| f.code != "skill-no-agents-logged-in")
    );
    assert_eq!(j.facts["agentsLoggedOut"], 1);
    assert_eq!(skill_subject(&j).status, Status::Warn);
}
