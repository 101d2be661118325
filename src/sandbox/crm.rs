//! A CRM endpoint on the sandbox, `POST /crm/handoff`: what an offline rehearsal's CRM step
//! posts to. It takes a JSON object and answers `{received, bytes}`; the request log records
//! what it got (headers' secrets redacted), and fault rules on `/crm/handoff` fault it.

use serde_json::{Value, json};

use super::http::{Reply, Req};

/// The path of the sandbox's CRM endpoint.
pub const PATH: &str = "/crm/handoff";

/// `POST /crm/handoff`: 200 for a JSON object, 415 for another content type, 400 otherwise.
pub fn receive(req: &Req) -> Reply {
    let json_type = req
        .header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/json"));
    if !json_type {
        return Reply::admin_error(
            415,
            "UnsupportedMediaType",
            "the CRM endpoint takes application/json",
        );
    }
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(_)) => {
            Reply::json(200, &json!({"received": true, "bytes": req.body.len()}))
        }
        _ => Reply::admin_error(400, "InvalidBody", "the body is not a JSON object"),
    }
}
