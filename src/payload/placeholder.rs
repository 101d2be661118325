//! Placeholder patterns (`rules.payload.placeholders`): case-insensitive, `*` matches any run.
//!
//! A pattern without `*` must match the whole value. Patterns are compiled once into
//! literal segments and indexed by the byte a value must start (or end) with: two table
//! look-ups give the set of patterns (a bit set, in config order) that can match a value, and
//! most values have none, so checking them costs little more than the look-ups.

/// Strings longer than this are free text (messages, transcripts) and are not checked.
pub const MAX_CHECKED_LEN: usize = 256;

/// One compiled pattern.
#[derive(Debug, Clone)]
struct Pattern {
    /// As written in the config, for messages.
    source: String,
    /// Lower-cased literal runs between the `*`s.
    segments: Vec<String>,
    /// The same runs, prepared for searching inside a value.
    needles: Vec<Needle>,
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
    /// 64-bit words per bit set: bit `i` of a set stands for `patterns[i]`.
    words: usize,
    /// First byte of a value (either ASCII case) → patterns anchored at the start with it;
    /// `words` words per byte.
    by_first: Vec<u64>,
    /// Last byte of a value (either ASCII case) → patterns anchored only at the end with it.
    by_last: Vec<u64>,
    /// Patterns open at both ends (`*PLACEHOLDER*`, `*`): candidates for every value.
    floating: Vec<u64>,
    /// Length of a value (up to [`LONG`]) → patterns that can match a value that long.
    by_len: Vec<u64>,
    /// Every pattern is ASCII: byte-wise ASCII case folding is then exact for any value.
    ascii: bool,
    /// Bit and index of the first pattern of the form `*literal*` (in the first word), when
    /// there is one: the usual value over a few bytes long has it as its only candidate,
    /// and is then checked by finding the literal directly.
    contains: Option<(u64, usize)>,
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

/// Values of this many bytes or more share one entry of [`Placeholders::by_len`].
const LONG: usize = 64;

/// Set bit `i` for byte `b` (and its other ASCII case) in a table of `words` words per byte.
fn set(table: &mut [u64], words: usize, b: u8, i: usize) {
    for b in [b, b.to_ascii_uppercase(), b.to_ascii_lowercase()] {
        table[usize::from(b) * words + i / 64] |= 1 << (i % 64);
    }
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
            needles: segments.iter().map(|s| Needle::new(s.as_bytes())).collect(),
            segments,
        }
    }

    /// Match `value` (bytes already ASCII-case-insensitive compared, or lower-cased).
    fn matches(&self, value: &[u8]) -> bool {
        if value.len() < self.min_len {
            return false;
        }
        let Some(first) = self.segments.first() else {
            // Only stars: matches anything non-empty, nothing when the pattern is empty.
            return !self.source.is_empty() && !value.is_empty();
        };
        if !self.has_star {
            return eq_ci(value, first.as_bytes());
        }
        let mut lo = 0;
        let mut hi = value.len();
        // The segments between the anchored ends, as indices into `segments`.
        let mut middle = 0..self.segments.len();
        if !self.open_start {
            if value.len() < first.len() || !eq_ci(&value[..first.len()], first.as_bytes()) {
                return false;
            }
            lo = first.len();
            middle.start = 1;
        }
        if !self.open_end {
            if middle.is_empty() {
                return true;
            }
            let last = self.segments[middle.end - 1].as_bytes();
            if hi - lo < last.len() || !eq_ci(&value[hi - last.len()..], last) {
                return false;
            }
            hi -= last.len();
            middle.end -= 1;
        }
        for needle in &self.needles[middle] {
            match needle.find(&value[lo..hi]) {
                Some(at) => lo += at + needle.lower.len(),
                None => return false,
            }
        }
        true
    }
}

/// A lower-cased literal to find inside a value, case-insensitively.
#[derive(Debug, Clone)]
struct Needle {
    lower: Vec<u8>,
    /// For literals of 1 to 16 bytes: byte → bit `i` set when `lower[i]` is that byte (in
    /// either ASCII case).
    at: Option<Box<[u16; 256]>>,
}

impl Needle {
    fn new(lower: &[u8]) -> Needle {
        let at = (1..=16).contains(&lower.len()).then(|| {
            let mut at = Box::new([0u16; 256]);
            for (i, &b) in lower.iter().enumerate() {
                for b in [b, b.to_ascii_uppercase(), b.to_ascii_lowercase()] {
                    at[usize::from(b)] |= 1 << i;
                }
            }
            at
        });
        Needle {
            lower: lower.to_vec(),
            at,
        }
    }

