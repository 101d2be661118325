//! The one pager against httpmock: exact `top`/`skip` at page sizes 1, 2 and 7, a server that
//! caps `top`, and bad paging (repeated pages, a lying `totalRecords`, a foreign `_links.next`,
//! a failing page, the page limit) ending in an incomplete read or an error, never a loop.

use httpmock::prelude::*;
use serde_json::{Value, json};

use cxone_diag::config::HttpSettings;
use cxone_diag::cxone::ErrorKind;

use crate::support::*;

fn logged_in(t: &Tenant) {
    t.discovery();
    t.token(3600);
    t.configuration();
}

fn with_page_size(t: &Tenant, page_size: u32, max_pages: u32) -> cxone_diag::cxone::Client {
    let http = HttpSettings {
        page_size,
        max_pages,
        ..fast_http()
    };
    client_with(&t.base(), http, 0, &Trace::default())
}

fn states(from: usize, to: usize) -> Vec<Value> {
    (from..to)
        .map(|i| json!({"agentId": 1000 + i, "agentStateName": "Available"}))
        .collect()
}

#[test]
fn agent_states_are_read_whole_at_page_sizes_1_2_and_7() {
    for size in [1usize, 2, 7] {
        let t = Tenant::start();
        logged_in(&t);
        let total = 10;
        let mocks: Vec<_> = (0..total)
            .step_by(size)
            .map(|skip| {
                t.server.mock(|when, then| {
                    when.method(GET)
                        .path(acd("/agents/states"))
                        .query_param("top", size.to_string())
                        .query_param("skip", skip.to_string());
                    then.status(200).json_body(json!({
                        "totalRecords": total,
                        "agentStates": states(skip, (skip + size).min(total)),
                    }));
                })
            })
            .collect();
        let c = with_page_size(&t, size as u32, 1000);
        let read = c.agent_states().unwrap();
        assert!(read.complete(), "size {size}: {:?}", read.gap);
        let ids: Vec<String> = read
            .items
            .iter()
            .map(|s| s.agent_id.clone().unwrap())
            .collect();
        let want: Vec<String> = (0..total).map(|i| (1000 + i).to_string()).collect();
        assert_eq!(ids, want, "size {size}");
        for m in &mocks {
            m.assert_calls(1);
        }
        assert_eq!(read.requests as usize, total.div_ceil(size));
    }
}

#[test]
fn skip_advances_by_the_rows_received_when_the_server_caps_top() {
    let t = Tenant::start();
    logged_in(&t);
    let mocks: Vec<_> = [0, 3, 6, 9]
        .into_iter()
        .map(|skip| {
            t.server.mock(|when, then| {
                when.path(acd("/skills/42/agents"))
                    .query_param("top", "100")
                    .query_param("skip", skip.to_string());
                let rows: Vec<Value> = (skip..(skip + 3).min(10))
                    .map(|i| json!({"agentId": i, "skillId": 42}))
                    .collect();
                then.status(200)
                    .json_body(json!({"totalRecords": 10, "agentSkillAssignments": rows}));
            })
        })
        .collect();
    let got = client(&t.base()).skill_agents("42").unwrap();
    assert_eq!(got.len(), 10);
    for m in &mocks {
        m.assert_calls(1);
    }
}

#[test]
fn a_server_that_ignores_skip_is_caught_as_a_repeated_page() {
    let t = Tenant::start();
    logged_in(&t);
    let m = t.server.mock(|when, then| {
        when.path(acd("/agents/states"));
        then.status(200)
            .json_body(json!({"totalRecords": 10, "agentStates": states(0, 3)}));
    });
    let read = client(&t.base()).agent_states().unwrap();
    let gap = read.gap.clone().unwrap();
    assert!(gap.contains("repeated an earlier page"), "{gap}");
    assert_eq!(read.items.len(), 3, "the repeat is not counted twice");
    assert!(m.calls() <= 1 + 8, "bounded: {} calls", m.calls());
}

#[test]
fn a_lying_total_ends_in_an_incomplete_read_and_an_error_where_partial_misleads() {
    let t = Tenant::start();
    logged_in(&t);
    t.server.mock(|when, then| {
        when.path(acd("/skills/7/agents")).query_param("skip", "0");
        then.status(200).json_body(
            json!({"totalRecords": 50, "agentSkillAssignments": [{"agentId": 1}, {"agentId": 2}]}),
        );
    });
    t.server.mock(|when, then| {
        when.path(acd("/skills/7/agents"));
        then.status(200)
            .json_body(json!({"totalRecords": 50, "agentSkillAssignments": []}));
    });
    let err = client(&t.base()).skill_agents("7").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Paging);
    assert!(
        err.message()
            .contains("before totalRecords (50) rows had arrived (2 read)"),
        "{}",
        err.message()
    );
    assert_eq!(err.finding().code, "api-list-incomplete");
}

