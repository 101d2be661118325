//! The scenario file format: a YAML description of one sandbox tenant (documented key by key in `examples/scenarios/README.md`).
//!
//! Every struct denies unknown keys, so a typo is an error naming the line and the key.
//! [`load`] reads a file or a built-in, expands `generate:` blocks and checks references.

use std::path::Path;

use serde::Deserialize;

use super::builtin;
use super::faults::FaultRule;
use crate::error::usage;

pub use super::spec_acd::{
    ActivitySpec, AgentSpec, AssignmentSpec, ContactSpec, GenerateSpec, PointOfContactSpec,
    SkillGenSpec, SkillSpec, StateSpec,
};
pub use super::spec_digital::{Author, CaseSpec, ChannelSpec, MessageGenSpec, MessageSpec};

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
    /// Page sizes of every list (`default_top`, `max_top`).
    #[serde(default)]
    pub paging: super::paging::PagingSpec,
    /// Digital routing queues (`GET /dfo/3.0/routing-queues`): UUID ids mapped to skills.
    #[serde(default)]
    pub routing_queues: Vec<RoutingQueueSpec>,
}

/// One digital routing queue: a case's `routingQueueId` names it; it routes to `skill`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingQueueSpec {
    /// Queue id (a UUID on CXone).
    pub id: String,
    /// Queue name.
    pub name: String,
    /// The ACD skill it routes to.
    pub skill: u64,
    /// A sub-queue.
    #[serde(default)]
    pub subqueue: bool,
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
        let text = crate::config::files::read_text(path, crate::config::files::MAX_SCENARIO_BYTES)
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

/// Check size limits, expand `generate:` (once: the block is emptied) and check references.
pub fn prepare(scenario: &mut Scenario) -> Result<(), String> {
    super::validate::limits(scenario)?;
    super::generate::expand(scenario);
    scenario.generate = GenerateSpec::default();
    super::validate::check(scenario)
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
    prepare(&mut scenario).map_err(|e| usage(format!("scenario {origin}: {e}")))?;
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
