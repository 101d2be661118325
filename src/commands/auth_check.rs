//! `auth check`: discovery, token, identity, API host and one authenticated read, one subject per
//! step, then the permission matrix (one read per API family, see `auth_permissions`).
//!
//! Steps after a failed step are reported as skipped. The run ends with exit 3 when the tool
//! could not authenticate (or could not judge a step); a 403 on the read is a failure (exit 1).

use chrono::{TimeZone, Utc};
use serde_json::Value;

use super::Outcome;
use super::auth_permissions;
use crate::commands::session;
use crate::config::profile::ResolvedProfile;
use crate::config::{ClientAuthMethod, Grant};
use crate::context::Ctx;
use crate::cxone::codes;
use crate::cxone::discovery::{HostSource, Hosts};
use crate::cxone::token::{TokenGrant, TokenSet, unix_now};
use crate::cxone::token_cache::Login;
use crate::cxone::{ApiError, Call, Client, ErrorKind};
use crate::report::{Finding, Report, Subject};

/// Clock skew above this many seconds warns.
pub const MAX_SKEW_S: i64 = 60;
/// A token living less than this many seconds warns.
pub const MIN_LIFETIME_S: u64 = 600;

/// Run `auth check` for the context's profile (or sandbox).
pub fn run(ctx: &Ctx) -> anyhow::Result<Outcome> {
    let session = session::connect(ctx)?;
    let (report, complete) = check(&session.client);
    Ok(if complete {
        Outcome::Report(report)
    } else {
        Outcome::Incomplete(report)
    })
}

fn step(id: &str) -> Subject {
    Subject::new("step", id)
}

fn stats<T>(s: &mut Subject, call: &Call<T>) {
    if call.requests > 0 {
        s.fact("status", call.http_status);
        s.fact("attempts", call.attempts);
        s.fact("elapsedMs", call.elapsed_ms);
    }
}

/// Record a failed step; `true` when the tool could not judge it (network, 5xx, decode).
fn failed(s: &mut Subject, e: &ApiError) -> bool {
    s.fact("endpoint", e.target());
    if let Some(status) = e.status {
        s.fact("status", status);
    }
    s.fact("attempts", e.attempts);
    let undecided = !matches!(
        e.kind,
        ErrorKind::Unauthorized | ErrorKind::Forbidden | ErrorKind::NotFound | ErrorKind::Rejected
    );
    if undecided {
        s.error(e.finding());
    } else {
        s.push(e.finding());
    }
    undecided
}

fn not_run(id: &str, because: &str) -> Subject {
    let mut s = step(id);
    s.skip(Finding::new(
        &codes::AUTH_STEP_NOT_RUN,
        format!("not run: {because}"),
    ));
    s
}

fn iso(unix: f64) -> Value {
    Utc.timestamp_opt(unix as i64, 0)
        .single()
        .map_or(Value::Null, |t| Value::String(t.to_rfc3339()))
}

fn grant_name(p: &ResolvedProfile) -> &'static str {
    match p.auth.grant {
        Grant::AccessKey => "password (access key)",
        Grant::ClientCredentials => "client_credentials",
    }
}

fn client_auth_name(p: &ResolvedProfile) -> &'static str {
    match p.auth.client_auth {
        ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
        ClientAuthMethod::ClientSecretPost => "client_secret_post",
    }
}

