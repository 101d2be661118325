//! Offline rehearsals say which contact they used: the payload's own when it is a live bot call
//! of the scenario, else a note naming the demo contact used instead; an unknown --contact-id is
//! exit 2 listing the usable ones.

use crate::support::*;

fn with_contact(home: &Home, id: &str) -> std::path::PathBuf {
    home.write(
        "payload.json",
        &format!(
            r#"{{"p1": "Escalate", "p2": "[{{\"intent\":\"billing_dispute\",\"confidence\":0.4}}]", "contactId": "{id}"}}"#
        ),
    )
}

fn note(r: &serde_json::Value) -> String {
    let p = subject(r, "payload");
    p["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "simulate-offline-contact")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no note: {p:#}"))
}

#[test]
fn a_payload_contact_not_in_the_scenario_is_replaced_by_the_demo_contact_with_a_note() {
    let home = Home::new();
    let payload = with_contact(&home, "123456");
    let out = home.simulate(&[payload.to_str().unwrap()]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    let n = note(&r);
    assert!(
        n.contains("123456 is not in the sandbox scenario demo"),
        "{n}"
    );
    assert!(n.contains("bot contact 5823201 instead"), "{n}");
    assert_eq!(subject(&r, "payload")["facts"]["contactUsed"], "5823201");
}

#[test]
fn an_ended_payload_contact_is_replaced_too_and_says_why() {
    let home = Home::new();
    let payload = with_contact(&home, "5823114");
    let out = home.simulate(&[payload.to_str().unwrap()]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    let n = note(&r);
    assert!(n.contains("5823114"), "{n}");
    assert!(n.contains("has ended"), "{n}");
    assert!(
        !n.contains("to rehearse it anyway"),
        "preflight refuses an ended contact even with --force, so the note never suggests it: {n}"
    );
    assert!(n.contains("bot contact 5823201 instead"), "{n}");
}

#[test]
fn a_payload_naming_the_callers_contact_signals_its_bot_contact() {
    let home = Home::new();
    let payload = with_contact(&home, "5823200");
    let out = home.simulate(&[payload.to_str().unwrap(), "--verify-timeout", "0"]);
    let r = report(&out);
    let n = note(&r);
    assert!(
        !n.contains("ended"),
        "contact 5823200 is a live caller's contact: {n}"
    );
    assert!(n.contains("caller's (master) contact"), "{n}");
    assert!(n.contains("bot contact 5823201"), "{n}");
    assert_eq!(subject(&r, "payload")["facts"]["contactUsed"], "5823201");
}

#[test]
fn a_live_bot_contact_of_the_payload_is_used() {
    let home = Home::new();
    let payload = with_contact(&home, "5823211");
    let out = home.simulate(&[payload.to_str().unwrap(), "--verify-timeout", "0"]);
    let r = report(&out);
    assert_eq!(subject(&r, "payload")["facts"]["contactUsed"], "5823211");
    assert!(note(&r).contains("payload's own contact 5823211"));
    assert_eq!(subject(&r, "handover")["facts"]["sandboxCopyOf"], "5823211");
}

#[test]
fn an_unknown_contact_id_lists_the_usable_ones() {
    let home = Home::new();
    let out = home.simulate(&["--contact-id", "999"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("contact 999 is not in the sandbox scenario demo"),
        "{err}"
    );
    assert!(err.contains("5823201, 5823211"), "{err}");
    assert!(out.stdout.is_empty());
}
