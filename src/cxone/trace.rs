//! The verbose HTTP trace on stderr: `-v` one line per request, `-vv` headers and bodies, all redacted.

use std::io::Write;
use std::sync::{Arc, Mutex};

use super::redact::{MASK, Redactor};
use crate::secret_name::{Place, is_secret_name};

/// Longest body shown at `-vv`, in characters.
const MAX_BODY_CHARS: usize = 4000;

/// Masks customer data in a `-vv` body: (URL, body) → the body to show.
pub type BodyMask = fn(&str, &str) -> String;

/// The customer-data mask of `-vv` bodies (the support bundles' rules), installed by the
/// binary unless `--raw-bodies`; secrets are masked either way.
static BODY_MASK: std::sync::OnceLock<BodyMask> = std::sync::OnceLock::new();

/// Mask customer data in every `-vv` body of this process with `mask`.
pub fn mask_bodies_with(mask: BodyMask) {
    let _ = BODY_MASK.set(mask);
}

/// Where trace lines go: stderr, or a buffer in tests.
pub type Sink = Arc<Mutex<dyn Write + Send>>;

/// Writes redacted trace lines when the verbosity asks for them.
#[derive(Clone)]
pub struct Tracer {
    level: u8,
    sink: Sink,
    redactor: Redactor,
}

impl std::fmt::Debug for Tracer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tracer")
            .field("level", &self.level)
            .finish()
    }
}

impl Tracer {
    /// A tracer at `level` (0 silent, 1 requests, 2 headers and bodies) writing to `sink`.
    pub fn new(level: u8, sink: Sink, redactor: Redactor) -> Self {
        Tracer {
            level,
            sink,
            redactor,
        }
    }

    /// A tracer writing to stderr.
    pub fn stderr(level: u8, redactor: Redactor) -> Self {
        let stderr = crate::report::sink::Scrubbed(std::io::stderr());
        Tracer::new(level, Arc::new(Mutex::new(stderr)), redactor)
    }

    /// The verbosity.
    pub fn level(&self) -> u8 {
        self.level
    }

    fn write(&self, text: &str) {
        let text = self.redactor.redact(text);
        let mut sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(sink, "{text}");
    }

    /// A `-v` line.
    pub fn line(&self, text: &str) {
        if self.level >= 1 {
            self.write(text);
        }
    }

    /// True when `-vv` details are wanted.
    pub fn detailed(&self) -> bool {
        self.level >= 2
    }

    /// `-vv` lines for headers, one per line, secret ones masked (empty below `-vv`).
    pub fn header_lines<'a>(
        &self,
        arrow: &str,
        headers: impl Iterator<Item = (&'a str, String)>,
    ) -> Vec<String> {
        if !self.detailed() {
            return Vec::new();
        }
        headers
            .map(|(name, value)| {
                let shown = if is_secret_name(name, Place::Header) {
                    MASK.to_string()
                } else {
                    value
                };
                format!("    {arrow} {name}: {shown}")
            })
            .collect()
    }

    /// The `-vv` line for a body, redacted and cut to a readable length.
    pub fn body_line(&self, arrow: &str, body: &str) -> Option<String> {
        self.body_line_for(arrow, "", body)
    }

    /// [`Tracer::body_line`] of an exchange with `url`, whose customer data is masked as the
    /// installed [`BodyMask`] says (see [`mask_bodies_with`]).
    pub fn body_line_for(&self, arrow: &str, url: &str, body: &str) -> Option<String> {
        if !self.detailed() || body.is_empty() {
            return None;
        }
        let masked = BODY_MASK.get().map(|mask| mask(url, body));
        let redacted = self.redactor.redact_body(masked.as_deref().unwrap_or(body));
        let count = redacted.chars().count();
        let shown: String = redacted.chars().take(MAX_BODY_CHARS).collect();
        let more = if count > MAX_BODY_CHARS {
            format!(" … ({} more characters)", count - MAX_BODY_CHARS)
        } else {
            String::new()
        };
        Some(format!("    {arrow} body: {shown}{more}"))
    }

    /// Write `-vv` detail lines.
    pub fn details(&self, lines: &[String]) {
        if self.detailed() {
            for line in lines {
                self.write(line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_redaction() {
        let buf: Arc<Mutex<Vec<u8>>> = Arc::new(Mutex::new(Vec::new()));
        let redactor = Redactor::default();
        redactor.add("TOPSECRET");
        let t = Tracer::new(2, buf.clone(), redactor.clone());
        t.line("GET /x 200 TOPSECRET");
        let mut lines = t.header_lines(
            ">",
            [
                ("authorization", "Bearer abc".to_string()),
                ("accept", "application/json".to_string()),
            ]
            .into_iter(),
        );
        lines.extend(t.body_line("<", r#"{"access_token":"zzz","n":1}"#));
        t.details(&lines);
        let out = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
        assert!(out.contains("GET /x 200 ***"), "{out}");
        assert!(out.contains("> authorization: ***"), "{out}");
        assert!(out.contains("accept: application/json"), "{out}");
        assert!(!out.contains("zzz") && !out.contains("Bearer abc"), "{out}");

        let quiet: Arc<Mutex<Vec<u8>>> = Arc::new(Mutex::new(Vec::new()));
        let t = Tracer::new(1, quiet.clone(), redactor);
        t.line("one");
        assert!(t.body_line("<", "{}").is_none());
        t.details(&["two".to_string()]);
        assert_eq!(
            String::from_utf8(quiet.lock().unwrap().clone()).unwrap(),
            "one\n"
        );
    }
}
