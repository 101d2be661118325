//! Numbers from servers and config never panic: Retry-After, expires_in, run_timeout_s; an
//! endless or oversized body is an error naming the endpoint and the size.

use serde_json::json;

use crate::hostile::{Body, Hostile, Resp};
use crate::support::*;

const SMALL: &str = "http:\n  max_attempts: 2\n  max_retry_wait_s: 0\n  timeout_s: 20\n";

#[test]
fn absurd_retry_after_values_end_in_a_report_not_a_panic() {
    for value in ["1e20", "99999999999999999999", "18446744073709551616"] {
        let t = Hostile::start(move |req| {
            if req.path.starts_with("/auth/token") {
                return token().with("Retry-After", value);
            }
            Resp::json(429, json!({"error": "slow down"})).with("Retry-After", value)
        });
        let home = lab_home(&t.base(), SMALL);
        let r = run(&home, &["-o", "json", "queue-health", "4001"]);
        assert_eq!(r.code, 3, "{value}: {}\n{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert_eq!(r.report()["status"], "error", "{}", r.stdout);
    }
}

#[test]
fn an_absurd_expires_in_and_run_timeout_do_not_panic() {
    let t = Hostile::start(|req| {
        if req.path.starts_with("/auth/token") {
            return Resp::json(
                200,
                json!({"access_token": ACCESS_TOKEN, "expires_in": 1e300}),
            );
        }
        Resp::json(404, json!({}))
    });
    let home = lab_home(
        &t.base(),
        "http:\n  run_timeout_s: 18446744073709551615\n  max_attempts: 1\n",
    );
    let r = run(&home, &["-o", "json", "auth", "check"]);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.code < 100, "{}", r.stderr);
    assert!(!r.stdout.contains("expires in -"), "{}", r.stdout);
}

#[test]
fn an_endless_or_oversized_body_is_an_error_naming_the_endpoint_and_size() {
    for body in [Body::Endless, Body::Huge(99_999_999_999)] {
        let b = body.clone();
        let t = Hostile::start(move |req| {
            if req.path.starts_with("/auth/token") {
                return token();
            }
            Resp {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: b.clone(),
            }
        });
        let home = lab_home(
            &t.base(),
            "http:\n  max_body_bytes: 1048576\n  max_attempts: 1\n",
        );
        let r = run(&home, &["-o", "json", "queue-health", "4001"]);
        assert_eq!(r.code, 3, "{body:?}: {}\n{}", r.stdout, r.stderr);
        let text = format!("{}{}", r.stdout, r.stderr);
        assert!(text.contains("/skills/4001"), "{text}");
        assert!(text.contains("http.max_body_bytes (1048576)"), "{text}");
    }
}

#[test]
fn absurd_response_headers_end_in_an_error_naming_them_not_a_panic() {
    let huge = "v".repeat(1 << 20);
    let t = Hostile::start(move |req| {
        if req.path.starts_with("/auth/token") {
            return token();
        }
        let mut r = Resp::json(200, json!({"skills": []}))
            .with("X-Huge", &huge)
            .with("Retry-After", "-1e308");
        for i in 0..2000 {
            r = r.with(&format!("X-Many-{i}"), "1");
        }
        r
    });
    let home = lab_home(&t.base(), "http:\n  max_attempts: 1\n");
    let r = run(&home, &["-o", "json", "queue-health", "4001"]);
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(
        r.stderr.contains("message head is too large"),
        "{}",
        r.stderr
    );
}

#[test]
fn after_a_live_write_absurd_retry_after_still_ends_in_a_full_report_and_audit_log() {
    let t = Hostile::start(|req| {
        let path = req.path.split('?').next().unwrap_or_default();
        if path == "/auth/token" {
            return token();
        }
        if req.method == "POST" && path.ends_with("/signal") {
            return Resp::json(202, json!({}));
        }
        if path.ends_with("/contacts/5823201") {
            return Resp::json(
                200,
                json!({"contactId": 5823201, "masterContactId": 5823200, "skillId": 4001,
                       "state": "Active", "mediaTypeId": 4}),
            );
        }
        // Preflight's reads, before the write: the bot contact and its caller are live.
        if path.ends_with("/contacts/5823200") {
            return Resp::json(
                200,
                json!({"contactId": 5823200, "masterContactId": 5823200, "skillId": 4001,
                       "stateName": "PreQueue", "mediaTypeId": 4}),
            );
        }
        if path.ends_with("/contacts/active") {
            let id = if req.path.contains("5823200") {
                5823200
            } else {
                5823201
            };
            let (state, master) = if id == 5823200 {
                ("PreQueue", 5823200)
            } else {
                ("Active", 5823200)
            };
            return Resp::json(
                200,
                json!({"totalRecords": 1, "activeContacts": [{"contactId": id,
                       "masterContactId": master, "skillId": 4001, "stateName": state,
                       "mediaTypeId": 4}]}),
            );
        }
        Resp::json(429, json!({"error": "slow down"})).with("Retry-After", "1e20")
    });
    let home = lab_home(
        &t.base(),
        "http:\n  max_attempts: 2\n  max_retry_wait_s: 0\n",
    );
    let r = run(
        &home,
        &[
            "-o",
            "json",
            "simulate-handoff",
            "--live",
            "--yes",
            "--contact-id",
            "5823201",
            "--verify-timeout",
            "1",
            "--audit-log",
            "audit.jsonl",
        ],
    );
    let signalled = t
        .requests()
        .iter()
        .any(|q| q.method == "POST" && q.path.contains("/signal"));
    assert!(signalled, "the write was sent: {}\n{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.code < 100, "{}", r.stderr);
    let report = r.report();
    for step in ["handover", "verify", "cleanup"] {
        crate::common::subject(&report, step);
    }
    let audit = std::fs::read_to_string(home.join("audit.jsonl")).unwrap();
    assert!(audit.contains("\"step\":\"cleanup\""), "{audit}");
}

#[test]
fn extreme_http_settings_never_panic() {
    let t = Hostile::start(|req| {
        if req.path.starts_with("/auth/token") {
            return token();
        }
        Resp::json(404, json!({"error": "NotFound"}))
    });
    let keys: [(&str, &[&str]); 7] = [
        ("timeout_s", &["0", "18446744073709551615"]),
        ("connect_timeout_s", &["0", "18446744073709551615"]),
        ("max_retry_wait_s", &["0", "18446744073709551615"]),
        ("run_timeout_s", &["1", "18446744073709551615"]),
        ("concurrency", &["0", "18446744073709551615"]),
        ("max_body_bytes", &["0", "18446744073709551615"]),
        ("max_attempts", &["0", "4294967295"]),
    ];
    for (key, values) in keys {
        for value in values {
            let home = lab_home(&t.base(), &format!("http:\n  {key}: {value}\n"));
            let r = run(&home, &["-o", "json", "queue-health", "4001"]);
            assert!(
                r.code < 100 && !r.stderr.contains("panicked"),
                "{key}: {value}: exit {} {}",
                r.code,
                r.stderr
            );
        }
    }
}
