//! One request: check the shared header, read the body within its limits, judge it, then answer
//! it (findings or status) or forward it, and hand the exchange to the collector.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Body, Incoming};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::json;
use tokio::sync::{mpsc, watch};

use crate::cxone::redact::{MASK, Redactor};
use crate::payload::codes as payload_codes;
use crate::report::overrides::Overrides;
use crate::report::{Finding, Status, Subject};

use super::codes;
use super::exchange::{self, Exchange, Upstream};
use super::forward::{self, Forwarder};
use super::judge::{Judge, Judged};
use super::options::{Options, Respond};

/// How long a client may take to send a body once its head has arrived.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a forwarded request may still wait for the upstream once the listener stops
/// (less than a connection's grace, so the caller still gets its 502).
pub const STOP_GRACE: Duration = Duration::from_secs(3);

/// What every request handler shares.
pub struct Shared {
    /// The run's options.
    pub options: Options,
    /// The payload judge.
    pub judge: Judge,
    /// Severity overrides (config, then flags), applied before the answer is chosen.
    pub overrides: Overrides,
    /// The upstream, with `--forward-to`.
    pub forwarder: Option<Forwarder>,
    /// Masks the required header's value wherever it would be shown (with `--require-header`).
    pub redactor: Option<Redactor>,
    /// Requests numbered so far.
    pub counter: AtomicU64,
    /// Where finished exchanges go (the collector: live line, save file, report).
    pub done: mpsc::Sender<Exchange>,
    /// Turns true when the listener stops: a body still arriving is not waited for.
    pub stop: watch::Receiver<bool>,
}

/// The response type of every handler.
pub type Answer = Response<Full<Bytes>>;

/// Handle one request and send its exchange to the collector.
pub async fn handle(request: Request<Incoming>, shared: Arc<Shared>) -> Answer {
    let start = Instant::now();
    let path = request.uri().path();
    if path == "/healthz" && matches!(*request.method(), Method::GET | Method::HEAD) {
        return json_answer(StatusCode::OK, &json!({"status": "ok"}));
    }
    let n = shared.counter.fetch_add(1, Ordering::SeqCst) + 1;
    if shared.options.max_requests.is_some_and(|max| n > max) {
        let mut answer = json_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({"error": "the listener is stopping: --max-requests was reached"}),
        );
        close(&mut answer);
        return answer;
    }
    let (answer, exchange) = exchange_for(request, n, &shared, start).await;
    // The collector ends the run after --max-requests; a closed channel means it has stopped.
    let _ = shared.done.send(exchange).await;
    answer
}

/// What the listener saw of a request before judging its body.
struct Seen {
    n: u64,
    time: chrono::DateTime<chrono::Utc>,
    method: Method,
    path: String,
    shown_path: String,
    query: Option<String>,
    headers: HeaderMap,
}

