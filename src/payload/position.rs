//! Where a finding's JSON pointer sits in the source text: line and column (1-based, columns
//! in Unicode characters), so SARIF, GitHub annotations and JSON findings can point at it.
//!
//! A pointer is followed as far as the document goes: a member points at its key, an array
//! element at its first character; a pointer to a missing member (a `payload-field-missing`)
//! or into a string (embedded JSON) points at the deepest value that exists. JSON is walked
//! byte by byte here (no tree is built); YAML through yaml-rust2's event parser, whose events
//! carry their positions.

use yaml_rust2::parser::{Event, Parser};

use super::parse::Syntax;
use crate::report::Finding;

/// A place in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in Unicode characters.
    pub column: u32,
}

/// The unescaped reference tokens of a JSON pointer (`""` has none).
fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(|t| super::pointer::unescape(t).into_owned())
        .collect()
}

/// Give every finding with a path the position of that path in `text`, a document whose first
/// line is line `first_line` of its file (an NDJSON record's line; 1 for a whole file).
pub fn annotate(findings: &mut [Finding], text: &[u8], syntax: Syntax, first_line: usize) {
    if findings.iter().all(|f| f.path.is_none()) {
        return;
    }
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    for finding in findings.iter_mut() {
        if let Some(path) = &finding.path
            && let Some(at) = locate(text, syntax, path)
        {
            let line = u32::try_from(first_line.saturating_sub(1))
                .unwrap_or(u32::MAX)
                .saturating_add(at.line);
            finding.line = Some(line);
            finding.column = Some(at.column);
        }
    }
}

/// The position of `pointer` in `text` (see the module documentation); `None` when the text
/// is not a document of that syntax.
pub fn locate(text: &str, syntax: Syntax, pointer: &str) -> Option<Position> {
    // a byte order mark is no character of line 1 (editors do not show it) and no JSON value
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let tokens = tokens(pointer);
    let json = match syntax {
        Syntax::Json => true,
        Syntax::Yaml => false,
        Syntax::Sniff => text.trim_start().starts_with(['{', '[']),
    };
    if json {
        json_offset(text.as_bytes(), &tokens).map(|at| position_of(text, at))
    } else {
        yaml_position(text, &tokens)
    }
}

