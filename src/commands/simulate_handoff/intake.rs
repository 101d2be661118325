//! The two offline steps before any request: validate the payload (any kind `validate-payload`
//! knows) and judge eligibility with `rules.handoff`. Pure: the bytes come from the caller.

use serde_json::Value;

use crate::config::Rules;
use crate::payload::codes as payload_codes;
use crate::payload::eligibility::{self, Verdict};
use crate::payload::parse::{self, Syntax};
use crate::payload::{self, Inputs, Kind};
use crate::report::{Finding, Severity, Subject};

use super::codes;
use super::plan::{Found, Hints};
use super::steps;

/// Where the payload came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A file, with its bytes.
    File {
        /// The path as given.
        shown: String,
        /// Its bytes.
        bytes: Vec<u8>,
        /// JSON or YAML, from the extension.
        syntax: Syntax,
    },
    /// The built-in example of `--via`.
    Builtin(Value),
}

/// A payload that can be rehearsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The document.
    pub value: Value,
    /// Its kind (detected), if any matched.
    pub kind: Option<Kind>,
}

/// Parse the source; the finding says why it cannot be parsed.
pub fn parse(source: &Source) -> Result<Value, Finding> {
    match source {
        Source::File { bytes, syntax, .. } => parse::document(bytes, *syntax, 1),
        Source::Builtin(v) => Ok(v.clone()),
    }
}

fn is_eligibility_code(code: &str) -> bool {
    [
        payload_codes::HANDOFF_ELIGIBLE.id,
        payload_codes::HANDOFF_NOT_ELIGIBLE.id,
        payload_codes::HANDOFF_ELIGIBILITY_UNKNOWN.id,
        payload_codes::HANDOFF_CONFIDENCE_RANGE.id,
    ]
    .contains(&code)
}

/// The payload step. Eligibility findings of `bot-handoff` payloads are left to the eligibility
/// step. Returns the subject and the payload when it parsed.
pub fn payload_step(
    source: &Source,
    parsed: Result<Value, Finding>,
    via: &str,
    inputs: &Inputs,
    rules: &Rules,
) -> (Subject, Option<Parsed>) {
    let mut s = steps::step(steps::PAYLOAD);
    let (shown, size) = match source {
        Source::File { shown, bytes, .. } => (shown.clone(), bytes.len()),
        Source::Builtin(v) => ("built-in example".to_string(), v.to_string().len()),
    };
    s.fact("source", shown.as_str());
    s.fact("bytes", size);
    let value = match parsed {
        Ok(v) => v,
        Err(mut f) => {
            if f.message.contains("trailing characters") {
                // The payload module's hint suggests NDJSON, which validate-payload reads but a
                // rehearsal of one payload cannot use.
                f.hint = Some("The file holds more than one JSON document, and simulate-handoff rehearses one payload: keep one document in the file (validate-payload checks several, one per line in a .ndjson file)".into());
            }
            s.label = Some(format!("{shown} (unparsed)"));
            s.fact("kind", "unknown");
            s.push(f);
            s.push(Finding::new(
                &codes::PAYLOAD_UNUSABLE,
                "the payload does not parse, so there is nothing to hand over (--force cannot help)",
            ));
            s.finish();
            return (s, None);
        }
    };
    let checked = payload::validate_value(&value, None, inputs, rules);
    let kind_name = checked.kind.map_or("unknown", Kind::name);
    s.fact("kind", kind_name);
    s.label = Some(match source {
        Source::Builtin(_) => format!("built-in {kind_name} example"),
        Source::File { shown, .. } => format!("{shown} · {kind_name}"),
    });
    if matches!(source, Source::Builtin(_)) {
        s.push(Finding::new(
            &codes::PAYLOAD_BUILTIN,
            format!("rehearsing the built-in {kind_name} example for --via {via}; pass a PAYLOAD file to rehearse your bot's own"),
        ));
    }
    s.findings.extend(
        checked
            .findings
            .into_iter()
            .filter(|f| !is_eligibility_code(&f.code)),
    );
    s.finish();
    let kind = checked.kind;
    (s, Some(Parsed { value, kind }))
}

/// Confidence and intent for eligibility: the flags win over the payload.
pub fn signals(
    hints: &Hints,
    confidence: Option<f64>,
    intent: Option<&str>,
) -> (Option<Found<f64>>, Option<Found<String>>) {
    let c = confidence
        .map(|value| Found {
            value,
            path: "--confidence".into(),
        })
        .or_else(|| hints.confidence.clone());
    let i = intent
        .map(|value| Found {
            value: value.to_string(),
            path: "--intent".into(),
        })
        .or_else(|| hints.intent.clone());
    (c, i)
}

