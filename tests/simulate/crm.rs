//! The CRM step: the handoff context reaches the CRM (2xx passes), a 500 or a timeout fails and
//! is never resent, secrets never reach any output, offline it goes to the sandbox's endpoint.

use cxone_diag::sandbox::{FaultRule, Sandbox};
use serde_json::Value;

use crate::support::*;

const KEY: &str = "CRM-S3CR3T-key-991";

fn crm_rules(url: &str, http: &str) -> String {
    format!(
        "{http}rules:\n  handoff:\n    crm:\n      url: {url}\n      headers:\n        - {{name: X-Api-Key, env: CRM_KEY}}\n        - {{name: X-Source, value: cxone-diag}}\n"
    )
}

/// A live signal rehearsal on the demo sandbox whose CRM is the sandbox's endpoint.
fn live(sb: &Sandbox, http: &str) -> (Value, i32, String, String) {
    let home = Home::new();
    home.sandbox_profile(
        sb,
        &crm_rules(&format!("{}/crm/handoff", sb.base_url()), http),
    );
    let out = home
        .cmd_for(sb)
        .env("CRM_KEY", KEY)
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--yes",
            "--contact-id",
            "5823201",
        ])
        .output()
        .unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    (report(&out), code(&out), stderr(&out), all)
}

fn crm_posts(sb: &Sandbox) -> Vec<cxone_diag::sandbox::record::Received> {
    sb.received()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/crm/handoff")
        .collect()
}

#[test]
fn the_handoff_context_reaches_the_crm_with_its_headers() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let (r, exit, err, all) = live(&sb, "");
    assert_eq!(exit, 0, "{r:#}\n{err}");
    let s = subject(&r, "crm");
    assert_eq!(s["status"], "pass", "{s:#}");
    assert_eq!(codes(s), ["simulate-crm-accepted"]);
    let posts = crm_posts(&sb);
    assert_eq!(posts.len(), 1);
    let body: Value = serde_json::from_str(&posts[0].body).unwrap();
    assert_eq!(
        body["contactId"], "5823200",
        "the caller's contact: {body:#}"
    );
    assert_eq!(body["outcome"], "answered");
    assert_eq!(body["via"], "signal");
    assert!(body["timings"]["timeToAgentMs"].is_u64(), "{body:#}");
    assert_eq!(body["context"][0]["intent"], "billing_dispute");
    assert_eq!(body["runId"], subject(&r, "payload")["facts"]["runId"]);
    let header = |n: &str| {
        posts[0]
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("x-source").as_deref(), Some("cxone-diag"));
    assert_eq!(
        header("x-api-key").as_deref(),
        Some("***"),
        "sent, and redacted in the log"
    );
    assert!(
        header("authorization").is_none(),
        "no CXone token goes to the CRM"
    );
    // The plan showed it, masked.
    assert!(
        err.contains(&format!("POST {}/crm/handoff", sb.base_url())),
        "{err}"
    );
    assert!(err.contains("X-Api-Key: ***"), "{err}");
    assert!(!all.contains(KEY), "the CRM secret leaked");
}

#[test]
fn a_500_from_the_crm_fails_the_step_and_is_not_resent() {
    let sb = Sandbox::start("demo", 0).unwrap();
    sb.add_fault(FaultRule::statuses("POST", "/crm/handoff", &[500]))
        .unwrap();
    let (r, exit, err, all) = live(&sb, "");
    assert_eq!(exit, 1, "{r:#}\n{err}");
    let s = subject(&r, "crm");
    assert_eq!(codes(s), ["simulate-crm-failed"]);
    assert_eq!(s["facts"]["status"], 500);
    assert_eq!(s["facts"]["notResent"], true);
    assert_eq!(crm_posts(&sb).len(), 1, "never resent");
    assert_eq!(subject(&r, "verify")["facts"]["outcome"], "answered");
    assert!(!all.contains(KEY));
}

#[test]
fn a_crm_that_does_not_answer_in_time_fails_and_is_not_resent() {
    let sb = Sandbox::start("demo", 0).unwrap();
    sb.add_fault(FaultRule::latency("/crm/handoff", 5_000))
        .unwrap();
    let (r, exit, err, _) = live(&sb, "http:\n  timeout_s: 1\n");
    assert_eq!(exit, 1, "{r:#}\n{err}");
    let s = subject(&r, "crm");
    assert_eq!(codes(s), ["simulate-crm-failed"], "{s:#}");
    assert_eq!(s["facts"]["attempts"], 1);
    let msg = s["findings"][0]["message"].as_str().unwrap();
    assert!(
        !msg.contains("did not reach"),
        "the CRM received it and may have processed it: {msg}"
    );
    assert!(msg.contains("did not answer"), "{msg}");
    assert_eq!(
        crm_posts(&sb).len(),
        1,
        "a POST that timed out is never resent"
    );
}

#[test]
fn a_live_crm_header_without_its_secret_stops_before_any_request() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let home = Home::new();
    home.sandbox_profile(&sb, &crm_rules("https://crm.example.com/x", ""));
    let out = home
        .cmd_for(&sb)
        .args([
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--yes",
            "--contact-id",
            "5823201",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("CRM_KEY"), "{}", stderr(&out));
    assert!(sb.received().is_empty(), "{:?}", sb.received());
}

#[test]
fn offline_the_sandbox_crm_endpoint_takes_the_context() {
    let home = Home::new();
    home.config(&crm_rules(
        "https://crm.example.com/api/handoff",
        "token_cache: false\n",
    ));
    let out = home.simulate(&[]);
    let r = report(&out);
    assert_eq!(code(&out), 0, "{r:#}\n{}", stderr(&out));
    let s = subject(&r, "crm");
    assert_eq!(s["status"], "pass", "{s:#}");
    assert_eq!(s["facts"]["sandboxReceived"], 1);
    assert_eq!(
        s["facts"]["configuredUrl"],
        "https://crm.example.com/api/handoff"
    );
    assert!(
        s["facts"]["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert!(
        codes(s).contains(&"simulate-crm-placeholder".to_string()),
        "CRM_KEY is not set offline"
    );
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
            "crm",
            "cleanup"
        ]
    );
}

#[test]
fn a_failed_handover_skips_the_crm_step() {
    let home = Home::new();
    home.config(&crm_rules(
        "https://crm.example.com/api/handoff",
        "token_cache: false\n",
    ));
    let out = home.simulate(&["--inject", "500"]);
    let r = report(&out);
    assert!(skipped(subject(&r, "crm")), "{r:#}");
}

#[test]
fn the_trace_masks_the_crm_secret_but_shows_its_plain_headers() {
    let sb = Sandbox::start("demo", 0).unwrap();
    let home = Home::new();
    home.sandbox_profile(
        &sb,
        &crm_rules(&format!("{}/crm/handoff", sb.base_url()), ""),
    );
    let out = home
        .cmd_for(&sb)
        .env("CRM_KEY", KEY)
        .args(["-vv", "-o", "json", "simulate-handoff", "--live", "--yes"])
        .args(["--contact-id", "5823201"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains(KEY), "the CRM secret leaked");
    let at = err
        .find(&format!("http: POST {}/crm/handoff", sb.base_url()))
        .unwrap_or_else(|| panic!("no CRM exchange in {err}"));
    let exchange = &err[at..];
    assert!(exchange.contains("> x-api-key: ***"), "{exchange}");
    assert!(
        exchange.contains("> x-source: cxone-diag"),
        "a plain header value is not a secret: {exchange}"
    );
    assert!(exchange.contains("> user-agent: cxone-diag/"), "{exchange}");
}
