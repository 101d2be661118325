//! `simulate-handoff`: rehearse a handover end to end — payload, eligibility, preflight of the
//! target skill, the handover call (every attempt), the fallback, verify and cleanup — offline
//! against the sandbox (the same client and code as live), or live on a test tenant.
//!
//! Nothing is sent before the usage checks, the live safety rules and the audit log have passed.

pub mod audit;
pub mod codes;
pub mod crm;
pub mod fallback;
pub mod handover;
pub mod intake;
pub mod options;
pub mod plan;
pub mod preflight;
pub mod rehearsal;
pub mod safety;
pub mod stats;
pub mod steps;
pub mod summary;
pub mod target;
pub mod verify;
pub mod writes;

use std::fs::File;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use chrono::Utc;

use self::audit::{Audit, Entry};
use self::codes as simulate_codes;
use self::fallback::Route;
use self::intake::{Parsed, Source};
use self::options::{Options, Via, demo};
use self::plan::{Request, Targets};
use self::rehearsal::{Env, Rehearsal};
use super::Outcome;
use crate::commands::session;
use crate::config::profile::{self, ProfileFlags};
use crate::context::Ctx;
use crate::cxone::secret;
use crate::error::usage;
use crate::payload::Inputs;
use crate::payload::parse::{Syntax, syntax_for};
use crate::payload::source::{io_reason, is_ndjson, read_document};
use crate::report::overrides::Level;
use crate::report::{Finding, Report, Severity, Subject};
use crate::sandbox::{FaultRule, Sandbox};

/// The command name in reports.
const COMMAND: &str = "simulate-handoff";

/// Read the payload file (an unreadable file is a usage error, exit 2), or the built-in example.
fn source(o: &Options) -> anyhow::Result<Option<Source>> {
    let Some(path) = &o.payload else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let unreadable = |e: &std::io::Error| {
        usage(format!(
            "cannot read the payload {shown}: {}\n  check the path, or omit PAYLOAD to rehearse the built-in example",
            io_reason(e)
        ))
    };
    if path.is_dir() {
        return Err(usage(format!(
            "the payload {shown} is a directory\n  simulate-handoff rehearses one payload file; validate many with `validate-payload {shown}`"
        )));
    }
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(crate::payload::source::not_regular(path));
    }
    let file = File::open(path).map_err(|e| unreadable(&e))?;
    let mut bytes = Vec::new();
    read_document(file, &mut bytes).map_err(|e| unreadable(&e))?;
    let syntax = if is_ndjson(path) {
        one_ndjson_payload(&shown, &bytes)?;
        Syntax::Json
    } else {
        syntax_for(path)
    };
    Ok(Some(Source::File {
        shown,
        syntax,
        bytes,
    }))
}

/// An NDJSON payload file can be rehearsed only when it holds one payload (one non-blank line);
/// with several, the usage error says that simulate-handoff takes one and how to pick it.
fn one_ndjson_payload(shown: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let lines: Vec<usize> = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| !l.trim_ascii().is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    match lines.as_slice() {
        [_] => Ok(()),
        [] => Err(usage(format!(
            "the payload {shown} is empty\n  simulate-handoff rehearses one payload: give a file that holds one, or omit PAYLOAD to rehearse the built-in example"
        ))),
        [first, ..] => Err(usage(format!(
            "the payload {shown} is NDJSON with {n} payloads (one per line), and simulate-handoff rehearses one payload\n  validate them all with `cxone-diag validate-payload {shown}`, or rehearse one line: `sed -n {first}p {shown} > one.json && cxone-diag simulate-handoff one.json`",
            n = lines.len()
        ))),
    }
}

