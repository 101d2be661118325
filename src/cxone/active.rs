//! `GET /contacts/active` (Real-Time) and `GET /points-of-contact` (Admin), read page by page
//! until `_links.next` is absent or `totalRecords` rows have arrived (cxone-api.md §4.1, §11.1).

use serde::Deserialize;
use serde_json::Value;

use super::call::Call;
use super::client::Client;
use super::endpoints::{MAX_PAGES, PAGE_SIZE};
use super::error::ApiError;
use super::lenient;
use super::models::Contact;
use super::paths::Endpoint;

/// One page of `GET /contacts/active` (an empty answer or a 304 is an empty page).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveContacts {
    /// The live contacts of this page. Required: an answer without it is not this list, and
    /// reading it as empty would call every contact ended.
    pub active_contacts: Vec<Contact>,
    /// Rows in all pages, when the server says.
    #[serde(default, deserialize_with = "lenient::number")]
    pub total_records: Option<f64>,
    /// `{self, next, previous}`.
    #[serde(default, rename = "_links")]
    pub links: Option<Value>,
}

/// One page of a `top`/`skip` list: its rows, whether `_links.next` says more follow (`None`
/// without `_links`), and `totalRecords`.
pub struct Page<T> {
    /// Rows of this page.
    pub rows: Vec<T>,
    /// `_links.next` present (`None` when the page has no `_links`).
    pub next: Option<bool>,
    /// `totalRecords`, when given.
    pub total: Option<f64>,
}

/// `_links.next` of a page: `Some(true)` when more follow, `None` without `_links`.
pub fn has_next(links: Option<&Value>) -> Option<bool> {
    let links = links?.as_object()?;
    Some(
        links
            .get("next")
            .and_then(Value::as_str)
            .is_some_and(|n| !n.trim().is_empty()),
    )
}

impl Client {
    /// Read a `top`/`skip` list until `_links.next` is absent or `totalRecords` rows have
    /// arrived (cxone-api.md §11.1); `skip` advances by the rows actually received, never by the
    /// `top` asked for. `endpoint(top, skip)` builds each page's request.
    pub fn read_pages<P, T>(
        &self,
        endpoint: impl Fn(u32, usize) -> Endpoint,
        page: impl Fn(P) -> Page<T>,
    ) -> Result<Call<Vec<T>>, ApiError>
    where
        P: serde::de::DeserializeOwned + Default,
    {
        let mut all = Call::local(Vec::new());
        let mut skip = 0usize;
        for _ in 0..MAX_PAGES {
            let call: Call<P> = self.get(&endpoint(PAGE_SIZE, skip))?;
            all.absorb(&call);
            let Page { rows, next, total } = page(call.value);
            let got = rows.len();
            all.value.extend(rows);
            skip += got;
            let complete = total.is_some_and(|t| all.value.len() as f64 >= t);
            let more = match (next, total) {
                (Some(next), _) => next,
                (None, Some(_)) => !complete,
                // Neither says: a short page may be the server's own page size, so read on
                // until an empty page.
                (None, None) => true,
            };
            if got == 0 || complete || !more {
                break;
            }
        }
        Ok(all)
    }

    /// Every live contact (or only `contact_id`), every page. A 304 means none changed: no rows.
    pub fn active_contacts(
        &self,
        contact_id: Option<&str>,
    ) -> Result<Call<Vec<Contact>>, ApiError> {
        self.read_pages(
            |top, skip| {
                Endpoint::acd(&["contacts", "active"])
                    .query_opt("contactId", contact_id)
                    .query("top", top)
                    .query("skip", skip)
            },
            |p: ActiveContacts| Page {
                next: has_next(p.links.as_ref()),
                total: p.total_records,
                rows: p.active_contacts,
            },
        )
    }
}

/// One page of `GET /points-of-contact` (an empty answer or a 304 is an empty page).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsOfContact {
    /// The points of contact of this page (raw: preflight reads a few fields). Required: an
    /// answer without it is not this list, and reading it as empty would call a point of contact
    /// missing.
    pub points_of_contact: Vec<Value>,
    /// Rows in all pages, when the server says.
    #[serde(default, deserialize_with = "lenient::number")]
    pub total_records: Option<f64>,
    /// `{self, next, previous}`.
    #[serde(default, rename = "_links")]
    pub links: Option<Value>,
}

impl Client {
    /// Every point of contact, every page.
    pub fn points_of_contact(&self) -> Result<Call<Vec<Value>>, ApiError> {
        self.read_pages(
            |top, skip| {
                Endpoint::acd(&["points-of-contact"])
                    .query("top", top)
                    .query("skip", skip)
            },
            |p: PointsOfContact| Page {
                next: has_next(p.links.as_ref()),
                total: p.total_records,
                rows: p.points_of_contact,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_says_whether_more_follow() {
        let page: ActiveContacts = serde_json::from_value(json!({
            "activeContacts": [{"contactId": 1}], "totalRecords": "3",
            "_links": {"self": "a", "next": "b", "previous": null}
        }))
        .unwrap();
        assert_eq!(has_next(page.links.as_ref()), Some(true));
        assert_eq!(page.total_records, Some(3.0));
        let last: ActiveContacts =
            serde_json::from_value(json!({"activeContacts": [], "_links": {"next": null}}))
                .unwrap();
        assert_eq!(has_next(last.links.as_ref()), Some(false));
        let bare: ActiveContacts = serde_json::from_value(json!({"activeContacts": []})).unwrap();
        assert_eq!(has_next(bare.links.as_ref()), None);
        assert!(
            serde_json::from_value::<ActiveContacts>(json!({"totalRecords": 0})).is_err(),
            "an answer without the list is not an empty list"
        );
        assert!(serde_json::from_value::<PointsOfContact>(json!({"resultSet": []})).is_err());
    }
}
