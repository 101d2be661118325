//! One token per run, refresh before expiry, refresh once on a 401, and one token for many threads.

use std::time::Duration;

use httpmock::prelude::*;
use serde_json::json;

use cxone_diag::cxone::{ErrorKind, Stage};

use crate::support::*;

#[test]
fn many_calls_share_one_token() {
    let t = Tenant::start();
    let [discovery, token, conf, read] = t.healthy();
    let c = client(&t.base());
    for _ in 0..5 {
        c.api_version().unwrap();
    }
    discovery.assert_calls(1);
    token.assert_calls(1);
    conf.assert_calls(1);
    read.assert_calls(5);
}

#[test]
fn eight_threads_starting_at_once_fetch_one_token() {
    let t = Tenant::start();
    t.discovery();
    let token = t.server.mock(|when, then| {
        when.method(POST).path("/auth/token");
        then.status(200)
            .json_body(token_body(&t.base(), 3600, ACCESS_TOKEN))
            .delay(Duration::from_millis(200));
    });
    t.configuration();
    let skills = t.server.mock(|when, then| {
        when.method(GET).path_includes("/skills/");
        then.status(200).json_body(json!({"skillId": 1}));
    });
    let c = client(&t.base());
    let ids: Vec<String> = (1..=16).map(|i| i.to_string()).collect();
    let results = c.map_concurrent(ids, |id: String| c.skill(&id).map(|s| s.http_status));
    assert!(results.iter().all(|r| matches!(r, Ok(200))), "{results:?}");
    token.assert_calls(1);
    skills.assert_calls(16);
}

#[test]
fn a_token_is_refreshed_shortly_before_it_expires() {
    let t = Tenant::start();
    t.discovery();
    t.configuration();
    let first = t.server.mock(|when, then| {
        when.method(POST)
            .path("/auth/token")
            .form_urlencoded_tuple("grant_type", "password");
        then.status(200)
            .json_body(token_body(&t.base(), 2, ACCESS_TOKEN));
    });
    let refresh = t.server.mock(|when, then| {
        when.method(POST)
            .path("/auth/token")
            .form_urlencoded_tuple("grant_type", "refresh_token")
            .form_urlencoded_tuple("refresh_token", REFRESH_TOKEN);
        then.status(200).json_body(
            json!({"access_token": "ACCESS-2", "token_type": "Bearer", "expires_in": 3600}),
        );
    });
    let old = t.server.mock(|when, then| {
        when.path(acd("/agents/states"))
            .header("authorization", format!("Bearer {ACCESS_TOKEN}"));
        then.status(200).json_body(json!({"agentStates": []}));
    });
    let new = t.server.mock(|when, then| {
        when.path(acd("/agents/states"))
            .header("authorization", "Bearer ACCESS-2");
        then.status(200).json_body(json!({"agentStates": []}));
    });
    let c = client(&t.base());
    c.agent_states().unwrap();
    // Past the 2 s lifetime on the client's clock (advanced, not slept).
    c.advance_clock(Duration::from_secs(3));
    c.agent_states().unwrap();
    c.agent_states().unwrap();
    first.assert_calls(1);
    refresh.assert_calls(1);
    old.assert_calls(1);
    new.assert_calls(2);
    assert_eq!(
        c.identity().unwrap().tenant_id.as_deref(),
        Some(TENANT),
        "the id_token is kept across a refresh that returns none"
    );
}

#[test]
fn a_401_refreshes_once_and_retries_once() {
    let t = Tenant::start();
    t.discovery();
    t.configuration();
    t.token(3600);
    let refresh = t.server.mock(|when, then| {
        when.method(POST)
            .path("/auth/token")
            .form_urlencoded_tuple("grant_type", "refresh_token");
        then.status(200)
            .json_body(json!({"access_token": "ACCESS-2", "expires_in": 3600}));
    });
    let stale = t.server.mock(|when, then| {
        when.path(acd("/contacts/5"))
            .header("authorization", format!("Bearer {ACCESS_TOKEN}"));
        then.status(401)
            .json_body(json!({"error": "invalid_token"}));
    });
    let fresh = t.server.mock(|when, then| {
        when.path(acd("/contacts/5"))
            .header("authorization", "Bearer ACCESS-2");
        then.status(200)
            .json_body(json!({"contactId": 5, "masterContactId": 4}));
    });
    let trace = Trace::default();
    let c = client_with(&t.base(), fast_http(), 2, &trace);
    let call = c.contact("5").unwrap();
    assert_eq!(call.master_contact_id.as_deref(), Some("4"));
    assert_eq!(call.requests, 2);
    let text = trace.text();
    assert!(text.contains("refreshing it once and retrying"), "{text}");
    assert!(
        text.contains("grant_type=refresh_token&refresh_token=***"),
        "{text}"
    );
    for secret in [
        ACCESS_TOKEN,
        "ACCESS-2",
        REFRESH_TOKEN,
        CLIENT_SECRET,
        KEY_SECRET,
    ] {
        assert!(
            !text.contains(secret),
            "leaked {secret} in the trace:\n{text}"
        );
    }
    stale.assert_calls(1);
    refresh.assert_calls(1);
    fresh.assert_calls(1);
}

#[test]
fn a_second_401_is_an_unauthorized_error_not_a_loop() {
    let t = Tenant::start();
    t.discovery();
    t.configuration();
    let token = t.token(3600);
    let refresh = t.server.mock(|when, then| {
        when.method(POST)
            .path("/auth/token")
            .form_urlencoded_tuple("grant_type", "refresh_token");
        then.status(400)
            .json_body(json!({"error": "invalid_grant"}));
    });
    let api = t.server.mock(|when, then| {
        when.path(acd("/skills/1/activity"));
        then.status(401).body("");
    });
    let err = client(&t.base()).skill_activity("1", None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert_eq!(err.stage, Stage::Api);
    assert!(
        err.message().contains("even after a fresh one"),
        "{}",
        err.message()
    );
    assert!(err.hint().contains("Real-Time Data"), "{}", err.hint());
    api.assert_calls(2);
    refresh.assert_calls(1);
    token.assert_calls(2);
}

#[test]
fn a_cached_token_is_reused_by_a_new_client() {
    let t = Tenant::start();
    let [_d, token, _c, _r] = t.healthy();
    let dir = tempfile::tempdir().unwrap();
    let make = || {
        cxone_diag::cxone::Client::new(cxone_diag::cxone::ClientOptions {
            profile: profile(&t.base()),
            http: fast_http(),
            credentials: credentials(),
            verbosity: 0,
            token_cache_dir: Some(dir.path().to_path_buf()),
            deadline: None,
            trace_sink: None,
        })
        .unwrap()
    };
    make().api_version().unwrap();
    make().api_version().unwrap();
    token.assert_calls(1);
}
