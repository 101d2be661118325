//! Every API call as one value ([`ApiRequest`]: method, endpoint with its query, body): the
//! client sends it and the plan that `--dry-run`, the terminal confirmation and a refusal
//! print is made from it ([`ApiRequest::planned`]), so what is shown is what is sent. Each
//! call's request is built here, once (docs/cxone-api.md §3, §4, §5, §8).

use reqwest::Method;
use serde_json::{Map, Value};

use super::call::Call;
use serde::de::DeserializeOwned;

use super::client::{Client, decode};
use super::endpoints::{CompletedQuery, WorkItem};
use super::error::{ApiError, ErrorKind, Stage};
use super::paths::{Api, Endpoint};
use super::transport::{AGENT, Body};

/// One request to the tenant: the method, the endpoint (path and query) and the JSON body, if
/// any. A POST without a body is sent with `Content-Length: 0` (some gateways answer 411
/// without it); a GET has neither body nor `Content-Length`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    /// `GET` for reads, `POST` for writes.
    pub method: Method,
    /// Where it goes (ACD or Digital Engagement), with its query.
    pub endpoint: Endpoint,
    /// The JSON body; `None` sends none.
    pub body: Option<Value>,
}

/// A request as it goes on the wire: method, full URL with host, headers (secrets masked) and
/// the body bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// `GET` or `POST`.
    pub method: String,
    /// Full URL, query included.
    pub url: String,
    /// Headers in the order shown; `Authorization` is `Bearer ***`.
    pub headers: Vec<(String, String)>,
    /// The body exactly as sent (compact JSON), when there is one.
    pub body: Option<String>,
}

impl ApiRequest {
    /// A POST to `endpoint` with `body`.
    pub fn post(endpoint: Endpoint, body: Option<Value>) -> ApiRequest {
        ApiRequest {
            method: Method::POST,
            endpoint,
            body,
        }
    }

    /// A GET of `endpoint`.
    pub fn get(endpoint: Endpoint) -> ApiRequest {
        ApiRequest {
            method: Method::GET,
            endpoint,
            body: None,
        }
    }

