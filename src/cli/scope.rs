//! Which global option each command honours, notes or refuses: the one matrix that keeps a
//! flag from silently doing nothing.
//!
//! Every global option given on the command line is looked up here for the command that runs.
//! `Honoured` goes on; `Noted` goes on with one line on stderr saying it is not used (options
//! that wrappers, aliases and `$CXONE_DIAG_PROFILE` add to every run: a profile, `--config`,
//! `-v`); `Refused` stops the run with exit 2 and a reason (options typed for this one run:
//! output, reports, verdict thresholds, a sandbox). Tenant options given after a command that
//! does not take them are refused by clap and explained with the same reasons.

/// A global option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// `--config FILE`.
    Config,
    /// `--output FORMAT`.
    Output,
    /// `--report FORMAT=FILE`.
    Report,
    /// `--color WHEN`.
    Color,
    /// `--fail-on LEVEL`.
    FailOn,
    /// `--allow CODE`.
    Allow,
    /// `--warn CODE`.
    Warn,
    /// `--deny CODE`.
    Deny,
    /// `-v`, `-vv`.
    Verbose,
    /// `--profile NAME` (a tenant option).
    Profile,
    /// `--sandbox SCENARIO` (a tenant option).
    Sandbox,
    /// `--no-token-cache` (a tenant option).
    NoTokenCache,
    /// `--raw-bodies` (a tenant option).
    RawBodies,
    /// `--wide`.
    Wide,
}

impl Flag {
    /// Every global option, in the order of a [`MATRIX`] row.
    pub const ALL: [Flag; 14] = [
        Flag::Config,
        Flag::Output,
        Flag::Report,
        Flag::Color,
        Flag::FailOn,
        Flag::Allow,
        Flag::Warn,
        Flag::Deny,
        Flag::Verbose,
        Flag::Profile,
        Flag::Sandbox,
        Flag::NoTokenCache,
        Flag::RawBodies,
        Flag::Wide,
    ];

    /// The option as typed.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Config => "--config",
            Flag::Output => "--output",
            Flag::Report => "--report",
            Flag::Color => "--color",
            Flag::FailOn => "--fail-on",
            Flag::Allow => "--allow",
            Flag::Warn => "--warn",
            Flag::Deny => "--deny",
            Flag::Verbose => "-v",
            Flag::Profile => "--profile",
            Flag::Sandbox => "--sandbox",
            Flag::NoTokenCache => "--no-token-cache",
            Flag::RawBodies => "--raw-bodies",
            Flag::Wide => "--wide",
        }
    }

    /// The option named `name` as typed (`--sandbox`, `--sandbox=x`), if it is a global one.
    pub fn from_typed(name: &str) -> Option<Flag> {
        let name = name.split('=').next().unwrap_or(name);
        Flag::ALL.into_iter().find(|f| f.name() == name)
    }

    /// An option of the commands that talk to a tenant (`super::TenantArgs`).
    pub fn is_tenant(self) -> bool {
        matches!(
            self,
            Flag::Profile | Flag::Sandbox | Flag::NoTokenCache | Flag::RawBodies
        )
    }

    fn index(self) -> usize {
        Flag::ALL
            .iter()
            .position(|f| *f == self)
            .expect("every flag is in ALL")
    }
}

