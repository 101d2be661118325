//! The sandbox's front door: a loopback listener that screens each connection before the
//! HTTP server sees it, so one hostile request closes its own connection and nothing else.
//!
//! Per connection it reads the request head with limits ([`MAX_HEAD`] bytes, [`MAX_HEADERS`]
//! lines, [`HEAD_TIMEOUT`] to arrive), refuses a declared body over the server's body cap
//! with 413 before a byte of it is read, and bounds the connections open at once
//! ([`MAX_CONNECTIONS`]; more are closed at once). An accepted request is relayed to the
//! inner server with `Connection: close`, one request per connection, its upload capped.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// Longest request head (request line and headers), in bytes.
pub const MAX_HEAD: usize = 32 * 1024;

/// Most header lines in one request.
pub const MAX_HEADERS: usize = 100;

/// Most connections served at once.
pub const MAX_CONNECTIONS: usize = 256;

/// How long a client may take to send its request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the inner HTTP server listens: a Unix socket in a private directory (unix), so that
/// nothing but the front door reaches it, else a loopback port.
#[derive(Debug, Clone)]
pub enum Inner {
    /// A loopback TCP address.
    Tcp(SocketAddr),
    /// A Unix socket path.
    #[cfg(unix)]
    Unix(std::path::PathBuf),
}

/// One connection to the inner server.
trait Pipe: Read + Write + Send {
    fn clone_pipe(&self) -> io::Result<Box<dyn Pipe>>;
    fn shutdown_write(&self);
}

impl Pipe for TcpStream {
    fn clone_pipe(&self) -> io::Result<Box<dyn Pipe>> {
        Ok(Box::new(self.try_clone()?))
    }
    fn shutdown_write(&self) {
        let _ = self.shutdown(Shutdown::Write);
    }
}

#[cfg(unix)]
impl Pipe for std::os::unix::net::UnixStream {
    fn clone_pipe(&self) -> io::Result<Box<dyn Pipe>> {
        Ok(Box::new(self.try_clone()?))
    }
    fn shutdown_write(&self) {
        let _ = self.shutdown(Shutdown::Write);
    }
}

impl Inner {
    fn connect(&self) -> io::Result<Box<dyn Pipe>> {
        match self {
            Inner::Tcp(addr) => Ok(Box::new(TcpStream::connect(addr)?)),
            #[cfg(unix)]
            Inner::Unix(path) => Ok(Box::new(std::os::unix::net::UnixStream::connect(path)?)),
        }
    }
}

/// The front door of one sandbox.
#[derive(Debug)]
pub struct Front {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Front {
    /// Listen on `127.0.0.1:port` and relay screened requests to `inner`; request bodies are
    /// capped at `max_body` bytes.
    pub fn start(port: u16, inner: Inner, max_body: u64) -> io::Result<Front> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let open = Arc::new(AtomicUsize::new(0));
        let stop = Arc::clone(&stopping);
        let accept = std::thread::Builder::new()
            .name("sandbox-front".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                        open.fetch_sub(1, Ordering::SeqCst);
                        let _ = stream.shutdown(Shutdown::Both);
                        continue;
                    }
                    let held = Arc::clone(&open);
                    let inner = inner.clone();
                    let spawned = std::thread::Builder::new()
                        .name("sandbox-conn".into())
                        .spawn(move || {
                            let _ = relay(stream, &inner, max_body);
                            held.fetch_sub(1, Ordering::SeqCst);
                        });
                    if spawned.is_err() {
                        open.fetch_sub(1, Ordering::SeqCst);
                    }
                }
            })?;
        Ok(Front {
            addr,
            stopping,
            accept: Some(accept),
        })
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }
}

impl Drop for Front {
    /// Stop accepting and close the listener (connections in hand finish on their own).
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // wake the accept loop so it sees the flag and drops the listener
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// Why a request head is refused.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// 400: not HTTP, or a Content-Length that is not one number.
    Bad,
    /// 413: the declared body is over the cap.
    TooLarge,
    /// 431: the head is too long or has too many headers.
    HeadTooLarge,
}

