//! `trace-conversation`: where exactly did this handover break? Traces one ACD contact, one
//! digital case or the recent completed contacts, live or from a support bundle.

pub mod acd;
pub mod analyse;
pub mod bundle;
pub mod digital;
pub mod recent;
pub mod redact;
pub mod since;

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};

pub use self::analyse::{COMMAND, Target, analyse};
use self::bundle::{Bundle, comparable};
use super::Outcome;
use crate::checks::contact::is_sentinel;
use crate::commands::session;
use crate::config::profile;
use crate::context::Ctx;
use crate::cxone::Client;
use crate::error::usage;
use crate::report::{Report, Status};

/// The `--recent` window when `--since` is not given.
pub const DEFAULT_SINCE: &str = "2h";

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The tenant of the run (a profile or `--sandbox`).
    Live(Target),
    /// A saved bundle, replayed offline.
    Bundle(PathBuf),
}

/// `trace-conversation` options, resolved from the flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// What to trace, or the bundle to replay.
    pub source: Source,
    /// Also write a redacted support bundle here.
    pub save_bundle: Option<PathBuf>,
}

/// Check the ids and window of a target (a bundle's, or one built from the flags): exit 2, with
/// a hint, for anything but digits or a window such as 2h.
pub fn validate(target: &Target) -> anyhow::Result<()> {
    use crate::commands::flags::{CASE_NUMBER, RECENT_SKILL, TRACE_CONTACT, parse_window};
    let checked = match target {
        Target::Contact { contact_id } => TRACE_CONTACT.check(contact_id).map(drop),
        Target::Digital { case_number } => CASE_NUMBER.check(case_number).map(drop),
        Target::Recent { skill, since, .. } => skill
            .as_deref()
            .map_or(Ok(()), |skill| RECENT_SKILL.check(skill).map(drop))
            .and_then(|()| parse_window("--since", since).map(drop)),
    };
    checked.map_err(usage)
}

/// The clock of a run, to the second (bundles store it, and replays judge at it).
fn now() -> DateTime<Utc> {
    Utc.timestamp_opt(Utc::now().timestamp(), 0)
        .single()
        .unwrap_or_else(Utc::now)
}

/// Run `trace-conversation`.
pub fn run(ctx: &Ctx, opts: Options) -> anyhow::Result<Outcome> {
    match &opts.source {
        Source::Bundle(path) => {
            crate::context::check_outputs_not_inputs(ctx, &[], &[("the bundle", path)])?;
            replay(ctx, path)
        }
        Source::Live(target) => {
            if let Some(bundle) = &opts.save_bundle {
                let extra = [("--save-bundle ", bundle.as_path())];
                crate::context::check_outputs_distinct(&ctx.report_files, &extra)?;
                crate::context::check_outputs_not_inputs(ctx, &extra, &[])?;
            }
            live(ctx, target, opts.save_bundle.as_deref())
        }
    }
}

fn live(ctx: &Ctx, target: &Target, save: Option<&Path>) -> anyhow::Result<Outcome> {
    let rules = &ctx.config.rules;
    let now = now();
    // Cognigy's placeholder id needs no tenant: it fails at once, without a request
    let sentinel = matches!(target, Target::Contact { contact_id } if is_sentinel(contact_id));
    let session = if sentinel {
        session::replay(ctx, Vec::new())
    } else {
        session::connect(ctx)?
    };
    if save.is_some() {
        session.enable_recording();
    }
    let report = analyse(&session, target, rules, now)?;
    let Some(path) = save else {
        return Ok(Outcome::Report(report));
    };
    match save_bundle(ctx, &session, target, now, &report, path) {
        Ok(()) => Ok(Outcome::Report(report)),
        Err(e) => {
            crate::scrubbed_eprintln!("error: {e:#}");
            Ok(Outcome::Incomplete(report))
        }
    }
}

