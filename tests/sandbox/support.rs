//! Shared helpers: start a sandbox, get a token, call the API.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cxone_diag::sandbox::Sandbox;
use reqwest::blocking::{Client, Response};
use serde_json::Value;

/// ACD prefix the tests use.
pub const ACD: &str = "/inContactAPI/services/v30.0";

/// A sandbox with a token and an HTTP client.
pub struct Api {
    pub sb: Sandbox,
    pub http: Client,
    pub token: String,
}

/// A blocking client with a timeout.
pub fn client() -> Client {
    Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap()
}

/// `POST /auth/token` with the password grant and the scenario's credentials.
pub fn password_token(sb: &Sandbox, http: &Client) -> Response {
    let c = sb.credentials();
    http.post(format!("{}/auth/token", sb.base_url()))
        .basic_auth(&c.client_id, Some(&c.client_secret))
        .form(&[
            ("grant_type", "password"),
            ("username", c.access_key_id.as_str()),
            ("password", c.access_key_secret.as_str()),
        ])
        .send()
        .unwrap()
}

/// Decode the claims of a JWT-shaped token.
pub fn claims(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("three segments");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The body as JSON (`Null` when empty or not JSON).
pub fn json(r: Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

impl Api {
    /// The built-in demo scenario.
    pub fn demo() -> Api {
        Api::new(Sandbox::start("demo", 0).unwrap())
    }

    /// A scenario given as YAML.
    pub fn yaml(yaml: &str) -> Api {
        Api::new(Sandbox::from_yaml(yaml, "test.yaml", 0).unwrap())
    }

    /// Wrap `sb` and get a token.
    pub fn new(sb: Sandbox) -> Api {
        let http = client();
        let (status, body) = json(password_token(&sb, &http));
        assert_eq!(status, 200, "{body}");
        let token = body["access_token"].as_str().unwrap().to_string();
        Api { sb, http, token }
    }

    /// Full URL: ACD paths get the prefix, `/dfo/...`, `/.well-known/...` and `/auth/...` do not.
    pub fn url(&self, path: &str) -> String {
        let root = [
            "/dfo/",
            "/.well-known/",
            "/auth/",
            "/_sandbox/",
            "/incontactapi/",
        ];
        if root
            .iter()
            .any(|r| path.to_ascii_lowercase().starts_with(r))
        {
            format!("{}{path}", self.sb.base_url())
        } else {
            format!("{}{ACD}{path}", self.sb.base_url())
        }
    }

    /// GET with the token and `Accept: application/json`.
    pub fn get(&self, path: &str) -> (u16, Value) {
        json(self.get_raw(path))
    }

    /// GET, the raw response.
    pub fn get_raw(&self, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(&self.token)
            .header("Accept", "application/json")
            .send()
            .unwrap()
    }

    /// POST a JSON body.
    pub fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        json(
            self.http
                .post(self.url(path))
                .bearer_auth(&self.token)
                .header("Accept", "application/json")
                .json(body)
                .send()
                .unwrap(),
        )
    }

    /// POST with no body, declaring `Content-Length: 0` as CXone's front end requires.
    pub fn post(&self, path: &str) -> (u16, Value) {
        json(
            self.http
                .post(self.url(path))
                .bearer_auth(&self.token)
                .header("Accept", "application/json")
                .header("Content-Length", "0")
                .send()
                .unwrap(),
        )
    }

    /// POST with no body and no declared length.
    pub fn post_undeclared(&self, path: &str) -> (u16, Value) {
        json(
            self.http
                .post(self.url(path))
                .bearer_auth(&self.token)
                .header("Accept", "application/json")
                .send()
                .unwrap(),
        )
    }

    /// Every page of an ACD list, following `_links.next`; returns the items under `key`.
    pub fn all_pages(&self, first: &str, key: &str) -> (Vec<Value>, usize) {
        let mut items = Vec::new();
        let mut url = self.url(first);
        let mut pages = 0;
        loop {
            pages += 1;
            let r = self
                .http
                .get(&url)
                .bearer_auth(&self.token)
                .header("Accept", "application/json")
                .send()
                .unwrap();
            let (status, body) = json(r);
            assert_eq!(status, 200, "{body}");
            items.extend(body[key].as_array().unwrap().iter().cloned());
            match body["_links"]["next"].as_str() {
                Some(next) => url = next.to_string(),
                None => return (items, pages),
            }
        }
    }

    /// Contact `id` once `ms` have passed on the sandbox's clock (advanced, not slept), which
    /// must find it in `state`.
    pub fn wait_state(&self, id: u64, state: &str, ms: u64) -> Value {
        let c = self.after(ms, &format!("/contacts/{id}"));
        assert_eq!(c["stateName"], state, "contact {id} after {ms} ms: {c}");
        c
    }

    /// `GET path` once `ms` have passed on the sandbox's clock (advanced, not slept).
    pub fn after(&self, ms: u64, path: &str) -> Value {
        self.sb
            .clock()
            .advance(std::time::Duration::from_millis(ms));
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{body}");
        body
    }
}
