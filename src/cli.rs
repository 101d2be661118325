//! The clap command tree: every flag already typed (domain enums derive `ValueEnum`; ids,
//! kinds, windows, report targets and injections go through [`values`]). The command-line
//! layer sits on top: it turns each command's arguments into that command's option struct
//! ([`convert`]) and runs it ([`dispatch`]); no command imports it.

pub mod convert;
pub mod dispatch;
pub mod meta;
pub mod scope;
pub mod values;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::checks::skill_lookup::Media;
use crate::error::exit;
use crate::id::Id;
use crate::payload::{Kind, Via};
use crate::report::{FailOn, Format};
use values::{Statuses, Window};

pub use crate::commands::listen::options::Respond;
use crate::commands::simulate_handoff::options::{
    MAX_CONCURRENCY, MAX_LATENCY_MS, MAX_REPEAT, MAX_VERIFY_TIMEOUT_S,
};
pub use crate::context::ColorChoice;

/// The exit codes and what each means: the one list `--help`, the man page's EXIT STATUS and
/// README are written from.
pub const EXIT_CODES: &[(i32, &str)] = &[
    (
        exit::OK,
        "nothing failed (warnings allowed, unless --fail-on warn)",
    ),
    (exit::FAILED, "at least one subject failed"),
    (
        exit::USAGE,
        "usage or input error: bad flag, unreadable config, missing file, an output path that cannot be written",
    ),
    (
        exit::INCOMPLETE,
        "the tool could not finish: tenant unreachable, authentication refused, API error after retries, a subject that could not be judged (error), Ctrl-C or SIGTERM (the partial report is still printed; for listen, whose normal end is Ctrl-C or SIGTERM, it is not)",
    ),
];

/// The text after the top-level `--help`: exit codes, then where secrets come from.
fn after_help() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in EXIT_CODES {
        // a hanging indent under the meaning, within clap's 100 columns
        let mut line = format!("  {code} ");
        for word in meaning.split_whitespace() {
            if line.len() + word.len() + 1 > 96 {
                text.push_str(&line);
                text.push('\n');
                line = "    ".to_string();
            }
            line.push(' ');
            line.push_str(word);
        }
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&format!(
        "\nSecrets come only from environment variables ({}) or a secret file; no flag takes a secret.",
        crate::config::environment::secret_names()
    ));
    text
}

/// The forms `trace-conversation` accepts: one target each (clap's own usage line would name
/// the flags of a refused combination as if they went together).
const TRACE_USAGE: &str = "\
cxone-diag trace-conversation [OPTIONS] <CONTACT_ID>
       cxone-diag trace-conversation [OPTIONS] --digital <CASE_NUMBER>
       cxone-diag trace-conversation [OPTIONS] --recent [--skill <ID>] [--since <DURATION>] [--abandoned-only]
       cxone-diag trace-conversation [OPTIONS] --bundle <FILE>";

/// The forms `queue-health` accepts.
const QUEUE_HEALTH_USAGE: &str = "\
cxone-diag queue-health [OPTIONS] <SKILL>...
       cxone-diag queue-health [OPTIONS] --all [--media <MEDIA>]";

/// The forms `explain` accepts.
const EXPLAIN_USAGE: &str = "\
cxone-diag explain [OPTIONS] <CODE>
       cxone-diag explain [OPTIONS] --list";

