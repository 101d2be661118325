//! Report provenance (an addition to report v1): which tool made the report, for which profile
//! and tenant, when, and on which host (JUnit only).
//!
//! The time and host are inputs: `app::finish` and the streaming driver stamp them with
//! [`stamp`], renderers only read them, so tests pin them. The tenant is noted by the client
//! when it resolves the API host ([`note_profile`], [`note_tenant`]); one run is one process,
//! so the note is process-wide, like the sink's secret registry. Offline runs (payload
//! validation, `explain`) talk to no tenant: `profile` and `tenant` are `null` there.
//!
//! Nothing here is a secret: a profile name, a host, the tenant id and business unit number
//! of the token's claims; every output passes the sink's redactor anyway.

use std::sync::Mutex;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// The tool that made a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// Always `cxone-diag`.
    pub name: String,
    /// The crate version, e.g. `0.1.0`.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// The tenant a report's data came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    /// The ACD API host (`host` or `host:port`), from the profile or discovery.
    pub api_host: String,
    /// The `tenantId` claim of the id_token, when there is one.
    pub tenant_id: Option<String>,
    /// The business unit number (`icBUId` claim), when there is one.
    pub business_unit: Option<String>,
}

/// Provenance of a report, serialised after `elapsed_ms` (so a streamed report writes it in
/// its tail, when everything is known).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Meta {
    /// Name and version of the tool.
    #[serde(default)]
    pub tool: Tool,
    /// The profile the run used; `null` when it talked to no tenant.
    #[serde(default)]
    pub profile: Option<String>,
    /// The tenant the run talked to; `null` offline.
    #[serde(default)]
    pub tenant: Option<Tenant>,
    /// When the report was made (RFC 3339, UTC, milliseconds).
    #[serde(default, with = "rfc3339")]
    pub generated_at: Option<DateTime<Utc>>,
    /// The machine's host name, for JUnit's `hostname` (not in the JSON).
    #[serde(skip)]
    pub hostname: Option<String>,
}

impl Meta {
    /// When the run started: `generated_at` less `elapsed_ms`.
    pub fn started(&self, elapsed_ms: u64) -> Option<DateTime<Utc>> {
        let elapsed = chrono::Duration::milliseconds(i64::try_from(elapsed_ms).ok()?);
        self.generated_at?.checked_sub_signed(elapsed)
    }
}

mod rfc3339 {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Millis, true)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| {
            DateTime::parse_from_rfc3339(&t)
                .map(|t| t.with_timezone(&Utc))
                .map_err(serde::de::Error::custom)
        })
        .transpose()
    }
}

/// What the client noted about the run's tenant.
#[derive(Debug, Clone, Default)]
struct Noted {
    profile: Option<String>,
    tenant: Option<Tenant>,
    /// The claims were read for `tenant` (so they are not decoded again on every request).
    claims_read: bool,
}

static NOTED: Mutex<Noted> = Mutex::new(Noted {
    profile: None,
    tenant: None,
    claims_read: false,
});

/// The host (`host` or `host:port`) of a base URL; `None` when it is not a URL.
pub fn host_of(base: &str) -> Option<String> {
    let url = reqwest::Url::parse(base).ok()?;
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// Note the profile a live client was built for, with its `api_base` when the profile sets one.
pub fn note_profile(name: &str, api_base: Option<&str>) {
    let mut noted = NOTED.lock().unwrap_or_else(|e| e.into_inner());
    noted.profile = Some(name.to_string());
    if let Some(api_host) = api_base.and_then(host_of) {
        noted.tenant = Some(Tenant {
            api_host,
            tenant_id: None,
            business_unit: None,
        });
        noted.claims_read = false;
    }
}

/// Note the API host a request goes to; `claims` gives (tenant id, business unit) and is only
/// called when the host or the claims are not noted yet.
pub fn note_tenant(api_base: &str, claims: impl FnOnce() -> (Option<String>, Option<String>)) {
    let mut noted = NOTED.lock().unwrap_or_else(|e| e.into_inner());
    let Some(api_host) = host_of(api_base) else {
        return;
    };
    if noted.claims_read
        && noted
            .tenant
            .as_ref()
            .is_some_and(|t| t.api_host == api_host)
    {
        return;
    }
    let (tenant_id, business_unit) = claims();
    noted.tenant = Some(Tenant {
        api_host,
        tenant_id,
        business_unit,
    });
    noted.claims_read = true;
}

/// The machine's host name, when the system gives one.
pub fn hostname() -> Option<String> {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that much.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc != 0 {
            return None;
        }
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        let name = String::from_utf8_lossy(&buf[..end]).trim().to_string();
        (!name.is_empty()).then_some(name)
    }
    #[cfg(not(unix))]
    {
        std::env::var("COMPUTERNAME").ok().filter(|n| !n.is_empty())
    }
}

/// The provenance of a report finished at `now`: this tool, what the client noted, and
/// `hostname`.
pub fn stamp(now: DateTime<Utc>, hostname: Option<String>) -> Meta {
    let noted = NOTED.lock().unwrap_or_else(|e| e.into_inner()).clone();
    Meta {
        tool: Tool::default(),
        profile: noted.profile,
        tenant: noted.tenant,
        generated_at: Some(now),
        hostname,
    }
}

/// `t` as JUnit's `timestamp` wants it: ISO 8601 without an offset (the JUnit XSD pattern),
/// in UTC.
pub fn junit_timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
        .trim_end_matches('Z')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_base_urls() {
        assert_eq!(
            host_of("https://api-na1.niceincontact.com").as_deref(),
            Some("api-na1.niceincontact.com")
        );
        assert_eq!(
            host_of("http://127.0.0.1:4011/").as_deref(),
            Some("127.0.0.1:4011")
        );
        assert_eq!(
            host_of("https://user:pw@host.example/x").as_deref(),
            Some("host.example")
        );
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn times_round_trip_and_junit_has_no_offset() {
        let t = DateTime::parse_from_rfc3339("2026-03-01T12:30:05.123Z")
            .unwrap()
            .with_timezone(&Utc);
        let meta = Meta {
            generated_at: Some(t),
            ..Meta::default()
        };
        let v = serde_json::to_value(&meta).unwrap();
        assert_eq!(v["generated_at"], "2026-03-01T12:30:05.123Z");
        assert_eq!(v["tool"]["name"], "cxone-diag");
        assert!(v["profile"].is_null() && v["tenant"].is_null());
        assert!(v.get("hostname").is_none());
        let back: Meta = serde_json::from_value(v).unwrap();
        assert_eq!(back.generated_at, Some(t));
        assert_eq!(junit_timestamp(t), "2026-03-01T12:30:05");
        assert_eq!(
            meta.started(5_123).map(junit_timestamp).as_deref(),
            Some("2026-03-01T12:30:00")
        );
        assert_eq!(meta.started(u64::MAX), None);
    }
}
