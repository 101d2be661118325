//! Agents by name (id), `--agents`, contacts waiting while agents are Available, one root cause
//! first, and "not found", against the demo sandbox.

use serde_json::Value;

use crate::support::{Env, problem_codes};

/// The `agents` fact of a subject, as (label, state, unavailable code, seconds in state).
fn agents(subject: &Value) -> Vec<(String, Value, Value, Value)> {
    subject["facts"]["agents"]
        .as_array()
        .unwrap_or_else(|| panic!("no agents fact: {subject:#}"))
        .iter()
        .map(|a| {
            let label = match a["name"].as_str() {
                Some(n) => format!("{n} ({})", a["agentId"].as_str().unwrap()),
                None => a["agentId"].as_str().unwrap().to_string(),
            };
            (
                label,
                a["state"].clone(),
                a["unavailableCode"].clone(),
                a["secondsInState"].clone(),
            )
        })
        .collect()
}

#[test]
fn agents_lists_every_assigned_agent_with_state_code_and_time_in_json() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "queue-health",
        "4201",
        "4206",
        "--agents",
    ]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    let sales = agents(&run.subject("4206"));
    assert_eq!(sales.len(), 2, "{sales:?}");
    assert_eq!(sales[0].0, "Alan Turing (9003)");
    assert_eq!(sales[0].1, "InboundContact");
    assert_eq!(sales[1].0, "Katherine Johnson (9004)");
    assert_eq!(sales[1].1, "Unavailable");
    assert_eq!(sales[1].2, "Lunch");
    let lunch = sales[1].3.as_f64().unwrap();
    assert!(
        (715.0..900.0).contains(&lunch),
        "12 minutes at lunch: {lunch}"
    );
    // a passing skill lists its agents too when --agents is given
    let billing = agents(&run.subject("4201"));
    let names: Vec<&str> = billing.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "Ada Lovelace (9001)",
            "Grace Hopper (9002)",
            "Alan Turing (9003)"
        ]
    );
    // without --agents only the skills whose problem is about agents carry the list
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "queue-health",
        "4201",
        "4206",
        "4203",
    ]);
    assert!(run.subject("4201")["facts"].get("agents").is_none());
    assert!(run.subject("4203")["facts"].get("agents").is_none());
    assert_eq!(agents(&run.subject("4206")).len(), 2);
}

#[test]
fn a_warning_about_agents_names_them_in_the_message_and_lists_them_in_80_columns() {
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.env("COLUMNS", "80");
    let run = env.run_with(
        cmd,
        &[
            "--sandbox",
            "demo",
            "--color",
            "never",
            "queue-health",
            "4206",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    // the message is wrapped at 80 columns: read it as one line of words
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Alan Turing (9003) InboundContact 3m0")
            && words.contains("; Katherine Johnson (9004) Unavailable (Lunch) 12m0"),
        "the finding names who and why:\n{out}"
    );
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    let block: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Agents of skill 4206 (Sales Voice)"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(block.len(), 3, "{out}");
    assert_eq!(
        block[0],
        "Agents of skill 4206 (Sales Voice): 2 assigned, 1 working, 1 Unavailable (Lunch)"
    );
    assert!(block[2].starts_with("  Katherine Johnson (9004) "), "{out}");
    assert!(block[2].contains("Unavailable · Lunch"), "{out}");
    for line in &block {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    // no agent is ever shown as a bare "Agent 9001" or "agent user-9002"
    assert!(!out.contains("user-900"), "{out}");
}

#[test]
fn contacts_waiting_while_agents_are_available_is_called_a_routing_problem() {
    let run = Env::new().run(&["--sandbox", "demo", "-o", "json", "queue-health", "4207"]);
    let s = run.subject("4207");
    assert_eq!(s["status"], "warn");
    let first = &s["findings"][0];
    assert_eq!(first["code"], "skill-waiting-with-available", "{s:#}");
    let message = first["message"].as_str().unwrap();
    for part in [
        "14 contacts in queue",
        "1m35s (limit 30s)",
        "2 assigned agents are Available: Ada Lovelace (9001), Grace Hopper (9002)",
        "routing, proficiency or capacity problem",
    ] {
        assert!(message.contains(part), "{part}: {message}");
    }
    let hint = first["hint"].as_str().unwrap();
    for part in [
        "proficiency",
        "max concurrent contacts",
        "ReqAgent",
        "higher priority",
    ] {
        assert!(hint.contains(part), "{part}: {hint}");
    }
    let queue_long = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "skill-queue-long")
        .unwrap();
    assert_eq!(queue_long["severity"], "info", "a consequence: {s:#}");
    assert!(
        queue_long["message"]
            .as_str()
            .unwrap()
            .contains("a consequence of skill-waiting-with-available")
    );
    // the limit is rules.queue.waiting_with_available_s: above the wait, the long queue is the
    // root cause again
    let run = Env::with_config("rules: {queue: {waiting_with_available_s: 600}}\n").run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "queue-health",
        "4207",
    ]);
    assert_eq!(problem_codes(&run.subject("4207")), ["skill-queue-long"]);
    let run = Env::with_config("rules: {queue: {waiting_with_available_s: -1}}\n").run(&[
        "--sandbox",
        "demo",
        "queue-health",
        "4207",
    ]);
    assert_eq!(
        run.code, 2,
        "a negative limit is a config error: {}",
        run.stderr
    );
    let run = Env::with_config("rules: {queue: {waiting_with_available_s: soon}}\n").run(&[
        "--sandbox",
        "demo",
        "queue-health",
        "4207",
    ]);
    assert_eq!(
        run.code, 2,
        "a wrong type is a config error: {}",
        run.stderr
    );
}

#[test]
fn a_skill_with_no_agents_says_its_one_root_cause() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "queue-health",
        "4203",
        "4204",
        "4202",
    ]);
    let codes = |id: &str| -> Vec<String> {
        run.subject(id)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes("4203"), ["skill-no-agents", "skill-counts"]);
    assert_eq!(codes("4204"), ["skill-no-active-agents", "skill-counts"]);
    assert_eq!(codes("4202"), ["skill-inactive", "skill-counts"]);
    for id in ["4203", "4204"] {
        let text = run.subject(id).to_string();
        assert!(!text.contains("0 active agents"), "{text}");
        assert!(!text.contains("service level"), "{text}");
    }
    let counts = &run.subject("4204")["findings"][1]["message"];
    assert!(
        counts
            .as_str()
            .unwrap()
            .contains("3 agents assigned (0 active)")
    );
}

#[test]
fn a_skill_id_that_does_not_exist_is_not_found_with_where_to_look() {
    let run = Env::new().run(&["--sandbox", "demo", "-o", "json", "queue-health", "4299"]);
    assert_eq!(
        run.code, 1,
        "a judged failure, not an error: {}",
        run.stderr
    );
    let s = run.subject("4299");
    assert_eq!(s["status"], "fail");
    assert_eq!(s["findings"][0]["code"], "skill-not-found");
    let hint = s["findings"][0]["hint"].as_str().unwrap();
    for part in ["typo", "business unit", "queue-health --all"] {
        assert!(hint.contains(part), "{part}: {hint}");
    }
}
