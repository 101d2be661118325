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

fn activity(queue: u64, earliest: Option<&str>, server: Option<&str>) -> SkillActivity {
    SkillActivity {
        skill_id: Some("4242".into()),
        queue_count: Some(queue),
        earliest_queue_time: earliest.map(String::from),
        server_time: server.map(String::from),
        service_level: Some(90.0),
        agents_logged_in: Some(2),
        agents_available: Some(1),
        agents_working: Some(1),
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
            1,
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
        two_inactive(),
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
                11,
                Some("2026-05-01T10:05:00Z"),
                Some("2026-05-01T10:10:00Z"),
            )),
            // one agent Available while 11 wait 5 min: the routing problem is the root cause
            codes: &[
                "skill-waiting-with-available",
                "skill-queue-long",
                "skill-wait-long",
                "skill-counts",
            ],
            status: Status::Warn,
            ..healthy()
        },
        Case {
            name: "wait exactly at the max_wait limit is no wait-long",
            activity: Some(activity(
                10,
                Some("2026-05-01T10:08:00Z"),
                Some("2026-05-01T10:10:00Z"),
            )),
            states: Some(vec![
                state("1", "InboundContact"),
                state("2", "InboundContact"),
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
            name: "service level below goal",
            activity: Some(SkillActivity {
                service_level: Some(62.5),
                ..activity(0, None, None)
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
                agents_available: Some(0),
                ..activity(0, None, None)
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
    let f = &facts(&j);
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
    assert_eq!(facts(&fallback)["agentCountSource"], "skill-activity");
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
    assert_eq!(facts(&missing)["queueCount"], "unknown");
    assert_eq!(facts(&missing)["blocker"], "not-found");
}

#[test]
fn messages_state_the_numbers() {
    let j = run(&Case {
        states: Some(vec![state("1", "InboundContact"), state("2", "Working")]),
        ..healthy()
    });
    assert_eq!(
        j.findings[0].message,
        "No agent is Available on skill 4242 (Billing Voice) (2 logged in, 2 working): agent 1 InboundContact; agent 2 Working"
    );
    assert!(j.findings[0].hint.is_some());
    let j = run(&Case {
        activity: Some(activity(14, Some("2026-05-01T10:06:55Z"), None)),
        ..healthy()
    });
    assert_eq!(j.findings[0].code, "skill-waiting-with-available");
    assert_eq!(
        j.findings[1].message,
        "14 contacts in queue on skill 4242 (Billing Voice) (limit 10) (a consequence of skill-waiting-with-available, shown first)"
    );
    assert_eq!(
        j.findings[2].message,
        "The oldest contact in queue on skill 4242 (Billing Voice) has waited 3m05s (limit 120s) (a consequence of skill-waiting-with-available, shown first)",
        "no serverTime: the caller's now is used"
    );
    assert_eq!(facts(&j)["oldestWaitSeconds"], 185);
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
    assert_eq!(facts(&j)["skillName"], "unknown");
    assert_eq!(facts(&j)["isActive"], "unknown");
    assert_eq!(facts(&j)["oldestWaitSeconds"], "unknown");
    assert_eq!(facts(&j)["mediaTypeName"], "unknown");
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
    assert_eq!(facts(&j)["agentCountSource"], "skill-activity");
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
    assert_eq!(facts(&j)["agentsLoggedOut"], 1);
    assert_eq!(skill_subject(&j).status, Status::Warn);
}

/// A judgment of `activity` (JSON, read as the client reads it; an answer the client rejects,
/// e.g. a count of the wrong type, is no activity) with agents 1 (Available, named Ada
/// Lovelace) and 2 (Unavailable, Lunch, 12 minutes).
fn waiting_case(activity: serde_json::Value, rules: &QueueRules) -> Judgment {
    let activity: Option<SkillActivity> = serde_json::from_value(activity).ok();
    let assignments = vec![
        AgentSkillAssignment {
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            ..assign("1")
        },
        AgentSkillAssignment {
            agent_name: Some("None".into()),
            ..assign("2")
        },
    ];
    let states = vec![
        AgentState {
            last_update_time: Some("2026-05-01T10:09:00Z".into()),
            ..state("1", "Available")
        },
        AgentState {
            out_state_description: Some("Lunch".into()),
            last_update_time: Some("2026-05-01T09:58:00Z".into()),
            ..state("2", "Unavailable")
        },
    ];
    let index = AgentStateIndex::new(&states);
    let input = SkillInput {
        skill_id: "4207",
        skill: Some(&skill(Some(true))),
        activity: activity.as_ref(),
        assignments: Some(&assignments),
        agent_states: Some(&index),
        now: now(),
    };
    judge_skill(&input, rules)
}

fn codes_of(j: &Judgment) -> Vec<(&str, Severity)> {
    j.findings
        .iter()
        .map(|f| (f.code.as_str(), f.severity))
        .collect()
}

#[test]
fn contacts_waiting_while_agents_are_available_is_a_routing_problem() {
    let rules = QueueRules::default();
    let base = serde_json::json!({
        "skillId": 4207, "queueCount": 14, "earliestQueueTime": "2026-05-01T10:08:25Z",
        "serverTime": "2026-05-01T10:10:00Z", "agentsLoggedIn": 2, "agentsAvailable": 1,
        "serviceLevel": 50, "serviceLevelGoal": 80
    });
    let j = waiting_case(base.clone(), &rules);
    assert_eq!(
        codes_of(&j),
        [
            ("skill-waiting-with-available", Severity::Warn),
            ("skill-queue-long", Severity::Info),
            ("skill-service-level-low", Severity::Info),
            ("skill-counts", Severity::Info),
        ],
        "the root cause first, its consequences demoted: {:#?}",
        j.findings
    );
    let m = &j.findings[0].message;
    assert!(m.contains("14 contacts in queue"), "{m}");
    assert!(m.contains("1m35s (limit 30s)"), "{m}");
    assert!(
        m.contains("1 assigned agent is Available: Ada Lovelace (1). The contacts"),
        "{m}"
    );
    assert!(
        m.contains("routing, proficiency or capacity problem"),
        "{m}"
    );
    let hint = j.findings[0].hint.as_deref().unwrap();
    for what in ["proficiency", "capacity", "ReqAgent", "higher priority"] {
        assert!(hint.contains(what), "{hint}");
    }
    assert!(
        j.findings[1]
            .message
            .contains("a consequence of skill-waiting-with-available")
    );
    assert_eq!(skill_subject(&j).status, Status::Warn);
    // the subject lists the agents because the problem is about them
    let agents = &skill_subject(&j).facts["agents"];
    assert_eq!(agents[0]["name"], "Ada Lovelace");
    assert_eq!(agents[1]["name"], Value::Null, "\"None\" is no name");
    assert_eq!(agents[1]["unavailableCode"], "Lunch");
    assert_eq!(agents[1]["secondsInState"], 720);
    assert_eq!(agents[1]["category"], "unavailable");

    // at the limit, nothing; the wait unknown, nothing new (and never a pass on missing data)
    let at_limit = serde_json::json!({"earliestQueueTime": "2026-05-01T10:09:30Z", "queueCount": 3, "serviceLevel": 90});
    let mut data = base.clone();
    data.as_object_mut()
        .unwrap()
        .extend(at_limit.as_object().unwrap().clone());
    let j = waiting_case(data, &rules);
    assert!(
        !codes_of(&j)
            .iter()
            .any(|(c, _)| *c == "skill-waiting-with-available")
    );
    for (key, value) in [
        ("earliestQueueTime", Value::Null),
        ("earliestQueueTime", serde_json::json!("yesterday")),
        ("earliestQueueTime", serde_json::json!("17")),
        ("queueCount", Value::Null),
        ("queueCount", serde_json::json!("many")),
        ("queueCount", serde_json::json!("2.5")),
        ("queueCount", serde_json::json!(2.5)),
        ("queueCount", serde_json::json!(-1)),
        ("queueCount", serde_json::json!(1e20)),
        ("agentsAvailable", serde_json::json!(1.5)),
        ("queueCount", serde_json::json!(0)),
    ] {
        let mut data = base.clone();
        data[key] = value.clone();
        let j = waiting_case(data, &rules);
        let found = codes_of(&j)
            .iter()
            .any(|(c, _)| *c == "skill-waiting-with-available");
        assert!(!found, "{key} = {value}: {:#?}", j.findings);
        assert_ne!(
            skill_subject(&j).status,
            Status::Pass,
            "{key} = {value}: unknown never passes"
        );
    }
    // agents from the join: with the activity's agentsAvailable null, the join of states decides
    let mut data = base.clone();
    data["agentsAvailable"] = Value::Null;
    let j = waiting_case(data, &rules);
    assert_eq!(j.findings[0].code, "skill-waiting-with-available");
    // a higher limit, no finding
    let strict = QueueRules {
        waiting_with_available_s: 600,
        ..QueueRules::default()
    };
    let j = waiting_case(base, &strict);
    assert_eq!(j.findings[0].code, "skill-queue-long");
    assert_eq!(j.findings[0].severity, Severity::Warn);
}

#[test]
fn one_root_cause_per_skill_first() {
    // no agent assigned: the blocker alone, never "None of the 0 active agents ... logged in",
    // and no service level over an empty queue
    let j = run(&Case {
        activity: Some(SkillActivity {
            service_level: Some(0.0),
            contacts_active: Some(0),
            agents_logged_in: Some(0),
            agents_available: Some(0),
            ..activity(0, None, None)
        }),
        assignments: Some(vec![]),
        ..healthy()
    });
    assert_eq!(
        codes_of(&j),
        [
            ("skill-no-agents", Severity::Fail),
            ("skill-counts", Severity::Info)
        ],
        "{:#?}",
        j.findings
    );
    assert!(
        !j.findings
            .iter()
            .any(|f| f.message.contains("0 active agents"))
    );
    // inactive and nobody logged in: inactive first, the staffing demoted naming it
    let j = run(&Case {
        skill: Some(skill(Some(false))),
        states: Some(vec![]),
        ..healthy()
    });
    assert_eq!(
        codes_of(&j),
        [
            ("skill-inactive", Severity::Fail),
            ("skill-no-agents-logged-in", Severity::Info),
            ("skill-counts-disagree", Severity::Warn),
            ("skill-counts", Severity::Info),
        ],
        "{:#?}",
        j.findings
    );
    assert!(
        j.findings[1]
            .message
            .contains("consequence of skill-inactive")
    );
    // service level over an empty queue with contacts unknown still warns (unknown never passes)
    let j = run(&Case {
        activity: Some(SkillActivity {
            service_level: Some(10.0),
            ..activity(0, None, None)
        }),
        ..healthy()
    });
    assert_eq!(j.findings[0].code, "skill-service-level-low");
    let j = run(&Case {
        activity: Some(SkillActivity {
            service_level: Some(10.0),
            contacts_active: Some(0),
            ..activity(0, None, None)
        }),
        ..healthy()
    });
    assert_eq!(codes_of(&j), [("skill-counts", Severity::Info)]);
    // data missing stays a warning whatever the chain says
    let j = run(&Case {
        activity: None,
        states: None,
        ..healthy()
    });
    assert_eq!(skill_subject(&j).status, Status::Warn);
}

#[test]
fn agent_rows_name_agents_and_say_when_state_is_unknown() {
    use crate::checks::agents::{agent_label, agent_rows};
    assert_eq!(
        agent_label(Some("9001"), Some("Grace Hopper")),
        "Grace Hopper (9001)"
    );
    assert_eq!(agent_label(Some("9001"), None), "9001");
    assert_eq!(agent_label(Some("9001"), Some("None")), "9001");
    assert_eq!(agent_label(Some("9001"), Some("  ")), "9001");
    assert_eq!(agent_label(Some(" 9001 "), Some("null")), "9001");
    assert_eq!(agent_label(None, Some("Ada")), "Ada");
    assert_eq!(agent_label(Some(""), None), "an unknown agent");
    let assignments = [assign("1"), assign("2"), assign("1")];
    let states = [AgentState {
        last_update_time: Some("2026-05-01T11:00:00Z".into()),
        ..state("1", "Available")
    }];
    let complete = AgentStateIndex::new(&states);
    let rows = agent_rows(Some(&assignments), Some(&complete), now()).unwrap();
    assert_eq!(rows.len(), 2, "distinct agents");
    assert_eq!(
        rows[0].seconds_in_state, None,
        "a state starting in the future is unknown"
    );
    assert_eq!(rows[1].state.as_deref(), Some("LoggedOut"));
    let partial = AgentStateIndex::partial(&states, "page 2 failed");
    let rows = agent_rows(Some(&assignments), Some(&partial), now()).unwrap();
    assert_eq!(
        rows[1].state, None,
        "absent from an incomplete read: unknown"
    );
    assert_eq!(rows[1].state_text(), "state unknown");
    let rows = agent_rows(Some(&assignments), None, now()).unwrap();
    assert!(rows.iter().all(|r| r.category.is_none()));
    assert!(agent_rows(None, Some(&complete), now()).is_none());
}

/// A judgment's facts as they appear in the report.
fn facts(j: &Judgment) -> serde_json::Map<String, Value> {
    crate::report::facts::to_map(&j.facts)
}

#[test]
fn inactive_assignments_are_counted_in_the_singular_and_plural() {
    let one = run(&Case {
        assignments: Some(vec![AgentSkillAssignment {
            is_active: Some(false),
            ..assign("1")
        }]),
        ..healthy()
    });
    assert_eq!(
        one.findings[0].message,
        "The one agent assigned to skill 4242 (Billing Voice) is inactive (1 inactive user, 0 inactive skill assignments)"
    );
    let two = run(&two_inactive());
    assert_eq!(
        two.findings[0].message,
        "All 2 agents assigned to skill 4242 (Billing Voice) are inactive (1 inactive user, 1 inactive skill assignment)"
    );
}

/// Two agents assigned, one an inactive user, one an inactive skill assignment.
fn two_inactive() -> Case {
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
    }
}
