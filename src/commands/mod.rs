//! One module per subcommand, named after it: gather data, run checks, return a report.

pub mod auth_check;
pub mod auth_permissions;
pub mod codes;
pub mod config_path;
pub mod config_show;
pub mod explain;
pub mod flags;
pub mod listen;
pub mod queue_health;
pub mod sandbox;
pub mod session;
pub mod simulate_handoff;
pub mod skills;
pub mod smoke;
pub mod stream;
pub mod trace_conversation;
pub mod validate_payload;
pub mod write_guard;

use crate::context::Ctx;
use crate::error::usage;
use crate::report::Report;

/// What a command produced.
#[derive(Debug)]
pub enum Outcome {
    /// A report to render; the exit code follows from it.
    Report(Report),
    /// The command printed what it had to; exit with this code.
    Done(i32),
    /// A report of what could be judged, but the tool could not finish (exit 3 after rendering).
    Incomplete(Report),
}

/// The format a command that prints no report writes on stdout: human or JSON; any other
/// `--output` is a usage error naming the two.
pub(crate) fn text_or_json(ctx: &Ctx, command: &str) -> anyhow::Result<crate::report::Format> {
    use crate::report::Format;
    match ctx.output {
        Format::Human | Format::Json => Ok(ctx.output),
        _ => Err(usage(format!(
            "`cxone-diag {command}` prints no report, so it has no {} form\n  hint: use --output human (the default) or --output json",
            ctx.output.name()
        ))),
    }
}
