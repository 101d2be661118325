//! Random tenant faults to the client: status sequences, `Retry-After`, latency and denials on
//! the routes the commands call. Every run ends with a documented exit code and a valid report
//! (or an `error:` line), never a panic, and no POST is sent again after a 500, 502 or 504.

use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestRunner;
use serde_json::Value;

use cxone_diag::sandbox::{ApiFamily, FaultMatch, FaultRule, Received, RetryAfter, Sandbox};

use crate::strategies as st;
use crate::support::{Home, Run, in_crate};

/// Routes every command calls to log in, as fault globs (ACD paths without their prefix).
const LOGIN: &[&str] = &["**", "/.well-known/*", "/auth/token"];

/// Skill health reads (queue-health, and the skills a trace or a rehearsal involves).
const SKILL: &[&str] = &[
    "/skills/*",
    "/skills/*/activity",
    "/skills/*/agents",
    "/agents/states",
];

/// A command to run against the faulty tenant: the report's `command`, the arguments, and
/// the routes it calls besides the login (the handover route first: it is drawn most often).
struct Command {
    name: &'static str,
    args: &'static [&'static str],
    routes: &'static [&'static str],
}

const COMMANDS: &[Command] = &[
    Command {
        name: "queue-health",
        args: &["queue-health", "--all"],
        routes: &[
            "/skills",
            "/skills/activity",
            "/skills/*/agents",
            "/agents/states",
        ],
    },
    Command {
        name: "trace-conversation",
        args: &["trace-conversation", "5823110"],
        routes: &[
            "/contacts/*",
            "/contacts/*/state-history",
            "/contacts/*/custom-data",
            "/contacts/completed",
        ],
    },
    Command {
        name: "trace-conversation",
        args: &["trace-conversation", "--digital", "1042"],
        routes: &["/dfo/3.0/contacts/*", "/dfo/3.0/contacts/*/messages"],
    },
    Command {
        name: "auth check",
        args: &["auth", "check"],
        routes: &["/apiversion"],
    },
    Command {
        name: "simulate-handoff",
        args: &[
            "simulate-handoff",
            "--live",
            "--yes",
            "--via",
            "signal",
            "--contact-id",
            "5823201",
        ],
        routes: &[
            "/interactions/*/signal",
            "/contacts/*",
            "/contacts/*/state-history",
            "/points-of-contact",
        ],
    },
    Command {
        name: "simulate-handoff",
        args: &[
            "simulate-handoff",
            "--live",
            "--yes",
            "--via",
            "work-item",
            "--point-of-contact",
            "Callback WorkItem",
        ],
        routes: &[
            "/interactions/work-items",
            "/contacts/*",
            "/contacts/*/end",
            "/points-of-contact",
        ],
    },
    Command {
        name: "simulate-handoff",
        args: &[
            "simulate-handoff",
            "--live",
            "--yes",
            "--via",
            "digital",
            "--channel-id",
            "byoc_demo",
        ],
        routes: &[
            "/dfo/3.0/channels/*/messages",
            "/dfo/3.0/channels",
            "/dfo/3.0/contacts/*",
            "/contacts/*/end",
        ],
    },
];

/// The globs a fault on `command` is drawn from: its own routes (the first one three times),
/// the skill reads and the login.
fn routes(command: &Command) -> Vec<&'static str> {
    let mut out = vec![command.routes[0]; 3];
    out.extend(command.routes);
    out.extend(SKILL);
    out.extend(LOGIN);
    out
}

/// Error statuses a tenant or a gateway answers.
const STATUSES: &[u16] = &[400, 401, 403, 404, 429, 500, 502, 503, 504];

/// Statuses after which a POST must not be sent again (a 503 only without `Retry-After`).
const FINAL_FOR_POST: &[u16] = &[500, 502, 504];

const FAMILIES: &[ApiFamily] = &[
    ApiFamily::Admin,
    ApiFamily::Realtime,
    ApiFamily::Reporting,
    ApiFamily::Patron,
    ApiFamily::Digital,
];

