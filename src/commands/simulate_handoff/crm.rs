//! The CRM step: after the handover, POST the handoff context (contact, run id, the payload's
//! context, outcome, timings) to `rules.handoff.crm.url` with the configured headers, the way a
//! handover service syncs the agent's screen; 2xx passes. The request is one value ([`Crm`] +
//! body) that the plan, `--dry-run` and the send all use; it is never resent once the CRM may
//! have processed it. Offline it goes to the sandbox's CRM endpoint instead.

use std::collections::HashMap;
use std::path::Path;

use reqwest::Url;
use reqwest::header::HeaderName;
use serde_json::{Value, json};

use crate::config::rules::CrmRules;
use crate::cxone::request::Planned;
use crate::cxone::secret::{self, Secret};
use crate::cxone::{Client, ErrorKind};
use crate::error::usage;
use crate::report::{Finding, Subject};

use super::codes;
use super::handover;
use super::plan::Request;
use super::steps;

/// The value a secret header gets offline when its variable is not set (never a real secret).
pub const OFFLINE_PLACEHOLDER: &str = "offline-placeholder";

/// A header value: plain text, or a secret shown as `***`.
#[derive(Debug, Clone)]
enum HeaderValue {
    Plain(String),
    Secret(Secret),
}

/// The CRM request of a run, resolved once: where, and with which headers.
#[derive(Debug, Clone)]
pub struct Crm {
    /// Where it is posted (the sandbox's endpoint offline).
    pub url: Url,
    /// The configured URL (the same as `url` live).
    pub configured: String,
    headers: Vec<(String, HeaderValue)>,
    /// Secret headers whose variable was not set offline (sent with a placeholder).
    pub placeholders: Vec<String>,
}

/// Header names whose value is a secret and so may not be written in the config file.
fn secret_name(name: &str) -> bool {
    crate::secret_name::is_secret_name(name, crate::secret_name::Place::Header)
}

/// Resolve `rules.handoff.crm` (exit 2 on a bad URL or header); `offline_base` is the
/// sandbox's base URL of an offline run.
pub fn resolve(
    rules: &CrmRules,
    env: &HashMap<String, String>,
    secret_file: Option<&Path>,
    offline_base: Option<&str>,
) -> anyhow::Result<Crm> {
    let bad = |why: String| {
        usage(format!(
            "rules.handoff.crm: {why}\n  see config.example.yaml for the CRM step's url and headers"
        ))
    };
    let configured = Url::parse(&rules.url)
        .map_err(|e| bad(format!("url {:?} is not a URL ({e})", rules.url)))?;
    if !matches!(configured.scheme(), "http" | "https") || configured.host_str().is_none() {
        return Err(bad(format!(
            "url {:?} is not an http or https URL with a host",
            rules.url
        )));
    }
    let url = match offline_base {
        Some(base) => Url::parse(&format!(
            "{}{}",
            base.trim_end_matches('/'),
            crate::sandbox::crm::PATH
        ))
        .map_err(|e| bad(format!("the sandbox's CRM URL is not a URL ({e})")))?,
        None => configured.clone(),
    };
    let mut headers = Vec::new();
    let mut placeholders = Vec::new();
    for h in &rules.headers {
        if HeaderName::from_bytes(h.name.as_bytes()).is_err() {
            return Err(bad(format!("{:?} is not a header name", h.name)));
        }
        let value = match (&h.value, &h.env, &h.secret) {
            (Some(_), None, None) if secret_name(&h.name) => {
                return Err(bad(format!(
                    "header {} holds a secret, so its value may not be written in the config file; give `env: VARIABLE` or `secret: KEY` (a key of crm_headers in the profile's secret file)",
                    h.name
                )));
            }
            (Some(v), None, None) => HeaderValue::Plain(v.clone()),
            (None, Some(var), None) => match env.get(var).filter(|v| !v.is_empty()) {
                Some(v) => HeaderValue::Secret(Secret::new(v.clone())),
                None if offline_base.is_some() => {
                    placeholders.push(h.name.clone());
                    HeaderValue::Secret(Secret::new(OFFLINE_PLACEHOLDER))
                }
                None => {
                    return Err(usage(format!(
                        "the CRM header {} needs the environment variable {var}, which is not set\n  export {var}, or run offline",
                        h.name
                    )));
                }
            },
            (None, None, Some(key)) => {
                let found = match secret_file {
                    Some(path) => secret::crm_header(path, key)?,
                    None => None,
                };
                match found {
                    Some(v) => HeaderValue::Secret(v),
                    None if offline_base.is_some() => {
                        placeholders.push(h.name.clone());
                        HeaderValue::Secret(Secret::new(OFFLINE_PLACEHOLDER))
                    }
                    None => {
                        return Err(usage(format!(
                            "the CRM header {} needs crm_headers.{key} in the profile's secret file (auth.secret_file), which {}\n  add it to the secret file, or use `env: VARIABLE`",
                            h.name,
                            if secret_file.is_some() {
                                "does not set it"
                            } else {
                                "is not configured"
                            }
                        )));
                    }
                }
            }
            _ => {
                return Err(bad(format!(
                    "header {} needs exactly one of value, env or secret",
                    h.name
                )));
            }
        };
        headers.push((h.name.clone(), value));
    }
    Ok(Crm {
        url,
        configured: rules.url.clone(),
        headers,
        placeholders,
    })
}

