//! Ctrl-C during a rehearsal: a partial report, exit 3, after ending what the run created.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{bin, isolate};
use crate::support::*;

#[test]
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