#[test]
fn a_next_link_to_another_host_is_refused() {
    let t = Tenant::start();
    logged_in(&t);
    let m = t.server.mock(|when, then| {
        when.path(acd("/skills"));
        then.status(200).json_body(json!({
            "skills": [{"skillId": 1}],
            "_links": {"next": "https://collector.example.net/inContactAPI/services/v30.0/skills?skip=1"},
        }));
    });
    let err = client(&t.base()).skills(None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Paging);
    let text = err.message();
    assert!(text.contains("https://collector.example.net"), "{text}");
    assert!(
        text.contains("the token is never sent to another host"),
        "{text}"
    );
    m.assert_calls(1);
}

#[test]
fn a_same_host_next_link_is_followed_until_it_is_absent() {
    let t = Tenant::start();
    logged_in(&t);
    let next = format!(
        "{}/inContactAPI/services/v30.0/skills?top=100&skip=1",
        t.base()
    );
    t.server.mock(|when, then| {
        when.path(acd("/skills")).query_param("skip", "0");
        then.status(200)
            .json_body(json!({"skills": [{"skillId": 1}], "_links": {"next": next}}));
    });
    let last = t.server.mock(|when, then| {
        when.path(acd("/skills")).query_param("skip", "1");
        then.status(200)
            .json_body(json!({"skills": [{"skillId": 2}], "_links": {"self": "x"}}));
    });
    let got = client(&t.base()).skills(None).unwrap();
    assert_eq!(got.len(), 2);
    last.assert_calls(1);
}

#[test]
fn a_page_that_fails_after_retries_fails_the_read() {
    let t = Tenant::start();
    logged_in(&t);
    for skip in [0, 2] {
        t.server.mock(|when, then| {
            when.path(acd("/agents/states"))
                .query_param("skip", skip.to_string());
            then.status(200)
                .json_body(json!({"totalRecords": 6, "agentStates": states(skip, skip + 2)}));
        });
    }
    let third = t.server.mock(|when, then| {
        when.path(acd("/agents/states")).query_param("skip", "4");
        then.status(503);
    });
    let err = with_page_size(&t, 2, 1000).agent_states().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server);
    assert_eq!(third.calls(), 3, "retried, then given up");
}

#[test]
fn the_page_limit_bounds_a_list_that_never_ends() {
    let t = Tenant::start();
    logged_in(&t);
    t.server.mock(|when, then| {
        when.path(acd("/contacts/completed"));
        then.status(200).json_body(json!({
            "totalRecords": 1000000,
            "completedContacts": [{"contactId": 1, "contactStartDate": "2026-05-01T10:00:00Z"}],
            "_links": {"next": "/inContactAPI/services/v30.0/contacts/completed?skip=1"},
        }));
    });
    let q = cxone_diag::cxone::endpoints::CompletedQuery {
        start_date: "2026-05-01T00:00:00Z".into(),
        end_date: "2026-05-02T00:00:00Z".into(),
        skill_id: None,
    };
    let err = with_page_size(&t, 1, 3).completed_contacts(&q).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Paging);
}

#[test]
fn every_bodiless_post_declares_content_length_zero() {
    let t = Tenant::start();
    logged_in(&t);
    let end = t.server.mock(|when, then| {
        when.method(POST)
            .path(acd("/contacts/5823114/end"))
            .header("content-length", "0");
        then.status(202);
    });
    let work = t.server.mock(|when, then| {
        when.method(POST)
            .path(acd("/interactions/work-items"))
            .query_param("pointOfContact", "Test WI")
            .header("content-length", "0");
        then.status(202).json_body(json!({"contactId": 77}));
    });
    let c = client(&t.base());
    c.end_contact("5823114").unwrap();
    let created = c
        .create_work_item(&cxone_diag::cxone::endpoints::WorkItem {
            point_of_contact: "Test WI".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(created.contact_id.as_deref(), Some("77"));
    end.assert_calls(1);
    work.assert_calls(1);
}
