//! `listen` options, resolved once from the command line, the config and the environment.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;
use hyper::header::HeaderName;
use reqwest::Url;

use crate::cxone::secret::Secret;
use crate::error::usage;
use crate::payload::Kind;

/// What `listen` answers when it does not forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Respond {
    /// 200 with the findings as JSON when the payload passes or warns, 422 when it fails
    Findings,
    /// An empty 204 when the payload passes or warns, an empty 422 when it fails
    Status,
}

/// The header every request must carry, and its value.
#[derive(Debug, Clone)]
pub struct Required {
    /// The header's name.
    pub name: HeaderName,
    /// The value it must carry (from the environment variable the config names).
    pub value: Secret,
    /// That variable's name, for hints.
    pub env: String,
}

/// Everything one `listen` run needs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to bind.
    pub bind: IpAddr,
    /// Port (0: any free one).
    pub port: u16,
    /// Validate every body as this kind.
    pub kind: Option<Kind>,
    /// Forward every request to this URL.
    pub forward_to: Option<Url>,
    /// Largest body read.
    pub max_body: usize,
    /// Stop after this many requests.
    pub max_requests: Option<u64>,
    /// Stop after this long.
    pub duration: Option<Duration>,
    /// Append requests to this NDJSON file.
    pub save: Option<PathBuf>,
    /// Save headers too (secret ones masked).
    pub save_headers: bool,
    /// What to answer without `--forward-to`.
    pub respond: Respond,
    /// The header requests must carry.
    pub require: Option<Required>,
    /// Headers whose values are secrets (lower-case names).
    pub secret_headers: Vec<String>,
    /// Connections open at once.
    pub max_connections: usize,
    /// Seconds to connect to the upstream (`http.connect_timeout_s`).
    pub connect_timeout: Duration,
    /// Seconds for one forwarded request (`http.timeout_s`).
    pub upstream_timeout: Duration,
    /// `-v`: findings under each live line.
    pub verbose: bool,
}

/// Header names always treated as secrets.
const ALWAYS_SECRET: &[&str] = &["authorization", "proxy-authorization", "cookie"];

/// The header names (lower-case, sorted, once each) whose values are secrets: the ones always
/// treated so, `listen.secret_headers` of the config and the required header.
pub fn secret_headers(listed: &[String], require: Option<&Required>) -> Vec<String> {
    let mut secret_headers: Vec<String> = ALWAYS_SECRET
        .iter()
        .map(|h| h.to_string())
        .chain(listed.iter().map(|h| h.to_ascii_lowercase()))
        .chain(require.iter().map(|r| r.name.as_str().to_string()))
        .collect();
    secret_headers.sort();
    secret_headers.dedup();
    secret_headers
}

/// The seconds of `http.connect_timeout_s` or `http.timeout_s`, kept to 1 s..=1 h.
pub fn http_timeout(seconds: u64) -> Duration {
    Duration::from_secs(seconds.clamp(1, 3600))
}

impl Options {
    /// True when the header `name` (lower-case) holds a secret: a listed one, or one whose
    /// name looks secret (`X-Access-Token`, `X-Hub-Signature-256`, `Api-Key`, ...).
    pub fn is_secret_header(&self, name: &str) -> bool {
        self.secret_headers.iter().any(|h| h == name)
            || crate::secret_name::is_secret_name(name, crate::secret_name::Place::Header)
    }
}

/// Check `--forward-to`: an absolute http(s) URL with a host and no credentials.
pub fn forward_url(text: &str) -> anyhow::Result<Url> {
    let parsed = Url::parse(text);
    // a URL with credentials is never echoed whole
    let shown = match &parsed {
        Ok(url) if !url.username().is_empty() || url.password().is_some() => {
            let mut masked = url.clone();
            let _ = masked.set_username("***");
            let _ = masked.set_password(None);
            masked.to_string()
        }
        _ => text.to_string(),
    };
    let bad = |why: &str| {
        usage(format!(
            "--forward-to {shown:?}: {why}\n  give your service's URL, e.g. --forward-to http://127.0.0.1:5000 or --forward-to https://router.example.com/hooks"
        ))
    };
    let mut url = parsed.map_err(|e| bad(&format!("not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("only http and https URLs can be forwarded to"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("the URL has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "the URL carries credentials; no flag takes a secret (the requests' own Authorization header is forwarded)",
        ));
    }
    url.set_fragment(None);
    Ok(url)
}

/// The `--require-header` name and the value from the environment variable `env_name`.
pub fn required(
    name: &str,
    env_name: &str,
    env: &std::collections::HashMap<String, String>,
) -> anyhow::Result<Required> {
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
        usage(format!(
            "--require-header {name:?} is not a header name\n  give a name such as X-Listen-Token"
        ))
    })?;
    if matches!(
        header.as_str(),
        "host" | "content-length" | "transfer-encoding" | "connection" | "expect" | "te"
    ) {
        return Err(usage(format!(
            "--require-header {name:?}: that header is part of HTTP itself, not a shared secret\n  give a header of your own, such as X-Listen-Token"
        )));
    }
    let value = env.get(env_name).filter(|v| !v.is_empty()).ok_or_else(|| {
        usage(format!(
            "--require-header {name}: the environment variable {env_name} (listen.require_header_env in the config) is not set\n  set it to the value the sender must put in {name}, e.g. {env_name}=$(openssl rand -hex 24)"
        ))
    })?;
    if hyper::header::HeaderValue::from_str(value).is_err() {
        return Err(usage(format!(
            "{env_name} holds characters a header value cannot carry\n  use visible ASCII, e.g. $(openssl rand -hex 24)"
        )));
    }
    // Every sink of the run (stderr, reports, --save) masks it in every encoding.
    crate::report::sink::register(value);
    Ok(Required {
        name: header,
        value: Secret::new(value.clone()),
        env: env_name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_urls_are_checked() {
        assert!(forward_url("http://127.0.0.1:5000/hooks").is_ok());
        assert!(forward_url("https://router.example.com").is_ok());
        assert!(forward_url("ftp://x").is_err());
        assert!(forward_url("127.0.0.1:5000").is_err());
        assert!(forward_url("http://user:pw@127.0.0.1:5000").is_err());
        assert_eq!(
            forward_url("http://h/p#frag").unwrap().as_str(),
            "http://h/p"
        );
    }

    #[test]
    fn the_required_value_comes_from_the_environment() {
        let mut env = std::collections::HashMap::new();
        assert!(required("X-Token", "T", &env).is_err());
        env.insert("T".to_string(), "s3cret-value".to_string());
        let r = required("X-Token", "T", &env).unwrap();
        assert_eq!(r.name.as_str(), "x-token");
        assert_eq!(r.value.expose(), "s3cret-value");
        assert!(required("Content-Length", "T", &env).is_err());
        assert!(required("bad header", "T", &env).is_err());
    }
}
