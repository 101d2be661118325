//! Every API URL is built here, from the resolved hosts and the profile's API version
//! (docs/cxone-api.md §2): `{api_base}/inContactAPI/services/{api_version}/...` and `{dfo_base}/dfo/3.0/...`.

use reqwest::Url;
use serde::{Deserialize, Serialize};

use super::family::ApiFamily;

/// Digital Engagement API version path.
pub const DFO_PREFIX: [&str; 2] = ["dfo", "3.0"];

/// Which API a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Api {
    /// ACD REST under `/inContactAPI/services/{api_version}`.
    Acd,
    /// Digital Engagement under `/dfo/3.0`.
    Dfo,
}

/// One API endpoint: which API, the path segments after its prefix, and the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// ACD or Digital.
    pub api: Api,
    /// Path segments after the API prefix, unencoded (`["skills", "42", "activity"]`).
    pub segments: Vec<String>,
    /// Query parameters, in order.
    pub query: Vec<(String, String)>,
}

impl Endpoint {
    /// An ACD endpoint, e.g. `Endpoint::acd(&["skills", id])`.
    pub fn acd(segments: &[&str]) -> Self {
        Endpoint {
            api: Api::Acd,
            segments: segments.iter().map(|s| s.to_string()).collect(),
            query: Vec::new(),
        }
    }

    /// A Digital Engagement endpoint, e.g. `Endpoint::dfo(&["contacts", n, "messages"])`.
    pub fn dfo(segments: &[&str]) -> Self {
        Endpoint {
            api: Api::Dfo,
            ..Endpoint::acd(segments)
        }
    }

    /// Add a query parameter.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Add a query parameter when there is a value.
    pub fn query_opt(self, key: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// The path relative to the API prefix, e.g. `/skills/42` (for recordings and messages).
    pub fn path(&self) -> String {
        format!("/{}", self.segments.join("/"))
    }

    /// The path as a plan shows it to a person: ACD paths relative to the API prefix, Digital
    /// Engagement paths under `/dfo/3.0`, the query as written (`/contacts/active?contactId=1`).
    pub fn shown(&self) -> String {
        let mut out = match self.api {
            Api::Acd => self.path(),
            Api::Dfo => format!("/{}{}", DFO_PREFIX.join("/"), self.path()),
        };
        for (i, (k, v)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(&format!("{k}={v}"));
        }
        out
    }

    /// The API family, for permission messages.
    pub fn family(&self) -> ApiFamily {
        match self.api {
            Api::Dfo => ApiFamily::DigitalEngagement,
            Api::Acd => {
                let segs: Vec<&str> = self.segments.iter().map(String::as_str).collect();
                ApiFamily::of_acd(&segs)
            }
        }
    }

    /// The full URL on `base` (the API host of this endpoint's API). Segments are
    /// percent-encoded, so an id can never change the path.
    pub fn url(&self, base: &str, api_version: &str) -> Result<Url, String> {
        if let Some(bad) = self
            .segments
            .iter()
            .find(|s| s.is_empty() || *s == "." || *s == "..")
        {
            return Err(format!("{bad:?} is not a valid id in a path"));
        }
        let mut url = Url::parse(base).map_err(|e| format!("{base:?} is not a URL: {e}"))?;
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| format!("{base:?} cannot be a base URL"))?;
            path.pop_if_empty();
            match self.api {
                Api::Acd => {
                    path.extend(["inContactAPI", "services", api_version]);
                }
                Api::Dfo => {
                    path.extend(DFO_PREFIX);
                }
            }
            path.extend(&self.segments);
        }
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        Ok(url)
    }
}

/// A URL without its query string, for messages (query values never appear in errors).
pub fn without_query(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acd_and_dfo_paths_are_built_in_one_place() {
        let e = Endpoint::acd(&["skills", "42", "activity"])
            .query("updatedSince", "2026-01-01T00:00:00Z");
        let url = e.url("https://api-na1.niceincontact.com", "v30.0").unwrap();
        assert_eq!(
            url.as_str(),
            "https://api-na1.niceincontact.com/inContactAPI/services/v30.0/skills/42/activity?updatedSince=2026-01-01T00%3A00%3A00Z"
        );
        assert_eq!(e.path(), "/skills/42/activity");
        assert_eq!(e.family(), ApiFamily::RealTimeData);
        let d = Endpoint::dfo(&["contacts", "1042", "messages"]);
        assert_eq!(
            d.url("http://127.0.0.1:9/proxy/", "v30.0")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:9/proxy/dfo/3.0/contacts/1042/messages"
        );
        assert_eq!(d.family(), ApiFamily::DigitalEngagement);
    }

    #[test]
    fn ids_cannot_escape_their_segment() {
        let e = Endpoint::acd(&["contacts", "../../admin?x=1"]);
        let url = e.url("https://h", "v30.0").unwrap();
        assert_eq!(
            url.as_str(),
            "https://h/inContactAPI/services/v30.0/contacts/..%2F..%2Fadmin%3Fx=1"
        );
        assert!(
            Endpoint::acd(&["contacts", ".."])
                .url("https://h", "v30.0")
                .is_err()
        );
        assert!(
            Endpoint::acd(&["contacts", ""])
                .url("https://h", "v30.0")
                .is_err()
        );
        assert_eq!(
            without_query(
                &Endpoint::acd(&["a"])
                    .query("k", "v")
                    .url("https://h", "v1.0")
                    .unwrap()
            ),
            "https://h/inContactAPI/services/v1.0/a"
        );
    }
}
