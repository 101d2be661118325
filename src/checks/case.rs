//! Digital case verdict (issue 5, `--digital`): the case record and its message scan judged with the trace vocabulary.

use chrono::{DateTime, Utc};

use super::codes;
use super::diagnosis::Diagnosis;
use super::digital::{Mark, MessageScan, count, user_name};
use super::queue::Judgment;
use super::time::{format_time, human_seconds, parse_time, seconds_between};
use super::timeline::{StateKind, TimelineEntry};
use crate::config::rules::Rules;
use crate::cxone::models::{DfoContact, RoutingQueue};
use crate::report::facts::{
    AgentMessage, Assignee, CaseFacts, EscalationFact, Known, MessageCounts, MessageMark, Num,
    TimelineFact, TraceFacts,
};
use crate::report::{Finding, Severity, Subject};

/// Where a case was escalated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Escalation {
    /// `bot-signal` (the bot's handover output), `status` (the case status is `escalated`) or
    /// `first-non-bot-outbound` (the first outbound message not written by a bot).
    pub source: &'static str,
    /// 0-based position of the message, when a message marks it.
    pub index: Option<usize>,
    /// When, if known.
    pub at: Option<DateTime<Utc>>,
}

/// The escalation point: the first bot message with the escalation output, else the status
/// `escalated` (at `statusUpdatedAt`), else the first non-bot outbound message.
pub fn escalation_point(
    scan: &MessageScan,
    status: Option<&str>,
    status_at: Option<DateTime<Utc>>,
) -> Option<Escalation> {
    if let Some(m) = &scan.bot_escalation {
        Some(Escalation {
            source: "bot-signal",
            index: Some(m.index),
            at: m.at,
        })
    } else if status == Some("escalated") {
        Some(Escalation {
            source: "status",
            index: None,
            at: status_at,
        })
    } else {
        scan.first_non_bot_outbound.as_ref().map(|m| Escalation {
            source: "first-non-bot-outbound",
            index: Some(m.index),
            at: m.at,
        })
    }
}

/// The routing queue id of a case (a DFO routing queue, usually a UUID: never an ACD skill id).
pub fn routing_queue_id(case: &DfoContact) -> Option<&str> {
    case.routing_queue_id
        .as_deref()
        .filter(|id| !id.trim().is_empty())
}

/// What `GET {dfo}/routing-queues?id[]=` said about a case's routing queue.
#[derive(Debug, Clone, PartialEq)]
pub enum QueueLookup {
    /// Not looked up (no queue id, or a caller that judges without it).
    NotRead,
    /// The queue, with the skill it routes to when it names one.
    Found(RoutingQueue),
    /// `/routing-queues` does not know the id.
    Unknown,
    /// The lookup failed (`why`: the error, in words).
    Failed(String),
}

impl QueueLookup {
    /// The ACD skill to judge: the found queue's `skillId`.
    pub fn skill_id(&self) -> Option<&str> {
        match self {
            QueueLookup::Found(q) => q.skill_id.as_deref().filter(|s| !s.trim().is_empty()),
            _ => None,
        }
    }

    /// The found queue's name.
    pub fn name(&self) -> Option<&str> {
        match self {
            QueueLookup::Found(q) => q.name.as_deref(),
            _ => None,
        }
    }
}

