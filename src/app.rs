//! Parse the command line, resolve the context, dispatch to a command, render, and pick the exit code.

use std::collections::HashMap;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::scope::{self, Flag, Use};
use crate::cli::{Cli, TenantArgs, given_globals, given_tenant};
use crate::commands::Outcome;
use crate::context::{Ctx, given_once};
use crate::error::{self, exit};
use crate::report::output::print_stdout;
use crate::report::{self, Format, Report, output};

/// Run the tool with the process arguments and environment; returns the exit code.
pub fn main() -> i32 {
    crate::commands::codes::install();
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
        eprint_wrapped(&note);
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
        eprint_wrapped(&format!("error: {}", scope::misplaced(&command, flag)));
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
    eprint_wrapped(&format!("error: {err:#}"));
    error::exit_code(err)
}

/// Write a message for people (an error, its hints, a note) to stderr, scrubbed, then each
/// line word-wrapped to the width of stderr ([`stderr_width`]).
fn eprint_wrapped(text: &str) {
    let scrubbed = crate::report::sink::scrub(text);
    // a message quoting tenant data or a file name shows its control characters as escapes
    let scrubbed = crate::report::terminal::terminal_safe_lines(&scrubbed);
    match stderr_width() {
        Some(width) => crate::report::sink::eprintln(&wrap_message(&scrubbed, width)),
        None => crate::report::sink::eprintln(&scrubbed),
    }
}

/// The width messages on stderr are wrapped to: `COLUMNS`, else the terminal on stderr (one
/// that reports 0 columns gets [`DEFAULT_WIDTH`](crate::report::views::width::DEFAULT_WIDTH)).
/// `None` when neither is there (stderr a pipe or a log file): a message stays one line per
/// line written, for `grep` and CI logs.
fn stderr_width() -> Option<usize> {
    use crate::report::views::width;
    let columns = std::env::var("COLUMNS").ok();
    let given = columns
        .as_deref()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .is_some_and(|c| c > 0);
    let terminal = terminal_size::terminal_size_of(std::io::stderr()).map(|(w, _)| w.0);
    let is_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    (given || is_terminal).then(|| width::resolve(columns.as_deref(), terminal))
}

/// Each line of `text` word-wrapped to `width` with a hanging indent: continuation lines start
/// under the text after the line's own indent and its label (`error: `, `hint: `, `note: `),
/// or two columns in from an unlabelled line's indent.
/// Words are never split; a word longer than the line (a URL, a path) stands alone on its
/// line. No trailing newline.
pub(crate) fn wrap_message(text: &str, width: usize) -> String {
    use crate::report::human::{Style, push_wrapped};
    let style = Style::plain().at_width(width);
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.lines() {
        let body = line.trim_start();
        let indent = line.len() - body.len();
        let label = body
            .split_once(' ')
            .map(|(word, _)| word)
            .filter(|w| {
                w.len() > 1
                    && w.ends_with(':')
                    && w[..w.len() - 1].bytes().all(|b| b.is_ascii_lowercase())
            })
            .map_or(0, |w| w.len() + 1);
        let (head, rest) = line.split_at(indent + label);
        // an unlabelled line hangs two columns deeper than it starts
        let hang = " ".repeat(head.chars().count() + if label == 0 { 2 } else { 0 });
        push_wrapped(&mut out, style, head, &hang, rest.trim_end());
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out
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
            eprint_wrapped(&format!(
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

#[cfg(test)]
mod tests {
    use super::wrap_message;

    const DRY_RUN: &str = "error: --dry-run talks to the selected profile's tenant, but --sandbox demo asks for the built-in sandbox\n  drop --dry-run to rehearse offline in the sandbox, or drop --sandbox to rehearse against the profile\n  hint: see https://example.invalid/a/very/long/path/that/is/longer/than/sixty/columns/on/its/own/really";

    #[test]
    fn messages_wrap_with_a_hanging_indent_and_whole_words() {
        for width in [60, 80] {
            let text = wrap_message(DRY_RUN, width);
            let words: Vec<&str> = DRY_RUN.split_whitespace().collect();
            let got: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(got, words, "at {width}: every word whole, in order\n{text}");
            for line in text.lines() {
                let long_token = line.trim().split(' ').count() == 1;
                assert!(
                    line.chars().count() <= width || long_token,
                    "at {width}: {line:?}"
                );
            }
            let lines: Vec<&str> = text.lines().collect();
            assert!(lines[0].starts_with("error: --dry-run"), "{text}");
            // the error's continuation lines hang under its text, the hint's under its text
            assert!(lines[1].starts_with("       ") && !lines[1].starts_with("        "));
            let drop = lines.iter().position(|l| l.starts_with("  drop")).unwrap();
            assert!(lines[drop + 1].starts_with("    ") && !lines[drop + 1].starts_with("     "));
            let hint = lines
                .iter()
                .position(|l| l.starts_with("  hint: "))
                .unwrap();
            assert!(lines[hint + 1].starts_with("        https://"), "{text}");
            assert!(!text.ends_with('\n'));
        }
    }

    #[test]
    fn a_message_that_fits_is_unchanged() {
        let text = "error: bad\n  hint: fix it";
        assert_eq!(wrap_message(text, 80), text);
    }
}
