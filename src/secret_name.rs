//! The one secret-name rule: whether a header, a JSON key, a form field or a query parameter
//! named so holds a secret. Every masker asks here: `-v`/`-vv` traces, support bundles, the
//! sandbox's record, `listen`'s saved exchanges and the CRM headers of `simulate-handoff`.

/// Parts that make a name secret wherever they appear in it, once it is lower-cased and
/// stripped to letters and digits (`access_token`, `X-Api-Key`, `clientSecret`, `Set-Cookie`).
const PARTS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "authorization",
    "apikey",
    "accesskey",
    "sessionkey",
    "privatekey",
    "cookie",
    "credential",
    "bearer",
    "signature",
    "assertion",
    "codeverifier",
];

/// Short words that make a name secret only as a whole word of it (`key`, `Api-Key`,
/// `sig`, `x-auth`), so `keyboard`, `author` or `signal` stay innocent.
const WORDS: &[&str] = &["key", "auth", "sig", "pwd"];

/// Words that make a header or a url-encoded name secret, but not a JSON key: a `session`
/// in a header or a URL is a session credential (`?sessionId=…`), while a JSON `sessionId`
/// is the Cognigy conversation id a trace correlates on.
const TARGET_WORDS: &[&str] = &["session"];

/// Whole header or url-encoded names that are secret although the word is innocent as a JSON
/// key or inside other names: the OAuth `code` (while `statusCode`, or an error body's
/// `"code"`, is not).
const TARGET_WHOLE: &[&str] = &["code"];

/// Where a name is used: the rule is one, but a few words mean a credential only in
/// request targets and headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An HTTP header.
    Header,
    /// A url-encoded name: a query parameter or a form field.
    Query,
    /// A key of a JSON object.
    Field,
}

/// Names that contain a part but hold no secret: the DFO paging cursor `scrollToken`, which a
/// replay needs, and the OAuth `token_type` (`Bearer`), which says what kind the token is.
const INNOCENT: &[&str] = &["scrolltoken", "tokentype"];

/// `name` lower-cased with everything but letters and digits dropped.
fn normalised(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The words of `name`, lower-cased: split at anything not a letter or digit and where a
/// lower-case letter or digit meets an upper-case one (`sessionKey` → `session`, `key`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// True when a value under `name` (any case, any separators) used at `place` must never be
/// shown, saved or logged.
pub fn is_secret_name(name: &str, place: Place) -> bool {
    let n = normalised(name);
    if n.is_empty() || INNOCENT.contains(&n.as_str()) {
        return false;
    }
    let target = place != Place::Field;
    PARTS.iter().any(|p| n.contains(p))
        || (target && TARGET_WHOLE.contains(&n.as_str()))
        || words(name)
            .iter()
            .any(|w| WORDS.contains(&w.as_str()) || (target && TARGET_WORDS.contains(&w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_in_every_spelling() {
        for name in [
            "apiKey",
            "api_key",
            "x-api-key",
            "X-API-KEY",
            "Authorization",
            "proxy-authorization",
            "access_token",
            "refreshToken",
            "id_token",
            "password",
            "clientSecret",
            "client_secret",
            "secret",
            "sessionKey",
            "token",
            "key",
            "sig",
            "code_verifier",
            "Set-Cookie",
            "X-Hub-Signature-256",
            "Ocp-Apim-Subscription-Key",
            "x-auth",
        ] {
            for place in [Place::Header, Place::Query, Place::Field] {
                assert!(
                    is_secret_name(name, place),
                    "{name} should be secret as a {place:?}"
                );
            }
        }
    }

    #[test]
    fn sessions_and_codes_are_secret_only_in_headers_and_urls() {
        for name in ["sessionId", "session", "code", "X-Session"] {
            assert!(is_secret_name(name, Place::Query), "{name}");
            assert!(is_secret_name(name, Place::Header), "{name}");
            assert!(!is_secret_name(name, Place::Field), "{name}");
        }
    }

    #[test]
    fn near_misses_stay_innocent() {
        for name in [
            "token_type",
            "tokenType",
            "scrollToken",
            "statusCode",
            "keyboard",
            "monkey",
            "author",
            "authorEndUserIdentity",
            "signal",
            "expires_in",
            "contactId",
            "skillId",
            "",
        ] {
            for place in [Place::Header, Place::Query, Place::Field] {
                assert!(
                    !is_secret_name(name, place),
                    "{name} should not be secret as a {place:?}"
                );
            }
        }
    }

    #[test]
    fn words_split_at_case_and_separators() {
        assert_eq!(words("sessionKey"), ["session", "key"]);
        assert_eq!(words("X-API-KEY"), ["x", "api", "key"]);
        assert_eq!(
            words("Ocp-Apim-Subscription-Key"),
            ["ocp", "apim", "subscription", "key"]
        );
        assert_eq!(words("v2Token"), ["v2", "token"]);
    }
}