async fn exchange_for(
    request: Request<Incoming>,
    n: u64,
    shared: &Shared,
    start: Instant,
) -> (Answer, Exchange) {
    let (parts, body) = request.into_parts();
    let seen = Seen {
        n,
        time: chrono::Utc::now(),
        method: parts.method,
        path: parts.uri.path().to_string(),
        shown_path: exchange::printable(parts.uri.path()),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
    };
    let options = &shared.options;
    let has_body = !body.is_end_stream();

    if let Some(required) = &options.require {
        let given = seen.headers.get(&required.name).map(HeaderValue::as_bytes);
        if !given.is_some_and(|g| same(g, required.value.expose().as_bytes())) {
            let why = if given.is_some() {
                "carries a wrong value in"
            } else {
                "lacks"
            };
            let finding = Finding::new(
                &codes::LISTEN_HEADER_MISSING,
                format!("the request {why} the header {} (--require-header)", required.name),
            )
            .hint(format!(
                "Send {} with the value of ${} from the sender (Cognigy's HTTP node or webhook headers).",
                required.name, required.env
            ));
            let mut answer = json_answer(
                StatusCode::UNAUTHORIZED,
                &json!({"error": format!("missing or wrong {} header", required.name)}),
            );
            if has_body {
                close(&mut answer);
            }
            return refused(shared, seen, answer, None, finding, start);
        }
    }

    if has_body && matches!(seen.method, Method::GET | Method::HEAD) {
        let finding = Finding::new(
            &codes::LISTEN_GET_WITH_BODY,
            format!(
                "a {} request carried a body; it was not read or forwarded",
                seen.method
            ),
        )
        .hint("Send the payload with POST.");
        let mut answer = error_answer(StatusCode::BAD_REQUEST, &finding.message);
        close(&mut answer);
        return refused(shared, seen, answer, None, finding, start);
    }

    let declared = seen
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(len) = declared.filter(|len| *len > options.max_body) {
        return too_large(shared, seen, Some(len), start);
    }
    let bytes = if has_body {
        let read =
            tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, options.max_body).collect());
        let mut stop = shared.stop.clone();
        let read = tokio::select! {
            read = read => read,
            _ = stop.wait_for(|stopped| *stopped) => {
                let why = "the listener stopped before the body arrived".to_string();
                return incomplete(shared, seen, StatusCode::SERVICE_UNAVAILABLE, why, start);
            }
        };
        match read {
            Ok(Ok(collected)) => collected.to_bytes(),
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
                return too_large(shared, seen, None, start);
            }
            Ok(Err(e)) => {
                return incomplete(
                    shared,
                    seen,
                    StatusCode::BAD_REQUEST,
                    format!("the body could not be read: {e}"),
                    start,
                );
            }
            Err(_) => {
                let why = format!(
                    "the body did not arrive within {} s",
                    BODY_TIMEOUT.as_secs()
                );
                return incomplete(shared, seen, StatusCode::REQUEST_TIMEOUT, why, start);
            }
        }
    } else {
        Bytes::new()
    };

    let payload_expected = has_body
        || !matches!(
            seen.method,
            Method::GET | Method::HEAD | Method::DELETE | Method::OPTIONS
        );
    let judged = payload_expected.then(|| shared.judge.body(&seen.path, &bytes));
    let mut extra = Vec::new();
    if judged.is_none() {
        extra.push(Finding::new(
            &codes::LISTEN_NO_PAYLOAD,
            format!("{} {} carried no payload", seen.method, seen.shown_path),
        ));
    }
    let mut subject = exchange::subject(
        seen.n,
        seen.method.as_str(),
        &seen.shown_path,
        judged.as_ref(),
        extra,
    );
    shared.overrides.apply_subject(&mut subject);

    let (answer, upstream) = match &shared.forwarder {
        Some(forwarder) => {
            let send = forwarder.send(
                &seen.method,
                &seen.path,
                seen.query.as_deref(),
                &seen.headers,
                bytes.clone(),
            );
            let mut stop = shared.stop.clone();
            let stopped = async move {
                let _ = stop.wait_for(|stopped| *stopped).await;
                tokio::time::sleep(STOP_GRACE).await;
            };
            let (result, elapsed) = forward::timed(async {
                tokio::select! {
                    result = send => result,
                    _ = stopped => Err(forward::Failed(format!(
                        "the listener stopped and the service had not answered {} s later",
                        STOP_GRACE.as_secs()
                    ))),
                }
            })
            .await;
            match result {
                Ok(answer) => {
                    let changed =
                        forwarder.changes(&seen.path, seen.query.as_deref(), &seen.headers);
                    if !changed.is_empty() {
                        subject.push(
                            Finding::new(
                                &codes::LISTEN_FORWARD_ALTERED,
                                format!(
                                    "{} received the request changed by the HTTP client: {}",
                                    forwarder.shown(),
                                    changed.join("; ")
                                ),
                            )
                            .hint("Send an Accept header and a normalised, percent-encoded path to forward the request exactly."),
                        );
                    }
                    if answer.status.is_client_error() || answer.status.is_server_error() {
                        subject.push(Finding::new(
                            &codes::LISTEN_UPSTREAM_STATUS,
                            format!("{} answered {}", forwarder.shown(), answer.status),
                        ));
                    }
                    let status = answer.status.as_u16();
                    let mut response = Response::new(Full::new(answer.body));
                    *response.status_mut() = answer.status;
                    *response.headers_mut() = answer.headers;
                    (
                        response,
                        Some(Upstream {
                            status: Some(status),
                            elapsed,
                        }),
                    )
                }
                Err(failed) => {
                    let message =
                        format!("could not forward to {}: {}", forwarder.shown(), failed.0);
                    subject.push(
                        Finding::new(&codes::LISTEN_UPSTREAM_UNREACHABLE, message.clone())
                            .hint("Start the service or fix --forward-to; the caller got 502."),
                    );
                    let answer = json_answer(
                        StatusCode::BAD_GATEWAY,
                        &json!({"error": message, "upstream": forwarder.shown()}),
                    );
                    (
                        answer,
                        Some(Upstream {
                            status: None,
                            elapsed,
                        }),
                    )
                }
            }
        }
        None => (respond(options.respond, &subject, judged.as_ref()), None),
    };
    if upstream.is_some() {
        shared.overrides.apply_subject(&mut subject);
    }
    let status = answer.status().as_u16();
    let latency = start.elapsed();
    exchange::answer_facts(
        &mut subject,
        Some(bytes.len()),
        status,
        latency,
        upstream.as_ref(),
    );
    scrub(&mut subject, shared.redactor.as_ref());
    let keep = options.save.is_some();
    let exchange = Exchange {
        n: seen.n,
        time: seen.time,
        method: seen.method.to_string(),
        target: target(&seen, shared.redactor.as_ref()),
        headers: (keep && options.save_headers).then(|| masked_headers(&seen.headers, shared)),
        path: seen.shown_path,
        judged,
        bytes: Some(bytes.len()),
        body: keep.then_some(bytes),
        status,
        upstream,
        latency,
        subject,
    };
    (answer, exchange)
}

