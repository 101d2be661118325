//! Integration tests of `smoke` through the built binary: the shipped suite against the demo
//! sandbox, suite errors, expectations, unreachable tenants and the live-write guard.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use common::run;

/// The binary isolated in `dir`, run from the crate root, with `dir/empty.yaml` as its config
/// (written empty unless a test wrote it first).
fn cmd(dir: &Path) -> Command {
    let config = dir.join("empty.yaml");
    if !config.exists() {
        std::fs::write(&config, "").unwrap();
    }
    let mut cmd = common::isolated(dir);
    cmd.current_dir(common::crate_root())
        .arg("--config")
        .arg(config);
    cmd
}

fn suite(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("suite.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

fn examples() -> String {
    common::in_crate("examples").display().to_string()
}

fn subjects<'a>(report: &'a Value, step: &str) -> Vec<&'a Value> {
    report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["facts"]["step"] == step)
        .collect()
}

#[test]
fn the_shipped_suite_passes_on_the_demo_and_writes_valid_junit() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("out/smoke.xml");
    let json_file = dir.path().join("out/smoke.json");
    let mut c = cmd(dir.path());
    c.args(["--sandbox", "demo", "smoke", "examples/smoke.yaml"])
        .arg("--report")
        .arg(format!("junit={}", junit.display()))
        .arg("--report")
        .arg(format!("json={}", json_file.display()));
    let r = run(c);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("subjects:"),
        "human report on stdout: {}",
        r.stdout
    );

    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed JUnit");
    let suite = doc.root_element();
    assert_eq!(suite.tag_name().name(), "testsuite");
    assert_eq!(suite.attribute("failures"), Some("0"));
    assert_eq!(suite.attribute("errors"), Some("0"));
    let cases = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    assert_eq!(suite.attribute("tests"), Some(cases.to_string().as_str()));

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(report["command"], "smoke");
    // Steps that were not needed (a fallback after an accepted handover) are skipped.
    let n = |k: &str| report["summary"][k].as_u64().unwrap();
    assert_eq!(n("pass") + n("warn") + n("skipped"), cases as u64);
    assert_eq!(
        suite.attribute("skipped"),
        Some(n("skipped").to_string().as_str())
    );
    // every step of the suite contributed, in order
    let steps: Vec<u64> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["facts"]["stepNumber"].as_u64().unwrap())
        .collect();
    assert!(steps.windows(2).all(|w| w[0] <= w[1]), "{steps:?}");
    assert_eq!(steps.first(), Some(&1));
    assert_eq!(steps.last(), Some(&7));
    let traced = subjects(
        &report,
        "the reference voice handover still diagnoses as handed over",
    );
    let contact = traced.iter().find(|s| s["kind"] == "contact").unwrap();
    assert_eq!(contact["facts"]["diagnosis"], "handed-over");
    let codes: Vec<&str> = contact["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"smoke-expectation-met"), "{codes:?}");
    let handover = subjects(
        &report,
        "the escalation survives two 503s from the Signal API",
    )
    .into_iter()
    .find(|s| s["id"] == "handover")
    .unwrap();
    assert_eq!(
        handover["status"], "warn",
        "retried, then accepted: {handover:#}"
    );
}

