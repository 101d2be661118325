//! Every command's human output at 80 and 60 columns, and with no width known (no terminal,
//! `COLUMNS` unset: 100): no line is wider than the width unless it is one token (a URL, a
//! path), and no word of a finding's message or hint is split across lines or cut. Errors
//! and hints on stderr are checked at 80 and 60.

use std::collections::HashSet;

use serde_json::Value;

use crate::common::{self, Run};
use crate::support::Home;

/// The width when neither `COLUMNS` nor a terminal gives one.
const UNKNOWN_WIDTH: usize = 100;

/// One command to audit: its arguments, and whether its human view shows the messages and
/// hints of its warn and fail findings (a table view such as `--recent` shows a row instead;
/// `explain --list` shows each code's title).
struct Case {
    args: Vec<&'static str>,
    findings_shown: bool,
}

fn shown(args: &[&'static str]) -> Case {
    Case {
        args: args.to_vec(),
        findings_shown: true,
    }
}

fn table(args: &[&'static str]) -> Case {
    Case {
        args: args.to_vec(),
        findings_shown: false,
    }
}

/// `cxone-diag ARGS` in the crate root (so paths stay relative and short), with `COLUMNS`
/// set to `columns` (unset for `None`), stdin and stdout not terminals.
fn run(home: &Home, args: &[&str], columns: Option<usize>) -> Run {
    let mut cmd = home.cmd();
    cmd.current_dir(common::crate_root()).args(args);
    if let Some(c) = columns {
        cmd.env("COLUMNS", c.to_string());
    }
    common::run(cmd)
}

/// The lines of `text` wider than `width` that hold more than one token.
fn too_wide(text: &str, width: usize) -> Vec<String> {
    text.lines()
        .filter(|l| l.chars().count() > width && l.trim().contains(' '))
        .map(|l| format!("({}) {l}", l.chars().count()))
        .collect()
}

/// The whitespace-separated tokens of human output, table borders and punctuation around
/// words removed.
fn tokens(text: &str) -> HashSet<String> {
    text.split(|c: char| c.is_whitespace() || "│┆".contains(c))
        .map(trim_word)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn trim_word(t: &str) -> &str {
    t.trim_matches(|c: char| ".,;:()[]{}\"'`".contains(c))
}

/// The words (letters and hyphens, two or more) of `text`: numbers and times are left out,
/// as they differ from run to run.
fn words_of(text: &str, words: &mut HashSet<String>) {
    for w in text.split_whitespace().map(trim_word) {
        let word = w.len() > 1
            && w.starts_with(|c: char| c.is_ascii_alphabetic())
            && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
        if word {
            words.insert(w.to_string());
        }
    }
}

/// The words of the messages and hints of `report`'s warn and fail findings (or, for the
/// JSON of `explain --list`, of each code's title).
fn finding_words(report: &Value) -> HashSet<String> {
    let mut words = HashSet::new();
    for code in report.as_array().into_iter().flatten() {
        words_of(code["title"].as_str().unwrap_or_default(), &mut words);
    }
    for s in report["subjects"].as_array().into_iter().flatten() {
        for f in s["findings"].as_array().into_iter().flatten() {
            if f["severity"] == "info" {
                continue;
            }
            for key in ["message", "hint"] {
                words_of(f[key].as_str().unwrap_or_default(), &mut words);
            }
        }
    }
    words
}

/// Audit each case at 80, 60 and the unknown width.
fn audit(cases: &[Case]) {
    let home = Home::new();
    let mut problems = Vec::new();
    for case in cases {
        let words = if case.findings_shown {
            let mut args = vec!["--output", "json"];
            args.extend(&case.args);
            let json = run(&home, &args, Some(80));
            serde_json::from_str::<Value>(&json.stdout)
                .map(|r| finding_words(&r))
                .unwrap_or_default()
        } else {
            HashSet::new()
        };
        for columns in [Some(80), Some(60), None] {
            let width = columns.unwrap_or(UNKNOWN_WIDTH);
            let out = run(&home, &case.args, columns);
            assert!(
                out.code != -1 && !out.stderr.contains("panicked"),
                "{:?}: {}",
                case.args,
                out.stderr
            );
            let shown = format!("COLUMNS={columns:?} cxone-diag {}", case.args.join(" "));
            // stderr is wrapped to COLUMNS or a terminal; a pipe without COLUMNS gets each
            // message whole (for grep and CI logs)
            let streams: &[(&str, &String)] = match columns {
                Some(_) => &[("stdout", &out.stdout), ("stderr", &out.stderr)],
                None => &[("stdout", &out.stdout)],
            };
            for (stream, text) in streams {
                for line in too_wide(text, width) {
                    problems.push(format!("{shown}: {stream} line over {width}: {line}"));
                }
            }
            let seen = tokens(&out.stdout);
            let mut missing: Vec<&String> = words.iter().filter(|w| !seen.contains(*w)).collect();
            missing.sort();
            if !missing.is_empty() {
                problems.push(format!(
                    "{shown}: words of findings split or cut: {missing:?}\n{}",
                    out.stdout
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn validate_payload_fits() {
    audit(&[
        shown(&["validate-payload", "examples/payloads"]),
        shown(&["validate-payload", "examples/payloads/broken"]),
        shown(&["validate-payload", "examples/payloads/broken/mixed.ndjson"]),
        shown(&["validate-payload", "examples/payloads/events.ndjson"]),
    ]);
}

#[test]
fn queue_health_fits() {
    audit(&[
        shown(&["--sandbox", "demo", "queue-health", "--all"]),
        shown(&["--sandbox", "demo", "queue-health", "--all", "--agents"]),
        shown(&["--sandbox", "demo", "queue-health", "4201"]),
        shown(&["--sandbox", "demo", "queue-health", "4202", "--agents"]),
        shown(&["--sandbox", "demo", "queue-health", "4204"]),
        shown(&["--sandbox", "demo", "queue-health", "4206"]),
        shown(&["--sandbox", "demo", "queue-health", "4207", "--agents"]),
        shown(&["--sandbox", "demo", "queue-health", "9999"]),
    ]);
}

#[test]
fn trace_conversation_fits() {
    let mut cases: Vec<Case> = [
        "5823110", "5823114", "5823120", "5823130", "5823140", "5823150", "5823160", "5823170",
        "5823180", "5823190", "1234567",
    ]
    .iter()
    .map(|id| shown(&["--sandbox", "demo", "trace-conversation", id]))
    .collect();
    cases.extend([
        shown(&[
            "--sandbox",
            "demo",
            "trace-conversation",
            "--digital",
            "1042",
        ]),
        shown(&[
            "--sandbox",
            "demo",
            "trace-conversation",
            "--digital",
            "1043",
        ]),
        shown(&[
            "--sandbox",
            "demo",
            "trace-conversation",
            "--digital",
            "99999",
        ]),
        table(&["--sandbox", "demo", "trace-conversation", "--recent"]),
        table(&[
            "--sandbox",
            "demo",
            "trace-conversation",
            "--recent",
            "--abandoned-only",
        ]),
        shown(&[
            "--sandbox",
            "bench-digital",
            "trace-conversation",
            "--digital",
            "9000",
        ]),
    ]);
    audit(&cases);
}

#[test]
fn simulate_handoff_fits() {
    audit(&[
        shown(&["--sandbox", "demo", "simulate-handoff"]),
        shown(&[
            "--sandbox",
            "demo",
            "simulate-handoff",
            "--via",
            "work-item",
        ]),
        shown(&["--sandbox", "demo", "simulate-handoff", "--via", "digital"]),
        shown(&[
            "--sandbox",
            "demo",
            "simulate-handoff",
            "--inject",
            "503,503,503",
        ]),
        shown(&["--sandbox", "demo", "simulate-handoff", "--repeat", "3"]),
        // a usage error with a long hint, on stderr
        shown(&["--sandbox", "demo", "simulate-handoff", "--dry-run"]),
    ]);
}

#[test]
fn smoke_auth_explain_and_sandbox_fit() {
    audit(&[
        shown(&["--sandbox", "demo", "smoke", "examples/smoke.yaml"]),
        shown(&["--sandbox", "demo", "auth", "check"]),
        // every word of every title whole, in the table or the list
        shown(&["explain", "--list"]),
        table(&["explain", "skill-waiting-with-available"]),
        table(&["explain", "SKILL-INACTIVE"]),
        table(&["explain", "no-such-code"]),
        table(&["sandbox", "list"]),
    ]);
}

#[test]
fn the_checks_catch_what_they_are_for() {
    // a line of several words over the width, and a word split across lines
    assert!(too_wide("a b\nccccccccccccccc\n", 5).is_empty());
    assert_eq!(too_wide("aa bb cc\n", 5).len(), 1);
    let report = serde_json::json!({"subjects": [{"findings": [
        {"severity": "fail", "message": "the contact was interrupted", "hint": null}
    ]}]});
    let words = finding_words(&report);
    assert!(words.contains("interrupted"));
    let split = tokens("      the contact was interr\n      upted\n");
    assert!(!split.contains("interrupted"));
    assert!(tokens("│ was interrupted. ┆").contains("interrupted"));
}
