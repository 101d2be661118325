//! The loopback-only test endpoints under `/_sandbox/` (not part of CXone): read what was received, add faults, reset.
//!
//! `GET /_sandbox/requests`, `GET /_sandbox/signals`, `GET|POST|DELETE /_sandbox/faults`,
//! `POST /_sandbox/reset`, `POST /_sandbox/expire-tokens`. They need no token, are never
//! recorded, and answer 403 to any peer that is not loopback.

use serde_json::json;

use super::faults::{ActiveFault, FaultRule};
use super::http::{Reply, Req};
use super::server::Shared;

/// Answer one `/_sandbox/...` request.
pub fn handle(shared: &Shared, req: &Req, loopback: bool) -> Reply {
    if !loopback {
        return Reply::admin_error(
            403,
            "Forbidden",
            "the /_sandbox endpoints answer loopback only",
        );
    }
    let path = req.path.trim_end_matches('/');
    let mut s = shared.lock();
    match (req.method.as_str(), path) {
        ("GET", "/_sandbox/requests") => Reply::json(200, &json!(s.received)),
        ("GET", "/_sandbox/signals") => Reply::json(200, &json!(s.signals)),
        ("GET", "/_sandbox/faults") => {
            let rules: Vec<&FaultRule> = s.faults.iter().map(|f| &f.rule).collect();
            Reply::json(200, &json!(rules))
        }
        ("POST", "/_sandbox/faults") => match serde_json::from_slice::<FaultRule>(&req.body) {
            Ok(rule) => match rule.check() {
                Ok(()) => {
                    s.faults.push(ActiveFault { rule, used: 0 });
                    Reply::json(201, &json!({"faults": s.faults.len()}))
                }
                Err(e) => Reply::admin_error(400, "InvalidFault", &e),
            },
            Err(e) => Reply::admin_error(400, "InvalidFault", &e.to_string()),
        },
        ("DELETE", "/_sandbox/faults") => {
            s.faults.clear();
            Reply::empty(204)
        }
        ("POST", "/_sandbox/reset") => {
            s.reset();
            Reply::empty(204)
        }
        ("POST", "/_sandbox/expire-tokens") => {
            let past = shared.clock.now() - chrono::Duration::seconds(1);
            s.tokens.values_mut().for_each(|t| *t = past);
            Reply::empty(204)
        }
        _ => Reply::admin_error(
            404,
            "NotFound",
            "sandbox endpoints: GET /_sandbox/requests, GET /_sandbox/signals, GET|POST|DELETE /_sandbox/faults, POST /_sandbox/reset, POST /_sandbox/expire-tokens",
        ),
    }
}
