//! Digital case messages: one pass over a DFO case's messages marks the bot part, the escalation and the first agent reply.
//!
//! The verdict on the case is drawn in [`super::case`].

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::time::{format_time, parse_time};
use crate::cxone::models::{DfoMessage, DfoUser};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    /// Inbound: the customer.
    Customer,
    /// Outbound by a user with `isBotUser: true`.
    Bot,
    /// Outbound by any other user (a human agent; `isBotUser` missing counts as human).
    Agent,
    /// Outbound by a user with `isSurveyUser: true`: a survey, not an agent reply.
    Survey,
    /// Outbound without an author user (system / automated).
    System,
    /// No usable direction.
    Unknown,
}

/// Classify one message by its direction and `authorUser.isBotUser`.
pub fn author_of(m: &DfoMessage) -> Author {
    let direction = m.direction.as_deref().map(str::to_ascii_lowercase);
    match direction.as_deref() {
        Some("inbound") => Author::Customer,
        Some("outbound") => match &m.author_user {
            Some(u) if u.is_bot_user == Some(true) => Author::Bot,
            Some(u) if u.is_survey_user == Some(true) => Author::Survey,
            Some(u) if u.id.is_some() || u.first_name.is_some() || u.surname.is_some() => {
                Author::Agent
            }
            _ => Author::System,
        },
        _ => Author::Unknown,
    }
}

/// Does a bot message carry Cognigy's escalation output (`action: AGENT_TRANSFER`, or an
/// `Intent` of `Escalate` / `StandardBotEscalation`)? Looks at most 8 levels deep.
pub fn is_escalation_payload(content: &Value) -> bool {
    fn walk(v: &Value, depth: u8) -> bool {
        if depth > 8 {
            return false;
        }
        match v {
            Value::Object(map) => map.iter().any(|(k, v)| {
                let hit = match (k.to_ascii_lowercase().as_str(), v.as_str()) {
                    ("action", Some(s)) => s.eq_ignore_ascii_case("AGENT_TRANSFER"),
                    ("intent", Some(s)) => {
                        s.eq_ignore_ascii_case("Escalate")
                            || s.eq_ignore_ascii_case("StandardBotEscalation")
                    }
                    _ => false,
                };
                hit || walk(v, depth + 1)
            }),
            Value::Array(items) => items.iter().any(|v| walk(v, depth + 1)),
            _ => false,
        }
    }
    walk(content, 0)
}

/// A marked message: its position in the list, its time and author.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 0-based position in the messages as passed.
    pub index: usize,
    /// Created at, when it parsed.
    pub at: Option<DateTime<Utc>>,
    /// Author user id.
    pub user_id: Option<String>,
    /// Author name.
    pub user_name: Option<String>,
}

impl Mark {
    fn new(index: usize, m: &DfoMessage) -> Self {
        Mark {
            index,
            at: m.created_at.as_deref().and_then(parse_time),
            user_id: m.author_user.as_ref().and_then(|u| u.id.clone()),
            user_name: m.author_user.as_ref().and_then(user_name),
        }
    }

    /// Earlier by time when both have one, else by position.
    fn is_before(&self, other: &Mark) -> bool {
        match (self.at, other.at) {
            (Some(a), Some(b)) if a != b => a < b,
            _ => self.index < other.index,
        }
    }

    /// The time as RFC 3339 UTC, or `null`.
    pub fn time_text(&self) -> Value {
        self.at.map_or(Value::Null, |t| format_time(t).into())
    }
}

/// `First Surname` of a DFO user, when it has a name.
pub fn user_name(u: &DfoUser) -> Option<String> {
    let name = [u.first_name.as_deref(), u.surname.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    (!name.trim().is_empty()).then_some(name)
}

/// `1 bot message`, `2 bot messages`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn keep_first(slot: &mut Option<Mark>, candidate: Mark) {
    if slot.as_ref().is_none_or(|m| candidate.is_before(m)) {
        *slot = Some(candidate);
    }
}

fn keep_last(slot: &mut Option<Mark>, candidate: Mark) {
    if slot.as_ref().is_none_or(|m| m.is_before(&candidate)) {
        *slot = Some(candidate);
    }
}

