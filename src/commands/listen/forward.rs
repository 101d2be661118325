//! Forwarding with the project's HTTP client stack (reqwest, redirects off): the same method,
//! path, query, headers minus hop-by-hop ones and a byte-identical body; the answer comes back
//! unchanged.

use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::header::{self, HeaderMap, HeaderName};
use hyper::{Method, StatusCode};
use reqwest::Url;

/// The most of an upstream answer read (a larger one is a 502).
pub const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// Headers that belong to one connection, not to the message (RFC 9110 §7.6.1), plus the
/// ones the client computes itself for the upstream connection.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "expect",
    "host",
    "content-length",
];

/// True when `name` is not passed on (a hop-by-hop header, or one named by `Connection`).
pub fn is_hop_by_hop(name: &HeaderName, headers: &HeaderMap) -> bool {
    HOP_BY_HOP.contains(&name.as_str())
        || headers
            .get_all(header::CONNECTION)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|token| token.trim().eq_ignore_ascii_case(name.as_str()))
}

/// The message headers of `headers` (hop-by-hop ones left out), in order, repeats kept.
pub fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        if !is_hop_by_hop(name, headers) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// The upstream URL of a request target: the request path appended to the URL's path, the
/// URL's query (if any) then the request's.
pub fn target(base: &Url, path: &str, query: Option<&str>) -> Url {
    let mut url = base.clone();
    let joined = format!("{}{}", base.path().trim_end_matches('/'), path);
    url.set_path(&joined);
    url.set_query(joined_query(base, query).as_deref());
    url
}

/// The URL's query (if any) then the request's.
fn joined_query(base: &Url, query: Option<&str>) -> Option<String> {
    match (
        base.query().filter(|q| !q.is_empty()),
        query.filter(|q| !q.is_empty()),
    ) {
        (Some(a), Some(b)) => Some(format!("{a}&{b}")),
        (Some(a), None) => Some(a.to_string()),
        (None, Some(b)) => Some(b.to_string()),
        (None, None) => None,
    }
}

/// What the HTTP client changes in a request it forwards, in words (empty: nothing): reqwest
/// adds `Accept: */*` to a request without one, and sends the target as a URL, which resolves
/// dot segments (also `%2e%2e`), turns `\` into `/` and percent-encodes characters such as
/// `{`, `}` and `'`. The query is not shown (it may carry a secret).
pub fn changes(base: &Url, path: &str, query: Option<&str>, headers: &HeaderMap) -> Vec<String> {
    let mut out = Vec::new();
    if !headers.contains_key(header::ACCEPT) {
        out.push(
            "the header Accept: */* was added (the HTTP client sends it when a request has none)"
                .to_string(),
        );
    }
    let url = target(base, path, query);
    let sent = format!("{}{}", base.path().trim_end_matches('/'), path);
    if url.path() != sent {
        out.push(format!(
            "the path {} went upstream as {}",
            super::exchange::printable(&sent),
            super::exchange::printable(url.path())
        ));
    }
    if url.query() != joined_query(base, query).as_deref() {
        out.push("the query went upstream re-encoded".to_string());
    }
    out
}

/// What the upstream answered.
#[derive(Debug)]
pub struct Answer {
    /// Its status.
    pub status: StatusCode,
    /// Its message headers (hop-by-hop ones left out).
    pub headers: HeaderMap,
    /// Its body, as received.
    pub body: Bytes,
}

/// Why forwarding failed (the caller gets a 502).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed(pub String);

/// Sends requests to the `--forward-to` service.
#[derive(Debug, Clone)]
pub struct Forwarder {
    client: reqwest::Client,
    base: Url,
}

