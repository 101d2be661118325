//! Maps a method and path to one sandbox route, its API family, and the path fault globs see.
//!
//! ACD paths live under `/inContactAPI/services/vNN.0/` (any version, prefix in any case);
//! DFO paths under `/dfo/3.0/`; discovery and the token endpoint at the root.

use super::faults::ApiFamily;
use super::http::decode_component;

/// Every route the sandbox serves. Ids are the raw path segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `POST /crm/handoff` (the sandbox's CRM endpoint, not CXone)
    CrmHandoff,
    /// `GET /.well-known/openid-configuration`
    OpenIdConfig,
    /// `GET /.well-known/cxone-configuration?tenantId=`
    CxoneConfig,
    /// `GET /.well-known/jwks`
    Jwks,
    /// `POST /auth/token`
    Token,
    /// `GET /apiversion`
    ApiVersion,
    /// `GET /skills`
    Skills,
    /// `GET /skills/activity`
    SkillsActivity,
    /// `GET /skills/{id}`
    Skill(String),
    /// `GET /skills/{id}/activity`
    SkillActivity(String),
    /// `GET /skills/{id}/agents`
    SkillAgents(String),
    /// `GET /agents/states`
    AgentStates,
    /// `GET /agents/{id}/states`
    AgentState(String),
    /// `GET /agents/{id}/skills`
    AgentSkills(String),
    /// `GET /agents/skills` (every agent's assignments)
    AllAgentSkills,
    /// `GET /contacts/active`
    ContactsActive,
    /// `GET /contacts/completed`
    ContactsCompleted,
    /// `GET /contacts/{id}`
    Contact(String),
    /// `GET /contacts/{id}/state-history`
    ContactStateHistory(String),
    /// `GET /contacts/{id}/custom-data`
    ContactCustomData(String),
    /// `POST /contacts/{id}/end`
    ContactEnd(String),
    /// `GET /contact-state-descriptions`
    ContactStateDescriptions,
    /// `GET /points-of-contact`
    PointsOfContact,
    /// `POST /interactions/{contactId}/signal`
    Signal(String),
    /// `POST /interactions/work-items`
    WorkItems,
    /// `GET /dfo/3.0/contacts/{n}`
    DfoContact(String),
    /// `GET /dfo/3.0/contacts/{n}/messages`
    DfoMessages(String),
    /// `GET /dfo/3.0/channels`
    DfoChannels,
    /// `GET /dfo/3.0/routing-queues`
    DfoRoutingQueues,
    /// `POST /dfo/3.0/channels/{id}/messages`
    DfoChannelMessages(String),
}

/// A resolved request target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The route.
    pub route: Route,
    /// Its API family.
    pub family: ApiFamily,
    /// The path fault globs match: ACD prefix removed, others as sent.
    pub fault_path: String,
    /// Needs a bearer token and `Accept: application/json`.
    pub api: bool,
}

/// Why a request has no route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    /// No such path.
    NotFound,
    /// The path exists with this method only.
    MethodNotAllowed(&'static str),
}

