//! `queue-health`: can the skills (CXone's queues) a handover lands on take it right now?
//!
//! Gathers skills, their activity, agent assignments and the agent states with the one client
//! ([`poll`]), judges each skill with [`crate::checks::queue`] (through the shared
//! [`skills`](super::skills) gatherer), and returns one `skill` subject per skill. `--watch`
//! redraws the same report until Ctrl-C ([`watch`]).

pub mod poll;
mod targets;
mod watch;

use std::time::Duration;

use chrono::Utc;

use super::Outcome;
use super::skills;
use crate::checks::queue;
use crate::checks::skill_lookup::{Media, media_type_name};
use crate::config::rules::QueueRules;
use crate::context::Ctx;
use crate::cxone::client::Client;
use crate::cxone::error::ApiError;
use crate::cxone::models::Skill;
use crate::cxone::session;
use crate::error::usage;
use crate::report::{Format, Report};

use poll::Needs;
pub use poll::Poll;
use targets::Target;

/// The report's `command`.
pub const COMMAND: &str = "queue-health";

/// What to check, resolved from the command line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Skill ids or names, as typed.
    pub skills: Vec<String>,
    /// Check every skill on the tenant.
    pub all: bool,
    /// With `all`: only skills of this media type.
    pub media: Option<Media>,
    /// Redraw every this long until Ctrl-C.
    pub watch: Option<Duration>,
    /// List every assigned agent of each skill (`--agents`), not only when the problem is theirs.
    pub agents: bool,
}

/// Run `queue-health`.
pub fn run(ctx: &Ctx, opts: Options) -> anyhow::Result<Outcome> {
    validate(ctx, &opts)?;
    let session = session::connect(ctx)?;
    if let Some(period) = opts.watch {
        return watch::run(ctx, &session, &opts, period);
    }
    let report = check(
        &session,
        &opts,
        &ctx.config.rules.queue,
        &mut Poll::default(),
    )?;
    Ok(Outcome::Report(report))
}

/// Refuse what cannot work before anything is sent (exit 2).
fn validate(ctx: &Ctx, opts: &Options) -> anyhow::Result<()> {
    if opts.skills.is_empty() && !opts.all {
        return Err(usage(
            "queue-health needs a SKILL (a skill id or name) or --all\n  hint: e.g. `cxone-diag queue-health 4201`, `cxone-diag queue-health \"Billing Voice\"` or `cxone-diag queue-health --all --media chat`",
        ));
    }
    if opts.media.is_some() && !opts.all {
        return Err(usage(
            "--media filters --all and cannot be used with SKILL arguments\n  hint: e.g. `cxone-diag queue-health --all --media chat`, or name the skills you want by id",
        ));
    }
    if opts.skills.iter().any(|s| s.trim().is_empty()) {
        return Err(usage(
            "a SKILL argument is empty\n  hint: give a skill id (e.g. 4201) or a skill name in quotes",
        ));
    }
    if opts.watch.is_some() {
        if ctx.output != Format::Human {
            return Err(usage(
                "--watch redraws the human table and cannot be combined with --output json or junit\n  hint: drop --watch for one machine-readable report, or run it again on a schedule",
            ));
        }
        if !ctx.report_files.is_empty() {
            return Err(usage(
                "--watch cannot write --report files\n  hint: drop --watch to write one report, or drop --report to watch",
            ));
        }
        if !ctx.stdout_is_terminal {
            return Err(usage(
                "--watch needs a terminal on stdout: it clears and redraws the screen\n  hint: drop --watch when piping or in CI (one report, exit code per run), or run it in a terminal",
            ));
        }
    }
    Ok(())
}

