//! Bytes to a JSON value: JSON or YAML by extension or content, and a finding (with line and
//! column) for every way the bytes can fail to be a payload.

use serde_json::Value;

use super::{Checker, Scanned, codes, yaml};
use crate::report::Finding;

/// The largest document (or NDJSON line) accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

/// How to read a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (`.json`, NDJSON lines).
    Json,
    /// YAML (`.yaml`, `.yml`).
    Yaml,
    /// Decide from the content: `{` or `[` first means JSON, anything else YAML.
    Sniff,
}

/// The syntax a file name implies.
pub fn syntax_for(path: &std::path::Path) -> Syntax {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => Syntax::Json,
        Some("yaml" | "yml") => Syntax::Yaml,
        _ => Syntax::Sniff,
    }
}

fn finding(code: &crate::report::Code, message: String, hint: &str) -> Finding {
    Finding::new(code, message).at("").hint(hint)
}

/// Line and column (1-based, in characters) of byte `offset` in `bytes`.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Check that `bytes` are text: not empty, not binary, valid UTF-8 (a BOM is dropped).
///
/// `line` is the number of the first line (NDJSON lines pass their line number).
pub fn text(bytes: &[u8], line: usize) -> Result<&str, Finding> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(finding(
            &codes::PAYLOAD_NOT_UTF8,
            "the input is UTF-16 text; JSON and YAML payloads must be UTF-8".into(),
            "Convert it, e.g. `iconv -f utf-16 -t utf-8 in.json > out.json`.",
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(finding(
            &codes::PAYLOAD_EMPTY,
            "the input is empty".into(),
            "Export the payload again; a handover never sends an empty body.",
        ));
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(finding(
            &codes::PAYLOAD_BINARY,
            format!("the input is binary data (a NUL byte at offset {at}), not JSON or YAML"),
            "Decompress it or point at the exported .json/.ndjson file instead.",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let (l, c) = line_col(bytes, e.valid_up_to());
        finding(
            &codes::PAYLOAD_NOT_UTF8,
            format!(
                "invalid UTF-8 at line {}, column {c} (byte offset {})",
                l + line - 1,
                e.valid_up_to()
            ),
            "Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).",
        )
    })
}

/// Parse `bytes` as one payload document; the error is the finding that says why it is not one.
pub fn document(bytes: &[u8], syntax: Syntax, line: usize) -> Result<Value, Finding> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        // The callers read at most one byte over the limit: the size is not known.
        return Err(too_large(None));
    }
    let text = text(bytes, line)?;
    match syntax {
        Syntax::Json => json(text, line),
        Syntax::Yaml => yaml_doc(text, line),
        Syntax::Sniff => {
            let first = text.trim_start().as_bytes().first().copied();
            if matches!(first, Some(b'{' | b'[')) {
                json(text, line).or_else(|json_err| yaml_doc(text, line).map_err(|_| json_err))
            } else {
                yaml_doc(text, line)
            }
        }
    }
}

/// [`document`], parsed for `checker` (see [`Checker::parse_json`]): JSON is parsed noting
/// what validation needs; YAML is parsed as by [`document`], with nothing noted.
pub fn document_scanned<'a>(
    bytes: &'a [u8],
    syntax: Syntax,
    line: usize,
    checker: &Checker,
) -> Result<Scanned<'a>, Finding> {
    if syntax != Syntax::Json || bytes.len() > MAX_DOCUMENT_BYTES {
        return document(bytes, syntax, line).map(Scanned::unnoted);
    }
    let text = text(bytes, line)?;
    match checker.parse_json(text) {
        Ok(scanned) => Ok(scanned),
        // Not valid JSON: `json` says why, exactly as `document` does.
        Err(_) => json(text, line).map(Scanned::unnoted),
    }
}