/// Tells why a Cognigy bot to NICE CXone agent handover failed, or will fail.
#[derive(Debug, Parser)]
#[command(name = "cxone-diag", version, about, after_help = after_help(), max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub tenant: TenantArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes; a command that cannot honour one given on the command line
/// refuses it with exit 2 (the matrix is [`scope`]).
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Configuration file (default: $CXONE_DIAG_CONFIG, ./cxone-diag.yaml, then the user config dir)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Report format on stdout
    #[arg(short, long, global = true, value_enum, default_value_t = Format::Human)]
    pub output: Format,

    /// Also write a machine report to a file, e.g. `junit=target/report.xml` (repeatable)
    #[arg(long = "report", global = true, value_name = "FORMAT=FILE", value_parser = values::report_target())]
    pub reports: Vec<(Format, PathBuf)>,

    /// When to colour human output (a non-empty NO_COLOR turns it off under auto)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Lowest subject status that makes the exit code 1
    #[arg(long, global = true, value_enum, default_value_t = FailOn::Fail)]
    pub fail_on: FailOn,

    /// Downgrade findings with this code to info (repeatable)
    #[arg(long, global = true, value_name = "CODE", value_parser = values::code(), hide_possible_values = true)]
    pub allow: Vec<String>,

    /// Make findings with this code warnings (repeatable)
    #[arg(long, global = true, value_name = "CODE", value_parser = values::code(), hide_possible_values = true)]
    pub warn: Vec<String>,

    /// Make findings with this code failures (repeatable)
    #[arg(long, global = true, value_name = "CODE", value_parser = values::code(), hide_possible_values = true)]
    pub deny: Vec<String>,

    /// Print one line per HTTP request to stderr; -vv adds redacted headers and bodies (listen: -v adds each request's findings to its live line)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Human output: full tables with every column, not fitted to the terminal (COLUMNS, else its width, else 100)
    #[arg(long, global = true)]
    pub wide: bool,
}

/// Options of the commands that talk to a tenant (`queue-health`, `trace-conversation`,
/// `simulate-handoff`, `auth check`, `smoke`): accepted before the command name or after it, and
/// listed only in the help of those commands.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Tenant options")]
pub struct TenantArgs {
    /// Tenant profile from the configuration file (default: $CXONE_DIAG_PROFILE, then default_profile)
    #[arg(long, value_name = "NAME", conflicts_with = "sandbox")]
    pub profile: Option<String>,

    /// Run against a built-in sandbox tenant on 127.0.0.1: a scenario file or a built-in name (see `sandbox list`)
    #[arg(long, value_name = "SCENARIO", value_parser = values::scenario(), hide_possible_values = true)]
    pub sandbox: Option<String>,

    /// Do not read or write the on-disk token cache for this run
    #[arg(long)]
    pub no_token_cache: bool,

    /// At -vv, show customer data in bodies unmasked (phone numbers, addresses, names, message text); secrets stay masked
    #[arg(long)]
    pub raw_bodies: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate handover payloads offline: files, directories, NDJSON or stdin
    #[command(after_help = "Examples:
  cxone-diag validate-payload examples/payloads/
  cxone-diag validate-payload --kind cognigy-signal --contact-id 5823114 signal.json
  cat events.ndjson | cxone-diag validate-payload --output json -")]
    ValidatePayload(ValidatePayloadArgs),

    /// Check whether a skill (CXone's queue) can take a handover right now
    #[command(after_help = "Examples:
  cxone-diag --sandbox demo queue-health 4201 \"Sales Voice\"
  cxone-diag --sandbox demo queue-health --all --media chat
  cxone-diag queue-health --all --output json > skills.json
  cxone-diag queue-health \"Billing Voice\" --watch 5", override_usage = QUEUE_HEALTH_USAGE)]
    QueueHealth(QueueHealthArgs),

    /// Trace one contact or digital case and say where its handover broke
    #[command(after_help = "Examples:
  cxone-diag --sandbox demo trace-conversation 5823114
  cxone-diag trace-conversation --digital 1042 --save-bundle case-1042.json
  cxone-diag trace-conversation --recent --skill 4242 --since 2h --abandoned-only
  cxone-diag trace-conversation --bundle case-1042.json", override_usage = TRACE_USAGE)]
    TraceConversation(TraceConversationArgs),

    /// Rehearse a handover end to end: offline in the sandbox, or live on a sandbox tenant
    #[command(after_help = "Examples:
  cxone-diag simulate-handoff
  cxone-diag simulate-handoff --inject 503,503
  cxone-diag simulate-handoff --via work-item --repeat 20 --concurrency 4
  cxone-diag --profile staging simulate-handoff payload.json --dry-run --contact-id 5823114
  cxone-diag --profile staging simulate-handoff payload.json --live --yes --contact-id 5823114")]
    SimulateHandoff(SimulateHandoffArgs),

    /// Check authentication and API access against the selected profile
    #[command(subcommand)]
    Auth(AuthCommand),

    /// Run or list sandbox tenants
    #[command(subcommand)]
    Sandbox(SandboxCommand),

    /// Run a smoke suite: payloads, skills, contacts and rehearsals in one report
    #[command(after_help = "Examples:
  cxone-diag --sandbox demo smoke examples/smoke.yaml --report junit=target/smoke.xml")]
    Smoke(SmokeArgs),

    /// Catch handover payloads live: validate every request, show its route, forward it unchanged
    #[command(after_help = "Examples:
  cxone-diag listen --port 8088
  cxone-diag listen --forward-to http://127.0.0.1:5000 --save requests.ndjson
  CXONE_DIAG_LISTEN_SECRET=... cxone-diag listen --bind 0.0.0.0 --require-header X-Listen-Token
  cxone-diag listen --port 0 --max-requests 1 --output json

