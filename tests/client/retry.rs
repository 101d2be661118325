//! Retries, timeouts and error answers, in process against httpmock (hit counts and timings).

use std::time::{Duration, Instant, SystemTime};

use httpmock::prelude::*;
use serde_json::json;

use cxone_diag::cxone::{ErrorKind, Stage};

use crate::support::*;

fn logged_in(t: &Tenant) {
    t.discovery();
    t.token(3600);
    t.configuration();
}

#[test]
fn a_get_is_retried_on_503_until_it_succeeds() {
    let t = Tenant::start();
    logged_in(&t);
    let failing = t.server.mock(|when, then| {
        when.method(GET).path(acd("/skills/42"));
        then.status(503)
            .body("Service Unavailable")
            .up_to_n_times(2);
    });
    let ok = t.server.mock(|when, then| {
        when.method(GET).path(acd("/skills/42"));
        then.status(200)
            .json_body(json!({"skillId": 42, "skillName": "Billing", "isActive": true}));
    });
    let call = client(&t.base()).skill("42").unwrap();
    assert_eq!(call.skill_name.as_deref(), Some("Billing"));
    assert_eq!(call.attempts, 3);
    assert_eq!(call.http_status, 200);
    failing.assert_calls(2);
    ok.assert_calls(1);
}

#[test]
fn a_get_gives_up_after_max_attempts() {
    let t = Tenant::start();
    logged_in(&t);
    let failing = t.server.mock(|when, then| {
        when.method(GET).path(acd("/agents/states"));
        then.status(502)
            .body("<html><body>Bad Gateway</body></html>");
    });
    let err = client(&t.base()).agent_states().unwrap_err();
    failing.assert_calls(3);
    assert_eq!(err.kind, ErrorKind::Server);
    assert_eq!(err.attempts, 3);
    assert_eq!(err.status, Some(502));
    let msg = err.message();
    assert!(msg.contains("after 3 attempts"), "{msg}");
    assert!(
        msg.contains("/inContactAPI/services/v30.0/agents/states"),
        "{msg}"
    );
    assert!(msg.contains("Bad Gateway"), "{msg}");
}

#[test]
fn a_post_is_never_resent_after_a_500_or_503() {
    let t = Tenant::start();
    logged_in(&t);
    for status in [500, 503] {
        let path = format!("/interactions/{status}/signal");
        let m = t.server.mock(|when, then| {
            when.method(POST).path(acd(&path));
            then.status(status)
                .json_body(json!({"error":"ServerError","errorDescription":"boom"}));
        });
        let err = client(&t.base())
            .signal(&status.to_string(), &["Escalate".into(), "{}".into()])
            .unwrap_err();
        m.assert_calls(1);
        assert_eq!(err.kind, ErrorKind::Server);
        assert!(err.not_resent);
        assert!(err.message().contains("not resent"), "{}", err.message());
    }
}

#[test]
fn a_post_is_retried_on_429() {
    let t = Tenant::start();
    logged_in(&t);
    let throttled = t.server.mock(|when, then| {
        when.method(POST).path(acd("/interactions/7/signal"));
        then.status(429).header("retry-after", "0").up_to_n_times(1);
    });
    let ok = t.server.mock(|when, then| {
        when.method(POST).path(acd("/interactions/7/signal"));
        then.status(202);
    });
    let call = client(&t.base()).signal("7", &["Escalate".into()]).unwrap();
    assert_eq!(call.http_status, 202);
    assert_eq!(call.attempts, 2);
    throttled.assert_calls(1);
    ok.assert_calls(1);
}

#[test]
fn retry_after_seconds_is_honoured() {
    let t = Tenant::start();
    logged_in(&t);
    let c = client_with(
        &t.base(),
        cxone_diag::config::HttpSettings {
            max_retry_wait_s: 30,
            ..fast_http()
        },
        0,
        &Trace::default(),
    );
    c.login().unwrap();
    t.server.mock(|when, then| {
        when.path(acd("/skills/1/agents"));
        then.status(429).header("retry-after", "1").up_to_n_times(1);
    });
    t.server.mock(|when, then| {
        when.path(acd("/skills/1/agents"));
        then.status(200)
            .json_body(json!({"agentSkillAssignments":[]}));
    });
    let started = Instant::now();
    let call = c.skill_agents("1").unwrap();
    let took = started.elapsed();
    assert_eq!(call.attempts, 2);
    assert!(took >= Duration::from_millis(950), "waited {took:?}");
    assert!(took < Duration::from_secs(4), "waited {took:?}");
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let t = Tenant::start();
    logged_in(&t);
    let c = client_with(
        &t.base(),
        cxone_diag::config::HttpSettings {
            max_retry_wait_s: 30,
            ..fast_http()
        },
        0,
        &Trace::default(),
    );
    c.login().unwrap();
    let when_ok = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    t.server.mock(|when, then| {
        when.path(acd("/agents/states"));
        then.status(429)
            .header("retry-after", when_ok.as_str())
            .up_to_n_times(1);
    });
    t.server.mock(|when, then| {
        when.path(acd("/agents/states"));
        then.status(200).json_body(json!({"agentStates":[]}));
    });
    let started = Instant::now();
    c.agent_states().unwrap();
    let took = started.elapsed();
    // An HTTP date has one-second resolution: the wait is between 1 and 2 seconds.
    assert!(took >= Duration::from_millis(900), "waited {took:?}");
    assert!(took < Duration::from_secs(4), "waited {took:?}");
}

