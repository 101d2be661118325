//! The `rules:` section: thresholds, lists and severity overrides that the checks read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::overrides::Level;

/// Every rule setting, with the defaults documented in `config.example.yaml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Code → `allow` | `warn` | `deny`; `--allow/--warn/--deny` flags win over these.
    pub severity: BTreeMap<String, Level>,
    /// Payload validation settings.
    pub payload: PayloadRules,
    /// When a conversation may be handed over, and where it goes when the handover fails.
    pub handoff: HandoffRules,
    /// Intent → route, for `cognigy-webhook` payloads.
    pub routing: BTreeMap<String, Route>,
    /// Queue (skill) health thresholds.
    pub queue: QueueRules,
    /// Conversation trace settings.
    pub trace: TraceRules,
}

/// Payload validation settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PayloadRules {
    /// A Signal API body larger than this many bytes warns.
    pub max_signal_bytes: usize,
    /// Case-insensitive patterns that mark a value as a placeholder left in config.
    /// `*` matches any run of characters; a pattern without `*` must match the whole value.
    pub placeholders: Vec<String>,
}

impl Default for PayloadRules {
    fn default() -> Self {
        PayloadRules {
            max_signal_bytes: 2048,
            placeholders: [
                "REPLACE_WITH*",
                "*_PLACEHOLDER",
                "*PLACEHOLDER*",
                "your-*",
                "your_*",
                "<*>",
                "{{*}}",
                "${*}",
                "TODO",
                "TODO:*",
                "TBD",
                "FIXME",
                "changeme",
                "change-me",
                "xxx",
                "xxxx*",
                "dummy",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

/// Handover eligibility and fallback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HandoffRules {
    /// A handover is eligible only when the bot's confidence is below this (0 to 1).
    #[serde(deserialize_with = "unit_interval")]
    pub min_confidence: f64,
    /// ...and the intent is one of these.
    pub escalation_intents: Vec<String>,
    /// Where `simulate-handoff` routes when the handover call fails.
    pub fallback: Fallback,
    /// The CRM step of a rehearsal: where the handoff context is POSTed after the handover.
    pub crm: Option<CrmRules>,
}

/// The CRM step: `POST url` with the handoff context and these headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrmRules {
    /// Where the handoff context is POSTed (an http or https URL). Offline rehearsals post to
    /// the sandbox's CRM endpoint instead.
    pub url: String,
    /// Headers sent with it; secret values come from the environment or the secret file.
    #[serde(default)]
    pub headers: Vec<CrmHeader>,
}

/// One CRM header: exactly one of `value` (plain text, never a secret), `env` (the name of an
/// environment variable) or `secret` (a key of `crm_headers` in the profile's secret file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrmHeader {
    /// Header name.
    pub name: String,
    /// A plain value (refused for a header whose name says it holds a secret).
    #[serde(default)]
    pub value: Option<String>,
    /// Environment variable holding the value.
    #[serde(default)]
    pub env: Option<String>,
    /// Key of `crm_headers` in the profile's `auth.secret_file`.
    #[serde(default)]
    pub secret: Option<String>,
}

impl Default for HandoffRules {
    fn default() -> Self {
        HandoffRules {
            min_confidence: 0.75,
            escalation_intents: [
                "billing_dispute",
                "technical_failure",
                "complaint",
                "sales_escalation",
                // Virtual Agent Hub's standard intent for a bot that hands the contact back to
                // the script to reach an agent.
                "StandardBotEscalation",
            ]
            .map(String::from)
            .to_vec(),
            fallback: Fallback::default(),
            crm: None,
        }
    }
}

/// A fallback target.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fallback {
    /// Skill id to queue on instead (digits; a YAML number is accepted too).
    #[serde(deserialize_with = "opt_skill_id")]
    pub skill: Option<String>,
    /// Point of contact (name) to create a work item on instead.
    pub point_of_contact: Option<String>,
}

/// Where a routing service sends an intent: `{skill: ID}` or `{agent_entity: NAME}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Route {
    /// Queue on this skill id.
    Skill {
        /// Skill id (a YAML number is accepted too).
        #[serde(deserialize_with = "string_or_number")]
        skill: String,
    },
    /// Route to the agent named by this entity of the webhook payload.
    AgentEntity {
        /// Entity name.
        agent_entity: String,
    },
}

/// A number from 0 to 1 (a bot confidence); anything else names the range and how to fix it.
fn unit_interval<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(d)?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(serde::de::Error::custom(format!(
            "min_confidence {value} is outside 0..1: give the bot confidence as a probability from 0 to 1 (e.g. 0.75, not 75)"
        )))
    }
}

/// An optional skill id: digits, as a string or a number; anything else says what a skill id is.
fn opt_skill_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(id) = Option::<Id>::deserialize(d)? else {
        return Ok(None);
    };
    let id = id.text();
    match crate::id::Id::parse(&id) {
        Ok(id) => Ok(Some(id.into_string())),
        Err(why) => Err(serde::de::Error::custom(format!(
            "fallback skill {id:?} is not a CXone skill id ({why}): skill ids are digits, e.g. 4201 (list them with `cxone-diag queue-health --all`)"
        ))),
    }
}

