//! The one synchronous CXone client of a run: login on first use, API calls with a 401
//! refresh, answer decoding, recording and replay.
//!
//! `&Client` is `Sync`: share it across [`pool::map_concurrent`](super::pool::map_concurrent) threads.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::call::Call;
use super::error::{ApiError, ErrorKind, Stage, excerpt, kind_of_status, parse_error_body};
use super::paths::{Api, Endpoint, without_query};
use super::record::{Exchange, Replay};
use super::redact::Redactor;
use super::secret::{Credentials, Secret};
use super::token_cache::{Login, TokenCache};
use super::trace::{Sink, Tracer};
use super::transport::{Body, Request, Transport};
use crate::config::HttpSettings;
use crate::config::profile::ResolvedProfile;

/// How to build a live client.
pub struct ClientOptions {
    /// The resolved profile.
    pub profile: ResolvedProfile,
    /// Limits.
    pub http: HttpSettings,
    /// Credentials for the token endpoint.
    pub credentials: Credentials,
    /// `-v` count.
    pub verbosity: u8,
    /// Directory of the disk token cache; `None` turns it off.
    pub token_cache_dir: Option<PathBuf>,
    /// When the run must end (from `run_timeout_s`).
    pub deadline: Option<Instant>,
    /// Where the trace goes; `None` means stderr.
    pub trace_sink: Option<Sink>,
}

pub(super) struct AuthState {
    pub(super) login: Option<Login>,
    pub(super) generation: u64,
    pub(super) cache_checked: bool,
}

pub(super) struct Live {
    pub(super) transport: Transport,
    pub(super) credentials: Credentials,
    pub(super) cache: Option<TokenCache>,
    pub(super) state: Mutex<AuthState>,
}

enum Backend {
    Live(Box<Live>),
    Replay(Replay),
}

/// The CXone client: one per run, shared by every call.
pub struct Client {
    pub(super) profile: ResolvedProfile,
    pub(super) http: HttpSettings,
    pub(super) tracer: Tracer,
    pub(super) redactor: Redactor,
    backend: Backend,
    recording: Mutex<Option<Vec<Exchange>>>,
    /// Bounds the API requests in flight to `http.concurrency`.
    inflight: super::pool::Gate,
    /// Seconds added to the system clock when judging token lifetimes (tests advance it).
    clock_offset_s: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("profile", &self.profile.name)
            .field("replay", &matches!(self.backend, Backend::Replay(_)))
            .finish()
    }
}

fn tracer(verbosity: u8, sink: Option<Sink>, redactor: &Redactor) -> Tracer {
    match sink {
        Some(s) => Tracer::new(verbosity, s, redactor.clone()),
        None => Tracer::stderr(verbosity, redactor.clone()),
    }
}

impl Client {
    /// Now in Unix seconds, as this client judges token lifetimes: the system clock plus what
    /// [`Client::advance_clock`] added.
    pub fn now_unix(&self) -> u64 {
        super::token::unix_now().saturating_add(
            self.clock_offset_s
                .load(std::sync::atomic::Ordering::SeqCst),
        )
    }

    /// Move this client's clock forward by `by` (whole seconds): tests reach a token's expiry
    /// without sleeping. The binary never calls it.
    #[doc(hidden)]
    pub fn advance_clock(&self, by: std::time::Duration) {
        self.clock_offset_s
            .fetch_add(by.as_secs(), std::sync::atomic::Ordering::SeqCst);
    }

