//! Requests saved by `listen --save`: one NDJSON line each, which `validate-payload` reads
//! back by judging the saved body (exactly as sent) as the kind the listener judged it as.

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::Kind;

/// The value of `savedBy`, the first key of every line.
pub const SAVED_BY: &str = "cxone-diag listen";

/// How every saved line starts (the listener writes `savedBy` first, without spaces).
const PREFIX: &[u8] = br#"{"savedBy":"cxone-diag listen""#;

/// One saved request.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    /// Always [`SAVED_BY`].
    pub saved_by: String,
    /// The request's number in its run.
    pub n: u64,
    /// When it arrived (RFC 3339, UTC).
    pub time: String,
    /// Its method.
    pub method: String,
    /// Its path and query (secret-looking query values masked).
    pub path: String,
    /// The kind it was judged as (`unknown`: no kind matched; `none`: no body was judged).
    pub kind: String,
    /// The listener's verdict: pass, warn, fail.
    pub verdict: String,
    /// The status the caller got.
    pub status: u16,
    /// The body's size, when known.
    #[serde(default)]
    pub bytes: Option<usize>,
    /// The upstream's status, when forwarded.
    #[serde(default)]
    pub upstream_status: Option<u16>,
    /// The body as sent, when it is UTF-8 (absent when it was not read).
    #[serde(default)]
    pub body: Option<String>,
    /// The body as sent, base64, when it is not UTF-8.
    #[serde(default)]
    pub body_base64: Option<String>,
    /// The request headers as `[name, value]`, secret ones masked (`--save-headers`).
    #[serde(default)]
    pub headers: Option<Vec<(String, String)>>,
}

impl Saved {
    /// Store `body` as text when it is UTF-8, else as base64.
    pub fn set_body(&mut self, body: &[u8]) {
        match std::str::from_utf8(body) {
            Ok(text) => self.body = Some(text.to_string()),
            Err(_) => {
                self.body_base64 = Some(base64::engine::general_purpose::STANDARD.encode(body))
            }
        }
    }

    /// The line to append, newline included.
    pub fn line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }

    /// The body as sent, when it was read; an error when the base64 is corrupt.
    pub fn body_bytes(&self) -> Option<Result<Vec<u8>, String>> {
        if let Some(text) = &self.body {
            return Some(Ok(text.clone().into_bytes()));
        }
        let b64 = self.body_base64.as_ref()?;
        Some(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|e| format!("bodyBase64 is not base64: {e}")),
        )
    }

    /// The kind to judge the body as: the one the listener used.
    pub fn kind(&self) -> Option<Kind> {
        Kind::from_name(&self.kind)
    }
}

/// The saved request in `bytes`, when they are a line `listen --save` wrote; an error
/// when such a line is damaged.
pub fn sniff(bytes: &[u8]) -> Option<Result<Saved, String>> {
    if !bytes.starts_with(PREFIX) {
        return None;
    }
    Some(
        serde_json::from_slice::<Saved>(bytes)
            .map_err(|e| format!("a line saved by `listen --save` that cannot be read: {e}")),
    )
}

/// True for a saved request whose body was not read (refused before it): nothing to judge.
pub fn without_body(bytes: &[u8]) -> bool {
    matches!(sniff(bytes), Some(Ok(saved)) if saved.body.is_none() && saved.body_base64.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved() -> Saved {
        Saved {
            saved_by: SAVED_BY.into(),
            n: 1,
            time: "2026-01-01T00:00:00Z".into(),
            method: "POST".into(),
            path: "/".into(),
            kind: "cognigy-webhook".into(),
            verdict: "pass".into(),
            status: 200,
            bytes: Some(2),
            upstream_status: None,
            body: None,
            body_base64: None,
            headers: None,
        }
    }

    #[test]
    fn lines_round_trip_text_and_binary_bodies() {
        for body in [&b"{\n \"a\": 1}"[..], b"\xff\xfe"] {
            let mut s = saved();
            s.set_body(body);
            let line = s.line();
            assert!(line.starts_with(PREFIX));
            assert_eq!(line.iter().filter(|b| **b == b'\n').count(), 1);
            let back = sniff(&line[..line.len() - 1]).unwrap().unwrap();
            assert_eq!(back.body_bytes().unwrap().unwrap(), body);
            assert_eq!(back.kind(), Some(Kind::CognigyWebhook));
        }
        assert!(without_body(&saved().line()));
        assert!(sniff(br#"{"p1":"Escalate"}"#).is_none());
        assert!(
            sniff(br#"{"savedBy":"cxone-diag listen","n":"x"}"#)
                .unwrap()
                .is_err()
        );
    }
}
