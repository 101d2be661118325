//! Discovery documents (docs/cxone-api.md §1.1, §1.3): OIDC configuration, cxone-configuration, and the hosts derived from them.

use serde::{Deserialize, Serialize};

use super::lenient;

/// `GET {issuer}/.well-known/openid-configuration` (the fields cxone-diag reads).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpenIdConfiguration {
    /// Issuer as the server names itself.
    pub issuer: Option<String>,
    /// Where tokens are requested.
    pub token_endpoint: Option<String>,
    /// Signing keys (not used: claims only route requests).
    pub jwks_uri: Option<String>,
    /// Client authentication methods the server accepts.
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// Grant types the server accepts.
    pub grant_types_supported: Vec<String>,
}

/// `GET {iss}/.well-known/cxone-configuration?tenantId=`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CxoneConfiguration {
    /// ACD API host: the base of `/inContactAPI/services/vNN.0/...`.
    pub api_endpoint: Option<String>,
    /// Area, e.g. `na1`.
    #[serde(deserialize_with = "lenient::id")]
    pub area: Option<String>,
    /// Domain, e.g. `niceincontact.com`.
    pub domain: Option<String>,
    /// Cluster.
    #[serde(deserialize_with = "lenient::id")]
    pub cluster: Option<String>,
    /// Auth host.
    pub auth_endpoint: Option<String>,
    /// UI host.
    pub ui_endpoint: Option<String>,
}

/// Where the hosts came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HostSource {
    /// `api_base` in the profile or `CXONE_API_BASE`.
    Profile,
    /// cxone-configuration discovery.
    Discovered,
}

/// The tenant's API hosts, resolved once per run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hosts {
    /// ACD API host.
    pub api_base: String,
    /// Digital Engagement host, when known.
    pub dfo_base: Option<String>,
    /// Area.
    pub area: Option<String>,
    /// Domain.
    pub domain: Option<String>,
    /// Where `api_base` came from.
    pub source: HostSource,
}

/// The domain of an area's digital and chat hosts (docs/cxone-api.md §1.3, from the chat web SDK).
pub fn domain_for_area(area: &str) -> Option<&'static str> {
    match area.to_ascii_lowercase().as_str() {
        "na1" | "au1" | "ca1" | "eu1" | "jp1" | "uk1" => Some("niceincontact.com"),
        "ae1" | "jo1" | "kr1" | "za1" => Some("nicecxone.com"),
        "na2" => Some("nicecxone-gov.com"),
        "au2" => Some("nicecxone-sov1.au"),
        "eu2" => Some("nicecxone-sov1.eu"),
        "uk2" => Some("nicecxone-sov1.uk"),
        _ => None,
    }
}

/// `https://api-de-{area}.{domain}`: the Digital Engagement host.
pub fn dfo_base_for(area: &str, domain: &str) -> String {
    format!(
        "https://api-de-{}.{}",
        area.to_ascii_lowercase(),
        domain.trim_matches('.')
    )
}

/// Pick the DFO base: the profile's, else from area + domain, else from the area alone.
pub fn pick_dfo_base(
    profile: Option<&str>,
    area: Option<&str>,
    domain: Option<&str>,
) -> Option<String> {
    if let Some(p) = profile {
        return Some(p.to_string());
    }
    let area = area.filter(|a| !a.is_empty())?;
    // FedRAMP (na2): Digital stays on nicecxone-gov.com whatever domain discovery names
    // (docs/cxone-api.md §11.8, NICE's SDK `cxone-configuration.js`).
    let domain = if area.eq_ignore_ascii_case("na2") {
        domain_for_area(area)
    } else {
        domain
            .filter(|d| !d.is_empty())
            .or_else(|| domain_for_area(area))
    }?;
    Some(dfo_base_for(area, domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dfo_base_follows_area_and_domain() {
        assert_eq!(
            pick_dfo_base(None, Some("na1"), Some("niceincontact.com")).as_deref(),
            Some("https://api-de-na1.niceincontact.com")
        );
        assert_eq!(
            pick_dfo_base(None, Some("NA2"), None).as_deref(),
            Some("https://api-de-na2.nicecxone-gov.com")
        );
        assert_eq!(
            pick_dfo_base(None, Some("na2"), Some("niceincontact.com")).as_deref(),
            Some("https://api-de-na2.nicecxone-gov.com"),
            "na2 Digital is on nicecxone-gov.com whatever the discovered domain"
        );
        assert_eq!(pick_dfo_base(None, Some("zz9"), None), None);
        assert_eq!(pick_dfo_base(None, None, Some("x.com")), None);
        assert_eq!(
            pick_dfo_base(Some("http://127.0.0.1:1"), Some("na1"), None).as_deref(),
            Some("http://127.0.0.1:1")
        );
    }

    #[test]
    fn documents_decode_leniently() {
        let c: CxoneConfiguration = serde_json::from_str(
            r#"{"private":false,"api_endpoint":"https://api-c57.nice-incontact.com","area":"na1","domain":"niceincontact.com","uhDomain":"x"}"#,
        )
        .unwrap();
        assert_eq!(c.area.as_deref(), Some("na1"));
        let o: OpenIdConfiguration = serde_json::from_str(
            r#"{"token_endpoint":"https://cxone.niceincontact.com/auth/token"}"#,
        )
        .unwrap();
        assert!(o.token_endpoint.is_some());
    }
}
