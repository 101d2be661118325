//! Cross-reference checks of a parsed scenario: unique ids, known skills/agents/channels, known state names.
//!
//! Errors name the key path (`contacts[3].skill`) and the offending value.

use std::collections::HashSet;

use super::scenario::{Author, Scenario};

/// Contact state names the sandbox knows (CXone spelling).
pub const CONTACT_STATES: &[&str] = &[
    "PreQueue",
    "Inqueue",
    "Routing",
    "Active",
    "Hold",
    "PostQueue",
    "EndContact",
    "Abandoned",
    "Parked",
    "Interrupted",
];

/// DFO case statuses.
pub const CASE_STATUSES: &[&str] = &[
    "new",
    "open",
    "pending",
    "escalated",
    "resolved",
    "closed",
    "trashed",
];

/// Grant types the token endpoint can accept.
pub const GRANTS: &[&str] = &["password", "refresh_token", "client_credentials"];

/// Most generated skills, agents per skill and generated messages per case.
pub const MAX_GENERATED_SKILLS: u64 = 100_000;
/// Most agents generated per skill.
pub const MAX_AGENTS_PER_SKILL: u64 = 100;
/// Most generated messages in one case.
pub const MAX_GENERATED_MESSAGES: usize = 1_000_000;
/// Longest token lifetime: ten years.
pub const MAX_LIFETIME_S: u64 = 315_360_000;

/// Size limits, checked before `generate:` is expanded.
pub fn limits(s: &Scenario) -> Result<(), String> {
    if let Some(g) = &s.generate.skills {
        if g.count > MAX_GENERATED_SKILLS {
            return Err(format!(
                "generate.skills.count: at most {MAX_GENERATED_SKILLS}"
            ));
        }
        if g.agents_per_skill > MAX_AGENTS_PER_SKILL {
            return Err(format!(
                "generate.skills.agents_per_skill: at most {MAX_AGENTS_PER_SKILL}"
            ));
        }
    }
    for (i, c) in s.cases.iter().enumerate() {
        if let Some(g) = &c.generate_messages
            && g.count > MAX_GENERATED_MESSAGES
        {
            return Err(format!(
                "cases[{i}].generate_messages.count: at most {MAX_GENERATED_MESSAGES}"
            ));
        }
    }
    for (key, v) in [
        ("token_lifetime_s", s.auth.token_lifetime_s),
        ("refresh_token_lifetime_s", s.auth.refresh_token_lifetime_s),
    ] {
        if v > MAX_LIFETIME_S {
            return Err(format!("auth.{key}: at most {MAX_LIFETIME_S} (ten years)"));
        }
    }
    Ok(())
}

