//! The refusals of a handover's target, each from the data it depends on.

use serde_json::json;

use super::*;
use crate::report::Status;

fn contact(v: serde_json::Value) -> Contact {
    serde_json::from_value(v).unwrap()
}

fn active(v: serde_json::Value) -> Liveness {
    Liveness::Active(Box::new(contact(v)))
}

fn judged(t: &SignalTarget) -> Subject {
    let mut s = Subject::new("step", "preflight");
    judge_signal(&mut s, t);
    s.finish();
    s
}

fn codes_of(s: &Subject) -> Vec<&str> {
    s.findings.iter().map(|f| f.code.as_str()).collect()
}

/// A spawned bot contact 5 of caller 4, with the caller in `master_state`.
fn spawned(master: serde_json::Value, master_live: Liveness) -> SignalTarget {
    SignalTarget {
        id: "5".into(),
        contact: contact(json!({"contactId": 5, "masterContactId": 4, "stateName": "Active"})),
        live: active(json!({"contactId": 5, "masterContactId": 4, "stateName": "Active"})),
        master: Some(("4".into(), Some(contact(master.clone())), master_live)),
        spawned: None,
    }
}

#[test]
fn a_bot_contact_whose_caller_is_in_prequeue_may_be_signalled() {
    let m = json!({"contactId": 4, "stateName": "PreQueue", "skillId": 42});
    let s = judged(&spawned(m.clone(), active(m)));
    assert_eq!(s.status, Status::Pass, "{:?}", s.findings);
    assert_eq!(verdict(&s), Verdict::Send);
    assert_eq!(s.facts["masterState"], "PreQueue");
}

#[test]
fn an_ended_contact_is_refused_and_force_does_not_override() {
    let mut t = spawned(
        json!({"contactId": 4, "stateName": "PreQueue"}),
        Liveness::NotActive,
    );
    t.live = Liveness::NotActive;
    t.contact =
        contact(json!({"contactId": 5, "stateName": "EndContact", "endReason": "Contact Hung Up"}));
    let s = judged(&t);
    assert_eq!(codes_of(&s), ["simulate-target-ended"]);
    assert!(s.findings[0].message.contains("Contact Hung Up"));
    assert!(matches!(verdict(&s), Verdict::Never(_)));
    // Not listed as active, whatever the reporting record says.
    let mut quiet = spawned(
        json!({"contactId": 4, "stateName": "PreQueue"}),
        Liveness::NotActive,
    );
    quiet.live = Liveness::NotActive;
    let s = judged(&quiet);
    assert_eq!(codes_of(&s), ["simulate-target-ended"]);
    assert!(s.findings[0].message.contains("/contacts/active"));
}

#[test]
fn a_caller_that_hung_up_ends_the_bot_contact_too() {
    let s = judged(&spawned(
        json!({"contactId": 4, "stateName": "EndContact"}),
        Liveness::NotActive,
    ));
    assert_eq!(codes_of(&s), ["simulate-target-ended"]);
    assert!(s.findings[0].message.contains("master"));
}

#[test]
fn a_caller_already_queued_or_answered_is_refused_but_forceable() {
    let q = json!({"contactId": 4, "stateName": "Inqueue", "skillId": 4201});
    let s = judged(&spawned(q.clone(), active(q)));
    assert_eq!(codes_of(&s), ["simulate-target-queued"]);
    assert!(s.findings[0].message.contains("skill 4201"));
    assert!(matches!(verdict(&s), Verdict::Forceable(_)));
    let r = json!({"contactId": 4, "stateName": "Routing"});
    assert_eq!(
        codes_of(&judged(&spawned(r.clone(), active(r)))),
        ["simulate-target-queued"]
    );
    let a = json!({"contactId": 4, "stateName": "Active", "agentId": 9001});
    let s = judged(&spawned(a.clone(), active(a)));
    assert_eq!(codes_of(&s), ["simulate-target-answered"]);
    assert!(s.findings[0].message.contains("9001"));
}

#[test]
fn the_real_time_row_wins_over_a_stale_reporting_record() {
    // Reporting still says PreQueue; the live row says Inqueue.
    let t = spawned(
        json!({"contactId": 4, "stateName": "PreQueue"}),
        active(json!({"contactId": 4, "stateName": "Inqueue"})),
    );
    assert_eq!(codes_of(&judged(&t)), ["simulate-target-queued"]);
}

