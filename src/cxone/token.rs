//! Tokens (docs/cxone-api.md §1.1): the token request form, the token response, and the id_token claims.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::lenient;
use super::secret::{Credentials, Secret};
use crate::config::{ClientAuthMethod, Grant};

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A token response, kept for the run (and in the disk cache).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenSet {
    /// The bearer token.
    pub access_token: Secret,
    /// For the refresh_token grant, when issued.
    pub refresh_token: Option<Secret>,
    /// The OIDC id_token (claims name the tenant and region), when issued.
    pub id_token: Option<Secret>,
    /// `Bearer`, normally.
    pub token_type: Option<String>,
    /// Lifetime in seconds, as the server said.
    pub expires_in: u64,
    /// When the response arrived (Unix seconds, local clock).
    pub obtained_at: u64,
}

/// Lifetime assumed when the token response has no `expires_in`.
pub const DEFAULT_LIFETIME_S: u64 = 300;

/// The longest lifetime believed (a day; CXone tokens live an hour). A larger `expires_in`
/// is clamped to it, so an absurd value never overflows nor keeps a token forever.
pub const MAX_LIFETIME_S: u64 = 24 * 3600;

impl TokenSet {
    /// Unix second the token expires.
    pub fn expires_at(&self) -> u64 {
        self.obtained_at.saturating_add(self.expires_in)
    }

    /// Seconds left at `now` (negative once expired).
    pub fn remaining(&self, now: u64) -> i64 {
        let at = i64::try_from(self.expires_at()).unwrap_or(i64::MAX);
        at.saturating_sub(i64::try_from(now).unwrap_or(i64::MAX))
    }

    /// True when the token should be refreshed before use at `now`.
    pub fn needs_refresh(&self, now: u64) -> bool {
        let margin = refresh_margin(self.expires_in);
        self.remaining(now) <= i64::try_from(margin.as_secs()).unwrap_or(i64::MAX)
    }

    /// The id_token claims, when there is a decodable id_token.
    pub fn claims(&self) -> Option<Claims> {
        self.id_token
            .as_ref()
            .and_then(|t| decode_claims(t.expose()).ok())
    }

    /// Every secret value in the set, for the redactor.
    pub fn secret_values(&self) -> Vec<String> {
        let mut v = vec![self.access_token.expose().to_string()];
        v.extend(self.refresh_token.iter().map(|s| s.expose().to_string()));
        v.extend(self.id_token.iter().map(|s| s.expose().to_string()));
        v
    }
}

/// How long before expiry a token is refreshed: a tenth of its lifetime, at most 5 minutes
/// (a 1 h CXone token is refreshed 5 minutes early; a 30 s test token 3 s early).
pub fn refresh_margin(lifetime_s: u64) -> Duration {
    Duration::from_secs(lifetime_s / 10).min(Duration::from_secs(300))
}

#[derive(Deserialize)]
struct RawToken {
    access_token: Option<String>,
    refresh_token: Option<String>,
    id_token: Option<String>,
    token_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::any_number")]
    expires_in: Option<f64>,
}

/// Parse a token response body; `Err` says what is missing (never quoting the body).
pub fn parse_token_response(body: &str, obtained_at: u64) -> Result<TokenSet, String> {
    let raw: RawToken = serde_json::from_str(body)
        .map_err(|_| "the token response is not the JSON object expected".to_string())?;
    let access = raw
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| "the token response has no access_token".to_string())?;
    Ok(TokenSet {
        access_token: Secret::new(access),
        refresh_token: raw.refresh_token.filter(|t| !t.is_empty()).map(Secret::new),
        id_token: raw.id_token.filter(|t| !t.is_empty()).map(Secret::new),
        token_type: raw.token_type,
        expires_in: lifetime(raw.expires_in),
        obtained_at,
    })
}

/// The lifetime to believe for `expires_in`: missing, zero, negative or not a number is the
/// default; more than [`MAX_LIFETIME_S`] is clamped to it.
pub fn lifetime(expires_in: Option<f64>) -> u64 {
    match expires_in {
        Some(s) if s.is_finite() && s >= 1.0 => {
            // in range after the clamp, so the conversion is exact enough and cannot wrap
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let secs = s.min(MAX_LIFETIME_S as f64) as u64;
            secs
        }
        _ => DEFAULT_LIFETIME_S,
    }
}

/// What a token request asks for.
#[derive(Debug, Clone)]
pub enum TokenGrant {
    /// The profile's grant (`password` with the access key, or `client_credentials`).
    Initial(Grant),
    /// `refresh_token`.
    Refresh(Secret),
}

