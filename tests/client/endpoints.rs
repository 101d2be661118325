//! The typed endpoint methods send the documented requests and decode the answers; recording and replay.

use httpmock::prelude::*;
use serde_json::json;

use cxone_diag::config::profile::sandbox_profile;
use cxone_diag::cxone::endpoints::{CompletedQuery, WorkItem};
use cxone_diag::cxone::{Client, ErrorKind};

use crate::support::*;

fn logged_in(t: &Tenant) {
    t.discovery();
    t.token(3600);
    t.configuration();
}

#[test]
fn skills_are_read_page_by_page() {
    let t = Tenant::start();
    logged_in(&t);
    let page = |skip: u32, n: u32| {
        let skills: Vec<_> = (skip..skip + n)
            .map(|i| json!({"skillId": i, "mediaTypeId": 4}))
            .collect();
        json!({"skills": skills, "totalRecords": 150})
    };
    let p1 = t.server.mock(|when, then| {
        when.path(acd("/skills"))
            .query_param("top", "100")
            .query_param("skip", "0")
            .query_param("mediaTypeId", "4");
        then.status(200).json_body(page(0, 100));
    });
    let p2 = t.server.mock(|when, then| {
        when.path(acd("/skills"))
            .query_param("skip", "100")
            .query_param("mediaTypeId", "4");
        then.status(200).json_body(page(100, 50));
    });
    let call = client(&t.base()).skills(Some(4)).unwrap();
    assert_eq!(call.len(), 150);
    assert_eq!(call.requests, 2);
    assert_eq!(call[149].skill_id.as_deref(), Some("149"));
    p1.assert_calls(1);
    p2.assert_calls(1);
}

#[test]
fn skill_reads_decode_the_models() {
    let t = Tenant::start();
    logged_in(&t);
    t.server.mock(|when, then| {
        when.path(acd("/skills/42"));
        then.status(200).json_body(
            json!({"skills":[{"skillId":42,"skillName":"Billing Voice","isActive":"False"}]}),
        );
    });
    t.server.mock(|when, then| {
        when.path(acd("/skills/42/activity"))
            .query_param("updatedSince", "2026-03-01T10:00:00Z");
        then.status(304);
    });
    t.server.mock(|when, then| {
        when.path(acd("/skills/42/activity")).query_param_missing("updatedSince");
        then.status(200).json_body(json!({"skillActivity":[{"skillId":42,"queueCount":7,"agentsAvailable":0}],"lastPollTime":"2026-03-01T10:00:00Z"}));
    });
    t.server.mock(|when, then| {
        when.path(acd("/skills/42/agents"));
        then.status(200)
            .json_body(json!({"agentSkillAssignments":[{"agentId":7,"isActive":true}]}));
    });
    let c = client(&t.base());
    let skill = c.skill("42").unwrap();
    assert_eq!(skill.skill_name.as_deref(), Some("Billing Voice"));
    assert_eq!(skill.is_active, Some(false));
    let activity = c.skill_activity("42", None).unwrap().into_value().unwrap();
    assert_eq!(activity.skill_activity[0].queue_count, Some(7));
    let since = activity.last_poll_time.unwrap();
    assert!(
        c.skill_activity("42", Some(&since))
            .unwrap()
            .value
            .is_none(),
        "304 means unchanged"
    );
    assert_eq!(c.skill_agents("42").unwrap().len(), 1);
}

#[test]
fn contact_reads_and_completed_contacts() {
    let t = Tenant::start();
    logged_in(&t);
    t.server.mock(|when, then| {
        when.path(acd("/contacts/5823114/state-history"));
        then.status(200).json_body(
            json!({"contactStateHistory":[{"contactStateName":"Inqueue","skillId":42}]}),
        );
    });
    t.server.mock(|when, then| {
        when.path(acd("/contacts/5823114/custom-data"));
        then.status(200)
            .json_body(json!({"contactCustomData":[{"name":"sessionId","value":12}]}));
    });
    let completed = t.server.mock(|when, then| {
        when.path(acd("/contacts/completed"))
            .query_param("startDate", "2026-03-01T00:00:00Z")
            .query_param("endDate", "2026-03-01T02:00:00Z")
            .query_param("skillId", "42")
            .query_param("skip", "0");
        then.status(200).json_body(
            json!({"completedContacts":[{"contactId":1,"abandoned":true}],"totalRecords":1}),
        );
    });
    let c = client(&t.base());
    assert_eq!(
        c.state_history("5823114").unwrap().contact_state_history[0]
            .contact_state_name
            .as_deref(),
        Some("Inqueue")
    );
    assert_eq!(
        c.custom_data("5823114").unwrap().contact_custom_data[0]
            .value
            .as_deref(),
        Some("12")
    );
    let list = c
        .completed_contacts(&CompletedQuery {
            start_date: "2026-03-01T00:00:00Z".into(),
            end_date: "2026-03-01T02:00:00Z".into(),
            skill_id: Some("42".into()),
        })
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].abandoned, Some(true));
    completed.assert_calls(1);
}