#[test]
fn a_master_with_a_spawned_bot_contact_names_it() {
    let t = SignalTarget {
        id: "4".into(),
        contact: contact(json!({"contactId": 4, "masterContactId": 4, "stateName": "PreQueue"})),
        live: active(json!({"contactId": 4, "stateName": "PreQueue"})),
        master: None,
        spawned: Some(vec!["5".into()]),
    };
    let s = judged(&t);
    assert_eq!(codes_of(&s), ["simulate-signal-spawned-contact"]);
    assert!(
        s.findings[0]
            .message
            .contains("spawnedContactId || contactId")
    );
    assert!(
        s.findings[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("--contact-id 5")
    );
    assert_eq!(s.facts["spawnedContactIds"], json!(["5"]));
    // Without a spawned contact, a PreQueue master is the bot's contact itself.
    let alone = SignalTarget {
        spawned: Some(Vec::new()),
        ..t.clone()
    };
    assert_eq!(judged(&alone).status, Status::Pass);
    // Spawned contacts that could not be listed: a warning, never a silent pass.
    let unknown = SignalTarget { spawned: None, ..t };
    assert_eq!(judged(&unknown).status, Status::Warn);
}

#[test]
fn missing_null_and_odd_states_never_pass() {
    for state in [json!(null), json!(""), json!("Hold"), json!(7)] {
        let m = json!({"contactId": 4, "stateName": state});
        let Ok(c) = serde_json::from_value::<Contact>(m.clone()) else {
            continue; // a number is not a state name: the model refuses it
        };
        let t = spawned(m, Liveness::Active(Box::new(c)));
        let s = judged(&t);
        assert_eq!(s.status, Status::Fail, "{state}: {:?}", s.findings);
        assert_ne!(verdict(&s), Verdict::Send);
    }
    let mut t = spawned(
        json!({"contactId": 4, "stateName": "PreQueue"}),
        Liveness::NotActive,
    );
    t.master = Some(("4".into(), None, Liveness::Unknown("403".into())));
    let s = judged(&t);
    assert!(codes_of(&s).contains(&"simulate-target-state-unknown"));
    assert_eq!(s.status, Status::Fail);
}

#[test]
fn a_work_item_needs_an_active_work_item_point_of_contact() {
    let judge = |poc: serde_json::Value| {
        let mut s = Subject::new("step", "preflight");
        judge_point_of_contact(&mut s, "Callback", &poc);
        s.finish();
        s
    };
    let ok = judge(json!({"mediaTypeId": 6, "isActive": true}));
    assert_eq!(ok.status, Status::Pass);
    let ok = judge(json!({"mediaTypeId": "6", "isActive": "true"}));
    assert_eq!(ok.status, Status::Pass);
    assert_eq!(
        codes_of(&judge(json!({"mediaTypeId": 4, "isActive": true}))),
        ["simulate-poc-not-work-item"]
    );
    assert_eq!(
        codes_of(&judge(json!({"mediaTypeId": 6, "isActive": false}))),
        ["simulate-poc-inactive"]
    );
    for odd in [
        json!({}),
        json!({"mediaTypeId": null, "isActive": null}),
        json!({"mediaTypeId": [6], "isActive": 1}),
    ] {
        let s = judge(odd.clone());
        assert_eq!(s.status, Status::Fail, "{odd}");
        assert_eq!(s.findings.len(), 2, "{odd}");
    }
}

#[test]
fn a_digital_channel_must_be_active() {
    let judge = |ch: serde_json::Value| {
        let mut s = Subject::new("step", "preflight");
        judge_channel(&mut s, "byoc", &ch);
        s.finish();
        s
    };
    assert_eq!(judge(json!({"isActive": true})).status, Status::Pass);
    assert_eq!(judge(json!({"isHidden": false})).status, Status::Pass);
    assert_eq!(
        codes_of(&judge(json!({"isActive": false}))),
        ["simulate-channel-inactive"]
    );
    assert_eq!(
        codes_of(&judge(json!({"isHidden": true}))),
        ["simulate-channel-inactive"]
    );
    // A deleted channel is refused even when it still says it is active.
    let deleted = judge(json!({"isActive": true, "isDeleted": true}));
    assert_eq!(codes_of(&deleted), ["simulate-channel-inactive"]);
    assert!(deleted.findings[0].message.contains("isDeleted: true"));
    for odd in [
        json!({}),
        json!({"isActive": null}),
        json!({"isActive": "yes"}),
    ] {
        let s = judge(odd.clone());
        assert_eq!(codes_of(&s), ["simulate-channel-state-unknown"], "{odd}");
        assert_eq!(s.status, Status::Warn);
    }
}