/// Where the handover goes: flags, then the payload, then (offline) the demo's defaults.
fn targets(o: &Options, via: Via, hints: &plan::Hints) -> anyhow::Result<Targets> {
    let offline = !o.against_profile();
    let t = Targets {
        contact_id: o
            .contact_id
            .clone()
            .or_else(|| offline.then(|| demo::CONTACT_ID.to_string())),
        point_of_contact: o
            .point_of_contact
            .clone()
            .or_else(|| hints.point_of_contact.clone())
            .or_else(|| offline.then(|| demo::POINT_OF_CONTACT.to_string())),
        channel_id: o
            .channel_id
            .clone()
            .or_else(|| offline.then(|| demo::CHANNEL_ID.to_string())),
    };
    if via == Via::WorkItem && t.point_of_contact.is_none() {
        return Err(usage(
            "a live rehearsal with --via work-item needs a point of contact\n  pass --point-of-contact NAME (the name shown in ACD > Points of Contact), or use a work-item payload with pointOfContact",
        ));
    }
    if let Some(id) = t.contact_id.as_deref().filter(|_| via == Via::Signal) {
        crate::commands::flags::SIGNAL_CONTACT
            .check(id)
            .map_err(usage)?;
    }
    Ok(t)
}

fn fallback_route(ctx: &Ctx, o: &Options) -> Route {
    let rules = &ctx.config.rules.handoff.fallback;
    Route {
        point_of_contact: o
            .fallback_point_of_contact
            .clone()
            .or_else(|| rules.point_of_contact.clone()),
        skill: o.fallback_skill.clone().or_else(|| rules.skill.clone()),
    }
}

/// The route glob `--latency-ms` slows down (the handover call only).
fn latency_route(via: Via) -> &'static str {
    match via {
        Via::Signal => "/interactions/*/signal",
        Via::WorkItem => "/interactions/work-items",
        Via::Digital => "/dfo/3.0/channels/*/messages",
    }
}

/// The report of a run stopped before the rehearsals: `done`, then every later step as not run
/// (each also gets its audit line).
fn stopped(mut done: Vec<Subject>, why: &str, audit: &Audit, crm: bool) -> Report {
    let mut report = Report::new(COMMAND);
    let ran: Vec<String> = done.iter().map(|s| s.id.clone()).collect();
    report.subjects.append(&mut done);
    for id in [steps::ELIGIBILITY, steps::PREFLIGHT]
        .into_iter()
        .chain(steps::rehearsal(crm))
    {
        if !ran.iter().any(|r| r == id) {
            let s = steps::not_run(id, why);
            record(audit, &s, None, Duration::ZERO);
            report.push(s);
        }
    }
    report.finish();
    report
}

fn record(audit: &Audit, s: &Subject, contact: Option<&str>, took: Duration) {
    audit.record(&Entry {
        rehearsal: None,
        step: &s.id,
        contact_id: contact,
        outcome: steps::outcome(s),
        latency_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
    });
}

/// The profile of a run against a tenant, and what the safety rules say about writing to it.
struct LiveProfile {
    profile: profile::ResolvedProfile,
    /// Why a live run would be refused (allow_writes false, production true); a dry run goes on.
    refusal: Option<String>,
    /// The hosts a live run writes to, checked by the write guard (None when a dry run's
    /// guard refused them: `refusal` says why).
    targets: Option<super::write_guard::WriteTargets>,
}

/// Resolve the profile of `--live` / `--dry-run`, before any request: a live run the profile
/// refuses stops here (exit 2); a dry run keeps the refusal to report it.
fn live_profile(ctx: &Ctx, o: &Options, via: Via) -> anyhow::Result<Option<LiveProfile>> {
    if !o.against_profile() {
        return Ok(None);
    }
    let p = profile::resolve(
        &ctx.config,
        &ctx.env,
        ProfileFlags {
            profile: ctx.profile_flag.as_deref(),
        },
    )?;
    // The profile's own rules (allow_writes, production), whatever the terminal.
    let mut refusal = match safety::decide(&p, true, true) {
        safety::Decision::Refuse(m) => Some(m),
        _ => None,
    };
    if let Some(m) = &refusal
        && !o.dry_run
    {
        return Err(safety::refused(m.clone()));
    }
    secret::load(&p.auth, &ctx.env, &p.name)?;
    // The hosts a live run writes to, bound to the profile in the config file; a dry run
    // reports a refusal here as it reports the profile's own.
    let targets = match super::write_guard::resolve(&ctx.config, &ctx.env, &p, via == Via::Digital)
    {
        Ok(t) => Some(t),
        Err(e) if o.dry_run => {
            refusal.get_or_insert_with(|| format!("{e:#}"));
            None
        }
        Err(e) => return Err(e),
    };
    Ok(Some(LiveProfile {
        profile: p,
        refusal,
        targets,
    }))
}

