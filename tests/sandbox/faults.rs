//! Fault rules: status sequences, 429 with Retry-After, latency, family denial.

use crate::support::{Api, client, json};
use cxone_diag::sandbox::{ApiFamily, FaultMatch, FaultRule, RetryAfter};
use std::time::Duration;

#[test]
fn status_sequence_then_normal() {
    let api = Api::demo();
    api.sb
        .add_fault(FaultRule::statuses(
            "POST",
            "/interactions/*/signal",
            &[503, 503],
        ))
        .unwrap();
    let body = serde_json::json!({"p1": "Escalate"});
    let (first, err) = api.post_json("/interactions/5823201/signal", &body);
    assert_eq!(first, 503);
    assert_eq!(err["error"], "ServiceUnavailable");
    assert_eq!(api.post_json("/interactions/5823201/signal", &body).0, 503);
    assert_eq!(api.post_json("/interactions/5823201/signal", &body).0, 202);
    assert_eq!(
        api.sb.signals().len(),
        1,
        "faulted calls never reach the handler"
    );
    assert_eq!(api.get("/skills/4201").0, 200, "other routes are untouched");
}

#[test]
fn too_many_requests_with_retry_after_seconds_and_dates() {
    let api = Api::demo();
    api.sb
        .add_fault(
            FaultRule::statuses("GET", "/skills/4201", &[429])
                .with_retry_after(RetryAfter::Seconds(2)),
        )
        .unwrap();
    let r = api.get_raw("/skills/4201");
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()["retry-after"], "2");
    assert_eq!(api.get("/skills/4201").0, 200);

    api.sb
        .add_fault(
            FaultRule::statuses("GET", "/skills/4202", &[429])
                .with_retry_after(RetryAfter::DateIn(3.0)),
        )
        .unwrap();
    let r = api.get_raw("/skills/4202");
    assert_eq!(r.status().as_u16(), 429);
    let when = httpdate::parse_http_date(r.headers()["retry-after"].to_str().unwrap()).unwrap();
    let ahead = when
        .duration_since(api.sb.clock().system_now())
        .unwrap_or_default();
    assert!(
        ahead > Duration::from_secs(1) && ahead <= Duration::from_secs(4),
        "{ahead:?}"
    );

    let fixed = "Wed, 21 Oct 2015 07:28:00 GMT";
    api.sb
        .add_fault(
            FaultRule::statuses("GET", "/skills/4203", &[429])
                .with_retry_after(RetryAfter::Date(fixed.into())),
        )
        .unwrap();
    assert_eq!(api.get_raw("/skills/4203").headers()["retry-after"], fixed);
}

/// Long enough for any test to wait on an event (the wait fails with a message, it never
/// sleeps for a state).
const WAIT: Duration = Duration::from_secs(30);

#[test]
fn added_latency_is_served_in_parallel() {
    // Latency runs on the sandbox's clock: a delayed request waits until the test advances it.
    // No wall-clock bound: the events and the in-flight gauge say what happened.
    let api = Api::demo();
    api.sb
        .add_fault(FaultRule::latency("/skills/**", 60_000))
        .unwrap();
    std::thread::scope(|s| {
        let api = &api;
        let handles: Vec<_> = (0..8)
            .map(|i| s.spawn(move || api.get(&format!("/skills/{}/activity", 4201 + i)).0))
            .collect();
        // All eight are in the sandbox at once, each waiting out its latency...
        let waiting = api
            .sb
            .wait_for(|e| e.received("GET", "/activity"), 8, WAIT)
            .unwrap();
        assert_eq!(waiting.len(), 8);
        // ...while another path is answered without delay (the clock has not moved).
        assert_eq!(
            api.get("/agents/states").0,
            200,
            "other paths are not delayed"
        );
        assert!(
            !api.sb.events().iter().any(|e| e.served("GET", "/activity")),
            "a delayed request is not answered before its latency is over"
        );
        assert!(
            api.sb.peak_in_flight() >= 9,
            "served in parallel: {} at once",
            api.sb.peak_in_flight()
        );
        api.sb.clock().advance(Duration::from_secs(60));
        for h in handles {
            assert_eq!(h.join().unwrap(), 200);
        }
    });
}

#[test]
fn times_limits_a_latency_rule() {
    let api = Api::demo();
    let mut rule = FaultRule::latency("/skills/4201", 60_000);
    rule.times = Some(1);
    api.sb.add_fault(rule).unwrap();
    std::thread::scope(|s| {
        let api = &api;
        let first = s.spawn(move || api.get("/skills/4201").0);
        api.sb
            .wait_for(|e| e.received("GET", "/skills/4201"), 1, WAIT)
            .unwrap();
        // The rule is used up: the second call is answered while the first still waits.
        assert_eq!(api.get("/skills/4201").0, 200);
        let served = api.sb.events();
        let served: Vec<_> = served
            .iter()
            .filter(|e| e.served("GET", "/skills/4201"))
            .collect();
        assert_eq!(served.len(), 1, "only the undelayed call was answered");
        api.sb.clock().advance(Duration::from_secs(60));
        assert_eq!(first.join().unwrap(), 200);
    });
}

