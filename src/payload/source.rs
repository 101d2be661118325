//! Where payloads come from: paths expanded into inputs (directories walked in sorted order),
//! and NDJSON read line by line with a bounded buffer.

use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use super::parse::{MAX_DOCUMENT_BYTES, Syntax, syntax_for};
use crate::error::usage;

/// File extensions picked up when walking a directory.
pub const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "ndjson", "jsonl"];

/// One input to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`): one document, or NDJSON when its lines are JSON values.
    Stdin,
    /// A file.
    File {
        /// The path as given (or as found under a given directory).
        path: PathBuf,
        /// How to parse it.
        syntax: Syntax,
        /// One payload per line (`.ndjson`, `.jsonl`).
        ndjson: bool,
    },
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// A `.ndjson` or `.jsonl` file (any case): one payload per line.
pub fn is_ndjson(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("ndjson" | "jsonl"))
}

/// The input for a file path.
pub fn file_input(path: PathBuf) -> Input {
    let ndjson = is_ndjson(&path);
    Input::File {
        syntax: if ndjson {
            Syntax::Json
        } else {
            syntax_for(&path)
        },
        ndjson,
        path,
    }
}

/// The usage error for a payload path that is a FIFO, a device or a socket: such input is read
/// only from stdin (`-`), where the user chose to stream it.
pub fn not_regular(path: &std::path::Path) -> anyhow::Error {
    usage(format!(
        "{} is not a regular file (a pipe, device or socket)\n  stream it through stdin instead: `cxone-diag validate-payload - < {}`",
        path.display(),
        path.display()
    ))
}

/// Expand the command-line paths: `-` is stdin, directories are walked recursively in
/// sorted order for the known extensions. A missing path, an unreadable directory or a
/// directory with no payload files is a usage error (exit 2) naming the path; so is a FIFO or
/// other non-regular file, which is read only when given as `-`.
pub fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut inputs = Vec::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_seen {
                return Err(usage("`-` (stdin) is given twice\n  pass - once"));
            }
            stdin_seen = true;
            inputs.push(Input::Stdin);
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| {
            usage(format!(
                "{}: {}\n  check the path (files, directories, or - for stdin)",
                path.display(),
                io_reason(&e)
            ))
        })?;
        if !meta.is_dir() && !meta.is_file() {
            // a FIFO with no writer would block forever, a device never ends
            return Err(not_regular(path));
        }
        if !meta.is_dir() {
            inputs.push(file_input(path.clone()));
            continue;
        }
        let before = inputs.len();
        for entry in walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(entry) => entry,
                // A dangling symlink is one unreadable file, not a reason to stop the run.
                Err(e) if is_dangling_link(&e) => {
                    if let Some(p) = e.path()
                        && extension(p).is_some_and(|x| EXTENSIONS.contains(&x.as_str()))
                    {
                        inputs.push(file_input(p.to_path_buf()));
                    }
                    continue;
                }
                Err(e) => {
                    let at = e
                        .path()
                        .map_or_else(|| path.display().to_string(), |p| p.display().to_string());
                    let reason = e.io_error().map_or_else(|| e.to_string(), io_reason);
                    return Err(usage(format!(
                        "{at}: {reason}\n  fix the directory's permissions or leave it out"
                    )));
                }
            };
            let wanted = entry.file_type().is_file()
                && extension(entry.path()).is_some_and(|e| EXTENSIONS.contains(&e.as_str()));
            if wanted {
                inputs.push(file_input(entry.into_path()));
            }
        }
        if inputs.len() == before {
            return Err(usage(format!(
                "{}: no *.json, *.yaml, *.yml, *.ndjson or *.jsonl files in this directory\n  point at the payload files or a directory that holds them",
                path.display()
            )));
        }
    }
    Ok(inputs)
}

/// A walk error for a symlink whose target does not exist.
fn is_dangling_link(e: &walkdir::Error) -> bool {
    e.io_error()
        .is_some_and(|io| io.kind() == io::ErrorKind::NotFound)
        && e.path().is_some_and(|p| p.is_symlink())
}

/// A short reason for an I/O error, without the OS error number.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

