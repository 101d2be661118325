//! The smoke suite file: steps of every kind, parsed strictly so a typo is an error naming its line.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::lines::step_line;
use crate::error::usage;

/// A whole suite file.
#[derive(Debug, Clone, PartialEq)]
pub struct Suite {
    /// Shown in the report and the JUnit suite name.
    pub name: Option<String>,
    /// The steps, run in order.
    pub steps: Vec<Step>,
    /// The file, as named in errors.
    origin: String,
    /// Its text, to find the line of a step that is wrong.
    text: String,
}

impl Suite {
    /// A usage error (exit 2) about step `index` (0-based): names the file, the step, its
    /// line, what is wrong, and how to fix it.
    pub fn step_error(&self, index: usize, what: &str, hint: &str) -> anyhow::Error {
        let name = self.steps.get(index).map(|s| s.name.as_str());
        step_error(&self.origin, &self.text, index, name, what, hint)
    }
}

fn step_error(
    origin: &str,
    text: &str,
    index: usize,
    name: Option<&str>,
    what: &str,
    hint: &str,
) -> anyhow::Error {
    let name = name.map(|n| format!(" ({n})")).unwrap_or_default();
    let line = step_line(text, index)
        .map(|l| format!(" at line {l}"))
        .unwrap_or_default();
    usage(format!(
        "suite {origin} is not valid: step {}{name}{line}: {what}\n  hint: {hint}",
        index + 1
    ))
}

/// The suite file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuite {
    #[serde(default)]
    name: Option<String>,
    steps: Vec<RawStep>,
}

/// One step: a name and exactly one action.
#[derive(Debug, Clone, PartialEq)]
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

/// A step as written; turned into a [`Step`] with exactly one action.
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
#[derive(Debug)]
enum OneOrMany {
    One(Scalar),
    Many(Vec<Scalar>),
}

/// A text or a number (kept as text).
#[derive(Debug)]
enum Scalar {
    Text(String),
    Number(u64),
}

/// Reads a [`Scalar`] or, with `many`, a list of them; the error says what was expected.
struct ScalarVisitor {
    many: bool,
}

impl<'de> serde::de::Visitor<'de> for ScalarVisitor {
    type Value = OneOrMany;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.many {
            "a text or number, or a list of them"
        } else {
            "a text or a number"
        })
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
        Ok(OneOrMany::One(Scalar::Text(v.to_string())))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<OneOrMany, E> {
        Ok(OneOrMany::One(Scalar::Number(v)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
        if !self.many {
            return Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Seq,
                &self,
            ));
        }
        let mut list = Vec::new();
        while let Some(item) = seq.next_element::<Scalar>()? {
            list.push(item);
        }
        Ok(OneOrMany::Many(list))
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor { many: true })
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(ScalarVisitor { many: false })? {
            OneOrMany::One(s) => Ok(s),
            OneOrMany::Many(_) => Err(serde::de::Error::custom(
                "a list where a text or a number was expected",
            )),
        }
    }
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

/// What is wrong with a step, and how to fix it.
#[derive(Debug)]
struct Bad {
    what: String,
    hint: String,
}

fn bad(what: impl Into<String>, hint: impl Into<String>) -> Bad {
    Bad {
        what: what.into(),
        hint: hint.into(),
    }
}