/// Run every step against `client`; the bool is false when authentication did not complete.
pub fn check(client: &Client) -> (Report, bool) {
    let mut report = Report::new("auth check");
    let profile = client.profile().clone();
    let now = unix_now();
    let cached = client
        .cached_login()
        .filter(|l| !l.token.needs_refresh(now));

    // 1. Discovery.
    let mut s = step("discovery");
    s.fact("profile", profile.name.clone());
    s.fact("issuer", profile.issuer.clone());
    let endpoint = if let Some(c) = &cached {
        s.push(Finding::new(
            &codes::AUTH_TOKEN_ENDPOINT,
            format!(
                "skipped: a cached token from {} is still valid",
                c.token_endpoint
            ),
        ));
        s.fact("tokenEndpoint", c.token_endpoint.clone());
        s.fact("skipped", true);
        s.label = Some("skipped: cached token".into());
        Some(c.token_endpoint.clone())
    } else if let Some(url) = &profile.token_url {
        s.push(Finding::new(
            &codes::AUTH_TOKEN_ENDPOINT,
            format!("skipped: token_url is set to {url}"),
        ));
        s.fact("tokenEndpoint", url.clone());
        s.fact("skipped", true);
        s.label = Some("skipped: token_url".into());
        Some(url.clone())
    } else {
        match client.discover_token_endpoint() {
            Ok(call) => {
                s.push(Finding::new(
                    &codes::AUTH_TOKEN_ENDPOINT,
                    format!(
                        "token endpoint {} (from {}/.well-known/openid-configuration)",
                        call.value, profile.issuer
                    ),
                ));
                s.fact("tokenEndpoint", call.value.clone());
                s.label = Some(call.value.clone());
                stats(&mut s, &call);
                Some(call.value)
            }
            Err(e) => {
                failed(&mut s, &e);
                None
            }
        }
    };
    report.push(s);
    let Some(endpoint) = endpoint else {
        return finish_early(report, "discovery", "OIDC discovery failed");
    };

    // 2. Token.
    let mut s = step("token");
    s.fact("tokenEndpoint", endpoint.clone());
    s.fact("grant", grant_name(&profile));
    s.fact("clientAuth", client_auth_name(&profile));
    let token = match &cached {
        Some(c) => {
            let left = c.token.remaining(now);
            s.push(Finding::new(
                &codes::AUTH_TOKEN_ISSUED,
                format!(
                    "reused a cached token ({left} s left of {} s); run with --no-token-cache to request a new one",
                    c.token.expires_in
                ),
            ));
            s.fact("source", "cache");
            s.fact("secondsLeft", left);
            Some(c.token.clone())
        }
        None => match client.request_token(&endpoint, &TokenGrant::Initial(profile.auth.grant)) {
            Ok(call) => {
                s.push(Finding::new(
                    &codes::AUTH_TOKEN_ISSUED,
                    format!(
                        "the token endpoint issued a {} token living {} s (grant {}, {})",
                        call.value.token_type.as_deref().unwrap_or("bearer"),
                        call.value.expires_in,
                        grant_name(&profile),
                        client_auth_name(&profile)
                    ),
                ));
                s.fact("source", "token endpoint");
                stats(&mut s, &call);
                Some(call.value)
            }
            Err(e) => {
                failed(&mut s, &e);
                None
            }
        },
    };
    if let Some(t) = &token {
        s.label = Some(format!("expires in {} s", t.remaining(unix_now())));
        s.fact("lifetimeSeconds", t.expires_in);
        s.fact("hasRefreshToken", t.refresh_token.is_some());
        s.fact("hasIdToken", t.id_token.is_some());
        if t.expires_in < MIN_LIFETIME_S {
            s.push(
                Finding::new(
                    &codes::AUTH_TOKEN_SHORT_LIVED,
                    format!("the token lives {} s, under 10 minutes", t.expires_in),
                )
                .hint("CXone tokens normally live 3600 s; check the token settings of the tenant or gateway"),
            );
        }
    }
    report.push(s);
    let Some(token) = token else {
        return finish_early(report, "token", "no token was obtained");
    };

    // 3. Identity.
    report.push(identity(&token));

    // 4. API host.
    let mut s = step("api-host");
    let hosts = match cached.as_ref().and_then(|c| c.hosts.clone()) {
        Some(h) => {
            describe_hosts(&mut s, &h, "cached with the token");
            Some(h)
        }
        None => match client.resolve_hosts(&token) {
            Ok(call) => {
                let how = match call.value.source {
                    HostSource::Profile => "api_base in the profile; discovery skipped".to_string(),
                    HostSource::Discovered => {
                        "cxone-configuration of the token's tenant".to_string()
                    }
                };
                describe_hosts(&mut s, &call.value, &how);
                stats(&mut s, &call);
                Some(call.value)
            }
            Err(e) => {
                failed(&mut s, &e);
                None
            }
        },
    };
    report.push(s);
    let Some(hosts) = hosts else {
        return finish_early(report, "api-host", "the API host is unknown");
    };
    client.install_login(Login {
        token,
        token_endpoint: endpoint,
        hosts: Some(hosts),
        from_cache: cached.is_some(),
    });

    // 5. One authenticated read, then one per API family (never a write).
    let (s, complete) = api_read(client);
    report.push(s);
    if complete {
        let dfo_known = client
            .login()
            .ok()
            .and_then(|l| l.hosts)
            .is_some_and(|h| h.dfo_base.is_some());
        report
            .subjects
            .extend(auth_permissions::check(client, dfo_known));
    } else {
        for id in ["admin", "real-time", "reporting", "digital"] {
            let mut s = Subject::new("permission", id);
            s.skip(Finding::new(
                &codes::AUTH_STEP_NOT_RUN,
                "not run: the authenticated read failed",
            ));
            report.push(s);
        }
        report.push(auth_permissions::writes(&profile));
    }
    report.finish();
    (report, complete)
}

