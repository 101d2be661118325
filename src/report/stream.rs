//! Streaming reports: subjects are rendered as they are judged, so a run over gigabytes of
//! NDJSON holds one subject at a time instead of the whole report.
//!
//! A [`Stream`] keeps the first [`Settings::batch_limit`] subjects. When the run ends within
//! that limit it hands back an ordinary [`Report`] for `app::finish`, so small runs look
//! exactly like every other command. Past the limit it goes live: severity overrides are
//! applied per subject and each output (stdout and every `--report FORMAT=FILE`) is written
//! incrementally:
//!
//! - JSON: the same document as the batch renderer, byte for byte (`subjects` comes before
//!   `status` and `summary` in [`Report`] for this reason).
//! - JUnit: test cases are spooled to a temporary file, then the suite header (which needs the
//!   counts) is written, the spool copied behind it, and the suite closed.
//! - Human: subjects that did not pass are printed with their findings as they come; passing
//!   subjects are counted in one line; no summary table (it would have a row per subject).
//!
//! Report files are written to a temporary file beside the target and renamed at the end, like
//! [`super::output::write_atomic`], with the same mode.

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context;

use super::human::{self, Style};
use super::overrides::Overrides;
use super::{FailOn, Format, Report, Status, Subject, Summary, github, json, junit, sarif};

/// Everything a stream needs to know, resolved from the run context by the command
/// (`commands::stream::settings`).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The subcommand name, as in [`Report::command`].
    pub command: String,
    /// Format on stdout.
    pub output: Format,
    /// Colours for human output on stdout.
    pub style: Style,
    /// Extra reports to write.
    pub report_files: Vec<(Format, PathBuf)>,
    /// Severity overrides.
    pub overrides: Overrides,
    /// Exit-code threshold.
    pub fail_on: FailOn,
    /// When the run started (for `elapsed_ms`).
    pub started: Instant,
    /// Runs with at most this many subjects are returned as a batch report.
    pub batch_limit: usize,
    /// Add GitHub annotations to human output on stdout (`GITHUB_ACTIONS=true`).
    pub github_annotations: bool,
}

/// How a stream ended.
#[derive(Debug)]
pub enum Finished {
    /// Within the batch limit: render this report the usual way (`app::finish`).
    Batch(Report),
    /// Streamed: everything is written; exit with this code.
    Streamed(i32),
}

/// Where one output goes.
enum Target {
    /// Standard output; a closed pipe (`| head`) silences it without failing the run.
    Stdout {
        out: BufWriter<io::Stdout>,
        closed: bool,
    },
    /// A report file, written to a temporary file and renamed at the end.
    File {
        out: BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
    },
    /// Memory shared with the caller (tests, library users).
    Memory(Arc<Mutex<Vec<u8>>>),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // every output passes the sink's redactor (callers write whole subjects at a time)
        let scrubbed = super::sink::scrub_bytes(buf);
        let buf_in = buf;
        let buf = &scrubbed[..];
        match self {
            Target::Stdout { out, closed } => {
                if !*closed && out.write_all(buf).is_err() {
                    *closed = true;
                }
                Ok(buf_in.len())
            }
            Target::File { out, .. } => out.write_all(buf).map(|()| buf_in.len()),
            Target::Memory(bytes) => {
                if let Ok(mut bytes) = bytes.lock() {
                    bytes.extend_from_slice(buf);
                }
                Ok(buf_in.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout { out, closed } => {
                if !*closed && out.flush().is_err() {
                    *closed = true;
                }
                Ok(())
            }
            Target::File { out, .. } => out.flush(),
            Target::Memory(_) => Ok(()),
        }
    }
}

impl Target {
    fn file(path: &std::path::Path) -> anyhow::Result<Target> {
        let tmp = super::output::temp_file_beside(path, super::output::Access::Shared)?;
        Ok(Target::File {
            out: BufWriter::with_capacity(64 * 1024, tmp),
            path: path.to_path_buf(),
        })
    }

