//! Answers and verdicts: every example payload judged exactly as `validate-payload` judges it,
//! the routing decision of a webhook, the guest of a switch, `--respond status`, `/healthz`
//! and `--require-header`.

use serde_json::Value;

use crate::common;
use crate::support::{Listener, ROUTING, example, home};

/// The JSON example payloads, good and broken.
fn examples() -> Vec<String> {
    let dir = common::in_crate("examples/payloads");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .chain(std::fs::read_dir(dir.join("broken")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_example_gets_validate_payloads_verdict_and_the_matching_answer() {
    let names = examples();
    assert!(names.len() >= 10, "{names:?}");
    let home = home(ROUTING);
    let count = names.len().to_string();
    let mut listener = Listener::start(&home, &["--max-requests", &count, "--output", "json"], &[]);
    let mut answers = Vec::new();
    for name in &names {
        let (status, body) = listener.post("/", example(name));
        answers.push((status, serde_json::from_str::<Value>(&body).unwrap()));
    }
    listener.wait_line(|l| l.contains("stopped after"));
    let ended = listener.end();
    let report = ended.report();
    assert_eq!(ended.code, 1, "broken examples fail");

    let mut offline = common::isolated(home.path());
    offline.args(["validate-payload", "--output", "json"]);
    for name in &names {
        offline.arg(common::in_crate("examples/payloads").join(name));
    }
    let offline = common::report(&offline.output().unwrap());
    let subjects = report["subjects"].as_array().unwrap();
    for (i, name) in names.iter().enumerate() {
        let want = &offline["subjects"][i];
        let (status, answer) = &answers[i];
        let verdict = want["status"].as_str().unwrap();
        assert_eq!(answer["status"], verdict, "{name}: {answer}");
        // a file's findings also say where in the file they are; a request body is no file
        let mut want_findings = want["findings"].clone();
        for f in want_findings.as_array_mut().unwrap() {
            let f = f.as_object_mut().unwrap();
            f.remove("line");
            f.remove("column");
        }
        assert_eq!(answer["findings"], want_findings, "{name}");
        assert_eq!(answer["kind"], want["facts"]["kind"], "{name}");
        let expected = match verdict {
            "fail" if want["label"] == "unparsed" => 400,
            "fail" => 422,
            _ => 200,
        };
        assert_eq!(*status, expected, "{name}: {answer}");
        let subject = subjects
            .iter()
            .find(|s| s["id"] == answer["request"])
            .unwrap_or_else(|| panic!("no subject {}", answer["request"]));
        assert_eq!(subject["status"], verdict, "{name}");
        assert_eq!(subject["findings"], want_findings, "{name}");
        assert_eq!(subject["facts"]["status"], *status, "{name}");
    }
}

#[test]
fn a_webhook_shows_the_route_rules_routing_gives_it() {
    let home = home(ROUTING);
    let mut listener = Listener::start(&home, &["--max-requests", "4", "--output", "json"], &[]);
    let webhook = |intent: &str, entities: &str| {
        format!(
            r#"{{"intent": {{"name": "{intent}"}}, "user": {{"id": "u1"}}, "session": {{"sessionId": "s1"}}, "entities": {entities}}}"#
        )
    };
    let (status, body) = listener.post("/webhook/cognigy", webhook("billing_dispute", "[]"));
    assert_eq!(status, 200, "{body}");
    let line = listener.wait_line(|l| l.contains("#1 "));
    assert!(line.contains("cognigy-webhook PASS"), "{line}");
    assert!(line.contains("billing_dispute -> skill 4242"), "{line}");

    let (status, _) = listener.post("/webhook/cognigy", webhook("refund", "[]"));
    assert_eq!(status, 422);
    let line = listener.wait_line(|l| l.contains("#2 "));
    assert!(line.contains("FAIL webhook-route-missing"), "{line}");
    assert!(line.contains("refund -> NO ROUTE"), "{line}");

    let agent = r#"[{"name": "account_manager", "value": "ana.lima"}]"#;
    let (status, _) = listener.post("/webhook/cognigy", webhook("vip_callback", agent));
    assert_eq!(status, 200);
    let line = listener.wait_line(|l| l.contains("#3 "));
    assert!(
        line.contains(r#"vip_callback -> agent "ana.lima" (entity account_manager)"#),
        "{line}"
    );

    let (status, _) = listener.post("/webhook/cognigy", webhook("vip_callback", "[]"));
    assert_eq!(status, 422);
    let line = listener.wait_line(|l| l.contains("#4 "));
    assert!(line.contains("FAIL webhook-agent-entity-missing"), "{line}");
    assert!(
        line.contains("agent entity account_manager MISSING"),
        "{line}"
    );

    let report = listener.end().report();
    let route = |id: &str| common::subject(&report, id)["facts"]["route"].clone();
    assert_eq!(route("#1 POST /webhook/cognigy")["skill"], "4242");
    assert_eq!(route("#2 POST /webhook/cognigy")["route"], Value::Null);
    assert_eq!(route("#3 POST /webhook/cognigy")["agent"], "\"ana.lima\"");
    assert_eq!(route("#4 POST /webhook/cognigy")["agent"], Value::Null);
}

#[test]
fn a_guest_session_shows_what_the_guest_gets_without_the_callers_number() {
    let home = home("");
    let mut listener = Listener::start(&home, &["--max-requests", "1", "--output", "json"], &[]);
    let (status, body) = listener.post("/switch", example("guest-session-switch.json"));
    assert_eq!(status, 200, "{body}");
    let line = listener.wait_line(|l| l.contains("#1 "));
    assert!(
        line.contains(
            "guest webMessaging from voice, lang en-US, dtmf 2#, caller ...0123, 2 mapped variables"
        ),
        "{line}"
    );
    let ended = listener.end();
    assert!(!ended.stderr.contains("4155550123"), "{}", ended.stderr);
    let report = ended.report();
    let guest = &report["subjects"][0]["facts"]["guest"];
    assert_eq!(
        guest["mappedVariables"],
        serde_json::json!(["accountId", "ivrMenu"])
    );
    assert_eq!(ended.code, 0);
}

#[test]
fn respond_status_answers_empty_204_and_422() {
    let home = home(ROUTING);
    let listener = Listener::start(&home, &["--max-requests", "2", "--respond", "status"], &[]);
    let (status, body) = listener.post("/", example("cognigy-signal-escalate.json"));
    assert_eq!((status, body.as_str()), (204, ""));
    let broken = br#"{"p1": "escalate", "p2": {"not": "a string"}}"#.to_vec();
    let (status, body) = listener.post("/", broken);
    assert_eq!((status, body.as_str()), (422, ""));
    assert_eq!(listener.end().code, 1);
}

#[test]
fn healthz_answers_and_is_not_a_request_of_the_report() {
    let home = home("");
    let listener = Listener::start(&home, &["--max-requests", "1", "--output", "json"], &[]);
    let client = Listener::client();
    let health = client
        .get(format!("{}/healthz", listener.base))
        .send()
        .unwrap();
    assert_eq!(health.status(), 200);
    let nothing = client
        .get(format!("{}/other", listener.base))
        .send()
        .unwrap();
    assert_eq!(nothing.status(), 404);
    let ended = listener.end();
    let report = ended.report();
    assert_eq!(report["subjects"].as_array().unwrap().len(), 1);
    assert_eq!(report["subjects"][0]["id"], "#1 GET /other");
    assert_eq!(common::codes(&report["subjects"][0]), ["listen-no-payload"]);
    assert_eq!(ended.code, 0);
}

#[test]
fn require_header_refuses_requests_without_the_shared_value() {
    let secret = "tunnel-secret-5d41402abc4b2a76";
    let home = home("listen:\n  require_header_env: LISTEN_TOKEN\n");
    let save = home.join("requests.ndjson");
    let listener = Listener::start(
        &home,
        &[
            "--require-header",
            "X-Listen-Token",
            "--max-requests",
            "4",
            "--output",
            "json",
            "--save",
            save.to_str().unwrap(),
            "--save-headers",
            "-v",
        ],
        &[("LISTEN_TOKEN", secret)],
    );
    let client = Listener::client();
    let url = format!("{}/webhook/cognigy", listener.base);
    let body = example("cognigy-webhook-handover.json");
    let none = client.post(&url).body(body.clone()).send().unwrap();
    assert_eq!(none.status(), 401);
    let wrong = client
        .post(&url)
        .header("x-listen-token", "guess")
        .body(body.clone())
        .send()
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = client
        .post(&url)
        .header("X-Listen-Token", secret)
        .header("Authorization", "Bearer cognigy-bearer-value")
        .body(body)
        .send()
        .unwrap();
    assert_eq!(right.status(), 200);
    // a payload that carries the shared value does not get it printed either
    let echo = format!(
        r#"{{"intent": {{"name": "{secret}"}}, "user": {{"id": "u"}}, "session": {{"sessionId": "s"}}}}"#
    );
    let echoed = client
        .post(format!("{}/webhook/{secret}", listener.base))
        .header("X-Listen-Token", secret)
        .body(echo)
        .send()
        .unwrap();
    assert_eq!(echoed.status(), 200);
    let ended = listener.end();
    let report = ended.report();
    let refused: Vec<&Value> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| common::codes(s) == ["listen-header-missing"])
        .collect();
    assert_eq!(refused.len(), 2, "{report:#}");
    assert_eq!(ended.code, 1);
    let saved = std::fs::read_to_string(&save).unwrap();
    let lines: Vec<&str> = saved.lines().collect();
    assert_eq!(lines.len(), 4);
    // the body is saved exactly as sent (it is the payload); its path is not
    let last: serde_json::Value = serde_json::from_str(lines[3]).unwrap();
    assert_eq!(last["path"], "/webhook/***");
    let before = lines[..3].join("\n");
    for text in [&ended.stdout, &ended.stderr, &before] {
        assert!(!text.contains(secret), "the shared value leaked:\n{text}");
        assert!(
            !text.contains("cognigy-bearer-value"),
            "Authorization leaked:\n{text}"
        );
    }
    assert!(saved.contains(r#"["x-listen-token","***"]"#), "{saved}");
    assert!(saved.contains(r#"["authorization","***"]"#), "{saved}");
}

#[test]
fn require_header_without_its_variable_is_a_usage_error() {
    let home = home("");
    let out = common::isolated(home.path())
        .args([
            "listen",
            "--port",
            "0",
            "--require-header",
            "X-Listen-Token",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CXONE_DIAG_LISTEN_SECRET"), "{err}");
}
