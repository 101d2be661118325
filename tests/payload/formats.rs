//! Report formats through the binary: the JSON contract, JUnit, human text and colour.

use crate::{cxone, json_report};

const GOOD: &str = "examples/payloads/cognigy-signal-escalate.json";
const BAD: &str = "examples/payloads/broken/signal-p2-object.json";
const WARN: &str = "examples/payloads/cognigy-webhook-handover.json";

#[test]
fn json_report_has_the_v1_shape() {
    let (code, report) = json_report(&[GOOD, BAD, WARN]);
    assert_eq!(code, 1);
    let keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "schema",
        "command",
        "status",
        "summary",
        "subjects",
        "elapsed_ms",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    // v1's six keys plus the provenance added by issue 14 (tool, profile, tenant, generated_at)
    assert_eq!(keys.len(), 10, "{keys:?}");
    assert_eq!(report["tool"]["name"], "cxone-diag");
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
    // offline: no profile was used and no tenant was asked
    assert!(report["profile"].is_null(), "{}", report["profile"]);
    assert!(report["tenant"].is_null(), "{}", report["tenant"]);
    let at = report["generated_at"].as_str().unwrap();
    assert!(at.ends_with('Z') && at.len() == 24, "{at}");
    chrono::DateTime::parse_from_rfc3339(at).unwrap();
    assert_eq!(report["schema"], "cxone-diag/report/v1");
    assert_eq!(report["command"], "validate-payload");
    assert_eq!(report["status"], "fail");
    assert_eq!(
        report["summary"],
        serde_json::json!({"pass": 1, "warn": 1, "fail": 1, "error": 0, "skipped": 0})
    );
    assert!(report["elapsed_ms"].is_u64());
    let subjects = report["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 3);
    // Subjects keep the command-line order.
    assert_eq!(subjects[0]["id"], GOOD);
    assert_eq!(subjects[1]["id"], BAD);
    for s in subjects {
        assert_eq!(s["kind"], "payload");
        assert!(s["label"].is_string());
        assert!(["pass", "warn", "fail"].contains(&s["status"].as_str().unwrap()));
        assert!(s["facts"]["kind"].is_string());
        assert!(s["facts"]["bytes"].is_u64());
    }
    let f = &subjects[1]["findings"][1];
    assert_eq!(f["code"], "signal-p2-not-string");
    assert_eq!(f["severity"], "fail");
    assert_eq!(f["path"], "/p2");
    assert!(f["message"].as_str().unwrap().contains("string"));
    assert!(f["hint"].as_str().unwrap().contains("JSON.stringify"));
}

#[test]
fn junit_is_a_well_formed_suite() {
    let out = cxone()
        .args(["validate-payload", "--output", "junit", GOOD, BAD, WARN])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suite = doc.root_element();
    assert_eq!(suite.tag_name().name(), "testsuite");
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    assert_eq!(suite.attribute("errors"), Some("0"));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    let failure = cases[1]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    assert_eq!(failure.attribute("type"), Some("signal-p1-invalid"));
    assert!(failure.text().unwrap().contains("signal-p2-not-string"));
    let out_text: String = cases[2].descendants().filter_map(|n| n.text()).collect();
    assert!(
        out_text.contains("[warn] webhook-routing-unconfigured"),
        "{out_text}"
    );
}

#[test]
fn human_output_is_plain_when_colour_is_off() {
    for args in [
        vec!["validate-payload", GOOD, BAD],
        vec!["--color", "never", "validate-payload", GOOD, BAD],
    ] {
        let out = cxone().args(&args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(
            text.contains(&format!("FAIL  payload {BAD}  (cognigy-signal)")),
            "{text}"
        );
        assert!(text.contains("signal-p2-not-string  at /p2"), "{text}");
        assert!(text.contains("hint: Serialise it"), "{text}");
        assert!(
            text.contains("2 subjects: 1 pass, 0 warn, 1 fail, 0 error"),
            "{text}"
        );
    }
    // NO_COLOR wins over a terminal, and --color always wins over NO_COLOR.
    let out = cxone()
        .env("NO_COLOR", "1")
        .args(["--color", "always", "validate-payload", BAD])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn report_files_are_written_beside_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r/report.json");
    let xml = dir.path().join("r/report.xml");
    cxone()
        .args(["validate-payload", GOOD, BAD])
        .arg("--report")
        .arg(format!("json={}", json.display()))
        .arg("--report")
        .arg(format!("junit={}", xml.display()))
        .assert()
        .code(1);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["summary"]["fail"], 1);
    roxmltree::Document::parse(&std::fs::read_to_string(&xml).unwrap()).unwrap();
}

/// Replace the run time, the only part of a report that changes from run to run.
fn without_times(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = match (line.rfind(" ("), line.ends_with(" ms)")) {
            (Some(at), true) => format!("{} (<elapsed> ms)", &line[..at]),
            _ => line.to_string(),
        };
        let mut line = line;
        for (attr, shown) in [
            (" time=\"", "<elapsed>"),
            (" timestamp=\"", "<start>"),
            (" hostname=\"", "<host>"),
        ] {
            line = match line.find(attr) {
                Some(at) if line.contains("<testsuite") => {
                    let rest = &line[at + attr.len()..];
                    let end = rest.find('"').map_or(0, |e| e + 1);
                    format!("{}{attr}{shown}\"{}", &line[..at], &rest[end..])
                }
                _ => line,
            };
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn human_and_junit_output_snapshots() {
    let files = [
        GOOD,
        BAD,
        "examples/payloads/broken/unknown-kind.json",
        WARN,
    ];
    let human = cxone()
        .args(["validate-payload"])
        .args(files)
        .output()
        .unwrap();
    insta::assert_snapshot!(
        "human",
        without_times(&String::from_utf8(human.stdout).unwrap())
    );
    let junit = cxone()
        .args(["validate-payload", "--output", "junit"])
        .args(files)
        .output()
        .unwrap();
    insta::assert_snapshot!(
        "junit",
        without_times(&String::from_utf8(junit.stdout).unwrap())
    );
}

/// A run that talks to a tenant names the profile and the tenant's API host and ids.
#[test]
fn a_tenant_run_names_its_profile_and_tenant() {
    let out = cxone()
        .args([
            "--sandbox",
            "demo",
            "--output",
            "json",
            "queue-health",
            "--all",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["profile"], "sandbox:demo", "{report:#}");
    let tenant = &report["tenant"];
    let host = tenant["api_host"].as_str().unwrap();
    assert!(host.starts_with("127.0.0.1:"), "{tenant}");
    assert!(
        tenant["tenant_id"].as_str().is_some_and(|t| !t.is_empty()),
        "{tenant}"
    );
    assert!(tenant["business_unit"].is_string(), "{tenant}");
    assert!(report["generated_at"].is_string());
}