/// The form fields and the `Authorization` header value of a token request.
pub fn token_request(
    grant: &TokenGrant,
    creds: &Credentials,
    client_auth: ClientAuthMethod,
) -> (Vec<(&'static str, String)>, Option<Secret>) {
    let mut form = match grant {
        TokenGrant::Initial(Grant::AccessKey) => vec![
            ("grant_type", "password".to_string()),
            ("username", creds.access_key_id.expose().to_string()),
            ("password", creds.access_key_secret.expose().to_string()),
        ],
        TokenGrant::Initial(Grant::ClientCredentials) => {
            vec![("grant_type", "client_credentials".to_string())]
        }
        TokenGrant::Refresh(token) => vec![
            ("grant_type", "refresh_token".to_string()),
            ("refresh_token", token.expose().to_string()),
        ],
    };
    let header = match client_auth {
        ClientAuthMethod::ClientSecretBasic => Some(Secret::new(format!(
            "Basic {}",
            STANDARD.encode(format!(
                "{}:{}",
                creds.client_id.expose(),
                creds.client_secret.expose()
            ))
        ))),
        ClientAuthMethod::ClientSecretPost => {
            form.push(("client_id", creds.client_id.expose().to_string()));
            form.push(("client_secret", creds.client_secret.expose().to_string()));
            None
        }
    };
    (form, header)
}

/// The id_token claims cxone-diag uses (docs/cxone-api.md §1.1 step 4 and 5).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Claims {
    /// Issuer: the base of cxone-configuration discovery.
    pub iss: Option<String>,
    /// Tenant id.
    #[serde(rename = "tenantId", deserialize_with = "lenient::id")]
    pub tenant_id: Option<String>,
    /// Business unit number.
    #[serde(rename = "icBUId", deserialize_with = "lenient::id")]
    pub business_unit: Option<String>,
    /// Cluster.
    #[serde(rename = "icClusterId", deserialize_with = "lenient::id")]
    pub cluster: Option<String>,
    /// Area (region), e.g. `na1`.
    #[serde(deserialize_with = "lenient::id")]
    pub area: Option<String>,
    /// Subject.
    #[serde(deserialize_with = "lenient::id")]
    pub sub: Option<String>,
    /// User id.
    #[serde(rename = "userId", deserialize_with = "lenient::id")]
    pub user_id: Option<String>,
    /// Agent id.
    #[serde(rename = "icAgentId", deserialize_with = "lenient::id")]
    pub agent_id: Option<String>,
    /// Display name, when present.
    pub name: Option<String>,
    /// Issued at (Unix seconds).
    #[serde(deserialize_with = "lenient::number")]
    pub iat: Option<f64>,
    /// Expires at (Unix seconds).
    #[serde(deserialize_with = "lenient::number")]
    pub exp: Option<f64>,
}

impl Claims {
    /// The user: `userId`, else `sub`.
    pub fn user(&self) -> Option<&str> {
        self.user_id.as_deref().or(self.sub.as_deref())
    }
}

