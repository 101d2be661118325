//! Severity overrides by code, from `rules.severity` and `--allow / --warn / --deny`, applied in one place.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Report, Severity, Subject};

/// What an override does to a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Keep the finding but make it `info`: it no longer affects the verdict.
    Allow,
    /// Make it `warn`.
    Warn,
    /// Make it `fail`.
    Deny,
}

impl Level {
    fn severity(self) -> Severity {
        match self {
            Level::Allow => Severity::Info,
            Level::Warn => Severity::Warn,
            Level::Deny => Severity::Fail,
        }
    }
}

/// Code → level. Later insertions win, so flags are inserted after the config file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides(pub BTreeMap<String, Level>);

impl Overrides {
    /// Set `code` to `level`, replacing an earlier setting.
    pub fn set(&mut self, code: &str, level: Level) {
        self.0.insert(code.to_string(), level);
    }

    /// Codes named here that the registry does not know.
    pub fn unknown_codes(&self) -> Vec<&str> {
        self.0
            .keys()
            .filter(|c| super::codes::find(c).is_none())
            .map(String::as_str)
            .collect()
    }

    /// Rewrite the severity of every matching finding, then recompute statuses.
    pub fn apply(&self, report: &mut Report) {
        for subject in &mut report.subjects {
            self.rewrite(subject);
        }
        report.finish();
    }

    /// Rewrite the severities of one subject's findings and recompute its status (for
    /// reports streamed subject by subject; the result equals [`Overrides::apply`]'s).
    pub fn apply_subject(&self, subject: &mut Subject) {
        self.rewrite(subject);
        subject.finish();
    }

    fn rewrite(&self, subject: &mut Subject) {
        if self.0.is_empty() {
            return;
        }
        for finding in &mut subject.findings {
            if let Some(level) = self.0.get(&finding.code) {
                finding.severity = level.severity();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, Status, codes::general};

    #[test]
    fn overrides_change_severity_and_status() {
        let mut report = Report::new("t");
        let mut s = Subject::new("payload", "a");
        s.push(Finding::new(&general::INPUT_UNREADABLE, "boom"));
        report.push(s);
        let mut o = Overrides::default();
        o.set("input-unreadable", Level::Deny);
        o.set("input-unreadable", Level::Allow);
        o.apply(&mut report);
        assert_eq!(report.subjects[0].findings[0].severity, Severity::Info);
        assert_eq!(report.status, Status::Pass);
        o.set("input-unreadable", Level::Warn);
        o.apply(&mut report);
        assert_eq!(report.status, Status::Warn);
    }

    #[test]
    fn unknown_codes_are_listed() {
        let mut o = Overrides::default();
        o.set("no-such-code", Level::Allow);
        o.set("input-unreadable", Level::Allow);
        assert_eq!(o.unknown_codes(), vec!["no-such-code"]);
    }
}
