//! Shared helpers: an isolated home for the binary, a finished run, and the checks every
//! report and every finding must pass.

use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

use cxone_diag::commands::codes::REGISTRY as codes;
use cxone_diag::report::Finding;

pub use crate::common::{Home, in_crate};

/// The config file the binary is pointed at.
const CONFIG: &str = "config.yaml";

/// The robustness tests' use of the shared home: HOME, XDG dirs, the working directory and a
/// config file, with an otherwise empty environment.
impl Home {
    /// A fresh home with an empty config file.
    pub fn new() -> Home {
        Home::with_file(CONFIG, "")
    }

    /// (Re)write the config file the binary is pointed at.
    pub fn config(&self, text: &str) {
        self.write(CONFIG, text);
    }

    /// The binary, with only this home in its environment and `--config` set.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.isolated();
        // These tests keep the XDG config dir at `xdg-config`, not the shared `config`.
        cmd.env("XDG_CONFIG_HOME", self.join("xdg-config"))
            .arg("--config")
            .arg(self.join(CONFIG));
        cmd
    }
}

/// One finished run of the binary.
#[derive(Debug)]
pub struct Run {
    /// What was run, for messages.
    pub what: String,
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    /// Stdout as text.
    pub stdout: String,
    /// Stderr as text.
    pub stderr: String,
}

