//! `explain` honours `--output`: JSON with the field names of a report's findings, or a usage
//! error for JUnit.

use serde_json::Value;

use crate::support::*;

#[test]
fn explain_a_code_as_json() {
    let home = Home::new();
    let run = home.run(&["explain", "-o", "json", "payload-placeholder"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(v["code"], "payload-placeholder");
    assert!(["fail", "warn", "info"].contains(&v["severity"].as_str().unwrap()));
    assert!(!v["title"].as_str().unwrap().is_empty());
    assert!(!v["explanation"].as_str().unwrap().is_empty());
    let human = home.run(&["explain", "payload-placeholder"]);
    // the human explanation is word-wrapped to the width: compare the words
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words(&human.stdout).contains(&words(v["explanation"].as_str().unwrap())));
}

#[test]
fn explain_list_as_json_has_every_code_once() {
    let home = Home::new();
    let run = home.run(&["explain", "--list", "--output", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let all = v.as_array().expect("an array");
    assert!(all.len() > 10);
    let mut ids: Vec<&str> = all.iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert!(ids.contains(&"payload-placeholder"));
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
    for c in all {
        let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["code", "explanation", "severity", "title"]);
    }
}

#[test]
fn explain_as_junit_or_an_unknown_code_is_a_usage_error() {
    let home = Home::new();
    let run = home.run(&["explain", "-o", "junit", "payload-placeholder"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("--output json"), "{}", run.stderr);
    let run = home.run(&["explain", "-o", "json", "payload-placeholdr"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("did you mean"), "{}", run.stderr);
}

/// `explain` has no SARIF or GitHub form: asking for one is refused, not answered in text.
#[test]
fn explain_as_sarif_or_github_is_a_usage_error_not_human_text() {
    let home = Home::new();
    for format in ["sarif", "github"] {
        for args in [
            vec!["explain", "-o", format, "skill-inactive"],
            vec!["--output", format, "explain", "--list"],
        ] {
            let run = home.run(&args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
            assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
            assert!(
                run.stderr.contains(&format!("no {format} form")),
                "{}",
                run.stderr
            );
        }
    }
}
