//! The one pager for every list read (docs/cxone-api.md §11.1): ACD `top`/`skip` with
//! `totalRecords` and `_links.next`, DFO `scrollToken` or `page`/`size` with `hits`/`totalRecords`.
//!
//! `skip` advances by the rows that actually arrived (a server may cap `top` below what was
//! asked); a read stops on an empty page, once `totalRecords` rows have arrived with no
//! `_links.next`, or at `http.max_pages`. A page that repeats an earlier one, an empty page
//! before `totalRecords`, or the page limit make the read **incomplete** ([`Listed::gap`]), never
//! silently short. A `_links.next` on another origin than the API host is refused: the token is
//! never sent elsewhere. Once the first page gives `totalRecords`, the remaining pages are read
//! concurrently (bounded by `http.concurrency`).

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::call::Call;
use super::client::Client;
use super::error::{ApiError, ErrorKind, Stage};
use super::paths::{Api, Endpoint};
use super::transport::Body;

/// A list read page by page: every row, and whether the read reached the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed<T> {
    /// Every row, in page order.
    pub items: Vec<T>,
    /// Why the read is incomplete (`None` when every page was read).
    pub gap: Option<String>,
    /// The first page answered 304 Not Modified (an `updatedSince` read with nothing new).
    pub not_modified: bool,
    /// `lastPollTime` of the first page, when it had one.
    pub last_poll_time: Option<String>,
    /// Pages read.
    pub pages: u32,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            items: Vec::new(),
            gap: None,
            not_modified: false,
            last_poll_time: None,
            pages: 0,
        }
    }
}

impl<T> Listed<T> {
    /// True when every page was read.
    pub fn complete(&self) -> bool {
        self.gap.is_none()
    }
}

impl<T> Call<Listed<T>> {
    /// The rows of a complete read; an incomplete one is an error naming the gap, for lists a
    /// partial read of which would mislead (assignments, skills, contacts).
    pub fn whole(self, what: &Endpoint) -> Result<Call<Vec<T>>, ApiError> {
        if let Some(gap) = &self.value.gap {
            return Err(paging_error(what, gap));
        }
        Ok(self.map(|l| l.items))
    }
}

/// The error of a list that could not be read whole.
pub fn paging_error(ep: &Endpoint, why: &str) -> ApiError {
    let mut e = ApiError::new(ErrorKind::Paging, Stage::Api, "GET", &ep.path());
    e.family = Some(ep.family());
    e.detail(why.to_string())
}

/// One decoded page: its rows and paging fields.
#[derive(Debug)]
struct Page<T> {
    items: Vec<T>,
    fingerprint: u64,
    total: Option<u64>,
    next: Option<String>,
    has_links: bool,
    poll_time: Option<String>,
    status: u16,
}

/// Decode one ACD page: rows under `key`, `totalRecords`, `_links.next`. An empty answer
/// (204, 304) is an empty page.
fn acd_page<T: DeserializeOwned>(
    value: Value,
    key: &str,
    ep: &Endpoint,
    status: u16,
) -> Result<Page<T>, ApiError> {
    let total = value.get("totalRecords").and_then(whole_number);
    let links = value.get("_links");
    let next = links
        .and_then(|l| l.get("next"))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(String::from);
    let poll_time = value
        .get("lastPollTime")
        .and_then(Value::as_str)
        .map(String::from);
    let rows = match &value {
        Value::Null => Value::Array(Vec::new()),
        Value::Array(_) => value.clone(),
        // An answer without the list is not this list: reading it as empty would call a
        // contact ended or a point of contact missing. (No body at all, 204/304, is empty.)
        other => match other.get(key) {
            Some(rows) => rows.clone(),
            None => {
                return Err(decode_error(
                    ep,
                    &format!("`{key}` is missing from the answer"),
                ));
            }
        },
    };
    let rows = match rows {
        Value::Null => Vec::new(),
        Value::Array(rows) => rows,
        other => {
            return Err(decode_error(
                ep,
                &format!("`{key}` is {} instead of a list", kind_of(&other)),
            ));
        }
    };
    page_of(rows, total, next, links.is_some(), poll_time, status, ep)
}

fn page_of<T: DeserializeOwned>(
    rows: Vec<Value>,
    total: Option<u64>,
    next: Option<String>,
    has_links: bool,
    poll_time: Option<String>,
    status: u16,
    ep: &Endpoint,
) -> Result<Page<T>, ApiError> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    Value::Array(rows.clone()).to_string().hash(&mut hasher);
    let items = rows
        .into_iter()
        .map(serde_json::from_value)
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| decode_error(ep, &format!("a row does not have the expected shape ({e})")))?;
    Ok(Page {
        items,
        fingerprint: hasher.finish(),
        total,
        next,
        has_links,
        poll_time,
        status,
    })
}

