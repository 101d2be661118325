//! The plain options of `simulate-handoff` (no clap types), and the usage checks that need no profile.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::usage;

pub use crate::payload::Via;

/// Demo-scenario defaults for offline rehearsals (see `examples/scenarios/README.md`).
pub mod demo {
    /// The spawned bot contact of a live call (master 5823200 queues on 4201).
    pub const CONTACT_ID: &str = "5823201";
    /// A work-item point of contact whose skill (4212) has an Available agent.
    pub const POINT_OF_CONTACT: &str = "Callback WorkItem";
    /// A BYOC channel routed to skill 4211.
    pub const CHANNEL_ID: &str = "byoc_demo";
}

/// Everything `simulate-handoff` was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Payload file; the built-in example of `via` when `None`.
    pub payload: Option<PathBuf>,
    /// Handover mechanism; `None` picks it from the payload's kind (work-item, digital), else signal.
    pub via: Option<Via>,
    /// Contact that receives the signal.
    pub contact_id: Option<String>,
    /// Point of contact (name) of the work item.
    pub point_of_contact: Option<String>,
    /// Digital channel of the inbound message.
    pub channel_id: Option<String>,
    /// Skill the contact is expected to queue on.
    pub skill: Option<String>,
    /// Bot confidence for eligibility (wins over the payload's).
    pub confidence: Option<f64>,
    /// Intent for eligibility (wins over the payload's).
    pub intent: Option<String>,
    /// Go on after an invalid payload or an ineligible conversation.
    pub force: bool,
    /// Fallback skill (wins over `rules.handoff.fallback.skill`).
    pub fallback_skill: Option<String>,
    /// Fallback point of contact (wins over `rules.handoff.fallback.point_of_contact`).
    pub fallback_point_of_contact: Option<String>,
    /// How long verify waits for the contact to queue and be answered.
    pub verify_timeout: Duration,
    /// Leave created contacts instead of ending them.
    pub keep: bool,
    /// Send real requests with the selected profile.
    pub live: bool,
    /// Confirm a live run without a prompt.
    pub yes: bool,
    /// Make every read of a live run with the profile and show the writes, sending none.
    pub dry_run: bool,
    /// Statuses the sandbox answers the handover call with first (offline only).
    pub inject: Vec<u16>,
    /// Milliseconds the sandbox adds to the handover call (offline only).
    pub latency_ms: Option<u64>,
    /// Number of rehearsals.
    pub repeat: u32,
    /// Rehearsals in flight at once.
    pub concurrency: u32,
    /// File to append one JSON line per step to.
    pub audit_log: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            payload: None,
            via: None,
            contact_id: None,
            point_of_contact: None,
            channel_id: None,
            skill: None,
            confidence: None,
            intent: None,
            force: false,
            fallback_skill: None,
            fallback_point_of_contact: None,
            verify_timeout: Duration::from_secs(30),
            keep: false,
            live: false,
            yes: false,
            dry_run: false,
            inject: Vec::new(),
            latency_ms: None,
            repeat: 1,
            concurrency: 1,
            audit_log: None,
        }
    }
}

impl Options {
    /// True when the run talks to the profile's tenant (`--live`, or `--dry-run`'s reads).
    pub fn against_profile(&self) -> bool {
        self.live || self.dry_run
    }
}

pub use crate::commands::flags::parse_inject;

/// The most rehearsals one run does (a guard against a typo such as `--repeat 20000`).
pub const MAX_REPEAT: u32 = 1000;

/// The most rehearsals in flight at once.
pub const MAX_CONCURRENCY: u32 = 32;

/// The most `--latency-ms` the sandbox adds (two minutes: well past the client's time limit
/// per request, `http.timeout_s`, 15 s by default, so a timeout can be rehearsed).
pub const MAX_LATENCY_MS: u64 = 120_000;

/// The longest `--verify-timeout`, in seconds (a day).
pub const MAX_VERIFY_TIMEOUT_S: u64 = 86_400;

/// Check the combinations of flags that need no profile, for the resolved `via`; the error says
/// what to change (exit 2).
pub fn check(o: &Options, via: Via, global_sandbox: Option<&str>) -> anyhow::Result<()> {
    check_values(o)?;
    check_live(o, via, global_sandbox)
}