/// The finding for a document or line over [`MAX_DOCUMENT_BYTES`]: `Some(size)` when the
/// size is known, `None` when reading stopped at the limit (stdin), said as "over 2 MiB".
pub fn too_large(len: Option<usize>) -> Finding {
    let size = match len {
        Some(len) => format!("{len} bytes"),
        None => "over 2 MiB".to_string(),
    };
    finding(
        &codes::PAYLOAD_TOO_LARGE,
        format!(
            "the payload is {size}; at most {} bytes (2 MiB) are accepted",
            MAX_DOCUMENT_BYTES
        ),
        "Check that this is one payload and not a whole log; split logs into one payload per line (.ndjson).",
    )
}

/// Strip serde's " at line L column C" suffix from an error message.
fn without_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

/// Parse JSON text; `line` is the number of its first line.
pub fn json(text: &str, line: usize) -> Result<Value, Finding> {
    serde_json::from_str(text).map_err(|e| json_error(&e, line))
}

/// The finding for a serde_json error in a document starting at `line`.
pub fn json_error(e: &serde_json::Error, line: usize) -> Finding {
    let text = e.to_string();
    let reason = without_location(&text);
    let (l, c) = (e.line() + line - 1, e.column());
    if reason.contains("recursion limit exceeded") {
        return finding(
            &codes::PAYLOAD_TOO_DEEP,
            format!(
                "objects and arrays nest 128 levels deep or more (the 128th opens at line {l}, column {c}); JSON payloads may nest 127"
            ),
            "Flatten the document; no handover payload nests that deep.",
        );
    }
    let hint = if reason.contains("trailing characters") && e.line() > 1 {
        "The file holds several JSON documents: name it .ndjson (one payload per line) or keep one payload per file."
    } else if reason.contains("EOF while parsing") {
        "The document ends early: a closing } or ] or a quote is missing, or the file was cut off."
    } else if reason.contains("trailing comma") {
        "Remove the comma before the closing bracket; JSON allows no trailing commas."
    } else if reason.contains("key must be a string") {
        "Quote every key with double quotes; JSON has no unquoted or single-quoted keys."
    } else {
        "Fix the JSON at that position (an editor with JSON support shows the exact spot)."
    };
    finding(
        &codes::PAYLOAD_SYNTAX,
        format!("invalid JSON at line {l}, column {c}: {reason}"),
        hint,
    )
}

