//! The settings of a streamed report, resolved from the run context.

use crate::context::Ctx;
use crate::report::stream::Settings;
use crate::report::{Format, github, human};

/// Settings for `command` from the run context, with the human renderer's collapse limit as
/// batch limit.
pub fn settings(ctx: &Ctx, command: &str) -> Settings {
    Settings {
        command: command.to_string(),
        output: ctx.output,
        style: ctx.style,
        report_files: ctx.report_files.clone(),
        overrides: ctx.overrides.clone(),
        fail_on: ctx.fail_on,
        started: ctx.started,
        batch_limit: human::COLLAPSE_PASSING_ABOVE,
        github_annotations: ctx.output == Format::Human && github::in_actions(&ctx.env),
    }
}
