//! Turn suite steps into command options (finding every usage problem before anything runs), then run them.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::expect;
use super::suite::{Action, Suite};
use crate::checks::diagnosis::Diagnosis;
use crate::checks::skill_lookup::Media;
use crate::commands::queue_health::{self, poll::Poll};
use crate::commands::session::Session;
use crate::commands::simulate_handoff::options::{
    self as simulate_options, Options as SimulateOptions, Via, parse_inject,
};
use crate::commands::trace_conversation::{self, Target};
use crate::commands::{Outcome, simulate_handoff, validate_payload};
use crate::context::Ctx;
use crate::payload::{Inputs, Kind};
use crate::report::Subject;

/// A step ready to run: plain command options, expectations resolved.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The step's name (labels its subjects).
    pub name: String,
    /// What it runs.
    pub exec: Exec,
}

/// What a planned step runs.
#[derive(Debug, Clone)]
pub enum Exec {
    /// `validate-payload` of these inputs; every payload must be `expect_kind` when set.
    Validate {
        /// Command options (paths resolved against the suite file).
        options: validate_payload::Options,
        /// The kind every payload must be detected as.
        expect_kind: Option<Kind>,
    },
    /// `simulate-handoff` with these options.
    Simulate(Box<SimulateOptions>),
    /// `queue-health` with these options.
    Queue(queue_health::Options),
    /// `trace-conversation` of one target, with the diagnosis it must get.
    Trace {
        /// Contact or case.
        target: Target,
        /// Expected diagnosis.
        expect: Option<String>,
    },
}

/// Resolve every step; a problem is a usage error naming the step (number, name and line) with a hint.
/// `interactive` is whether stdin is a terminal (a live rehearsal then may prompt).
pub fn plan(suite: &Suite, base: &Path, interactive: bool) -> anyhow::Result<Vec<Planned>> {
    suite
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let bad = |what: String, hint: &str| suite.step_error(i, &what, hint);
            let exec = match &step.action {
                Action::QueueHealth { skills, all, media } => {
                    let media = match media {
                        None => None,
                        Some(name) => Some(Media::parse(name).ok_or_else(|| {
                            bad(
                                format!("media {name:?} is not a media type"),
                                "use one of phone, chat, email, workitem, digital",
                            )
                        })?),
                    };
                    if media.is_some() && !all {
                        return Err(bad(
                            "`media` goes with `queue-health: all`, not with skill ids or names".into(),
                            "use `queue-health: all` with `media` to check every skill of that media, or drop `media`",
                        ));
                    }
                    Exec::Queue(queue_health::Options {
                        skills: skills.clone(),
                        all: *all,
                        media,
                        watch: None,
                        agents: false,
                    })
                }
                Action::Trace {
                    id,
                    digital,
                    expect,
                } => {
                    let target = if *digital {
                        Target::Digital {
                            case_number: id.trim().to_string(),
                        }
                    } else {
                        Target::Contact {
                            contact_id: id.trim().to_string(),
                        }
                    };
                    if trace_conversation::validate(&target).is_err() {
                        return Err(if *digital {
                            bad(
                                format!("digital {id:?} is not a case number"),
                                "`digital:` takes a Digital Experience case number, digits only (e.g. 1042)",
                            )
                        } else {
                            bad(
                                format!("trace {id:?} is not a contact id"),
                                "`trace:` takes an ACD contact id, digits only (e.g. 5823110); use `digital:` for a case number",
                            )
                        });
                    }
                    if let Some(expected) = expect
                        && Diagnosis::parse(expected).is_none()
                    {
                        let names: Vec<&str> = Diagnosis::ALL.iter().map(|d| d.as_str()).collect();
                        let close = crate::suggest::hint(expected, names.iter().copied())
                            .map(|h| format!("{h} "))
                            .unwrap_or_default();
                        return Err(bad(
                            format!("expect {expected:?} is not a diagnosis"),
                            &format!("{close}use one of {}", names.join(", ")),
                        ));
                    }
                    Exec::Trace {
                        target,
                        expect: expect.clone(),
                    }
                }
                Action::Validate { paths, kind } => {
                    let expect_kind = match kind {
                        None => None,
                        Some(name) => Some(Kind::from_name(name).ok_or_else(|| {
                            let all: Vec<&str> = Kind::all().iter().map(|k| k.name()).collect();
                            let close = crate::suggest::hint(name, all.iter().copied())
                                .map(|h| format!("{h} "))
                                .unwrap_or_default();
                            bad(
                                format!("kind {name:?} is not a payload kind"),
                                &format!("{close}use one of {}", all.join(", ")),
                            )
                        })?),
                    };
                    let paths: Vec<PathBuf> = paths.iter().map(|p| resolve_path(base, p)).collect();
                    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
                        return Err(bad(
                            format!("{} does not exist", missing.display()),
                            "paths are relative to the suite file's folder; fix the path or add the file",
                        ));
                    }
                    Exec::Validate {
                        options: validate_payload::Options {
                            paths,
                            kind: None,
                            schema: None,
                            inputs: Inputs::default(),
                        },
                        expect_kind,
                    }
                }
                Action::Simulate(spec) => {
                    let via = match spec.via.as_deref() {
                        None => None,
                        Some(name) => Some(
                            <Via as clap::ValueEnum>::from_str(name, false).map_err(|_| {
                                bad(
                                    format!("via {name:?} is not a way to hand over"),
                                    "use one of signal, work-item, digital",
                                )
                            })?,
                        ),
                    };
                    let inject = match spec.inject.as_deref() {
                        None => Vec::new(),
                        Some(text) => parse_inject(text).map_err(|why| {
                            bad(
                                format!("inject {text:?} is not a list of error statuses: {why}"),
                                "give 4xx or 5xx statuses separated by commas, e.g. \"503,503\" or \"429\"",
                            )
                        })?,
                    };
                    if spec.live && !spec.yes && !interactive {
                        return Err(bad(
                            "a live rehearsal off a terminal needs `yes: true` (as --yes); nothing was sent".into(),
                            "add `yes: true` to the step to confirm it, or drop `live: true` to rehearse offline",
                        ));
                    }
                    let payload = spec.payload.as_deref().map(|p| resolve_path(base, p));
                    if let Some(p) = payload.as_ref().filter(|p| !p.exists()) {
                        return Err(bad(
                            format!("payload {} does not exist", p.display()),
                            "paths are relative to the suite file's folder; fix the path or add the file",
                        ));
                    }
                    let mut options = SimulateOptions {
                        payload,
                        via,
                        contact_id: spec.contact_id.clone(),
                        point_of_contact: spec.point_of_contact.clone(),
                        channel_id: spec.channel_id.clone(),
                        skill: spec.skill.clone(),
                        force: spec.force,
                        keep: spec.keep,
                        live: spec.live,
                        yes: spec.yes,
                        inject,
                        ..SimulateOptions::default()
                    };
                    if let Some(seconds) = spec.verify_timeout {
                        options.verify_timeout = std::time::Duration::from_secs(seconds);
                    }
                    // The checks `simulate-handoff` makes of its flags, here before any step runs.
                    if let Err(e) = simulate_options::check_values(&options) {
                        let text = e.to_string();
                        let (what, hint) = text.split_once('\n').unwrap_or((&text, ""));
                        return Err(bad(what.to_string(), hint.trim()));
                    }
                    Exec::Simulate(Box::new(options))
                }
            };
            Ok(Planned {
                name: step.name.clone(),
                exec,
            })
        })
        .collect()
}

