//! What stops a rehearsal: an invalid payload, an ineligible conversation, an unusable file;
//! `--force`; and the verify timeout.

use crate::support::*;

fn later_steps_skipped(r: &serde_json::Value, from: &[&str]) {
    for id in from {
        assert!(skipped(subject(r, id)), "{id} should not have run: {r:#}");
    }
}

#[test]
fn an_invalid_payload_stops_the_run() {
    let home = Home::new();
    let out = home.simulate(&[fixture("invalid-signal.json").to_str().unwrap()]);
    let r = report(&out);
    assert_eq!(code(&out), 1);
    let p = subject(&r, "payload");
    assert_eq!(p["status"], "fail");
    assert!(codes(p).contains(&"signal-p2-not-string".to_string()));
    later_steps_skipped(
        &r,
        &[
            "eligibility",
            "preflight",
            "handover",
            "fallback",
            "verify",
            "cleanup",
        ],
    );
    let why = subject(&r, "handover")["findings"][0]["message"]
        .as_str()
        .unwrap();
    assert!(why.contains("--force"), "{why}");
}

#[test]
fn force_rehearses_an_invalid_payload_anyway() {
    let home = Home::new();
    let out = home.simulate(&["--force", fixture("invalid-signal.json").to_str().unwrap()]);
    let r = report(&out);
    assert_eq!(code(&out), 1, "the payload still fails: {r:#}");
    assert_eq!(subject(&r, "payload")["status"], "fail");
    assert_eq!(subject(&r, "eligibility")["facts"]["eligible"], true);
    let h = subject(&r, "handover");
    assert_eq!(h["status"], "pass");
    assert_eq!(subject(&r, "verify")["facts"]["outcome"], "answered");
}

#[test]
fn an_ineligible_conversation_stops_the_run_unless_forced() {
    let home = Home::new();
    let payload = fixture("ineligible-signal.json");
    let out = home.simulate(&[payload.to_str().unwrap()]);
    let r = report(&out);
    assert_eq!(code(&out), 1);
    assert_eq!(subject(&r, "payload")["status"], "pass");
    let e = subject(&r, "eligibility");
    assert_eq!(e["status"], "fail");
    assert_eq!(codes(e), ["simulate-ineligible"]);
    let message = e["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("0.93") && message.contains("greeting"),
        "{message}"
    );
    later_steps_skipped(
        &r,
        &["preflight", "handover", "fallback", "verify", "cleanup"],
    );

    let out = home.simulate(&["--force", payload.to_str().unwrap()]);
    let r = report(&out);
    assert_eq!(subject(&r, "handover")["status"], "pass");
    assert!(!skipped(subject(&r, "verify")));
}

#[test]
fn flags_override_the_payloads_confidence_and_intent() {
    let home = Home::new();
    let out = home.simulate(&["--confidence", "0.9"]);
    let r = report(&out);
    assert_eq!(code(&out), 1);
    let e = subject(&r, "eligibility");
    assert_eq!(e["facts"]["confidenceFrom"], "--confidence");
    assert_eq!(e["facts"]["eligible"], false);
    let out = home.simulate(&["--intent", "complaint", "--confidence", "0.1"]);
    assert_eq!(code(&out), 0);
}

#[test]
fn a_payload_that_does_not_parse_cannot_be_forced() {
    let home = Home::new();
    let out = home.simulate(&["--force", fixture("syntax-error.json").to_str().unwrap()]);
    let r = report(&out);
    assert_eq!(code(&out), 1);
    let p = subject(&r, "payload");
    assert!(codes(p).contains(&"payload-syntax".to_string()), "{p:#}");
    assert!(codes(p).contains(&"simulate-payload-unusable".to_string()));
    later_steps_skipped(&r, &["eligibility", "preflight", "handover"]);
}

#[test]
fn an_unreadable_payload_is_a_usage_error() {
    let home = Home::new();
    let out = home.simulate(&["no-such-payload.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot read the payload no-such-payload.json"),
        "{}",
        stderr(&out)
    );
    let out = home.simulate(&["."]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("is a directory"));
}

#[test]
fn verify_times_out_when_nobody_answers() {
    let home = Home::new();
    let started = std::time::Instant::now();
    let out = home.simulate(&["--contact-id", "5823211", "--verify-timeout", "2"]);
    let took = started.elapsed();
    let r = report(&out);
    assert_eq!(
        code(&out),
        0,
        "queued on the expected skill is a warning: {r:#}"
    );
    assert_eq!(subject(&r, "preflight")["facts"]["targetSkill"], "4206");
    assert!(codes(subject(&r, "preflight")).contains(&"skill-no-available-agents".to_string()));
    let v = subject(&r, "verify");
    assert_eq!(v["status"], "warn");
    assert_eq!(codes(v), ["simulate-not-answered"]);
    assert_eq!(v["facts"]["outcome"], "queued");
    assert_eq!(v["facts"]["queuedSkill"], "4206");
    assert!(v["facts"]["timeToAgentMs"].is_null());
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--verify-timeout 2 s")
    );
    assert!(took >= std::time::Duration::from_secs(2), "{took:?}");
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    // The copy of the call it created is ended even though nobody answered.
    let c = subject(&r, "cleanup");
    assert_eq!(c["facts"]["created"], c["facts"]["ended"]);
}

#[test]
fn a_contact_that_never_queues_fails_verify() {
    let home = Home::new();
    let scenario = fixture("no-route.yaml");
    let out = home
        .cmd()
        .args(["--output", "json", "--sandbox", scenario.to_str().unwrap()])
        .args([
            "simulate-handoff",
            "--contact-id",
            "101",
            "--verify-timeout",
            "1",
        ])
        .output()
        .unwrap();
    let r = report(&out);
    assert_eq!(code(&out), 1, "{r:#}");
    assert_eq!(codes(subject(&r, "preflight")), ["simulate-target-unknown"]);
    assert_eq!(subject(&r, "handover")["status"], "pass");
    let v = subject(&r, "verify");
    assert_eq!(v["status"], "fail");
    assert_eq!(codes(v), ["simulate-verify-timeout"]);
    assert_eq!(v["facts"]["outcome"], "not-queued");
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("last state seen: PreQueue")
    );
}

#[test]
fn an_unexpected_skill_warns() {
    let home = Home::new();
    let out = home.simulate(&["--skill", "4206"]);
    let r = report(&out);
    let v = subject(&r, "verify");
    assert_eq!(v["facts"]["outcome"], "answered");
    assert!(
        codes(v).contains(&"simulate-wrong-skill".to_string()),
        "{v:#}"
    );
    assert_eq!(v["status"], "warn");
}