    /// A live client. Nothing is sent until the first call.
    pub fn new(opts: ClientOptions) -> anyhow::Result<Client> {
        let redactor = Redactor::default();
        for v in opts.credentials.secret_values() {
            redactor.add(&v);
        }
        crate::report::sink::register_id(opts.credentials.access_key_id.expose());
        let tracer = tracer(opts.verbosity, opts.trace_sink, &redactor);
        let cache = opts.token_cache_dir.map(|dir| {
            let key = super::token_cache::key(
                &opts.profile.issuer,
                opts.profile.token_url.as_deref(),
                opts.credentials.client_id.expose(),
                opts.credentials.access_key_id.expose(),
            );
            TokenCache::new(dir, key)
        });
        let transport = Transport::new(&opts.http, opts.deadline, tracer.clone())?;
        crate::report::meta::note_profile(&opts.profile.name, opts.profile.api_base.as_deref());
        Ok(Client {
            inflight: super::pool::Gate::new(opts.http.concurrency),
            clock_offset_s: std::sync::atomic::AtomicU64::new(0),
            profile: opts.profile,
            http: opts.http,
            tracer,
            redactor,
            backend: Backend::Live(Box::new(Live {
                transport,
                credentials: opts.credentials,
                cache,
                state: Mutex::new(AuthState {
                    login: None,
                    generation: 0,
                    cache_checked: false,
                }),
            })),
            recording: Mutex::new(None),
        })
    }

    /// A client that answers from `exchanges` with no network and no login.
    pub fn replay(
        profile: ResolvedProfile,
        http: HttpSettings,
        exchanges: Vec<Exchange>,
        verbosity: u8,
        trace_sink: Option<Sink>,
    ) -> Client {
        let redactor = Redactor::default();
        Client {
            inflight: super::pool::Gate::new(http.concurrency),
            clock_offset_s: std::sync::atomic::AtomicU64::new(0),
            tracer: tracer(verbosity, trace_sink, &redactor),
            profile,
            http,
            redactor,
            backend: Backend::Replay(Replay::new(exchanges)),
            recording: Mutex::new(None),
        }
    }

    /// The resolved profile.
    pub fn profile(&self) -> &ResolvedProfile {
        &self.profile
    }

    /// Requests in flight at once for [`pool::map_concurrent`](super::pool::map_concurrent).
    pub fn concurrency(&self) -> usize {
        self.http.concurrency.max(1)
    }

    /// Run `f` over `items` on a scoped pool of at most `http.concurrency` threads sharing
    /// this client; results keep the input order.
    pub fn map_concurrent<T: Send, R: Send>(
        &self,
        items: Vec<T>,
        f: impl Fn(T) -> R + Sync,
    ) -> Vec<R> {
        super::pool::map_concurrent(self.concurrency(), items, f)
    }

    /// True when answering from a recording.
    pub fn is_replay(&self) -> bool {
        matches!(self.backend, Backend::Replay(_))
    }

    /// Start recording every API exchange from now on.
    pub fn enable_recording(&self) {
        let mut r = self.recording.lock().unwrap_or_else(|e| e.into_inner());
        r.get_or_insert_with(Vec::new);
    }

    /// The exchanges recorded so far (empty when recording is off).
    pub fn recording(&self) -> Vec<Exchange> {
        self.recording
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .unwrap_or_default()
    }

    /// Mask every secret this client knows in `text` (credentials and tokens seen so far).
    pub fn redact(&self, text: &str) -> String {
        self.redactor.redact(text)
    }

    pub(super) fn live(&self) -> Result<&Live, ApiError> {
        match &self.backend {
            Backend::Live(l) => Ok(l),
            Backend::Replay(_) => Err(ApiError::new(
                ErrorKind::NotRecorded,
                Stage::Token,
                "POST",
                "token endpoint",
            )
            .detail("an offline replay has no tenant to log in to")),
        }
    }

    pub(super) fn remember(&self, secrets: &[String]) {
        for s in secrets {
            self.redactor.add(s);
        }
    }

    fn record(&self, method: &str, ep: &Endpoint, status: u16, body: &str) {
        let mut r = self.recording.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(list) = r.as_mut() {
            list.push(Exchange::from_answer(method, ep, status, body));
        }
    }

    /// GET an API endpoint and decode it (an empty answer or a 304 gives `T::default()`).
    pub fn get<T: DeserializeOwned + Default>(&self, ep: &Endpoint) -> Result<Call<T>, ApiError> {
        self.call(Method::GET, ep, Body::Empty)?
            .try_map(|v| decode(v, "GET", ep))
    }

