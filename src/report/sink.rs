//! The one redactor at the sink: every byte the tool emits (stdout, stderr, report files,
//! bundles, the audit log, traces) passes through [`scrub`], which replaces each secret of the
//! run, in every encoding, by `***`.
//!
//! The client registers each secret as soon as it has it (the client secret and access key
//! secret when credentials load, the Basic header value, every access, refresh and id token
//! when it arrives). A server echoing one back (in a skill name, an error description, custom
//! data) therefore cannot leak it: the value is replaced whole, and so is any piece of it at
//! least [`PREFIX_MIN`] bytes long — a cut-off start, a cut-off end, either half of a value
//! split across lines (a renderer, a check or a server that shortens or breaks a long value
//! would otherwise leave part of it) — and its base64 at any alignment (`base64("Bearer " +
//! token)` encodes the token off the 3-byte grid).

use std::borrow::Cow;
use std::io::Write;
use std::sync::{Arc, RwLock};

use aho_corasick::{AhoCorasick, Input, MatchKind};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

/// What a secret becomes.
pub const MASK: &str = "***";

/// Secrets shorter than this are not registered (they would mask ordinary words).
pub const MIN_SECRET: usize = 4;

/// A leading piece of a registered value at least this long is masked too, when the value is
/// at least [`PREFIX_FROM`] long.
pub const PREFIX_MIN: usize = 10;

/// Values this long or longer are also masked when cut short or split (see [`PREFIX_MIN`]).
pub const PREFIX_FROM: usize = 16;

/// Every registered form, longest first.
static SECRETS: RwLock<Vec<Vec<u8>>> = RwLock::new(Vec::new());

/// The search built from [`SECRETS`], rebuilt when a secret is registered.
static MATCHER: RwLock<Option<Arc<Matcher>>> = RwLock::new(None);

/// One scan for every piece of every registered form: the patterns are each short form whole
/// and every [`PREFIX_MIN`]-byte window of each long one; `at[i]` is (form, offset) of
/// pattern `i`, from where a match is extended as far as the text goes on agreeing.
struct Matcher {
    search: AhoCorasick,
    forms: Vec<Vec<u8>>,
    at: Vec<(usize, usize)>,
}

impl Matcher {
    fn build(forms: &[Vec<u8>]) -> Option<Matcher> {
        let mut seen = std::collections::HashSet::new();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut at = Vec::new();
        for (f, form) in forms.iter().enumerate() {
            let width = if form.len() >= PREFIX_FROM {
                PREFIX_MIN
            } else {
                form.len()
            };
            for offset in 0..=form.len().saturating_sub(width) {
                let piece = &form[offset..offset + width];
                // a piece inside the value that reads like words (`placeholder`) would mask
                // ordinary text; the start of the value is masked whatever it reads like
                if offset > 0 && word_like(piece) {
                    continue;
                }
                if seen.insert(piece) {
                    patterns.push(piece);
                    at.push((f, offset));
                }
            }
        }
        let search = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&patterns)
            .ok()?;
        Some(Matcher {
            search,
            forms: forms.to_vec(),
            at,
        })
    }
}

/// Whether `piece` is only lower-case letters, `-`, `_` and spaces: a piece of an ordinary
/// word or phrase rather than of random key material.
fn word_like(piece: &[u8]) -> bool {
    piece
        .iter()
        .all(|b| b.is_ascii_lowercase() || matches!(b, b'-' | b'_' | b' '))
}

/// The current [`Matcher`], built on first use after a registration.
fn matcher() -> Option<Arc<Matcher>> {
    if let Some(m) = MATCHER.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return Some(Arc::clone(m));
    }
    let forms = SECRETS.read().unwrap_or_else(|e| e.into_inner()).clone();
    if forms.is_empty() {
        return None;
    }
    let built = Arc::new(Matcher::build(&forms)?);
    *MATCHER.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&built));
    Some(built)
}

/// Identifiers shown only by their start (the access key id): every form, and what it becomes.
static IDS: RwLock<Vec<(Vec<u8>, Vec<u8>)>> = RwLock::new(Vec::new());

/// How many leading characters of an identifier stay visible.
pub const ID_SHOWN: usize = 4;

