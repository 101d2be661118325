//! Voice-bot pairs: tracing either the caller's (master) contact or the bot's spawned contact
//! reports both.

use serde_json::{Value, json};

use crate::support::{Home, subject, timeline_contacts};

#[test]
fn tracing_the_spawned_contact_follows_its_master() {
    let home = Home::new();
    let run = home.trace("demo", &["5823114", "-v"]);
    let report = run.report();
    let s = subject(&report, "contact", "5823114");
    assert_eq!(s["facts"]["contactId"], "5823114");
    assert_eq!(s["facts"]["masterContactId"], "5823110");
    assert_eq!(timeline_contacts(s), ["5823110", "5823114"]);
    assert_eq!(s["facts"]["agent"], "9001");
    for path in [
        "/contacts/5823114 ",
        "/contacts/5823114/state-history",
        "/contacts/5823114/custom-data",
        "/contacts/5823110 ",
        "/contacts/5823110/state-history",
        "/contacts/5823110/custom-data",
    ] {
        assert_eq!(run.requests_to(path).len(), 1, "{path}:\n{}", run.stderr);
    }
}

#[test]
fn tracing_the_master_finds_its_spawned_contact() {
    let home = Home::new();
    let run = home.trace("demo", &["5823110", "-v"]);
    let report = run.report();
    let s = subject(&report, "contact", "5823110");
    assert_eq!(s["facts"]["diagnosis"], "handed-over");
    assert_eq!(s["facts"]["contactId"], "5823110");
    assert_eq!(s["facts"]["masterContactId"], Value::Null);
    assert_eq!(s["facts"]["spawnedContactIds"], json!(["5823114"]));
    assert_eq!(timeline_contacts(s), ["5823110", "5823114"]);
    // the bot contact's Active state is in the timeline, with no agent
    let bot_active = s["facts"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["contact"] == "5823114" && e["state"] == "Active" && e["agent"].is_null());
    assert!(bot_active, "{s:#}");
    assert_eq!(
        run.requests_to("/contacts/completed").len(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(run.requests_to("/contacts/5823114/custom-data").len(), 1);
    // the same pair and verdict either way
    let other = home.trace("demo", &["5823114"]).report();
    let o = subject(&other, "contact", "5823114");
    assert_eq!(o["facts"]["evidence"], s["facts"]["evidence"]);
}

#[test]
fn a_live_bot_call_is_in_progress_not_handed_over() {
    let home = Home::new();
    let run = home.trace("demo", &["5823201"]);
    let report = run.report();
    let s = subject(&report, "contact", "5823201");
    assert_eq!(s["facts"]["diagnosis"], "in-progress", "{s:#}");
    assert_eq!(s["facts"]["currentState"], "PreQueue");
    assert_eq!(s["facts"]["agents"], json!([]));
    assert_eq!(timeline_contacts(s), ["5823200", "5823201"]);
    assert_eq!(run.code, 0);
}

#[test]
fn a_contact_without_a_partner_is_traced_alone() {
    let home = Home::new();
    let report = home.trace("demo", &["5823120"]).report();
    let s = subject(&report, "contact", "5823120");
    assert_eq!(s["facts"]["spawnedContactIds"], json!([]));
    assert_eq!(s["facts"]["masterContactId"], Value::Null);
    assert_eq!(timeline_contacts(s), ["5823120"]);
}