fn decode_error(ep: &Endpoint, why: &str) -> ApiError {
    let mut e = ApiError::new(ErrorKind::Decode, Stage::Api, "GET", &ep.path());
    e.family = Some(ep.family());
    e.detail(why.to_string())
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A count as a whole number; negative, fractional, non-finite or non-numeric is unknown.
fn whole_number(v: &Value) -> Option<u64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    // Checked first: finite, whole, within 0..=1e12, so the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let exact = n as u64;
    (n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 1e12).then_some(exact)
}

/// How a read goes on after a page.
enum Step {
    /// Read the page at this `skip`.
    Next(u64),
    /// Every row arrived.
    Done,
    /// The read stops short, for this reason.
    Gap(String),
}

/// The state of one ACD list read.
struct Acd<T> {
    top: u32,
    seen: HashSet<u64>,
    out: Listed<T>,
    total: Option<u64>,
    call: Call<()>,
}

impl<T: DeserializeOwned> Acd<T> {
    /// Take one page read at `skip`; what to do next.
    fn take(&mut self, skip: u64, page: Page<T>) -> Step {
        self.out.pages += 1;
        if self.out.pages == 1 {
            self.out.last_poll_time = page.poll_time.clone();
        }
        if page.total.is_some() {
            self.total = page.total;
        }
        let n = page.items.len() as u64;
        if n > 0 && !self.seen.insert(page.fingerprint) {
            // A server that sends no paging fields at all and answers a further `skip` with
            // the same rows does not page: the list was whole.
            if self.total.is_none() && page.next.is_none() && !page.has_links {
                return Step::Done;
            }
            return Step::Gap(format!(
                "the page at skip={skip} repeated an earlier page ({} of {} rows read)",
                self.out.items.len(),
                self.total_text()
            ));
        }
        self.out.items.extend(page.items);
        let got = self.out.items.len() as u64;
        if n == 0 {
            return match self.total {
                Some(t) if got < t => Step::Gap(format!(
                    "an empty page at skip={skip} came before totalRecords ({t}) rows had arrived ({got} read)"
                )),
                _ => Step::Done,
            };
        }
        let more = match (self.total, &page.next) {
            (_, Some(_)) => true,
            (Some(t), None) => got < t,
            // `_links` without `next`: the last page. No paging fields at all: a short page
            // may be the server's own cap on `top`, so only an empty page ends the list.
            (None, None) => !page.has_links,
        };
        if more {
            Step::Next(skip + n)
        } else {
            Step::Done
        }
    }

    fn total_text(&self) -> String {
        self.total.map_or("?".into(), |t| t.to_string())
    }
}

impl Client {
    /// Rows asked per page (`http.page_size`, at least 1).
    pub fn page_size(&self) -> u32 {
        self.http.page_size.max(1)
    }

    /// Pages read at most from one list (`http.max_pages`, at least 1).
    pub fn max_pages(&self) -> u32 {
        self.http.max_pages.max(1)
    }

    /// The origin (`scheme://host:port`) of `api`'s host in this run, once logged in.
    fn api_origin(&self, api: Api) -> Option<String> {
        let live = self.live().ok()?;
        let state = live.state.lock().unwrap_or_else(|e| e.into_inner());
        let hosts = state.login.as_ref()?.hosts.as_ref()?;
        let base = match api {
            Api::Acd => hosts.api_base.clone(),
            Api::Dfo => hosts.dfo_base.clone()?,
        };
        Url::parse(&base)
            .ok()
            .map(|u| u.origin().ascii_serialization())
    }

    /// Refuse a `_links.next` that points at another origin than the API host.
    fn check_next(&self, ep: &Endpoint, next: &str) -> Result<(), ApiError> {
        let Some(origin) = self.api_origin(ep.api) else {
            return Ok(());
        };
        let theirs = Url::parse(next)
            .ok()
            .map(|u| u.origin().ascii_serialization());
        // A relative link stays on the API host.
        let relative = theirs.is_none() && next.starts_with('/') && !next.starts_with("//");
        if relative || theirs.as_deref() == Some(origin.as_str()) {
            return Ok(());
        }
        let shown = theirs.unwrap_or_else(|| "an unreadable URL".into());
        Err(paging_error(
            ep,
            &format!(
                "_links.next points at {shown}, not the API host {origin}: refused, the token is never sent to another host"
            ),
        ))
    }

