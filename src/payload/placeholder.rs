//! Placeholder patterns (`rules.payload.placeholders`): case-insensitive, `*` matches any run.
//!
//! A pattern without `*` must match the whole value. Patterns are compiled once into
//! literal segments and indexed by the byte a value must start (or end) with, so checking a
//! value usually costs two table look-ups and one SIMD scan for the floating patterns.

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
    /// The pattern holds a `*` (else the whole value must equal it).
    has_star: bool,
}

/// Compiled placeholder patterns.
#[derive(Debug, Clone)]
pub struct Placeholders {
    patterns: Vec<Pattern>,
    /// Lower-cased first byte → patterns anchored at the start with it (ascending indices).
    by_first: Vec<Vec<usize>>,
    /// Lower-cased last byte → patterns anchored only at the end with it.
    by_last: Vec<Vec<usize>>,
    /// Patterns open at both ends (`*PLACEHOLDER*`, `*`).
    floating: Vec<usize>,
    /// Every pattern is ASCII: byte-wise ASCII case folding is then exact for any value.
    ascii: bool,
}

impl Default for Placeholders {
    fn default() -> Self {
        Placeholders::new::<&str>(&[])
    }
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
    let first = lower_needle[0];
    let last_start = haystack.len() - lower_needle.len();
    let mut from = 0;
    while from <= last_start {
        let at = from
            + memchr::memchr2(
                first,
                first.to_ascii_uppercase(),
                &haystack[from..=last_start],
            )?;
        if eq_ci(&haystack[at..at + lower_needle.len()], lower_needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
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
            has_star: lower.contains('*'),
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
        if !self.has_star {
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
        let patterns: Vec<Pattern> = patterns
            .iter()
            .map(|p| p.as_ref().trim())
            .filter(|p| !p.is_empty())
            .map(Pattern::new)
            .collect();
        let mut by_first = vec![Vec::new(); 256];
        let mut by_last = vec![Vec::new(); 256];
        let mut floating = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let first = p.segments.first().and_then(|s| s.bytes().next());
            let last = p.segments.last().and_then(|s| s.bytes().last());
            match (p.open_start, p.open_end, first, last) {
                (false, _, Some(b), _) => by_first[usize::from(b)].push(i),
                (true, false, _, Some(b)) => by_last[usize::from(b)].push(i),
                _ => floating.push(i),
            }
        }
        Placeholders {
            ascii: patterns.iter().all(|p| p.source.is_ascii()),
            patterns,
            by_first,
            by_last,
            floating,
        }
    }

    /// The first pattern `value` matches, as written in the config.
    pub fn matching(&self, value: &str) -> Option<&str> {
        if value.is_empty() || value.len() > MAX_CHECKED_LEN {
            return None;
        }
        let raw = value.as_bytes();
        let value = if raw[0].is_ascii_whitespace() || raw[raw.len() - 1].is_ascii_whitespace() {
            value.trim()
        } else {
            value
        };
        let lowered;
        let bytes = if self.ascii || value.is_ascii() {
            value.as_bytes()
        } else {
            lowered = value.to_lowercase();
            lowered.as_bytes()
        };
        let (&first, &last) = (bytes.first()?, bytes.last()?);
        let first_match = |candidates: &[usize]| {
            candidates
                .iter()
                .copied()
                .find(|&i| self.patterns[i].matches(bytes))
        };
        [
            first_match(&self.by_first[usize::from(first.to_ascii_lowercase())]),
            first_match(&self.by_last[usize::from(last.to_ascii_lowercase())]),
            first_match(&self.floating),
        ]
        .into_iter()
        .flatten()
        .min()
        .map(|i| self.patterns[i].source.as_str())
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
        assert!(Placeholders::new(&["*"]).is_placeholder("anything"));
        assert!(Placeholders::new(&["*mid*"]).is_placeholder("a MID b"));
        assert!(!Placeholders::new(&["*mid*"]).is_placeholder("a mi d"));
        assert!(Placeholders::default().matching("TODO").is_none());
    }

    #[test]
    fn the_first_pattern_in_config_order_is_reported() {
        let p = Placeholders::new(&["*placeholder*", "*_PLACEHOLDER", "x*"]);
        assert_eq!(p.matching("X_PLACEHOLDER"), Some("*placeholder*"));
        let p = Placeholders::new(&["*_PLACEHOLDER", "*placeholder*"]);
        assert_eq!(p.matching("X_PLACEHOLDER"), Some("*_PLACEHOLDER"));
        assert_eq!(p.matching("  a placeholder here "), Some("*placeholder*"));
    }

    proptest::proptest! {
        /// The indexed look-up finds exactly what trying every pattern in order finds.
        #[test]
        fn index_agrees_with_trying_every_pattern(value in "[ a-zA-Z_<>{}$:*-]{0,24}") {
            let p = defaults();
            let trimmed = value.trim().to_lowercase();
            let naive = p
                .patterns
                .iter()
                .find(|pat| !trimmed.is_empty() && pat.matches(trimmed.as_bytes()))
                .map(|pat| pat.source.as_str());
            proptest::prop_assert_eq!(p.matching(&value), naive);
        }
    }
}