/// What a command does with a global option given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// It acts on it.
    Honoured,
    /// It goes on without it, and says so in one line on stderr; the text says why (after the
    /// command name). For options that wrappers and aliases add to every run: `--config`
    /// (still checked), `-v`, a profile.
    Noted(&'static str),
    /// Exit 2; the text says why (after "it").
    Refused(&'static str),
}

const H: Use = Use::Honoured;
const N: Use = Use::Noted("runs offline and never talks to a tenant");
const N_BUNDLE: Use = Use::Noted("replays a saved bundle offline");
const N_SIM: Use = Use::Noted(
    "rehearses offline in a sandbox tenant (add --dry-run or --live to use the profile)",
);
const N_SERVE: Use = Use::Noted("serves its scenario, not a profile");
const N_PATH: Use = Use::Noted("lists configuration files, not profiles");
const N_CONFIG: Use = Use::Noted("reads nothing from it (the file is still checked)");
const N_HTTP: Use = Use::Noted("sends no HTTP request for -v to trace");
const OFFLINE: Use = Use::Refused("runs offline and never talks to a tenant");
const NO_REPORT: Use = Use::Refused("prints no report, so there is none to write");
const NO_VERDICT: Use =
    Use::Refused("judges nothing: there is no finding or status for it to act on");
const NO_COLOUR: Use = Use::Refused("prints no colour");
const ONE_FORMAT: Use = Use::Refused("prints one fixed text format");
const REPLAY: Use =
    Use::Refused("replays a saved bundle offline and never talks to a tenant or its token cache");
const IN_SANDBOX: Use =
    Use::Refused("rehearses offline in a sandbox tenant, which never uses the token cache");
const NO_WIDTH: Use =
    Use::Refused("prints lines that are not fitted to the terminal, so there is nothing to widen");
const FILE_PROFILES: Use =
    Use::Refused("shows profiles of the configuration file (a sandbox profile is built in)");

/// The matrix: for each command (and each mode of one that can run offline), what it does with
/// each option, in the order of [`Flag::ALL`]: config, output, report, color, fail-on, allow,
/// warn, deny, verbose, profile, sandbox, no-token-cache, raw-bodies, wide.
#[rustfmt::skip]
pub const MATRIX: &[(&str, [Use; 14])] = &[
    //                                config     output      report     color      fail-on     allow       warn        deny        -v       profile sandbox        no-token-cache raw-bodies  wide
    ("validate-payload",             [H,         H,          H,         H,         H,          H,          H,          H,          N_HTTP,  N,      OFFLINE,       OFFLINE,       OFFLINE, H]),
    ("queue-health",                 [H,         H,          H,         H,         H,          H,          H,          H,          H,       H,      H,             H,             H, H]),
    ("trace-conversation",           [H,         H,          H,         H,         H,          H,          H,          H,          H,       H,      H,             H,             H, H]),
    ("trace-conversation --bundle",  [H,         H,          H,         H,         H,          H,          H,          H,          H,       N_BUNDLE, REPLAY,      REPLAY,        H, H]),
    ("simulate-handoff",             [H,         H,          H,         H,         H,          H,          H,          H,          H,       N_SIM,  H,             IN_SANDBOX,    H, H]),
    ("simulate-handoff --live",      [H,         H,          H,         H,         H,          H,          H,          H,          H,       H,      H,             H,             H, H]),
    ("auth check",                   [H,         H,          H,         H,         H,          H,          H,          H,          H,       H,      H,             H,             H, H]),
    ("smoke",                        [H,         H,          H,         H,         H,          H,          H,          H,          H,       H,      H,             H,             H, H]),
    ("listen",                       [H,         H,          H,         H,         H,          H,          H,          H,          H,       N,      OFFLINE,       OFFLINE,       OFFLINE, H]),
    ("explain",                      [N_CONFIG,  H,          NO_REPORT, H,         NO_VERDICT, NO_VERDICT, NO_VERDICT, NO_VERDICT, N_HTTP,  N,      OFFLINE,       OFFLINE,       OFFLINE, H]),
    ("completions",                  [N_CONFIG,  ONE_FORMAT, NO_REPORT, NO_COLOUR, NO_VERDICT, NO_VERDICT, NO_VERDICT, NO_VERDICT, N_HTTP,  N,      OFFLINE,       OFFLINE,       OFFLINE, ONE_FORMAT]),
    ("man",                          [N_CONFIG,  ONE_FORMAT, NO_REPORT, NO_COLOUR, NO_VERDICT, NO_VERDICT, NO_VERDICT, NO_VERDICT, N_HTTP,  N,      OFFLINE,       OFFLINE,       OFFLINE, ONE_FORMAT]),
    ("sandbox list",                 [N_CONFIG,  H,          NO_REPORT, NO_COLOUR, NO_VERDICT, NO_VERDICT, NO_VERDICT, NO_VERDICT, N_HTTP,  N,      OFFLINE,       OFFLINE,       OFFLINE, NO_WIDTH]),
    ("sandbox serve",                [N_CONFIG,  ONE_FORMAT, NO_REPORT, NO_COLOUR, NO_VERDICT, NO_VERDICT, NO_VERDICT, NO_VERDICT, N_HTTP,  N_SERVE, H,             OFFLINE,       OFFLINE, ONE_FORMAT]),
    ("config show",                  [H,         H,          NO_REPORT, NO_COLOUR, NO_VERDICT, NO_VERDICT, NO_VERDICT, NO_VERDICT, N_HTTP,  H,      FILE_PROFILES, H,             OFFLINE, NO_WIDTH]),
    ("config path",                  [H,         H,          NO_REPORT, NO_COLOUR, NO_VERDICT, NO_VERDICT, NO_VERDICT, NO_VERDICT, N_HTTP,  N_PATH, OFFLINE,       OFFLINE,       OFFLINE, NO_WIDTH]),
];

/// What `command` (a [`MATRIX`] name) does with `flag`; an unknown command honours everything
/// (a test keeps every command in the matrix).
pub fn rule(command: &str, flag: Flag) -> Use {
    MATRIX
        .iter()
        .find(|(name, _)| *name == command)
        .map_or(Use::Honoured, |(_, row)| row[flag.index()])
}

/// The refusal of `flag` on `command` as an error message (what is wrong, then what to do), or
/// `None` when the command takes it.
pub fn refusal(command: &str, flag: Flag) -> Option<String> {
    match rule(command, flag) {
        Use::Refused(why) => Some(format!(
            "{} has no effect on `cxone-diag {command}`: it {why}\n  hint: drop {}{}",
            flag.name(),
            flag.name(),
            instead(command, flag)
        )),
        _ => None,
    }
}

/// A pointer to the command that does take `flag`, where there is one.
fn instead(command: &str, flag: Flag) -> &'static str {
    match (command, flag) {
        ("validate-payload", Flag::Sandbox) => {
            "; to send a payload to a sandbox tenant use `cxone-diag simulate-handoff PAYLOAD`"
        }
        ("listen", Flag::Sandbox) => {
            "; listen checks payloads offline and reads no sandbox scenario (to send one to a sandbox tenant use `cxone-diag simulate-handoff PAYLOAD`)"
        }
        ("sandbox list", Flag::Sandbox) => {
            "; give --sandbox NAME to a command that talks to a tenant, e.g. `cxone-diag --sandbox demo queue-health --all`"
        }
        ("config show", Flag::Sandbox) => "; `cxone-diag sandbox serve` prints a sandbox profile",
        (_, Flag::Report)
        | (_, Flag::FailOn)
        | (_, Flag::Allow)
        | (_, Flag::Warn)
        | (_, Flag::Deny) => "",
        (_, Flag::Output) if command == "man" || command == "completions" => {
            "; `cxone-diag explain --list --output json` lists the finding codes as JSON"
        }
        _ => "",
    }
}