#[test]
fn retry_after_is_capped_by_max_retry_wait() {
    let t = Tenant::start();
    logged_in(&t);
    let c = client_with(
        &t.base(),
        cxone_diag::config::HttpSettings {
            max_retry_wait_s: 1,
            ..fast_http()
        },
        0,
        &Trace::default(),
    );
    c.login().unwrap();
    let throttled = t.server.mock(|when, then| {
        when.path(acd("/agents/states"));
        then.status(429).header("retry-after", "120");
    });
    let started = Instant::now();
    let err = c.agent_states().unwrap_err();
    let took = started.elapsed();
    throttled.assert_calls(3);
    assert_eq!(err.kind, ErrorKind::Throttled);
    assert!(
        took >= Duration::from_millis(1900),
        "two capped waits of 1 s: {took:?}"
    );
    assert!(took < Duration::from_secs(6), "never 120 s: {took:?}");
    assert_eq!(err.finding().code, "api-throttled");
}

#[test]
fn timeouts_retry_gets_but_never_posts() {
    let t = Tenant::start();
    logged_in(&t);
    let http = cxone_diag::config::HttpSettings {
        timeout_s: 1,
        max_attempts: 2,
        ..fast_http()
    };
    let c = client_with(&t.base(), http, 0, &Trace::default());
    c.login().unwrap();
    let slow_get = t.server.mock(|when, then| {
        when.method(GET).path(acd("/contacts/5"));
        then.status(200)
            .json_body(json!({}))
            .delay(Duration::from_millis(1600));
    });
    let err = c.contact("5").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert_eq!(err.attempts, 2);
    slow_get.assert_calls(2);

    let slow_post = t.server.mock(|when, then| {
        when.method(POST).path(acd("/contacts/5/end"));
        then.status(202).delay(Duration::from_millis(1600));
    });
    let err = c.end_contact("5").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(err.not_resent);
    assert!(err.message().contains("not resent"), "{}", err.message());
    slow_post.assert_calls(1);
    assert_eq!(err.finding().code, "api-timeout");
}

#[test]
fn the_run_deadline_stops_calls() {
    let t = Tenant::start();
    logged_in(&t);
    let c = cxone_diag::cxone::Client::new(cxone_diag::cxone::ClientOptions {
        profile: profile(&t.base()),
        http: fast_http(),
        credentials: credentials(),
        verbosity: 0,
        token_cache_dir: None,
        deadline: Some(Instant::now() + Duration::from_secs(2)),
        trace_sink: None,
    })
    .unwrap();
    c.login().unwrap();
    t.server.mock(|when, then| {
        when.path(acd("/agents/states"));
        then.status(200)
            .json_body(json!({}))
            .delay(Duration::from_secs(6));
    });
    // No wall-clock bound: an answer waited for would be a decode error (no agentStates), so
    // the kind says the deadline cut the call short.
    let err = c.agent_states().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Deadline, "{err}");
    assert_eq!(err.finding().code, "api-run-timeout");
}

#[test]
fn connection_refused_is_a_network_error_naming_the_host() {
    let c = client("http://127.0.0.1:9");
    let err = c.login().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network);
    assert_eq!(err.stage, Stage::Discovery);
    assert_eq!(err.attempts, 3, "nothing was sent, so it is retried");
    assert!(err.message().contains("127.0.0.1:9"), "{}", err.message());
    assert!(err.hint().contains("issuer"));
}

#[test]
fn a_tls_failure_is_named() {
    let t = Tenant::start();
    let https = t.base().replace("http://", "https://");
    let err = client(&https).login().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network);
    let msg = err.message();
    assert!(msg.contains("TLS handshake failed"), "{msg}");
    assert!(msg.contains("cannot reach the issuer"), "{msg}");
}

