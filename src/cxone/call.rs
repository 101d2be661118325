//! [`Call`]: a call's decoded value with how it went (status, attempts, time, requests), and
//! [`Attempt`]: one try of one request, so reports can list every attempt with its status and latency.

use std::ops::Deref;

/// One attempt of one request: what came back, how long it took, and how long the client
/// waited before the next attempt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attempt {
    /// HTTP status, when the server answered.
    pub status: Option<u16>,
    /// Milliseconds from sending the request to the end of the answer (or of the error).
    pub latency_ms: u64,
    /// What went wrong when no status came back (connection refused, timed out), in plain words.
    pub error: Option<String>,
    /// The server's `Retry-After`, in milliseconds, when it sent one that parses.
    pub retry_after_ms: Option<u64>,
    /// Milliseconds waited before the next attempt; `None` after the last one.
    pub waited_ms: Option<u64>,
}

/// A call's value with how it went: status, attempts and time, so reports can show them.
#[derive(Debug, Clone, PartialEq)]
pub struct Call<T> {
    /// The decoded answer.
    pub value: T,
    /// HTTP status of the (last) answer; 0 when no request was needed.
    pub http_status: u16,
    /// Attempts over every request of the call (retries included).
    pub attempts: u32,
    /// Milliseconds over every request of the call.
    pub elapsed_ms: u64,
    /// HTTP requests made (pages, a 401 refresh retry).
    pub requests: u32,
    /// Every attempt of every request of the call, oldest first.
    pub attempt_log: Vec<Attempt>,
}

impl<T> Call<T> {
    /// A value that needed no request.
    pub fn local(value: T) -> Self {
        Call {
            value,
            http_status: 0,
            attempts: 0,
            elapsed_ms: 0,
            requests: 0,
            attempt_log: Vec::new(),
        }
    }

    /// Transform the value, keeping the statistics.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Call<U> {
        Call {
            value: f(self.value),
            http_status: self.http_status,
            attempts: self.attempts,
            elapsed_ms: self.elapsed_ms,
            requests: self.requests,
            attempt_log: self.attempt_log,
        }
    }

    /// The value.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Add another call's statistics to this one (for paged calls).
    pub fn absorb<U>(&mut self, other: &Call<U>) {
        self.http_status = other.http_status;
        self.attempts += other.attempts;
        self.elapsed_ms += other.elapsed_ms;
        self.requests += other.requests;
        self.attempt_log.extend(other.attempt_log.iter().cloned());
    }
}

impl<T> Deref for Call<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Call<T> {
    pub(super) fn try_map<U, E>(self, f: impl FnOnce(T) -> Result<U, E>) -> Result<Call<U>, E> {
        let Call {
            value,
            http_status,
            attempts,
            elapsed_ms,
            requests,
            attempt_log,
        } = self;
        Ok(Call {
            value: f(value)?,
            http_status,
            attempts,
            elapsed_ms,
            requests,
            attempt_log,
        })
    }
}
