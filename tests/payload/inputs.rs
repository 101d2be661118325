//! Where payloads come from: stdin, NDJSON, directories, YAML, flags and --schema.

use crate::{codes, cxone, fixture, json_report, subject, write};

#[test]
fn stdin_document_and_stdin_ndjson() {
    let body = std::fs::read("examples/payloads/broken/signal-p2-object.json").unwrap();
    let out = cxone()
        .args(["validate-payload", "--output", "json", "-"])
        .write_stdin(body)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(codes(subject(&report, "-")).contains(&"signal-p2-not-string".to_string()));

    let yaml = "p1: Escalate\np2: '[]'\ncontactId: '5823114'\n";
    let out = cxone()
        .args(["validate-payload", "--output", "json", "-"])
        .write_stdin(yaml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(subject(&report, "-")["label"], "cognigy-signal");

    let ndjson = "{\"p1\":\"Escalate\",\"p2\":\"[]\",\"contactId\":\"1\"}\n\n{\"p1\":\"Nope\",\"p2\":\"[]\",\"contactId\":\"2\"}\n";
    let out = cxone()
        .args(["validate-payload", "--output", "json", "-"])
        .write_stdin(ndjson)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(subject(&report, "stdin:1")["status"], "pass");
    assert_eq!(codes(subject(&report, "stdin:3")), ["signal-p1-invalid"]);
}

#[test]
fn a_huge_stdin_document_is_over_the_limit_not_a_made_up_size() {
    let huge = format!("{{\n\"pad\": \"{}\"\n}}\n", "x".repeat(3 * 1024 * 1024));
    let out = cxone()
        .args(["validate-payload", "--output", "json", "-"])
        .write_stdin(huge)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = subject(&report, "-");
    assert_eq!(codes(doc), ["payload-too-large"]);
    let message = doc["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("the payload is over 2 MiB;"),
        "{message}"
    );
}

#[test]
fn ndjson_subjects_are_numbered_by_file_line() {
    let (code, report) = json_report(&["examples/payloads/broken/mixed.ndjson"]);
    assert_eq!(code, 1);
    let ids: Vec<&str> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let base = "examples/payloads/broken/mixed.ndjson";
    assert_eq!(
        ids,
        [
            format!("{base}:1"),
            format!("{base}:2"),
            format!("{base}:3")
        ]
    );
    let syntax = &subject(&report, &format!("{base}:3"))["findings"][0];
    assert_eq!(syntax["code"], "payload-syntax");
    assert!(
        syntax["message"]
            .as_str()
            .unwrap()
            .contains("line 3, column"),
        "{syntax}"
    );
    // Blank lines are skipped but still counted.
    let (code, report) = json_report(&["examples/payloads/events.ndjson"]);
    assert_eq!(code, 0, "{report:#}");
    subject(&report, "examples/payloads/events.ndjson:4");
    assert_eq!(report["subjects"].as_array().unwrap().len(), 4);
}

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read("examples/payloads/cognigy-signal-escalate.json").unwrap();
    write(dir.path(), "b/z.json", &good);
    write(
        dir.path(),
        "a.yaml",
        "transferContext: {queueId: '1', participant: {name: A, phoneNumber: '+4930123456'}, customAttributes: {}}\n",
    );
    write(
        dir.path(),
        "b/a.jsonl",
        "{\"p1\":\"End\",\"p2\":\"[]\",\"contactId\":\"3\"}\n",
    );
    write(dir.path(), "c.yml", "p1: End\np2: '[]'\ncontactId: '4'\n");
    write(dir.path(), "ignored.txt", "not a payload");
    write(dir.path(), "ignored.json.bak", "{}");
    let root = dir.path().display().to_string();
    let (code, report) = json_report(&[&root]);
    assert_eq!(code, 0, "{report:#}");
    let ids: Vec<String> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["id"]
                .as_str()
                .unwrap()
                .strip_prefix(&root)
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["/a.yaml", "/b/a.jsonl:1", "/b/z.json", "/c.yml"]);
    // A directory without payload files is a usage error.
    let empty = tempfile::tempdir().unwrap();
    cxone()
        .args(["validate-payload"])
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no *.json"));
}