#[test]
fn malformed_json_and_html_name_the_endpoint() {
    let t = Tenant::start();
    logged_in(&t);
    t.server.mock(|when, then| {
        when.path(acd("/contacts/1"));
        then.status(200)
            .header("content-type", "application/json")
            .body("{\"contactId\": 1,");
    });
    t.server.mock(|when, then| {
        when.path(acd("/contacts/2"));
        then.status(200)
            .header("content-type", "text/html")
            .body("<!DOCTYPE html><html><title>Login</title></html>");
    });
    t.server.mock(|when, then| {
        when.path(acd("/contacts/3"));
        then.status(200).json_body(json!("just text"));
    });
    let c = client(&t.base());
    let e1 = c.contact("1").unwrap_err();
    assert_eq!(e1.kind, ErrorKind::Decode);
    assert!(e1.message().contains("malformed JSON"), "{}", e1.message());
    assert!(e1.message().contains("/contacts/1"), "{}", e1.message());
    let e2 = c.contact("2").unwrap_err();
    assert!(e2.message().contains("HTML page"), "{}", e2.message());
    assert_eq!(e2.finding().code, "api-bad-response");
    let e3 = c.contact("3").unwrap_err();
    assert_eq!(e3.kind, ErrorKind::Decode);
    assert!(e3.message().contains("expected shape"), "{}", e3.message());
}

#[test]
fn no_known_way_to_render_data_means_a_missing_accept_header() {
    let t = Tenant::start();
    logged_in(&t);
    t.server.mock(|when, then| {
        when.path(acd("/skills/9"));
        then.status(200).body("\"No known way to render data\"");
    });
    let err = client(&t.base()).skill("9").unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotRenderable);
    assert!(
        err.message().contains("Accept: application/json"),
        "{}",
        err.message()
    );
    assert_eq!(err.finding().code, "api-missing-accept");
}

#[test]
fn error_bodies_of_every_shape_are_quoted() {
    let t = Tenant::start();
    logged_in(&t);
    t.server.mock(|when, then| {
        when.path(acd("/skills/404"));
        then.status(404)
            .json_body(json!({"error":"NotFound","errorDescription":"Skill 404 was not found"}));
    });
    t.server.mock(|when, then| {
        when.path("/dfo/3.0/contacts/77");
        then.status(400).json_body(json!({"errors":[{"message":"Contact not accessible","errorCode":"E42"}],"uid":"abc-1"}));
    });
    let c = client(&t.base());
    let e = c.skill("404").unwrap_err();
    assert!(e.is_not_found());
    assert!(
        e.message().contains("Skill 404 was not found"),
        "{}",
        e.message()
    );
    assert_eq!(e.finding().code, "api-not-found");
    let e = c.dfo_contact("77").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Rejected);
    assert_eq!(e.code.as_deref(), Some("E42"));
    assert!(
        e.message().contains("Contact not accessible (uid abc-1)"),
        "{}",
        e.message()
    );
    assert!(
        e.message().contains("/dfo/3.0/contacts/77"),
        "{}",
        e.message()
    );
}

#[test]
fn a_post_is_retried_on_503_with_retry_after_and_every_attempt_is_logged() {
    let t = Tenant::start();
    logged_in(&t);
    let unavailable = t.server.mock(|when, then| {
        when.method(POST).path(acd("/interactions/8/signal"));
        then.status(503)
            .header("retry-after", "0")
            .body("Service Unavailable")
            .up_to_n_times(2);
    });
    let ok = t.server.mock(|when, then| {
        when.method(POST).path(acd("/interactions/8/signal"));
        then.status(202);
    });
    let call = client(&t.base()).signal("8", &["Escalate".into()]).unwrap();
    unavailable.assert_calls(2);
    ok.assert_calls(1);
    assert_eq!(call.attempts, 3);
    let statuses: Vec<Option<u16>> = call.attempt_log.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(202)]);
    assert_eq!(call.attempt_log[0].retry_after_ms, Some(0));
    assert_eq!(call.attempt_log[0].waited_ms, Some(0));
    assert_eq!(
        call.attempt_log[2].waited_ms, None,
        "nothing is waited after the last attempt"
    );
}

#[test]
fn a_failed_post_carries_its_attempt_log() {
    let t = Tenant::start();
    logged_in(&t);
    let m = t.server.mock(|when, then| {
        when.method(POST).path(acd("/interactions/9/signal"));
        then.status(500)
            .json_body(json!({"error":"ServerError","errorDescription":"boom"}));
    });
    let err = client(&t.base())
        .signal("9", &["Escalate".into()])
        .unwrap_err();
    m.assert_calls(1);
    assert_eq!(err.attempt_log.len(), 1);
    assert_eq!(err.attempt_log[0].status, Some(500));
    assert_eq!(err.attempt_log[0].waited_ms, None);
}

#[test]
fn a_network_error_is_logged_without_a_status() {
    let c = client("http://127.0.0.1:9");
    let err = c.login().unwrap_err();
    assert_eq!(err.attempt_log.len(), 3);
    assert!(err.attempt_log.iter().all(|a| a.status.is_none()));
    assert!(
        err.attempt_log[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("connection")),
        "{:?}",
        err.attempt_log
    );
}
