//! `--audit-log FILE`: one JSON line per step, appended, with no secrets and no customer data.

use serde_json::Value;

use crate::support::*;

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn one_line_per_step_with_the_documented_fields_appended() {
    let home = Home::new();
    let log = home.path().join("audit.jsonl");
    std::fs::write(&log, "# kept\n").unwrap();
    let payload = fixture("signal-escalate.json");
    let out = home.simulate(&[
        "--audit-log",
        log.to_str().unwrap(),
        payload.to_str().unwrap(),
    ]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    let got = lines(&log);
    assert_eq!(got.len(), 7);
    let steps: Vec<&str> = got.iter().map(|l| l["step"].as_str().unwrap()).collect();
    assert_eq!(
        steps,
        [
            "payload",
            "eligibility",
            "preflight",
            "handover",
            "fallback",
            "verify",
            "cleanup"
        ]
    );
    let run_id = subject(&r, "payload")["facts"]["runId"].as_str().unwrap();
    for l in &got {
        let mut keys: Vec<&str> = l.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "contactId",
                "latencyMs",
                "mode",
                "outcome",
                "rehearsal",
                "runId",
                "step",
                "ts",
                "via"
            ]
        );
        assert_eq!(l["runId"], run_id);
        assert_eq!(l["mode"], "offline");
        assert_eq!(l["via"], "signal");
        assert!(l["ts"].as_str().unwrap().ends_with('Z'), "UTC: {l}");
        assert!(l["latencyMs"].is_u64());
    }
    assert_eq!(got[3]["outcome"], "pass");
    assert_eq!(got[3]["rehearsal"], 1);
    assert!(got[3]["contactId"].as_str().unwrap().parse::<u64>().is_ok());
    assert_eq!(got[4]["outcome"], "skipped");
    assert_eq!(got[0]["rehearsal"], Value::Null);

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.starts_with("# kept\n"), "appended, not replaced");
    for secret in [
        "sandbox-client-secret",
        "sandbox-access-key-secret",
        "Bearer",
        "+1555",
        "billing_dispute",
        "p2",
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} leaked into the audit log:\n{text}"
        );
    }

    let out = home.simulate(&["--audit-log", log.to_str().unwrap(), "--repeat", "2"]);
    assert_eq!(code(&out), 0);
    let got = lines(&log);
    assert_eq!(got.len(), 7 + 3 + 2 * 4);
    let second: Vec<&Value> = got[7..].iter().collect();
    assert!(second.iter().all(|l| l["runId"] != run_id), "a new run id");
    let rehearsals: Vec<u64> = second
        .iter()
        .filter_map(|l| l["rehearsal"].as_u64())
        .collect();
    assert_eq!(rehearsals.iter().filter(|n| **n == 2).count(), 4);
}

#[test]
fn a_stopped_run_logs_its_skipped_steps() {
    let home = Home::new();
    let log = home.path().join("audit.jsonl");
    let payload = fixture("ineligible-signal.json");
    let out = home.simulate(&[
        "--audit-log",
        log.to_str().unwrap(),
        payload.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1);
    let got = lines(&log);
    assert_eq!(got.len(), 7);
    assert_eq!(got[1]["outcome"], "fail");
    assert!(got[2..].iter().all(|l| l["outcome"] == "skipped"));
}

#[test]
fn an_audit_log_that_cannot_be_opened_stops_before_any_request() {
    let t = Tenant::start();
    let anything = t.anything();
    let home = Home::new();
    home.lab_profile(&t.base(), true, false, "");
    let out = home.simulate(&[
        "--live",
        "--yes",
        "--contact-id",
        "5823201",
        "--audit-log",
        home.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("is a directory"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    anything.assert_calls(0);
    let missing_dir = home.path().join("no/such/dir/audit.jsonl");
    let out = home.simulate(&["--audit-log", missing_dir.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot open the audit log"),
        "{}",
        stderr(&out)
    );
    // A pipe would block the open until a reader comes: refused, like a device.
    let fifo = home.path().join("audit.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let out = home.simulate(&["--audit-log", fifo.to_str().unwrap()]);
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("is not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn no_output_may_name_an_input() {
    let home = Home::new();
    let payload = home.write(
        "payload.json",
        &std::fs::read_to_string(fixture("signal-escalate.json")).unwrap(),
    );
    let before = std::fs::read_to_string(&payload).unwrap();
    let config = home.join("cxone-diag.yaml");
    let config_before = std::fs::read_to_string(&config).unwrap();
    let p = payload.to_str().unwrap();
    let junit = format!("junit={p}");
    for (args, says) in [
        (vec!["--audit-log", p, p], "--audit-log"),
        (
            vec!["--audit-log", config.to_str().unwrap(), p],
            "--audit-log",
        ),
        (vec![p], "--report junit="),
    ] {
        let mut cmd = home.cmd();
        if says.starts_with("--report") {
            cmd.args(["--report", &junit]);
        }
        let out = cmd
            .args(["-o", "json", "simulate-handoff"])
            .args(&args)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{args:?}: {err}");
        assert!(err.contains(says), "{err}");
        assert!(err.contains("input"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&payload).unwrap(),
            before,
            "{args:?}"
        );
        assert_eq!(std::fs::read_to_string(&config).unwrap(), config_before);
    }
}