impl Refusal {
    fn reply(&self) -> &'static [u8] {
        match self {
            Refusal::Bad => b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 56\r\n\r\n{\"error\":\"InvalidRequest\",\"message\":\"Malformed request\"}",
            Refusal::TooLarge => b"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 77\r\n\r\n{\"error\":\"PayloadTooLarge\",\"message\":\"The request body is larger than 4 MiB\"}",
            Refusal::HeadTooLarge => b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 73\r\n\r\n{\"error\":\"HeadersTooLarge\",\"message\":\"The request headers are too large\"}",
        }
    }
}

/// Read one request head (up to the blank line) within the limits; the head as sent, with
/// `Connection: close` in place of any `Connection` header, ready to forward.
fn read_head(reader: &mut impl BufRead, max_body: u64) -> Result<Vec<u8>, Refusal> {
    let mut head = Vec::new();
    let mut lines = 0;
    let mut length: Option<u64> = None;
    loop {
        let mut line = Vec::new();
        let room = MAX_HEAD.saturating_sub(head.len()) as u64 + 1;
        let n = reader
            .by_ref()
            .take(room)
            .read_until(b'\n', &mut line)
            .map_err(|_| Refusal::Bad)?;
        if n == 0 {
            return Err(Refusal::Bad);
        }
        if head.len() + line.len() > MAX_HEAD || !line.ends_with(b"\n") {
            return Err(if line.ends_with(b"\n") || n as u64 >= room {
                Refusal::HeadTooLarge
            } else {
                Refusal::Bad
            });
        }
        let text = String::from_utf8_lossy(&line);
        let trimmed = text.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            if lines == 0 {
                continue; // tolerate a blank line before the request line
            }
            head.extend_from_slice(b"Connection: close\r\n\r\n");
            return match length {
                Some(n) if n > max_body => Err(Refusal::TooLarge),
                _ => Ok(head),
            };
        }
        lines += 1;
        if lines > MAX_HEADERS + 1 {
            return Err(Refusal::HeadTooLarge);
        }
        if lines == 1 {
            if trimmed.split(' ').count() != 3 {
                return Err(Refusal::Bad);
            }
        } else if let Some((name, value)) = trimmed.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("connection") {
                continue;
            }
            if name.eq_ignore_ascii_case("content-length") {
                let value = value.trim();
                let n: u64 = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
                    value.parse().unwrap_or(u64::MAX)
                } else {
                    return Err(Refusal::Bad);
                };
                if length.is_some_and(|l| l != n) {
                    return Err(Refusal::Bad);
                }
                length = Some(n);
            }
        } else {
            return Err(Refusal::Bad);
        }
        head.extend_from_slice(trimmed.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
}

/// Screen one connection and relay its first request to the inner server.
fn relay(client: TcpStream, inner: &Inner, max_body: u64) -> io::Result<()> {
    client.set_read_timeout(Some(HEAD_TIMEOUT))?;
    let mut reader = BufReader::with_capacity(8 * 1024, client.try_clone()?);
    let mut out = client.try_clone()?;
    let head = match read_head(&mut reader, max_body) {
        Ok(head) => head,
        Err(refusal) => {
            let _ = out.write_all(refusal.reply());
            let _ = out.flush();
            let _ = client.shutdown(Shutdown::Both);
            return Ok(());
        }
    };
    let mut upstream = inner.connect()?;
    upstream.write_all(&head)?;
    let mut down = upstream.clone_pipe()?;
    let mut back = client.try_clone()?;
    // the answer flows back while the body (if any) flows up
    let answer = std::thread::Builder::new()
        .name("sandbox-answer".into())
        .spawn(move || {
            let _ = io::copy(&mut down, &mut back);
            let _ = back.shutdown(Shutdown::Write);
        })?;
    // buffered bytes first, then the socket; the upload never exceeds the cap (plus chunk
    // framing), and a stalled upload ends at the read timeout
    let _ = io::copy(
        &mut reader.take(max_body.saturating_add(64 * 1024)),
        &mut upstream,
    );
    upstream.shutdown_write();
    let _ = answer.join();
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<String, Refusal> {
        read_head(&mut text.as_bytes(), 100).map(|h| String::from_utf8(h).unwrap())
    }

    #[test]
    fn a_good_head_is_forwarded_with_connection_close() {
        let h = head("GET /x HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\nrest").unwrap();
        assert_eq!(h, "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        let h = head("POST /x HTTP/1.1\r\nContent-Length: 100\r\n\r\n").unwrap();
        assert!(h.contains("Content-Length: 100"));
    }

    #[test]
    fn hostile_heads_are_refused() {
        let big = "POST /x HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n";
        assert_eq!(head(big), Err(Refusal::TooLarge));
        let huge = "POST /x HTTP/1.1\r\nContent-Length: 999999999999999999999999\r\n\r\n";
        assert_eq!(head(huge), Err(Refusal::TooLarge));
        let two = "POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
        assert_eq!(head(two), Err(Refusal::Bad));
        assert_eq!(
            head("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n"),
            Err(Refusal::Bad)
        );
        let long = format!("GET /x HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(head(&long), Err(Refusal::HeadTooLarge));
        let many = format!(
            "GET /x HTTP/1.1\r\n{}\r\n",
            "X: 1\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(head(&many), Err(Refusal::HeadTooLarge));
        assert_eq!(head("garbage\r\n\r\n"), Err(Refusal::Bad));
        assert_eq!(head("GET /x HTTP/1.1\r\nHost: a"), Err(Refusal::Bad));
    }
}