Stops after --max-requests or --duration, or on Ctrl-C / SIGTERM (a normal end: exit 0 when
no request failed, 1 when one did).")]
    Listen(ListenArgs),

    /// Explain what a finding code means and how to fix it
    #[command(after_help = "Examples:
  cxone-diag explain signal-p2-not-string
  cxone-diag explain --list", override_usage = EXPLAIN_USAGE)]
    Explain(ExplainArgs),

    /// Print shell completions
    #[command(after_help = "Examples:
  cxone-diag completions bash > ~/.local/share/bash-completion/completions/cxone-diag")]
    Completions(CompletionsArgs),

    /// Print the man page (roff) on stdout
    #[command(after_help = "Examples:
  cxone-diag man > cxone-diag.1 && man ./cxone-diag.1")]
    Man,

    /// Show the resolved configuration and where each value came from, or the files searched
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// `validate-payload` flags.
#[derive(Debug, Args)]
pub struct ValidatePayloadArgs {
    /// Files, directories (recursing into *.json *.yaml *.yml *.ndjson *.jsonl), or - for stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Payload kind, detected from distinctive keys when omitted
    #[arg(long, value_name = "KIND", value_parser = values::kind())]
    pub kind: Option<Kind>,

    /// Also validate every payload against this JSON Schema (JSON or YAML); violations fail
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,

    /// Contact id the signal goes to, when the payload does not carry one (cognigy-signal)
    #[arg(long, value_name = "ID")]
    pub contact_id: Option<String>,

    /// Bot confidence (0 to 1) for the eligibility check, when the payload does not carry one (bot-handoff)
    #[arg(long, value_name = "0..1", allow_negative_numbers = true)]
    pub confidence: Option<f64>,

    /// Intent for the eligibility check, when the payload does not carry one (bot-handoff)
    #[arg(long, value_name = "NAME")]
    pub intent: Option<String>,
}

/// `queue-health` flags.
#[derive(Debug, Args)]
pub struct QueueHealthArgs {
    #[command(flatten)]
    pub tenant: TenantArgs,

    /// Skill ids or names (case-insensitive exact match); repeated skills are checked once
    #[arg(value_name = "SKILL", conflicts_with = "all")]
    pub skills: Vec<String>,

    /// Check every skill on the tenant
    #[arg(long)]
    pub all: bool,

    /// With --all: only skills of this media type
    #[arg(long, value_enum)]
    pub media: Option<Media>,

    /// Redraw every SECONDS seconds until Ctrl-C (terminal only, human output)
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub watch: Option<u64>,

    /// List each assigned agent with name (id), state, unavailable code and time in state
    #[arg(long)]
    pub agents: bool,
}

/// `trace-conversation` flags.
#[derive(Debug, Args)]
pub struct TraceConversationArgs {
    #[command(flatten)]
    pub tenant: TenantArgs,

