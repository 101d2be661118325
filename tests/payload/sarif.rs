//! `--output sarif`, `--report sarif=FILE` and GitHub annotations through the binary; every
//! SARIF document is validated against the OASIS SARIF 2.1.0 schema
//! (`tests/fixtures/payload/sarif/`, see the README there for its source and licence).

use serde_json::Value;

use crate::{cxone, fixture, json_report, subject};

const FILES: &[&str] = &[
    "examples/payloads/broken/guest-session-bad.yaml",
    "examples/payloads/broken/mixed.ndjson",
    "examples/payloads/broken/transfer-context-placeholders.json",
    "examples/payloads/cognigy-webhook-handover.json",
    "examples/payloads/cognigy-signal-escalate.json",
];

/// Validate `doc` against the SARIF 2.1.0 schema; panics with every error.
fn assert_valid_sarif(doc: &Value) {
    let text = std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn run(args: &[&str]) -> (i32, Vec<u8>) {
    let out = cxone().args(args).output().unwrap();
    (out.status.code().unwrap(), out.stdout)
}

#[test]
fn the_schema_rejects_what_is_not_sarif() {
    // the validation below could fail: a document missing `version` is refused
    let text = std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&serde_json::json!({"runs": []})));
    assert!(
        !validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]}))
    );
}

#[test]
fn sarif_output_is_valid_and_places_every_finding() {
    let mut args = vec!["--output", "sarif", "validate-payload"];
    args.extend(FILES);
    let (code, stdout) = run(&args);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_slice(&stdout).unwrap();
    assert_valid_sarif(&doc);
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "cxone-diag");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    let rule = rules
        .iter()
        .find(|r| r["id"] == "payload-placeholder")
        .unwrap();
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert!(
        rule["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("rules.payload.placeholders")
    );
    let info = rules.iter().find(|r| r["id"] == "webhook-routed").unwrap();
    assert_eq!(info["defaultConfiguration"]["level"], "note");

    // the same findings as the JSON report, at the same line and column
    let mut json_args: Vec<&str> = Vec::new();
    json_args.extend(FILES);
    let (_, report) = json_report(&json_args);
    let expected: Vec<(String, String, String, u64, u64)> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            let id = s["id"].as_str().unwrap().to_string();
            s["findings"].as_array().unwrap().iter().map(move |f| {
                let file = match id.rsplit_once(':') {
                    Some((file, _)) if file.ends_with(".ndjson") => file.to_string(),
                    _ => id.clone(),
                };
                let level = match f["severity"].as_str().unwrap() {
                    "fail" => "error",
                    "warn" => "warning",
                    _ => "note",
                };
                (
                    f["code"].as_str().unwrap().to_string(),
                    level.to_string(),
                    file,
                    f["line"].as_u64().expect("a file finding has a line"),
                    f["column"].as_u64().expect("and a column"),
                )
            })
        })
        .collect();
    let got: Vec<(String, String, String, u64, u64)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let phys = &r["locations"][0]["physicalLocation"];
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
                phys["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                phys["region"]["startLine"].as_u64().unwrap(),
                phys["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    // spot checks against the files themselves
    assert!(got.contains(&(
        "guest-dtmf-invalid".into(),
        "error".into(),
        "examples/payloads/broken/guest-session-bad.yaml".into(),
        5,
        3
    )));
    assert!(got.contains(&(
        "signal-contact-id-sentinel".into(),
        "error".into(),
        "examples/payloads/broken/mixed.ndjson".into(),
        2,
        28
    )));
    assert!(got.contains(&(
        "webhook-routing-unconfigured".into(),
        "warning".into(),
        "examples/payloads/cognigy-webhook-handover.json".into(),
        2,
        14
    )));
}

#[test]
fn json_findings_of_files_carry_line_and_column() {
    let path = "examples/payloads/broken/transfer-context-placeholders.json";
    let (_, report) = json_report(&[path]);
    let s = subject(&report, path);
    let queue = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "/transferContext/queueId")
        .unwrap();
    // line 3 of the file is `    "queueId": "REPLACE_WITH_VALID_QUEUE_ID",`
    assert_eq!(
        (queue["line"].as_u64(), queue["column"].as_u64()),
        (Some(3), Some(5))
    );
    // stdin is no file: no positions
    let text = std::fs::read(path).unwrap();
    let out = cxone()
        .args(["--output", "json", "validate-payload", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    for f in report["subjects"][0]["findings"].as_array().unwrap() {
        assert!(f.get("line").is_none() && f.get("column").is_none(), "{f}");
    }
}

#[test]
fn a_streamed_run_writes_valid_sarif_too() {
    let dir = tempfile::tempdir().unwrap();
    // past the batch limit, so the report is streamed
    let mut lines = String::new();
    for i in 0..40 {
        if i % 3 == 0 {
            lines.push_str("{\"p1\":\"Escalate\",\"p2\":\"[]\",\"contactId\":\"100000000000\"}\n");
        } else {
            lines.push_str("{\"p1\":\"Escalate\",\"p2\":\"[]\",\"contactId\":\"5823114\"}\n");
        }
    }
    let input = crate::write(dir.path(), "many.ndjson", &lines);
    let file = dir.path().join("out/report.sarif");
    let (code, stdout) = run(&[
        "--output",
        "sarif",
        "--report",
        &format!("sarif={}", file.display()),
        "validate-payload",
        &input,
    ]);
    assert_eq!(code, 1);
    for doc in [
        serde_json::from_slice::<Value>(&stdout).unwrap(),
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap(),
    ] {
        assert_valid_sarif(&doc);
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 14);
        let lines: Vec<u64> = results
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            lines,
            (0..40).step_by(3).map(|i| i + 1).collect::<Vec<u64>>()
        );
    }
}

