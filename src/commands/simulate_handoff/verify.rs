//! Verify: follow the handed-over contact (`GET /contacts/{id}`, its state history, or the digital
//! case) until it is answered, ends, or `--verify-timeout` passes; then judge what was seen.
//!
//! Times are measured from the first handover attempt (so they include retry waits and the
//! fallback) to the first poll that saw the state, so they are accurate to one poll interval.

use std::time::{Duration, Instant};

use crate::checks::agents::{AgentNames, agent_label};
use crate::cxone::models::{Contact, DfoContact, StateHistory};
use crate::cxone::{ApiError, Client};
use crate::report::{Finding, Subject};

use super::codes;

/// What one poll saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// Not queued yet (PreQueue, the bot still on it, not visible yet).
    Pending {
        /// The state name seen (`PreQueue`, `not found yet`, ...).
        state: String,
    },
    /// Waiting in a queue.
    Queued {
        /// The skill it waits on.
        skill: Option<String>,
    },
    /// An agent has it.
    Answered {
        /// The agent's id.
        agent: String,
        /// The agent's name, when the data read names them.
        name: Option<String>,
        /// The skill it came through.
        skill: Option<String>,
    },
    /// Ended before an agent took it.
    Ended {
        /// The last state (`EndContact`, `Abandoned`, `closed`).
        state: String,
        /// CXone's end reason, when given.
        reason: Option<String>,
    },
}

fn real(id: &Option<String>) -> Option<String> {
    id.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "0")
        .map(str::to_string)
}

/// Classify an ACD contact (`GET /contacts/{id}`).
pub fn classify(c: &Contact) -> Seen {
    let state = c.state_name.clone().unwrap_or_default();
    let ended = c.contact_end.is_some()
        || c.abandoned == Some(true)
        || matches!(
            state.as_str(),
            "EndContact" | "Abandoned" | "Disconnected" | "Ended"
        );
    let agent = real(&c.agent_id);
    match (state.as_str(), agent) {
        ("Active" | "Hold", Some(agent)) if !ended => Seen::Answered {
            agent,
            name: None,
            skill: real(&c.skill_id),
        },
        _ if ended => Seen::Ended {
            state: if state.is_empty() {
                "ended".into()
            } else {
                state
            },
            reason: c.end_reason.clone(),
        },
        ("Inqueue" | "Routing", _) => Seen::Queued {
            skill: real(&c.skill_id),
        },
        _ => Seen::Pending {
            state: if state.is_empty() {
                "unknown".into()
            } else {
                state
            },
        },
    }
}

/// Classify a digital case (`GET {dfo}/contacts/{n}`): a human assignee answered it, a routing
/// queue without one means queued, `resolved`/`closed`/`trashed` ended it. The `skill` it gives
/// is the case's routing queue id, which [`look`] resolves to a skill.
pub fn classify_case(c: &DfoContact) -> Seen {
    let status = c.status.clone().unwrap_or_default();
    let user = c
        .inbox_assignee_user
        .as_ref()
        .filter(|u| u.is_bot_user != Some(true));
    if let Some((agent, user)) = user.and_then(|u| real(&u.id).map(|id| (id, u))) {
        let name = [user.first_name.as_deref(), user.surname.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        return Seen::Answered {
            agent,
            name: (!name.is_empty()).then_some(name),
            skill: real(&c.routing_queue_id),
        };
    }
    if matches!(status.as_str(), "resolved" | "closed" | "trashed") {
        return Seen::Ended {
            state: status,
            reason: None,
        };
    }
    match real(&c.routing_queue_id) {
        Some(skill) => Seen::Queued { skill: Some(skill) },
        None => Seen::Pending {
            state: if status.is_empty() {
                "unknown".into()
            } else {
                status
            },
        },
    }
}

/// The wait between two polls: 100 ms for the first 2 s, 250 ms until 10 s, then 1 s.
pub fn poll_interval(elapsed: Duration) -> Duration {
    if elapsed < Duration::from_secs(2) {
        Duration::from_millis(100)
    } else if elapsed < Duration::from_secs(10) {
        Duration::from_millis(250)
    } else {
        Duration::from_secs(1)
    }
}

/// What verify follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An ACD contact.
    Contact(String),
    /// A digital case (when the message answer named no ACD contact).
    Case(String),
}

