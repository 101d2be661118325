//! JSON pointers (RFC 6901) for finding paths: `~` becomes `~0` and `/` becomes `~1` in a token.

/// Escape one reference token.
pub fn escape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// Undo [`escape`] on one reference token (`~1` first, so `~01` stays `~1`).
pub fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// `base` extended by the object key `key` (escaped).
pub fn key(base: &str, key: &str) -> String {
    let token = escape(key);
    let mut out = String::with_capacity(base.len() + 1 + token.len());
    out.push_str(base);
    out.push('/');
    out.push_str(&token);
    out
}

/// `base` extended by the array index `index`.
pub fn index(base: &str, index: usize) -> String {
    format!("{base}/{index}")
}

/// A pointer for a human: the pointer itself, or `(document root)` for the empty pointer.
pub fn display(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(document root)"
    } else {
        pointer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_per_rfc_6901() {
        assert_eq!(key("", "a/b"), "/a~1b");
        assert_eq!(key("/x", "m~n"), "/x/m~0n");
        assert_eq!(key("", "~1"), "/~01");
        assert_eq!(key("/p", "plain"), "/p/plain");
        assert_eq!(index("/items", 3), "/items/3");
        assert_eq!(display(""), "(document root)");
    }

    #[test]
    fn unescape_undoes_escape() {
        for token in ["a/b", "m~n", "~1", "~01/~", "plain", ""] {
            assert_eq!(unescape(&escape(token)), token);
        }
        assert_eq!(unescape("~01"), "~1");
    }

    #[test]
    fn escaped_pointers_resolve_with_serde_json() {
        let v = serde_json::json!({"a/b": {"m~n": [0, {"k": true}]}});
        let p = index(&key(&key("", "a/b"), "m~n"), 1);
        let p = key(&p, "k");
        assert_eq!(v.pointer(&p), Some(&serde_json::Value::Bool(true)));
    }
}