/// One pass: read what the options ask for (delta-polling what `poll` saw before), judge every
/// skill, and build the report. `Err` when the run cannot go on at all (authentication refused,
/// tenant unreachable, the skill list for `--all` unreadable): exit 3 with the explanation.
pub fn check(
    client: &Client,
    opts: &Options,
    rules: &QueueRules,
    poll: &mut Poll,
) -> anyhow::Result<Report> {
    let needs = Needs {
        list: opts.all || targets::needs_list(&opts.skills),
        bulk_activity: opts.all,
        media_type_id: opts.media.map(Media::id),
        bulk_assignments: opts.all,
    };
    let round = poll.first_round(client, needs);
    if let Some(e) = round.errors().find(|e| skills::is_fatal(e)) {
        return Err(fatal(e));
    }
    let targets = if opts.all {
        match &round.list {
            Some(Ok(list)) => targets::from_list(list.clone(), opts.media),
            Some(Err(e)) => {
                return Err(anyhow::Error::new(e.clone())
                    .context("could not list the tenant's skills for --all (GET /skills)"));
            }
            None => Vec::new(),
        }
    } else {
        targets::from_args(&opts.skills, round.list.as_ref())
    };
    if opts.all && targets.is_empty() {
        let what = opts.media.map_or("no skill".to_string(), |m| {
            let name = media_type_name(f64::from(m.id())).unwrap_or("this");
            format!("no skill of media type {name}")
        });
        crate::scrubbed_eprintln!("note: the tenant has {what}; nothing to check");
    }
    let wanted: Vec<(String, Option<Skill>)> = targets
        .iter()
        .filter_map(|t| match t {
            Target::Skill { id, known } => Some((id.clone(), known.clone())),
            Target::Unresolved(_) => None,
        })
        .collect();
    let data = poll.second_round(client, &round, wanted);
    if let Some(e) = data.iter().find_map(skills::first_fatal) {
        return Err(fatal(e));
    }
    if let Err(e) = &round.states
        && !e.is_forbidden()
    {
        crate::scrubbed_eprintln!(
            "warning: agent states could not be read ({}); agent counts come from each skill's activity counters",
            e.message()
        );
    }
    if opts.all && !targets.is_empty() {
        eprint!("{}", note_text(stderr_width(), &round.plan.describe()));
    }
    let index = round.states.as_ref().map(skills::states_index);
    let states = index.as_ref().map_err(|e| *e);
    let now = Utc::now();
    let mut data = data.into_iter();
    let mut report = Report::new(COMMAND);
    for target in targets {
        let subject = match target {
            Target::Unresolved(subject) => subject,
            Target::Skill { .. } => match data.next() {
                Some(d) => {
                    let (judgment, mut subject) = skills::judge_with_states(&d, states, rules, now);
                    if let (true, Some(j)) = (opts.agents, &judgment) {
                        queue::attach_agents(&mut subject, j);
                    }
                    if opts.all {
                        subject.fact("assignmentsPlan", round.plan.as_str());
                    }
                    subject
                }
                None => continue,
            },
        };
        report.push(subject);
    }
    report.finish();
    Ok(report)
}

/// The error that ends the run with exit 3, carrying the client's explanation and hint.
/// The width a note on stderr is wrapped to: `COLUMNS`, else the terminal's, else the default.
fn stderr_width() -> usize {
    use crate::report::views::width;
    width::resolve(
        std::env::var(crate::config::environment::COLUMNS)
            .ok()
            .as_deref(),
        width::terminal_columns(),
    )
}

/// `note: TEXT` word-wrapped to `width`, continuation lines under the text.
fn note_text(width: usize, text: &str) -> String {
    let mut out = String::new();
    let style = crate::report::human::Style::plain().at_width(width);
    crate::report::human::push_wrapped(&mut out, style, "note: ", "      ", text);
    out
}

fn fatal(e: &ApiError) -> anyhow::Error {
    anyhow::Error::new(e.clone())
}

#[cfg(test)]
mod note_tests {
    use super::note_text;

    #[test]
    fn a_note_wraps_to_the_width_without_splitting_words() {
        let text = "agent assignments read in bulk: GET /agents/skills, 23 rows in 5 pages";
        let out = note_text(60, text);
        assert!(out.lines().count() > 1, "{out}");
        assert!(out.lines().all(|l| l.chars().count() <= 60), "{out}");
        assert!(out.starts_with("note: agent"), "{out}");
        let words: Vec<&str> = out.split_whitespace().skip(1).collect();
        assert_eq!(words.join(" "), text, "no word split or lost: {out}");
        assert_eq!(note_text(100, text), format!("note: {text}\n"));
    }
}
