//! Running the binary in an isolated home with an empty config, and reading its JSON report.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// An isolated home: HOME, XDG dirs and an empty config file, all in a temporary directory.
pub struct Home {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Home {
    /// A fresh home.
    pub fn new() -> Home {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("empty.yaml");
        std::fs::write(&config, "").unwrap();
        Home { dir, config }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Replace the config file's text.
    pub fn set_config(&self, text: &str) {
        std::fs::write(&self.config, text).unwrap();
    }

    /// The binary, with only this home in its environment and `--config` set.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cxone-diag"));
        cmd.env_clear()
            .current_dir(self.path())
            .env("HOME", self.path())
            .env("XDG_CACHE_HOME", self.path().join("cache"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("NO_COLOR", "1")
            .arg("--config")
            .arg(&self.config);
        cmd
    }

    /// `--sandbox SCENARIO trace-conversation ARGS... --output json`.
    pub fn trace(&self, scenario: &str, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.args(["--sandbox", scenario, "trace-conversation"])
            .args(args)
            .args(["--output", "json"]);
        Run::of(cmd.output().unwrap())
    }

    /// `trace-conversation ARGS...` with no sandbox and no credentials (offline runs).
    pub fn offline(&self, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.arg("trace-conversation").args(args);
        Run::of(cmd.output().unwrap())
    }
}

/// A fixture scenario's path.
pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/trace")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// One finished run.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Stdout as text.
    pub stdout: String,
    /// Stderr as text.
    pub stderr: String,
}

impl Run {
    fn of(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// The JSON report on stdout.
    pub fn report(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}), exit {}:\n{}\nstderr:\n{}",
                self.code, self.stdout, self.stderr
            )
        })
    }

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

/// The finding codes of a subject.
pub fn codes(subject: &Value) -> Vec<String> {
    subject["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
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

/// A report as JSON without its run time.
pub fn without_time(mut report: Value) -> Value {
    report.as_object_mut().unwrap().remove("elapsed_ms");
    report
}