    /// Where the literal first occurs in `haystack` (ASCII case-insensitively).
    ///
    /// Any occurrence of an `m`-byte literal covers exactly one of the positions `m - 1`,
    /// `2m - 1`, ...: only those are looked at, and only the starts their byte allows are
    /// compared. Most values have no byte of the literal at any of them and are passed over
    /// in `len / m` steps. Occurrences are found in order, so the first is the leftmost.
    fn find(&self, haystack: &[u8]) -> Option<usize> {
        let Some(at) = &self.at else {
            return find_ci(haystack, &self.lower);
        };
        let m = self.lower.len();
        let last_start = haystack.len().checked_sub(m)?;
        let mut probe = m - 1;
        while probe < haystack.len() {
            let mut offsets = at[usize::from(haystack[probe])];
            while offsets != 0 {
                // The largest offset first: candidate starts in increasing order.
                let offset = 15 - offsets.leading_zeros() as usize;
                offsets &= !(1 << offset);
                let start = probe - offset;
                if start <= last_start && eq_ci(&haystack[start..start + m], &self.lower) {
                    return Some(start);
                }
            }
            probe += m;
        }
        None
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
        let words = patterns.len().div_ceil(64).max(1);
        let mut by_first = vec![0u64; 256 * words];
        let mut by_last = vec![0u64; 256 * words];
        let mut floating = vec![0u64; words];
        let mut by_len = vec![0u64; (LONG + 1) * words];
        for (i, p) in patterns.iter().enumerate() {
            for len in 0..=LONG {
                let fits = if p.has_star || len == LONG {
                    len >= p.min_len || len == LONG
                } else {
                    len == p.min_len
                };
                if fits {
                    by_len[len * words + i / 64] |= 1 << (i % 64);
                }
            }
            let first = p.segments.first().and_then(|s| s.bytes().next());
            let last = p.segments.last().and_then(|s| s.bytes().last());
            match (p.open_start, p.open_end, first, last) {
                (false, _, Some(b), _) => set(&mut by_first, words, b, i),
                (true, false, _, Some(b)) => set(&mut by_last, words, b, i),
                _ => floating[i / 64] |= 1 << (i % 64),
            }
        }
        let contains = patterns
            .iter()
            .take(64)
            .position(|p| p.open_start && p.open_end && p.segments.len() == 1)
            .map(|i| (1u64 << i, i));
        Placeholders {
            ascii: patterns.iter().all(|p| p.source.is_ascii()),
            patterns,
            words,
            by_first,
            by_last,
            floating,
            by_len,
            contains,
        }
    }

    /// The first pattern `value` matches, as written in the config.
    #[inline(always)]
    pub fn matching(&self, value: &str) -> Option<&str> {
        let raw = value.as_bytes();
        let (Some(&first), Some(&last)) = (raw.first(), raw.last()) else {
            return None;
        };
        if raw.len() > MAX_CHECKED_LEN {
            return None;
        }
        if self.words == 1
            && self.ascii
            && !first.is_ascii_whitespace()
            && !last.is_ascii_whitespace()
        {
            // The usual case, inline: nothing to trim or fold, one word per bit set; most
            // values are passed over after three look-ups.
            let candidates = (self.by_first[usize::from(first)]
                | self.by_last[usize::from(last)]
                | self.floating[0])
                & self.by_len[raw.len().min(LONG)];
            if candidates == 0 {
                return None;
            }
            if let Some((bit, i)) = self.contains
                && candidates == bit
            {
                let pattern = &self.patterns[i];
                return pattern.needles[0]
                    .find(raw)
                    .map(|_| pattern.source.as_str());
            }
            return self.first_of(0, candidates, raw);
        }
        self.matching_any(value)
    }

    /// [`Placeholders::matching`] for any value and any number of patterns.
    fn matching_any(&self, value: &str) -> Option<&str> {
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
        let words = self.words;
        let (first, last) = (usize::from(first) * words, usize::from(last) * words);
        let len = bytes.len().min(LONG) * words;
        (0..words).find_map(|w| {
            let candidates = (self.by_first[first + w] | self.by_last[last + w] | self.floating[w])
                & self.by_len[len + w];
            self.first_of(w, candidates, bytes)
        })
    }