/// Check the values that are wrong whatever the handover: ranges and skill ids (`smoke`
/// checks a suite's rehearsals with this before any step runs).
pub fn check_values(o: &Options) -> anyhow::Result<()> {
    if o.repeat == 0 || o.repeat > MAX_REPEAT {
        return Err(usage(format!(
            "--repeat {} is out of range\n  give 1 to {MAX_REPEAT} rehearsals",
            o.repeat
        )));
    }
    if o.concurrency == 0 || o.concurrency > MAX_CONCURRENCY {
        return Err(usage(format!(
            "--concurrency {} is out of range\n  give 1 to {MAX_CONCURRENCY} rehearsals in flight",
            o.concurrency
        )));
    }
    if let Some(ms) = o.latency_ms.filter(|ms| *ms > MAX_LATENCY_MS) {
        return Err(usage(format!(
            "--latency-ms {ms} is out of range\n  give 0 to {MAX_LATENCY_MS} ms; the handover call times out after http.timeout_s (15 s by default) anyway"
        )));
    }
    if o.verify_timeout > Duration::from_secs(MAX_VERIFY_TIMEOUT_S) {
        return Err(usage(format!(
            "--verify-timeout {} is out of range\n  give 0 to {MAX_VERIFY_TIMEOUT_S} seconds",
            o.verify_timeout.as_secs()
        )));
    }
    // a suite's rehearsal (smoke) is checked as the flags are
    use crate::commands::flags::{FALLBACK_SKILL, SKILL};
    for (value, flag) in [(&o.skill, SKILL), (&o.fallback_skill, FALLBACK_SKILL)] {
        if let Some(id) = value {
            flag.check(id).map_err(usage)?;
        }
    }
    Ok(())
}

