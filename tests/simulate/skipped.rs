//! `skipped`: the steps a stopped rehearsal never ran are skipped in every format, never passes.

use crate::support::*;

fn stopped(format: &str) -> std::process::Output {
    let home = Home::new();
    home.cmd()
        .args(["--output", format, "simulate-handoff"])
        .arg(fixture("invalid-signal.json"))
        .output()
        .unwrap()
}

const LATER: [&str; 6] = [
    "eligibility",
    "preflight",
    "handover",
    "fallback",
    "verify",
    "cleanup",
];

#[test]
fn json_counts_the_steps_that_did_not_run_as_skipped() {
    let out = stopped("json");
    assert_eq!(code(&out), 1);
    let r = report(&out);
    assert_eq!(r["status"], "fail");
    assert_eq!(
        r["summary"],
        serde_json::json!({"pass": 0, "warn": 0, "fail": 1, "error": 0, "skipped": 6})
    );
    for id in LATER {
        assert_eq!(subject(&r, id)["status"], "skipped", "{id}");
    }
}

#[test]
fn junit_marks_each_step_that_did_not_run_skipped() {
    let out = stopped("junit");
    assert_eq!(code(&out), 1);
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed JUnit");
    let suite = doc.root_element();
    assert_eq!(suite.attribute("tests"), Some("7"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    assert_eq!(suite.attribute("errors"), Some("0"));
    assert_eq!(suite.attribute("skipped"), Some("6"));
    let skipped: Vec<_> = suite
        .children()
        .filter(|c| c.has_tag_name("testcase"))
        .filter(|c| c.children().any(|n| n.has_tag_name("skipped")))
        .collect();
    assert_eq!(skipped.len(), 6);
    for case in &skipped {
        let name = case.attribute("name").unwrap();
        assert!(LATER.iter().any(|id| name.contains(id)), "{name}");
        let s = case.children().find(|n| n.has_tag_name("skipped")).unwrap();
        assert!(
            s.attribute("message").unwrap().starts_with("not run: "),
            "{name}"
        );
        assert!(!case.children().any(|n| n.has_tag_name("failure")));
    }
}

#[test]
fn human_output_shows_skip_with_the_reason() {
    let out = stopped("human");
    assert_eq!(code(&out), 1);
    let text = String::from_utf8(out.stdout).unwrap();
    for id in LATER {
        assert!(text.contains(&format!("SKIP  step {id}")), "{id}: {text}");
    }
    assert!(!text.contains("PASS  step handover"), "{text}");
    assert!(text.contains("not run: the payload is invalid"), "{text}");
    assert!(
        text.contains("7 subjects: 0 pass, 0 warn, 1 fail, 0 error, 6 skipped"),
        "{text}"
    );
}
