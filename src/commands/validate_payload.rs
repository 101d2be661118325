//! `validate-payload`: read payload files, directories, NDJSON or stdin, judge every payload
//! offline, and stream the report (one subject per document or NDJSON line).

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::commands::Outcome;
use crate::context::Ctx;
use crate::interrupt;
use crate::payload::parse::{self, Syntax};
use crate::payload::saved;
use crate::payload::schema::Schema;
use crate::payload::source::{self, Input, Line, Lines, StdinContent};
use crate::payload::{Checker, Inputs, Kind};
use crate::report::codes::general;
use crate::report::stream::{Finished, Settings, Stream};
use crate::report::{Finding, Report, Subject};

/// Options of one run, resolved from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Files, directories, or `-` for stdin.
    pub paths: Vec<PathBuf>,
    /// Validate every payload as this kind instead of detecting it.
    pub kind: Option<Kind>,
    /// The user's JSON Schema to check every payload against too.
    pub schema: Option<PathBuf>,
    /// `--contact-id`, `--confidence`, `--intent`.
    pub inputs: Inputs,
}

/// Read buffer for files and stdin.
const READ_BUFFER: usize = 256 * 1024;

/// Run `validate-payload`: stream the report to stdout and the report files.
pub fn run(ctx: &Ctx, options: &Options) -> anyhow::Result<Outcome> {
    options.inputs.check()?;
    let mut inputs: Vec<(&str, &std::path::Path)> = options
        .paths
        .iter()
        .map(|p| ("the payload", p.as_path()))
        .collect();
    inputs.extend(options.schema.as_deref().map(|p| ("the schema", p)));
    crate::context::check_outputs_not_inputs(ctx, &[], &inputs)?;
    let stream = Stream::new(Settings::from_ctx(ctx, "validate-payload"));
    Ok(match judge_all(ctx, options, stream)? {
        Finished::Batch(report) => Outcome::Report(report),
        Finished::Streamed(code) => Outcome::Done(code),
    })
}

/// Judge every input into one report held in memory, writing nothing (for `smoke`, whose
/// payload sets are small).
pub fn collect(ctx: &Ctx, options: &Options) -> anyhow::Result<Report> {
    let settings = Settings {
        batch_limit: usize::MAX,
        report_files: Vec::new(),
        ..Settings::from_ctx(ctx, "validate-payload")
    };
    match judge_all(ctx, options, Stream::new(settings))? {
        Finished::Batch(report) => Ok(report),
        Finished::Streamed(_) => anyhow::bail!("a batch stream cannot stream"),
    }
}

/// Judge every input into `stream`; Ctrl-C / SIGTERM stops reading and ends the report with
/// what was judged plus a `run-interrupted` subject (exit 3).
pub fn judge_all(ctx: &Ctx, options: &Options, mut stream: Stream) -> anyhow::Result<Finished> {
    let schema = options.schema.as_deref().map(Schema::load).transpose()?;
    let inputs = source::expand(&options.paths)?;
    let judge = Judge {
        checker: Checker::new(&ctx.config.rules, options.inputs.clone()),
        kind: options.kind,
        schema,
    };
    for input in &inputs {
        if interrupt::requested() {
            break;
        }
        judge.input(input, &mut stream)?;
    }
    if interrupt::requested() {
        let mut subject = Subject::new("run", "validate-payload").with_label("interrupted");
        subject.error(
            Finding::new(
                &general::RUN_INTERRUPTED,
                format!(
                    "interrupted after {} payloads; the rest of the input was not judged",
                    stream.count()
                ),
            )
            .at("")
            .hint("Run the command again to judge every payload."),
        );
        stream.push(subject)?;
    }
    Ok(stream.finish())
}

/// Turns bytes into judged subjects.
struct Judge {
    checker: Checker,
    kind: Option<Kind>,
    schema: Option<Schema>,
}

impl Judge {
    /// Judge one document (a file, stdin, or an NDJSON line starting at `line`).
    fn document(&self, id: String, bytes: &[u8], syntax: Syntax, line: usize) -> Subject {
        let mut subject = Subject::new("payload", id);
        self.fill(&mut subject, bytes, syntax, line);
        subject
    }

    /// Judge a document into `subject`, replacing everything but its kind and id. Values are
    /// written in place, so a subject reused line after line allocates nothing when it passes.
    fn fill(&self, subject: &mut Subject, bytes: &[u8], syntax: Syntax, line: usize) {
        if syntax != Syntax::Yaml
            && let Some(saved) = saved::sniff(bytes)
        {
            return self.fill_saved(subject, saved, line);
        }
        self.fill_as(subject, bytes, syntax, line, self.kind);
        // positions in the file as read (a saved request's body is not the file's text, and
        // stdin is no file a report can point at)
        if !is_stdin(&subject.id) {
            crate::payload::position::annotate(&mut subject.findings, bytes, syntax, line);
        }
    }

