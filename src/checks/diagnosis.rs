//! The one-word verdict of a trace (`facts.diagnosis`), shared by ACD contacts, digital cases and `--recent` rows.

use super::codes;
use crate::report::{Code, Finding, Severity};

/// Exactly one of these is the diagnosis of a traced conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Diagnosis {
    /// An agent was connected after the bot or IVR part.
    HandedOver,
    /// It ended without ever being queued.
    NeverEscalated,
    /// It queued on a skill and ended before any agent answered.
    AbandonedInQueue,
    /// It queued on a skill that does not exist, is inactive or has no (active) agents.
    SkillUnavailable,
    /// The bot or the script's error branch ended it.
    BotError,
    /// It is still active and no agent has been connected yet.
    InProgress,
    /// The data does not tell.
    Inconclusive,
}

impl Diagnosis {
    /// Every diagnosis, in the order of the issue.
    pub const ALL: [Diagnosis; 7] = [
        Diagnosis::HandedOver,
        Diagnosis::NeverEscalated,
        Diagnosis::AbandonedInQueue,
        Diagnosis::SkillUnavailable,
        Diagnosis::BotError,
        Diagnosis::InProgress,
        Diagnosis::Inconclusive,
    ];

    /// The value of `facts.diagnosis`.
    pub fn as_str(self) -> &'static str {
        match self {
            Diagnosis::HandedOver => "handed-over",
            Diagnosis::NeverEscalated => "never-escalated",
            Diagnosis::AbandonedInQueue => "abandoned-in-queue",
            Diagnosis::SkillUnavailable => "skill-unavailable",
            Diagnosis::BotError => "bot-error",
            Diagnosis::InProgress => "in-progress",
            Diagnosis::Inconclusive => "inconclusive",
        }
    }

    /// Parse a `facts.diagnosis` value.
    pub fn parse(s: &str) -> Option<Diagnosis> {
        Diagnosis::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The finding code that carries this verdict.
    pub fn code(self) -> &'static Code {
        match self {
            Diagnosis::HandedOver => &codes::CONTACT_HANDED_OVER,
            Diagnosis::NeverEscalated => &codes::CONTACT_NEVER_ESCALATED,
            Diagnosis::AbandonedInQueue => &codes::CONTACT_ABANDONED_IN_QUEUE,
            Diagnosis::SkillUnavailable => &codes::CONTACT_SKILL_UNAVAILABLE,
            Diagnosis::BotError => &codes::CONTACT_BOT_ERROR,
            Diagnosis::InProgress => &codes::CONTACT_IN_PROGRESS,
            Diagnosis::Inconclusive => &codes::CONTACT_INCONCLUSIVE,
        }
    }

    /// The verdict's severity: fail for never-escalated, abandoned-in-queue, skill-unavailable
    /// and bot-error; warn for inconclusive; info (a passing subject) for handed-over and in-progress.
    pub fn severity(self) -> Severity {
        self.code().severity
    }

    /// What to do about it, in CXone terms (`None` for handed-over).
    pub fn hint(self, digital: bool) -> Option<&'static str> {
        Some(match (self, digital) {
            (Diagnosis::HandedOver, _) => return None,
            (Diagnosis::NeverEscalated, false) => {
                "Check that the bot sent the Escalate signal (Cognigy Exit Interaction node with the right Main and Spawned Contact ID) and that the Studio script's OnSignal branch requests an agent (Reqagent)"
            }
            (Diagnosis::NeverEscalated, true) => {
                "Check the bot's handover output (action AGENT_TRANSFER / Intent Escalate) and that the Studio script's OnReturnControlToScript branch routes the case to a queue"
            }
            (Diagnosis::AbandonedInQueue, _) => {
                "The handover worked but nobody answered in time: check staffing with `queue-health SKILL`, and add a callback or overflow branch to the routing script"
            }
            (Diagnosis::SkillUnavailable, _) => {
                "Fix the skill (activate it, assign active agents) or route handovers to a working skill; `queue-health SKILL` shows why it cannot answer"
            }
            (Diagnosis::BotError, _) => {
                "Read the error value in the custom data, fix the bot or its endpoint, and wire the OnError branch to a fallback queue so errors still reach an agent"
            }
            (Diagnosis::InProgress, _) => {
                "Run again when it has ended; `queue-health SKILL` shows whether an agent can take it now"
            }
            (Diagnosis::Inconclusive, _) => {
                "Completed contacts can take a few minutes to reach reporting; check the API user's reporting permissions and run again"
            }
        })
    }

    /// The verdict finding: this diagnosis's code, `evidence` as the message, the hint.
    pub fn finding(self, evidence: impl Into<String>, digital: bool) -> Finding {
        let f = Finding::new(self.code(), evidence);
        match self.hint(digital) {
            Some(h) => f.hint(h),
            None => f,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_follow_the_issue() {
        let cases = [
            (Diagnosis::HandedOver, Severity::Info),
            (Diagnosis::NeverEscalated, Severity::Fail),
            (Diagnosis::AbandonedInQueue, Severity::Fail),
            (Diagnosis::SkillUnavailable, Severity::Fail),
            (Diagnosis::BotError, Severity::Fail),
            (Diagnosis::InProgress, Severity::Info),
            (Diagnosis::Inconclusive, Severity::Warn),
        ];
        for (d, sev) in cases {
            assert_eq!(d.severity(), sev, "{}", d.as_str());
            assert_eq!(Diagnosis::parse(d.as_str()), Some(d));
            assert_eq!(d.code().id, format!("contact-{}", d.as_str()));
        }
        assert_eq!(Diagnosis::parse("nope"), None);
        assert!(Diagnosis::HandedOver.finding("x", false).hint.is_none());
        assert!(
            Diagnosis::NeverEscalated
                .finding("x", true)
                .hint
                .unwrap()
                .contains("AGENT_TRANSFER")
        );
    }
}
