//! The structured API error: what failed (kind, status, family, endpoint) and how to fix it, in plain words.
//!
//! Commands match on [`ApiError::kind`] to turn a 404 or a 403 into a finding on one subject
//! while other subjects still report; [`ApiError::finding`] does that mapping for them.

use std::fmt;

use serde_json::Value;

use super::call::Attempt;
use super::codes;
use super::family::ApiFamily;
use crate::report::Finding;

/// What went wrong, coarsely; commands decide per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 404: the resource does not exist (or the path is wrong for this version).
    NotFound,
    /// 403: the user's role lacks the permission.
    Forbidden,
    /// 401: the credentials or the token were refused.
    Unauthorized,
    /// 429 after every attempt.
    Throttled,
    /// 5xx (after retries when the request could be resent).
    Server,
    /// Another 4xx: the request was refused as invalid (`invalid_grant` and friends on the token endpoint).
    Rejected,
    /// DNS, TLS or connection failure.
    Network,
    /// No answer within `timeout_s`.
    Timeout,
    /// The answer is not the JSON expected (malformed, HTML page, missing field).
    Decode,
    /// `No known way to render data`: the request reached CXone without `Accept: application/json`.
    NotRenderable,
    /// A discovered URL is plain `http://` on a non-loopback host.
    Insecure,
    /// `run_timeout_s` ran out.
    Deadline,
    /// Replay mode: the record holds no answer for this request.
    NotRecorded,
    /// An unexpected status (1xx, 3xx).
    Unexpected,
    /// A host the call needs is unknown (no api_base / dfo_base and discovery could not tell).
    Config,
    /// Ctrl-C or SIGTERM: the request was not sent (or not retried).
    Interrupted,
    /// A paged list could not be read whole (a refused `_links.next`, repeated pages, a
    /// `totalRecords` that the pages never reach, the page limit).
    Paging,
}

/// Which part of the flow failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `GET {issuer}/.well-known/openid-configuration`.
    Discovery,
    /// `POST {token_endpoint}`.
    Token,
    /// `GET {iss}/.well-known/cxone-configuration`.
    HostDiscovery,
    /// An ACD or Digital API call.
    Api,
}

/// One failed call, with everything needed to explain it. No secret is ever stored here.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where in the flow.
    pub stage: Stage,
    /// HTTP status, when the server answered.
    pub status: Option<u16>,
    /// `GET`, `POST` (boxed, like the attempt log, to keep `Result<_, ApiError>` small).
    pub method: Box<str>,
    /// The URL without its query string.
    pub endpoint: String,
    /// The API family (for a 403: which permission is missing).
    pub family: Option<ApiFamily>,
    /// Error code from the body (`invalid_client`, `errorCode`), when there is one.
    pub code: Option<String>,
    /// Description from the body, the network cause, or the first 200 characters of the body.
    pub detail: Option<String>,
    /// Attempts made.
    pub attempts: u32,
    /// Milliseconds spent on all attempts.
    pub elapsed_ms: u64,
    /// The request was a POST that was not resent because it may have been processed.
    pub not_resent: bool,
    /// Every attempt made, oldest first (empty when nothing was sent). Boxed to keep
    /// `Result<_, ApiError>` small.
    pub attempt_log: Box<Vec<Attempt>>,
}

impl ApiError {
    /// A new error; fill the optional parts with the setters.
    pub fn new(kind: ErrorKind, stage: Stage, method: &str, endpoint: &str) -> Self {
        ApiError {
            kind,
            stage,
            status: None,
            method: method.into(),
            endpoint: endpoint.to_string(),
            family: None,
            code: None,
            detail: None,
            attempts: 1,
            elapsed_ms: 0,
            not_resent: false,
            attempt_log: Box::default(),
        }
    }

