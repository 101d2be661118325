//! Judging one request body with exactly `validate-payload`'s rules and config, plus what a
//! router would do with it (the route of a webhook, the guest a switch would provision).

use crate::config::Rules;
use crate::payload::kinds::webhook::{self, Decision};
use crate::payload::parse::{self, Syntax};
use crate::payload::tree::Value;
use crate::payload::{Checker, Inputs, Kind};
use crate::report::Finding;

use super::views::{self, Guest};

/// What a router would do with a payload, shown on the live line and in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// A `cognigy-webhook`: its intent and the route `rules.routing` gives it.
    Route {
        /// `intent.name`.
        intent: String,
        /// The route.
        decision: Decision,
    },
    /// A `guest-session`: what the guest would be provisioned with.
    Guest(Guest),
}

/// One judged body.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// The kind it was judged as (`None`: unparsed, or no kind matched).
    pub kind: Option<Kind>,
    /// False when the body is not a JSON document (empty, binary, not UTF-8, not JSON).
    pub parsed: bool,
    /// Every finding, at the registry's severities.
    pub findings: Vec<Finding>,
    /// The route or the guest, for the kinds that have one.
    pub view: Option<View>,
}

/// A judge prepared once for every request of the run.
#[derive(Debug, Clone)]
pub struct Judge {
    checker: Checker,
    rules: Rules,
    kind: Option<Kind>,
}

impl Judge {
    /// A judge for the config's `rules`, with `--kind` when given.
    pub fn new(rules: &Rules, kind: Option<Kind>) -> Judge {
        Judge {
            checker: Checker::new(rules, Inputs::default()),
            rules: rules.clone(),
            kind,
        }
    }

    /// The kind a body sent to `path` is judged as: `--kind`, else the path's hint, else
    /// detection (`None`).
    pub fn forced_kind(&self, path: &str) -> Option<Kind> {
        self.kind.or_else(|| hinted_kind(path))
    }

    /// Judge a body sent to `path` as `validate-payload` judges a JSON document.
    pub fn body(&self, path: &str, bytes: &[u8]) -> Judged {
        if bytes.len() > parse::MAX_DOCUMENT_BYTES {
            return unparsed(parse::too_large(Some(bytes.len())));
        }
        let scanned = match parse::document_scanned(bytes, Syntax::Json, 1, &self.checker) {
            Ok(scanned) => scanned,
            Err(finding) => return unparsed(finding),
        };
        let validated = self
            .checker
            .validate_scanned(&scanned, self.forced_kind(path));
        let view = match (validated.kind, &scanned.value) {
            (Some(Kind::CognigyWebhook), Value::Object(root)) => {
                webhook::decision(&self.rules.routing, root)
                    .map(|(intent, decision)| View::Route { intent, decision })
            }
            (Some(Kind::GuestSession), Value::Object(root)) => {
                Some(View::Guest(views::guest(root)))
            }
            _ => None,
        };
        Judged {
            kind: validated.kind,
            parsed: true,
            findings: validated.findings,
            view,
        }
    }
}

fn unparsed(finding: Finding) -> Judged {
    Judged {
        kind: None,
        parsed: false,
        findings: vec![finding],
        view: None,
    }
}

/// The kind a request path names: a segment that is a kind's name (`/hooks/guest-session`),
/// or `webhook` beside `cognigy` (`/webhook/cognigy`, `/cognigy/webhook`).
pub fn hinted_kind(path: &str) -> Option<Kind> {
    let segments: Vec<&str> = path
        .split('?')
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(kind) = segments
        .iter()
        .rev()
        .find_map(|s| Kind::from_name(&s.to_ascii_lowercase()))
    {
        return Some(kind);
    }
    let has = |word: &str| segments.iter().any(|s| s.eq_ignore_ascii_case(word));
    (has("webhook") && has("cognigy")).then_some(Kind::CognigyWebhook)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::tests::rules;

    fn codes(judged: &Judged) -> Vec<&str> {
        judged.findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn paths_hint_kinds() {
        assert_eq!(hinted_kind("/webhook/cognigy"), Some(Kind::CognigyWebhook));
        assert_eq!(
            hinted_kind("/Cognigy/Webhook?x=1"),
            Some(Kind::CognigyWebhook)
        );
        assert_eq!(
            hinted_kind("/hooks/guest-session"),
            Some(Kind::GuestSession)
        );
        assert_eq!(hinted_kind("/"), None);
        assert_eq!(hinted_kind("/webhook"), None);
    }

    #[test]
    fn the_route_shown_is_the_route_judged() {
        let judge = Judge::new(&rules(), None);
        let cases: &[(&str, Decision, &str)] = &[
            (
                r#"{"intent":{"name":"billing_dispute"},"user":{"id":"u"},"session":{"sessionId":"s"}}"#,
                Decision::Skill("4242".into()),
                "webhook-routed",
            ),
            (
                r#"{"intent":{"name":"refund"},"user":{"id":"u"},"session":{"sessionId":"s"}}"#,
                Decision::NoRoute,
                "webhook-route-missing",
            ),
            (
                r#"{"intent":{"name":"vip"},"user":{"id":"u"},"session":{"sessionId":"s"},"entities":[{"name":"account_manager","value":"ana"}]}"#,
                Decision::Agent {
                    entity: "account_manager".into(),
                    agent: Some("\"ana\"".into()),
                },
                "webhook-routed",
            ),
            (
                r#"{"intent":{"name":"vip"},"user":{"id":"u"},"session":{"sessionId":"s"},"entities":[{"name":"account_manager","value":" "}]}"#,
                Decision::Agent {
                    entity: "account_manager".into(),
                    agent: None,
                },
                "webhook-agent-entity-missing",
            ),
        ];
        for (body, decision, code) in cases {
            let judged = judge.body("/", body.as_bytes());
            assert_eq!(judged.kind, Some(Kind::CognigyWebhook), "{body}");
            let Some(View::Route {
                decision: shown, ..
            }) = &judged.view
            else {
                panic!("no route for {body}");
            };
            assert_eq!(shown, decision, "{body}");
            assert!(
                codes(&judged).contains(code),
                "{body}: {:?}",
                codes(&judged)
            );
        }
        let unconfigured = Judge::new(&Rules::default(), None).body("/", cases[0].0.as_bytes());
        assert!(matches!(
            unconfigured.view,
            Some(View::Route {
                decision: Decision::Unconfigured,
                ..
            })
        ));
    }

    #[test]
    fn bodies_that_are_not_json_are_unparsed() {
        let judge = Judge::new(&Rules::default(), None);
        for (body, code) in [
            (&b""[..], "payload-empty"),
            (b"{\"a\":", "payload-syntax"),
            (b"\xff\xfe{}", "payload-not-utf8"),
        ] {
            let judged = judge.body("/", body);
            assert!(!judged.parsed);
            assert_eq!(codes(&judged), [code], "{body:?}");
        }
    }

    #[test]
    fn the_path_hint_forces_the_kind() {
        let judge = Judge::new(&Rules::default(), None);
        let judged = judge.body("/webhook/cognigy", br#"{"p1":"Escalate","p2":"[]"}"#);
        assert_eq!(judged.kind, Some(Kind::CognigyWebhook));
        let judged = Judge::new(&Rules::default(), Some(Kind::CognigySignal))
            .body("/webhook/cognigy", br#"{"p1":"Escalate","p2":"[]"}"#);
        assert_eq!(judged.kind, Some(Kind::CognigySignal));
    }
}