    /// Judge a request saved by `listen --save`: its body as sent, as the kind the listener
    /// judged it as (unless `--kind` says otherwise), so the verdict is the listener's.
    fn fill_saved(&self, subject: &mut Subject, saved: Result<saved::Saved, String>, line: usize) {
        let body = saved.and_then(|s| match s.body_bytes() {
            Some(Ok(body)) => Ok((body, s.kind())),
            Some(Err(e)) => Err(e),
            None => Err(
                "the saved request has no body (the listener refused it before reading it)".into(),
            ),
        });
        match body {
            Ok((body, kind)) => self.fill_as(subject, &body, Syntax::Json, 1, self.kind.or(kind)),
            Err(why) => {
                subject.findings.clear();
                subject.errored = false;
                set_label(subject, "unparsed");
                set_facts(subject, "unknown", 0);
                subject.findings.push(
                    Finding::new(
                        &crate::payload::codes::PAYLOAD_SYNTAX,
                        format!("line {line}: {why}"),
                    )
                    .at("")
                    .hint("Save the requests again with `cxone-diag listen --save FILE`."),
                );
            }
        }
    }

    fn fill_as(
        &self,
        subject: &mut Subject,
        bytes: &[u8],
        syntax: Syntax,
        line: usize,
        forced: Option<Kind>,
    ) {
        subject.findings.clear();
        subject.errored = false;
        let kind = match parse::document_scanned(bytes, syntax, line, &self.checker) {
            Err(finding) => {
                set_label(subject, "unparsed");
                subject.findings.push(finding);
                "unknown"
            }
            Ok(scanned) => {
                let validated = self.checker.validate_scanned(&scanned, forced);
                let kind = validated.kind.map_or("unknown", |k| k.name());
                set_label(subject, kind);
                subject.findings = validated.findings;
                if let Some(schema) = &self.schema {
                    subject
                        .findings
                        .extend(schema.check(&scanned.value.to_serde()));
                }
                kind
            }
        };
        set_facts(subject, kind, bytes.len());
    }

    /// Judge everything in one input, pushing subjects as they are judged.
    fn input(&self, input: &Input, stream: &mut Stream) -> anyhow::Result<()> {
        match input {
            Input::Stdin => self.stdin(stream),
            Input::File {
                path,
                syntax,
                ndjson,
            } => {
                let id = path.display().to_string();
                let file = match File::open(path) {
                    Ok(file) => file,
                    Err(e) => return stream.push(unreadable(id, path, &e)),
                };
                if *ndjson {
                    self.ndjson(&id, BufReader::with_capacity(READ_BUFFER, file), stream)
                } else {
                    // A file over the limit is not read: its size comes from the file system.
                    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                    if let Ok(len) = usize::try_from(size)
                        && len > parse::MAX_DOCUMENT_BYTES
                    {
                        return stream.push(too_large(id, len));
                    }
                    let mut bytes = Vec::new();
                    match source::read_document(file, &mut bytes) {
                        Ok(()) => stream.push(self.document(id, &bytes, *syntax, 1)),
                        Err(e) => stream.push(unreadable(id, path, &e)),
                    }
                }
            }
        }
    }

    fn stdin(&self, stream: &mut Stream) -> anyhow::Result<()> {
        let reader = BufReader::with_capacity(READ_BUFFER, io::stdin().lock());
        match source::sniff_stdin(reader) {
            Err(e) => stream.push(unreadable("-".into(), Path::new("stdin"), &e)),
            Ok(StdinContent::Document(bytes)) => {
                stream.push(self.document("-".into(), &bytes, Syntax::Sniff, 1))
            }
            Ok(StdinContent::Lines(first, lines)) => {
                for (line, bytes) in first {
                    if matches!(line, Line::Text(_)) && saved::without_body(&bytes) {
                        continue;
                    }
                    stream.push(self.line("stdin", line, &bytes))?;
                }
                self.lines("stdin", lines, stream)
            }
        }
    }

    fn line(&self, prefix: &str, line: Line, bytes: &[u8]) -> Subject {
        let mut subject = Subject::new("payload", String::new());
        self.fill_line(&mut subject, prefix, line, bytes);
        subject
    }

