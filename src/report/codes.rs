//! The finding-code registry: every code is declared once, with a title, a default severity and an explanation.
//!
//! Each area declares its codes with [`codes!`](crate::codes) in its own `codes.rs`, and
//! [`REGISTRIES`] gathers them; `cxone-diag explain CODE` and the overrides read from here.

use super::Severity;

/// One registered finding code.
#[derive(Debug, PartialEq, Eq)]
pub struct Code {
    /// Stable kebab-case id, as it appears in reports.
    pub id: &'static str,
    /// Severity unless overridden by `rules.severity` or `--allow/--warn/--deny`.
    pub severity: Severity,
    /// One line: what the code means.
    pub title: &'static str,
    /// Why it matters and how to fix it.
    pub explain: &'static str,
}

/// Declare finding codes: `NAME = "id", Severity, "title", "explanation";`.
///
/// Generates one `pub const NAME: Code` per entry and `pub const ALL: &[&Code]`.
#[macro_export]
macro_rules! codes {
    ($( $name:ident = $id:literal, $sev:ident, $title:literal, $explain:literal; )*) => {
        $(
            #[doc = $title]
            pub const $name: $crate::report::Code = $crate::report::Code {
                id: $id,
                severity: $crate::report::Severity::$sev,
                title: $title,
                explain: $explain,
            };
        )*
        /// Every code this module declares.
        pub const ALL: &[&$crate::report::Code] = &[$(&$name),*];
    };
}

/// Codes that belong to no single command.
pub mod general {
    crate::codes! {
        INPUT_UNREADABLE = "input-unreadable", Fail,
            "An input could not be read",
            "The file exists but could not be read (permissions, a directory where a file was expected, an I/O error). Fix the path or its permissions and run again.";
        RUN_INTERRUPTED = "run-interrupted", Fail,
            "The run was interrupted before it finished",
            "Ctrl-C or SIGTERM stopped the run; the report holds only what finished. Run the command again to judge the rest.";
    }
}

/// Every registry, one slice per area. Add a line here when an area declares codes.
pub const REGISTRIES: &[&[&Code]] = &[
    general::ALL,
    crate::payload::codes::ALL,
    crate::checks::codes::ALL,
    crate::cxone::codes::ALL,
    crate::commands::simulate_handoff::codes::ALL,
    crate::commands::smoke::codes::ALL,
    crate::commands::auth_permissions::codes::ALL,
    crate::commands::listen::codes::ALL,
];

/// Every registered code, in registry order.
pub fn all() -> impl Iterator<Item = &'static Code> {
    REGISTRIES.iter().flat_map(|r| r.iter().copied())
}

/// Look a code up by id.
pub fn find(id: &str) -> Option<&'static Code> {
    all().find(|c| c.id == id)
}

/// Up to three registered codes closest to `id`, best first (see [`crate::suggest`]).
pub fn suggest(id: &str) -> Vec<&'static str> {
    crate::suggest::closest(id, all().map(|c| c.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for code in all() {
            assert!(seen.insert(code.id), "duplicate code {}", code.id);
            assert!(
                code.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "code {} is not kebab-case",
                code.id
            );
            assert!(
                !code.title.trim().is_empty(),
                "code {} has no title",
                code.id
            );
            assert!(
                code.explain.trim().len() >= 40,
                "code {} has no real explanation",
                code.id
            );
        }
    }

    #[test]
    fn suggest_finds_near_misses() {
        assert_eq!(
            suggest("input-unreadabel").first(),
            Some(&"input-unreadable")
        );
        assert!(suggest("zzzz").is_empty());
        assert!(
            suggest("nope-code").is_empty(),
            "{:?}",
            suggest("nope-code")
        );
        assert_eq!(suggest("skill-inactiv").first(), Some(&"skill-inactive"));
        assert_eq!(
            suggest("signal-p2-string").first(),
            Some(&"signal-p2-not-string")
        );
    }
}