/// A path of the suite, relative to the suite file's folder unless absolute.
pub fn resolve_path(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// Run one planned step; `tenant` connects (once per run) when the step needs the tenant.
pub fn run<'s>(
    ctx: &Ctx,
    step: &Planned,
    tenant: impl FnOnce() -> Result<&'s Session, &'s String>,
) -> anyhow::Result<Vec<Subject>> {
    let rules = &ctx.config.rules;
    let connected = |tenant: Result<&'s Session, &'s String>| {
        tenant.map_err(|message| anyhow::anyhow!("{message}"))
    };
    match &step.exec {
        Exec::Validate {
            options,
            expect_kind,
        } => {
            let mut report = validate_payload::collect(ctx, options)?;
            if let Some(kind) = expect_kind {
                for subject in report
                    .subjects
                    .iter_mut()
                    .filter(|s| s.facts.contains_key("kind"))
                {
                    expect::apply(subject, "kind", kind.name());
                }
            }
            Ok(report.subjects)
        }
        Exec::Simulate(options) => match simulate_handoff::run(ctx, options)? {
            Outcome::Report(report) | Outcome::Incomplete(report) => Ok(report.subjects),
            Outcome::Done(_) => Ok(Vec::new()),
        },
        Exec::Queue(options) => {
            let session = connected(tenant())?;
            let report = queue_health::check(session, options, &rules.queue, &mut Poll::default())?;
            Ok(report.subjects)
        }
        Exec::Trace { target, expect } => {
            let session = connected(tenant())?;
            let mut report = trace_conversation::analyse(session, target, rules, Utc::now())?;
            if let Some(expected) = expect {
                for subject in report
                    .subjects
                    .iter_mut()
                    .filter(|s| s.facts.contains_key("diagnosis"))
                {
                    expect::apply(subject, "diagnosis", expected);
                }
            }
            Ok(report.subjects)
        }
    }
}
