//! Unknown never passes: a field a verdict depends on that is present but unreadable makes the
//! subject `error`, never `pass`.

use serde_json::{Value, json};

use crate::hostile::{Hostile, Resp};
use crate::support::*;

fn tenant(skill: Value, activity: Value) -> Hostile {
    Hostile::start(move |req| {
        let path = req.path.split('?').next().unwrap_or_default();
        if path == "/auth/token" {
            return token();
        }
        if path.ends_with("/skills/4001") {
            return Resp::json(200, json!({"skills": [skill.clone()]}));
        }
        if path.ends_with("/skills/4001/activity") {
            return Resp::json(200, json!({"skillActivity": [activity.clone()]}));
        }
        if path.ends_with("/skills/4001/agents") {
            return Resp::json(200, json!({"totalRecords": 0, "agentSkillAssignments": []}));
        }
        Resp::json(503, json!({"error": "unavailable"}))
    })
}

fn skill(is_active: Value) -> Value {
    json!({"skillId": 4001, "skillName": "Billing", "mediaTypeId": 4,
           "mediaTypeName": "Phone Call", "isActive": is_active, "isOutbound": false})
}

fn activity(queue_count: Value) -> Value {
    json!({"skillId": 4001, "isActive": true, "queueCount": queue_count, "agentsAvailable": 1,
           "agentsIdle": 1, "agentsLoggedIn": 1, "agentsUnavailable": 0, "agentsWorking": 0})
}

fn status(t: &Hostile) -> (i32, Value, String) {
    let home = lab_home(&t.base(), "http:\n  max_attempts: 1\n");
    let r = run(&home, &["-o", "json", "queue-health", "4001"]);
    let report = r.report();
    let s = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "4001")
        .cloned()
        .unwrap_or(Value::Null);
    (r.code, s, r.stdout)
}

#[test]
fn an_unreadable_is_active_is_not_a_pass() {
    let (code, s, out) = status(&tenant(skill(json!("maybe")), activity(json!(0))));
    assert_ne!(s["status"], "pass", "{out}");
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains("\\\"maybe\\\" is neither true nor false"),
        "{out}"
    );
}

#[test]
fn a_negative_queue_count_is_not_a_pass() {
    let (code, s, out) = status(&tenant(skill(json!(true)), activity(json!(-4))));
    assert_ne!(s["status"], "pass", "{out}");
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("-4 is not a count"), "{out}");
}

#[test]
fn a_fractional_or_text_queue_count_is_not_a_pass() {
    for (value, shown) in [(json!(2.5), "2.5"), (json!("3.5"), "\\\"3.5\\\"")] {
        let (code, s, out) = status(&tenant(skill(json!(true)), activity(value)));
        assert_ne!(s["status"], "pass", "{out}");
        assert_ne!(code, 0, "{out}");
        assert!(out.contains(&format!("{shown} is not a count")), "{out}");
    }
}

#[test]
fn missing_counters_with_agent_states_failing_is_not_a_pass() {
    let bare = json!({"skillId": 4001, "isActive": true, "queueCount": 0});
    let (code, s, out) = status(&tenant(skill(json!(true)), bare));
    assert_ne!(s["status"], "pass", "{out}");
    assert_ne!(code, 0, "{out}");
}

#[test]
fn a_trace_whose_master_reads_failed_is_an_error() {
    use cxone_diag::sandbox::{FaultRule, Sandbox};
    let sb = Sandbox::start("demo", 0).unwrap();
    let spawned = "5823201";
    let master = sb
        .contact(spawned.parse().unwrap())
        .and_then(|c| c.master_contact_id.clone())
        .expect("the demo's bot contact has a master");
    for path in [
        format!("/contacts/{master}"),
        format!("/contacts/{master}/state-history"),
    ] {
        sb.add_fault(FaultRule::statuses("GET", &path, &[503; 12]))
            .unwrap();
    }
    let home = sandbox_home(&sb, "http:\n  max_attempts: 1\n");
    let mut cmd = sandbox_cmd(&home, &sb);
    cmd.args(["-o", "json", "trace-conversation", spawned]);
    let r = crate::common::run(cmd);
    let report = r.report();
    let s = &report["subjects"][0];
    assert_eq!(s["status"], "error", "{s:#}\n{}", r.stderr);
    assert_ne!(r.code, 0);
    assert!(
        s.to_string().contains(&format!("master contact {master}")),
        "{s:#}"
    );
}
