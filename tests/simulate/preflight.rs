//! Preflight refuses pointless or wrong writes, against a sandbox tenant used live: each
//! refusal sends no POST at all (the sandbox's request log), `--force` never overrides an ended
//! contact, and verify never counts a queue the contact was already in.

use cxone_diag::sandbox::Sandbox;
use serde_json::Value;

use crate::support::*;

fn tenant() -> Sandbox {
    Sandbox::start(fixture("preflight.yaml").to_str().unwrap(), 0).unwrap()
}

/// `simulate-handoff ARGS` against `sb` through a profile: the report and the exit code.
fn run(sb: &Sandbox, args: &[&str]) -> (Value, i32, String) {
    let home = Home::new();
    home.sandbox_profile(sb, "");
    let out = home
        .cmd_for(sb)
        .args(["-o", "json", "simulate-handoff"])
        .args(args)
        .output()
        .unwrap();
    let err = stderr(&out);
    (report(&out), code(&out), err)
}

/// `simulate-handoff --live --yes ARGS` against `sb`: the report and the exit code.
fn live(sb: &Sandbox, args: &[&str]) -> (Value, i32, String) {
    let mut all = vec!["--live", "--yes"];
    all.extend_from_slice(args);
    run(sb, &all)
}

fn refused(sb: &Sandbox, args: &[&str], code_expected: &str) -> Value {
    let (r, exit, err) = live(sb, args);
    assert_eq!(exit, 1, "{args:?}: {r:#}\n{err}");
    let pre = subject(&r, "preflight");
    assert_eq!(pre["status"], "fail", "{pre:#}");
    assert!(
        codes(pre).contains(&code_expected.to_string()),
        "{args:?}: {pre:#}"
    );
    for id in ["handover", "fallback", "verify", "cleanup"] {
        assert!(skipped(subject(&r, id)), "{id}: {r:#}");
    }
    let why = subject(&r, "handover")["findings"][0]["message"]
        .as_str()
        .unwrap();
    assert!(why.contains("nothing was sent"), "{why}");
    assert_eq!(
        sandbox_writes(sb),
        0,
        "{args:?}: a refused run sends no POST: {:?}",
        sb.received()
    );
    r
}

#[test]
fn an_ended_contact_is_refused_even_with_force() {
    let sb = tenant();
    let r = refused(&sb, &["--contact-id", "7008"], "simulate-target-ended");
    let msg = subject(&r, "preflight")["findings"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("has ended"), "{msg}");
    let r = refused(
        &sb,
        &["--force", "--contact-id", "7008"],
        "simulate-target-ended",
    );
    let why = subject(&r, "handover")["findings"][0]["message"]
        .as_str()
        .unwrap();
    assert!(why.contains("--force does not override"), "{why}");
}

#[test]
fn a_caller_already_queued_or_answered_is_refused() {
    let sb = tenant();
    let r = refused(&sb, &["--contact-id", "301"], "simulate-target-queued");
    assert_eq!(subject(&r, "preflight")["facts"]["masterState"], "Inqueue");
    let r = refused(&sb, &["--contact-id", "401"], "simulate-target-answered");
    assert_eq!(subject(&r, "preflight")["facts"]["masterContactId"], "400");
}

#[test]
fn a_callers_master_contact_is_refused_naming_the_spawned_one() {
    let sb = tenant();
    let r = refused(
        &sb,
        &["--contact-id", "200"],
        "simulate-signal-spawned-contact",
    );
    let f = &subject(&r, "preflight")["findings"][0];
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("spawned contact 201"),
        "{f}"
    );
    assert!(
        f["hint"].as_str().unwrap().contains("--contact-id 201"),
        "{f}"
    );
}

#[test]
fn a_contact_that_does_not_exist_is_refused() {
    let sb = tenant();
    refused(
        &sb,
        &["--force", "--contact-id", "999"],
        "simulate-target-missing",
    );
}

