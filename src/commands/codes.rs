//! The run's finding-code registry, assembled here because the areas that declare codes
//! (payload, checks, cxone, commands) all sit above `report`, which takes it as data.

use crate::report::codes::{self, Registry, general};

/// Every registry, one slice per area. Add a line here when an area declares codes.
pub const REGISTRY: Registry = Registry(&[
    general::ALL,
    crate::payload::codes::ALL,
    crate::checks::codes::ALL,
    crate::cxone::codes::ALL,
    crate::commands::simulate_handoff::codes::ALL,
    crate::commands::smoke::codes::ALL,
    crate::commands::auth_permissions::codes::ALL,
    crate::commands::listen::codes::ALL,
]);

/// Install [`REGISTRY`] as the one `report::codes` reads (idempotent).
pub fn install() {
    codes::install(REGISTRY);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for code in REGISTRY.all() {
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
            REGISTRY.suggest("input-unreadabel").first(),
            Some(&"input-unreadable")
        );
        assert!(REGISTRY.suggest("zzzz").is_empty());
        assert!(
            REGISTRY.suggest("nope-code").is_empty(),
            "{:?}",
            REGISTRY.suggest("nope-code")
        );
        assert_eq!(
            REGISTRY.suggest("skill-inactiv").first(),
            Some(&"skill-inactive")
        );
        assert_eq!(
            REGISTRY.suggest("signal-p2-string").first(),
            Some(&"signal-p2-not-string")
        );
    }
}
