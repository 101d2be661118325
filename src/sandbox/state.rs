//! The tenant's live state, built from a scenario at start: skills, agents, contacts, cases, tokens, faults and what was received.
//!
//! One `State` sits behind one `Mutex`; handlers borrow it for the length of one request.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::faults::ActiveFault;
use super::record::{Received, SignalRecord};
use super::reltime::millis;
use super::scenario::{
    AuthSpec, Author, BotUserSpec, CaseSpec, ChannelSpec, ContactSpec, CredentialsSpec,
    PointOfContactSpec, Scenario, TenantSpec,
};

pub use super::live::{
    AgentRt, Assignee, CaseRt, ContactRt, Hist, MessageRt, SkillRt, secs_between,
};

/// Everything the sandbox knows.
#[derive(Debug)]
pub struct State {
    /// Server start; relative scenario times resolve against it.
    pub start: DateTime<Utc>,
    /// The scenario, kept for [`State::reset`].
    pub scenario: Scenario,
    /// Tenant identity.
    pub tenant: TenantSpec,
    /// Accepted credentials.
    pub creds: CredentialsSpec,
    /// Token settings.
    pub auth: AuthSpec,
    /// Default routing delay.
    pub routing_delay_ms: u64,
    /// DFO bot user.
    pub bot: BotUserSpec,
    /// Skills by id.
    pub skills: BTreeMap<u64, SkillRt>,
    /// Agents by id.
    pub agents: BTreeMap<u64, AgentRt>,
    /// Contacts by id.
    pub contacts: BTreeMap<u64, ContactRt>,
    /// Cases by number.
    pub cases: BTreeMap<u64, CaseRt>,
    /// Points of contact.
    pub pocs: Vec<(PointOfContactSpec, String)>,
    /// Channels.
    pub channels: Vec<ChannelSpec>,
    /// Access token → expiry.
    pub tokens: HashMap<String, DateTime<Utc>>,
    /// Refresh token → expiry.
    pub refresh_tokens: HashMap<String, DateTime<Utc>>,
    /// Fault rules.
    pub faults: Vec<ActiveFault>,
    /// Requests received, the newest [`crate::sandbox::server::MAX_RECEIVED`] (a ring buffer,
    /// so a long-running `sandbox serve` keeps flat memory).
    pub received: std::collections::VecDeque<Received>,
    /// Signals received.
    pub signals: Vec<SignalRecord>,
    /// Sequence number of the next received request.
    pub seq: u64,
    /// Next contact id handed out.
    pub next_contact: u64,
    /// Next case number handed out.
    pub next_case: u64,
    /// Next message number handed out.
    pub next_message: u64,
}

impl State {
    /// Build the live state of `scenario` started at `start`.
    pub fn new(scenario: Scenario, start: DateTime<Utc>) -> State {
        let mut s = State {
            start,
            tenant: scenario.tenant.clone(),
            creds: scenario.credentials.clone(),
            auth: scenario.auth.clone(),
            routing_delay_ms: scenario.routing.delay_ms,
            bot: scenario.bot_user.clone(),
            skills: BTreeMap::new(),
            agents: BTreeMap::new(),
            contacts: BTreeMap::new(),
            cases: BTreeMap::new(),
            pocs: Vec::new(),
            channels: scenario.channels.clone(),
            tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            faults: scenario
                .faults
                .iter()
                .map(|rule| ActiveFault {
                    rule: rule.clone(),
                    used: 0,
                })
                .collect(),
            received: std::collections::VecDeque::new(),
            signals: Vec::new(),
            seq: 0,
            next_contact: 0,
            next_case: 0,
            next_message: 1,
            scenario,
        };
        s.load_world();
        s
    }

    /// Restore skills, agents, contacts and cases to the scenario (tokens, faults and records stay).
    pub fn reset(&mut self) {
        self.load_world();
    }

