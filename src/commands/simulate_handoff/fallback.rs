//! The fallback step: when the handover call failed, route where `rules.handoff.fallback` (or
//! `--fallback-point-of-contact` / `--fallback-skill`) says, or say what a fallback would need.

use serde_json::{Value, json};

use crate::config::rules::QueueRules;
use crate::cxone::Client;
use crate::cxone::endpoints::WorkItem;
use crate::report::{Finding, Subject};

use super::codes;
use super::handover::{self, Sent};
use super::plan::Request;
use super::preflight;
use super::steps;

/// Where to go when the handover fails (flags win over `rules.handoff.fallback`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Route {
    /// Point of contact (name) to create a work item on.
    pub point_of_contact: Option<String>,
    /// Skill to queue on.
    pub skill: Option<String>,
}

impl Route {
    /// True when neither is set.
    pub fn is_empty(&self) -> bool {
        self.point_of_contact.is_none() && self.skill.is_none()
    }
}

/// How the fallback is sent, decided from the route and the handover mechanism (pure).
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Send this request.
    Send(Request),
    /// Only a skill is set and the handover mechanism cannot target it: judge the skill.
    SkillOnly(String),
    /// Nothing is configured.
    Missing,
}

/// Decide the fallback of a failed `handover`. A point of contact wins (a work item on it); a
/// skill is used directly only by a digital message (`contact.skillId` on a new thread).
pub fn plan(route: &Route, handover: &Request, tag: &str, reason: &str) -> Plan {
    if let Some(poc) = &route.point_of_contact {
        return Plan::Send(Request::WorkItem(WorkItem {
            point_of_contact: poc.clone(),
            work_item_id: Some(format!("cxone-diag-{tag}-fallback")),
            work_item_payload: Some(json!({"reason": reason, "source": "cxone-diag"}).to_string()),
            work_item_type: Some("Fallback".into()),
            from: Some("cxone-diag".into()),
        }));
    }
    match (&route.skill, handover) {
        (Some(skill), Request::Digital { channel_id, body }) => {
            let mut body = body.clone();
            for pointer in ["/idOnExternalPlatform", "/thread/idOnExternalPlatform"] {
                if let Some(Value::String(id)) = body.pointer_mut(pointer) {
                    id.push_str("-fallback");
                }
            }
            if let Value::Object(map) = &mut body {
                let contact = map.entry("contact").or_insert_with(|| json!({}));
                if let Value::Object(c) = contact {
                    c.insert("skillId".into(), Value::String(skill.clone()));
                }
            }
            Plan::Send(Request::Digital {
                channel_id: channel_id.clone(),
                body,
            })
        }
        (Some(skill), _) => Plan::SkillOnly(skill.clone()),
        (None, _) => Plan::Missing,
    }
}

