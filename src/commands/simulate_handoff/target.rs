//! Is the handover's target worth writing to? Pure judgments over what preflight read: the
//! signalled contact and its caller's (master) contact, the point of contact of a work item,
//! the channel of a digital message. A `fail` finding here is a refusal: nothing is sent.
//!
//! `--force` overrides a refusal, except when the target has ended or does not exist (the
//! tenant would refuse the write anyway, so sending it rehearses nothing).

use serde_json::Value;

use crate::checks::agents::agent_label;
use crate::cxone::models::Contact;
use crate::report::{Finding, Severity, Subject};

use super::codes;
use super::verify::{self, Seen};

/// Whether a contact is among the live contacts (`GET /contacts/active?contactId=`).
#[derive(Debug, Clone, PartialEq)]
pub enum Liveness {
    /// Listed as active, with its real-time row.
    Active(Box<Contact>),
    /// The active list was read completely and does not hold it.
    NotActive,
    /// The active list could not be read (the reason).
    Unknown(String),
}

/// What preflight read about a signalled contact.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalTarget {
    /// The contact the signal goes to.
    pub id: String,
    /// `GET /contacts/{id}`.
    pub contact: Contact,
    /// Its real-time state.
    pub live: Liveness,
    /// Its caller's (master) contact, when it is a spawned bot contact: id, contact, liveness.
    pub master: Option<(String, Option<Contact>, Liveness)>,
    /// Live contacts spawned from this one (its bot contacts); `None` when they could not be listed.
    pub spawned: Option<Vec<String>>,
}

/// Refusal codes `--force` cannot override.
const NEVER_FORCED: [&str; 2] = [codes::TARGET_ENDED.id, codes::TARGET_MISSING.id];

/// Every refusal code.
pub fn is_refusal(code: &str) -> bool {
    [
        codes::TARGET_ENDED.id,
        codes::TARGET_MISSING.id,
        codes::TARGET_QUEUED.id,
        codes::TARGET_ANSWERED.id,
        codes::SIGNAL_SPAWNED.id,
        codes::TARGET_NOT_WITH_BOT.id,
        codes::TARGET_STATE_UNKNOWN.id,
        codes::POC_NOT_WORK_ITEM.id,
        codes::POC_INACTIVE.id,
        codes::CHANNEL_INACTIVE.id,
    ]
    .contains(&code)
}

/// What preflight's findings decide about sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing refuses the write.
    Send,
    /// Refusals that `--force` overrides (their messages).
    Forceable(Vec<String>),
    /// A refusal nothing overrides (its message).
    Never(String),
}

/// Decide from the preflight subject whether the write may go out.
pub fn verdict(preflight: &Subject) -> Verdict {
    let refusals: Vec<&Finding> = preflight
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Fail && is_refusal(&f.code))
        .collect();
    if let Some(f) = refusals
        .iter()
        .find(|f| NEVER_FORCED.contains(&f.code.as_str()))
    {
        return Verdict::Never(f.message.clone());
    }
    if refusals.is_empty() {
        Verdict::Send
    } else {
        Verdict::Forceable(refusals.iter().map(|f| f.message.clone()).collect())
    }
}