impl Forwarder {
    /// A forwarder to `base`: redirects are not followed, connections are kept alive, and no
    /// proxy from the environment (`HTTP_PROXY`, ...) is used: the requests, with their
    /// `Authorization` and cookies, go straight to the service `--forward-to` names.
    pub fn new(base: Url, connect: Duration, timeout: Duration) -> anyhow::Result<Forwarder> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect)
            .timeout(timeout)
            .pool_max_idle_per_host(64)
            .tcp_nodelay(true)
            .build()?;
        Ok(Forwarder { client, base })
    }

    /// The base URL, without its query (which may carry a secret), for messages.
    pub fn shown(&self) -> String {
        let mut url = self.base.clone();
        url.set_query(None);
        url.to_string()
    }

    /// What forwarding changes in this request (see [`changes`]).
    pub fn changes(&self, path: &str, query: Option<&str>, headers: &HeaderMap) -> Vec<String> {
        changes(&self.base, path, query, headers)
    }

    /// Forward one request; the time it took is measured by the caller.
    pub async fn send(
        &self,
        method: &Method,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Answer, Failed> {
        let url = target(&self.base, path, query);
        let mut response = self
            .client
            .request(method.clone(), url)
            .headers(end_to_end(headers))
            .body(body)
            .send()
            .await
            .map_err(|e| Failed(reason(&e)))?;
        let status = response.status();
        let mut headers = end_to_end(response.headers());
        // an answer without a body (to HEAD, or 304) states the length of the one it stands
        // for: that is the upstream's, not the empty body's the listener sends
        if (*method == Method::HEAD || status == StatusCode::NOT_MODIFIED)
            && let Some(length) = response.headers().get(header::CONTENT_LENGTH)
        {
            headers.insert(header::CONTENT_LENGTH, length.clone());
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                        return Err(Failed(format!(
                            "the answer's body is over {MAX_ANSWER_BYTES} bytes"
                        )));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(Failed(reason(&e))),
            }
        }
        Ok(Answer {
            status,
            headers,
            body: Bytes::from(body),
        })
    }
}

/// Why a request failed, in words, without the URL (which the caller names itself).
fn reason(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "it did not answer in time (http.timeout_s)"
    } else if e.is_connect() {
        "the connection was refused or could not be made"
    } else if e.is_body() || e.is_decode() {
        "its answer could not be read"
    } else {
        "the request failed"
    };
    let mut detail = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        detail = inner.to_string();
        source = inner.source();
    }
    if detail.is_empty() {
        what.to_string()
    } else {
        format!("{what}: {detail}")
    }
}

/// Measure `f`.
pub async fn timed<T>(f: impl std::future::Future<Output = T>) -> (T, Duration) {
    let start = Instant::now();
    let out = f.await;
    (out, start.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    #[test]
    fn paths_and_queries_are_appended() {
        let base = Url::parse("http://127.0.0.1:5000").unwrap();
        assert_eq!(
            target(&base, "/webhook/cognigy", Some("a=1")).as_str(),
            "http://127.0.0.1:5000/webhook/cognigy?a=1"
        );
        let base = Url::parse("http://h/api/?k=v").unwrap();
        assert_eq!(
            target(&base, "/x", Some("a=1")).as_str(),
            "http://h/api/x?k=v&a=1"
        );
        assert_eq!(target(&base, "/", None).as_str(), "http://h/api/?k=v");
    }

    #[test]
    fn hop_by_hop_headers_stay_behind() {
        let mut headers = HeaderMap::new();
        headers.insert("connection", HeaderValue::from_static("keep-alive, x-hop"));
        headers.insert("x-hop", HeaderValue::from_static("1"));
        headers.insert("host", HeaderValue::from_static("127.0.0.1:8088"));
        headers.insert("transfer-encoding", HeaderValue::from_static("chunked"));
        headers.insert("authorization", HeaderValue::from_static("Bearer t"));
        headers.append("x-multi", HeaderValue::from_static("a"));
        headers.append("x-multi", HeaderValue::from_static("b"));
        let out = end_to_end(&headers);
        let names: Vec<&str> = out.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["authorization", "x-multi"]);
        assert_eq!(out.get_all("x-multi").iter().count(), 2);
    }

    #[test]
    fn what_the_client_changes_is_named() {
        let base = Url::parse("http://h/api/?k=v").unwrap();
        let mut accept = HeaderMap::new();
        accept.insert("accept", HeaderValue::from_static("application/json"));
        assert!(changes(&base, "/x", Some("a=1"), &accept).is_empty());
        assert_eq!(
            changes(&base, "/a/%2e%2e/b", Some("q='s'"), &HeaderMap::new()),
            [
                "the header Accept: */* was added (the HTTP client sends it when a request has none)",
                "the path /api/a/%2e%2e/b went upstream as /api/b",
                "the query went upstream re-encoded",
            ]
        );
        assert_eq!(
            changes(&base, "/x{y}", None, &accept),
            ["the path /api/x{y} went upstream as /api/x%7By%7D"]
        );
    }
}