    /// POST to an API endpoint with an optional JSON body. Never resent once CXone may have
    /// processed it (only 429 and errors proving nothing was sent are retried).
    pub fn post<T: DeserializeOwned + Default>(
        &self,
        ep: &Endpoint,
        body: Option<&Value>,
    ) -> Result<Call<T>, ApiError> {
        let body = body.map_or(Body::Empty, |b| Body::Json(b.clone()));
        self.call(Method::POST, ep, body)?
            .try_map(|v| decode(v, "POST", ep))
    }

    fn api_error(
        &self,
        kind: ErrorKind,
        method: &str,
        ep: &Endpoint,
        endpoint: String,
    ) -> ApiError {
        let mut e = ApiError::new(kind, Stage::Api, method, &endpoint);
        e.family = Some(ep.family());
        let _ = self;
        e
    }

    /// Send one API request and interpret the status; the raw JSON comes back.
    pub fn call(&self, method: Method, ep: &Endpoint, body: Body) -> Result<Call<Value>, ApiError> {
        let live = match &self.backend {
            Backend::Replay(replay) => {
                let shown = format!("{} {}", ep.api_name(), ep.path());
                return match replay.answer(method.as_str(), ep) {
                    Some(x) => {
                        self.tracer
                            .line(&format!("replay: {method} {shown} -> {}", x.status));
                        let text = x.body_text();
                        let value =
                            self.interpret(method.as_str(), ep, &shown, x.status, None, &text, 1)?;
                        Ok(Call {
                            value,
                            http_status: x.status,
                            attempts: 1,
                            elapsed_ms: 0,
                            requests: 1,
                            attempt_log: vec![super::call::Attempt {
                                status: Some(x.status),
                                ..Default::default()
                            }],
                        })
                    }
                    None => {
                        let query = if ep.query.is_empty() {
                            String::new()
                        } else {
                            format!(" with query {:?}", ep.query)
                        };
                        Err(self.api_error(
                            ErrorKind::NotRecorded,
                            method.as_str(),
                            ep,
                            format!("{shown}{query}"),
                        ))
                    }
                };
            }
            Backend::Live(live) => live,
        };
        let (login, generation) = self.current_login()?;
        let hosts = login.hosts.clone().ok_or_else(|| {
            self.api_error(ErrorKind::Config, method.as_str(), ep, ep.path())
                .detail("the API host is not resolved")
        })?;
        crate::report::meta::note_tenant(&hosts.api_base, || {
            let claims = login.token.claims();
            let claims = claims.as_ref();
            (
                claims.and_then(|c| c.tenant_id.clone()),
                claims.and_then(|c| c.business_unit.clone()),
            )
        });
        let base = match ep.api {
            Api::Acd => hosts.api_base.clone(),
            Api::Dfo => hosts.dfo_base.clone().ok_or_else(|| {
                self.api_error(ErrorKind::Config, method.as_str(), ep, ep.path()).detail(
                    "the Digital Engagement host is unknown: discovery gave no area/domain and the profile sets no dfo_base",
                )
            })?,
        };
        let url = ep.url(&base, &self.profile.api_version).map_err(|why| {
            self.api_error(ErrorKind::Rejected, method.as_str(), ep, ep.path())
                .detail(why)
        })?;
        let endpoint = without_query(&url);
        let mut req = Request {
            method: method.clone(),
            url,
            authorization: Some(bearer(&login)),
            headers: Vec::new(),
            body,
            resend_safe: method == Method::GET,
            stage: Stage::Api,
            family: Some(ep.family()),
        };
        let mut resp = self.inflight.pass(|| live.transport.send(&req))?;
        let mut stats = Call {
            value: (),
            http_status: resp.status,
            attempts: resp.attempts,
            elapsed_ms: resp.elapsed_ms,
            requests: 1,
            attempt_log: std::mem::take(&mut resp.attempt_log),
        };
        if resp.status == 401 {
            self.tracer
                .line("http: the API refused the token (401): refreshing it once and retrying");
            let fresh = self.relogin(generation)?;
            req.authorization = Some(bearer(&fresh));
            resp = self
                .inflight
                .pass(|| live.transport.send(&req))
                .map_err(|mut e| {
                    let mut log = stats.attempt_log.clone();
                    log.append(&mut e.attempt_log);
                    e.attempt_log = Box::new(log);
                    e
                })?;
            stats.absorb(&Call {
                value: (),
                http_status: resp.status,
                attempts: resp.attempts,
                elapsed_ms: resp.elapsed_ms,
                requests: 1,
                attempt_log: std::mem::take(&mut resp.attempt_log),
            });
        }
        self.record(method.as_str(), ep, resp.status, &resp.body);
        let value = self
            .interpret(
                method.as_str(),
                ep,
                &endpoint,
                resp.status,
                resp.content_type.as_deref(),
                &resp.body,
                stats.attempts,
            )
            .map_err(|mut e| {
                e.elapsed_ms = stats.elapsed_ms;
                e.attempt_log = Box::new(stats.attempt_log.clone());
                e
            })?;
        Ok(stats.map(|()| value))
    }

