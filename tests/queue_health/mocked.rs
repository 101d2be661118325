//! Against a mock tenant on httpmock: the exact reads of `queue-health SKILL --agents`, and
//! agent names and states that are missing, null, of the wrong type or out of range.

use httpmock::Method::GET;
use serde_json::{Value, json};

use crate::common::{Tenant, acd};
use crate::support::Env;

const KEY_ID: &str = "AKID-77";
const KEY_SECRET: &str = "AKSECRET-p4ss+w0rd/=";
const TENANT: &str = "11eb-tenant-42";

/// Discovery, the access-key grant and cxone-configuration, all on this server.
fn login(t: &Tenant) {
    t.access_key_login(KEY_ID, TENANT, "ACCESSTOKEN-q");
}

/// `GET path` answering `body`.
fn get<'a>(t: &'a Tenant, path: &str, body: Value) -> httpmock::Mock<'a> {
    t.server.mock(|when, then| {
        when.method(GET)
            .path(acd(path))
            .header("authorization", "Bearer ACCESSTOKEN-q");
        then.status(200).json_body(body);
    })
}

/// Run `queue-health 4242 --agents -o json` against the mock with these assignments and states.
fn run(assignments: Value, states: Value) -> Value {
    let t = Tenant::start();
    login(&t);
    let skill = get(
        &t,
        "/skills/4242",
        json!({"skills": [{"skillId": 4242, "skillName": "Billing Voice", "mediaTypeId": 4, "isActive": true}]}),
    );
    let now = chrono::Utc::now();
    let stamp = |s: i64| (now - chrono::Duration::seconds(s)).to_rfc3339();
    let activity = get(
        &t,
        "/skills/4242/activity",
        json!({"lastPollTime": stamp(0), "skillActivity": [{
            "skillId": 4242, "queueCount": 3, "earliestQueueTime": stamp(95), "serverTime": stamp(0),
            "agentsLoggedIn": 2, "agentsAvailable": 1, "serviceLevel": 90, "serviceLevelGoal": 80
        }]}),
    );
    let n = assignments.as_array().map_or(0, Vec::len);
    let agents = get(
        &t,
        "/skills/4242/agents",
        json!({"totalRecords": n, "agentSkillAssignments": assignments}),
    );
    let m = states.as_array().map_or(0, Vec::len);
    let states = get(
        &t,
        "/agents/states",
        json!({"totalRecords": m, "lastPollTime": stamp(0), "agentStates": states}),
    );
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.env("CXONE_ISSUER", t.base())
        .env("CXONE_CLIENT_ID", "app@vendor")
        .env("CXONE_CLIENT_SECRET", "client-secret-x")
        .env("CXONE_ACCESS_KEY_ID", KEY_ID)
        .env("CXONE_ACCESS_KEY_SECRET", KEY_SECRET);
    let out = env.run_with(cmd, &["-o", "json", "queue-health", "4242", "--agents"]);
    assert!(
        out.code == 0 || out.code == 1,
        "{}{}",
        out.stdout,
        out.stderr
    );
    for (mock, what) in [(skill, "skill"), (activity, "activity"), (agents, "agents")] {
        assert_eq!(mock.calls(), 1, "{what} read once");
    }
    assert_eq!(states.calls(), 1, "agent states read once");
    out.subject("4242")
}

#[test]
fn names_and_states_come_from_the_reads_and_unknown_values_stay_unknown() {
    let now = chrono::Utc::now();
    let ago = |s: i64| (now - chrono::Duration::seconds(s)).to_rfc3339();
    let s = run(
        json!([
            {"agentId": 1, "firstName": "Grace", "lastName": "Hopper", "isActive": true},
            {"agentId": 2, "agentName": "Ada Lovelace"},
            {"agentId": 3, "firstName": null, "lastName": null},
            {"agentId": 4, "firstName": "None"},
            {"agentId": 5, "firstName": "Alan"}
        ]),
        json!([
            {"agentId": 1, "agentStateName": "Unavailable", "outStateDescription": "Lunch", "lastUpdateTime": ago(720)},
            {"agentId": 2, "agentStateName": "Available", "lastUpdateTime": ago(60)},
            {"agentId": 3, "agentStateName": "InboundContact", "lastUpdateTime": "not a time"},
            {"agentId": 4, "agentStateName": "Available", "lastUpdateTime": (now + chrono::Duration::hours(2)).to_rfc3339()}
        ]),
    );
    let rows = s["facts"]["agents"].as_array().unwrap();
    let row = |i: usize| &rows[i];
    assert_eq!(row(0)["name"], "Grace Hopper");
    assert_eq!(row(0)["unavailableCode"], "Lunch");
    let lunch = row(0)["secondsInState"].as_f64().unwrap();
    assert!((715.0..800.0).contains(&lunch), "{lunch}");
    assert_eq!(
        row(1)["name"],
        "Ada Lovelace",
        "agentName of /agents/skills rows"
    );
    assert_eq!(row(2)["name"], Value::Null);
    assert_eq!(
        row(2)["secondsInState"],
        Value::Null,
        "an unreadable time is unknown"
    );
    assert_eq!(row(3)["name"], Value::Null, "\"None\" is no name");
    assert_eq!(
        row(3)["secondsInState"],
        Value::Null,
        "a state starting in 2 h is unknown"
    );
    assert_eq!(row(4)["name"], "Alan");
    assert_eq!(
        row(4)["state"],
        "LoggedOut",
        "complete read, no entry: logged out"
    );
    // 3 wait 95 s while agents 2 and 4 are Available
    assert_eq!(
        s["findings"][0]["code"], "skill-waiting-with-available",
        "{s:#}"
    );
    let message = s["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("Ada Lovelace (2), agent 4"), "{message}");
    assert!(!message.contains("None (4)"), "{message}");
}