/// Redact what was recorded, analyse the redacted exchanges through the replay path (that is
/// the report the bundle carries, so `--bundle` gives it back exactly), and write the file.
fn save_bundle(
    ctx: &Ctx,
    client: &Client,
    target: &Target,
    now: DateTime<Utc>,
    live: &Report,
    path: &Path,
) -> anyhow::Result<()> {
    let mut bundle = Bundle::new(target.clone(), &ctx.config.rules, now, client.recording());
    let quiet = Client::replay(
        profile::sandbox_profile("bundle", "https://bundle.invalid"),
        ctx.config.http.clone(),
        bundle.exchanges.clone(),
        0,
        None,
    );
    let mut saved = analyse(&quiet, target, &bundle.rules.to_rules(), now).map_err(|e| {
        e.context(format!(
            "could not write the bundle {}: its redacted exchanges do not replay",
            path.display()
        ))
    })?;
    for (a, b) in live.subjects.iter().zip(&saved.subjects) {
        let verdict = |s: &crate::report::Subject| {
            (
                s.facts.get("diagnosis").cloned(),
                (s.status != Status::Error).then_some(s.status),
            )
        };
        if verdict(a) != verdict(b) {
            crate::scrubbed_eprintln!(
                "warning: in the bundle, {} {} reads {:?} ({}) instead of {:?} ({}) after redaction",
                b.kind,
                b.id,
                b.facts.get("diagnosis"),
                b.status.as_str(),
                a.facts.get("diagnosis"),
                a.status.as_str()
            );
        }
    }
    saved.elapsed_ms = u64::try_from(ctx.started.elapsed().as_millis()).unwrap_or(u64::MAX);
    bundle.report = saved;
    // last line of defence: every credential and token the client knows, and JWT shapes
    let text = client.redact(&bundle.to_json());
    if serde_json::from_str::<serde_json::Value>(&text).is_err() {
        anyhow::bail!(
            "could not write the bundle {}: masking secrets broke its JSON",
            path.display()
        );
    }
    bundle::write_file(path, &text)
        .map_err(|e| e.context(format!("could not write the bundle {}", path.display())))?;
    let c = bundle.redaction.counts;
    crate::scrubbed_eprintln!(
        "Saved {} ({}; {} API exchanges; redacted {} phone numbers/addresses, {} customer names, {} message texts, {} secrets)",
        path.display(),
        target.describe(),
        bundle.exchanges.len(),
        c.phone_numbers_and_addresses,
        c.customer_names,
        c.message_text,
        c.secrets
    );
    Ok(())
}

fn replay(ctx: &Ctx, path: &Path) -> anyhow::Result<Outcome> {
    let bundle = Bundle::load(path)?;
    validate(&bundle.trace)
        .map_err(|e| e.context(format!("the bundle {} names a bad target", path.display())))?;
    let Some(now) = bundle.now() else {
        return Err(usage(format!(
            "the bundle {} has no valid capturedAt",
            path.display()
        )));
    };
    crate::scrubbed_eprintln!(
        "Replaying {}: {} captured at {} by {} {}, {} recorded API exchanges; nothing is sent to any tenant",
        path.display(),
        bundle.trace.describe(),
        bundle.captured_at,
        bundle.tool.name,
        bundle.tool.version,
        bundle.exchanges.len()
    );
    let rules = bundle.rules.to_rules();
    let session = session::replay(ctx, bundle.exchanges.clone());
    let report = analyse(&session, &bundle.trace, &rules, now)?;
    if comparable(&report) != comparable(&bundle.report) {
        crate::scrubbed_eprintln!(
            "note: this report differs from the one saved in the bundle (saved by {} {}); the checks may have changed since",
            bundle.tool.name,
            bundle.tool.version
        );
    }
    Ok(Outcome::Report(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: &str) -> Target {
        Target::Contact {
            contact_id: id.into(),
        }
    }

    #[test]
    fn ids_must_be_digits() {
        assert!(validate(&contact("5823114")).is_ok());
        for bad in ["", "58x", "-1", "5823114; rm", "123456789012345678901"] {
            let err = validate(&contact(bad)).unwrap_err();
            assert!(crate::error::is_usage(&err), "{bad:?}");
        }
        let digital = Target::Digital {
            case_number: "case-1".into(),
        };
        assert!(validate(&digital).is_err());
        let recent = |skill: Option<&str>, since: &str| Target::Recent {
            skill: skill.map(String::from),
            since: since.into(),
            abandoned_only: false,
        };
        assert!(validate(&recent(Some("4201"), "2h")).is_ok());
        assert!(validate(&recent(Some("Billing"), "2h")).is_err());
        assert!(validate(&recent(None, "2 hours")).is_err());
    }

    #[test]
    fn the_clock_is_whole_seconds() {
        assert_eq!(now().timestamp_subsec_nanos(), 0);
    }
}
