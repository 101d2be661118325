//! The finding-code registry: every code is declared once, with a title, a default severity and an explanation.
//!
//! Each area declares its codes with [`codes!`](crate::codes) in its own `codes.rs`; the
//! commands layer gathers them into a [`Registry`] and installs it, and `cxone-diag explain
//! CODE`, the SARIF rules and the overrides read it from here.

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

/// A code registry: one slice of codes per area, in a fixed order (SARIF rule indices and
/// `explain --list` follow it). The commands layer assembles the run's registry, since the
/// areas that declare codes sit above `report`, and installs it with [`install`].
#[derive(Debug, Clone, Copy)]
pub struct Registry(pub &'static [&'static [&'static Code]]);

impl Registry {
    /// Every code, in registry order.
    pub fn all(self) -> impl Iterator<Item = &'static Code> {
        self.0.iter().flat_map(|r| r.iter().copied())
    }

    /// Look a code up by id.
    pub fn find(self, id: &str) -> Option<&'static Code> {
        self.all().find(|c| c.id == id)
    }

    /// Up to three codes closest to `id`, best first (see [`crate::suggest`]).
    pub fn suggest(self, id: &str) -> Vec<&'static str> {
        crate::suggest::closest(id, self.all().map(|c| c.id))
    }
}

static INSTALLED: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();

/// Make `registry` the one [`all`], [`find`] and [`suggest`] read; the first call wins.
pub fn install(registry: Registry) {
    let _ = INSTALLED.set(registry);
}

/// The installed registry; before [`install`], only the [`general`] codes.
pub fn installed() -> Registry {
    INSTALLED
        .get()
        .copied()
        .unwrap_or(Registry(&[general::ALL]))
}

/// Every registered code, in registry order.
pub fn all() -> impl Iterator<Item = &'static Code> {
    installed().all()
}

/// Look a code up by id.
pub fn find(id: &str) -> Option<&'static Code> {
    installed().find(id)
}

/// Up to three registered codes closest to `id`, best first (see [`crate::suggest`]).
pub fn suggest(id: &str) -> Vec<&'static str> {
    installed().suggest(id)
}