/// The finding a routing-queue lookup adds (unknown queue, failed lookup, queue without skill).
fn queue_finding(queue_id: &str, lookup: &QueueLookup) -> Option<Finding> {
    match lookup {
        QueueLookup::NotRead => None,
        QueueLookup::Unknown => Some(
            Finding::new(
                &codes::CASE_ROUTING_QUEUE_UNKNOWN,
                format!("The case's routing queue {queue_id} is not on the tenant: GET /routing-queues does not list it, so the skill behind it cannot be judged"),
            )
            .hint("Check the channel's routing queue in Digital Experience (ACD > Routing Queues); a deleted queue leaves escalated cases with nowhere to go"),
        ),
        QueueLookup::Failed(why) => Some(
            Finding::new(
                &codes::CASE_ROUTING_QUEUE_UNREAD,
                format!("The case's routing queue {queue_id} could not be looked up: {why}; the skill behind it is unknown"),
            )
            .hint("Give the API user the Digital Engagement permission to read routing queues, then run again"),
        ),
        QueueLookup::Found(q) if q.skill_id.as_deref().is_none_or(|s| s.trim().is_empty()) => Some(
            Finding::new(
                &codes::CASE_ROUTING_QUEUE_UNREAD,
                format!("Routing queue {queue_id} ({}) names no skill (skillId missing): the skill behind it is unknown", q.name.as_deref().unwrap_or("no name")),
            )
            .hint("Check the routing queue's skill in ACD > Routing Queues"),
        ),
        QueueLookup::Found(_) => None,
    }
}

/// How the digital time in queue (`queueSeconds`) is measured, for the fact beside it.
pub const QUEUE_SECONDS_MEASURE: &str = "from the escalation (the bot's handover output, else the status escalated, else the first non-bot message) to the first human agent message; to now while waiting; survey messages are not agent replies";

/// The analysis of one digital case; facts as documented on [`analyze_case`].
#[derive(Debug, Clone, PartialEq)]
pub struct CaseVerdict {
    /// The case number (subject id).
    pub case_id: String,
    /// The verdict.
    pub diagnosis: Diagnosis,
    /// One sentence of evidence.
    pub evidence: String,
    /// The verdict finding first, then the supporting ones.
    pub findings: Vec<Finding>,
    /// The facts.
    pub facts: CaseFacts,
}

/// Analyse a digital case from its record and the scan of all its messages.
///
/// Verdict: an agent wrote → handed-over; open (`new`/`open`/`pending`/`escalated`) →
/// in-progress (with the bot, escalated and waiting, or assigned to an agent who has not
/// written yet), or skill-unavailable when escalated to a routing queue whose judgment has a
/// blocker; closed (`resolved`/`closed`/`trashed`) → never-escalated when the bot alone
/// handled it, abandoned-in-queue when it was escalated but no agent wrote (skill-unavailable
/// on a blocked queue), handed-over with a `case-no-agent-reply` warning when a human was
/// assigned but never wrote; otherwise inconclusive.
///
/// The escalation point is the first bot message with the escalation output, else the status
/// `escalated` (at `statusUpdatedAt`), else the first non-bot outbound message.
///
/// Facts (camelCase): `diagnosis`, `evidence`, `caseId`, `contactId`, `interactionId`,
/// `channelId`, `status`, `routingQueueId` (string or `null`), `inboxAssignee`
/// (`{id, name, isBot}` or `null`), `messages` (`{total, inbound, bot, agent, other}`),
/// `firstBotMessage` (`{index, time}` or `null`), `escalation` (`{source, index, time}` or
/// `null`; source `bot-signal` | `status` | `first-non-bot-outbound`), `firstAgentMessage`
/// (`{index, time, agent, agentName}` or `null`), plus the keys the trace view shares with
/// contacts: `skill`, `skillName`, `agent`, `queueSeconds` (escalation to first agent message,
/// or to now while waiting), `endReason` (the closing status or `null`), `start`, and
/// `timeline` (key events in the contact timeline shape, with `contact` = the case number).
/// Times are RFC 3339 UTC or `null`; indexes are 0-based positions in the messages passed.
pub fn analyze_case(
    case: &DfoContact,
    scan: &MessageScan,
    routing_skill: Option<&Judgment>,
    rules: &Rules,
    now: DateTime<Utc>,
) -> CaseVerdict {
    analyze_case_with(case, scan, &QueueLookup::NotRead, routing_skill, rules, now)
}

