//! `--forward-to`: the same method, path, query, headers (minus hop-by-hop) and a
//! byte-identical body upstream, the upstream's answer back unchanged, 502 when it is gone.

use std::io::Write;
use std::net::TcpStream;

use crate::common;
use crate::support::{Listener, ROUTING, SIGNAL, Upstream, home, read_response};

/// A listener forwarding to `to`, with a JSON report and `extra` flags.
fn forwarding(home: &common::Home, to: &str, extra: &[&str]) -> Listener {
    let mut args = vec!["--forward-to", to, "--output", "json"];
    args.extend_from_slice(extra);
    Listener::start(home, &args, &[])
}

#[test]
fn bodies_reach_the_upstream_byte_for_byte_and_its_answer_comes_back() {
    let upstream = Upstream::start();
    let home = home(ROUTING);
    let forward_to = format!("{}/router/", upstream.base);
    let mut listener = forwarding(&home, &forward_to, &["--max-requests", "4"]);
    let bodies: Vec<Vec<u8>> = vec![
        // odd whitespace, key order and escapes that a re-serialisation would change
        b"{ \"intent\" : {\"name\":\"billing_dispute\"},\n\t\"user\": {\"id\": \"u\\u0031\"},\"session\":{\"sessionId\":\"s\"} }\r\n".to_vec(),
        // invalid JSON and invalid UTF-8 are forwarded too, unchanged
        b"{\"p1\": \"Escalate\", \xff\xfe".to_vec(),
        "{\"text\": \"ação ✓\"}".as_bytes().to_vec(),
    ];
    let client = Listener::client();
    for (i, body) in bodies.iter().enumerate() {
        let answer = client
            .put(format!(
                "{}/webhook/cognigy?attempt={i}&x=%20y",
                listener.base
            ))
            .header("X-Trace-Id", format!("trace-{i}"))
            .header("Authorization", "Bearer forwarded-as-is")
            .header("Connection", "keep-alive, x-hop")
            .header("X-Hop", "connection-only")
            .body(body.clone())
            .send()
            .unwrap();
        assert_eq!(answer.status(), 201);
        assert_eq!(answer.headers()["x-upstream"], "yes");
        assert_eq!(answer.text().unwrap(), "{\"upstream\": \"answer\"}\n");
    }
    // a chunked body is forwarded whole, with its length
    let mut stream = TcpStream::connect(&listener.addr).unwrap();
    let mut raw =
        b"POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n".to_vec();
    for chunk in ["{\"p1\"", ": \"Escalate\",\"p2\"", ": \"[]\"}"] {
        raw.extend_from_slice(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes());
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    stream.write_all(&raw).unwrap();
    let answer = read_response(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let line = listener.wait_line(|l| l.contains("#4 "));
    assert!(line.contains("upstream 201 in"), "{line}");
    let ended = listener.end();

    let received = upstream.received();
    assert_eq!(received.len(), 4);
    for (i, body) in bodies.iter().enumerate() {
        let got = received
            .iter()
            .find(|r| r.url.contains(&format!("attempt={i}")))
            .expect("forwarded");
        assert_eq!(&got.body, body, "request {i}");
        assert_eq!(got.method, "PUT");
        assert_eq!(
            got.url,
            format!("/router/webhook/cognigy?attempt={i}&x=%20y")
        );
        let header = |name: &str| {
            got.headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(header("x-trace-id"), Some(format!("trace-{i}").as_str()));
        assert_eq!(header("authorization"), Some("Bearer forwarded-as-is"));
        assert_eq!(header("x-hop"), None, "named by Connection: hop-by-hop");
        assert_eq!(
            header("content-length"),
            Some(body.len().to_string().as_str())
        );
    }
    let chunked = received
        .iter()
        .find(|r| r.url == "/router/chunked")
        .unwrap();
    assert_eq!(chunked.body, b"{\"p1\": \"Escalate\",\"p2\": \"[]\"}");

    let report = ended.report();
    for s in report["subjects"].as_array().unwrap() {
        assert_eq!(s["facts"]["upstreamStatus"], 201, "{s}");
        assert!(s["facts"]["upstreamMs"].as_f64().is_some(), "{s}");
    }
    let invalid = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| common::codes(s) == ["payload-not-utf8"])
        .expect("the invalid body is judged too");
    assert_eq!(invalid["status"], "fail");
    assert_eq!(ended.code, 1);
}

#[test]
fn an_upstream_error_status_warns_and_passes_through() {
    let upstream = Upstream::start();
    let home = home(ROUTING);
    let listener = forwarding(&home, &upstream.base, &["--max-requests", "1"]);
    let body = std::fs::read(common::in_crate(
        "examples/payloads/cognigy-signal-escalate.json",
    ))
    .unwrap();
    let (status, text) = listener.post("/fail", body);
    assert_eq!(status, 500);
    assert_eq!(text, "{\"upstream\": \"answer\"}\n");
    let ended = listener.end();
    let report = ended.report();
    assert_eq!(
        common::codes(&report["subjects"][0]),
        ["listen-upstream-status"]
    );
    assert_eq!(ended.code, 0, "a warning");
}

#[test]
fn a_closed_upstream_gives_502_and_the_listener_keeps_going() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let home = home(ROUTING);
    let mut listener = forwarding(&home, &url, &["--max-requests", "2"]);
    for _ in 0..2 {
        let (status, body) = listener.post("/hook", SIGNAL.to_vec());
        assert_eq!(status, 502, "{body}");
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(
            error["error"]
                .as_str()
                .unwrap()
                .contains("could not forward"),
            "{body}"
        );
    }
    let line = listener.wait_line(|l| l.contains("#2 "));
    assert!(line.contains("upstream unreachable"), "{line}");
    let ended = listener.end();
    let report = ended.report();
    for s in report["subjects"].as_array().unwrap() {
        assert!(
            common::codes(s).contains(&"listen-upstream-unreachable".to_string()),
            "{s}"
        );
        assert_eq!(s["facts"]["status"], 502);
    }
    assert_eq!(ended.code, 1);
}

#[test]
fn a_body_over_max_body_gets_413_and_is_not_forwarded() {
    let upstream = Upstream::start();
    let home = home(ROUTING);
    let listener = forwarding(
        &home,
        &upstream.base,
        &["--max-body", "64", "--max-requests", "3"],
    );
    let big = format!("{{\"p1\": \"Escalate\", \"p2\": \"{}\"}}", "x".repeat(100));
    let (status, _) = listener.post("/hook", big.clone());
    assert_eq!(status, 413);
    // chunked, so the size is known only while reading
    let answer = listener.raw(
        format!(
            "POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{big}\r\n0\r\n\r\n",
            big.len()
        )
        .as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let (status, _) = listener.post("/hook", SIGNAL.to_vec());
    assert_eq!(status, 201);
    let ended = listener.end();
    assert_eq!(
        upstream.received().len(),
        1,
        "only the small body went upstream"
    );
    let report = ended.report();
    let too_large = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| common::codes(s) == ["payload-too-large"] && s["facts"]["status"] == 413)
        .count();
    assert_eq!(too_large, 2, "{report:#}");
}

#[test]
fn forwarding_never_goes_through_a_proxy_from_the_environment() {
    // a proxy named by the environment would receive every request, Authorization included,
    // and the service would not: the listener forwards straight to --forward-to
    let upstream = Upstream::start();
    let proxy = Upstream::start();
    let home = home(ROUTING);
    let listener = Listener::start(
        &home,
        &[
            "--forward-to",
            &upstream.base,
            "--output",
            "json",
            "--max-requests",
            "1",
        ],
        &[
            ("HTTP_PROXY", proxy.base.as_str()),
            ("http_proxy", proxy.base.as_str()),
            ("ALL_PROXY", proxy.base.as_str()),
        ],
    );
    let answer = Listener::client()
        .post(format!("{}/hook", listener.base))
        .header("Authorization", "Bearer not-for-a-proxy")
        .body(SIGNAL.to_vec())
        .send()
        .unwrap();
    assert_eq!(answer.status(), 201);
    let ended = listener.end();
    assert_eq!(ended.code, 0, "{}", ended.stderr);
    assert!(proxy.received().is_empty(), "{:?}", proxy.received());
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url, "/hook");
}