/// Resolve `method` and `path` (no query).
pub fn resolve(method: &str, path: &str) -> Result<Resolved, RouteError> {
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode_component)
        .collect();
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let id = |i: usize| segs[i].clone();
    let get = |route: Route, family: ApiFamily| (route, family, "GET");
    let post = |route: Route, family: ApiFamily| (route, family, "POST");
    use ApiFamily::*;

    let (found, fault_path, api) =
        if l.len() >= 3 && l[0] == "incontactapi" && l[1] == "services" && is_version(l[2]) {
            let rest = &l[3..];
            let found = match rest {
                ["apiversion"] => get(Route::ApiVersion, Admin),
                ["skills"] => get(Route::Skills, Admin),
                ["skills", "activity"] => get(Route::SkillsActivity, Realtime),
                ["skills", _] => get(Route::Skill(id(4)), Admin),
                ["skills", _, "activity"] => get(Route::SkillActivity(id(4)), Realtime),
                ["skills", _, "agents"] => get(Route::SkillAgents(id(4)), Admin),
                ["agents", "states"] => get(Route::AgentStates, Realtime),
                ["agents", "skills"] => get(Route::AllAgentSkills, Admin),
                ["agents", _, "states"] => get(Route::AgentState(id(4)), Realtime),
                ["agents", _, "skills"] => get(Route::AgentSkills(id(4)), Admin),
                ["contacts", "active"] => get(Route::ContactsActive, Realtime),
                ["contacts", "completed"] => get(Route::ContactsCompleted, Reporting),
                ["contacts", _] => get(Route::Contact(id(4)), Reporting),
                ["contacts", _, "state-history"] => {
                    get(Route::ContactStateHistory(id(4)), Reporting)
                }
                ["contacts", _, "custom-data"] => get(Route::ContactCustomData(id(4)), Reporting),
                ["contacts", _, "end"] => post(Route::ContactEnd(id(4)), Admin),
                ["contact-state-descriptions"] => get(Route::ContactStateDescriptions, Admin),
                ["points-of-contact"] => get(Route::PointsOfContact, Admin),
                ["interactions", "work-items"] => post(Route::WorkItems, Patron),
                ["interactions", _, "signal"] => post(Route::Signal(id(4)), Admin),
                _ => return Err(RouteError::NotFound),
            };
            (found, format!("/{}", segs[3..].join("/")), true)
        } else if l.len() >= 2 && l[0] == "dfo" && l[1] == "3.0" {
            let found = match &l[2..] {
                ["contacts", _] => get(Route::DfoContact(id(3)), Digital),
                ["contacts", _, "messages"] => get(Route::DfoMessages(id(3)), Digital),
                ["channels"] => get(Route::DfoChannels, Digital),
                ["routing-queues"] => get(Route::DfoRoutingQueues, Digital),
                ["channels", _, "messages"] => post(Route::DfoChannelMessages(id(3)), Digital),
                _ => return Err(RouteError::NotFound),
            };
            (found, path.to_string(), true)
        } else {
            let found = match l.as_slice() {
                [".well-known", "openid-configuration"] => get(Route::OpenIdConfig, Auth),
                [".well-known", "cxone-configuration"] => get(Route::CxoneConfig, Auth),
                [".well-known", "jwks"] => get(Route::Jwks, Auth),
                ["auth", "token"] => post(Route::Token, Auth),
                ["crm", "handoff"] => post(Route::CrmHandoff, Auth),
                _ => return Err(RouteError::NotFound),
            };
            (found, path.to_string(), false)
        };
    let (route, family, allowed) = found;
    if !method.eq_ignore_ascii_case(allowed) {
        return Err(RouteError::MethodNotAllowed(allowed));
    }
    Ok(Resolved {
        route,
        family,
        fault_path,
        api,
    })
}

/// `v30.0`, `V4.0`, ...
fn is_version(seg: &str) -> bool {
    let Some(rest) = seg.strip_prefix('v') else {
        return false;
    };
    let mut parts = rest.split('.');
    let ok =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acd_prefix_any_version_any_case() {
        let r = resolve("GET", "/inContactAPI/services/v30.0/skills/4201/activity").unwrap();
        assert_eq!(r.route, Route::SkillActivity("4201".into()));
        assert_eq!(r.family, ApiFamily::Realtime);
        assert_eq!(r.fault_path, "/skills/4201/activity");
        let r = resolve("GET", "/incontactapi/services/V23.0/skills/activity").unwrap();
        assert_eq!(r.route, Route::SkillsActivity);
        assert!(resolve("GET", "/inContactAPI/services/latest/skills").is_err());
    }

    #[test]
    fn methods_and_unknown_paths() {
        assert_eq!(
            resolve("GET", "/inContactAPI/services/v30.0/interactions/5/signal"),
            Err(RouteError::MethodNotAllowed("POST"))
        );
        assert_eq!(
            resolve("GET", "/api/v2/routing/queues/1"),
            Err(RouteError::NotFound)
        );
        let r = resolve("POST", "/auth/token").unwrap();
        assert!(!r.api);
        let r = resolve("POST", "/dfo/3.0/channels/byoc_demo/messages").unwrap();
        assert_eq!(r.route, Route::DfoChannelMessages("byoc_demo".into()));
        assert_eq!(r.family, ApiFamily::Digital);
    }

    #[test]
    fn versions() {
        assert!(is_version("v30.0"));
        assert!(is_version("v4.0"));
        assert!(!is_version("v30"));
        assert!(!is_version("v.0"));
        assert!(!is_version("30.0"));
    }
}
