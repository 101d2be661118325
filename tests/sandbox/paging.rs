//! Every sandbox list is paged like CXone's (cxone-api.md §11.1): read at page sizes 1, 2 and
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
    for (path, n) in [("/dfo/3.0/routing-queues", 12), ("/dfo/3.0/channels", 0)] {
        let (_, whole) = api.get(&format!("{path}?size=1000"));
        let total = whole["totalRecords"].as_u64().unwrap() as usize;
        if n > 0 {
            assert_eq!(total, n, "{path}");
        }
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
fn a_post_without_a_declared_length_gets_411() {
    let api = Api::demo();
    let (status, body) = api.post_undeclared("/contacts/5823110/end");
    assert_eq!(status, 411, "{body}");
    assert_eq!(body["error"], "LengthRequired");
    assert_ne!(api.post("/contacts/5823110/end").0, 411);
}
