//! Every documented exit code of validate-payload, and severity overrides.

use crate::{codes, cxone, fixture, json_report, subject};

const GOOD: &str = "examples/payloads/cognigy-signal-escalate.json";
const WARN: &str = "examples/payloads/cognigy-webhook-handover.json";
const BAD: &str = "examples/payloads/broken/signal-p2-object.json";

#[test]
fn pass_is_0_and_fail_is_1() {
    cxone().args(["validate-payload", GOOD]).assert().code(0);
    cxone().args(["validate-payload", BAD]).assert().code(1);
    cxone()
        .args(["validate-payload", GOOD, BAD])
        .assert()
        .code(1);
}

#[test]
fn warnings_are_0_unless_fail_on_warn() {
    cxone().args(["validate-payload", WARN]).assert().code(0);
    cxone()
        .args(["--fail-on", "warn", "validate-payload", WARN])
        .assert()
        .code(1);
    cxone()
        .args(["validate-payload", "--fail-on", "warn", GOOD])
        .assert()
        .code(0);
}

#[test]
fn usage_errors_are_2_and_name_the_problem() {
    cxone()
        .args(["validate-payload", GOOD, "no/such/payload.json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("no/such/payload.json"))
        .stderr(predicates::str::contains("no such file or directory"));
    cxone()
        .args(["validate-payload", "--kind", "cognigy_signal", GOOD])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown payload kind \"cognigy_signal\"",
        ))
        .stderr(predicates::str::contains("did you mean cognigy-signal?"));
    cxone()
        .args(["validate-payload", "--schema", "no/such/schema.json", GOOD])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/schema.json"));
    cxone()
        .args([
            "validate-payload",
            "--schema",
            &fixture("schema-invalid.json"),
            GOOD,
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a valid JSON Schema"));
    cxone()
        .args(["validate-payload", "--schema", &fixture("empty.json"), GOOD])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not valid JSON or YAML"));
    cxone().args(["validate-payload"]).assert().code(2);
    cxone()
        .args(["validate-payload", "--confidence", "high", GOOD])
        .assert()
        .code(2);
}

#[test]
fn overrides_change_the_verdict() {
    // --allow makes the failures info: the payload passes, the findings stay visible.
    let (code, report) = json_report(&[
        "--allow",
        "signal-p1-invalid",
        "--allow",
        "signal-p2-not-string",
        "--allow",
        "signal-contact-id-sentinel",
        BAD,
    ]);
    assert_eq!(code, 0, "{report:#}");
    let s = subject(&report, BAD);
    assert_eq!(s["status"], "pass");
    assert_eq!(codes(s).len(), 3);
    assert!(
        s["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "info")
    );
    // --deny turns a warning into a failure.
    let (code, report) = json_report(&["--deny", "webhook-routing-unconfigured", WARN]);
    assert_eq!(code, 1);
    assert_eq!(report["status"], "fail");
    // An unknown code in an override is a usage error with a suggestion.
    cxone()
        .args(["validate-payload", "--allow", "signal-p2-not-strin", GOOD])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("signal-p2-not-string"));
}

#[test]
fn config_severity_overrides_apply() {
    let dir = tempfile::tempdir().unwrap();
    let config = crate::write(
        dir.path(),
        "c.yaml",
        "rules:\n  severity:\n    webhook-routing-unconfigured: allow\n",
    );
    let (code, report) = json_report(&["--config", &config, "--fail-on", "warn", WARN]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["status"], "pass");
}
