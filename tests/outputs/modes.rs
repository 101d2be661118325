//! File modes under a known umask (022, set in a shell around the binary): reports and the
//! audit log get the usual 0644 a CI publisher running as another user can read; support
//! bundles stay 0600.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::*;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn batch_reports_are_0644_and_bundles_0600_under_umask_022() {
    let home = Home::new();
    let run = home.run_umask_022(&[
        "--sandbox",
        "demo",
        "trace-conversation",
        "5823130",
        "--save-bundle",
        "b.json",
        "--report",
        "junit=r.xml",
        "--report",
        "json=r.json",
    ]);
    // demo's contact 5823130 is a judged failure: exit 1, and the report says so.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.join("r.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "fail", "{json:#}");
    assert_eq!(mode(&home.join("r.xml")), 0o644);
    assert_eq!(mode(&home.join("r.json")), 0o644);
    assert_eq!(mode(&home.join("b.json")), 0o600);
}

#[test]
fn a_replaced_report_and_a_streamed_one_are_0644_too() {
    let home = Home::new();
    home.write("r.xml", "old");
    std::fs::set_permissions(home.join("r.xml"), std::fs::Permissions::from_mode(0o600)).unwrap();
    // more subjects than the batch limit: the streaming writer
    let lines: String = (0..40)
        .map(|i| format!("{{\"text\": \"line {i}\", \"data\": {{}}}}\n"))
        .collect();
    home.write("many.ndjson", &lines);
    let run = home.run_umask_022(&[
        "validate-payload",
        "many.ndjson",
        "--report",
        "junit=r.xml",
        "--report",
        "json=r.json",
    ]);
    // Lines of no known payload kind: each fails, so the run exits 1.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.join("r.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "fail", "{json:#}");
    assert_eq!(json["subjects"].as_array().unwrap().len(), 40);
    assert_eq!(mode(&home.join("r.xml")), 0o644);
    assert_eq!(mode(&home.join("r.json")), 0o644);
}

#[test]
fn a_new_audit_log_is_0644_like_the_reports() {
    let home = Home::new();
    let run = home.run_umask_022(&[
        "--output",
        "json",
        "simulate-handoff",
        "--audit-log",
        "audit.jsonl",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(mode(&home.join("audit.jsonl")), 0o644);
}
