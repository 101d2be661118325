//! Fault rules: added latency, status sequences (503, 503 then normal), 429 with `Retry-After`, and 403 denial of an API family.
//!
//! A rule matches on method, a path glob and an API family. The glob is matched against the
//! path with the ACD prefix `/inContactAPI/services/vNN.0` removed (so `/skills/*` matches
//! every version); other paths (`/auth/token`, `/dfo/3.0/...`) are matched as sent. `*`
//! matches within one segment, `**` any number of segments. Matching ignores ASCII case.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::reltime::RelTime;

/// The API family a route belongs to (the families a CXone role grants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiFamily {
    /// Discovery and the token endpoint.
    Auth,
    /// Admin API: skills, skill agents, API versions, points of contact, signal, contact end.
    Admin,
    /// Real-Time Data API: skill activity, agent states, active contacts.
    Realtime,
    /// Reporting API: contact details, state history, custom data, completed contacts.
    Reporting,
    /// Patron API: work items.
    Patron,
    /// Digital Engagement (DFO).
    Digital,
}

impl ApiFamily {
    /// The name CXone uses for the family.
    pub fn title(self) -> &'static str {
        match self {
            ApiFamily::Auth => "Authentication",
            ApiFamily::Admin => "Admin API",
            ApiFamily::Realtime => "Real-Time Data API",
            ApiFamily::Reporting => "Reporting API",
            ApiFamily::Patron => "Patron API",
            ApiFamily::Digital => "Digital Engagement API",
        }
    }
}

/// Which requests a rule applies to; every given field must match.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultMatch {
    /// HTTP method (any when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// Path glob (any when absent).
    #[serde(default)]
    pub path: Option<String>,
    /// API family (any when absent).
    #[serde(default)]
    pub family: Option<ApiFamily>,
}

/// `Retry-After` sent with an injected status.
#[derive(Debug, Clone, PartialEq)]
pub enum RetryAfter {
    /// `Retry-After: N` (seconds).
    Seconds(u64),
    /// An HTTP date this many seconds after the response (written `+5s`).
    DateIn(f64),
    /// A fixed HTTP date, sent verbatim.
    Date(String),
}

impl RetryAfter {
    /// The header value at `now`.
    pub fn header(&self, now: SystemTime) -> String {
        match self {
            RetryAfter::Seconds(n) => n.to_string(),
            RetryAfter::DateIn(s) => {
                httpdate::fmt_http_date(now + Duration::from_millis((s.max(0.0) * 1000.0) as u64))
            }
            RetryAfter::Date(d) => d.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for RetryAfter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RetryAfter, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => n
                .as_u64()
                .map(RetryAfter::Seconds)
                .ok_or_else(|| D::Error::custom("retry_after seconds must be a whole number")),
            serde_json::Value::String(s) => {
                if httpdate::parse_http_date(&s).is_ok() {
                    Ok(RetryAfter::Date(s))
                } else {
                    match RelTime::parse(&s) {
                        Ok(RelTime::Offset(secs)) if secs >= 0.0 => Ok(RetryAfter::DateIn(secs)),
                        _ => Err(D::Error::custom(format!(
                            "retry_after {s:?}: use seconds (30), a date that far ahead (\"+30s\"), or an HTTP date"
                        ))),
                    }
                }
            }
            _ => Err(D::Error::custom(
                "retry_after: use seconds (30), \"+30s\" or an HTTP date",
            )),
        }
    }
}

impl Serialize for RetryAfter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RetryAfter::Seconds(n) => s.serialize_u64(*n),
            RetryAfter::DateIn(secs) => s.serialize_str(&format!("+{secs}s")),
            RetryAfter::Date(d) => s.serialize_str(d),
        }
    }
}

/// One fault rule, as written under `faults:` or passed to [`crate::sandbox::Sandbox::add_fault`].
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// Which requests it applies to.
    #[serde(rename = "match", default)]
    pub matcher: FaultMatch,
    /// Statuses answered instead of the real response, in order, one per matching request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<u16>,
    /// `Retry-After` header sent with those statuses.
    #[serde(default)]
    pub retry_after: Option<RetryAfter>,
    /// Milliseconds added before answering.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// How many matching requests the rule affects (default: one per status, else unlimited).
    #[serde(default)]
    pub times: Option<u32>,
    /// Answer 403 with the permission error of the request's API family (after the token check).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deny: bool,
}

