//! Bad input gets a clear answer and, where a payload was expected, a subject; the listener
//! never stops on it.

use std::io::Write;
use std::net::TcpStream;

use crate::common;
use crate::support::{Listener, ROUTING, SIGNAL, home, read_response};

fn post(body: &[u8]) -> Vec<u8> {
    let mut raw = format!(
        "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(body);
    raw
}

#[test]
fn each_bad_request_gets_a_clear_answer_and_a_subject() {
    let home = home(ROUTING);
    let mut listener = Listener::start(&home, &["--max-requests", "8", "--output", "json"], &[]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not JSON", post(b"hello"), "HTTP/1.1 400"),
        ("invalid UTF-8", post(b"{\"p1\": \"Esc\xe9\"}"), "HTTP/1.1 400"),
        ("empty", post(b""), "HTTP/1.1 400"),
        (
            "GET with a body",
            b"GET /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}".to_vec(),
            "HTTP/1.1 400",
        ),
        (
            "chunked",
            [
                format!(
                    "POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n",
                    SIGNAL.len()
                )
                .as_bytes(),
                SIGNAL,
                b"\r\n0\r\n\r\n",
            ]
            .concat(),
            "HTTP/1.1 200",
        ),
        (
            "Expect: 100-continue",
            [
                format!(
                    "POST /hook HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
                    SIGNAL.len()
                )
                .as_bytes(),
                SIGNAL,
            ]
            .concat(),
            "HTTP/1.1 100 Continue",
        ),
        (
            "Expect: 100-continue over --max-body",
            b"POST /hook HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n".to_vec(),
            "HTTP/1.1 413",
        ),
    ];
    for (what, raw, want) in &cases {
        let answer = listener.raw(raw);
        assert!(answer.starts_with(want), "{what}: {answer}");
        if *what == "Expect: 100-continue" {
            assert!(answer.contains("HTTP/1.1 200"), "{what}: {answer}");
        }
    }
    // a head over the limit: 431 from the server, and the connection closes
    let huge = format!(
        "POST /hook HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nContent-Length: 2\r\n\r\n{{}}",
        "a".repeat(64 * 1024)
    );
    let answer = listener.raw(huge.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    listener.wait_line(|l| l.contains("closed: 431"));
    // still listening
    let (status, _) = listener.post("/hook", SIGNAL.to_vec());
    assert_eq!(status, 200);
    let ended = listener.end();
    let report = ended.report();
    let subjects = report["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 8);
    let codes: Vec<Vec<String>> = subjects.iter().map(common::codes).collect();
    for want in [
        "payload-syntax",
        "payload-not-utf8",
        "payload-empty",
        "listen-get-with-body",
        "payload-too-large",
    ] {
        assert!(
            codes.iter().any(|c| c == &[want.to_string()]),
            "{want} in {codes:?}"
        );
    }
    assert_eq!(ended.code, 1);
}

#[test]
fn a_thousand_idle_connections_do_not_lock_anyone_out() {
    let home = home(ROUTING);
    let listener = Listener::start(
        &home,
        &[
            "--max-requests",
            "1",
            "--max-connections",
            "64",
            "--output",
            "json",
        ],
        &[],
    );
    let idle: Vec<TcpStream> = (0..1000)
        .map(|_| TcpStream::connect(&listener.addr).expect("connects"))
        .collect();
    // a slow client that sent half a head holds no more than an idle one
    let mut slow = TcpStream::connect(&listener.addr).unwrap();
    slow.write_all(b"POST /hook HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let (status, body) = listener.post("/hook", SIGNAL.to_vec());
    assert_eq!(status, 200, "{body}");
    let ended = listener.end();
    assert_eq!(ended.code, 0);
    assert_eq!(ended.report()["subjects"].as_array().unwrap().len(), 1);
    drop(idle);
}

#[test]
fn keep_alive_serves_many_requests_on_one_connection() {
    let home = home(ROUTING);
    let listener = Listener::start(&home, &["--max-requests", "3", "--output", "json"], &[]);
    let mut stream = TcpStream::connect(&listener.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    for _ in 0..3 {
        stream.write_all(&post(SIGNAL)).unwrap();
        let answer = read_response(&mut stream);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    assert_eq!(listener.end().code, 0);
}

#[test]
fn a_client_that_stops_mid_body_gets_400_and_a_subject() {
    let home = home(ROUTING);
    let listener = Listener::start(&home, &["--max-requests", "1", "--output", "json"], &[]);
    let mut stream = TcpStream::connect(&listener.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(b"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"p1\": \"Esc")
        .unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let answer = read_response(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let ended = listener.end();
    let report = ended.report();
    assert_eq!(
        common::codes(&report["subjects"][0]),
        ["listen-body-incomplete"]
    );
    assert_eq!(ended.code, 1);
}

#[test]
fn payload_text_on_the_live_line_cannot_forge_terminal_output() {
    // the route and the guest are shown from the payload: control characters in them would
    // move the cursor, clear the screen or start a forged live line
    let home = home(ROUTING);
    let mut listener = Listener::start(&home, &["--max-requests", "3", "--output", "json"], &[]);
    let forged = "\\u001b[2J\\n12:00:00.000 #9 POST /fake cognigy-webhook PASS";
    let webhook = format!(
        r#"{{"intent":{{"name":"refund{forged}"}},"user":{{"id":"u"}},"session":{{"sessionId":"s"}}}}"#
    );
    assert_eq!(listener.post("/webhook/cognigy", webhook).0, 422);
    let agent = format!(
        r#"{{"intent":{{"name":"vip_callback"}},"user":{{"id":"u"}},"session":{{"sessionId":"s"}},"entities":[{{"name":"account_manager","value":"ana{forged}"}}]}}"#
    );
    assert_eq!(listener.post("/webhook/cognigy", agent).0, 200);
    let guest = format!(
        r#"{{"channel":"webMessaging\u009b2J","attributes":{{"language_preference":"en{forged}","dtmf_sequence":"1\u0007"}}}}"#
    );
    assert_eq!(listener.post("/guest-session", guest).0, 422);
    listener.wait_line(|l| l.contains(" #3 "));
    let ended = listener.end();
    assert!(
        !ended.stderr.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{:?}",
        ended.stderr
    );
    assert!(
        !ended.stderr.lines().any(|l| l.starts_with("12:00:00.000")),
        "a forged line: {}",
        ended.stderr
    );
    let first = ended.stderr.lines().find(|l| l.contains(" #1 ")).unwrap();
    assert!(first.contains("refund\\u{1b}[2J\\n12:00:00.000"), "{first}");
}
