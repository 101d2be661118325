//! The HTTP side: a pool of tiny_http workers, the per-request pipeline (record, faults, token, Accept, route) and the reply writer.

use std::io::{Read, Write};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::clock::{Clock, Event, EventKind, Events};
use super::debug;
use super::faults::{self, ApiFamily};
use super::http::{Env, Reply, Req};
use super::record::{Received, redact_body, redact_form, redact_headers};
use super::reltime::stamp;
use super::routes::{self, Route, RouteError};
use super::state::State;
use super::{acd_agents, acd_contacts, acd_skills, auth, dfo, dynamics, interactions};

/// How many received requests are kept for `/_sandbox/requests` (the oldest are dropped).
pub const MAX_RECEIVED: usize = 10_000;

/// Largest request body read (larger ones get 413).
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// The longest nap of an injected latency: how soon a waiting request notices that the sandbox
/// is stopping or the run was interrupted.
const LATENCY_STEP: Duration = Duration::from_millis(20);

/// What every worker shares.
#[derive(Debug)]
pub struct Shared {
    /// The tenant.
    pub state: Mutex<State>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Print one line per request to stderr.
    pub access_log: bool,
    /// Set when the sandbox is stopping.
    pub stopping: AtomicBool,
    /// The sandbox's time (tests advance it).
    pub clock: Clock,
    /// What the sandbox did, for tests to wait on.
    pub events: Events,
}

impl Shared {
    /// Lock the state (a poisoned lock is recovered: the state stays usable).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Start `workers` threads serving `server` until `shared.stopping` is set and they are unblocked.
pub fn spawn_workers(
    server: Arc<tiny_http::Server>,
    shared: Arc<Shared>,
    workers: usize,
) -> Vec<JoinHandle<()>> {
    (0..workers)
        .filter_map(|i| {
            let server = Arc::clone(&server);
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name(format!("sandbox-{i}"))
                .spawn(move || {
                    loop {
                        match server.recv() {
                            Ok(rq) => serve(&shared, rq),
                            Err(_) if shared.stopping.load(Ordering::SeqCst) => break,
                            Err(_) => std::thread::sleep(Duration::from_millis(5)),
                        }
                    }
                })
                .ok()
        })
        .collect()
}

/// Read, answer and record one request. Never panics outward.
fn serve(shared: &Shared, mut rq: tiny_http::Request) {
    let started = Instant::now();
    let method = rq.method().as_str().to_ascii_uppercase();
    let url = rq.url().to_string();
    let headers: Vec<(String, String)> = rq
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_string(),
                h.value.as_str().to_string(),
            )
        })
        .collect();
    let loopback = rq.remote_addr().is_none_or(|a| a.ip().is_loopback());
    let mut body = Vec::new();
    let read = rq
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body);
    let req = Req::new(&method, &url, headers, body);
    let reply = if read.is_err() {
        Reply::admin_error(400, "InvalidRequest", "The request body could not be read")
    } else if req.body.len() > MAX_BODY {
        Reply::admin_error(
            413,
            "PayloadTooLarge",
            "The request body is larger than 4 MiB",
        )
    } else if req.path.starts_with("/_sandbox") {
        debug::handle(shared, &req, loopback)
    } else {
        std::panic::catch_unwind(AssertUnwindSafe(|| recorded(shared, &req))).unwrap_or_else(|_| {
            Reply::admin_error(500, "InternalError", "The sandbox failed on this request")
        })
    };
    if shared.access_log {
        crate::scrubbed_eprintln!(
            "sandbox: {} {} -> {} ({} ms)",
            req.method,
            req.path,
            reply.status,
            started.elapsed().as_millis()
        );
    }
    respond(rq, reply);
}

/// Record the request, answer it, then record the status.
fn recorded(shared: &Shared, req: &Req) -> Reply {
    let seq = {
        let mut s = shared.lock();
        s.seq += 1;
        let seq = s.seq;
        let is_token = req.path.to_ascii_lowercase().ends_with("/auth/token");
        let text = req.body_text();
        if s.received.len() >= MAX_RECEIVED {
            s.received.pop_front();
        }
        s.received.push_back(Received {
            seq,
            method: req.method.clone(),
            path: req.path.clone(),
            query: redact_form(&req.raw_query),
            headers: redact_headers(&req.headers),
            body: if is_token {
                redact_form(&text)
            } else {
                redact_body(&text)
            },
            status: 0,
            at: stamp(shared.clock.now()),
        });
        seq
    };
    let event = |kind| Event {
        seq,
        method: req.method.clone(),
        path: req.path.clone(),
        kind,
    };
    shared.events.start();
    shared.events.emit(event(EventKind::Received));
    if shared.access_log {
        crate::scrubbed_eprintln!("sandbox: {} {} received", req.method, req.path);
    }
    let reply = answer(shared, req);
    {
        let mut s = shared.lock();
        if let Some(r) = s.received.iter_mut().rev().find(|r| r.seq == seq) {
            r.status = reply.status;
        }
    }
    shared.events.end();
    shared.events.emit(event(EventKind::Served(reply.status)));
    reply
}

