//! The checking context every kind's rules write to: field look-ups that turn absence,
//! emptiness and wrong types into findings with a path and a hint.

use std::borrow::Cow;

pub use super::tree::{Obj, Value};

use super::Inputs;
use super::codes;
use super::placeholder::Placeholders;
use super::pointer;
use crate::config::Rules;
use crate::report::{Code, Finding};

/// The JSON type name of a value, for messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A short rendering of a value for messages (compact JSON, cut at 60 characters).
pub fn show(v: &Value) -> String {
    let text = match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// Append `s` as `format!("{s:?}")` writes it, without the formatting machinery for the usual
/// printable ASCII text (which Debug quotes but does not escape).
pub fn push_debug(out: &mut String, s: &str) {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{s:?}");
    }
}

/// True for `""` and whitespace-only strings (cheap for the usual non-blank string).
pub fn is_blank_str(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() => false,
        Some(_) => s.trim().is_empty(),
    }
}

/// True for `""`, whitespace-only strings, `[]` and `{}`.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::String(s) => is_blank_str(s),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Everything a kind's rules read and the findings they make.
pub struct Cx<'a> {
    /// Findings made so far.
    pub findings: Vec<Finding>,
    /// The `rules:` section.
    pub rules: &'a Rules,
    /// Values given on the command line.
    pub inputs: &'a Inputs,
    /// Compiled placeholder patterns.
    pub placeholders: &'a Placeholders,
    /// `rules.handoff.min_confidence` as `{}` formats it (it goes into many messages).
    pub min_confidence: &'a str,
}

impl<'a> Cx<'a> {
    /// A context with no findings yet; `min_confidence` is `rules.handoff.min_confidence`
    /// formatted with `{}`.
    pub fn new(
        rules: &'a Rules,
        inputs: &'a Inputs,
        placeholders: &'a Placeholders,
        min_confidence: &'a str,
    ) -> Self {
        Cx {
            findings: Vec::new(),
            rules,
            inputs,
            placeholders,
            min_confidence,
        }
    }

    /// Record a finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Record `code` at `path` with `message` and `hint`.
    pub fn report(&mut self, code: &Code, path: &str, message: String, hint: String) {
        self.findings
            .push(Finding::new(code, message).at(path).hint(hint));
    }

    /// True when `s` is a placeholder (reported separately, so format checks skip it).
    pub fn is_placeholder(&self, s: &str) -> bool {
        self.placeholders.is_placeholder(s)
    }

