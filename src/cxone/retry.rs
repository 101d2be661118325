//! The retry policy as pure functions: what to do after one attempt, and how long to wait.
//!
//! - 429: wait `Retry-After` (seconds or an HTTP date) capped by `max_retry_wait_s`, else a
//!   jittered exponential backoff; for every method (the server refused the request).
//! - 503 **with** `Retry-After`: the same, for every method. RFC 9110 §15.6.4 and §10.2.3: the
//!   server says it is unavailable for that long, i.e. it refused the request like a 429.
//! - 502/503/504 (a 503 without `Retry-After`) and errors after the request may have left:
//!   retry only requests that are safe to resend (GETs, and token requests), never a POST that
//!   may have been processed. 500 is never retried.
//! - Errors proving nothing was sent (connection refused, DNS, TLS handshake): retry all.
//! - `max_attempts` bounds everything.

use std::time::{Duration, SystemTime};

/// The limits of the policy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Attempts per request, the first included (at least 1).
    pub max_attempts: u32,
    /// Longest wait between two attempts, whatever the server asks.
    pub max_wait: Duration,
    /// First backoff step; doubles on each attempt.
    pub base: Duration,
}

impl Policy {
    /// The policy of the `http:` settings.
    pub fn from_settings(http: &crate::config::HttpSettings) -> Self {
        Policy {
            max_attempts: http.max_attempts.max(1),
            max_wait: Duration::from_secs(http.max_retry_wait_s).min(MAX_RETRY_AFTER),
            base: Duration::from_millis(250),
        }
    }
}

/// What one attempt produced, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempted {
    /// The server answered with this status (and maybe a parsed `Retry-After`).
    Status(u16, Option<Duration>),
    /// Nothing reached the server (connect refused, DNS, TLS handshake, connect timeout).
    NotSent,
    /// The request may have reached the server (timeout or broken connection after sending).
    MaybeSent,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// The attempt is final: use its answer (success or error).
    Done,
    /// Wait this long, then try again.
    Retry(Duration),
}

/// Decide after attempt number `attempt` (1-based). `resend_safe` is true for requests that
/// may be sent twice (GET, token requests). `jitter` is a random number in `0..1`.
pub fn decide(
    policy: &Policy,
    resend_safe: bool,
    attempt: u32,
    outcome: &Attempted,
    jitter: f64,
) -> Decision {
    if attempt >= policy.max_attempts {
        return Decision::Done;
    }
    let backoff = || backoff(policy, attempt, jitter);
    let capped = |d: Duration| d.min(policy.max_wait);
    match outcome {
        Attempted::Status(429, retry_after) => {
            Decision::Retry(retry_after.map_or_else(backoff, capped))
        }
        Attempted::Status(503, Some(retry_after)) => Decision::Retry(capped(*retry_after)),
        Attempted::Status(502..=504, retry_after) if resend_safe => {
            Decision::Retry(retry_after.map_or_else(backoff, capped))
        }
        Attempted::Status(..) => Decision::Done,
        Attempted::NotSent => Decision::Retry(backoff()),
        Attempted::MaybeSent if resend_safe => Decision::Retry(backoff()),
        Attempted::MaybeSent => Decision::Done,
    }
}

/// Exponential backoff `base * 2^(attempt-1)`, capped by `max_wait`, with "equal jitter"
/// (between half and all of the step) so parallel clients do not retry in lockstep.
pub fn backoff(policy: &Policy, attempt: u32, jitter: f64) -> Duration {
    let step = policy
        .base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(policy.max_wait);
    step.mul_f64(0.5 + jitter.clamp(0.0, 1.0) / 2.0)
}

