//! Writes are bound to a host, not a name: before any request of a live run, every URL it will
//! write to is resolved from the profile in the config file, and refused when it could have
//! come from elsewhere or names a host that a production profile uses.
//!
//! The rules (README "## Security" states them for users):
//! - no base URL of the profile may come from the environment (`CXONE_ISSUER`,
//!   `CXONE_TOKEN_URL`, `CXONE_API_BASE`, `CXONE_DFO_BASE`): a variable left over in a shell
//!   would otherwise send a "lab" write to whatever tenant it names;
//! - the hosts written to must be named by the profile itself (`api_base`, and `dfo_base` for a
//!   digital rehearsal), not discovered from a server's answer;
//! - no profile of the config file that is `production: true` (the default when a profile
//!   does not say) may use a written host for any of its base URLs. Hosts are compared by name
//!   (case-insensitive, port ignored; every loopback spelling is one host): two tenants behind
//!   one host cannot be told apart by it.

use std::collections::HashMap;

use reqwest::Url;

use crate::config::Config;
use crate::config::profile::{ResolvedProfile, env};
use crate::cxone::paths::Endpoint;
use crate::error::usage;

/// The base URLs a live run writes to, resolved before any request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteTargets {
    /// The ACD REST root, e.g. `https://api-na1.niceincontact.com:443/inContactAPI/services/v30.0`.
    pub api: String,
    /// The Digital Engagement root, e.g. `https://api-de-na1.niceincontact.com:443/dfo/3.0`,
    /// when the run writes there.
    pub dfo: Option<String>,
}

impl WriteTargets {
    /// Every root, for the preview and the audit log.
    pub fn all(&self) -> Vec<&str> {
        std::iter::once(self.api.as_str())
            .chain(self.dfo.as_deref())
            .collect()
    }
}

/// The variables that may override a profile's base URLs, with the profile key each replaces.
const URL_VARIABLES: [(&str, &str); 4] = [
    (env::ISSUER, "issuer"),
    (env::TOKEN_URL, "token_url"),
    (env::API_BASE, "api_base"),
    (env::DFO_BASE, "dfo_base"),
];

/// Scheme, host and explicit port of a URL.
fn origin(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or_default();
    format!("{}://{host}:{port}", url.scheme())
}

/// The root of `api` (an endpoint with no segments) on `base`, as the preview shows it: the
/// prefix is the client's own ([`Endpoint::url`]), so the two cannot disagree.
fn root(api: &Endpoint, base: &Url, api_version: &str) -> anyhow::Result<String> {
    let url = api
        .url(base.as_str(), api_version)
        .map_err(|why| usage(format!("{base}: {why}")))?;
    Ok(full_url(&url))
}

/// A URL with scheme, host, explicit port and path (no trailing slash), as the preview shows it.
pub fn full_url(url: &Url) -> String {
    format!("{}{}", origin(url), url.path().trim_end_matches('/'))
}

/// The host of `url` as the production rail compares it: lower-case, without a trailing dot,
/// and every spelling of this machine (`localhost`, `*.localhost`, `127.0.0.0/8`, `::1`, an
/// IPv4-mapped loopback address) as one host, since each reaches the same server.
fn host_of(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    if crate::config::url::is_loopback(&url) || host == "localhost" || host.ends_with(".localhost")
    {
        return Some("localhost".to_string());
    }
    Some(host)
}

/// Resolve and check the write targets of a live run on `profile` (already resolved from
/// `config` and `vars`); `digital` is true when the run posts to the Digital API. A refusal is
/// a usage error (exit 2) naming the variable, the key or the production profile.
pub fn resolve(
    config: &Config,
    vars: &HashMap<String, String>,
    profile: &ResolvedProfile,
    digital: bool,
) -> anyhow::Result<WriteTargets> {
    let name = &profile.name;
    for (var, key) in URL_VARIABLES {
        if let Some(value) = vars.get(var).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            return Err(usage(format!(
                "live rehearsal refused: {var} is set in the environment ({value}); a live run writes only to the hosts that profile {name:?} names in the config file\n  unset {var} (and set {key} in profile {name:?} if that is the tenant you mean)"
            )));
        }
    }
    let needed = |key: &str, value: Option<&String>, example: &str| -> anyhow::Result<Url> {
        let value = value.ok_or_else(|| {
            usage(format!(
                "live rehearsal refused: profile {name:?} does not set {key}, so the host written to would be discovered from a server's answer\n  set {key}: {example} in profile {name:?} of the config file (`cxone-diag auth check` shows the discovered one)"
            ))
        })?;
        Url::parse(value).map_err(|e| {
            usage(format!(
                "profile {name:?}: {key} {value:?} is not a URL ({e})"
            ))
        })
    };
    let api = needed(
        "api_base",
        profile.api_base.as_ref(),
        "https://api-na1.niceincontact.com",
    )?;
    let mut targets = WriteTargets {
        api: root(&Endpoint::acd(&[]), &api, &profile.api_version)?,
        dfo: None,
    };
    if digital {
        let dfo = needed(
            "dfo_base",
            profile.dfo_base.as_ref(),
            "https://api-de-na1.niceincontact.com",
        )?;
        targets.dfo = Some(root(&Endpoint::dfo(&[]), &dfo, &profile.api_version)?);
    }
    for target in targets.all() {
        let Some(host) = host_of(target) else {
            return Err(usage(format!(
                "live rehearsal refused: the write URL {target} of profile {name:?} names no host\n  set api_base (and dfo_base) of profile {name:?} to an https:// URL of a test tenant"
            )));
        };
        if let Some((other, key)) = production_use(config, &host) {
            let host = Url::parse(target)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or(host);
            return Err(usage(format!(
                "live rehearsal refused: the write host {host} ({target}) is the {key} host of profile {other:?}, which is production (production: true, or not set to false)\n  a live rehearsal never writes to a host a production profile uses; point profile {name:?} at a test tenant's own host, or mark profile {other:?} production: false if it is not production"
            )));
        }
    }
    Ok(targets)
}

