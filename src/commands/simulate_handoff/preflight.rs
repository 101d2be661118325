//! Preflight: find the skill the handover should land on (from `--skill`, the payload, or the
//! contact, point of contact or channel the handover goes to) and give it the `queue-health`
//! judgment, through the shared skill gatherer. Reads only.

use chrono::Utc;
use serde_json::Value;

use crate::checks::agents::{AgentNames, AgentStateIndex};
use crate::checks::queue;
use crate::commands::skills;
use crate::config::rules::QueueRules;
use crate::cxone::{ApiError, Client};
use crate::report::{Finding, Subject};

use super::codes;
use super::plan::{Found, Request};
use super::steps;
use super::target::{self, Liveness, SignalTarget};
use super::verify::Seen;

/// What preflight learnt about where the handover goes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    /// The skill the contact should queue on.
    pub skill: Option<String>,
    /// Where that skill came from, for messages.
    pub source: Option<String>,
    /// The caller's (master) contact of a signalled bot contact: verify follows it.
    pub master: Option<String>,
    /// The state of the contact verify follows (the caller's, else the signalled one) as
    /// preflight read it: verify's baseline when the read just before the write fails.
    pub state: Option<Seen>,
    /// Agent id → name from the assignments of the skill preflight judged: verify names the
    /// agent who answers (a contact names only the agent's id).
    pub agent_names: AgentNames,
}

/// Why preflight could not finish: the error that stops the run (tenant unreachable, token refused).
pub type Fatal = ApiError;

fn fatal_or(e: ApiError) -> Result<ApiError, Fatal> {
    if skills::is_fatal(&e) { Err(e) } else { Ok(e) }
}

/// A skill id with where it came from (`contact 5823200`, `channel byoc_demo`).
type Sourced = (String, String);

/// What the lookup found: the skill, the signalled contact's master, the followed contact's state.
type Lookup = (Option<Sourced>, Option<String>, Option<Seen>);

/// Whether contact `id` is live: `GET /contacts/active?contactId=`.
fn liveness(client: &Client, id: &str) -> Result<Liveness, Fatal> {
    match client.active_contacts(Some(id)) {
        Ok(c) => Ok(c
            .value
            .into_iter()
            .find(|r| r.contact_id.as_deref() == Some(id))
            .map_or(Liveness::NotActive, |r| Liveness::Active(Box::new(r)))),
        Err(e) => Ok(Liveness::Unknown(fatal_or(e)?.message())),
    }
}

/// A real id (not empty, not 0).
fn real(id: Option<&String>) -> Option<String> {
    id.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && s != "0")
}

/// Read what a signal's target needs judging (the contact, its master, its spawned contacts),
/// judge it into `s`; the skill of the caller's contact and the master's id.
fn signal_target(client: &Client, contact_id: &str, s: &mut Subject) -> Result<Lookup, Fatal> {
    let contact = match client.contact(contact_id) {
        Ok(c) => c.value,
        Err(e) => {
            let e = fatal_or(e)?;
            if e.is_not_found() {
                target::missing_contact(s, contact_id, &e.message());
            } else {
                s.push(Finding::new(
                    &codes::TARGET_STATE_UNKNOWN,
                    format!("contact {contact_id} could not be read: {}; whether it is still with the bot is unknown", e.message()),
                ).hint("Check the contact id and that the access key's user may read contacts (Reporting API); pass --force to send anyway"));
            }
            return Ok((None, None, None));
        }
    };
    let live = liveness(client, contact_id)?;
    let master_id = real(contact.master_contact_id.as_ref()).filter(|m| m != contact_id);
    let master = match &master_id {
        Some(m) => {
            let read = match client.contact(m) {
                Ok(c) => Some(c.value),
                Err(e) => {
                    fatal_or(e)?;
                    None
                }
            };
            Some((m.clone(), read, liveness(client, m)?))
        }
        None => None,
    };
    let spawned = if master.is_none() {
        match client.active_contacts(None) {
            Ok(list) => Some(
                list.value
                    .iter()
                    .filter(|c| real(c.master_contact_id.as_ref()).as_deref() == Some(contact_id))
                    .filter_map(|c| real(c.contact_id.as_ref()))
                    .filter(|id| id != contact_id)
                    .collect(),
            ),
            Err(e) => {
                fatal_or(e)?;
                None
            }
        }
    } else {
        None
    };
    let t = SignalTarget {
        id: contact_id.to_string(),
        contact,
        live,
        master,
        spawned,
    };
    target::judge_signal(s, &t);
    let state = target::followed_state(&t);
    let owner = match &t.master {
        Some((_, Some(m), _)) => m,
        _ => &t.contact,
    };
    let skill = real(owner.skill_id.as_ref()).map(|k| {
        let whose = real(owner.contact_id.as_ref()).unwrap_or_else(|| contact_id.to_string());
        (k, format!("contact {whose}"))
    });
    Ok((skill, master_id, state))
}

