//! `validate-payload`: read payload files, directories, NDJSON or stdin, judge every payload
//! offline, and stream the report (one subject per document or NDJSON line).

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::commands::Outcome;
use crate::context::Ctx;
use crate::payload::parse::{self, Syntax};
use crate::payload::schema::Schema;
use crate::payload::source::{self, Input, Line, Lines, StdinContent};
use crate::payload::{Checker, Inputs, Kind};
use crate::report::codes::general;
use crate::report::stream::{Finished, Settings, Stream};
use crate::report::{Finding, Subject};

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

/// Set by Ctrl-C / SIGTERM: stop reading, finish the report with what was judged.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Read buffer for files and stdin.
const READ_BUFFER: usize = 256 * 1024;

/// Run `validate-payload`.
pub fn run(ctx: &Ctx, options: &Options) -> anyhow::Result<Outcome> {
    let schema = options.schema.as_deref().map(Schema::load).transpose()?;
    let inputs = source::expand(&options.paths)?;
    let judge = Judge {
        checker: Checker::new(&ctx.config.rules, options.inputs.clone()),
        kind: options.kind,
        schema,
    };
    let reads_terminal = ctx.stdin_is_terminal && inputs.contains(&Input::Stdin);
    if !reads_terminal {
        // A second signal ends the process the usual way.
        let _ = ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }
    let mut stream = Stream::new(Settings::from_ctx(ctx, "validate-payload"));
    for input in &inputs {
        if INTERRUPTED.load(Ordering::Relaxed) {
            break;
        }
        judge.input(input, &mut stream)?;
    }
    if INTERRUPTED.load(Ordering::Relaxed) {
        let mut subject = Subject::new("run", "validate-payload").with_label("interrupted");
        subject.push(
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
    Ok(match stream.finish() {
        Finished::Batch(report) => Outcome::Report(report),
        Finished::Streamed(code) => Outcome::Done(code),
    })
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
        match parse::document(bytes, syntax, line) {
            Err(finding) => {
                subject.label = Some("unparsed".into());
                subject.fact("kind", "unknown");
                subject.push(finding);
            }
            Ok(value) => {
                let validated = self.checker.validate(&value, self.kind);
                let kind = validated.kind.map_or("unknown", |k| k.name());
                subject.label = Some(kind.to_string());
                subject.fact("kind", kind);
                subject.findings = validated.findings;
                if let Some(schema) = &self.schema {
                    subject.findings.extend(schema.check(&value));
                }
            }
        }
        subject.fact("bytes", bytes.len());
        subject
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
                    stream.push(self.line("stdin", line, &bytes))?;
                }
                self.lines("stdin", lines, stream)
            }
        }
    }

    fn line(&self, prefix: &str, line: Line, bytes: &[u8]) -> Subject {
        match line {
            Line::Text(n) => self.document(format!("{prefix}:{n}"), bytes, Syntax::Json, n),
            Line::TooLong(n, len) => {
                let mut subject =
                    Subject::new("payload", format!("{prefix}:{n}")).with_label("unparsed");
                subject.fact("kind", "unknown");
                subject.fact("bytes", len);
                subject.push(parse::too_large(len));
                subject
            }
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
        loop {
            if INTERRUPTED.load(Ordering::Relaxed) {
                return Ok(());
            }
            match lines.next_line() {
                Ok(None) => return Ok(()),
                Ok(Some(line)) => stream.push(self.line(prefix, line, lines.bytes()))?,
                Err(e) => {
                    return stream.push(unreadable(prefix.into(), Path::new(prefix), &e));
                }
            }
        }
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