/// The first production profile (and which of its keys) that uses `host`.
fn production_use(config: &Config, host: &str) -> Option<(String, &'static str)> {
    config
        .profiles
        .iter()
        .filter(|(_, p)| p.production)
        .find_map(|(name, p)| {
            let urls = [
                ("issuer", Some(&p.issuer)),
                ("token_url", p.token_url.as_ref()),
                ("api_base", p.api_base.as_ref()),
                ("dfo_base", p.dfo_base.as_ref()),
            ];
            urls.into_iter()
                .filter_map(|(key, url)| Some((key, host_of(url?)?)))
                .find(|(_, h)| h == host)
                .map(|(key, _)| (name.clone(), key))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;
    use crate::config::profile::{ProfileFlags, resolve as resolve_profile};

    const FILE: &str = "
default_profile: lab
profiles:
  lab:
    issuer: https://cxone.niceincontact.com
    api_base: https://lab-api.example.com
    allow_writes: true
    production: false
  prod:
    issuer: https://cxone.niceincontact.com
    api_base: https://API-NA1.niceincontact.com.
";

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn check(file: &str, pairs: &[(&str, &str)], digital: bool) -> anyhow::Result<WriteTargets> {
        let config = parse(file, "t").unwrap();
        let vars = vars(pairs);
        let p = resolve_profile(&config, &vars, ProfileFlags::default()).unwrap();
        resolve(&config, &vars, &p, digital)
    }

    fn refusal(r: anyhow::Result<WriteTargets>) -> String {
        let e = r.unwrap_err();
        assert!(crate::error::is_usage(&e));
        format!("{e:#}")
    }

    #[test]
    fn the_profile_hosts_are_resolved_with_scheme_port_and_path() {
        let t = check(FILE, &[], false).unwrap();
        assert_eq!(
            t.api,
            "https://lab-api.example.com:443/inContactAPI/services/v30.0"
        );
        assert_eq!(t.dfo, None);
        assert_eq!(
            // the plan's URL of a write is the request's own, under that root
            full_url(
                &crate::cxone::request::ApiRequest::signal("1", &[])
                    .endpoint
                    .url("https://lab-api.example.com", "v30.0")
                    .unwrap()
            ),
            "https://lab-api.example.com:443/inContactAPI/services/v30.0/interactions/1/signal"
        );
    }

    #[test]
    fn any_base_url_from_the_environment_is_refused_naming_the_variable() {
        for var in [
            "CXONE_API_BASE",
            "CXONE_TOKEN_URL",
            "CXONE_ISSUER",
            "CXONE_DFO_BASE",
        ] {
            let m = refusal(check(
                FILE,
                &[(var, "https://api-na1.niceincontact.com")],
                false,
            ));
            assert!(
                m.contains(&format!("{var} is set in the environment")),
                "{m}"
            );
        }
    }

    #[test]
    fn a_host_a_production_profile_uses_is_refused() {
        let file = FILE.replace(
            "https://lab-api.example.com",
            "https://api-na1.niceincontact.com",
        );
        let m = refusal(check(&file, &[], false));
        assert!(m.contains("api-na1.niceincontact.com"), "{m}");
        assert!(m.contains("profile \"prod\""), "{m}");
        // a profile that does not say production: false is production
        let file = FILE
            .replace("API-NA1.niceincontact.com.", "lab-api.example.com")
            .replace(
                "    production: false\n  prod",
                "    production: false\n  other",
            );
        let m = refusal(check(&file, &[], false));
        assert!(m.contains("profile \"other\""), "{m}");
    }

    #[test]
    fn discovered_hosts_are_not_written_to() {
        let file = FILE.replace("    api_base: https://lab-api.example.com\n", "");
        let m = refusal(check(&file, &[], false));
        assert!(m.contains("does not set api_base"), "{m}");
        let m = refusal(check(FILE, &[], true));
        assert!(m.contains("does not set dfo_base"), "{m}");
        let file = FILE.replace(
            "    api_base: https://lab-api.example.com\n",
            "    api_base: https://lab-api.example.com\n    dfo_base: http://127.0.0.1:8080/\n",
        );
        let t = check(&file, &[], true).unwrap();
        assert_eq!(t.dfo.as_deref(), Some("http://127.0.0.1:8080/dfo/3.0"));
    }
}
