//! Ctrl-C during a rehearsal: a partial report, exit 3, after ending what the run created.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{bin, isolate};
use crate::support::*;

#[test]
#[cfg(unix)] // sends a signal with kill(1)
fn ctrl_c_while_verifying_ends_the_created_contact_and_exits_3() {
    let home = Home::new();
    let mut cmd = Command::new(bin());
    let child = isolate(&mut cmd, home.path())
        .args([
            "--config",
            home.path().join("cxone-diag.yaml").to_str().unwrap(),
        ])
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--contact-id",
            "5823211",
            "--verify-timeout",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stops soon after Ctrl-C"
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let r = report(&out);
    let v = subject(&r, "verify");
    assert_eq!(v["facts"]["outcome"], "interrupted");
    let c = subject(&r, "cleanup");
    assert_eq!(
        c["facts"]["ended"], c["facts"]["created"],
        "cleaned up before exiting: {c:#}"
    );
    assert_eq!(c["facts"]["ended"].as_array().unwrap().len(), 1);
    assert_eq!(subject(&r, "interrupted")["kind"], "run");
}

/// Start `simulate-handoff ARGS -o json` with the home's config, without waiting for it.
fn spawn(home: &Home, args: &[&str]) -> std::process::Child {
    let mut cmd = Command::new(bin());
    isolate(&mut cmd, home.path())
        .args([
            "--config",
            home.path().join("cxone-diag.yaml").to_str().unwrap(),
        ])
        .args(["-o", "json", "simulate-handoff"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
#[cfg(unix)] // sends a signal with kill(1)
fn sigterm_during_a_slow_handover_ends_promptly_with_a_partial_report() {
    // The sandbox holds the signal for a minute; SIGTERM must not wait for it (nor for the
    // client's 15 s time limit per request).
    let home = Home::new();
    let started = std::time::Instant::now();
    let child = spawn(&home, &["--latency-ms", "60000"]);
    std::thread::sleep(Duration::from_millis(2000));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let signalled = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(
        signalled.elapsed() < Duration::from_secs(5),
        "ended {:?} after SIGTERM",
        signalled.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let r = report(&out);
    let h = subject(&r, "handover");
    assert!(
        h["label"].as_str().unwrap().ends_with("· interrupted"),
        "{h:#}"
    );
    assert!(
        h["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("interrupted by Ctrl-C or SIGTERM"),
        "{h:#}"
    );
    assert_eq!(subject(&r, "verify")["facts"]["outcome"], "interrupted");
    let c = subject(&r, "cleanup");
    assert_eq!(c["facts"]["ended"], c["facts"]["created"], "{c:#}");
    assert_eq!(subject(&r, "interrupted")["kind"], "run");
}

/// A rehearsal whose handover call takes a minute, under the config line `http`; it must end
/// within a few seconds whatever ends it.
fn slow_handover(http: &str) -> std::process::Output {
    let home = Home::new();
    home.config(&format!("token_cache: false\n{http}\n"));
    let started = std::time::Instant::now();
    let out = spawn(&home, &["--latency-ms", "60000"])
        .wait_with_output()
        .unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "the run took {took:?}");
    out
}

#[test]
fn a_slow_handover_ends_at_the_client_timeout_not_after_the_injected_latency() {
    let out = slow_handover("http: {timeout_s: 1}");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = report(&out);
    let h = subject(&r, "handover");
    assert_eq!(h["status"], "fail", "{h:#}");
    assert_eq!(h["findings"][0]["code"], "simulate-handover-failed");
    assert!(
        h["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("timed out"),
        "{h:#}"
    );
    assert_eq!(
        h["facts"]["attempts"], 1,
        "a POST that timed out is not resent"
    );
}

#[test]
fn the_run_time_limit_bounds_a_slow_handover() {
    let out = slow_handover("http: {run_timeout_s: 2}");
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let r = report(&out);
    assert_eq!(subject(&r, "handover")["status"], "error");
}