impl Target {
    /// `contact 5823200` / `case 1044`.
    pub fn describe(&self) -> String {
        match self {
            Target::Contact(id) => format!("contact {id}"),
            Target::Case(n) => format!("case {n}"),
        }
    }
}

/// Everything the polls saw.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    /// When it was first seen queued (or answered, if the queue was never seen), from the first handover attempt.
    pub queued_ms: Option<u64>,
    /// The skill it first queued on.
    pub queued_skill: Option<String>,
    /// When an agent was first seen on it.
    pub answered_ms: Option<u64>,
    /// The agent and the skill it came through.
    pub answered: Option<(String, Option<String>)>,
    /// The answering agent's name, when the data read names them.
    pub answered_name: Option<String>,
    /// The last poll's view.
    pub last: Option<Seen>,
    /// Polls made.
    pub polls: u32,
    /// The error that stopped polling, when one did.
    pub error: Option<ApiError>,
    /// Ctrl-C stopped polling.
    pub interrupted: bool,
    /// State names of the contact's history, oldest first (read once at the end).
    pub history: Vec<String>,
    /// The contact's state just before the handover was sent, when it existed then.
    pub before: Option<Seen>,
}

impl Seen {
    /// The state's name for facts (`PreQueue`, `queued`, `answered`, `EndContact`).
    pub fn name(&self) -> String {
        match self {
            Seen::Pending { state } | Seen::Ended { state, .. } => state.clone(),
            Seen::Queued { .. } => "queued".into(),
            Seen::Answered { .. } => "answered".into(),
        }
    }

    /// Queued or with an agent: the handover's effect cannot be told apart from it.
    pub fn handed_over(&self) -> bool {
        matches!(self, Seen::Queued { .. } | Seen::Answered { .. })
    }
}

/// The state of `target` just before the handover is sent (verify counts only a change after
/// it); `None` when it cannot be read (a contact the handover creates does not exist yet).
pub fn baseline(client: &Client, target: &Target) -> Option<Seen> {
    look(client, target).ok()
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn look(client: &Client, target: &Target) -> Result<Seen, ApiError> {
    match target {
        Target::Contact(id) => client.contact(id).map(|c| classify(&c.value)),
        Target::Case(n) => client
            .dfo_contact(n)
            .map(|c| queue_to_skill(client, classify_case(&c.value))),
    }
}

/// A case's `routingQueueId` is a routing queue, not a skill (docs/cxone-api.md §11.3): resolve it
/// through `GET {dfo}/routing-queues?id[]=` to its `skillId`, once per queue in a run; a queue
/// that cannot be resolved leaves the skill unknown (never compared as if it were one).
fn queue_to_skill(client: &Client, seen: Seen) -> Seen {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static RESOLVED: OnceLock<Mutex<HashMap<String, Option<String>>>> = OnceLock::new();
    let resolve = |queue: Option<String>| -> Option<String> {
        let queue = queue?;
        let cache = RESOLVED.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&queue).cloned()) {
            return hit;
        }
        let skill = client
            .routing_queue(&queue)
            .ok()
            .flatten()
            .and_then(|q| q.skill_id);
        if let Ok(mut c) = cache.lock() {
            c.insert(queue, skill.clone());
        }
        skill
    };
    match seen {
        Seen::Queued { skill } => Seen::Queued {
            skill: resolve(skill),
        },
        Seen::Answered { agent, name, skill } => Seen::Answered {
            agent,
            name,
            skill: resolve(skill),
        },
        other => other,
    }
}

