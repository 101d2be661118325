//! The audit log of `--audit-log FILE`: one JSON line per step, appended, with no secrets and no
//! customer data (no payload text, no phone numbers, no names): only ids, outcomes and timings.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::error::usage;

/// A run id: `sim-` + the UTC start time + 6 random hex digits, e.g. `sim-20260301T123005Z-3f9a0c`.
pub fn run_id(started: DateTime<Utc>, random: u32) -> String {
    format!(
        "sim-{}-{:06x}",
        started.format("%Y%m%dT%H%M%SZ"),
        random & 0xff_ffff
    )
}

/// One step of one rehearsal, as the audit log records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    /// Rehearsal number (1-based); `None` for the steps before the rehearsals.
    pub rehearsal: Option<u32>,
    /// `payload`, `eligibility`, `preflight`, `handover`, `fallback`, `verify`, `cleanup`.
    pub step: &'a str,
    /// The CXone contact the step acted on, when there is one.
    pub contact_id: Option<&'a str>,
    /// `pass`, `warn`, `fail`, `error`, or `skipped` for a step that did not run.
    pub outcome: &'a str,
    /// Milliseconds the step took.
    pub latency_ms: u64,
}

/// One audit line, keys in this order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Line<'a> {
    ts: String,
    run_id: &'a str,
    mode: &'a str,
    via: &'a str,
    rehearsal: Option<u32>,
    step: &'a str,
    contact_id: Option<&'a str>,
    outcome: &'a str,
    latency_ms: u64,
}

/// The JSON line for `entry` (no trailing newline). Keys, in order: `ts` (UTC, milliseconds),
/// `runId`, `mode` (`offline` | `live`), `via`, `rehearsal`, `step`, `contactId`, `outcome`,
/// `latencyMs`.
pub fn line(ts: DateTime<Utc>, run_id: &str, mode: &str, via: &str, entry: &Entry<'_>) -> String {
    let line = Line {
        ts: ts.to_rfc3339_opts(SecondsFormat::Millis, true),
        run_id,
        mode,
        via,
        rehearsal: entry.rehearsal,
        step: entry.step,
        contact_id: entry.contact_id,
        outcome: entry.outcome,
        latency_ms: entry.latency_ms,
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// Where audit lines go; a disabled log drops them.
#[derive(Debug)]
pub struct Audit {
    file: Option<Mutex<File>>,
    run_id: String,
    mode: &'static str,
    via: &'static str,
    failed: AtomicBool,
    writes_to: Option<String>,
}

impl Audit {
    /// No audit log.
    pub fn disabled(run_id: &str, mode: &'static str, via: &'static str) -> Audit {
        Audit {
            file: None,
            run_id: run_id.to_string(),
            mode,
            via,
            failed: AtomicBool::new(false),
            writes_to: None,
        }
    }

    /// Open `path` for appending (created when missing). A file that cannot be opened is a
    /// usage error (exit 2), raised before any request is sent.
    ///
    /// A new log gets the usual mode of a new file (0666 masked by the umask), like report
    /// files: it holds no secret and no customer data, only ids, outcomes and timings.
    pub fn open(
        path: &Path,
        run_id: &str,
        mode: &'static str,
        via: &'static str,
    ) -> anyhow::Result<Audit> {
        // A directory, a device or a pipe (opening a FIFO would wait for a reader forever).
        use crate::report::destination::{self, Found};
        destination::judge(
            path,
            Found::at(path),
            Found::at(destination::parent_of(path)),
        )
        .map_err(|problem| {
            usage(destination::message(
                path,
                "--audit-log ",
                "audit.jsonl",
                &problem,
            ))
        })?;
        // never through a symbolic link: it could point at any file of the user's
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        crate::report::destination::no_follow(&mut options);
        let file = options
            .open(path)
            .map_err(|e| {
                usage(format!(
                    "cannot open the audit log {} for appending: {e}\n  check the directory exists and is writable, or drop --audit-log",
                    path.display()
                ))
            })?;
        Ok(Audit {
            file: Some(Mutex::new(file)),
            ..Audit::disabled(run_id, mode, via)
        })
    }

    /// Every line of a live run also carries `writesTo`: the full URLs (scheme, host, port,
    /// path) the run writes under, as [`crate::commands::write_guard`] resolved them.
    pub fn writing_to(mut self, urls: &[&str]) -> Audit {
        self.writes_to = serde_json::to_string(urls).ok();
        self
    }

    /// The run id every line carries.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// Append one line (one write, so concurrent rehearsals never interleave within a line).
    /// A write error is reported once on stderr and does not stop the run.
    pub fn record(&self, entry: &Entry<'_>) {
        let Some(file) = &self.file else { return };
        let mut text = line(Utc::now(), &self.run_id, self.mode, self.via, entry);
        if let Some(urls) = &self.writes_to
            && text.ends_with('}')
        {
            text.pop();
            text.push_str(",\"writesTo\":");
            text.push_str(urls);
            text.push('}');
        }
        let mut text = crate::report::sink::scrub(&text).into_owned();
        text.push('\n');
        let mut f = file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = f.write_all(text.as_bytes()).and_then(|()| f.flush())
            && !self.failed.swap(true, Ordering::SeqCst)
        {
            crate::report::sink::eprintln(&format!(
                "warning: could not append to the audit log: {e}"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::Value;

    #[test]
    fn run_ids_carry_the_start_time() {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 12, 30, 5).unwrap();
        assert_eq!(run_id(t, 0x3f9a0c), "sim-20260301T123005Z-3f9a0c");
        assert_eq!(
            run_id(t, 0xffff_ffff).len(),
            "sim-20260301T123005Z-".len() + 6
        );
    }

    #[test]
    fn a_line_has_exactly_the_documented_keys() {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 12, 30, 5).unwrap();
        let text = line(
            t,
            "sim-x",
            "offline",
            "signal",
            &Entry {
                rehearsal: Some(2),
                step: "handover",
                contact_id: Some("5823203"),
                outcome: "pass",
                latency_ms: 12,
            },
        );
        assert!(!text.contains('\n'));
        assert!(text.starts_with("{\"ts\":"), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "contactId",
                "latencyMs",
                "mode",
                "outcome",
                "rehearsal",
                "runId",
                "step",
                "ts",
                "via"
            ]
        );
        assert_eq!(v["ts"], "2026-03-01T12:30:05.000Z");
        assert_eq!(v["rehearsal"], 2);
        assert_eq!(v["contactId"], "5823203");
    }

    #[test]
    fn lines_are_appended_and_an_unopenable_file_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, "earlier\n").unwrap();
        let audit = Audit::open(&path, "sim-1", "offline", "signal").unwrap();
        let entry = Entry {
            rehearsal: None,
            step: "payload",
            contact_id: None,
            outcome: "pass",
            latency_ms: 0,
        };
        audit.record(&entry);
        audit.record(&entry);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.starts_with("earlier\n"));
        let err = Audit::open(dir.path(), "sim-1", "offline", "signal").unwrap_err();
        assert!(crate::error::is_usage(&err));
        Audit::disabled("sim-1", "live", "digital").record(&entry);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_log_gets_the_mode_of_a_new_report_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let probe = dir.path().join("probe");
        File::create(&probe).unwrap();
        let report = dir.path().join("report.json");
        crate::report::output::write_atomic(&report, b"{}").unwrap();
        let path = dir.path().join("audit.jsonl");
        Audit::open(&path, "sim-1", "offline", "signal").unwrap();
        assert_eq!(mode(&path), mode(&probe));
        assert_eq!(mode(&path), mode(&report));
    }
}
