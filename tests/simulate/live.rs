//! Live safety (refusals before any request) and the exact request a live signal sends.

use cxone_diag::sandbox::{FaultRule, Sandbox};
use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::support::*;

fn live_signal(home: &Home, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--live", "--contact-id", "5823201"];
    args.extend_from_slice(extra);
    home.simulate(&args)
}

#[test]
fn refused_without_allow_writes_and_nothing_is_sent() {
    let t = Tenant::start();
    let anything = t.anything();
    let home = Home::new();
    home.lab_profile(&t.base(), false, false, "");
    let out = live_signal(&home, &["--yes"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("allow_writes is false"), "{err}");
    assert!(err.contains("set allow_writes: true"), "{err}");
    assert!(out.stdout.is_empty());
    anything.assert_calls(0);
}

#[test]
fn refused_on_a_production_profile_and_nothing_is_sent() {
    let t = Tenant::start();
    let anything = t.anything();
    let home = Home::new();
    home.lab_profile(&t.base(), true, true, "");
    let out = live_signal(&home, &["--yes"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("production: true"),
        "{}",
        stderr(&out)
    );
    anything.assert_calls(0);
}

#[test]
fn refused_without_yes_off_a_terminal_and_never_prompts() {
    let t = Tenant::start();
    let anything = t.anything();
    let home = Home::new();
    home.lab_profile(&t.base(), true, false, "");
    let out = home
        .cmd()
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--contact-id",
            "5823201",
        ])
        .write_stdin("y\n")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("--yes"), "{err}");
    assert!(
        !err.contains("[y/N]"),
        "never prompts off a terminal: {err}"
    );
    anything.assert_calls(0);
}

#[test]
fn live_usage_rules_are_checked_before_any_request() {
    let t = Tenant::start();
    let anything = t.anything();
    let home = Home::new();
    home.lab_profile(&t.base(), true, false, "");
    for (args, says) in [
        (vec!["--live", "--yes"], "--contact-id"),
        (
            vec!["--live", "--yes", "--contact-id", "1", "--inject", "503"],
            "--inject",
        ),
        (
            vec!["--live", "--yes", "--contact-id", "1", "--latency-ms", "5"],
            "--latency-ms",
        ),
        (
            vec!["--live", "--yes", "--contact-id", "1", "--repeat", "2"],
            "--via work-item",
        ),
        (vec!["--live", "--yes", "--via", "digital"], "--channel-id"),
    ] {
        let out = home.simulate(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let out = home
        .cmd()
        .args([
            "--sandbox",
            "demo",
            "simulate-handoff",
            "--live",
            "--yes",
            "--contact-id",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--sandbox demo"));
    anything.assert_calls(0);
}

#[test]
fn a_live_signal_sends_exactly_the_documented_request_once() {
    let t = Tenant::start();
    let token = t.token();
    t.contacts("5823201", "5823200");
    t.skill();
    let payload = fixture("signal-escalate.json");
    let p2 =
        serde_json::from_str::<Value>(&std::fs::read_to_string(&payload).unwrap()).unwrap()["p2"]
            .clone();
    let signal = t.server.mock(|when, then| {
        when.method(POST)
            .path(acd("/interactions/5823201/signal"))
            .header("authorization", format!("Bearer {ACCESS_TOKEN}"))
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .json_body(json!({"p1": "Escalate", "p2": p2}));
        then.status(202);
    });
    let other_posts = t.server.mock(|when, then| {
        when.method(POST).path_includes("/interactions/");
        then.status(500);
    });
    let ends = t.server.mock(|when, then| {
        when.method(POST).path_includes("/end");
        then.status(500);
    });
    let anything = t.anything();
    let home = Home::new();
    home.lab_profile(&t.base(), true, false, "");
    let out = home.simulate(&[
        "--live",
        "--yes",
        "--contact-id",
        "5823201",
        payload.to_str().unwrap(),
    ]);
    let r = report(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{r:#}\n{err}");
    signal.assert_calls(1);
    other_posts.assert_calls(0);
    ends.assert_calls(0);
    anything.assert_calls(0);
    token.assert_calls(1);
    assert_eq!(subject(&r, "payload")["facts"]["mode"], "live");
    assert_eq!(subject(&r, "handover")["facts"]["attempts"], 1);
    assert_eq!(subject(&r, "verify")["facts"]["outcome"], "answered");
    assert_eq!(subject(&r, "preflight")["facts"]["targetSkill"], "4201");
    // What will be sent is shown first, as a full URL, without a secret.
    assert!(
        err.contains(&format!(
            "POST {}/inContactAPI/services/v30.0/interactions/5823201/signal",
            t.base()
        )),
        "{err}"
    );
    assert!(err.contains("\"p1\": \"Escalate\""), "{err}");
    assert!(err.contains("Authorization: Bearer ***"), "{err}");
    let all_output = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    for secret in [ACCESS_TOKEN, CLIENT_SECRET, KEY_SECRET, "SIM-REFRESH"] {
        assert!(!all_output.contains(secret), "{secret} leaked");
    }
}

#[test]
fn a_live_500_on_the_signal_reaches_the_tenant_once_and_the_fallback_takes_over() {
    let sb = Sandbox::start("demo", 0).unwrap();
    sb.add_fault(FaultRule::statuses(
        "POST",
        "/interactions/5823201/signal",
        &[500],
    ))
    .unwrap();
    let home = Home::new();
    home.sandbox_profile(
        &sb,
        "rules:\n  handoff:\n    fallback:\n      point_of_contact: Callback WorkItem\n",
    );
    let out = home
        .cmd_for(&sb)
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--yes",
            "--contact-id",
            "5823201",
        ])
        .output()
        .unwrap();
    let r = report(&out);
    assert_eq!(code(&out), 1, "{r:#}\n{}", stderr(&out));
    let signals = sb
        .received()
        .iter()
        .filter(|q| q.method == "POST" && q.path.ends_with("/interactions/5823201/signal"))
        .count();
    assert_eq!(signals, 1, "a POST answered 500 is never resent");
    assert_eq!(subject(&r, "handover")["facts"]["notResent"], true);
    let f = subject(&r, "fallback");
    assert_eq!(codes(f), ["simulate-fallback-routed"]);
    let created = f["facts"]["createdContactId"].as_str().unwrap();
    let work_items: Vec<String> = sb
        .received()
        .iter()
        .filter(|q| q.path.ends_with("/interactions/work-items"))
        .map(|q| q.query.clone())
        .collect();
    assert_eq!(work_items.len(), 1);
    assert!(
        work_items[0].contains("pointOfContact=Callback"),
        "{work_items:?}"
    );
    let ends: Vec<String> = sb
        .received()
        .iter()
        .filter(|q| q.path.ends_with("/end"))
        .map(|q| q.path.clone())
        .collect();
    assert_eq!(
        ends.len(),
        1,
        "only the fallback's work item is ended: {ends:?}"
    );
    assert!(ends[0].contains(created));
}