#[test]
fn a_head_answer_keeps_the_upstreams_content_length() {
    // a HEAD answer has no body, so its Content-Length is the upstream's, not the listener's
    let upstream = Upstream::start();
    let home = home(ROUTING);
    let mut listener = forwarding(&home, &upstream.base, &["--max-requests", "1"]);
    let answer = listener.raw(b"HEAD /hook HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    listener.wait_line(|l| l.contains("#1 "));
    let ended = listener.end();
    assert_eq!(upstream.received()[0].method, "HEAD");
    let head = answer.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 201"), "{answer}");
    let body_len = "{\"upstream\": \"answer\"}\n".len();
    assert!(
        head.contains(&format!("content-length: {body_len}\r\n")),
        "{answer}"
    );
    assert_eq!(ended.code, 0, "{}", ended.stderr);
}

#[test]
fn what_the_http_client_changes_on_the_way_is_a_warning() {
    // reqwest adds `Accept: */*` to a request without one and resolves dot segments in the
    // path: the upstream then sees a request the sender did not send, and the report says so
    let upstream = Upstream::start();
    let home = home(ROUTING);
    let mut listener = forwarding(&home, &upstream.base, &["--max-requests", "2"]);
    let sent = [
        "POST /a/%2e%2e/b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        "POST /same?q=1 HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    ];
    for raw in sent {
        let answer = listener.raw(raw.as_bytes());
        assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    }
    listener.wait_line(|l| l.contains("#2 "));
    let ended = listener.end();
    let received = upstream.received();
    let altered = received
        .iter()
        .find(|r| !r.url.starts_with("/same"))
        .unwrap();
    assert_eq!(altered.url, "/b");
    let report = ended.report();
    let subject = |id: &str| {
        report["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("{id}: {report:#}"))
            .clone()
    };
    let first = subject("#1 POST /a/%2e%2e/b");
    let finding = first["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "listen-forward-altered")
        .unwrap_or_else(|| panic!("{first:#}"));
    assert_eq!(finding["severity"], "warn");
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("Accept: */*"), "{message}");
    assert!(
        message.contains("/a/%2e%2e/b") && message.contains("as /b"),
        "{message}"
    );
    let second = subject("#2 POST /same");
    assert!(
        !common::codes(&second).contains(&"listen-forward-altered".to_string()),
        "{second:#}"
    );
}
