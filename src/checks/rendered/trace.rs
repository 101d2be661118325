//! Snapshot tests of the trace view, on reports built with the real checks.

use chrono::{DateTime, Duration, Utc};

use crate::checks::case::{analyze_case, case_subject};
use crate::checks::contact::tests::{judgment, st};
use crate::checks::contact::{
    ContactInput, contact_not_found_subject, contact_subject, diagnose_contact, sentinel_subject,
};
use crate::checks::digital::MessageScan;
use crate::checks::queue::skill_subject;
use crate::checks::recent::{recent_subject, summarize_recent};
use crate::checks::time::{format_time, parse_time};
use crate::config::rules::Rules;
use crate::cxone::models::{Contact, CustomDataItem, DfoContact, DfoMessage, DfoUser};
use crate::report::Report;
use crate::report::human::{self, Style};

fn t0() -> DateTime<Utc> {
    parse_time("2026-05-01T10:00:00Z").unwrap()
}

fn ended(id: &str) -> Contact {
    Contact {
        contact_id: Some(id.into()),
        master_contact_id: Some(id.into()),
        skill_id: Some("4242".into()),
        skill_name: Some("Billing Voice".into()),
        contact_start: Some("2026-05-01T10:00:00.000Z".into()),
        contact_end: Some("2026-05-01T10:05:00.000Z".into()),
        end_reason: Some("Contact Hung Up".into()),
        abandoned: Some(false),
        in_queue_seconds: Some(0.0),
        agent_seconds: Some(0.0),
        ..Default::default()
    }
}

fn plain(report: &mut Report) -> String {
    report.finish();
    let text = human::render(report, Style::plain());
    assert!(!text.contains('\u{1b}'));
    text
}

#[test]
fn voice_pair_handed_over() {
    insta::assert_snapshot!(plain(&mut voice_pair_report()));
}

/// A voice master/spawned pair handed over to agent 1201 on skill 4242, and that skill.
pub(crate) fn voice_pair_report() -> Report {
    let spawned = Contact {
        master_contact_id: Some("5823110".into()),
        skill_id: Some("9000".into()),
        skill_name: Some("Cognigy Voicebot".into()),
        ..ended("5823114")
    };
    let history = [
        st("Active", 2, Some("0"), Some("9000")),
        st("EndContact", 58, None, Some("9000")),
    ];
    let master = Contact {
        agent_id: Some("1201".into()),
        agent_seconds: Some(180.0),
        in_queue_seconds: Some(32.0),
        ..ended("5823110")
    };
    let master_history = [
        st("PreQueue", 0, None, Some("9000")),
        st("Inqueue", 60, None, Some("4242")),
        st("Active", 92, Some("1201"), Some("4242")),
        st("EndContact", 272, None, None),
    ];
    let custom = [CustomDataItem {
        name: Some("routingData".into()),
        value: Some("{}".into()),
    }];
    let skills = [judgment("healthy")];
    let mut input = ContactInput::new("5823114", &spawned, t0() + Duration::minutes(10));
    input.history = Some(&history);
    input.custom_data = Some(&custom);
    input.master = Some(&master);
    input.master_history = Some(&master_history);
    input.skills = &skills;
    let mut report = Report::new("trace-conversation");
    report.push(contact_subject(&diagnose_contact(
        &input,
        &Rules::default(),
    )));
    report.push(skill_subject(&skills[0]));
    report.finish();
    report
}

#[test]
fn abandoned_in_queue_on_an_unstaffed_skill() {
    let contact = Contact {
        abandoned: Some(true),
        in_queue_seconds: Some(95.0),
        ..ended("5823200")
    };
    let history = [
        st("PreQueue", 0, None, None),
        st("Inqueue", 60, None, Some("4242")),
        st("Abandoned", 155, None, Some("4242")),
    ];
    let skills = [judgment("nobody")];
    let mut input = ContactInput::new("5823200", &contact, t0() + Duration::minutes(10));
    input.history = Some(&history);
    input.custom_data = Some(&[]);
    input.skills = &skills;
    let mut report = Report::new("trace-conversation");
    report.push(contact_subject(&diagnose_contact(
        &input,
        &Rules::default(),
    )));
    report.push(skill_subject(&skills[0]));
    insta::assert_snapshot!(plain(&mut report));
}

