//! Parse the command line, resolve the context, dispatch to a command, render, and pick the exit code.

use std::collections::HashMap;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, TenantArgs, given_globals, given_tenant};
use crate::commands::Outcome;
use crate::context::{Ctx, given_once};
use crate::error::{self, exit};
use crate::report::{self, Format, Report, output};
use crate::scope::{self, Flag, Use};

/// Run the tool with the process arguments and environment; returns the exit code.
pub fn main() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(e) => return clap_error(&e, &args),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e, &args),
    };
    let env: HashMap<String, String> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect();
    let scope = cli.command.scope();
    let tenant = match merge_tenant(&cli.tenant, cli.command.tenant())
        .and_then(|tenant| audit(scope, &given_globals(&matches), &tenant).map(|()| tenant))
    {
        Ok(tenant) => tenant,
        Err(e) => return fail(&e),
    };
    for note in notes(scope, &cli.global, &given_globals(&matches), &tenant, &env) {
        crate::report::sink::eprintln(&note);
    }
    crate::interrupt::install();
    if !tenant.raw_bodies {
        // -vv bodies are masked like support bundles (customer data), unless --raw-bodies
        crate::cxone::trace::mask_bodies_with(
            crate::commands::trace_conversation::redact::mask_trace_body,
        );
    }
    // a command that reads nothing from the file still checks one named by --config
    let reads_config =
        scope::rule(scope, Flag::Config) == Use::Honoured || cli.global.config.is_some();
    let ctx = match Ctx::resolve(&(&cli.global).into(), &(&tenant).into(), env, reads_config) {
        Ok(ctx) => ctx,
        Err(e) => return fail(&e),
    };
    match crate::cli::dispatch::dispatch(&ctx, cli.command) {
        Ok(Outcome::Report(report)) => finish(&ctx, report),
        Ok(Outcome::Done(code)) => code,
        Ok(Outcome::Incomplete(report)) => finish(&ctx, report).max(exit::INCOMPLETE),
        Err(e) => fail(&e),
    }
}

/// Print a parse error (or `--help`, `--version`) and return its exit code. A tenant option
/// given after a command that does not talk to a tenant gets the reason and what to do.
fn clap_error(e: &clap::Error, args: &[std::ffi::OsString]) -> i32 {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() == ErrorKind::UnknownArgument
        && let Some(ContextValue::String(typed)) = e.get(ContextKind::InvalidArg)
        && let Some(flag) = Flag::from_typed(typed).filter(|f| f.is_tenant())
        && let Some(command) = command_path(args)
    {
        crate::report::sink::eprintln(&format!("error: {}", scope::misplaced(&command, flag)));
        return exit::USAGE;
    }
    let _ = e.print();
    if e.use_stderr() {
        exit::USAGE
    } else {
        exit::OK
    }
}

/// The subcommand path named in `args` (`explain`, `sandbox list`), for messages.
fn command_path(args: &[std::ffi::OsString]) -> Option<String> {
    let root = Cli::command();
    let mut cmd = &root;
    let mut path: Vec<&str> = Vec::new();
    for arg in args.iter().skip(1).filter_map(|a| a.to_str()) {
        if let Some(sub) = cmd.find_subcommand(arg) {
            path.push(sub.get_name());
            cmd = sub;
            if !cmd.has_subcommands() {
                break;
            }
        }
    }
    (!path.is_empty()).then(|| path.join(" "))
}

/// The tenant options of the run: those before the command name and those after it (one given
/// in both places with two values is a usage error).
fn merge_tenant(top: &TenantArgs, sub: Option<&TenantArgs>) -> anyhow::Result<TenantArgs> {
    let Some(sub) = sub else {
        return Ok(top.clone());
    };
    let merged = TenantArgs {
        profile: given_once("--profile", top.profile.clone(), sub.profile.clone())?,
        sandbox: given_once("--sandbox", top.sandbox.clone(), sub.sandbox.clone())?,
        no_token_cache: top.no_token_cache || sub.no_token_cache,
        raw_bodies: top.raw_bodies || sub.raw_bodies,
    };
    if let (Some(profile), Some(scenario)) = (&merged.profile, &merged.sandbox) {
        return Err(error::usage(format!(
            "--profile {profile} and --sandbox {scenario} name two tenants\n  hint: drop --sandbox to use the profile, or drop --profile to use the sandbox"
        )));
    }
    Ok(merged)
}