#[test]
fn stopping_cuts_an_injected_latency_short() {
    // A minute of latency on a request in flight must hold neither the client nor the drop: the
    // waiting request gets a 503 (not processed) instead of waiting its minute out.
    let Api { sb, http, token } = Api::demo();
    sb.add_fault(FaultRule::latency("/interactions/*/signal", 60_000))
        .unwrap();
    let url = format!(
        "{}/inContactAPI/services/v30.0/interactions/5823201/signal",
        sb.base_url()
    );
    let (status, body) = std::thread::scope(|s| {
        let call = s.spawn(|| {
            json(
                http.post(&url)
                    .bearer_auth(&token)
                    .header("Accept", "application/json")
                    .json(&serde_json::json!({"p1": "Escalate"}))
                    .send()
                    .unwrap(),
            )
        });
        sb.wait_for(|e| e.received("POST", "/signal"), 1, WAIT)
            .unwrap();
        drop(sb);
        call.join().unwrap()
    });
    assert_eq!(status, 503, "{body}");
    assert!(body.get("errorDescription").is_some(), "{body}");
    assert!(
        body["errorDescription"]
            .as_str()
            .unwrap()
            .contains("not processed"),
        "{body}"
    );
}

#[test]
fn denied_family_gets_403_with_the_permission_named() {
    let api = Api::demo();
    api.sb
        .add_fault(FaultRule::deny(ApiFamily::Realtime))
        .unwrap();
    let (status, body) = api.get("/skills/4201/activity");
    assert_eq!(status, 403);
    assert!(
        body["errorDescription"]
            .as_str()
            .unwrap()
            .contains("Real-Time Data API"),
        "{body}"
    );
    assert_eq!(api.get("/agents/states").0, 403);
    assert_eq!(api.get("/skills/4201").0, 200, "Admin API still allowed");
    let anon = client()
        .get(api.url("/skills/4201/activity"))
        .header("Accept", "application/json")
        .send()
        .unwrap();
    assert_eq!(
        anon.status().as_u16(),
        401,
        "the token is checked before the permission"
    );

    api.sb
        .add_fault(FaultRule::deny(ApiFamily::Digital))
        .unwrap();
    let (status, body) = api.get("/dfo/3.0/contacts/1042");
    assert_eq!(status, 403);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Digital Engagement")
    );
}

#[test]
fn scenario_faults_apply_from_the_file() {
    let api = Api::yaml(
        "skills: [{id: 1, name: One}]\nfaults:\n  - match: {method: GET, path: /skills/1}\n    statuses: [502, 504]\n  - match: {path: /auth/token}\n    latency_ms: 1\n",
    );
    assert_eq!(api.get("/skills/1").0, 502);
    assert_eq!(api.get("/skills/1").0, 504);
    assert_eq!(api.get("/skills/1").0, 200);
}

#[test]
fn token_endpoint_faults_use_the_oauth_shape() {
    let api = Api::demo();
    api.sb
        .add_fault(FaultRule::statuses("POST", "/auth/token", &[503]))
        .unwrap();
    let (status, body) = json(crate::support::password_token(&api.sb, &api.http));
    assert_eq!(status, 503);
    assert!(body["error"].is_string() && body["error_description"].is_string());
}

#[test]
fn invalid_rules_are_refused() {
    let api = Api::demo();
    assert!(api.sb.add_fault(FaultRule::default()).is_err());
    let rule = FaultRule {
        matcher: FaultMatch {
            path: Some("skills".into()),
            ..FaultMatch::default()
        },
        latency_ms: Some(1),
        ..FaultRule::default()
    };
    assert!(api.sb.add_fault(rule).is_err());
}

#[test]
fn faults_can_be_added_over_the_debug_endpoint() {
    let api = Api::demo();
    let r = api
        .http
        .post(api.url("/_sandbox/faults"))
        .json(&serde_json::json!({"match": {"path": "/skills/4201"}, "statuses": [500]}))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    assert_eq!(api.get("/skills/4201").0, 500);
    let r = api
        .http
        .post(api.url("/_sandbox/faults"))
        .json(&serde_json::json!({"statuses": [1]}))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let r = api.http.delete(api.url("/_sandbox/faults")).send().unwrap();
    assert_eq!(r.status().as_u16(), 204);
}

#[test]
fn bursts_of_concurrent_clients_are_all_answered() {
    let api = Api::demo();
    api.sb
        .add_fault(FaultRule::latency("/skills/**", 50))
        .unwrap();
    std::thread::scope(|s| {
        for i in 0..24u64 {
            let api = &api;
            s.spawn(move || {
                let http = client();
                for _ in 0..5 {
                    let r = http
                        .get(api.url(&format!("/skills/{}/agents", 4201 + i % 12)))
                        .bearer_auth(&api.token)
                        .header("Accept", "application/json")
                        .send()
                        .unwrap();
                    assert_eq!(r.status().as_u16(), 200);
                }
            });
        }
    });
    let served = api
        .sb
        .events()
        .iter()
        .filter(|e| e.served("GET", "/agents"))
        .count();
    assert_eq!(served, 120, "every request answered");
    assert!(
        api.sb.peak_in_flight() > 1,
        "served concurrently, not one by one (peak {})",
        api.sb.peak_in_flight()
    );
    assert_eq!(api.sb.received().len(), 121);
}
