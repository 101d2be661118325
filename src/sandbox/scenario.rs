//! The scenario file format: a YAML description of one sandbox tenant (documented key by key in `examples/scenarios/README.md`).
//!
//! Every struct denies unknown keys, so a typo is an error naming the line and the key.
//! [`load`] reads a file or a built-in, expands `generate:` blocks and checks references.

use std::path::Path;

use serde::Deserialize;

use super::builtin;
use super::faults::FaultRule;
use super::reltime::RelTime;
use crate::error::usage;

/// One tenant: identity, credentials, skills, agents, contacts, digital cases and faults.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name (defaults to the built-in name or the file stem).
    #[serde(default)]
    pub name: Option<String>,
    /// One line shown by `sandbox list`.
    #[serde(default)]
    pub description: Option<String>,
    /// Tenant identity carried by the id_token and cxone-configuration.
    #[serde(default)]
    pub tenant: TenantSpec,
    /// The fake credentials the token endpoint accepts.
    #[serde(default)]
    pub credentials: CredentialsSpec,
    /// Token lifetimes and accepted grants.
    #[serde(default)]
    pub auth: AuthSpec,
    /// How queued contacts reach agents.
    #[serde(default)]
    pub routing: RoutingSpec,
    /// The DFO user that bot messages are authored by.
    #[serde(default)]
    pub bot_user: BotUserSpec,
    /// Skills (CXone's queues).
    #[serde(default)]
    pub skills: Vec<SkillSpec>,
    /// Agents with their live state and skill assignments.
    #[serde(default)]
    pub agents: Vec<AgentSpec>,
    /// ACD contacts, active and completed.
    #[serde(default)]
    pub contacts: Vec<ContactSpec>,
    /// Digital (DFO) cases.
    #[serde(default)]
    pub cases: Vec<CaseSpec>,
    /// Points of contact (entry points) by name.
    #[serde(default)]
    pub points_of_contact: Vec<PointOfContactSpec>,
    /// Digital channels.
    #[serde(default)]
    pub channels: Vec<ChannelSpec>,
    /// Fault rules applied to matching requests.
    #[serde(default)]
    pub faults: Vec<FaultRule>,
    /// Generators for large scenarios.
    #[serde(default)]
    pub generate: GenerateSpec,
}

/// `tenant:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TenantSpec {
    /// `tenantId` claim.
    pub id: String,
    /// `tenant` claim (display name).
    pub name: String,
    /// Business unit number (`icBUId`).
    pub business_unit: u64,
    /// Cluster (`icClusterId`).
    pub cluster: String,
    /// Area (`area`), e.g. `na1`.
    pub area: String,
    /// Domain of cxone-configuration, e.g. `niceincontact.com`.
    pub domain: String,
    /// `sub` claim: the access key's user.
    pub user_id: String,
    /// `icAgentId` claim: the access key user's agent id.
    pub agent_id: Option<u64>,
}

impl Default for TenantSpec {
    fn default() -> Self {
        TenantSpec {
            id: "11ef5a1d-0000-4b0c-8000-00000000cafe".into(),
            name: "Sandbox Tenant".into(),
            business_unit: 4600123,
            cluster: "C32".into(),
            area: "na1".into(),
            domain: "niceincontact.com".into(),
            user_id: "11ef5a1d-0000-4b0c-8000-0000000a11ce".into(),
            agent_id: None,
        }
    }
}

/// `credentials:` (fake values; the sandbox is never a real tenant).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CredentialsSpec {
    /// OAuth client id.
    pub client_id: String,
    /// OAuth client secret.
    pub client_secret: String,
    /// Access key id (`username` of the password grant).
    pub access_key_id: String,
    /// Access key secret (`password` of the password grant).
    pub access_key_secret: String,
}

impl Default for CredentialsSpec {
    fn default() -> Self {
        CredentialsSpec {
            client_id: "sandbox-client".into(),
            client_secret: "sandbox-client-secret".into(),
            access_key_id: "SANDBOXKEYID".into(),
            access_key_secret: "sandbox-access-key-secret".into(),
        }
    }
}

/// `auth:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthSpec {
    /// `expires_in` of access tokens, seconds.
    pub token_lifetime_s: u64,
    /// Lifetime of refresh tokens, seconds.
    pub refresh_token_lifetime_s: u64,
    /// Grant types the token endpoint accepts: `password`, `refresh_token`, `client_credentials`.
    pub grants: Vec<String>,
}

