//! The reads of one queue-health pass, and what a `--watch` loop remembers between passes so
//! that real-time data is delta-polled with `updatedSince` (304 Not Modified = reuse).
//!
//! A pass reads, in two rounds on the client's bounded pool (every list read whole by the
//! one pager):
//! 1. at once: `GET /skills` (for `--all` or a skill name), `GET /skills/activity` and
//!    `GET /agents/skills` (the bulk plan, `--all` only) and `GET /agents/states`;
//! 2. per skill: `GET /skills/{id}` (unless the list had it), `GET /skills/{id}/activity`
//!    (unless the bulk read had it) and `GET /skills/{id}/agents` (unless the bulk
//!    assignments read had them: it falls back per skill when refused).
//!
//! A fresh [`Poll`] makes a plain run; a kept one makes the next `--watch` frame send
//! `updatedSince` on activity and agent states and reuse what did not change.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{SecondsFormat, TimeDelta};

use crate::checks::time::parse_time;
use crate::commands::skills::{self, ActivityAll, ActivityRead, Fetched, SkillData};
use crate::cxone::call::Call;
use crate::cxone::client::Client;
use crate::cxone::error::{ApiError, ErrorKind};
use crate::cxone::models::{AgentSkillAssignment, AgentState, Skill, SkillActivity};
use crate::cxone::pager::Listed;

/// What one pass needs to read.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    /// Read `GET /skills` (every page).
    pub list: bool,
    /// Read activity in bulk (`GET /skills/activity`) instead of per skill.
    pub bulk_activity: bool,
    /// `mediaTypeId` for both list reads.
    pub media_type_id: Option<u32>,
    /// Read every assignment at once (`GET /agents/skills`) instead of per skill.
    pub bulk_assignments: bool,
}

/// How the agent assignments were read.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// One paged `GET /agents/skills` for every skill.
    Bulk {
        /// Pages read.
        pages: u32,
        /// Rows read.
        rows: usize,
    },
    /// `GET /skills/{id}/agents` per skill; `why` says why the bulk read was not used.
    PerSkill {
        /// Why, when the bulk read was tried.
        why: Option<String>,
    },
}

impl Plan {
    /// The `assignmentsPlan` fact: `bulk` or `per-skill`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Plan::Bulk { .. } => "bulk",
            Plan::PerSkill { .. } => "per-skill",
        }
    }

    /// One line for stderr.
    pub fn describe(&self) -> String {
        match self {
            Plan::Bulk { pages, rows } => format!(
                "agent assignments read in bulk: GET /agents/skills, {rows} rows in {pages} page{}",
                if *pages == 1 { "" } else { "s" }
            ),
            Plan::PerSkill { why: None } => {
                "agent assignments read per skill: GET /skills/{id}/agents".to_string()
            }
            Plan::PerSkill { why: Some(why) } => format!(
                "agent assignments read per skill (GET /skills/{{id}}/agents), because GET /agents/skills failed: {why}"
            ),
        }
    }
}

/// The first round's answers.
#[derive(Debug)]
pub struct FirstRound {
    /// `GET /skills`, when read.
    pub list: Option<Result<Vec<Skill>, ApiError>>,
    /// Every agent's state (delta polls merged into what was seen before); `gap` set when the
    /// read was cut short.
    pub states: Result<Listed<AgentState>, ApiError>,
    /// `GET /skills/activity`, when read.
    bulk: Option<Result<Option<ActivityAll>, ApiError>>,
    /// Assignments by skill id from `GET /agents/skills`, when that plan ran.
    assignments: Option<HashMap<String, Vec<AgentSkillAssignment>>>,
    /// Which assignments plan runs.
    pub plan: Plan,
}

impl FirstRound {
    /// Every error of the round, to look for a fatal one.
    pub fn errors(&self) -> impl Iterator<Item = &ApiError> {
        [
            self.list.as_ref().and_then(|r| r.as_ref().err()),
            self.states.as_ref().err(),
            self.bulk.as_ref().and_then(|r| r.as_ref().err()),
        ]
        .into_iter()
        .flatten()
    }
}

/// An activity read earlier, and when.
#[derive(Debug, Clone)]
struct Seen {
    activity: SkillActivity,
    read_at: Instant,
    /// `lastPollTime` of its per-skill read (`None` when it came from the bulk read).
    since: Option<String>,
}

impl Seen {
    /// The activity as it stands now when nothing changed: its `serverTime` moved on by the
    /// time since it was read, so the oldest contact's wait keeps growing.
    fn aged(&self) -> SkillActivity {
        let mut a = self.activity.clone();
        let elapsed = TimeDelta::from_std(self.read_at.elapsed()).unwrap_or_default();
        if let Some(t) = a.server_time.as_deref().and_then(parse_time) {
            a.server_time = Some((t + elapsed).to_rfc3339_opts(SecondsFormat::Millis, true));
        }
        a
    }
}

