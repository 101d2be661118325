//! `smoke SUITE.yaml`: run payload, skill, contact and rehearsal steps into one report.
//!
//! Every step's subjects land in one report (one JUnit file covers the run), labelled with
//! the step's name. Usage problems in any step are found before anything runs; a step that
//! cannot reach the tenant becomes an `error` subject and the other steps still run.

pub mod codes;
pub mod expect;
pub mod lines;
pub mod steps;
pub mod suite;

use std::path::Path;

use crate::commands::Outcome;
use crate::commands::session::{self, Session};
use crate::context::Ctx;
use crate::error::is_usage;
use crate::report::{Finding, Report, Subject};

/// Run the suite at `path`.
pub fn run(ctx: &Ctx, path: &Path) -> anyhow::Result<Outcome> {
    crate::context::check_outputs_not_inputs(ctx, &[], &[("the suite", path)])?;
    let (suite, base) = suite::load(path)?;
    let planned = steps::plan(&suite, &base, ctx.stdin_is_terminal)?;
    let mut report = Report::new("smoke");
    let mut tenant: Option<Result<Session, String>> = None;
    for (index, step) in planned.iter().enumerate() {
        if crate::interrupt::requested() {
            break;
        }
        let connect =
            || -> Result<Session, String> { session::connect(ctx).map_err(|e| format!("{e:#}")) };
        let result = steps::run(ctx, step, || tenant.get_or_insert_with(connect).as_ref());
        let subjects = match result {
            Ok(subjects) => subjects,
            Err(e) if is_usage(&e) => return Err(e),
            Err(e) => vec![not_run(&step.name, &format!("{e:#}"))],
        };
        for subject in subjects {
            report.push(tag(subject, index + 1, &step.name));
        }
    }
    report.finish();
    Ok(Outcome::Report(report))
}

/// Label a subject with its step, and record the step in its facts.
fn tag(mut subject: Subject, number: usize, step: &str) -> Subject {
    subject.label = Some(match subject.label.take() {
        Some(label) => format!("{step}: {label}"),
        None => step.to_string(),
    });
    subject.fact("step", step);
    subject.fact("stepNumber", number);
    subject
}

/// The `error` subject of a step that could not run.
fn not_run(step: &str, message: &str) -> Subject {
    let mut s = Subject::new("step", step);
    s.error(
        Finding::new(&codes::SMOKE_STEP_NOT_RUN, format!("The step could not run: {message}"))
            .hint("Run `cxone-diag auth check` with the same profile and flags to see why, then run the suite again"),
    );
    s
}
