//! Preflight: find the skill the handover should land on (from `--skill`, the payload, or the
//! contact, point of contact or channel the handover goes to) and give it the `queue-health`
//! judgment, through the shared skill gatherer. Reads only.

use chrono::Utc;
use serde_json::Value;

use crate::checks::agents::AgentStateIndex;
use crate::commands::skills;
use crate::config::rules::QueueRules;
use crate::cxone::paths::Endpoint;
use crate::cxone::{ApiError, Client};
use crate::report::{Finding, Subject};

use super::codes;
use super::plan::{Found, Request};
use super::steps;
use super::verify::{self, Seen};

/// What preflight learnt about where the handover goes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    /// The skill the contact should queue on.
    pub skill: Option<String>,
    /// Where that skill came from, for messages.
    pub source: Option<String>,
    /// The caller's (master) contact of a signalled bot contact: verify follows it.
    pub master: Option<String>,
}

/// Why preflight could not finish: the error that stops the run (tenant unreachable, token refused).
pub type Fatal = ApiError;

fn fatal_or(e: ApiError) -> Result<ApiError, Fatal> {
    if skills::is_fatal(&e) { Err(e) } else { Ok(e) }
}

/// A skill id with where it came from (`contact 5823200`, `channel byoc_demo`).
type Sourced = (String, String);

/// Find the skill of the handover's object (and the master of a signalled contact), and say
/// what is wrong with the object itself.
fn lookup(
    client: &Client,
    request: &Request,
    live: bool,
    s: &mut Subject,
) -> Result<(Option<Sourced>, Option<String>), Fatal> {
    match request {
        Request::Signal { contact_id, .. } => {
            let contact = match client.contact(contact_id) {
                Ok(c) => c.value,
                Err(e) => {
                    let e = fatal_or(e)?;
                    s.push(Finding::new(
                        &codes::TARGET_LOOKUP_FAILED,
                        format!("contact {contact_id} could not be read: {}", e.message()),
                    ).hint("Check the contact id: Cognigy signals spawnedContactId (X-InContact-ContactId), else contactId (X-InContact-MasterId)"));
                    return Ok((None, None));
                }
            };
            s.fact("signalledContactId", contact_id.as_str());
            if live && let Seen::Ended { state, .. } = verify::classify(&contact) {
                s.push(
                    Finding::new(
                        &codes::TARGET_LOOKUP_FAILED,
                        format!("contact {contact_id} has ended ({state}): CXone refuses signals to ended contacts"),
                    )
                    .hint("Start a new test call and pass its bot contact id with --contact-id"),
                );
            }
            let master = contact
                .master_contact_id
                .clone()
                .filter(|m| m != contact_id && !m.is_empty() && m != "0");
            let owner = match &master {
                Some(m) => {
                    s.fact("masterContactId", m.as_str());
                    match client.contact(m) {
                        Ok(c) => c.value,
                        Err(e) => {
                            fatal_or(e)?;
                            contact.clone()
                        }
                    }
                }
                None => contact.clone(),
            };
            let skill = owner.skill_id.clone().filter(|k| !k.is_empty()).map(|k| {
                let whose = owner
                    .contact_id
                    .clone()
                    .unwrap_or_else(|| contact_id.clone());
                (k, format!("contact {whose}"))
            });
            Ok((skill, master))
        }
        Request::WorkItem(w) => {
            let name = &w.point_of_contact;
            let list: Value = match client.get(&Endpoint::acd(&["points-of-contact"])) {
                Ok(c) => c.value,
                Err(e) => {
                    let e = fatal_or(e)?;
                    s.push(Finding::new(
                        &codes::TARGET_LOOKUP_FAILED,
                        format!("the points of contact could not be read: {}", e.message()),
                    ));
                    return Ok((None, None));
                }
            };
            let found = list
                .get("pointsOfContact")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|p| {
                    ["pointOfContactName", "contactDescription"]
                        .iter()
                        .any(|k| {
                            p.get(*k)
                                .and_then(Value::as_str)
                                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                        })
                });
            let Some(poc) = found else {
                s.push(Finding::new(
                    &codes::TARGET_LOOKUP_FAILED,
                    format!("point of contact {name:?} is not on the tenant: the work item will be refused"),
                ).hint("Pass the point of contact's name as shown in ACD > Points of Contact with --point-of-contact (not its GUID)"));
                return Ok((None, None));
            };
            if poc.get("isActive") == Some(&Value::Bool(false)) {
                s.push(Finding::new(
                    &codes::TARGET_LOOKUP_FAILED,
                    format!("point of contact {name:?} is inactive: the work item will be refused"),
                ));
            }
            let media = poc.get("mediaTypeId").and_then(Value::as_u64);
            if media.is_some_and(|m| m != 6) {
                s.push(Finding::new(
                    &codes::TARGET_LOOKUP_FAILED,
                    format!("point of contact {name:?} is not a work-item point of contact (media type {})", media.unwrap_or(0)),
                ).hint("Work items need a point of contact of media type Work Item (6)"));
            }
            Ok((
                id_of(poc.get("defaultSkillId")).map(|k| (k, format!("point of contact {name:?}"))),
                None,
            ))
        }
        Request::Digital { channel_id, body } => {
            if let Some(k) = id_of(body.pointer("/contact/skillId")) {
                return Ok((Some((k, "the message's contact.skillId".into())), None));
            }
            let list: Value = match client.get(&Endpoint::dfo(&["channels"])) {
                Ok(c) => c.value,
                Err(e) => {
                    let e = fatal_or(e)?;
                    s.push(Finding::new(
                        &codes::TARGET_LOOKUP_FAILED,
                        format!("the digital channels could not be read: {}", e.message()),
                    ));
                    return Ok((None, None));
                }
            };
            let items = match &list {
                Value::Array(a) => a.as_slice(),
                other => other
                    .get("channels")
                    .or_else(|| other.get("data"))
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice),
            };
            let found = items.iter().find(|c| {
                ["id", "channelIntegrationId"]
                    .iter()
                    .any(|k| c.get(*k).and_then(Value::as_str) == Some(channel_id.as_str()))
            });
            let Some(channel) = found else {
                s.push(Finding::new(
                    &codes::TARGET_LOOKUP_FAILED,
                    format!("channel {channel_id:?} is not on the tenant: the message will be refused"),
                ).hint("Pass the BYOC channel's id with --channel-id"));
                return Ok((None, None));
            };
            Ok((
                id_of(channel.get("defaultSkillId")).map(|k| (k, format!("channel {channel_id}"))),
                None,
            ))
        }
    }
}

fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// The queue-health judgment of `skill_id` as a subject (kind `skill`), or the fatal error.
pub fn judge_skill(client: &Client, skill_id: &str, rules: &QueueRules) -> Result<Subject, Fatal> {
    let data = skills::fetch_one(client, skill_id, None);
    if let Some(e) = skills::first_fatal(&data) {
        return Err(e.clone());
    }
    let states = skills::fetch_agent_states(client);
    if let Err(e) = &states
        && skills::is_fatal(e)
    {
        return Err(e.clone());
    }
    let index = states.as_ref().ok().map(|s| AgentStateIndex::new(s));
    let (_, mut subject) = skills::judge(&data, index.as_ref(), rules, Utc::now());
    subject.finish();
    Ok(subject)
}

/// Run the preflight step: the target and the step subject, or the error that stops the run.
pub fn run(
    client: &Client,
    request: &Request,
    flag_skill: Option<&str>,
    payload_skill: Option<&Found<String>>,
    live: bool,
    rules: &QueueRules,
) -> (Subject, Result<Target, Fatal>) {
    let mut s = steps::step(steps::PREFLIGHT);
    let (found, master) = match lookup(client, request, live, &mut s) {
        Ok(x) => x,
        Err(e) => {
            s.error(e.finding());
            s.finish();
            return (s, Err(e));
        }
    };
    let (skill, source) = match (flag_skill, payload_skill, found) {
        (Some(k), _, _) => (Some(k.to_string()), Some("--skill".to_string())),
        (None, Some(p), _) => (
            Some(p.value.clone()),
            Some(format!("the payload ({})", p.path)),
        ),
        (None, None, Some((k, from))) => (Some(k), Some(from)),
        (None, None, None) => (None, None),
    };
    let target = Target {
        skill: skill.clone(),
        source: source.clone(),
        master,
    };
    let Some(skill) = skill else {
        if s.findings
            .iter()
            .any(|f| f.code == codes::TARGET_LOOKUP_FAILED.id)
        {
            s.label = Some(format!("no skill: {} was not found", request.describe()));
            s.finish();
            return (s, Ok(target));
        }
        s.push(
            Finding::new(
                &codes::TARGET_UNKNOWN,
                format!("no skill to judge: {} names none, and neither --skill nor the payload does", request.describe()),
            )
            .hint("Pass --skill ID to judge the queue the contact should land on; verify accepts any skill meanwhile"),
        );
        s.finish();
        return (s, Ok(target));
    };
    s.fact("targetSkill", skill.as_str());
    s.fact("skillSource", source.clone().unwrap_or_default());
    match judge_skill(client, &skill, rules) {
        Ok(judged) => {
            let name = judged
                .facts
                .get("skillName")
                .and_then(Value::as_str)
                .filter(|n| *n != "unknown")
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            s.label = Some(format!(
                "skill {skill}{name}, from {}",
                source.unwrap_or_default()
            ));
            for (k, v) in judged.facts {
                s.facts.entry(k).or_insert(v);
            }
            s.findings.extend(judged.findings);
            s.errored |= judged.errored;
            s.finish();
            (s, Ok(target))
        }
        Err(e) => {
            s.error(e.finding());
            s.finish();
            (s, Err(e))
        }
    }
}
