//! Running the binary in an isolated home with an empty config.

use assert_cmd::Command;

use crate::common::{self};
pub use crate::common::{Home, Run};

/// The config file every run is pointed at (empty).
const CONFIG: &str = "empty.yaml";

impl Home {
    /// A fresh home with an empty config file.
    pub fn new() -> Home {
        Home::with_file(CONFIG, "")
    }

    /// The binary, with only this home in its environment and `--config` set.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.isolated();
        cmd.arg("--config").arg(self.join(CONFIG));
        cmd
    }

    /// `cxone-diag ARGS...` run to the end.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.args(args);
        common::run(cmd)
    }

    /// `cxone-diag ARGS...` under `umask 022` (set by a shell that then runs the binary).
    #[cfg(unix)]
    pub fn run_umask_022(&self, args: &[&str]) -> Run {
        let mut cmd = std::process::Command::new("/bin/sh");
        common::isolate(&mut cmd, self.path())
            .env("NO_COLOR", "1")
            .arg("-c")
            .arg("umask 022 && exec \"$0\" \"$@\"")
            .arg(common::bin())
            .arg("--config")
            .arg(self.join(CONFIG))
            .args(args);
        Run::of(cmd.output().unwrap())
    }
}

/// The `http:` lines of a `-v` run: requests sent.
pub fn requests(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("http:"))
        .collect()
}
