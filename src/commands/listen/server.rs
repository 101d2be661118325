//! The HTTP/1.1 server (hyper on a tokio runtime): keep-alive, bounded connections (the
//! longest-idle one is closed when a new one needs its place), header size and count limits,
//! a header read timeout that also ends idle keep-alive connections, and a graceful stop.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use super::handle::{self, Shared};

/// Time for the head of a request to arrive, and for an idle keep-alive connection to send
/// its next one.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);
/// Largest request head (request line and headers); a larger one gets 431.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;
/// Most headers in a request; more get 431.
pub const MAX_HEADERS: usize = 100;
/// Time in-flight requests get to finish when the listener stops.
const GRACE: Duration = Duration::from_secs(5);

/// One open connection.
struct Slot {
    /// Requests being handled on it.
    in_flight: AtomicUsize,
    /// When it last became idle (milliseconds since the server started).
    idle_since: AtomicU64,
    /// Told to close (it was the longest idle when a new connection needed its place).
    close: Notify,
}

/// The open connections.
struct Conns {
    started: Instant,
    max: usize,
    next: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Slot>>>,
}

impl Conns {
    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// A slot for a new connection, closing the longest-idle one when all are taken; `None`
    /// when every connection has a request in flight.
    fn admit(&self) -> Option<(u64, Arc<Slot>)> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= self.max {
            let idlest = open
                .iter()
                .filter(|(_, s)| s.in_flight.load(Ordering::SeqCst) == 0)
                .min_by_key(|(_, s)| s.idle_since.load(Ordering::SeqCst))
                .map(|(id, _)| *id)?;
            if let Some(slot) = open.remove(&idlest) {
                slot.close.notify_one();
            }
        }
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let slot = Arc::new(Slot {
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(self.now()),
            close: Notify::new(),
        });
        open.insert(id, Arc::clone(&slot));
        Some((id, slot))
    }

    fn remove(&self, id: u64) {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
    }
}

/// Serve on `listener` until `stop` turns true, then let in-flight requests finish.
pub async fn serve(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let conns = Arc::new(Conns {
        started: Instant::now(),
        max: shared.options.max_connections,
        next: AtomicU64::new(0),
        open: Mutex::new(HashMap::new()),
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_HEAD_BYTES)
        .max_buf_size(2 * MAX_HEAD_BYTES)
        .keep_alive(true);
    let builder = Arc::new(builder);
    let mut tasks = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopped(&mut stop) => break,
        };
        // reap finished connection tasks so the set stays small
        while tasks.try_join_next().is_some() {}
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // e.g. too many open files: wait a little instead of spinning
                crate::scrubbed_eprintln!("warning: could not accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let Some((id, slot)) = conns.admit() else {
            tasks.spawn(refuse_busy(stream));
            continue;
        };
        let shared = Arc::clone(&shared);
        let conns = Arc::clone(&conns);
        let builder = Arc::clone(&builder);
        let mut stop = stop.clone();
        tasks.spawn(async move {
            let service_slot = Arc::clone(&slot);
            let service_conns = Arc::clone(&conns);
            let service = service_fn(move |request| {
                let shared = Arc::clone(&shared);
                let slot = Arc::clone(&service_slot);
                let conns = Arc::clone(&service_conns);
                async move {
                    slot.in_flight.fetch_add(1, Ordering::SeqCst);
                    let answer = handle::handle(request, shared).await;
                    slot.idle_since.store(conns.now(), Ordering::SeqCst);
                    slot.in_flight.fetch_sub(1, Ordering::SeqCst);
                    Ok::<_, std::convert::Infallible>(answer)
                }
            });
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            let result = tokio::select! {
                result = conn.as_mut() => result,
                _ = slot.close.notified() => {
                    conn.as_mut().graceful_shutdown();
                    tokio::time::timeout(GRACE, conn.as_mut()).await.unwrap_or(Ok(()))
                }
                _ = stopped(&mut stop) => {
                    conn.as_mut().graceful_shutdown();
                    tokio::time::timeout(GRACE, conn.as_mut()).await.unwrap_or(Ok(()))
                }
            };
            if let Err(e) = result
                && let Some(why) = connection_problem(&e)
            {
                crate::scrubbed_eprintln!("{} connection from {peer} closed: {why}", clock());
            }
            conns.remove(id);
        });
    }
    // stop accepting, then give open connections their grace to finish
    drop(listener);
    let deadline = tokio::time::sleep(GRACE + Duration::from_secs(1));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            next = tasks.join_next() => if next.is_none() { break },
            _ = &mut deadline => { tasks.abort_all(); break; }
        }
    }
}

/// Wait until `stop` turns true (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// What to say about a connection hyper closed on an error; `None` for ordinary ends.
fn connection_problem(e: &hyper::Error) -> Option<String> {
    if e.is_parse_too_large() {
        Some(format!(
            "431, the request head is over {MAX_HEAD_BYTES} bytes or {MAX_HEADERS} headers"
        ))
    } else if e.is_parse() {
        Some(format!("400, not a valid HTTP/1.1 request ({e})"))
    } else {
        // timeouts end idle keep-alive connections too: not worth a line
        None
    }
}

/// Every connection is busy: answer 503 and close.
async fn refuse_busy(mut stream: TcpStream) {
    let body = r#"{"error":"the listener has --max-connections requests in flight; try again"}"#;
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\nretry-after: 1\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

/// The wall-clock time for log lines.
pub fn clock() -> String {
    chrono::Utc::now().format("%H:%M:%S%.3f").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conns(max: usize) -> Conns {
        Conns {
            started: Instant::now(),
            max,
            next: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
        }
    }

    #[test]
    fn a_new_connection_closes_the_longest_idle_one() {
        let conns = conns(2);
        let (a, slot_a) = conns.admit().unwrap();
        let (_, slot_b) = conns.admit().unwrap();
        slot_a.idle_since.store(5, Ordering::SeqCst);
        slot_b.idle_since.store(9, Ordering::SeqCst);
        let (_, _slot_c) = conns.admit().expect("a place is made");
        let open = conns.open.lock().unwrap();
        assert_eq!(open.len(), 2);
        assert!(!open.contains_key(&a), "the idlest was closed");
        drop(open);
        // the closed connection was told (a stored permit wakes it at once)
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(5), slot_a.close.notified())
                .await
                .expect("notified");
        });
    }

    #[test]
    fn when_every_connection_is_busy_none_is_closed() {
        let conns = conns(2);
        let (_, a) = conns.admit().unwrap();
        let (_, b) = conns.admit().unwrap();
        a.in_flight.store(1, Ordering::SeqCst);
        b.in_flight.store(1, Ordering::SeqCst);
        assert!(conns.admit().is_none(), "503 instead");
        b.in_flight.store(0, Ordering::SeqCst);
        assert!(conns.admit().is_some());
    }
}
