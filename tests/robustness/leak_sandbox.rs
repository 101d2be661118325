//! The leak test over every command at `-vv` against the leak scenario (`--sandbox FILE`): no
//! secret or token in any output or report file, and no customer data in bundles, in what a
//! bundle replays, or in audit logs.

use std::path::PathBuf;

use serde_json::Value;

use crate::leak::{Artifacts, Clean, fixture};
use crate::support::{Home, Run, check_report};

/// A home for leak runs: every run is `-vv` with a JSON and a JUnit report file.
struct Leaky {
    home: Home,
    artifacts: Artifacts,
    runs: usize,
}

impl Leaky {
    fn new() -> Leaky {
        Leaky {
            home: Home::new(),
            artifacts: Artifacts::default(),
            runs: 0,
        }
    }

    /// Run `cxone-diag -vv [--sandbox leak.yaml] -o OUTPUT ARGS --report json=… --report
    /// junit=…`; it must finish with the exit code `expect` (the scenario is fixed, so each
    /// verdict is known) and well-formed report files. stdout, stderr and the report files join
    /// the artifacts, clean as `clean` says.
    fn run(
        &mut self,
        sandbox: bool,
        output: &str,
        args: &[&str],
        clean: Clean,
        expect: i32,
    ) -> Run {
        self.runs += 1;
        let (json, junit) = (
            self.home.join(&format!("report-{}.json", self.runs)),
            self.home.join(&format!("report-{}.xml", self.runs)),
        );
        let mut cmd = self.home.cmd();
        cmd.arg("-vv");
        if sandbox {
            cmd.arg("--sandbox").arg(fixture("leak.yaml"));
        }
        cmd.args(["--output", output])
            .args(args)
            .arg("--report")
            .arg(format!("json={}", json.display()))
            .arg("--report")
            .arg(format!("junit={}", junit.display()));
        let run = Run::of(cmd, format!("{args:?}"));
        let code = run.checked_code().unwrap();
        assert_eq!(
            code,
            expect,
            "the run must give its verdict: {}",
            run.dump()
        );
        self.artifacts.run(&run, clean);
        let report: Value = serde_json::from_str(&self.artifacts.file(&json, clean)).unwrap();
        let command = report["command"].as_str().unwrap_or("").to_string();
        check_report(&report, &command).unwrap();
        let xml = self.artifacts.file(&junit, clean);
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
        run
    }

    fn path(&self, name: &str) -> PathBuf {
        self.home.join(name)
    }
}

/// A saved bundle: customer-clean, with the redaction counts it should have.
fn check_bundle(l: &mut Leaky, name: &str, counts: &[&str]) {
    let text = l
        .artifacts
        .file(&l.path(name), Clean::OfSecretsAndCustomerData);
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["schema"], "cxone-diag/bundle/v1");
    for key in counts {
        let n = bundle["redaction"]["counts"][key].as_u64().unwrap();
        assert!(n > 0, "{name} redacted no {key}: {}", bundle["redaction"]);
    }
}