/// One fault rule: a status sequence (with or without `Retry-After`), latency, or a denial.
/// A `200` here is the sandbox's injected 200: an error document where data was expected.
fn rule(routes: Vec<&'static str>) -> impl Strategy<Value = FaultRule> {
    let statuses = prop_oneof![
        8 => prop::collection::vec(select(STATUSES), 1..4),
        1 => Just(vec![200]),
        1 => Just(Vec::new()),
    ];
    let sequence = (
        prop::option::of(select(vec!["GET", "POST"])),
        select(routes),
        statuses,
        prop::option::of(0u64..=1),
        prop::option::weighted(0.3, 1u64..=30),
        prop::option::weighted(0.3, 1u32..=4),
    )
        .prop_map(|(method, path, statuses, retry, latency, times)| {
            let latency_ms = if statuses.is_empty() {
                Some(latency.unwrap_or(5))
            } else {
                latency
            };
            FaultRule {
                matcher: FaultMatch {
                    method: method.map(String::from),
                    path: Some(path.to_string()),
                    family: None,
                },
                retry_after: retry
                    .filter(|_| !statuses.is_empty())
                    .map(RetryAfter::Seconds),
                statuses,
                latency_ms,
                times,
                deny: false,
            }
        });
    prop_oneof![
        9 => sequence,
        1 => select(FAMILIES).prop_map(FaultRule::deny),
    ]
}

/// Small limits so that faulty runs stay fast: no waits between attempts, short timeouts.
const HTTP: &str = "http:\n  max_attempts: 3\n  max_retry_wait_s: 0\n  timeout_s: 3\n  connect_timeout_s: 2\n  run_timeout_s: 30\n";

/// A run may take this long before it counts as hung.
const LIMIT: Duration = Duration::from_secs(60);

/// The POSTs that were sent again after an answer that makes a POST final.
fn resent_posts(received: &[Received], retry_after_given: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (i, r) in received.iter().enumerate() {
        let is_final =
            FINAL_FOR_POST.contains(&r.status) || (r.status == 503 && !retry_after_given);
        if r.method != "POST" || r.path.ends_with("/auth/token") || !is_final {
            continue;
        }
        if let Some(again) = received[i + 1..]
            .iter()
            .find(|x| x.method == "POST" && x.path == r.path && x.body == r.body)
        {
            out.push(format!(
                "POST {} answered {} (#{}) was sent again (#{})",
                r.path, r.status, r.seq, again.seq
            ));
        }
    }
    out
}

/// In a simulate report, no handover attempt follows one answered 500, 502 or 504.
fn check_attempt_log(report: &Value) -> Result<(), String> {
    for s in report["subjects"].as_array().into_iter().flatten() {
        let Some(statuses) = s["facts"]["statuses"].as_array() else {
            continue;
        };
        let statuses: Vec<u64> = statuses.iter().filter_map(Value::as_u64).collect();
        if let Some(at) = statuses
            .iter()
            .position(|x| FINAL_FOR_POST.contains(&(*x as u16)))
            && at + 1 != statuses.len()
        {
            return Err(format!(
                "{} was resent after a {}: {statuses:?}",
                s["id"], statuses[at]
            ));
        }
        if let (Some(sent), Some(received)) = (
            s["facts"]["attempts"].as_u64(),
            s["facts"]["sandboxReceived"].as_u64(),
        ) && sent != received
        {
            return Err(format!(
                "{} made {sent} attempts, the sandbox received {received}",
                s["id"]
            ));
        }
    }
    Ok(())
}

#[test]
fn random_faults_on_a_live_tenant_end_in_a_report_or_an_error_and_never_resend_a_post() {
    let sb = Sandbox::start("demo", 0).unwrap();
    sb.set_routing_delay(20);
    let home = live_home(&sb);
    let strategy = (0..COMMANDS.len()).prop_flat_map(|i| {
        (
            Just(i),
            prop::collection::vec(rule(routes(&COMMANDS[i])), 1..4),
        )
    });
    let mut runner = TestRunner::new(st::config(28));
    runner
        .run(&strategy, |(which, rules)| {
            let Command {
                name: command,
                args,
                ..
            } = COMMANDS[which];
            sb.clear_faults();
            sb.reset();
            sb.clear_received();
            for rule in &rules {
                sb.add_fault(rule.clone())
                    .map_err(|e| TestCaseError::fail(format!("{rule:?} refused: {e}")))?;
            }
            let mut cmd = live_cmd(&home, &sb, args);
            if command == "simulate-handoff" {
                cmd.args(["--verify-timeout", "1"]);
            }
            let run = Run::of(cmd, format!("{args:?} with faults {rules:?}"));
            let report = run.json_outcome(command).map_err(TestCaseError::fail)?;
            let retry_after_given = rules.iter().any(|r| r.retry_after.is_some());
            let resent = resent_posts(&sb.received(), retry_after_given);
            prop_assert!(resent.is_empty(), "{:?}\n{}", resent, run.dump());
            if let Some(report) = &report {
                check_attempt_log(report)
                    .map_err(|e| TestCaseError::fail(format!("{e}\n{}", run.dump())))?;
            }
            Ok(())
        })
        .unwrap();
}

