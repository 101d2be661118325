//! Parse the command line, resolve the context, dispatch to a command, render, and pick the exit code.

use std::collections::HashMap;

use clap::Parser;

use crate::cli::Cli;
use crate::commands::{self, Outcome};
use crate::context::Ctx;
use crate::error::{self, exit};
use crate::report::{self, Format, Report, output};

/// Run the tool with the process arguments and environment; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    let env: HashMap<String, String> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect();
    crate::interrupt::install();
    if !cli.global.raw_bodies {
        // -vv bodies are masked like support bundles (customer data), unless --raw-bodies
        crate::cxone::trace::mask_bodies_with(crate::commands::trace::redact::mask_trace_body);
    }
    let ctx = match Ctx::resolve(&cli.global, env) {
        Ok(ctx) => ctx,
        Err(e) => return fail(&e),
    };
    match commands::dispatch(&ctx, cli.command) {
        Ok(Outcome::Report(report)) => finish(&ctx, report),
        Ok(Outcome::Done(code)) => code,
        Ok(Outcome::Incomplete(report)) => finish(&ctx, report).max(exit::INCOMPLETE),
        Err(e) => fail(&e),
    }
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

fn format_name(format: Format) -> &'static str {
    format.name()
}