#[test]
fn traces_and_reads_leak_no_secret_and_bundles_and_replays_no_customer_data() {
    let mut l = Leaky::new();
    let secrets = Clean::OfSecrets;
    l.run(true, "human", &["auth", "check"], secrets, 0);
    l.run(true, "json", &["queue-health", "--all"], secrets, 1);
    let payloads = fixture("payloads");
    l.run(
        false,
        "junit",
        &["validate-payload", payloads.to_str().unwrap()],
        secrets,
        0,
    );

    // (contact, output, what the -vv trace shows of its customer data, exit code)
    let contacts = [
        ("5823110", "human", "+49176235110", 0),
        ("5823114", "json", "+49176235110", 0),
        ("5823150", "junit", "Quaxley", 1),
        ("5823200", "json", "+49176235200", 0),
    ];
    for (id, output, shown, expect) in contacts {
        let bundle = format!("contact-{id}.json");
        let run = l.run(
            true,
            output,
            &[
                "--raw-bodies",
                "trace-conversation",
                id,
                "--save-bundle",
                &bundle,
            ],
            secrets,
            expect,
        );
        // With --raw-bodies the trace shows the raw answers (secrets redacted, customer data
        // as is), so the bundle had customer data to redact.
        assert!(run.stderr.contains(shown), "{}", run.dump());
        assert!(run.stderr.contains("Wilhelmina"), "{}", run.dump());
        check_bundle(
            &mut l,
            &bundle,
            &["phoneNumbersAndAddresses", "customerNames"],
        );
    }
    l.run(
        true,
        "json",
        &[
            "trace-conversation",
            "--recent",
            "--since",
            "2h",
            "--save-bundle",
            "recent.json",
        ],
        secrets,
        1,
    );
    check_bundle(&mut l, "recent.json", &["phoneNumbersAndAddresses"]);
    for (case, shown) in [("1042", "Ottoline"), ("1043", "Thaddeus")] {
        let bundle = format!("case-{case}.json");
        let run = l.run(
            true,
            "human",
            &[
                "--raw-bodies",
                "trace-conversation",
                "--digital",
                case,
                "--save-bundle",
                &bundle,
            ],
            secrets,
            0,
        );
        assert!(run.stderr.contains(shown), "{}", run.dump());
        check_bundle(&mut l, &bundle, &["customerNames", "messageText"]);
    }

    // A bundle's replay can only show what the bundle holds, and judges as the live read did.
    let bundles = [
        ("contact-5823110.json", 0),
        ("contact-5823114.json", 0),
        ("contact-5823150.json", 1),
        ("contact-5823200.json", 0),
        ("recent.json", 1),
        ("case-1042.json", 0),
        ("case-1043.json", 0),
    ];
    for (i, (bundle, expect)) in bundles.iter().enumerate() {
        let output = ["human", "json", "junit"][i % 3];
        l.run(
            false,
            output,
            &["trace-conversation", "--bundle", bundle],
            Clean::OfSecretsAndCustomerData,
            *expect,
        );
    }
    l.artifacts.assert_clean(&[]);
}

/// The keys docs/commands/simulate-handoff.md documents for an audit log line.
const AUDIT_KEYS: &[&str] = &[
    "ts",
    "runId",
    "mode",
    "via",
    "rehearsal",
    "step",
    "contactId",
    "outcome",
    "latencyMs",
];

/// An audit log: customer-clean, one JSON object per line with only the documented keys,
/// and a line for every step of the rehearsal.
fn check_audit_log(l: &mut Leaky, name: &str) {
    let text = l
        .artifacts
        .file(&l.path(name), Clean::OfSecretsAndCustomerData);
    let mut steps = Vec::new();
    for line in text.lines() {
        let entry: Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
        assert!(
            keys.iter().all(|k| AUDIT_KEYS.contains(&k.as_str())),
            "{name}: undocumented keys in {line}"
        );
        steps.push(entry["step"].as_str().unwrap().to_string());
    }
    for step in [
        "payload",
        "eligibility",
        "preflight",
        "handover",
        "fallback",
        "verify",
        "cleanup",
    ] {
        assert!(
            steps.iter().any(|s| s == step),
            "{name} has no {step} line: {text}"
        );
    }
}

#[test]
fn rehearsals_and_smoke_leak_no_secret_and_audit_logs_hold_no_customer_data() {
    let mut l = Leaky::new();
    let secrets = Clean::OfSecrets;
    let payload = |name: &str| fixture("payloads").join(name).display().to_string();
    let rehearsals = [
        ("signal", "signal-customer.json", "human"),
        ("work-item", "work-item-customer.json", "json"),
        ("digital", "dfo-customer.json", "junit"),
    ];
    for (via, file, output) in rehearsals {
        let log = format!("audit-{via}.log");
        let run = l.run(
            true,
            output,
            &[
                "--raw-bodies",
                "simulate-handoff",
                &payload(file),
                "--via",
                via,
                "--audit-log",
                &log,
                "--verify-timeout",
                "5",
            ],
            secrets,
            0,
        );
        // The handover request at -vv carries the payload, so the audit log had it at hand.
        assert!(run.stderr.contains("GRIFFIN-QUILL"), "{}", run.dump());
        check_audit_log(&mut l, &log);
    }
    l.run(
        true,
        "json",
        &[
            "simulate-handoff",
            &payload("signal-customer.json"),
            "--inject",
            "500",
            "--fallback-point-of-contact",
            "Callback WorkItem",
            "--audit-log",
            "audit-fallback.log",
            "--verify-timeout",
            "5",
        ],
        secrets,
        1,
    );
    check_audit_log(&mut l, "audit-fallback.log");
    let suite = fixture("leak-smoke.yaml");
    l.run(
        true,
        "human",
        &["smoke", suite.to_str().unwrap()],
        secrets,
        1,
    );
    l.artifacts.assert_clean(&[]);
}