/// Read at most [`MAX_DOCUMENT_BYTES`] + 1 bytes of a whole document.
pub fn read_document(reader: impl Read, into: &mut Vec<u8>) -> io::Result<()> {
    reader
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(into)?;
    Ok(())
}

/// What the line reader found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A non-blank line (see [`Lines::bytes`]), with its 1-based number.
    Text(usize),
    /// A line longer than [`MAX_DOCUMENT_BYTES`]: its number and length; its bytes were skipped.
    TooLong(usize, usize),
}

/// NDJSON lines with a reused, bounded buffer; blank lines are skipped.
pub struct Lines<R> {
    reader: R,
    number: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    /// Read lines from `reader`; the first line read gets number `after + 1`.
    pub fn new(reader: R, after: usize) -> Self {
        Lines {
            reader,
            number: after,
            buf: Vec::with_capacity(64 * 1024),
        }
    }

    /// The bytes of the last [`Line::Text`] (without the line ending).
    pub fn bytes(&self) -> &[u8] {
        &self.buf
    }

    /// The next non-blank line, or `None` at the end.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        loop {
            self.buf.clear();
            let limit = MAX_DOCUMENT_BYTES as u64 + 1;
            let n = (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut self.buf)?;
            if n == 0 {
                return Ok(None);
            }
            self.number += 1;
            if self.buf.last() == Some(&b'\n') {
                self.buf.pop();
                if self.buf.last() == Some(&b'\r') {
                    self.buf.pop();
                }
            } else if self.buf.len() > MAX_DOCUMENT_BYTES {
                let len = self.buf.len() + self.skip_rest_of_line()?;
                self.buf.clear();
                return Ok(Some(Line::TooLong(self.number, len)));
            }
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(Some(Line::Text(self.number)));
            }
        }
    }

    fn skip_rest_of_line(&mut self) -> io::Result<usize> {
        let mut skipped = 0;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(skipped);
            }
            match memchr::memchr(b'\n', available) {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(skipped + i);
                }
                None => {
                    let len = available.len();
                    skipped += len;
                    self.reader.consume(len);
                }
            }
        }
    }
}

/// What standard input turned out to hold.
pub enum StdinContent<R> {
    /// One document (JSON or YAML), read whole.
    Document(Vec<u8>),
    /// NDJSON: the first two non-blank lines (with their bytes; empty for [`Line::TooLong`])
    /// and the reader for the rest.
    Lines(Vec<(Line, Vec<u8>)>, Lines<R>),
}

