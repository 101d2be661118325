//! One file per subcommand: gather data, run checks, return a report.

pub mod auth_check;
pub mod explain;
pub mod meta;
pub mod queue_health;
pub mod sandbox;
pub mod skills;

use crate::checks::skill_lookup::Media;
use crate::cli::{AuthCommand, Command, MediaArg, QueueHealthArgs, SandboxCommand};
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

/// Run one subcommand.
pub fn dispatch(ctx: &Ctx, command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Explain(args) => Ok(Outcome::Done(explain::run(
            ctx,
            args.code.as_deref(),
            args.list,
        ))),
        Command::Completions(args) => Ok(Outcome::Done(meta::completions(args.shell))),
        Command::Man => meta::man().map(Outcome::Done),
        Command::Auth(AuthCommand::Check) => auth_check::run(ctx),
        Command::QueueHealth(args) => queue_health::run(ctx, queue_health_options(args)),
        Command::Sandbox(SandboxCommand::List) => Ok(Outcome::Done(sandbox::list())),
        Command::Sandbox(SandboxCommand::Serve(args)) => {
            sandbox::serve(&args.scenario, args.port).map(Outcome::Done)
        }
        other => Err(usage(format!(
            "`{}` is not available in this build yet",
            command_name(&other)
        ))),
    }
}

/// `queue-health` flags as plain options.
fn queue_health_options(args: QueueHealthArgs) -> queue_health::Options {
    queue_health::Options {
        skills: args.skills,
        all: args.all,
        media: args.media.map(|m| match m {
            MediaArg::Phone => Media::Phone,
            MediaArg::Chat => Media::Chat,
            MediaArg::Email => Media::Email,
            MediaArg::Workitem => Media::WorkItem,
            MediaArg::Digital => Media::Digital,
        }),
        watch: args.watch.map(std::time::Duration::from_secs),
    }
}

/// The subcommand's name as typed on the command line.
pub fn command_name(command: &Command) -> &'static str {
    match command {
        Command::ValidatePayload(_) => "validate-payload",
        Command::QueueHealth(_) => "queue-health",
        Command::TraceConversation(_) => "trace-conversation",
        Command::SimulateHandoff(_) => "simulate-handoff",
        Command::Auth(_) => "auth",
        Command::Sandbox(_) => "sandbox",
        Command::Smoke(_) => "smoke",
        Command::Explain(_) => "explain",
        Command::Completions(_) => "completions",
        Command::Man => "man",
    }
}
