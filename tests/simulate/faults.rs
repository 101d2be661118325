//! `--inject` and `--latency-ms`: the client's retry policy as the sandbox sees it.

use serde_json::{Value, json};

use crate::support::*;

fn attempt_log(r: &Value) -> &Vec<Value> {
    subject(r, "handover")["facts"]["attemptLog"]
        .as_array()
        .unwrap()
}

#[test]
fn injected_503s_are_retried_after_retry_after_then_the_handover_goes_through() {
    let home = Home::new();
    let out = home.simulate(&["--inject", "503,503"]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "warnings only: {r:#}");
    let h = subject(&r, "handover");
    assert_eq!(h["status"], "warn");
    assert_eq!(codes(h), ["simulate-handover-retried"]);
    assert_eq!(h["facts"]["attempts"], 3);
    assert_eq!(h["facts"]["statuses"], json!([503, 503, 202]));
    assert_eq!(
        h["facts"]["sandboxReceived"], 3,
        "the sandbox saw every attempt"
    );
    let log = attempt_log(&r);
    for a in &log[..2] {
        assert_eq!(a["retryAfterMs"], 1000);
        assert_eq!(a["waitedMs"], 1000);
        assert!(a["latencyMs"].is_u64());
    }
    assert_eq!(log[2]["waitedMs"], Value::Null);
    assert!(h["facts"]["latencyMs"].as_u64().unwrap() >= 1900);
    let message = h["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("attempt 1: 503 in "), "{message}");
    assert!(
        message.contains("Retry-After 1 s, waited 1000 ms"),
        "{message}"
    );
    assert!(message.contains("attempt 3: 202 in "), "{message}");
    assert_eq!(subject(&r, "verify")["facts"]["outcome"], "answered");
    let ttq = subject(&r, "verify")["facts"]["timeToQueueMs"]
        .as_u64()
        .unwrap();
    assert!(ttq >= 1900, "time to queue counts the retry waits: {ttq}");
}

#[test]
fn an_injected_429_waits_its_retry_after() {
    let home = Home::new();
    let out = home.simulate(&["--via", "work-item", "--inject", "429"]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    let log = attempt_log(&r);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["status"], 429);
    assert_eq!(log[0]["retryAfterMs"], 1000);
    assert_eq!(log[1]["status"], 202);
    let took = subject(&r, "handover")["facts"]["latencyMs"]
        .as_u64()
        .unwrap();
    assert!(took >= 950, "Retry-After: 1 was honoured: {took} ms");
    assert!(took < 5000, "{took} ms");
}

#[test]
fn a_500_on_the_signal_is_not_resent_and_says_what_a_fallback_needs() {
    let home = Home::new();
    let out = home.simulate(&["--inject", "500"]);
    let r = report(&out);
    assert_eq!(code(&out), 1, "{r:#}");
    let h = subject(&r, "handover");
    assert_eq!(h["status"], "fail");
    assert_eq!(h["facts"]["attempts"], 1);
    assert_eq!(
        h["facts"]["sandboxReceived"], 1,
        "exactly one signal reached the sandbox"
    );
    assert_eq!(h["facts"]["notResent"], true);
    assert!(
        h["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not resent")
    );
    let f = subject(&r, "fallback");
    assert_eq!(f["status"], "warn");
    assert_eq!(codes(f), ["simulate-fallback-missing"]);
    assert!(
        f["findings"][0]["hint"]
            .as_str()
            .unwrap()
            .contains("rules.handoff.fallback.point_of_contact")
    );
    let v = subject(&r, "verify");
    assert!(skipped(v));
    assert_eq!(v["facts"]["outcome"], "handover-failed");
}

#[test]
fn a_500_on_the_signal_engages_the_configured_fallback() {
    let home = Home::new();
    home.config("token_cache: false\nrules:\n  handoff:\n    fallback:\n      point_of_contact: Callback WorkItem\n");
    let out = home.simulate(&["--inject", "500"]);
    let r = report(&out);
    assert_eq!(code(&out), 1, "the handover itself failed: {r:#}");
    assert_eq!(subject(&r, "handover")["facts"]["sandboxReceived"], 1);
    let f = subject(&r, "fallback");
    assert_eq!(f["status"], "pass", "{f:#}");
    assert_eq!(codes(f), ["simulate-fallback-routed"]);
    let created = f["facts"]["createdContactId"].as_str().unwrap();
    let v = subject(&r, "verify");
    assert_eq!(v["facts"]["outcome"], "answered", "{v:#}");
    assert_eq!(
        v["facts"]["queuedSkill"], "4212",
        "the fallback point of contact's skill"
    );
    assert!(v["label"].as_str().unwrap().contains(created));
    let ended = subject(&r, "cleanup")["facts"]["ended"].clone();
    assert!(
        ended.as_array().unwrap().contains(&Value::from(created)),
        "{ended}"
    );
    assert_eq!(
        ended.as_array().unwrap().len(),
        2,
        "the copy of the call and the fallback's work item"
    );
}

#[test]
fn the_fallback_flag_wins_and_a_skill_only_fallback_is_explained() {
    let home = Home::new();
    let out = home.simulate(&["--inject", "500", "--fallback-skill", "4206"]);
    let r = report(&out);
    let f = subject(&r, "fallback");
    assert_eq!(codes(f), ["simulate-fallback-skill-only"]);
    let message = f["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("skill 4206"), "{message}");
    assert!(
        message.contains("queue-health verdict is warn"),
        "{message}"
    );
}

#[test]
fn added_latency_slows_the_handover_call_only() {
    let home = Home::new();
    let out = home.simulate(&["--latency-ms", "400"]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    let took = subject(&r, "handover")["facts"]["latencyMs"]
        .as_u64()
        .unwrap();
    assert!(took >= 400, "{took} ms");
    assert_eq!(attempt_log(&r).len(), 1);
}

#[test]
fn bad_injections_are_usage_errors() {
    let home = Home::new();
    for (value, says) in [
        ("200", "not an error status"),
        ("5o3", "not an HTTP status"),
        ("503,", "empty"),
    ] {
        let out = home.simulate(&["--inject", value]);
        assert_eq!(code(&out), 2, "{value}");
        assert!(stderr(&out).contains(says), "{value}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_handover_that_times_out_is_not_resent() {
    let home = Home::new();
    home.config("token_cache: false\nhttp:\n  timeout_s: 1\n");
    let out = home.simulate(&["--via", "work-item", "--latency-ms", "1500"]);
    let r = report(&out);
    assert_eq!(code(&out), 1, "{r:#}");
    let h = subject(&r, "handover");
    assert_eq!(h["facts"]["attempts"], 1);
    assert_eq!(h["facts"]["notResent"], true);
    assert_eq!(h["facts"]["sandboxReceived"], 1);
    let first = &attempt_log(&r)[0];
    assert_eq!(first["status"], Value::Null);
    assert!(
        first["error"].as_str().unwrap().contains("timed out"),
        "{first}"
    );
    let message = h["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("no answer (timed out"), "{message}");
    assert!(message.contains("not resent"), "{message}");
}