fn state_of(c: &Contact) -> String {
    c.state_name
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// The freshest view of a contact: its real-time row when listed, else its reporting record.
fn current<'a>(contact: &'a Contact, live: &'a Liveness) -> &'a Contact {
    match live {
        Liveness::Active(row) => row,
        _ => contact,
    }
}

fn ended(who: &str, id: &str, c: &Contact, live: &Liveness) -> Option<Finding> {
    let why = match (verify::classify(c), live) {
        (Seen::Ended { state, reason }, _) => {
            let reason = reason.map(|r| format!(", {r}")).unwrap_or_default();
            format!("has ended ({state}{reason})")
        }
        (_, Liveness::NotActive) => format!(
            "is not live: GET /contacts/active does not list it (last state {})",
            state_of(c)
        ),
        _ => return None,
    };
    Some(
        Finding::new(
            &codes::TARGET_ENDED,
            format!("{who} {id} {why}: CXone refuses signals to ended contacts, so the signal would prove nothing"),
        )
        .hint("Start a new test call, and pass its bot contact id (Cognigy's spawnedContactId) with --contact-id; --force does not override this"),
    )
}

/// Judge the stage of the contact that owns the call (the master, or the signalled contact
/// itself when it has no master): only a contact still with the bot may be escalated.
fn stage(who: &str, id: &str, c: &Contact, bot_contact: bool) -> Option<Finding> {
    match verify::classify(c) {
        Seen::Queued { skill } => {
            let on = skill.map(|k| format!(" on skill {k}")).unwrap_or_default();
            Some(Finding::new(
                &codes::TARGET_QUEUED,
                format!("{who} {id} is already {}{on}: a signal now would prove nothing, and verify could not tell its effect from the queue it is already in", state_of(c)),
            ).hint("Rehearse on a test call that is still with the bot (PreQueue); pass --force to send anyway"))
        }
        Seen::Answered { agent, name, .. } => Some(
            Finding::new(
                &codes::TARGET_ANSWERED,
                format!(
                    "{who} {id} is already Active with agent {}: the handover has happened, so a signal now would prove nothing",
                    agent_label(Some(&agent), name.as_deref())
                ),
            )
            .hint("Rehearse on a test call that is still with the bot; pass --force to send anyway"),
        ),
        Seen::Pending { state } => {
            let bot_stage = state == "PreQueue" || (bot_contact && state == "Active");
            (!bot_stage).then(|| {
                Finding::new(
                    &codes::TARGET_NOT_WITH_BOT,
                    format!("{who} {id} is in state {state}, not in a bot stage (PreQueue, or a bot script's contact): it is not known to be with the bot"),
                )
                .hint("Check the contact in CXone; pass --force to send anyway")
            })
        }
        Seen::Ended { .. } => None,
    }
}

/// Judge a signal's target into `s` (findings and facts).
pub fn judge_signal(s: &mut Subject, t: &SignalTarget) {
    s.fact("signalledContactId", t.id.as_str());
    let now = current(&t.contact, &t.live);
    s.fact("signalledState", state_of(now));
    if let Liveness::Unknown(why) = &t.live {
        s.push(Finding::new(
            &codes::TARGET_LOOKUP_FAILED,
            format!("the live contacts could not be read ({why}); contact {}'s state comes from its reporting record", t.id),
        ).hint("Grant the Real-Time Data API (GET /contacts/active) to the access key's user"));
    }
    if let Some(f) = ended("contact", &t.id, now, &t.live) {
        s.push(f);
        return;
    }
    match &t.master {
        Some((mid, master, live)) => {
            s.fact("masterContactId", mid.as_str());
            let Some(master) = master else {
                s.push(Finding::new(
                    &codes::TARGET_STATE_UNKNOWN,
                    format!("contact {} is a bot contact of caller's contact {mid}, which could not be read: whether the call is still with the bot is unknown", t.id),
                ).hint("Check that the access key's user may read contacts (Reporting API); pass --force to send anyway"));
                return;
            };
            let m = current(master, live);
            s.fact("masterState", state_of(m));
            if let Some(f) = ended("the caller's (master) contact", mid, m, live) {
                s.push(f);
                return;
            }
            if let Some(f) = stage("the caller's (master) contact", mid, m, false) {
                s.push(f);
            }
        }
        None => {
            match &t.spawned {
                Some(list) if !list.is_empty() => {
                    s.fact("spawnedContactIds", list.clone());
                    s.push(
                        Finding::new(
                            &codes::SIGNAL_SPAWNED,
                            format!(
                                "contact {} is the caller's (master) contact and its bot runs on spawned contact {}: NICE's Cognigy extension signals spawnedContactId || contactId, so the Escalate belongs to {}",
                                t.id,
                                list.join(", "),
                                list[0]
                            ),
                        )
                        .hint(format!("Pass --contact-id {} (the spawned bot contact, X-InContact-ContactId); pass --force to signal the master anyway", list[0])),
                    );
                }
                Some(_) => {}
                None => s.push(Finding::new(
                    &codes::TARGET_LOOKUP_FAILED,
                    format!("could not list the live contacts to check whether contact {} has a spawned bot contact", t.id),
                )),
            }
            if let Some(f) = stage("contact", &t.id, now, false) {
                s.push(f);
            }
        }
    }
}

/// The state of the contact verify follows (the caller's contact when it was read, else the
/// signalled one), at its freshest; `None` when the caller's contact could not be read.
pub fn followed_state(t: &SignalTarget) -> Option<Seen> {
    match &t.master {
        Some((_, Some(m), live)) => Some(verify::classify(current(m, live))),
        Some((_, None, _)) => None,
        None => Some(verify::classify(current(&t.contact, &t.live))),
    }
}

/// A contact that does not exist: the signal would be refused.
pub fn missing_contact(s: &mut Subject, id: &str, why: &str) {
    s.push(
        Finding::new(
            &codes::TARGET_MISSING,
            format!("contact {id} does not exist on the tenant ({why}): the signal would be refused"),
        )
        .hint("Check the contact id: Cognigy signals spawnedContactId (X-InContact-ContactId), else contactId (X-InContact-MasterId)"),
    );
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// `true`, `false`, or `None` when the value is missing or not a boolean (`"true"` is read too).
fn flag(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Judge a work item's point of contact (an item of `GET /points-of-contact`) into `s`.
pub fn judge_point_of_contact(s: &mut Subject, name: &str, poc: &Value) {
    let media = poc.get("mediaTypeId").and_then(|m| match m {
        Value::Number(n) => n.as_u64(),
        Value::String(t) => t.trim().parse().ok(),
        _ => None,
    });
    s.fact("pointOfContactMediaTypeId", media);
    s.fact("pointOfContactActive", flag(poc, "isActive"));
    if let Some(script) = text(poc, "scriptName") {
        s.fact("pointOfContactScript", script);
    }
    match media {
        Some(6) => {}
        Some(m) => s.push(
            Finding::new(
                &codes::POC_NOT_WORK_ITEM,
                format!("point of contact {name:?} is of media type {m}, not a work-item point of contact (6): the work item would be refused"),
            )
            .hint("Pass the name of a Work Item point of contact with --point-of-contact"),
        ),
        None => s.push(
            Finding::new(
                &codes::POC_NOT_WORK_ITEM,
                format!("point of contact {name:?} has no readable media type: it is not known to take work items"),
            )
            .hint("Check the point of contact in ACD > Points of Contact; pass --force to send anyway"),
        ),
    }
    match flag(poc, "isActive") {
        Some(true) => {}
        Some(false) => s.push(
            Finding::new(
                &codes::POC_INACTIVE,
                format!("point of contact {name:?} is inactive: the work item would be refused"),
            )
            .hint("Activate it in ACD > Points of Contact, or pass another one"),
        ),
        None => s.push(
            Finding::new(
                &codes::POC_INACTIVE,
                format!("point of contact {name:?} does not say whether it is active (isActive missing or not a boolean)"),
            )
            .hint("Check the point of contact in ACD > Points of Contact; pass --force to send anyway"),
        ),
    }
}

/// Judge a digital channel (an item of `GET /dfo/3.0/channels`) into `s`. The spec's
/// `ChannelV2` has no `isActive` (docs/cxone-api.md §4.2 lists `isHidden`, UNCONFIRMED as "inactive"):
/// `isActive: false` or `isHidden: true` refuses; neither field present is a warning.
pub fn judge_channel(s: &mut Subject, id: &str, channel: &Value) {
    if let Some(name) = text(channel, "name") {
        s.fact("channelName", name);
    }
    let active = flag(channel, "isActive");
    let hidden = flag(channel, "isHidden");
    s.fact("channelActive", active);
    if hidden.is_some() {
        s.fact("channelHidden", hidden);
    }
    // NICE's SDK reads `isDeleted` (it lists channels with `includeDeleted=1`).
    let deleted = flag(channel, "isDeleted");
    if deleted == Some(true) {
        s.fact("channelDeleted", true);
    }
    let why = match (active, hidden) {
        _ if deleted == Some(true) => "is deleted (isDeleted: true)",
        (Some(false), _) => "is inactive (isActive: false)",
        (_, Some(true)) => "is hidden (isHidden: true)",
        (Some(true), _) | (None, Some(false)) => return,
        (None, None) => {
            s.push(
                Finding::new(
                    &codes::CHANNEL_STATE_UNKNOWN,
                    format!("channel {id:?} exists, but the tenant does not say whether it is active (no isActive or isHidden)"),
                )
                .hint("Check the channel in Digital > Channels before trusting the rehearsal"),
            );
            return;
        }
    };
    s.push(
        Finding::new(
            &codes::CHANNEL_INACTIVE,
            format!("channel {id:?} {why}: the message would not be routed"),
        )
        .hint("Activate the channel in Digital > Channels, or pass another --channel-id; pass --force to send anyway"),
    );
}

#[cfg(test)]
mod tests;
