//! The checks of flag values that commands repeat on values from elsewhere (a bundle's target,
//! a smoke suite's rehearsal): id flags and their messages, windows, injected statuses. The
//! command line's value parsers (`cli::values`) wrap these.

use std::time::Duration;

use crate::id::Id;

/// An id flag: what it names and how to find one, for the message when the value is not an
/// [`Id`].
#[derive(Debug, Clone, Copy)]
pub struct IdFlag {
    /// How the message names the value: the flag (`--skill`) or what it is (`contact id`).
    pub subject: &'static str,
    /// What the value should be (`a CXone skill id`).
    pub what: &'static str,
    /// How to find or write one.
    pub hint: &'static str,
}

/// `simulate-handoff --skill` (and a smoke suite's `skill`).
pub const SKILL: IdFlag = IdFlag::new(
    "--skill",
    "a CXone skill id",
    "skill ids are digits, e.g. 4201; list them with `cxone-diag queue-health --all`",
);

/// `simulate-handoff --fallback-skill`.
pub const FALLBACK_SKILL: IdFlag = IdFlag::new(
    "--fallback-skill",
    "a CXone skill id",
    "skill ids are digits, e.g. 4212; list them with `cxone-diag queue-health --all`",
);

/// `simulate-handoff --contact-id` (the contact a signal escalates).
pub const SIGNAL_CONTACT: IdFlag = IdFlag::new(
    "--contact-id",
    "a CXone contact id",
    "contact ids are digits, e.g. 5823201",
);

/// `trace-conversation CONTACT_ID`.
pub const TRACE_CONTACT: IdFlag = IdFlag::new(
    "contact id",
    "a number",
    "give the ACD contact id (digits only, e.g. 5823114); trace a digital case with --digital CASE_NUMBER",
);

/// `trace-conversation --digital CASE_NUMBER`.
pub const CASE_NUMBER: IdFlag = IdFlag::new(
    "case number",
    "a number",
    "--digital takes the Digital Experience case number (digits only, e.g. 1042)",
);

/// `trace-conversation --recent --skill ID`.
pub const RECENT_SKILL: IdFlag = IdFlag::new(
    "--skill",
    "a skill id",
    "give the numeric skill id (e.g. 4201); `queue-health --all` lists them",
);

impl IdFlag {
    /// The flag named `subject` whose value should be `what`; `hint` says how to find one.
    const fn new(subject: &'static str, what: &'static str, hint: &'static str) -> IdFlag {
        IdFlag {
            subject,
            what,
            hint,
        }
    }

    /// `text` as an id, or the message for a usage error.
    pub fn check(self, text: &str) -> Result<Id, String> {
        Id::parse(text).map_err(|why| {
            format!(
                "{} {text:?} is not {}: {why}\n  hint: {}",
                self.subject, self.what, self.hint
            )
        })
    }
}

/// A window such as `--since 2h`: the text as typed (bundles keep it) and its length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// As typed, trimmed.
    pub text: String,
    /// More than zero, at most [`crate::duration::MAX_WINDOW`].
    pub length: Duration,
}

/// Parse the window `text` given to `flag`, or the message for a usage error.
pub fn parse_window(flag: &str, text: &str) -> Result<Window, String> {
    crate::duration::parse_window(text)
        .map(|length| Window {
            text: text.trim().to_string(),
            length,
        })
        .map_err(|why| {
            format!(
                "{flag} {text:?} is not a duration: {why}\n  hint: use a number and a unit: 30s, 30m, 2h, 1d"
            )
        })
}

/// Parse `503,503`: HTTP error statuses (400..=599), comma-separated, at most 20.
pub fn parse_inject(text: &str) -> Result<Vec<u16>, String> {
    let statuses: Result<Vec<u16>, String> = text
        .split(',')
        .map(str::trim)
        .map(|s| match s.parse::<u16>() {
            Ok(n) if (400..=599).contains(&n) => Ok(n),
            Ok(n) => Err(format!(
                "{n} is not an error status; inject 4xx or 5xx statuses such as 503 or 429"
            )),
            Err(_) if s.is_empty() => Err("an empty status".to_string()),
            Err(_) => Err(format!("{s:?} is not an HTTP status")),
        })
        .collect();
    let statuses = statuses?;
    if statuses.len() > 20 {
        return Err("at most 20 statuses".into());
    }
    Ok(statuses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_windows_say_what_is_wrong() {
        assert_eq!(SKILL.check("4201").unwrap().as_str(), "4201");
        let err = SKILL.check("abc").unwrap_err();
        assert!(err.starts_with("--skill \"abc\" is not a CXone skill id: 'a' is not a digit"));
        assert!(err.contains("queue-health --all"), "{err}");
        let w = parse_window("--since", " 2h ").unwrap();
        assert_eq!((w.text.as_str(), w.length.as_secs()), ("2h", 7200));
        let err = parse_window("--since", "0m").unwrap_err();
        assert!(
            err.contains("--since \"0m\" is not a duration: it is zero"),
            "{err}"
        );
    }
}
