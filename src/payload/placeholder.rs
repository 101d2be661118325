//! Placeholder patterns (`rules.payload.placeholders`): case-insensitive, `*` matches any run.
//!
//! A pattern without `*` must match the whole value. Patterns are compiled once into
//! literal segments, so checking a value costs a few prefix/suffix comparisons.

/// Strings longer than this are free text (messages, transcripts) and are not checked.
pub const MAX_CHECKED_LEN: usize = 256;

/// One compiled pattern.
#[derive(Debug, Clone)]
struct Pattern {
    /// As written in the config, for messages.
    source: String,
    /// Lower-cased literal runs between the `*`s.
    segments: Vec<String>,
    /// The pattern starts with `*`.
    open_start: bool,
    /// The pattern ends with `*`.
    open_end: bool,
    /// Sum of segment lengths: shorter values cannot match.
    min_len: usize,
}

/// Compiled placeholder patterns.
#[derive(Debug, Clone, Default)]
pub struct Placeholders {
    patterns: Vec<Pattern>,
}

fn eq_ci(value: &[u8], lower_pattern: &[u8]) -> bool {
    value.len() == lower_pattern.len()
        && value
            .iter()
            .zip(lower_pattern)
            .all(|(a, b)| a.to_ascii_lowercase() == *b)
}

fn find_ci(haystack: &[u8], lower_needle: &[u8]) -> Option<usize> {
    if lower_needle.is_empty() {
        return Some(0);
    }
    if haystack.len() < lower_needle.len() {
        return None;
    }
    (0..=haystack.len() - lower_needle.len())
        .find(|&i| eq_ci(&haystack[i..i + lower_needle.len()], lower_needle))
}

impl Pattern {
    fn new(source: &str) -> Pattern {
        let lower = source.to_lowercase();
        let segments: Vec<String> = lower
            .split('*')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        Pattern {
            source: source.to_string(),
            min_len: segments.iter().map(String::len).sum(),
            open_start: lower.starts_with('*'),
            open_end: lower.ends_with('*'),
            segments,
        }
    }

    /// Match `value` (bytes already ASCII-case-insensitive compared, or lower-cased).
    fn matches(&self, value: &[u8]) -> bool {
        if value.len() < self.min_len {
            return false;
        }
        let Some((first, rest)) = self.segments.split_first() else {
            // Only stars: matches anything non-empty, nothing when the pattern is empty.
            return !self.source.is_empty() && !value.is_empty();
        };
        if !self.source.contains('*') {
            return eq_ci(value, first.as_bytes());
        }
        let mut lo = 0;
        let mut hi = value.len();
        let mut middle = self.segments.as_slice();
        if !self.open_start {
            if value.len() < first.len() || !eq_ci(&value[..first.len()], first.as_bytes()) {
                return false;
            }
            lo = first.len();
            middle = rest;
        }
        if !self.open_end {
            let Some((last, before)) = middle.split_last() else {
                return true;
            };
            if hi - lo < last.len() || !eq_ci(&value[hi - last.len()..], last.as_bytes()) {
                return false;
            }
            hi -= last.len();
            middle = before;
        }
        for segment in middle {
            match find_ci(&value[lo..hi], segment.as_bytes()) {
                Some(at) => lo += at + segment.len(),
                None => return false,
            }
        }
        true
    }
}

impl Placeholders {
    /// Compile `patterns` (as in `rules.payload.placeholders`).
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Placeholders {
        Placeholders {
            patterns: patterns
                .iter()
                .map(|p| p.as_ref().trim())
                .filter(|p| !p.is_empty())
                .map(Pattern::new)
                .collect(),
        }
    }

    /// The first pattern `value` matches, as written in the config.
    pub fn matching(&self, value: &str) -> Option<&str> {
        if value.is_empty() || value.len() > MAX_CHECKED_LEN {
            return None;
        }
        let value = value.trim();
        let lowered;
        let bytes = if value.is_ascii() {
            value.as_bytes()
        } else {
            lowered = value.to_lowercase();
            lowered.as_bytes()
        };
        self.patterns
            .iter()
            .find(|p| p.matches(bytes))
            .map(|p| p.source.as_str())
    }

    /// True when `value` matches any pattern.
    pub fn is_placeholder(&self, value: &str) -> bool {
        self.matching(value).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::rules::PayloadRules;

    fn defaults() -> Placeholders {
        Placeholders::new(&PayloadRules::default().placeholders)
    }

    #[test]
    fn the_issue_examples_are_placeholders() {
        let p = defaults();
        for value in [
            "REPLACE_WITH_VALID_QUEUE_ID",
            "SALES_QUEUE_ID_PLACEHOLDER",
            "your-client-id",
            "<queue id>",
            "TODO",
            "changeme",
            "ChangeMe",
            "todo: fill in",
            "{{skillId}}",
            "${QUEUE}",
            "xxxxxxxx",
            "a placeholder value",
        ] {
            assert!(p.is_placeholder(value), "{value} should be a placeholder");
        }
    }

    #[test]
    fn real_values_are_not() {
        let p = defaults();
        for value in [
            "4242",
            "Billing Voice",
            "Escalate",
            "todos",
            "yours",
            "xx",
            "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "",
            "+14155550123",
        ] {
            assert!(!p.is_placeholder(value), "{value} is not a placeholder");
        }
    }

    #[test]
    fn star_semantics_and_case() {
        let p = Placeholders::new(&["a*b*c", "exact", "*end", "ÄBC*"]);
        assert_eq!(p.matching("AxxBxxC"), Some("a*b*c"));
        assert_eq!(p.matching("abc"), Some("a*b*c"));
        assert!(!p.is_placeholder("acb"));
        assert!(!p.is_placeholder("ab"));
        assert!(p.is_placeholder("EXACT"));
        assert!(!p.is_placeholder("exactly"));
        assert!(p.is_placeholder("the END"));
        assert!(p.is_placeholder("äbcdef"));
        let long = format!("TODO{}", "x".repeat(MAX_CHECKED_LEN));
        assert!(!Placeholders::new(&["todo*"]).is_placeholder(&long));
    }
}
