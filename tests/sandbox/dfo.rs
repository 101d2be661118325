//! Digital cases, message paging with scrollToken, channels and inbound messages.

use crate::support::Api;
use cxone_diag::cxone::models::{DfoContact, DfoMessagePage};
use cxone_diag::sandbox::Sandbox;
use serde_json::json;
use std::collections::HashSet;

fn all_messages(api: &Api, case: u64) -> (Vec<DfoMessagePage>, usize) {
    let mut pages = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            None => format!("/dfo/3.0/contacts/{case}/messages"),
            Some(t) => format!("/dfo/3.0/contacts/{case}/messages?scrollToken={t}"),
        };
        let (status, body) = api.get(&path);
        assert_eq!(status, 200, "{body}");
        let page: DfoMessagePage = serde_json::from_value(body).unwrap();
        next = page.scroll_token.clone();
        pages.push(page);
        if next.is_none() {
            let n = pages.len();
            return (pages, n);
        }
    }
}

#[test]
fn case_handed_to_an_agent_and_case_with_the_bot() {
    let api = Api::demo();
    let (status, body) = api.get("/dfo/3.0/contacts/1042");
    assert_eq!(status, 200);
    let agent_case: DfoContact = serde_json::from_value(body).unwrap();
    let queue = agent_case.routing_queue_id.clone().unwrap();
    assert_eq!(
        queue.len(),
        36,
        "a routing-queue UUID, not the skill id: {queue}"
    );
    let (_, queues) = api.get(&format!("/dfo/3.0/routing-queues?id[]={queue}"));
    assert_eq!(queues["totalRecords"], 1);
    assert_eq!(queues["data"][0]["id"], queue.as_str());
    assert_eq!(queues["data"][0]["skillId"], "4211");
    let assignee = agent_case.inbox_assignee_user.unwrap();
    assert_eq!(assignee.is_bot_user, Some(false));
    assert_eq!(assignee.first_name.as_deref(), Some("Grace"));
    assert_eq!(agent_case.contact_id.as_deref(), Some("5823190"));
    let (_, bot) = api.get("/dfo/3.0/contacts/1043");
    assert_eq!(bot["inboxAssigneeUser"]["isBotUser"], true);
    assert_eq!(bot["status"], "open");
    assert!(bot.get("routingQueueId").is_none());
}

#[test]
fn demo_case_messages_span_three_pages_with_bot_and_agent_authors() {
    let api = Api::demo();
    let (pages, n) = all_messages(&api, 1042);
    assert_eq!(n, 3);
    let msgs: Vec<_> = pages.into_iter().flat_map(|p| p.data).collect();
    assert_eq!(msgs.len(), 43);
    assert!(
        msgs.iter()
            .any(|m| m.author_user.as_ref().and_then(|u| u.is_bot_user) == Some(true))
    );
    let first_agent = msgs
        .iter()
        .position(|m| m.author_user.as_ref().and_then(|u| u.is_bot_user) == Some(false))
        .unwrap();
    assert_eq!(first_agent, 40);
    assert_eq!(msgs[0].direction.as_deref(), Some("inbound"));
}

#[test]
fn five_thousand_messages_page_by_scroll_token_without_repeats() {
    let sb = Sandbox::start("bench-digital", 0).unwrap();
    sb.clear_faults();
    let api = Api::new(sb);
    let (pages, n) = all_messages(&api, 9000);
    assert_eq!(n, 50);
    assert!(pages.iter().all(|p| p.hits == Some(5000)));
    let ids: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.data)
        .filter_map(|m| m.id)
        .collect();
    assert_eq!(ids.len(), 5000);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 5000);
    let messages_requests = api
        .sb
        .received()
        .iter()
        .filter(|r| r.path.ends_with("/messages"))
        .count();
    assert_eq!(messages_requests, 50);
}

#[test]
fn bad_scroll_token_and_unknown_case_use_the_dfo_error_shape() {
    let api = Api::demo();
    let (status, body) = api.get("/dfo/3.0/contacts/1042/messages?scrollToken=nonsense");
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["field"], "scrollToken");
    let (status, body) = api.get("/dfo/3.0/contacts/77");
    assert_eq!(status, 404);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("77")
    );
    assert!(body["uid"].is_string());
}

#[test]
fn channels_name_their_skill() {
    let api = Api::demo();
    let (status, body) = api.get("/dfo/3.0/channels");
    assert_eq!(status, 200);
    // A bare list, as NICE's SDK reads it (docs/cxone-api.md §4.2), not `{data: [...]}`.
    let byoc = body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "byoc_demo")
        .unwrap();
    assert_eq!(byoc["defaultSkillId"], 4211);
}

fn inbound(thread: &str, text: &str) -> serde_json::Value {
    json!({
        "idOnExternalPlatform": format!("m-{text}"),
        "direction": "inbound",
        "thread": {"idOnExternalPlatform": thread},
        "messageContent": {"type": "TEXT", "payload": {"text": text}},
        "authorEndUserIdentity": {"idOnExternalPlatform": "cust-1", "fullName": "Pat Doe"},
    })
}

#[test]
fn inbound_message_creates_a_case_routed_to_the_channel_skill_then_extends_it() {
    let api = Api::demo();
    api.sb.set_routing_delay(30);
    let (status, body) = api.post_json(
        "/dfo/3.0/channels/byoc_demo/messages",
        &inbound("th-9", "hello"),
    );
    assert_eq!(status, 200, "{body}");
    let case = &body["consumerContact"];
    let queue = case["routingQueueId"].as_str().unwrap();
    let (_, queues) = api.get(&format!("/dfo/3.0/routing-queues?id[]={queue}"));
    assert_eq!(queues["data"][0]["skillId"], "4211");
    assert_eq!(case["status"], "new");
    let number = case["id"].as_str().unwrap().to_string();
    let contact = case["contactId"].as_u64().unwrap();
    let c = api.wait_state(contact, "Active", 2000);
    assert_eq!(c["stateName"], "Active");
    assert_eq!(
        c["agentId"], 9002,
        "Grace is the best Available agent on 4211"
    );
    let (_, after) = api.get(&format!("/dfo/3.0/contacts/{number}"));
    assert_eq!(after["status"], "open");
    assert_eq!(after["inboxAssigneeUser"]["firstName"], "Grace");
    let (_, second) = api.post_json(
        "/dfo/3.0/channels/byoc_demo/messages",
        &inbound("th-9", "again"),
    );
    assert_eq!(second["consumerContact"]["id"], number.as_str());
    let (_, msgs) = api.get(&format!("/dfo/3.0/contacts/{number}/messages"));
    assert_eq!(msgs["hits"], 2);
}

#[test]
fn inbound_message_errors() {
    let api = Api::demo();
    let (status, body) = api.post_json("/dfo/3.0/channels/nope/messages", &inbound("t", "x"));
    assert_eq!(status, 404);
    assert!(body["errors"].is_array());
    let mut missing = inbound("t", "x");
    missing.as_object_mut().unwrap().remove("thread");
    let (status, body) = api.post_json("/dfo/3.0/channels/byoc_demo/messages", &missing);
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["field"], "thread.idOnExternalPlatform");
}