    /// ACD contact id (the caller's or the bot's spawned contact)
    #[arg(value_name = "CONTACT_ID", conflicts_with_all = ["digital", "recent", "bundle"],
          allow_negative_numbers = true,
          value_parser = values::id(values::TRACE_CONTACT))]
    pub contact_id: Option<Id>,

    /// Trace a digital case by its case number instead
    #[arg(long, value_name = "CASE_NUMBER", conflicts_with_all = ["recent", "bundle"],
          allow_negative_numbers = true,
          value_parser = values::id(values::CASE_NUMBER))]
    pub digital: Option<Id>,

    /// List recent completed contacts with a diagnosis each
    #[arg(long, conflicts_with = "bundle")]
    pub recent: bool,

    /// With --recent: only contacts of this skill id
    #[arg(long, value_name = "ID", allow_negative_numbers = true,
          value_parser = values::id(values::RECENT_SKILL))]
    pub skill: Option<Id>,

    /// With --recent: how far back, e.g. 30m, 2h, 1d [default: 2h]
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true, value_parser = values::window())]
    pub since: Option<Window>,

    /// With --recent: only contacts that abandoned
    #[arg(long)]
    pub abandoned_only: bool,

    /// Write every raw API response and the report to this JSON file, redacted
    #[arg(long, value_name = "FILE", conflicts_with = "bundle")]
    pub save_bundle: Option<PathBuf>,

    /// Analyse a saved bundle offline instead of calling the API
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,
}

/// `simulate-handoff` flags.
#[derive(Debug, Args)]
pub struct SimulateHandoffArgs {
    #[command(flatten)]
    pub tenant: TenantArgs,

    /// Payload to hand over (any kind validate-payload knows); a built-in example when omitted
    #[arg(value_name = "PAYLOAD")]
    pub payload: Option<PathBuf>,

    /// Handover mechanism (default: work-item or digital for such a payload, else signal)
    #[arg(long, value_enum)]
    pub via: Option<Via>,