#[test]
fn sarif_of_a_tenant_run_uses_logical_locations() {
    let (_, stdout) = run(&[
        "--sandbox",
        "demo",
        "--output",
        "sarif",
        "queue-health",
        "--all",
    ]);
    let doc: Value = serde_json::from_slice(&stdout).unwrap();
    assert_valid_sarif(&doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(
            r["locations"][0]["logicalLocations"][0]["name"].is_string(),
            "{r}"
        );
    }
}

#[test]
fn github_annotations_follow_human_output_in_actions_only() {
    let bad = "examples/payloads/broken/mixed.ndjson";
    let annotation = "::error file=examples/payloads/broken/mixed.ndjson,line=2,col=28,title=signal-contact-id-sentinel::contactId is 100000000000";
    let human = |actions: Option<&str>| {
        let mut cmd = cxone();
        cmd.env_remove("GITHUB_ACTIONS");
        if let Some(v) = actions {
            cmd.env("GITHUB_ACTIONS", v);
        }
        let out = cmd.args(["validate-payload", bad]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let text = human(Some("true"));
    assert!(text.contains("FAIL  payload"), "{text}");
    assert!(text.lines().any(|l| l.starts_with(annotation)), "{text}");
    assert!(
        text.contains(
            "::error file=examples/payloads/broken/mixed.ndjson,line=3,col=1,title=payload-syntax::"
        ),
        "{text}"
    );
    assert!(!human(None).contains("::error"));
    assert!(!human(Some("false")).contains("::error"));

    // machine output is never mixed with annotations
    let out = cxone()
        .env("GITHUB_ACTIONS", "true")
        .args(["--output", "json", "validate-payload", bad])
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout).expect("pure JSON");

    // --output github: only the annotations, one line per placed finding
    let out = cxone()
        .env_remove("GITHUB_ACTIONS")
        .args([
            "--output",
            "github",
            "validate-payload",
            bad,
            "examples/payloads/cognigy-webhook-handover.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with(annotation), "{text}");
    assert!(
        lines[2].starts_with("::warning file=examples/payloads/cognigy-webhook-handover.json,line=2,col=14,title=webhook-routing-unconfigured::"),
        "{text}"
    );
    assert!(lines.iter().all(|l| !l.contains('\r')));
}

#[test]
fn streamed_human_output_carries_annotations_in_actions() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..30 {
        let id = if i == 25 { "100000000000" } else { "5823114" };
        lines.push_str(&format!(
            "{{\"p1\":\"Escalate\",\"p2\":\"[]\",\"contactId\":\"{id}\"}}\n"
        ));
    }
    let input = crate::write(dir.path(), "many.ndjson", &lines);
    let out = cxone()
        .env("GITHUB_ACTIONS", "true")
        .args(["validate-payload", &input])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("passing subjects not listed"),
        "streamed: {text}"
    );
    let expected = format!("::error file={input},line=26,col=");
    assert_eq!(text.matches("::error ").count(), 1, "{text}");
    assert!(text.contains(&expected), "{text}");
}

#[test]
fn report_sarif_file_and_bad_report_formats() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.sarif");
    let (code, _) = run(&[
        "--report",
        &format!("sarif={}", file.display()),
        "validate-payload",
        "examples/payloads/broken/guest-session-bad.yaml",
    ]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_valid_sarif(&doc);
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 4);
    let out = cxone()
        .args([
            "--report",
            "github=x.txt",
            "validate-payload",
            "examples/payloads/cognigy-signal-escalate.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sarif=FILE"));
}
