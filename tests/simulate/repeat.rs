//! `--repeat N --concurrency C`: one fresh contact per rehearsal and sane statistics.

use std::collections::HashSet;

use serde_json::Value;

use crate::support::*;

fn spread(v: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    (n("count"), n("p50"), n("p95"), n("max"))
}

#[test]
fn five_rehearsals_two_at_a_time() {
    let home = Home::new();
    let out = home.simulate(&["--repeat", "5", "--concurrency", "2"]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    let handovers = all(&r, "handover");
    assert_eq!(handovers.len(), 5);
    assert_eq!(all(&r, "verify").len(), 5);
    assert_eq!(all(&r, "cleanup").len(), 5);
    let rehearsals: HashSet<u64> = handovers
        .iter()
        .map(|h| h["facts"]["rehearsal"].as_u64().unwrap())
        .collect();
    assert_eq!(rehearsals, (1..=5).collect());
    let signalled: HashSet<&str> = handovers
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        signalled.len(),
        5,
        "each rehearsal escalates its own copy of the call"
    );

    let s = subject(&r, "rehearsals");
    assert_eq!(s["kind"], "summary");
    assert_eq!(s["status"], "pass");
    assert_eq!(s["facts"]["rehearsals"], 5);
    assert_eq!(s["facts"]["concurrency"], 2);
    assert_eq!(s["facts"]["succeeded"], 5);
    assert_eq!(s["facts"]["successRate"], 100.0);
    assert_eq!(s["facts"]["outcomes"]["answered"], 5);
    for key in ["handoverLatencyMs", "timeToQueueMs", "timeToAgentMs"] {
        let (count, p50, p95, max) = spread(&s["facts"][key]);
        assert_eq!(count, 5, "{key}");
        assert!(p50 <= p95 && p95 <= max, "{key}: {p50} {p95} {max}");
    }
    let (_, p50_agent, _, max_agent) = spread(&s["facts"]["timeToAgentMs"]);
    assert!(p50_agent >= 900, "the routing delay is 1 s: {p50_agent}");
    let agent_times: Vec<u64> = all(&r, "verify")
        .iter()
        .map(|v| v["facts"]["timeToAgentMs"].as_u64().unwrap())
        .collect();
    assert_eq!(*agent_times.iter().max().unwrap(), max_agent);
    let wall = s["facts"]["wallMs"].as_u64().unwrap();
    let serial: u64 = agent_times.iter().sum();
    assert!(
        wall < serial,
        "two at a time beats one at a time: wall {wall} ms, sum {serial} ms"
    );
    assert!(
        s["label"]
            .as_str()
            .unwrap()
            .starts_with("5/5 succeeded (100%)")
    );
}

#[test]
fn injected_faults_hit_every_rehearsal_of_a_shared_route() {
    let home = Home::new();
    let out = home.simulate(&[
        "--via",
        "work-item",
        "--repeat",
        "3",
        "--concurrency",
        "3",
        "--inject",
        "503",
    ]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    for h in all(&r, "handover") {
        assert_eq!(
            h["facts"]["statuses"],
            serde_json::json!([503, 202]),
            "{h:#}"
        );
        assert_eq!(h["facts"]["sandboxReceived"], 2);
    }
    let ids: HashSet<&str> = all(&r, "handover")
        .iter()
        .map(|h| h["facts"]["createdContactId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    let (_, _, _, max) = spread(&subject(&r, "rehearsals")["facts"]["attempts"]);
    assert_eq!(max, 2);
}

#[test]
fn repeat_needs_a_contact_that_can_be_copied() {
    let home = Home::new();
    let out = home.simulate(&["--repeat", "2", "--contact-id", "5823200"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("has no master"), "{}", stderr(&out));
    let out = home.simulate(&["--repeat", "0"]);
    assert_eq!(code(&out), 2);
}
