//! Running the binary in a clean environment (temporary HOME, cache and config dirs, an explicit
//! config file) and reading what it printed.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::common::{self, Home};
pub use crate::common::{Run, bin};

/// Environment variables that could point the binary at this machine's configuration or tenant.
const LEAKY: &[&str] = &[
    "CXONE_DIAG_CONFIG",
    "CXONE_DIAG_PROFILE",
    "CXONE_ISSUER",
    "CXONE_TOKEN_URL",
    "CXONE_API_BASE",
    "CXONE_DFO_BASE",
    "CXONE_API_VERSION",
    "CXONE_CLIENT_ID",
    "CXONE_CLIENT_SECRET",
    "CXONE_ACCESS_KEY_ID",
    "CXONE_ACCESS_KEY_SECRET",
    "NO_COLOR",
];

/// A fixture scenario under `tests/fixtures/queue_health/`.
pub fn fixture(name: &str) -> String {
    common::fixture("queue_health", name)
        .to_string_lossy()
        .into_owned()
}

/// What a queue-health run reported.
impl Run {
    /// The subject with this id.
    pub fn subject(&self, id: &str) -> Value {
        self.report()["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no subject {id}:\n{}", self.stdout))
            .clone()
    }

    /// HTTP requests from the `-v` trace, as `METHOD /path?query` (host and API prefix cut,
    /// retries and 304s included, one line per attempt).
    pub fn requests(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter_map(|l| l.strip_prefix("http: "))
            .filter(|l| l.contains(" -> "))
            .map(|l| {
                let (method, rest) = l.split_once(' ').unwrap();
                let url = rest.split(" -> ").next().unwrap();
                let path = url.splitn(4, '/').nth(3).unwrap_or("");
                let path = path
                    .strip_prefix("inContactAPI/services/v30.0")
                    .map_or_else(|| format!("/{path}"), str::to_string);
                format!("{method} {path}")
            })
            .collect()
    }
}

/// A clean environment: a temporary home and an explicit config file.
pub struct Env {
    home: Home,
    config: PathBuf,
}

impl Env {
    /// An empty config file (defaults).
    pub fn new() -> Env {
        Env::with_config("")
    }

    /// A config file with this YAML.
    pub fn with_config(yaml: &str) -> Env {
        let home = Home::temp();
        let config = home.write("config.yaml", yaml);
        Env { home, config }
    }

    /// The config file.
    pub fn config(&self) -> &Path {
        &self.config
    }

    /// Give `cmd` the clean environment (no `--config`).
    pub fn prepare(&self, cmd: &mut std::process::Command) {
        for var in LEAKY {
            cmd.env_remove(var);
        }
        let home = self.home.path();
        cmd.env("HOME", home)
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_CONFIG_HOME", home.join("config"));
    }

    /// The binary with the clean environment and `--config`.
    pub fn cmd(&self) -> Command {
        let mut std_cmd = std::process::Command::new(bin());
        self.prepare(&mut std_cmd);
        std_cmd.arg("--config").arg(&self.config);
        let mut cmd = Command::from_std(std_cmd);
        cmd.timeout(std::time::Duration::from_secs(60));
        cmd
    }

    /// Run with `args` after `--config`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(self.cmd(), args)
    }

    /// Run `cmd` with `args`.
    pub fn run_with(&self, mut cmd: Command, args: &[&str]) -> Run {
        cmd.args(args);
        common::run(cmd)
    }
}

/// The codes of a subject's findings that are not `info`.
pub fn problem_codes(subject: &Value) -> Vec<String> {
    subject["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}
