//! Finding the skills to judge: `SKILL` arguments by id or name, and the `--media` filter.

use std::fmt;

use super::codes;
use crate::cxone::models::Skill;
use crate::report::{Finding, Subject};

/// A `--media` value and its CXone media type id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Media {
    /// Phone call (media type 4)
    #[value(alias = "voice")]
    Phone,
    /// Chat (media type 3)
    Chat,
    /// Email (media type 1)
    Email,
    /// Work item (media type 6)
    #[value(name = "workitem", alias = "work-item", alias = "work_item")]
    WorkItem,
    /// Digital (media type 9)
    Digital,
}

impl Media {
    /// Parse `phone`, `chat`, `email`, `workitem` (or `work-item`), `digital`, case-insensitively.
    /// (The names `--media` takes, with its aliases: one table, the `ValueEnum` derive.)
    pub fn parse(name: &str) -> Option<Media> {
        <Media as clap::ValueEnum>::from_str(name.trim(), true).ok()
    }

    /// The CXone `mediaTypeId` (also the `mediaTypeId=` query parameter of `GET /skills`).
    pub fn id(self) -> u32 {
        match self {
            Media::Phone => 4,
            Media::Chat => 3,
            Media::Email => 1,
            Media::WorkItem => 6,
            Media::Digital => 9,
        }
    }

    /// True when `skill` has this media type.
    pub fn matches(self, skill: &Skill) -> bool {
        skill.media_type_id == Some(f64::from(self.id()))
    }
}

/// The CXone name of a media type id (1 Email, 3 Chat, 4 Phone Call, 5 Voicemail, 6 Work Item, 9 Digital).
pub fn media_type_name(id: f64) -> Option<&'static str> {
    match super::time::whole_signed(id) {
        1 => Some("Email"),
        3 => Some("Chat"),
        4 => Some("Phone Call"),
        5 => Some("Voicemail"),
        6 => Some("Work Item"),
        9 => Some("Digital"),
        _ => None,
    }
}

/// True when a `SKILL` argument is a numeric id (fetch it directly; no list needed).
pub fn is_skill_id(query: &str) -> bool {
    crate::id::Id::is_valid(query.trim())
}

/// Why a `SKILL` argument matched no single skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkillLookupError {
    /// Nothing matched; up to five close matches as `Name (id)`, best first.
    Unknown {
        /// What was asked for.
        query: String,
        /// Close matches.
        suggestions: Vec<String>,
    },
    /// Several skills have this name; each as `Name (id)`.
    Ambiguous {
        /// What was asked for.
        query: String,
        /// Every match.
        matches: Vec<String>,
    },
}

impl fmt::Display for SkillLookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkillLookupError::Unknown { query, suggestions } if suggestions.is_empty() => {
                write!(f, "No skill is named \"{query}\"")
            }
            SkillLookupError::Unknown { query, suggestions } => write!(
                f,
                "No skill is named \"{query}\"; close matches: {}",
                suggestions.join(", ")
            ),
            SkillLookupError::Ambiguous { query, matches } => write!(
                f,
                "{} skills are named \"{query}\": {}",
                matches.len(),
                matches.join(", ")
            ),
        }
    }
}

impl SkillLookupError {
    /// The `fail` subject for this argument (kind `skill`, id = the argument as typed).
    pub fn to_subject(&self) -> Subject {
        let (query, finding) = match self {
            SkillLookupError::Unknown { query, .. } => (
                query,
                Finding::new(&codes::SKILL_NAME_UNKNOWN, self.to_string())
                    .hint("Use the numeric skill id or one of the close matches; `queue-health --all` lists every skill"),
            ),
            SkillLookupError::Ambiguous { query, .. } => (
                query,
                Finding::new(&codes::SKILL_NAME_AMBIGUOUS, self.to_string())
                    .hint("Use the numeric skill id of the skill you mean"),
            ),
        };
        let mut s = Subject::new("skill", query.as_str());
        s.push(finding);
        s.finish();
        s
    }
}

fn describe(skill: &Skill) -> String {
    format!(
        "{} ({})",
        skill.skill_name.as_deref().unwrap_or("unnamed"),
        skill.skill_id.as_deref().unwrap_or("no id")
    )
}