/// Poll `target` until answered, ended, `timeout` after now, an error, or Ctrl-C. `since` is the
/// first handover attempt, from which the times are measured; `before` is the state read just
/// before it: a contact already queued or answered then is looked at once and never timed.
pub fn watch(
    client: &Client,
    target: &Target,
    since: Instant,
    timeout: Duration,
    before: Option<Seen>,
) -> Watch {
    let start = Instant::now();
    let already = before.as_ref().is_some_and(Seen::handed_over);
    let mut w = Watch {
        before,
        ..Watch::default()
    };
    loop {
        w.polls += 1;
        match look(client, target) {
            Ok(seen) if already => {
                w.last = Some(seen);
                break;
            }
            Ok(seen) => {
                let at = ms(since.elapsed());
                match &seen {
                    Seen::Queued { skill } if w.queued_ms.is_none() => {
                        w.queued_ms = Some(at);
                        w.queued_skill = skill.clone();
                    }
                    Seen::Answered { agent, name, skill } => {
                        w.queued_ms.get_or_insert(at);
                        if w.queued_skill.is_none() {
                            w.queued_skill = skill.clone();
                        }
                        w.answered_ms = Some(at);
                        w.answered = Some((agent.clone(), skill.clone()));
                        w.answered_name = name.clone();
                    }
                    _ => {}
                }
                let done = matches!(seen, Seen::Answered { .. } | Seen::Ended { .. });
                w.last = Some(seen);
                if done {
                    break;
                }
            }
            // A contact created a moment ago may not be visible to reporting yet.
            Err(e) if e.is_not_found() && start.elapsed() < timeout => {
                w.last = Some(Seen::Pending {
                    state: "not found yet".into(),
                });
            }
            Err(e) => {
                w.error = Some(e);
                break;
            }
        }
        let elapsed = start.elapsed();
        if elapsed >= timeout {
            break;
        }
        let nap = poll_interval(elapsed).min(timeout - elapsed);
        if crate::interrupt::sleep(nap) {
            w.interrupted = true;
            break;
        }
    }
    if let Target::Contact(id) = target
        && w.error.is_none()
        && let Ok(history) = client.state_history(id)
    {
        w.history = states(&history.value);
    }
    w
}

fn states(h: &StateHistory) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in h
        .contact_state_history
        .iter()
        .filter_map(|r| r.contact_state_name.clone())
    {
        if out.last() != Some(&s) {
            out.push(s);
        }
    }
    out
}

/// How a rehearsal ended, for facts, the audit log and the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An agent took the contact.
    Answered,
    /// It queued; nobody took it before the timeout.
    Queued,
    /// It never queued before the timeout.
    NotQueued,
    /// It ended before an agent took it.
    Ended,
    /// The handover (and its fallback) failed.
    HandoverFailed,
    /// There was no contact to follow, or polling failed.
    Unverified,
    /// Ctrl-C.
    Interrupted,
}

impl Outcome {
    /// The kebab-case name used in facts.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Queued => "queued",
            Outcome::NotQueued => "not-queued",
            Outcome::Ended => "ended",
            Outcome::HandoverFailed => "handover-failed",
            Outcome::Unverified => "unverified",
            Outcome::Interrupted => "interrupted",
        }
    }

    /// The handover reached a queue or an agent.
    pub fn succeeded(self) -> bool {
        matches!(self, Outcome::Answered | Outcome::Queued)
    }
}

fn skill_note(expected: Option<&str>, got: Option<&str>) -> Option<Finding> {
    match (expected, got) {
        (Some(e), Some(g)) if e != g => Some(Finding::new(
            &codes::WRONG_SKILL,
            format!("it queued on skill {g}, not on the expected skill {e}"),
        ).hint("Check the Studio script's Reqagent skill, the contact's escalation skill and the payload's skill; pass --skill to say which one is expected")),
        _ => None,
    }
}