    /// Contact that receives the signal (--via signal; offline default: the demo's bot contact 5823201)
    #[arg(long, value_name = "ID", allow_negative_numbers = true,
          value_parser = values::id(values::SIGNAL_CONTACT))]
    pub contact_id: Option<Id>,

    /// Point of contact name for the work item (--via work-item; offline default: "Callback WorkItem")
    #[arg(long, value_name = "NAME")]
    pub point_of_contact: Option<String>,

    /// Digital channel id for the inbound message (--via digital; offline default: byoc_demo)
    #[arg(long, value_name = "ID")]
    pub channel_id: Option<String>,

    /// Skill the contact is expected to queue on (default: from the payload or the scenario)
    #[arg(long, value_name = "ID", allow_negative_numbers = true,
          value_parser = values::id(values::SKILL))]
    pub skill: Option<Id>,

    /// Bot confidence (0 to 1) for the eligibility check
    #[arg(long, value_name = "0..1", allow_negative_numbers = true)]
    pub confidence: Option<f64>,

    /// Intent for the eligibility check
    #[arg(long, value_name = "NAME")]
    pub intent: Option<String>,

    /// Go on when the payload is invalid, the conversation is not eligible, or on a preflight
    /// refusal, except an ended or missing target (the preflight step still fails: exit 1)
    #[arg(long)]
    pub force: bool,

    /// Skill to route to when the handover call fails (overrides rules.handoff.fallback.skill)
    #[arg(long, value_name = "ID", allow_negative_numbers = true,
          value_parser = values::id(values::FALLBACK_SKILL))]
    pub fallback_skill: Option<Id>,

    /// Point of contact to route to when the handover call fails
    #[arg(long, value_name = "NAME")]
    pub fallback_point_of_contact: Option<String>,

    /// Seconds to wait for the contact to queue or be answered (0 to 86400)
    #[arg(long, value_name = "SECONDS", default_value_t = 30, allow_negative_numbers = true,
          value_parser = values::whole::<u64>(0, MAX_VERIFY_TIMEOUT_S))]
    pub verify_timeout: u64,

    /// Leave the contacts the run created instead of ending them
    #[arg(long)]
    pub keep: bool,

    /// Send real requests with the selected profile (needs allow_writes: true and production: false)
    #[arg(long)]
    pub live: bool,

    /// Confirm a live run without a prompt (required when stdin is not a terminal)
    #[arg(long)]
    pub yes: bool,

    /// Make every read of a live run with the selected profile (auth, preflight, the skill
    /// judgment), then print the exact requests it would send; sends no write (exit 0 when a
    /// live run would go ahead, 1 when preflight fails)
    #[arg(long)]
    pub dry_run: bool,

    /// Sandbox only: statuses the handover call answers first, then normal, e.g. 503,503 or 429 or 500 (429 and 503 come with Retry-After: 1)
    #[arg(long, value_name = "STATUS,...", value_parser = values::inject())]
    pub inject: Option<Statuses>,

    /// Sandbox only: milliseconds the sandbox adds to the handover call (0 to 120000; the call
    /// times out after http.timeout_s, 15 s by default)
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = values::whole::<u64>(0, MAX_LATENCY_MS))]
    pub latency_ms: Option<u64>,

    /// Number of rehearsals, 1 to 1000 (adds a summary with success rate and p50/p95/max latencies)
    #[arg(long, value_name = "N", default_value_t = 1, allow_negative_numbers = true,
          value_parser = values::whole::<u32>(1, MAX_REPEAT.into()))]
    pub repeat: u32,

    /// Rehearsals in flight at once, 1 to 32
    #[arg(long, value_name = "C", default_value_t = 1, allow_negative_numbers = true,
          value_parser = values::whole::<u32>(1, MAX_CONCURRENCY.into()))]
    pub concurrency: u32,

    /// Append one JSON line per step to this file (no secrets, no customer data)
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
}

/// `auth` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Discovery, token, identity, API host and one authenticated read, then one read per API
    /// family (Admin, Real-Time Data, Reporting, Digital Engagement); never a write
    #[command(after_help = "Examples:
  cxone-diag --sandbox demo auth check
  CXONE_ACCESS_KEY_ID=... CXONE_ACCESS_KEY_SECRET=... cxone-diag --profile prod auth check -v")]
    Check(AuthCheckArgs),
}

/// `auth check` flags.
#[derive(Debug, Args)]
pub struct AuthCheckArgs {
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// `sandbox` subcommands.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Serve a scenario as a CXone tenant on 127.0.0.1 until Ctrl-C
    #[command(after_help = "Examples:
  cxone-diag sandbox serve --scenario demo --port 8089")]
    Serve(SandboxServeArgs),
    /// List the built-in scenarios
    #[command(after_help = "Examples:
  cxone-diag sandbox list
  cxone-diag --sandbox bench-200 queue-health --all")]
    List,
}

/// `sandbox serve` flags.
#[derive(Debug, Args)]
pub struct SandboxServeArgs {
    /// Scenario file, or the name of a built-in scenario (default: demo)
    #[arg(long, value_name = "SCENARIO", visible_alias = "sandbox",
          value_parser = values::scenario(), hide_possible_values = true)]
    pub scenario: Option<String>,

    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,
}

/// `smoke` flags.
#[derive(Debug, Args)]
pub struct SmokeArgs {
    #[command(flatten)]
    pub tenant: TenantArgs,

    /// Suite file (YAML)
    #[arg(value_name = "SUITE")]
    pub suite: PathBuf,
}