/// What earlier passes saw (empty for a plain run).
#[derive(Debug, Default)]
pub struct Poll {
    /// Agent states seen, by agent id, and the `lastPollTime` to send next.
    states: Option<(Vec<AgentState>, Option<String>)>,
    /// `lastPollTime` of the last bulk activity read.
    bulk_since: Option<String>,
    /// Activity seen per skill id.
    activity: HashMap<String, Seen>,
}

enum Job {
    List,
    Bulk,
    States,
    Assignments,
}

enum Answer {
    List(Result<Vec<Skill>, ApiError>),
    Bulk(Result<Option<ActivityAll>, ApiError>),
    States(Result<Call<Listed<AgentState>>, ApiError>),
    Assignments(Result<Call<Vec<AgentSkillAssignment>>, ApiError>),
}

impl Poll {
    /// Round one: the skill list, bulk activity and agent states, concurrently.
    pub fn first_round(&mut self, client: &Client, needs: Needs) -> FirstRound {
        let mut jobs = Vec::new();
        if needs.list {
            jobs.push(Job::List);
        }
        if needs.bulk_activity {
            jobs.push(Job::Bulk);
        }
        jobs.push(Job::States);
        if needs.bulk_assignments {
            jobs.push(Job::Assignments);
        }
        let states_since = self.states.as_ref().and_then(|(_, since)| since.clone());
        let bulk_since = self.bulk_since.clone();
        let answers = client.map_concurrent(jobs, |job| match job {
            Job::List => Answer::List(client.skills(needs.media_type_id).map(Call::into_value)),
            Job::Bulk => Answer::Bulk(
                skills::fetch_activity_all(client, needs.media_type_id, bulk_since.as_deref())
                    .map(Call::into_value),
            ),
            Job::States => Answer::States(client.agent_states_since(states_since.as_deref())),
            Job::Assignments => Answer::Assignments(client.agents_skills()),
        });
        let mut round = FirstRound {
            list: None,
            states: Ok(Listed::default()),
            bulk: None,
            assignments: None,
            plan: Plan::PerSkill { why: None },
        };
        for answer in answers {
            match answer {
                Answer::List(list) => round.list = Some(list),
                Answer::Bulk(bulk) => round.bulk = Some(bulk),
                Answer::States(states) => round.states = self.merge_states(states),
                Answer::Assignments(Ok(call)) => {
                    round.plan = Plan::Bulk {
                        pages: call.requests,
                        rows: call.value.len(),
                    };
                    let mut by_skill: HashMap<String, Vec<AgentSkillAssignment>> = HashMap::new();
                    for a in call.value {
                        if let Some(id) = a.skill_id.clone() {
                            by_skill.entry(id).or_default().push(a);
                        }
                    }
                    round.assignments = Some(by_skill);
                }
                // Refused (403/404) or failed otherwise: each skill is read alone.
                Answer::Assignments(Err(e)) => {
                    round.plan = Plan::PerSkill {
                        why: Some(e.message()),
                    };
                }
            }
        }
        if let Some(Ok(Some(all))) = &round.bulk {
            let now = Instant::now();
            for a in &all.activity {
                if let Some(id) = &a.skill_id {
                    let seen = Seen {
                        activity: a.clone(),
                        read_at: now,
                        since: None,
                    };
                    self.activity.insert(id.clone(), seen);
                }
            }
            self.bulk_since = all.last_poll_time.clone();
        }
        round
    }

    /// Agent states after this read: a full read replaces, a delta read updates the agents it
    /// lists, a 304 keeps everything. A read cut short carries its gap (absent agents unknown).
    fn merge_states(
        &mut self,
        read: Result<Call<Listed<AgentState>>, ApiError>,
    ) -> Result<Listed<AgentState>, ApiError> {
        let call = read?;
        let delta = self
            .states
            .as_ref()
            .is_some_and(|(_, since)| since.is_some());
        let (mut states, mut since) = self.states.take().unwrap_or_default();
        let list = call.value;
        let gap = list.gap.clone();
        if !list.not_modified {
            if delta {
                for fresh in list.items {
                    match states.iter_mut().find(|s| s.agent_id == fresh.agent_id) {
                        Some(old) => *old = fresh,
                        None => states.push(fresh),
                    }
                }
            } else {
                states = list.items;
            }
            // A cut-short read is not a base for the next delta: read everything again.
            since = if gap.is_none() {
                list.last_poll_time
            } else {
                None
            };
        }
        self.states = Some((states.clone(), since));
        Ok(Listed {
            items: states,
            gap,
            ..Listed::default()
        })
    }