    /// Flush, and move a report file into place.
    fn close(self) -> anyhow::Result<()> {
        match self {
            Target::Stdout { mut out, closed } => {
                if !closed {
                    let _ = out.flush();
                }
                Ok(())
            }
            Target::File { out, path } => {
                let tmp = out
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("writing {}", path.display()))?;
                tmp.as_file()
                    .sync_all()
                    .with_context(|| format!("writing {}", path.display()))?;
                tmp.persist(&path).map_err(|e| e.error).with_context(|| {
                    format!("renaming the temporary file to {}", path.display())
                })?;
                Ok(())
            }
            Target::Memory(_) => Ok(()),
        }
    }
}

/// Streamed JSON is written to its target in blocks of at least this many bytes.
const JSON_BLOCK: usize = 64 * 1024;

/// Streamed human output is written in blocks of at least this many bytes...
const HUMAN_BLOCK: usize = 32 * 1024;

/// ...or when this long has passed since the last write.
const HUMAN_DELAY: std::time::Duration = std::time::Duration::from_millis(200);

/// Per-format state of a live output.
enum State {
    Json {
        any: bool,
        buf: Vec<u8>,
        scratch: Vec<u8>,
    },
    Junit {
        cases: junit::Cases,
        spool: BufWriter<File>,
    },
    Human {
        passing: usize,
        /// Rendered subjects not written yet (whole subjects only, so the redactor sees
        /// each one in one piece).
        text: String,
        /// When `text` was last written.
        written: Instant,
    },
    Sarif {
        any: bool,
        /// Reused for each subject's results.
        text: String,
        cwd: Option<PathBuf>,
    },
    Github {
        /// Reused for each subject's annotations.
        text: String,
    },
}

/// One live output: a format written to a target.
struct Output {
    format: Format,
    style: Style,
    target: Target,
    state: State,
    /// The first write error; the output stops being written after it.
    error: Option<io::Error>,
    /// Human output followed by each subject's GitHub annotations.
    annotate: bool,
}

impl Output {
    fn new(
        format: Format,
        style: Style,
        mut target: Target,
        command: &str,
    ) -> anyhow::Result<Output> {
        let state = match format {
            Format::Json => {
                target
                    .write_all(json::stream_head(command).as_bytes())
                    .context("writing the JSON report")?;
                State::Json {
                    any: false,
                    buf: Vec::with_capacity(JSON_BLOCK + 64 * 1024),
                    scratch: Vec::new(),
                }
            }
            Format::Junit => State::Junit {
                cases: junit::Cases::new(command),
                spool: BufWriter::with_capacity(
                    64 * 1024,
                    tempfile::tempfile()
                        .context("creating a temporary file for the JUnit report")?,
                ),
            },
            Format::Human => State::Human {
                passing: 0,
                text: String::with_capacity(HUMAN_BLOCK + 4096),
                written: Instant::now(),
            },
            Format::Sarif | Format::Github => machine_state(format, &mut target, command)?,
        };
        Ok(Output {
            format,
            style,
            target,
            state,
            error: None,
            annotate: false,
        })
    }

    /// Write `subject`'s GitHub annotations after its human text.
    fn annotations(&mut self, subject: &Subject) -> io::Result<()> {
        let mut text = String::new();
        github::subject(&mut text, subject);
        self.target.write_all(text.as_bytes())
    }

