//! Pure format predicates for payload values (ids are [`crate::id::Id`]): E.164, UUID, RFC 3339, BCP 47, DTMF.

/// E.164: `+` then 8 to 15 digits, the first not 0.
pub fn is_e164(s: &str) -> bool {
    match s.strip_prefix('+') {
        Some(digits) => {
            (8..=15).contains(&digits.len())
                && crate::id::all_digits(digits)
                && !digits.starts_with('0')
        }
        None => false,
    }
}

/// A hyphenated UUID (8-4-4-4-12 hex digits), any version, either case.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A GUID as CXone shows them: a UUID, optionally in braces.
pub fn is_guid(s: &str) -> bool {
    let inner = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    is_uuid(inner)
}

/// An RFC 3339 date-time with a time zone (`2026-03-01T12:30:05.123Z`).
pub fn rfc3339(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(s).ok()
}

/// A well-formed BCP 47 language tag in its common forms: a 2-3 letter language, then
/// hyphen-separated subtags of 1-8 letters or digits (`en`, `en-US`, `zh-Hant-TW`, `es-419`,
/// `de-CH-1996`, `en-US-x-private`).
pub fn is_bcp47(s: &str) -> bool {
    let mut parts = s.split('-');
    let Some(language) = parts.next() else {
        return false;
    };
    let alpha = |p: &str| p.bytes().all(|b| b.is_ascii_alphabetic());
    let alnum = |p: &str| p.bytes().all(|b| b.is_ascii_alphanumeric());
    if !(alpha(language) && (2..=3).contains(&language.len())) {
        return false;
    }
    let mut private = false;
    for part in parts {
        if part.is_empty() || part.len() > 8 || !alnum(part) {
            return false;
        }
        if private {
            continue;
        }
        if part.eq_ignore_ascii_case("x") {
            private = true;
        }
    }
    true
}

/// Characters a DTMF sequence may hold: `0-9 * # A-D` (upper case, as keypads send them).
pub fn is_dtmf(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'*' | b'#' | b'A'..=b'D'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164() {
        assert!(is_e164("+14155550123"));
        assert!(is_e164("+4930123456"));
        assert!(!is_e164("14155550123"));
        assert!(!is_e164("+1 415 555 0123"));
        assert!(!is_e164("+1234567"));
        assert!(!is_e164("+1234567890123456"));
        assert!(!is_e164("+04155550123"));
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("3f2504e0-4f89-41d3-9a0c-0305e82c3301"));
        assert!(is_uuid("3F2504E0-4F89-41D3-9A0C-0305E82C3301"));
        assert!(!is_uuid("3f2504e04f8941d39a0c0305e82c3301"));
        assert!(!is_uuid("3f2504e0-4f89-41d3-9a0c-0305e82c330g"));
        assert!(is_guid("{3f2504e0-4f89-41d3-9a0c-0305e82c3301}"));
    }

    #[test]
    fn timestamps() {
        assert!(rfc3339("2026-03-01T12:30:05.123Z").is_some());
        assert!(rfc3339("2026-03-01T12:30:05+01:00").is_some());
        assert!(rfc3339("2026-03-01 12:30:05").is_none());
        assert!(rfc3339("1772368205").is_none());
    }

    #[test]
    fn language_tags() {
        for ok in [
            "en",
            "en-US",
            "pt-BR",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "en-US-x-twain",
        ] {
            assert!(is_bcp47(ok), "{ok}");
        }
        for bad in ["", "English", "en_US", "e", "en--US", "en-", "123"] {
            assert!(!is_bcp47(bad), "{bad}");
        }
    }

    #[test]
    fn dtmf() {
        assert!(is_dtmf("0123456789*#ABCD"));
        assert!(!is_dtmf("12 34"));
        assert!(!is_dtmf("1,2"));
        assert!(!is_dtmf("E"));
        assert!(!is_dtmf(""));
    }
}