    fn load_world(&mut self) {
        let start = self.start;
        let sc = &self.scenario;
        self.skills = sc
            .skills
            .iter()
            .map(|k| {
                let rt = SkillRt {
                    spec: k.clone(),
                    updated: start,
                };
                (k.id, rt)
            })
            .collect();
        self.agents = sc
            .agents
            .iter()
            .map(|a| {
                let rt = AgentRt {
                    id: a.id,
                    first_name: a.first_name.clone(),
                    last_name: a.last_name.clone(),
                    active: a.active,
                    state: a.state.clone(),
                    out_state: a.out_state.clone(),
                    acw: a.acw,
                    team: a.team.clone(),
                    assignments: a.skills.clone(),
                    contact: None,
                    skill: None,
                    since: a
                        .state_since
                        .map_or(start - millis(600.0), |t| t.resolve(start)),
                };
                (a.id, rt)
            })
            .collect();
        self.contacts = sc
            .contacts
            .iter()
            .map(|c| (c.id, contact_from_spec(c, start)))
            .collect();
        let bu = self.tenant.business_unit;
        self.cases = sc
            .cases
            .iter()
            .map(|c| (c.number, case_from_spec(c, start, bu)))
            .collect();
        for case in self.cases.values() {
            if let Some(id) = case.contact_id
                && let Some(contact) = self.contacts.get_mut(&id)
            {
                contact.case = Some(case.number);
            }
        }
        for c in self.contacts.values().filter(|c| c.active) {
            if let Some(agent) = c.agent.and_then(|a| self.agents.get_mut(&a)) {
                agent.contact = Some(c.id);
                agent.skill = c.skill;
            }
        }
        self.pocs = sc
            .points_of_contact
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let guid = p.id.clone().unwrap_or_else(|| {
                    format!("{:08x}-5a4d-4b0c-8000-{:012x}", 0x0c0a_0000 + i, p.skill)
                });
                (p.clone(), guid)
            })
            .collect();
        let max_contact = self.contacts.keys().copied().max().unwrap_or(0);
        self.next_contact = max_contact.saturating_add(1000).max(7_000_000);
        self.next_case = self
            .cases
            .keys()
            .copied()
            .max()
            .unwrap_or(0)
            .max(2000)
            .saturating_add(1);
    }

    /// Hand out a new contact id.
    pub fn new_contact_id(&mut self) -> u64 {
        while self.contacts.contains_key(&self.next_contact) {
            self.next_contact = self.next_contact.wrapping_add(1);
        }
        let id = self.next_contact;
        self.next_contact = self.next_contact.wrapping_add(1);
        id
    }

    /// Mark `skill` changed at `now`.
    pub fn touch_skill(&mut self, skill: Option<u64>, now: DateTime<Utc>) {
        if let Some(k) = skill.and_then(|id| self.skills.get_mut(&id)) {
            k.updated = now;
        }
    }

    /// The point of contact named `name` (ASCII case ignored), with its GUID.
    pub fn poc(&self, name: &str) -> Option<&(PointOfContactSpec, String)> {
        self.pocs
            .iter()
            .find(|(p, _)| p.name.eq_ignore_ascii_case(name))
    }
}

fn contact_from_spec(c: &ContactSpec, start: DateTime<Utc>) -> ContactRt {
    let begin = c.start.resolve(start);
    let mut cursor = begin;
    let last = c.history.len().saturating_sub(1);
    let history: Vec<Hist> = c
        .history
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let open = c.active && i == last;
            let agent = h
                .agent
                .or(if matches!(h.state.as_str(), "Active" | "Hold") {
                    c.agent
                } else {
                    None
                });
            let hist = Hist {
                state: h.state.clone(),
                start: cursor,
                seconds: (!open).then_some(h.seconds),
                skill: h.skill.or(c.skill),
                agent,
            };
            cursor += millis(h.seconds);
            hist
        })
        .collect();
    let end = if c.active {
        None
    } else {
        Some(c.end.map_or(cursor, |e| e.resolve(start)))
    };
    let custom = c
        .custom_data
        .iter()
        .map(|(k, v)| (yaml_text(k), yaml_text(v)))
        .collect();
    ContactRt {
        id: c.id,
        master: c.master,
        media: c.media,
        poc: c.point_of_contact.clone(),
        from: c.from.clone(),
        to: c.to.clone(),
        skill: c.skill,
        agent: c.agent,
        active: c.active,
        abandoned: c.abandoned,
        abandon_seconds: c.abandon_seconds,
        end_reason: c.end_reason.clone(),
        queue_seconds: c.queue_seconds,
        refused: c.refused,
        start: begin,
        end,
        history,
        custom,
        escalation_skill: c.escalation_skill,
        routing_delay_ms: c.routing_delay_ms,
        route_at: None,
        case: None,
        updated: start,
    }
}