    fn subject(&mut self, subject: &Subject) {
        if self.error.is_some() {
            return;
        }
        let result = match &mut self.state {
            State::Json { any, buf, scratch } => {
                json::stream_subject(buf, scratch, subject, !*any);
                *any = true;
                // Subjects are gathered and written in large blocks, bypassing the target's
                // own buffer; the rest is written by `finish`.
                if buf.len() >= JSON_BLOCK {
                    let result = self.target.write_all(buf);
                    buf.clear();
                    result
                } else {
                    Ok(())
                }
            }
            State::Junit { cases, spool } => {
                spool.write_all(&super::sink::scrub_bytes(&cases.case(subject)))
            }
            State::Human {
                passing,
                text,
                written,
            } => {
                if subject.status == Status::Pass {
                    *passing += 1;
                    Ok(())
                } else {
                    human::render_subject(text, self.style, subject, false);
                    // written in blocks, like JSON, but never held back longer than
                    // HUMAN_DELAY, so a slow input still shows its problems as they come
                    if text.len() >= HUMAN_BLOCK || written.elapsed() >= HUMAN_DELAY {
                        let result = self
                            .target
                            .write_all(text.as_bytes())
                            .and_then(|()| self.target.flush());
                        text.clear();
                        *written = Instant::now();
                        result
                    } else {
                        Ok(())
                    }
                }
            }
            State::Sarif { any, text, cwd } => {
                text.clear();
                sarif::results(text, subject, any, cwd.as_deref());
                self.target.write_all(text.as_bytes())
            }
            State::Github { text } => {
                text.clear();
                github::subject(text, subject);
                self.target.write_all(text.as_bytes())
            }
        };
        let result = match result {
            Ok(()) if self.annotate => self.annotations(subject),
            other => other,
        };
        if let Err(e) = result {
            self.error = Some(e);
        }
    }

    fn finish(mut self, totals: &Report) -> anyhow::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e.into());
        }
        match self.state {
            State::Json { any, buf, .. } => {
                self.target.write_all(&buf)?;
                self.target
                    .write_all(json::stream_tail(totals, any).as_bytes())?;
            }
            State::Junit { cases, spool } => {
                let mut spool = spool.into_inner().map_err(|e| e.into_error())?;
                spool.rewind()?;
                self.target.write_all(&junit::head(totals))?;
                io::copy(&mut spool, &mut self.target)?;
                self.target.write_all(&cases.tail())?;
            }
            State::Human {
                passing, mut text, ..
            } => {
                if passing > 0 {
                    let noun = if passing == 1 { "subject" } else { "subjects" };
                    let note = format!(
                        "{passing} passing {noun} not listed (runs of more than {} subjects list only those that did not pass)",
                        human::COLLAPSE_PASSING_ABOVE
                    );
                    human::push_wrapped(&mut text, self.style, "", "", &note);
                }
                text.push_str(&human::summary_line_for(
                    self.style,
                    totals.status,
                    &totals.summary,
                    totals.elapsed_ms,
                ));
                self.target.write_all(text.as_bytes())?;
            }
            State::Sarif { any, .. } => {
                self.target.write_all(sarif::tail(totals, any).as_bytes())?;
            }
            State::Github { .. } => {}
        }
        self.target.close()
    }
}

/// The state of a SARIF or GitHub output, SARIF's head written (its rules are known at the
/// start and its results need no counts, so nothing is spooled).
fn machine_state(format: Format, target: &mut Target, command: &str) -> anyhow::Result<State> {
    Ok(match format {
        Format::Sarif => {
            target
                .write_all(sarif::head(command).as_bytes())
                .context("writing the SARIF report")?;
            State::Sarif {
                any: false,
                text: String::new(),
                cwd: std::env::current_dir().ok(),
            }
        }
        _ => State::Github {
            text: String::new(),
        },
    })
}

/// A report being produced subject by subject.
pub struct Stream {
    settings: Settings,
    buffered: Vec<Subject>,
    live: Option<Vec<Output>>,
    summary: Summary,
    worst: Status,
    stdout: Option<Arc<Mutex<Vec<u8>>>>,
}

impl Stream {
    /// A stream writing to the real stdout and report files.
    pub fn new(settings: Settings) -> Stream {
        Stream {
            settings,
            buffered: Vec::new(),
            live: None,
            summary: Summary::default(),
            worst: Status::Pass,
            stdout: None,
        }
    }

    /// A stream whose stdout output is collected in `buffer` instead.
    pub fn with_stdout_buffer(settings: Settings, buffer: Arc<Mutex<Vec<u8>>>) -> Stream {
        Stream {
            stdout: Some(buffer),
            ..Stream::new(settings)
        }
    }

