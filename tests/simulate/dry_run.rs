//! `--dry-run`: every read of a live run, then the exact requests, and no write; the plan is
//! built from the same request definition as the live send (proven byte for byte on httpmock).

use std::sync::{Arc, Mutex};

use cxone_diag::sandbox::Sandbox;
use httpmock::prelude::*;
use serde_json::Value;

use crate::support::*;

/// What httpmock received for one request: method, path and query, headers, body bytes.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path_and_query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A tenant whose bot call 5823201 waits with the bot, and whose signal route records what it
/// received (every POST) and answers 202.
fn tenant(seen: &Arc<Mutex<Vec<Seen>>>) -> Tenant {
    let t = Tenant::start();
    t.token();
    t.contacts("5823201", "5823200");
    t.skill();
    let log = seen.clone();
    t.server.mock(move |when, then| {
        when.is_true(move |req| {
            if req.method_str() == "POST" {
                log.lock().unwrap().push(Seen {
                    method: req.method_str().to_string(),
                    path_and_query: req
                        .uri()
                        .path_and_query()
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                    headers: req.headers_vec().clone(),
                    body: req.body_vec(),
                });
            }
            false
        });
        then.status(599);
    });
    t.server.mock(|when, then| {
        when.method(POST).path_includes("/inContactAPI/");
        then.status(202);
    });
    t
}

fn run(home: &Home, args: &[&str]) -> std::process::Output {
    home.cmd()
        .args(["-o", "json", "simulate-handoff"])
        .args(args)
        .write_stdin("y\n")
        .output()
        .unwrap()
}

fn posts(seen: &Arc<Mutex<Vec<Seen>>>) -> usize {
    seen.lock().unwrap().len()
}

#[test]
fn a_dry_run_reads_everything_shows_the_requests_and_sends_no_write() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let t = tenant(&seen);
    let home = Home::new();
    home.lab_profile(&t.base(), true, false, "");
    let out = run(&home, &["--dry-run", "--contact-id", "5823201"]);
    let r = report(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{r:#}\n{err}");
    assert_eq!(posts(&seen), 0, "a dry run sends no POST");
    assert_eq!(subject(&r, "payload")["facts"]["mode"], "dry-run");
    assert_eq!(subject(&r, "preflight")["status"], "pass", "{r:#}");
    assert_eq!(subject(&r, "preflight")["facts"]["masterState"], "PreQueue");
    for id in ["handover", "fallback", "verify", "cleanup"] {
        assert!(skipped(subject(&r, id)), "{id}");
    }
    let h = subject(&r, "handover");
    assert!(codes(h).contains(&"simulate-dry-run".to_string()));
    let plan = h["facts"]["plan"].as_array().unwrap();
    assert_eq!(
        plan.len(),
        1,
        "a signal creates nothing, so nothing is ended: {plan:?}"
    );
    let url = format!(
        "{}/inContactAPI/services/v30.0/interactions/5823201/signal",
        t.base()
    );
    assert_eq!(plan[0]["url"], url.as_str());
    assert!(err.contains(&format!("POST {url}")), "{err}");
    assert!(err.contains("Authorization: Bearer ***"), "{err}");
    assert!(
        !err.contains(ACCESS_TOKEN) && !String::from_utf8_lossy(&out.stdout).contains(ACCESS_TOKEN)
    );
}

#[test]
fn a_dry_run_on_a_profile_that_refuses_writes_says_a_live_run_would_be_refused() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let t = tenant(&seen);
    let home = Home::new();
    home.lab_profile(&t.base(), false, false, "");
    let out = run(&home, &["--dry-run", "--contact-id", "5823201"]);
    let r = report(&out);
    assert_eq!(code(&out), 1, "{r:#}");
    assert_eq!(posts(&seen), 0);
    let pre = subject(&r, "preflight");
    assert!(
        codes(pre).contains(&"simulate-live-would-be-refused".to_string()),
        "{pre:#}"
    );
    assert!(pre["findings"].to_string().contains("allow_writes"));
}