/// Resolve a `SKILL` argument against the tenant's skills: a numeric id matches `skillId`
/// first; otherwise (or when no id matches) the name must match exactly, case-insensitively
/// and ignoring surrounding spaces. No match or several matches is an error value that lists
/// close matches (Jaro-Winkler on lower-cased names, plus names containing the query).
pub fn resolve_skill<'a>(query: &str, skills: &'a [Skill]) -> Result<&'a Skill, SkillLookupError> {
    let q = query.trim();
    if is_skill_id(q)
        && let Some(skill) = skills.iter().find(|s| s.skill_id.as_deref() == Some(q))
    {
        return Ok(skill);
    }
    let lower = q.to_lowercase();
    let matches: Vec<&Skill> = skills
        .iter()
        .filter(|s| {
            s.skill_name
                .as_deref()
                .is_some_and(|n| n.trim().to_lowercase() == lower)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => {
            let mut scored: Vec<(f64, &Skill)> = skills
                .iter()
                .filter_map(|s| {
                    let name = s.skill_name.as_deref()?.trim().to_lowercase();
                    let mut score = strsim::jaro_winkler(&lower, &name);
                    if !lower.is_empty() && (name.contains(&lower) || lower.contains(&name)) {
                        score += 0.2;
                    }
                    (score > 0.8).then_some((score, s))
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            Err(SkillLookupError::Unknown {
                query: q.to_string(),
                suggestions: scored
                    .into_iter()
                    .take(5)
                    .map(|(_, s)| describe(s))
                    .collect(),
            })
        }
        many => Err(SkillLookupError::Ambiguous {
            query: q.to_string(),
            matches: many.iter().map(|s| describe(s)).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;

    fn skill(id: &str, name: &str, media: f64) -> Skill {
        Skill {
            skill_id: Some(id.into()),
            skill_name: Some(name.into()),
            media_type_id: Some(media),
            ..Default::default()
        }
    }

    fn skills() -> Vec<Skill> {
        vec![
            skill("4242", "Billing Voice", 4.0),
            skill("4243", "Billing Chat", 3.0),
            skill("5000", "Support", 4.0),
            skill("5001", "support", 9.0),
            skill("6000", "Sales", 1.0),
        ]
    }

    #[test]
    fn resolves_ids_and_names() {
        let all = skills();
        let cases = [
            ("4242", Some("4242")),
            ("billing voice", Some("4242")),
            ("  BILLING CHAT ", Some("4243")),
            ("sales", Some("6000")),
            ("9999", None),
            ("Billing", None),
            ("support", None),
        ];
        for (query, want) in cases {
            let got = resolve_skill(query, &all)
                .ok()
                .and_then(|s| s.skill_id.as_deref());
            assert_eq!(got, want, "{query}");
        }
    }

    #[test]
    fn unknown_names_suggest_close_matches_and_ambiguity_lists_all() {
        let all = skills();
        let err = resolve_skill("Billing Voise", &all).unwrap_err();
        let SkillLookupError::Unknown { suggestions, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            suggestions.first().map(String::as_str),
            Some("Billing Voice (4242)")
        );
        let subject = err.to_subject();
        assert_eq!(subject.status, Status::Fail);
        assert_eq!(subject.findings[0].code, "skill-name-unknown");
        assert!(subject.findings[0].message.contains("Billing Voice (4242)"));

        let err = resolve_skill("SUPPORT", &all).unwrap_err();
        assert_eq!(
            err,
            SkillLookupError::Ambiguous {
                query: "SUPPORT".into(),
                matches: vec!["Support (5000)".into(), "support (5001)".into()],
            }
        );
        assert_eq!(err.to_subject().findings[0].code, "skill-name-ambiguous");
        let nothing = resolve_skill("zzzzzz", &all).unwrap_err();
        assert_eq!(nothing.to_string(), "No skill is named \"zzzzzz\"");
    }

    #[test]
    fn media_filter_maps_to_cxone_ids() {
        let cases = [
            ("phone", 4),
            ("Chat", 3),
            ("email", 1),
            ("workitem", 6),
            ("work-item", 6),
            ("digital", 9),
        ];
        for (name, id) in cases {
            assert_eq!(Media::parse(name).map(Media::id), Some(id), "{name}");
        }
        assert_eq!(Media::parse("fax"), None);
        let all = skills();
        let phone: Vec<_> = all.iter().filter(|s| Media::Phone.matches(s)).collect();
        assert_eq!(phone.len(), 2);
        assert_eq!(media_type_name(4.0), Some("Phone Call"));
        assert_eq!(media_type_name(2.0), None);
        assert!(is_skill_id(" 4242 ") && !is_skill_id("42a") && !is_skill_id(""));
    }
}
