//! Payload rules of issue 14, each with a fixture that fails and one that passes
//! (`tests/fixtures/payload/rules/`).

use crate::{codes, cxone, fixture, json_report, subject};

/// Validate one fixture; return (exit code, its subject's codes, the subject).
fn judge(name: &str) -> (i32, Vec<String>, serde_json::Value) {
    let path = fixture(&format!("rules/{name}"));
    let (code, report) = json_report(&[&path]);
    let s = subject(&report, &path).clone();
    (code, codes(&s), s)
}

#[test]
fn dfo_content_type_must_be_upper_case() {
    let (code, found, s) = judge("dfo-type-lower.json");
    assert_eq!(code, 1);
    assert_eq!(found, ["dfo-content-type-case"]);
    let f = &s["findings"][0];
    assert_eq!(f["severity"], "fail");
    assert_eq!(f["path"], "/messageContent/type");
    assert!(f["message"].as_str().unwrap().contains("\"text\""), "{f}");
    assert!(f["hint"].as_str().unwrap().contains("\"TEXT\""), "{f}");

    let (code, found, s) = judge("dfo-type-upper.json");
    assert_eq!((code, found.len()), (0, 0), "{s:#}");
}

#[test]
fn a_tms_transcript_with_the_cognigy_placeholder_contact_id_is_flagged() {
    let (code, found, s) = judge("tms-contact-sentinel.json");
    assert_eq!(code, 1);
    assert_eq!(found, ["tms-contact-id-sentinel"]);
    let f = &s["findings"][0];
    assert_eq!(f["path"], "/contactId");
    assert!(
        f["message"].as_str().unwrap().contains("100000000000"),
        "{f}"
    );

    let (code, found, s) = judge("tms-contact-real.json");
    assert_eq!((code, found.len()), (0, 0), "{s:#}");
}

#[test]
fn the_tms_sentinel_is_also_caught_as_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("rules/tms-contact-sentinel.json")).unwrap();
    let text = text.replace("\"100000000000\"", "100000000000");
    let path = crate::write(dir.path(), "tms.json", text);
    let (code, report) = json_report(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(codes(subject(&report, &path)), ["tms-contact-id-sentinel"]);
}

#[test]
fn custom_attributes_are_optional_but_typed_when_present() {
    let (code, found, s) = judge("transfer-no-custom-attributes.json");
    assert_eq!((code, found.len()), (0, 0), "{s:#}");

    let (code, found, s) = judge("transfer-custom-attributes-string.json");
    assert_eq!(code, 1);
    assert_eq!(found, ["payload-field-type"]);
    assert_eq!(
        s["findings"][0]["path"],
        "/transferContext/customAttributes"
    );
}

#[test]
fn confidence_out_of_range_is_refused_before_any_work() {
    for value in ["3", "-0.1", "1.01", "NaN", "inf"] {
        let out = cxone()
            .args(["validate-payload", "--confidence", value])
            .arg("examples/payloads/bot-handoff-eligible.json")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--confidence {value}");
        assert!(out.stdout.is_empty(), "no report for {value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--confidence"), "{err}");
        assert!(err.contains("from 0 to 1"), "{err}");
    }
    // in range, without --intent: accepted (eligibility needs both, so it is not judged yet)
    for value in ["0", "0.42", "1"] {
        let (code, _) = json_report(&[
            "--confidence",
            value,
            "examples/payloads/bot-handoff-eligible.json",
        ]);
        assert_eq!(code, 0, "--confidence {value}");
    }
}