    fn acd_read<T: DeserializeOwned>(
        &self,
        ep: &Endpoint,
        key: &str,
        skip: u64,
        top: u32,
    ) -> Result<(Call<()>, Page<T>), ApiError> {
        // `top` and `skip` first, then the list's own filters.
        let mut at = Endpoint {
            query: Vec::new(),
            ..ep.clone()
        }
        .query("top", top)
        .query("skip", skip);
        at.query.extend(ep.query.iter().cloned());
        let call = self.call(Method::GET, &at, Body::Empty)?;
        let status = call.http_status;
        let (value, stats) = split(call);
        let page = acd_page::<T>(value, key, ep, status)?;
        if let Some(next) = &page.next {
            self.check_next(ep, next)?;
        }
        Ok((stats, page))
    }

    /// Every row of an ACD list (`ep` without `top`/`skip`; rows under `key`), read page by
    /// page as the module doc says. `Err` when a page fails (after retries) or a link is refused.
    pub fn list_acd<T: DeserializeOwned + Send>(
        &self,
        ep: &Endpoint,
        key: &str,
    ) -> Result<Call<Listed<T>>, ApiError> {
        let mut run = Acd {
            top: self.page_size(),
            seen: HashSet::new(),
            out: Listed::default(),
            total: None,
            call: Call::local(()),
        };
        let (stats, first) = self.acd_read::<T>(ep, key, 0, run.top)?;
        run.call.absorb(&stats);
        if first.status == 304 {
            run.out.not_modified = true;
            run.out.pages = 1;
            return Ok(run.call.map(|()| run.out));
        }
        let first_rows = first.items.len() as u64;
        let mut step = run.take(0, first);
        // With a total known, read the remaining pages concurrently, at the page size the
        // server actually used, one window of `http.concurrency` pages at a time (so a lying
        // total wastes at most one window); accept them in order while each is full.
        while let (Step::Next(skip), Some(total)) = (&step, run.total) {
            let stride = first_rows;
            let room = u64::from(self.max_pages().saturating_sub(run.out.pages));
            let window = (self.concurrency() as u64).min(room);
            let skips: Vec<u64> = (0..window)
                .map(|i| skip + i * stride)
                .take_while(|s| *s < total)
                .collect();
            if stride == 0 || skips.len() < 2 {
                break;
            }
            let top = run.top;
            let pages = self.map_concurrent(skips.clone(), |s| self.acd_read::<T>(ep, key, s, top));
            let mut in_step = true;
            for (s, page) in skips.into_iter().zip(pages) {
                match step {
                    Step::Next(want) if want == s => {}
                    _ => {
                        in_step = false;
                        break;
                    }
                }
                let (stats, page) = page?;
                run.call.absorb(&stats);
                step = run.take(s, page);
            }
            if !in_step {
                break;
            }
        }
        loop {
            match step {
                Step::Done => break,
                Step::Gap(why) => {
                    run.out.gap = Some(why);
                    break;
                }
                Step::Next(skip) => {
                    if run.out.pages >= self.max_pages() {
                        run.out.gap = Some(format!(
                            "stopped after http.max_pages ({}) pages with {} of {} rows read",
                            self.max_pages(),
                            run.out.items.len(),
                            run.total_text()
                        ));
                        break;
                    }
                    let (stats, page) = self.acd_read::<T>(ep, key, skip, run.top)?;
                    run.call.absorb(&stats);
                    step = run.take(skip, page);
                }
            }
        }
        Ok(run.call.map(|()| run.out))
    }

    /// Every row of a DFO list paged with `scrollToken` (rows under `data`, total `hits`).
    pub fn list_dfo_scroll<T: DeserializeOwned>(
        &self,
        ep: &Endpoint,
    ) -> Result<Call<Listed<T>>, ApiError> {
        self.list_dfo(ep, DfoPaging::Scroll)
    }

    /// Every row of a DFO list paged with `page` (from 1) and `size` (rows under `data`, total
    /// `totalRecords` or `hits`).
    pub fn list_dfo_pages<T: DeserializeOwned>(
        &self,
        ep: &Endpoint,
    ) -> Result<Call<Listed<T>>, ApiError> {
        self.list_dfo(ep, DfoPaging::Pages)
    }