/// The payload's context object of the handover: the signal's p2 (JSON text decoded), the work
/// item's payload (decoded when JSON), the message's contact (custom fields, skill).
pub fn context(request: &Request) -> Value {
    let decoded =
        |text: &str| serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into()));
    match request {
        Request::Signal { params, .. } => params.get(1).map_or(Value::Null, |p2| decoded(p2)),
        Request::WorkItem(w) => w.work_item_payload.as_deref().map_or(Value::Null, decoded),
        Request::Digital { body, .. } => body.get("contact").cloned().unwrap_or(Value::Null),
    }
}

/// What a rehearsal knows when the CRM step runs.
#[derive(Debug, Clone, Default)]
pub struct Handoff {
    /// The run id (`-k` per rehearsal when repeating).
    pub run_id: String,
    /// The contact handed over (the caller's contact of a signal, or the created one).
    pub contact_id: Option<String>,
    /// `signal`, `work-item`, `digital`.
    pub via: String,
    /// The payload's context object.
    pub context: Value,
    /// Verify's outcome.
    pub outcome: Option<String>,
    /// Milliseconds of the handover call.
    pub handover_ms: Option<u64>,
    /// From the first handover attempt to queued.
    pub time_to_queue_ms: Option<u64>,
    /// ... to an agent.
    pub time_to_agent_ms: Option<u64>,
}

impl Handoff {
    /// The JSON body posted to the CRM.
    pub fn body(&self) -> Value {
        json!({
            "source": "cxone-diag",
            "runId": self.run_id,
            "contactId": self.contact_id,
            "via": self.via,
            "context": self.context,
            "outcome": self.outcome,
            "timings": {
                "handoverMs": self.handover_ms,
                "timeToQueueMs": self.time_to_queue_ms,
                "timeToAgentMs": self.time_to_agent_ms,
            },
        })
    }
}