impl FaultRule {
    /// `statuses` on `method` `path` (then normal).
    pub fn statuses(method: &str, path: &str, statuses: &[u16]) -> FaultRule {
        FaultRule {
            matcher: FaultMatch {
                method: Some(method.into()),
                path: Some(path.into()),
                family: None,
            },
            statuses: statuses.to_vec(),
            ..FaultRule::default()
        }
    }

    /// `latency_ms` added to every request matching `path` (`**` for all).
    pub fn latency(path: &str, latency_ms: u64) -> FaultRule {
        FaultRule {
            matcher: FaultMatch {
                path: Some(path.into()),
                ..FaultMatch::default()
            },
            latency_ms: Some(latency_ms),
            ..FaultRule::default()
        }
    }

    /// 403 on every request of `family`.
    pub fn deny(family: ApiFamily) -> FaultRule {
        FaultRule {
            matcher: FaultMatch {
                family: Some(family),
                ..FaultMatch::default()
            },
            deny: true,
            ..FaultRule::default()
        }
    }

    /// Builder: add a `Retry-After`.
    pub fn with_retry_after(mut self, retry_after: RetryAfter) -> FaultRule {
        self.retry_after = Some(retry_after);
        self
    }

    /// Say what is wrong with the rule, as `key: reason`.
    pub fn check(&self) -> Result<(), String> {
        if self.statuses.is_empty() && self.latency_ms.is_none() && !self.deny {
            return Err(
                "statuses: the rule does nothing; give statuses, latency_ms or deny".into(),
            );
        }
        if let Some(s) = self.statuses.iter().find(|s| !(100..=599).contains(*s)) {
            return Err(format!("statuses: {s} is not an HTTP status"));
        }
        if self.deny && !self.statuses.is_empty() {
            return Err("deny: a rule either denies or answers statuses, not both".into());
        }
        if self.retry_after.is_some() && self.statuses.is_empty() {
            return Err("retry_after: needs statuses (e.g. [429])".into());
        }
        if let Some(m) = &self.matcher.method {
            let known = ["GET", "POST", "PUT", "PATCH", "DELETE"];
            if !known.iter().any(|k| k.eq_ignore_ascii_case(m)) {
                return Err(format!("match.method: unknown method {m:?}"));
            }
        }
        if let Some(p) = &self.matcher.path
            && !p.starts_with('/')
            && !p.starts_with("**")
        {
            return Err(format!("match.path: {p:?} must start with / (or be **)"));
        }
        Ok(())
    }

    fn matches(&self, method: &str, path: &str, family: ApiFamily) -> bool {
        let m = &self.matcher;
        m.method
            .as_ref()
            .is_none_or(|x| x.eq_ignore_ascii_case(method))
            && m.family.is_none_or(|f| f == family)
            && m.path.as_ref().is_none_or(|g| glob(g, path))
    }

    fn limit(&self) -> u32 {
        self.times.unwrap_or(if self.statuses.is_empty() {
            u32::MAX
        } else {
            u32::try_from(self.statuses.len()).unwrap_or(u32::MAX)
        })
    }
}

/// A rule and how many requests it has affected.
#[derive(Debug, Clone)]
pub struct ActiveFault {
    /// The rule.
    pub rule: FaultRule,
    /// Requests affected so far.
    pub used: u32,
}

/// What the rules decided for one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decision {
    /// Milliseconds to wait before answering (sum over matching rules).
    pub latency_ms: u64,
    /// Status to answer instead, with its `Retry-After` value.
    pub status: Option<(u16, Option<String>)>,
    /// Answer 403 after the token check.
    pub deny: bool,
}

/// Apply `faults` in order to one request; consumes statuses and `times`.
pub fn decide(
    faults: &mut [ActiveFault],
    method: &str,
    path: &str,
    family: ApiFamily,
    now: SystemTime,
) -> Decision {
    let mut d = Decision::default();
    for f in faults.iter_mut() {
        if f.used >= f.rule.limit() || !f.rule.matches(method, path, family) {
            continue;
        }
        if !f.rule.statuses.is_empty() {
            if d.status.is_some() {
                continue;
            }
            let i = (f.used as usize).min(f.rule.statuses.len() - 1);
            let retry = f.rule.retry_after.as_ref().map(|r| r.header(now));
            d.status = Some((f.rule.statuses[i], retry));
        }
        d.latency_ms = d.latency_ms.saturating_add(f.rule.latency_ms.unwrap_or(0));
        d.deny |= f.rule.deny;
        f.used += 1;
    }
    d
}