impl Default for AuthSpec {
    fn default() -> Self {
        AuthSpec {
            token_lifetime_s: 3600,
            refresh_token_lifetime_s: 7200,
            grants: vec![
                "password".into(),
                "refresh_token".into(),
                "client_credentials".into(),
            ],
        }
    }
}

/// `routing:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoutingSpec {
    /// Milliseconds between a contact entering the queue and an Available agent taking it.
    pub delay_ms: u64,
}

impl Default for RoutingSpec {
    fn default() -> Self {
        RoutingSpec { delay_ms: 1000 }
    }
}

/// `bot_user:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BotUserSpec {
    /// DFO user id of the bot.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Surname.
    pub surname: String,
}

impl Default for BotUserSpec {
    fn default() -> Self {
        BotUserSpec {
            id: "bot-cognigy".into(),
            first_name: "Cognigy".into(),
            surname: "Bot".into(),
        }
    }
}

/// A media type keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Media {
    /// 1 Email.
    Email,
    /// 3 Chat.
    Chat,
    /// 4 Phone call.
    #[default]
    Phone,
    /// 5 Voicemail.
    Voicemail,
    /// 6 Work item.
    #[serde(alias = "work-item", alias = "work_item")]
    Workitem,
    /// 9 Digital.
    Digital,
}

impl Media {
    /// CXone media type id.
    pub fn id(self) -> u32 {
        match self {
            Media::Email => 1,
            Media::Chat => 3,
            Media::Phone => 4,
            Media::Voicemail => 5,
            Media::Workitem => 6,
            Media::Digital => 9,
        }
    }

    /// CXone media type name.
    pub fn name(self) -> &'static str {
        match self {
            Media::Email => "Email",
            Media::Chat => "Chat",
            Media::Phone => "Phone Call",
            Media::Voicemail => "Voice Mail",
            Media::Workitem => "Work Item",
            Media::Digital => "Digital",
        }
    }
}

/// One skill.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillSpec {
    /// Skill id.
    pub id: u64,
    /// Skill name.
    pub name: String,
    /// Media type keyword.
    #[serde(default)]
    pub media: Media,
    /// Overrides the media type name served.
    #[serde(default)]
    pub media_type_name: Option<String>,
    /// `isActive`.
    #[serde(default = "yes")]
    pub active: bool,
    /// Studio script name.
    #[serde(default)]
    pub script: Option<String>,
    /// Campaign name.
    #[serde(default)]
    pub campaign: Option<String>,
    /// Outbound skill.
    #[serde(default)]
    pub outbound: bool,
    /// Service level goal, percent.
    #[serde(default = "default_goal")]
    pub service_level_goal: f64,
    /// Service level threshold, seconds.
    #[serde(default = "default_threshold")]
    pub service_level_threshold: f64,
    /// Live activity.
    #[serde(default)]
    pub activity: ActivitySpec,
}

/// `activity:` of a skill. Agent counts are derived from `agents:` unless given here.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivitySpec {
    /// Contacts waiting besides the `contacts:` that are Inqueue on this skill.
    #[serde(default)]
    pub queue: u32,
    /// Age of the oldest waiting contact in seconds at server start.
    #[serde(default)]
    pub oldest_wait_s: Option<f64>,
    /// Current service level, percent.
    #[serde(default)]
    pub service_level: Option<f64>,
    /// Active contacts besides the listed ones.
    #[serde(default)]
    pub contacts_active: Option<u32>,
    /// Override of `agentsAvailable`.
    #[serde(default)]
    pub agents_available: Option<u32>,
    /// Override of `agentsLoggedIn`.
    #[serde(default)]
    pub agents_logged_in: Option<u32>,
    /// Override of `agentsWorking`.
    #[serde(default)]
    pub agents_working: Option<u32>,
    /// Override of `agentsUnavailable`.
    #[serde(default)]
    pub agents_unavailable: Option<u32>,
    /// Override of `agentsIdle`.
    #[serde(default)]
    pub agents_idle: Option<u32>,
    /// Override of `agentsACW`.
    #[serde(default)]
    pub agents_acw: Option<u32>,
}

