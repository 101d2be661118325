//! One module per subcommand, named after it: gather data, run checks, return a report.

pub mod auth_check;
pub mod auth_permissions;
pub mod codes;
pub mod config_path;
pub mod config_show;
pub mod explain;
pub mod listen;
pub mod meta;
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

use std::time::Duration;

use crate::checks::skill_lookup::Media;
use crate::cli::{
    AuthCommand, Command, ConfigCommand, MediaArg, QueueHealthArgs, SandboxCommand,
    SimulateHandoffArgs, ValidatePayloadArgs, ViaArg,
};
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
        Command::Auth(AuthCommand::Check(_)) => auth_check::run(ctx),
        Command::QueueHealth(args) => queue_health::run(ctx, queue_health_options(args)),
        Command::Sandbox(SandboxCommand::List) => sandbox::list(ctx).map(Outcome::Done),
        Command::TraceConversation(args) => {
            trace_conversation::run(ctx, trace_conversation::Options::from_args(args)?)
        }
        Command::Sandbox(SandboxCommand::Serve(args)) => {
            // `--sandbox NAME sandbox serve` serves NAME, as `sandbox serve --scenario NAME` does
            let scenario = crate::app::given_once("--sandbox", ctx.sandbox.clone(), args.scenario)?
                .unwrap_or_else(|| sandbox::DEFAULT_SCENARIO.to_string());
            sandbox::serve(&scenario, args.port).map(Outcome::Done)
        }
        Command::ValidatePayload(args) => validate_payload::run(ctx, &payload_options(args)?),
        Command::SimulateHandoff(args) => simulate_handoff::run(ctx, &simulate_options(args)?),
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
            ctx.output.name()
        ))),
    }
}

/// Plain options for `validate-payload` (an unknown `--kind` is a usage error).
fn payload_options(args: ValidatePayloadArgs) -> anyhow::Result<validate_payload::Options> {
    use crate::payload::Inputs;
    let kind = args.kind.as_deref().map(parse_kind).transpose()?;
    Ok(validate_payload::Options {
        paths: args.paths,
        kind,
        schema: args.schema,
        inputs: Inputs {
            contact_id: args.contact_id,
            confidence: args.confidence,
            intent: args.intent,
        },
    })
}

/// The payload kind `--kind NAME` names (an unknown name is a usage error with suggestions).
pub(crate) fn parse_kind(name: &str) -> anyhow::Result<crate::payload::Kind> {
    use crate::payload::Kind;
    Kind::from_name(name).ok_or_else(|| {
        let all: Vec<&str> = Kind::all().iter().map(|k| k.name()).collect();
        let hint = crate::suggest::hint(name, all.iter().copied())
            .map(|h| format!("{h} "))
            .unwrap_or_default();
        usage(format!(
            "unknown payload kind {name:?}\n  {hint}kinds: {}",
            all.join(", ")
        ))
    })
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
        agents: args.agents,
    }
}

/// Plain options for `simulate-handoff` (a bad `--inject` list is a usage error).
fn simulate_options(
    args: SimulateHandoffArgs,
) -> anyhow::Result<simulate_handoff::options::Options> {
    use simulate_handoff::options::{Options, Via, parse_inject};
    let inject = match args.inject.as_deref() {
        None => Vec::new(),
        Some(text) => parse_inject(text).map_err(|why| {
            usage(format!(
                "--inject {text:?}: {why}\n  give HTTP error statuses separated by commas, e.g. --inject 503,503 or --inject 429"
            ))
        })?,
    };
    Ok(Options {
        payload: args.payload,
        via: args.via.map(|v| match v {
            ViaArg::Signal => Via::Signal,
            ViaArg::WorkItem => Via::WorkItem,
            ViaArg::Digital => Via::Digital,
        }),
        contact_id: args.contact_id,
        point_of_contact: args.point_of_contact,
        channel_id: args.channel_id,
        skill: args.skill,
        confidence: args.confidence,
        intent: args.intent,
        force: args.force,
        fallback_skill: args.fallback_skill,
        fallback_point_of_contact: args.fallback_point_of_contact,
        verify_timeout: Duration::from_secs(args.verify_timeout),
        keep: args.keep,
        live: args.live,
        yes: args.yes,
        dry_run: args.dry_run,
        inject,
        latency_ms: args.latency_ms,
        repeat: args.repeat,
        concurrency: args.concurrency,
        audit_log: args.audit_log,
    })
}
