//! Report provenance as a hostile reader checks it: JUnit's `timestamp` is what the JUnit XSD
//! allows (ISO 8601, no offset), `hostname` is there and parses as XML; the JSON `tool`,
//! `profile`, `tenant` and `generated_at` of a tenant run hold no secret of the run.

use serde_json::Value;

use crate::support::Home;

const SECRET: &str = "client-s3cret-meta-77";

#[test]
fn junit_timestamp_and_hostname_are_what_the_xsd_wants() {
    let home = Home::new();
    let r = home.run(&["--sandbox", "demo", "-o", "junit", "queue-health", "4201"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = roxmltree::Document::parse(&r.stdout).expect("well-formed XML");
    let suite = doc.root_element();
    let stamp = suite.attribute("timestamp").expect("timestamp");
    // xs:dateTime restricted by the JUnit XSD to [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}
    let shape: String = stamp
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    assert_eq!(shape, "9999-99-99T99:99:99", "{stamp}");
    assert!(chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H:%M:%S").is_ok());
    assert!(!suite.attribute("hostname").unwrap_or_default().is_empty());
}

#[test]
fn json_provenance_of_a_tenant_run_holds_no_secret() {
    let home = Home::new();
    let mut cmd = home.cmd();
    cmd.env("CXONE_CLIENT_SECRET", SECRET)
        .env("CXONE_ACCESS_KEY_SECRET", SECRET)
        .args(["--sandbox", "demo", "-o", "json", "queue-health", "4201"]);
    let r = crate::common::run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = r.report();
    assert_eq!(report["tool"]["name"], "cxone-diag");
    assert_eq!(report["profile"], "sandbox:demo");
    let host = report["tenant"]["api_host"].as_str().unwrap();
    assert!(host.starts_with("127.0.0.1:"), "host and port only: {host}");
    assert!(chrono::DateTime::parse_from_rfc3339(report["generated_at"].as_str().unwrap()).is_ok());
    let meta = format!(
        "{}{}{}{}",
        report["tool"], report["profile"], report["tenant"], report["generated_at"]
    );
    for bad in [SECRET, "@", "token", "?"] {
        assert!(!meta.contains(bad), "{bad}: {meta}");
    }
}
