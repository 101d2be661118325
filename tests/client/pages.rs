//! Paged reads of preflight (`/contacts/active`, `/points-of-contact`) at server page sizes 1, 2
//! and 7, through the one pager (`cxone::pager`): every row arrives whatever the server's page size.

use httpmock::prelude::*;
use serde_json::{Value, json};

use crate::support::*;

const ROWS: u64 = 9;

/// Serve `path`'s `ROWS` rows under `key` in pages of `n`, whatever `top` says; `total` and
/// `links` say whether the pages carry `totalRecords` and `_links`.
fn serve(t: &Tenant, path: &str, key: &str, n: u64, total: bool, links: bool) {
    let mut skip = 0;
    while skip < ROWS {
        let end = (skip + n).min(ROWS);
        let rows: Vec<Value> = (skip..end)
            .map(|i| json!({"contactId": 100 + i, "masterContactId": 1, "pointOfContactName": format!("P{i}")}))
            .collect();
        let mut body = json!({ key: rows });
        if total {
            body["totalRecords"] = json!(ROWS);
        }
        if links {
            body["_links"] = json!({"self": "x", "next": if end < ROWS {
                json!(format!("{}{}?skip={end}", t.base(), acd(path)))
            } else {
                Value::Null
            }});
        }
        t.server.mock(|when, then| {
            when.method(GET)
                .path(acd(path))
                .query_param("skip", skip.to_string());
            then.status(200).json_body(body);
        });
        skip = end;
    }
    // Past the end: an empty page (a reader that overshoots gets nothing more).
    t.server.mock(|when, then| {
        when.method(GET)
            .path(acd(path))
            .query_param("skip", ROWS.to_string());
        then.status(200).json_body(json!({ key: [] }));
    });
}

#[test]
fn active_contacts_are_read_whatever_the_server_page_size() {
    for n in [1, 2, 7] {
        for (total, links) in [(true, true), (true, false), (false, true), (false, false)] {
            let t = Tenant::start();
            t.discovery();
            t.token(3600);
            t.configuration();
            serve(&t, "/contacts/active", "activeContacts", n, total, links);
            let call = client(&t.base()).active_contacts(None).unwrap();
            let ids: Vec<String> = call.iter().filter_map(|c| c.contact_id.clone()).collect();
            let want: Vec<String> = (0..ROWS).map(|i| (100 + i).to_string()).collect();
            assert_eq!(ids, want, "page size {n}, total {total}, links {links}");
            // Without totalRecords or _links only an empty page says the list has ended.
            let extra = u64::from(!total && !links);
            assert_eq!(
                call.requests as u64,
                ROWS.div_ceil(n) + extra,
                "page size {n}"
            );
        }
    }
}

#[test]
fn points_of_contact_are_read_whatever_the_server_page_size() {
    for n in [1, 2, 7] {
        let t = Tenant::start();
        t.discovery();
        t.token(3600);
        t.configuration();
        serve(&t, "/points-of-contact", "pointsOfContact", n, true, true);
        let list = client(&t.base()).points_of_contact(None).unwrap();
        assert_eq!(list.len() as u64, ROWS, "page size {n}");
        assert_eq!(list[8]["pointOfContactName"], "P8");
    }
}