/// A YAML scalar as text; mappings and sequences as compact JSON.
fn yaml_text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Null => String::new(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn case_from_spec(c: &CaseSpec, start: DateTime<Utc>, bu: u64) -> CaseRt {
    let created = c.created.resolve(start);
    let assignee = match c.inbox_assignee.as_deref() {
        None => Assignee::Nobody,
        Some("bot") => Assignee::Bot,
        Some(id) => id.parse().map_or(Assignee::Nobody, Assignee::Agent),
    };
    let default_agent = match assignee {
        Assignee::Agent(id) => Some(id),
        _ => None,
    };
    let mut messages = Vec::new();
    let mut n = 0u64;
    let mut id = || {
        n += 1;
        format!("{}-{n:05}", c.number)
    };
    let mut last = created;
    if let Some(g) = &c.generate_messages {
        let first = g.start.resolve(start);
        for i in 0..g.count {
            let author = g.pattern[i % g.pattern.len()];
            last = first + millis(g.every_s * i as f64);
            messages.push(MessageRt {
                id: id(),
                author,
                agent: (author == Author::Agent)
                    .then(|| g.agent.or(default_agent))
                    .flatten(),
                text: g.text.replace("{n}", &(i + 1).to_string()),
                at: last,
            });
        }
    }
    for m in &c.messages {
        let at =
            m.at.map_or_else(|| last + millis(1.0), |t| t.resolve(start));
        last = at;
        messages.push(MessageRt {
            id: id(),
            author: m.from,
            agent: (m.from == Author::Agent)
                .then(|| m.agent.or(default_agent))
                .flatten(),
            text: m.text.clone(),
            at,
        });
    }
    CaseRt {
        number: c.number,
        contact_id: c.contact_id,
        interaction_id: c
            .interaction_id
            .clone()
            .unwrap_or_else(|| format!("{bu}-int-{}", c.number)),
        channel: c.channel.clone(),
        status: c.status.clone(),
        routing_queue: c.routing_queue,
        routing_queue_id: c.routing_queue_id.clone(),
        assignee,
        thread_id: c
            .thread_id
            .clone()
            .unwrap_or_else(|| format!("thread-{}", c.number)),
        created,
        status_updated: messages.last().map_or(created, |m| m.at.max(created)),
        customer: c.customer.clone(),
        customer_id: format!("customer-{}", c.number),
        page_size: c.page_size,
        messages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::reltime::parse_instant;
    use crate::sandbox::scenario::parse;

    fn state(yaml: &str) -> State {
        let start = parse_instant("2025-03-01T12:00:00Z").unwrap();
        State::new(parse(yaml, "t", "t").unwrap(), start)
    }

    #[test]
    fn history_times_follow_the_start() {
        let s = state(
            "skills: [{id: 1, name: a}]\ncontacts:\n  - {id: 9, skill: 1, start: -10m, history: [{state: PreQueue, seconds: 60}, {state: Inqueue, seconds: 30}, {state: EndContact}]}\n",
        );
        let c = &s.contacts[&9];
        assert_eq!(c.history[1].start, s.start - millis(540.0));
        assert_eq!(c.history[1].skill, Some(1));
        assert_eq!(c.end, Some(s.start - millis(510.0)));
        assert_eq!(c.seconds_in(&["Inqueue"], s.start), 30.0);
    }

    #[test]
    fn open_state_counts_until_now() {
        let s = state(
            "contacts:\n  - {id: 9, active: true, start: -100, history: [{state: PreQueue, seconds: 40}, {state: Inqueue, seconds: 5}]}\n",
        );
        let c = &s.contacts[&9];
        assert_eq!(c.history[1].seconds, None);
        assert_eq!(c.seconds_in(&["Inqueue"], s.start), 60.0);
        assert_eq!(c.state_name(), "Inqueue");
    }

    #[test]
    fn generated_messages_come_before_listed_ones() {
        let s = state(
            "skills: [{id: 1, name: a}]\nchannels: [{id: ch, skill: 1}]\ncases:\n  - number: 5\n    channel: ch\n    generate_messages: {count: 3, pattern: [customer, bot]}\n    messages: [{from: customer, text: last}]\n",
        );
        let m = &s.cases[&5].messages;
        assert_eq!(m.len(), 4);
        assert_eq!(m[1].author, Author::Bot);
        assert_eq!(m[2].text, "Message 3");
        assert_eq!(m[3].text, "last");
        assert!(m[3].at > m[2].at);
    }
}
