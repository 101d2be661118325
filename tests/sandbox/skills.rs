//! Skills, skill activity, skill agents and agent states.

use crate::support::Api;
use cxone_diag::cxone::models::{Skill, SkillActivityList, SkillAgents};
use cxone_diag::sandbox::Sandbox;
use std::collections::HashSet;

fn activity(api: &Api, id: u64) -> serde_json::Value {
    let (status, body) = api.get(&format!("/skills/{id}/activity"));
    assert_eq!(status, 200, "{body}");
    body["skillActivity"][0].clone()
}

#[test]
fn skills_page_with_top_skip_and_next_links() {
    let api = Api::demo();
    let (items, pages) = api.all_pages("/skills?top=5", "skills");
    assert_eq!(pages, 3);
    let ids: HashSet<u64> = items
        .iter()
        .map(|s| s["skillId"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), 12, "no repeats, nothing missing");
    let (_, first) = api.get("/skills?top=5");
    assert_eq!(first["totalRecords"], 12);
}

#[test]
fn skills_filter_by_media_active_and_search() {
    let api = Api::demo();
    let (_, chat) = api.get("/skills?mediaTypeId=3");
    assert_eq!(chat["totalRecords"], 1);
    assert_eq!(chat["skills"][0]["skillName"], "Web Chat");
    let (_, inactive) = api.get("/skills?isActive=false");
    assert_eq!(inactive["skills"][0]["skillId"], 4202);
    let (_, found) = api.get("/skills?searchString=VOICE");
    assert_eq!(found["totalRecords"], 8);
    assert_eq!(api.get("/skills?top=x").0, 400);
}

#[test]
fn one_skill_parses_as_the_shared_model() {
    let api = Api::demo();
    let (status, body) = api.get("/skills/4202");
    assert_eq!(status, 200);
    let skill: Skill = serde_json::from_value(body).unwrap();
    assert_eq!(skill.skill_name.as_deref(), Some("Retention Voice"));
    assert_eq!(skill.is_active, Some(false));
    assert_eq!(skill.media_type_name.as_deref(), Some("Phone Call"));
    let (status, body) = api.get("/skills/999");
    assert_eq!(status, 404);
    assert_eq!(body["error"], "SkillNotFound");
    assert!(body["errorDescription"].is_string());
    assert_eq!(api.get("/skills/abc").0, 400);
}

#[test]
fn demo_activity_matches_each_queue_health_case() {
    let api = Api::demo();
    let healthy = activity(&api, 4201);
    assert_eq!(healthy["agentsAvailable"], 2);
    assert_eq!(healthy["agentsLoggedIn"], 3);
    assert_eq!(healthy["agentsWorking"], 1);
    assert_eq!(healthy["queueCount"], 2);
    assert_eq!(activity(&api, 4202)["isActive"], false);
    let none_in = activity(&api, 4205);
    assert_eq!(none_in["agentsLoggedIn"], 0);
    let busy = activity(&api, 4206);
    assert_eq!(busy["agentsLoggedIn"], 2);
    assert_eq!(busy["agentsAvailable"], 0);
    assert_eq!(busy["agentsUnavailable"], 1);
    assert_eq!(busy["queueCount"], 2, "one steady + contact 5823160");
    let long = activity(&api, 4207);
    assert!(long["queueCount"].as_u64().unwrap() > 10);
    let old = activity(&api, 4208);
    let earliest =
        chrono::DateTime::parse_from_rfc3339(old["earliestQueueTime"].as_str().unwrap()).unwrap();
    let server = chrono::DateTime::parse_from_rfc3339(old["serverTime"].as_str().unwrap()).unwrap();
    assert!((server - earliest).num_seconds() >= 300);
    let steady = activity(&api, 4201);
    let earliest =
        chrono::DateTime::parse_from_rfc3339(steady["earliestQueueTime"].as_str().unwrap())
            .unwrap();
    let server =
        chrono::DateTime::parse_from_rfc3339(steady["serverTime"].as_str().unwrap()).unwrap();
    assert_eq!(
        (server - earliest).num_seconds(),
        25,
        "the scenario's oldest wait is an age now"
    );
    let sl = activity(&api, 4209);
    assert!(sl["serviceLevel"].as_f64().unwrap() < sl["serviceLevelGoal"].as_f64().unwrap());
    let parsed: SkillActivityList =
        serde_json::from_value(api.get("/skills/4210/activity").1).unwrap();
    assert_eq!(parsed.skill_activity[0].agents_available, Some(2));
}

#[test]
fn demo_assignments_cover_none_and_all_inactive() {
    let api = Api::demo();
    let (_, none) = api.get("/skills/4203/agents");
    assert_eq!(none["totalRecords"], 0);
    let (_, inactive) = api.get("/skills/4204/agents");
    let list: SkillAgents = serde_json::from_value(inactive).unwrap();
    assert_eq!(list.agent_skill_assignments.len(), 3);
    assert!(
        list.agent_skill_assignments
            .iter()
            .all(|a| a.is_skill_active == Some(false))
    );
    let (_, sales) = api.get("/skills/4206/agents");
    assert_eq!(sales["agentSkillAssignments"].as_array().unwrap().len(), 2);
}

