//! Runs over more than 20 subjects are streamed: same JSON contract, JUnit with the right
//! counts, human output listing only what did not pass, report files identical to stdout.

use crate::{cxone, write};

/// An NDJSON file with `n` lines, every 10th one broken.
fn many(dir: &std::path::Path, n: usize) -> String {
    let mut text = String::new();
    for i in 1..=n {
        if i % 10 == 0 {
            text.push_str(&format!(
                "{{\"p1\":\"escalate\",\"p2\":\"[]\",\"contactId\":\"{i}\"}}\n"
            ));
        } else {
            text.push_str(&format!(
                "{{\"p1\":\"Escalate\",\"p2\":\"[]\",\"contactId\":\"{i}\"}}\n"
            ));
        }
    }
    write(dir, "many.ndjson", text)
}

#[test]
fn streamed_json_keeps_the_contract_and_matches_the_report_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = many(dir.path(), 250);
    let file = dir.path().join("out/report.json");
    let out = cxone()
        .args(["validate-payload", "--output", "json", &input])
        .arg("--report")
        .arg(format!("json={}", file.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["schema"], "cxone-diag/report/v1");
    assert_eq!(report["status"], "fail");
    assert_eq!(
        report["summary"],
        serde_json::json!({"pass": 225, "warn": 0, "fail": 25, "error": 0, "skipped": 0})
    );
    let subjects = report["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 250);
    assert_eq!(subjects[9]["id"], format!("{input}:10"));
    assert_eq!(subjects[9]["findings"][0]["code"], "signal-p1-invalid");
    let from_file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(from_file["subjects"], report["subjects"]);
    assert_eq!(from_file["summary"], report["summary"]);
}

#[test]
fn streamed_junit_counts_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let input = many(dir.path(), 120);
    let out = cxone()
        .args(["validate-payload", "--output", "junit", &input])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let suite = doc.root_element();
    assert_eq!(suite.attribute("tests"), Some("120"));
    assert_eq!(suite.attribute("failures"), Some("12"));
    let cases = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    assert_eq!(cases, 120);
}

#[test]
fn streamed_human_lists_problems_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = many(dir.path(), 60);
    let out = cxone().args(["validate-payload", &input]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("FAIL  payload").count(), 6, "{text}");
    assert!(
        text.contains(&format!("FAIL  payload {input}:30  (cognigy-signal)")),
        "{text}"
    );
    assert!(!text.contains("PASS  payload"), "{text}");
    assert!(text.contains("54 passing subjects not listed"), "{text}");
    assert!(
        text.contains("60 subjects: 54 pass, 0 warn, 6 fail, 0 error"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
    // Severity overrides apply to streamed subjects too.
    cxone()
        .args(["validate-payload", "--allow", "signal-p1-invalid", &input])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("60 subjects: 60 pass"));
}
