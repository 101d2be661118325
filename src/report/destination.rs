//! Output paths (`--report FORMAT=FILE`, `--save-bundle FILE`) checked before any work, so a
//! path that can never be written is a usage error (exit 2) at once, not exit 3 after the run.
//!
//! Missing directories are created (as the write always did), at check time, so that a
//! directory that cannot be created is found before the run too.

use std::path::{Path, PathBuf};

use crate::error::usage;

/// What is at a path, as far as writing a file there goes (symbolic links followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Nothing.
    Missing,
    /// A regular file (it will be replaced).
    File,
    /// A directory.
    Directory,
    /// Something else: a device, a pipe, a socket.
    Other,
}

impl Found {
    /// Look at `path` on disk.
    pub fn at(path: &Path) -> Found {
        match std::fs::metadata(path) {
            Err(_) => Found::Missing,
            Ok(m) if m.is_file() => Found::File,
            Ok(m) if m.is_dir() => Found::Directory,
            Ok(_) => Found::Other,
        }
    }
}

/// Why a file cannot be written at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The path names a directory (`out/`, `.`, or an existing directory).
    IsDirectory,
    /// The path is a device, pipe or socket, which the rename would replace.
    NotRegular,
    /// The "directory" that would hold the file is something else.
    ParentNotDirectory(PathBuf),
}

/// The directory a file at `path` is written in (`.` for a bare file name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Whether `path` is spelled as a directory: ends with a separator, or is `.`/`..`/a root.
fn names_a_directory(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || path.file_name().is_none()
}

/// Judge a target path from what is at it and at its parent directory.
pub fn judge(path: &Path, at_path: Found, at_parent: Found) -> Result<(), Problem> {
    if at_path == Found::Directory || names_a_directory(path) {
        return Err(Problem::IsDirectory);
    }
    if at_path == Found::Other {
        return Err(Problem::NotRegular);
    }
    let parent = parent_of(path).to_path_buf();
    match at_parent {
        // a missing directory is created
        Found::Directory | Found::Missing => Ok(()),
        Found::File | Found::Other => Err(Problem::ParentNotDirectory(parent)),
    }
}

/// The usage message for `problem`. `flag` is the option as typed before the path, with its
/// separator (`"--report json="`, `"--save-bundle "`); `example` a file name for the hint.
pub fn message(path: &Path, flag: &str, example: &str, problem: &Problem) -> String {
    let shown = path.display();
    match problem {
        Problem::IsDirectory => {
            let dir = shown.to_string();
            let dir = dir.trim_end_matches(['/', std::path::MAIN_SEPARATOR]);
            format!(
                "{flag}{shown}: {shown} is a directory, not a file\n  hint: name the file to write, e.g. {flag}{dir}/{example}"
            )
        }
        Problem::NotRegular => format!(
            "{flag}{shown}: {shown} is not a regular file (a device, pipe or socket); cxone-diag writes reports, bundles and logs to ordinary files only\n  hint: name an ordinary file, or drop {} to write none",
            flag.trim_end_matches(['=', ' '])
        ),
        Problem::ParentNotDirectory(dir) => format!(
            "{flag}{shown}: {} is not a directory\n  hint: choose a path inside an existing directory",
            dir.display()
        ),
    }
}

/// Check that a file can be written at `path`: not a directory or a device, in a directory
/// (created when missing) where a file can be created. A problem is a usage error naming the
/// path.
pub fn check(path: &Path, flag: &str, example: &str) -> anyhow::Result<()> {
    let parent = parent_of(path);
    judge(path, Found::at(path), Found::at(parent))
        .map_err(|problem| usage(message(path, flag, example, &problem)))?;
    std::fs::create_dir_all(parent).map_err(|e| {
        usage(format!(
            "{flag}{}: cannot create the directory {}: {e}\n  hint: choose a path inside a directory you can write to",
            path.display(),
            parent.display()
        ))
    })?;
    // the same kind of temporary file the write makes at the end, removed at once
    tempfile::Builder::new()
        .tempfile_in(parent)
        .map(drop)
        .map_err(|e| {
            usage(format!(
                "{flag}{}: cannot create a file in {}: {e}\n  hint: choose a directory you can write to",
                path.display(),
                parent.display()
            ))
        })
}

/// Make `options` refuse to open a symbolic link at the final component of the path (unix:
/// `O_NOFOLLOW`), so an output never writes through a link to some other file.
pub fn no_follow(options: &mut std::fs::OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    let _ = options;
}