/// Check what a live rehearsal needs for `via`.
fn check_live(o: &Options, via: Via, global_sandbox: Option<&str>) -> anyhow::Result<()> {
    if !o.against_profile() {
        return Ok(());
    }
    let flag = if o.dry_run { "--dry-run" } else { "--live" };
    if let Some(scenario) = global_sandbox {
        return Err(usage(format!(
            "{flag} talks to the selected profile's tenant, but --sandbox {scenario} asks for the built-in sandbox\n  hint: drop {flag} to rehearse offline in the sandbox, or drop --sandbox to rehearse against the profile (a `sandbox serve` tenant can be used through a profile pointing at it)"
        )));
    }
    if !o.inject.is_empty() || o.latency_ms.is_some() {
        return Err(usage(format!(
            "--inject and --latency-ms add faults to the offline sandbox and cannot be used with {flag}\n  drop them, or drop {flag} to rehearse the faults offline"
        )));
    }
    if via == Via::Signal && o.contact_id.is_none() {
        return Err(usage(
            "a live rehearsal with --via signal needs an explicit --contact-id: the signal escalates a real, running contact\n  pass --contact-id of a test call's bot contact (Cognigy's spawnedContactId, else its contactId)",
        ));
    }
    if via == Via::Signal && o.repeat > 1 {
        return Err(usage(
            "--repeat with a live --via signal would escalate the same contact again and again; each rehearsal needs a fresh bot call\n  repeat live with --via work-item or --via digital (each rehearsal creates its own contact), or run once per test call",
        ));
    }
    if via == Via::Digital && o.channel_id.is_none() {
        return Err(usage(
            "a live rehearsal with --via digital needs --channel-id: the BYOC channel the inbound message is posted on",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inject_takes_error_statuses() {
        assert_eq!(parse_inject("503,503"), Ok(vec![503, 503]));
        assert_eq!(parse_inject(" 429 "), Ok(vec![429]));
        assert!(
            parse_inject("200")
                .unwrap_err()
                .contains("not an error status")
        );
        assert!(
            parse_inject("5o3")
                .unwrap_err()
                .contains("not an HTTP status")
        );
        assert!(parse_inject("503,").unwrap_err().contains("empty"));
        assert!(parse_inject(&vec!["500"; 21].join(",")).is_err());
    }

    fn live() -> Options {
        Options {
            live: true,
            contact_id: Some("5823201".into()),
            ..Options::default()
        }
    }

    fn message(r: anyhow::Result<()>) -> String {
        let e = r.unwrap_err();
        assert!(crate::error::is_usage(&e), "{e:#}");
        format!("{e:#}")
    }

    #[test]
    fn offline_accepts_faults_and_live_refuses_them() {
        let offline = Options {
            inject: vec![503],
            latency_ms: Some(50),
            ..Options::default()
        };
        assert!(check(&offline, Via::Signal, None).is_ok());
        let faulty = Options {
            inject: vec![503],
            ..live()
        };
        assert!(message(check(&faulty, Via::Signal, None)).contains("--inject"));
        let slow = Options {
            latency_ms: Some(5),
            ..live()
        };
        assert!(message(check(&slow, Via::Signal, None)).contains("--latency-ms"));
        assert!(message(check(&live(), Via::Signal, Some("demo"))).contains("--sandbox demo"));
    }

    #[test]
    fn live_signal_needs_a_contact_and_cannot_repeat() {
        assert!(check(&live(), Via::Signal, None).is_ok());
        let anonymous = Options {
            contact_id: None,
            ..live()
        };
        assert!(message(check(&anonymous, Via::Signal, None)).contains("--contact-id"));
        let repeated = Options {
            repeat: 3,
            ..live()
        };
        assert!(message(check(&repeated, Via::Signal, None)).contains("--via work-item"));
        let work_items = Options {
            repeat: 3,
            via: Some(Via::WorkItem),
            ..live()
        };
        assert!(check(&work_items, Via::WorkItem, None).is_ok());
        let digital = Options {
            via: Some(Via::Digital),
            ..live()
        };
        assert!(message(check(&digital, Via::Digital, None)).contains("--channel-id"));
    }

    #[test]
    fn skill_ids_are_digits() {
        for (skill, fallback, flag) in [
            (Some("abc"), None, "--skill \"abc\""),
            (Some(""), None, "--skill \"\""),
            (Some("42 01"), None, "--skill \"42 01\""),
            (None, Some("abc"), "--fallback-skill \"abc\""),
            (None, Some("-5"), "--fallback-skill \"-5\""),
        ] {
            let o = Options {
                skill: skill.map(str::to_string),
                fallback_skill: fallback.map(str::to_string),
                ..Options::default()
            };
            let text = message(check(&o, Via::Signal, None));
            assert!(text.contains(flag), "{text}");
            assert!(text.contains("is not a CXone skill id"), "{text}");
            assert!(text.contains("ids are digits"), "{text}");
        }
        let good = Options {
            skill: Some("4201".into()),
            fallback_skill: Some("4212".into()),
            ..Options::default()
        };
        assert!(check(&good, Via::Signal, None).is_ok());
    }

    #[test]
    fn latency_and_verify_timeout_are_bounded() {
        let most = Options {
            latency_ms: Some(MAX_LATENCY_MS),
            verify_timeout: Duration::from_secs(MAX_VERIFY_TIMEOUT_S),
            ..Options::default()
        };
        assert!(check(&most, Via::Signal, None).is_ok());
        let slow = Options {
            latency_ms: Some(99_999_999_999),
            ..Options::default()
        };
        let text = message(check(&slow, Via::Signal, None));
        assert!(
            text.contains("--latency-ms 99999999999 is out of range"),
            "{text}"
        );
        assert!(text.contains("0 to 120000"), "{text}");
        let patient = Options {
            verify_timeout: Duration::from_secs(MAX_VERIFY_TIMEOUT_S + 1),
            ..Options::default()
        };
        assert!(message(check(&patient, Via::Signal, None)).contains("--verify-timeout"));
    }

    #[test]
    fn repeat_and_concurrency_are_bounded() {
        let zero = Options {
            repeat: 0,
            ..Options::default()
        };
        assert!(message(check(&zero, Via::Signal, None)).contains("--repeat"));
        let wide = Options {
            concurrency: 99,
            ..Options::default()
        };
        assert!(message(check(&wide, Via::Signal, None)).contains("--concurrency"));
    }
}