impl RawStep {
    /// The step with exactly one action, or what is wrong with it.
    fn step(self) -> Result<Step, Bad> {
        let raw = self;
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
            [] => {
                return Err(bad(
                    "a step needs one action",
                    format!("add one of {ACTIONS} (see examples/smoke.yaml)"),
                ));
            }
            [_] => present[0],
            many => {
                return Err(bad(
                    format!("a step has one action, this one has {}", many.join(" and ")),
                    "split it into several steps, one action each",
                ));
            }
        };
        let misplaced = |key: &str, allowed: &[&str]| -> Result<(), Bad> {
            if allowed.contains(&action) {
                Ok(())
            } else {
                Err(bad(
                    format!("`{key}` does not go with `{action}`"),
                    format!(
                        "`{key}` goes only with {}: move it to such a step or drop it",
                        allowed.join(" or ")
                    ),
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
                    return Err(bad(
                        "`validate` needs at least one path",
                        "give a payload file or folder, or a list of them, relative to the suite file",
                    ));
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
                    return Err(bad(
                        "`queue-health` needs skill ids or names, or `all`",
                        "e.g. `queue-health: [4201, Web Chat]` or `queue-health: all`",
                    ));
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

/// Parse a suite; `origin` names the file in errors, which name the line: serde_yaml's line
/// and column for a key or type it refuses, the step's line for a step that is wrong.
pub fn parse(text: &str, origin: &str) -> anyhow::Result<Suite> {
    let raw: RawSuite = serde_yaml::from_str(text).map_err(|e| {
        let message = e.to_string();
        let close = crate::suggest::for_serde_message(&message)
            .map(|hint| format!("\n  hint: {hint}"))
            .unwrap_or_default();
        usage(format!(
            "suite {origin} is not valid: {}{close}\n  hint: see examples/smoke.yaml for every step kind and its keys",
            numbered(&message)
        ))
    })?;
    if raw.steps.is_empty() {
        return Err(usage(format!(
            "suite {origin} has no steps\n  hint: add at least one step (see examples/smoke.yaml)"
        )));
    }
    let mut steps = Vec::with_capacity(raw.steps.len());
    for (index, step) in raw.steps.into_iter().enumerate() {
        let name = step.name.clone();
        steps.push(
            step.step()
                .map_err(|b| step_error(origin, text, index, name.as_deref(), &b.what, &b.hint))?,
        );
    }
    Ok(Suite {
        name: raw.name,
        steps,
        origin: origin.to_string(),
        text: text.to_string(),
    })
}

/// serde_yaml's `steps[1].simulate.via: …` as `step 2, simulate.via: …`, numbered as the other
/// errors are (from 1); anything else as it is.
fn numbered(message: &str) -> String {
    let Some((index, rest)) = message
        .strip_prefix("steps[")
        .and_then(|m| m.split_once(']'))
    else {
        return message.to_string();
    };
    let Ok(index) = index.parse::<usize>() else {
        return message.to_string();
    };
    match rest.strip_prefix('.') {
        Some(key) => format!("step {}, {key}", index + 1),
        None => format!("step {}{rest}", index + 1),
    }
}

/// Read and parse a suite file; a path inside it is relative to the file's folder.
pub fn load(path: &Path) -> anyhow::Result<(Suite, PathBuf)> {
    let text = crate::config::files::read_text(path, crate::config::files::MAX_CONFIG_BYTES)
        .map_err(|e| {
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

    #[test]
    fn every_step_error_names_the_step_its_line_and_a_hint() {
        let e =
            error("name: x\nsteps:\n  - trace: 1\n\n  - trace: 1\n    expect: x\n    kind: y\n");
        assert!(
            e.contains("step 2 at line 5: `kind` does not go with `trace`") && e.contains("hint: "),
            "{e}"
        );
        let e = error("steps:\n  - trace: 1\n  - trace: [1]\n");
        assert!(
            e.starts_with("suite s.yaml is not valid: step 2, trace: invalid type"),
            "{e}"
        );
        assert!(e.contains("line 3"), "{e}");
    }

    #[test]
    fn serde_paths_are_numbered_from_one() {
        assert_eq!(numbered("steps[0]: x at line 2"), "step 1: x at line 2");
        assert_eq!(numbered("steps[9].simulate: x"), "step 10, simulate: x");
        assert_eq!(numbered("unknown field `stepz`"), "unknown field `stepz`");
        assert_eq!(numbered("steps[x]: y"), "steps[x]: y");
    }
}
