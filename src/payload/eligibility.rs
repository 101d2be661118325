//! Handover eligibility: a conversation may be handed over when the bot's confidence is below
//! `rules.handoff.min_confidence` and its intent is one of `rules.handoff.escalation_intents`.

use std::fmt;

use crate::config::rules::HandoffRules;

/// A condition of eligibility that the conversation does not meet.
#[derive(Debug, Clone, PartialEq)]
pub enum Unmet {
    /// The bot is confident enough to keep the conversation.
    ConfidenceTooHigh {
        /// The bot's confidence.
        confidence: f64,
        /// `rules.handoff.min_confidence`.
        min_confidence: f64,
    },
    /// The intent is not an escalation intent.
    IntentNotEscalation {
        /// The intent seen.
        intent: String,
        /// An escalation intent equal to it but for case, when there is one.
        differs_in_case_from: Option<String>,
    },
}

impl fmt::Display for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unmet::ConfidenceTooHigh {
                confidence,
                min_confidence,
            } => write!(
                f,
                "confidence {confidence} is not below min_confidence {min_confidence}"
            ),
            Unmet::IntentNotEscalation {
                intent,
                differs_in_case_from: Some(right),
            } => write!(
                f,
                "intent {intent:?} is not in escalation_intents (intents match exactly; {right:?} is)"
            ),
            Unmet::IntentNotEscalation { intent, .. } => {
                write!(f, "intent {intent:?} is not in escalation_intents")
            }
        }
    }
}

/// The eligibility verdict for one conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Both conditions hold.
    Eligible,
    /// At least one condition fails; every failing one is listed.
    Ineligible(Vec<Unmet>),
    /// The confidence is not a number in 0..=1, so nothing can be judged.
    InvalidConfidence(f64),
}

impl Verdict {
    /// True for [`Verdict::Eligible`].
    pub fn is_eligible(&self) -> bool {
        matches!(self, Verdict::Eligible)
    }
}

/// Judge whether a conversation with `confidence` and `intent` may be handed over.
pub fn judge(confidence: f64, intent: &str, rules: &HandoffRules) -> Verdict {
    if !(0.0..=1.0).contains(&confidence) {
        return Verdict::InvalidConfidence(confidence);
    }
    let mut unmet = Vec::new();
    if confidence >= rules.min_confidence {
        unmet.push(Unmet::ConfidenceTooHigh {
            confidence,
            min_confidence: rules.min_confidence,
        });
    }
    if !rules.escalation_intents.iter().any(|i| i == intent) {
        unmet.push(Unmet::IntentNotEscalation {
            intent: intent.to_string(),
            differs_in_case_from: rules
                .escalation_intents
                .iter()
                .find(|i| i.eq_ignore_ascii_case(intent))
                .cloned(),
        });
    }
    if unmet.is_empty() {
        Verdict::Eligible
    } else {
        Verdict::Ineligible(unmet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eligible_when_unsure_and_escalating() {
        let rules = HandoffRules::default();
        assert_eq!(judge(0.4, "billing_dispute", &rules), Verdict::Eligible);
        assert!(judge(0.0, "complaint", &rules).is_eligible());
    }

    #[test]
    fn each_failing_condition_is_named() {
        let rules = HandoffRules::default();
        assert_eq!(
            judge(0.9, "complaint", &rules),
            Verdict::Ineligible(vec![Unmet::ConfidenceTooHigh {
                confidence: 0.9,
                min_confidence: 0.75
            }])
        );
        // The threshold itself is not "below".
        assert!(!judge(0.75, "complaint", &rules).is_eligible());
        let Verdict::Ineligible(unmet) = judge(0.2, "Complaint", &rules) else {
            panic!("expected ineligible");
        };
        assert_eq!(unmet.len(), 1);
        assert!(
            unmet[0].to_string().contains("\"complaint\" is"),
            "{}",
            unmet[0]
        );
        let Verdict::Ineligible(both) = judge(0.99, "greeting", &rules) else {
            panic!("expected ineligible");
        };
        assert_eq!(both.len(), 2);
    }

    #[test]
    fn confidence_outside_unit_interval_is_invalid() {
        let rules = HandoffRules::default();
        assert_eq!(
            judge(1.5, "complaint", &rules),
            Verdict::InvalidConfidence(1.5)
        );
        assert_eq!(
            judge(-0.1, "complaint", &rules),
            Verdict::InvalidConfidence(-0.1)
        );
        assert!(matches!(
            judge(f64::NAN, "complaint", &rules),
            Verdict::InvalidConfidence(_)
        ));
        assert!(judge(1.0, "complaint", &rules) != Verdict::InvalidConfidence(1.0));
    }
}
