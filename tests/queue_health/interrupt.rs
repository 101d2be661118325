//! SIGTERM in the middle of a run: a partial report on stdout, a complete report file, exit 3.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::support::{Env, bin};

#[test]
fn sigterm_mid_run_gives_a_partial_report_and_exit_3() {
    // one request at a time and the assignments read skill by skill (GET /agents/skills is
    // refused): the whole run takes more than 10 s, so a signal at 3 s lands after the bulk lists and
    // some skills were read and long before the end, on fast and slow machines alike
    let env = Env::with_config("http: {concurrency: 1}\n");
    let file = env.config().with_file_name("report.json");
    let mut cmd = std::process::Command::new(bin());
    env.prepare(&mut cmd);
    cmd.arg("--config")
        .arg(env.config())
        // 200 skills, 50 ms per request
        .args([
            "--sandbox",
            "bench-200-per-skill",
            "queue-health",
            "--all",
            "--output",
            "json",
        ])
        .arg("--report")
        .arg(format!("json={}", file.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    std::thread::sleep(Duration::from_millis(3000));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("a whole JSON report on stdout");
    let subjects = report["subjects"].as_array().unwrap();
    let interrupted = subjects
        .iter()
        .filter(|s| {
            s["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["code"] == "run-interrupted")
        })
        .count();
    assert!(interrupted > 0, "unjudged skills say why: {report:#}");
    assert!(
        interrupted < subjects.len(),
        "what finished is still reported"
    );
    assert_eq!(report["status"], "error");
    // the report file is written whole (temporary file, then rename), never half
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["summary"], report["summary"]);
}
