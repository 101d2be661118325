//! `--recent`: one row per completed contact of the window with its diagnosis, voice-bot pairs
//! folded, skills judged once each; `--abandoned-only` and `--skill` filters.

use std::collections::BTreeMap;

use crate::support::{Home, subjects};

fn rows(report: &serde_json::Value) -> BTreeMap<String, String> {
    subjects(report, "contact")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["facts"]["diagnosis"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_completed_contact_gets_a_row_with_its_diagnosis() {
    let home = Home::new();
    let run = home.trace("demo", &["--recent", "-v"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.report();
    let got = rows(&report);
    let want: BTreeMap<String, String> = [
        ("5823110", "handed-over"),
        ("5823120", "never-escalated"),
        ("5823130", "abandoned-in-queue"),
        ("5823140", "skill-unavailable"),
        ("5823151", "bot-error"),
        ("5823180", "handed-over"),
        ("5823190", "handed-over"),
        // from the record alone: the _ERR custom data and the empty history are not read here
        ("5823150", "never-escalated"),
        ("5823170", "never-escalated"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    // the bot's spawned contact is folded into its master's row; active contacts are not listed
    let master = subjects(&report, "contact")
        .into_iter()
        .find(|s| s["id"] == "5823110")
        .unwrap();
    assert_eq!(
        master["facts"]["spawnedContactIds"],
        serde_json::json!(["5823114"])
    );
    // each skill the rows queued on is judged once
    let skills: Vec<&str> = subjects(&report, "skill")
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(skills, ["4211", "4201", "4206", "4202"]);
    for id in ["4201", "4202", "4206", "4211"] {
        let path = format!("/skills/{id} ");
        assert_eq!(run.requests_to(&path).len(), 1, "{id}: {}", run.stderr);
    }
    // demo pages at most 5 rows: 8 agents, 10 completed contacts
    assert_eq!(run.requests_to("/agents/states").len(), 2);
    let completed = run.requests_to("/contacts/completed");
    assert_eq!(completed.len(), 2, "{}", run.stderr);
    assert!(completed[0].contains("startDate=") && completed[0].contains("endDate="));
}

#[test]
fn abandoned_only_keeps_the_abandoned_rows_and_their_skills() {
    let home = Home::new();
    let run = home.trace("demo", &["--recent", "--abandoned-only", "--since", "1d"]);
    let report = run.report();
    let got: Vec<String> = rows(&report).into_keys().collect();
    assert_eq!(got, ["5823130", "5823140"]);
    let skills: Vec<&str> = subjects(&report, "skill")
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(skills, ["4206", "4202"]);
    assert_eq!(run.code, 1);
}

#[test]
fn skill_narrows_the_query() {
    let home = Home::new();
    let run = home.trace("demo", &["--recent", "--skill", "4201", "-v"]);
    let report = run.report();
    let got: Vec<String> = rows(&report).into_keys().collect();
    assert_eq!(got, ["5823110", "5823120", "5823151", "5823170", "5823180"]);
    assert!(
        run.requests_to("/contacts/completed")[0].contains("skillId=4201"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_short_window_can_be_empty() {
    let home = Home::new();
    let run = home.trace("demo", &["--recent", "--since", "10s"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(rows(&run.report()).is_empty());
    assert!(
        run.stderr.contains("no completed contacts"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_skill_is_a_judged_failure() {
    // a typo'd --skill must not pass as "no contacts": the skill is judged even without rows
    let home = Home::new();
    let run = home.trace("demo", &["--recent", "--skill", "99999"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report = run.report();
    assert!(rows(&report).is_empty());
    let skills = subjects(&report, "skill");
    assert_eq!(skills.len(), 1, "{report:#}");
    assert_eq!(skills[0]["id"], "99999");
    assert_eq!(skills[0]["status"], "fail");
    assert_eq!(skills[0]["findings"][0]["code"], "skill-not-found");
}
