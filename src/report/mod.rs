//! The one report model every command returns: subjects, findings, statuses and the summary.

pub mod codes;
pub mod destination;
pub mod facts;
pub mod format;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod meta;
pub mod output;
pub mod overrides;
pub mod sarif;
pub mod sink;
pub mod stream;
pub mod terminal;
pub mod views;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use codes::Code;
pub use output::Format;

/// The public JSON schema identifier of a report.
pub const SCHEMA: &str = "cxone-diag/report/v1";

/// How serious a single finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A fact worth showing that does not affect the verdict.
    Info,
    /// Something that may break the handover or hide a problem.
    Warn,
    /// Something that breaks the handover.
    Fail,
}

impl Severity {
    /// The lower-case name used in JSON and config files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Fail => "fail",
        }
    }
}

/// The verdict on a subject, or on the whole report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not run: a step or check the tool did not get to (never counted as a pass). Declared
    /// first so that it is the mildest: a report is `skipped` only when nothing else was judged.
    Skipped,
    /// Judged, nothing wrong.
    Pass,
    /// Judged, at least one warning.
    Warn,
    /// Judged, at least one failure.
    Fail,
    /// The tool could not judge it (API error, permission missing, ...).
    Error,
}

impl Status {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Skipped => "skipped",
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }
}

/// One judgment about a subject.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable kebab-case id from the code registry.
    pub code: String,
    /// Severity after overrides.
    pub severity: Severity,
    /// What is wrong (or, for `info`, what was seen).
    pub message: String,
    /// JSON pointer into the payload, when the finding is about one value.
    #[serde(default)]
    pub path: Option<String>,
    /// How to fix it.
    #[serde(default)]
    pub hint: Option<String>,
    /// 1-based line of `path` in the input file (an addition to v1; payload files only).
    #[serde(default)]
    pub line: Option<u32>,
    /// 1-based column of `path` on that line, in Unicode characters (with `line`).
    #[serde(default)]
    pub column: Option<u32>,
}

impl Finding {
    /// A finding with the registry's default severity for `code`.
    pub fn new(code: &Code, message: impl Into<String>) -> Self {
        Finding {
            code: code.id.to_string(),
            severity: code.severity,
            message: message.into(),
            path: None,
            hint: None,
            line: None,
            column: None,
        }
    }

    /// Set the JSON pointer of the offending value.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Set how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Override the severity for this one finding (rare: most codes have one severity).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// One thing judged: a payload, a skill, a contact, a step of a rehearsal.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    /// What sort of thing this is (`payload`, `skill`, `contact`, `step`, ...).
    pub kind: String,
    /// Its id (file path, `FILE:LINE`, skill id, contact id, step name).
    pub id: String,
    /// A human name, when there is one.
    #[serde(default)]
    pub label: Option<String>,
    /// The verdict, derived from the findings by [`Subject::finish`].
    pub status: Status,
    /// Every judgment, in the order made.
    pub findings: Vec<Finding>,
    /// Numbers and values seen, for machines (camelCase keys).
    #[serde(default)]
    pub facts: Map<String, Value>,
    /// True when the tool could not judge this subject; status becomes `error`.
    #[serde(skip)]
    pub errored: bool,
    /// True when this step or check did not run; status becomes `skipped` (unless `errored`).
    #[serde(skip)]
    pub skipped: bool,
}

impl Subject {
    /// An empty, passing subject.
    pub fn new(kind: impl Into<String>, id: impl Into<String>) -> Self {
        Subject {
            kind: kind.into(),
            id: id.into(),
            label: None,
            status: Status::Pass,
            findings: Vec::new(),
            facts: Map::new(),
            errored: false,
            skipped: false,
        }
    }

    /// Set the human name.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Add a finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Record a fact.
    pub fn fact(&mut self, key: &str, value: impl Into<Value>) {
        self.facts.insert(key.to_string(), value.into());
    }

    /// Mark the subject as not judged, with the finding that says why.
    pub fn error(&mut self, finding: Finding) {
        self.errored = true;
        self.findings.push(finding);
    }

    /// Mark the subject as not run, with the finding that says why.
    pub fn skip(&mut self, finding: Finding) {
        self.skipped = true;
        self.findings.push(finding);
    }

    /// Recompute the status from the findings.
    pub fn finish(&mut self) {
        self.status = if self.errored {
            Status::Error
        } else if self.skipped {
            Status::Skipped
        } else {
            match self.findings.iter().map(|f| f.severity).max() {
                Some(Severity::Fail) => Status::Fail,
                Some(Severity::Warn) => Status::Warn,
                _ => Status::Pass,
            }
        };
    }
}

/// How many subjects ended in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Subjects that passed.
    pub pass: usize,
    /// Subjects with warnings.
    pub warn: usize,
    /// Subjects that failed.
    pub fail: usize,
    /// Subjects the tool could not judge.
    pub error: usize,
    /// Subjects that did not run (an addition to v1; never counted in `pass`).
    #[serde(default)]
    pub skipped: usize,
}

impl Summary {
    /// Count one status.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.pass += 1,
            Status::Warn => self.warn += 1,
            Status::Fail => self.fail += 1,
            Status::Error => self.error += 1,
            Status::Skipped => self.skipped += 1,
        }
    }

    /// All subjects counted.
    pub fn total(&self) -> usize {
        self.pass + self.warn + self.fail + self.error + self.skipped
    }
}

