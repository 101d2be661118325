//! Digital cases: every page of messages read once, the verdict from the message scan, the
//! routing queue judged as a skill.

use std::collections::HashSet;

use crate::support::{Home, codes, fixture, subject};

#[test]
fn a_handed_over_case_reads_every_page_once() {
    let home = Home::new();
    let run = home.trace("demo", &["--digital", "1042", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.report();
    let s = subject(&report, "case", "1042");
    let f = &s["facts"];
    assert_eq!(f["diagnosis"], "handed-over");
    assert_eq!(f["messages"]["total"], 43);
    assert_eq!(f["messages"]["agent"], 2);
    assert_eq!(f["firstAgentMessage"]["index"], 40);
    assert_eq!(f["firstAgentMessage"]["agentName"], "Grace Hopper");
    // the case names a routing-queue UUID; /routing-queues maps it to skill 4211
    let queue = f["routingQueueId"].as_str().unwrap();
    assert_eq!(queue.len(), 36, "{queue}");
    assert_eq!(f["routingQueueSkillId"], "4211");
    assert_eq!(f["routingQueueName"], "Messaging Digital");
    assert_eq!(f["skill"], "4211");
    assert!(
        f["queueSecondsMeasure"]
            .as_str()
            .unwrap()
            .contains("first human agent message")
    );
    let lookups = run.requests_to("/dfo/3.0/routing-queues");
    assert_eq!(lookups.len(), 1, "{}", run.stderr);
    assert!(
        lookups[0].contains(&format!("id%5B%5D={queue}")),
        "{lookups:?}"
    );
    assert!(
        run.requests_to(&format!("/skills/{queue}")).is_empty(),
        "a routing-queue id is never sent to /skills/{{id}}"
    );
    assert_eq!(f["contactId"], "5823190");
    // 43 messages in pages of 20: three requests, each a different page
    let pages = run.requests_to("/contacts/1042/messages");
    assert_eq!(pages.len(), 3, "{}", run.stderr);
    let distinct: HashSet<&str> = pages.iter().map(|l| l.split(' ').nth(2).unwrap()).collect();
    assert_eq!(distinct.len(), 3, "{pages:#?}");
    assert_eq!(run.requests_to("/dfo/3.0/contacts/1042 ").len(), 1);
    assert_eq!(subject(&report, "skill", "4211")["status"], "pass");
}

#[test]
fn a_case_still_with_the_bot_is_in_progress() {
    let home = Home::new();
    let run = home.trace("demo", &["--digital", "1043"]);
    let report = run.report();
    let s = subject(&report, "case", "1043");
    assert_eq!(s["facts"]["diagnosis"], "in-progress");
    assert!(
        s["facts"]["evidence"]
            .as_str()
            .unwrap()
            .contains("has not been escalated")
    );
    assert_eq!(s["facts"]["messages"]["bot"], 2);
    assert_eq!(run.code, 0);
}

#[test]
fn a_long_case_is_read_in_one_pass_over_many_pages() {
    // 123 messages in pages of 7: 18 pages
    let home = Home::new();
    let run = home.trace(&fixture("paged-case.yaml"), &["--digital", "77", "-v"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.report();
    let s = subject(&report, "case", "77");
    assert_eq!(s["facts"]["messages"]["total"], 123);
    assert_eq!(s["facts"]["messages"]["bot"], 61);
    let pages = run.requests_to("/contacts/77/messages");
    assert_eq!(pages.len(), 18, "{}", run.stderr);
    let distinct: HashSet<&str> = pages.iter().map(|l| l.split(' ').nth(2).unwrap()).collect();
    assert_eq!(distinct.len(), 18, "a page was asked twice: {pages:#?}");
    // escalated to a routing queue whose skill is inactive
    assert_eq!(s["facts"]["diagnosis"], "skill-unavailable", "{s:#}");
    assert_eq!(s["facts"]["escalation"]["source"], "status");
    assert_eq!(subject(&report, "skill", "4801")["status"], "fail");
    assert_eq!(run.requests_to("/skills/4801 ").len(), 1);
}

#[test]
fn an_unknown_case_is_not_found() {
    let home = Home::new();
    let run = home.trace("demo", &["--digital", "5"]);
    assert_eq!(run.code, 1);
    let report = run.report();
    let s = subject(&report, "case", "5");
    assert_eq!(s["status"], "fail");
    assert_eq!(codes(s), ["case-not-found"]);
    assert_eq!(s["facts"]["diagnosis"], "not-found");
    assert!(
        s["findings"][0]["hint"]
            .as_str()
            .unwrap()
            .contains("--digital")
    );
}

#[test]
fn a_listed_routing_queue_is_judged_through_its_skill_and_a_survey_is_no_agent() {
    let home = Home::new();
    let run = home.trace(&fixture("routing-queues.yaml"), &["--digital", "501", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.report();
    let f = &subject(&report, "case", "501")["facts"];
    assert_eq!(f["routingQueueId"], "0b6f2c1e-93a4-4d8e-9c61-5f0e7a2b8d11");
    assert_eq!(f["routingQueueName"], "Chat Support Queue");
    assert_eq!(f["skill"], "4811");
    assert_eq!(
        f["messages"]["agent"], 1,
        "the survey is not an agent message"
    );
    assert_eq!(f["messages"]["other"], 1);
    assert!(f["queueSeconds"].is_number(), "{f:#}");
    assert_eq!(subject(&report, "skill", "4811")["status"], "pass");
}

#[test]
fn an_unknown_routing_queue_is_its_own_finding_and_no_skill_is_read() {
    let home = Home::new();
    let run = home.trace(&fixture("routing-queues.yaml"), &["--digital", "502", "-v"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.report();
    let s = subject(&report, "case", "502");
    assert!(
        codes(s).contains(&"case-routing-queue-unknown".to_string()),
        "{s:#}"
    );
    // the survey after the bot is not an escalation: still with the bot
    assert_eq!(s["facts"]["diagnosis"], "in-progress");
    assert!(run.requests_to("/skills/").is_empty(), "{}", run.stderr);
}

#[test]
fn the_agent_of_a_case_is_named_with_its_id_in_facts_and_timeline() {
    let home = Home::new();
    let run = home.trace("demo", &["--digital", "1042"]);
    let report = run.report();
    let f = &subject(&report, "case", "1042")["facts"];
    assert_eq!(f["agent"], "user-9002", "the id stays the id");
    assert_eq!(f["agentName"], "Grace Hopper");
    let first = f["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["agent"] == "user-9002")
        .unwrap();
    assert_eq!(first["agentName"], "Grace Hopper");
    let evidence = f["evidence"].as_str().unwrap();
    assert!(
        evidence.starts_with("Agent Grace Hopper (user-9002) first wrote"),
        "{evidence}"
    );
}
