//! Integration tests of `validate-payload`: they run the built binary on fixture files,
//! stdin and generated inputs, and check reports, exit codes and bad-input handling.

mod bad_input;
mod examples;
mod exit_codes;
mod formats;
mod inputs;
mod streaming;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The binary, with colour and config lookups neutralised.
pub fn cxone() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cxone-diag"));
    let home = std::env::temp_dir().join("cxone-diag-payload-tests-home");
    cmd.env_remove("NO_COLOR")
        .env_remove("CXONE_DIAG_CONFIG")
        .env_remove("CXONE_DIAG_PROFILE")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .current_dir(root());
    cmd
}

/// The crate root (tests run with it as working directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures/payload/`, relative to the crate root.
pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/payload/{name}")
}

/// Run `validate-payload --output json ARGS`; return (exit code, report).
pub fn json_report(args: &[&str]) -> (i32, Value) {
    let out = cxone()
        .args(["validate-payload", "--output", "json"])
        .args(args)
        .output()
        .expect("runs");
    let code = out.status.code().expect("exit code");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

/// The subject with `id` in a JSON report.
pub fn subject<'r>(report: &'r Value, id: &str) -> &'r Value {
    report["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no subject {id} in {report:#}"))
}

/// The finding codes of a subject.
pub fn codes(subject: &Value) -> Vec<String> {
    subject["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code").to_string())
        .collect()
}

/// Write `contents` to `name` in `dir` and return its path as a string.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, contents).expect("write");
    path.display().to_string()
}