#[test]
fn the_bot_contact_of_a_waiting_caller_is_signalled_once() {
    let sb = tenant();
    let (r, _, err) = live(&sb, &["--contact-id", "201", "--verify-timeout", "0"]);
    assert_eq!(subject(&r, "preflight")["status"], "warn", "{r:#}\n{err}");
    assert_eq!(sandbox_writes(&sb), 1, "{:?}", sb.received());
    assert_eq!(sb.signals().len(), 1);
    assert_eq!(subject(&r, "verify")["facts"]["stateBefore"], "PreQueue");
}

#[test]
fn forced_onto_a_queued_caller_verify_never_claims_the_queue() {
    let sb = tenant();
    let (r, exit, err) = live(
        &sb,
        &["--force", "--contact-id", "301", "--verify-timeout", "0"],
    );
    assert_eq!(exit, 1, "{r:#}\n{err}");
    assert_eq!(sandbox_writes(&sb), 1, "--force sends the signal");
    let v = subject(&r, "verify");
    assert_eq!(codes(v), ["simulate-queued-before-handover"], "{v:#}");
    assert_eq!(v["facts"]["stateBefore"], "queued");
    assert_eq!(v["facts"]["outcome"], "unverified");
    assert_eq!(v["facts"]["timeToQueueMs"], Value::Null);
    assert!(
        !v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("after"),
        "{v:#}"
    );
}

#[test]
fn work_items_need_an_active_work_item_point_of_contact() {
    let sb = tenant();
    for (poc, code_expected) in [
        ("Old WorkItem", "simulate-poc-inactive"),
        ("Voice Line", "simulate-poc-not-work-item"),
        ("Nowhere", "simulate-target-missing"),
    ] {
        refused(
            &sb,
            &["--via", "work-item", "--point-of-contact", poc],
            code_expected,
        );
    }
}

#[test]
fn digital_needs_an_active_channel() {
    let sb = tenant();
    refused(
        &sb,
        &["--via", "digital", "--channel-id", "byoc_off"],
        "simulate-channel-inactive",
    );
    refused(
        &sb,
        &["--via", "digital", "--channel-id", "nope"],
        "simulate-target-missing",
    );
}

#[test]
fn offline_refusals_are_the_same() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["--sandbox"])
        .arg(fixture("preflight.yaml"))
        .args(["-o", "json", "simulate-handoff", "--contact-id", "7008"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    let r = report(&out);
    assert_eq!(codes(subject(&r, "preflight"))[0], "simulate-target-ended");
    assert!(skipped(subject(&r, "handover")));
}

#[test]
fn a_severity_override_of_a_refusal_never_makes_a_refused_run_pass() {
    let sb = tenant();
    for args in [
        vec!["--contact-id", "7008", "--allow", "simulate-target-ended"],
        vec!["--contact-id", "301", "--warn", "simulate-target-queued"],
    ] {
        let (r, exit, err) = live(&sb, &args);
        assert_eq!(exit, 1, "{args:?}: nothing was rehearsed: {r:#}\n{err}");
        assert_eq!(subject(&r, "preflight")["status"], "fail", "{r:#}");
        assert!(
            codes(subject(&r, "preflight")).contains(&"simulate-refusal-overridden".to_string()),
            "{r:#}"
        );
        assert!(skipped(subject(&r, "handover")), "{r:#}");
    }
    assert_eq!(sandbox_writes(&sb), 0, "{:?}", sb.received());
    let (r, exit, err) = run(
        &sb,
        &[
            "--dry-run",
            "--contact-id",
            "7008",
            "--allow",
            "simulate-target-ended",
        ],
    );
    assert_eq!(exit, 1, "a live run would not go ahead: {r:#}\n{err}");
    assert_eq!(sandbox_writes(&sb), 0);
}

#[test]
fn a_point_of_contact_named_in_another_case_warns_with_the_tenants_spelling() {
    let sb = tenant();
    let (r, _, err) = live(
        &sb,
        &[
            "--via",
            "work-item",
            "--point-of-contact",
            "live workitem",
            "--verify-timeout",
            "0",
        ],
    );
    let pre = subject(&r, "preflight");
    let f = pre["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "simulate-poc-name-case")
        .unwrap_or_else(|| panic!("{pre:#}\n{err}"));
    assert_eq!(f["severity"], "warn");
    assert!(
        f["hint"].as_str().unwrap().contains("\"Live WorkItem\""),
        "{f}"
    );
}