    /// Turn a status and body into JSON or a structured error.
    #[allow(clippy::too_many_arguments)]
    fn interpret(
        &self,
        method: &str,
        ep: &Endpoint,
        endpoint: &str,
        status: u16,
        content_type: Option<&str>,
        body: &str,
        attempts: u32,
    ) -> Result<Value, ApiError> {
        let err = |kind| {
            let mut e = self.api_error(kind, method, ep, endpoint.to_string());
            e.status = Some(status);
            e.attempts = attempts;
            e
        };
        if is_no_render(body) {
            return Err(err(ErrorKind::NotRenderable));
        }
        match status {
            200..=299 | 304 => {
                if body.trim().is_empty() || status == 304 {
                    return Ok(Value::Null);
                }
                serde_json::from_str(body).map_err(|e| {
                    let what = if looks_like_html(content_type, body) {
                        "an HTML page instead of JSON".to_string()
                    } else {
                        format!("malformed JSON ({e})")
                    };
                    err(ErrorKind::Decode)
                        .detail(self.redact(&format!("{what}: {}", excerpt(body))))
                })
            }
            // a 404 page in HTML is a gateway's or web server's, not the API's own answer: the
            // host is wrong, and whether the resource exists is unknown
            404 if looks_like_html(content_type, body) => Err(err(ErrorKind::Decode).detail(
                self.redact(&format!(
                    "a 404 HTML page, not the API's own answer: the API host (api_base, or the host discovery gave) is probably wrong: {}",
                    excerpt(body)
                )),
            )),
            _ => {
                let mut e = err(kind_of_status(status));
                let (code, detail) = parse_error_body(body);
                e.code = code;
                e.detail = detail.map(|d| self.redact(&d));
                e.not_resent = method != "GET" && status >= 500;
                Err(e)
            }
        }
    }
}

fn bearer(login: &Login) -> Secret {
    Secret::new(format!("Bearer {}", login.token.access_token.expose()))
}

fn is_no_render(body: &str) -> bool {
    body.trim()
        .trim_matches('"')
        .trim()
        .eq_ignore_ascii_case("No known way to render data")
}

fn looks_like_html(content_type: Option<&str>, body: &str) -> bool {
    content_type.is_some_and(|c| c.contains("html")) || body.trim_start().starts_with('<')
}

/// Decode a JSON value into a model; `null` (empty answer, 304) gives the default.
pub(super) fn decode<T: DeserializeOwned + Default>(
    value: Value,
    method: &str,
    ep: &Endpoint,
) -> Result<T, ApiError> {
    if value.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(value).map_err(|e| {
        let mut err = ApiError::new(ErrorKind::Decode, Stage::Api, method, &ep.path());
        err.family = Some(ep.family());
        err.detail(format!("the answer does not have the expected shape ({e})"))
    })
}

impl Endpoint {
    /// `ACD` or `DFO`, for messages.
    pub fn api_name(&self) -> &'static str {
        match self.api {
            Api::Acd => "ACD",
            Api::Dfo => "DFO",
        }
    }
}
