//! The smoke suite file: steps of every kind, parsed strictly so a typo is an error naming its line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::usage;

/// A whole suite file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    /// Shown in the report and the JUnit suite name.
    #[serde(default)]
    pub name: Option<String>,
    /// The steps, run in order.
    pub steps: Vec<Step>,
}

/// One step: a name and exactly one action.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RawStep")]
pub struct Step {
    /// Shown before every subject of the step; defaults to the action and its target.
    pub name: String,
    /// What to run.
    pub action: Action,
}

/// What a step runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `validate-payload` over these paths (relative to the suite file), optionally all of one kind.
    Validate {
        /// Files or directories.
        paths: Vec<PathBuf>,
        /// Every payload must be of this kind (`validate-payload --kind`).
        kind: Option<String>,
    },
    /// `queue-health` for these skills, or every skill.
    QueueHealth {
        /// Skill ids or names; empty with `all`.
        skills: Vec<String>,
        /// Every skill on the tenant.
        all: bool,
        /// Media filter (`phone`, `chat`, `email`, `workitem`, `digital`).
        media: Option<String>,
    },
    /// `trace-conversation` of one contact or digital case, with the expected diagnosis.
    Trace {
        /// ACD contact id, or the case number with `digital`.
        id: String,
        /// Trace a digital case.
        digital: bool,
        /// The diagnosis the contact must get (e.g. `handed-over`).
        expect: Option<String>,
    },
    /// `simulate-handoff` rehearsal.
    Simulate(SimulateSpec),
}

/// A rehearsal's settings (the `simulate-handoff` flags, snake_case).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimulateSpec {
    /// Payload file (relative to the suite file).
    pub payload: Option<PathBuf>,
    /// `signal`, `work-item` or `digital`.
    pub via: Option<String>,
    /// Contact that receives the signal.
    #[serde(deserialize_with = "opt_id")]
    pub contact_id: Option<String>,
    /// Point of contact for a work item.
    pub point_of_contact: Option<String>,
    /// Digital channel id.
    pub channel_id: Option<String>,
    /// Expected skill.
    #[serde(deserialize_with = "opt_id")]
    pub skill: Option<String>,
    /// Statuses injected on the handover call (sandbox only), e.g. `503,503`.
    pub inject: Option<String>,
    /// Seconds to wait for the contact to queue.
    pub verify_timeout: Option<u64>,
    /// Send real requests with the profile (needs allow_writes and a non-production profile).
    pub live: bool,
    /// Confirm a live rehearsal (required for `live: true` when stdin is not a terminal, as `--yes`).
    pub yes: bool,
    /// Leave the contacts the rehearsal created.
    pub keep: bool,
    /// Go on past an invalid payload or an ineligible conversation.
    pub force: bool,
}

/// The suite file as written; turned into a [`Step`] with exactly one action.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    name: Option<String>,
    validate: Option<OneOrMany>,
    kind: Option<String>,
    #[serde(rename = "queue-health")]
    queue_health: Option<OneOrMany>,
    media: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    trace: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    digital: Option<String>,
    expect: Option<String>,
    simulate: Option<SimulateSpec>,
}

/// A scalar or a list of scalars (numbers are kept as text: skill ids).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Scalar),
    Many(Vec<Scalar>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Number(u64),
}

impl Scalar {
    fn text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Number(n) => n.to_string(),
        }
    }
}

impl OneOrMany {
    fn texts(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.text()],
            OneOrMany::Many(list) => list.into_iter().map(Scalar::text).collect(),
        }
    }
}

fn opt_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Scalar>::deserialize(d)?.map(Scalar::text))
}

const ACTIONS: &str = "validate, queue-health, trace, digital, simulate";

impl TryFrom<RawStep> for Step {
    type Error = String;

