//! One rehearsal: handover → fallback → verify → cleanup, each a step subject and an audit line.
//!
//! Offline, a signal rehearsal first copies the scenario's bot call (`clone_bot_pair`) so every
//! rehearsal escalates a fresh live contact, and the `--inject` statuses are added for its own
//! route. Every rehearsal gets the whole `--inject` sequence: work items and digital messages
//! share one route, so with `--inject` their handover calls run one at a time (`Env::turns`), each
//! after adding its own rules, so no rehearsal consumes another's statuses.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::checks::agents::AgentNames;
use crate::config::rules::QueueRules;
use crate::cxone::{ApiError, Call, Client};
use crate::report::{Finding, Subject};
use crate::sandbox::{FaultRule, RetryAfter, Sandbox};

use super::audit::{Audit, Entry};
use super::codes;
use super::crm::{Crm, Handoff};
use super::fallback::{self, Route};
use super::handover;
use super::plan::Request;
use super::steps;
use super::verify::{self, Outcome, Target};

/// What every rehearsal of a run shares.
pub struct Env<'a> {
    /// The one client.
    pub client: &'a Client,
    /// The offline sandbox (faults, fresh bot calls); `None` live.
    pub sandbox: Option<&'a Sandbox>,
    /// The handover request, before per-rehearsal ids.
    pub template: &'a Request,
    /// The caller's contact of the signalled contact (live signal: verify follows it).
    pub master: Option<&'a str>,
    /// The followed contact's state as preflight read it (live signal): verify's baseline
    /// when the read just before the write fails.
    pub preflight_state: Option<&'a verify::Seen>,
    /// Agent id → name as preflight read them: verify names the agent who answers.
    pub agent_names: &'a AgentNames,
    /// The skill the contact should queue on.
    pub expected_skill: Option<&'a str>,
    /// Where to go when the handover fails.
    pub fallback: &'a Route,
    /// Statuses the sandbox answers first, per rehearsal.
    pub inject: &'a [u16],
    /// How long verify waits.
    pub verify_timeout: Duration,
    /// Leave created contacts.
    pub keep: bool,
    /// Rehearsals in the run.
    pub total: u32,
    /// The run id (unique ids of work items and messages).
    pub run_id: &'a str,
    /// Queue rules for a fallback skill's judgment.
    pub queue_rules: &'a QueueRules,
    /// The audit log.
    pub audit: &'a Audit,
    /// Serialises injected calls on a shared route.
    pub turns: Mutex<()>,
    /// The CRM step, when `rules.handoff.crm` is set.
    pub crm: Option<&'a Crm>,
    /// The payload's context object (the CRM step's `context`).
    pub context: &'a serde_json::Value,
    /// `signal`, `work-item`, `digital`.
    pub via: &'a str,
}

/// What one rehearsal produced.
#[derive(Debug)]
pub struct Rehearsal {
    /// handover, fallback, verify, cleanup.
    pub subjects: Vec<Subject>,
    /// How it ended.
    pub outcome: Outcome,
    /// Attempts of the handover call.
    pub attempts: usize,
    /// Milliseconds of the handover call (all attempts and waits).
    pub handover_ms: Option<u64>,
    /// From the first handover attempt to the contact seen queued.
    pub time_to_queue_ms: Option<u64>,
    /// From the first handover attempt to an agent seen on it.
    pub time_to_agent_ms: Option<u64>,
    /// The fallback took the contact.
    pub fallback_used: bool,
    /// An error means the tool cannot go on (tenant unreachable, token refused).
    pub fatal: bool,
}

/// Retry-After sent with injected 429 and 503 statuses, as a throttling gateway sends it.
pub const INJECTED_RETRY_AFTER_S: u64 = 1;

