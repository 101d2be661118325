//! Paging of every sandbox list, as CXone pages them (docs/cxone-api.md §11.1): ACD `top`/`skip`
//! with `totalRecords` and `_links`, DFO `page`/`size` with `totalRecords` (or, for `/channels`,
//! a bare list with no total); a small default page
//! and a `top` cap that a scenario sets with `paging: {default_top, max_top}`.

use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Env, Reply, Req, links};
use super::reltime::stamp;
use super::state::State;

/// `paging:` of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PagingSpec {
    /// Rows per page when a request sends no `top` (DFO: no `size`).
    pub default_top: usize,
    /// The most rows a page holds, whatever `top` asks (the server caps silently, like CXone).
    pub max_top: usize,
}

impl Default for PagingSpec {
    fn default() -> Self {
        PagingSpec {
            default_top: 10,
            max_top: 100,
        }
    }
}

/// Read a whole-number query parameter; a non-number is a 400 in the ACD error shape.
fn number(req: &Req, name: &str, default: usize) -> Result<usize, Reply> {
    match req.q(name) {
        None => Ok(default),
        Some(v) => v.trim().parse::<usize>().map_err(|_| {
            Reply::admin_error(
                400,
                "InvalidParameter",
                &format!("{name} must be a whole number 0 or more, not {v:?}"),
            )
        }),
    }
}

/// `(skip, top)` of an ACD list request: `top` defaults to `default_top` and is capped at `max_top`.
pub fn window(state: &State, req: &Req) -> Result<(usize, usize), Reply> {
    let p = state.scenario.paging;
    let skip = number(req, "skip", 0)?;
    let top = number(req, "top", p.default_top)?.clamp(1, p.max_top.max(1));
    Ok((skip, top))
}

/// One ACD page of `all` under `key` (only the page's rows rendered), with `totalRecords`,
/// `_links` and `lastPollTime`.
pub fn acd<T>(
    state: &State,
    req: &Req,
    env: &Env,
    key: &str,
    all: Vec<T>,
    render: impl Fn(T) -> Value,
) -> Reply {
    let (skip, top) = match window(state, req) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let total = all.len();
    let page: Vec<Value> = all.into_iter().skip(skip).take(top).map(render).collect();
    let mut body = json!({
        "businessUnitId": state.tenant.business_unit,
        "lastPollTime": stamp(env.now),
        "totalRecords": total,
        "_links": links(env.base, req, skip, top, total),
    });
    body[key] = Value::Array(page);
    Reply::json(200, &body)
}

/// The rows of DFO page `page` (from 1) at `size` rows (capped at `max_top`), or the 400 of a
/// non-number.
fn dfo_window(state: &State, req: &Req, all: Vec<Value>) -> Result<Vec<Value>, Reply> {
    let p = state.scenario.paging;
    let (page, size) = match (number(req, "page", 1), number(req, "size", p.default_top)) {
        (Ok(page), Ok(size)) => (page.max(1), size.clamp(1, p.max_top.max(1))),
        (Err(_), _) | (_, Err(_)) => {
            return Err(Reply::dfo_error(
                400,
                "InvalidParameter",
                "page and size must be whole numbers",
                Some("page"),
            ));
        }
    };
    Ok(all
        .into_iter()
        .skip((page - 1).saturating_mul(size))
        .take(size)
        .collect())
}

/// One DFO page of `all` (`page` from 1, `size` capped at `max_top`): `{data, totalRecords, hits}`.
pub fn dfo(state: &State, req: &Req, all: Vec<Value>) -> Reply {
    let total = all.len();
    match dfo_window(state, req, all) {
        Ok(data) => Reply::json(
            200,
            &json!({"data": data, "totalRecords": total, "hits": total}),
        ),
        Err(r) => r,
    }
}

/// One DFO page of `all` as a bare list with no total, as `GET /dfo/3.0/channels` answers
/// (`page` from 1, `size` capped at `max_top`): a reader learns the end from an empty page.
pub fn dfo_bare(state: &State, req: &Req, all: Vec<Value>) -> Reply {
    match dfo_window(state, req, all) {
        Ok(data) => Reply::json(200, &Value::Array(data)),
        Err(r) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::scenario::parse;

    fn state(yaml: &str) -> State {
        State::new(parse(yaml, "t", "t").unwrap(), chrono::Utc::now())
    }

    #[test]
    fn top_defaults_small_and_is_capped() {
        let s = state("paging: {default_top: 3, max_top: 5}\n");
        let req = |q: &str| Req::new("GET", &format!("/x?{q}"), vec![], vec![]);
        assert_eq!(window(&s, &req("")).unwrap(), (0, 3));
        assert_eq!(window(&s, &req("top=100&skip=4")).unwrap(), (4, 5));
        assert_eq!(window(&s, &req("top=0")).unwrap(), (0, 1));
        assert_eq!(window(&s, &req("top=x")).unwrap_err().status, 400);
    }

    #[test]
    fn dfo_pages_count_from_one() {
        let s = state("paging: {default_top: 2, max_top: 2}\n");
        let all: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let req = Req::new("GET", "/r?page=3&size=9", vec![], vec![]);
        let body: Value = serde_json::from_slice(&dfo(&s, &req, all).body).unwrap();
        assert_eq!(body["data"], json!([4]));
        assert_eq!(body["totalRecords"], 5);
        let all: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let req = Req::new("GET", "/c?page=2", vec![], vec![]);
        let body: Value = serde_json::from_slice(&dfo_bare(&s, &req, all).body).unwrap();
        assert_eq!(body, json!([2, 3]), "a bare list, paged at default_top");
    }
}