/// Decide whether stdin holds one document or NDJSON: NDJSON when the first non-blank line
/// is a JSON value on its own and another non-blank line follows.
pub fn sniff_stdin<R: BufRead>(mut reader: R) -> io::Result<StdinContent<R>> {
    let mut head = Vec::new();
    let limit = MAX_DOCUMENT_BYTES as u64 + 1;
    let mut number = 0;
    let first = loop {
        let start = head.len();
        let n = (&mut reader).take(limit).read_until(b'\n', &mut head)?;
        if n == 0 {
            return Ok(StdinContent::Document(head));
        }
        number += 1;
        let line = trim_line(&head[start..]);
        if !line.iter().all(u8::is_ascii_whitespace) {
            break (Line::Text(number), line.to_vec());
        }
    };
    // A byte-order mark may start the input (editors on Windows write one); the line itself
    // keeps it, as in a file, and the parser skips it.
    let probe = first.1.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&first.1);
    let is_json_line = head.last() == Some(&b'\n')
        && serde_json::from_slice::<serde::de::IgnoredAny>(probe).is_ok();
    if !is_json_line {
        let rest = limit.saturating_sub(head.len() as u64);
        reader.take(rest).read_to_end(&mut head)?;
        return Ok(StdinContent::Document(head));
    }
    let mut lines = Lines::new(reader, number);
    match lines.next_line()? {
        None => Ok(StdinContent::Document(head)),
        Some(second) => {
            let bytes = lines.bytes().to_vec();
            Ok(StdinContent::Lines(vec![first, (second, bytes)], lines))
        }
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_blanks_and_count_numbers() {
        let data = b"{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}";
        let mut lines = Lines::new(&data[..], 0);
        let mut seen = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            let Line::Text(n) = line else { panic!() };
            seen.push((n, String::from_utf8(lines.bytes().to_vec()).unwrap()));
        }
        assert_eq!(
            seen,
            vec![
                (1, "{\"a\":1}".to_string()),
                (4, "{\"b\":2}".to_string()),
                (5, "{\"c\":3}".to_string())
            ]
        );
    }

    #[test]
    fn very_long_lines_are_skipped_not_buffered() {
        let mut data = b"{\"a\":1}\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_DOCUMENT_BYTES * 2));
        data.extend(b"\n{\"b\":2}\n");
        let mut lines = Lines::new(&data[..], 0);
        assert_eq!(lines.next_line().unwrap(), Some(Line::Text(1)));
        assert_eq!(
            lines.next_line().unwrap(),
            Some(Line::TooLong(2, MAX_DOCUMENT_BYTES * 2))
        );
        assert!(lines.buf.capacity() <= MAX_DOCUMENT_BYTES * 2);
        assert_eq!(lines.next_line().unwrap(), Some(Line::Text(3)));
        assert_eq!(lines.bytes(), b"{\"b\":2}");
        assert_eq!(lines.next_line().unwrap(), None);
    }

    #[test]
    fn stdin_is_sniffed() {
        let doc = b"{\n  \"p1\": \"Escalate\"\n}\n";
        assert!(matches!(sniff_stdin(&doc[..]).unwrap(), StdinContent::Document(d) if d == doc));
        let one_line = b"{\"p1\": \"Escalate\"}\n";
        assert!(matches!(
            sniff_stdin(&one_line[..]).unwrap(),
            StdinContent::Document(_)
        ));
        let yaml = b"p1: Escalate\np2: '[]'\n";
        assert!(matches!(sniff_stdin(&yaml[..]).unwrap(), StdinContent::Document(d) if d == yaml));
        let nd = b"\n{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";
        match sniff_stdin(&nd[..]).unwrap() {
            StdinContent::Lines(first, mut rest) => {
                assert_eq!(first[0], (Line::Text(2), b"{\"a\":1}".to_vec()));
                assert_eq!(first[1], (Line::Text(3), b"{\"b\":2}".to_vec()));
                assert_eq!(rest.next_line().unwrap(), Some(Line::Text(4)));
            }
            StdinContent::Document(_) => panic!("expected NDJSON"),
        }
        let bom = b"\xef\xbb\xbf{\"a\":1}\n{\"b\":2}\n";
        assert!(
            matches!(sniff_stdin(&bom[..]).unwrap(), StdinContent::Lines(..)),
            "a byte-order mark does not hide NDJSON"
        );
    }

    #[test]
    fn expand_walks_directories_sorted_and_rejects_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/nested")).unwrap();
        for name in [
            "b/nested/z.yml",
            "a.json",
            "b/x.ndjson",
            "c.JSONL",
            "notes.txt",
        ] {
            std::fs::write(root.join(name), "{}").unwrap();
        }
        let inputs = expand(&[root.to_path_buf()]).unwrap();
        let names: Vec<String> = inputs
            .iter()
            .map(|i| match i {
                Input::File { path, .. } => path.strip_prefix(root).unwrap().display().to_string(),
                Input::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.json", "b/nested/z.yml", "b/x.ndjson", "c.JSONL"]);
        assert!(matches!(&inputs[2], Input::File { ndjson: true, .. }));
        assert!(matches!(
            &inputs[1],
            Input::File {
                syntax: Syntax::Yaml,
                ndjson: false,
                ..
            }
        ));

        let missing = root.join("nope.json");
        let err = expand(std::slice::from_ref(&missing)).unwrap_err();
        assert!(crate::error::is_usage(&err));
        assert!(err.to_string().contains("nope.json"), "{err}");
        let twice = expand(&[PathBuf::from("-"), PathBuf::from("-")]).unwrap_err();
        assert!(crate::error::is_usage(&twice));
        std::fs::create_dir(root.join("empty")).unwrap();
        assert!(crate::error::is_usage(
            &expand(&[root.join("empty")]).unwrap_err()
        ));
    }
}
