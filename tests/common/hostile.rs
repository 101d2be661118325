//! A small hostile HTTP server on 127.0.0.1 for driving the built binary: it answers from a
//! closure that sees each request, so a test can echo the request's `Authorization` into a
//! body or an error description, send an endless or oversized body, absurd headers, or a
//! discovery document that points elsewhere.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One request as the server read it.
#[derive(Debug, Clone, Default)]
pub struct Req {
    /// `GET`, `POST`.
    pub method: String,
    /// Path with query.
    pub path: String,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// Body (up to 1 MiB).
    pub body: String,
}

impl Req {
    /// The value of header `name` (lower-case), or "".
    pub fn header(&self, name: &str) -> String {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The `Authorization` value without its scheme (`Bearer x` → `x`, `Basic y` → `y`).
    pub fn credential(&self) -> String {
        let auth = self.header("authorization");
        auth.split_once(' ')
            .map_or(auth.clone(), |(_, v)| v.to_string())
    }
}

/// How the body is sent.
#[derive(Debug, Clone)]
pub enum Body {
    /// These bytes, with a matching `Content-Length`.
    Bytes(Vec<u8>),
    /// `Content-Length` claims this many bytes and the server sends them forever-ish (until the
    /// client closes).
    Huge(u64),
    /// Chunked, never ending (until the client closes).
    Endless,
}

/// One answer.
#[derive(Debug, Clone)]
pub struct Resp {
    /// Status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Body,
}

impl Resp {
    /// A JSON answer.
    pub fn json(status: u16, body: serde_json::Value) -> Resp {
        Resp {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Body::Bytes(body.to_string().into_bytes()),
        }
    }

    /// The same answer with one more header.
    pub fn with(mut self, name: &str, value: &str) -> Resp {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Req) -> Resp + Send + Sync;

/// The running server; it stops when dropped (its thread ends with the test process).
pub struct Hostile {
    port: u16,
    hits: Arc<AtomicUsize>,
    log: Arc<Mutex<Vec<Req>>>,
}

impl Hostile {
    /// Start serving `handler` on a free loopback port.
    pub fn start(handler: impl Fn(&Req) -> Resp + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let (h, l) = (hits.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, hits, log) = (handler.clone(), h.clone(), l.clone());
                std::thread::spawn(move || serve(stream, &*handler, &hits, &log));
            }
        });
        Hostile { port, hits, log }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Requests answered so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Req> {
        self.log.lock().unwrap().clone()
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Req> {
    let mut line = String::new();
    reader.read_line(&mut line).ok().filter(|n| *n > 0)?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok().filter(|n| *n > 0)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    Some(Req {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn serve(stream: TcpStream, handler: &Handler, hits: &AtomicUsize, log: &Mutex<Vec<Req>>) {
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut out = write_half;
    while let Some(req) = read_request(&mut reader) {
        hits.fetch_add(1, Ordering::SeqCst);
        log.lock().unwrap().push(req.clone());
        let resp = handler(&req);
        let mut head = format!("HTTP/1.1 {} X\r\n", resp.status);
        for (k, v) in &resp.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        let chunk = vec![b'x'; 64 * 1024];
        let ok = match &resp.body {
            Body::Bytes(b) => {
                head.push_str(&format!("Content-Length: {}\r\n\r\n", b.len()));
                out.write_all(head.as_bytes())
                    .and_then(|()| out.write_all(b))
                    .is_ok()
            }
            Body::Huge(n) => {
                head.push_str(&format!("Content-Length: {n}\r\n\r\n"));
                if out.write_all(head.as_bytes()).is_ok() {
                    while out.write_all(&chunk).is_ok() {}
                }
                false
            }
            Body::Endless => {
                head.push_str("Transfer-Encoding: chunked\r\n\r\n");
                if out.write_all(head.as_bytes()).is_ok() {
                    let frame =
                        [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                    while out.write_all(&frame).is_ok() {}
                }
                false
            }
        };
        if !ok {
            return;
        }
    }
}
