//! Offline handover payloads: kinds, detection and rules. No network, no terminal.
//!
//! The library API other commands use (`simulate-handoff` validates its payload with it):
//!
//! ```
//! use cxone_diag::config::Rules;
//! use cxone_diag::payload::{self, Inputs, Kind};
//!
//! let value = serde_json::json!({"p1": "Escalate", "p2": "[]", "contactId": "5823114"});
//! assert_eq!(payload::detect(&value).kind, Some(Kind::CognigySignal));
//! let checked = payload::validate_value(&value, None, &Inputs::default(), &Rules::default());
//! assert_eq!(checked.kind, Some(Kind::CognigySignal));
//! assert!(checked.findings.is_empty());
//! ```

pub mod codes;
pub mod detect;
pub mod eligibility;
pub mod fields;
pub mod formats;
pub mod kind;
pub mod kinds;
pub mod parse;
pub mod placeholder;
pub mod pointer;
pub mod position;
pub mod saved;
pub mod scan;
pub mod scanned;
pub mod schema;
pub mod source;
pub mod tree;
pub mod via;
pub mod yaml;

use serde_json::Value;

use crate::config::Rules;
use crate::report::Finding;
pub use detect::{Candidate, Detection, detect};
pub use kind::Kind;
use placeholder::Placeholders;
pub use scanned::Scanned;
pub use via::Via;

/// Values given on the command line that some kinds use when the payload lacks them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// Contact id a signal goes to (`--contact-id`), for `cognigy-signal`.
    pub contact_id: Option<String>,
    /// Bot confidence (`--confidence`), for `bot-handoff` eligibility.
    pub confidence: Option<f64>,
    /// Intent (`--intent`), for `bot-handoff` eligibility.
    pub intent: Option<String>,
}

impl Inputs {
    /// Refuse values that can never be judged, before any payload is read: `--confidence`
    /// is a probability, so outside 0..=1 (or not a number) it is a usage error whether or
    /// not `--intent` is given.
    pub fn check(&self) -> anyhow::Result<()> {
        match self.confidence {
            Some(c) if !(c.is_finite() && (0.0..=1.0).contains(&c)) => {
                Err(crate::error::usage(format!(
                    "--confidence {c} is not a probability from 0 to 1\n  hint: pass the bot's confidence as a number from 0 to 1, e.g. --confidence 0.42 (divide a percentage by 100)"
                )))
            }
            _ => Ok(()),
        }
    }
}

/// What validating one payload found.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// The kind it was validated as (forced or detected); `None` when no kind matched.
    pub kind: Option<Kind>,
    /// Every finding, with paths and hints, at the registry's default severities.
    pub findings: Vec<Finding>,
}

/// A validator prepared once (placeholder patterns compiled) for many payloads.
#[derive(Debug, Clone)]
pub struct Checker {
    rules: Rules,
    inputs: Inputs,
    placeholders: Placeholders,
    /// `rules.handoff.min_confidence`, formatted once.
    min_confidence: String,
}

impl Checker {
    /// Prepare a checker for `rules` and command-line `inputs`.
    pub fn new(rules: &Rules, inputs: Inputs) -> Checker {
        Checker {
            placeholders: Placeholders::new(&rules.payload.placeholders),
            min_confidence: rules.handoff.min_confidence.to_string(),
            rules: rules.clone(),
            inputs,
        }
    }

    /// Validate one parsed payload as `kind`, or as its detected kind when `kind` is `None`.
    pub fn validate(&self, value: &Value, kind: Option<Kind>) -> Validated {
        self.validate_noted(&tree::Value::borrowed(value), kind, None, true)
    }

    /// Parse JSON text noting what validation needs (see [`scanned`]); for
    /// [`Checker::validate_scanned`].
    pub fn parse_json<'a>(&self, text: &'a str) -> Result<Scanned<'a>, serde_json::Error> {
        scanned::parse(text, &self.placeholders)
    }

    /// Validate a payload parsed by [`Checker::parse_json`]: the same result as
    /// [`Checker::validate`] of its value, without walking the value again for what was
    /// noted while parsing it.
    pub fn validate_scanned(&self, scanned: &Scanned, kind: Option<Kind>) -> Validated {
        self.validate_noted(
            &scanned.value,
            kind,
            scanned.detected,
            scanned.may_have_placeholder,
        )
    }

    fn validate_noted(
        &self,
        value: &tree::Value,
        kind: Option<Kind>,
        detected: Option<Option<Kind>>,
        may_have_placeholder: bool,
    ) -> Validated {
        let mut cx = fields::Cx::new(
            &self.rules,
            &self.inputs,
            &self.placeholders,
            &self.min_confidence,
        );
        let kind = match value {
            tree::Value::Object(root) => {
                let kind = kind.or_else(|| detected.unwrap_or_else(|| detect::detect_object(root)));
                match kind {
                    Some(kind) => kinds::check(kind, &mut cx, root),
                    None => cx.push(unknown_kind(value)),
                }
                kind
            }
            other => {
                cx.push(not_object(other, kind));
                None
            }
        };
        if may_have_placeholder {
            scan::placeholders(&mut cx, value);
        }
        scan::duplicate_keys(&mut cx, value);
        Validated {
            kind,
            findings: cx.findings,
        }
    }
}

/// Validate one payload (compiles the placeholder patterns: use [`Checker`] for many).
pub fn validate_value(
    value: &Value,
    kind: Option<Kind>,
    inputs: &Inputs,
    rules: &Rules,
) -> Validated {
    Checker::new(rules, inputs.clone()).validate(value, kind)
}

fn not_object(value: &tree::Value, kind: Option<Kind>) -> Finding {
    let expected = kind.map_or("a payload".to_string(), |k| format!("a {k} payload"));
    Finding::new(
        &codes::PAYLOAD_NOT_OBJECT,
        format!("the document is {}, but {expected} is a JSON object", fields::type_name(value)),
    )
    .at("")
    .hint("Unwrap the payload from the array or log record it sits in; use .ndjson for one payload per line.")
}

fn unknown_kind(value: &tree::Value) -> Finding {
    let Detection { closest, .. } = detect::detect_tree(value);
    let keys: Vec<&str> = match value {
        tree::Value::Object(o) => o.keys().take(8).collect(),
        _ => Vec::new(),
    };
    let mut message = format!(
        "no payload kind matches the top-level keys [{}]",
        keys.join(", ")
    );
    let hint = if closest.is_empty() {
        message.push_str("; no key resembles any kind's");
        format!(
            "Pass --kind KIND to validate it as one kind ({}), or check that this is a handover payload.",
            Kind::all()
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        let parts: Vec<String> = closest
            .iter()
            .map(|c| {
                let mut part = c.kind.name().to_string();
                let mut notes = Vec::new();
                for (seen, expected) in &c.near {
                    notes.push(format!("`{seen}` looks like `{expected}`"));
                }
                if !c.missing.is_empty() {
                    notes.push(format!("would need {}", c.missing.join(", ")));
                }
                if !notes.is_empty() {
                    part.push_str(&format!(" ({})", notes.join("; ")));
                }
                part
            })
            .collect();
        message.push_str(&format!("; closest: {}", parts.join(", ")));
        format!(
            "Rename the keys to the kind's names, or pass --kind {} to validate it as that kind.",
            closest[0].kind.name()
        )
    };
    Finding::new(&codes::PAYLOAD_KIND_UNKNOWN, message)
        .at("")
        .hint(hint)
}

#[cfg(test)]
pub(crate) mod tests;