    fn list_dfo<T: DeserializeOwned>(
        &self,
        ep: &Endpoint,
        mode: DfoPaging,
    ) -> Result<Call<Listed<T>>, ApiError> {
        let size = self.page_size();
        let mut all = Call::local(Listed::default());
        let mut token: Option<String> = None;
        let mut seen_tokens = HashSet::new();
        let mut seen_pages = HashSet::new();
        for page_no in 1u64.. {
            if all.value.pages >= self.max_pages() {
                all.value.gap = Some(format!(
                    "stopped after http.max_pages ({}) pages with {} rows read",
                    self.max_pages(),
                    all.value.items.len()
                ));
                break;
            }
            let at = match mode {
                DfoPaging::Scroll => ep.clone().query_opt("scrollToken", token.as_deref()),
                DfoPaging::Pages => ep.clone().query("page", page_no).query("size", size),
            };
            let call = self.call(Method::GET, &at, Body::Empty)?;
            let status = call.http_status;
            let (value, stats) = split(call);
            all.absorb(&stats);
            let total = value
                .get("hits")
                .or_else(|| value.get("totalRecords"))
                .and_then(whole_number);
            let next = value
                .get("scrollToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(String::from);
            let rows = dfo_rows(value, total, ep)?;
            let page: Page<T> = page_of(rows, total, None, false, None, status, ep)?;
            all.value.pages += 1;
            let n = page.items.len() as u64;
            if n > 0 && !seen_pages.insert(page.fingerprint) {
                // A server that sends no paging fields and answers a further `page` with the
                // same rows does not page: the list was whole (as for ACD lists).
                if matches!(mode, DfoPaging::Pages) && total.is_none() && next.is_none() {
                    break;
                }
                all.value.gap = Some(format!(
                    "page {page_no} repeated an earlier page ({} rows read)",
                    all.value.items.len()
                ));
                break;
            }
            all.value.items.extend(page.items);
            let got = all.value.items.len() as u64;
            if total.is_some_and(|t| got >= t) {
                break;
            }
            let more = match (mode, next) {
                (DfoPaging::Scroll, Some(t)) if n > 0 => {
                    if !seen_tokens.insert(t.clone()) {
                        all.value.gap = Some(format!(
                            "the server repeated a scrollToken ({got} rows read)"
                        ));
                        break;
                    }
                    token = Some(t);
                    true
                }
                (DfoPaging::Scroll, _) => false,
                // With a total, the read ends once it has arrived (above). Without one (a bare
                // list), a short page may be the server's own cap on `size`: only an empty page
                // ends the list.
                (DfoPaging::Pages, _) => n > 0,
            };
            if !more {
                if let Some(t) = total.filter(|t| got < *t) {
                    all.value.gap = Some(format!(
                        "page {page_no} was the last before {t} rows had arrived ({got} read)"
                    ));
                }
                break;
            }
        }
        Ok(all)
    }
}

/// How a DFO list pages.
#[derive(Debug, Clone, Copy)]
enum DfoPaging {
    /// `scrollToken` from each page to the next.
    Scroll,
    /// `page` (from 1) and `size`.
    Pages,
}

/// The rows of a DFO page: the answer itself when it is a list (`GET /channels`), else `data`
/// (`{hits, data}`, `{totalRecords, data}`). An object without `data` is not this list (reading
/// it as empty would call a channel or a queue missing) unless its total says there are none.
fn dfo_rows(value: Value, total: Option<u64>, ep: &Endpoint) -> Result<Vec<Value>, ApiError> {
    let rows = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Array(rows) => return Ok(rows),
        Value::Object(mut map) => match map.remove("data") {
            Some(rows) => rows,
            None if total == Some(0) => return Ok(Vec::new()),
            None => return Err(decode_error(ep, "`data` is missing from the answer")),
        },
        other => other,
    };
    match rows {
        Value::Null => Ok(Vec::new()),
        Value::Array(rows) => Ok(rows),
        other => Err(decode_error(
            ep,
            &format!("`data` is {} instead of a list", kind_of(&other)),
        )),
    }
}

fn split(call: Call<Value>) -> (Value, Call<()>) {
    let mut value = Value::Null;
    let stats = call.map(|v| value = v);
    (value, stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn totals_must_be_whole_and_in_range() {
        assert_eq!(whole_number(&json!(12)), Some(12));
        assert_eq!(whole_number(&json!("7")), Some(7));
        assert_eq!(whole_number(&json!(-1)), None);
        assert_eq!(whole_number(&json!(1.5)), None);
        assert_eq!(whole_number(&json!(true)), None);
        assert_eq!(whole_number(&json!(1e20)), None);
    }

    #[test]
    fn pages_decode_rows_links_and_empty_answers() {
        let ep = Endpoint::acd(&["agents", "states"]);
        let p: Page<Value> = acd_page(
            json!({"totalRecords": 3, "agentStates": [{"a":1}], "_links": {"next": "https://h/x"}}),
            "agentStates",
            &ep,
            200,
        )
        .unwrap();
        assert_eq!(p.items.len(), 1);
        assert_eq!(p.total, Some(3));
        assert_eq!(p.next.as_deref(), Some("https://h/x"));
        let empty: Page<Value> = acd_page(Value::Null, "agentStates", &ep, 204).unwrap();
        assert!(empty.items.is_empty());
        let bad = acd_page::<Value>(json!({"agentStates": 5}), "agentStates", &ep, 200);
        assert_eq!(bad.unwrap_err().kind, ErrorKind::Decode);
    }
}
