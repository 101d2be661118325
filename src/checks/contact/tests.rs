//! Table-driven tests of the contact diagnosis: one case per verdict and the edge cases of issue 5.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::*;
use crate::checks::agents::AgentStateIndex;
use crate::checks::queue::{SkillInput, judge_skill};
use crate::checks::time::{format_time, parse_time};
use crate::config::rules::QueueRules;
use crate::cxone::models::{AgentSkillAssignment, AgentState, Skill};
use crate::report::Status;

fn t0() -> DateTime<Utc> {
    parse_time("2026-05-01T10:00:00Z").unwrap()
}

/// A state `at` seconds after t0.
pub(crate) fn st(name: &str, at: i64, agent: Option<&str>, skill: Option<&str>) -> StateChange {
    StateChange {
        contact_state_name: Some(name.into()),
        start_date: Some(format_time(t0() + Duration::seconds(at))),
        agent_id: agent.map(String::from),
        skill_id: skill.map(String::from),
        ..Default::default()
    }
}

fn ended(id: &str) -> Contact {
    Contact {
        contact_id: Some(id.into()),
        master_contact_id: Some(id.into()),
        skill_id: Some("4242".into()),
        skill_name: Some("Billing Voice".into()),
        contact_start: Some("2026-05-01T10:00:00.000Z".into()),
        contact_end: Some("2026-05-01T10:10:00.000Z".into()),
        end_reason: Some("Contact Hung Up".into()),
        abandoned: Some(false),
        in_queue_seconds: Some(0.0),
        agent_seconds: Some(0.0),
        ..Default::default()
    }
}

fn context() -> Vec<CustomDataItem> {
    ["routingData", "customerInfo", "sessionId"]
        .iter()
        .map(|k| CustomDataItem {
            name: Some((*k).into()),
            value: Some("x".into()),
        })
        .collect()
}

fn item(name: &str, value: &str) -> CustomDataItem {
    CustomDataItem {
        name: Some(name.into()),
        value: Some(value.into()),
    }
}

/// A judgment of skill 4242: healthy, inactive, or with nobody logged in.
pub(crate) fn judgment(kind: &str) -> Judgment {
    let skill = Skill {
        skill_id: Some("4242".into()),
        skill_name: Some("Billing Voice".into()),
        is_active: Some(kind != "inactive"),
        ..Default::default()
    };
    let assignments = [AgentSkillAssignment {
        agent_id: Some("1201".into()),
        ..Default::default()
    }];
    let state_name = if kind == "nobody" {
        "LoggedOut"
    } else {
        "Available"
    };
    let states = [AgentState {
        agent_id: Some("1201".into()),
        agent_state_name: Some(state_name.into()),
        ..Default::default()
    }];
    let index = AgentStateIndex::new(&states);
    let activity = Default::default();
    judge_skill(
        &SkillInput {
            skill_id: "4242",
            skill: Some(&skill),
            activity: Some(&activity),
            assignments: Some(&assignments),
            agent_states: Some(&index),
            now: t0(),
        },
        &QueueRules::default(),
    )
}

struct Case {
    name: &'static str,
    contact: Contact,
    history: Option<Vec<StateChange>>,
    custom: Option<Vec<CustomDataItem>>,
    master: Option<Contact>,
    master_history: Option<Vec<StateChange>>,
    skills: Vec<Judgment>,
    now_at: i64,
    diagnosis: Diagnosis,
    codes: &'static [&'static str],
    status: Status,
}

fn base() -> Case {
    Case {
        name: "",
        contact: ended("500"),
        history: Some(vec![]),
        custom: Some(context()),
        master: None,
        master_history: None,
        skills: vec![],
        now_at: 600,
        diagnosis: Diagnosis::Inconclusive,
        codes: &[],
        status: Status::Pass,
    }
}

fn run(case: &Case) -> ContactVerdict {
    let mut input = ContactInput::new("500", &case.contact, t0() + Duration::seconds(case.now_at));
    input.history = case.history.as_deref();
    input.custom_data = case.custom.as_deref();
    input.master = case.master.as_ref();
    input.master_history = case.master_history.as_deref();
    input.skills = &case.skills;
    diagnose_contact(&input, &Rules::default())
}

