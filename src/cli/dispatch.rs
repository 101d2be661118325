//! Run the subcommand the command line names, with its arguments converted to its options.

use super::{AuthCommand, Command, ConfigCommand, SandboxCommand};
use crate::commands::{
    Outcome, auth_check, config_path, config_show, explain, listen, queue_health, sandbox,
    simulate_handoff, smoke, trace_conversation, validate_payload,
};
use crate::context::{Ctx, given_once};

/// Run one subcommand. Each command's arguments become its option struct in
/// [`convert`](super::convert): `From`/`TryFrom<XArgs> for Options`, or
/// [`listen_options`](super::convert::listen_options) where the configuration is needed too.
pub fn dispatch(ctx: &Ctx, command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Explain(args) => Ok(Outcome::Done(explain::run(
            ctx,
            args.code.as_deref(),
            args.list,
        ))),
        Command::Completions(args) => Ok(Outcome::Done(super::meta::completions(args.shell))),
        Command::Man => super::meta::man().map(Outcome::Done),
        Command::Auth(AuthCommand::Check(_)) => auth_check::run(ctx),
        Command::QueueHealth(args) => queue_health::run(ctx, args.into()),
        Command::Sandbox(SandboxCommand::List) => sandbox::list(ctx).map(Outcome::Done),
        Command::TraceConversation(args) => trace_conversation::run(ctx, args.try_into()?),
        Command::Sandbox(SandboxCommand::Serve(args)) => {
            // `--sandbox NAME sandbox serve` serves NAME, as `sandbox serve --scenario NAME` does
            let scenario = given_once("--sandbox", ctx.sandbox.clone(), args.scenario)?
                .unwrap_or_else(|| sandbox::DEFAULT_SCENARIO.to_string());
            sandbox::serve(&scenario, args.port).map(Outcome::Done)
        }
        Command::ValidatePayload(args) => validate_payload::run(ctx, &args.into()),
        Command::SimulateHandoff(args) => simulate_handoff::run(ctx, &args.into()),
        Command::Smoke(args) => smoke::run(ctx, &args.suite),
        Command::Listen(args) => listen::run(ctx, super::convert::listen_options(ctx, args)?),
        Command::Config(ConfigCommand::Show(args)) => {
            let profile = given_once("--profile", ctx.profile_flag.clone(), args.profile)?;
            config_show::run(ctx, profile.as_deref()).map(Outcome::Done)
        }
        Command::Config(ConfigCommand::Path) => config_path::run(ctx).map(Outcome::Done),
    }
}