/// The eligibility step.
pub fn eligibility_step(
    confidence: Option<Found<f64>>,
    intent: Option<Found<String>>,
    rules: &Rules,
) -> Subject {
    let mut s = steps::step(steps::ELIGIBILITY);
    let h = &rules.handoff;
    s.fact("minConfidence", h.min_confidence);
    s.fact("escalationIntents", h.escalation_intents.clone());
    if let Some(c) = &confidence {
        s.fact("confidence", c.value);
        s.fact("confidenceFrom", c.path.as_str());
    }
    if let Some(i) = &intent {
        s.fact("intent", i.value.as_str());
        s.fact("intentFrom", i.path.as_str());
    }
    let (Some(c), Some(i)) = (confidence, intent) else {
        s.fact("eligible", Value::Null);
        s.label = Some("not judged".into());
        s.push(
            Finding::new(
                &payload_codes::HANDOFF_ELIGIBILITY_UNKNOWN,
                "eligibility not judged: the payload has no confidence and intent (and no --confidence/--intent was given)",
            )
            .hint("Put confidence and intent in the payload (or in p2's params), or pass --confidence and --intent"),
        );
        s.finish();
        return s;
    };
    let from = |f: &str| {
        if f.starts_with("--") {
            f.to_string()
        } else {
            format!("at {f}")
        }
    };
    match eligibility::judge(c.value, &i.value, h) {
        Verdict::Eligible => {
            s.fact("eligible", true);
            s.label = Some(format!("{} at {}", i.value, c.value));
            s.push(Finding::new(
                &payload_codes::HANDOFF_ELIGIBLE,
                format!(
                    "eligible: confidence {} ({}) is below {} and {:?} ({}) is an escalation intent",
                    c.value,
                    from(&c.path),
                    h.min_confidence,
                    i.value,
                    from(&i.path)
                ),
            ));
        }
        Verdict::Ineligible(unmet) => {
            s.fact("eligible", false);
            s.label = Some("not eligible".into());
            let reasons: Vec<String> = unmet.iter().map(ToString::to_string).collect();
            s.push(
                Finding::new(
                    &codes::INELIGIBLE,
                    format!("not eligible for a handover: {}", reasons.join("; ")),
                )
                .hint("The bot should keep this conversation, or change rules.handoff (min_confidence, escalation_intents); --force rehearses the handover anyway"),
            );
        }
        Verdict::InvalidConfidence(v) => {
            s.fact("eligible", Value::Null);
            s.label = Some("invalid confidence".into());
            s.push(
                Finding::new(
                    &payload_codes::HANDOFF_CONFIDENCE_RANGE,
                    format!("confidence {v} ({}) is outside 0..1", from(&c.path)),
                )
                .hint(
                    "Send the confidence as a probability from 0 to 1 (divide percentages by 100)",
                ),
            );
        }
    }
    s.finish();
    s
}

/// True when the step found something that stops the rehearsal (a `fail` after overrides).
pub fn stops(s: &Subject) -> bool {
    s.findings.iter().any(|f| f.severity == Severity::Fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;
    use serde_json::json;

    fn found<T>(value: T, path: &str) -> Option<Found<T>> {
        Some(Found {
            value,
            path: path.into(),
        })
    }

    #[test]
    fn eligibility_is_judged_with_the_rules() {
        let rules = Rules::default();
        let s = eligibility_step(
            found(0.42, "/p2#/0/confidence"),
            found("billing_dispute".into(), "/p2#/0/intent"),
            &rules,
        );
        assert_eq!(s.status, Status::Pass);
        assert!(
            s.findings[0].message.contains("at /p2#/0/confidence"),
            "{:?}",
            s.findings
        );
        assert_eq!(s.facts["eligible"], true);
        let s = eligibility_step(
            found(0.9, "--confidence"),
            found("greeting".into(), "/intent"),
            &rules,
        );
        assert_eq!(s.status, Status::Fail);
        assert!(stops(&s));
        assert!(s.findings[0].message.contains("greeting"));
        let s = eligibility_step(None, found("complaint".into(), "/intent"), &rules);
        assert_eq!(s.status, Status::Pass);
        assert!(!stops(&s));
        assert_eq!(s.findings[0].code, "handoff-eligibility-unknown");
        let s = eligibility_step(
            found(42.0, "/confidence"),
            found("complaint".into(), "/intent"),
            &rules,
        );
        assert!(stops(&s));
    }

    #[test]
    fn flags_win_over_the_payload() {
        let hints = Hints {
            confidence: found(0.9, "/confidence"),
            intent: found("greeting".into(), "/intent"),
            ..Hints::default()
        };
        let (c, i) = signals(&hints, Some(0.1), None);
        assert_eq!(c.unwrap().path, "--confidence");
        assert_eq!(i.unwrap().value, "greeting");
    }

    #[test]
    fn payload_findings_stop_and_eligibility_findings_move() {
        let rules = Rules::default();
        let handoff = json!({"targetType": "queue", "targetId": "4242", "message": "m", "conversationId": "c", "context": {}, "confidence": 0.9, "intent": "greeting"});
        let source = Source::Builtin(handoff.clone());
        let (s, parsed) = payload_step(&source, Ok(handoff), "signal", &Inputs::default(), &rules);
        assert!(
            s.findings.iter().all(|f| !f.code.starts_with("handoff-")),
            "{:?}",
            s.findings
        );
        assert_eq!(parsed.unwrap().kind, Some(Kind::BotHandoff));
        let bad = Source::File {
            shown: "x.json".into(),
            bytes: b"{".to_vec(),
            syntax: Syntax::Json,
        };
        let (s, parsed) = payload_step(&bad, parse(&bad), "signal", &Inputs::default(), &rules);
        assert!(parsed.is_none());
        assert!(stops(&s));
        assert!(
            s.findings
                .iter()
                .any(|f| f.code == "simulate-payload-unusable")
        );
    }

    #[test]
    fn several_documents_get_a_hint_for_one_payload() {
        let two = Source::File {
            shown: "two.json".into(),
            bytes: b"{\"a\": 1}\n{\"b\": 2}\n".to_vec(),
            syntax: Syntax::Json,
        };
        let (s, parsed) = payload_step(
            &two,
            parse(&two),
            "signal",
            &Inputs::default(),
            &Rules::default(),
        );
        assert!(parsed.is_none());
        let hint = s.findings[0].hint.as_deref().unwrap();
        assert!(
            hint.contains("simulate-handoff rehearses one payload"),
            "{hint}"
        );
        assert!(!hint.contains("name it .ndjson"), "{hint}");
    }
}
