//! The gathering half of `trace-conversation`: what to trace, and one analysis that runs the
//! same way against a tenant, a sandbox or a replayed bundle.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{acd, digital, recent};
use crate::config::rules::Rules;
use crate::cxone::Client;
use crate::report::Report;

/// The report's command name.
pub const COMMAND: &str = "trace-conversation";

/// What to trace (also written into bundles as `trace`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum Target {
    /// One ACD contact (and its voice-bot partner).
    #[serde(rename_all = "camelCase")]
    Contact {
        /// The contact id as given (trimmed, numeric).
        contact_id: String,
    },
    /// One digital case.
    #[serde(rename_all = "camelCase")]
    Digital {
        /// The case number.
        case_number: String,
    },
    /// The completed contacts of a recent window.
    #[serde(rename_all = "camelCase")]
    Recent {
        /// Only this skill id.
        skill: Option<String>,
        /// The window as typed (`2h`).
        since: String,
        /// Only abandoned contacts.
        abandoned_only: bool,
    },
}

impl Target {
    /// A few words for messages: `contact 5823114`, `case 1042`, `recent contacts (2h)`.
    pub fn describe(&self) -> String {
        match self {
            Target::Contact { contact_id } => format!("contact {contact_id}"),
            Target::Digital { case_number } => format!("digital case {case_number}"),
            Target::Recent { since, .. } => format!("recent contacts (last {since})"),
        }
    }
}

/// Trace `target` through `client` (live, sandbox or replay) with `rules`, judging at `now`.
/// `Err` when the tool cannot finish (exit 3), or when `--since` does not parse (exit 2).
pub fn analyse(
    client: &Client,
    target: &Target,
    rules: &Rules,
    now: DateTime<Utc>,
) -> anyhow::Result<Report> {
    let subjects = match target {
        Target::Contact { contact_id } => acd::trace(client, contact_id, rules, now)?,
        Target::Digital { case_number } => digital::trace(client, case_number, rules, now)?,
        Target::Recent {
            skill,
            since,
            abandoned_only,
        } => {
            let window = crate::commands::flags::parse_window("--since", since)
                .map_err(crate::error::usage)?;
            let seconds = i64::try_from(window.length.as_secs()).unwrap_or(i64::MAX);
            let r = recent::Recent {
                skill: skill.as_deref(),
                seconds,
                abandoned_only: *abandoned_only,
            };
            recent::trace(client, &r, rules, now)?
        }
    };
    let mut report = Report::new(COMMAND);
    for s in subjects {
        report.push(s);
    }
    report.finish();
    Ok(report)
}
