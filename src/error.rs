//! The two ways a run can end without a report: bad input (exit 2) or the tool could not finish (exit 3).

use std::fmt;

/// A usage or input error: bad flag value, unreadable config, missing file. Exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Build a usage error (exit 2) with a message that says what is wrong and how to fix it.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// True when `err` (or anything in its chain) is a usage error.
pub fn is_usage(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.is::<UsageError>())
}

/// Exit codes, as documented in `--help`, the man page and README ("Exit codes").
pub mod exit {
    /// Nothing failed.
    pub const OK: i32 = 0;
    /// At least one subject failed.
    pub const FAILED: i32 = 1;
    /// Usage or input error.
    pub const USAGE: i32 = 2;
    /// The tool could not finish (tenant unreachable, authentication refused, API error after retries).
    pub const INCOMPLETE: i32 = 3;
}

/// The exit code for an error that ended the run.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    if is_usage(err) {
        exit::USAGE
    } else {
        exit::INCOMPLETE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn usage_errors_survive_context() {
        let err = Err::<(), _>(usage("bad"))
            .context("while reading")
            .unwrap_err();
        assert_eq!(exit_code(&err), 2);
        assert_eq!(exit_code(&anyhow::anyhow!("tenant down")), 3);
    }
}