/// Why preflight stops the run before any write, if it does.
fn preflight_stop(pre: &Subject, force: bool) -> Option<String> {
    match target::verdict(pre) {
        target::Verdict::Send => None,
        target::Verdict::Never(why) => Some(format!(
            "preflight refused the handover, so nothing was sent ({why}; --force does not override this)"
        )),
        target::Verdict::Forceable(_) if force => None,
        target::Verdict::Forceable(why) => Some(format!(
            "preflight refused the handover, so nothing was sent ({}; pass --force to send anyway)",
            why.join("; ")
        )),
    }
}

/// The report of `--dry-run`: the steps that ran, then every rehearsal step skipped, the
/// handover carrying the plan.
fn dry_run_report(
    mut done: Vec<Subject>,
    plan: &[writes::Item],
    refusal: Option<&str>,
    audit: &Audit,
    crm: bool,
) -> Report {
    let mut report = Report::new(COMMAND);
    if let (Some(why), Some(pre)) = (refusal, done.iter_mut().find(|s| s.id == steps::PREFLIGHT)) {
        let first = why.lines().next().unwrap_or(why);
        let fix = why.lines().nth(1).unwrap_or("").trim();
        pre.push(
            Finding::new(
                &simulate_codes::LIVE_REFUSED,
                format!("a live run with this profile would be refused: {first}"),
            )
            .hint(fix),
        );
        pre.finish();
    }
    report.subjects.append(&mut done);
    for id in steps::rehearsal(crm) {
        let mut s = steps::not_run(id, "--dry-run: nothing was sent");
        if id == steps::HANDOVER {
            s.fact("plan", writes::facts(plan));
            let lines: Vec<String> = plan
                .iter()
                .map(|i| format!("{}: {} {}", i.when, i.planned.method, i.planned.url))
                .collect();
            s.push(Finding::new(
                &simulate_codes::DRY_RUN,
                format!("a live run would send: {}", lines.join("; ")),
            ));
            s.finish();
        }
        record(audit, &s, None, Duration::ZERO);
        report.push(s);
    }
    report.finish();
    report
}