/// Check `s`; the error says which key is wrong and why.
pub fn check(s: &Scenario) -> Result<(), String> {
    let skills = unique(s.skills.iter().map(|k| k.id), "skills", "skill id")?;
    let agents = unique(s.agents.iter().map(|a| a.id), "agents", "agent id")?;
    let contacts = unique(s.contacts.iter().map(|c| c.id), "contacts", "contact id")?;
    unique(s.cases.iter().map(|c| c.number), "cases", "case number")?;
    let channels = unique(
        s.channels.iter().map(|c| c.id.clone()),
        "channels",
        "channel id",
    )?;
    unique(
        s.points_of_contact
            .iter()
            .map(|p| p.name.to_ascii_lowercase()),
        "points_of_contact",
        "name",
    )?;
    let skill = |key: String, id: u64| -> Result<(), String> {
        if skills.contains(&id) {
            Ok(())
        } else {
            Err(format!("{key}: skill {id} is not defined under skills"))
        }
    };
    let agent = |key: String, id: u64| -> Result<(), String> {
        if agents.contains(&id) {
            Ok(())
        } else {
            Err(format!("{key}: agent {id} is not defined under agents"))
        }
    };

    let c = &s.credentials;
    for (key, value) in [
        ("client_id", &c.client_id),
        ("client_secret", &c.client_secret),
        ("access_key_id", &c.access_key_id),
        ("access_key_secret", &c.access_key_secret),
    ] {
        if value.is_empty() {
            return Err(format!("credentials.{key}: must not be empty"));
        }
    }
    if s.auth.token_lifetime_s == 0 {
        return Err("auth.token_lifetime_s: must be at least 1".into());
    }
    for (i, g) in s.auth.grants.iter().enumerate() {
        if !GRANTS.contains(&g.as_str()) {
            return Err(format!(
                "auth.grants[{i}]: unknown grant {g:?} (known: {})",
                GRANTS.join(", ")
            ));
        }
    }

    for (i, a) in s.agents.iter().enumerate() {
        for (j, assignment) in a.skills.iter().enumerate() {
            skill(format!("agents[{i}].skills[{j}].skill"), assignment.skill)?;
        }
    }
    for (i, c) in s.contacts.iter().enumerate() {
        if let Some(id) = c.skill {
            skill(format!("contacts[{i}].skill"), id)?;
        }
        if let Some(id) = c.escalation_skill {
            skill(format!("contacts[{i}].escalation_skill"), id)?;
        }
        if let Some(id) = c.agent {
            agent(format!("contacts[{i}].agent"), id)?;
        }
        if let Some(m) = c.master {
            if !contacts.contains(&m) {
                return Err(format!(
                    "contacts[{i}].master: contact {m} is not defined under contacts"
                ));
            }
            if m == c.id {
                return Err(format!(
                    "contacts[{i}].master: a contact cannot be its own master"
                ));
            }
        }
        if c.active && c.history.is_empty() {
            return Err(format!(
                "contacts[{i}].history: active contact {} needs at least one state (its current state)",
                c.id
            ));
        }
        for (j, h) in c.history.iter().enumerate() {
            if !CONTACT_STATES.contains(&h.state.as_str()) {
                let hint = CONTACT_STATES
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(&h.state))
                    .map(|k| format!(" (CXone spells it {k})"))
                    .unwrap_or_default();
                return Err(format!(
                    "contacts[{i}].history[{j}].state: unknown state {:?}{hint}; known: {}",
                    h.state,
                    CONTACT_STATES.join(", ")
                ));
            }
            if h.seconds < 0.0 || !h.seconds.is_finite() {
                return Err(format!(
                    "contacts[{i}].history[{j}].seconds: must be 0 or more"
                ));
            }
            if let Some(id) = h.skill {
                skill(format!("contacts[{i}].history[{j}].skill"), id)?;
            }
            if let Some(id) = h.agent {
                agent(format!("contacts[{i}].history[{j}].agent"), id)?;
            }
        }
        for (name, value) in &c.custom_data {
            if !matches!(name, serde_yaml::Value::String(_)) {
                return Err(format!(
                    "contacts[{i}].custom_data: key {name:?} is not a name"
                ));
            }
            if matches!(value, serde_yaml::Value::Tagged(_)) {
                return Err(format!(
                    "contacts[{i}].custom_data: tagged values are not supported"
                ));
            }
        }
    }
    for (i, case) in s.cases.iter().enumerate() {
        if !channels.contains(&case.channel) {
            return Err(format!(
                "cases[{i}].channel: channel {:?} is not defined under channels",
                case.channel
            ));
        }
        if !CASE_STATUSES.contains(&case.status.as_str()) {
            return Err(format!(
                "cases[{i}].status: unknown status {:?}; known: {}",
                case.status,
                CASE_STATUSES.join(", ")
            ));
        }
        if let Some(id) = case.routing_queue {
            skill(format!("cases[{i}].routing_queue"), id)?;
        }
        let assignee_agent = match case.inbox_assignee.as_deref() {
            None | Some("bot") => None,
            Some(other) => match other.parse::<u64>() {
                Ok(id) => {
                    agent(format!("cases[{i}].inbox_assignee"), id)?;
                    Some(id)
                }
                Err(_) => {
                    return Err(format!(
                        "cases[{i}].inbox_assignee: {other:?} is neither an agent id nor `bot`"
                    ));
                }
            },
        };
        if case.page_size == 0 {
            return Err(format!("cases[{i}].page_size: must be at least 1"));
        }
        if let Some(g) = &case.generate_messages {
            if g.pattern.is_empty() {
                return Err(format!(
                    "cases[{i}].generate_messages.pattern: must not be empty"
                ));
            }
            if g.pattern.contains(&Author::Agent) && g.agent.or(assignee_agent).is_none() {
                return Err(format!(
                    "cases[{i}].generate_messages.agent: the pattern has agent messages, name the agent"
                ));
            }
            if let Some(id) = g.agent {
                agent(format!("cases[{i}].generate_messages.agent"), id)?;
            }
        }
        for (j, m) in case.messages.iter().enumerate() {
            if let Some(id) = m.agent {
                agent(format!("cases[{i}].messages[{j}].agent"), id)?;
            }
            if m.from == Author::Agent && m.agent.or(assignee_agent).is_none() {
                return Err(format!(
                    "cases[{i}].messages[{j}].agent: an agent message needs `agent:` or an agent inbox_assignee"
                ));
            }
        }
    }
    for (i, p) in s.points_of_contact.iter().enumerate() {
        skill(format!("points_of_contact[{i}].skill"), p.skill)?;
    }
    for (i, c) in s.channels.iter().enumerate() {
        skill(format!("channels[{i}].skill"), c.skill)?;
    }
    for (i, f) in s.faults.iter().enumerate() {
        f.check().map_err(|e| format!("faults[{i}].{e}"))?;
    }
    Ok(())
}

