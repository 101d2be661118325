//! How a listener starts and ends: the start line, `--max-requests`, `--duration`, SIGTERM as
//! a normal end, `--fail-on warn`, report files, and usage errors.

use crate::common;
use crate::support::{Listener, ROUTING, example, home};

#[test]
fn max_requests_ends_with_the_report_and_the_exit_code() {
    let home = home(ROUTING);
    let junit = home.join("listen.xml");
    let listener = Listener::start(
        &home,
        &[
            "--max-requests",
            "2",
            "--output",
            "json",
            "--report",
            &format!("junit={}", junit.display()),
        ],
        &[],
    );
    assert!(listener.base.starts_with("http://127.0.0.1:"));
    for _ in 0..2 {
        let (status, _) = listener.post("/signal", example("cognigy-signal-escalate.json"));
        assert_eq!(status, 200);
    }
    let ended = listener.end();
    assert_eq!(ended.code, 0, "{}", ended.stderr);
    let report = ended.report();
    assert_eq!(report["command"], "listen");
    assert_eq!(report["summary"]["pass"], 2);
    let ids: Vec<&str> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, ["#1 POST /signal", "#2 POST /signal"]);
    let subject = &report["subjects"][0];
    assert_eq!(subject["facts"]["kind"], "cognigy-signal");
    assert_eq!(subject["facts"]["status"], 200);
    assert!(subject["facts"]["latencyMs"].as_f64().is_some());
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("tests=\"2\""), "{xml}");
}

#[test]
fn a_warning_fails_the_run_with_fail_on_warn() {
    let home = home("");
    let listener = Listener::start(
        &home,
        &[
            "--max-requests",
            "1",
            "--fail-on",
            "warn",
            "--output",
            "json",
        ],
        &[],
    );
    let (status, _) = listener.post("/", example("cognigy-webhook-handover.json"));
    assert_eq!(status, 200, "a warning still answers 200");
    assert_eq!(listener.end().code, 1);
}

#[test]
#[cfg(unix)] // sends a signal with kill(2)
fn sigterm_is_the_normal_end() {
    let home = home(ROUTING);
    let mut listener = Listener::start(&home, &["--output", "json"], &[]);
    let (status, _) = listener.post("/", example("cognigy-signal-escalate.json"));
    assert_eq!(status, 200);
    listener.wait_line(|l| l.contains("#1 POST / cognigy-signal PASS"));
    listener.terminate();
    let ended = listener.end();
    assert_eq!(ended.code, 0, "{}", ended.stderr);
    let report = ended.report();
    assert_eq!(report["subjects"].as_array().unwrap().len(), 1);
    assert!(!ended.stdout.contains("run-interrupted"));
    assert!(
        ended
            .stderr
            .contains("stopped (Ctrl-C / SIGTERM) after 1 request")
    );
}

#[test]
fn duration_ends_an_idle_listener() {
    let home = home(ROUTING);
    let listener = Listener::start(&home, &["--duration", "1s", "--output", "json"], &[]);
    let ended = listener.end();
    assert_eq!(ended.code, 0);
    assert_eq!(ended.report()["summary"]["pass"], 0);
}

#[test]
fn bad_flags_are_usage_errors() {
    let home = home("");
    for args in [
        &["--forward-to", "http://user:pw@127.0.0.1:9"][..],
        &["--forward-to", "ftp://127.0.0.1"],
        &["--kind", "cognigy-webhok"],
        &["--duration", "10"],
        &["--max-body", "0"],
        &["--save-headers"],
    ] {
        let out = common::isolated(home.path())
            .args(["listen", "--port", "0"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("pw@"),
            "{args:?}"
        );
    }
}

#[test]
#[cfg(unix)] // sends a signal with kill(2)
fn a_body_still_arriving_at_sigterm_becomes_a_subject_and_gets_an_answer() {
    use std::io::{Read, Write};
    let home = home(ROUTING);
    let listener = Listener::start(&home, &["--output", "json"], &[]);
    let mut stream = std::net::TcpStream::connect(&listener.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(
            b"POST /hook HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n",
        )
        .unwrap();
    // 100 Continue: the listener is reading this request's body
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).unwrap();
    assert!(interim.starts_with(b"HTTP/1.1 100 Continue"), "{interim:?}");
    stream.write_all(b"{\"p1\"").unwrap();
    listener.terminate();
    let answer = crate::support::read_response(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    let ended = listener.end();
    assert_eq!(ended.code, 1, "{}", ended.stderr);
    let report = ended.report();
    let subjects = report["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 1, "{report:#}");
    assert_eq!(subjects[0]["id"], "#1 POST /hook");
    assert_eq!(common::codes(&subjects[0]), ["listen-body-incomplete"]);
    assert!(ended.stderr.contains("after 1 request"), "{}", ended.stderr);
}

#[test]
#[cfg(unix)] // sends a signal with kill(2)
fn a_forward_still_waiting_at_sigterm_gets_502_and_a_subject() {
    use std::io::Read;
    // an upstream that reads the request and never answers
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let to = format!("http://{}", silent.local_addr().unwrap());
    let (arrived, got) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut conn, _) = silent.accept().unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 1024];
        while !seen.ends_with(b"{}") {
            let n = conn.read(&mut buf).unwrap();
            assert!(n > 0, "the listener hung up");
            seen.extend_from_slice(&buf[..n]);
        }
        arrived.send(()).unwrap();
        // hold the connection open without answering until the test ends
        let _ = conn.read(&mut buf);
    });
    let home = home(ROUTING);
    let listener = Listener::start(&home, &["--forward-to", &to, "--output", "json"], &[]);
    let addr = listener.addr.clone();
    let caller = std::thread::spawn(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        std::io::Write::write_all(
            &mut stream,
            b"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
        )
        .unwrap();
        crate::support::read_response(&mut stream)
    });
    got.recv_timeout(std::time::Duration::from_secs(30))
        .expect("the request reached the upstream");
    listener.terminate();
    let answer = caller.join().unwrap();
    assert!(answer.starts_with("HTTP/1.1 502"), "{answer}");
    assert!(answer.contains("the listener stopped"), "{answer}");
    let ended = listener.end();
    assert_eq!(ended.code, 1, "{}", ended.stderr);
    let report = ended.report();
    let subjects = report["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 1, "{report:#}");
    assert!(
        common::codes(&subjects[0]).contains(&"listen-upstream-unreachable".to_string()),
        "{report:#}"
    );
}