/// Run `simulate-handoff`.
pub fn run(ctx: &Ctx, o: &Options) -> anyhow::Result<Outcome> {
    // 1. Inputs and usage checks: nothing is sent yet.
    let source = source(o)?;
    let started_at = Utc::now();
    let run_id = audit::run_id(started_at, fastrand::u32(..));
    let early = source.as_ref().map(intake::parse);
    let early_value = early.as_ref().and_then(|r| r.as_ref().ok());
    let early_kind = early_value.and_then(|v| crate::payload::detect(v).kind);
    let via = o.via.unwrap_or_else(|| plan::via_for(early_kind));
    options::check(o, via, ctx.sandbox.as_deref())?;
    let hints = early_value.map(plan::hints).unwrap_or_default();
    let targets = targets(o, via, &hints)?;

    // 2. Live safety, before any request.
    let live = live_profile(ctx, o, via)?;
    let crm_on = ctx.config.rules.handoff.crm.is_some();
    let mode = if o.dry_run {
        "dry-run"
    } else if o.live {
        "live"
    } else {
        "offline"
    };
    // Every output (--report, --audit-log) against every input (the payload, the config, the
    // scenario, the secret files), before any work.
    let audit_out: Vec<(&str, &std::path::Path)> = o
        .audit_log
        .iter()
        .map(|p| ("--audit-log ", p.as_path()))
        .collect();
    crate::context::check_outputs_distinct(&ctx.report_files, &audit_out)?;
    let payload: Vec<(&str, &std::path::Path)> = o
        .payload
        .iter()
        .map(|p| ("the payload", p.as_path()))
        .collect();
    crate::context::check_outputs_not_inputs(ctx, &audit_out, &payload)?;
    let audit = match &o.audit_log {
        Some(path) => {
            let audit = Audit::open(path, &run_id, mode, via.name())?;
            match live.as_ref().and_then(|lp| lp.targets.as_ref()) {
                Some(t) => audit.writing_to(&t.all()),
                None => audit,
            }
        }
        None => Audit::disabled(&run_id, mode, via.name()),
    };

    // 3. Payload and eligibility, offline.
    let source =
        source.unwrap_or_else(|| Source::Builtin(plan::builtin(via, &targets, started_at)));
    let parsed = match early {
        Some(r) => r,
        None => intake::parse(&source),
    };
    let inputs = Inputs {
        contact_id: (via == Via::Signal)
            .then(|| targets.contact_id.clone())
            .flatten(),
        confidence: o.confidence,
        intent: o.intent.clone(),
    };
    let t = Instant::now();
    let (mut payload_step, payload) =
        intake::payload_step(&source, parsed, via.name(), &inputs, &ctx.config.rules);
    payload_step.fact("runId", run_id.as_str());
    payload_step.fact("mode", mode);
    payload_step.fact("via", via.name());
    ctx.overrides.apply_subject(&mut payload_step);
    record(&audit, &payload_step, None, t.elapsed());
    let Some(Parsed { value, kind }) = payload else {
        return Ok(Outcome::Report(stopped(
            vec![payload_step],
            "the payload does not parse",
            &audit,
            crm_on,
        )));
    };
    let payload_stops = intake::stops(&payload_step) && !o.force;
    let t = Instant::now();
    let hints = plan::hints(&value);
    let (confidence, intent) = intake::signals(&hints, o.confidence, o.intent.as_deref());
    let mut eligibility = if payload_stops {
        steps::not_run(
            steps::ELIGIBILITY,
            "the payload is invalid (pass --force to rehearse it anyway)",
        )
    } else {
        intake::eligibility_step(confidence, intent, &ctx.config.rules)
    };
    ctx.overrides.apply_subject(&mut eligibility);
    record(&audit, &eligibility, None, t.elapsed());
    if payload_stops {
        return Ok(Outcome::Report(stopped(
            vec![payload_step, eligibility],
            "the payload is invalid (pass --force to rehearse it anyway)",
            &audit,
            crm_on,
        )));
    }
    if intake::stops(&eligibility) && !o.force {
        return Ok(Outcome::Report(stopped(
            vec![payload_step, eligibility],
            "the conversation is not eligible for a handover (pass --force to rehearse it anyway)",
            &audit,
            crm_on,
        )));
    }
    let scenario = ctx.sandbox.clone().unwrap_or_else(|| "demo".to_string());
    let sandbox = if live.is_some() {
        None
    } else {
        // At -v the rehearsal's own tenant logs each request as it arrives and as it is
        // answered, so a reader (or a test) sees which step the run is at.
        let sandbox_options = crate::sandbox::Options {
            access_log: ctx.verbosity >= 1,
            ..crate::sandbox::Options::default()
        };
        let sandbox = Sandbox::start_with(&scenario, 0, sandbox_options)
            .map_err(|e| e.context(format!("could not start the sandbox tenant {scenario:?}")))?;
        if let Some(ms) = o.latency_ms {
            sandbox.add_fault(FaultRule::latency(latency_route(via), ms))?;
        }
        Some(sandbox)
    };
    let crm = match &ctx.config.rules.handoff.crm {
        Some(rules) => Some(crm::resolve(
            rules,
            &ctx.env,
            live.as_ref()
                .and_then(|l| l.profile.auth.secret_file.as_deref()),
            sandbox.as_ref().map(Sandbox::base_url),
        )?),
        None => None,
    };
    let context = crm::context(&plan::request(via, &value, kind, &targets, &run_id).0);
    let mut targets = targets;
    if let (Some(sb), Via::Signal) = (&sandbox, via) {
        let (id, note) = offline_contact(sb, &scenario, o, hints.contact_id.as_deref())?;
        if let Some(note) = note {
            payload_step.push(note);
        }
        payload_step.fact("contactUsed", id.as_str());
        payload_step.finish();
        targets.contact_id = Some(id);
    }
    let (template, note) = plan::request(via, &value, kind, &targets, &run_id);
    if let Some(note) = note {
        payload_step.push(note);
        payload_step.finish();
    }
    let route = fallback_route(ctx, o);

    // 4. Connect: reads only, until the plan is confirmed.
    let session = match sandbox {
        None => session::connect(ctx)?,
        Some(sandbox) => session::connect_sandbox(ctx, sandbox, &scenario)?,
    };
    let client = &session.client;

    // 5. Preflight: is the target worth writing to, and the target skill's judgment.
    let t = Instant::now();
    let (mut pre, target) = preflight::run(
        client,
        &template,
        o.skill.as_deref(),
        hints.skill.as_ref(),
        &ctx.config.rules.queue,
    );
    let signalled = match &template {
        Request::Signal { contact_id, .. } => Some(contact_id.as_str()),
        _ => None,
    };
    record(&audit, &pre, signalled, t.elapsed());
    let target = match target {
        Ok(t) => t,
        Err(_) => {
            return Ok(Outcome::Report(stopped(
                vec![payload_step, eligibility, pre],
                "the tool could not reach the tenant",
                &audit,
                crm_on,
            )));
        }
    };
    if let Some(why) = preflight_stop(&pre, o.force) {
        // An override changes how a finding counts, never whether the write was refused.
        let lowered: Vec<String> = pre
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Fail && target::is_refusal(&f.code))
            .filter(|f| {
                ctx.overrides
                    .0
                    .get(&f.code)
                    .is_some_and(|l| *l != Level::Deny)
            })
            .map(|f| f.code.clone())
            .collect();
        if !lowered.is_empty() {
            pre.push(Finding::new(
                &simulate_codes::REFUSAL_OVERRIDDEN,
                format!(
                    "a severity override lowers {}, but preflight still refused the write and nothing was rehearsed",
                    lowered.join(", ")
                ),
            ).hint("Pass --force to send anyway (it does not override an ended or missing target), or rehearse on a contact still with the bot"));
            pre.finish();
        }
        return Ok(Outcome::Report(stopped(
            vec![payload_step, eligibility, pre],
            &why,
            &audit,
            crm_on,
        )));
    }

    // 6. The plan of a run against the profile: shown, then dry run, confirmation or refusal.
    if let Some(lp) = &live {
        let shape = writes::Shape {
            repeat: o.repeat,
            concurrency: o.concurrency,
            keep: o.keep,
            run_id: &run_id,
        };
        let extra: Vec<writes::Item> = crm
            .iter()
            .map(|c| {
                let handoff = crm::Handoff {
                    run_id: run_id.clone(),
                    via: via.name().to_string(),
                    context: context.clone(),
                    ..crm::Handoff::default()
                };
                writes::Item {
                    when:
                        "after verify, the CRM step (contactId, outcome and timings are the run's)"
                            .into(),
                    planned: c.planned(&handoff.body()),
                }
            })
            .collect();
        let (items, notes) = writes::plan(client, &template, &route, &extra, shape)?;
        crate::report::sink::eprint(&writes::render(
            &lp.profile,
            &items,
            &notes,
            &writes::reads(&template),
        ));
        if o.dry_run {
            return Ok(Outcome::Report(dry_run_report(
                vec![payload_step, eligibility, pre],
                &items,
                lp.refusal.as_deref(),
                &audit,
                crm_on,
            )));
        }
        match safety::decide(&lp.profile, o.yes, ctx.stdin_is_terminal) {
            safety::Decision::Go => {}
            safety::Decision::Refuse(m) => return Err(safety::refused(m)),
            safety::Decision::Ask => {
                let stdin = std::io::stdin();
                let confirmed = stdin.is_terminal()
                    && safety::confirm("Send these requests?", &mut stdin.lock());
                if !confirmed {
                    return Err(usage(
                        "live rehearsal not confirmed: nothing was sent\n  answer y to send, or run without --live to rehearse offline",
                    ));
                }
            }
        }
    }

    // 7. The rehearsals.
    let env = Env {
        client,
        sandbox: session.sandbox(),
        template: &template,
        master: target.master.as_deref(),
        preflight_state: target.state.as_ref(),
        agent_names: &target.agent_names,
        expected_skill: target.skill.as_deref(),
        fallback: &route,
        inject: &o.inject,
        verify_timeout: o.verify_timeout,
        keep: o.keep,
        total: o.repeat,
        run_id: &run_id,
        queue_rules: &ctx.config.rules.queue,
        audit: &audit,
        turns: std::sync::Mutex::new(()),
        crm: crm.as_ref(),
        context: &context,
        via: via.name(),
    };
    let wall = Instant::now();
    let results: Vec<Rehearsal> = crate::cxone::pool::map_concurrent(
        o.concurrency.min(o.repeat) as usize,
        (1..=o.repeat).collect(),
        |k| env.run(k),
    );
    let wall_ms = u64::try_from(wall.elapsed().as_millis()).unwrap_or(u64::MAX);

    let mut report = Report::new(COMMAND);
    report.push(payload_step);
    report.push(eligibility);
    report.push(pre);
    if o.repeat > 1 {
        let summary = summary::subject(&results, wall_ms, o.concurrency.min(o.repeat));
        for r in results {
            report.subjects.extend(r.subjects);
        }
        report.push(summary);
    } else {
        for r in results {
            report.subjects.extend(r.subjects);
        }
    }
    report.finish();
    Ok(Outcome::Report(report))
}

