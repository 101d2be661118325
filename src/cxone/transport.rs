//! One HTTP exchange with retries: headers, timeouts, the retry policy, the run deadline and the trace.
//!
//! Status codes are returned as they are; the caller (auth or API) decides what they mean.

use std::time::{Duration, Instant, SystemTime};

use reqwest::Url;
use reqwest::blocking::{Client as Http, RequestBuilder};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, RETRY_AFTER, USER_AGENT};
use serde_json::Value;

use super::call::Attempt;
use super::error::{ApiError, ErrorKind, Stage};
use super::family::ApiFamily;
use super::paths::without_query;
use super::retry::{self, Attempted, Decision, Policy};
use super::secret::Secret;
use super::trace::Tracer;
use crate::config::HttpSettings;

/// `cxone-diag/<version>`.
pub const AGENT: &str = concat!("cxone-diag/", env!("CARGO_PKG_VERSION"));

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// No body.
    Empty,
    /// `application/x-www-form-urlencoded`.
    Form(Vec<(&'static str, String)>),
    /// `application/json`.
    Json(Value),
}

/// One request to send.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET` or `POST`.
    pub method: reqwest::Method,
    /// Full URL, query included.
    pub url: Url,
    /// `Authorization` value, if any.
    pub authorization: Option<Secret>,
    /// Other headers (an outbound webhook's, from the config); values may be secrets.
    pub headers: Vec<(String, Secret)>,
    /// Body.
    pub body: Body,
    /// May be sent twice (GET, token requests).
    pub resend_safe: bool,
    /// Where in the flow, for error messages.
    pub stage: Stage,
    /// API family, for error messages.
    pub family: Option<ApiFamily>,
}

/// The final answer to a request (any status).
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// Body text.
    pub body: String,
    /// Attempts made.
    pub attempts: u32,
    /// Milliseconds over all attempts.
    pub elapsed_ms: u64,
    /// Every attempt, oldest first.
    pub attempt_log: Vec<Attempt>,
}

/// The HTTP client with its limits, shared by every call of the run.
#[derive(Debug)]
pub struct Transport {
    http: Http,
    policy: Policy,
    timeout: Option<Duration>,
    deadline: Option<Instant>,
    tracer: Tracer,
    max_body: u64,
}

/// Why an attempt got no usable answer, in the terms the retry policy needs.
struct Failure {
    why: String,
    connect: bool,
    timeout: bool,
}

impl Failure {
    fn of(err: &reqwest::Error) -> Failure {
        Failure {
            why: describe(err),
            connect: err.is_connect(),
            timeout: err.is_timeout(),
        }
    }

    /// An error while reading the body (reqwest wraps its own errors in `io::Error`).
    fn of_body(err: std::io::Error) -> Failure {
        match err.into_inner().map(|e| e.downcast::<reqwest::Error>()) {
            Some(Ok(e)) => Failure::of(&e),
            Some(Err(other)) => Failure {
                why: root_cause(other.as_ref()),
                connect: false,
                timeout: false,
            },
            None => Failure {
                why: "the connection broke while reading the answer".into(),
                connect: false,
                timeout: false,
            },
        }
    }
}

/// What one attempt brought back.
enum Fetched {
    /// A whole answer of at most `max_body` bytes.
    Answer(u16, HeaderMap, String),
    /// An answer whose body is larger than `max_body` (its declared size, when known).
    TooLarge(u16, Option<u64>),
}

