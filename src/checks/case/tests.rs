//! Tests of the digital case verdict: one case per verdict, escalation points, and a 6,000-message case.

use chrono::Duration;
use serde_json::json;

use super::*;
use crate::checks::contact::tests::judgment;
use crate::checks::digital::MessageScan;
use crate::checks::time::parse_time;
use crate::cxone::models::{DfoMessage, DfoUser};
use crate::report::Status;

fn t(s: i64) -> String {
    format_time(parse_time("2026-05-01T09:00:00Z").unwrap() + Duration::seconds(s))
}

fn now() -> DateTime<Utc> {
    parse_time("2026-05-01T10:00:00Z").unwrap()
}

fn user(id: &str, bot: Option<bool>) -> DfoUser {
    DfoUser {
        id: Some(id.into()),
        first_name: Some(if bot == Some(true) {
            "Cognigy".into()
        } else {
            "Ana".into()
        }),
        surname: None,
        is_bot_user: bot,
        is_survey_user: None,
    }
}

fn customer(at: i64) -> DfoMessage {
    DfoMessage {
        direction: Some("inbound".into()),
        created_at: Some(t(at)),
        ..Default::default()
    }
}

fn bot(at: i64) -> DfoMessage {
    DfoMessage {
        direction: Some("outbound".into()),
        created_at: Some(t(at)),
        author_user: Some(user("b1", Some(true))),
        message_content: Some(json!({"type": "TEXT", "payload": {"text": "How can I help?"}})),
        ..Default::default()
    }
}

fn bot_escalates(at: i64) -> DfoMessage {
    DfoMessage {
        message_content: Some(
            json!({"_cognigy": {"_niceCXOne": {"json": {"data": {"Intent": "Escalate"}, "action": "AGENT_TRANSFER"}}}}),
        ),
        ..bot(at)
    }
}

fn agent(at: i64) -> DfoMessage {
    DfoMessage {
        direction: Some("Outbound".into()),
        created_at: Some(t(at)),
        author_user: Some(user("a7", Some(false))),
        ..Default::default()
    }
}

fn case(status: &str) -> DfoContact {
    DfoContact {
        id: Some("3301".into()),
        contact_id: Some("88001".into()),
        status: Some(status.into()),
        routing_queue_id: Some("4242".into()),
        created_at: Some(t(0)),
        status_updated_at: Some(t(600)),
        ..Default::default()
    }
}

struct Case {
    name: &'static str,
    case: DfoContact,
    messages: Vec<DfoMessage>,
    skill: Option<&'static str>,
    diagnosis: Diagnosis,
    codes: &'static [&'static str],
    status: Status,
}

fn run(c: &Case) -> CaseVerdict {
    let j = c.skill.map(judgment);
    analyze_case(
        &c.case,
        &MessageScan::of(&c.messages),
        j.as_ref(),
        &Rules::default(),
        now(),
    )
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "handed over",
            case: case("closed"),
            messages: vec![
                customer(1),
                bot(2),
                customer(3),
                bot_escalates(4),
                agent(30),
                customer(40),
            ],
            skill: None,
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over"],
            status: Status::Pass,
        },
        Case {
            name: "handed over after a long wait",
            case: case("closed"),
            messages: vec![customer(1), bot_escalates(4), agent(400)],
            skill: None,
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over", "contact-long-wait"],
            status: Status::Warn,
        },
        Case {
            name: "open with the bot",
            case: case("open"),
            messages: vec![customer(1), bot(2)],
            skill: None,
            diagnosis: Diagnosis::InProgress,
            codes: &["contact-in-progress"],
            status: Status::Pass,
        },
        Case {
            name: "escalated and waiting on an unstaffed queue",
            case: DfoContact {
                status_updated_at: Some(t(3590)),
                ..case("escalated")
            },
            messages: vec![customer(1), bot(2)],
            skill: Some("nobody"),
            diagnosis: Diagnosis::InProgress,
            codes: &["contact-in-progress", "contact-skill-unhealthy"],
            status: Status::Warn,
        },
        Case {
            name: "escalated to an inactive queue",
            case: case("escalated"),
            messages: vec![customer(1), bot_escalates(2)],
            skill: Some("inactive"),
            diagnosis: Diagnosis::SkillUnavailable,
            codes: &["contact-skill-unavailable"],
            status: Status::Fail,
        },
        Case {
            name: "resolved by the bot alone",
            case: case("resolved"),
            messages: vec![customer(1), bot(2), customer(3), bot(4)],
            skill: Some("healthy"),
            diagnosis: Diagnosis::NeverEscalated,
            codes: &["contact-never-escalated"],
            status: Status::Fail,
        },
        Case {
            name: "escalated then closed before an agent wrote",
            case: case("closed"),
            messages: vec![customer(1), bot_escalates(2), customer(100)],
            skill: Some("healthy"),
            diagnosis: Diagnosis::AbandonedInQueue,
            codes: &["contact-abandoned-in-queue"],
            status: Status::Fail,
        },
        Case {
            name: "assigned to a human who never wrote",
            case: DfoContact {
                inbox_assignee_user: Some(user("a7", None)),
                ..case("closed")
            },
            messages: vec![customer(1), bot_escalates(2)],
            skill: None,
            diagnosis: Diagnosis::HandedOver,
            codes: &["contact-handed-over", "case-no-agent-reply"],
            status: Status::Warn,
        },
        Case {
            name: "open and assigned, no reply yet",
            case: DfoContact {
                inbox_assignee_user: Some(user("a7", Some(false))),
                ..case("pending")
            },
            messages: vec![customer(1)],
            skill: None,
            diagnosis: Diagnosis::InProgress,
            codes: &["contact-in-progress"],
            status: Status::Pass,
        },
        Case {
            name: "nothing at all",
            case: DfoContact {
                id: Some("3301".into()),
                ..Default::default()
            },
            messages: vec![],
            skill: None,
            diagnosis: Diagnosis::Inconclusive,
            codes: &["contact-inconclusive"],
            status: Status::Warn,
        },
        Case {
            name: "unknown status",
            case: case("archived-somehow"),
            messages: vec![customer(1), bot(2)],
            skill: None,
            diagnosis: Diagnosis::Inconclusive,
            codes: &["contact-inconclusive"],
            status: Status::Warn,
        },
    ]
}