/// One agent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentSpec {
    /// Agent id.
    pub id: u64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Is the agent (user) active.
    #[serde(default = "yes")]
    pub active: bool,
    /// State name, passed through as given: Available, Unavailable, LoggedOut, InboundContact, Working, ...
    #[serde(default = "default_agent_state")]
    pub state: String,
    /// Unavailable code (`outStateDescription`).
    #[serde(default)]
    pub out_state: Option<String>,
    /// In after-call work.
    #[serde(default)]
    pub acw: bool,
    /// Team name.
    #[serde(default)]
    pub team: Option<String>,
    /// Skill assignments.
    #[serde(default)]
    pub skills: Vec<AssignmentSpec>,
}

/// One skill assignment of an agent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentSpec {
    /// Skill id.
    pub skill: u64,
    /// Is the assignment active (`isSkillActive`).
    #[serde(default = "yes")]
    pub active: bool,
    /// Proficiency, 1 (best) to 20.
    #[serde(default = "one")]
    pub proficiency: u32,
}

/// One ACD contact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactSpec {
    /// Contact id.
    pub id: u64,
    /// The caller's contact, when this one is a spawned (bot backchannel) contact.
    #[serde(default)]
    pub master: Option<u64>,
    /// Media type keyword.
    #[serde(default)]
    pub media: Media,
    /// Point of contact name.
    #[serde(default)]
    pub point_of_contact: Option<String>,
    /// Caller address.
    #[serde(default)]
    pub from: Option<String>,
    /// Dialled address.
    #[serde(default)]
    pub to: Option<String>,
    /// Skill id.
    #[serde(default)]
    pub skill: Option<u64>,
    /// Agent id.
    #[serde(default)]
    pub agent: Option<u64>,
    /// Still active (`true`) or completed (`false`).
    #[serde(default)]
    pub active: bool,
    /// Did it abandon.
    #[serde(default)]
    pub abandoned: bool,
    /// `abandonSeconds` (default: the seconds in queue, when abandoned).
    #[serde(default)]
    pub abandon_seconds: Option<f64>,
    /// Why it ended.
    #[serde(default)]
    pub end_reason: Option<String>,
    /// `inQueueSeconds` (default: sum of the Inqueue states).
    #[serde(default)]
    pub queue_seconds: Option<f64>,
    /// Did an agent refuse it.
    #[serde(default)]
    pub refused: bool,
    /// Start time.
    #[serde(default = "default_start")]
    pub start: RelTime,
    /// End time of a completed contact (default: start + the history's durations).
    #[serde(default)]
    pub end: Option<RelTime>,
    /// State history in order.
    #[serde(default)]
    pub history: Vec<StateSpec>,
    /// Studio custom data, name → value, in order.
    #[serde(default)]
    pub custom_data: serde_yaml::Mapping,
    /// Skill an Escalate signal queues this contact on.
    #[serde(default)]
    pub escalation_skill: Option<u64>,
    /// Override of `routing.delay_ms` for this contact.
    #[serde(default)]
    pub routing_delay_ms: Option<u64>,
}

/// One entry of a contact's state history.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSpec {
    /// CXone state name: PreQueue, Inqueue, Routing, Active, Hold, PostQueue, EndContact, Abandoned, ...
    pub state: String,
    /// Seconds in this state (ignored for the open, last state of an active contact).
    #[serde(default)]
    pub seconds: f64,
    /// Skill (default: the contact's skill).
    #[serde(default)]
    pub skill: Option<u64>,
    /// Agent (default: the contact's agent for Active and Hold).
    #[serde(default)]
    pub agent: Option<u64>,
}

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
    /// Routing queue (skill) id.
    #[serde(default)]
    pub routing_queue: Option<u64>,
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

/// One point of contact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointOfContactSpec {
    /// Friendly name (what `pointOfContact=` takes).
    pub name: String,
    /// GUID (default: generated).
    #[serde(default)]
    pub id: Option<String>,
    /// Default skill id.
    pub skill: u64,
    /// Media type keyword.
    #[serde(default = "default_poc_media")]
    pub media: Media,
    /// Address (phone number, email, ...).
    #[serde(default)]
    pub address: Option<String>,
    /// Studio script name.
    #[serde(default)]
    pub script: Option<String>,
    /// Is it active.
    #[serde(default = "yes")]
    pub active: bool,
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
}

/// `generate:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateSpec {
    /// Many similar skills, each with its own agents.
    #[serde(default)]
    pub skills: Option<SkillGenSpec>,
}

