//! The skills a trace touched, judged once each with the shared queue-health gatherer.

use chrono::{DateTime, Utc};

use crate::checks::agents::AgentStateIndex;
use crate::checks::queue::Judgment;
use crate::commands::skills::{fetch_agent_states, fetch_many, first_fatal, is_fatal, judge};
use crate::config::rules::QueueRules;
use crate::cxone::Client;
use crate::report::Subject;

/// Judgments (for the diagnosis) and report subjects (for the "skills involved" table).
#[derive(Debug, Default)]
pub struct Judged {
    /// One per skill that could be judged.
    pub judgments: Vec<Judgment>,
    /// One per skill, in the order asked (an `error` subject when a read failed).
    pub subjects: Vec<Subject>,
}

/// Judge `skill_ids` (distinct, in order): skills and agent states are read concurrently,
/// each once. `Err` when an error means the run cannot go on (auth, network, deadline).
pub fn judge_skills(
    client: &Client,
    skill_ids: &[String],
    rules: &QueueRules,
    now: DateTime<Utc>,
) -> anyhow::Result<Judged> {
    if skill_ids.is_empty() {
        return Ok(Judged::default());
    }
    let wanted: Vec<(String, Option<_>)> = skill_ids.iter().map(|id| (id.clone(), None)).collect();
    let (data, states) = std::thread::scope(|scope| {
        let states = scope.spawn(|| fetch_agent_states(client));
        let data = fetch_many(client, wanted);
        (data, states.join())
    });
    let states = match states {
        Ok(states) => states,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    if let Some(e) = data.iter().find_map(first_fatal) {
        return Err(anyhow::Error::new(e.clone()));
    }
    let states = match states {
        Ok(list) => Some(list),
        Err(e) if is_fatal(&e) => return Err(anyhow::Error::new(e)),
        Err(_) => None,
    };
    let index = states.as_deref().map(AgentStateIndex::new);
    let mut judged = Judged::default();
    for d in &data {
        let (judgment, subject) = judge(d, index.as_ref(), rules, now);
        judged.judgments.extend(judgment);
        judged.subjects.push(subject);
    }
    Ok(judged)
}