fn describe_hosts(s: &mut Subject, h: &Hosts, how: &str) {
    let dfo = h
        .dfo_base
        .clone()
        .unwrap_or_else(|| "unknown (set dfo_base to read digital cases)".into());
    s.label = Some(h.api_base.clone());
    s.push(Finding::new(
        &codes::AUTH_API_HOST,
        format!(
            "ACD API {}, Digital Engagement {dfo} (from {how})",
            h.api_base
        ),
    ));
    s.fact("apiBase", h.api_base.clone());
    s.fact(
        "dfoBase",
        h.dfo_base.clone().map_or(Value::Null, Value::String),
    );
    s.fact("area", h.area.clone().map_or(Value::Null, Value::String));
    s.fact(
        "domain",
        h.domain.clone().map_or(Value::Null, Value::String),
    );
}

fn identity(token: &TokenSet) -> Subject {
    let mut s = step("identity");
    let Some(c) = token.claims() else {
        let why = if token.id_token.is_none() {
            "the token response has no id_token: tenant, business unit and region are unknown"
        } else {
            "the id_token cannot be decoded: tenant, business unit and region are unknown"
        };
        s.push(
            Finding::new(&codes::AUTH_NO_ID_TOKEN, why)
                .hint("set api_base and dfo_base in the profile"),
        );
        return s;
    };
    let or = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    s.label = Some(format!(
        "tenant {}, business unit {}",
        c.tenant_id.as_deref().unwrap_or("?"),
        c.business_unit.as_deref().unwrap_or("?")
    ));
    let mut text = format!(
        "tenant {}, business unit {}, area {}, cluster {}, user {}",
        or(&c.tenant_id),
        or(&c.business_unit),
        or(&c.area),
        or(&c.cluster),
        c.user().unwrap_or("?")
    );
    let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
    s.fact("tenantId", opt(&c.tenant_id));
    s.fact("businessUnit", opt(&c.business_unit));
    s.fact("area", opt(&c.area));
    s.fact("cluster", opt(&c.cluster));
    s.fact(
        "user",
        c.user().map_or(Value::Null, |u| Value::String(u.into())),
    );
    s.fact("iss", opt(&c.iss));
    if let (Some(iat), Some(exp)) = (c.iat, c.exp) {
        s.fact("tokenLifetimeSeconds", (exp - iat) as i64);
        text.push_str(&format!("; token lifetime {} s", (exp - iat) as i64));
    }
    if let Some(iat) = c.iat {
        s.fact("issuedAt", iso(iat));
        let skew = token.obtained_at as i64 - iat as i64;
        s.fact("clockSkewSeconds", skew);
        if skew.abs() > MAX_SKEW_S {
            let dir = if skew > 0 { "ahead of" } else { "behind" };
            s.push(
                Finding::new(
                    &codes::AUTH_CLOCK_SKEW,
                    format!(
                        "this machine's clock is {} s {dir} CXone's (token issued at {}, received at {})",
                        skew.abs(),
                        iso(iat).as_str().unwrap_or("?"),
                        iso(token.obtained_at as f64).as_str().unwrap_or("?")
                    ),
                )
                .hint("synchronise the clock (NTP); expiry and time windows depend on it"),
            );
        }
    }
    if let Some(exp) = c.exp {
        s.fact("expiresAt", iso(exp));
    }
    s.push(Finding::new(&codes::AUTH_IDENTITY, text));
    s
}