/// Give the answering agent the name `names` knows for their id, when the data polled named
/// none (a contact carries only the agent's id; preflight read the skill's agents).
pub fn name_answering(w: &mut Watch, names: &AgentNames) {
    if w.answered_name.is_none()
        && let Some((agent, _)) = &w.answered
    {
        w.answered_name = names.get(agent).map(str::to_string);
    }
}

/// Judge what the polls saw into the verify subject's findings and facts; returns the outcome.
pub fn judge(
    s: &mut Subject,
    w: &Watch,
    target: &Target,
    expected_skill: Option<&str>,
    timeout: Duration,
) -> Outcome {
    s.fact("polls", w.polls);
    s.fact("timeToQueueMs", w.queued_ms);
    s.fact("timeToAgentMs", w.answered_ms);
    if let Some(skill) = &w.queued_skill {
        s.fact("queuedSkill", skill.as_str());
    }
    if let Some((agent, _)) = &w.answered {
        s.fact("agentId", agent.as_str());
        if let Some(name) = &w.answered_name {
            s.fact("agentName", name.as_str());
        }
    }
    if !w.history.is_empty() {
        s.fact("states", w.history.clone());
    }
    let who = target.describe();
    let secs = timeout.as_secs_f64();
    if let Some(before) = &w.before {
        s.fact("stateBefore", before.name());
    }
    if let Some(before) = w.before.as_ref().filter(|b| b.handed_over()) {
        let now = w
            .last
            .as_ref()
            .map_or_else(|| "unknown".to_string(), Seen::name);
        s.push(
            Finding::new(
                &codes::QUEUED_BEFORE,
                format!("{who} was already {} just before the handover was sent (now {now}): this run cannot show that the handover queued it", before.name()),
            )
            .hint("Rehearse on a test call that is still with the bot (PreQueue); preflight refuses such a contact unless --force is given"),
        );
        return Outcome::Unverified;
    }
    if let Some(e) = &w.error {
        if crate::commands::skills::is_fatal(e) {
            s.error(e.finding());
        } else {
            s.push(
                Finding::new(
                    &codes::NO_CONTACT_TO_VERIFY,
                    format!("could not follow {who}: {}", e.message()),
                )
                .hint(e.hint()),
            );
        }
        return Outcome::Unverified;
    }
    if let Some((agent, skill)) = &w.answered {
        let q = w.queued_ms.unwrap_or_default();
        let a = w.answered_ms.unwrap_or_default();
        let via = w
            .queued_skill
            .as_deref()
            .or(skill.as_deref())
            .map(|k| format!(" on skill {k}"))
            .unwrap_or_default();
        s.push(Finding::new(
            &codes::ANSWERED,
            format!(
                "{who} queued{via} after {q} ms and agent {} answered after {a} ms (from the first handover attempt)",
                agent_label(Some(agent), w.answered_name.as_deref())
            ),
        ));
        if let Some(f) = skill_note(
            expected_skill,
            w.queued_skill.as_deref().or(skill.as_deref()),
        ) {
            s.push(f);
        }
        return Outcome::Answered;
    }
    if w.interrupted {
        s.push(Finding::new(
            &codes::STEP_NOT_RUN,
            format!("interrupted while following {who}"),
        ));
        return Outcome::Interrupted;
    }
    if let Some(Seen::Ended { state, reason }) = &w.last {
        let reason = reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let queued = match w.queued_ms {
            Some(q) => format!("it queued after {q} ms, then "),
            None => String::new(),
        };
        s.push(
            Finding::new(
                &codes::CONTACT_ENDED,
                format!("{who}: {queued}it ended as {state}{reason} before any agent answered"),
            )
            .hint(
                "Check the script's queue branch and the skill's staffing (see the preflight step)",
            ),
        );
        return Outcome::Ended;
    }
    if let Some(q) = w.queued_ms {
        let on = w
            .queued_skill
            .as_deref()
            .map(|k| format!(" on skill {k}"))
            .unwrap_or_default();
        s.push(
            Finding::new(
                &codes::NOT_ANSWERED,
                format!("{who} queued{on} after {q} ms, but no agent answered within --verify-timeout {secs} s"),
            )
            .hint("The preflight step shows whether anyone is Available on the skill; staff it, or raise --verify-timeout"),
        );
        if let Some(f) = skill_note(expected_skill, w.queued_skill.as_deref()) {
            s.push(f);
        }
        return Outcome::Queued;
    }
    let last = match &w.last {
        Some(Seen::Pending { state }) => format!("; last state seen: {state}"),
        _ => String::new(),
    };
    s.push(
        Finding::new(
            &codes::NOT_QUEUED,
            format!("{who} did not queue within --verify-timeout {secs} s{last}"),
        )
        .hint("The handover was accepted but nothing requested an agent: check the Studio script's OnSignal / Reqagent branch and that the signal went to the right contact; or raise --verify-timeout"),
    );
    Outcome::NotQueued
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::models::DfoUser;
    use crate::report::Status;

    fn contact(state: &str, agent: Option<&str>, skill: Option<&str>) -> Contact {
        Contact {
            state_name: Some(state.into()),
            agent_id: agent.map(str::to_string),
            skill_id: skill.map(str::to_string),
            ..Contact::default()
        }
    }

    #[test]
    fn contacts_are_classified_by_state_and_agent() {
        assert_eq!(
            classify(&contact("PreQueue", None, Some("4201"))),
            Seen::Pending {
                state: "PreQueue".into()
            }
        );
        assert_eq!(
            classify(&contact("Inqueue", None, Some("4201"))),
            Seen::Queued {
                skill: Some("4201".into())
            }
        );
        assert_eq!(
            classify(&contact("Active", Some("9001"), Some("4201"))),
            Seen::Answered {
                agent: "9001".into(),
                name: None,
                skill: Some("4201".into())
            }
        );
        assert!(
            matches!(
                classify(&contact("Active", None, None)),
                Seen::Pending { .. }
            ),
            "a bot contact is Active with no agent"
        );
        assert!(matches!(
            classify(&contact("Active", Some("0"), None)),
            Seen::Pending { .. }
        ));
        let mut ended = contact("EndContact", Some("9001"), Some("4201"));
        ended.end_reason = Some("Contact Hung Up".into());
        assert_eq!(
            classify(&ended),
            Seen::Ended {
                state: "EndContact".into(),
                reason: Some("Contact Hung Up".into())
            }
        );
        let mut gone = contact("Inqueue", None, None);
        gone.abandoned = Some(true);
        assert!(matches!(classify(&gone), Seen::Ended { .. }));
    }

    #[test]
    fn cases_are_classified_by_assignee_queue_and_status() {
        let mut c = DfoContact {
            status: Some("new".into()),
            ..DfoContact::default()
        };
        assert!(matches!(classify_case(&c), Seen::Pending { .. }));
        c.routing_queue_id = Some("4211".into());
        assert_eq!(
            classify_case(&c),
            Seen::Queued {
                skill: Some("4211".into())
            }
        );
        c.inbox_assignee_user = Some(DfoUser {
            id: Some("bot".into()),
            is_bot_user: Some(true),
            ..DfoUser::default()
        });
        assert!(matches!(classify_case(&c), Seen::Queued { .. }));
        c.inbox_assignee_user = Some(DfoUser {
            id: Some("9002".into()),
            is_bot_user: Some(false),
            ..DfoUser::default()
        });
        assert!(matches!(classify_case(&c), Seen::Answered { .. }));
        c.inbox_assignee_user = None;
        c.status = Some("closed".into());
        assert!(matches!(classify_case(&c), Seen::Ended { .. }));
    }

    #[test]
    fn polling_slows_down() {
        assert_eq!(
            poll_interval(Duration::from_millis(0)),
            Duration::from_millis(100)
        );
        assert_eq!(
            poll_interval(Duration::from_secs(3)),
            Duration::from_millis(250)
        );
        assert_eq!(
            poll_interval(Duration::from_secs(11)),
            Duration::from_secs(1)
        );
    }

    fn judged(w: &Watch, expected: Option<&str>) -> (Subject, Outcome) {
        let mut s = Subject::new("step", "verify");
        let o = judge(
            &mut s,
            w,
            &Target::Contact("7".into()),
            expected,
            Duration::from_secs(2),
        );
        s.finish();
        (s, o)
    }

    #[test]
    fn a_named_assignee_reads_name_and_id() {
        let c = DfoContact {
            status: Some("open".into()),
            inbox_assignee_user: Some(DfoUser {
                id: Some("user-9002".into()),
                first_name: Some("Grace".into()),
                surname: Some(" Hopper ".into()),
                is_bot_user: Some(false),
                ..DfoUser::default()
            }),
            ..DfoContact::default()
        };
        let Seen::Answered { agent, name, .. } = classify_case(&c) else {
            panic!("a human assignee answered the case");
        };
        assert_eq!(
            (agent.as_str(), name.as_deref()),
            ("user-9002", Some("Grace Hopper"))
        );
        let named = Watch {
            queued_ms: Some(40),
            answered_ms: Some(900),
            answered: Some(("user-9002".into(), None)),
            answered_name: Some("Grace Hopper".into()),
            ..Watch::default()
        };
        let (s, _) = judged(&named, None);
        assert!(
            s.findings[0]
                .message
                .contains("agent Grace Hopper (user-9002) answered"),
            "{:?}",
            s.findings
        );
        let nameless = Watch {
            answered_name: None,
            ..named
        };
        let (s, _) = judged(&nameless, None);
        assert!(
            s.findings[0].message.contains("agent user-9002 answered"),
            "{:?}",
            s.findings
        );
    }

    #[test]
    fn judgments() {
        let answered = Watch {
            queued_ms: Some(40),
            queued_skill: Some("4201".into()),
            answered_ms: Some(1100),
            answered: Some(("9001".into(), Some("4201".into()))),
            ..Watch::default()
        };
        let (s, o) = judged(&answered, Some("4201"));
        assert_eq!((s.status, o), (Status::Pass, Outcome::Answered));
        assert!(
            s.findings[0].message.contains("after 40 ms"),
            "{:?}",
            s.findings
        );
        assert_eq!(s.facts["timeToAgentMs"], 1100);
        let (s, _) = judged(&answered, Some("4206"));
        assert_eq!(s.status, Status::Warn, "wrong skill");
        let queued = Watch {
            queued_ms: Some(30),
            queued_skill: Some("4206".into()),
            ..Watch::default()
        };
        let (s, o) = judged(&queued, Some("4206"));
        assert_eq!((s.status, o), (Status::Warn, Outcome::Queued));
        assert_eq!(s.findings[0].code, "simulate-not-answered");
        let pending = Watch {
            last: Some(Seen::Pending {
                state: "PreQueue".into(),
            }),
            ..Watch::default()
        };
        let (s, o) = judged(&pending, None);
        assert_eq!((s.status, o), (Status::Fail, Outcome::NotQueued));
        assert!(s.findings[0].message.contains("PreQueue"));
        assert_eq!(s.facts["timeToQueueMs"], serde_json::Value::Null);
        let ended = Watch {
            last: Some(Seen::Ended {
                state: "Abandoned".into(),
                reason: None,
            }),
            ..Watch::default()
        };
        let (s, o) = judged(&ended, None);
        assert_eq!((s.status, o), (Status::Fail, Outcome::Ended));
        assert!(Outcome::Queued.succeeded() && !Outcome::Ended.succeeded());
    }
}