/// The routes an offline rehearsal calls.
fn offline_routes() -> Vec<&'static str> {
    COMMANDS
        .iter()
        .filter(|c| c.name == "simulate-handoff")
        .flat_map(|c| routes(c))
        .collect()
}

#[test]
fn random_scenario_faults_offline_end_in_a_report_or_an_error() {
    let demo = std::fs::read_to_string(in_crate("examples/scenarios/demo.yaml"))
        .unwrap()
        .replace("delay_ms: 1000", "delay_ms: 20");
    let home = Home::new();
    home.config(HTTP);
    let via = select(vec!["signal", "work-item", "digital"]);
    let mut runner = TestRunner::new(st::config(8));
    runner
        .run(
            &(via, prop::collection::vec(rule(offline_routes()), 1..4)),
            |(via, rules)| {
                let faults = serde_json::to_string(&rules).unwrap();
                std::fs::write(
                    home.join("faulty.yaml"),
                    format!("{demo}\nfaults: {faults}\n"),
                )
                .unwrap();
                let mut cmd = home.cmd();
                cmd.args([
                    "--sandbox",
                    "faulty.yaml",
                    "--output",
                    "json",
                    "simulate-handoff",
                ])
                .args(["--via", via, "--verify-timeout", "1"])
                .timeout(LIMIT);
                let run = Run::of(cmd, format!("offline --via {via} with faults {rules:?}"));
                let report = run
                    .json_outcome("simulate-handoff")
                    .map_err(TestCaseError::fail)?;
                if let Some(report) = &report {
                    check_attempt_log(report)
                        .map_err(|e| TestCaseError::fail(format!("{e}\n{}", run.dump())))?;
                }
                Ok(())
            },
        )
        .unwrap();
}

/// A live profile on `sb` with the small limits, and the command with its (fake) secrets.
fn live_home(sb: &Sandbox) -> Home {
    let home = Home::new();
    home.config(&format!(
        "token_cache: false\ndefault_profile: lab\nprofiles:\n  lab:\n    issuer: {base}\n    api_base: {base}\n    dfo_base: {base}\n    allow_writes: true\n    production: false\n{HTTP}",
        base = sb.base_url()
    ));
    home
}

fn live_cmd(home: &Home, sb: &Sandbox, args: &[&str]) -> assert_cmd::Command {
    let c = sb.credentials();
    let mut cmd = home.cmd();
    cmd.env("CXONE_CLIENT_ID", &c.client_id)
        .env("CXONE_CLIENT_SECRET", &c.client_secret)
        .env("CXONE_ACCESS_KEY_ID", &c.access_key_id)
        .env("CXONE_ACCESS_KEY_SECRET", &c.access_key_secret)
        .args(["--output", "json"])
        .args(args)
        .timeout(LIMIT);
    cmd
}

#[test]
fn every_handover_post_is_sent_once_after_a_final_answer_and_again_after_a_refusal() {
    let sb = Sandbox::start("demo", 0).unwrap();
    sb.set_routing_delay(20);
    let home = live_home(&sb);
    let cases: [(u16, Option<u64>, usize); 6] = [
        (500, None, 1),
        (502, None, 1),
        (504, None, 1),
        (503, None, 1),
        (503, Some(0), 2),
        (429, None, 2),
    ];
    for command in COMMANDS.iter().filter(|c| c.name == "simulate-handoff") {
        let route = command.routes[0];
        for (status, retry_after, sent) in cases {
            sb.clear_faults();
            sb.reset();
            sb.clear_received();
            let mut rule = FaultRule::statuses("POST", route, &[status]);
            rule.retry_after = retry_after.map(RetryAfter::Seconds);
            sb.add_fault(rule).unwrap();
            let mut cmd = live_cmd(&home, &sb, command.args);
            cmd.args(["--verify-timeout", "1"]);
            let run = Run::of(
                cmd,
                format!("{:?} after {status} {retry_after:?}", command.args),
            );
            run.json_outcome(command.name).unwrap();
            let posts = sb
                .received()
                .into_iter()
                .filter(|r| {
                    r.method == "POST"
                        && cxone_diag::sandbox::faults::glob(
                            route,
                            &r.path.replace("/inContactAPI/services/v30.0", ""),
                        )
                })
                .count();
            assert_eq!(posts, sent, "{}", run.dump());
            let resent = resent_posts(&sb.received(), retry_after.is_some());
            assert!(resent.is_empty(), "{resent:?}");
        }
    }
}
