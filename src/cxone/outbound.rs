//! A POST to a host outside CXone (the CRM step's webhook) through the run's one transport: its
//! retry policy (a POST is never resent once it may have been processed), its time limits, its
//! trace, and its redactor, which learns the header secrets before anything is sent.

use reqwest::{Method, Url};
use serde_json::Value;

use super::client::Client;
use super::error::{ApiError, Stage};
use super::secret::Secret;
use super::transport::{Body, Request, Response};

impl Client {
    /// POST `body` as JSON to `url` with `headers` (no CXone token); the answer with any status.
    /// `secrets` are the header values that are secrets (the redactor learns them, and only
    /// them: a plain value such as `X-Source: cxone-diag` stays readable in the trace).
    pub fn post_outbound(
        &self,
        url: &Url,
        headers: &[(String, Secret)],
        secrets: &[&Secret],
        body: &Value,
    ) -> Result<Response, ApiError> {
        let live = self.live()?;
        let secrets: Vec<String> = secrets
            .iter()
            .map(|v| v.expose().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        self.remember(&secrets);
        live.transport.send(&Request {
            method: Method::POST,
            url: url.clone(),
            authorization: None,
            headers: headers.to_vec(),
            body: Body::Json(body.clone()),
            resend_safe: false,
            stage: Stage::Api,
            family: None,
        })
    }
}
