//! `--save FILE`: checks that the file is not an input and not a link, opens it for appending
//! without following links, and turns each exchange into the NDJSON line `validate-payload`
//! reads back.
//!
//! The "no output names an input" rule is checked here by canonical path and by
//! device + inode; a shared check can replace [`check_not_input`] later.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

use crate::config::Source;
use crate::context::Ctx;
use crate::error::usage;
use crate::payload::saved::{SAVED_BY, Saved};

use super::exchange::Exchange;

/// Check `--save FILE` before any work: a writable place, not a link, not an input (the config
/// file, a `--sandbox` scenario file), not a report file.
pub fn check_path(ctx: &Ctx, path: &Path) -> anyhow::Result<()> {
    refuse_link(path)?;
    crate::report::destination::check(path, "--save ", "requests.ndjson")?;
    if let Source::File(config) = &ctx.config_source {
        check_not_input(path, config, "the config file")?;
    }
    // `--sandbox` names a built-in scenario or a file: a file is an input
    if let Some(scenario) = ctx.sandbox.as_deref().map(Path::new)
        && scenario.is_file()
    {
        check_not_input(path, scenario, "the --sandbox scenario file")?;
    }
    crate::context::check_outputs_distinct(&ctx.report_files, &[("--save ", path)])
}

fn refuse_link(path: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(usage(format!(
            "--save {} is a symbolic link; the listener never writes through a link\n  hint: give the real file's path, or a new file",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// Refuse an output that is the input `input` (`what` names it): the same canonical path, or
/// the same device and inode (a hard link).
pub fn check_not_input(output: &Path, input: &Path, what: &str) -> anyhow::Result<()> {
    let same_path = crate::report::destination::same_file(output, input);
    let same_inode = match (std::fs::metadata(output), std::fs::metadata(input)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    };
    if same_path || same_inode {
        return Err(usage(format!(
            "--save {} is {what} ({}); appending requests would destroy it\n  hint: save to a file of its own, e.g. --save requests.ndjson",
            output.display(),
            input.display()
        )));
    }
    Ok(())
}

/// Open `path` for appending (created 0600), refusing a link and anything but a regular file.
pub fn open(path: &Path) -> anyhow::Result<File> {
    refuse_link(path)?;
    let file = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| {
            usage(format!(
                "--save {}: cannot open it for appending: {e}\n  hint: choose a regular file you can write",
                path.display()
            ))
        })?;
    let regular = file.metadata().map(|m| m.is_file()).unwrap_or(false);
    if !regular {
        return Err(usage(format!(
            "--save {} is not a regular file\n  hint: save to a regular file",
            path.display()
        )));
    }
    Ok(file)
}

/// The saved line of an exchange.
pub fn record(exchange: &Exchange) -> Vec<u8> {
    let subject = &exchange.subject;
    let mut saved = Saved {
        saved_by: SAVED_BY.to_string(),
        n: exchange.n,
        time: exchange
            .time
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        method: exchange.method.clone(),
        path: exchange.target.clone(),
        kind: subject.label.clone().unwrap_or_else(|| "none".into()),
        verdict: subject.status.as_str().to_string(),
        status: exchange.status,
        bytes: exchange.bytes,
        upstream_status: exchange.upstream.as_ref().and_then(|u| u.status),
        body: None,
        body_base64: None,
        headers: exchange.headers.clone(),
    };
    if let (Some(body), Some(_)) = (&exchange.body, &exchange.judged) {
        saved.set_body(body);
    }
    saved.line()
}

/// Appends lines, flushing when the collector has nothing else to do.
pub struct Saver {
    out: std::io::BufWriter<File>,
}

impl Saver {
    /// A saver appending to `file`.
    pub fn new(file: File) -> Saver {
        Saver {
            out: std::io::BufWriter::with_capacity(64 * 1024, file),
        }
    }

    /// Append one exchange.
    pub fn append(&mut self, exchange: &Exchange) -> std::io::Result<()> {
        self.out.write_all(&record(exchange))
    }

    /// Write what is buffered.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_cannot_be_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("cxone-diag.yaml");
        std::fs::write(&config, "rules: {}\n").unwrap();
        assert!(check_not_input(&config, &config, "the config file").is_err());
        let dotted = dir.path().join(".").join("cxone-diag.yaml");
        assert!(check_not_input(&dotted, &config, "the config file").is_err());
        let hard = dir.path().join("hard.ndjson");
        std::fs::hard_link(&config, &hard).unwrap();
        assert!(check_not_input(&hard, &config, "the config file").is_err());
        let other = dir.path().join("requests.ndjson");
        assert!(check_not_input(&other, &config, "the config file").is_ok());
    }

    #[test]
    fn links_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.ndjson");
        std::fs::write(&target, "").unwrap();
        let link = dir.path().join("link.ndjson");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(open(&link).is_err());
        let dangling = dir.path().join("dangling.ndjson");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(open(&dangling).is_err());
        assert!(!dir.path().join("nowhere").exists());
        assert!(open(&target).is_ok());
    }
}