    /// The first of the `candidates` (bits of word `w`) that matches `bytes`, in config order.
    fn first_of(&self, w: usize, mut candidates: u64, bytes: &[u8]) -> Option<&str> {
        while candidates != 0 {
            let i = w * 64 + candidates.trailing_zeros() as usize;
            if self.patterns[i].matches(bytes) {
                return Some(self.patterns[i].source.as_str());
            }
            candidates &= candidates - 1;
        }
        None
    }

    /// True when `value` matches any pattern.
    #[inline]
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

    /// What trying every pattern in config order on the trimmed, lower-cased value finds.
    fn naive<'p>(p: &'p Placeholders, value: &str) -> Option<&'p str> {
        if value.len() > MAX_CHECKED_LEN {
            return None;
        }
        let trimmed = value.trim();
        let lowered = if p.ascii {
            trimmed.to_ascii_lowercase()
        } else {
            trimmed.to_lowercase()
        };
        p.patterns
            .iter()
            .find(|pat| !lowered.is_empty() && pat.matches(lowered.as_bytes()))
            .map(|pat| pat.source.as_str())
    }

    /// More than 64 patterns (several words per bit set), in an order that makes the config
    /// order matter: later patterns also match what earlier ones do.
    fn many() -> Placeholders {
        let mut patterns: Vec<String> = (0..70).rev().map(|i| format!("k{i}*")).collect();
        patterns.extend(["*z", "a*", "*mid*", "ab", "*", "Ä*", "*ß"].map(String::from));
        patterns.extend(PayloadRules::default().placeholders);
        Placeholders::new(&patterns)
    }

    #[test]
    fn many_patterns_keep_config_order() {
        let p = many();
        assert_eq!(p.words, 2);
        assert_eq!(p.matching("K69x"), Some("k69*"));
        assert_eq!(p.matching("k6"), Some("k6*"));
        assert_eq!(p.matching("k0z"), Some("k0*"));
        assert_eq!(p.matching("k"), Some("*"));
        assert_eq!(p.matching("xyz"), Some("*z"));
        assert_eq!(p.matching("TODO"), Some("*"));
        assert_eq!(p.matching("äh"), Some("*"));
        let long = Placeholders::new(&["x".repeat(70), "*y".into()]);
        assert_eq!(
            long.matching(&"X".repeat(70)),
            Some("x".repeat(70).as_str())
        );
        assert_eq!(long.matching(&"x".repeat(69)), None);
        assert_eq!(long.matching(&"x".repeat(71)), None);
        assert_eq!(long.matching(&format!("{}Y", "x".repeat(70))), Some("*y"));
    }

    proptest::proptest! {
        /// Probing every `m`-th byte finds the same first occurrence as scanning every byte.
        #[test]
        fn needles_find_the_first_occurrence(
            haystack in "[aAbB_x]{0,40}|[\\PC]{0,20}",
            needle in "[ab_]{1,5}|[aAbB_x]{1,18}|[\\PC]{1,3}",
        ) {
            let lower = needle.to_lowercase();
            let n = Needle::new(lower.as_bytes());
            let expected = find_ci(haystack.as_bytes(), lower.as_bytes());
            proptest::prop_assert_eq!(n.find(haystack.as_bytes()), expected);
            let repeated = format!("{haystack}{needle}{haystack}{needle}");
            let expected = find_ci(repeated.as_bytes(), lower.as_bytes());
            proptest::prop_assert_eq!(n.find(repeated.as_bytes()), expected);
        }

        /// The indexed look-up finds exactly what trying every pattern in order finds.
        #[test]
        fn index_agrees_with_trying_every_pattern(value in "[ a-zA-Z_<>{}$:*-]{0,24}") {
            let p = defaults();
            proptest::prop_assert_eq!(p.matching(&value), naive(&p, &value));
        }

        /// The same with non-ASCII values, with more than 64 patterns, and with non-ASCII
        /// patterns (which switch case folding to Unicode).
        #[test]
        fn index_agrees_for_any_text(value in "[ \\t\\n\\PC]{0,12}|[ kKzZaAbBmMiIdDäÄß0-9]{0,8}") {
            let long = format!("{value}{}{value}", "y".repeat(60));
            let exact = "e".repeat(70);
            for p in [
                defaults(),
                many(),
                Placeholders::new(&["*ẞ*", "Kelvin*", "x", &exact, "*y*y*", "TODO*Y"]),
            ] {
                proptest::prop_assert_eq!(p.matching(&value), naive(&p, &value), "{:?}", value);
                proptest::prop_assert_eq!(p.matching(&long), naive(&p, &long), "{:?}", long);
            }
        }
    }
}