/// `application/x-www-form-urlencoded` encoding of one value.
pub fn form_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The forms a secret can take in emitted text: raw, JSON-escaped, form- and
/// percent-encoded, and base64 (standard and URL-safe, padded or not).
pub fn forms(value: &str) -> Vec<String> {
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or(&json)
        .to_string();
    let form = form_encode(value);
    let pct = form.replace('+', "%20");
    let mut out = vec![value.to_string(), json, form, pct];
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        out.push(engine.encode(value));
    }
    // inside a longer base64 text the value may start at any of the 3 byte offsets of the
    // 3-byte grid and be followed by anything: keep the characters that encode only its bytes
    for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
        for lead in 0..3usize {
            let mut bytes = vec![0u8; lead];
            bytes.extend_from_slice(value.as_bytes());
            let encoded = engine.encode(&bytes);
            let whole = bytes.len() / 3 * 4;
            let from = if lead == 0 { 0 } else { 4 };
            if let Some(core) = encoded.get(from..whole) {
                out.push(core.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Remember a secret of this run in every form; values shorter than [`MIN_SECRET`] are
/// ignored.
pub fn register(value: &str) {
    if value.chars().count() < MIN_SECRET {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    for form in forms(value) {
        let form = form.into_bytes();
        if form.len() >= MIN_SECRET && !secrets.contains(&form) {
            secrets.push(form);
        }
    }
    secrets.sort_by_key(|v| std::cmp::Reverse(v.len()));
    drop(secrets);
    *MATCHER.write().unwrap_or_else(|e| e.into_inner()) = None;
}

/// Remember an identifier that may be shown only as its first [`ID_SHOWN`] characters (the
/// access key id): wherever it appears, in any form, it becomes `ABCD…`.
pub fn register_id(value: &str) {
    if value.chars().count() <= ID_SHOWN {
        return;
    }
    let shown: String = value.chars().take(ID_SHOWN).chain(['…']).collect();
    let mut ids = IDS.write().unwrap_or_else(|e| e.into_inner());
    for form in forms(value) {
        let form = form.into_bytes();
        if !ids.iter().any(|(f, _)| *f == form) {
            ids.push((form, shown.clone().into_bytes()));
        }
    }
    ids.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
}

fn replace_all<'a>(current: Cow<'a, [u8]>, needle: &[u8], with: &[u8]) -> Cow<'a, [u8]> {
    if needle.is_empty() || memchr::memmem::find(&current, needle).is_none() {
        return current;
    }
    let mut out = Vec::with_capacity(current.len());
    let mut at = 0;
    while let Some(found) = memchr::memmem::find(&current[at..], needle) {
        out.extend_from_slice(&current[at..at + found]);
        out.extend_from_slice(with);
        at += found + needle.len();
    }
    out.extend_from_slice(&current[at..]);
    Cow::Owned(out)
}

/// Replace every registered secret in `bytes` (and every piece of a long one, see
/// [`PREFIX_MIN`]) by [`MASK`].
pub fn scrub_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    let mut current: Cow<'_, [u8]> = Cow::Borrowed(bytes);
    if let Some(m) = matcher() {
        let text = bytes;
        let mut out: Option<Vec<u8>> = None;
        let mut at = 0;
        while let Some(found) = m.search.find(Input::new(text).range(at..)) {
            let (form, offset) = m.at[found.pattern().as_usize()];
            let matched = text[found.start()..]
                .iter()
                .zip(m.forms[form][offset..].iter())
                .take_while(|(a, b)| a == b)
                .count()
                .max(found.len());
            let out = out.get_or_insert_with(|| Vec::with_capacity(text.len()));
            out.extend_from_slice(&text[at..found.start()]);
            out.extend_from_slice(MASK.as_bytes());
            at = found.start() + matched;
        }
        if let Some(mut out) = out {
            out.extend_from_slice(&text[at..]);
            current = Cow::Owned(out);
        }
    }
    for (form, shown) in IDS.read().unwrap_or_else(|e| e.into_inner()).iter() {
        current = replace_all(current, form, shown);
    }
    current
}

/// [`scrub_bytes`] for text.
pub fn scrub(text: &str) -> Cow<'_, str> {
    match scrub_bytes(text.as_bytes()) {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        // only whole UTF-8 sequences of the text are replaced by ASCII, or a prefix cut at
        // a byte that is no character boundary; the lossy conversion covers that last case
        Cow::Owned(bytes) => Cow::Owned(match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }),
    }
}

