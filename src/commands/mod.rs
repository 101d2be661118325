//! One module per subcommand, named after it: gather data, run checks, return a report.

pub mod auth_check;
pub mod auth_permissions;
pub mod config_path;
pub mod config_show;
pub mod explain;
pub mod listen;
pub mod meta;
pub mod queue_health;
pub mod sandbox;
pub mod simulate_handoff;
pub mod skills;
pub mod smoke;
pub mod trace_conversation;
pub mod validate_payload;
pub mod write_guard;

use crate::cli::{AuthCommand, Command, ConfigCommand, SandboxCommand};
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

/// Run one subcommand. Each command's arguments become its option struct in one place, next
/// to that struct: `From`/`TryFrom<XArgs> for Options`, or `Options::from_args(ctx, args)` where
/// the configuration is needed too.
pub fn dispatch(ctx: &Ctx, command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Explain(args) => Ok(Outcome::Done(explain::run(
            ctx,
            args.code.as_deref(),
            args.list,
        ))),
        Command::Completions(args) => Ok(Outcome::Done(meta::completions(args.shell))),
        Command::Man => meta::man().map(Outcome::Done),
        Command::Auth(AuthCommand::Check(_)) => auth_check::run(ctx),
        Command::QueueHealth(args) => queue_health::run(ctx, args.into()),
        Command::Sandbox(SandboxCommand::List) => sandbox::list(ctx).map(Outcome::Done),
        Command::TraceConversation(args) => trace_conversation::run(ctx, args.try_into()?),
        Command::Sandbox(SandboxCommand::Serve(args)) => {
            // `--sandbox NAME sandbox serve` serves NAME, as `sandbox serve --scenario NAME` does
            let scenario = crate::app::given_once("--sandbox", ctx.sandbox.clone(), args.scenario)?
                .unwrap_or_else(|| sandbox::DEFAULT_SCENARIO.to_string());
            sandbox::serve(&scenario, args.port).map(Outcome::Done)
        }
        Command::ValidatePayload(args) => validate_payload::run(ctx, &args.into()),
        Command::SimulateHandoff(args) => simulate_handoff::run(ctx, &args.into()),
        Command::Smoke(args) => smoke::run(ctx, &args.suite),
        Command::Listen(args) => listen::run(ctx, listen::options::Options::from_args(ctx, args)?),
        Command::Config(ConfigCommand::Show(args)) => {
            let profile =
                crate::app::given_once("--profile", ctx.profile_flag.clone(), args.profile)?;
            config_show::run(ctx, profile.as_deref()).map(Outcome::Done)
        }
        Command::Config(ConfigCommand::Path) => config_path::run(ctx).map(Outcome::Done),
    }
}

/// The format a command that prints no report writes on stdout: human or JSON; any other
/// `--output` is a usage error naming the two.
pub(crate) fn text_or_json(ctx: &Ctx, command: &str) -> anyhow::Result<crate::report::Format> {
    use crate::report::Format;
    match ctx.output {
        Format::Human | Format::Json => Ok(ctx.output),
        _ => Err(usage(format!(
            "`cxone-diag {command}` prints no report, so it has no {} form\n  hint: use --output human (the default) or --output json",
            crate::app::format_name(ctx.output)
        ))),
    }
}