    fn try_from(raw: RawStep) -> Result<Step, String> {
        let present: Vec<&str> = [
            ("validate", raw.validate.is_some()),
            ("queue-health", raw.queue_health.is_some()),
            ("trace", raw.trace.is_some()),
            ("digital", raw.digital.is_some()),
            ("simulate", raw.simulate.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, on)| on.then_some(k))
        .collect();
        let action = match present.as_slice() {
            [] => return Err(format!("a step needs one action: {ACTIONS}")),
            [_] => present[0],
            many => {
                return Err(format!(
                    "a step has one action, this one has {}: split it into several steps",
                    many.join(" and ")
                ));
            }
        };
        let misplaced = |key: &str, allowed: &[&str]| -> Result<(), String> {
            if allowed.contains(&action) {
                Ok(())
            } else {
                Err(format!(
                    "`{key}` does not go with `{action}` (only with {})",
                    allowed.join(" or ")
                ))
            }
        };
        if raw.kind.is_some() {
            misplaced("kind", &["validate"])?;
        }
        if raw.media.is_some() {
            misplaced("media", &["queue-health"])?;
        }
        if raw.expect.is_some() {
            misplaced("expect", &["trace", "digital"])?;
        }
        let (label, action) = match action {
            "validate" => {
                let paths: Vec<PathBuf> = raw
                    .validate
                    .map(OneOrMany::texts)
                    .unwrap_or_default()
                    .into_iter()
                    .map(PathBuf::from)
                    .collect();
                if paths.is_empty() {
                    return Err("`validate` needs at least one path".into());
                }
                let label = format!(
                    "validate {}",
                    paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                (
                    label,
                    Action::Validate {
                        paths,
                        kind: raw.kind,
                    },
                )
            }
            "queue-health" => {
                let skills = raw.queue_health.map(OneOrMany::texts).unwrap_or_default();
                let all = skills.len() == 1 && skills[0].eq_ignore_ascii_case("all");
                if skills.is_empty() {
                    return Err("`queue-health` needs skill ids or names, or `all`".into());
                }
                let label = format!("queue-health {}", skills.join(" "));
                let skills = if all { Vec::new() } else { skills };
                (
                    label,
                    Action::QueueHealth {
                        skills,
                        all,
                        media: raw.media,
                    },
                )
            }
            "trace" | "digital" => {
                let digital = action == "digital";
                let id = if digital { raw.digital } else { raw.trace }.unwrap_or_default();
                let label = if digital {
                    format!("trace digital case {id}")
                } else {
                    format!("trace contact {id}")
                };
                (
                    label,
                    Action::Trace {
                        id,
                        digital,
                        expect: raw.expect,
                    },
                )
            }
            _ => {
                let spec = raw.simulate.unwrap_or_default();
                let label = format!(
                    "simulate-handoff via {}",
                    spec.via.as_deref().unwrap_or("signal")
                );
                (label, Action::Simulate(spec))
            }
        };
        Ok(Step {
            name: raw.name.unwrap_or(label),
            action,
        })
    }
}

/// Parse a suite; `origin` names the file in errors (which carry serde_yaml's line and column).
pub fn parse(text: &str, origin: &str) -> anyhow::Result<Suite> {
    let suite: Suite = serde_yaml::from_str(text).map_err(|e| {
        usage(format!(
            "suite {origin} is not valid: {e}\n  see examples/smoke.yaml for every step kind and its keys"
        ))
    })?;
    if suite.steps.is_empty() {
        return Err(usage(format!(
            "suite {origin} has no steps\n  add at least one step (see examples/smoke.yaml)"
        )));
    }
    Ok(suite)
}

/// Read and parse a suite file; a path inside it is relative to the file's folder.
pub fn load(path: &Path) -> anyhow::Result<(Suite, PathBuf)> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        usage(format!(
            "cannot read suite file {}: {e}\n  pass an existing YAML file",
            path.display()
        ))
    })?;
    let suite = parse(&text, &path.display().to_string())?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((suite, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
name: demo
steps:
  - validate: payloads/
    kind: cognigy-signal
  - queue-health: [4201, Billing Voice]
    media: phone
  - queue-health: all
  - trace: 5823110
    expect: handed-over
  - digital: 1042
  - name: rehearse
    simulate: {via: work-item, point_of_contact: Callback WorkItem, inject: '503,503'}
";

    #[test]
    fn every_step_kind_parses() {
        let suite = parse(GOOD, "s.yaml").unwrap();
        assert_eq!(suite.name.as_deref(), Some("demo"));
        assert_eq!(suite.steps.len(), 6);
        assert_eq!(
            suite.steps[0].action,
            Action::Validate {
                paths: vec!["payloads/".into()],
                kind: Some("cognigy-signal".into())
            }
        );
        assert_eq!(
            suite.steps[1].action,
            Action::QueueHealth {
                skills: vec!["4201".into(), "Billing Voice".into()],
                all: false,
                media: Some("phone".into())
            }
        );
        assert_eq!(
            suite.steps[2].action,
            Action::QueueHealth {
                skills: vec![],
                all: true,
                media: None
            }
        );
        assert_eq!(
            suite.steps[3].action,
            Action::Trace {
                id: "5823110".into(),
                digital: false,
                expect: Some("handed-over".into())
            }
        );
        assert_eq!(suite.steps[3].name, "trace contact 5823110");
        assert!(matches!(
            &suite.steps[4].action,
            Action::Trace { digital: true, .. }
        ));
        assert_eq!(suite.steps[5].name, "rehearse");
        let Action::Simulate(spec) = &suite.steps[5].action else {
            panic!("not a simulate step")
        };
        assert_eq!(spec.inject.as_deref(), Some("503,503"));
    }

    fn error(text: &str) -> String {
        let err = parse(text, "s.yaml").unwrap_err();
        assert!(crate::error::is_usage(&err));
        format!("{err:#}")
    }

    #[test]
    fn unknown_keys_and_steps_name_the_line() {
        let e = error("steps:\n  - trace: 1\n  - qeue-health: [1]\n");
        assert!(
            e.contains("unknown field `qeue-health`") && e.contains("line 3"),
            "{e}"
        );
        let e = error("steps:\n  - trace: 1\n    simulate: {}\n");
        assert!(
            e.contains("trace and simulate") && e.contains("line 2"),
            "{e}"
        );
        let e = error("steps:\n  - name: nothing\n");
        assert!(
            e.contains("needs one action") && e.contains("line 2"),
            "{e}"
        );
        let e = error("stepz: []\n");
        assert!(e.contains("unknown field `stepz`"), "{e}");
        let e = error("steps:\n  - simulate: {via: signal, contactid: 1}\n");
        assert!(e.contains("unknown field `contactid`"), "{e}");
        let e = error("steps:\n  - trace: 1\n    media: phone\n");
        assert!(e.contains("`media` does not go with `trace`"), "{e}");
        assert!(error("steps: []\n").contains("no steps"));
    }
}