fn api_read(client: &Client) -> (Subject, bool) {
    let mut s = step("api-read");
    let first = client.api_version();
    let fallback = match &first {
        Err(e) if matches!(e.kind, ErrorKind::NotFound | ErrorKind::Forbidden) => Some(e.clone()),
        _ => None,
    };
    let result = match (first, fallback) {
        (Ok(call), _) => Ok(("GET /apiversion".to_string(), call.map(|_| ()))),
        (Err(_), Some(first_err)) => client.skills_page(1, 0, None).map(|call| {
            (
                format!(
                    "GET /skills?top=1 (GET /apiversion answered {})",
                    first_err.status.unwrap_or(0)
                ),
                call.map(|_| ()),
            )
        }),
        (Err(e), None) => Err(e),
    };
    match result {
        Ok((what, call)) => {
            s.push(Finding::new(
                &codes::AUTH_API_READ,
                format!(
                    "{what} answered {} in {} ms ({} attempt{})",
                    call.http_status,
                    call.elapsed_ms,
                    call.attempts,
                    if call.attempts == 1 { "" } else { "s" }
                ),
            ));
            s.label = Some(format!(
                "{} {}",
                what.split(" (").next().unwrap_or(&what),
                call.http_status
            ));
            s.fact("read", what);
            s.fact("apiVersion", client.profile().api_version.clone());
            stats(&mut s, &call);
            (s, true)
        }
        Err(e) => {
            let undecided = failed(&mut s, &e);
            if e.kind == ErrorKind::Unauthorized {
                // refused even with a fresh token: the tool cannot authenticate, so the step is
                // not judged (an `error`, matching exit 3)
                s.errored = true;
            }
            let complete = !undecided && e.kind != ErrorKind::Unauthorized;
            (s, complete)
        }
    }
}

fn finish_early(mut report: Report, failed_step: &str, because: &str) -> (Report, bool) {
    let steps = ["discovery", "token", "identity", "api-host", "api-read"];
    let after = steps
        .iter()
        .position(|id| *id == failed_step)
        .map_or(0, |i| i + 1);
    for id in &steps[after..] {
        report.push(not_run(id, because));
    }
    report.finish();
    (report, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::secret::Secret;
    use crate::cxone::token::unsigned_jwt;
    use serde_json::json;

    fn token(claims: Value, obtained_at: u64, expires_in: u64) -> TokenSet {
        TokenSet {
            access_token: Secret::new("AT"),
            refresh_token: None,
            id_token: Some(Secret::new(unsigned_jwt(&claims))),
            token_type: Some("Bearer".into()),
            expires_in,
            obtained_at,
        }
    }

    #[test]
    fn identity_reports_claims_and_warns_on_skew() {
        let t = token(
            json!({"tenantId":"T1","icBUId":4600123,"area":"na1","icClusterId":"C57","sub":"user:9","iat":1000,"exp":4600}),
            1000 + 90,
            3600,
        );
        let mut s = identity(&t);
        s.finish();
        assert_eq!(s.facts["businessUnit"], json!("4600123"));
        assert_eq!(s.facts["tokenLifetimeSeconds"], json!(3600));
        assert_eq!(s.facts["clockSkewSeconds"], json!(90));
        assert!(s.findings.iter().any(|f| f.code == "auth-clock-skew"));
        let ok = identity(&token(json!({"tenantId":"T1","iat":1000}), 1030, 3600));
        assert!(!ok.findings.iter().any(|f| f.code == "auth-clock-skew"));
    }

    #[test]
    fn a_missing_id_token_warns() {
        let mut t = token(json!({}), 0, 3600);
        t.id_token = None;
        let s = identity(&t);
        assert_eq!(s.findings[0].code, "auth-no-id-token");
    }

    #[test]
    fn steps_after_a_failure_are_not_run() {
        let mut r = Report::new("auth check");
        r.push(step("discovery"));
        let (r, complete) = finish_early(r, "discovery", "OIDC discovery failed");
        assert!(!complete);
        let ids: Vec<&str> = r.subjects.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            ["discovery", "token", "identity", "api-host", "api-read"]
        );
        assert_eq!(r.subjects[4].findings[0].code, "auth-step-not-run");
        assert_eq!(r.subjects[4].status, crate::report::Status::Skipped);
    }
}
