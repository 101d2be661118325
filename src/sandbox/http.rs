//! Request and reply values the handlers work with, CXone's three error body shapes, query decoding and paging links.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::faults::ApiFamily;

/// One request, read off the wire by tiny_http.
#[derive(Debug, Clone, Default)]
pub struct Req {
    /// Method, upper case.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// The query as sent.
    pub raw_query: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Req {
    /// Build from a URL such as `/skills?top=5`.
    pub fn new(method: &str, url: &str, headers: Vec<(String, String)>, body: Vec<u8>) -> Req {
        let (path, raw_query) = url.split_once('?').unwrap_or((url, ""));
        Req {
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            raw_query: raw_query.to_string(),
            query: parse_pairs(raw_query),
            headers,
            body,
        }
    }

    /// First header named `name` (ASCII case ignored).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// First non-empty query value named `name` (ASCII case ignored, like CXone).
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// A reply to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Content type of `body`.
    pub content_type: &'static str,
    /// Body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, value: &Value) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    /// A reply with no body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            content_type: "application/json; charset=utf-8",
            body: Vec::new(),
        }
    }

    /// Add a header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// OAuth shape `{error, error_description}` (token endpoint, bearer check).
    pub fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
        Reply::json(
            status,
            &json!({"error": error, "error_description": description}),
        )
    }

    /// ACD API shape `{error, errorDescription}`.
    pub fn admin_error(status: u16, error: &str, description: &str) -> Reply {
        Reply::json(
            status,
            &json!({"error": error, "errorDescription": description}),
        )
    }

    /// DFO shape `{errors: [{field?, message, errorCode}], uid}`.
    pub fn dfo_error(status: u16, code: &str, message: &str, field: Option<&str>) -> Reply {
        let mut e = json!({"message": message, "errorCode": code});
        if let Some(f) = field {
            e["field"] = json!(f);
        }
        let uid = format!("{:016x}", fastrand::u64(..));
        Reply::json(status, &json!({"errors": [e], "uid": uid}))
    }

    /// The error shape of `family`: DFO's for Digital, the ACD one otherwise.
    pub fn error(family: ApiFamily, status: u16, code: &str, description: &str) -> Reply {
        match family {
            ApiFamily::Digital => Reply::dfo_error(status, code, description, None),
            ApiFamily::Auth => Reply::oauth_error(status, code, description),
            _ => Reply::admin_error(status, code, description),
        }
    }
}

/// What every handler may read besides the state and the request.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    /// `http://127.0.0.1:PORT`.
    pub base: &'a str,
    /// The time of this request.
    pub now: DateTime<Utc>,
}

/// Parse a numeric path id ([`crate::id::Id`]: digits, no sign or space); anything else is a
/// 400 in `family`'s error shape.
pub fn parse_id(raw: &str, what: &str, family: ApiFamily) -> Result<u64, Reply> {
    crate::id::Id::parse(raw)
        .ok()
        .and_then(|id| id.as_str().parse::<u64>().ok())
        .ok_or_else(|| {
            Reply::error(
                family,
                400,
                "InvalidParameter",
                &format!("{what} must be a number, not {raw:?}"),
            )
        })
}

/// Read an optional date query parameter; a bad date is a 400.
pub fn date_param(req: &Req, name: &str) -> Result<Option<DateTime<Utc>>, Reply> {
    match req.q(name) {
        None => Ok(None),
        Some(v) => super::reltime::parse_instant(v).map(Some).ok_or_else(|| {
            Reply::admin_error(
                400,
                "InvalidParameter",
                &format!("{name} must be an ISO 8601 date, not {v:?}"),
            )
        }),
    }
}

/// Percent-decode one URL component; `+` is a space.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decode `a=1&b=x%20y` (also a form body) into pairs.
pub fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// Percent-encode a query value.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `_links {self, next?, previous?}` for a page of `total` items.
pub fn links(base_url: &str, req: &Req, skip: usize, top: usize, total: usize) -> Value {
    let url = |skip: usize| {
        let mut pairs: Vec<String> = req
            .query
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("skip") && !k.eq_ignore_ascii_case("top"))
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        pairs.push(format!("top={top}"));
        pairs.push(format!("skip={skip}"));
        format!("{base_url}{}?{}", req.path, pairs.join("&"))
    };
    let mut links = json!({"self": url(skip)});
    if skip + top < total {
        links["next"] = json!(url(skip + top));
    }
    if skip > 0 {
        links["previous"] = json!(url(skip.saturating_sub(top)));
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_ids_are_digits_only() {
        assert_eq!(
            parse_id("4201", "skillId", ApiFamily::Admin).ok(),
            Some(4201)
        );
        for bad in ["+4201", "-1", " 4201", "42a", "", "12345678901234567890"] {
            assert!(
                parse_id(bad, "skillId", ApiFamily::Admin).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn decodes_queries_and_forms() {
        let pairs = parse_pairs("grant_type=password&username=AB%3D&password=a+b%2Bc&bad=%zz&x");
        assert_eq!(pairs[1], ("username".into(), "AB=".into()));
        assert_eq!(pairs[2], ("password".into(), "a b+c".into()));
        assert_eq!(pairs[3], ("bad".into(), "%zz".into()));
        assert_eq!(pairs[4], ("x".into(), "".into()));
        assert_eq!(decode_component("%"), "%");
        assert_eq!(decode_component("%4"), "%4");
        assert_eq!(decode_component("%41"), "A");
    }

    #[test]
    fn links_point_to_the_next_page() {
        let req = Req::new("GET", "/s?mediaTypeId=4&top=2", vec![], vec![]);
        let l = links("http://h", &req, 0, 2, 5);
        assert_eq!(l["next"], "http://h/s?mediaTypeId=4&top=2&skip=2");
        assert!(l.get("previous").is_none());
        let l = links("http://h", &req, 4, 2, 5);
        assert!(l.get("next").is_none());
        assert_eq!(l["previous"], "http://h/s?mediaTypeId=4&top=2&skip=2");
    }
}
