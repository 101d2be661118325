//! The binary over random files, folders and stdin: `validate-payload --output json` always
//! ends, with a documented exit code and a valid report (or exit 2 and a message), never a panic.

use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestRunner;

use crate::strategies as st;
use crate::support::{Home, Run};

/// A run may take this long; a hang fails the property instead of the CI job's time limit.
const LIMIT: Duration = Duration::from_secs(20);

const NAMES: &[&str] = &[
    "a.json", "b.yaml", "c.yml", "d.ndjson", "e.jsonl", "f.JSON", "g.txt", "h",
];

#[derive(Debug, Clone)]
struct Case {
    files: Vec<(&'static str, Vec<u8>)>,
    in_folder: bool,
    stdin: Option<Vec<u8>>,
    flags: Vec<&'static str>,
}

fn flags() -> impl Strategy<Value = Vec<&'static str>> {
    let kind = select(vec![
        "cognigy-signal",
        "vah-bot-response",
        "transfer-context",
        "bot-handoff",
        "guest-session",
        "bogus-kind",
    ]);
    let confidence = select(vec!["0.5", "0.9", "NaN", "-1", "2", "inf", "abc"]);
    let contact = select(vec!["5823114", "100000000000", "abc", ""]);
    (
        prop::option::of(kind),
        prop::option::of(confidence),
        prop::option::of(contact),
        prop::option::of(select(vec!["billing", "Escalate", ""])),
    )
        .prop_map(|(k, c, id, intent)| {
            let mut out = Vec::new();
            let pairs = [
                ("--kind", k),
                ("--confidence", c),
                ("--contact-id", id),
                ("--intent", intent),
            ];
            for (flag, value) in pairs {
                if let Some(v) = value {
                    out.extend([flag, v]);
                }
            }
            out
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((select(NAMES), st::bytes()), 0..4),
        any::<bool>(),
        prop::option::weighted(0.25, st::bytes()),
        prop::option::weighted(0.3, flags()),
    )
        .prop_map(|(mut files, in_folder, stdin, flags)| {
            files.sort_by_key(|(n, _)| *n);
            files.dedup_by_key(|(n, _)| *n);
            let stdin = if files.is_empty() && stdin.is_none() {
                Some(Vec::new())
            } else {
                stdin
            };
            Case {
                files,
                in_folder,
                stdin,
                flags: flags.unwrap_or_default(),
            }
        })
}

fn is_ndjson(name: &str) -> bool {
    name.ends_with(".ndjson") || name.ends_with(".jsonl")
}

fn walked(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".json", ".yaml", ".yml", ".ndjson", ".jsonl"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    let home = Home::new();
    let dir = if case.in_folder { "in/" } else { "" };
    std::fs::create_dir_all(home.join("in")).unwrap();
    for (name, bytes) in &case.files {
        std::fs::write(home.join(&format!("{dir}{name}")), bytes).unwrap();
    }
    let mut cmd = home.cmd();
    cmd.args(["--output", "json", "validate-payload"])
        .args(&case.flags)
        .timeout(LIMIT);
    if case.in_folder {
        cmd.arg("in");
    } else {
        cmd.args(case.files.iter().map(|(n, _)| *n));
    }
    if let Some(stdin) = &case.stdin {
        cmd.arg("-").write_stdin(stdin.clone());
    }
    let run = Run::of(cmd, format!("validate-payload over {case:?}"));
    let report = run
        .json_outcome("validate-payload")
        .map_err(TestCaseError::fail)?;
    let Some(report) = report else {
        prop_assert_eq!(run.checked_code().unwrap(), 2, "{}", run.dump());
        return Ok(());
    };
    let ids: Vec<&str> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    for (name, bytes) in &case.files {
        if case.in_folder && !walked(name) {
            continue;
        }
        let id = format!("{dir}{name}");
        if is_ndjson(name) {
            let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
            let mut last = 0;
            for n in ids.iter().filter_map(|i| i.strip_prefix(&format!("{id}:"))) {
                let n: usize = n.parse().map_err(|_| {
                    TestCaseError::fail(format!("NDJSON subject {id}:{n}: {}", run.dump()))
                })?;
                prop_assert!(
                    n > last && n <= lines,
                    "line {} of {}: {}",
                    n,
                    id,
                    run.dump()
                );
                last = n;
            }
        } else {
            prop_assert!(
                ids.contains(&id.as_str()),
                "no subject {}: {}",
                id,
                run.dump()
            );
        }
    }
    Ok(())
}

#[test]
fn random_files_get_a_report_or_a_usage_error() {
    let mut runner = TestRunner::new(st::config(40));
    runner.run(&case(), |c| check(&c)).unwrap();
}

#[test]
fn a_yaml_file_whose_later_document_is_broken_fails_instead_of_hanging() {
    let home = Home::new();
    for (name, text) in [
        ("two.yaml", "p1: Escalate\n---\np2: [\n"),
        ("lines.txt", "{\"p1\":\"End\"}\n{\"p1---\n\":1}\n{\"p2\":["),
    ] {
        std::fs::write(home.join(name), text).unwrap();
    }
    let mut cmd = home.cmd();
    cmd.args(["-o", "json", "validate-payload", "two.yaml", "lines.txt"])
        .timeout(LIMIT);
    let run = Run::of(cmd, "validate-payload two.yaml lines.txt");
    let report = run.json_outcome("validate-payload").unwrap().unwrap();
    assert_eq!(run.code, Some(1), "{}", run.dump());
    // Sniffed text that is neither JSON nor YAML is named by its JSON error.
    let subjects = report["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 2, "{}", run.dump());
    for (subject, syntax) in subjects
        .iter()
        .zip(["invalid YAML at line", "invalid JSON at line"])
    {
        let finding = &subject["findings"][0];
        assert_eq!(finding["code"], "payload-syntax", "{}", run.dump());
        let message = finding["message"].as_str().unwrap();
        assert!(message.starts_with(syntax), "{}", run.dump());
    }
}
