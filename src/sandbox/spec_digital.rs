//! Scenario keys for the digital side: cases, their listed or generated messages, and channels.

use serde::Deserialize;

use super::reltime::RelTime;
use super::spec_acd::default_start;

/// One digital case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    /// Case number (`id`, the path's contactNumber).
    pub number: u64,
    /// ACD contact id.
    #[serde(default)]
    pub contact_id: Option<u64>,
    /// Interaction id (default: generated).
    #[serde(default)]
    pub interaction_id: Option<String>,
    /// Channel id.
    pub channel: String,
    /// new, open, pending, escalated, resolved, closed or trashed.
    #[serde(default = "default_case_status")]
    pub status: String,
    /// The skill its routing queue routes to; the case carries that queue's UUID
    /// (`routing_queues:` of the scenario, else one derived from the skill).
    #[serde(default)]
    pub routing_queue: Option<u64>,
    /// Serve this `routingQueueId` as is instead (e.g. a queue `/routing-queues` does not know).
    #[serde(default)]
    pub routing_queue_id: Option<String>,
    /// Agent id, or `bot`.
    #[serde(default, deserialize_with = "string_or_number")]
    pub inbox_assignee: Option<String>,
    /// Thread id (default: generated).
    #[serde(default)]
    pub thread_id: Option<String>,
    /// Created.
    #[serde(default = "default_start")]
    pub created: RelTime,
    /// The customer's display name.
    #[serde(default = "default_customer")]
    pub customer: String,
    /// Messages per page of `/messages`.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Generated messages, placed before the listed ones.
    #[serde(default)]
    pub generate_messages: Option<MessageGenSpec>,
    /// Listed messages.
    #[serde(default)]
    pub messages: Vec<MessageSpec>,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Author {
    /// The end user (inbound).
    Customer,
    /// The bot user (outbound).
    Bot,
    /// An agent (outbound).
    Agent,
    /// A survey user (outbound, `isSurveyUser`): not an agent reply.
    Survey,
}

/// One listed message.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageSpec {
    /// Author.
    pub from: Author,
    /// Text.
    pub text: String,
    /// Agent id for `from: agent` (default: the case's inbox assignee).
    #[serde(default)]
    pub agent: Option<u64>,
    /// Time (default: one second after the previous message).
    #[serde(default)]
    pub at: Option<RelTime>,
}

/// `generate_messages:` of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageGenSpec {
    /// How many.
    pub count: usize,
    /// Authors, cycled.
    #[serde(default = "default_pattern")]
    pub pattern: Vec<Author>,
    /// Text; `{n}` becomes the 1-based message number.
    #[serde(default = "default_message_text")]
    pub text: String,
    /// First message time.
    #[serde(default = "default_gen_start")]
    pub start: RelTime,
    /// Seconds between messages.
    #[serde(default = "default_every")]
    pub every_s: f64,
    /// Agent id for `agent` entries of the pattern.
    #[serde(default)]
    pub agent: Option<u64>,
}

/// One digital channel.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    /// Channel id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Default skill id new cases route to.
    pub skill: u64,
    /// Live chat channel.
    #[serde(default)]
    pub live_chat: bool,
    /// Studio script name.
    #[serde(default)]
    pub script: Option<String>,
    /// Active (listed with `isActive`; an inactive channel routes no message).
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

/// A scalar written as a number or a string, kept as text.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::de::Error;
    match Option::<serde_yaml::Value>::deserialize(d)? {
        None | Some(serde_yaml::Value::Null) => Ok(None),
        Some(serde_yaml::Value::String(s)) => Ok(Some(s)),
        Some(serde_yaml::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(D::Error::custom("expected an agent id or `bot`")),
    }
}
fn default_gen_start() -> RelTime {
    RelTime::Offset(-3.0 * 3600.0)
}
fn default_case_status() -> String {
    "new".into()
}
fn default_customer() -> String {
    "Sandbox Customer".into()
}
fn default_page_size() -> usize {
    25
}
fn default_pattern() -> Vec<Author> {
    vec![Author::Customer, Author::Bot]
}
fn default_message_text() -> String {
    "Message {n}".into()
}
fn default_every() -> f64 {
    2.0
}
