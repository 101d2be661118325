//! OIDC discovery, the token endpoint (password, refresh_token, client_credentials), cxone-configuration, and the bearer check of every API call.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::faults::ApiFamily;
use super::http::{Reply, Req, parse_pairs};
use super::state::State;

/// `GET /.well-known/openid-configuration`.
pub fn openid_configuration(state: &State, base: &str) -> Reply {
    Reply::json(
        200,
        &json!({
            "issuer": base,
            "authorization_endpoint": format!("{base}/auth/authorize"),
            "token_endpoint": format!("{base}/auth/token"),
            "jwks_uri": format!("{base}/.well-known/jwks"),
            "end_session_endpoint": format!("{base}/auth/logout"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "scopes_supported": ["openid"],
            "grant_types_supported": state.auth.grants,
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "id_token_signing_alg_values_supported": ["none"],
            "claims_supported": ["iss", "sub", "aud", "iat", "exp", "tenantId", "tenant", "icBUId", "icClusterId", "icAgentId", "area"],
        }),
    )
}

/// `GET /.well-known/jwks`: empty, the sandbox's id_tokens are unsigned.
pub fn jwks() -> Reply {
    Reply::json(200, &json!({"keys": []}))
}

/// `GET /.well-known/cxone-configuration?tenantId=`.
pub fn cxone_configuration(state: &State, req: &Req, base: &str) -> Reply {
    let Some(tenant) = req.q("tenantId") else {
        return Reply::oauth_error(
            400,
            "invalid_request",
            "the tenantId query parameter is required",
        );
    };
    if tenant != state.tenant.id {
        return Reply::oauth_error(
            404,
            "tenant_not_found",
            &format!("no tenant with id {tenant}"),
        );
    }
    let t = &state.tenant;
    Reply::json(
        200,
        &json!({
            "private": false,
            "ui_endpoint": base,
            "auth_endpoint": base,
            "api_endpoint": base,
            "area": t.area,
            "cluster": t.cluster,
            "domain": t.domain,
            "acdDomain": t.domain,
            "uhDomain": t.domain,
            "globaldomain": t.domain,
            "tenantId": t.id,
        }),
    )
}

/// `POST /auth/token`.
pub fn token(state: &mut State, req: &Req, base: &str, now: DateTime<Utc>) -> Reply {
    let form = parse_pairs(&req.body_text());
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let (client_id, client_secret) = match req.header("authorization").and_then(basic) {
        Some(pair) => (Some(pair.0), Some(pair.1)),
        None => (field("client_id"), field("client_secret")),
    };
    let creds = &state.creds;
    if client_id.as_deref() != Some(creds.client_id.as_str())
        || client_secret.as_deref() != Some(creds.client_secret.as_str())
    {
        return Reply::oauth_error(
            401,
            "invalid_client",
            "Client authentication failed: unknown client id or wrong client secret",
        )
        .with_header("WWW-Authenticate", "Basic realm=\"cxone\"");
    }
    let Some(grant) = field("grant_type") else {
        return Reply::oauth_error(
            400,
            "invalid_request",
            "grant_type is required (form-encoded body)",
        );
    };
    if !state.auth.grants.contains(&grant) {
        return Reply::oauth_error(
            400,
            "unsupported_grant_type",
            &format!("grant type {grant:?} is not supported"),
        );
    }
    let with_refresh = match grant.as_str() {
        "password" => {
            let ok = field("username").as_deref() == Some(creds.access_key_id.as_str())
                && field("password").as_deref() == Some(creds.access_key_secret.as_str());
            if !ok {
                return Reply::oauth_error(
                    400,
                    "invalid_grant",
                    "The access key id or access key secret is wrong, or the key is disabled",
                );
            }
            true
        }
        "refresh_token" => {
            let presented = field("refresh_token").unwrap_or_default();
            match state.refresh_tokens.remove(&presented) {
                Some(expiry) if expiry > now => true,
                Some(_) => {
                    return Reply::oauth_error(
                        400,
                        "invalid_grant",
                        "The refresh token has expired",
                    );
                }
                None => {
                    return Reply::oauth_error(
                        400,
                        "invalid_grant",
                        "The refresh token is not valid",
                    );
                }
            }
        }
        _ => false,
    };
    state.tokens.retain(|_, expiry| *expiry > now);
    state.refresh_tokens.retain(|_, expiry| *expiry > now);
    let lifetime = state.auth.token_lifetime_s;
    let access = format!(
        "sbx_at_{:016x}{:016x}",
        fastrand::u64(..),
        fastrand::u64(..)
    );
    state
        .tokens
        .insert(access.clone(), now + Duration::seconds(lifetime as i64));
    let mut body = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "id_token": id_token(state, base, now),
        "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
    });
    if with_refresh {
        let refresh = format!(
            "sbx_rt_{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        let refresh_life = Duration::seconds(state.auth.refresh_token_lifetime_s as i64);
        state
            .refresh_tokens
            .insert(refresh.clone(), now + refresh_life);
        body["refresh_token"] = json!(refresh);
    }
    Reply::json(200, &body)
        .with_header("Cache-Control", "no-store")
        .with_header("Pragma", "no-cache")
}

