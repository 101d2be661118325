//! Cleanup ends the contacts the run created and nothing else; `--keep` leaves them.

use cxone_diag::sandbox::Sandbox;
use serde_json::Value;

use crate::support::*;

/// The contact ids the sandbox received `POST /contacts/{id}/end` for.
fn ended(sb: &Sandbox) -> Vec<String> {
    sb.received()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/end"))
        .map(|r| r.path.rsplit('/').nth(1).unwrap().to_string())
        .collect()
}

#[test]
fn offline_cleanup_ends_only_the_copy_of_the_call() {
    let home = Home::new();
    let r = report(&home.simulate(&[]));
    let c = subject(&r, "cleanup");
    let created = c["facts"]["created"].as_array().unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!(c["facts"]["ended"], c["facts"]["created"]);
    for scenario_contact in ["5823200", "5823201"] {
        assert!(!created.contains(&Value::from(scenario_contact)));
    }
    assert_eq!(codes(c), ["simulate-cleanup-ended"]);

    let r = report(&home.simulate(&["--keep"]));
    let c = subject(&r, "cleanup");
    assert_eq!(codes(c), ["simulate-cleanup-kept"]);
    assert!(c["facts"].get("ended").is_none());
}

#[test]
fn live_work_items_are_ended_and_kept_with_keep() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let home = Home::new();
    home.sandbox_profile(&sb, "");
    let out = home
        .cmd_for(&sb)
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--yes",
            "--via",
            "work-item",
        ])
        .args(["--point-of-contact", "Callback WorkItem"])
        .output()
        .unwrap();
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}\n{}", stderr(&out));
    let created = subject(&r, "handover")["facts"]["createdContactId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        ended(&sb),
        vec![created],
        "only the work item this run created"
    );
    let work_items = sb
        .received()
        .iter()
        .filter(|r| r.path.ends_with("/interactions/work-items"))
        .count();
    assert_eq!(work_items, 1);

    sb.clear_received();
    let out = home
        .cmd_for(&sb)
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--yes",
            "--via",
            "work-item",
        ])
        .args(["--point-of-contact", "Callback WorkItem", "--keep"])
        .output()
        .unwrap();
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    let kept = subject(&r, "handover")["facts"]["createdContactId"]
        .as_str()
        .unwrap();
    assert!(ended(&sb).is_empty(), "--keep ends nothing");
    let contact = sb.contact(kept.parse().unwrap()).unwrap();
    assert_ne!(contact.state_name.as_deref(), Some("EndContact"));
    assert_eq!(codes(subject(&r, "cleanup")), ["simulate-cleanup-kept"]);
}

#[test]
fn a_live_signal_never_ends_the_contact_it_escalated() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let home = Home::new();
    home.sandbox_profile(&sb, "");
    let out = home
        .cmd_for(&sb)
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--yes",
            "--contact-id",
            "5823201",
        ])
        .output()
        .unwrap();
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}\n{}", stderr(&out));
    assert!(ended(&sb).is_empty());
    let c = subject(&r, "cleanup");
    assert_eq!(codes(c), ["simulate-cleanup-nothing"]);
    assert!(
        c["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("did not create")
    );
    let signals = sb.signals();
    assert_eq!(signals.len(), 1);
    assert_eq!(signals[0].contact_id, "5823201");
    assert_eq!(signals[0].params["p1"], "Escalate");
    assert_eq!(signals[0].source, "body");
    let v = subject(&r, "verify");
    assert!(
        v["label"].as_str().unwrap().contains("5823200"),
        "verify follows the master: {v:#}"
    );
    assert_eq!(v["facts"]["outcome"], "answered");
}