    /// Set the detail.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// True for a 404.
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }

    /// True for a 403.
    pub fn is_forbidden(&self) -> bool {
        self.kind == ErrorKind::Forbidden
    }

    /// `METHOD URL`.
    pub fn target(&self) -> String {
        format!("{} {}", self.method, self.endpoint)
    }

    fn status_text(&self) -> String {
        match (self.status, &self.code, &self.detail) {
            (Some(s), Some(c), Some(d)) => format!("{s} {c}: {d}"),
            (Some(s), Some(c), None) => format!("{s} {c}"),
            (Some(s), None, Some(d)) => format!("{s}: {d}"),
            (Some(s), None, None) => s.to_string(),
            (None, _, Some(d)) => d.clone(),
            (None, _, None) => "no answer".to_string(),
        }
    }

    fn tries(&self) -> String {
        if self.attempts > 1 {
            format!(" after {} attempts", self.attempts)
        } else {
            String::new()
        }
    }

    fn oauth_code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// One or two sentences saying what failed.
    pub fn message(&self) -> String {
        let target = self.target();
        let status = self.status_text();
        let tries = self.tries();
        let family = self.family.map_or("CXone", ApiFamily::name);
        match (self.stage, self.kind) {
            (_, ErrorKind::Network) => match self.stage {
                Stage::Discovery => format!(
                    "cannot reach the issuer for OIDC discovery ({target}){tries}: {status}"
                ),
                Stage::Token => {
                    format!("cannot reach the token endpoint ({target}){tries}: {status}")
                }
                Stage::HostDiscovery => {
                    format!("cannot reach cxone-configuration ({target}){tries}: {status}")
                }
                Stage::Api => format!("cannot reach the API host ({target}){tries}: {status}"),
            },
            (_, ErrorKind::Timeout) => {
                let resent = if self.not_resent {
                    "; not resent, the server may have processed it"
                } else {
                    ""
                };
                format!("no answer from {target} in time{tries}{resent}")
            }
            (_, ErrorKind::Deadline) => {
                format!("the run time limit ran out before {target} could finish{tries}")
            }
            (_, ErrorKind::Insecure) => {
                format!("refusing a discovered URL from {target}: {status}")
            }
            (_, ErrorKind::NotRecorded) => format!("the recording holds no answer for {target}"),
            (_, ErrorKind::Interrupted) => {
                format!("{target} was not sent{tries}: the run was interrupted (Ctrl-C or SIGTERM)")
            }
            (_, ErrorKind::Config) => self
                .detail
                .clone()
                .unwrap_or_else(|| format!("{target} cannot be called: a host is unknown")),
            (_, ErrorKind::Paging) => {
                format!("the list {target} could not be read whole: {status}")
            }
            (_, ErrorKind::NotRenderable) => format!(
                "{target} answered \"No known way to render data\": the request reached CXone without Accept: application/json"
            ),
            (Stage::Discovery, ErrorKind::NotFound) => {
                format!("no OIDC discovery document at {target} (404)")
            }
            (Stage::Discovery, _) => {
                format!("OIDC discovery failed{tries}: {target} answered {status}")
            }
            (Stage::Token, _) => match self.oauth_code() {
                Some("invalid_client") => format!(
                    "the token endpoint refused the client id/secret (invalid_client): the client id or secret is wrong, or the application registration is not approved yet [{target}: {status}]"
                ),
                Some("invalid_grant") => format!(
                    "the token endpoint refused the access key (invalid_grant): the access key id or secret is wrong, or the key or its user is disabled [{target}: {status}]"
                ),
                Some("unsupported_grant_type" | "unauthorized_client") => format!(
                    "the token endpoint does not allow this grant type for the application [{target}: {status}]"
                ),
                _ if self.status == Some(401) => format!(
                    "the token endpoint refused the client credentials (401): the client id or secret is wrong, or the application registration is not approved yet [{target}: {status}]"
                ),
                _ if self.kind == ErrorKind::NotFound => {
                    format!("no token endpoint at {target} (404)")
                }
                _ => format!("the token request failed{tries}: {target} answered {status}"),
            },
            (Stage::HostDiscovery, _) => {
                format!("cannot resolve the tenant's API host{tries}: {target} answered {status}")
            }
            (Stage::Api, ErrorKind::NotFound) => format!("not found: {target} answered {status}"),
            (Stage::Api, ErrorKind::Forbidden) => format!(
                "the access key's user lacks permission for the {family} API: {target} answered {status}"
            ),
            (Stage::Api, ErrorKind::Unauthorized) => format!(
                "the API refused the token even after a fresh one: {target} answered {status}"
            ),
            (Stage::Api, ErrorKind::Throttled) => {
                format!("throttled{tries}: {target} answered {status}")
            }
            (Stage::Api, ErrorKind::Server) => {
                let resent = if self.not_resent {
                    " (not resent: the server may have processed it)"
                } else {
                    ""
                };
                format!("the server failed{tries}{resent}: {target} answered {status}")
            }
            (Stage::Api, ErrorKind::Decode) => format!("unreadable answer from {target}: {status}"),
            (Stage::Api, _) => format!("the call failed{tries}: {target} answered {status}"),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> String {
        let family = self.family.map_or("CXone", ApiFamily::name);
        match (self.stage, self.kind) {
            (Stage::Discovery | Stage::Token, ErrorKind::Network) => "check the issuer (and token_url) for your region: Global https://cxone.niceincontact.com, FedRAMP https://cxone-gov.niceincontact.com, sovereign https://nicecxone-sov1.au or .eu; then DNS, proxy and TLS interception on this network".into(),
            (Stage::HostDiscovery, ErrorKind::Network) => "check the network and proxy; or set api_base (e.g. https://api-na1.niceincontact.com) to skip cxone-configuration discovery".into(),
            (Stage::Api, ErrorKind::Network) => "check api_base / the region of the tenant, DNS, proxy and TLS interception on this network".into(),
            (_, ErrorKind::Timeout) => "raise http.timeout_s, or check the network; a POST that timed out is never resent, check whether it took effect before running again".into(),
            (_, ErrorKind::Deadline) => "raise http.run_timeout_s (0 means no limit), or check fewer things per run".into(),
            (_, ErrorKind::Insecure) => "CXone publishes https URLs only; check the issuer, or set token_url / api_base / dfo_base explicitly".into(),
            (_, ErrorKind::NotRecorded) => "the bundle was saved by another command or version; save it again with --save-bundle".into(),
            (_, ErrorKind::Interrupted) => "run the command again to judge everything".into(),
            (_, ErrorKind::Config) => "set api_base (e.g. https://api-na1.niceincontact.com) and dfo_base (e.g. https://api-de-na1.niceincontact.com) in the profile, or CXONE_API_BASE / CXONE_DFO_BASE".into(),
            (_, ErrorKind::Paging) => "what depends on this list is unknown; run again (lists move while agents log in), raise http.max_pages if the list is that long, or run with -vv to see each page".into(),
            (_, ErrorKind::NotRenderable) => "cxone-diag always sends Accept: application/json; a proxy between here and CXone strips it".into(),
            (Stage::Discovery, _) => "check the issuer URL (no path: https://cxone.niceincontact.com), or set token_url (e.g. https://cxone.niceincontact.com/auth/token) to skip discovery".into(),
            (Stage::Token, _) => match self.oauth_code() {
                Some("invalid_client") => "check CXONE_CLIENT_ID / CXONE_CLIENT_SECRET (or the variables the profile's auth section names) against the CXone application registration (a Back-end app); new registrations take 2-3 business days; if the app uses client_secret_post, set auth.client_auth".into(),
                Some("invalid_grant") => "check CXONE_ACCESS_KEY_ID / CXONE_ACCESS_KEY_SECRET; in CXone, Admin > Employees > the user > Access Keys: the key must be active and its user active".into(),
                Some("unsupported_grant_type" | "unauthorized_client") => "CXone's token endpoint expects auth.grant: access-key (the password grant); client-credentials is only for gateways that accept it".into(),
                _ if self.status == Some(401) => "check CXONE_CLIENT_ID / CXONE_CLIENT_SECRET against the CXone application registration; new registrations take 2-3 business days".into(),
                _ => "check token_url / issuer; run with -vv to see the exchange (secrets redacted)".into(),
            },
            (Stage::HostDiscovery, _) => "set api_base (e.g. https://api-na1.niceincontact.com) to skip cxone-configuration discovery".into(),
            (Stage::Api, ErrorKind::NotFound) => "check the id exists on this tenant; a path unknown to the API version also gives 404 (see api_version)".into(),
            (Stage::Api, ErrorKind::Forbidden) => format!("give the role of the access key's user the {family} permissions (Admin > Security Profiles / Roles), and make sure the application registration includes the {family} API"),
            (Stage::Api, ErrorKind::Unauthorized) => format!("make sure the application registration includes the {family} API and that api_base belongs to the token's tenant and region"),
            (Stage::Api, ErrorKind::Throttled) => "CXone throttles per tenant: wait and run again, lower http.concurrency, or raise http.max_retry_wait_s".into(),
            (Stage::Api, ErrorKind::Server) => "CXone or a proxy in between is failing; run again later, with -v to see each attempt".into(),
            (Stage::Api, ErrorKind::Decode) => "a proxy, login page or wrong api_base answers instead of CXone; run with -vv to see the answer".into(),
            (Stage::Api, _) => "run with -vv to see the exchange (secrets redacted)".into(),
        }
    }

    /// The finding that reports this error on a subject (use with `Subject::error` or `push`).
    pub fn finding(&self) -> Finding {
        let code = match (self.stage, self.kind) {
            (_, ErrorKind::Network) => &codes::API_UNREACHABLE,
            (_, ErrorKind::Timeout) => &codes::API_TIMEOUT,
            (_, ErrorKind::Deadline) => &codes::API_RUN_TIMEOUT,
            (_, ErrorKind::Insecure) => &codes::API_INSECURE_URL,
            (_, ErrorKind::NotRecorded) => &codes::API_NOT_RECORDED,
            (_, ErrorKind::Interrupted) => &crate::report::codes::general::RUN_INTERRUPTED,
            (_, ErrorKind::NotRenderable) => &codes::API_MISSING_ACCEPT,
            (_, ErrorKind::Paging) => &codes::API_LIST_INCOMPLETE,
            (_, ErrorKind::Config) => &codes::AUTH_API_HOST_FAILED,
            (Stage::Discovery, _) => &codes::AUTH_DISCOVERY_FAILED,
            (Stage::HostDiscovery, _) => &codes::AUTH_API_HOST_FAILED,
            (Stage::Token, _) => match self.oauth_code() {
                Some("invalid_client") => &codes::AUTH_INVALID_CLIENT,
                Some("invalid_grant") => &codes::AUTH_INVALID_GRANT,
                _ if self.status == Some(401) => &codes::AUTH_INVALID_CLIENT,
                _ => &codes::AUTH_TOKEN_REFUSED,
            },
            (Stage::Api, ErrorKind::NotFound) => &codes::API_NOT_FOUND,
            (Stage::Api, ErrorKind::Forbidden) => &codes::API_FORBIDDEN,
            (Stage::Api, ErrorKind::Unauthorized) => &codes::API_UNAUTHORIZED,
            (Stage::Api, ErrorKind::Throttled) => &codes::API_THROTTLED,
            (Stage::Api, ErrorKind::Server) => &codes::API_SERVER_ERROR,
            (Stage::Api, ErrorKind::Decode) => &codes::API_BAD_RESPONSE,
            (Stage::Api, _) => &codes::API_REJECTED,
        };
        Finding::new(code, self.message()).hint(self.hint())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  hint: {}", self.message(), self.hint())
    }
}

impl std::error::Error for ApiError {}

/// The kind for an HTTP error status.
pub fn kind_of_status(status: u16) -> ErrorKind {
    match status {
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::Throttled,
        400..=499 => ErrorKind::Rejected,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Unexpected,
    }
}

/// Read an error body: `{error, error_description}`, `{error, errorDescription}`,
/// `{errors: [{message, errorCode}], uid}`, `{message}`; otherwise the first 200 characters.
/// Returns `(code, detail)`.
pub fn parse_error_body(body: &str) -> (Option<String>, Option<String>) {
    let text = body.trim();
    if text.is_empty() {
        return (None, None);
    }
    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) {
        let s = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
        if let Some(Value::Array(errors)) = map.get("errors") {
            let messages: Vec<String> = errors
                .iter()
                .filter_map(|e| match e {
                    Value::Object(e) => e.get("message").and_then(Value::as_str).map(|m| {
                        match e.get("field").and_then(Value::as_str) {
                            Some(field) => format!("{field}: {m}"),
                            None => m.to_string(),
                        }
                    }),
                    Value::String(m) => Some(m.clone()),
                    _ => None,
                })
                .collect();
            let code = errors.iter().find_map(|e| {
                e.get("errorCode").map(|c| match c {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            });
            let mut detail = messages.join("; ");
            if let Some(uid) = s("uid") {
                detail.push_str(&format!(" (uid {uid})"));
            }
            return (code, Some(detail).filter(|d| !d.trim().is_empty()));
        }
        let code = s("error").or_else(|| s("errorCode")).or_else(|| s("code"));
        let detail = s("error_description")
            .or_else(|| s("errorDescription"))
            .or_else(|| s("message"))
            .or_else(|| s("Message"));
        if code.is_some() || detail.is_some() {
            return (code, detail);
        }
    }
    (None, Some(excerpt(text)))
}

/// The first 200 characters of a body, on one line.
pub fn excerpt(body: &str) -> String {
    let one_line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(200).collect();
    if one_line.chars().count() > 200 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_cxone_error_shapes() {
        assert_eq!(
            parse_error_body(
                r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#
            ),
            (
                Some("invalid_client".into()),
                Some("Client authentication failed".into())
            )
        );
        assert_eq!(
            parse_error_body(r#"{"error":"InvalidSkill","errorDescription":"Skill 99 not found"}"#),
            (
                Some("InvalidSkill".into()),
                Some("Skill 99 not found".into())
            )
        );
        assert_eq!(
            parse_error_body(
                r#"{"errors":[{"field":"thread","message":"is required","errorCode":4001}],"uid":"u-1"}"#
            ),
            (
                Some("4001".into()),
                Some("thread: is required (uid u-1)".into())
            )
        );
    }

    #[test]
    fn other_bodies_become_a_short_excerpt() {
        let html = format!("<html>\n<body>{}</body></html>", "x".repeat(500));
        let (code, detail) = parse_error_body(&html);
        assert_eq!(code, None);
        let detail = detail.unwrap();
        assert!(detail.starts_with("<html> <body>"), "{detail}");
        assert_eq!(detail.chars().count(), 201);
        assert_eq!(parse_error_body("  "), (None, None));
    }

    #[test]
    fn token_errors_explain_themselves() {
        let mut e = ApiError::new(
            ErrorKind::Unauthorized,
            Stage::Token,
            "POST",
            "https://cxone.niceincontact.com/auth/token",
        );
        e.status = Some(401);
        e.code = Some("invalid_client".into());
        assert!(
            e.message().contains("client id or secret is wrong"),
            "{}",
            e.message()
        );
        assert!(e.message().contains("not approved"));
        assert_eq!(e.finding().code, "auth-invalid-client");
        e.kind = ErrorKind::Rejected;
        e.status = Some(400);
        e.code = Some("invalid_grant".into());
        assert!(e.message().contains("access key"), "{}", e.message());
        assert!(e.hint().contains("Access Keys"));
        assert_eq!(e.finding().code, "auth-invalid-grant");
    }

    #[test]
    fn forbidden_names_the_api_family() {
        let mut e = ApiError::new(
            ErrorKind::Forbidden,
            Stage::Api,
            "GET",
            "https://api/x/skills/1/activity",
        );
        e.status = Some(403);
        e.family = Some(ApiFamily::RealTimeData);
        assert!(
            e.message().contains("Real-Time Data API"),
            "{}",
            e.message()
        );
        assert!(e.hint().contains("Real-Time Data"));
        let f = e.finding();
        assert_eq!(f.code, "api-forbidden");
        assert!(f.hint.unwrap().contains("role"));
    }

    #[test]
    fn network_errors_point_at_the_issuer_or_region() {
        let e = ApiError::new(
            ErrorKind::Network,
            Stage::Discovery,
            "GET",
            "https://cxone.example/.well-known/openid-configuration",
        )
        .detail("dns error");
        assert!(e.hint().contains("issuer"));
        assert!(e.to_string().contains("hint:"));
        assert_eq!(e.finding().code, "api-unreachable");
    }
}
