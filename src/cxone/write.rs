//! A write as one value ([`Write`]): the live send and the plan that `--dry-run`, the terminal
//! confirmation and a refusal print are both made from it, so what is shown is what is sent.

use reqwest::Method;
use serde_json::{Map, Value};

use super::call::Call;
use super::client::Client;
use super::endpoints::WorkItem;
use super::error::{ApiError, ErrorKind, Stage};
use super::paths::{Api, Endpoint};
use super::transport::AGENT;

/// One POST to the tenant: the endpoint (path and query) and the JSON body, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    /// Where it goes (ACD or Digital Engagement), with its query.
    pub endpoint: Endpoint,
    /// The JSON body; `None` sends no body (`Content-Length: 0`).
    pub body: Option<Value>,
}

/// A write as it goes on the wire: method, full URL with host, headers (secrets masked) and
/// the body bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// `POST`.
    pub method: String,
    /// Full URL, query included.
    pub url: String,
    /// Headers in the order shown; `Authorization` is `Bearer ***`.
    pub headers: Vec<(String, String)>,
    /// The body exactly as sent (compact JSON), when there is one.
    pub body: Option<String>,
}

impl Write {
    /// A POST to `endpoint` with `body`.
    pub fn post(endpoint: Endpoint, body: Option<Value>) -> Write {
        Write { endpoint, body }
    }

    /// `POST /interactions/{contactId}/signal` with the JSON body `{"p1": .., "p2": ..}` (up to
    /// p9; the form Cognigy's extension sends since 2026-03, docs/cxone-api.md §11.6).
    pub fn signal(contact_id: &str, params: &[String]) -> Write {
        let body: Map<String, Value> = params
            .iter()
            .take(9)
            .enumerate()
            .map(|(i, p)| (format!("p{}", i + 1), Value::String(p.clone())))
            .collect();
        Write::post(
            Endpoint::acd(&["interactions", contact_id, "signal"]),
            Some(Value::Object(body)),
        )
    }

    /// `POST /interactions/work-items?pointOfContact=&workItemID=&workItemPayload=&workItemType=&from=`
    /// with no body (docs/cxone-api.md §11.7).
    pub fn work_item(w: &WorkItem) -> Write {
        let ep = Endpoint::acd(&["interactions", "work-items"])
            .query("pointOfContact", &w.point_of_contact)
            .query_opt("workItemID", w.work_item_id.as_deref())
            .query_opt("workItemPayload", w.work_item_payload.as_deref())
            .query_opt("workItemType", w.work_item_type.as_deref())
            .query_opt("from", w.from.as_deref());
        Write::post(ep, None)
    }

    /// `POST {dfo}/channels/{channelId}/messages`: an inbound message on a BYOC channel.
    pub fn inbound_message(channel_id: &str, body: &Value) -> Write {
        Write::post(
            Endpoint::dfo(&["channels", channel_id, "messages"]),
            Some(body.clone()),
        )
    }

    /// `POST /contacts/{id}/end`, no body.
    pub fn end_contact(contact_id: &str) -> Write {
        Write::post(Endpoint::acd(&["contacts", contact_id, "end"]), None)
    }

    /// The body bytes as the client serialises them (`serde_json::to_vec`, as `reqwest` does).
    pub fn body_text(&self) -> Option<String> {
        self.body
            .as_ref()
            .map(|b| serde_json::to_string(b).unwrap_or_default())
    }

    /// The request on `base` (the API host of the endpoint's API) with `api_version`.
    pub fn planned(&self, base: &str, api_version: &str) -> Result<Planned, String> {
        let url = self.endpoint.url(base, api_version)?;
        let bearer = vec![("Authorization".to_string(), "Bearer ***".to_string())];
        Ok(Planned::post(url.to_string(), bearer, self.body_text()))
    }
}

