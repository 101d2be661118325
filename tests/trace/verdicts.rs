//! One demo contact per diagnosis: the verdict in `facts.diagnosis`, the verdict finding, the
//! subject's status and the exit code; missing context keys; the human view.

use crate::support::{Home, codes, subject};

/// (contact, diagnosis, subject status, exit code, words the evidence must hold)
const DEMO: &[(&str, &str, &str, i32, &str)] = &[
    (
        "5823110",
        "handed-over",
        "pass",
        0,
        "Agent Ada Lovelace (9001) answered",
    ),
    (
        "5823114",
        "handed-over",
        "pass",
        0,
        "Agent Ada Lovelace (9001) answered",
    ),
    (
        "5823120",
        "never-escalated",
        "fail",
        1,
        "without ever being queued",
    ),
    (
        "5823130",
        "abandoned-in-queue",
        "fail",
        1,
        "caller abandoned",
    ),
    (
        "5823140",
        "skill-unavailable",
        "fail",
        1,
        "which is inactive",
    ),
    ("5823150", "bot-error", "fail", 1, "_ERR"),
    ("5823151", "bot-error", "fail", 1, "Script Error"),
    // in progress is a pass; its skill (nobody Available) adds a warning
    ("5823160", "in-progress", "warn", 0, "still active: Inqueue"),
    ("5823170", "inconclusive", "warn", 0, "came back empty"),
    (
        "5823180",
        "handed-over",
        "warn",
        0,
        "Agent Grace Hopper (9002) answered",
    ),
    (
        "5823190",
        "handed-over",
        "pass",
        0,
        "Agent Grace Hopper (9002) answered",
    ),
];

#[test]
fn every_demo_contact_gets_its_verdict() {
    let home = Home::new();
    for &(id, diagnosis, status, code, words) in DEMO {
        let run = home.trace("demo", &[id]);
        let report = run.report();
        let s = subject(&report, "contact", id);
        assert_eq!(s["facts"]["diagnosis"], diagnosis, "{id}: {s:#}");
        assert_eq!(s["status"], status, "{id}: {s:#}");
        assert_eq!(run.code, code, "{id}: {}", run.stderr);
        let verdict = &s["findings"][0];
        assert_eq!(verdict["code"], format!("contact-{diagnosis}"), "{id}");
        assert_eq!(verdict["message"], s["facts"]["evidence"], "{id}");
        let evidence = s["facts"]["evidence"].as_str().unwrap();
        assert!(evidence.contains(words), "{id}: {evidence}");
        assert!(s["facts"]["timeline"].is_array(), "{id}");
        assert_eq!(report["command"], "trace-conversation");
    }
}

#[test]
fn the_skills_involved_are_judged_and_feed_the_verdict() {
    let home = Home::new();
    let report = home.trace("demo", &["5823140"]).report();
    let skill = subject(&report, "skill", "4202");
    assert_eq!(skill["status"], "fail");
    assert!(codes(skill).contains(&"skill-inactive".to_string()));
    let contact = subject(&report, "contact", "5823140");
    assert_eq!(contact["facts"]["skill"], "4202");
    assert_eq!(contact["facts"]["skillName"], "Retention Voice");
    // a contact that never queued reads no skill
    let report = home.trace("demo", &["5823120"]).report();
    assert_eq!(
        report["subjects"].as_array().unwrap().len(),
        1,
        "{report:#}"
    );
}

#[test]
fn facts_hold_the_skill_agent_queue_time_and_end_reason() {
    let home = Home::new();
    let report = home.trace("demo", &["5823130"]).report();
    let f = &subject(&report, "contact", "5823130")["facts"];
    assert_eq!(f["skill"], "4206");
    assert_eq!(f["queueSeconds"], 241);
    assert_eq!(f["abandoned"], true);
    assert_eq!(f["endReason"], "Contact Hung Up");
    assert_eq!(f["agent"], serde_json::Value::Null);
    let states: Vec<&str> = f["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["PreQueue", "Inqueue", "Abandoned"]);
    let report = home.trace("demo", &["5823190"]).report();
    assert_eq!(
        subject(&report, "contact", "5823190")["facts"]["agent"],
        "9002"
    );
}

#[test]
fn agents_are_named_from_the_assignments_read_in_facts_timeline_and_human_view() {
    let home = Home::new();
    let report = home.trace("demo", &["5823110"]).report();
    let f = &subject(&report, "contact", "5823110")["facts"];
    assert_eq!(f["agent"], "9001", "the id stays the id");
    assert_eq!(f["agentName"], "Ada Lovelace");
    let active = f["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["agent"] == "9001")
        .unwrap();
    assert_eq!(active["agentName"], "Ada Lovelace");
    let unnamed = f["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["agent"].is_null())
        .unwrap();
    assert!(
        unnamed["agentName"].is_null(),
        "no agent, no name: {unnamed}"
    );
    let mut cmd = home.cmd();
    cmd.args([
        "--sandbox",
        "demo",
        "--color",
        "never",
        "trace-conversation",
        "5823110",
    ]);
    let out = String::from_utf8(cmd.output().unwrap().stdout).unwrap();
    assert!(out.contains("Agent Ada Lovelace (9001) answered"), "{out}");
    assert!(out.contains("agent Ada Lovelace (9001)"), "{out}");
    assert!(
        out.contains("┆ Ada Lovelace (9001) "),
        "timeline column: {out}"
    );
    assert!(!out.contains("None (9001)"), "{out}");
}

#[test]
fn missing_context_keys_warn_with_the_list() {
    let home = Home::new();
    let report = home.trace("demo", &["5823180"]).report();
    let s = subject(&report, "contact", "5823180");
    let finding = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "contact-context-missing")
        .unwrap_or_else(|| panic!("{s:#}"));
    assert_eq!(finding["severity"], "warn");
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("routingData, customerInfo"), "{message}");
    assert_eq!(
        s["facts"]["missingContext"],
        serde_json::json!(["routingData", "customerInfo"])
    );
    // contacts with every key carry none
    let report = home.trace("demo", &["5823190"]).report();
    let s = subject(&report, "contact", "5823190");
    assert!(!codes(s).contains(&"contact-context-missing".to_string()));
}

#[test]
fn required_context_comes_from_the_rules() {
    let home = Home::new();
    home.set_config("rules:\n  trace:\n    required_context: [sessionId, vipFlag]\n");
    let report = home.trace("demo", &["5823190"]).report();
    let s = subject(&report, "contact", "5823190");
    assert_eq!(s["facts"]["missingContext"], serde_json::json!(["vipFlag"]));
    assert_eq!(s["status"], "warn");
}

#[test]
fn the_human_view_has_the_verdict_evidence_timeline_and_hints() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["--sandbox", "demo", "trace-conversation", "5823130"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("FAIL  contact 5823130: abandoned-in-queue\n"),
        "{text}"
    );
    for want in [
        "The contact queued on skill 4206 (Sales Voice) for 4m01s",
        "hint: The handover worked but nobody answered in time",
        "│ Time",
        "Inqueue",
        "4m01s",
        "Skills involved, as they are now:",
        "skill-no-available-agents",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}
