//! Offline rehearsals in the built-in sandbox: each `--via`, the defaults, the human report.

use serde_json::Value;

use crate::support::*;

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn each_via_rehearses_a_successful_handover() {
    for (via, skill) in [
        ("signal", "4201"),
        ("work-item", "4212"),
        ("digital", "4211"),
    ] {
        let home = Home::new();
        let out = home.simulate(&["--via", via]);
        let r = report(&out);
        assert_eq!(code(&out), 0, "{via}: {r:#}");
        assert_eq!(r["status"], "pass", "{via}");
        let ids: Vec<&str> = r["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "payload",
                "eligibility",
                "preflight",
                "handover",
                "fallback",
                "verify",
                "cleanup"
            ],
            "{via}"
        );
        assert!(
            r["subjects"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["kind"] == "step")
        );
        assert_eq!(subject(&r, "payload")["facts"]["via"], via);
        assert_eq!(
            subject(&r, "preflight")["facts"]["targetSkill"],
            skill,
            "{via}"
        );
        let h = subject(&r, "handover");
        assert_eq!(h["facts"]["attempts"], 1, "{via}");
        assert_eq!(h["facts"]["statuses"].as_array().unwrap().len(), 1);
        let v = subject(&r, "verify");
        assert_eq!(v["facts"]["outcome"], "answered", "{via}: {v:#}");
        assert_eq!(v["facts"]["queuedSkill"], skill, "{via}");
        let (q, a) = (
            n(&v["facts"]["timeToQueueMs"]),
            n(&v["facts"]["timeToAgentMs"]),
        );
        assert!(q <= a, "{via}: queued {q} ms, answered {a} ms");
        assert!(
            a >= 900,
            "{via}: the demo's routing delay is 1 s, answered after {a} ms"
        );
        assert!(skipped(subject(&r, "fallback")));
        let c = subject(&r, "cleanup");
        assert_eq!(c["facts"]["created"], c["facts"]["ended"], "{via}");
        assert_eq!(c["facts"]["created"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn no_arguments_escalate_the_demo_bot_call() {
    let home = Home::new();
    let out = home.simulate(&[]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    let p = subject(&r, "payload");
    assert_eq!(p["facts"]["kind"], "cognigy-signal");
    assert_eq!(p["facts"]["mode"], "offline");
    assert!(codes(p).contains(&"simulate-payload-builtin".to_string()));
    assert_eq!(subject(&r, "eligibility")["facts"]["eligible"], true);
    let pre = subject(&r, "preflight");
    assert_eq!(pre["facts"]["signalledContactId"], "5823201");
    assert_eq!(pre["facts"]["masterContactId"], "5823200");
    assert_eq!(pre["facts"]["skillSource"], "contact 5823200");
    let h = subject(&r, "handover");
    assert_eq!(h["facts"]["sandboxCopyOf"], "5823201");
    assert_eq!(h["facts"]["httpStatus"], 202);
    let v = subject(&r, "verify");
    assert_eq!(v["facts"]["agentId"], "9001", "Ada answers Billing Voice");
    assert_eq!(v["facts"]["states"][0], "PreQueue");
    assert!(
        v["facts"]["states"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Inqueue"))
    );
}

#[test]
fn the_human_report_tells_the_story() {
    let home = Home::new();
    let out = home.cmd().args(["simulate-handoff"]).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "NO_COLOR is set");
    // messages are wrapped to the width: read them with each line break as a space
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "PASS  step payload  (built-in cognigy-signal example)",
        "PASS  step preflight  (skill 4201 Billing Voice, from contact 5823200)",
        "a fresh sandbox copy of bot contact 5823201",
        "attempt 1: 202 in ",
        "not run: the handover was accepted, so no fallback was needed",
        "the caller's (master) contact",
        // the contact names only the agent's id; the name is the one preflight read
        "agent Ada Lovelace (9001) answered after",
        "which this run created",
        "SKIP  step fallback",
        "7 subjects: 6 pass, 0 warn, 0 fail, 0 error, 1 skipped",
    ] {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&line), "missing {line:?} in\n{text}");
    }
}

/// `demo.yaml` with agent 9001's name changed by `edit`, routing after 100 ms.
fn demo_with(home: &Home, edit: impl Fn(&str) -> String) -> String {
    let demo = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios/demo.yaml"),
    )
    .unwrap();
    let names = "  - id: 9001\n    first_name: Ada\n    last_name: Lovelace\n";
    assert!(
        demo.contains(names),
        "demo.yaml names agent 9001 Ada Lovelace"
    );
    let edited = edit(&demo).replace("  delay_ms: 1000\n", "  delay_ms: 100\n");
    home.write("named.yaml", &edited);
    home.join("named.yaml").display().to_string()
}

