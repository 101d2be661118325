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
        // each row is traced in full: the _ERR custom data and the empty history are read
        ("5823150", "bot-error"),
        ("5823170", "inconclusive"),
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
    // every kept row is traced in full, as `trace-conversation ID` would
    for id in ["5823110", "5823150", "5823170"] {
        let path = format!("/contacts/{id}/custom-data");
        assert_eq!(run.requests_to(&path).len(), 1, "{id}: {}", run.stderr);
    }
    let completed = run.requests_to("/contacts/completed");
    assert!(!completed.is_empty(), "{}", run.stderr);
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

#[test]
fn every_recent_row_says_what_its_single_trace_says() {
    let home = Home::new();
    let list = home.trace("demo", &["--recent", "--since", "1d"]);
    let report = list.report();
    let listed = subjects(&report, "contact");
    assert!(listed.len() >= 5, "{report:#}");
    for row in listed {
        let id = row["id"].as_str().unwrap();
        let single = home.trace("demo", &[id]).report();
        let alone = subjects(&single, "contact")
            .into_iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("{id}: {single:#}"));
        assert_eq!(
            row["facts"]["diagnosis"], alone["facts"]["diagnosis"],
            "{id}"
        );
        assert_eq!(row["facts"]["evidence"], alone["facts"]["evidence"], "{id}");
        assert_eq!(row["status"], alone["status"], "{id}");
    }
}