/// The message for a tenant option given after a command that does not take it (clap refused
/// it): the matrix's reason, refused or noted.
pub fn misplaced(command: &str, flag: Flag) -> String {
    refusal(command, flag).unwrap_or_else(|| {
        let why = match rule(command, flag) {
            Use::Noted(why) => why,
            _ => "does not take it here",
        };
        format!(
            "{} has no effect on `cxone-diag {command}`: it {why}\n  hint: drop {}",
            flag.name(),
            flag.name()
        )
    })
}

/// The one-line note for an option `command` goes on without (`None` when it is not one it
/// notes); `shown` is the option as the note names it: `--config c.yaml`, `profile "lab"
/// (from --profile)`.
pub fn note(command: &str, flag: Flag, shown: &str) -> Option<String> {
    match rule(command, flag) {
        Use::Noted(why) => Some(format!(
            "note: {shown} is not used: `cxone-diag {command}` {why}"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_says_what_to_drop() {
        for (command, _) in MATRIX {
            for flag in Flag::ALL {
                if let Some(text) = refusal(command, flag) {
                    assert!(
                        text.contains(&format!("hint: drop {}", flag.name())),
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn typed_names_map_back_to_flags() {
        for flag in Flag::ALL {
            assert_eq!(Flag::from_typed(flag.name()), Some(flag));
        }
        assert_eq!(Flag::from_typed("--sandbox=demo"), Some(Flag::Sandbox));
        assert_eq!(Flag::from_typed("--all"), None);
    }
}
