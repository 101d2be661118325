//! The run context: global options resolved once into plain values that commands read.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::ValueEnum;

use crate::config::{self, Config, Source};
use crate::error::usage;
use crate::report::human::Style;
use crate::report::overrides::{Level, Overrides};
use crate::report::{FailOn, Format};

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// The global options of a run, as plain values (the command line fills them in).
#[derive(Debug, Clone)]
pub struct Globals {
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--output`.
    pub output: Format,
    /// `--report FORMAT=FILE`, in order.
    pub reports: Vec<(Format, PathBuf)>,
    /// `--color`.
    pub color: ColorChoice,
    /// `--fail-on`.
    pub fail_on: FailOn,
    /// `--allow` codes.
    pub allow: Vec<String>,
    /// `--warn` codes.
    pub warn: Vec<String>,
    /// `--deny` codes.
    pub deny: Vec<String>,
    /// `-v` count.
    pub verbose: u8,
    /// `--wide`.
    pub wide: bool,
}

/// The tenant options of a run, as plain values.
#[derive(Debug, Clone, Default)]
pub struct Tenant {
    /// `--profile`.
    pub profile: Option<String>,
    /// `--sandbox`.
    pub sandbox: Option<String>,
    /// `--no-token-cache`.
    pub no_token_cache: bool,
}

/// `top` or `sub`, the value of `flag` given before or after the command name; two different
/// values are a usage error.
pub fn given_once(
    flag: &str,
    top: Option<String>,
    sub: Option<String>,
) -> anyhow::Result<Option<String>> {
    match (top, sub) {
        (Some(a), Some(b)) if a != b => Err(usage(format!(
            "{flag} is given twice, as {a:?} and {b:?}\n  hint: give {flag} once"
        ))),
        (a, b) => Ok(b.or(a)),
    }
}

/// Everything global a command may need, resolved from flags, environment and config.
#[derive(Debug)]
pub struct Ctx {
    /// The environment captured at start (secrets are read from here by name, never printed).
    pub env: HashMap<String, String>,
    /// The configuration file, or defaults.
    pub config: Config,
    /// Where the configuration came from.
    pub config_source: Source,
    /// `--config`, when given.
    pub config_flag: Option<PathBuf>,
    /// `--profile`, when given.
    pub profile_flag: Option<String>,
    /// `--sandbox`, when given.
    pub sandbox: Option<String>,
    /// Format on stdout.
    pub output: Format,
    /// Extra machine reports to write.
    pub report_files: Vec<(Format, PathBuf)>,
    /// Human rendering style.
    pub style: Style,
    /// Exit-code threshold.
    pub fail_on: FailOn,
    /// Severity overrides: config first, then flags.
    pub overrides: Overrides,
    /// `-v` count.
    pub verbosity: u8,
    /// Use the on-disk token cache.
    pub token_cache: bool,
    /// `--no-token-cache` was given (for `config show` to say where the setting came from).
    pub no_token_cache_flag: bool,
    /// Is stdin a terminal (prompts are allowed only then).
    pub stdin_is_terminal: bool,
    /// Is stdout a terminal (`--watch` needs one).
    pub stdout_is_terminal: bool,
    /// When the run started.
    pub started: Instant,
}

/// Whether to colour: `always` and `never` win; `auto` needs a terminal and an empty NO_COLOR.
pub fn resolve_color(
    choice: ColorChoice,
    no_color: Option<&str>,
    stdout_is_terminal: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_is_terminal && no_color.is_none_or(str::is_empty),
    }
}

/// The option as typed before a report path, and an example file name.
pub(crate) fn report_flag(format: Format) -> (&'static str, &'static str) {
    match format {
        Format::Json => ("--report json=", "report.json"),
        Format::Junit => ("--report junit=", "report.xml"),
        Format::Human => ("--report human=", "report.txt"),
        Format::Sarif => ("--report sarif=", "report.sarif"),
        // not a report file format (the `--report` parser refuses it)
        Format::Github => ("--report github=", "annotations.txt"),
    }
}

/// Check that a `--report FORMAT=FILE` path can be written (usage error naming it otherwise).
pub fn check_report_path(format: Format, path: &std::path::Path) -> anyhow::Result<()> {
    let (flag, example) = report_flag(format);
    crate::report::destination::check(path, flag, example)
}

/// The report files as (option as typed, path), and `extra` outputs, refused when two name
/// one file (see [`crate::report::destination::check_distinct`]).
pub fn check_outputs_distinct(
    files: &[(Format, PathBuf)],
    extra: &[(&str, &std::path::Path)],
) -> anyhow::Result<()> {
    crate::report::destination::check_distinct(&outputs_of(files, extra))
}

/// The report files as (option as typed, path), then `extra` outputs.
fn outputs_of<'p>(
    files: &'p [(Format, PathBuf)],
    extra: &[(&str, &'p std::path::Path)],
) -> Vec<(String, &'p std::path::Path)> {
    files
        .iter()
        .map(|(format, path)| (report_flag(*format).0.to_string(), path.as_path()))
        .chain(extra.iter().map(|(flag, path)| (flag.to_string(), *path)))
        .collect()
}

/// Refuse outputs that name an input of the run (see
/// [`crate::report::destination::check_not_inputs`]): the report files and `extra` outputs
/// against `inputs` plus the config file, every profile's secret file and a `--sandbox`
/// scenario file.
pub fn check_outputs_not_inputs(
    ctx: &Ctx,
    extra: &[(&str, &std::path::Path)],
    inputs: &[(&str, &std::path::Path)],
) -> anyhow::Result<()> {
    check_not_inputs(
        &ctx.report_files,
        extra,
        (&ctx.config_source, &ctx.config),
        ctx.sandbox.as_deref(),
        inputs,
    )
}

fn check_not_inputs(
    files: &[(Format, PathBuf)],
    extra: &[(&str, &std::path::Path)],
    (source, config): (&Source, &Config),
    sandbox: Option<&str>,
    inputs: &[(&str, &std::path::Path)],
) -> anyhow::Result<()> {
    let outputs = outputs_of(files, extra);
    let secret_files: Vec<PathBuf> = config
        .profiles
        .values()
        .filter_map(|p| p.auth.secret_file.as_deref())
        .map(crate::cxone::secret::expand_home)
        .collect();
    let mut all: Vec<(String, &std::path::Path)> = inputs
        .iter()
        .map(|(what, path)| (what.to_string(), *path))
        .collect();
    if let Source::File(path) = source {
        all.push(("the config file".into(), path.as_path()));
    }
    all.extend(
        secret_files
            .iter()
            .map(|p| ("the secret file".to_string(), p.as_path())),
    );
    if let Some(scenario) = sandbox.map(std::path::Path::new).filter(|p| p.is_file()) {
        all.push(("the sandbox scenario".into(), scenario));
    }
    crate::report::destination::check_not_inputs(&outputs, &all)
}

impl Ctx {
    /// Resolve the global and tenant flags against `env` (the captured process environment).
    /// A command that reads no configuration (`man`, `explain`) gets the defaults without a
    /// file being looked for, so a broken file cannot stop it.
    pub fn resolve(
        args: &Globals,
        tenant: &Tenant,
        env: HashMap<String, String>,
        reads_config: bool,
    ) -> anyhow::Result<Ctx> {
        let (config, config_source) = if reads_config {
            config::load(args.config.as_deref(), &env)?
        } else {
            (Config::default(), Source::Defaults)
        };
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let color = resolve_color(
            args.color,
            env.get(config::environment::NO_COLOR).map(String::as_str),
            stdout_is_terminal,
        );
        colored::control::set_override(color);

        let mut overrides = Overrides::default();
        for (code, level) in &config.rules.severity {
            overrides.set(code, *level);
        }
        for (codes, level) in [
            (&args.allow, Level::Allow),
            (&args.warn, Level::Warn),
            (&args.deny, Level::Deny),
        ] {
            for code in codes {
                overrides.set(code, level);
            }
        }
        if let Some(code) = overrides.unknown_codes().first() {
            let hint = crate::suggest::hint(code, crate::report::codes::all().map(|c| c.id))
                .map_or_else(
                    || "  run `cxone-diag explain --list` for every code".to_string(),
                    |hint| format!("  {hint}"),
                );
            return Err(usage(format!(
                "unknown finding code {code:?} in a severity override\n{hint}"
            )));
        }

        let report_files = args.reports.clone();
        // before any work: a path that cannot be written would otherwise fail only at the end
        for (format, path) in &report_files {
            check_report_path(*format, path)?;
        }
        check_outputs_distinct(&report_files, &[])?;
        check_not_inputs(
            &report_files,
            &[],
            (&config_source, &config),
            tenant.sandbox.as_deref(),
            &[],
        )?;

        Ok(Ctx {
            token_cache: config.token_cache && !tenant.no_token_cache,
            no_token_cache_flag: tenant.no_token_cache,
            config,
            config_source,
            config_flag: args.config.clone(),
            profile_flag: tenant.profile.clone(),
            sandbox: tenant.sandbox.clone(),
            output: args.output,
            report_files,
            style: Style::plain()
                .colored(color)
                .at_width(crate::report::views::width::resolve(
                    env.get(crate::config::environment::COLUMNS)
                        .map(String::as_str),
                    crate::report::views::width::terminal_columns(),
                ))
                .widened(args.wide),
            fail_on: args.fail_on,
            overrides,
            verbosity: args.verbose,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stdout_is_terminal,
            env,
            started: Instant::now(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_flag_then_no_color_then_terminal() {
        assert!(resolve_color(ColorChoice::Always, Some("1"), false));
        assert!(!resolve_color(ColorChoice::Never, None, true));
        assert!(resolve_color(ColorChoice::Auto, None, true));
        assert!(resolve_color(ColorChoice::Auto, Some(""), true));
        assert!(!resolve_color(ColorChoice::Auto, Some("1"), true));
        assert!(!resolve_color(ColorChoice::Auto, None, false));
    }
}