impl Planned {
    /// A POST of `body` (compact JSON) to `url` as the transport sends it: `Accept`,
    /// `User-Agent`, then `extra` (values already masked), `Content-Type` with a body, and
    /// `Content-Length` (0 without one).
    pub fn post(url: String, extra: Vec<(String, String)>, body: Option<String>) -> Planned {
        let mut headers = vec![
            ("Accept".to_string(), "application/json".to_string()),
            ("User-Agent".to_string(), AGENT.to_string()),
        ];
        headers.extend(extra);
        if body.is_some() {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        let length = body.as_ref().map_or(0, String::len);
        headers.push(("Content-Length".to_string(), length.to_string()));
        Planned {
            method: Method::POST.to_string(),
            url,
            headers,
            body,
        }
    }
    /// The plan as text: `POST URL`, one header per line, then the body.
    pub fn render(&self) -> String {
        let mut out = format!("{} {}\n", self.method, self.url);
        for (k, v) in &self.headers {
            out.push_str(&format!("    {k}: {v}\n"));
        }
        if let Some(body) = &self.body {
            out.push_str(&format!("    body: {body}\n"));
        }
        out
    }

    /// The plan as a JSON fact.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "method": self.method,
            "url": self.url,
            "headers": self.headers.iter().map(|(k, v)| serde_json::json!([k, v])).collect::<Vec<_>>(),
            "body": self.body,
        })
    }
}

impl Client {
    /// Send `w` (a POST, never resent once the tenant may have processed it).
    pub fn send_write(&self, w: &Write) -> Result<Call<Value>, ApiError> {
        self.post(&w.endpoint, w.body.as_ref())
    }

    /// What [`Client::send_write`] would put on the wire for `w`: the login's host for the
    /// endpoint's API (logging in if needed; no write is sent).
    pub fn plan_write(&self, w: &Write) -> Result<Planned, ApiError> {
        let login = self.login()?;
        let base = login.hosts.and_then(|h| match w.endpoint.api {
            Api::Acd => Some(h.api_base),
            Api::Dfo => h.dfo_base,
        });
        let version = &self.profile().api_version;
        let config = |why: &str| {
            ApiError::new(ErrorKind::Config, Stage::Api, "POST", &w.endpoint.path()).detail(why)
        };
        let base = base.filter(|b| !b.is_empty()).ok_or_else(|| {
            config("the API host of this request is unknown (discovery gave none and the profile sets none)")
        })?;
        w.planned(&base, version).map_err(|why| config(&why))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_plan_shows_the_full_url_masked_headers_and_exact_body() {
        let w = Write::post(
            Endpoint::acd(&["interactions", "5", "signal"]),
            Some(json!({"p1": "Escalate", "p2": "[{\"a\":1}]"})),
        );
        let p = w.planned("https://api-na1.example.com", "v30.0").unwrap();
        assert_eq!(
            p.url,
            "https://api-na1.example.com/inContactAPI/services/v30.0/interactions/5/signal"
        );
        let body = r#"{"p1":"Escalate","p2":"[{\"a\":1}]"}"#;
        assert_eq!(p.body.as_deref(), Some(body));
        assert!(
            p.headers
                .contains(&("Authorization".into(), "Bearer ***".into()))
        );
        assert!(
            p.headers
                .contains(&("Content-Length".into(), body.len().to_string()))
        );
        let text = p.render();
        assert!(
            text.starts_with("POST https://api-na1.example.com/inContactAPI/"),
            "{text}"
        );
        let empty = Write::post(
            Endpoint::acd(&["interactions", "work-items"]).query("pointOfContact", "A B"),
            None,
        );
        let p = empty.planned("http://127.0.0.1:9", "v30.0").unwrap();
        assert!(
            p.url
                .ends_with("/interactions/work-items?pointOfContact=A+B"),
            "{}",
            p.url
        );
        assert_eq!(p.body, None);
        assert!(!p.headers.iter().any(|(k, _)| k == "Content-Type"));
        assert!(p.headers.contains(&("Content-Length".into(), "0".into())));
    }
}
