//! Support bundles: one JSON file holding what was traced, the redacted API exchanges it used,
//! the rules it was judged with, and the report, so the trace can be re-run offline anywhere.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Target;
use super::redact::{self, Counts};
use crate::checks::time::{format_time, parse_time};
use crate::config::rules::{QueueRules, Rules, TraceRules};
use crate::cxone::record::Exchange;
use crate::error::usage;
use crate::report::Report;
use crate::report::output::{Access, write_atomic_as};

/// The schema id of a bundle file.
pub const SCHEMA: &str = "cxone-diag/bundle/v1";

/// The tool that wrote a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    /// `cxone-diag`.
    pub name: String,
    /// Its version.
    pub version: String,
}

impl Tool {
    /// This build.
    pub fn this() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// The rules the trace was judged with (replayed as saved, so the report comes out the same).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BundleRules {
    /// `rules.queue`.
    pub queue: QueueRules,
    /// `rules.trace`.
    pub trace: TraceRules,
}

impl BundleRules {
    /// The parts of `rules` a trace reads.
    pub fn of(rules: &Rules) -> Self {
        BundleRules {
            queue: rules.queue.clone(),
            trace: rules.trace.clone(),
        }
    }

    /// Full rules for the checks (everything else at its default).
    pub fn to_rules(&self) -> Rules {
        Rules {
            queue: self.queue.clone(),
            trace: self.trace.clone(),
            ..Rules::default()
        }
    }
}

/// What was redacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Redaction {
    /// The policy applied ([`redact::POLICY`], documented in README).
    pub policy: String,
    /// What every redacted value became.
    pub replacement: String,
    /// Values replaced, per rule.
    pub counts: Counts,
}

/// A support bundle (`--save-bundle` writes one, `--bundle` reads one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The tool that wrote it.
    pub tool: Tool,
    /// The clock of the traced run (RFC 3339 UTC); the replay judges at this time.
    pub captured_at: String,
    /// What was traced: mode and arguments.
    pub trace: Target,
    /// Rules the trace was judged with.
    pub rules: BundleRules,
    /// What was redacted.
    pub redaction: Redaction,
    /// Every API exchange the trace made, in the order answered, redacted. No login or
    /// discovery call is ever recorded, and no header.
    pub exchanges: Vec<Exchange>,
    /// The report of the trace, as analysed from these exchanges.
    pub report: Report,
}

impl Bundle {
    /// A bundle of `exchanges` (redacted here) for `target`.
    pub fn new(
        target: Target,
        rules: &Rules,
        now: DateTime<Utc>,
        mut exchanges: Vec<Exchange>,
    ) -> Bundle {
        let counts = redact::redact_exchanges(&mut exchanges);
        Bundle {
            schema: SCHEMA.into(),
            tool: Tool::this(),
            captured_at: format_time(now),
            trace: target,
            rules: BundleRules::of(rules),
            redaction: Redaction {
                policy: redact::POLICY.into(),
                replacement: redact::REDACTED.into(),
                counts,
            },
            exchanges,
            report: Report::new("trace-conversation"),
        }
    }

    /// The time the replay judges at.
    pub fn now(&self) -> Option<DateTime<Utc>> {
        parse_time(&self.captured_at)
    }

    /// Read and check a bundle file; any problem is a usage error (exit 2) naming the file.
    pub fn load(path: &Path) -> anyhow::Result<Bundle> {
        let shown = path.display();
        let text = crate::config::files::read_text(path, crate::config::files::MAX_BUNDLE_BYTES).map_err(|e| {
            usage(format!(
                "cannot read the bundle {shown}: {e}\n  hint: give the file written by `trace-conversation --save-bundle FILE`"
            ))
        })?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            usage(format!(
                "the bundle {shown} is not valid JSON ({e})\n  hint: the file may be cut short or edited; save it again with --save-bundle"
            ))
        })?;
        let schema = value.get("schema").and_then(Value::as_str);
        if schema != Some(SCHEMA) {
            let found = schema.map_or("no schema".to_string(), |s| format!("schema {s:?}"));
            return Err(usage(format!(
                "{shown} is not a cxone-diag bundle: it has {found}, this version reads {SCHEMA}\n  hint: give the file written by `trace-conversation --save-bundle FILE`"
            )));
        }
        let bundle: Bundle = serde_json::from_value(value).map_err(|e| {
            usage(format!(
                "the bundle {shown} is malformed: {e}\n  hint: save it again with --save-bundle"
            ))
        })?;
        if bundle.now().is_none() {
            return Err(usage(format!(
                "the bundle {shown} is malformed: capturedAt {:?} is not an RFC 3339 time",
                bundle.captured_at
            )));
        }
        Ok(bundle)
    }

    /// The bundle as pretty JSON text.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        text
    }
}

/// Check, before any request, that a bundle can be written at `path` (`--save-bundle`).
pub fn check_save_path(path: &Path) -> anyhow::Result<()> {
    crate::report::destination::check(path, "--save-bundle ", "bundle.json")
}

/// Write a bundle's text to `path` atomically, readable by its owner only (mode 0600): a
/// bundle may hold customer data even redacted.
pub fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    write_atomic_as(path, text.as_bytes(), Access::Private)
}

/// `report` as JSON without its run time, for comparing a replay with the saved report.
pub fn comparable(report: &Report) -> Value {
    let mut v = serde_json::to_value(report).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.remove("elapsed_ms");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        let now = parse_time("2026-05-01T12:00:00Z").unwrap();
        let b = Bundle::new(
            Target::Contact {
                contact_id: "5823114".into(),
            },
            &Rules::default(),
            now,
            Vec::new(),
        );
        let text = b.to_json();
        assert!(
            text.contains("\"schema\": \"cxone-diag/bundle/v1\""),
            "{text}"
        );
        assert!(text.contains("\"mode\": \"contact\""), "{text}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, &text).unwrap();
        let back = Bundle::load(&path).unwrap();
        assert_eq!(back, b);
        assert_eq!(back.now(), Some(now));
    }

    #[test]
    fn bad_files_are_usage_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("missing.json", None),
            ("cut.json", Some("{\"schema\": \"cxone-diag/bu")),
            ("other.json", Some("{\"schema\": \"cxone-diag/report/v1\"}")),
            (
                "shape.json",
                Some("{\"schema\": \"cxone-diag/bundle/v1\", \"trace\": 1}"),
            ),
        ];
        for (name, text) in cases {
            let path = dir.path().join(name);
            if let Some(text) = text {
                std::fs::write(&path, text).unwrap();
            }
            let err = Bundle::load(&path).unwrap_err();
            assert!(crate::error::is_usage(&err), "{name}: {err:#}");
            assert!(format!("{err:#}").contains(name), "{name}: {err:#}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn bundle_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        check_save_path(&path).unwrap();
        write_file(&path, "{}").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let err = check_save_path(dir.path()).unwrap_err();
        assert!(crate::error::is_usage(&err), "{err:#}");
    }

    #[test]
    fn comparison_ignores_the_run_time() {
        let mut a = Report::new("trace-conversation");
        let b = a.clone();
        a.elapsed_ms = 99;
        assert_eq!(comparable(&a), comparable(&b));
    }
}