/// The fallback step after a failed handover: the subject, what the fallback created, and
/// whether an error means the run cannot go on.
pub fn run(
    client: &Client,
    plan: &Plan,
    reason: &str,
    rules: &QueueRules,
) -> (Subject, Option<Sent>, bool) {
    let mut s = steps::step(steps::FALLBACK);
    match plan {
        Plan::Missing => {
            s.push(
                Finding::new(
                    &codes::FALLBACK_MISSING,
                    format!("the handover failed ({reason}) and no fallback is configured, so the customer would stay with the bot"),
                )
                .hint("A fallback needs rules.handoff.fallback.point_of_contact (a work-item point of contact whose script requests an agent) or rules.handoff.fallback.skill in the config, or --fallback-point-of-contact NAME / --fallback-skill ID"),
            );
            s.label = Some("none configured".into());
            s.finish();
            (s, None, false)
        }
        Plan::SkillOnly(skill) => {
            s.label = Some(format!("skill {skill}"));
            s.fact("fallbackSkill", skill.as_str());
            let health = match preflight::judge_skill(client, skill, rules) {
                Ok(judged) => {
                    let worst = judged
                        .findings
                        .iter()
                        .max_by_key(|f| f.severity)
                        .map(|f| f.message.clone())
                        .unwrap_or_default();
                    format!(
                        "; its queue-health verdict is {}: {worst}",
                        judged.status.as_str()
                    )
                }
                Err(e) => {
                    s.error(e.finding());
                    s.finish();
                    return (s, None, true);
                }
            };
            s.push(
                Finding::new(
                    &codes::FALLBACK_SKILL_ONLY,
                    format!("the handover failed ({reason}); the fallback skill {skill} cannot be requested from outside CXone: the Studio script's error branch must request an agent on it{health}"),
                )
                .hint("Wire the script's failure branch (OnSignal error, TextBotExchange OnError) to Reqagent on the fallback skill; set rules.handoff.fallback.point_of_contact to let the rehearsal route there itself"),
            );
            s.finish();
            (s, None, false)
        }
        Plan::Send(request) => {
            let shown = request.describe();
            s.label = Some(shown.clone());
            let result = handover::send(client, request);
            let (method, _) = request.method_path("");
            let fatal = match handover::judge(&mut s, &format!("{method} {shown}"), &result) {
                Ok(sent) => {
                    // Re-code the handover's finding as the fallback's.
                    s.findings.clear();
                    let created = sent
                        .created
                        .as_deref()
                        .or(sent.case.as_deref())
                        .map(|c| format!(", contact {c}"))
                        .unwrap_or_default();
                    let attempts = result
                        .as_ref()
                        .map(|c| handover::attempt_lines(&c.attempt_log).join("; "))
                        .unwrap_or_default();
                    s.push(Finding::new(
                        &codes::FALLBACK_ROUTED,
                        format!("the handover failed ({reason}), so the rehearsal routed to the fallback: {shown} was accepted{created} ({attempts})"),
                    ));
                    s.finish();
                    return (s, Some(sent), false);
                }
                Err(fatal) => fatal,
            };
            if !fatal {
                for f in &mut s.findings {
                    if f.code == codes::HANDOVER_FAILED.id {
                        f.code = codes::FALLBACK_FAILED.id.to_string();
                        f.severity = codes::FALLBACK_FAILED.severity;
                        f.message = format!("the fallback failed too: {}", f.message);
                    }
                }
            }
            s.finish();
            (s, None, fatal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal() -> Request {
        Request::Signal {
            contact_id: "1".into(),
            params: vec!["Escalate".into()],
        }
    }

    #[test]
    fn a_point_of_contact_wins_and_gets_a_work_item() {
        let route = Route {
            point_of_contact: Some("Callback WorkItem".into()),
            skill: Some("4201".into()),
        };
        let Plan::Send(Request::WorkItem(w)) = plan(&route, &signal(), "sim-1-2", "500") else {
            panic!()
        };
        assert_eq!(w.point_of_contact, "Callback WorkItem");
        assert_eq!(
            w.work_item_id.as_deref(),
            Some("cxone-diag-sim-1-2-fallback")
        );
        assert!(w.work_item_payload.unwrap().contains("\"reason\":\"500\""));
    }

    #[test]
    fn a_skill_is_used_directly_only_by_digital_messages() {
        let route = Route {
            point_of_contact: None,
            skill: Some("4211".into()),
        };
        assert_eq!(
            plan(&route, &signal(), "t", "r"),
            Plan::SkillOnly("4211".into())
        );
        let digital = Request::Digital {
            channel_id: "byoc_demo".into(),
            body: json!({"idOnExternalPlatform": "m", "thread": {"idOnExternalPlatform": "t"}}),
        };
        let Plan::Send(Request::Digital { body, .. }) = plan(&route, &digital, "t", "r") else {
            panic!()
        };
        assert_eq!(body["contact"]["skillId"], "4211");
        assert_eq!(body["thread"]["idOnExternalPlatform"], "t-fallback");
        assert_eq!(plan(&Route::default(), &signal(), "t", "r"), Plan::Missing);
        assert!(Route::default().is_empty());
    }
}
