//! `sandbox list` and `sandbox serve` through the built binary.

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::process::{Command as Std, Stdio};
use std::time::Duration;

use crate::common;

fn bin() -> Command {
    Command::new(common::bin())
}

#[test]
fn sandbox_list_prints_each_builtin_with_a_description() {
    for columns in ["60", "80", "200"] {
        let out = bin()
            .args(["sandbox", "list"])
            .env("COLUMNS", columns)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        let width: usize = columns.parse().unwrap();
        for line in text.lines() {
            assert!(
                line.chars().count() <= width,
                "over {width}: {line:?}\n{text}"
            );
        }
        // a scenario starts at column 0; its wrapped description continues indented
        let mut entries: Vec<String> = Vec::new();
        for line in text.lines() {
            match entries.last_mut() {
                Some(e) if line.starts_with(' ') => {
                    e.push(' ');
                    e.push_str(line.trim_start());
                }
                _ => entries.push(line.to_string()),
            }
        }
        assert_eq!(entries.len(), 4, "{text}");
        assert!(entries[0].starts_with("demo ") && entries[0].contains("broken skills"));
        assert!(entries[1].starts_with("bench-200 ") && entries[1].contains("800 agents"));
        assert!(entries[2].starts_with("bench-200-per-skill ") && entries[2].contains("403"));
        assert!(entries[3].starts_with("bench-digital ") && entries[3].contains("5,000"));
        assert!(
            entries[2].ends_with("(benchmark of the per-skill plan)"),
            "the description is whole: {text}"
        );
    }
}

#[test]
#[cfg(unix)] // sends a signal with kill(1)
fn sandbox_serve_answers_until_sigterm_and_exits_0() {
    let mut child = Std::new(common::bin())
        .args(["sandbox", "serve", "--scenario", "demo", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut base = String::new();
    out.read_line(&mut base).unwrap();
    let base = base.trim().to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let mut rest = String::new();
    for _ in 0..12 {
        out.read_line(&mut rest).unwrap();
    }
    assert!(rest.contains("fake sandbox values"), "{rest}");
    assert!(
        rest.contains(&format!("export CXONE_ISSUER={base}")),
        "{rest}"
    );

    let http = reqwest::blocking::Client::new();
    let r = http
        .get(format!("{base}/.well-known/openid-configuration"))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: serde_json::Value = r.json().unwrap();
    assert_eq!(body["issuer"], base.as_str());
    let token = http
        .post(format!("{base}/auth/token"))
        .basic_auth("sandbox-client", Some("sandbox-client-secret"))
        .form(&[
            ("grant_type", "password"),
            ("username", "SANDBOXKEYID"),
            ("password", "sandbox-access-key-secret"),
        ])
        .send()
        .unwrap();
    assert_eq!(token.status().as_u16(), 200);
    let seen: serde_json::Value = http
        .get(format!("{base}/_sandbox/requests"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(seen[1]["path"], "/auth/token");
    assert!(!seen.to_string().contains("sandbox-access-key-secret"));

    let status = Std::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    // Wait for the exit itself (an event), with a generous bound that fails with a message.
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let code = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("sandbox serve did not stop within 30 s of SIGTERM")
        .unwrap();
    assert_eq!(code.code(), Some(0));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut err).unwrap();
    assert!(
        err.contains("GET /.well-known/openid-configuration -> 200"),
        "{err}"
    );
    assert!(!err.contains("sandbox-access-key-secret"));
}

#[test]
fn port_in_use_is_exit_2() {
    let taken = cxone_diag::sandbox::Sandbox::start("demo", 0).unwrap();
    let port = taken.port().to_string();
    let out = bin()
        .args(["sandbox", "serve", "--port", &port])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("already in use"), "{text}");
}

#[test]
fn bad_scenario_file_is_exit_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, "skills:\n  - id: 1\n    name: x\n    nmae: y\n").unwrap();
    let out = bin()
        .args(["sandbox", "serve", "--scenario", path.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("bad.yaml") && text.contains("line 4") && text.contains("nmae"),
        "{text}"
    );
    bin()
        .args(["sandbox", "serve", "--scenario", "nope"])
        .assert()
        .code(2);
}
