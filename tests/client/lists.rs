//! Every list the client reads, against httpmock at page sizes 1, 2 and 7: the exact query of
//! every page (`top`/`skip` and the list's own filters; DFO `page`/`size` or `scrollToken`), every
//! row once and in order, and a read cut short reported as incomplete, never as a shorter list.
//!
//! The lists: `/skills`, `/skills/activity`, `/skills/{id}/agents`, `/agents/skills`,
//! `/agents/states`, `/points-of-contact`, `/contacts/active`, `/contacts/completed`, DFO
//! `/channels`, `/routing-queues` and `/contacts/{n}/messages`. (The client reads no `/agents`
//! list.)

use httpmock::Mock;
use httpmock::prelude::*;
use serde_json::{Value, json};

use cxone_diag::commands::skills::fetch_activity_all;
use cxone_diag::config::HttpSettings;
use cxone_diag::cxone::endpoints::CompletedQuery;
use cxone_diag::cxone::{ApiError, Client, ErrorKind};

use crate::support::*;

/// Rows every list holds.
const ROWS: usize = 9;

/// The page sizes every list is read at.
const SIZES: [usize; 3] = [1, 2, 7];

/// The ids a list must give, in order.
fn want() -> Vec<String> {
    (0..ROWS).map(|i| (500 + i).to_string()).collect()
}

/// A client on the mock asking `size` rows a page.
fn paged(t: &Tenant, size: usize, max_pages: u32) -> Client {
    t.discovery();
    t.token(3600);
    t.configuration();
    let http = HttpSettings {
        page_size: size as u32,
        max_pages,
        ..fast_http()
    };
    client_with(&t.base(), http, 0, &Trace::default())
}

/// A mock of `path` that answers only a request whose query is exactly `query`, in this order.
fn exact<'a>(t: &'a Tenant, path: &str, query: Vec<(String, String)>, body: Value) -> Mock<'a> {
    let path = path.to_string();
    t.server.mock(move |when, then| {
        when.method(GET)
            .path(path)
            .is_true(move |req| req.query_params() == query);
        then.status(200).json_body(body);
    })
}