    /// `obj[key]`, or a `payload-field-missing` finding when it is absent or null.
    pub fn field<'v>(
        &mut self,
        obj: &'v Obj<'v>,
        base: &str,
        key: &str,
        what: &str,
    ) -> Option<&'v Value<'v>> {
        match obj.get(key) {
            Some(Value::Null) | None => {
                self.missing(obj, base, key, what);
                None
            }
            Some(v) => Some(v),
        }
    }

    /// Report that `base/key` is missing (or null).
    #[cold]
    #[inline(never)]
    fn missing(&mut self, obj: &Obj, base: &str, key: &str, what: &str) {
        let present = if obj.contains_key(key) {
            " (it is null)"
        } else {
            ""
        };
        self.report(
            &codes::FIELD_MISSING,
            &pointer::key(base, key),
            format!("required field `{key}` is missing{present}"),
            format!("Add `{key}`: {what}."),
        );
    }

    /// Report that `value` at `base/key` has the wrong type.
    #[cold]
    #[inline(never)]
    pub fn wrong_type(&mut self, base: &str, key: &str, expected: &str, value: &Value, what: &str) {
        let hint = match (expected, value) {
            ("a boolean", Value::String(s)) if s == "true" || s == "false" => {
                format!("Write {s} without quotes: `{key}` is {what}.")
            }
            ("a number", Value::String(_)) => {
                format!("Write the number without quotes: `{key}` is {what}.")
            }
            _ => format!("Make `{key}` {expected}: {what}."),
        };
        self.report(
            &codes::FIELD_TYPE,
            &pointer::key(base, key),
            format!(
                "`{key}` must be {expected}, not {} ({})",
                type_name(value),
                show(value)
            ),
            hint,
        );
    }

    /// A required object at `base/key`.
    pub fn object<'v>(
        &mut self,
        obj: &'v Obj<'v>,
        base: &str,
        key: &str,
        what: &str,
    ) -> Option<&'v Obj<'v>> {
        match self.field(obj, base, key, what)? {
            Value::Object(o) => Some(o),
            other => {
                self.wrong_type(base, key, "an object", other, what);
                None
            }
        }
    }

    /// An optional object at `base/key` (null or absent is fine).
    pub fn opt_object<'v>(
        &mut self,
        obj: &'v Obj<'v>,
        base: &str,
        key: &str,
        what: &str,
    ) -> Option<&'v Obj<'v>> {
        match obj.get(key)? {
            Value::Object(o) => Some(o),
            Value::Null => None,
            other => {
                self.wrong_type(base, key, "an object", other, what);
                None
            }
        }
    }

    /// A required, non-blank string at `base/key`.
    pub fn text<'v>(
        &mut self,
        obj: &'v Obj<'v>,
        base: &str,
        key: &str,
        what: &str,
    ) -> Option<&'v str> {
        let value = self.field(obj, base, key, what)?;
        self.nonblank_str(value, base, key, what)
    }

    /// An optional string at `base/key`: absent or null is fine, blank or non-string is not.
    pub fn opt_text<'v>(
        &mut self,
        obj: &'v Obj<'v>,
        base: &str,
        key: &str,
        what: &str,
    ) -> Option<&'v str> {
        match obj.get(key)? {
            Value::Null => None,
            value => self.nonblank_str(value, base, key, what),
        }
    }

    fn nonblank_str<'v>(
        &mut self,
        value: &'v Value<'v>,
        base: &str,
        key: &str,
        what: &str,
    ) -> Option<&'v str> {
        match value {
            Value::String(s) if is_blank_str(s) => {
                self.empty(base, key, what);
                None
            }
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(base, key, "a string", other, what);
                None
            }
        }
    }

    /// Report that `base/key` is empty.
    #[cold]
    #[inline(never)]
    pub fn empty(&mut self, base: &str, key: &str, what: &str) {
        self.report(
            &codes::FIELD_EMPTY,
            &pointer::key(base, key),
            format!("`{key}` is empty"),
            format!("Fill in `{key}`: {what}."),
        );
    }

    /// A required id: a non-empty string or a number, returned as text.
    pub fn id<'v>(
        &mut self,
        obj: &'v Obj<'v>,
        base: &str,
        key: &str,
        what: &str,
    ) -> Option<Cow<'v, str>> {
        match self.field(obj, base, key, what)? {
            Value::String(s) if is_blank_str(s) => {
                self.empty(base, key, what);
                None
            }
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            other => {
                self.wrong_type(base, key, "a string", other, what);
                None
            }
        }
    }

    /// A required all-digits id (string or non-negative integer), as CXone ids are.
    pub fn digits_id<'v>(
        &mut self,
        obj: &'v Obj<'v>,
        base: &str,
        key: &str,
        what: &str,
    ) -> Option<Cow<'v, str>> {
        let id = self.id(obj, base, key, what)?;
        if !crate::id::Id::is_valid(&id) && !self.is_placeholder(&id) {
            self.report(
                &codes::ID_NOT_DIGITS,
                &pointer::key(base, key),
                format!("`{key}` must be all digits, not {id:?}"),
                format!("Use the numeric CXone id: {what}."),
            );
        }
        Some(id)
    }

    /// `value` (at `base/key`) must be one of `allowed` (case-sensitive); reports `code`
    /// otherwise. The path is only built for the report.
    pub fn one_of(
        &mut self,
        code: &Code,
        value: &str,
        base: &str,
        key: &str,
        allowed: &[&str],
    ) -> bool {
        if allowed.contains(&value) {
            return true;
        }
        self.not_one_of(code, value, base, key, allowed);
        false
    }

    /// Report that `value` at `base/key` is none of `allowed`.
    #[cold]
    #[inline(never)]
    fn not_one_of(&mut self, code: &Code, value: &str, base: &str, key: &str, allowed: &[&str]) {
        let path = &pointer::key(base, key);
        let list = allowed
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let expected = if allowed.len() == 1 {
            list.clone()
        } else {
            format!("one of {list}")
        };
        let hint = match allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(value.trim()))
        {
            Some(right) => {
                format!("Values are case-sensitive: write {right:?} instead of {value:?}.")
            }
            None => format!("Use {expected}."),
        };
        self.report(
            code,
            path,
            format!("`{key}` is {value:?}; it must be {expected}"),
            hint,
        );
    }

    /// An optional RFC 3339 timestamp at `base/key`; `required` turns absence into a finding.
    pub fn timestamp(
        &mut self,
        obj: &Obj,
        base: &str,
        key: &str,
        required: bool,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let what = "an RFC 3339 time with a zone, e.g. \"2026-03-01T12:30:05.123Z\"";
        let text = if required {
            self.text(obj, base, key, what)?
        } else {
            self.opt_text(obj, base, key, what)?
        };
        let parsed = super::formats::rfc3339(text);
        if parsed.is_none() && !self.is_placeholder(text) {
            self.report(
                &codes::TIMESTAMP_INVALID,
                &pointer::key(base, key),
                format!("`{key}` is {text:?}, not an RFC 3339 date-time"),
                "Write it as RFC 3339 with a time zone, e.g. 2026-03-01T12:30:05.123Z.".into(),
            );
        }
        parsed
    }

    /// A required E.164 phone number at `base/key`.
    pub fn phone(&mut self, obj: &Obj, base: &str, key: &str, what: &str) {
        if let Some(number) = self.text(obj, base, key, what)
            && !super::formats::is_e164(number)
            && !self.is_placeholder(number)
        {
            self.report(
                    &codes::PHONE_NOT_E164,
                    &pointer::key(base, key),
                    format!("`{key}` is {number:?}, not E.164"),
                    format!(
                        "Write {what} as + and 8-15 digits without spaces or punctuation, e.g. +14155550123."
                    ),
                );
        }
    }

    /// `value` (at `base/key`) must be a string that itself parses as JSON.
    pub fn json_string(
        &mut self,
        value: &Value,
        base: &str,
        key: &str,
        code_not_string: &Code,
        what: &str,
    ) {
        // The path is only built for a finding.
        let path = || pointer::key(base, key);
        match value {
            Value::String(text) => {
                match super::scan::embedded_has_placeholder(text, self.placeholders) {
                    Ok(false) => {}
                    Ok(true) => {
                        if let Ok(inner) = super::scanned::tree(text) {
                            super::scan::embedded_placeholders(self, &inner, &path());
                        }
                    }
                    Err(e) => {
                        if !self.is_placeholder(text) {
                            self.report(
                                &codes::EMBEDDED_JSON_INVALID,
                                &path(),
                                format!("`{key}` does not hold valid JSON text: {e}"),
                                format!("Build `{key}` with JSON.stringify: {what}."),
                            );
                        }
                    }
                }
            }
            Value::Object(_) | Value::Array(_) => self.report(
                code_not_string,
                &path(),
                format!(
                    "`{key}` is {}, but it must be a string holding JSON",
                    type_name(value)
                ),
                format!(
                    "Serialise it: send `{key}` as JSON text (JSON.stringify), e.g. {}.",
                    show(&Value::String(value.to_string().into()))
                ),
            ),
            other => self.wrong_type(base, key, "a string holding JSON", other, what),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick path writes what Debug formatting writes.
        #[test]
        fn push_debug_is_debug(s in "\\PC{0,16}|[\\x00-\\x7f]{0,24}") {
            let mut out = String::from("x");
            push_debug(&mut out, &s);
            proptest::prop_assert_eq!(out, format!("x{s:?}"));
        }
    }
}