/// Segment glob: `*` within a segment, `**` across segments, ASCII case ignored.
pub fn glob(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let s: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match_segments(&p, &s)
}

fn match_segments(p: &[&str], s: &[&str]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some((&"**", rest)) => (0..=s.len()).any(|i| match_segments(rest, &s[i..])),
        Some((first, rest)) => match s.split_first() {
            Some((seg, srest)) => match_one(first, seg) && match_segments(rest, srest),
            None => false,
        },
    }
}

fn match_one(pattern: &str, text: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let text = text.to_ascii_lowercase();
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("/skills/*/activity", "/skills/4201/activity"));
        assert!(!glob("/skills/*/activity", "/skills/activity"));
        assert!(glob("/skills/**", "/skills"));
        assert!(glob("/skills/**", "/skills/1/agents"));
        assert!(glob("**", "/auth/token"));
        assert!(glob(
            "/interactions/*/signal",
            "/Interactions/5823201/Signal"
        ));
        assert!(glob(
            "/dfo/3.0/contacts/*/mess*",
            "/dfo/3.0/contacts/9/messages"
        ));
        assert!(!glob("/contacts/*", "/contacts/1/end"));
        assert!(glob("/a*b*c", "/aXXbYYc"));
        assert!(!glob("/ab*ba", "/aba"));
    }

    fn run(faults: &mut [ActiveFault], method: &str, path: &str) -> Decision {
        decide(
            faults,
            method,
            path,
            ApiFamily::Admin,
            SystemTime::UNIX_EPOCH,
        )
    }

    #[test]
    fn status_sequence_then_normal() {
        let mut f = vec![ActiveFault {
            rule: FaultRule::statuses("POST", "/interactions/*/signal", &[503, 500]),
            used: 0,
        }];
        assert_eq!(run(&mut f, "GET", "/interactions/1/signal").status, None);
        assert_eq!(
            run(&mut f, "POST", "/interactions/1/signal").status,
            Some((503, None))
        );
        assert_eq!(
            run(&mut f, "POST", "/interactions/1/signal").status,
            Some((500, None))
        );
        assert_eq!(run(&mut f, "POST", "/interactions/1/signal").status, None);
    }

    #[test]
    fn times_repeats_the_last_status_and_latency_adds_up() {
        let mut rule = FaultRule::statuses("GET", "/skills", &[429]);
        rule.times = Some(2);
        rule.retry_after = Some(RetryAfter::Seconds(3));
        let mut f = vec![
            ActiveFault { rule, used: 0 },
            ActiveFault {
                rule: FaultRule::latency("**", 20),
                used: 0,
            },
            ActiveFault {
                rule: FaultRule::latency("/skills", 30),
                used: 0,
            },
        ];
        let d = run(&mut f, "GET", "/skills");
        assert_eq!(d.status, Some((429, Some("3".into()))));
        assert_eq!(d.latency_ms, 50);
        assert_eq!(run(&mut f, "GET", "/skills").status.map(|s| s.0), Some(429));
        assert_eq!(run(&mut f, "GET", "/skills").status, None);
    }

    #[test]
    fn retry_after_forms() {
        let r: RetryAfter = serde_yaml::from_str("7").unwrap();
        assert_eq!(r, RetryAfter::Seconds(7));
        let r: RetryAfter = serde_yaml::from_str("'+2s'").unwrap();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let when = httpdate::parse_http_date(&r.header(now)).unwrap();
        assert_eq!(when, now + Duration::from_secs(2));
        let r: RetryAfter = serde_yaml::from_str("'Wed, 21 Oct 2015 07:28:00 GMT'").unwrap();
        assert_eq!(r.header(now), "Wed, 21 Oct 2015 07:28:00 GMT");
        assert!(serde_yaml::from_str::<RetryAfter>("'soon'").is_err());
    }

    #[test]
    fn checks_reject_useless_or_contradictory_rules() {
        assert!(FaultRule::default().check().is_err());
        let mut r = FaultRule::deny(ApiFamily::Realtime);
        assert!(r.check().is_ok());
        r.statuses = vec![500];
        assert!(r.check().is_err());
        assert!(FaultRule::statuses("GET", "/x", &[42]).check().is_err());
        assert!(FaultRule::statuses("FETCH", "/x", &[500]).check().is_err());
        assert!(FaultRule::statuses("GET", "x", &[500]).check().is_err());
    }
}