/// The answer without `--forward-to`.
fn respond(mode: Respond, subject: &Subject, judged: Option<&Judged>) -> Answer {
    let status = match judged {
        Some(j) if !j.parsed => StatusCode::BAD_REQUEST,
        None => StatusCode::NOT_FOUND,
        Some(_) if subject.status >= Status::Fail => StatusCode::UNPROCESSABLE_ENTITY,
        Some(_) => StatusCode::OK,
    };
    match mode {
        Respond::Status => {
            let status = if status == StatusCode::OK {
                StatusCode::NO_CONTENT
            } else {
                status
            };
            let mut answer = Response::new(Full::new(Bytes::new()));
            *answer.status_mut() = status;
            answer
        }
        Respond::Findings => {
            let mut body = json!({
                "request": subject.id,
                "kind": subject.label,
                "status": subject.status,
                "findings": subject.findings,
            });
            for key in ["route", "guest"] {
                if let Some(value) = subject.facts.get(key) {
                    body[key] = value.clone();
                }
            }
            if judged.is_none() {
                body["error"] =
                    json!("no payload here: POST a JSON payload; GET /healthz answers 200");
            }
            json_answer(status, &body)
        }
    }
}

/// An exchange for a request refused before its body was judged.
fn refused(
    shared: &Shared,
    seen: Seen,
    answer: Answer,
    bytes: Option<usize>,
    finding: Finding,
    start: Instant,
) -> (Answer, Exchange) {
    let mut subject = exchange::subject(
        seen.n,
        seen.method.as_str(),
        &seen.shown_path,
        None,
        vec![finding],
    );
    shared.overrides.apply_subject(&mut subject);
    let status = answer.status().as_u16();
    let latency = start.elapsed();
    exchange::answer_facts(&mut subject, bytes, status, latency, None);
    scrub(&mut subject, shared.redactor.as_ref());
    let options = &shared.options;
    let exchange = Exchange {
        n: seen.n,
        time: seen.time,
        method: seen.method.to_string(),
        target: target(&seen, shared.redactor.as_ref()),
        headers: (options.save.is_some() && options.save_headers)
            .then(|| masked_headers(&seen.headers, shared)),
        path: seen.shown_path,
        judged: None,
        bytes,
        body: None,
        status,
        upstream: None,
        latency,
        subject,
    };
    (answer, exchange)
}