/// `generate.skills:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillGenSpec {
    /// How many skills.
    pub count: u64,
    /// Id of the first; the rest follow.
    #[serde(default = "default_first_skill")]
    pub first_id: u64,
    /// Name; `{n}` becomes the 1-based number.
    #[serde(default = "default_skill_name")]
    pub name: String,
    /// Media type keyword.
    #[serde(default)]
    pub media: Media,
    /// Agents generated per skill.
    #[serde(default = "default_agents_per_skill")]
    pub agents_per_skill: u64,
    /// Id of the first generated agent.
    #[serde(default = "default_first_agent")]
    pub first_agent_id: u64,
    /// Agent states, cycled over the generated agents.
    #[serde(default = "default_agent_states")]
    pub agent_states: Vec<String>,
    /// `activity.queue` of each skill.
    #[serde(default)]
    pub queue: u32,
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

fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}
fn default_goal() -> f64 {
    80.0
}
fn default_threshold() -> f64 {
    30.0
}
fn default_agent_state() -> String {
    "Available".into()
}
fn default_start() -> RelTime {
    RelTime::Offset(-900.0)
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
fn default_poc_media() -> Media {
    Media::Workitem
}
fn default_first_skill() -> u64 {
    10001
}
fn default_skill_name() -> String {
    "Skill {n}".into()
}
fn default_agents_per_skill() -> u64 {
    2
}
fn default_first_agent() -> u64 {
    50001
}
fn default_agent_states() -> Vec<String> {
    vec!["Available".into()]
}

/// Where a scenario came from, for messages.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The parsed, expanded and checked scenario.
    pub scenario: Scenario,
    /// `built-in demo` or the file path.
    pub origin: String,
}

/// Load `spec`: an existing file path, else a built-in name. Errors are usage errors (exit 2).
pub fn load(spec: &str) -> anyhow::Result<Loaded> {
    let path = Path::new(spec);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| usage(format!("cannot read scenario file {spec}: {e}")))?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| spec.to_string());
        return parse(&text, spec, &stem).map(|scenario| Loaded {
            scenario,
            origin: spec.to_string(),
        });
    }
    if let Some(b) = builtin::find(spec) {
        let origin = format!("built-in scenario {}", b.name);
        return parse(b.yaml, &origin, b.name).map(|scenario| Loaded { scenario, origin });
    }
    Err(usage(format!(
        "no scenario file or built-in scenario named {spec:?}\n  built-in scenarios: {}\n  or give the path of a scenario YAML file",
        builtin::names().join(", ")
    )))
}

/// Parse, expand and check scenario text; `origin` names it in errors, `name` is the default name.
pub fn parse(text: &str, origin: &str, name: &str) -> anyhow::Result<Scenario> {
    let mut scenario: Scenario = serde_yaml::from_str(text).map_err(|e| {
        let place = e
            .location()
            .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
            .unwrap_or_default();
        usage(format!("scenario {origin}{place}: {e}"))
    })?;
    if scenario.name.is_none() {
        scenario.name = Some(name.to_string());
    }
    super::generate::expand(&mut scenario);
    super::validate::check(&scenario).map_err(|e| usage(format!("scenario {origin}: {e}")))?;
    Ok(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_scenario_gets_defaults() {
        let s = parse("skills: [{id: 1, name: One}]", "test", "t").unwrap();
        assert_eq!(s.name.as_deref(), Some("t"));
        assert_eq!(s.credentials.client_id, "sandbox-client");
        assert_eq!(s.skills[0].media, Media::Phone);
        assert!(s.skills[0].active);
        assert_eq!(s.auth.token_lifetime_s, 3600);
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let err = parse(
            "skills:\n  - id: 1\n    name: One\n    actve: false\n",
            "x.yaml",
            "x",
        )
        .unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("x.yaml"), "{text}");
        assert!(text.contains("line 4"), "{text}");
        assert!(text.contains("actve"), "{text}");
        assert!(crate::error::is_usage(&err));
    }

    #[test]
    fn media_keywords_map_to_cxone_ids() {
        let m: Vec<Media> =
            serde_yaml::from_str("[email, chat, phone, voicemail, workitem, digital]").unwrap();
        let ids: Vec<u32> = m.iter().map(|m| m.id()).collect();
        assert_eq!(ids, vec![1, 3, 4, 5, 6, 9]);
        assert_eq!(Media::Workitem.name(), "Work Item");
    }

    #[test]
    fn unknown_spec_lists_builtins() {
        let err = load("no-such-scenario-xyz").unwrap_err();
        assert!(format!("{err}").contains("demo"));
        assert!(crate::error::is_usage(&err));
    }
}