    /// Subjects judged so far.
    pub fn count(&self) -> usize {
        self.summary.total() + self.buffered.len()
    }

    /// Add a judged subject. Fails only when a live output cannot be set up (exit 3).
    pub fn push(&mut self, mut subject: Subject) -> anyhow::Result<()> {
        if self.live.is_some() {
            return self.push_ref(&mut subject);
        }
        self.buffered.push(subject);
        if self.buffered.len() > self.settings.batch_limit {
            self.go_live()?;
        }
        Ok(())
    }

    /// Add a judged subject the caller keeps, so that a long run can reuse one subject's
    /// allocations. Severity overrides are applied to it in place.
    pub fn push_ref(&mut self, subject: &mut Subject) -> anyhow::Result<()> {
        let Some(outputs) = &mut self.live else {
            return self.push(subject.clone());
        };
        self.settings.overrides.apply_subject(subject);
        self.summary.add(subject.status);
        self.worst = self.worst.max(subject.status);
        for output in outputs.iter_mut() {
            output.subject(subject);
        }
        Ok(())
    }

    /// Start writing now, whatever the count (no-op when already live).
    pub fn go_live(&mut self) -> anyhow::Result<()> {
        if self.live.is_some() {
            return Ok(());
        }
        let s = &self.settings;
        let stdout = match &self.stdout {
            Some(buffer) => Target::Memory(Arc::clone(buffer)),
            None => Target::Stdout {
                out: BufWriter::with_capacity(64 * 1024, io::stdout()),
                closed: false,
            },
        };
        let mut first = Output::new(s.output, s.style, stdout, &s.command)?;
        first.annotate = s.github_annotations;
        let mut outputs = vec![first];
        for (format, path) in &s.report_files {
            let target = Target::file(path)
                .with_context(|| format!("could not write the report {}", path.display()))?;
            outputs.push(Output::new(
                *format,
                s.style.colored(false),
                target,
                &s.command,
            )?);
        }
        self.live = Some(outputs);
        for subject in std::mem::take(&mut self.buffered) {
            self.push(subject)?;
        }
        Ok(())
    }