impl Crm {
    /// The configured headers as sent (the transport adds Accept, User-Agent and, with the
    /// JSON body, Content-Type and Content-Length); secret values stay secrets.
    fn wire_headers(&self) -> Vec<(String, Secret)> {
        self.headers
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    HeaderValue::Plain(p) => Secret::new(p.clone()),
                    HeaderValue::Secret(s) => s.clone(),
                };
                (k.clone(), value)
            })
            .collect()
    }

    /// The request as it goes on the wire, secrets masked (for the plan and `--dry-run`).
    pub fn planned(&self, body: &Value) -> Planned {
        let shown = self
            .headers
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    HeaderValue::Plain(p) => p.clone(),
                    HeaderValue::Secret(_) => "***".to_string(),
                };
                (k.clone(), value)
            })
            .collect();
        Planned::post(
            self.url.to_string(),
            shown,
            Some(serde_json::to_string(body).unwrap_or_default()),
        )
    }

    /// Run the CRM step for `h`: the subject (pass on 2xx; fail otherwise, never resent).
    pub fn step(&self, client: &Client, h: &Handoff) -> Subject {
        let mut s = steps::step(steps::CRM).with_label(format!("POST {}", self.url));
        s.fact("url", self.url.as_str());
        if self.configured != self.url.as_str() {
            s.fact("configuredUrl", self.configured.as_str());
        }
        if !self.placeholders.is_empty() {
            s.push(Finding::new(
                &codes::CRM_PLACEHOLDER,
                format!(
                    "offline: header {} was sent with a placeholder, since its secret is not set",
                    self.placeholders.join(", ")
                ),
            ));
        }
        let body = h.body();
        let secrets: Vec<&Secret> = self
            .headers
            .iter()
            .filter_map(|(_, v)| match v {
                HeaderValue::Secret(s) => Some(s),
                HeaderValue::Plain(_) => None,
            })
            .collect();
        let result = client.post_outbound(&self.url, &self.wire_headers(), &secrets, &body);
        match result {
            Ok(resp) => {
                handover::attempt_facts(&mut s, &resp.attempt_log, resp.elapsed_ms);
                s.fact("status", resp.status);
                let attempts = handover::attempt_lines(&resp.attempt_log).join("; ");
                if (200..300).contains(&resp.status) {
                    s.push(Finding::new(
                        &codes::CRM_ACCEPTED,
                        format!(
                            "the CRM accepted the handoff context: {} answered {} ({attempts})",
                            self.url, resp.status
                        ),
                    ));
                } else {
                    s.fact("notResent", true);
                    s.push(
                        Finding::new(
                            &codes::CRM_FAILED,
                            format!(
                                "the CRM answered {} to the handoff context ({attempts}); it was not resent, since the CRM may have processed it: the agent would start without the bot's context",
                                resp.status
                            ),
                        )
                        .hint("Check the CRM endpoint, its credentials (rules.handoff.crm.headers) and its logs for this run id"),
                    );
                }
            }
            Err(e) => {
                handover::attempt_facts(&mut s, &e.attempt_log, e.elapsed_ms);
                s.fact("notResent", true);
                // A timeout means the CRM got the request and may have processed it; a
                // connection that failed means it never arrived.
                let message = if matches!(e.kind, ErrorKind::Timeout | ErrorKind::Deadline) {
                    format!(
                        "the CRM did not answer the handoff context in time: {}; it was not resent, since the CRM may have processed it: the agent may start without the bot's context",
                        handover::failure(&e)
                    )
                } else {
                    format!(
                        "the handoff context did not reach the CRM: {}: the agent would start without the bot's context",
                        handover::failure(&e)
                    )
                };
                s.push(Finding::new(&codes::CRM_FAILED, message).hint(
                    "Check that the CRM host is reachable and answers within http.timeout_s",
                ));
            }
        }
        s.finish();
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::rules::CrmHeader;

    fn rules(headers: Vec<CrmHeader>) -> CrmRules {
        CrmRules {
            url: "https://crm.example.com/api/handoff".into(),
            headers,
        }
    }

    fn header(name: &str, value: Option<&str>, env: Option<&str>) -> CrmHeader {
        CrmHeader {
            name: name.into(),
            value: value.map(Into::into),
            env: env.map(Into::into),
            secret: None,
        }
    }

    #[test]
    fn secrets_come_only_from_the_environment_and_are_masked_in_the_plan() {
        let env = HashMap::from([("CRM_KEY".to_string(), "S3CR3T-crm".to_string())]);
        let crm = resolve(
            &rules(vec![
                header("X-Api-Key", None, Some("CRM_KEY")),
                header("X-Source", Some("cxone-diag"), None),
            ]),
            &env,
            None,
            None,
        )
        .unwrap();
        assert_eq!(crm.url.as_str(), "https://crm.example.com/api/handoff");
        let planned = crm.planned(&json!({"a": 1}));
        let text = planned.render();
        assert!(text.contains("X-Api-Key: ***"), "{text}");
        assert!(text.contains("X-Source: cxone-diag"), "{text}");
        assert!(!text.contains("S3CR3T"), "{text}");
        assert!(
            planned
                .headers
                .contains(&("Content-Length".into(), "7".into())),
            "{planned:?}"
        );
        let e = resolve(
            &rules(vec![header("Authorization", Some("Bearer x"), None)]),
            &env,
            None,
            None,
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("may not be written in the config file"));
        let e = resolve(
            &rules(vec![header("X-Api-Key", None, Some("NOPE"))]),
            &env,
            None,
            None,
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("NOPE"));
        let offline = resolve(
            &rules(vec![header("X-Api-Key", None, Some("NOPE"))]),
            &env,
            None,
            Some("http://127.0.0.1:9"),
        )
        .unwrap();
        assert_eq!(offline.url.as_str(), "http://127.0.0.1:9/crm/handoff");
        assert_eq!(offline.placeholders, ["X-Api-Key"]);
        for bad in ["not a url", "ftp://crm.example.com/x", "mailto:a@b.c"] {
            let r = CrmRules {
                url: bad.into(),
                headers: Vec::new(),
            };
            assert!(resolve(&r, &env, None, None).is_err(), "{bad}");
        }
        let both = CrmHeader {
            secret: Some("k".into()),
            ..header("X-Api-Key", None, Some("CRM_KEY"))
        };
        assert!(resolve(&rules(vec![both]), &env, None, None).is_err());
        assert!(
            resolve(
                &rules(vec![header("bad name", Some("v"), None)]),
                &env,
                None,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn the_context_is_the_payloads() {
        let signal = Request::Signal {
            contact_id: "5".into(),
            params: vec!["Escalate".into(), "[{\"intent\":\"billing\"}]".into()],
        };
        assert_eq!(context(&signal), json!([{"intent": "billing"}]));
        let h = Handoff {
            run_id: "sim-1".into(),
            contact_id: Some("4".into()),
            via: "signal".into(),
            context: context(&signal),
            outcome: Some("answered".into()),
            handover_ms: Some(3),
            time_to_queue_ms: Some(10),
            time_to_agent_ms: None,
        };
        let b = h.body();
        assert_eq!(b["contactId"], "4");
        assert_eq!(b["timings"]["timeToQueueMs"], 10);
        assert_eq!(b["timings"]["timeToAgentMs"], Value::Null);
    }
}