/// [`analyze_case`] with the case's routing queue looked up (`queue`): the verdict names the
/// queue and judges the skill it routes to; an unknown queue or a failed lookup is its own
/// finding. Adds the facts `routingQueueName`, `routingQueueSkillId` and `queueSecondsMeasure`.
pub fn analyze_case_with(
    case: &DfoContact,
    scan: &MessageScan,
    lookup: &QueueLookup,
    routing_skill: Option<&Judgment>,
    rules: &Rules,
    now: DateTime<Utc>,
) -> CaseVerdict {
    let case_id = case.id.clone().unwrap_or_else(|| "unknown".into());
    let status = case.status.as_deref().map(str::to_ascii_lowercase);
    let status_at = case.status_updated_at.as_deref().and_then(parse_time);
    let open = matches!(
        status.as_deref(),
        Some("new" | "open" | "pending" | "escalated")
    );
    let closed = matches!(status.as_deref(), Some("resolved" | "closed" | "trashed"));
    let assignee = case.inbox_assignee_user.as_ref();
    let human_assignee = assignee.filter(|u| u.is_bot_user != Some(true) && u.id.is_some());
    let queue = routing_queue_id(case);
    let queue_text = match (queue, lookup.name(), routing_skill) {
        (Some(_), Some(name), Some(j)) => {
            format!("routing queue {name} (skill {})", j.display_name())
        }
        (Some(q), Some(name), None) => format!("routing queue {name} ({q})"),
        (Some(_), None, Some(j)) => format!("routing queue {}", j.display_name()),
        (Some(q), None, None) => format!("routing queue {q}"),
        _ => "no routing queue".to_string(),
    };
    let escalation = escalation_point(scan, status.as_deref(), status_at);
    let at =
        |t: Option<DateTime<Utc>>| t.map_or(String::new(), |t| format!(" at {}", format_time(t)));
    let blocked = routing_skill.filter(|j| j.blocker.is_some());
    let mut extra = Vec::new();

    let (diagnosis, evidence) = if let Some(first) = &scan.first_agent {
        let who = super::agents::agent_label(first.user_id.as_deref(), first.user_name.as_deref());
        (
            Diagnosis::HandedOver,
            format!(
                "Agent {who} first wrote{} (message {}), after {}; {} in all.",
                at(first.at),
                first.index + 1,
                count(scan.bot, "bot message"),
                count(scan.agent, "agent message")
            ),
        )
    } else if open || closed {
        let assigned_to = human_assignee
            .map(|u| super::agents::agent_label(u.id.as_deref(), user_name(u).as_deref()));
        let s = status.as_deref().unwrap_or("unknown");
        match (open, &assigned_to, escalation, blocked) {
            (true, Some(name), _, _) => (
                Diagnosis::InProgress,
                format!("The case is {s} and assigned to agent {name}, who has not written yet."),
            ),
            (_, _, Some(_), Some(j)) => (
                Diagnosis::SkillUnavailable,
                format!(
                    "The case was escalated to {queue_text}, which {}; no agent wrote (status {s}).",
                    j.blocker.map_or("cannot answer", |b| b.describe())
                ),
            ),
            (true, None, Some(Escalation { at: t, .. }), None) => (
                Diagnosis::InProgress,
                format!(
                    "The case was escalated{} and is waiting in {queue_text} (status {s}); no agent has written yet.",
                    at(t)
                ),
            ),
            (true, None, None, _) => (
                Diagnosis::InProgress,
                format!(
                    "The case is {s} with the bot ({}, last{}); it has not been escalated.",
                    count(scan.bot, "bot message"),
                    at(scan.last.as_ref().and_then(|m| m.at))
                ),
            ),
            (false, Some(name), _, _) => {
                extra.push(
                    Finding::new(&codes::CASE_NO_AGENT_REPLY, format!("Agent {name} was assigned but the case was {s} without any agent message"))
                        .hint("Check the agent's inbox and the channel's assignment settings; the customer got no answer after the handover"),
                );
                (
                    Diagnosis::HandedOver,
                    format!(
                        "The case was assigned to agent {name} and {s}, but no agent ever wrote."
                    ),
                )
            }
            (false, None, Some(Escalation { at: t, .. }), None) => (
                Diagnosis::AbandonedInQueue,
                format!(
                    "The case was escalated{} to {queue_text} but was {s}{} before any agent wrote.",
                    at(t),
                    at(status_at)
                ),
            ),
            (false, None, None, _) => (
                Diagnosis::NeverEscalated,
                format!(
                    "The case was {s} by the bot alone: {}, {}, no escalation.",
                    count(scan.bot, "bot message"),
                    count(scan.inbound, "customer message")
                ),
            ),
        }
    } else if scan.total == 0 && status.is_none() {
        (
            Diagnosis::Inconclusive,
            "Cannot tell what happened: the case has no status and no messages.".into(),
        )
    } else {
        (
            Diagnosis::Inconclusive,
            format!(
                "Cannot tell what happened: status \"{}\" is not one of new, open, pending, escalated, resolved, closed, trashed, and no agent wrote.",
                case.status.as_deref().unwrap_or("missing")
            ),
        )
    };

    let waited = match (escalation.and_then(|e| e.at), &scan.first_agent) {
        (Some(e), Some(first)) => first.at.map(|t| seconds_between(e, t)),
        (Some(e), None) if open => Some(seconds_between(e, now)),
        _ => None,
    };
    let mut findings = vec![diagnosis.finding(evidence.clone(), true)];
    findings.extend(extra);
    if let Some(q) = queue {
        findings.extend(queue_finding(q, lookup));
    }
    if matches!(diagnosis, Diagnosis::HandedOver | Diagnosis::InProgress)
        && let Some(w) = waited
        && w > rules.queue.max_wait_s as f64
    {
        findings.push(
            Finding::new(
                &codes::CONTACT_LONG_WAIT,
                format!(
                    "The case waited {} between escalation and the first agent message (limit {}s)",
                    human_seconds(w),
                    rules.queue.max_wait_s
                ),
            )
            .hint("Check the routing queue's staffing with `queue-health`"),
        );
    }
    if let Some(j) = routing_skill
        && matches!(
            diagnosis,
            Diagnosis::InProgress | Diagnosis::AbandonedInQueue
        )
        && j.blocker.is_none()
        && j.worst() >= Severity::Warn
    {
        findings.push(super::contact::skill_unhealthy(j));
    }

    let mark = |m: &Option<Mark>| {
        m.as_ref().map(|m| MessageMark {
            index: m.index as u64,
            time: m.at.map(format_time),
        })
    };
    let skill = match lookup {
        QueueLookup::NotRead => queue,
        _ => lookup.skill_id(),
    };
    let agent = scan
        .first_agent
        .as_ref()
        .and_then(|m| m.user_id.clone())
        .or_else(|| human_assignee.and_then(|u| u.id.clone()));
    let agent_name = match &scan.first_agent {
        Some(m) if m.user_id.is_some() => m.user_name.clone(),
        _ => human_assignee.and_then(user_name),
    };
    let looked_up = !matches!(lookup, QueueLookup::NotRead);
    let trace = TraceFacts {
        diagnosis: Some(diagnosis.as_str().into()),
        evidence: Some(evidence.clone()),
        master_contact_id: None,
        status: Some(case.status.clone()),
        skill: Some(skill.map(String::from).into()),
        skill_name: Some(routing_skill.and_then(|j| j.skill_name.clone()).into()),
        agent: Some(agent),
        agent_name: Some(agent_name),
        queue_seconds: Some(waited.map(Num).into()),
        messages: Some(MessageCounts {
            total: scan.total as u64,
            inbound: scan.inbound as u64,
            bot: scan.bot as u64,
            agent: scan.agent as u64,
            other: scan.other as u64,
        }),
        end_reason: Some(if closed {
            case.status.clone().map(Known::Is)
        } else {
            None
        }),
        start: Some(
            case.created_at
                .as_deref()
                .and_then(parse_time)
                .map(format_time)
                .into(),
        ),
        timeline: Some(case_timeline(case, scan, escalation, skill, status_at)),
    };
    let f = CaseFacts {
        trace,
        case_id: case_id.clone(),
        contact_id: case.contact_id.clone(),
        interaction_id: case.interaction_id.clone(),
        channel_id: case.channel_id.clone(),
        routing_queue_id: queue.map(String::from),
        inbox_assignee: assignee.map(|u| Assignee {
            id: u.id.clone(),
            name: user_name(u),
            is_bot: u.is_bot_user,
        }),
        first_bot_message: mark(&scan.first_bot),
        escalation: escalation.map(|e| EscalationFact {
            source: e.source.into(),
            index: e.index.map(|i| i as u64),
            time: e.at.map(format_time),
        }),
        first_agent_message: scan.first_agent.as_ref().map(|m| AgentMessage {
            index: m.index as u64,
            time: m.at.map(format_time),
            agent: m.user_id.clone(),
            agent_name: m.user_name.clone(),
        }),
        routing_queue_name: looked_up.then(|| lookup.name().map(String::from)),
        routing_queue_skill_id: looked_up.then(|| lookup.skill_id().map(String::from)),
        queue_seconds_measure: looked_up.then(|| QUEUE_SECONDS_MEASURE.to_string()),
    };
    CaseVerdict {
        case_id,
        diagnosis,
        evidence,
        findings,
        facts: f,
    }
}