/// Refuse a global option that the command of the run does not honour (exit 2, with why).
fn audit(scope: &str, globals: &[Flag], tenant: &TenantArgs) -> anyhow::Result<()> {
    for flag in globals.iter().copied().chain(given_tenant(tenant)) {
        if let Some(message) = scope::refusal(scope, flag) {
            return Err(error::usage(message));
        }
    }
    if tenant.sandbox.is_some() && tenant.no_token_cache {
        return Err(error::usage(
            "--no-token-cache has no effect with --sandbox: a sandbox tenant never uses the on-disk token cache\n  hint: drop --no-token-cache",
        ));
    }
    Ok(())
}

/// One line each for the options given that the run goes on without: a profile selected by
/// `--profile` or `$CXONE_DIAG_PROFILE` that an offline command or a `--sandbox` run does not
/// use, and `--config` or `-v` where the command reads no file or sends no request.
fn notes(
    scope: &str,
    global: &crate::cli::GlobalArgs,
    given: &[Flag],
    tenant: &TenantArgs,
    env: &HashMap<String, String>,
) -> Vec<String> {
    let mut notes = Vec::new();
    for flag in given {
        let shown = match flag {
            Flag::Config => global
                .config
                .as_ref()
                .map(|p| format!("--config {}", p.display())),
            Flag::Verbose => Some("-v".to_string()),
            _ => None,
        };
        if let Some(note) = shown.and_then(|shown| scope::note(scope, *flag, &shown)) {
            notes.push(note);
        }
    }
    let env_var = crate::config::profile::env::PROFILE;
    let selected = match &tenant.profile {
        Some(name) => Some((name.clone(), "--profile".to_string())),
        None => env
            .get(env_var)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(|v| (v.to_string(), env_var.to_string())),
    };
    if let Some((name, origin)) = selected {
        let shown = format!("profile {name:?} (from {origin})");
        if let Some(note) = scope::note(scope, Flag::Profile, &shown) {
            notes.push(note);
        } else if let Some(scenario) = &tenant.sandbox {
            notes.push(format!(
                "note: {shown} is not used: the run talks to the sandbox tenant {scenario:?}"
            ));
        }
    }
    notes
}

/// Print an error that ended the run and return its exit code.
pub fn fail(err: &anyhow::Error) -> i32 {
    crate::report::sink::eprintln(&format!("error: {err:#}"));
    error::exit_code(err)
}

/// Print text on stdout; a closed pipe (`| head`) is not an error.
pub fn print_stdout(text: &str) {
    crate::report::sink::print(text);
}

/// Apply overrides, stamp the time, render to stdout and report files, and return the exit code.
///
/// A run cut short by Ctrl-C or SIGTERM still renders what it has, says so, and exits 3.
pub fn finish(ctx: &Ctx, mut report: Report) -> i32 {
    let interrupted = crate::interrupt::requested();
    let noted = report
        .subjects
        .iter()
        .flat_map(|s| &s.findings)
        .any(|f| f.code == report::codes::general::RUN_INTERRUPTED.id);
    if interrupted && !noted {
        let mut note = report::Subject::new("run", "interrupted");
        note.error(
            report::Finding::new(
                &report::codes::general::RUN_INTERRUPTED,
                "Interrupted by Ctrl-C or SIGTERM; subjects not judged yet are missing from this report",
            )
            .hint("Run the command again to judge everything"),
        );
        report.push(note);
    }
    ctx.overrides.apply(&mut report);
    report.elapsed_ms = u64::try_from(ctx.started.elapsed().as_millis()).unwrap_or(u64::MAX);
    *report.meta = report::meta::stamp(chrono::Utc::now(), report::meta::hostname());
    print_stdout(&output::render(&report, ctx.output, ctx.style));
    if ctx.output == Format::Human && report::github::in_actions(&ctx.env) {
        print_stdout(&report::github::render(&report));
    }
    for (format, path) in &ctx.report_files {
        let style = ctx.style.colored(false);
        let text = output::render(&report, *format, style);
        if let Err(e) = output::write_atomic(path, text.as_bytes()) {
            crate::report::sink::eprintln(&format!(
                "error: could not write the {} report: {e:#}",
                format_name(*format)
            ));
            return exit::INCOMPLETE;
        }
    }
    if interrupted {
        return exit::INCOMPLETE;
    }
    report::exit_code(&report, ctx.fail_on)
}

/// The name of a format as `--output` and `--report` spell it.
pub(crate) fn format_name(format: Format) -> &'static str {
    format.name()
}