/// Line and column of byte `at` of `text`.
fn position_of(text: &str, at: usize) -> Position {
    let before = &text.as_bytes()[..at];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

/// A cursor over JSON bytes.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn ws(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skip a string starting at its `"`; returns its raw contents (escapes kept).
    fn string(&mut self) -> Option<&[u8]> {
        let start = self.i + 1;
        let mut j = start;
        loop {
            match *self.b.get(j)? {
                b'"' => break,
                b'\\' => j += 2,
                _ => j += 1,
            }
        }
        self.i = j + 1;
        Some(&self.b[start..j])
    }

    /// Skip one value of any kind (nesting counted, not recursed).
    fn value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.ws();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.i += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.i += 1;
                    continue;
                }
                _ => {
                    while self.peek().is_some_and(|c| {
                        !matches!(c, b',' | b']' | b'}' | b':') && !c.is_ascii_whitespace()
                    }) {
                        self.i += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

/// Whether the raw contents of a JSON string are `token`.
fn key_is(raw: &[u8], token: &str) -> bool {
    if !raw.contains(&b'\\') {
        return raw == token.as_bytes();
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted).is_ok_and(|k| k == token)
}

/// Byte offset of the deepest existing part of `tokens` in JSON `b`.
fn json_offset(b: &[u8], tokens: &[String]) -> Option<usize> {
    let mut c = Cursor { b, i: 0 };
    c.ws();
    c.peek()?;
    let mut best = c.i;
    for token in tokens {
        match c.peek()? {
            b'{' => {
                c.i += 1;
                // the last of repeated keys is the one parsers keep
                let mut found = None;
                loop {
                    c.ws();
                    if c.peek()? != b'"' {
                        break;
                    }
                    let key_at = c.i;
                    let matches = key_is(c.string()?, token);
                    c.ws();
                    if c.peek()? != b':' {
                        return Some(best);
                    }
                    c.i += 1;
                    c.ws();
                    if matches {
                        found = Some((key_at, c.i));
                    }
                    c.value()?;
                    c.ws();
                    if c.peek() == Some(b',') {
                        c.i += 1;
                    } else {
                        break;
                    }
                }
                let Some((key_at, value_at)) = found else {
                    return Some(best);
                };
                best = key_at;
                c.i = value_at;
            }
            b'[' => {
                let Ok(n) = token.parse::<usize>() else {
                    return Some(best);
                };
                c.i += 1;
                for _ in 0..n {
                    c.ws();
                    if c.peek()? == b']' {
                        return Some(best);
                    }
                    c.value()?;
                    c.ws();
                    if c.peek()? != b',' {
                        return Some(best);
                    }
                    c.i += 1;
                }
                c.ws();
                if c.peek()? == b']' {
                    return Some(best);
                }
                best = c.i;
            }
            _ => return Some(best),
        }
    }
    Some(best)
}

/// One open collection while walking YAML events.
enum Frame {
    /// A mapping; `key_next` when the next node is a key.
    Map { key_next: bool },
    /// A sequence; `next` is the index of the next item.
    Seq { next: usize },
}

/// The position of the deepest existing part of `tokens` in YAML `text`.
fn yaml_position(text: &str, tokens: &[String]) -> Option<Position> {
    let mut parser = Parser::new_from_str(text);
    let mut frames: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut best: Option<(Position, usize)> = None;
    let mut consider = |path: &[String], line: usize, col: usize| {
        if best.as_ref().is_none_or(|(_, len)| path.len() > *len) && tokens.starts_with(path) {
            let at = Position {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: u32::try_from(col + 1).unwrap_or(u32::MAX),
            };
            best = Some((at, path.len()));
        }
    };
    let mut documents = 0;
    // a mapping started whose position is not known yet
    let mut map_unplaced = false;
    while let Ok((event, mark)) = parser.next_token() {
        let (line, col) = (mark.line(), mark.col());
        let node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        if node {
            match frames.last_mut() {
                Some(Frame::Map { key_next }) if *key_next => {
                    let Event::Scalar(key, ..) = event else {
                        // a complex key: nothing beyond here can be pointed at
                        break;
                    };
                    *key_next = false;
                    if std::mem::take(&mut map_unplaced) {
                        // a mapping is where its first key is
                        consider(&path, line, col);
                    }
                    path.push(key);
                    consider(&path, line, col);
                    continue;
                }
                Some(Frame::Seq { next }) => {
                    path.push(next.to_string());
                    *next += 1;
                }
                _ => {}
            }
            // a block mapping's event is marked after its first key: placed by that key
            if !matches!(event, Event::MappingStart(..)) {
                consider(&path, line, col);
            }
        }
        match event {
            Event::MappingStart(..) => {
                frames.push(Frame::Map { key_next: true });
                map_unplaced = true;
                continue;
            }
            Event::SequenceStart(..) => {
                frames.push(Frame::Seq { next: 0 });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
            }
            Event::Scalar(..) | Event::Alias(_) => {}
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    break;
                }
                continue;
            }
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::StreamStart | Event::Nothing => continue,
        }
        // a value ended: leave its key or index
        match frames.last_mut() {
            Some(Frame::Map { key_next }) => {
                path.pop();
                *key_next = true;
            }
            Some(Frame::Seq { .. }) => {
                path.pop();
            }
            None => {}
        }
    }
    best.map(|(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, syntax: Syntax, pointer: &str) -> Option<(u32, u32)> {
        locate(text, syntax, pointer).map(|p| (p.line, p.column))
    }

    const JSON: &str = r#"{
  "p1": "Escalate",
  "a/b~c": {"x": [10, {"y": "z"}, "é\"]"]},
  "s": "{\"inner\": 1}",
  "dup": 1, "dup": 2,
  "k\u0065y": true
}"#;

    #[test]
    fn json_pointers_point_at_keys_and_items() {
        let j = Syntax::Json;
        assert_eq!(at(JSON, j, ""), Some((1, 1)));
        assert_eq!(at(JSON, j, "/p1"), Some((2, 3)));
        assert_eq!(at(JSON, j, "/a~1b~0c"), Some((3, 3)));
        assert_eq!(at(JSON, j, "/a~1b~0c/x"), Some((3, 13)));
        assert_eq!(at(JSON, j, "/a~1b~0c/x/0"), Some((3, 19)));
        assert_eq!(at(JSON, j, "/a~1b~0c/x/1/y"), Some((3, 24)));
        assert_eq!(at(JSON, j, "/a~1b~0c/x/2"), Some((3, 35)));
        // past the end of the array, a missing key, into a string: the deepest that exists
        assert_eq!(at(JSON, j, "/a~1b~0c/x/3"), Some((3, 13)));
        assert_eq!(at(JSON, j, "/a~1b~0c/missing"), Some((3, 3)));
        assert_eq!(at(JSON, j, "/s/inner"), Some((4, 3)));
        // the kept one of a repeated key; an escaped key
        assert_eq!(at(JSON, j, "/dup"), Some((5, 13)));
        assert_eq!(at(JSON, j, "/key"), Some((6, 3)));
        assert_eq!(at("", j, ""), None);
        assert_eq!(at("{\"a\": [1, 2", j, "/a/1"), None, "truncated");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(
            at("{\"é\": 1, \"b\": 2}", Syntax::Json, "/b"),
            Some((1, 10))
        );
    }

    #[test]
    fn a_byte_order_mark_is_no_column_and_no_reason_to_read_json_as_yaml() {
        let text = "\u{feff}{\r\n  \"p1\": \"x\",\r\n  \"p2\": 1\r\n}\r\n";
        for syntax in [Syntax::Json, Syntax::Sniff] {
            assert_eq!(at(text, syntax, "/p2"), Some((3, 3)), "{syntax:?}");
        }
        assert_eq!(at("\u{feff}{\"p1\": 1}", Syntax::Json, "/p1"), Some((1, 2)));
        assert_eq!(
            at("\u{feff}a: 1\nb: 2\n", Syntax::Sniff, "/b"),
            Some((2, 1))
        );
        assert_eq!(
            at("\u{feff}{a: 1, b: 2}\n", Syntax::Yaml, "/b"),
            Some((1, 8))
        );
    }

    #[test]
    fn yaml_pointers_point_at_keys_and_items() {
        let text = "transferContext:\n  queueId: \"4242\"\n  participant:\n    name: A\n  tags:\n    - one\n    - {k: v}\nflow: {a: [1, 2]}\n";
        let y = Syntax::Yaml;
        assert_eq!(at(text, y, ""), Some((1, 1)));
        assert_eq!(at(text, y, "/transferContext"), Some((1, 1)));
        assert_eq!(at(text, y, "/transferContext/queueId"), Some((2, 3)));
        assert_eq!(
            at(text, y, "/transferContext/participant/name"),
            Some((4, 5))
        );
        // a mapping is placed at its first key
        assert_eq!(at(text, y, "/transferContext/tags/1"), Some((7, 8)));
        assert_eq!(at(text, y, "/transferContext/tags/1/k"), Some((7, 8)));
        assert_eq!(at(text, y, "/flow/a/1"), Some((8, 15)));
        assert_eq!(at(text, y, "/transferContext/nope"), Some((1, 1)));
        assert_eq!(at(text, Syntax::Sniff, "/flow"), Some((8, 1)));
    }

    #[test]
    fn annotate_offsets_ndjson_records_by_their_line() {
        let mut findings = vec![
            Finding::new(&crate::payload::codes::FIELD_TYPE, "m").at("/p2"),
            Finding::new(&crate::payload::codes::FIELD_TYPE, "no path"),
        ];
        annotate(&mut findings, br#"{"p1":"x","p2":[]}"#, Syntax::Json, 7);
        assert_eq!((findings[0].line, findings[0].column), (Some(7), Some(11)));
        assert_eq!((findings[1].line, findings[1].column), (None, None));
    }
}
