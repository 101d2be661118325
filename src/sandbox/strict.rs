//! Front-end rules of a strict CXone edge that the sandbox enforces as well: a POST must
//! declare its length (`Content-Length`, `0` when it has no body) or be chunked, else 411
//! Length Required (docs/cxone-api.md §11.7, RFC 9110 §8.6).

use super::http::{Reply, Req};

/// The 411 for a POST that declares no length; `None` when the request may go on.
pub fn length_required(req: &Req) -> Option<Reply> {
    if !req.method.eq_ignore_ascii_case("POST") {
        return None;
    }
    let declared = req.header("content-length").is_some()
        || req
            .header("transfer-encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    (!declared).then(|| {
        Reply::admin_error(
            411,
            "LengthRequired",
            "A POST must declare its length: send Content-Length (0 when there is no body)",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Req {
        let h = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Req::new("POST", "/x", h, vec![])
    }

    #[test]
    fn a_post_without_a_length_gets_411() {
        assert_eq!(length_required(&post(&[])).unwrap().status, 411);
        assert!(length_required(&post(&[("Content-Length", "0")])).is_none());
        assert!(length_required(&post(&[("transfer-encoding", "chunked")])).is_none());
        assert!(length_required(&Req::new("GET", "/x", vec![], vec![])).is_none());
    }
}