#[test]
fn verdicts_table() {
    for c in cases() {
        let v = run(&c);
        let codes: Vec<&str> = v.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(v.diagnosis, c.diagnosis, "{}: {}", c.name, v.evidence);
        assert_eq!(codes, c.codes, "{}: {:#?}", c.name, v.findings);
        assert_eq!(facts(&v)["diagnosis"], c.diagnosis.as_str(), "{}", c.name);
        assert!(facts(&v)["timeline"].is_array(), "{}", c.name);
        assert_eq!(case_subject(&v).status, c.status, "{}", c.name);
    }
}

#[test]
fn marks_bot_messages_escalation_and_first_agent() {
    let v = run(&cases().remove(0));
    let f = &facts(&v);
    assert_eq!(
        f["messages"],
        json!({"total": 6, "inbound": 3, "bot": 2, "agent": 1, "other": 0})
    );
    assert_eq!(f["firstBotMessage"], json!({"index": 1, "time": t(2)}));
    assert_eq!(
        f["escalation"],
        json!({"source": "bot-signal", "index": 3, "time": t(4)})
    );
    assert_eq!(
        f["firstAgentMessage"],
        json!({"index": 4, "time": t(30), "agent": "a7", "agentName": "Ana"})
    );
    assert_eq!(f["queueSeconds"], 26);
    assert_eq!(f["agent"], "a7");
    assert_eq!(f["routingQueueId"], "4242");
    assert_eq!(f["endReason"], "closed");
    assert_eq!(
        v.evidence,
        "Agent Ana (a7) first wrote at 2026-05-01T09:00:30Z (message 5), after 2 bot messages; 1 agent message in all."
    );
    let states: Vec<&str> = f["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        [
            "case created",
            "first customer message (#1)",
            "first bot message (#2, 2 in all)",
            "escalated: bot handover output (#4)",
            "first agent message (#5)",
            "last message (#6)",
            "status closed",
        ]
    );
}

#[test]
fn escalation_falls_back_to_status_then_first_non_bot_outbound() {
    let scan = MessageScan::of(&[customer(1), bot(2)]);
    let v = analyze_case(&case("escalated"), &scan, None, &Rules::default(), now());
    assert_eq!(facts(&v)["escalation"]["source"], "status");
    let system = DfoMessage {
        direction: Some("outbound".into()),
        created_at: Some(t(5)),
        ..Default::default()
    };
    let scan = MessageScan::of(&[customer(1), bot(2), system]);
    assert_eq!(scan.other, 1);
    let v = analyze_case(&case("closed"), &scan, None, &Rules::default(), now());
    assert_eq!(facts(&v)["escalation"]["source"], "first-non-bot-outbound");
    assert_eq!(v.diagnosis, Diagnosis::AbandonedInQueue);
}

#[test]
fn six_thousand_messages_newest_first_in_one_pass() {
    let mut messages = Vec::with_capacity(6000);
    for i in 0..6000i64 {
        messages.push(match i {
            2999 => bot_escalates(i),
            i if i >= 3500 && i % 2 == 0 => agent(i),
            i if i % 2 == 0 => bot(i),
            _ => customer(i),
        });
    }
    messages.reverse();
    let started = std::time::Instant::now();
    let scan = MessageScan::of(&messages);
    let v = analyze_case(&case("closed"), &scan, None, &Rules::default(), now());
    assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
    assert_eq!(scan.total, 6000);
    assert_eq!(scan.agent, 1250);
    assert_eq!(v.diagnosis, Diagnosis::HandedOver);
    assert_eq!(facts(&v)["firstAgentMessage"]["time"], t(3500));
    assert_eq!(facts(&v)["firstAgentMessage"]["index"], 6000 - 1 - 3500);
    assert_eq!(facts(&v)["escalation"]["time"], t(2999));
    assert_eq!(facts(&v)["queueSeconds"], 501);
}

/// A verdict's facts as they appear in the report.
fn facts(v: &CaseVerdict) -> serde_json::Map<String, serde_json::Value> {
    crate::report::facts::to_map(&v.facts)
}