#[test]
fn activity_delta_polling_answers_304_until_something_changes() {
    let api = Api::demo();
    let (_, first) = api.get("/skills/4201/activity");
    let since = first["lastPollTime"].as_str().unwrap().to_string();
    let r = api.get_raw(&format!("/skills/4201/activity?updatedSince={since}"));
    assert_eq!(r.status().as_u16(), 304);
    let r = api.get_raw(&format!("/skills/activity?updatedSince={since}"));
    assert_eq!(r.status().as_u16(), 304);
    api.sb.clock().advance(std::time::Duration::from_millis(5));
    let (status, _) = api.post("/interactions/5823201/signal?p1=Escalate");
    assert_eq!(status, 202);
    let (status, body) = api.get(&format!("/skills/4201/activity?updatedSince={since}"));
    assert_eq!(status, 200);
    assert_eq!(body["skillActivity"][0]["queueCount"], 3);
    let (status, body) = api.get(&format!("/skills/activity?updatedSince={since}"));
    assert_eq!(status, 200);
    assert_eq!(body["totalRecords"], 1);
    assert_eq!(
        api.get("/skills/4201/activity?updatedSince=yesterday").0,
        400
    );
}

#[test]
fn all_skills_activity_pages_and_filters() {
    let api = Api::demo();
    let (_, all) = api.get("/skills/activity");
    assert_eq!(all["totalRecords"], 12);
    assert_eq!(
        all["skillActivity"].as_array().unwrap().len(),
        5,
        "demo pages at most 5 rows"
    );
    let (every, pages) = api.all_pages("/skills/activity?top=100", "skillActivity");
    assert_eq!((every.len(), pages), (12, 3), "top is capped at max_top");
    let (_, digital) = api.get("/skills/activity?mediaTypeId=9");
    assert_eq!(digital["skillActivity"][0]["skillId"], 4211);
}

#[test]
fn agent_states_pass_state_names_through() {
    let api = Api::demo();
    let (status, body) = api.get("/agents/states");
    assert_eq!(status, 200);
    assert_eq!(body["totalRecords"], 8);
    assert_eq!(body["agentStates"].as_array().unwrap().len(), 5, "one page");
    let (states, pages) = api.all_pages("/agents/states?top=7", "agentStates");
    assert_eq!((states.len(), pages), (8, 2));
    let by_id = |id: u64| states.iter().find(|s| s["agentId"] == id).unwrap().clone();
    assert_eq!(by_id(9003)["agentStateName"], "InboundContact");
    assert_eq!(by_id(9004)["agentStateName"], "Unavailable");
    assert_eq!(by_id(9004)["outStateDescription"], "Lunch");
    assert_eq!(by_id(9005)["agentStateName"], "LoggedOut");
    let since = body["lastPollTime"].as_str().unwrap();
    assert_eq!(
        api.get_raw(&format!("/agents/states?updatedSince={since}"))
            .status()
            .as_u16(),
        304
    );
    let (_, one) = api.get("/agents/9001/states");
    assert_eq!(one["agentStates"][0]["agentStateName"], "Available");
    let (_, skills) = api.get("/agents/9001/skills");
    assert_eq!(skills["totalRecords"], 6);
    assert_eq!(api.get("/agents/1/states").0, 404);
}

#[test]
fn bench_200_serves_200_skills_over_default_pages() {
    let sb = Sandbox::start("bench-200", 0).unwrap();
    sb.clear_faults();
    let api = Api::new(sb);
    let (items, pages) = api.all_pages("/skills", "skills");
    assert_eq!(items.len(), 200);
    assert_eq!(pages, 20, "default top is 10");
    let (states, pages) = api.all_pages("/agents/states?top=1000", "agentStates");
    assert_eq!(states.len(), 800);
    assert_eq!(pages, 8, "top is capped at 100");
    let (all, pages) = api.all_pages("/agents/skills?top=100", "agentSkillAssignments");
    assert_eq!((all.len(), pages), (800, 8));
    assert!(all[0]["agentName"].is_string());
}

#[test]
fn points_of_contact_name_their_skill_and_media() {
    let api = Api::demo();
    let (status, body) = api.get("/points-of-contact?mediaTypeId=6");
    assert_eq!(status, 200);
    let pocs = body["pointsOfContact"].as_array().unwrap();
    assert_eq!(pocs.len(), 2);
    let callback = pocs
        .iter()
        .find(|p| p["pointOfContactName"] == "Callback WorkItem")
        .unwrap();
    assert_eq!(callback["defaultSkillId"], 4212);
    assert_eq!(
        callback["pointOfContactId"],
        "7d1e2f3a-0b4c-4d5e-8f60-718293a4b5c6"
    );
    assert_eq!(callback["isActive"], true);
}