fn handed_over_history() -> Vec<StateChange> {
    vec![
        st("PreQueue", 0, None, Some("4242")),
        st("Inqueue", 60, None, Some("4242")),
        st("Active", 90, Some("1201"), Some("4242")),
        st("EndContact", 400, None, Some("4242")),
    ]
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "handed over",
            contact: Contact {
                agent_id: Some("1201".into()),
                agent_seconds: Some(310.0),
                in_queue_seconds: Some(30.0),
                ..ended("500")
            },
            history: Some(handed_over_history()),
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over"],
            status: Status::Pass,
            ..base()
        },
        Case {
            name: "handed over after a long wait",
            contact: Contact {
                agent_id: Some("1201".into()),
                agent_seconds: Some(310.0),
                in_queue_seconds: Some(300.0),
                ..ended("500")
            },
            history: Some(handed_over_history()),
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over", "contact-long-wait"],
            status: Status::Warn,
            ..base()
        },
        Case {
            name: "agent time without an agent id",
            contact: Contact {
                agent_seconds: Some(100.0),
                in_queue_seconds: Some(10.0),
                ..ended("500")
            },
            history: None,
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over", "contact-data-missing"],
            status: Status::Pass,
            ..base()
        },
        Case {
            name: "never escalated",
            history: Some(vec![
                st("PreQueue", 0, None, Some("4242")),
                st("EndContact", 80, None, None),
            ]),
            diagnosis: Diagnosis::NeverEscalated,
            codes: &["contact-never-escalated"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "caller hung up in the bot",
            contact: Contact {
                abandoned: Some(true),
                ..ended("500")
            },
            history: Some(vec![
                st("PreQueue", 0, None, None),
                st("Abandoned", 80, None, None),
            ]),
            diagnosis: Diagnosis::NeverEscalated,
            codes: &["contact-never-escalated"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "Active without an agent id is not a handover",
            history: Some(vec![
                st("PreQueue", 0, None, None),
                st("Active", 5, Some("0"), None),
                st("EndContact", 80, None, None),
            ]),
            diagnosis: Diagnosis::NeverEscalated,
            codes: &["contact-never-escalated"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "abandoned in queue (flag)",
            contact: Contact {
                abandoned: Some(true),
                in_queue_seconds: Some(95.0),
                ..ended("500")
            },
            history: Some(vec![
                st("PreQueue", 0, None, None),
                st("Inqueue", 60, None, Some("4242")),
                st("EndContact", 155, None, None),
            ]),
            skills: vec![judgment("healthy")],
            diagnosis: Diagnosis::AbandonedInQueue,
            codes: &["contact-abandoned-in-queue"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "abandoned in queue (state only), skill now unstaffed",
            contact: Contact {
                abandoned: None,
                in_queue_seconds: None,
                ..ended("500")
            },
            history: Some(vec![
                st("PreQueue", 0, None, None),
                st("Inqueue", 60, None, Some("4242")),
                st("Abandoned", 155, None, None),
            ]),
            skills: vec![judgment("nobody")],
            diagnosis: Diagnosis::AbandonedInQueue,
            codes: &["contact-abandoned-in-queue", "contact-skill-unhealthy"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "queued then ended by the script in PostQueue",
            contact: Contact {
                end_reason: Some("Script Ended".into()),
                in_queue_seconds: Some(300.0),
                ..ended("500")
            },
            history: Some(vec![
                st("Inqueue", 0, None, Some("4242")),
                st("PostQueue", 300, None, Some("4242")),
                st("EndContact", 310, None, None),
            ]),
            diagnosis: Diagnosis::AbandonedInQueue,
            codes: &["contact-abandoned-in-queue"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "queued on an inactive skill",
            contact: Contact {
                abandoned: Some(true),
                in_queue_seconds: Some(200.0),
                ..ended("500")
            },
            history: Some(vec![
                st("Inqueue", 0, None, Some("4242")),
                st("Abandoned", 200, None, None),
            ]),
            skills: vec![judgment("inactive")],
            diagnosis: Diagnosis::SkillUnavailable,
            codes: &["contact-skill-unavailable"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "still waiting on an inactive skill",
            contact: Contact {
                contact_end: None,
                end_reason: None,
                state_name: Some("Inqueue".into()),
                ..ended("500")
            },
            history: Some(vec![
                st("PreQueue", 0, None, None),
                st("Inqueue", 30, None, Some("4242")),
            ]),
            skills: vec![judgment("inactive")],
            diagnosis: Diagnosis::SkillUnavailable,
            codes: &["contact-skill-unavailable"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "in progress in queue for too long",
            contact: Contact {
                contact_end: None,
                end_reason: None,
                state_name: None,
                in_queue_seconds: None,
                ..ended("500")
            },
            history: Some(vec![
                st("PreQueue", 0, None, None),
                st("Inqueue", 30, None, Some("4242")),
            ]),
            skills: vec![judgment("healthy")],
            now_at: 400,
            diagnosis: Diagnosis::InProgress,
            codes: &["contact-in-progress", "contact-long-wait"],
            status: Status::Warn,
            ..base()
        },
        Case {
            name: "in progress with the bot",
            contact: Contact {
                contact_end: None,
                end_reason: None,
                state_name: Some("PreQueue".into()),
                ..ended("500")
            },
            history: None,
            diagnosis: Diagnosis::InProgress,
            codes: &["contact-in-progress", "contact-data-missing"],
            status: Status::Pass,
            ..base()
        },
        Case {
            name: "bot error from _ERR",
            custom: Some(
                [
                    context(),
                    vec![item("_ERR", "Timeout calling bot endpoint")],
                ]
                .concat(),
            ),
            history: Some(vec![
                st("PreQueue", 0, None, None),
                st("EndContact", 20, None, None),
            ]),
            diagnosis: Diagnosis::BotError,
            codes: &["contact-bot-error"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "bot error from the end reason, no history",
            contact: Contact {
                end_reason: Some("Script Error".into()),
                ..ended("500")
            },
            history: None,
            diagnosis: Diagnosis::BotError,
            codes: &["contact-bot-error", "contact-data-missing"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "bot error from an error state",
            history: Some(vec![
                st("PreQueue", 0, None, None),
                st("ScriptError", 10, None, None),
                st("EndContact", 11, None, None),
            ]),
            diagnosis: Diagnosis::BotError,
            codes: &["contact-bot-error"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "error data but handed over anyway",
            contact: Contact {
                agent_id: Some("1201".into()),
                agent_seconds: Some(310.0),
                in_queue_seconds: Some(30.0),
                ..ended("500")
            },
            history: Some(handed_over_history()),
            custom: Some(
                [
                    context(),
                    vec![item("errorDetails", "{\"code\":500}"), item("_ERR", "")],
                ]
                .concat(),
            ),
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over", "contact-bot-error-seen"],
            status: Status::Warn,
            ..base()
        },
        Case {
            name: "refused, re-queued, answered by another agent",
            contact: Contact {
                agent_id: Some("1202".into()),
                agent_seconds: Some(100.0),
                in_queue_seconds: Some(50.0),
                ..ended("500")
            },
            history: Some(vec![
                st("Inqueue", 0, None, Some("4242")),
                st("Routing", 20, Some("1201"), Some("4242")),
                st("Refused", 30, Some("1201"), Some("4242")),
                st("Inqueue", 31, None, Some("4242")),
                st("Active", 50, Some("1202"), Some("4242")),
                st("EndContact", 150, None, None),
            ]),
            diagnosis: Diagnosis::HandedOver,
            codes: &[
                "contact-handed-over",
                "contact-refused",
                "contact-transferred",
            ],
            status: Status::Warn,
            ..base()
        },
        Case {
            name: "transferred to another skill and agent",
            contact: Contact {
                agent_id: Some("1202".into()),
                agent_seconds: Some(100.0),
                in_queue_seconds: Some(20.0),
                ..ended("500")
            },
            history: Some(vec![
                st("Inqueue", 0, None, Some("4242")),
                st("Active", 10, Some("1201"), Some("4242")),
                st("Inqueue", 60, None, Some("4243")),
                st("Active", 70, Some("1202"), Some("4243")),
                st("EndContact", 150, None, None),
            ]),
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over", "contact-transferred"],
            status: Status::Pass,
            ..base()
        },
        Case {
            name: "spawned voice-bot contact with its master handed over",
            contact: Contact {
                master_contact_id: Some("499".into()),
                skill_id: Some("9000".into()),
                skill_name: Some("Cognigy Bot".into()),
                ..ended("500")
            },
            history: Some(vec![
                st("Active", 5, Some("0"), Some("9000")),
                st("EndContact", 60, None, None),
            ]),
            master: Some(Contact {
                agent_id: Some("1201".into()),
                agent_seconds: Some(200.0),
                in_queue_seconds: Some(30.0),
                ..ended("499")
            }),
            master_history: Some(vec![
                st("PreQueue", 0, None, Some("9000")),
                st("Inqueue", 61, None, Some("4242")),
                st("Active", 91, Some("1201"), Some("4242")),
                st("EndContact", 300, None, None),
            ]),
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over"],
            status: Status::Pass,
            ..base()
        },
        Case {
            name: "spawned contact whose master abandoned in queue",
            contact: Contact {
                master_contact_id: Some("499".into()),
                ..ended("500")
            },
            history: Some(vec![
                st("Active", 5, None, Some("9000")),
                st("EndContact", 60, None, None),
            ]),
            master: Some(Contact {
                abandoned: Some(true),
                in_queue_seconds: Some(140.0),
                ..ended("499")
            }),
            master_history: Some(vec![
                st("PreQueue", 0, None, None),
                st("Inqueue", 61, None, Some("4242")),
                st("Abandoned", 201, None, None),
            ]),
            diagnosis: Diagnosis::AbandonedInQueue,
            codes: &["contact-abandoned-in-queue"],
            status: Status::Fail,
            ..base()
        },
        Case {
            name: "spawned contact whose master could not be read",
            contact: Contact {
                master_contact_id: Some("499".into()),
                ..ended("500")
            },
            history: Some(vec![
                st("Active", 5, None, Some("9000")),
                st("EndContact", 60, None, None),
            ]),
            diagnosis: Diagnosis::Inconclusive,
            codes: &["contact-inconclusive"],
            status: Status::Warn,
            ..base()
        },
        Case {
            name: "a bare record says nothing",
            contact: Contact {
                contact_id: Some("500".into()),
                ..Default::default()
            },
            history: None,
            custom: None,
            diagnosis: Diagnosis::Inconclusive,
            codes: &["contact-inconclusive"],
            status: Status::Warn,
            ..base()
        },
        Case {
            name: "required context missing",
            contact: Contact {
                agent_id: Some("1201".into()),
                agent_seconds: Some(310.0),
                in_queue_seconds: Some(30.0),
                ..ended("500")
            },
            history: Some(handed_over_history()),
            custom: Some(vec![item("ROUTINGDATA", "{}"), item("sessionId", " ")]),
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over", "contact-context-missing"],
            status: Status::Warn,
            ..base()
        },
        Case {
            name: "custom data not read",
            contact: Contact {
                agent_id: Some("1201".into()),
                agent_seconds: Some(310.0),
                in_queue_seconds: Some(30.0),
                ..ended("500")
            },
            history: Some(handed_over_history()),
            custom: None,
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over", "contact-data-missing"],
            status: Status::Pass,
            ..base()
        },
        Case {
            name: "completed, but the state history came back empty",
            contact: ended("500"),
            history: Some(vec![]),
            diagnosis: Diagnosis::Inconclusive,
            codes: &["contact-inconclusive"],
            status: Status::Warn,
            ..base()
        },
        Case {
            name: "live bot call: the spawned contact is Active with the bot",
            contact: Contact {
                master_contact_id: Some("499".into()),
                contact_end: None,
                end_reason: None,
                state_name: Some("Active".into()),
                agent_seconds: Some(58.0),
                ..ended("500")
            },
            history: Some(vec![st("Active", 2, None, None)]),
            master: Some(Contact {
                contact_end: None,
                end_reason: None,
                state_name: Some("PreQueue".into()),
                ..ended("499")
            }),
            master_history: Some(vec![st("PreQueue", 0, None, Some("4242"))]),
            now_at: 60,
            diagnosis: Diagnosis::InProgress,
            codes: &["contact-in-progress"],
            status: Status::Pass,
            ..base()
        },
    ]
}

#[test]
fn verdicts_table() {
    for case in cases() {
        let v = run(&case);
        let codes: Vec<&str> = v.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(v.diagnosis, case.diagnosis, "{}: {}", case.name, v.evidence);
        assert_eq!(codes, case.codes, "{}: {:#?}", case.name, v.findings);
        assert_eq!(
            facts(&v)["diagnosis"],
            case.diagnosis.as_str(),
            "{}",
            case.name
        );
        assert_eq!(v.findings[0].message, v.evidence, "{}", case.name);
        assert!(facts(&v)["timeline"].is_array(), "{}", case.name);
        assert_eq!(contact_subject(&v).status, case.status, "{}", case.name);
    }
}

fn find(name: &str) -> Case {
    cases().into_iter().find(|c| c.name == name).unwrap()
}

#[test]
fn evidence_sentences_state_the_numbers() {
    let cases = [
        (
            "handed over",
            "Agent 1201 answered on skill 4242 (Billing Voice) after 30s in queue.",
        ),
        (
            "never escalated",
            "The contact ended after 10m00s without ever being queued (end reason \"Contact Hung Up\").",
        ),
        (
            "abandoned in queue (flag)",
            "The contact queued on skill 4242 (Billing Voice) for 1m35s and ended before any agent answered (the caller abandoned).",
        ),
        (
            "queued on an inactive skill",
            "The contact queued on skill 4242 (Billing Voice), which is inactive, and ended after 3m20s in queue without an agent.",
        ),
        (
            "still waiting on an inactive skill",
            "The contact is waiting in queue on skill 4242 (Billing Voice), which is inactive: no agent can be offered it.",
        ),
        (
            "in progress in queue for too long",
            "The contact is still active: Inqueue on skill 4242 (Billing Voice) since 2026-05-01T10:00:30Z (6m10s); no agent has been connected yet.",
        ),
        (
            "bot error from _ERR",
            "The bot or the script's error path ended the contact before it queued: custom data _ERR = \"Timeout calling bot endpoint\".",
        ),
        (
            "spawned contact whose master could not be read",
            "Cannot tell what happened: the master contact (where a voice-bot contact queues) could not be read (missing: master contact 499).",
        ),
    ];
    for (name, want) in cases {
        assert_eq!(run(&find(name)).evidence, want, "{name}");
    }
}

#[test]
fn facts_of_a_voice_pair() {
    let v = run(&find(
        "spawned voice-bot contact with its master handed over",
    ));
    let f = &facts(&v);
    assert_eq!(f["contactId"], "500");
    assert_eq!(f["masterContactId"], "499");
    assert_eq!(f["skill"], "4242");
    assert_eq!(f["skillName"], "Billing Voice");
    assert_eq!(f["agent"], "1201");
    assert_eq!(f["queueSeconds"], 30);
    assert_eq!(f["endReason"], "Contact Hung Up");
    assert_eq!(f["active"], false);
    assert_eq!(f["start"], "2026-05-01T10:00:00Z");
    let timeline = f["timeline"].as_array().unwrap();
    let order: Vec<(&str, &str)> = timeline
        .iter()
        .map(|e| (e["contact"].as_str().unwrap(), e["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            ("499", "PreQueue"),
            ("500", "Active"),
            ("500", "EndContact"),
            ("499", "Inqueue"),
            ("499", "Active"),
            ("499", "EndContact")
        ]
    );
    assert_eq!(timeline[3]["durationSeconds"], 30);
    assert_eq!(timeline[1]["agent"], Value::Null);
}

#[test]
fn facts_mark_unknowns_and_missing_context() {
    let v = run(&find("a bare record says nothing"));
    assert_eq!(facts(&v)["queueSeconds"], "unknown");
    assert_eq!(facts(&v)["active"], "unknown");
    assert_eq!(facts(&v)["endReason"], "unknown");
    assert_eq!(facts(&v)["masterContactId"], Value::Null);
    assert!(
        v.evidence.contains("the state history of contact 500"),
        "{}",
        v.evidence
    );
    let v = run(&find("required context missing"));
    assert_eq!(
        facts(&v)["missingContext"],
        serde_json::json!(["customerInfo", "sessionId"])
    );
    assert!(
        v.findings[1]
            .message
            .starts_with("Custom data lacks required context: customerInfo, sessionId")
    );
    let v = run(&find("in progress with the bot"));
    assert_eq!(facts(&v)["endReason"], Value::Null);
    assert_eq!(facts(&v)["currentState"], "PreQueue");
}

#[test]
fn sentinel_and_not_found_subjects() {
    assert!(sentinel_subject("4242").is_none());
    let s = sentinel_subject(" 100000000000 ").unwrap();
    assert_eq!(s.status, Status::Fail);
    assert_eq!(s.findings[0].code, "contact-id-sentinel");
    assert_eq!(s.facts["diagnosis"], "never-escalated");
    let s = contact_not_found_subject("77");
    assert_eq!(s.status, Status::Fail);
    assert_eq!(s.facts["diagnosis"], "not-found");
}

#[test]
fn master_and_skills_to_fetch() {
    let own = ended("500");
    assert_eq!(master_to_follow(&own), None);
    let spawned = Contact {
        master_contact_id: Some("499".into()),
        ..ended("500")
    };
    assert_eq!(master_to_follow(&spawned), Some("499"));
    for m in ["0", "", "100000000000"] {
        let c = Contact {
            master_contact_id: Some(m.into()),
            ..ended("500")
        };
        assert_eq!(master_to_follow(&c), None, "{m:?}");
    }
    let case = find("transferred to another skill and agent");
    let mut input = ContactInput::new("500", &case.contact, t0());
    input.history = case.history.as_deref();
    assert_eq!(input.skill_ids(), ["4242", "4243"]);
    let never = ended("500");
    assert!(
        ContactInput::new("500", &never, t0())
            .skill_ids()
            .is_empty()
    );
}

/// A verdict's facts as they appear in the report.
fn facts(v: &ContactVerdict) -> serde_json::Map<String, Value> {
    crate::report::facts::to_map(&v.facts)
}
