//! The shipped examples double as fixtures: every good payload passes, every broken one fails
//! with exactly the findings a support engineer would expect.

use crate::{codes, cxone, json_report, subject};

#[test]
fn good_examples_pass_with_their_kinds() {
    let cases = [
        ("cognigy-signal-escalate.json", "cognigy-signal"),
        ("vah-agent-transfer.json", "vah-bot-response"),
        ("vah-exchange-return-control.yaml", "vah-bot-response"),
        ("tms-transcript-escalated.json", "tms-transcript"),
        ("dfo-inbound-text.json", "dfo-inbound-message"),
        ("work-item-callback.json", "work-item"),
        ("transfer-context.yaml", "transfer-context"),
        ("bot-handoff-eligible.json", "bot-handoff"),
        ("guest-session-switch.json", "guest-session"),
    ];
    for (file, kind) in cases {
        let path = format!("examples/payloads/{file}");
        let (code, report) = json_report(&[&path]);
        assert_eq!(code, 0, "{file}: {report:#}");
        let s = subject(&report, &path);
        assert_eq!(s["status"], "pass", "{file}: {s:#}");
        assert_eq!(s["label"], kind);
        assert_eq!(s["facts"]["kind"], kind);
        assert!(s["facts"]["bytes"].as_u64().unwrap() > 50);
    }
}

/// The good examples name the demo tenant's skills and points of contact, so each rehearses
/// end to end offline (`simulate-handoff FILE`) as a user would try them.
#[test]
fn good_examples_rehearse_against_the_demo_tenant() {
    for file in [
        "cognigy-signal-escalate.json",
        "vah-agent-transfer.json",
        "vah-exchange-return-control.yaml",
        "dfo-inbound-text.json",
        "work-item-callback.json",
        "transfer-context.yaml",
        "bot-handoff-eligible.json",
    ] {
        let out = cxone()
            .args(["--sandbox", "demo", "--output", "json", "simulate-handoff"])
            .arg(format!("examples/payloads/{file}"))
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}: {report:#}");
        assert_eq!(report["summary"]["fail"], 0, "{file}");
    }
}

#[test]
fn the_webhook_example_warns_until_routing_is_configured() {
    let path = "examples/payloads/cognigy-webhook-handover.json";
    let (code, report) = json_report(&[path]);
    assert_eq!(code, 0);
    assert_eq!(
        codes(subject(&report, path)),
        ["webhook-routing-unconfigured"]
    );

    let dir = tempfile::tempdir().unwrap();
    let config = crate::write(
        dir.path(),
        "cxone-diag.yaml",
        "rules:\n  routing:\n    billing_dispute: {skill: '4242'}\n",
    );
    let (code, report) = json_report(&["--config", &config, path]);
    assert_eq!(code, 0);
    let s = subject(&report, path);
    assert_eq!(s["status"], "pass");
    assert_eq!(codes(s), ["webhook-routed"]);
}

/// (code, severity) of every finding of a subject, in report order.
fn code_severities(s: &serde_json::Value) -> Vec<(String, String)> {
    s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every broken example gives exactly these findings (codes and severities, in order), so an
/// extra wrong finding, a lost one or a changed severity fails the test.
#[test]
fn broken_examples_fail_with_exactly_the_expected_findings() {
    const F: &str = "fail";
    const W: &str = "warn";
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "bot-handoff-not-eligible.json",
            &[
                ("payload-field-value", F),
                ("payload-field-type", F),
                ("handoff-not-eligible", W),
            ],
        ),
        (
            "cognigy-webhook-incomplete.json",
            &[
                ("payload-field-missing", F),
                ("webhook-session-missing", W),
                ("payload-field-type", F),
                // no rules.routing in the test config
                ("webhook-routing-unconfigured", W),
            ],
        ),
        (
            "dfo-outbound-empty.json",
            &[
                ("dfo-direction-invalid", F),
                ("dfo-text-empty", F),
                ("payload-field-missing", F),
                ("payload-timestamp-invalid", F),
            ],
        ),
        (
            "guest-session-bad.yaml",
            &[
                ("guest-dtmf-invalid", F),
                ("payload-phone-not-e164", F),
                ("guest-language-invalid", F),
                ("payload-field-type", F),
            ],
        ),
        (
            "signal-p2-object.json",
            &[
                ("signal-p1-invalid", F),
                ("signal-p2-not-string", F),
                ("signal-contact-id-sentinel", F),
            ],
        ),
        ("syntax-error.json", &[("payload-syntax", F)]),
        (
            "tms-transcript-bad.json",
            &[
                ("payload-id-not-digits", F),
                ("tms-completion-type-invalid", F),
                ("tms-participant-invalid", F),
                ("payload-timestamps-out-of-order", W),
                ("payload-timestamp-invalid", F),
            ],
        ),
        (
            "transfer-context-placeholders.json",
            &[
                ("payload-phone-not-e164", F),
                ("payload-uuid-invalid", F),
                ("payload-placeholder", F),
                ("payload-placeholder", F),
                ("payload-placeholder", F),
            ],
        ),
        ("unknown-kind.json", &[("payload-kind-unknown", F)]),
        (
            "vah-intent-mismatch.json",
            &[
                ("vah-intent-mismatch", F),
                ("payload-embedded-json-not-string", F),
            ],
        ),
        (
            "work-item-guid-poc.json",
            &[
                ("workitem-poc-guid", F),
                ("payload-embedded-json-not-string", F),
            ],
        ),
    ];
    for (file, expected) in cases {
        let path = format!("examples/payloads/broken/{file}");
        let (code, report) = json_report(&[&path]);
        assert_eq!(code, 1, "{file}");
        let s = subject(&report, &path);
        assert_eq!(s["status"], "fail", "{file}");
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(c, sev)| (c.to_string(), sev.to_string()))
            .collect();
        assert_eq!(code_severities(s), expected, "{file}: {s:#}");
        for f in s["findings"].as_array().unwrap() {
            assert!(f["path"].is_string(), "{file}: {f}");
            assert!(
                f["hint"].as_str().is_some_and(|h| !h.is_empty()),
                "{file}: {f}"
            );
        }
    }
    // the NDJSON example: one finding per broken line, the good line passes
    let path = "examples/payloads/broken/mixed.ndjson";
    let (code, report) = json_report(&[path]);
    assert_eq!(code, 1);
    let lines: Vec<Vec<(String, String)>> = (1..=3)
        .map(|n| code_severities(subject(&report, &format!("{path}:{n}"))))
        .collect();
    let one = |c: &str| vec![(c.to_string(), F.to_string())];
    assert_eq!(
        lines,
        [
            vec![],
            one("signal-contact-id-sentinel"),
            one("payload-syntax")
        ]
    );
}

#[test]
fn the_quick_start_directory_shows_both_verdicts() {
    let (code, report) = json_report(&["examples/payloads/"]);
    assert_eq!(code, 1);
    let summary = &report["summary"];
    assert!(summary["pass"].as_u64().unwrap() >= 10, "{summary}");
    assert!(summary["fail"].as_u64().unwrap() >= 10, "{summary}");
    assert_eq!(summary["error"], 0);
}
