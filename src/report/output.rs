//! Rendering to a format and writing report files atomically (temporary file, then rename).

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::human::Style;
use super::{Report, github, human, json, junit, sarif};

/// A report format (`--output NAME`; `--report NAME=FILE` takes all but `github`). The doc
/// line of each is its help in `--help` and completions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Coloured text for people
    Human,
    /// The cxone-diag/report/v1 JSON document
    Json,
    /// A JUnit XML test suite
    Junit,
    /// SARIF 2.1.0 for code scanning (findings at file:line:column)
    Sarif,
    /// GitHub Actions annotations only (also added to human output when GITHUB_ACTIONS=true)
    Github,
}

impl Format {
    /// The name used on the command line (`--output NAME`, `--report NAME=FILE`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }
}

/// Print text on stdout, scrubbed by the sink; a closed pipe (`| head`) is not an error.
pub fn print_stdout(text: &str) {
    super::sink::print(text);
}

/// Render `report` in `format`.
pub fn render(report: &Report, format: Format, style: Style) -> String {
    match format {
        Format::Human => human::render(report, style),
        Format::Json => json::render(report),
        Format::Junit => junit::render(report),
        Format::Sarif => sarif::render(report, std::env::current_dir().ok().as_deref()),
        Format::Github => github::render(report),
    }
}

/// Who may read a file the tool writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The usual mode of a new file: 0666 masked by the umask (0644 under umask 022), as
    /// `File::create` gives. Reports, so a CI publisher running as another user can read them.
    Shared,
    /// Owner only (0600): support bundles, which may hold customer data even redacted.
    Private,
}

/// The name every temporary output file starts with, so a later run can find the ones an
/// interrupted run (SIGKILL, power loss) left behind.
pub const TEMP_PREFIX: &str = ".cxone-diag-tmp-";

/// Temporary files older than this are left-overs of an interrupted run (no write of a report
/// or bundle takes that long).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Remove this tool's temporary files in `dir` older than an hour (never a link, never
/// another program's file).
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let ours = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX);
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if ours && old && meta.file_type().is_file() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A temporary file beside `path` (its directory created when missing), with the mode `access`
/// asks for, to be renamed onto `path` once written.
pub fn temp_file_beside(path: &Path, access: Access) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = super::destination::parent_of(path);
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    remove_stale_temp_files(dir);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    if access == Access::Shared {
        use std::os::unix::fs::PermissionsExt;
        // tempfile's default is 0600; 0666 is what `File::create` asks for (the umask applies)
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    let _ = access;
    builder
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))
}

/// Write a report to `path` so that readers never see a half-written file; it gets the usual
/// mode of a new file ([`Access::Shared`]).
pub fn write_atomic(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    write_atomic_as(path, contents, Access::Shared)
}

/// Write `contents` to `path` with `access` through a temporary file beside it and a rename, so
/// that readers never see a half-written file. The contents pass the sink's redactor
/// ([`super::sink::scrub_bytes`]) on the way.
pub fn write_atomic_as(path: &Path, contents: &[u8], access: Access) -> anyhow::Result<()> {
    let mut tmp = temp_file_beside(path, access)?;
    tmp.write_all(&super::sink::scrub_bytes(contents))
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("renaming the temporary file to {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_are_what_the_flags_take() {
        use clap::ValueEnum;
        for format in Format::value_variants() {
            let value = format.to_possible_value().unwrap();
            assert_eq!(value.get_name(), format.name());
        }
    }

    #[test]
    fn atomic_write_creates_dirs_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/report.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1);
    }

    /// The mode a plain `File::create` gets in `dir` under this process's umask.
    #[cfg(unix)]
    fn created_mode(dir: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        let probe = dir.join("probe");
        std::fs::File::create(&probe).unwrap();
        let mode = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        std::fs::remove_file(&probe).unwrap();
        mode
    }

    #[cfg(unix)]
    #[test]
    fn reports_get_the_usual_mode_and_private_files_stay_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let expected = created_mode(dir.path());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let report = dir.path().join("report.xml");
        write_atomic(&report, b"<testsuite/>").unwrap();
        assert_eq!(mode(&report), expected, "like File::create");
        write_atomic(&report, b"<testsuite/>").unwrap();
        assert_eq!(mode(&report), expected, "replacing keeps the usual mode");
        let bundle = dir.path().join("bundle.json");
        write_atomic_as(&bundle, b"{}", Access::Private).unwrap();
        assert_eq!(mode(&bundle), 0o600);
    }

    #[test]
    fn stale_temporary_outputs_of_an_interrupted_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!("{TEMP_PREFIX}abc123"));
        let fresh = dir.path().join(format!("{TEMP_PREFIX}def456"));
        let other = dir.path().join(".tmpXYZ");
        for p in [&stale, &fresh, &other] {
            std::fs::write(p, "partial").unwrap();
        }
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        for p in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        write_atomic(&dir.path().join("r.json"), b"{}").unwrap();
        assert!(!stale.exists(), "an hour-old left-over of ours is removed");
        assert!(fresh.exists(), "a run in progress keeps its file");
        assert!(other.exists(), "another program's file is left alone");
    }
}