/// 413 for a body over `--max-body` (`len` when declared), not read and not forwarded.
fn too_large(
    shared: &Shared,
    seen: Seen,
    len: Option<usize>,
    start: Instant,
) -> (Answer, Exchange) {
    let max = shared.options.max_body;
    let size = len.map_or_else(|| format!("over {max} bytes"), |len| format!("{len} bytes"));
    let finding = Finding::new(
        &payload_codes::PAYLOAD_TOO_LARGE,
        format!(
            "the body is {size}; --max-body allows {max} bytes, so it was not read or forwarded"
        ),
    )
    .at("")
    .hint("Check that the sender posts one payload, or raise --max-body.");
    let mut answer = error_answer(StatusCode::PAYLOAD_TOO_LARGE, &finding.message);
    close(&mut answer);
    refused(shared, seen, answer, len, finding, start)
}

/// `status` (400, 408 after the body timeout, 503 when the listener stopped) for a body that
/// did not arrive whole.
fn incomplete(
    shared: &Shared,
    seen: Seen,
    status: StatusCode,
    why: String,
    start: Instant,
) -> (Answer, Exchange) {
    let finding = Finding::new(&codes::LISTEN_BODY_INCOMPLETE, why)
        .hint("Check the sender's timeouts and the network; nothing was judged or forwarded.");
    let mut answer = error_answer(status, &finding.message);
    close(&mut answer);
    refused(shared, seen, answer, None, finding, start)
}

/// The request target for `--save`: the path and the query with secret-looking values (and
/// the required header's value) masked.
fn target(seen: &Seen, redactor: Option<&Redactor>) -> String {
    let target = match &seen.query {
        Some(q) => format!("{}?{}", seen.path, exchange::masked_query(q)),
        None => seen.path.clone(),
    };
    match redactor {
        Some(redactor) => redactor.redact(&target),
        None => target,
    }
}

/// The request headers in order, secret ones masked.
fn masked_headers(headers: &HeaderMap, shared: &Shared) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if shared.options.is_secret_header(name.as_str()) {
                MASK.to_string()
            } else {
                let text = String::from_utf8_lossy(value.as_bytes());
                match &shared.redactor {
                    Some(redactor) => redactor.redact(&text),
                    None => text.into_owned(),
                }
            };
            (name.as_str().to_string(), shown)
        })
        .collect()
}

/// Mask the required header's value if a payload carried it into a message.
fn scrub(subject: &mut Subject, redactor: Option<&Redactor>) {
    let Some(redactor) = redactor else {
        return;
    };
    subject.id = redactor.redact(&subject.id);
    for finding in &mut subject.findings {
        finding.message = redactor.redact(&finding.message);
        if let Some(hint) = &mut finding.hint {
            *hint = redactor.redact(hint);
        }
    }
    for value in subject.facts.values_mut() {
        let text = value.to_string();
        let masked = redactor.redact(&text);
        if masked != text {
            *value = serde_json::from_str(&masked).unwrap_or_else(|_| json!(MASK));
        }
    }
}

/// Compare without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A JSON answer.
pub fn json_answer(status: StatusCode, body: &serde_json::Value) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::from(body.to_string())));
    *answer.status_mut() = status;
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    answer
}

fn error_answer(status: StatusCode, message: &str) -> Answer {
    json_answer(status, &json!({"error": message}))
}

/// Close the connection after this answer (its request's body was not read).
fn close(answer: &mut Answer) {
    answer
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_needs_every_byte() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
