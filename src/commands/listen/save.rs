//! `--save FILE`: checks that the file is not an input and not a link, opens it for appending
//! without following links, and turns each exchange into the NDJSON line `validate-payload`
//! reads back.
//!
//! The "no output names an input" rule is the shared one (`context::check_outputs_not_inputs`:
//! canonical path and device + inode, against the config, secret files and a scenario).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::context::Ctx;
use crate::error::usage;
use crate::payload::saved::{SAVED_BY, Saved};

use super::exchange::Exchange;

/// Check `--save FILE` before any work: a writable place, not a link, not an input (the config
/// file, a `--sandbox` scenario file), not a report file.
pub fn check_path(ctx: &Ctx, path: &Path) -> anyhow::Result<()> {
    refuse_link(path)?;
    crate::report::destination::check(path, "--save ", "requests.ndjson")?;
    crate::context::check_outputs_distinct(&ctx.report_files, &[("--save ", path)])?;
    crate::context::check_outputs_not_inputs(ctx, &[("--save ", path)], &[])
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
    /// Scrubbed line by line: a secret of the run (the shared header's value) never lands.
    out: crate::report::sink::Scrubbed<std::io::BufWriter<File>>,
}

impl Saver {
    /// A saver appending to `file`.
    pub fn new(file: File) -> Saver {
        Saver {
            out: crate::report::sink::Scrubbed(std::io::BufWriter::with_capacity(64 * 1024, file)),
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