#[test]
fn flags_feed_the_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let signal = write(
        dir.path(),
        "s.json",
        "{\"p1\": \"Escalate\", \"p2\": \"[]\"}",
    );
    let (code, report) = json_report(&[&signal]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(subject(&report, &signal)),
        ["signal-contact-id-missing"]
    );
    let (code, _) = json_report(&["--contact-id", "5823114", &signal]);
    assert_eq!(code, 0);
    let (_, report) = json_report(&["--contact-id", "100000000000", &signal]);
    assert_eq!(
        codes(subject(&report, &signal)),
        ["signal-contact-id-sentinel"]
    );

    let handoff = write(
        dir.path(),
        "h.json",
        "{\"targetType\": \"queue\", \"targetId\": \"4242\", \"message\": \"m\", \"conversationId\": \"c\", \"context\": {}, \"preserveHistory\": true}",
    );
    let (_, report) = json_report(&[&handoff]);
    assert_eq!(
        codes(subject(&report, &handoff)),
        ["handoff-eligibility-unknown"]
    );
    let (code, report) = json_report(&["--confidence", "0.3", "--intent", "complaint", &handoff]);
    assert_eq!(code, 0);
    assert_eq!(codes(subject(&report, &handoff)), ["handoff-eligible"]);
    let (code, report) = json_report(&["--confidence", "0.9", "--intent", "greeting", &handoff]);
    assert_eq!(code, 0);
    let s = subject(&report, &handoff);
    assert_eq!(s["status"], "warn");
    let message = s["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("confidence 0.9 is not below"), "{message}");
    assert!(
        message.contains("\"greeting\" is not in escalation_intents"),
        "{message}"
    );
    // a flag out of range is a usage error, with or without --intent (see rules.rs); a
    // payload's own out-of-range confidence is a finding
    let out = cxone()
        .args([
            "validate-payload",
            "--confidence",
            "1.5",
            "--intent",
            "complaint",
            &handoff,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn kind_flag_forces_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let odd = write(
        dir.path(),
        "odd.json",
        "{\"pointOfContact\": \"Billing\", \"p1\": \"x\"}",
    );
    let (_, report) = json_report(&["--kind", "work-item", &odd]);
    let s = subject(&report, &odd);
    assert_eq!(s["label"], "work-item");
    assert!(
        codes(s).iter().all(|c| c == "payload-field-missing"),
        "{s:#}"
    );
}

#[test]
fn schema_violations_are_findings_with_paths() {
    let schema = fixture("transfer-contract.schema.json");
    let good = "examples/payloads/transfer-context.yaml";
    let (code, report) = json_report(&["--schema", &schema, good]);
    assert_eq!(code, 0, "{report:#}");
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "t.json",
        "{\"transferContext\": {\"queueId\": \"4242\", \"participant\": {\"name\": \"A\", \"phoneNumber\": \"+4930123456\"}, \"customAttributes\": {\"tier\": \"platinum\"}}}",
    );
    let (code, report) = json_report(&["--schema", &schema, &bad]);
    assert_eq!(code, 1);
    let s = subject(&report, &bad);
    let violations: Vec<_> = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "payload-schema-violation")
        .collect();
    assert_eq!(violations.len(), 1, "{s:#}");
    assert_eq!(
        violations[0]["path"],
        "/transferContext/customAttributes/tier"
    );
    assert!(
        violations[0]["hint"]
            .as_str()
            .unwrap()
            .contains("transfer-contract.schema.json")
    );
    // A YAML schema works too.
    let (code, _) = json_report(&["--schema", &fixture("transfer-contract.schema.yaml"), &bad]);
    assert_eq!(code, 1);
}
