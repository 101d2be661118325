//! Redaction: secret-bearing headers, fields and known secret values are replaced by `***`
//! before any text leaves the client (trace lines, error details).

use std::sync::{Arc, RwLock};

use serde_json::Value;

use crate::secret_name::{Place, is_secret_name};

/// What every redaction prints instead of a secret.
pub const MASK: &str = "***";

/// The set of secret values seen in this run (credentials, tokens), shared by every clone.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    values: Arc<RwLock<Vec<String>>>,
}

impl Redactor {
    /// Remember a secret value (in every form of [`crate::report::sink::forms`]) so it is
    /// masked wherever it appears, here and at the sink of every output. Values shorter than
    /// 4 characters are masked by field only.
    pub fn add(&self, value: &str) {
        if value.chars().count() < crate::report::sink::MIN_SECRET {
            return;
        }
        crate::report::sink::register(value);
        let mut values = self.values.write().unwrap_or_else(|e| e.into_inner());
        for v in crate::report::sink::forms(value) {
            if !values.contains(&v) {
                values.push(v);
            }
        }
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    }

    /// Mask every known secret value and every JWT-shaped string in `text`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for v in self.values.read().unwrap_or_else(|e| e.into_inner()).iter() {
            if out.contains(v.as_str()) {
                out = out.replace(v.as_str(), MASK);
            }
        }
        mask_jwts(&out)
    }

    /// Redact a body for display: secret fields of JSON or form bodies, then known values.
    pub fn redact_body(&self, body: &str) -> String {
        let trimmed = body.trim_start();
        let structural = if trimmed.starts_with('{') || trimmed.starts_with('[') {
            match serde_json::from_str::<Value>(body) {
                Ok(mut v) => {
                    redact_json(&mut v);
                    v.to_string()
                }
                Err(_) => body.to_string(),
            }
        } else if looks_like_form(body) {
            redact_form(body)
        } else {
            body.to_string()
        };
        self.redact(&structural)
    }
}

/// Replace the values of secret fields anywhere in a JSON document.
pub fn redact_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_name(k, Place::Field) && !v.is_null() {
                    *v = Value::String(MASK.into());
                } else {
                    redact_json(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

fn looks_like_form(body: &str) -> bool {
    !body.is_empty()
        && body.contains('=')
        && !body.contains(char::is_whitespace)
        && body.split('&').all(|pair| pair.contains('='))
}

/// Replace the values of secret fields in a form body (`a=1&password=x`).
pub fn redact_form(body: &str) -> String {
    body.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if is_secret_name(k, Place::Query) => format!("{k}={MASK}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn is_b64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Mask strings shaped like a JWT (`eyJ….….…`), a last line of defence for tokens.
pub fn mask_jwts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("eyJ") {
        let (before, candidate) = rest.split_at(pos);
        out.push_str(before);
        let mut parts = 0;
        let mut len = 0;
        let mut seg_len = 0;
        for c in candidate.chars() {
            if is_b64url(c) {
                seg_len += 1;
            } else if c == '.' && seg_len > 0 && parts < 2 {
                parts += 1;
                seg_len = 0;
            } else {
                break;
            }
            len += c.len_utf8();
        }
        if parts == 2 && seg_len > 0 {
            out.push_str(MASK);
            rest = &candidate[len..];
        } else {
            out.push_str("eyJ");
            rest = &candidate[3..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_are_masked_in_every_encoding() {
        let r = Redactor::default();
        r.add("s3cr=t/+x y");
        r.add("abc");
        let text = "raw s3cr=t/+x y form s3cr%3Dt%2F%2Bx+y pct s3cr%3Dt%2F%2Bx%20y abc";
        let out = r.redact(text);
        assert_eq!(out, "raw *** form *** pct *** abc");
    }

    #[test]
    fn secret_fields_are_masked_in_json_and_form_bodies() {
        let r = Redactor::default();
        let json = r.redact_body(r#"{"access_token":"AT1","nested":[{"refresh_token":"RT1"}],"id_token":"x","expires_in":3600}"#);
        assert!(!json.contains("AT1") && !json.contains("RT1"), "{json}");
        assert!(json.contains("3600"));
        let form =
            r.redact_body("grant_type=password&username=key&password=p%3Dw&client_secret=cs");
        assert_eq!(
            form,
            "grant_type=password&username=key&password=***&client_secret=***"
        );
    }

    #[test]
    fn jwt_shaped_strings_are_masked() {
        let text = "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_x and eyJnot a jwt";
        assert_eq!(mask_jwts(text), "token *** and eyJnot a jwt");
    }

    #[test]
    fn secret_headers() {
        assert!(is_secret_name("Authorization", Place::Header));
        assert!(is_secret_name("set-cookie", Place::Header));
        assert!(!is_secret_name("accept", Place::Header));
    }
}
