//! `sandbox serve` under hostile requests: a huge declared body, an endless header, a flood of
//! headers each close their own connection; the sandbox keeps serving others.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use cxone_diag::sandbox::Sandbox;

fn send(port: u16, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(bytes);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn healthy(port: u16) -> bool {
    send(
        port,
        b"GET /.well-known/openid-configuration HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .contains(" 200 OK")
}

#[test]
fn a_hostile_request_closes_its_own_connection_only() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let port = sb.port();
    let huge = send(
        port,
        b"POST /auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc",
    );
    assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
    assert!(healthy(port), "still serving after a huge Content-Length");
    let long = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "a".repeat(100_000));
    assert!(send(port, long.as_bytes()).starts_with("HTTP/1.1 431"));
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: 1\r\n".repeat(500));
    assert!(send(port, many.as_bytes()).starts_with("HTTP/1.1 431"));
    assert!(send(port, b"\x16\x03\x01 not http\r\n\r\n").starts_with("HTTP/1.1 400"));
    assert!(healthy(port), "still serving after every hostile request");
}
