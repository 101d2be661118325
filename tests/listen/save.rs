//! `--save FILE`: every request one NDJSON line that `validate-payload` judges again with the
//! same verdicts; the file is never an input and never a link.

use crate::common;
use crate::support::{Listener, ROUTING, example, home};

#[test]
fn validate_payload_gives_the_saved_requests_the_listeners_verdicts() {
    let home = home(ROUTING);
    let save = home.join("requests.ndjson");
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("/webhook/cognigy", example("cognigy-webhook-handover.json")),
        // judged as a webhook because of the path, and fails as one
        ("/webhook/cognigy", example("cognigy-signal-escalate.json")),
        ("/", example("guest-session-switch.json")),
        ("/", example("broken/signal-p2-object.json")),
        ("/", b"{\"p1\": \"Escalate\", ".to_vec()),
        ("/", b"{\"text\": \"caf\xe9\"}".to_vec()),
        ("/", b"".to_vec()),
    ];
    let count = (bodies.len() + 1).to_string();
    let mut listener = Listener::start(
        &home,
        &[
            "--max-requests",
            &count,
            "--output",
            "json",
            "--save",
            save.to_str().unwrap(),
        ],
        &[],
    );
    for (path, body) in &bodies {
        listener.post(path, body.clone());
        // one at a time, so the report and the file are in the same order
        let n = listener.stderr.len();
        listener.wait_line(|l| l.contains(" POST "));
        assert!(listener.stderr.len() > n);
    }
    // refused before its body was read: saved without a body, skipped by validate-payload
    let refused = Listener::client()
        .get(format!("{}/hook", listener.base))
        .body("{}")
        .send()
        .unwrap();
    assert_eq!(refused.status(), 400);
    let ended = listener.end();
    let live = ended.report();
    let lines = std::fs::read_to_string(&save).unwrap();
    assert_eq!(lines.lines().count(), bodies.len() + 1, "{lines}");

    let out = common::isolated(home.path())
        .args(["validate-payload", "--output", "json"])
        .arg(&save)
        .output()
        .unwrap();
    let offline = common::report(&out);
    let offline = offline["subjects"].as_array().unwrap();
    assert_eq!(offline.len(), bodies.len());
    let listened: Vec<&serde_json::Value> = live["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["id"].as_str().unwrap().contains(" POST "))
        .collect();
    for (i, (was, now)) in listened.iter().zip(offline).enumerate() {
        assert_eq!(
            was["status"],
            now["status"],
            "line {}: {was} vs {now}",
            i + 1
        );
        assert_eq!(was["findings"], now["findings"], "line {}", i + 1);
        assert_eq!(was["facts"]["kind"], now["facts"]["kind"], "line {}", i + 1);
    }
    assert_eq!(offline[1]["facts"]["kind"], "cognigy-webhook");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_config_file_and_links_are_refused() {
    let home = home(ROUTING);
    let config = home.join("cxone-diag.yaml");
    let link = home.join("link.ndjson");
    std::os::unix::fs::symlink(home.join("elsewhere.ndjson"), &link).unwrap();
    for target in [
        config.clone(),
        home.path().join(".").join("cxone-diag.yaml"),
        link,
    ] {
        let out = common::isolated(home.path())
            .args(["listen", "--port", "0", "--save"])
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", target.display());
    }
    assert_eq!(std::fs::read_to_string(&config).unwrap(), ROUTING);
    assert!(!home.join("elsewhere.ndjson").exists());
}

#[test]
fn save_headers_masks_every_secret_looking_header() {
    // a sender's own credentials travel in headers the config cannot list in advance
    let home = home("rules: {}\n");
    let save = home.join("requests.ndjson");
    let listener = Listener::start(
        &home,
        &[
            "--max-requests",
            "1",
            "--output",
            "json",
            "--save",
            save.to_str().unwrap(),
            "--save-headers",
        ],
        &[],
    );
    let secrets = [
        ("X-Access-Token", "access-token-value-1"),
        ("X-Hub-Signature-256", "sha256=signature-value-2"),
        ("Api-Key", "api-key-value-3"),
        ("X-Client-Secret", "client-secret-value-4"),
        ("X-Session-Id", "session-value-5"),
        ("X-Upstream-Password", "password-value-6"),
    ];
    let mut request = Listener::client()
        .post(format!("{}/hook", listener.base))
        .header("X-Trace-Id", "trace-kept")
        .body(crate::support::SIGNAL.to_vec());
    for (name, value) in secrets {
        request = request.header(name, value);
    }
    assert_eq!(request.send().unwrap().status(), 200);
    let ended = listener.end();
    assert_eq!(ended.code, 0, "{}", ended.stderr);
    let saved = std::fs::read_to_string(&save).unwrap();
    for (name, value) in secrets {
        assert!(!saved.contains(value), "{name} saved in clear: {saved}");
        let masked = format!(r#"["{}","***"]"#, name.to_ascii_lowercase());
        assert!(saved.contains(&masked), "{masked}: {saved}");
    }
    assert!(saved.contains(r#"["x-trace-id","trace-kept"]"#), "{saved}");
}

#[test]
fn the_sandbox_scenario_file_is_refused_too() {
    let home = home(ROUTING);
    let scenario_text =
        std::fs::read_to_string(common::in_crate("examples/scenarios/bench-200.yaml")).unwrap();
    let scenario = home.join("scenario.yaml");
    std::fs::write(&scenario, &scenario_text).unwrap();
    let out = common::isolated(home.path())
        .args(["listen", "--port", "0", "--duration", "3s", "--sandbox"])
        .arg(&scenario)
        .arg("--save")
        .arg(home.path().join(".").join("scenario.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sandbox scenario"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), scenario_text);
}