#[test]
fn dfo_messages_follow_scroll_tokens_in_one_pass() {
    let t = Tenant::start();
    logged_in(&t);
    let first = t.server.mock(|when, then| {
        when.path("/dfo/3.0/contacts/1042/messages")
            .query_param_missing("scrollToken");
        then.status(200)
            .json_body(json!({"hits":3,"data":[{"id":"m1"},{"id":"m2"}],"scrollToken":"tok-2"}));
    });
    let second = t.server.mock(|when, then| {
        when.path("/dfo/3.0/contacts/1042/messages").query_param("scrollToken", "tok-2");
        then.status(200).json_body(json!({"hits":3,"data":[{"id":"m3","authorUser":{"isBotUser":true}}],"scrollToken":"tok-2"}));
    });
    t.server.mock(|when, then| {
        when.path("/dfo/3.0/contacts/1042");
        then.status(200)
            .json_body(json!({"id":1042,"status":"escalated","routingQueueId":"q-1"}));
    });
    let c = client(&t.base());
    let messages = c.dfo_messages("1042").unwrap();
    let ids: Vec<_> = messages.iter().map(|m| m.id.clone().unwrap()).collect();
    assert_eq!(ids, ["m1", "m2", "m3"]);
    assert_eq!(messages.requests, 2);
    first.assert_calls(1);
    second.assert_calls(1);
    assert_eq!(
        c.dfo_contact("1042").unwrap().status.as_deref(),
        Some("escalated")
    );
}

#[test]
fn writes_send_the_documented_requests() {
    let t = Tenant::start();
    logged_in(&t);
    let signal = t.server.mock(|when, then| {
        when.method(POST)
            .path(acd("/interactions/5823114/signal"))
            .header("content-type", "application/json")
            .json_body(json!({"p1":"Escalate","p2":"{\"skill\":\"Billing\"}"}));
        then.status(202);
    });
    let work = t.server.mock(|when, then| {
        when.method(POST)
            .path(acd("/interactions/work-items"))
            .query_param("pointOfContact", "Test WI")
            .query_param("workItemPayload", "{\"a\":1}")
            .query_param("workItemType", "Handoff");
        then.status(200).json_body(json!({"contactId": 991}));
    });
    let inbound = t.server.mock(|when, then| {
        when.method(POST)
            .path("/dfo/3.0/channels/chat_1/messages")
            .json_body_includes(r#"{"direction":"inbound"}"#);
        then.status(200)
            .json_body(json!({"consumerContact":{"id":"c-1"}}));
    });
    let end = t.server.mock(|when, then| {
        when.method(POST).path(acd("/contacts/991/end"));
        then.status(202);
    });
    let c = client(&t.base());
    assert_eq!(
        c.signal(
            "5823114",
            &["Escalate".into(), "{\"skill\":\"Billing\"}".into()]
        )
        .unwrap()
        .http_status,
        202
    );
    let created = c
        .create_work_item(&WorkItem {
            point_of_contact: "Test WI".into(),
            work_item_payload: Some("{\"a\":1}".into()),
            work_item_type: Some("Handoff".into()),
            ..WorkItem::default()
        })
        .unwrap();
    assert_eq!(created.contact_id.as_deref(), Some("991"));
    let answer = c
        .dfo_inbound_message(
            "chat_1",
            &json!({"direction":"inbound","thread":{"idOnExternalPlatform":"t"}}),
        )
        .unwrap();
    assert_eq!(answer["consumerContact"]["id"], "c-1");
    assert_eq!(c.end_contact("991").unwrap().http_status, 202);
    signal.assert_calls(1);
    work.assert_calls(1);
    inbound.assert_calls(1);
    end.assert_calls(1);
}

#[test]
fn a_recording_replays_offline_with_the_same_answers() {
    let t = Tenant::start();
    logged_in(&t);
    t.server.mock(|when, then| {
        when.path(acd("/contacts/5"));
        then.status(200)
            .json_body(json!({"contactId":5,"skillId":42}));
    });
    t.server.mock(|when, then| {
        when.path(acd("/contacts/6"));
        then.status(404)
            .json_body(json!({"error":"NotFound","errorDescription":"no such contact"}));
    });
    let c = client(&t.base());
    c.enable_recording();
    let live = c.contact("5").unwrap().into_value();
    let live_err = c.contact("6").unwrap_err();
    let recorded = c.recording();
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0].path, "/contacts/5");
    let text = serde_json::to_string(&recorded).unwrap();
    assert!(!text.contains(ACCESS_TOKEN), "no token in a recording");

    let back = serde_json::from_str(&text).unwrap();
    let offline = Client::replay(
        sandbox_profile("bundle", "https://bundle.invalid"),
        fast_http(),
        back,
        0,
        None,
    );
    assert!(offline.is_replay());
    assert_eq!(offline.contact("5").unwrap().into_value(), live);
    let err = offline.contact("6").unwrap_err();
    assert_eq!(err.kind, live_err.kind);
    assert!(err.message().contains("no such contact"));
    let missing = offline.contact("7").unwrap_err();
    assert_eq!(missing.kind, ErrorKind::NotRecorded);
    assert!(
        missing.message().contains("/contacts/7"),
        "{}",
        missing.message()
    );
    assert!(offline.login().is_err(), "a replay never logs in");
}

#[test]
fn the_dfo_host_is_derived_from_area_and_domain() {
    let t = Tenant::start();
    logged_in(&t);
    let mut p = profile(&t.base());
    p.dfo_base = None;
    // cxone-configuration says area na1 / niceincontact.com, so the DFO host is derived.
    let c = cxone_diag::cxone::Client::new(cxone_diag::cxone::ClientOptions {
        profile: p,
        http: fast_http(),
        credentials: credentials(),
        verbosity: 0,
        token_cache_dir: None,
        deadline: None,
        trace_sink: None,
    })
    .unwrap();
    let login = c.login().unwrap();
    assert_eq!(
        login.hosts.unwrap().dfo_base.as_deref(),
        Some("https://api-de-na1.niceincontact.com")
    );
}