/// Decode the claims of a JWT without verifying it (they only route requests; CXone
/// verifies the token itself). `Err` says why, never quoting the token.
pub fn decode_claims(jwt: &str) -> Result<Claims, String> {
    let payload = jwt
        .split('.')
        .nth(1)
        .ok_or_else(|| "the id_token is not a JWT (no payload part)".to_string())?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| "the id_token payload is not base64url".to_string())?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|_| "the id_token payload is not JSON".to_string())?;
    let mut claims: Claims = serde_json::from_value(value.clone())
        .map_err(|_| "the id_token claims have unexpected types".to_string())?;
    if claims.tenant_id.is_none() {
        claims.tenant_id = value.get("tenant").and_then(|t| match t {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    }
    Ok(claims)
}

/// Build an unsigned JWT with these claims (tests and the sandbox).
pub fn unsigned_jwt(claims: &Value) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(b"sig")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn creds() -> Credentials {
        Credentials {
            client_id: Secret::new("app@vendor"),
            client_secret: Secret::new("c=s"),
            access_key_id: Secret::new("KEY1"),
            access_key_secret: Secret::new("a&b=c"),
        }
    }

    #[test]
    fn password_grant_with_basic_client_auth() {
        let (form, header) = token_request(
            &TokenGrant::Initial(Grant::AccessKey),
            &creds(),
            ClientAuthMethod::ClientSecretBasic,
        );
        assert_eq!(form[0], ("grant_type", "password".into()));
        assert_eq!(form[1], ("username", "KEY1".into()));
        assert_eq!(form[2], ("password", "a&b=c".into()));
        let header = header.unwrap();
        assert_eq!(
            header.expose(),
            format!("Basic {}", STANDARD.encode("app@vendor:c=s"))
        );
    }

    #[test]
    fn client_secret_post_and_client_credentials_and_refresh() {
        let (form, header) = token_request(
            &TokenGrant::Initial(Grant::ClientCredentials),
            &creds(),
            ClientAuthMethod::ClientSecretPost,
        );
        assert!(header.is_none());
        assert_eq!(form[0].1, "client_credentials");
        assert!(form.contains(&("client_secret", "c=s".into())));
        let (form, _) = token_request(
            &TokenGrant::Refresh(Secret::new("RT")),
            &creds(),
            ClientAuthMethod::ClientSecretBasic,
        );
        assert_eq!(
            form,
            vec![
                ("grant_type", "refresh_token".into()),
                ("refresh_token", "RT".into())
            ]
        );
    }

    #[test]
    fn token_responses_parse_and_explain_what_is_missing() {
        let t = parse_token_response(
            r#"{"access_token":"AT","refresh_token":"RT","id_token":"x.y.z","token_type":"Bearer","expires_in":"3600"}"#,
            1000,
        )
        .unwrap();
        assert_eq!(t.expires_in, 3600);
        assert_eq!(t.expires_at(), 4600);
        assert!(!t.needs_refresh(1000));
        assert!(t.needs_refresh(4600 - 300));
        assert!(!t.needs_refresh(4600 - 301));
        let err = parse_token_response(r#"{"token_type":"Bearer"}"#, 0).unwrap_err();
        assert!(err.contains("access_token"));
        assert!(parse_token_response("<html>", 0).is_err());
        let t = parse_token_response(r#"{"access_token":"AT"}"#, 0).unwrap();
        assert_eq!(t.expires_in, DEFAULT_LIFETIME_S);
    }

    #[test]
    fn claims_decode_without_verification() {
        let jwt = unsigned_jwt(&json!({
            "iss": "https://cxone.niceincontact.com",
            "tenantId": "11eb-aaaa",
            "icBUId": 4600123,
            "icClusterId": "C57",
            "area": "na1",
            "sub": "user:abc",
            "iat": 1_700_000_000,
            "exp": 1_700_003_600
        }));
        let c = decode_claims(&jwt).unwrap();
        assert_eq!(c.business_unit.as_deref(), Some("4600123"));
        assert_eq!(c.cluster.as_deref(), Some("C57"));
        assert_eq!(c.user(), Some("user:abc"));
        assert_eq!(c.exp, Some(1_700_003_600.0));
        let legacy = unsigned_jwt(&json!({"tenant": "t-1", "userId": "u-9"}));
        let c = decode_claims(&legacy).unwrap();
        assert_eq!(c.tenant_id.as_deref(), Some("t-1"));
        assert_eq!(c.user(), Some("u-9"));
        assert!(decode_claims("not-a-jwt").is_err());
        assert!(decode_claims("a.%%%.c").is_err());
    }

    #[test]
    fn refresh_margin_scales_with_lifetime() {
        assert_eq!(refresh_margin(3600), Duration::from_secs(300));
        assert_eq!(refresh_margin(30), Duration::from_secs(3));
        assert_eq!(refresh_margin(5), Duration::ZERO);
    }

    #[test]
    fn absurd_lifetimes_are_clamped_and_expiry_never_negative() {
        let t = parse_token_response(r#"{"access_token":"AT","expires_in":1e20}"#, 100).unwrap();
        assert_eq!(t.expires_in, MAX_LIFETIME_S);
        assert_eq!(t.remaining(100), MAX_LIFETIME_S as i64);
        assert!(!t.needs_refresh(100));
        for bad in ["-5", "0", "\"x\"", "null"] {
            let body = format!(r#"{{"access_token":"AT","expires_in":{bad}}}"#);
            let t = parse_token_response(&body, 100).unwrap();
            assert_eq!(t.expires_in, DEFAULT_LIFETIME_S, "{bad}");
        }
        let far = TokenSet {
            obtained_at: u64::MAX,
            ..t
        };
        assert!(far.remaining(0) > 0);
    }

    proptest::proptest! {
        #[test]
        fn any_expires_in_gives_a_bounded_lifetime(secs in proptest::num::f64::ANY) {
            let l = lifetime(Some(secs));
            proptest::prop_assert!((1..=MAX_LIFETIME_S).contains(&l));
        }
    }
}