/// The human report and the verify step of a signal rehearsal against `scenario`.
fn answered(home: &Home, scenario: &str) -> (String, Value) {
    let run = |output: &str| {
        let out = home
            .cmd()
            .args(["--sandbox", scenario, "-o", output, "simulate-handoff"])
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        out
    };
    let text = String::from_utf8(run("human").stdout).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let r = report(&run("json"));
    (text, subject(&r, "verify").clone())
}

#[test]
fn the_answering_agent_is_named_as_preflight_read_them() {
    let home = Home::new();
    // a name that appears nowhere else in the scenario: only carrying it from preflight's
    // read of the skill's agents to verify can put it in the sentence
    let scenario = demo_with(&home, |d| {
        d.replace(
            "first_name: Ada\n    last_name: Lovelace",
            "first_name: Katherine\n    last_name: Johnson",
        )
    });
    let (text, v) = answered(&home, &scenario);
    assert!(
        text.contains("agent Katherine Johnson (9001) answered after"),
        "{text}"
    );
    assert_eq!(v["facts"]["agentId"], "9001", "{v:#}");
    assert_eq!(v["facts"]["agentName"], "Katherine Johnson", "{v:#}");
}

#[test]
fn a_nameless_agent_is_agent_and_their_id() {
    let home = Home::new();
    let scenario = demo_with(&home, |d| {
        d.replace(
            "first_name: Ada\n    last_name: Lovelace",
            "first_name: \"\"\n    last_name: \"\"",
        )
    });
    let (text, v) = answered(&home, &scenario);
    assert!(text.contains("agent 9001 answered after"), "{text}");
    assert!(
        !text.contains("agent  answered") && !text.contains("None"),
        "{text}"
    );
    assert_eq!(v["facts"]["agentId"], "9001", "{v:#}");
    assert!(v["facts"].get("agentName").is_none(), "{v:#}");
}

#[test]
fn a_work_item_payload_picks_its_via_and_keeps_its_fields() {
    let home = Home::new();
    let payload = fixture("work-item.json");
    let out = home.simulate(&[payload.to_str().unwrap()]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}");
    assert_eq!(subject(&r, "payload")["facts"]["via"], "work-item");
    assert_eq!(subject(&r, "payload")["facts"]["kind"], "work-item");
    let e = subject(&r, "eligibility");
    assert_eq!(e["facts"]["intent"], "complaint");
    assert_eq!(e["facts"]["intentFrom"], "/workItemPayload#/intent");
    let h = subject(&r, "handover");
    assert!(
        h["label"].as_str().unwrap().contains("Callback WorkItem"),
        "{h:#}"
    );
    assert!(h["facts"]["createdContactId"].is_string());
}

#[test]
fn a_contact_that_is_not_in_the_scenario_is_a_usage_error() {
    let home = Home::new();
    let out = home.simulate(&["--contact-id", "999"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("contact 999 is not in the sandbox scenario demo"),
        "{}",
        stderr(&out)
    );
    let out = home.simulate(&["--contact-id", "58-23"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not a CXone contact id"),
        "{}",
        stderr(&out)
    );
}
