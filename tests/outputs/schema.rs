//! `docs/report-v1.schema.json` describes the JSON report every command prints: real reports
//! of every command that makes one (offline, against the sandbox, streamed, a replayed bundle)
//! are validated against it, and the schema is shown to reject what breaks the contract.

use serde_json::{Value, json};

use crate::support::*;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(crate::common::in_crate("docs/report-v1.schema.json"))
        .expect("docs/report-v1.schema.json is in the repository");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid(what: &str, doc: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// The report of `args` (with `--output json`), after checking the exit code.
fn report(home: &Home, args: &[&str], code: i32) -> Value {
    let mut all = vec!["--output", "json"];
    all.extend_from_slice(args);
    let run = home.run(&all);
    assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", run.stdout))
}

#[test]
fn every_command_s_report_follows_the_schema() {
    let home = Home::new();
    let payloads = crate::common::in_crate("examples/payloads")
        .display()
        .to_string();
    let broken = crate::common::in_crate("examples/payloads/broken")
        .display()
        .to_string();
    let suite = crate::common::in_crate("examples/smoke.yaml")
        .display()
        .to_string();
    let bundle = home.join("bundle.json").display().to_string();
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["validate-payload", &payloads], 1),
        (vec!["validate-payload", &broken], 1),
        (
            vec!["--sandbox", "demo", "queue-health", "--all", "--agents"],
            1,
        ),
        (vec!["--sandbox", "demo", "queue-health", "4201"], 0),
        (
            vec![
                "--sandbox",
                "demo",
                "trace-conversation",
                "5823114",
                "--save-bundle",
                &bundle,
            ],
            0,
        ),
        (
            vec!["--sandbox", "demo", "trace-conversation", "5823999"],
            1,
        ),
        (
            vec!["--sandbox", "demo", "trace-conversation", "--recent"],
            1,
        ),
        (vec!["trace-conversation", "--bundle", &bundle], 0),
        (vec!["simulate-handoff", "--inject", "503,503"], 0),
        (vec!["--sandbox", "demo", "auth", "check"], 0),
        (vec!["--sandbox", "demo", "smoke", &suite], 0),
    ];
    for (args, code) in cases {
        let doc = report(&home, &args, code);
        assert_valid(&args.join(" "), &doc);
        let tenant = !args.contains(&"validate-payload") && !args.contains(&"--bundle");
        let online = tenant && args.contains(&"--sandbox");
        if online {
            assert_eq!(doc["profile"], "sandbox:demo", "{args:?}");
            assert!(doc["tenant"]["api_host"].is_string(), "{args:?}");
        }
        if args.contains(&"validate-payload") {
            assert!(
                doc["profile"].is_null() && doc["tenant"].is_null(),
                "{args:?}"
            );
        }
    }
}

#[test]
fn a_streamed_bulk_report_follows_the_schema() {
    let home = Home::new();
    let mut lines = String::new();
    // past the batch limit (20 subjects), so the report is streamed subject by subject
    let line = r#"{"p1":"Escalate","p2":"[{\"skill\":\"4201\"}]","contactId":"5823114"}"#;
    let bad = r#"{"p1":"Escalate","contactId":"100000000000"}"#;
    lines.push_str(bad);
    lines.push('\n');
    for _ in 1..3000 {
        lines.push_str(line);
        lines.push('\n');
    }
    home.write("bulk.ndjson", &lines);
    let path = home.join("bulk.ndjson").display().to_string();
    let run = home.run(&["--output", "json", "validate-payload", &path]);
    assert_eq!(
        run.code, 1,
        "the placeholder contact id fails: {}",
        run.stderr
    );
    let doc: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["subjects"].as_array().map(Vec::len), Some(3000));
    assert_eq!(doc["summary"]["fail"], 1, "{}", doc["summary"]);
    assert_eq!(doc["subjects"][0]["status"], "fail");
    assert_valid("streamed validate-payload", &doc);
}

/// A change that breaks a report.
type Breaks = Box<dyn Fn(&mut Value)>;

#[test]
fn the_schema_rejects_what_breaks_the_contract() {
    let home = Home::new();
    let good = report(&home, &["--sandbox", "demo", "queue-health", "4201"], 0);
    assert!(validator().is_valid(&good));
    let broken: Vec<(&str, Breaks)> = vec![
        (
            "another schema id",
            Box::new(|d| d["schema"] = json!("cxone-diag/report/v2")),
        ),
        ("an unknown status", Box::new(|d| d["status"] = json!("ok"))),
        (
            "a count that is not a whole number",
            Box::new(|d| d["summary"]["pass"] = json!(1.5)),
        ),
        (
            "no generated_at",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("generated_at");
            }),
        ),
        (
            "a local time",
            Box::new(|d| d["generated_at"] = json!("2026-12-03 10:00")),
        ),
        (
            "a finding without a code",
            Box::new(|d| {
                d["subjects"][0]["findings"] = json!([{"severity": "warn", "message": "m"}]);
            }),
        ),
        (
            "a severity of error",
            Box::new(|d| {
                d["subjects"][0]["findings"] =
                    json!([{"code": "x", "severity": "error", "message": "m"}]);
            }),
        ),
        (
            "a subject without facts",
            Box::new(|d| {
                d["subjects"][0].as_object_mut().unwrap().remove("facts");
            }),
        ),
    ];
    for (what, breaks) in broken {
        let mut doc = good.clone();
        breaks(&mut doc);
        assert!(!validator().is_valid(&doc), "the schema accepts {what}");
    }
}