/// The one-pass summary of a case's messages (fold pages into it with [`MessageScan::push`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageScan {
    /// Messages seen.
    pub total: usize,
    /// From the customer.
    pub inbound: usize,
    /// From bot users.
    pub bot: usize,
    /// From human agents.
    pub agent: usize,
    /// Outbound without an author, or without a direction.
    pub other: usize,
    /// Earliest message.
    pub first: Option<Mark>,
    /// Latest message.
    pub last: Option<Mark>,
    /// Earliest customer message.
    pub first_customer: Option<Mark>,
    /// Earliest bot message.
    pub first_bot: Option<Mark>,
    /// Earliest bot message carrying the escalation output.
    pub bot_escalation: Option<Mark>,
    /// Earliest outbound message not written by a bot (agent or system).
    pub first_non_bot_outbound: Option<Mark>,
    /// Earliest human agent message.
    pub first_agent: Option<Mark>,
}

impl MessageScan {
    /// Account for the message at position `index`. O(1) per message (the escalation test
    /// reads only bot messages' content).
    pub fn push(&mut self, index: usize, m: &DfoMessage) {
        self.total += 1;
        let mark = Mark::new(index, m);
        keep_first(&mut self.first, mark.clone());
        keep_last(&mut self.last, mark.clone());
        match author_of(m) {
            Author::Customer => {
                self.inbound += 1;
                keep_first(&mut self.first_customer, mark);
            }
            Author::Bot => {
                self.bot += 1;
                if m.message_content
                    .as_ref()
                    .is_some_and(is_escalation_payload)
                {
                    keep_first(&mut self.bot_escalation, mark.clone());
                }
                keep_first(&mut self.first_bot, mark);
            }
            Author::Agent => {
                self.agent += 1;
                keep_first(&mut self.first_non_bot_outbound, mark.clone());
                keep_first(&mut self.first_agent, mark);
            }
            Author::System => {
                self.other += 1;
                keep_first(&mut self.first_non_bot_outbound, mark);
            }
            // A survey after the bot is neither an escalation nor an agent reply.
            Author::Survey | Author::Unknown => self.other += 1,
        }
    }

    /// Scan a whole list.
    pub fn of(messages: &[DfoMessage]) -> Self {
        let mut scan = MessageScan::default();
        for (i, m) in messages.iter().enumerate() {
            scan.push(i, m);
        }
        scan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn msg(direction: &str, author: Option<DfoUser>) -> DfoMessage {
        DfoMessage {
            direction: Some(direction.into()),
            author_user: author,
            ..Default::default()
        }
    }

    #[test]
    fn authors() {
        let bot = DfoUser {
            id: Some("b".into()),
            is_bot_user: Some(true),
            ..Default::default()
        };
        let human = DfoUser {
            id: Some("a".into()),
            is_bot_user: None,
            ..Default::default()
        };
        let cases = [
            (msg("inbound", None), Author::Customer),
            (msg("OUTBOUND", Some(bot)), Author::Bot),
            (msg("outbound", Some(human)), Author::Agent),
            (msg("outbound", Some(DfoUser::default())), Author::System),
            (msg("outbound", None), Author::System),
            (
                msg(
                    "outbound",
                    Some(DfoUser {
                        id: Some("s".into()),
                        is_survey_user: Some(true),
                        ..Default::default()
                    }),
                ),
                Author::Survey,
            ),
            (DfoMessage::default(), Author::Unknown),
        ];
        for (i, (m, want)) in cases.iter().enumerate() {
            assert_eq!(author_of(m), *want, "case {i}");
        }
    }

    #[test]
    fn escalation_payloads() {
        assert!(is_escalation_payload(
            &json!({"_cognigy": {"_niceCXOne": {"json": {"action": "AGENT_TRANSFER"}}}})
        ));
        assert!(is_escalation_payload(
            &json!([{"data": {"intent": "StandardBotEscalation"}}])
        ));
        assert!(!is_escalation_payload(
            &json!({"action": "END_CONVERSATION"})
        ));
        let mut deep = json!("AGENT_TRANSFER");
        for _ in 0..20 {
            deep = json!({"action": deep});
        }
        assert!(!is_escalation_payload(&deep), "depth is bounded");
    }
}