/// What a command returns: the versioned public contract of `--output json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The subcommand that made it.
    pub command: String,
    /// Everything judged. Serialised before `status` and `summary` so that a report can be
    /// streamed subject by subject (see `stream.rs`) with the same key order as a batch one.
    pub subjects: Vec<Subject>,
    /// The worst subject status (`pass` when there are none; `skipped` only when every subject
    /// was skipped).
    pub status: Status,
    /// Subjects per status.
    pub summary: Summary,
    /// Wall time of the run.
    pub elapsed_ms: u64,
    /// Provenance (an addition to v1, after `elapsed_ms`): `tool`, `profile`, `tenant`,
    /// `generated_at`. Set by [`meta::stamp`] when the report is finished.
    #[serde(flatten)]
    pub meta: Box<meta::Meta>,
}

impl Report {
    /// An empty report for `command`.
    pub fn new(command: impl Into<String>) -> Self {
        Report {
            schema: SCHEMA.to_string(),
            command: command.into(),
            subjects: Vec::new(),
            status: Status::Pass,
            summary: Summary::default(),
            elapsed_ms: 0,
            meta: Box::default(),
        }
    }

    /// Add a subject (its status is computed by [`Report::finish`]).
    pub fn push(&mut self, subject: Subject) {
        self.subjects.push(subject);
    }

    /// Recompute every subject's status, the summary and the report status.
    pub fn finish(&mut self) {
        let mut summary = Summary::default();
        let mut worst = None;
        for subject in &mut self.subjects {
            subject.finish();
            summary.add(subject.status);
            worst = worst.max(Some(subject.status));
        }
        self.summary = summary;
        self.status = worst.unwrap_or(Status::Pass);
    }
}

/// Which statuses make the run exit 1 (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FailOn {
    /// Only failures make the exit code 1 (a subject that could not be judged always exits 3)
    #[default]
    Fail,
    /// Warnings make the exit code 1 too
    Warn,
}

/// The process exit code for a finished report: 3 when a subject could not be judged
/// (`error`: the tool could not finish), else 1 when one failed (or warned, with `--fail-on warn`),
/// else 0.
pub fn exit_code(report: &Report, fail_on: FailOn) -> i32 {
    summary_exit_code(&report.summary, fail_on)
}

/// The process exit code for a summary: 3 when a subject could not be judged (`error`: the tool
/// could not finish), else 1 when one failed (or warned, with `--fail-on warn`), else 0.
pub fn summary_exit_code(s: &Summary, fail_on: FailOn) -> i32 {
    if s.error > 0 {
        crate::error::exit::INCOMPLETE
    } else if s.fail > 0 || (fail_on == FailOn::Warn && s.warn > 0) {
        crate::error::exit::FAILED
    } else {
        crate::error::exit::OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(sev: Severity) -> Finding {
        Finding {
            code: "x".into(),
            severity: sev,
            message: "m".into(),
            path: None,
            hint: None,
            line: None,
            column: None,
        }
    }

    #[test]
    fn subject_status_is_the_worst_finding() {
        let mut s = Subject::new("payload", "a");
        s.push(finding(Severity::Info));
        s.finish();
        assert_eq!(s.status, Status::Pass);
        s.push(finding(Severity::Warn));
        s.finish();
        assert_eq!(s.status, Status::Warn);
        s.push(finding(Severity::Fail));
        s.finish();
        assert_eq!(s.status, Status::Fail);
        s.errored = true;
        s.finish();
        assert_eq!(s.status, Status::Error);
    }

    #[test]
    fn report_summary_and_exit_codes() {
        let mut r = Report::new("validate-payload");
        let mut a = Subject::new("payload", "a");
        a.push(finding(Severity::Warn));
        r.push(a);
        r.push(Subject::new("payload", "b"));
        r.finish();
        assert_eq!(r.status, Status::Warn);
        assert_eq!(
            r.summary,
            Summary {
                pass: 1,
                warn: 1,
                fail: 0,
                error: 0,
                skipped: 0
            }
        );
        assert_eq!(exit_code(&r, FailOn::Fail), 0);
        assert_eq!(exit_code(&r, FailOn::Warn), 1);
        let mut c = Subject::new("payload", "c");
        c.push(finding(Severity::Fail));
        r.push(c);
        r.finish();
        assert_eq!(r.status, Status::Fail);
        assert_eq!(exit_code(&r, FailOn::Fail), 1);
        let mut d = Subject::new("skill", "42");
        d.errored = true;
        r.push(d);
        r.finish();
        assert_eq!(
            exit_code(&r, FailOn::Fail),
            3,
            "an unjudged subject means the tool could not finish"
        );
    }

    #[test]
    fn skipped_subjects_are_counted_apart_and_never_pass() {
        let mut r = Report::new("simulate-handoff");
        let mut ran = Subject::new("step", "payload");
        ran.push(finding(Severity::Fail));
        r.push(ran);
        let mut later = Subject::new("step", "handover");
        later.skip(finding(Severity::Info));
        r.push(later);
        r.finish();
        assert_eq!(r.subjects[1].status, Status::Skipped);
        assert_eq!((r.summary.pass, r.summary.skipped), (0, 1));
        assert_eq!(r.summary.total(), 2);
        assert_eq!(r.status, Status::Fail);
        assert_eq!(exit_code(&r, FailOn::Fail), 1);
        let mut only = Report::new("auth check");
        let mut s = Subject::new("step", "token");
        s.skip(finding(Severity::Warn));
        only.push(s);
        only.finish();
        assert_eq!(only.status, Status::Skipped, "nothing ran: not a pass");
        assert_eq!(exit_code(&only, FailOn::Fail), 0);
        let v = serde_json::to_value(&only).unwrap();
        assert_eq!(v["summary"]["skipped"], 1);
        assert_eq!(v["subjects"][0]["status"], "skipped");
    }
}