    /// `GET /apiversion`.
    pub fn api_version() -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["apiversion"]))
    }

    /// `GET /skills[?mediaTypeId=]` (the pager adds `top` and `skip`).
    pub fn skills(media_type_id: Option<u32>) -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["skills"]).query_opt("mediaTypeId", media_type_id))
    }

    /// `GET /skills?top=&skip=[&mediaTypeId=]`: one page of skills.
    pub fn skills_page(top: u32, skip: u32, media_type_id: Option<u32>) -> ApiRequest {
        ApiRequest::get(
            Endpoint::acd(&["skills"])
                .query("top", top)
                .query("skip", skip)
                .query_opt("mediaTypeId", media_type_id),
        )
    }

    /// `GET /skills/{id}`.
    pub fn skill(skill_id: &str) -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["skills", skill_id]))
    }

    /// `GET /skills/{id}/activity[?updatedSince=]`.
    pub fn skill_activity(skill_id: &str, updated_since: Option<&str>) -> ApiRequest {
        ApiRequest::get(
            Endpoint::acd(&["skills", skill_id, "activity"])
                .query_opt("updatedSince", updated_since),
        )
    }

    /// `GET /skills/{id}/agents`.
    pub fn skill_agents(skill_id: &str) -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["skills", skill_id, "agents"]))
    }

    /// `GET /agents/skills`.
    pub fn agents_skills() -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["agents", "skills"]))
    }

    /// `GET /agents/states[?updatedSince=]`.
    pub fn agent_states(updated_since: Option<&str>) -> ApiRequest {
        ApiRequest::get(
            Endpoint::acd(&["agents", "states"]).query_opt("updatedSince", updated_since),
        )
    }

    /// `GET /points-of-contact[?mediaTypeId=]`.
    pub fn points_of_contact(media_type_id: Option<u32>) -> ApiRequest {
        ApiRequest::get(
            Endpoint::acd(&["points-of-contact"]).query_opt("mediaTypeId", media_type_id),
        )
    }

    /// `GET /contacts/active[?contactId=]`.
    pub fn active_contacts(contact_id: Option<&str>) -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["contacts", "active"]).query_opt("contactId", contact_id))
    }

    /// `GET {dfo}/channels`.
    pub fn dfo_channels() -> ApiRequest {
        ApiRequest::get(Endpoint::dfo(&["channels"]))
    }

    /// `GET {dfo}/routing-queues?id[]=…`.
    pub fn routing_queues(ids: &[&str]) -> ApiRequest {
        ApiRequest::get(
            ids.iter()
                .fold(Endpoint::dfo(&["routing-queues"]), |ep, id| {
                    ep.query("id[]", id)
                }),
        )
    }

    /// `GET /contacts/{id}`.
    pub fn contact(contact_id: &str) -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["contacts", contact_id]))
    }

    /// `GET /contacts/{id}/state-history`.
    pub fn state_history(contact_id: &str) -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["contacts", contact_id, "state-history"]))
    }

    /// `GET /contacts/{id}/custom-data`.
    pub fn custom_data(contact_id: &str) -> ApiRequest {
        ApiRequest::get(Endpoint::acd(&["contacts", contact_id, "custom-data"]))
    }

    /// `GET /contacts/completed?startDate=&endDate=[&skillId=]` (the pager adds `top`, `skip`).
    pub fn completed_contacts(q: &CompletedQuery) -> ApiRequest {
        ApiRequest::get(
            Endpoint::acd(&["contacts", "completed"])
                .query("startDate", &q.start_date)
                .query("endDate", &q.end_date)
                .query_opt("skillId", q.skill_id.as_deref()),
        )
    }

    /// `GET {dfo}/contacts/{contactNumber}`.
    pub fn dfo_contact(contact_number: &str) -> ApiRequest {
        ApiRequest::get(Endpoint::dfo(&["contacts", contact_number]))
    }

    /// `GET {dfo}/contacts/{n}/messages` (the pager adds `scrollToken`).
    pub fn dfo_messages(contact_number: &str) -> ApiRequest {
        ApiRequest::get(Endpoint::dfo(&["contacts", contact_number, "messages"]))
    }

    /// `POST /interactions/{contactId}/signal` with the JSON body `{"p1": .., "p2": ..}` (up to
    /// p9; the form Cognigy's extension sends since 2026-03, docs/cxone-api.md §11.6).
    pub fn signal(contact_id: &str, params: &[String]) -> ApiRequest {
        let body: Map<String, Value> = params
            .iter()
            .take(9)
            .enumerate()
            .map(|(i, p)| (format!("p{}", i + 1), Value::String(p.clone())))
            .collect();
        ApiRequest::post(
            Endpoint::acd(&["interactions", contact_id, "signal"]),
            Some(Value::Object(body)),
        )
    }

    /// `POST /interactions/work-items?pointOfContact=&workItemID=&workItemPayload=&workItemType=&from=`
    /// with no body (docs/cxone-api.md §11.7).
    pub fn work_item(w: &WorkItem) -> ApiRequest {
        let ep = Endpoint::acd(&["interactions", "work-items"])
            .query("pointOfContact", &w.point_of_contact)
            .query_opt("workItemID", w.work_item_id.as_deref())
            .query_opt("workItemPayload", w.work_item_payload.as_deref())
            .query_opt("workItemType", w.work_item_type.as_deref())
            .query_opt("from", w.from.as_deref());
        ApiRequest::post(ep, None)
    }

    /// `POST {dfo}/channels/{channelId}/messages`: an inbound message on a BYOC channel.
    pub fn inbound_message(channel_id: &str, body: &Value) -> ApiRequest {
        ApiRequest::post(
            Endpoint::dfo(&["channels", channel_id, "messages"]),
            Some(body.clone()),
        )
    }

    /// `POST /contacts/{id}/end`, no body.
    pub fn end_contact(contact_id: &str) -> ApiRequest {
        ApiRequest::post(Endpoint::acd(&["contacts", contact_id, "end"]), None)
    }

    /// The body as the transport sends it.
    fn wire_body(&self) -> Body {
        self.body.clone().map_or(Body::Empty, Body::Json)
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
        if self.method == Method::POST {
            Ok(Planned::post(url.to_string(), bearer, self.body_text()))
        } else {
            Ok(Planned::get(url.to_string(), bearer))
        }
    }
}

impl Planned {
    /// A GET of `url` as the transport sends it: `Accept`, `User-Agent`, then `extra` (values
    /// already masked); no body, no `Content-Length`.
    pub fn get(url: String, extra: Vec<(String, String)>) -> Planned {
        let mut headers = vec![
            ("Accept".to_string(), "application/json".to_string()),
            ("User-Agent".to_string(), AGENT.to_string()),
        ];
        headers.extend(extra);
        Planned {
            method: Method::GET.to_string(),
            url,
            headers,
            body: None,
        }
    }

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
    /// The plan as text: `METHOD URL`, one header per line, then the body.
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
    /// Send `r` as raw JSON (a POST is never resent once the tenant may have processed it).
    pub fn send(&self, r: &ApiRequest) -> Result<Call<Value>, ApiError> {
        self.call(r.method.clone(), &r.endpoint, r.wire_body())
    }

    /// Send `r` and decode the answer (an empty answer or a 304 gives `T::default()`).
    pub fn send_decoded<T: DeserializeOwned + Default>(
        &self,
        r: &ApiRequest,
    ) -> Result<Call<T>, ApiError> {
        self.send(r)?
            .try_map(|v| decode(v, r.method.as_str(), &r.endpoint))
    }

    /// What [`Client::send`] would put on the wire for `w`: the login's host for the
    /// endpoint's API (logging in if needed; nothing is sent).
    pub fn plan(&self, w: &ApiRequest) -> Result<Planned, ApiError> {
        let login = self.login()?;
        let base = login.hosts.and_then(|h| match w.endpoint.api {
            Api::Acd => Some(h.api_base),
            Api::Dfo => h.dfo_base,
        });
        let version = &self.profile().api_version;
        let config = |why: &str| {
            ApiError::new(
                ErrorKind::Config,
                Stage::Api,
                w.method.as_str(),
                &w.endpoint.path(),
            )
            .detail(why)
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
        let w = ApiRequest::post(
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
        let empty = ApiRequest::post(
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