/// `listen` flags.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Address to listen on; anything but loopback is reachable from other machines
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// Port to listen on (0 picks a free one; the start line on stderr names it)
    #[arg(long, value_name = "N", default_value_t = 8088)]
    pub port: u16,

    /// Validate every body as this payload kind instead of detecting it (or taking it from the
    /// path, e.g. /webhook/cognigy)
    #[arg(long, value_name = "KIND", value_parser = values::kind())]
    pub kind: Option<Kind>,

    /// Pass every request on to this URL (your own service; http or https) and its answer back
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// Largest request body in bytes (1 to 16777216); a larger one gets 413 and is not forwarded
    #[arg(long, value_name = "BYTES", default_value_t = 2 * 1024 * 1024, allow_negative_numbers = true,
          value_parser = values::whole::<usize>(1, 16 * 1024 * 1024))]
    pub max_body: usize,

    /// Stop after this many requests (1 to 1000000000) and print the report
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = values::whole::<u64>(1, 1_000_000_000))]
    pub max_requests: Option<u64>,

    /// Stop after this long, e.g. 30s, 10m, 2h, and print the report
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true, value_parser = values::window())]
    pub duration: Option<Window>,

    /// Append every request as one NDJSON line (time, method, path, kind, verdict, body) for
    /// `validate-payload FILE` later
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// With --save: also save the request headers, secret ones masked
    #[arg(long, requires = "save")]
    pub save_headers: bool,

    /// What to answer when not forwarding
    #[arg(long, value_enum, default_value_t = Respond::Findings, conflicts_with = "forward_to")]
    pub respond: Respond,

    /// Refuse (401) requests without this header carrying the value of the environment
    /// variable named by listen.require_header_env (default CXONE_DIAG_LISTEN_SECRET)
    #[arg(long, value_name = "NAME")]
    pub require_header: Option<String>,

    /// Connections open at once (1 to 10000); past it the longest-idle one is closed
    #[arg(long, value_name = "N", default_value_t = 256, allow_negative_numbers = true,
          value_parser = values::whole::<usize>(1, 10_000))]
    pub max_connections: usize,
}

/// `explain` flags.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Finding code, e.g. skill-inactive (any case)
    #[arg(
        value_name = "CODE",
        required_unless_present = "list",
        conflicts_with = "list",
        value_parser = values::code(),
        hide_possible_values = true
    )]
    pub code: Option<String>,

    /// List every code with its default severity and title
    #[arg(long)]
    pub list: bool,
}

/// `config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// The resolved profile, HTTP settings and token cache, each value with where it came from
    /// (default, file:line, environment variable or flag); secrets are never shown
    #[command(after_help = "Examples:
  cxone-diag config show
  cxone-diag config show --profile staging --output json")]
    Show(ConfigShowArgs),
    /// The configuration files searched, in order, and the one used
    #[command(after_help = "Examples:
  cxone-diag config path")]
    Path,
}

/// `config show` flags.
#[derive(Debug, Args)]
pub struct ConfigShowArgs {
    /// Profile to show (default: $CXONE_DIAG_PROFILE, then default_profile)
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
}

/// `completions` flags.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

impl Command {
    /// The row of [`scope::MATRIX`] this run follows: the command, or the mode of one
    /// that can run offline (`trace-conversation --bundle`, `simulate-handoff` without `--live`
    /// or `--dry-run`).
    pub fn scope(&self) -> &'static str {
        match self {
            Command::ValidatePayload(_) => "validate-payload",
            Command::QueueHealth(_) => "queue-health",
            Command::TraceConversation(a) if a.bundle.is_some() => "trace-conversation --bundle",
            Command::TraceConversation(_) => "trace-conversation",
            Command::SimulateHandoff(a) if a.live || a.dry_run => "simulate-handoff --live",
            Command::SimulateHandoff(_) => "simulate-handoff",
            Command::Auth(AuthCommand::Check(_)) => "auth check",
            Command::Sandbox(SandboxCommand::Serve(_)) => "sandbox serve",
            Command::Sandbox(SandboxCommand::List) => "sandbox list",
            Command::Smoke(_) => "smoke",
            Command::Listen(_) => "listen",
            Command::Explain(_) => "explain",
            Command::Completions(_) => "completions",
            Command::Man => "man",
            Command::Config(ConfigCommand::Show(_)) => "config show",
            Command::Config(ConfigCommand::Path) => "config path",
        }
    }

    /// The tenant options given after the command name, for a command that takes them.
    pub fn tenant(&self) -> Option<&TenantArgs> {
        match self {
            Command::QueueHealth(a) => Some(&a.tenant),
            Command::TraceConversation(a) => Some(&a.tenant),
            Command::SimulateHandoff(a) => Some(&a.tenant),
            Command::Auth(AuthCommand::Check(a)) => Some(&a.tenant),
            Command::Smoke(a) => Some(&a.tenant),
            _ => None,
        }
    }
}

