//! Recording and replay of API exchanges, for support bundles (`--save-bundle` / `--bundle`).
//!
//! Only API calls are recorded (never discovery or token exchanges, never a header), as the
//! method, API, path, query, status and parsed JSON body. A replaying client answers from the
//! record with no network; a request that was not recorded is a clear error.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::paths::{Api, Endpoint};

/// One recorded API exchange.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// `GET`, `POST`.
    pub method: String,
    /// ACD or Digital.
    pub api: Api,
    /// Path after the API prefix, e.g. `/contacts/5823114`.
    pub path: String,
    /// Query parameters, in order.
    #[serde(default)]
    pub query: Vec<(String, String)>,
    /// HTTP status.
    pub status: u16,
    /// Parsed JSON body; a non-JSON body is kept as a string, an empty one as `null`.
    #[serde(default)]
    pub body: Value,
}

impl Exchange {
    fn matches(&self, method: &str, ep: &Endpoint) -> bool {
        self.method.eq_ignore_ascii_case(method)
            && self.api == ep.api
            && self.path == ep.path()
            && self.query == ep.query
    }

    /// The body as the server's text, to run through the same decoding as a live answer.
    pub fn body_text(&self) -> String {
        match &self.body {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// Build from a live answer.
    pub fn from_answer(method: &str, ep: &Endpoint, status: u16, body: &str) -> Self {
        let body = if body.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(body).unwrap_or_else(|_| Value::String(body.to_string()))
        };
        Exchange {
            method: method.to_string(),
            api: ep.api,
            path: ep.path(),
            query: ep.query.clone(),
            status,
            body,
        }
    }
}

/// Answers requests from recorded exchanges. The same request asked again gets the next
/// recorded answer for it, then the last one again (polling replays in order).
#[derive(Debug, Default)]
pub struct Replay {
    exchanges: Vec<Exchange>,
    asked: Mutex<HashMap<String, usize>>,
}

impl Replay {
    /// A replay of `exchanges`.
    pub fn new(exchanges: Vec<Exchange>) -> Self {
        Replay {
            exchanges,
            asked: Mutex::new(HashMap::new()),
        }
    }

    /// The recorded answer to `method ep`, if any.
    pub fn answer(&self, method: &str, ep: &Endpoint) -> Option<&Exchange> {
        let matching: Vec<&Exchange> = self
            .exchanges
            .iter()
            .filter(|e| e.matches(method, ep))
            .collect();
        if matching.is_empty() {
            return None;
        }
        let key = format!("{method} {:?} {} {:?}", ep.api, ep.path(), ep.query);
        let mut asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
        let n = asked.entry(key).or_insert(0);
        let pick = matching[(*n).min(matching.len() - 1)];
        *n += 1;
        Some(pick)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_in_order_then_repeats_the_last() {
        let ep = Endpoint::acd(&["contacts", "1"]);
        let r = Replay::new(vec![
            Exchange::from_answer("GET", &ep, 200, r#"{"n":1}"#),
            Exchange::from_answer("GET", &ep, 200, r#"{"n":2}"#),
        ]);
        let n = |r: &Replay| r.answer("GET", &ep).unwrap().body["n"].clone();
        assert_eq!(n(&r), json!(1));
        assert_eq!(n(&r), json!(2));
        assert_eq!(n(&r), json!(2));
        assert!(r.answer("POST", &ep).is_none());
        assert!(r.answer("GET", &ep.clone().query("x", 1)).is_none());
    }

    #[test]
    fn bodies_round_trip_through_json() {
        let ep = Endpoint::dfo(&["contacts", "9"]);
        let html = Exchange::from_answer("GET", &ep, 502, "<html>bad</html>");
        assert_eq!(html.body_text(), "<html>bad</html>");
        let empty = Exchange::from_answer("POST", &ep, 202, "");
        assert_eq!(empty.body, Value::Null);
        let text = serde_json::to_string(&html).unwrap();
        assert!(text.contains(r#""api":"dfo""#), "{text}");
        assert_eq!(serde_json::from_str::<Exchange>(&text).unwrap(), html);
    }
}