#[test]
fn a_typo_is_a_usage_error_naming_the_line_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = suite(
        dir.path(),
        "steps:\n  - trace: 5823110\n  - qeue-health: [4201]\n",
    );
    let mut c = cmd(dir.path());
    c.args(["--sandbox", "demo", "-v", "smoke"]).arg(&path);
    let r = run(c);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown field `qeue-health`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("line 3"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("http: "),
        "no request before the suite is valid: {}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn bad_values_are_usage_errors_naming_the_step_its_line_and_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.json"), "{}").unwrap();
    // (suite, what is wrong, the hint's valid values or fix); every one names step 2 at line 4
    let first = "name: x\nsteps:\n  - validate: x.json\n";
    for (step, what, hint) in [
        (
            "  - trace: abc\n",
            "step 2 (trace contact abc) at line 4: trace \"abc\" is not a contact id",
            "digits only",
        ),
        (
            "  - digital: case-1\n",
            "digital \"case-1\" is not a case number",
            "digits only",
        ),
        (
            "  - trace: 5823110\n    expect: handedover\n",
            "step 2 (trace contact 5823110) at line 4: expect \"handedover\" is not a diagnosis",
            "use one of handed-over, never-escalated, abandoned-in-queue, skill-unavailable, bot-error, in-progress, inconclusive",
        ),
        (
            "  - validate: payloads/nope.json\n",
            "nope.json does not exist",
            "relative to the suite file",
        ),
        (
            "  - validate: x.json\n    kind: signal\n",
            "kind \"signal\" is not a payload kind",
            "use one of cognigy-signal",
        ),
        (
            "  - simulate: {via: fax}\n",
            "step 2 (simulate-handoff via fax) at line 4: via \"fax\" is not a way to hand over",
            "use one of signal, work-item, digital",
        ),
        (
            "  - simulate: {payload: nope.json}\n",
            "payload",
            "relative to the suite file",
        ),
        (
            "  - simulate: {skill: abc}\n",
            "skill \"abc\" is not a CXone skill id",
            "skill ids are digits",
        ),
        (
            "  - simulate: {verify_timeout: 99999999}\n",
            "--verify-timeout 99999999 is out of range",
            "give 0 to 86400 seconds",
        ),
        (
            "  - simulate: {inject: '200'}\n",
            "inject \"200\"",
            "4xx or 5xx",
        ),
        (
            "  - queue-health: all\n    media: fax\n",
            "media \"fax\" is not a media type",
            "use one of phone, chat, email, workitem, digital",
        ),
        (
            "  - queue-health: [4201, Web Chat]\n    media: phone\n",
            "step 2 (queue-health 4201 Web Chat) at line 4: `media` goes with `queue-health: all`",
            "drop `media`",
        ),
        (
            "  - trace: 1\n    kind: cognigy-signal\n",
            "step 2 at line 4: `kind` does not go with `trace`",
            "goes only with validate",
        ),
        (
            "  - name: nothing\n",
            "step 2 (nothing) at line 4: a step needs one action",
            "add one of validate, queue-health, trace, digital, simulate",
        ),
        (
            "  - trace: 1\n    digital: 2\n",
            "step 2 at line 4: a step has one action, this one has trace and digital",
            "split it",
        ),
        (
            "  - trace: [1, 2]\n",
            "step 2, trace: invalid type: sequence, expected a text or a number at line 4",
            "examples/smoke.yaml",
        ),
    ] {
        let text = format!("{first}{step}");
        let path = suite(dir.path(), &text);
        let mut c = cmd(dir.path());
        c.args(["smoke"]).arg(&path);
        let r = run(c);
        assert_eq!(r.code, 2, "{text}: {}", r.stderr);
        assert!(r.stderr.contains(what), "{text}: {}", r.stderr);
        assert!(r.stderr.contains("line 4"), "{text}: {}", r.stderr);
        let hint_line = r
            .stderr
            .lines()
            .find(|l| l.trim_start().starts_with("hint: "))
            .unwrap_or_else(|| panic!("{text}: no hint in {}", r.stderr));
        assert!(hint_line.contains(hint), "{text}: {hint_line}");
        assert!(r.stdout.is_empty(), "nothing ran: {}", r.stdout);
    }
}

#[test]
fn expectations_turn_verdicts_into_pass_or_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = suite(
        dir.path(),
        "steps:\n  - name: met\n    trace: 5823120\n    expect: never-escalated\n  - name: unmet\n    trace: 5823110\n    expect: abandoned-in-queue\n",
    );
    let mut c = cmd(dir.path());
    c.args(["--sandbox", "demo", "--output", "json", "smoke"])
        .arg(&path);
    let r = run(c);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report = r.report();
    let met = subjects(&report, "met")
        .into_iter()
        .find(|s| s["kind"] == "contact")
        .unwrap();
    assert_eq!(met["facts"]["diagnosis"], "never-escalated");
    assert_eq!(met["status"], "pass", "{met:#}");
    let unmet = subjects(&report, "unmet")
        .into_iter()
        .find(|s| s["kind"] == "contact")
        .unwrap();
    assert_eq!(unmet["status"], "fail");
    let last = unmet["findings"].as_array().unwrap().last().unwrap();
    assert_eq!(last["code"], "smoke-expectation-unmet");
    assert!(last["message"].as_str().unwrap().contains("handed-over"));
}