/// The claims of an id_token issued now.
pub fn claims(state: &State, base: &str, now: DateTime<Utc>) -> Value {
    let t = &state.tenant;
    let iat = now.timestamp();
    let mut c = json!({
        "iss": base,
        "sub": format!("user:{}", t.user_id),
        "aud": state.creds.client_id,
        "userId": t.user_id,
        "tenantId": t.id,
        "tenant": t.name,
        "icBUId": t.business_unit,
        "icClusterId": t.cluster,
        "area": t.area,
        "name": "Sandbox API User",
        "iat": iat,
        "exp": iat + state.auth.token_lifetime_s as i64,
    });
    if let Some(agent) = t.agent_id {
        c["icAgentId"] = json!(agent);
    }
    c
}

/// An unsigned, JWT-shaped id_token: `base64url(header).base64url(claims).base64url("sandbox-unsigned")`.
pub fn id_token(state: &State, base: &str, now: DateTime<Utc>) -> String {
    let header = json!({"alg": "none", "typ": "JWT", "kid": "sandbox"});
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.{}",
        enc(&header),
        enc(&claims(state, base, now)),
        URL_SAFE_NO_PAD.encode("sandbox-unsigned")
    )
}

/// Check the bearer token of an API call: `Err` is the 401 to send.
pub fn authorize(
    state: &State,
    req: &Req,
    family: ApiFamily,
    now: DateTime<Utc>,
) -> Result<(), Reply> {
    let header = req.header("authorization").unwrap_or("");
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    let problem = match token.map(|t| state.tokens.get(t)) {
        None => "The request has no bearer token (Authorization: Bearer ...)",
        Some(None) => "The access token is not valid",
        Some(Some(expiry)) if *expiry <= now => "The access token has expired",
        Some(Some(_)) => return Ok(()),
    };
    let reply = match family {
        ApiFamily::Digital => Reply::dfo_error(401, "Unauthorized", problem, None),
        _ => Reply::oauth_error(401, "invalid_token", problem),
    };
    Err(reply.with_header("WWW-Authenticate", "Bearer error=\"invalid_token\""))
}

/// Decode `Basic base64(id:secret)`.
fn basic(header: &str) -> Option<(String, String)> {
    let (scheme, value) = header.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let bytes = STANDARD.decode(value.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_decodes() {
        let h = format!("Basic {}", STANDARD.encode("id:se:cret"));
        assert_eq!(basic(&h), Some(("id".into(), "se:cret".into())));
        assert_eq!(basic("Basic !!!"), None);
        assert_eq!(basic("Bearer x"), None);
    }
}
