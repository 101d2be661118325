//! SIGTERM in the middle of a run: a partial report on stdout, a complete report file, exit 3.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::support::{Env, bin};

/// How many per-skill reads the run must have made before the signal: enough that some skills
/// were judged, few enough (of 200) that most were not.
const READS_BEFORE_SIGNAL: usize = 3;

#[cfg(unix)]
#[test]
fn sigterm_mid_run_gives_a_partial_report_and_exit_3() {
    // one request at a time and the assignments read skill by skill (GET /agents/skills is
    // refused): the whole run takes more than 10 s. The signal is sent once the trace (-v) shows a
    // few per-skill reads, so it lands after the bulk lists and long before the end, on fast and
    // slow machines alike, without guessing a time
    let env = Env::with_config("http: {concurrency: 1}\n");
    let file = env.config().with_file_name("report.json");
    let mut cmd = std::process::Command::new(bin());
    env.prepare(&mut cmd);
    cmd.arg("--config")
        .arg(env.config())
        // 200 skills, 50 ms per request
        .args([
            "-v",
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
    let mut child = cmd.spawn().unwrap();
    // the trace lines, as they come, on a channel; all of stderr kept for the messages
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (lines, seen) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in stderr.lines().map_while(Result::ok) {
            all.push_str(&line);
            all.push('\n');
            let _ = lines.send(line);
        }
        all
    });
    let mut reads = 0;
    while reads < READS_BEFORE_SIGNAL {
        match seen.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if is_per_skill_read(&line) => reads += 1,
            Ok(_) => {}
            Err(e) => {
                let _ = child.kill();
                panic!("the run never reached its per-skill reads ({e})");
            }
        }
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stderr = reader.join().unwrap();
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

/// A trace line of one skill's own read (`/skills/{id}/...`), not a bulk list.
fn is_per_skill_read(line: &str) -> bool {
    line.split_once("/skills/").is_some_and(|(_, rest)| {
        rest.split('/')
            .next()
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    })
}