/// Whether `a` and `b` name the same file: the same absolute path once `.` and `..` are
/// resolved lexically, or the same existing file through links.
pub fn same_file(a: &Path, b: &Path) -> bool {
    fn lexical(path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let mut out = PathBuf::new();
        for part in absolute.components() {
            match part {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    }
    if lexical(a) == lexical(b) {
        return true;
    }
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// Device and inode of an existing file (unix), so a hard link is seen as the same file.
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Whether `output` is `input`: [`same_file`], or the same device and inode (a hard link).
fn clobbers(output: &Path, input: &Path) -> bool {
    same_file(output, input)
        || matches!((identity(output), identity(input)), (Some(a), Some(b)) if a == b)
}

/// Refuse any output of a run that names one of its inputs, before any work: compared by
/// path (lexically and through links) and by device and inode. An input directory covers
/// every file below it: an output may not be written inside it. `outputs` are (the option as
/// typed, e.g. `--report json=`, the path); `inputs` are (what the input is, e.g. `the
/// payload`, the path). `-` (stdin) is no file. A clash is a usage error naming both.
pub fn check_not_inputs(
    outputs: &[(String, &Path)],
    inputs: &[(String, &Path)],
) -> anyhow::Result<()> {
    for (flag, out) in outputs {
        for (what, input) in inputs.iter().filter(|(_, p)| p.as_os_str() != "-") {
            let inside = input.is_dir()
                && match (
                    std::fs::canonicalize(input),
                    std::fs::canonicalize(parent_of(out)),
                ) {
                    (Ok(dir), Ok(parent)) => parent.starts_with(&dir),
                    _ => false,
                };
            if inside || clobbers(out, input) {
                let how = if inside { "is inside" } else { "is" };
                return Err(usage(format!(
                    "{flag}{} {how} {what} {}; writing it would destroy an input of this run\n  hint: write the output somewhere else",
                    out.display(),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

/// Refuse two outputs of one run that name the same file (the last write would silently win):
/// `outputs` are (the option as typed, e.g. `--report json=`, the path).
pub fn check_distinct(outputs: &[(String, &Path)]) -> anyhow::Result<()> {
    for (i, (flag_a, a)) in outputs.iter().enumerate() {
        if let Some((flag_b, b)) = outputs[i + 1..].iter().find(|(_, b)| same_file(a, b)) {
            return Err(usage(format!(
                "{flag_a}{} and {flag_b}{} name the same file; each output would overwrite the other\n  hint: give each output a file of its own",
                a.display(),
                b.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_under_two_spellings() {
        assert!(same_file(
            Path::new("out/r.json"),
            Path::new("./out/../out/r.json")
        ));
        assert!(!same_file(Path::new("out/r.json"), Path::new("out/r.xml")));
        let outputs = [
            ("--report json=".to_string(), Path::new("r.json")),
            ("--report junit=".to_string(), Path::new("r.xml")),
        ];
        assert!(check_distinct(&outputs).is_ok());
        let clash = [
            ("--report json=".to_string(), Path::new("r")),
            ("--save-bundle ".to_string(), Path::new("./r")),
        ];
        let err = check_distinct(&clash).unwrap_err().to_string();
        assert!(
            err.contains("--report json=r and --save-bundle ./r name the same file"),
            "{err}"
        );
    }

    #[test]
    fn judge_a_path_from_what_is_there() {
        let p = Path::new("out/report.json");
        assert_eq!(judge(p, Found::Missing, Found::Directory), Ok(()));
        assert_eq!(judge(p, Found::File, Found::Directory), Ok(()));
        assert_eq!(
            judge(p, Found::Directory, Found::Directory),
            Err(Problem::IsDirectory)
        );
        assert_eq!(
            judge(p, Found::Other, Found::Directory),
            Err(Problem::NotRegular)
        );
        assert_eq!(judge(p, Found::Missing, Found::Missing), Ok(()));
        assert_eq!(
            judge(p, Found::Missing, Found::File),
            Err(Problem::ParentNotDirectory(PathBuf::from("out")))
        );
        for dir in ["out/", ".", "..", "/"] {
            assert_eq!(
                judge(Path::new(dir), Found::Missing, Found::Directory),
                Err(Problem::IsDirectory),
                "{dir}"
            );
        }
        assert_eq!(parent_of(Path::new("report.xml")), Path::new("."));
    }

    #[test]
    fn messages_name_the_path_and_say_how_to_fix_it() {
        let m = message(
            Path::new("somedir/"),
            "--report json=",
            "report.json",
            &Problem::IsDirectory,
        );
        assert!(
            m.starts_with("--report json=somedir/: somedir/ is a directory"),
            "{m}"
        );
        assert!(m.contains("e.g. --report json=somedir/report.json"), "{m}");
        let m = message(
            Path::new("afile/b.json"),
            "--save-bundle ",
            "bundle.json",
            &Problem::ParentNotDirectory(PathBuf::from("afile")),
        );
        assert!(
            m.starts_with("--save-bundle afile/b.json: afile is not a directory"),
            "{m}"
        );
    }

    #[test]
    fn check_looks_at_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("report.json");
        check(&ok, "--report json=", "report.json").unwrap();
        assert!(!ok.exists(), "checking writes no file");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let err = check(dir.path(), "--report json=", "report.json").unwrap_err();
        assert!(crate::error::is_usage(&err), "{err:#}");
        assert!(format!("{err:#}").contains(&dir.path().display().to_string()));
        std::fs::write(&ok, "x").unwrap();
        let err = check(&ok.join("x.json"), "--save-bundle ", "b.json").unwrap_err();
        assert!(format!("{err:#}").contains("is not a directory"), "{err:#}");
        let err = check(&ok.join("sub/x.json"), "--save-bundle ", "b.json").unwrap_err();
        assert!(crate::error::is_usage(&err), "{err:#}");
        assert!(
            format!("{err:#}").contains("cannot create the directory"),
            "{err:#}"
        );
        let nested = dir.path().join("a/b/report.xml");
        check(&nested, "--report junit=", "report.xml").unwrap();
        assert!(
            nested.parent().unwrap().is_dir(),
            "missing directories are created"
        );
        assert!(!nested.exists());
    }
}