/// One fault rule per injected status, in order, for `route` (each is used once).
pub fn fault_rules(route: &str, statuses: &[u16]) -> Vec<FaultRule> {
    statuses
        .iter()
        .map(|&status| {
            let rule = FaultRule::statuses("POST", route, &[status]);
            if matches!(status, 429 | 503) {
                rule.with_retry_after(RetryAfter::Seconds(INJECTED_RETRY_AFTER_S))
            } else {
                rule
            }
        })
        .collect()
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Env<'_> {
    fn record(&self, k: u32, s: &Subject, contact: Option<&str>, took: Duration) {
        self.audit.record(&Entry {
            rehearsal: Some(k),
            step: &s.id,
            contact_id: contact,
            outcome: steps::outcome(s),
            latency_ms: ms(took),
        });
    }

    /// Send the handover of rehearsal `k`, with its injected faults; also how many requests the
    /// sandbox received on the route (when they can be told apart from other rehearsals').
    fn send(&self, request: &Request) -> (Result<Call<handover::Sent>, ApiError>, Option<usize>) {
        let Some(sb) = self.sandbox else {
            return (handover::send(self.client, request), None);
        };
        let route = request.fault_route();
        let shared_route = !matches!(request, Request::Signal { .. });
        let turn = (shared_route && !self.inject.is_empty())
            .then(|| self.turns.lock().unwrap_or_else(|e| e.into_inner()));
        for rule in fault_rules(&route, self.inject) {
            // The rules were checked when the run started; a refusal here cannot happen.
            let _ = sb.add_fault(rule);
        }
        let before = sb.received().last().map_or(0, |r| r.seq);
        let result = handover::send(self.client, request);
        let countable = !shared_route || turn.is_some() || self.total == 1;
        let (_, path) = request.method_path("");
        let tail = path.trim_start_matches("/inContactAPI/services/");
        let received = countable.then(|| {
            sb.received()
                .iter()
                .filter(|r| r.seq > before && r.method == "POST" && r.path.ends_with(tail))
                .count()
        });
        (result, received)
    }

    /// Run rehearsal `k` (1-based).
    pub fn run(&self, k: u32) -> Rehearsal {
        let mut out = Rehearsal {
            subjects: Vec::new(),
            outcome: Outcome::Interrupted,
            attempts: 0,
            handover_ms: None,
            time_to_queue_ms: None,
            time_to_agent_ms: None,
            fallback_used: false,
            fatal: false,
        };
        if crate::interrupt::requested() {
            for id in steps::REHEARSAL {
                out.subjects.push(self.finish(
                    k,
                    steps::not_run(id, "interrupted by Ctrl-C"),
                    None,
                    Duration::ZERO,
                ));
            }
            return out;
        }
        let mut request = self.template.for_rehearsal(k, self.total, Utc::now());
        let mut created: Vec<String> = Vec::new();
        let mut follow: Option<Target> = None;
        let mut copy_of = None;
        if let (Some(sb), Request::Signal { contact_id, .. }) = (self.sandbox, &request) {
            match contact_id
                .parse::<u64>()
                .map_err(anyhow::Error::from)
                .and_then(|id| sb.clone_bot_pair(id))
            {
                Ok((master, spawned)) => {
                    created.push(master.to_string());
                    follow = Some(Target::Contact(master.to_string()));
                    copy_of = Some(contact_id.clone());
                    request = request.with_contact(&spawned.to_string());
                }
                Err(_) => follow = Some(Target::Contact(contact_id.clone())),
            }
        } else if let Request::Signal { contact_id, .. } = &request {
            follow = Some(Target::Contact(
                self.master
                    .map_or_else(|| contact_id.clone(), str::to_string),
            ));
        }
        let caller = match (&request, &follow) {
            (Request::Signal { contact_id, .. }, Some(Target::Contact(c))) if c != contact_id => {
                Some(c.clone())
            }
            _ => None,
        };

        // handover
        let shown = match &copy_of {
            Some(base) => format!(
                "{}, a fresh sandbox copy of bot contact {base}",
                request.describe()
            ),
            None => request.describe(),
        };
        let (method, path) = request.method_path(&self.client.profile().api_version);
        let mut h = steps::step(steps::HANDOVER).with_label(shown.clone());
        if let Some(base) = &copy_of {
            h.fact("sandboxCopyOf", base.as_str());
        }
        // The state just before the write: verify counts only a change after it. When that read
        // fails, the state preflight read stands in (a live signal follows the contact preflight
        // judged; an offline copy is new, so preflight's state is not its own).
        let before = match &follow {
            Some(t @ Target::Contact(_)) => verify::baseline(self.client, t)
                .or_else(|| self.preflight_state.filter(|_| copy_of.is_none()).cloned())
                .map(|s| (t.clone(), s)),
            _ => None,
        };
        if let Some((_, seen)) = &before {
            h.fact("stateBefore", seen.name());
        }
        let started = Instant::now();
        let (result, received) = self.send(&request);
        let took = started.elapsed();
        if let Some(n) = received {
            h.fact("sandboxReceived", n);
        }
        let shown_call = format!("{method} {path}");
        let judged = match &result {
            Err(e) if crate::interrupt::requested() => {
                handover::interrupted(&mut h, &shown_call, e);
                Err(false)
            }
            _ => handover::judge(&mut h, &shown_call, &result),
        };
        match &result {
            Ok(c) => {
                out.attempts = c.attempt_log.len();
                out.handover_ms = Some(c.elapsed_ms);
                h.label = Some(format!(
                    "{shown} · {} after {} attempt{}, {} ms",
                    c.http_status,
                    out.attempts,
                    if out.attempts == 1 { "" } else { "s" },
                    c.elapsed_ms
                ));
            }
            Err(e) => {
                out.attempts = e.attempt_log.len();
                out.handover_ms = Some(e.elapsed_ms);
                let status = e.status.map_or("no answer".to_string(), |s| s.to_string());
                h.label = Some(if crate::interrupt::requested() {
                    format!("{shown} · interrupted")
                } else {
                    format!("{shown} · failed: {status}")
                });
            }
        }
        let handover_contact = match &request {
            Request::Signal { contact_id, .. } => Some(contact_id.clone()),
            _ => None,
        };
        let sent = match judged {
            Ok(sent) => {
                if let Some(c) = &sent.created {
                    created.push(c.clone());
                    follow = Some(Target::Contact(c.clone()));
                } else if let Some(case) = &sent.case {
                    follow = Some(Target::Case(case.clone()));
                } else if !matches!(request, Request::Signal { .. }) {
                    follow = None;
                }
                Some(sent)
            }
            Err(fatal) => {
                out.fatal = fatal;
                None
            }
        };
        let h_contact = handover_contact.or_else(|| sent.as_ref().and_then(|s| s.created.clone()));
        out.subjects
            .push(self.finish(k, h, h_contact.as_deref(), took));

        // fallback
        let reason = result
            .as_ref()
            .err()
            .map(|e| {
                e.status
                    .map_or_else(|| format!("{:?}", e.kind).to_lowercase(), |s| s.to_string())
            })
            .unwrap_or_default();
        let fb_started = Instant::now();
        let (fb, fb_sent, fb_fatal) = if sent.is_some() {
            (
                steps::not_run(
                    steps::FALLBACK,
                    "the handover was accepted, so no fallback was needed",
                ),
                None,
                false,
            )
        } else if out.fatal {
            (
                steps::not_run(steps::FALLBACK, "the tool could not reach the tenant"),
                None,
                false,
            )
        } else if crate::interrupt::requested() {
            (
                steps::not_run(steps::FALLBACK, "interrupted by Ctrl-C"),
                None,
                false,
            )
        } else {
            let tag = if self.total > 1 {
                format!("{}-{k}", self.run_id)
            } else {
                self.run_id.to_string()
            };
            let plan = fallback::plan(
                self.fallback,
                &request,
                &tag,
                &format!("handover failed: {reason}"),
            );
            fallback::run(self.client, &plan, &reason, self.queue_rules)
        };
        out.fatal |= fb_fatal;
        if let Some(fs) = &fb_sent {
            out.fallback_used = true;
            match (&fs.created, &fs.case) {
                (Some(c), _) => {
                    created.push(c.clone());
                    follow = Some(Target::Contact(c.clone()));
                }
                (None, Some(case)) => follow = Some(Target::Case(case.clone())),
                (None, None) => follow = None,
            }
        }
        let fb_contact = fb_sent.as_ref().and_then(|s| s.created.clone());
        out.subjects
            .push(self.finish(k, fb, fb_contact.as_deref(), fb_started.elapsed()));

        // verify
        let v_started = Instant::now();
        let routed = sent.is_some() || fb_sent.is_some();
        let v = if !routed && !out.fatal && crate::interrupt::requested() {
            out.outcome = Outcome::Interrupted;
            steps::not_run(steps::VERIFY, "interrupted by Ctrl-C")
        } else if !routed {
            out.outcome = if out.fatal {
                Outcome::Unverified
            } else {
                Outcome::HandoverFailed
            };
            let why = if out.fatal {
                "the tool could not reach the tenant"
            } else {
                "the handover failed and no fallback took the contact"
            };
            steps::not_run(steps::VERIFY, why)
        } else if crate::interrupt::requested() {
            out.outcome = Outcome::Interrupted;
            steps::not_run(steps::VERIFY, "interrupted by Ctrl-C")
        } else if let Some(target) = &follow {
            let label = match (&caller, out.fallback_used) {
                (Some(_), false) => format!("{}, the caller's (master) contact", target.describe()),
                _ => target.describe(),
            };
            let mut v = steps::step(steps::VERIFY).with_label(label);
            if let Some(skill) = self.expected_skill.filter(|_| !out.fallback_used) {
                v.fact("expectedSkill", skill);
            }
            let before = before
                .as_ref()
                .filter(|(t, _)| t == target)
                .map(|(_, seen)| seen.clone());
            let mut w = verify::watch(self.client, target, started, self.verify_timeout, before);
            verify::name_answering(&mut w, self.agent_names);
            let expected = if out.fallback_used {
                None
            } else {
                self.expected_skill
            };
            out.outcome = verify::judge(&mut v, &w, target, expected, self.verify_timeout);
            out.time_to_queue_ms = w.queued_ms;
            out.time_to_agent_ms = w.answered_ms;
            if v.errored {
                out.fatal = true;
            }
            v.finish();
            v
        } else {
            out.outcome = Outcome::Unverified;
            let mut v = steps::step(steps::VERIFY).with_label("no contact id");
            v.push(Finding::new(
                &codes::NO_CONTACT_TO_VERIFY,
                format!("{shown} was accepted but the answer named no contact or case, so there is nothing to follow"),
            ).hint("CXone may answer a work item with 202 and no body; look the contact up in CXone by its work item id"));
            v.finish();
            v
        };
        let mut v = v;
        v.fact("outcome", out.outcome.name());
        let v_contact = match &follow {
            Some(Target::Contact(c)) => Some(c.clone()),
            _ => None,
        };
        out.subjects
            .push(self.finish(k, v, v_contact.as_deref(), v_started.elapsed()));

        // crm: sync the handoff context, as a handover service does
        if let Some(crm) = self.crm {
            let started = Instant::now();
            let s = if !routed {
                steps::not_run(
                    steps::CRM,
                    "the handover failed, so there is no handover context to sync",
                )
            } else if crate::interrupt::requested() {
                steps::not_run(steps::CRM, "interrupted by Ctrl-C")
            } else {
                let handoff = Handoff {
                    run_id: if self.total > 1 {
                        format!("{}-{k}", self.run_id)
                    } else {
                        self.run_id.to_string()
                    },
                    contact_id: v_contact.clone(),
                    via: self.via.to_string(),
                    context: self.context.clone(),
                    outcome: Some(out.outcome.name().to_string()),
                    handover_ms: out.handover_ms,
                    time_to_queue_ms: out.time_to_queue_ms,
                    time_to_agent_ms: out.time_to_agent_ms,
                };
                let before = self
                    .sandbox
                    .map(|sb| sb.received().last().map_or(0, |r| r.seq));
                let mut s = crm.step(self.client, &handoff);
                // Counted only when no other rehearsal posts meanwhile.
                if let (Some(sb), Some(before), 1) = (self.sandbox, before, self.total) {
                    let got: Vec<_> = sb
                        .received()
                        .into_iter()
                        .filter(|r| r.seq > before && r.path == crate::sandbox::crm::PATH)
                        .collect();
                    s.fact("sandboxReceived", got.len());
                    if let Some(r) = got.first() {
                        s.fact("sandboxReceivedBytes", r.body.len());
                    }
                }
                s
            };
            out.subjects
                .push(self.finish(k, s, v_contact.as_deref(), started.elapsed()));
        }

        // cleanup (also after Ctrl-C: end what this rehearsal created)
        let c_started = Instant::now();
        let c = self.cleanup(&created, out.outcome);
        out.subjects.push(self.finish(
            k,
            c,
            created.first().map(String::as_str),
            c_started.elapsed(),
        ));
        out
    }

    fn cleanup(&self, created: &[String], outcome: Outcome) -> Subject {
        let mut s = steps::step(steps::CLEANUP);
        s.fact("created", created.to_vec());
        if created.is_empty() {
            s.label = Some("nothing to end".into());
            let what = match self.template {
                Request::Signal { contact_id, .. } => format!(
                    "the signal escalated contact {contact_id}, which this run did not create, so it is left as it is"
                ),
                _ => "the handover created no contact that the answer named".to_string(),
            };
            s.push(Finding::new(
                &codes::CLEANUP_NOTHING,
                format!("nothing to end: {what}"),
            ));
            s.finish();
            return s;
        }
        let list = created.join(", ");
        if self.keep {
            s.label = Some(format!("kept {list}"));
            s.push(Finding::new(
                &codes::CLEANUP_KEPT,
                format!("kept contact {list} (--keep); end it in CXone when done"),
            ));
            s.finish();
            return s;
        }
        let mut ended = Vec::new();
        let mut already = Vec::new();
        for id in created {
            match crate::interrupt::cleanup(|| self.client.end_contact(id)) {
                Ok(_) => ended.push(id.clone()),
                Err(e)
                    if e.code.as_deref() == Some("InvalidContactState")
                        || (outcome == Outcome::Ended && e.status == Some(400)) =>
                {
                    already.push(id.clone());
                }
                Err(e) => s.push(
                    Finding::new(
                        &codes::CLEANUP_FAILED,
                        format!(
                            "contact {id}, created by this run, is still live: it could not be ended ({})",
                            e.message()
                        ),
                    )
                    .hint(format!(
                        "End contact {id} in CXone, or POST /contacts/{id}/end with an account allowed to; {}",
                        e.hint()
                    )),
                ),
            }
        }
        s.fact("ended", ended.clone());
        let mut parts = Vec::new();
        if !ended.is_empty() {
            parts.push(format!(
                "ended contact {}, which this run created (POST /contacts/{{id}}/end)",
                ended.join(", ")
            ));
        }
        if !already.is_empty() {
            parts.push(format!("contact {} had already ended", already.join(", ")));
        }
        if !parts.is_empty() {
            s.push(Finding::new(&codes::CLEANUP_ENDED, parts.join("; ")));
        }
        s.label = Some(format!("created {list}"));
        s.finish();
        s
    }

    fn finish(&self, k: u32, mut s: Subject, contact: Option<&str>, took: Duration) -> Subject {
        s.finish();
        self.record(k, &s, contact, took);
        steps::tag(&mut s, k, self.total);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_throttling_carries_retry_after_and_failures_do_not() {
        let rules = fault_rules("/interactions/5/signal", &[503, 429, 500]);
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[0].statuses, [503]);
        assert_eq!(rules[0].retry_after, Some(RetryAfter::Seconds(1)));
        assert_eq!(rules[1].retry_after, Some(RetryAfter::Seconds(1)));
        assert_eq!(rules[2].retry_after, None);
        assert!(rules.iter().all(|r| r.check().is_ok()));
        assert_eq!(
            rules[2].matcher.path.as_deref(),
            Some("/interactions/5/signal")
        );
    }
}
