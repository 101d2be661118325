//! Signals, work items and contact end: the contact moves through the queue to an agent.

use crate::support::Api;
use serde_json::json;

fn demo_fast() -> Api {
    let api = Api::demo();
    api.sb.set_routing_delay(50);
    api
}

fn states(api: &Api, id: u64) -> Vec<(String, Option<u64>, Option<u64>)> {
    let (_, h) = api.get(&format!("/contacts/{id}/state-history"));
    h["contactStateHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["contactStateName"].as_str().unwrap().to_string(),
                s["skillId"].as_u64(),
                s["agentId"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn escalate_queues_the_master_then_an_available_agent_answers() {
    let api = demo_fast();
    let p2 = json!([{"reason": "customer asked for an agent"}]).to_string();
    let (status, _) = api.post_json(
        "/interactions/5823201/signal",
        &json!({"p1": "Escalate", "p2": p2}),
    );
    assert_eq!(status, 202);
    let (_, master) = api.get("/contacts/5823200");
    assert_eq!(master["stateName"], "Inqueue");
    assert_eq!(master["skillId"], 4201);
    let master = api.wait_state(5823200, "Active", 3000);
    assert_eq!(master["stateName"], "Active");
    assert_eq!(master["agentId"], 9001);
    let h = states(&api, 5823200);
    assert_eq!(h[1], ("Inqueue".into(), Some(4201), None));
    assert_eq!(h[2], ("Active".into(), Some(4201), Some(9001)));
    let (_, spawned) = api.get("/contacts/5823201");
    assert_eq!(spawned["stateName"], "EndContact");
    let (_, agents) = api.get("/agents/9001/states");
    assert_eq!(agents["agentStates"][0]["agentStateName"], "InboundContact");
    assert_eq!(agents["agentStates"][0]["contactId"], 5823200);
    let signals = api.sb.signals();
    assert_eq!(signals.len(), 1);
    assert_eq!(signals[0].params["p1"], "Escalate");
    assert_eq!(signals[0].params["p2"], p2);
    assert_eq!(signals[0].source, "body");
    assert!(
        signals[0]
            .outcome
            .contains("queued contact 5823200 on skill 4201")
    );
}

#[test]
fn p2_can_name_the_skill_and_clones_allow_repeated_rehearsals() {
    let api = demo_fast();
    let (master, spawned) = api.sb.clone_bot_pair(5823201).unwrap();
    let p2 = json!([{"skillId": "4207"}]).to_string();
    let (status, _) = api.post_json(
        &format!("/interactions/{spawned}/signal"),
        &json!({"p1": "Escalate", "p2": p2}),
    );
    assert_eq!(status, 202);
    let c = api.wait_state(master, "Active", 3000);
    assert_eq!(c["skillId"], 4207);
    let (m2, s2) = api.sb.clone_bot_pair(5823201).unwrap();
    assert_ne!(m2, master);
    assert_eq!(
        api.post(&format!("/interactions/{s2}/signal?p1=Escalate"))
            .0,
        202
    );
    let c = api.wait_state(m2, "Active", 3000);
    assert_eq!(c["skillId"], 4201);
    assert_eq!(api.sb.signals()[1].source, "query");
}

#[test]
fn no_available_agent_leaves_the_contact_in_queue() {
    let api = demo_fast();
    assert_eq!(api.post("/interactions/5823211/signal?p1=Escalate").0, 202);
    let c = api.after(300, "/contacts/5823210");
    assert_eq!(c["stateName"], "Inqueue");
    assert_eq!(c["skillId"], 4206);
    assert!(c.get("agentId").is_none());
}

#[test]
fn end_signal_ends_the_call() {
    let api = demo_fast();
    assert_eq!(
        api.post_json("/interactions/5823201/signal", &json!({"p1": "End"}))
            .0,
        202
    );
    let (_, master) = api.get("/contacts/5823200");
    assert_eq!(master["stateName"], "EndContact");
    assert_eq!(master["isActive"], false);
    assert!(master["contactEnd"].is_null(), "v30 sends no end");
    assert!(master["totalDurationSeconds"].is_number());
    let (status, body) = api.post_json("/interactions/5823201/signal", &json!({"p1": "Escalate"}));
    assert_eq!(status, 400, "an ended contact cannot be signalled");
    assert_eq!(body["error"], "InvalidContactState");
}

#[test]
fn signal_errors() {
    let api = demo_fast();
    let (status, body) = api.post_json("/interactions/42/signal", &json!({"p1": "Escalate"}));
    assert_eq!(status, 404);
    assert_eq!(body["error"], "ContactNotFound");
    assert_eq!(
        api.post_json("/interactions/5823110/signal", &json!({"p1": "Escalate"}))
            .0,
        400
    );
    assert_eq!(
        api.post("/interactions/5823201/signal").0,
        400,
        "no parameters"
    );
    let r = api
        .http
        .post(api.url("/interactions/5823201/signal"))
        .bearer_auth(&api.token)
        .header("Accept", "application/json")
        .body("not json")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(
        api.sb.signals().iter().filter(|s| s.status == 404).count(),
        1
    );
}

#[test]
fn work_item_creates_a_contact_that_reaches_an_agent() {
    let api = demo_fast();
    let (status, body) = api.post("/interactions/work-items?pointOfContact=Callback%20WorkItem&workItemPayload=%7B%22k%22%3A1%7D&workItemType=callback&from=tester");
    assert_eq!(status, 202);
    let id = body["contactId"].as_u64().unwrap();
    let (_, c) = api.get(&format!("/contacts/{id}"));
    assert_eq!(c["skillId"], 4212);
    assert_eq!(c["mediaTypeId"], 6);
    assert_eq!(c["pointOfContactName"], "Callback WorkItem");
    let c = api.wait_state(id, "Active", 3000);
    assert_eq!(c["agentId"], 9002);
    let (_, data) = api.get(&format!("/contacts/{id}/custom-data"));
    assert_eq!(data["contactCustomData"][0]["name"], "workItemPayload");
}

#[test]
fn work_item_on_an_unstaffed_skill_stays_queued() {
    let api = demo_fast();
    let (_, body) = api.post("/interactions/work-items?pointOfContact=claims%20workitem");
    let id = body["contactId"].as_u64().unwrap();
    let c = api.after(200, &format!("/contacts/{id}"));
    assert_eq!(c["stateName"], "Inqueue");
    assert_eq!(c["skillId"], 4203);
}

#[test]
fn work_item_errors_name_the_point_of_contact() {
    let api = demo_fast();
    let (status, body) = api.post("/interactions/work-items?pointOfContact=Nope");
    assert_eq!(status, 400);
    assert_eq!(body["error"], "InvalidPointOfContact");
    let (status, body) =
        api.post("/interactions/work-items?pointOfContact=7d1e2f3a-0b4c-4d5e-8f60-718293a4b5c6");
    assert_eq!(status, 400);
    assert!(
        body["errorDescription"]
            .as_str()
            .unwrap()
            .contains("name, not its id")
    );
    assert_eq!(
        api.post("/interactions/work-items?pointOfContact=Billing%20Main%20Line")
            .0,
        400
    );
    assert_eq!(api.post("/interactions/work-items").0, 400);
}

#[test]
fn ending_a_contact_frees_its_agent() {
    let api = demo_fast();
    let (_, body) = api.post("/interactions/work-items?pointOfContact=Callback%20WorkItem");
    let id = body["contactId"].as_u64().unwrap();
    api.wait_state(id, "Active", 3000);
    let (_, grace) = api.get("/agents/9002/states");
    assert_eq!(grace["agentStates"][0]["agentStateName"], "InboundContact");
    assert_eq!(api.post(&format!("/contacts/{id}/end")).0, 202);
    let (_, c) = api.get(&format!("/contacts/{id}"));
    assert_eq!(c["stateName"], "EndContact");
    assert_eq!(c["endReason"], "Contact ended by API");
    let (_, grace) = api.get("/agents/9002/states");
    assert_eq!(grace["agentStates"][0]["agentStateName"], "Available");
    assert_eq!(api.post(&format!("/contacts/{id}/end")).0, 400);
    assert_eq!(api.post("/contacts/77/end").0, 404);
    let (_, done) = api.get("/contacts/completed?skillId=4212");
    assert_eq!(done["completedContacts"][0]["contactId"], id);
}

#[test]
fn reset_restores_the_scenario() {
    let api = demo_fast();
    assert_eq!(api.post("/interactions/5823201/signal?p1=End").0, 202);
    api.sb.reset();
    let (_, c) = api.get("/contacts/5823200");
    assert_eq!(c["stateName"], "PreQueue");
    let contact = api.sb.contact(5823201).unwrap();
    assert_eq!(contact.state_name.as_deref(), Some("Active"));
}