fn yaml_doc(text: &str, line: usize) -> Result<Value, Finding> {
    yaml::parse(text, yaml::BUDGET_BYTES).map_err(|e| match e {
        yaml::YamlError::Expansion => finding(
            &codes::PAYLOAD_YAML_EXPANSION,
            format!(
                "YAML anchors and aliases expand beyond {} MiB; refusing to expand them",
                yaml::BUDGET_BYTES / (1024 * 1024)
            ),
            "Write the values out instead of reusing anchors (&a / *a) many times.",
        ),
        yaml::YamlError::MultipleDocuments(n) => finding(
            &codes::PAYLOAD_SYNTAX,
            format!("the YAML file holds {n} documents separated by ---; expected one payload"),
            "Put each payload in its own file (or one JSON payload per line in a .ndjson file).",
        ),
        yaml::YamlError::Syntax(e) => {
            let text = e.to_string();
            if text.contains("recursion limit exceeded") {
                return finding(
                    &codes::PAYLOAD_TOO_DEEP,
                    "objects and lists nest more than 128 levels deep; YAML payloads may nest 128".into(),
                    "Flatten the document; no handover payload nests that deep.",
                );
            }
            let message = match e.location() {
                Some(loc) => {
                    let reason = text.replacen(&format!(" at line {} column {}", loc.line(), loc.column()), "", 1);
                    format!("invalid YAML at line {}, column {}: {reason}", loc.line() + line - 1, loc.column())
                }
                None => format!("invalid YAML: {text}"),
            };
            finding(
                &codes::PAYLOAD_SYNTAX,
                message,
                "Fix the YAML at that position: check indentation, a missing `: ` after a key, or an unclosed quote or bracket.",
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8], syntax: Syntax) -> Finding {
        document(bytes, syntax, 1).expect_err("should fail")
    }

    #[test]
    fn json_and_yaml_and_sniffing() {
        assert_eq!(document(b"{\"a\": 1}", Syntax::Json, 1).unwrap()["a"], 1);
        assert_eq!(document(b"a: 1\n", Syntax::Yaml, 1).unwrap()["a"], 1);
        assert_eq!(document(b"a: 1\n", Syntax::Sniff, 1).unwrap()["a"], 1);
        assert_eq!(document(b"  {\"a\": 2}", Syntax::Sniff, 1).unwrap()["a"], 2);
        // Flow-style YAML that is not JSON still parses when sniffed.
        assert_eq!(document(b"{a: 3}", Syntax::Sniff, 1).unwrap()["a"], 3);
        assert_eq!(
            document(b"\xEF\xBB\xBF{\"a\": 4}", Syntax::Json, 1).unwrap()["a"],
            4
        );
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let f = err(b"{\n  \"p1\": \"Escalate\",\n  \"p2\": \n}", Syntax::Json);
        assert_eq!(f.code, "payload-syntax");
        assert!(
            f.message.starts_with("invalid JSON at line 4, column 1:"),
            "{}",
            f.message
        );
        let f = document(b"{\"a\": }", Syntax::Json, 17).unwrap_err();
        assert!(f.message.contains("line 17, column 7"), "{}", f.message);
        let f = err(b"a: [1, 2\nb: 3\n", Syntax::Yaml);
        assert_eq!(f.code, "payload-syntax");
        assert!(f.message.contains("invalid YAML at line"), "{}", f.message);
        assert!(f.message.contains("column"), "{}", f.message);
        let f = err(b"{\"a\":1}\n{\"b\":2}\n", Syntax::Json);
        assert!(f.hint.unwrap().contains(".ndjson"));
    }

    #[test]
    fn bad_bytes_are_named() {
        assert_eq!(err(b"", Syntax::Json).code, "payload-empty");
        assert_eq!(err(b" \n\t ", Syntax::Sniff).code, "payload-empty");
        assert_eq!(
            err(b"\x1f\x8b\x08\x00\x00", Syntax::Sniff).code,
            "payload-binary"
        );
        let f = err(b"{\"a\": \"caf\xe9\"}", Syntax::Json);
        assert_eq!(f.code, "payload-not-utf8");
        assert!(f.message.contains("line 1, column 11"), "{}", f.message);
        assert_eq!(err(b"\xFF\xFE{\x00", Syntax::Json).code, "payload-not-utf8");
        let big = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        assert_eq!(err(&big, Syntax::Json).code, "payload-too-large");
    }

    #[test]
    fn deep_nesting_is_a_finding() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(err(deep.as_bytes(), Syntax::Json).code, "payload-too-deep");
        let deep_yaml = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            err(deep_yaml.as_bytes(), Syntax::Yaml).code,
            "payload-too-deep"
        );
    }

    /// The limits the messages state: JSON nests 127 levels, YAML 128.
    #[test]
    fn nesting_limits_are_as_stated() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(document(nested(127).as_bytes(), Syntax::Json, 1).is_ok());
        let at = err(nested(128).as_bytes(), Syntax::Json);
        assert_eq!(at.code, "payload-too-deep");
        assert!(
            at.message.contains("128 levels deep or more"),
            "{}",
            at.message
        );
        assert!(at.message.contains("column 128"), "{}", at.message);
        assert!(document(nested(128).as_bytes(), Syntax::Yaml, 1).is_ok());
        assert_eq!(
            err(nested(129).as_bytes(), Syntax::Yaml).code,
            "payload-too-deep"
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx".as_bytes(), 2), (1, 2));
    }
}
