//! What the sandbox received: `received()`, redaction, and `GET /_sandbox/requests`.

use crate::support::{Api, client, json, password_token};
use cxone_diag::sandbox::{Received, Sandbox};

#[test]
fn received_keeps_method_path_query_and_body_in_order() {
    let api = Api::demo();
    api.get("/skills?top=2");
    api.post_json(
        "/interactions/5823201/signal",
        &serde_json::json!({"p1": "Escalate"}),
    );
    let got = api.sb.received();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].path, "/auth/token");
    assert_eq!(got[1].method, "GET");
    assert_eq!(got[1].query, "top=2");
    assert_eq!(got[1].status, 200);
    assert_eq!(got[1].header("accept"), Some("application/json"));
    assert_eq!(got[2].body, r#"{"p1":"Escalate"}"#);
    assert_eq!(got[2].status, 202);
    assert!(got.windows(2).all(|w| w[0].seq < w[1].seq));
}

#[test]
fn secrets_and_tokens_never_reach_received() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let http = client();
    let (_, tokens) = json(password_token(&sb, &http));
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_string();
    let c = sb.credentials().clone();
    http.post(format!("{}/auth/token", sb.base_url()))
        .basic_auth(&c.client_id, Some(&c.client_secret))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
        ])
        .send()
        .unwrap();
    http.get(format!(
        "{}/inContactAPI/services/v30.0/skills",
        sb.base_url()
    ))
    .bearer_auth(&access)
    .header("Accept", "application/json")
    .send()
    .unwrap();
    let text = serde_json::to_string(&sb.received()).unwrap();
    for secret in [&c.client_secret, &c.access_key_secret, &access, &refresh] {
        assert!(!text.contains(secret.as_str()), "{secret} leaked: {text}");
    }
    let first = &sb.received()[0];
    assert!(first.body.contains("username=SANDBOXKEYID"));
    assert!(first.body.contains("password=%2A%2A%2A"));
    assert_eq!(first.header("authorization"), Some("Basic ***"));
}

#[test]
fn debug_endpoint_returns_the_same_records() {
    let api = Api::demo();
    api.get("/skills/4201");
    api.post("/interactions/5823201/signal?p1=Escalate");
    let r = api.http.get(api.url("/_sandbox/requests")).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let over_http: Vec<Received> = r.json().unwrap();
    assert_eq!(over_http, api.sb.received(), "debug calls are not recorded");
    let (status, signals) = json(api.http.get(api.url("/_sandbox/signals")).send().unwrap());
    assert_eq!(status, 200);
    assert_eq!(signals[0]["contactId"], "5823201");
    api.sb.clear_received();
    assert!(api.sb.received().is_empty());
    assert!(api.sb.signals().is_empty());
}

#[test]
fn malformed_requests_get_4xx_not_a_crash() {
    let api = Api::demo();
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", api.sb.port())).unwrap();
    s.write_all(b"GARBAGE\r\n\r\n").unwrap();
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    assert!(buf.is_empty() || buf.starts_with("HTTP/1.1 4"), "{buf}");
    let r = api
        .http
        .post(api.url("/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'%', b'z'])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(api.get("/skills/4201").0, 200, "still serving");
}