/// An id as written: a string or any number (a negative or fractional one is refused by the
/// caller, with a message, instead of as an unmatched type).
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    S(String),
    U(u64),
    I(i64),
    F(f64),
}

impl Id {
    /// The id as text, numbers as `{}` writes them.
    fn text(self) -> String {
        match self {
            Id::S(s) => s,
            Id::U(n) => n.to_string(),
            Id::I(n) => n.to_string(),
            Id::F(n) => n.to_string(),
        }
    }
}

/// Accept `4242` as well as `"4242"` for ids (a negative or fractional number is not an id).
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Id::deserialize(d)? {
        id @ (Id::S(_) | Id::U(_)) => Ok(id.text()),
        Id::I(_) | Id::F(_) => Err(serde::de::Error::custom(
            "an id is text or a whole number from 0",
        )),
    }
}

/// Queue health thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueueRules {
    /// More contacts than this in queue warns.
    pub max_queue: u64,
    /// The oldest contact waiting longer than this many seconds warns.
    pub max_wait_s: u64,
    /// Contacts waiting longer than this many seconds while an assigned agent is Available
    /// warn as a routing, proficiency or capacity problem (`skill-waiting-with-available`).
    pub waiting_with_available_s: u64,
}

impl Default for QueueRules {
    fn default() -> Self {
        QueueRules {
            max_queue: 10,
            max_wait_s: 120,
            waiting_with_available_s: 30,
        }
    }
}

/// Conversation trace settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TraceRules {
    /// Custom-data keys a handed-over contact must carry; missing ones warn.
    pub required_context: Vec<String>,
}

impl Default for TraceRules {
    fn default() -> Self {
        TraceRules {
            required_context: ["routingData", "customerInfo", "sessionId"]
                .map(String::from)
                .to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_parse_in_both_forms() {
        let rules: Rules = serde_yaml::from_str(
            "routing:\n  billing_dispute: {skill: '4242'}\n  vip: {agent_entity: account_manager}\n",
        )
        .unwrap();
        assert_eq!(
            rules.routing["billing_dispute"],
            Route::Skill {
                skill: "4242".into()
            }
        );
        assert_eq!(
            rules.routing["vip"],
            Route::AgentEntity {
                agent_entity: "account_manager".into()
            }
        );
        let numeric: Rules = serde_yaml::from_str("routing:\n  x: {skill: 17}\n").unwrap();
        assert_eq!(numeric.routing["x"], Route::Skill { skill: "17".into() });
        assert!(serde_yaml::from_str::<Rules>("routing:\n  x: {queue: 17}\n").is_err());
        for not_an_id in ["-17", "1.5"] {
            let yaml = format!("routing:\n  x: {{skill: {not_an_id}}}\n");
            assert!(serde_yaml::from_str::<Rules>(&yaml).is_err(), "{yaml}");
        }
    }

    #[test]
    fn a_fallback_skill_is_a_skill_id() {
        for (yaml, expected) in [
            ("handoff: {fallback: {skill: 4201}}\n", Some("4201")),
            ("handoff: {fallback: {skill: '4201'}}\n", Some("4201")),
            ("handoff: {fallback: {skill: null}}\n", None),
            ("handoff: {fallback: {point_of_contact: x}}\n", None),
        ] {
            let rules: Rules = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(rules.handoff.fallback.skill.as_deref(), expected, "{yaml}");
        }
        for bad in ["Billing", "''", "-1", "42a"] {
            let err = serde_yaml::from_str::<Rules>(&format!(
                "handoff:\n  fallback:\n    skill: {bad}\n"
            ))
            .unwrap_err()
            .to_string();
            assert!(err.contains("is not a CXone skill id"), "{bad}: {err}");
            assert!(err.contains("line 3"), "{bad}: {err}");
        }
    }

    #[test]
    fn min_confidence_must_be_a_probability() {
        for ok in ["0", "0.75", "1"] {
            let rules: Rules =
                serde_yaml::from_str(&format!("handoff: {{min_confidence: {ok}}}\n")).unwrap();
            assert_eq!(rules.handoff.min_confidence, ok.parse::<f64>().unwrap());
        }
        for bad in ["7", "-0.1", "1.01", ".nan"] {
            let err =
                serde_yaml::from_str::<Rules>(&format!("handoff:\n  min_confidence: {bad}\n"))
                    .unwrap_err()
                    .to_string();
            assert!(err.contains("handoff: min_confidence"), "{err}");
            assert!(err.contains("is outside 0..1"), "{err}");
        }
    }

    #[test]
    fn severity_levels_parse() {
        let rules: Rules = serde_yaml::from_str("severity:\n  signal-body-large: deny\n").unwrap();
        assert_eq!(rules.severity["signal-body-large"], Level::Deny);
    }
}
