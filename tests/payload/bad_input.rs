//! Bad input never panics: each bad file is a failing subject while the other inputs are
//! still checked; pathological documents are refused with a finding.

use crate::{codes, json_report, subject, write};

#[test]
fn bad_files_fail_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: Vec<(String, &str)> = vec![
        (write(d, "empty.json", ""), "payload-empty"),
        (write(d, "blank.yaml", "  \n\n"), "payload-empty"),
        (
            write(d, "binary.json", b"\x1f\x8b\x08\x00\x00\x00binary\x00data"),
            "payload-binary",
        ),
        (
            write(d, "latin1.json", b"{\"p1\": \"Escalat\xe9\"}"),
            "payload-not-utf8",
        ),
        (
            write(d, "broken.json", "{\"p1\": \"Escalate\",\n \"p2\": }"),
            "payload-syntax",
        ),
        (
            write(d, "broken.yaml", "p1: [Escalate\np2: x\n"),
            "payload-syntax",
        ),
        (
            write(d, "two-docs.yaml", "p1: End\n---\np1: End\n"),
            "payload-syntax",
        ),
        (
            write(d, "array.json", "[{\"p1\": \"End\"}]"),
            "payload-not-object",
        ),
        (write(d, "empty.ndjson", "\n\n"), "payload-empty"),
        (
            write(d, "binary.ndjson", b"\x00\x01\x02\n\x00"),
            "payload-binary",
        ),
    ];
    let good = "examples/payloads/cognigy-signal-escalate.json".to_string();
    let mut args: Vec<&str> = cases.iter().map(|(p, _)| p.as_str()).collect();
    args.push(&good);
    let (code, report) = json_report(&args);
    assert_eq!(code, 1);
    for (path, expected) in &cases {
        let s = subject(&report, path);
        assert_eq!(s["status"], "fail", "{path}: {s:#}");
        assert_eq!(codes(s), [*expected], "{path}");
        let f = &s["findings"][0];
        assert!(f["hint"].is_string() && f["path"].is_string(), "{f}");
    }
    assert_eq!(subject(&report, &good)["status"], "pass");
    let syntax = subject(&report, &cases[4].0)["findings"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(syntax.contains("line 2, column"), "{syntax}");
    let yaml = subject(&report, &cases[5].0)["findings"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        yaml.contains("invalid YAML at line") && yaml.contains("column"),
        "{yaml}"
    );
}

#[test]
fn deep_nesting_is_a_finding_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let json = write(dir.path(), "deep.json", &deep);
    let yaml = write(
        dir.path(),
        "deep.yaml",
        format!("{}1{}", "[".repeat(50_000), "]".repeat(50_000)),
    );
    let lines = write(
        dir.path(),
        "deep.ndjson",
        format!("{deep}\n{{\"p1\":\"End\",\"p2\":\"[]\",\"contactId\":\"1\"}}\n"),
    );
    let (code, report) = json_report(&[&json, &yaml, &lines]);
    assert_eq!(code, 1);
    assert_eq!(codes(subject(&report, &json)), ["payload-too-deep"]);
    assert_eq!(codes(subject(&report, &yaml)), ["payload-too-deep"]);
    assert_eq!(
        codes(subject(&report, &format!("{lines}:1"))),
        ["payload-too-deep"]
    );
    assert_eq!(subject(&report, &format!("{lines}:2"))["status"], "pass");
}

