//! Choosing skills: names, duplicates, `--all` paging and the `--media` filter.

use crate::support::{Env, fixture};

#[test]
fn a_skill_name_resolves_case_insensitively() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "queue-health",
        "billing VOICE",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let subjects = run.report()["subjects"].as_array().unwrap().clone();
    assert_eq!(subjects.len(), 1);
    assert_eq!(subjects[0]["id"], "4201");
    assert_eq!(subjects[0]["label"], "Billing Voice");
    assert_eq!(subjects[0]["status"], "pass");
}

#[test]
fn an_unknown_name_fails_with_close_matches_and_the_others_are_still_checked() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "queue-health",
        "Biling Voice",
        "4210",
    ]);
    assert_eq!(run.code, 1);
    let unknown = run.subject("Biling Voice");
    assert_eq!(unknown["status"], "fail");
    assert_eq!(unknown["findings"][0]["code"], "skill-name-unknown");
    let message = unknown["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("Billing Voice (4201)"), "{message}");
    assert_eq!(run.subject("4210")["status"], "pass");
}

#[test]
fn an_ambiguous_name_lists_every_match() {
    let run = Env::new().run(&[
        "--sandbox",
        &fixture("names.yaml"),
        "-o",
        "json",
        "queue-health",
        "support",
        "Billing Voice",
    ]);
    assert_eq!(run.code, 1);
    let ambiguous = run.subject("support");
    assert_eq!(ambiguous["status"], "fail");
    assert_eq!(ambiguous["findings"][0]["code"], "skill-name-ambiguous");
    let message = ambiguous["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("Support (4601)") && message.contains("SUPPORT (4602)"),
        "{message}"
    );
    assert_eq!(run.subject("4603")["status"], "pass");
}

#[test]
fn repeated_skills_are_judged_once() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "-v",
        "queue-health",
        "4201",
        "Billing Voice",
        " 4201",
        "billing voice",
        "4210",
    ]);
    let ids: Vec<String> = run.report()["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["4201", "4210"]);
    let requests = run.requests();
    let count = |p: &str| requests.iter().filter(|r| r.as_str() == p).count();
    assert_eq!(count("GET /skills/4201/activity"), 1, "{requests:#?}");
    assert_eq!(count("GET /skills/4201/agents?top=100&skip=0"), 1);
    assert_eq!(count("GET /skills/4201"), 0, "known from the skill list");
}

#[test]
fn all_reads_every_page_of_skills_and_activity() {
    let run = Env::new().run(&[
        "--sandbox",
        &fixture("paging.yaml"),
        "-o",
        "json",
        "-v",
        "queue-health",
        "--all",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.report();
    let subjects = report["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 130);
    assert_eq!(subjects[0]["id"], "7001");
    assert_eq!(subjects[129]["id"], "7228");
    assert_eq!(report["summary"]["pass"], 130);
    let requests = run.requests();
    for page in [
        "GET /skills?top=100&skip=0",
        "GET /skills?top=100&skip=100",
        "GET /skills/activity?top=100&skip=0",
        "GET /skills/activity?top=100&skip=100",
    ] {
        assert_eq!(
            requests.iter().filter(|r| r.as_str() == page).count(),
            1,
            "{page}: {requests:#?}"
        );
    }
    let skill_pages = requests
        .iter()
        .filter(|r| r.starts_with("GET /skills?"))
        .count();
    assert_eq!(skill_pages, 2, "totalRecords ends the paging");
}

#[test]
fn media_filters_all_on_the_server_and_in_the_report() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "-v",
        "queue-health",
        "--all",
        "--media",
        "chat",
    ]);
    assert_eq!(run.code, 0);
    let subjects = run.report()["subjects"].as_array().unwrap().clone();
    assert_eq!(subjects.len(), 1);
    assert_eq!(subjects[0]["id"], "4210");
    assert_eq!(subjects[0]["facts"]["mediaTypeName"], "Chat");
    let requests = run.requests();
    assert!(
        requests.contains(&"GET /skills?top=100&skip=0&mediaTypeId=3".to_string()),
        "{requests:#?}"
    );
    assert!(requests.contains(&"GET /skills/activity?top=100&skip=0&mediaTypeId=3".to_string()));
    assert!(!requests.iter().any(|r| r.contains("/skills/4201")));

    let paged = Env::new().run(&[
        "--sandbox",
        &fixture("paging.yaml"),
        "-o",
        "json",
        "queue-health",
        "--all",
        "--media",
        "chat",
    ]);
    let ids: Vec<String> = paged.report()["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["7001", "7002"]);
}

#[test]
fn a_media_with_no_skills_is_an_empty_passing_report_with_a_note() {
    let run = Env::new().run(&[
        "--sandbox",
        &fixture("names.yaml"),
        "-o",
        "json",
        "queue-health",
        "--all",
        "--media",
        "email",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(run.report()["subjects"].as_array().unwrap().len(), 0);
    assert!(
        run.stderr.contains("no skill of media type Email"),
        "{}",
        run.stderr
    );
}
