//! Ctrl-C during a rehearsal: a partial report, exit 3, after ending what the run created.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{bin, isolate};
use crate::support::*;

#[test]
#[cfg(unix)] // sends a signal with kill(1)
fn ctrl_c_while_verifying_ends_the_created_contact_and_exits_3() {
    let home = Home::new();
    let mut child = Announced::spawn(
        &home,
        &["--contact-id", "5823211", "--verify-timeout", "60"],
    );
    // The run announces its steps at -v (its sandbox logs each request): the signal has been
    // answered, and verify's first poll has arrived.
    child.wait_line(|l| l.starts_with("sandbox: POST ") && l.contains("/signal -> 202"));
    child.wait_line(|l| l.starts_with("sandbox: GET ") && l.ends_with(" received"));
    child.signal("-INT");
    let out = child.end();
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
    spawn_with(home, &[], args)
}

fn spawn_with(home: &Home, global: &[&str], args: &[&str]) -> std::process::Child {
    let mut cmd = Command::new(bin());
    isolate(&mut cmd, home.path())
        .args([
            "--config",
            home.path().join("cxone-diag.yaml").to_str().unwrap(),
        ])
        .args(global)
        .args(["-o", "json", "simulate-handoff"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Long enough for any step to be reached on a loaded machine; a wait that runs out fails the
/// test with what the run printed.
const WAIT: Duration = Duration::from_secs(60);

/// A rehearsal at `-v` whose stderr lines are read as they come, so a test waits for the step it
/// needs (an event) instead of sleeping.
struct Announced {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Announced {
    fn spawn(home: &Home, args: &[&str]) -> Announced {
        let mut child = spawn_with(home, &["-v"], args);
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Announced {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Wait for the next stderr line that `what` accepts.
    fn wait_line(&mut self, what: impl Fn(&str) -> bool) {
        let until = Instant::now() + WAIT;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let hit = what(&line);
                    self.seen.push(line);
                    if hit {
                        return;
                    }
                }
                Err(_) => panic!(
                    "the awaited line never came; stderr so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    fn signal(&self, which: &str) {
        let status = Command::new("kill")
            .args([which, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Wait for the run to end; its output, stderr included.
    fn end(mut self) -> std::process::Output {
        let mut out = self.child.wait_with_output().unwrap();
        self.seen.extend(self.lines.iter());
        out.stderr = self.seen.join("\n").into_bytes();
        out
    }
}

#[test]
#[cfg(unix)] // sends a signal with kill(1)
fn sigterm_during_a_slow_handover_ends_promptly_with_a_partial_report() {
    // The sandbox holds the signal for a minute; SIGTERM must not wait for it (nor for the
    // client's 15 s time limit per request): the handover is cut short, not answered.
    let home = Home::new();
    let mut child = Announced::spawn(&home, &["--latency-ms", "60000"]);
    child.wait_line(|l| l.starts_with("sandbox: POST ") && l.ends_with("/signal received"));
    child.signal("-TERM");
    let out = child.end();
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

/// A rehearsal whose handover call takes a minute, under the config line `http`.
fn slow_handover(http: &str) -> std::process::Output {
    // No wall-clock bound: a run that waited the minute out would be answered, and the
    // verdicts below would fail.
    let home = Home::new();
    home.config(&format!("token_cache: false\n{http}\n"));
    spawn(&home, &["--latency-ms", "60000"])
        .wait_with_output()
        .unwrap()
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