fn case_timeline(
    case: &DfoContact,
    scan: &MessageScan,
    escalation: Option<Escalation>,
    queue: Option<&str>,
    status_at: Option<DateTime<Utc>>,
) -> Vec<TimelineFact> {
    let id = case.id.clone().unwrap_or_else(|| "unknown".into());
    let event =
        |at: Option<DateTime<Utc>>, state: String, skill: Option<&str>, agent: Option<String>| {
            TimelineEntry {
                at,
                raw_time: None,
                state,
                kind: StateKind::Other,
                skill: skill.map(String::from),
                skill_name: None,
                agent,
                duration_seconds: None,
                contact: id.clone(),
            }
        };
    let mut events = vec![event(
        case.created_at.as_deref().and_then(parse_time),
        "case created".into(),
        None,
        None,
    )];
    if let Some(m) = &scan.first_customer {
        events.push(event(
            m.at,
            format!("first customer message (#{})", m.index + 1),
            None,
            None,
        ));
    }
    if let Some(m) = &scan.first_bot {
        let what = format!("first bot message (#{}, {} in all)", m.index + 1, scan.bot);
        events.push(event(m.at, what, None, None));
    }
    if let Some(e) = escalation {
        let what = match (e.source, e.index) {
            ("bot-signal", Some(i)) => format!("escalated: bot handover output (#{})", i + 1),
            ("status", _) => "escalated: case status".into(),
            (_, Some(i)) => format!("escalated: first non-bot message (#{})", i + 1),
            _ => "escalated".into(),
        };
        events.push(event(e.at, what, queue, None));
    }
    if let Some(m) = &scan.first_agent {
        let what = format!("first agent message (#{})", m.index + 1);
        events.push(event(m.at, what, queue, m.user_id.clone()));
    }
    if let Some(m) = &scan.last {
        events.push(event(
            m.at,
            format!("last message (#{})", m.index + 1),
            None,
            None,
        ));
    }
    if let Some(s) = &case.status {
        events.push(event(status_at, format!("status {s}"), None, None));
    }
    if events.iter().all(|e| e.at.is_some()) {
        events.sort_by_key(|e| e.at);
    }
    let agent_name = scan
        .first_agent
        .as_ref()
        .and_then(|m| m.user_name.as_deref());
    events
        .iter()
        .map(|e| e.to_fact_named(|_| agent_name))
        .collect()
}

/// The report subject of an analysed case: kind `case`, id the case number.
pub fn case_subject(verdict: &CaseVerdict) -> Subject {
    let mut s = Subject::new("case", &verdict.case_id);
    s.findings = verdict.findings.clone();
    s.set_facts(&verdict.facts);
    s.finish();
    s
}

#[cfg(test)]
mod tests;