/// The longest `Retry-After` taken literally before the policy's cap (a day).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// Parse a `Retry-After` value: delay seconds (`120`, `1.5`) or an HTTP date. A date in the
/// past means "now". Anything else is `None` (the backoff applies).
///
/// Any value is clamped to [`MAX_RETRY_AFTER`] first (the policy caps it further), so
/// `1e20` or `99999999999999999999` is a long wait, never an overflow.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(MAX_RETRY_AFTER));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| {
            Duration::try_from_secs_f64(secs.min(MAX_RETRY_AFTER.as_secs_f64()))
                .unwrap_or(MAX_RETRY_AFTER)
        });
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy {
            max_attempts: 4,
            max_wait: Duration::from_secs(30),
            base: Duration::from_millis(250),
        }
    }

    #[test]
    fn throttling_waits_retry_after_capped_for_every_method() {
        let p = policy();
        let ask = |secs| Attempted::Status(429, Some(Duration::from_secs(secs)));
        assert_eq!(
            decide(&p, true, 1, &ask(2), 0.5),
            Decision::Retry(Duration::from_secs(2))
        );
        assert_eq!(
            decide(&p, false, 1, &ask(2), 0.5),
            Decision::Retry(Duration::from_secs(2))
        );
        assert_eq!(
            decide(&p, true, 1, &ask(600), 0.5),
            Decision::Retry(Duration::from_secs(30))
        );
        assert_eq!(
            decide(&p, true, 4, &ask(1), 0.5),
            Decision::Done,
            "attempts bound it"
        );
    }

    #[test]
    fn throttling_without_retry_after_backs_off() {
        let p = policy();
        let Decision::Retry(d) = decide(&p, false, 2, &Attempted::Status(429, None), 1.0) else {
            panic!("429 retries");
        };
        assert_eq!(d, Duration::from_millis(500));
    }

    #[test]
    fn gateway_errors_retry_only_resendable_requests() {
        let p = policy();
        for status in [502, 503, 504] {
            assert!(matches!(
                decide(&p, true, 1, &Attempted::Status(status, None), 0.0),
                Decision::Retry(_)
            ));
            assert_eq!(
                decide(&p, false, 1, &Attempted::Status(status, None), 0.0),
                Decision::Done,
                "a POST is never resent after {status}"
            );
        }
        assert_eq!(
            decide(&p, true, 1, &Attempted::Status(500, None), 0.0),
            Decision::Done
        );
        assert_eq!(
            decide(&p, true, 1, &Attempted::Status(404, None), 0.0),
            Decision::Done
        );
        assert_eq!(
            decide(&p, true, 1, &Attempted::Status(200, None), 0.0),
            Decision::Done
        );
    }

    #[test]
    fn a_503_with_retry_after_is_a_refusal_retried_for_every_method() {
        let p = policy();
        let unavailable = |secs| Attempted::Status(503, Some(Duration::from_secs(secs)));
        assert_eq!(
            decide(&p, false, 1, &unavailable(1), 0.5),
            Decision::Retry(Duration::from_secs(1)),
            "a POST answered 503 + Retry-After was refused, so it is sent again"
        );
        assert_eq!(
            decide(&p, false, 1, &unavailable(600), 0.5),
            Decision::Retry(Duration::from_secs(30)),
            "capped"
        );
        assert_eq!(decide(&p, false, 4, &unavailable(1), 0.5), Decision::Done);
        for status in [500, 502, 504] {
            assert_eq!(
                decide(
                    &p,
                    false,
                    1,
                    &Attempted::Status(status, Some(Duration::from_secs(1))),
                    0.5
                ),
                Decision::Done,
                "{status} may have been processed: a POST is not resent even with Retry-After"
            );
        }
    }

    #[test]
    fn network_errors_retry_when_nothing_was_sent_or_resending_is_safe() {
        let p = policy();
        assert!(matches!(
            decide(&p, false, 1, &Attempted::NotSent, 0.0),
            Decision::Retry(_)
        ));
        assert!(matches!(
            decide(&p, true, 3, &Attempted::MaybeSent, 0.0),
            Decision::Retry(_)
        ));
        assert_eq!(
            decide(&p, false, 1, &Attempted::MaybeSent, 0.0),
            Decision::Done
        );
        assert_eq!(
            decide(&p, true, 4, &Attempted::NotSent, 0.0),
            Decision::Done
        );
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let p = policy();
        assert_eq!(backoff(&p, 1, 1.0), Duration::from_millis(250));
        assert_eq!(backoff(&p, 3, 1.0), Duration::from_millis(1000));
        assert_eq!(backoff(&p, 3, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(&p, 30, 1.0), Duration::from_secs(30));
        let zero = Policy {
            max_wait: Duration::ZERO,
            ..p
        };
        assert_eq!(backoff(&zero, 2, 1.0), Duration::ZERO);
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after(" 1.5 ", now),
            Some(Duration::from_millis(1500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(12));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(12))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(12));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn absurd_retry_after_values_are_clamped_not_panics() {
        let now = SystemTime::now();
        for v in [
            "1e20",
            "99999999999999999999",
            "1.7e308",
            "18446744073709551615",
        ] {
            assert_eq!(parse_retry_after(v, now), Some(MAX_RETRY_AFTER), "{v}");
        }
        assert_eq!(parse_retry_after("NaN", now), None);
        assert_eq!(parse_retry_after("inf", now), None);
        let huge = crate::config::HttpSettings {
            max_retry_wait_s: u64::MAX,
            ..Default::default()
        };
        assert_eq!(Policy::from_settings(&huge).max_wait, MAX_RETRY_AFTER);
    }

    proptest::proptest! {
        #[test]
        fn any_retry_after_header_parses_without_panic(value in "\\PC{0,40}") {
            let now = SystemTime::now();
            if let Some(d) = parse_retry_after(&value, now) {
                proptest::prop_assert!(d <= MAX_RETRY_AFTER);
            }
        }

        #[test]
        fn any_number_retry_after_is_bounded(secs in proptest::num::f64::ANY) {
            let d = parse_retry_after(&secs.to_string(), SystemTime::now());
            proptest::prop_assert!(d.is_none_or(|d| d <= MAX_RETRY_AFTER));
        }
    }
}
