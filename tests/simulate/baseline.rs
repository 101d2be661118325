//! Verify's baseline when the read just before the write fails: the state preflight read stands
//! in for it, so a contact that was already queued is never "queued by this handover".

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::support::*;

/// Bot contact 5823301 of caller 5823300, who already waits in queue on skill 4201; the read of
/// the caller between preflight (after the agent states) and the signal answers 500.
fn queued_caller_whose_baseline_read_fails(t: &Tenant) {
    let (states_seen, signalled) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let (seen, sent) = (states_seen.clone(), signalled.clone());
    let (states, signal) = (acd("/agents/states"), acd("/interactions/5823301/signal"));
    // Never matches: only notes the preflight's last read and the signal (mocks are tried in order).
    t.server.mock(move |when, then| {
        when.is_true(move |req| {
            let uri = req.uri();
            let path = uri.path();
            if path == states {
                seen.store(true, Ordering::SeqCst);
            }
            if req.method_str() == "POST" && path == signal {
                sent.store(true, Ordering::SeqCst);
            }
            false
        });
        then.status(599);
    });
    let master = acd("/contacts/5823300");
    t.server.mock(|when, then| {
        when.method(GET).path(master.clone()).is_true(move |_| {
            states_seen.load(Ordering::SeqCst) && !signalled.load(Ordering::SeqCst)
        });
        then.status(500).json_body(json!({"error": "transient"}));
    });
    let caller = json!({"contactId": "5823300", "masterContactId": "5823300", "skillId": 4201,
                        "stateName": "Inqueue"});
    let bot = json!({"contactId": "5823301", "masterContactId": "5823300", "stateName": "Active"});
    for (path, body) in [
        (master, caller.clone()),
        (acd("/contacts/5823301"), bot.clone()),
        (
            acd("/contacts/5823300/state-history"),
            json!({"contactStateHistory": [
            {"contactStateName": "PreQueue"}, {"contactStateName": "Inqueue"}]}),
        ),
    ] {
        t.server.mock(|when, then| {
            when.method(GET).path(path);
            then.status(200).json_body(body);
        });
    }
    for (id, row) in [("5823300", caller), ("5823301", bot)] {
        t.server.mock(|when, then| {
            when.method(GET)
                .path(acd("/contacts/active"))
                .query_param("contactId", id);
            then.status(200)
                .json_body(json!({"totalRecords": 1, "activeContacts": [row]}));
        });
    }
    t.server.mock(|when, then| {
        when.method(POST).path(acd("/interactions/5823301/signal"));
        then.status(202);
    });
}

#[test]
fn a_failed_baseline_read_never_turns_an_old_queue_into_a_handover() {
    let t = Tenant::start();
    t.token();
    queued_caller_whose_baseline_read_fails(&t);
    t.skill();
    let home = Home::new();
    home.lab_profile(&t.base(), true, false, "");
    let out = home.simulate(&[
        "--live",
        "--yes",
        "--force",
        "--contact-id",
        "5823301",
        "--verify-timeout",
        "0",
    ]);
    let r = report(&out);
    assert_eq!(code(&out), 1, "{r:#}\n{}", stderr(&out));
    assert_eq!(
        codes(subject(&r, "preflight"))[0],
        "simulate-target-queued",
        "{r:#}"
    );
    let v = subject(&r, "verify");
    assert_eq!(codes(v), ["simulate-queued-before-handover"], "{v:#}");
    assert_eq!(v["facts"]["stateBefore"], "queued", "{v:#}");
    assert_eq!(v["facts"]["outcome"], "unverified", "{v:#}");
    assert_eq!(v["facts"]["timeToQueueMs"], Value::Null, "{v:#}");
}