/// Every mock was asked exactly once.
fn each_once(mocks: &[Mock<'_>], what: &str) {
    for (i, m) in mocks.iter().enumerate() {
        assert_eq!(m.calls(), 1, "{what}: mock {i}");
    }
}

fn pairs(list: &[(&str, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

/// One ACD list: where it lives, its rows' key, the filters the read sends after `top`/`skip`,
/// how a row looks, and the read (ids in order, whether the read was complete).
struct AcdList {
    path: &'static str,
    key: &'static str,
    filters: Vec<(&'static str, String)>,
    row: fn(usize) -> Value,
    read: fn(&Client) -> Read,
}

/// The ids a read gave, in order, and whether it was complete.
type Read = Result<(Vec<String>, bool), ApiError>;

fn ids<T>(items: &[T], id: impl Fn(&T) -> Option<String>) -> Vec<String> {
    items.iter().filter_map(id).collect()
}

fn acd_lists() -> Vec<AcdList> {
    let completed = CompletedQuery {
        start_date: "2026-05-01T00:00:00Z".into(),
        end_date: "2026-05-02T00:00:00Z".into(),
        skill_id: Some("4201".into()),
    };
    vec![
        AcdList {
            path: "/skills",
            key: "skills",
            filters: vec![("mediaTypeId", "4".into())],
            row: |i| json!({"skillId": 500 + i, "skillName": format!("S{i}")}),
            read: |c| {
                let v = c.skills(Some(4))?.value;
                Ok((ids(&v, |s| s.skill_id.clone()), true))
            },
        },
        AcdList {
            path: "/skills/activity",
            key: "skillActivity",
            filters: vec![],
            row: |i| json!({"skillId": 500 + i, "queueCount": i}),
            read: |c| {
                let v = fetch_activity_all(c, None, None)?.value.unwrap().activity;
                Ok((ids(&v, |s| s.skill_id.clone()), true))
            },
        },
        AcdList {
            path: "/skills/4201/agents",
            key: "agentSkillAssignments",
            filters: vec![],
            row: |i| json!({"agentId": 500 + i, "skillId": 4201}),
            read: |c| {
                let v = c.skill_agents("4201")?.value;
                Ok((ids(&v, |a| a.agent_id.clone()), true))
            },
        },
        AcdList {
            path: "/agents/skills",
            key: "agentSkillAssignments",
            filters: vec![],
            row: |i| json!({"agentId": 500 + i, "skillId": 4201, "agentName": format!("A{i}")}),
            read: |c| {
                let v = c.agents_skills()?.value;
                Ok((ids(&v, |a| a.agent_id.clone()), true))
            },
        },
        AcdList {
            path: "/agents/states",
            key: "agentStates",
            filters: vec![],
            row: |i| json!({"agentId": 500 + i, "agentStateName": "Available"}),
            read: |c| {
                let l = c.agent_states()?.value;
                Ok((ids(&l.items, |a| a.agent_id.clone()), l.complete()))
            },
        },
        AcdList {
            path: "/points-of-contact",
            key: "pointsOfContact",
            filters: vec![("mediaTypeId", "4".into())],
            row: |i| json!({"pointOfContactId": 500 + i, "pointOfContactName": format!("P{i}")}),
            read: |c| {
                let v = c.points_of_contact(Some(4))?.value;
                Ok((ids(&v, |p| Some(p["pointOfContactId"].to_string())), true))
            },
        },
        AcdList {
            path: "/contacts/active",
            key: "activeContacts",
            filters: vec![("contactId", "77".into())],
            row: |i| json!({"contactId": 500 + i, "contactStartDate": "2026-05-01T10:00:00Z"}),
            read: |c| {
                let v = c.active_contacts(Some("77"))?.value;
                Ok((ids(&v, |x| x.contact_id.clone()), true))
            },
        },
        AcdList {
            path: "/contacts/completed",
            key: "completedContacts",
            filters: vec![
                ("startDate", completed.start_date.clone()),
                ("endDate", completed.end_date.clone()),
                ("skillId", "4201".into()),
            ],
            row: |i| json!({"contactId": 500 + i, "contactStartDate": "2026-05-01T10:00:00Z"}),
            read: |c| {
                let q = CompletedQuery {
                    start_date: "2026-05-01T00:00:00Z".into(),
                    end_date: "2026-05-02T00:00:00Z".into(),
                    skill_id: Some("4201".into()),
                };
                let v = c.completed_contacts(&q)?.value;
                Ok((ids(&v, |x| x.contact_id.clone()), true))
            },
        },
    ]
}

/// Serve `list` in pages of `size` with `totalRecords: total` (and `_links`); the page at
/// `skip = ROWS` answers no rows. Each mock accepts only its exact query.
fn serve_acd<'a>(t: &'a Tenant, list: &AcdList, size: usize, total: usize) -> Vec<Mock<'a>> {
    let query = |skip: usize| {
        let mut q = vec![("top", size.to_string()), ("skip", skip.to_string())];
        q.extend(list.filters.iter().cloned());
        pairs(&q)
    };
    let mut mocks = Vec::new();
    for skip in (0..ROWS).step_by(size) {
        let end = (skip + size).min(ROWS);
        let rows: Vec<Value> = (skip..end).map(list.row).collect();
        let mut body = json!({"totalRecords": total, "_links": {"self": "x"}});
        body[list.key] = Value::Array(rows);
        if end < total {
            body["_links"]["next"] = json!(format!("{}{}?skip={end}", t.base(), acd(list.path)));
        }
        mocks.push(exact(t, &acd(list.path), query(skip), body));
    }
    let mut past = json!({"totalRecords": total, "_links": {"self": "x"}});
    past[list.key] = json!([]);
    mocks.push(exact(t, &acd(list.path), query(ROWS), past));
    mocks
}

#[test]
fn every_acd_list_is_read_whole_with_exact_top_and_skip_at_page_sizes_1_2_and_7() {
    for list in acd_lists() {
        for size in SIZES {
            let t = Tenant::start();
            let c = paged(&t, size, 1000);
            let mocks = serve_acd(&t, &list, size, ROWS);
            let (got, complete) =
                (list.read)(&c).unwrap_or_else(|e| panic!("{} at {size}: {e:?}", list.path));
            assert!(complete, "{} at {size}", list.path);
            assert_eq!(
                got,
                want(),
                "{} at {size}: every row once, in order",
                list.path
            );
            let (pages, past) = mocks.split_at(mocks.len() - 1);
            for (i, m) in pages.iter().enumerate() {
                assert_eq!(m.calls(), 1, "{} at {size}: page {i}", list.path);
            }
            assert_eq!(
                past[0].calls(),
                0,
                "{} at {size}: no read past the total",
                list.path
            );
        }
    }
}

#[test]
fn every_acd_list_cut_short_is_incomplete_not_shorter_at_page_sizes_1_2_and_7() {
    // totalRecords promises one row more than ever arrives: the empty page at skip=ROWS ends
    // the read short of it.
    for list in acd_lists() {
        for size in SIZES {
            let t = Tenant::start();
            let c = paged(&t, size, 1000);
            let mocks = serve_acd(&t, &list, size, ROWS + 1);
            match (list.read)(&c) {
                Ok((got, complete)) => {
                    // Only a read that keeps what it got (agent states) may answer: incomplete.
                    assert!(!complete, "{} at {size} passed as complete", list.path);
                    assert_eq!(got, want(), "{} at {size}", list.path);
                }
                Err(e) => {
                    assert_eq!(e.kind, ErrorKind::Paging, "{} at {size}: {e:?}", list.path);
                    assert_eq!(e.finding().code, "api-list-incomplete");
                    assert!(
                        e.message().contains(&format!(
                            "before totalRecords ({}) rows had arrived ({ROWS} read)",
                            ROWS + 1
                        )),
                        "{} at {size}: {}",
                        list.path,
                        e.message()
                    );
                }
            }
            for m in &mocks {
                assert_eq!(m.calls(), 1, "{} at {size}", list.path);
            }
        }
    }
}

fn page_query(page: usize, size: usize) -> Vec<(String, String)> {
    pairs(&[("page", page.to_string()), ("size", size.to_string())])
}

fn channel(i: usize) -> Value {
    json!({"id": format!("ch-{}", 500 + i), "channelIntegrationId": format!("int-{i}"), "isPrivate": true})
}

fn channel_ids(c: &Client) -> Result<Vec<String>, ApiError> {
    Ok(c.dfo_channels()?
        .value
        .iter()
        .map(|ch| {
            ch["id"]
                .as_str()
                .unwrap()
                .trim_start_matches("ch-")
                .to_string()
        })
        .collect())
}

/// `GET {dfo}/channels`: a bare list (docs/cxone-api.md §4.2) paged with `page`/`size`; it has no
/// total, so the reader goes on to the empty page after the last.
fn serve_channels(t: &Tenant, size: usize) -> Vec<Mock<'_>> {
    let pages = ROWS.div_ceil(size);
    (1..=pages + 1)
        .map(|page| {
            let rows: Vec<Value> = ((page - 1) * size..(page * size).min(ROWS))
                .map(channel)
                .collect();
            exact(t, "/dfo/3.0/channels", page_query(page, size), json!(rows))
        })
        .collect()
}

#[test]
fn dfo_channels_are_a_bare_list_read_whole_with_exact_page_and_size_at_1_2_and_7() {
    for size in SIZES {
        let t = Tenant::start();
        let c = paged(&t, size, 1000);
        let mocks = serve_channels(&t, size);
        assert_eq!(channel_ids(&c).unwrap(), want(), "size {size}");
        each_once(&mocks, &format!("size {size}"));
    }
}

#[test]
fn dfo_channels_cut_short_are_incomplete_at_1_2_and_7() {
    for size in SIZES {
        // The page limit stops the read one page before its empty page: incomplete.
        let t = Tenant::start();
        let pages = ROWS.div_ceil(size) as u32;
        let c = paged(&t, size, pages);
        let _m = serve_channels(&t, size);
        let e = channel_ids(&c).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Paging, "size {size}: {e:?}");
        assert!(e.message().contains("http.max_pages"), "{}", e.message());

        // A page that fails after retries fails the read: never a shorter list of channels.
        let t = Tenant::start();
        let c = paged(&t, size, 1000);
        let first = exact(
            &t,
            "/dfo/3.0/channels",
            page_query(1, size),
            json!((0..size).map(channel).collect::<Vec<_>>()),
        );
        let second = t.server.mock(|when, then| {
            when.path("/dfo/3.0/channels").query_param("page", "2");
            then.status(503);
        });
        assert_eq!(channel_ids(&c).unwrap_err().kind, ErrorKind::Server);
        assert_eq!(first.calls(), 1);
        assert_eq!(second.calls(), 3, "retried, then given up");
    }
}

#[test]
fn an_answer_that_holds_no_list_of_channels_is_an_error_not_no_channels() {
    let t = Tenant::start();
    let c = paged(&t, 2, 1000);
    t.server.mock(|when, then| {
        when.path("/dfo/3.0/channels");
        then.status(200)
            .json_body(json!({"channels": [channel(0)]}));
    });
    assert_eq!(c.dfo_channels().unwrap_err().kind, ErrorKind::Decode);
}

/// `GET {dfo}/routing-queues?id[]=…&page=&size=`: `{data, totalRecords}` pages.
fn serve_queues<'a>(t: &'a Tenant, size: usize, total: usize, ids: &[String]) -> Vec<Mock<'a>> {
    let pages = ROWS.div_ceil(size);
    (1..=pages + 1)
        .map(|page| {
            let rows: Vec<Value> = ((page - 1) * size..(page * size).min(ROWS))
                .map(|i| json!({"id": (500 + i).to_string(), "name": format!("Q{i}"), "skillId": "4201"}))
                .collect();
            let mut q: Vec<(String, String)> =
                ids.iter().map(|id| ("id[]".to_string(), id.clone())).collect();
            q.extend(page_query(page, size));
            exact(t, "/dfo/3.0/routing-queues", q, json!({"data": rows, "totalRecords": total}))
        })
        .collect()
}