#[test]
fn the_previewed_request_is_the_request_sent_byte_for_byte() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let t = tenant(&seen);
    let home = Home::new();
    home.lab_profile(&t.base(), true, false, "");
    let payload = fixture("signal-escalate.json");
    let payload = payload.to_str().unwrap();
    let dry = run(&home, &["--dry-run", "--contact-id", "5823201", payload]);
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    let planned = subject(&report(&dry), "handover")["facts"]["plan"][0].clone();
    assert_eq!(posts(&seen), 0);
    let live = run(
        &home,
        &["--live", "--yes", "--contact-id", "5823201", payload],
    );
    assert_eq!(code(&live), 0, "{}", stderr(&live));
    let sent = seen.lock().unwrap();
    assert_eq!(sent.len(), 1, "one signal: {sent:?}");
    let sent = &sent[0];
    assert_eq!(planned["method"], sent.method.as_str());
    assert_eq!(
        planned["url"].as_str().unwrap(),
        format!("{}{}", t.base(), sent.path_and_query)
    );
    assert_eq!(
        planned["body"].as_str().unwrap().as_bytes(),
        sent.body.as_slice(),
        "body byte for byte"
    );
    let header = |name: &str| {
        sent.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    for pair in planned["headers"].as_array().unwrap() {
        let (k, v) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        let got = header(k).unwrap_or_else(|| panic!("{k} was not sent: {:?}", sent.headers));
        if k == "Authorization" {
            assert_eq!(v, "Bearer ***");
            assert_eq!(got, format!("Bearer {ACCESS_TOKEN}"));
        } else {
            assert_eq!(v, got, "header {k}");
        }
    }
    // Nothing is sent that the plan does not show, but what HTTP itself adds.
    for (k, _) in &sent.headers {
        let shown = planned["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p[0].as_str().unwrap().eq_ignore_ascii_case(k));
        assert!(
            shown || k.eq_ignore_ascii_case("host"),
            "{k} sent but not shown"
        );
    }
}

#[test]
fn a_work_item_preview_shows_its_query_and_no_body() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let home = Home::new();
    home.sandbox_profile(&sb, "");
    let out = home
        .cmd_for(&sb)
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--dry-run",
            "--via",
            "work-item",
        ])
        .args(["--point-of-contact", "Callback WorkItem"])
        .output()
        .unwrap();
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}\n{}", stderr(&out));
    let plan = subject(&r, "handover")["facts"]["plan"]
        .as_array()
        .unwrap()
        .clone();
    let url = plan[0]["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/inContactAPI/services/v30.0/interactions/work-items?pointOfContact=Callback+WorkItem&", sb.base_url())), "{url}");
    assert_eq!(plan[0]["body"], Value::Null);
    assert!(
        plan[0]["headers"]
            .to_string()
            .contains("[\"Content-Length\",\"0\"]"),
        "{plan:?}"
    );
    assert!(
        plan[1]["url"]
            .as_str()
            .unwrap()
            .ends_with("/contacts/{created}/end"),
        "{plan:?}"
    );
    let writes = sandbox_writes(&sb);
    assert_eq!(writes, 0, "the sandbox's request log: {:?}", sb.received());
    // Sent live, the work item carries exactly the planned URL and headers.
    let out = home
        .cmd_for(&sb)
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--yes",
            "--via",
            "work-item",
        ])
        .args([
            "--point-of-contact",
            "Callback WorkItem",
            "--verify-timeout",
            "0",
        ])
        .output()
        .unwrap();
    // Sent, and seen queued (or already answered) at the one verify poll: exit 0.
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let received = sb.received();
    let sent = received
        .iter()
        .find(|q| q.method == "POST" && q.path.ends_with("/interactions/work-items"))
        .expect("the work item was sent");
    let planned_path = url.trim_start_matches(sb.base_url());
    let (path, query) = planned_path.split_once('?').unwrap();
    assert_eq!(sent.path, path);
    let words = |q: &str| {
        let mut v: Vec<String> = q
            .split('&')
            .filter(|p| !p.starts_with("workItemID=") && !p.starts_with("workItemPayload="))
            .map(str::to_string)
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        words(&sent.query),
        words(query),
        "the same query (but the run's own ids)"
    );
    let length = sent
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.as_str());
    assert_eq!(
        length,
        Some("0"),
        "a POST without a body sends Content-Length: 0: {:?}",
        sent.headers
    );
}

#[test]
fn a_dry_run_on_a_terminal_sends_no_write_either() {
    // `script` gives the binary a real terminal on stdin.
    let Ok(script) = which("script") else {
        return;
    };
    let sb = Sandbox::start("demo", 0).unwrap();
    let home = Home::new();
    home.sandbox_profile(&sb, "");
    let bin = assert_cmd::cargo::cargo_bin("cxone-diag");
    let line = format!(
        "{} --config {} -o json simulate-handoff --dry-run --contact-id 5823201",
        bin.display(),
        home.join("cxone-diag.yaml").display()
    );
    let c = sb.credentials();
    let mut cmd = std::process::Command::new(script);
    crate::common::isolate(&mut cmd, home.path())
        .env("NO_COLOR", "1")
        .env("CXONE_CLIENT_ID", &c.client_id)
        .env("CXONE_CLIENT_SECRET", &c.client_secret)
        .env("CXONE_ACCESS_KEY_ID", &c.access_key_id)
        .env("CXONE_ACCESS_KEY_SECRET", &c.access_key_secret)
        .args(["-qec", &line, "/dev/null"])
        .stdin(std::process::Stdio::null());
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("[y/N]"), "a dry run never asks: {text}");
    assert!(text.contains("/interactions/5823201/signal"), "{text}");
    let writes = sandbox_writes(&sb);
    assert_eq!(writes, 0, "{:?}", sb.received());
}

fn which(name: &str) -> Result<String, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
        .map(|p| p.display().to_string())
        .ok_or(())
}