/// The global options given on the command line (a default value is not given), before or
/// after the command name; the tenant options are read from [`TenantArgs`] instead.
pub fn given_globals(matches: &clap::ArgMatches) -> Vec<scope::Flag> {
    use scope::Flag;
    let ids = [
        ("config", Flag::Config),
        ("output", Flag::Output),
        ("reports", Flag::Report),
        ("color", Flag::Color),
        ("fail_on", Flag::FailOn),
        ("allow", Flag::Allow),
        ("warn", Flag::Warn),
        ("deny", Flag::Deny),
        ("verbose", Flag::Verbose),
        ("wide", Flag::Wide),
    ];
    ids.into_iter()
        .filter(|(id, _)| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
        .map(|(_, flag)| flag)
        .collect()
}

/// The tenant options given in `args` (before or after the command name).
pub fn given_tenant(args: &TenantArgs) -> Vec<scope::Flag> {
    use scope::Flag;
    [
        (args.profile.is_some(), Flag::Profile),
        (args.sandbox.is_some(), Flag::Sandbox),
        (args.no_token_cache, Flag::NoTokenCache),
        (args.raw_bodies, Flag::RawBodies),
    ]
    .into_iter()
    .filter(|(given, _)| *given)
    .map(|(_, flag)| flag)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn no_command_imports_the_command_line_layer() {
        // cli -> commands -> ...: the command-line layer converts arguments and may import the
        // commands and the context; the commands and the context never import it
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.join("context.rs")];
        walk(&src.join("commands"), &mut files);
        assert!(files.len() > 10, "{files:?}");
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            for upper in [
                "crate::cli",
                "crate::app",
                "crate::scope",
                "super::super::cli",
            ] {
                // a path of that module, not one that merely starts alike (`crate::client`)
                let uses = text.match_indices(upper).any(|(at, _)| {
                    !text[at + upper.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                assert!(!uses, "{} uses {upper}", file.display());
            }
        }
    }

    #[test]
    fn the_command_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_help_has_an_example() {
        fn walk(cmd: &clap::Command, path: &str) {
            let leaf = cmd.get_subcommands().next().is_none();
            if leaf {
                let after = cmd
                    .get_after_help()
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                assert!(
                    after.contains("Examples:\n  cxone-diag"),
                    "`{path} --help` has no example"
                );
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        for sub in Cli::command().get_subcommands() {
            walk(sub, &format!("cxone-diag {}", sub.get_name()));
        }
    }

    #[test]
    fn every_command_has_a_row_in_the_flag_matrix() {
        fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
            if !cmd.has_subcommands() {
                out.push(path.trim().to_string());
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                walk(sub, &format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut leaves = Vec::new();
        walk(&Cli::command(), "", &mut leaves);
        for leaf in &leaves {
            assert!(
                scope::MATRIX.iter().any(|(name, _)| name == leaf),
                "`{leaf}` has no row in scope::MATRIX"
            );
        }
        // and every row is a command or a mode of one
        for (name, _) in scope::MATRIX {
            assert!(
                leaves.iter().any(|l| name.starts_with(l.as_str())),
                "{name}"
            );
        }
    }

    #[test]
    fn every_flag_has_help() {
        fn walk(cmd: &clap::Command, path: &str) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                assert!(arg.get_help().is_some(), "{path} --{id} has no help text");
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        walk(&Cli::command(), "cxone-diag");
    }
}