#[test]
fn digital_case_handed_over() {
    let at = |s: i64| Some(format_time(t0() + Duration::seconds(s)));
    let bot = DfoUser {
        id: Some("b1".into()),
        first_name: Some("Cognigy".into()),
        is_bot_user: Some(true),
        ..Default::default()
    };
    let agent = DfoUser {
        id: Some("a7".into()),
        first_name: Some("Ana".into()),
        surname: Some("Silva".into()),
        is_bot_user: Some(false),
        ..Default::default()
    };
    let msg = |dir: &str, s: i64, who: Option<&DfoUser>, content: serde_json::Value| DfoMessage {
        id: None,
        direction: Some(dir.into()),
        created_at: at(s),
        author_user: who.cloned(),
        message_content: Some(content),
    };
    let text = serde_json::json!({"type": "TEXT"});
    let messages = [
        msg("inbound", 1, None, text.clone()),
        msg("outbound", 2, Some(&bot), text.clone()),
        msg("inbound", 20, None, text.clone()),
        msg(
            "outbound",
            21,
            Some(&bot),
            serde_json::json!({"data": {"Intent": "Escalate"}, "action": "AGENT_TRANSFER"}),
        ),
        msg("outbound", 95, Some(&agent), text.clone()),
        msg("inbound", 120, None, text),
    ];
    let case = DfoContact {
        id: Some("3301".into()),
        contact_id: Some("88001".into()),
        status: Some("resolved".into()),
        routing_queue_id: Some("4242".into()),
        created_at: at(0),
        status_updated_at: at(600),
        inbox_assignee_user: Some(agent.clone()),
        ..Default::default()
    };
    let skill = judgment("healthy");
    let verdict = analyze_case(
        &case,
        &MessageScan::of(&messages),
        Some(&skill),
        &Rules::default(),
        t0(),
    );
    let mut report = Report::new("trace-conversation");
    report.push(case_subject(&verdict));
    insta::assert_snapshot!(plain(&mut report));
}

#[test]
fn recent_list() {
    insta::assert_snapshot!(plain(&mut recent_report()));
}

/// Six `--recent` rows: handed over, abandoned, never escalated, bot error, a spawned leg, a master.
pub(crate) fn recent_report() -> Report {
    let contacts = [
        Contact {
            agent_id: Some("1201".into()),
            agent_seconds: Some(120.0),
            in_queue_seconds: Some(40.0),
            ..ended("5823001")
        },
        Contact {
            abandoned: Some(true),
            in_queue_seconds: Some(95.0),
            ..ended("5823002")
        },
        ended("5823003"),
        Contact {
            end_reason: Some("Script Error".into()),
            ..ended("5823004")
        },
        Contact {
            master_contact_id: Some("5823006".into()),
            skill_id: Some("9000".into()),
            ..ended("5823005")
        },
        Contact {
            agent_id: Some("1202".into()),
            agent_seconds: Some(60.0),
            in_queue_seconds: Some(150.0),
            ..ended("5823006")
        },
    ];
    let mut report = Report::new("trace-conversation");
    for row in summarize_recent(&contacts, &[], t0()) {
        report.push(recent_subject(&row));
    }
    report.finish();
    report
}

#[test]
fn sentinel_and_not_found() {
    let mut report = Report::new("trace-conversation");
    report.push(sentinel_subject("100000000000").unwrap());
    report.push(contact_not_found_subject("5829999"));
    insta::assert_snapshot!(plain(&mut report));
}

#[test]
fn coloured_view_colours_statuses() {
    let mut report = Report::new("trace-conversation");
    for row in summarize_recent(&[ended("1")], &[], t0()) {
        report.push(recent_subject(&row));
    }
    report.finish();
    assert!(human::render(&report, Style::plain().colored(true)).contains('\u{1b}'));
}
