//! The preview is the send: for every kind of call, the request the plan shows
//! (`Client::plan` of the call's `ApiRequest`, as `--dry-run` and the terminal preview print
//! it) is exactly the one the client's endpoint method puts on the wire, as httpmock records
//! it: method, path, query, headers (the bearer token aside, which the plan masks) and body
//! bytes, with `Content-Length: 0` on a bodiless POST and no `Content-Length` on a GET.

use std::sync::{Arc, Mutex};

use serde_json::json;

use cxone_diag::cxone::Client;
use cxone_diag::cxone::endpoints::{CompletedQuery, WorkItem};
use cxone_diag::cxone::request::{ApiRequest, Planned};

use crate::support::*;

/// What httpmock saw: method, path with query, headers (lower-case names, `host` left out)
/// and body.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

/// The planned request in the same shape, its masked bearer token made the real one.
fn expected(p: &Planned) -> Seen {
    let url = reqwest::Url::parse(&p.url).unwrap();
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let mut headers: Vec<(String, String)> = p
        .headers
        .iter()
        .map(|(k, v)| {
            let v = if v == "Bearer ***" {
                format!("Bearer {ACCESS_TOKEN}")
            } else {
                v.clone()
            };
            (k.to_ascii_lowercase(), v)
        })
        .collect();
    headers.sort();
    Seen {
        method: p.method.clone(),
        target,
        headers,
        body: p.body.clone(),
    }
}

/// Plan `request`, then make the real call with `send`; the one request the server recorded
/// must equal the plan.
fn preview_is_send(
    request: ApiRequest,
    answer: serde_json::Value,
    send: impl FnOnce(&Client) -> Result<(), String>,
) {
    let t = Tenant::start();
    // the login only: no other mock may answer the call
    let _m = [t.discovery(), t.token(3600), t.configuration()];
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let path = request
        .endpoint
        .url(&t.base(), "v30.0")
        .unwrap()
        .path()
        .to_string();
    let log = seen.clone();
    let mock = t.server.mock(|when, then| {
        when.path(path.clone()).is_true(move |req| {
            let uri = req.uri();
            let target = uri
                .path_and_query()
                .map(|p| p.to_string())
                .unwrap_or_default();
            let mut headers: Vec<(String, String)> = req
                .headers_vec()
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("host"))
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect();
            headers.sort();
            let body = req.body_string();
            log.lock().unwrap().push(Seen {
                method: req.method_str().to_string(),
                target,
                headers,
                body: (!body.is_empty()).then_some(body),
            });
            true
        });
        then.status(200).json_body(answer);
    });
    let client = client(&t.base());
    let planned = client.plan(&request).unwrap();
    send(&client).unwrap();
    mock.assert_calls(1);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0], expected(&planned), "plan:\n{}", planned.render());
}

fn ok<T>(r: Result<T, cxone_diag::cxone::ApiError>) -> Result<(), String> {
    r.map(|_| ()).map_err(|e| e.to_string())
}

#[test]
fn a_signal_with_its_json_body() {
    let params = vec![
        "Escalate".to_string(),
        r#"[{"skillId":"4201"}]"#.to_string(),
    ];
    let p = params.clone();
    preview_is_send(
        ApiRequest::signal("5823201", &params),
        json!({}),
        move |c| ok(c.signal("5823201", &p)),
    );
}

#[test]
fn a_work_item_bodiless_with_content_length_zero_and_its_query() {
    let w = WorkItem {
        point_of_contact: "Work Item POC".into(),
        work_item_id: Some("sim-1/a&b".into()),
        work_item_payload: Some(r#"{"intent":"billing"}"#.into()),
        work_item_type: Some("rehearsal".into()),
        from: Some("cxone-diag".into()),
    };
    let request = ApiRequest::work_item(&w);
    let planned = request.planned("http://127.0.0.1:9", "v30.0").unwrap();
    assert!(
        planned
            .headers
            .contains(&("Content-Length".into(), "0".into()))
    );
    assert_eq!(planned.body, None);
    preview_is_send(request, json!({"contactId": 7000001}), move |c| {
        ok(c.create_work_item(&w))
    });
}

#[test]
fn a_digital_inbound_message() {
    let body = json!({"thread": {"idOnExternalPlatform": "t-1"}, "messageContent": {"type": "TEXT", "payload": {"text": "hi"}}});
    let b = body.clone();
    preview_is_send(
        ApiRequest::inbound_message("chat_1", &body),
        json!({}),
        move |c| ok(c.dfo_inbound_message("chat_1", &b)),
    );
}

#[test]
fn ending_a_contact_bodiless() {
    preview_is_send(ApiRequest::end_contact("7000001"), json!({}), |c| {
        ok(c.end_contact("7000001"))
    });
}

#[test]
fn a_read_without_query() {
    let planned = ApiRequest::contact("5823201")
        .planned("http://127.0.0.1:9", "v30.0")
        .unwrap();
    assert_eq!(planned.method, "GET");
    assert!(!planned.headers.iter().any(|(k, _)| k == "Content-Length"));
    preview_is_send(
        ApiRequest::contact("5823201"),
        json!({"contactId": 5823201}),
        |c| ok(c.contact("5823201")),
    );
}

#[test]
fn a_read_with_a_query() {
    preview_is_send(
        ApiRequest::skill_activity("4201", Some("2026-01-01T00:00:00Z")),
        json!({"skillActivity": []}),
        |c| ok(c.skill_activity("4201", Some("2026-01-01T00:00:00Z"))),
    );
}

#[test]
fn a_paged_read_plans_its_first_page() {
    // the pager adds top/skip to the call's request; one page of skills as the pager asks
    preview_is_send(
        ApiRequest::skills_page(100, 0, Some(4)),
        json!({"skills": [], "totalRecords": 0}),
        |c| ok(c.skills_page(100, 0, Some(4))),
    );
}

#[test]
fn a_completed_contacts_window() {
    let q = CompletedQuery {
        start_date: "2026-01-01T00:00:00Z".into(),
        end_date: "2026-01-02T00:00:00Z".into(),
        skill_id: Some("4201".into()),
    };
    let planned = ApiRequest::completed_contacts(&q)
        .planned("http://127.0.0.1:9", "v30.0")
        .unwrap();
    assert!(
        planned.url.contains("startDate=2026-01-01T00%3A00%3A00Z"),
        "{}",
        planned.url
    );
    assert!(planned.url.ends_with("&skillId=4201"), "{}", planned.url);
}