fn unique<T: std::hash::Hash + Eq + std::fmt::Debug>(
    items: impl Iterator<Item = T>,
    list: &str,
    what: &str,
) -> Result<HashSet<T>, String> {
    let mut seen = HashSet::new();
    for (i, item) in items.enumerate() {
        if seen.contains(&item) {
            return Err(format!("{list}[{i}]: duplicate {what} {item:?}"));
        }
        seen.insert(item);
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use crate::sandbox::scenario::parse;

    fn err(yaml: &str) -> String {
        format!("{:#}", parse(yaml, "t.yaml", "t").unwrap_err())
    }

    #[test]
    fn unknown_references_name_the_key() {
        let e = err("contacts: [{id: 1, skill: 77}]");
        assert!(e.contains("contacts[0].skill") && e.contains("77"), "{e}");
        let e = err(
            "skills: [{id: 1, name: a}]\nagents: [{id: 5, first_name: a, last_name: b, skills: [{skill: 2}]}]",
        );
        assert!(e.contains("agents[0].skills[0].skill"), "{e}");
        let e = err("cases: [{number: 1, channel: nope}]");
        assert!(e.contains("cases[0].channel"), "{e}");
    }

    #[test]
    fn state_names_are_checked_with_a_spelling_hint() {
        let e = err("contacts: [{id: 1, history: [{state: InQueue, seconds: 3}]}]");
        assert!(
            e.contains("history[0].state") && e.contains("Inqueue"),
            "{e}"
        );
    }

    #[test]
    fn limits_stop_runaway_generators() {
        let e = err("generate:\n  skills: {count: 100000000}\n");
        assert!(e.contains("generate.skills.count"), "{e}");
        let e = err("auth: {token_lifetime_s: 18446744073709551615}");
        assert!(e.contains("auth.token_lifetime_s"), "{e}");
    }

    #[test]
    fn duplicates_and_active_without_history_are_errors() {
        let e = err("skills: [{id: 1, name: a}, {id: 1, name: b}]");
        assert!(e.contains("skills[1]") && e.contains("duplicate"), "{e}");
        let e = err("contacts: [{id: 1, active: true}]");
        assert!(e.contains("contacts[0].history"), "{e}");
    }
}
