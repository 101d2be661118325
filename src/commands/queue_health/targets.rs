//! Which skills a queue-health run checks: `SKILL` arguments resolved by id or name, or every
//! skill of `GET /skills` for `--all`; each skill once.

use std::collections::HashSet;

use crate::checks::skill_lookup::{Media, is_skill_id, resolve_skill};
use crate::cxone::error::ApiError;
use crate::cxone::models::Skill;
use crate::report::Subject;

/// One line of the report to come.
#[derive(Debug, Clone)]
pub enum Target {
    /// A skill to read and judge; `known` is its entry from `GET /skills` when the list was read.
    Skill {
        /// The skill id.
        id: String,
        /// The skill object from the list, so `GET /skills/{id}` is not sent.
        known: Option<Skill>,
    },
    /// An argument that names no single skill (unknown or ambiguous name, or the list could
    /// not be read): its finished subject.
    Unresolved(Subject),
}

/// True when some argument is a name, so `GET /skills` must be read to resolve it.
pub fn needs_list(args: &[String]) -> bool {
    args.iter().any(|a| !is_skill_id(a))
}

/// Resolve `SKILL` arguments in order: ids as given (with their list entry when the list was
/// read), names against `list` (case-insensitive exact match). Repeated arguments, and
/// arguments that resolve to a skill already listed, are dropped.
pub fn from_args(args: &[String], list: Option<&Result<Vec<Skill>, ApiError>>) -> Vec<Target> {
    let skills: Option<Vec<Skill>> = list
        .and_then(|l| l.as_ref().ok())
        .map(|l| l.iter().filter(|s| s.skill_id.is_some()).cloned().collect());
    let mut seen_args = HashSet::new();
    let mut seen_ids = HashSet::new();
    let mut out = Vec::new();
    for arg in args {
        let query = arg.trim();
        if !seen_args.insert(query.to_lowercase()) {
            continue;
        }
        let target = if is_skill_id(query) {
            let known = skills
                .iter()
                .flatten()
                .find(|s| s.skill_id.as_deref() == Some(query))
                .cloned();
            Target::Skill {
                id: query.to_string(),
                known,
            }
        } else {
            match (&skills, list) {
                (Some(skills), _) => match resolve_skill(query, skills) {
                    Ok(skill) => Target::Skill {
                        id: skill.skill_id.clone().unwrap_or_default(),
                        known: Some(skill.clone()),
                    },
                    Err(e) => Target::Unresolved(e.to_subject()),
                },
                (None, Some(Err(e))) => Target::Unresolved(list_failed(query, e)),
                (None, _) => Target::Unresolved(list_failed_unread(query)),
            }
        };
        if let Target::Skill { id, .. } = &target
            && !seen_ids.insert(id.clone())
        {
            continue;
        }
        out.push(target);
    }
    out
}

/// Every skill of the list with an id, of `media` when given, each once, in list order.
pub fn from_list(list: Vec<Skill>, media: Option<Media>) -> Vec<Target> {
    let mut seen = HashSet::new();
    list.into_iter()
        .filter(|s| media.is_none_or(|m| m.matches(s)))
        .filter_map(|s| {
            let id = s.skill_id.clone()?;
            seen.insert(id.clone())
                .then_some(Target::Skill { id, known: Some(s) })
        })
        .collect()
}

/// The `error` subject of a name that could not be looked up because `GET /skills` failed.
fn list_failed(query: &str, err: &ApiError) -> Subject {
    let mut finding = err.finding();
    finding.message = format!(
        "Could not look up the skill named \"{query}\": {}",
        finding.message
    );
    let mut s = Subject::new("skill", query);
    s.error(finding);
    s.finish();
    s
}

/// Defensive: a name with no list to look it up in (not reached: names always read the list).
fn list_failed_unread(query: &str) -> Subject {
    let mut s = Subject::new("skill", query);
    s.error(crate::report::Finding::new(
        &crate::checks::codes::SKILL_UNREADABLE,
        format!("Could not look up the skill named \"{query}\": the skill list was not read"),
    ));
    s.finish();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::error::{ErrorKind, Stage};
    use crate::report::Status;

    fn skill(id: &str, name: &str, media: f64) -> Skill {
        Skill {
            skill_id: Some(id.into()),
            skill_name: Some(name.into()),
            media_type_id: Some(media),
            ..Default::default()
        }
    }

    fn ids(targets: &[Target]) -> Vec<String> {
        targets
            .iter()
            .map(|t| match t {
                Target::Skill { id, known } => {
                    format!("{id}{}", if known.is_some() { "+" } else { "" })
                }
                Target::Unresolved(s) => format!("?{}", s.id),
            })
            .collect()
    }

    #[test]
    fn names_resolve_and_duplicates_are_dropped() {
        let list = Ok(vec![
            skill("4201", "Billing Voice", 4.0),
            skill("4210", "Web Chat", 3.0),
            skill("4300", "Support", 4.0),
            skill("4301", "support", 3.0),
        ]);
        let args: Vec<String> = [
            "4201",
            "billing voice",
            " 4201 ",
            "Web Chat",
            "9999",
            "Suport",
            "SUPPORT",
            "web chat",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert!(needs_list(&args));
        let got = from_args(&args, Some(&list));
        assert_eq!(ids(&got), ["4201+", "4210+", "9999", "?Suport", "?SUPPORT"]);
        let Target::Unresolved(s) = &got[4] else {
            panic!()
        };
        assert_eq!(s.findings[0].code, "skill-name-ambiguous");
        assert_eq!(s.status, Status::Fail);
    }

    #[test]
    fn ids_need_no_list_and_a_failed_list_errors_only_the_names() {
        let args: Vec<String> = vec!["4201".into(), "4202".into()];
        assert!(!needs_list(&args));
        assert_eq!(ids(&from_args(&args, None)), ["4201", "4202"]);
        let mut e = ApiError::new(ErrorKind::Server, Stage::Api, "GET", "https://api/skills");
        e.status = Some(503);
        let list = Err(e);
        let got = from_args(&["4201".into(), "Web Chat".into()], Some(&list));
        assert_eq!(ids(&got), ["4201", "?Web Chat"]);
        let Target::Unresolved(s) = &got[1] else {
            panic!()
        };
        assert_eq!(s.status, Status::Error);
        assert!(
            s.findings[0]
                .message
                .starts_with("Could not look up the skill named \"Web Chat\"")
        );
    }

    #[test]
    fn all_filters_by_media_and_skips_skills_without_ids() {
        let mut nameless = skill("x", "No id", 3.0);
        nameless.skill_id = None;
        let list = vec![
            skill("4201", "Billing Voice", 4.0),
            skill("4210", "Web Chat", 3.0),
            nameless,
            skill("4210", "Web Chat", 3.0),
        ];
        assert_eq!(ids(&from_list(list.clone(), None)), ["4201+", "4210+"]);
        assert_eq!(ids(&from_list(list, Some(Media::Chat))), ["4210+"]);
    }
}