#[test]
fn routing_queues_are_read_whole_with_exact_ids_page_and_size_at_1_2_and_7() {
    let ids = want();
    let wanted: Vec<&str> = ids.iter().map(String::as_str).collect();
    for size in SIZES {
        let t = Tenant::start();
        let c = paged(&t, size, 1000);
        let mocks = serve_queues(&t, size, ROWS, &ids);
        let got: Vec<String> = c
            .routing_queues(&wanted)
            .unwrap()
            .value
            .into_iter()
            .filter_map(|q| q.id)
            .collect();
        assert_eq!(got, want(), "size {size}");
        let (pages, past) = mocks.split_at(mocks.len() - 1);
        for m in pages {
            assert_eq!(m.calls(), 1, "size {size}");
        }
        assert_eq!(past[0].calls(), 0, "size {size}: the total was reached");

        // totalRecords promises one more: the empty page after the last makes it incomplete.
        let t = Tenant::start();
        let c = paged(&t, size, 1000);
        let mocks = serve_queues(&t, size, ROWS + 1, &ids);
        let e = c.routing_queues(&wanted).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Paging, "size {size}: {e:?}");
        assert!(
            e.message().contains("before 10 rows had arrived (9 read)"),
            "{}",
            e.message()
        );
        each_once(&mocks, &format!("size {size}"));
    }
}