impl Run {
    /// Run `cmd` (described by `what` in messages).
    pub fn of(mut cmd: Command, what: impl Into<String>) -> Run {
        let out: Output = cmd.output().unwrap();
        Run {
            what: what.into(),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Everything about the run, for an assertion message.
    pub fn dump(&self) -> String {
        format!(
            "{}: exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.what, self.code, self.stdout, self.stderr
        )
    }

    /// The exit code, which must be a documented one, from a run that did not panic.
    pub fn checked_code(&self) -> Result<i32, String> {
        if self.stderr.contains("panicked") || self.stderr.contains("RUST_BACKTRACE") {
            return Err(format!("the binary panicked:\n{}", self.dump()));
        }
        match self.code {
            Some(code @ 0..=3) => Ok(code),
            other => Err(format!(
                "exit {other:?} is not a documented exit code:\n{}",
                self.dump()
            )),
        }
    }

    /// A run with `--output json`: exit 0/1/3 with a valid v1 report of `command` on stdout
    /// (whose summary agrees with the exit code), or exit 2/3 with no report and an `error:`
    /// line on stderr. Returns the report, if any.
    pub fn json_outcome(&self, command: &str) -> Result<Option<Value>, String> {
        let code = self.checked_code()?;
        if self.stdout.trim().is_empty() {
            if code == 0 || code == 1 {
                return Err(format!("exit {code} without a report:\n{}", self.dump()));
            }
            return if has_error_line(&self.stderr) {
                Ok(None)
            } else {
                Err(format!(
                    "exit {code} with no report and no `error:` line on stderr:\n{}",
                    self.dump()
                ))
            };
        }
        let report: Value = serde_json::from_str(&self.stdout)
            .map_err(|e| format!("stdout is not JSON ({e}):\n{}", self.dump()))?;
        check_report(&report, command).map_err(|e| format!("{e}\n{}", self.dump()))?;
        // Exit 0 and 1 follow from the summary. Exit 3 may come with any summary: a run that
        // could not finish (authentication refused on the read, a bundle not written, an
        // interrupt) still prints what it judged.
        let expected = exit_for(&report);
        if (code <= 1 || expected == 3) && code != expected {
            return Err(format!(
                "exit {code}, but the report's summary means exit {expected}:\n{}",
                self.dump()
            ));
        }
        Ok(Some(report))
    }
}

/// A non-empty `error: ...` line (the binary's message for a run it could not do).
pub fn has_error_line(stderr: &str) -> bool {
    stderr.lines().any(|l| {
        l.strip_prefix("error:")
            .is_some_and(|rest| !rest.trim().is_empty())
    })
}

/// RFC 6901: empty, or `/`-separated tokens where `~` is only followed by `0` or `1`.
pub fn is_json_pointer(p: &str) -> bool {
    if !(p.is_empty() || p.starts_with('/')) {
        return false;
    }
    let b = p.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

/// What every payload finding must be: a registered code at its registry severity, a message,
/// a hint, and a JSON pointer path.
pub fn check_finding(f: &Finding) -> Result<(), String> {
    let Some(code) = codes.find(&f.code) else {
        return Err(format!("unregistered code {:?} in {f:?}", f.code));
    };
    if f.severity != code.severity {
        return Err(format!(
            "severity {:?} is not the registry's {:?}: {f:?}",
            f.severity, code.severity
        ));
    }
    if f.message.trim().is_empty() {
        return Err(format!("empty message: {f:?}"));
    }
    match &f.path {
        Some(p) if is_json_pointer(p) => {}
        _ => return Err(format!("path is not a JSON pointer: {f:?}")),
    }
    if f.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
        return Err(format!("no hint: {f:?}"));
    }
    Ok(())
}

const STATUSES: [&str; 5] = ["pass", "warn", "fail", "error", "skipped"];

fn rank(status: &str) -> Option<usize> {
    STATUSES.iter().position(|s| *s == status)
}

/// The exit code a v1 report's summary means (default `--fail-on fail`).
pub fn exit_for(report: &Value) -> i32 {
    let n = |k: &str| report["summary"][k].as_u64().unwrap_or(0);
    if n("error") > 0 {
        3
    } else if n("fail") > 0 {
        1
    } else {
        0
    }
}

/// Check a `cxone-diag/report/v1` document: shape, registered codes, statuses that follow
/// from the findings, a summary that counts the subjects, and the worst status on top.
pub fn check_report(r: &Value, command: &str) -> Result<(), String> {
    let fail = |why: String| Err(format!("invalid report: {why}"));
    if r["schema"] != "cxone-diag/report/v1" {
        return fail(format!("schema {}", r["schema"]));
    }
    if r["command"] != command {
        return fail(format!("command {} (expected {command:?})", r["command"]));
    }
    if !r["elapsed_ms"].is_u64() {
        return fail("elapsed_ms is not a number".into());
    }
    let Some(subjects) = r["subjects"].as_array() else {
        return fail("no subjects array".into());
    };
    let mut counts = [0u64; 5];
    // The report's status is the worst judged one; `skipped` only when nothing else is there.
    let mut worst: Option<usize> = None;
    let order = |i: usize| if i == 4 { -1 } else { i as i32 };
    for s in subjects {
        let status = s["status"].as_str().and_then(rank);
        let Some(status) = status else {
            return fail(format!("subject status {}", s["status"]));
        };
        if !s["kind"].is_string() || !s["id"].is_string() || !s["facts"].is_object() {
            return fail(format!("subject without kind, id or facts: {s}"));
        }
        let Some(findings) = s["findings"].as_array() else {
            return fail(format!("subject without findings: {s}"));
        };
        let mut from_findings = 0;
        for f in findings {
            let code = f["code"].as_str().unwrap_or("");
            if codes.find(code).is_none() {
                return fail(format!("unregistered code {code:?} in {f}"));
            }
            let severity = match f["severity"].as_str() {
                Some("info") => 0,
                Some("warn") => 1,
                Some("fail") => 2,
                _ => return fail(format!("severity of {f}")),
            };
            from_findings = from_findings.max(severity);
            if f["message"].as_str().is_none_or(|m| m.trim().is_empty()) {
                return fail(format!("finding without a message: {f}"));
            }
            if let Some(p) = f.get("path")
                && !p.as_str().is_some_and(is_json_pointer)
            {
                return fail(format!("finding path is not a JSON pointer: {f}"));
            }
        }
        if status != 3 && status != 4 && status != from_findings {
            return fail(format!(
                "subject status {} does not follow from its findings: {s}",
                s["status"]
            ));
        }
        counts[status] += 1;
        if worst.is_none_or(|w| order(status) > order(w)) {
            worst = Some(status);
        }
    }
    for (i, name) in STATUSES.iter().enumerate() {
        if r["summary"][name].as_u64() != Some(counts[i]) {
            return fail(format!(
                "summary.{name} is not {}: {}",
                counts[i], r["summary"]
            ));
        }
    }
    if r["status"] != STATUSES[worst.unwrap_or(0)] {
        return fail(format!("status {} is not the worst subject's", r["status"]));
    }
    Ok(())
}
