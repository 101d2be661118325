//! Contacts: details, state history, custom data, active and completed listings.

use crate::support::Api;
use cxone_diag::cxone::models::{Contact, CustomData, StateHistory};
use std::collections::HashSet;

fn history(api: &Api, id: u64) -> Vec<String> {
    let (status, body) = api.get(&format!("/contacts/{id}/state-history"));
    assert_eq!(status, 200, "{body}");
    let h: StateHistory = serde_json::from_value(body).unwrap();
    h.contact_state_history
        .into_iter()
        .map(|s| s.contact_state_name.unwrap_or_default())
        .collect()
}

fn custom_names(api: &Api, id: u64) -> Vec<String> {
    let (_, body) = api.get(&format!("/contacts/{id}/custom-data"));
    let d: CustomData = serde_json::from_value(body).unwrap();
    d.contact_custom_data
        .into_iter()
        .filter_map(|i| i.name)
        .collect()
}

#[test]
fn handed_over_master_and_spawned_pair() {
    let api = Api::demo();
    let (status, body) = api.get("/contacts/5823110");
    assert_eq!(status, 200);
    let master: Contact = serde_json::from_value(body).unwrap();
    assert_eq!(master.agent_id.as_deref(), Some("9001"));
    assert_eq!(master.in_queue_seconds, Some(18.0));
    assert_eq!(master.pre_queue_seconds, Some(97.0));
    assert_eq!(master.master_contact_id.as_deref(), Some("5823110"));
    assert_eq!(master.contact_end, None, "v30 sends no end");
    assert_eq!(master.is_active, Some(false));
    let mut derived = master.clone();
    derived.derive_end(false);
    assert!(derived.contact_end.is_some(), "the client derives it");
    assert_eq!(
        history(&api, 5823110),
        ["PreQueue", "Inqueue", "Active", "EndContact"]
    );
    let (_, spawned) = api.get("/contacts/5823114");
    assert_eq!(spawned["masterContactId"], 5823110);
    assert_eq!(history(&api, 5823114), ["Active", "EndContact"]);
    let (_, h) = api.get("/contacts/5823110/state-history");
    assert_eq!(h["contactStateHistory"][2]["agentId"], 9001);
    assert_eq!(h["contactStateHistory"][1]["skillName"], "Billing Voice");
    assert_eq!(h["contactStateHistory"][1]["duration"], 18);
}

#[test]
fn every_diagnosis_has_its_evidence() {
    let api = Api::demo();
    assert_eq!(history(&api, 5823120), ["PreQueue", "EndContact"]);
    let (_, abandoned) = api.get("/contacts/5823130");
    assert_eq!(abandoned["abandoned"], true);
    assert_eq!(abandoned["abandonSeconds"], 241);
    let (_, dead) = api.get("/contacts/5823140");
    assert_eq!(dead["skillId"], 4202);
    assert!(custom_names(&api, 5823150).contains(&"_ERR".to_string()));
    let (_, script_error) = api.get("/contacts/5823151");
    assert_eq!(script_error["endReason"], "Script Error");
    let (_, queued) = api.get("/contacts/5823160");
    assert_eq!(queued["stateName"], "Inqueue");
    assert!(queued.get("contactEnd").is_none());
    assert!(history(&api, 5823170).is_empty());
    assert_eq!(custom_names(&api, 5823180), ["sessionId"]);
    assert_eq!(
        custom_names(&api, 5823110),
        ["routingData", "customerInfo", "sessionId"]
    );
}

#[test]
fn custom_data_values_are_text() {
    let api = Api::demo();
    let (_, body) = api.get("/contacts/5823110/custom-data");
    let routing = &body["contactCustomData"][0];
    assert_eq!(routing["name"], "routingData");
    let inner: serde_json::Value =
        serde_json::from_str(routing["value"].as_str().unwrap()).unwrap();
    assert_eq!(inner["intent"], "billing");
}

#[test]
fn unknown_and_malformed_contact_ids() {
    let api = Api::demo();
    let (status, body) = api.get("/contacts/1");
    assert_eq!(status, 404);
    assert_eq!(body["error"], "ContactNotFound");
    assert_eq!(api.get("/contacts/1/state-history").0, 404);
    assert_eq!(api.get("/contacts/x/custom-data").0, 400);
}

#[test]
fn active_contacts_list_and_filter() {
    let api = Api::demo();
    let (status, body) = api.get("/contacts/active");
    assert_eq!(status, 200);
    let ids: HashSet<u64> = body["activeContacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contactId"].as_u64().unwrap())
        .collect();
    assert_eq!(
        ids,
        HashSet::from([5823160, 5823200, 5823201, 5823210, 5823211])
    );
    let (_, on_skill) = api.get("/contacts/active?skillId=4206");
    let on: Vec<u64> = on_skill["activeContacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contactId"].as_u64().unwrap())
        .collect();
    assert_eq!(on, [5823160, 5823210]);
    assert_eq!(on_skill["activeContacts"][0]["fromAddress"], "+15555550160");
    assert_eq!(on_skill["activeContacts"][0]["stateName"], "Inqueue");
}

#[test]
fn completed_contacts_page_without_repeats_and_filter_by_window_and_skill() {
    let api = Api::demo();
    let (all, pages) = api.all_pages("/contacts/completed?top=3", "completedContacts");
    assert_eq!(all.len(), 10);
    assert_eq!(pages, 4);
    let ids: HashSet<u64> = all
        .iter()
        .map(|c| c["contactId"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), 10);
    let starts: Vec<&str> = all
        .iter()
        .map(|c| c["contactStartDate"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "oldest first");
    let (_, billing) = api.get("/contacts/completed?skillId=4201");
    assert_eq!(billing["totalRecords"], 5);
    let now = chrono::Utc::now();
    let from = (now - chrono::Duration::minutes(33)).to_rfc3339();
    let to = (now - chrono::Duration::minutes(18)).to_rfc3339();
    let (status, window) = api.get(&format!(
        "/contacts/completed?startDate={}&endDate={}",
        urlencode(&from),
        urlencode(&to)
    ));
    assert_eq!(status, 200);
    let got: HashSet<u64> = window["completedContacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contactId"].as_u64().unwrap())
        .collect();
    assert_eq!(got, HashSet::from([5823140, 5823150, 5823151, 5823170]));
    assert_eq!(api.get("/contacts/completed?startDate=soon").0, 400);
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

#[test]
fn state_descriptions_list_every_state() {
    let api = Api::demo();
    let (_, body) = api.get("/contact-state-descriptions");
    let names: Vec<&str> = body["contactStateDescriptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["contactStateDescription"].as_str().unwrap())
        .collect();
    for s in [
        "PreQueue",
        "Inqueue",
        "Routing",
        "Active",
        "Hold",
        "PostQueue",
        "EndContact",
        "Abandoned",
    ] {
        assert!(names.contains(&s), "{s}");
    }
}