/// `GET {dfo}/contacts/88/messages[?scrollToken=]`: `{hits, data, scrollToken}` pages of
/// `size`; the first request sends no token, each next one the token of the page before.
fn serve_messages(t: &Tenant, size: usize, hits: usize) -> Vec<Mock<'_>> {
    (0..ROWS)
        .step_by(size)
        .map(|from| {
            let end = (from + size).min(ROWS);
            let rows: Vec<Value> = (from..end)
                .map(|i| json!({"id": (500 + i).to_string(), "direction": "inbound"}))
                .collect();
            let mut body = json!({"hits": hits, "data": rows});
            if end < ROWS {
                body["scrollToken"] = json!(format!("tok-{end}"));
            }
            let query = if from == 0 {
                Vec::new()
            } else {
                pairs(&[("scrollToken", format!("tok-{from}"))])
            };
            exact(t, "/dfo/3.0/contacts/88/messages", query, body)
        })
        .collect()
}

#[test]
fn dfo_messages_follow_the_scroll_token_exactly_at_1_2_and_7() {
    for size in SIZES {
        let t = Tenant::start();
        let c = paged(&t, size, 1000);
        let mocks = serve_messages(&t, size, ROWS);
        let got: Vec<String> = c
            .dfo_messages("88")
            .unwrap()
            .value
            .into_iter()
            .filter_map(|m| m.id)
            .collect();
        assert_eq!(got, want(), "size {size}");
        each_once(&mocks, &format!("size {size}"));

        // hits promises one more message than the last page (no token) delivers: incomplete.
        let t = Tenant::start();
        let c = paged(&t, size, 1000);
        let mocks = serve_messages(&t, size, ROWS + 1);
        let e = c.dfo_messages("88").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Paging, "size {size}: {e:?}");
        assert!(
            e.message().contains("before 10 rows had arrived (9 read)"),
            "{}",
            e.message()
        );
        each_once(&mocks, &format!("size {size}"));
    }
}