/// Find the skill of the handover's object (and the master of a signalled contact), and judge
/// whether the object is worth writing to (the refusals of [`target`]).
fn lookup(client: &Client, request: &Request, s: &mut Subject) -> Result<Lookup, Fatal> {
    match request {
        Request::Signal { contact_id, .. } => signal_target(client, contact_id, s),
        Request::WorkItem(w) => {
            let name = &w.point_of_contact;
            let list = match client.points_of_contact(None) {
                Ok(c) => c.value,
                Err(e) => {
                    let e = fatal_or(e)?;
                    s.push(Finding::new(
                        &codes::POC_INACTIVE,
                        format!("the points of contact could not be read ({}): whether {name:?} exists and is active is unknown", e.message()),
                    ).hint("Grant the Admin API (points of contact) to the access key's user; pass --force to send anyway"));
                    return Ok((None, None, None));
                }
            };
            let found = list.iter().find(|p| {
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
                    &codes::TARGET_MISSING,
                    format!("point of contact {name:?} is not on the tenant ({} listed): the work item would be refused", list.len()),
                ).hint("Pass the point of contact's name as shown in ACD > Points of Contact with --point-of-contact (not its GUID)"));
                return Ok((None, None, None));
            };
            if let Some(spelt) = ["pointOfContactName", "contactDescription"]
                .iter()
                .filter_map(|k| poc.get(*k).and_then(Value::as_str))
                .find(|n| n.eq_ignore_ascii_case(name))
                .filter(|n| *n != name)
            {
                s.push(Finding::new(
                    &codes::POC_NAME_CASE,
                    format!("point of contact {name:?} was found as {spelt:?}, ignoring case; the work item is sent with {name:?}, and CXone may match names exactly"),
                ).hint(format!("Pass --point-of-contact {spelt:?}, as the tenant spells it")));
            }
            target::judge_point_of_contact(s, name, poc);
            Ok((
                id_of(poc.get("defaultSkillId")).map(|k| (k, format!("point of contact {name:?}"))),
                None,
                None,
            ))
        }
        Request::Digital { channel_id, body } => {
            // Every page, through the one pager: `GET {dfo}/channels` answers a bare list of
            // channels paged with `page`/`size` (docs/cxone-api.md §4.2; NICE's SDK and the
            // spec-derived client both read an array). An answer that holds no list is a decode
            // error here, so it says nothing about the channel (not "missing").
            let items: Vec<Value> = match client.dfo_channels() {
                Ok(c) => c.value,
                Err(e) => {
                    let e = fatal_or(e)?;
                    s.push(Finding::new(
                        &codes::CHANNEL_INACTIVE,
                        format!("the digital channels could not be read ({}): whether channel {channel_id:?} exists and is active is unknown", e.message()),
                    ).hint("Grant the Digital Engagement API to the access key's user, check dfo_base and run with -vv to see the answer; pass --force to send anyway"));
                    return Ok((None, None, None));
                }
            };
            let found = items.iter().find(|c| {
                ["id", "channelIntegrationId"]
                    .iter()
                    .any(|k| c.get(*k).and_then(Value::as_str) == Some(channel_id.as_str()))
            });
            let Some(channel) = found else {
                s.push(Finding::new(
                    &codes::TARGET_MISSING,
                    format!("channel {channel_id:?} is not on the tenant: the message would be refused"),
                ).hint("Pass the BYOC channel's id with --channel-id"));
                return Ok((None, None, None));
            };
            target::judge_channel(s, channel_id, channel);
            if let Some(k) = id_of(body.pointer("/contact/skillId")) {
                return Ok((
                    Some((k, "the message's contact.skillId".into())),
                    None,
                    None,
                ));
            }
            Ok((
                id_of(channel.get("defaultSkillId")).map(|k| (k, format!("channel {channel_id}"))),
                None,
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
    judge_skill_named(client, skill_id, rules).map(|(subject, _)| subject)
}

/// [`judge_skill`] with the names of the skill's assigned agents, as read.
pub fn judge_skill_named(
    client: &Client,
    skill_id: &str,
    rules: &QueueRules,
) -> Result<(Subject, AgentNames), Fatal> {
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
    let (judgment, mut subject) = skills::judge(&data, index.as_ref(), rules, Utc::now());
    subject.finish();
    let names = queue::agent_names(judgment.as_slice());
    Ok((subject, names))
}

/// Run the preflight step: the target and the step subject, or the error that stops the run.
pub fn run(
    client: &Client,
    request: &Request,
    flag_skill: Option<&str>,
    payload_skill: Option<&Found<String>>,
    rules: &QueueRules,
) -> (Subject, Result<Target, Fatal>) {
    let mut s = steps::step(steps::PREFLIGHT);
    let (found, master, state) = match lookup(client, request, &mut s) {
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
    let mut target = Target {
        skill: skill.clone(),
        source: source.clone(),
        master,
        state,
        agent_names: AgentNames::default(),
    };
    let Some(skill) = skill else {
        if target::verdict(&s) != target::Verdict::Send {
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
    match judge_skill_named(client, &skill, rules) {
        Ok((judged, names)) => {
            target.agent_names = names;
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
