//! The shipped examples double as fixtures: every good payload passes, every broken one fails
//! with the codes a support engineer would expect.

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
/// end to end offline (`simulate-handoff FILE`) as README suggests.
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

#[test]
fn broken_examples_fail_with_the_expected_codes() {
    let cases: &[(&str, &[&str])] = &[
        (
            "bot-handoff-not-eligible.json",
            &[
                "payload-field-value",
                "payload-field-type",
                "handoff-not-eligible",
            ],
        ),
        (
            "cognigy-webhook-incomplete.json",
            &[
                "payload-field-missing",
                "webhook-session-missing",
                "payload-field-type",
            ],
        ),
        (
            "dfo-outbound-empty.json",
            &[
                "dfo-direction-invalid",
                "dfo-text-empty",
                "payload-field-missing",
                "payload-timestamp-invalid",
            ],
        ),
        (
            "guest-session-bad.yaml",
            &[
                "guest-dtmf-invalid",
                "payload-phone-not-e164",
                "guest-language-invalid",
                "payload-field-type",
            ],
        ),
        (
            "signal-p2-object.json",
            &[
                "signal-p1-invalid",
                "signal-p2-not-string",
                "signal-contact-id-sentinel",
            ],
        ),
        ("syntax-error.json", &["payload-syntax"]),
        (
            "tms-transcript-bad.json",
            &[
                "payload-id-not-digits",
                "tms-completion-type-invalid",
                "tms-participant-invalid",
                "payload-timestamps-out-of-order",
                "payload-timestamp-invalid",
            ],
        ),
        (
            "transfer-context-placeholders.json",
            &[
                "payload-phone-not-e164",
                "payload-uuid-invalid",
                "payload-placeholder",
            ],
        ),
        ("unknown-kind.json", &["payload-kind-unknown"]),
        (
            "vah-intent-mismatch.json",
            &["vah-intent-mismatch", "payload-embedded-json-not-string"],
        ),
        (
            "work-item-guid-poc.json",
            &["workitem-poc-guid", "payload-embedded-json-not-string"],
        ),
    ];
    for (file, expected) in cases {
        let path = format!("examples/payloads/broken/{file}");
        let (code, report) = json_report(&[&path]);
        assert_eq!(code, 1, "{file}");
        let s = subject(&report, &path);
        assert_eq!(s["status"], "fail", "{file}");
        let found = codes(s);
        for code in *expected {
            assert!(
                found.iter().any(|c| c == code),
                "{file}: expected {code} in {found:?}"
            );
        }
        for f in s["findings"].as_array().unwrap() {
            assert!(f["path"].is_string(), "{file}: {f}");
            assert!(
                f["hint"].as_str().is_some_and(|h| !h.is_empty()),
                "{file}: {f}"
            );
        }
    }
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
