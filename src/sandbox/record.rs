//! What the sandbox received, for tests: every request (secrets redacted) and every signal.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::http::{encode_component, parse_pairs};
use crate::secret_name::{Place, is_secret_name};

/// Shown instead of a secret.
pub const REDACTED: &str = "***";

/// One request as received (secrets redacted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    /// Arrival order, from 1.
    pub seq: u64,
    /// Method.
    pub method: String,
    /// Path as sent, without the query.
    pub path: String,
    /// Query as sent, secrets redacted.
    pub query: String,
    /// Headers; `Authorization` keeps only its scheme.
    pub headers: Vec<(String, String)>,
    /// Body as text, secrets redacted.
    pub body: String,
    /// Status answered (0 while in flight).
    pub status: u16,
    /// Arrival time (RFC 3339).
    pub at: String,
}

impl Received {
    /// First header named `name` (ASCII case ignored).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One Signal API call that reached the handler.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalRecord {
    /// Contact id from the path.
    pub contact_id: String,
    /// `p1`..`p9` as received.
    pub params: BTreeMap<String, String>,
    /// `body` (JSON) or `query`.
    pub source: String,
    /// Status answered.
    pub status: u16,
    /// What the sandbox did, e.g. `queued 5823200 on skill 4201`.
    pub outcome: String,
    /// Time (RFC 3339).
    pub at: String,
}

/// Redact the `Authorization` header to its scheme, and headers whose name says they hold a
/// secret by [`is_secret_name`] (a CRM's `X-Api-Key`) entirely.
pub fn redact_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let name = k.to_ascii_lowercase();
            if name == "authorization" || name == "cookie" {
                let scheme = v.split_whitespace().next().unwrap_or("");
                (k.clone(), format!("{scheme} {REDACTED}").trim().to_string())
            } else if is_secret_name(&name, Place::Header) {
                (k.clone(), REDACTED.to_string())
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect()
}

/// Redact secret fields of a form-encoded string (a query or a token request body).
pub fn redact_form(text: &str) -> String {
    let pairs = parse_pairs(text);
    if !pairs.iter().any(|(k, _)| is_secret_name(k, Place::Query)) {
        return text.to_string();
    }
    pairs
        .into_iter()
        .map(|(k, v)| {
            let v = if is_secret_name(&k, Place::Query) {
                REDACTED.to_string()
            } else {
                v
            };
            format!("{}={}", encode_component(&k), encode_component(&v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Redact a body: JSON keys that look secret, or secret form fields.
pub fn redact_body(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(mut v) if v.is_object() || v.is_array() => {
            redact_json(&mut v);
            v.to_string()
        }
        _ => redact_form(text),
    }
}

fn redact_json(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_secret_name(k, Place::Field) {
                    *val = Value::String(REDACTED.into());
                } else {
                    redact_json(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bodies_lose_their_secrets() {
        let body = "grant_type=password&username=KEY&password=s%3Dcret";
        let r = redact_form(body);
        assert!(r.contains("username=KEY"));
        assert!(!r.contains("cret"), "{r}");
        assert!(r.contains("password=%2A%2A%2A"));
        let r = redact_form("grant_type=refresh_token&refresh_token=sbx_rt_1");
        assert!(!r.contains("sbx_rt_1"));
    }

    #[test]
    fn json_and_headers() {
        let r = redact_body(r#"{"p1":"Escalate","nested":{"clientSecret":"x1"}}"#);
        assert!(r.contains("Escalate") && !r.contains("x1"), "{r}");
        let h = redact_headers(&[
            ("Authorization".into(), "Bearer abc".into()),
            ("Accept".into(), "application/json".into()),
            ("X-Api-Key".into(), "crm-key".into()),
        ]);
        assert_eq!(h[0].1, "Bearer ***");
        assert_eq!(h[1].1, "application/json");
        assert_eq!(h[2].1, "***");
    }
}
