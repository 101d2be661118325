//! Running the binary in an isolated home with an empty config, and reading its JSON report.

use assert_cmd::Command;
use serde_json::Value;

use crate::common;
pub use crate::common::{Home, Run, codes};

/// The config file every run is pointed at (empty unless a test sets it).
const CONFIG: &str = "empty.yaml";

/// The trace tests' use of the shared home: HOME, XDG dirs and an empty config file.
impl Home {
    /// A fresh home.
    pub fn new() -> Home {
        Home::with_file(CONFIG, "")
    }

    /// Replace the config file's text.
    pub fn set_config(&self, text: &str) {
        self.write(CONFIG, text);
    }

    /// The binary, with only this home in its environment and `--config` set.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.isolated();
        cmd.arg("--config").arg(self.join(CONFIG));
        cmd
    }

    /// `--sandbox SCENARIO trace-conversation ARGS... --output json`.
    pub fn trace(&self, scenario: &str, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.args(["--sandbox", scenario, "trace-conversation"])
            .args(args)
            .args(["--output", "json"]);
        common::run(cmd)
    }

    /// `trace-conversation ARGS...` with no sandbox and no credentials (offline runs).
    pub fn offline(&self, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.arg("trace-conversation").args(args);
        common::run(cmd)
    }
}

/// A fixture scenario's path.
pub fn fixture(name: &str) -> String {
    common::fixture("trace", name)
        .to_string_lossy()
        .into_owned()
}

/// What the `-v` trace of a run says.
impl Run {
    /// The `http:` trace lines of `-v` (requests sent over the network).
    pub fn requests(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("http: ") && l.contains(" -> "))
            .collect()
    }

    /// The `-v` lines of requests whose URL contains `needle`.
    pub fn requests_to(&self, needle: &str) -> Vec<&str> {
        self.requests()
            .into_iter()
            .filter(|l| l.contains(needle))
            .collect()
    }
}

/// The subject with this kind and id.
pub fn subject<'a>(report: &'a Value, kind: &str, id: &str) -> &'a Value {
    report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == kind && s["id"] == id)
        .unwrap_or_else(|| panic!("no {kind} {id} in {report:#}"))
}

/// The subjects of one kind.
pub fn subjects<'a>(report: &'a Value, kind: &str) -> Vec<&'a Value> {
    report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == kind)
        .collect()
}

/// The distinct contact ids of a subject's timeline.
pub fn timeline_contacts(subject: &Value) -> Vec<String> {
    let mut ids: Vec<String> = subject["facts"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["contact"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// A report as JSON without its run time and provenance (a replay has no tenant).
pub fn without_time(mut report: Value) -> Value {
    let map = report.as_object_mut().unwrap();
    for key in ["elapsed_ms", "generated_at", "profile", "tenant"] {
        map.remove(key);
    }
    report
}