/// Read the body of `resp`, at most `max` bytes (one more proves it is larger).
fn read_capped(mut resp: reqwest::blocking::Response, max: u64) -> Result<Fetched, Failure> {
    use std::io::Read;
    let status = resp.status().as_u16();
    let declared = resp.content_length();
    if declared.is_some_and(|n| n > max) {
        return Ok(Fetched::TooLarge(status, declared));
    }
    let headers = resp.headers().clone();
    let mut buf = Vec::new();
    (&mut resp)
        .take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(Failure::of_body)?;
    if buf.len() as u64 > max {
        return Ok(Fetched::TooLarge(status, None));
    }
    let body = match String::from_utf8(buf) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(Fetched::Answer(status, headers, body))
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The innermost cause of an error, which names the real problem (refused, DNS, certificate).
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// True when a connect error came from TLS (certificate, handshake, not a TLS server).
fn looks_like_tls(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(e) = cause {
        let text = e.to_string().to_ascii_lowercase();
        if [
            "certificate",
            "tls",
            "handshake",
            "corrupt message",
            "alert",
        ]
        .iter()
        .any(|w| text.contains(w))
        {
            return true;
        }
        cause = e.source();
    }
    false
}

/// Describe a transport error in plain words.
fn describe(err: &reqwest::Error) -> String {
    let root = root_cause(err);
    if err.is_timeout() && err.is_connect() {
        format!("connection timed out ({root})")
    } else if err.is_timeout() {
        "timed out waiting for the answer".to_string()
    } else if err.is_dns() {
        format!("DNS lookup failed ({root})")
    } else if err.is_connect() && looks_like_tls(err) {
        format!("TLS handshake failed ({root})")
    } else if err.is_connect() {
        format!("connection failed ({root})")
    } else {
        root
    }
}

/// The proxy for `https://` requests from `HTTPS_PROXY` or `ALL_PROXY` (and their lower-case
/// spellings), honouring `NO_PROXY`. A plain `http://` request is never proxied: http:// is
/// allowed only to loopback hosts because that traffic never leaves the machine, and a proxy
/// (`HTTP_PROXY`, `ALL_PROXY`) would receive the credentials, the token and any live write in
/// clear text.
fn https_proxy() -> anyhow::Result<Option<reqwest::Proxy>> {
    let Some((var, value)) = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .into_iter()
        .find_map(|var| {
            std::env::var(var)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(|v| (var, v))
        })
    else {
        return Ok(None);
    };
    let proxy = reqwest::Proxy::https(value.trim()).map_err(|e| {
        crate::error::usage(format!(
            "{var} is not a proxy URL ({e})\n  set it to e.g. http://proxy.example.com:8080, or unset it"
        ))
    })?;
    Ok(Some(proxy.no_proxy(reqwest::NoProxy::from_env())))
}

impl Transport {
    /// A transport for the `http:` settings; `deadline` ends the run's calls.
    pub fn new(
        settings: &HttpSettings,
        deadline: Option<Instant>,
        tracer: Tracer,
    ) -> anyhow::Result<Self> {
        let secs = |s: u64| (s > 0).then(|| Duration::from_secs(s));
        let mut builder = Http::builder()
            // S7 reports HTTP/2 failing on /auth/token; HTTP/1.1 works everywhere.
            .http1_only()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(None::<Duration>);
        if let Some(c) = secs(settings.connect_timeout_s) {
            builder = builder.connect_timeout(c);
        }
        builder = match https_proxy()? {
            Some(proxy) => builder.proxy(proxy),
            None => builder.no_proxy(),
        };
        Ok(Transport {
            http: builder.build()?,
            policy: Policy::from_settings(settings),
            timeout: secs(settings.timeout_s),
            deadline,
            tracer,
            max_body: settings.max_body_bytes.max(1),
        })
    }

    fn remaining(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
    }

    fn build(&self, req: &Request) -> RequestBuilder {
        let mut b = self
            .http
            .request(req.method.clone(), req.url.clone())
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, AGENT);
        if let Some(auth) = &req.authorization {
            b = b.header(reqwest::header::AUTHORIZATION, auth.expose());
        }
        for (name, value) in &req.headers {
            b = b.header(name.as_str(), value.expose());
        }
        b = match &req.body {
            // Every POST declares its length (docs/cxone-api.md §11.7): strict front ends answer
            // 411 Length Required to a bodiless POST without `Content-Length: 0`.
            Body::Empty if req.method == reqwest::Method::POST => {
                b.header(reqwest::header::CONTENT_LENGTH, "0")
            }
            Body::Empty => b,
            Body::Form(pairs) => b.form(pairs),
            Body::Json(v) => b.json(v),
        };
        let timeout = match (self.timeout, self.remaining()) {
            (Some(t), Some(r)) => Some(t.min(r)),
            (t, r) => t.or(r),
        };
        if let Some(t) = timeout {
            b = b.timeout(t.max(Duration::from_millis(1)));
        }
        b
    }

    fn request_details(&self, built: &reqwest::blocking::Request) -> Vec<String> {
        if !self.tracer.detailed() {
            return Vec::new();
        }
        let mut lines = self.tracer.header_lines(
            ">",
            built
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_str().unwrap_or("<binary>").to_string())),
        );
        if let Some(bytes) = built.body().and_then(|b| b.as_bytes()) {
            let url = built.url().as_str();
            lines.extend(
                self.tracer
                    .body_line_for(">", url, &String::from_utf8_lossy(bytes)),
            );
        }
        lines
    }

    fn response_details(&self, url: &Url, headers: &HeaderMap, body: &str) -> Vec<String> {
        if !self.tracer.detailed() {
            return Vec::new();
        }
        let mut lines = self.tracer.header_lines(
            "<",
            headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_str().unwrap_or("<binary>").to_string())),
        );
        lines.extend(self.tracer.body_line_for("<", url.as_str(), body));
        lines
    }

    fn error(&self, req: &Request, kind: ErrorKind) -> ApiError {
        let mut e = ApiError::new(
            kind,
            req.stage,
            req.method.as_str(),
            &without_query(&req.url),
        );
        e.family = req.family;
        e
    }

    /// Send `req`, retrying per the policy. `Ok` carries whatever status the server gave last.
    pub fn send(&self, req: &Request) -> Result<Response, ApiError> {
        let started = Instant::now();
        let max = self.policy.max_attempts;
        let mut attempt = 0;
        let mut log: Vec<Attempt> = Vec::new();
        loop {
            attempt += 1;
            if crate::interrupt::stop_requests() {
                let mut e = self.error(req, ErrorKind::Interrupted);
                e.attempts = attempt - 1;
                e.elapsed_ms = ms(started.elapsed());
                e.attempt_log = Box::new(log);
                return Err(e);
            }
            if self.remaining() == Some(Duration::ZERO) {
                let mut e = self.error(req, ErrorKind::Deadline);
                e.attempts = attempt - 1;
                e.elapsed_ms = ms(started.elapsed());
                e.attempt_log = Box::new(log);
                return Err(e);
            }
            let t0 = Instant::now();
            let built = match self.build(req).build() {
                Ok(b) => b,
                Err(err) => {
                    let mut e = self
                        .error(req, ErrorKind::Rejected)
                        .detail(root_cause(&err));
                    e.attempt_log = Box::new(log);
                    return Err(e);
                }
            };
            let sent = self.request_details(&built);
            let result = match self.http.execute(built) {
                Ok(resp) => read_capped(resp, self.max_body),
                Err(err) => Err(Failure::of(&err)),
            };
            let took = ms(t0.elapsed());
            let (outcome, answer) = match result {
                Ok(Fetched::TooLarge(status, declared)) => {
                    let size = declared.map_or_else(
                        || format!("more than {} bytes", self.max_body),
                        |n| format!("{n} bytes"),
                    );
                    self.tracer.line(&format!(
                        "http: {} {} -> {status}, body of {size} not read ({took} ms, attempt {attempt}/{max})",
                        req.method, req.url
                    ));
                    let mut e = self.error(req, ErrorKind::Decode).detail(format!(
                        "the answer's body is {size}, over http.max_body_bytes ({}); raise it in the config file if this endpoint really answers that much",
                        self.max_body
                    ));
                    e.status = Some(status);
                    (Attempted::Status(status, None), Err(e))
                }
                Ok(Fetched::Answer(status, headers, body)) => {
                    let retry_after = headers
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
                    self.tracer.line(&format!(
                        "http: {} {} -> {status} ({took} ms, attempt {attempt}/{max})",
                        req.method, req.url
                    ));
                    self.tracer.details(&sent);
                    self.tracer
                        .details(&self.response_details(&req.url, &headers, &body));
                    let content_type = headers
                        .get(CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string);
                    (
                        Attempted::Status(status, retry_after),
                        Ok(Response {
                            status,
                            content_type,
                            body,
                            attempts: attempt,
                            elapsed_ms: 0,
                            attempt_log: Vec::new(),
                        }),
                    )
                }
                Err(err) => {
                    let why = err.why;
                    self.tracer.line(&format!(
                        "http: {} {} -> {why} ({took} ms, attempt {attempt}/{max})",
                        req.method, req.url
                    ));
                    self.tracer.details(&sent);
                    let outcome = if err.connect {
                        Attempted::NotSent
                    } else {
                        Attempted::MaybeSent
                    };
                    let kind = if self.remaining() == Some(Duration::ZERO) {
                        ErrorKind::Deadline
                    } else if err.timeout && !err.connect {
                        ErrorKind::Timeout
                    } else {
                        ErrorKind::Network
                    };
                    let mut e = self.error(req, kind).detail(why);
                    e.not_resent = outcome == Attempted::MaybeSent && !req.resend_safe;
                    (outcome, Err(e))
                }
            };
            log.push(Attempt {
                status: match &outcome {
                    Attempted::Status(s, _) => Some(*s),
                    _ => None,
                },
                latency_ms: took,
                error: answer.as_ref().err().and_then(|e| e.detail.clone()),
                retry_after_ms: match &outcome {
                    Attempted::Status(_, Some(wait)) => Some(ms(*wait)),
                    _ => None,
                },
                waited_ms: None,
            });
            let decision = retry::decide(
                &self.policy,
                req.resend_safe,
                attempt,
                &outcome,
                fastrand::f64(),
            );
            match decision {
                Decision::Retry(wait) if self.remaining().is_none_or(|r| r > wait) => {
                    self.tracer.line(&format!(
                        "http: retrying {} {} in {} ms",
                        req.method,
                        without_query(&req.url),
                        ms(wait)
                    ));
                    if let Some(last) = log.last_mut() {
                        last.waited_ms = Some(ms(wait));
                    }
                    if crate::interrupt::sleep(wait) {
                        self.tracer.line("http: interrupted, not retrying");
                        return finish(answer, attempt, ms(started.elapsed()), log);
                    }
                }
                Decision::Retry(_) => {
                    self.tracer
                        .line("http: no time left to retry (http.run_timeout_s)");
                    return finish(answer, attempt, ms(started.elapsed()), log);
                }
                Decision::Done => return finish(answer, attempt, ms(started.elapsed()), log),
            }
        }
    }
}

fn finish(
    answer: Result<Response, ApiError>,
    attempts: u32,
    elapsed_ms: u64,
    attempt_log: Vec<Attempt>,
) -> Result<Response, ApiError> {
    match answer {
        Ok(mut r) => {
            r.elapsed_ms = elapsed_ms;
            r.attempt_log = attempt_log;
            Ok(r)
        }
        Err(mut e) => {
            e.attempts = attempts;
            e.elapsed_ms = elapsed_ms;
            e.attempt_log = Box::new(attempt_log);
            Err(e)
        }
    }
}
