//! A running listener (the built binary on port 0, its port read from the start line), raw
//! HTTP requests, and an upstream fixture that records what it receives byte for byte.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::common;

/// The longest a test waits for an event before it fails (never a wait for a state).
const EVENT: Duration = Duration::from_secs(30);

/// A listener process.
pub struct Listener {
    child: Child,
    lines: Receiver<String>,
    /// Every stderr line read so far.
    pub stderr: Vec<String>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

/// How a listener ended.
pub struct Ended {
    /// Exit code.
    pub code: i32,
    /// Stdout (the report).
    pub stdout: String,
    /// Every stderr line.
    pub stderr: String,
}

impl Ended {
    /// The JSON report.
    pub fn report(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr:\n{}", self.stdout, self.stderr))
    }
}

impl Listener {
    /// Start `cxone-diag [global] listen --port 0 ARGS` in `home` with `env`, and wait for the
    /// start line.
    pub fn start(home: &common::Home, args: &[&str], env: &[(&str, &str)]) -> Listener {
        let mut cmd = Command::new(common::bin());
        common::isolate(&mut cmd, home.path()).env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .args(["listen", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let mut listener = Listener {
            child,
            lines,
            stderr: Vec::new(),
            base: String::new(),
            addr: String::new(),
        };
        let start = listener.wait_line(|l| l.starts_with("listening on http://"));
        let addr = start["listening on http://".len()..]
            .split_whitespace()
            .next()
            .expect("address")
            .to_string();
        listener.base = format!("http://{addr}");
        listener.addr = addr;
        listener
    }

    /// Wait for a stderr line matching `want` (the lines before it are kept too).
    pub fn wait_line(&mut self, want: impl Fn(&str) -> bool) -> String {
        loop {
            match self.lines.recv_timeout(EVENT) {
                Ok(line) => {
                    self.stderr.push(line.clone());
                    if want(&line) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "no such line on stderr; so far:\n{}",
                        self.stderr.join("\n")
                    )
                }
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the listener ended first; stderr:\n{}",
                    self.stderr.join("\n")
                ),
            }
        }
    }

    /// Send SIGTERM.
    #[cfg(unix)]
    pub fn terminate(&self) {
        let pid = i32::try_from(self.child.id()).expect("pid");
        // SAFETY: sending a signal to our own child process.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    }

    /// Wait for the process to end.
    pub fn end(mut self) -> Ended {
        let mut stdout = String::new();
        self.child
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut stdout)
            .expect("reads stdout");
        let status = self.child.wait().expect("waits");
        while let Ok(line) = self.lines.recv_timeout(EVENT) {
            self.stderr.push(line);
        }
        Ended {
            code: status.code().unwrap_or(-1),
            stdout,
            stderr: self.stderr.join("\n"),
        }
    }

    /// A blocking client (no redirects, no proxy).
    pub fn client() -> reqwest::blocking::Client {
        reqwest::blocking::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(EVENT)
            .build()
            .expect("client")
    }

    /// POST `body` to `path`; (status, body).
    pub fn post(&self, path: &str, body: impl Into<Vec<u8>>) -> (u16, String) {
        let response = Listener::client()
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.into())
            .send()
            .expect("answered");
        let status = response.status().as_u16();
        (status, response.text().expect("body"))
    }

    /// Write `raw` bytes on a new connection and read the answer until the server closes it or
    /// a whole response with `Content-Length` arrived.
    pub fn raw(&self, raw: &[u8]) -> String {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        stream.set_read_timeout(Some(EVENT)).expect("timeout");
        stream.write_all(raw).expect("writes");
        read_response(&mut stream)
    }
}

/// Read one HTTP response (head and a `content-length` body, or to the end).
pub fn read_response(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&got).to_string();
        if let Some(head_end) = text.find("\r\n\r\n") {
            let head = text[..head_end].to_ascii_lowercase();
            let status_100 = head.starts_with("http/1.1 100");
            if status_100 {
                // an interim answer: keep reading for the final one
            } else if let Some(len) = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                && got.len() >= head_end + 4 + len
            {
                return text;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&got).to_string(),
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// What the upstream fixture received.
#[derive(Debug, Clone)]
pub struct Received {
    /// Method.
    pub method: String,
    /// Path and query.
    pub url: String,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body, byte for byte.
    pub body: Vec<u8>,
}

/// An upstream service on 127.0.0.1 that records every request and answers 201 with a header
/// and a body of its own.
pub struct Upstream {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// What it received.
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Upstream {
    /// Start it.
    pub fn start() -> Upstream {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("binds");
        let base = format!("http://{}", server.server_addr());
        let received = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&received);
        std::thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let mut body = Vec::new();
                let _ = request.as_reader().read_to_end(&mut body);
                record.lock().unwrap().push(Received {
                    method: request.method().to_string(),
                    url: request.url().to_string(),
                    headers: request
                        .headers()
                        .iter()
                        .map(|h| {
                            (
                                h.field.as_str().as_str().to_ascii_lowercase(),
                                h.value.as_str().to_string(),
                            )
                        })
                        .collect(),
                    body,
                });
                let status = if request.url().contains("fail") {
                    500
                } else {
                    201
                };
                let answer =
                    tiny_http::Response::from_data(b"{\"upstream\": \"answer\"}\n".to_vec())
                        .with_status_code(status)
                        .with_header("X-Upstream: yes".parse::<tiny_http::Header>().unwrap())
                        .with_header(
                            "Content-Type: application/json"
                                .parse::<tiny_http::Header>()
                                .unwrap(),
                        );
                let _ = request.respond(answer);
            }
        });
        Upstream { base, received }
    }

    /// What it received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// A home with `cxone-diag.yaml` holding `config`.
pub fn home(config: &str) -> common::Home {
    common::Home::with_file("cxone-diag.yaml", config)
}

/// The routing table the tests use.
pub const ROUTING: &str = "rules:
  routing:
    billing_dispute: {skill: \"4242\"}
    vip_callback: {agent_entity: account_manager}
";

/// A file under `examples/payloads/`.
pub fn example(name: &str) -> Vec<u8> {
    std::fs::read(common::in_crate("examples/payloads").join(name)).expect("example")
}

/// A Cognigy signal that passes.
pub const SIGNAL: &[u8] = br#"{"p1": "Escalate", "p2": "[]", "contactId": "5823114"}"#;