/// Offline `--via signal`: which scenario contact the rehearsal signals, and a note saying so.
/// `--contact-id` must be in the scenario (else exit 2 with the usable ones); a payload's own
/// contact id is used when it is a live bot call of the scenario, else the note names the demo
/// contact used instead and why. Repeating needs a spawned bot contact whose call can be copied for each rehearsal.
fn offline_contact(
    sandbox: &Sandbox,
    scenario: &str,
    o: &Options,
    payload_contact: Option<&str>,
) -> anyhow::Result<(String, Option<Finding>)> {
    let usable = sandbox.bot_contacts();
    let list = || {
        if usable.is_empty() {
            format!("the scenario {scenario} has no live bot (spawned) contact to signal")
        } else {
            let ids: Vec<String> = usable.iter().map(u64::to_string).collect();
            format!("live bot contacts of {scenario}: {}", ids.join(", "))
        }
    };
    let known = |id: &str| id.parse::<u64>().is_ok_and(|n| sandbox.has_contact(n));
    let (id, note) = if let Some(id) = &o.contact_id {
        if !known(id) {
            return Err(usage(format!(
                "contact {id} is not in the sandbox scenario {scenario}\n  pass --contact-id of one of the {}",
                list()
            )));
        }
        (id.clone(), None)
    } else {
        let default = if usable.iter().any(|c| c.to_string() == demo::CONTACT_ID) {
            demo::CONTACT_ID.to_string()
        } else {
            usable.first().map(u64::to_string).ok_or_else(|| {
                usage(format!(
                    "{}\n  add a live call (an active contact with an active master) to the scenario, or pass --contact-id",
                    list()
                ))
            })?
        };
        let usable_id = |id: &str| usable.iter().any(|c| c.to_string() == id);
        match payload_contact {
            Some(p) if usable_id(p) => (
                p.to_string(),
                Some(format!(
                    "offline: the rehearsal signals the payload's own contact {p}, which is in the sandbox scenario {scenario}"
                )),
            ),
            Some(p) if known(p) => {
                let record = p.parse::<u64>().ok().and_then(|n| sandbox.contact(n));
                // A live caller's contact: the signal belongs to its bot (spawned) contact.
                let bot = usable.iter().find(|&&u| {
                    sandbox
                        .contact(u)
                        .and_then(|c| c.master_contact_id)
                        .as_deref()
                        == Some(p)
                });
                let ended = record
                    .as_ref()
                    .is_some_and(|c| matches!(verify::classify(c), verify::Seen::Ended { .. }));
                match bot {
                    Some(b) => (
                        b.to_string(),
                        Some(format!(
                            "offline: the payload's contact {p} is the caller's (master) contact of the sandbox scenario {scenario}'s bot contact {b}, which the rehearsal signals (NICE's Cognigy extension signals spawnedContactId || contactId)"
                        )),
                    ),
                    None if ended => (
                        default.clone(),
                        Some(format!(
                            "offline: the payload's contact {p} in the sandbox scenario {scenario} has ended, so the rehearsal signals the scenario's bot contact {default} instead ({}; preflight refuses an ended contact, even with --force)",
                            list()
                        )),
                    ),
                    None => (
                        default.clone(),
                        Some(format!(
                            "offline: the payload's contact {p} is in the sandbox scenario {scenario} but is not a live bot call, so the rehearsal signals the scenario's bot contact {default} instead ({}; pass --contact-id {p} to rehearse it anyway)",
                            list()
                        )),
                    ),
                }
            }
            Some(p) => (
                default.clone(),
                Some(format!(
                    "offline: the payload's contact {p} is not in the sandbox scenario {scenario}, so the rehearsal signals the scenario's bot contact {default} instead ({})",
                    list()
                )),
            ),
            None => (
                default.clone(),
                Some(format!(
                    "offline: the rehearsal signals the sandbox scenario {scenario}'s bot contact {default} (pass --contact-id to pick another: {})",
                    list()
                )),
            ),
        }
    };
    let spawned = id
        .parse::<u64>()
        .ok()
        .and_then(|n| sandbox.contact(n))
        .and_then(|c| c.master_contact_id)
        .is_some_and(|m| m != id);
    if !spawned && o.repeat > 1 {
        return Err(usage(format!(
            "--repeat needs a bot (spawned) contact whose call can be copied for each rehearsal, and contact {id} has no master\n  pass --contact-id of one of the {}",
            list()
        )));
    }
    Ok((
        id,
        note.map(|n| Finding::new(&simulate_codes::OFFLINE_CONTACT, n)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopped_runs_list_every_later_step_as_not_run() {
        let mut payload = steps::step(steps::PAYLOAD);
        payload.finish();
        let audit = Audit::disabled("sim-1", "offline", "signal");
        let r = stopped(vec![payload], "because", &audit, false);
        let ids: Vec<&str> = r.subjects.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "payload",
                "eligibility",
                "preflight",
                "handover",
                "fallback",
                "verify",
                "cleanup"
            ]
        );
        assert!(r.subjects[1..].iter().all(steps::skipped));
        assert_eq!(latency_route(Via::WorkItem), "/interactions/work-items");
    }

    #[test]
    fn an_ndjson_payload_must_hold_one_line() {
        assert!(is_ndjson(std::path::Path::new("a/events.NDJSON")));
        assert!(is_ndjson(std::path::Path::new("x.jsonl")));
        assert!(!is_ndjson(std::path::Path::new("x.json")));
        assert!(one_ndjson_payload("one.ndjson", b"\n{\"p1\": \"Escalate\"}\n\n").is_ok());
        let e = one_ndjson_payload("e.ndjson", b"\n{\"a\": 1}\n  \n{\"b\": 2}\n").unwrap_err();
        assert!(crate::error::is_usage(&e));
        let text = format!("{e:#}");
        assert!(text.contains("NDJSON with 2 payloads"), "{text}");
        assert!(text.contains("rehearses one payload"), "{text}");
        assert!(text.contains("validate-payload e.ndjson"), "{text}");
        assert!(text.contains("sed -n 2p e.ndjson"), "{text}");
        assert!(!text.contains("name it .ndjson"), "{text}");
        assert!(one_ndjson_payload("empty.ndjson", b" \n").is_err());
    }
}
