//! Routing dynamics: queue a contact on a skill, hand it to an Available agent after the routing delay, end it.
//!
//! Time advances lazily: every request first calls [`tick`], which routes the contacts whose
//! delay has passed. Only contacts queued at run time (signal, work item, digital message)
//! are routed; contacts written in the scenario stay as written.

use chrono::{DateTime, Utc};

use super::reltime::millis;
use super::state::{Assignee, State};

/// Route every queued contact whose delay has passed to an Available agent, when there is one.
pub fn tick(state: &mut State, now: DateTime<Utc>) {
    let due: Vec<u64> = state
        .contacts
        .values()
        .filter(|c| c.active && c.route_at.is_some_and(|t| t <= now) && c.state_name() == "Inqueue")
        .map(|c| c.id)
        .collect();
    for id in due {
        route(state, id, now);
    }
}

/// Pick an Available agent with an active assignment to the contact's (active) skill; best proficiency, then lowest id.
fn route(state: &mut State, id: u64, now: DateTime<Utc>) -> bool {
    let Some(skill) = state.contacts.get(&id).and_then(|c| c.skill) else {
        return false;
    };
    if !state.skills.get(&skill).is_some_and(|k| k.spec.active) {
        return false;
    }
    let agent = state
        .agents
        .values()
        .filter(|a| a.active && a.available() && a.contact.is_none())
        .filter_map(|a| {
            a.assignments
                .iter()
                .find(|x| x.skill == skill && x.active)
                .map(|x| (x.proficiency, a.id))
        })
        .min();
    let Some((_, agent)) = agent else {
        return false;
    };
    let Some(c) = state.contacts.get_mut(&id) else {
        return false;
    };
    c.push_state("Active", now, Some(skill), Some(agent));
    c.agent = Some(agent);
    c.route_at = None;
    let case = c.case;
    set_agent(state, agent, "InboundContact", Some((id, skill)), now);
    state.touch_skill(Some(skill), now);
    if let Some(case) = case.and_then(|n| state.cases.get_mut(&n)) {
        case.assignee = Assignee::Agent(agent);
        case.status = "open".into();
        case.status_updated = now;
    }
    true
}

fn set_agent(
    state: &mut State,
    agent: u64,
    name: &str,
    work: Option<(u64, u64)>,
    now: DateTime<Utc>,
) {
    let Some(a) = state.agents.get_mut(&agent) else {
        return;
    };
    a.state = name.to_string();
    a.contact = work.map(|w| w.0);
    a.skill = work.map(|w| w.1);
    a.since = now;
    let skills: Vec<u64> = a.assignments.iter().map(|x| x.skill).collect();
    for s in skills {
        state.touch_skill(Some(s), now);
    }
}

/// Put contact `id` in queue on `skill` now; an agent may take it after the routing delay.
pub fn enqueue(state: &mut State, id: u64, skill: u64, now: DateTime<Utc>) {
    let default_delay = state.routing_delay_ms;
    let Some(c) = state.contacts.get_mut(&id) else {
        return;
    };
    let delay = c.routing_delay_ms.unwrap_or(default_delay);
    c.push_state("Inqueue", now, Some(skill), None);
    c.skill = Some(skill);
    c.route_at = Some(now + millis(delay as f64 / 1000.0));
    let case = c.case;
    state.touch_skill(Some(skill), now);
    if let Some(case) = case.and_then(|n| state.cases.get_mut(&n)) {
        if case.assignee == Assignee::Bot {
            case.status = "escalated".into();
        }
        case.assignee = Assignee::Nobody;
        case.routing_queue = Some(skill);
        case.status_updated = now;
    }
    tick(state, now);
}

/// End contact `id` and its active spawned contacts; frees their agents.
pub fn end(state: &mut State, id: u64, now: DateTime<Utc>, reason: &str) {
    let children: Vec<u64> = state
        .contacts
        .values()
        .filter(|c| c.active && c.master == Some(id) && c.id != id)
        .map(|c| c.id)
        .collect();
    for child in children {
        end_one(state, child, now, reason);
    }
    end_one(state, id, now, reason);
}

fn end_one(state: &mut State, id: u64, now: DateTime<Utc>, reason: &str) {
    let Some(c) = state.contacts.get_mut(&id) else {
        return;
    };
    if !c.active {
        return;
    }
    c.finish(now, reason);
    let (agent, skill, case) = (c.agent, c.skill, c.case);
    state.touch_skill(skill, now);
    if let Some(agent) = agent
        && state
            .agents
            .get(&agent)
            .is_some_and(|a| a.contact == Some(id))
    {
        set_agent(state, agent, "Available", None, now);
    }
    if let Some(case) = case.and_then(|n| state.cases.get_mut(&n)) {
        case.status = "closed".into();
        case.status_updated = now;
    }
    tick(state, now);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::scenario::parse;

    const YAML: &str = "
routing: {delay_ms: 1000}
skills: [{id: 1, name: A}, {id: 2, name: B}, {id: 3, name: Off, active: false}]
agents:
  - {id: 10, first_name: a, last_name: b, state: Available, skills: [{skill: 1, proficiency: 5}]}
  - {id: 11, first_name: c, last_name: d, state: Available, skills: [{skill: 1, proficiency: 2}, {skill: 3}]}
  - {id: 12, first_name: e, last_name: f, state: Unavailable, skills: [{skill: 2}]}
contacts:
  - {id: 100, active: true, history: [{state: PreQueue}]}
  - {id: 101, active: true, history: [{state: PreQueue}]}
  - {id: 102, active: true, history: [{state: PreQueue}]}
";

    fn state() -> State {
        State::new(parse(YAML, "t", "t").unwrap(), Utc::now())
    }

    #[test]
    fn queued_then_best_agent_after_the_delay() {
        let mut s = state();
        let t = s.start;
        enqueue(&mut s, 100, 1, t);
        assert_eq!(s.contacts[&100].state_name(), "Inqueue");
        tick(&mut s, t + millis(0.5));
        assert_eq!(s.contacts[&100].state_name(), "Inqueue");
        tick(&mut s, t + millis(1.0));
        assert_eq!(s.contacts[&100].state_name(), "Active");
        assert_eq!(s.contacts[&100].agent, Some(11));
        assert_eq!(s.agents[&11].state, "InboundContact");
        assert_eq!(s.agents[&11].contact, Some(100));
    }

    #[test]
    fn no_available_agent_or_inactive_skill_stays_queued() {
        let mut s = state();
        let t = s.start;
        enqueue(&mut s, 100, 2, t);
        enqueue(&mut s, 101, 3, t);
        tick(&mut s, t + millis(5.0));
        assert_eq!(s.contacts[&100].state_name(), "Inqueue");
        assert_eq!(s.contacts[&101].state_name(), "Inqueue");
    }

    #[test]
    fn ending_frees_the_agent_for_the_next_contact() {
        let mut s = state();
        let t = s.start;
        enqueue(&mut s, 100, 1, t);
        enqueue(&mut s, 101, 1, t);
        enqueue(&mut s, 102, 1, t);
        tick(&mut s, t + millis(1.0));
        assert_eq!(s.contacts[&102].state_name(), "Inqueue");
        end(&mut s, 100, t + millis(2.0), "done");
        assert!(!s.contacts[&100].active);
        assert_eq!(s.contacts[&100].state_name(), "EndContact");
        assert_eq!(s.contacts[&102].state_name(), "Active");
        assert_eq!(s.contacts[&102].agent, Some(11));
    }
}
