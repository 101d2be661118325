//! Integration tests of `validate-payload`: they run the built binary on fixture files,
//! stdin and generated inputs, and check reports, exit codes and bad-input handling.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod examples;
mod exit_codes;
mod formats;
mod inputs;
mod rules;
mod sarif;
mod streaming;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

pub use common::{codes, subject};

/// The binary, with colour and config lookups neutralised.
pub fn cxone() -> Command {
    let mut cmd = Command::new(common::bin());
    let home = std::env::temp_dir().join("cxone-diag-payload-tests-home");
    cmd.env_remove("NO_COLOR")
        .env_remove("CXONE_DIAG_CONFIG")
        .env_remove("CXONE_DIAG_PROFILE")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .current_dir(common::crate_root());
    cmd
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
    (code, common::report(&out))
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
