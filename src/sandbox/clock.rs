//! Time and events of a sandbox: a [`Clock`] that tests advance instead of sleeping (the
//! system clock plus an offset; `sandbox serve` never moves it), and an [`Events`] log of what
//! the sandbox did (a request received, a request served) that tests wait on.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};

/// The sandbox's time: the wall clock moved forward by what tests advanced it.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Milliseconds added to the wall clock.
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock (nothing added).
    pub fn system() -> Clock {
        Clock::default()
    }

    /// Now, as the sandbox sees it.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Now as a `SystemTime` (for HTTP dates).
    pub fn system_now(&self) -> SystemTime {
        let offset = self.offset_ms.load(Ordering::SeqCst);
        let d = Duration::from_millis(offset.unsigned_abs());
        if offset >= 0 {
            SystemTime::now() + d
        } else {
            SystemTime::now() - d
        }
    }

    /// Move the sandbox's time forward by `by`: routing delays, token lifetimes and injected
    /// latency that `by` covers are over at once.
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }
}

/// What happened in the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// A request arrived (before any injected latency).
    Received,
    /// A request was answered with this status.
    Served(u16),
}

/// One event: which request (its sequence number in [`crate::sandbox::Sandbox::received`]), its
/// method and path, and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The request's sequence number.
    pub seq: u64,
    /// `GET`, `POST`…
    pub method: String,
    /// The request path.
    pub path: String,
    /// What happened.
    pub kind: EventKind,
}

impl Event {
    /// True for a `Received` event of `method` on a path ending with `suffix`.
    pub fn received(&self, method: &str, suffix: &str) -> bool {
        self.kind == EventKind::Received && self.method == method && self.path.ends_with(suffix)
    }

    /// True for a `Served` event of `method` on a path ending with `suffix`.
    pub fn served(&self, method: &str, suffix: &str) -> bool {
        matches!(self.kind, EventKind::Served(_))
            && self.method == method
            && self.path.ends_with(suffix)
    }
}

/// Most events kept (the oldest are dropped; sequence numbers keep counting).
const MAX_EVENTS: usize = 10_000;

/// The event log, with a wait for the next matching event.
#[derive(Debug, Default)]
pub struct Events {
    log: Mutex<(u64, std::collections::VecDeque<(u64, Event)>)>,
    changed: Condvar,
    in_flight: Mutex<(usize, usize)>,
}

impl Events {
    /// Record `event`.
    pub fn emit(&self, event: Event) {
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        log.0 += 1;
        let n = log.0;
        if log.1.len() >= MAX_EVENTS {
            log.1.pop_front();
        }
        log.1.push_back((n, event));
        self.changed.notify_all();
    }

    /// Every event kept, oldest first.
    pub fn all(&self) -> Vec<Event> {
        let log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        log.1.iter().map(|(_, e)| e.clone()).collect()
    }

    /// Wait until `count` events match `what` (counting those already logged), at most
    /// `limit`; the matching events, or a message naming what was awaited and what happened.
    pub fn wait_for(
        &self,
        what: impl Fn(&Event) -> bool,
        count: usize,
        limit: Duration,
    ) -> Result<Vec<Event>, String> {
        let until = Instant::now() + limit;
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let hits: Vec<Event> = log
                .1
                .iter()
                .map(|(_, e)| e)
                .filter(|e| what(e))
                .cloned()
                .collect();
            if hits.len() >= count {
                return Ok(hits);
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let seen: Vec<String> = log
                    .1
                    .iter()
                    .rev()
                    .take(20)
                    .map(|(_, e)| format!("{:?} {} {}", e.kind, e.method, e.path))
                    .collect();
                return Err(format!(
                    "waited {limit:?} for {count} matching sandbox events, saw {}; latest events: {seen:?}",
                    hits.len()
                ));
            }
            log = self
                .changed
                .wait_timeout(log, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// A request started: the in-flight gauge goes up (and its peak with it).
    pub fn start(&self) {
        let mut g = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        g.0 += 1;
        g.1 = g.1.max(g.0);
    }

    /// A request ended.
    pub fn end(&self) {
        let mut g = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        g.0 = g.0.saturating_sub(1);
    }

    /// The most requests that were in flight at once.
    pub fn peak_in_flight(&self) -> usize {
        self.in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward() {
        let c = Clock::system();
        let before = c.now();
        c.advance(Duration::from_secs(3600));
        assert!(c.now() - before >= chrono::Duration::seconds(3600));
    }

    #[test]
    fn a_wait_ends_on_the_event_or_says_what_it_missed() {
        let e = Arc::new(Events::default());
        let ev = |kind| Event {
            seq: 1,
            method: "GET".into(),
            path: "/x".into(),
            kind,
        };
        let other = Arc::clone(&e);
        let t = std::thread::spawn(move || other.emit(ev(EventKind::Served(200))));
        let got = e
            .wait_for(|x| x.served("GET", "/x"), 1, Duration::from_secs(30))
            .unwrap();
        assert_eq!(got.len(), 1);
        t.join().unwrap();
        let err = e
            .wait_for(|x| x.received("POST", "/y"), 1, Duration::from_millis(1))
            .unwrap_err();
        assert!(err.contains("saw 0"), "{err}");
    }
}