#[test]
fn a_contact_or_case_that_does_not_exist_never_meets_an_expectation() {
    let dir = tempfile::tempdir().unwrap();
    let path = suite(
        dir.path(),
        "name: x\nsteps: [{trace: 9999999, expect: inconclusive}, {digital: 9999, expect: inconclusive}]\n",
    );
    let mut c = cmd(dir.path());
    c.args(["--sandbox", "demo", "--output", "json", "smoke"])
        .arg(&path);
    let r = run(c);
    assert_eq!(r.code, 1, "a typo'd id fails the gate: {}", r.stdout);
    let report = r.report();
    for (step, what, code) in [
        (
            "trace contact 9999999",
            "contact 9999999 does not exist",
            "contact-not-found",
        ),
        (
            "trace digital case 9999",
            "digital case 9999 does not exist",
            "case-not-found",
        ),
    ] {
        let s = subjects(&report, step)[0];
        assert_eq!(s["status"], "fail", "{s:#}");
        let codes: Vec<&str> = s["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, [code, "smoke-expectation-unmet"]);
        assert_eq!(s["findings"][0]["severity"], "fail", "not lowered: {s:#}");
        let message = s["findings"][1]["message"].as_str().unwrap();
        assert!(message.contains(what), "{message}");
    }
}

#[test]
fn a_conversation_that_could_not_be_fully_read_does_not_meet_its_expectation() {
    // the API user may not read custom data (403): the diagnosis is handed-over from the rest,
    // but it is not a judgment of the whole conversation, so the suite's gate fails
    let dir = tempfile::tempdir().unwrap();
    let path = suite(
        dir.path(),
        "steps:\n  - name: partly read\n    trace: 6001\n    expect: handed-over\n",
    );
    let mut c = cmd(dir.path());
    c.args(["--output", "json", "--sandbox"])
        .arg(common::in_crate("tests/fixtures/trace/partial.yaml"))
        .arg("smoke")
        .arg(&path);
    let r = run(c);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let report = r.report();
    let s = subjects(&report, "partly read")
        .into_iter()
        .find(|s| s["kind"] == "contact")
        .unwrap();
    assert_eq!(s["facts"]["diagnosis"], "handed-over");
    assert_eq!(s["status"], "fail", "{s:#}");
    let last = s["findings"].as_array().unwrap().last().unwrap();
    assert_eq!(last["code"], "smoke-expectation-unmet");
    let message = last["message"].as_str().unwrap();
    assert!(
        message.contains("not fully read") && message.contains("api-forbidden"),
        "{message}"
    );
}

#[test]
fn a_payload_of_another_kind_fails_the_expected_kind() {
    let dir = tempfile::tempdir().unwrap();
    let ex = examples();
    let path = suite(
        dir.path(),
        &format!(
            "steps:\n  - validate: [{ex}/payloads/cognigy-signal-escalate.json, {ex}/payloads/work-item-callback.json]\n    kind: cognigy-signal\n"
        ),
    );
    let mut c = cmd(dir.path());
    c.args(["--output", "json", "smoke"]).arg(&path);
    let r = run(c);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report = r.report();
    let statuses: Vec<(&str, &str)> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["facts"]["kind"].as_str().unwrap(),
                s["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("cognigy-signal", "pass"), ("work-item", "fail")]
    );
}

#[test]
fn an_unreachable_tenant_is_an_error_step_and_offline_steps_still_run() {
    let dir = tempfile::tempdir().unwrap();
    // a loopback port nobody listens on
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        dir.path().join("empty.yaml"),
        format!("default_profile: t\nprofiles:\n  t:\n    issuer: http://127.0.0.1:{port}\n"),
    )
    .unwrap();
    let ex = examples();
    let path = suite(
        dir.path(),
        &format!(
            "steps:\n  - queue-health: [4201]\n  - validate: {ex}/payloads/cognigy-signal-escalate.json\n"
        ),
    );
    let mut c = cmd(dir.path());
    c.env("CXONE_CLIENT_ID", "id")
        .env("CXONE_CLIENT_SECRET", "s3cret-value-xyz")
        .env("CXONE_ACCESS_KEY_ID", "key")
        .env("CXONE_ACCESS_KEY_SECRET", "k3y-secret-xyz")
        .args(["--output", "json", "smoke"])
        .arg(&path);
    let r = run(c);
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    let report = r.report();
    let subjects = report["subjects"].as_array().unwrap();
    assert_eq!(subjects[0]["status"], "error");
    assert_eq!(subjects[0]["findings"][0]["code"], "smoke-step-not-run");
    assert_eq!(subjects[1]["status"], "pass", "the offline step still ran");
    for secret in ["s3cret-value-xyz", "k3y-secret-xyz"] {
        assert!(!r.stdout.contains(secret) && !r.stderr.contains(secret));
    }
}

#[test]
fn a_live_rehearsal_off_a_terminal_needs_yes_and_nothing_runs_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let ex = examples();
    let path = suite(
        dir.path(),
        &format!(
            "steps:\n  - validate: {ex}/payloads/cognigy-signal-escalate.json\n  - simulate: {{via: signal, contact_id: 5823201, live: true}}\n"
        ),
    );
    let mut c = cmd(dir.path());
    c.args(["smoke"]).arg(&path);
    let r = run(c);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("needs `yes: true`"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "no step ran: {}", r.stdout);
}