    /// Judge one NDJSON line into `subject` (id `PREFIX:LINE`).
    fn fill_line(&self, subject: &mut Subject, prefix: &str, line: Line, bytes: &[u8]) {
        let (Line::Text(n) | Line::TooLong(n, _)) = line;
        subject.id.clear();
        subject.id.push_str(prefix);
        subject.id.push(':');
        subject.id.push_str(itoa::Buffer::new().format(n));
        match line {
            Line::Text(n) => self.fill(subject, bytes, Syntax::Json, n),
            Line::TooLong(_, len) => fill_too_large(subject, len),
        }
    }

    fn ndjson<R: BufRead>(
        &self,
        id: &str,
        mut reader: R,
        stream: &mut Stream,
    ) -> anyhow::Result<()> {
        // A binary file would otherwise give one subject per "line" of garbage.
        let head = match reader.fill_buf() {
            Ok(head) => head,
            Err(e) => return stream.push(unreadable(id.into(), Path::new(id), &e)),
        };
        if head.is_empty() || memchr::memchr(0, &head[..head.len().min(8192)]).is_some() {
            let sample = head[..head.len().min(8192)].to_vec();
            return stream.push(self.document(id.into(), &sample, Syntax::Json, 1));
        }
        let before = stream.count();
        self.lines(id, Lines::new(reader, 0), stream)?;
        if stream.count() == before {
            stream.push(self.document(id.into(), b"", Syntax::Json, 1))?;
        }
        Ok(())
    }

    fn lines<R: BufRead>(
        &self,
        prefix: &str,
        mut lines: Lines<R>,
        stream: &mut Stream,
    ) -> anyhow::Result<()> {
        // One subject for the whole file: its strings and maps are reused line after line.
        let mut subject = Subject::new("payload", String::new());
        loop {
            if interrupt::requested() {
                return Ok(());
            }
            match lines.next_line() {
                Ok(None) => return Ok(()),
                // a request `listen` refused before reading its body: nothing to judge
                Ok(Some(Line::Text(_))) if saved::without_body(lines.bytes()) => {}
                Ok(Some(line)) => {
                    self.fill_line(&mut subject, prefix, line, lines.bytes());
                    stream.push_ref(&mut subject)?;
                }
                Err(e) => {
                    return stream.push(unreadable(prefix.into(), Path::new(prefix), &e));
                }
            }
        }
    }
}

/// Whether a subject id is that of stdin (`-`) or of one of its NDJSON lines (`stdin:N`).
fn is_stdin(id: &str) -> bool {
    id == "-"
        || id
            .strip_prefix("stdin:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Judge a document of `len` bytes, over the limit and not read, into `subject`.
fn fill_too_large(subject: &mut Subject, len: usize) {
    subject.findings.clear();
    subject.errored = false;
    set_label(subject, "unparsed");
    set_facts(subject, "unknown", len);
    subject.findings.push(parse::too_large(Some(len)));
}

/// A subject for a file of `len` bytes, over the limit and not read.
fn too_large(id: String, len: usize) -> Subject {
    let mut subject = Subject::new("payload", id);
    fill_too_large(&mut subject, len);
    subject
}

/// Set the subject's label, reusing its string.
fn set_label(subject: &mut Subject, label: &str) {
    match &mut subject.label {
        Some(existing) => {
            existing.clear();
            existing.push_str(label);
        }
        None => subject.label = Some(label.to_string()),
    }
}

/// Set the `kind` and `bytes` facts, reusing the map's keys and strings.
fn set_facts(subject: &mut Subject, kind: &str, bytes: usize) {
    // A reused subject already holds exactly these two facts (in key order): set them in place.
    if subject.facts.len() == 2 {
        let mut facts = subject.facts.iter_mut();
        if let (Some((first, old_bytes)), Some((second, Value::String(old_kind)))) =
            (facts.next(), facts.next())
            && first == "bytes"
            && second == "kind"
        {
            *old_bytes = Value::from(bytes);
            old_kind.clear();
            old_kind.push_str(kind);
            return;
        }
    }
    match subject.facts.get_mut("kind") {
        Some(Value::String(existing)) => {
            existing.clear();
            existing.push_str(kind);
        }
        _ => subject.fact("kind", kind),
    }
    match subject.facts.get_mut("bytes") {
        Some(value) => *value = Value::from(bytes),
        None => subject.fact("bytes", bytes),
    }
}

/// A subject for an input that could not be read.
fn unreadable(id: String, path: &Path, e: &io::Error) -> Subject {
    let mut subject = Subject::new("payload", id).with_label("unread");
    subject.error(
        Finding::new(
            &general::INPUT_UNREADABLE,
            format!("cannot read {}: {}", path.display(), source::io_reason(e)),
        )
        .at("")
        .hint("Check the file's permissions, or that it is a regular file, and run again."),
    );
    subject
}