    /// End the stream, stamping `elapsed_ms` from the start of the run and the provenance
    /// ([`super::meta::stamp`]) with the current time.
    pub fn finish(self) -> Finished {
        let elapsed =
            u64::try_from(self.settings.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let meta = super::meta::stamp(chrono::Utc::now(), super::meta::hostname());
        self.finish_at(elapsed, meta)
    }

    /// End the stream with a given `elapsed_ms` and provenance (a streamed report writes
    /// them in its tail; a batch report gets them from `app::finish`).
    pub fn finish_at(self, elapsed_ms: u64, meta: super::meta::Meta) -> Finished {
        let Some(outputs) = self.live else {
            let mut report = Report::new(&self.settings.command);
            report.subjects = self.buffered;
            return Finished::Batch(report);
        };
        let mut totals = Report::new(&self.settings.command);
        totals.status = self.worst;
        totals.summary = self.summary;
        totals.elapsed_ms = elapsed_ms;
        *totals.meta = meta;
        let mut code = super::summary_exit_code(&self.summary, self.settings.fail_on);
        for output in outputs {
            let name = output.format.name();
            if let Err(e) = output.finish(&totals) {
                super::sink::eprintln(&format!("error: could not write the {name} report: {e:#}"));
                code = crate::error::exit::INCOMPLETE;
            }
        }
        Finished::Streamed(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::overrides::Level;
    use crate::report::{Finding, Severity, codes::general};

    fn subjects(n: usize) -> Vec<Subject> {
        (0..n)
            .map(|i| {
                let mut s = Subject::new("payload", format!("big.ndjson:{}", i + 1))
                    .with_label("cognigy-signal");
                s.fact("kind", "cognigy-signal");
                s.fact("bytes", 42 + i as u64);
                if i % 7 == 3 {
                    let mut f =
                        Finding::new(&general::INPUT_UNREADABLE, format!("broken \"{i}\" <&>"))
                            .at("/p2")
                            .hint("fix it");
                    (f.line, f.column) = (Some(i as u32 + 1), Some(12));
                    s.push(f);
                }
                if i % 11 == 5 {
                    s.push(Finding::new(&general::RUN_INTERRUPTED, "w").severity(Severity::Warn));
                }
                s
            })
            .collect()
    }

    fn settings(format: Format, limit: usize) -> Settings {
        let mut overrides = Overrides::default();
        overrides.set("run-interrupted", Level::Deny);
        Settings {
            command: "validate-payload".into(),
            output: format,
            style: Style::plain(),
            report_files: Vec::new(),
            overrides,
            fail_on: FailOn::Fail,
            started: Instant::now(),
            batch_limit: limit,
            github_annotations: false,
        }
    }

    /// Stream `n` subjects in `format` with batch limit 0; return (stdout, exit code).
    fn streamed(format: Format, n: usize) -> (String, i32) {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let mut stream = Stream::with_stdout_buffer(settings(format, 0), Arc::clone(&buffer));
        stream.go_live().unwrap();
        for s in subjects(n) {
            stream.push(s).unwrap();
        }
        let Finished::Streamed(code) = stream.finish_at(1234, pinned_meta()) else {
            panic!("expected a streamed run");
        };
        let bytes = buffer.lock().unwrap().clone();
        (String::from_utf8(bytes).unwrap(), code)
    }

    /// Provenance with a fixed time and host, as a test pins it.
    fn pinned_meta() -> crate::report::meta::Meta {
        crate::report::meta::Meta {
            generated_at: chrono::DateTime::parse_from_rfc3339("2026-03-01T12:30:05.123Z")
                .ok()
                .map(|t| t.with_timezone(&chrono::Utc)),
            hostname: Some("ci-runner-7".into()),
            ..Default::default()
        }
    }

    fn batch(n: usize) -> Report {
        let mut report = Report::new("validate-payload");
        *report.meta = pinned_meta();
        report.subjects = subjects(n);
        settings(Format::Json, 0).overrides.apply(&mut report);
        report.elapsed_ms = 1234;
        report
    }

    #[test]
    fn streamed_json_is_identical_to_the_batch_document() {
        for n in [0, 1, 2, 30] {
            let (text, code) = streamed(Format::Json, n);
            let report = batch(n);
            assert_eq!(text, json::render(&report), "n = {n}");
            assert_eq!(code, crate::report::exit_code(&report, FailOn::Fail));
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            // the six v1 keys, then the provenance added after `elapsed_ms`, in this order
            let order = [
                "schema",
                "command",
                "subjects",
                "status",
                "summary",
                "elapsed_ms",
                "tool",
                "profile",
                "tenant",
                "generated_at",
            ];
            assert_eq!(v.as_object().unwrap().len(), order.len());
            let places: Vec<usize> = order
                .iter()
                .map(|k| text.find(&format!("\n  \"{k}\"")).expect(k))
                .collect();
            assert!(places.is_sorted(), "{places:?}");
            assert_eq!(v["generated_at"], "2026-03-01T12:30:05.123Z");
        }
    }

    #[test]
    fn streamed_junit_is_identical_to_the_batch_document() {
        for n in [0, 1, 30] {
            let (text, _) = streamed(Format::Junit, n);
            assert_eq!(text, junit::render(&batch(n)), "n = {n}");
            let doc = roxmltree::Document::parse(&text).expect("well-formed");
            let suite = doc.root_element();
            // started 1.234 s before the report was made
            assert_eq!(suite.attribute("timestamp"), Some("2026-03-01T12:30:03"));
            assert_eq!(suite.attribute("hostname"), Some("ci-runner-7"));
        }
    }

    #[test]
    fn streamed_sarif_and_github_are_identical_to_the_batch_documents() {
        let cwd = std::env::current_dir().ok();
        for n in [0, 1, 30] {
            let (text, code) = streamed(Format::Sarif, n);
            let report = batch(n);
            // what is written passes the sink's redactor, which other tests of this process
            // may have taught a secret that appears in a code's explanation
            let scrub = |text: String| {
                String::from_utf8(crate::report::sink::scrub_bytes(text.as_bytes()).into_owned())
                    .unwrap()
            };
            let want = scrub(crate::report::sarif::render(&report, cwd.as_deref()));
            assert!(text == want, "n = {n}");
            assert_eq!(code, crate::report::exit_code(&report, FailOn::Fail));
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                v["runs"][0]["invocations"][0]["endTimeUtc"],
                "2026-03-01T12:30:05.123Z"
            );
            let (text, _) = streamed(Format::Github, n);
            assert_eq!(
                text,
                scrub(crate::report::github::render(&report)),
                "n = {n}"
            );
        }
        let (text, _) = streamed(Format::Github, 30);
        assert!(
            text.starts_with("::error file=big.ndjson,line=4,col=12,title=input-unreadable::"),
            "{text}"
        );
    }

    #[test]
    fn streamed_human_in_actions_carries_each_subjects_annotations() {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let mut s = settings(Format::Human, 0);
        s.github_annotations = true;
        let mut stream = Stream::with_stdout_buffer(s, Arc::clone(&buffer));
        for subject in subjects(30) {
            stream.push(subject).unwrap();
        }
        let _ = stream.finish_at(1, pinned_meta());
        let text = String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
        let expected = crate::report::github::render(&batch(30));
        let annotations: String = text
            .lines()
            .filter(|l| l.starts_with("::"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(annotations, expected);
        assert!(text.contains("FAIL  payload big.ndjson:4"), "{text}");
    }

    #[test]
    fn streamed_human_lists_problems_and_counts_passing() {
        let (text, code) = streamed(Format::Human, 30);
        let report = batch(30);
        assert_eq!(code, 1);
        let problems = report
            .subjects
            .iter()
            .filter(|s| s.status != Status::Pass)
            .count();
        assert_eq!(text.matches("FAIL  payload").count(), problems, "{text}");
        assert!(!text.contains("PASS  payload"));
        let passing = report.summary.pass;
        assert!(
            text.contains(&format!("{passing} passing subjects not listed")),
            "{text}"
        );
        assert!(
            text.ends_with(&human::summary_line(Style::plain(), &report)),
            "{text}"
        );
    }

    #[test]
    fn small_runs_come_back_as_a_batch_report() {
        let mut stream = Stream::new(settings(Format::Json, 20));
        for s in subjects(20) {
            stream.push(s).unwrap();
        }
        assert_eq!(stream.count(), 20);
        match stream.finish() {
            Finished::Batch(report) => assert_eq!(report.subjects.len(), 20),
            Finished::Streamed(_) => panic!("20 subjects should stay a batch"),
        }
    }

    #[test]
    fn report_files_are_written_and_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let json_path = dir.path().join("out/report.json");
        let junit_path = dir.path().join("out/report.xml");
        let mut s = settings(Format::Human, 0);
        s.report_files = vec![
            (Format::Json, json_path.clone()),
            (Format::Junit, junit_path.clone()),
        ];
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let mut stream = Stream::with_stdout_buffer(s, buffer);
        for subject in subjects(25) {
            stream.push(subject).unwrap();
        }
        let Finished::Streamed(code) = stream.finish_at(7, pinned_meta()) else {
            panic!("expected a streamed run");
        };
        assert_eq!(code, 1);
        let mut report = batch(25);
        report.elapsed_ms = 7;
        assert_eq!(
            std::fs::read_to_string(&json_path).unwrap(),
            json::render(&report)
        );
        assert_eq!(
            std::fs::read_to_string(&junit_path).unwrap(),
            junit::render(&report)
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("out")).unwrap().count(),
            2
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode =
                |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let probe = dir.path().join("probe");
            File::create(&probe).unwrap();
            assert_eq!(
                mode(&json_path),
                mode(&probe),
                "the mode File::create gives"
            );
            assert_eq!(
                mode(&junit_path),
                mode(&probe),
                "the mode File::create gives"
            );
        }
    }
}