/// The pipeline: route, faults (latency, status), token, denial, Accept, handler.
fn answer(shared: &Shared, req: &Req) -> Reply {
    let resolved = match routes::resolve(&req.method, &req.path) {
        Ok(r) => r,
        Err(RouteError::NotFound) => {
            return Reply::admin_error(
                404,
                "NotFound",
                &format!("No API resource matches {} {}", req.method, req.path),
            );
        }
        Err(RouteError::MethodNotAllowed(allowed)) => {
            return Reply::admin_error(
                405,
                "MethodNotAllowed",
                &format!(
                    "{} is not allowed on {}; use {allowed}",
                    req.method, req.path
                ),
            )
            .with_header("Allow", allowed);
        }
    };
    let family = resolved.family;
    let decision = {
        let mut s = shared.lock();
        faults::decide(
            &mut s.faults,
            &req.method,
            &resolved.fault_path,
            family,
            shared.clock.system_now(),
        )
    };
    if decision.latency_ms > 0 && !wait_latency(shared, decision.latency_ms) {
        return stopping(family);
    }
    if let Some((status, retry_after)) = decision.status {
        let reply = injected(family, status);
        return match retry_after {
            Some(v) => reply.with_header("Retry-After", v),
            None => reply,
        };
    }
    let now = shared.clock.now();
    let mut s = shared.lock();
    dynamics::tick(&mut s, now);
    if resolved.api
        && let Err(reply) = auth::authorize(&s, req, family, now)
    {
        return reply;
    }
    if decision.deny {
        return denied(family, req);
    }
    if resolved.api && !accepts_json(req) {
        return Reply {
            status: 406,
            headers: Vec::new(),
            content_type: "text/plain; charset=utf-8",
            body: b"No known way to render data".to_vec(),
        };
    }
    let env = Env {
        base: &shared.base,
        now,
    };
    dispatch(&mut s, &resolved.route, req, &env)
}

/// Wait out `ms` of injected latency on the sandbox's clock, in short naps (a test that advances
/// the clock ends the wait at the next nap); false when the wait was cut short because the
/// sandbox is stopping or the run was interrupted (Ctrl-C, SIGTERM) meanwhile. A request that
/// arrives after an interrupt waits not at all: the run is ending what it created.
fn wait_latency(shared: &Shared, ms: u64) -> bool {
    if crate::interrupt::requested() {
        return true;
    }
    let until =
        shared.clock.now() + chrono::Duration::milliseconds(i64::try_from(ms).unwrap_or(i64::MAX));
    loop {
        if crate::interrupt::requested() || shared.stopping.load(Ordering::SeqCst) {
            return false;
        }
        let left = (until - shared.clock.now())
            .to_std()
            .unwrap_or(Duration::ZERO);
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(LATENCY_STEP));
    }
}

/// The answer to a request whose injected latency was cut short: 503 without `Retry-After`
/// (final for a POST), and the request was not processed.
fn stopping(family: ApiFamily) -> Reply {
    Reply::error(
        family,
        503,
        "ServiceUnavailable",
        "The sandbox stopped while this request waited out its injected latency (the run was interrupted or ended); the request was not processed",
    )
}

fn accepts_json(req: &Req) -> bool {
    req.header("accept")
        .is_some_and(|a| a.to_ascii_lowercase().contains("application/json"))
}

fn injected(family: ApiFamily, status: u16) -> Reply {
    let (code, text) = match status {
        429 => (
            "TooManyRequests",
            "Too many requests; slow down and retry later",
        ),
        500 => ("InternalServerError", "An internal error occurred"),
        502 => ("BadGateway", "Bad gateway"),
        503 => (
            "ServiceUnavailable",
            "The service is temporarily unavailable",
        ),
        504 => ("GatewayTimeout", "Gateway timeout"),
        401 => ("Unauthorized", "Unauthorized"),
        403 => ("Forbidden", "Forbidden"),
        404 => ("NotFound", "Not found"),
        _ => ("Error", "Injected error"),
    };
    let mut reply = Reply::error(
        family,
        status,
        code,
        &format!("{text} (sandbox fault rule)"),
    );
    if family == ApiFamily::Auth {
        reply = Reply::oauth_error(status, "temporarily_unavailable", text);
    }
    reply
}