    /// How to get one skill's activity in round two.
    fn activity_read(&self, id: &str, round: &FirstRound) -> ActivityRead {
        let seen = self.activity.get(id);
        match &round.bulk {
            // Fresh or unchanged in the bulk read (the bulk answer went into `self.activity`).
            Some(Ok(_)) if seen.is_some_and(|s| s.since.is_none()) => {
                return ActivityRead::Known(Ok(seen.map(Seen::aged)));
            }
            // No permission: every skill would get the same 403.
            Some(Err(e)) if e.kind == ErrorKind::Forbidden => {
                return ActivityRead::Known(Err(e.clone()));
            }
            // Missing from the bulk answer, or the bulk read failed otherwise: read it alone.
            _ => {}
        }
        match seen {
            Some(Seen {
                since: Some(since), ..
            }) => ActivityRead::Since {
                since: since.clone(),
                previous: seen.map(Seen::aged),
            },
            _ => ActivityRead::Fetch,
        }
    }

    /// Round two: each skill's data, concurrently (results in the order given).
    pub fn second_round(
        &mut self,
        client: &Client,
        round: &FirstRound,
        skills: Vec<(String, Option<Skill>)>,
    ) -> Vec<SkillData> {
        let work: Vec<(String, Option<Skill>, ActivityRead)> = skills
            .into_iter()
            .map(|(id, known)| {
                let read = self.activity_read(&id, round);
                (id, known, read)
            })
            .collect();
        let bulk = round.assignments.as_ref();
        let fetched: Vec<Fetched> = client.map_concurrent(work, |(id, known, read)| {
            let assignments = bulk.map(|b| Ok(b.get(&id).cloned().unwrap_or_default()));
            skills::fetch_one_with(client, &id, known, read, assignments)
        });
        let now = Instant::now();
        fetched
            .into_iter()
            .map(|f| {
                if let (Some(since), Ok(Some(activity))) = (&f.activity_poll_time, &f.data.activity)
                {
                    let seen = Seen {
                        activity: activity.clone(),
                        read_at: now,
                        since: Some(since.clone()),
                    };
                    self.activity.insert(f.data.skill_id.clone(), seen);
                }
                f.data
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::error::Stage;
    use std::time::Duration;

    fn states(list: &[(&str, &str)], poll: Option<&str>, status: u16) -> Call<Listed<AgentState>> {
        let mut call = Call::local(Listed {
            not_modified: status == 304,
            items: list
                .iter()
                .map(|(id, name)| AgentState {
                    agent_id: Some((*id).into()),
                    agent_state_name: Some((*name).into()),
                    ..Default::default()
                })
                .collect(),
            last_poll_time: poll.map(String::from),
            ..Listed::default()
        });
        call.http_status = status;
        call
    }

    fn names(list: &[AgentState]) -> Vec<String> {
        list.iter()
            .map(|s| {
                format!(
                    "{}={}",
                    s.agent_id.as_deref().unwrap(),
                    s.agent_state_name.as_deref().unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn agent_state_deltas_merge_by_agent_and_304_keeps_them() {
        let mut poll = Poll::default();
        let first = poll
            .merge_states(Ok(states(
                &[("1", "Available"), ("2", "LoggedOut")],
                Some("T1"),
                200,
            )))
            .unwrap();
        assert_eq!(names(&first.items), ["1=Available", "2=LoggedOut"]);
        let delta = poll
            .merge_states(Ok(states(
                &[("2", "Available"), ("3", "Unavailable")],
                Some("T2"),
                200,
            )))
            .unwrap();
        assert_eq!(
            names(&delta.items),
            ["1=Available", "2=Available", "3=Unavailable"]
        );
        assert_eq!(poll.states.as_ref().unwrap().1.as_deref(), Some("T2"));
        let same = poll.merge_states(Ok(states(&[], None, 304))).unwrap();
        assert_eq!(names(&same.items), names(&delta.items));
        assert_eq!(
            poll.states.as_ref().unwrap().1.as_deref(),
            Some("T2"),
            "304 keeps the poll time"
        );
        let failed = ApiError::new(ErrorKind::Server, Stage::Api, "GET", "/agents/states");
        assert!(poll.merge_states(Err(failed)).is_err());
        assert_eq!(
            names(&poll.states.as_ref().unwrap().0),
            names(&delta.items),
            "an error keeps what was seen"
        );
    }

    #[test]
    fn reused_activity_ages_by_the_time_since_it_was_read() {
        let seen = Seen {
            activity: SkillActivity {
                server_time: Some("2026-05-01T10:00:00Z".into()),
                earliest_queue_time: Some("2026-05-01T09:59:00Z".into()),
                ..Default::default()
            },
            read_at: Instant::now() - Duration::from_secs(30),
            since: None,
        };
        let aged = seen.aged();
        let at = parse_time(aged.server_time.as_deref().unwrap()).unwrap();
        let moved = (at - parse_time("2026-05-01T10:00:00Z").unwrap()).num_milliseconds();
        assert!((30_000..31_000).contains(&moved), "{moved} ms");
        assert_eq!(aged.earliest_queue_time, seen.activity.earliest_queue_time);
        let no_time = Seen {
            activity: SkillActivity::default(),
            ..seen
        };
        assert_eq!(no_time.aged().server_time, None);
    }
}
