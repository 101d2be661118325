//! No panics on external data in the client and the checks: their modules deny `unwrap`,
//! `expect`, `panic!` and lossy `as` casts outside tests, so clippy (run with `-D warnings`
//! in CI) fails on any new one. This test keeps those lints from being dropped.

#[test]
fn the_client_and_the_checks_deny_panicking_and_lossy_code() {
    for module in ["src/cxone/mod.rs", "src/checks/mod.rs"] {
        let text = std::fs::read_to_string(crate::common::in_crate(module)).unwrap();
        let start = text
            .find("#![cfg_attr(")
            .unwrap_or_else(|| panic!("{module} lost its deny lints"));
        let attr: String = text[start..]
            .split(")]")
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        assert!(attr.contains("not(test),deny("), "{module}: {attr}");
        for lint in [
            "clippy::unwrap_used",
            "clippy::expect_used",
            "clippy::panic",
            "clippy::cast_possible_truncation",
            "clippy::cast_sign_loss",
            "clippy::cast_possible_wrap",
        ] {
            assert!(attr.contains(lint), "{module} does not deny {lint}");
        }
    }
}