/// Write `text`, scrubbed, to stderr (a closed stderr is not an error).
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(scrub(text).as_bytes())
        .and_then(|()| err.flush());
}

/// Write `text` and a newline, scrubbed, to stderr.
pub fn eprintln(text: &str) {
    let mut line = scrub(text).into_owned();
    line.push('\n');
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(line.as_bytes()).and_then(|()| err.flush());
}

/// Write `text`, scrubbed, to stdout; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(scrub(text).as_bytes())
        .and_then(|()| out.flush());
}

/// `eprintln!` through the sink: the formatted line is scrubbed, then written to stderr.
#[macro_export]
macro_rules! scrubbed_eprintln {
    ($($arg:tt)*) => {
        $crate::report::sink::eprintln(&format!($($arg)*))
    };
}

/// A writer that scrubs what passes through it. Each `write` is scrubbed on its own, so
/// callers write whole lines (or whole documents) at a time.
pub struct Scrubbed<W: Write>(pub W);

impl<W: Write> Write for Scrubbed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(&scrub_bytes(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_is_replaced_whole() {
        let secret = "SINK-t3st/secret+value=";
        register(secret);
        let b64 = STANDARD.encode(secret);
        let url = URL_SAFE_NO_PAD.encode(secret);
        let text = format!(
            "raw {secret} json {} form {} b64 {b64} url {url} basic Basic {b64}",
            serde_json::to_string(secret).unwrap(),
            form_encode(secret)
        );
        let out = scrub(&text);
        assert_eq!(
            out,
            "raw *** json \"***\" form *** b64 *** url *** basic Basic ***"
        );
    }

    #[test]
    fn a_cut_off_start_of_a_long_secret_is_masked_too() {
        let token = "SINKTOKEN-u4Ep8Qs2Xa7Mk3Tz9Hw5Lc1Vn6Gb";
        register(token);
        assert_eq!(scrub(&format!("x \"{}…\" y", &token[..20])), "x \"***…\" y");
        assert_eq!(
            scrub(&token[..9]),
            &token[..9],
            "shorter than PREFIX_MIN stays"
        );
        assert_eq!(scrub("no secret here"), "no secret here");
        assert!(matches!(scrub("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn any_long_piece_and_any_base64_alignment_of_a_secret_is_masked() {
        let token = "SINKPIECE-q7Wz3Kx9Lm2Vb8Nc4Rt6Yh1Jd5Fg";
        register(token);
        // split across lines: both halves go
        assert_eq!(
            scrub(&format!("{}\n{}", &token[..12], &token[12..])),
            "***\n***"
        );
        // cut at both ends
        assert_eq!(scrub(&format!("<{}>", &token[3..30])), "<***>");
        // a word-like piece inside a value is ordinary text
        register("offline-placeholder-value");
        assert_eq!(
            scrub("simulate-crm-placeholder"),
            "simulate-crm-placeholder"
        );
        assert_eq!(scrub("offline-placeholder-value"), "***");
        assert_eq!(scrub("offline-placeh"), "***");
        // a piece shorter than PREFIX_MIN stays (it says nothing of the value)
        assert_eq!(scrub(&token[29..]), &token[29..]);
        for lead in ["Bearer ", "x", "xy", ""] {
            for engine in [&STANDARD, &URL_SAFE_NO_PAD] {
                let b64 = engine.encode(format!("{lead}{token}\n"));
                let out = scrub(&b64);
                assert!(out.contains(MASK), "{lead:?}: {out}");
                assert!(out.len() < 20, "{lead:?}: only the edges stay: {out}");
            }
        }
    }

    #[test]
    fn short_values_are_not_registered() {
        register("abc");
        assert_eq!(scrub("abc abcd"), "abc abcd");
    }

    #[test]
    fn an_identifier_is_shown_by_its_first_four_characters() {
        register_id("SINKKEYID-123456");
        assert_eq!(scrub("username=SINKKEYID-123456&x"), "username=SINK…&x");
    }

    #[test]
    fn the_writer_scrubs_each_write() {
        register("SINK-WRITER-SECRET");
        let mut w = Scrubbed(Vec::new());
        w.write_all(b"a SINK-WRITER-SECRET b\n").unwrap();
        assert_eq!(w.0, b"a *** b\n");
    }
}