#[test]
fn very_long_lines_and_documents_are_refused_without_buffering_them() {
    let dir = tempfile::tempdir().unwrap();
    let huge = format!(
        "{{\"p1\":\"End\",\"pad\":\"{}\"}}",
        "x".repeat(3 * 1024 * 1024)
    );
    let lines = write(
        dir.path(),
        "long.ndjson",
        format!("{huge}\n{{\"p1\":\"End\",\"p2\":\"[]\",\"contactId\":\"1\"}}\n"),
    );
    let doc = write(dir.path(), "huge.json", &huge);
    // Long but acceptable: a 1 MiB line is validated.
    let ok_line = format!(
        "{{\"p1\":\"End\",\"p2\":\"[]\",\"contactId\":\"1\",\"pad\":\"{}\"}}\n",
        "y".repeat(1024 * 1024)
    );
    let ok = write(dir.path(), "ok.ndjson", ok_line);
    let (code, report) = json_report(&[&lines, &doc, &ok]);
    assert_eq!(code, 1);
    let first = subject(&report, &format!("{lines}:1"));
    assert_eq!(codes(first), ["payload-too-large"]);
    assert!(first["facts"]["bytes"].as_u64().unwrap() > 3 * 1024 * 1024);
    assert_eq!(subject(&report, &format!("{lines}:2"))["status"], "pass");
    let whole = subject(&report, &doc);
    assert_eq!(codes(whole), ["payload-too-large"]);
    // The file's real size, not where reading stopped.
    let size = huge.len() as u64;
    assert_eq!(whole["facts"]["bytes"].as_u64(), Some(size));
    let message = whole["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains(&format!("is {size} bytes")), "{message}");
    // One byte over the limit is a size too (not "where reading stopped").
    let just_over = write(
        dir.path(),
        "just-over.json",
        "x".repeat(2 * 1024 * 1024 + 1),
    );
    let (_, over_report) = json_report(&[&just_over]);
    let message = subject(&over_report, &just_over)["findings"][0]["message"].clone();
    assert!(
        message.as_str().unwrap().contains("is 2097153 bytes"),
        "{message}"
    );
    let ok_subject = subject(&report, &format!("{ok}:1"));
    assert_eq!(ok_subject["label"], "cognigy-signal");
    assert!(codes(ok_subject).contains(&"signal-body-large".to_string()));
}

#[test]
fn yaml_billion_laughs_is_refused() {
    let mut doc = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        doc.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let bomb = write(dir.path(), "bomb.yaml", &doc);
    // One alias to a big anchor, many times: quadratic rather than exponential.
    let mut wide = format!("s: &s {}\nl:\n", "x".repeat(64 * 1024));
    for _ in 0..2000 {
        wide.push_str("  - *s\n");
    }
    let wide = write(dir.path(), "wide.yaml", &wide);
    let started = std::time::Instant::now();
    let (code, report) = json_report(&[&bomb, &wide]);
    assert!(started.elapsed().as_secs() < 30);
    assert_eq!(code, 1);
    assert_eq!(codes(subject(&report, &bomb)), ["payload-yaml-expansion"]);
    assert_eq!(codes(subject(&report, &wide)), ["payload-yaml-expansion"]);
}

#[test]
fn unreadable_files_are_error_subjects() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = write(dir.path(), "locked.json", "{}");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads through permissions; /proc/self/mem opens but fails to read at offset 0.
    let unreadable = if std::fs::read(&locked).is_err() {
        locked
    } else {
        "/proc/self/mem".to_string()
    };
    let (code, report) = json_report(&[
        &unreadable,
        "examples/payloads/cognigy-signal-escalate.json",
    ]);
    assert_eq!(
        code, 3,
        "an input that could not be judged means the run could not finish"
    );
    let s = subject(&report, &unreadable);
    assert_eq!(s["status"], "error", "{s:#}");
    assert_eq!(codes(s), ["input-unreadable"]);
    assert!(
        s["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&unreadable)
    );
    assert_eq!(report["summary"]["pass"], 1);
}

#[test]
fn a_dangling_symlink_in_a_directory_is_one_error_subject() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read("examples/payloads/cognigy-signal-escalate.json").unwrap();
    write(dir.path(), "a.json", good);
    std::os::unix::fs::symlink(dir.path().join("missing.json"), dir.path().join("b.json")).unwrap();
    let root = dir.path().display().to_string();
    let (code, report) = json_report(&[&root]);
    assert_eq!(code, 3, "{report:#}");
    assert_eq!(
        subject(&report, &format!("{root}/a.json"))["status"],
        "pass"
    );
    let link = subject(&report, &format!("{root}/b.json"));
    assert_eq!(link["status"], "error");
    assert_eq!(codes(link), ["input-unreadable"]);
}
