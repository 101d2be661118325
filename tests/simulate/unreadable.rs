//! Preflight reads a list whose answer is not the shape the reference gives (no
//! `pointsOfContact`, no `activeContacts`, channels that are not a list): what the list holds is
//! unknown, so the target is never called missing or ended (which `--force` cannot override),
//! and nothing is sent.

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::support::*;

fn tenant(path: &str, body: Value) -> Tenant {
    let t = Tenant::start();
    t.token();
    t.server.mock(|when, then| {
        when.method(GET).path(path);
        then.status(200).json_body(body);
    });
    t
}

fn preflight(t: &Tenant, args: &[&str]) -> (Value, i32) {
    let posts = t.server.mock(|when, then| {
        when.method(POST).path_includes("/inContactAPI/");
        then.status(202);
    });
    let dfo_posts = t.server.mock(|when, then| {
        when.method(POST).path_includes("/dfo/");
        then.status(202);
    });
    let home = Home::new();
    home.lab_profile(&t.base(), true, false, "");
    let mut all = vec!["--live", "--yes", "--verify-timeout", "0"];
    all.extend_from_slice(args);
    let out = home.simulate(&all);
    let r = report(&out);
    posts.assert_calls(0);
    dfo_posts.assert_calls(0);
    (subject(&r, "preflight").clone(), code(&out))
}

fn assert_unknown(pre: &Value, code_expected: &str) {
    assert_eq!(pre["status"], "fail", "{pre:#}");
    let found = codes(pre);
    assert!(
        !found.contains(&"simulate-target-missing".to_string()),
        "an unreadable list does not prove the target missing: {pre:#}"
    );
    assert_eq!(found[0], code_expected, "{pre:#}");
    let msg = pre["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("could not be read"), "{msg}");
}

#[test]
fn points_of_contact_without_their_list_are_unknown_not_missing() {
    let t = tenant(
        &acd("/points-of-contact"),
        json!({"resultSet": [{"contactDescription": "Callback WorkItem", "mediaTypeId": 6,
                               "isActive": true, "defaultSkillId": 4201}]}),
    );
    let (pre, exit) = preflight(
        &t,
        &[
            "--via",
            "work-item",
            "--point-of-contact",
            "Callback WorkItem",
        ],
    );
    assert_eq!(exit, 1);
    assert_unknown(&pre, "simulate-poc-inactive");
}

#[test]
fn channels_that_are_not_a_list_are_unknown_not_missing() {
    for body in [
        json!({"items": [{"id": "byoc_demo", "isActive": true}]}),
        json!("oops"),
    ] {
        let t = tenant("/dfo/3.0/channels", body.clone());
        let (pre, exit) = preflight(&t, &["--via", "digital", "--channel-id", "byoc_demo"]);
        assert_eq!(exit, 1, "{body}");
        assert_unknown(&pre, "simulate-channel-inactive");
    }
}

#[test]
fn live_contacts_without_their_list_do_not_make_a_contact_ended() {
    let t = Tenant::start();
    t.token();
    t.server.mock(|when, then| {
        when.method(GET).path(acd("/contacts/5823201"));
        then.status(200)
            .json_body(json!({"contactId": "5823201", "stateName": "Inqueue",
                                          "skillId": 4201}));
    });
    t.server.mock(|when, then| {
        when.method(GET).path(acd("/contacts/active"));
        then.status(200).json_body(json!({"totalRecords": 0}));
    });
    t.skill();
    let (pre, exit) = preflight(&t, &["--contact-id", "5823201"]);
    assert_eq!(exit, 1);
    let found = codes(&pre);
    assert!(
        !found.contains(&"simulate-target-ended".to_string()),
        "an answer without activeContacts does not prove the contact ended: {pre:#}"
    );
    assert!(
        found.contains(&"simulate-target-lookup-failed".to_string()),
        "{pre:#}"
    );
    assert!(
        found.contains(&"simulate-target-queued".to_string()),
        "{pre:#}"
    );
}