fn denied(family: ApiFamily, req: &Req) -> Reply {
    let text = format!(
        "Access denied: the user's role does not grant the {} permission needed for {} {}",
        family.title(),
        req.method,
        req.path
    );
    match family {
        ApiFamily::Auth => Reply::oauth_error(403, "access_denied", &text),
        other => Reply::error(other, 403, "Forbidden", &text),
    }
}

fn dispatch(s: &mut State, route: &Route, req: &Req, env: &Env) -> Reply {
    if let Some(refused) = super::strict::length_required(req) {
        return refused;
    }
    let base = env.base;
    match route {
        Route::OpenIdConfig => auth::openid_configuration(s, base),
        Route::CxoneConfig => auth::cxone_configuration(s, req, base),
        Route::Jwks => auth::jwks(),
        Route::Token => auth::token(s, req, base, env.now),
        Route::CrmHandoff => super::crm::receive(req),
        Route::ApiVersion => acd_skills::api_version(req),
        Route::Skills => acd_skills::list(s, req, env),
        Route::SkillsActivity => acd_skills::activity_all(s, req, env),
        Route::Skill(id) => acd_skills::one(s, id),
        Route::SkillActivity(id) => acd_skills::activity(s, id, req, env),
        Route::SkillAgents(id) => acd_agents::agents(s, id, req, env),
        Route::AgentStates => acd_agents::agent_states(s, req, env),
        Route::AgentState(id) => acd_agents::agent_state(s, id, env),
        Route::AgentSkills(id) => acd_agents::agent_skills(s, id, req, env),
        Route::AllAgentSkills => acd_agents::all_agent_skills(s, req, env),
        Route::ContactsActive => acd_contacts::active(s, req, env),
        Route::ContactsCompleted => acd_contacts::completed(s, req, env),
        Route::Contact(id) => acd_contacts::one(s, id, env),
        Route::ContactStateHistory(id) => acd_contacts::state_history(s, id, env),
        Route::ContactCustomData(id) => acd_contacts::custom_data(s, id),
        Route::ContactEnd(id) => interactions::end_contact(s, id, env),
        Route::ContactStateDescriptions => acd_contacts::state_descriptions(),
        Route::PointsOfContact => acd_skills::points_of_contact(s, req, env),
        Route::Signal(id) => interactions::signal(s, id, req, env),
        Route::WorkItems => interactions::work_item(s, req, env),
        Route::DfoContact(n) => dfo::case(s, n),
        Route::DfoMessages(n) => dfo::messages(s, n, req),
        Route::DfoChannels => dfo::channels(s, req),
        Route::DfoRoutingQueues => dfo::routing_queues(s, req),
        Route::DfoChannelMessages(id) => dfo::inbound(s, id, req, env),
    }
}

/// Write `reply` and let the client close the connection; a client that hung up is not an error.
///
/// tiny_http 0.12 runs each keep-alive connection on one pool thread, and its pool can leave a
/// burst of new connections queued behind busy ones for as long as those stay open (a pool
/// race). So every reply is printed (by tiny_http) as HTTP/1.0 without keep-alive: the client
/// closes after reading it, the connection's thread frees at once, and bursts of concurrent
/// requests are served in parallel. On loopback a new connection per request costs microseconds.
fn respond(rq: tiny_http::Request, reply: Reply) {
    let head = rq.method() == &tiny_http::Method::Head;
    let request_headers = rq.headers().to_vec();
    let length = reply.body.len();
    let mut response = tiny_http::Response::new(
        tiny_http::StatusCode(reply.status),
        Vec::new(),
        std::io::Cursor::new(reply.body),
        Some(length),
        None,
    );
    let mut headers = vec![("Content-Type".to_string(), reply.content_type.to_string())];
    headers.extend(reply.headers);
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    let mut writer = rq.into_writer();
    let _ = response.raw_print(
        &mut writer,
        tiny_http::HTTPVersion(1, 0),
        &request_headers,
        head,
        None,
    );
    let _ = writer.flush();
}
