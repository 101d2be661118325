//! Live safety: which profile may receive writes, what is shown before sending, and the y/N prompt.
//!
//! Everything here runs before the first request. A refused run is a usage error (exit 2) whose
//! message names the rule that refused it and how to change it.

use std::io::BufRead;

use crate::config::profile::ResolvedProfile;
use crate::error::usage;

/// What the safety rules decide for a live run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Send without asking (`--yes`).
    Go,
    /// Ask on the terminal first.
    Ask,
    /// Refused, with the message (rule and how to change it).
    Refuse(String),
}

/// Decide whether a live run may write to `profile`. Pure: `stdin_is_terminal` and `yes` come
/// from the caller. Order: `allow_writes`, then `production`, then the confirmation rule.
pub fn decide(profile: &ResolvedProfile, yes: bool, stdin_is_terminal: bool) -> Decision {
    let name = &profile.name;
    if !profile.writes_allowed() && !profile.allow_writes {
        return Decision::Refuse(format!(
            "live rehearsal refused: profile {name:?} does not allow writes (allow_writes is false)\n  a live rehearsal sends real requests (a signal, a work item, an inbound message, contact ends); set allow_writes: true in profile {name:?} of the config file, on a sandbox or test tenant only"
        ));
    }
    if !profile.writes_allowed() {
        return Decision::Refuse(format!(
            "live rehearsal refused: profile {name:?} is a production profile (production: true)\n  rehearse on a sandbox or test tenant: use a profile with production: false (and allow_writes: true); production is never written to"
        ));
    }
    if yes {
        Decision::Go
    } else if stdin_is_terminal {
        Decision::Ask
    } else {
        Decision::Refuse(
            "live rehearsal refused: stdin is not a terminal, so there is nobody to confirm the requests shown above, and nothing was sent\n  add --yes to confirm a live run from a script or CI, or --dry-run to check it without sending".to_string(),
        )
    }
}

/// The usage error of a refusal (exit 2).
pub fn refused(message: String) -> anyhow::Error {
    usage(message)
}

/// Ask `question [y/N]` on stderr and read one line from `input`; only `y` or `yes` confirms.
pub fn confirm(question: &str, input: &mut impl BufRead) -> bool {
    crate::report::sink::eprint(&format!("{question} [y/N] "));
    let mut line = String::new();
    if input.read_line(&mut line).is_err() {
        return false;
    }
    matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::profile::sandbox_profile;

    fn profile(allow_writes: bool, production: bool) -> ResolvedProfile {
        let mut p = sandbox_profile("x", "http://127.0.0.1:1");
        p.name = "staging".into();
        p.allow_writes = allow_writes;
        p.production = production;
        p
    }

    #[test]
    fn writes_need_allow_writes_and_not_production() {
        let Decision::Refuse(m) = decide(&profile(false, false), true, true) else {
            panic!()
        };
        assert!(m.contains("allow_writes is false"), "{m}");
        assert!(m.contains("set allow_writes: true"), "{m}");
        let Decision::Refuse(m) = decide(&profile(true, true), true, true) else {
            panic!()
        };
        assert!(m.contains("production: true"), "{m}");
        let Decision::Refuse(m) = decide(&profile(false, true), true, true) else {
            panic!()
        };
        assert!(
            m.contains("allow_writes"),
            "the first rule refuses first: {m}"
        );
    }

    #[test]
    fn confirmation_needs_yes_off_a_terminal() {
        assert_eq!(decide(&profile(true, false), true, false), Decision::Go);
        assert_eq!(decide(&profile(true, false), true, true), Decision::Go);
        assert_eq!(decide(&profile(true, false), false, true), Decision::Ask);
        let Decision::Refuse(m) = decide(&profile(true, false), false, false) else {
            panic!()
        };
        assert!(m.contains("--yes"), "{m}");
    }

    #[test]
    fn only_yes_confirms() {
        for (answer, expected) in [
            ("y\n", true),
            ("YES\n", true),
            ("n\n", false),
            ("\n", false),
            ("", false),
            ("yep\n", false),
        ] {
            assert_eq!(
                confirm("go?", &mut answer.as_bytes()),
                expected,
                "{answer:?}"
            );
        }
    }
}
