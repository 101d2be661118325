//! Every sandbox list is paged like CXone's (docs/cxone-api.md §11.1): read at page sizes 1, 2 and
//! 7 it gives the same rows as one big page, with `totalRecords` and `_links.next`; a POST
//! that declares no length gets 411.

use serde_json::Value;

use crate::support::Api;

/// demo with a large page cap, so one `top=1000` page holds every row.
fn demo_uncapped() -> Api {
    let demo = include_str!("../../examples/scenarios/demo.yaml").replace(
        "  default_top: 5\n  max_top: 5\n",
        "  default_top: 5\n  max_top: 1000\n",
    );
    Api::yaml(&demo)
}

#[test]
fn every_acd_list_reads_the_same_at_page_sizes_1_2_and_7() {
    let api = demo_uncapped();
    let lists = [
        ("/skills", "skills"),
        ("/skills/activity", "skillActivity"),
        ("/agents/states", "agentStates"),
        ("/agents/skills", "agentSkillAssignments"),
        ("/skills/4201/agents", "agentSkillAssignments"),
        ("/points-of-contact", "pointsOfContact"),
        ("/contacts/completed", "completedContacts"),
        ("/contacts/active", "activeContacts"),
    ];
    // the row's identity: live counters move between reads
    let id = |v: &Value| {
        [
            "skillId",
            "agentId",
            "contactId",
            "pointOfContactId",
            "agentStateName",
        ]
        .iter()
        .map(|k| v[*k].clone())
        .collect::<Vec<Value>>()
    };
    for (path, key) in lists {
        let (_, whole) = api.get(&format!("{path}?top=1000"));
        let want: Vec<Vec<Value>> = whole[key].as_array().unwrap().iter().map(id).collect();
        assert_eq!(whole["totalRecords"], want.len(), "{path}");
        for top in [1, 2, 7] {
            let (got, pages) = api.all_pages(&format!("{path}?top={top}"), key);
            let got: Vec<Vec<Value>> = got.iter().map(id).collect();
            assert_eq!(got, want, "{path} at top={top}");
            assert_eq!(
                pages,
                want.len().div_ceil(top).max(1),
                "{path} at top={top}"
            );
        }
    }
}

#[test]
fn dfo_lists_page_with_page_and_size() {
    let api = demo_uncapped();
    {
        let path = "/dfo/3.0/routing-queues";
        let (_, whole) = api.get(&format!("{path}?size=1000"));
        let total = whole["totalRecords"].as_u64().unwrap() as usize;
        assert_eq!(total, 12, "{path}");
        for size in [1, 2, 7] {
            let mut rows = Vec::new();
            for page in 1..=total.div_ceil(size) {
                let (_, body) = api.get(&format!("{path}?page={page}&size={size}"));
                assert_eq!(body["totalRecords"], total);
                rows.extend(body["data"].as_array().unwrap().iter().cloned());
            }
            assert_eq!(
                rows,
                *whole["data"].as_array().unwrap(),
                "{path} size={size}"
            );
        }
    }
}

#[test]
fn dfo_channels_are_a_bare_list_paged_with_page_and_size_until_an_empty_page() {
    let api = demo_uncapped();
    let (_, whole) = api.get("/dfo/3.0/channels?size=1000");
    let whole = whole.as_array().unwrap().clone();
    assert!(whole.len() >= 2, "demo has channels: {whole:?}");
    for size in [1, 2, 7] {
        let mut rows = Vec::new();
        let mut pages = 0;
        loop {
            pages += 1;
            let (status, body) = api.get(&format!("/dfo/3.0/channels?page={pages}&size={size}"));
            assert_eq!(status, 200);
            let page = body.as_array().unwrap().clone();
            assert!(page.len() <= size, "size={size}");
            if page.is_empty() {
                break;
            }
            rows.extend(page);
        }
        assert_eq!(rows, whole, "size={size}");
        assert_eq!(pages, whole.len().div_ceil(size) + 1, "size={size}");
    }
    let capped = Api::yaml(
        "skills: [{id: 1, name: a}]\nchannels: [{id: a, skill: 1}, {id: b, skill: 1}, {id: c, skill: 1}]\npaging: {default_top: 1, max_top: 2}\n",
    );
    assert_eq!(
        capped.get("/dfo/3.0/channels").1.as_array().unwrap().len(),
        1,
        "default_top"
    );
    let (_, page) = capped.get("/dfo/3.0/channels?page=2&size=100");
    assert_eq!(
        page.as_array().unwrap().len(),
        1,
        "max_top caps size: {page}"
    );
    assert_eq!(page[0]["id"], "c");
}

#[test]
fn a_post_without_a_declared_length_gets_411() {
    let api = Api::demo();
    let (status, body) = api.post_undeclared("/contacts/5823110/end");
    assert_eq!(status, 411, "{body}");
    assert_eq!(body["error"], "LengthRequired");
    assert_ne!(api.post("/contacts/5823110/end").0, 411);
}
