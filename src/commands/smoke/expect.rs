//! Expectations of a suite: a trace's diagnosis, a payload's kind. Pure functions over subjects.

use super::codes;
use crate::report::{Finding, Severity, Subject};

/// Judge `subject` against an expected value of `fact` (`diagnosis` or `kind`).
///
/// Met: the subject's own findings become info (the expected outcome is the step's pass) and
/// an info finding says so. Unmet: a `fail` finding names both values. A subject the tool
/// could not judge (`error`) is left as it is.
pub fn apply(subject: &mut Subject, fact: &str, expected: &str) {
    if subject.errored {
        return;
    }
    let actual = subject
        .facts
        .get(fact)
        .and_then(|v| v.as_str())
        .unwrap_or("unknown")
        .to_string();
    if actual == expected {
        for f in &mut subject.findings {
            f.severity = Severity::Info;
        }
        subject.push(Finding::new(
            &codes::SMOKE_EXPECTATION_MET,
            format!("{fact} is {expected}, as the suite expects"),
        ));
    } else {
        subject.push(
            Finding::new(
                &codes::SMOKE_EXPECTATION_UNMET,
                format!("{fact} is {actual}, but the suite expects {expected}"),
            )
            .hint(format!(
                "Read this subject's other findings for why it is {actual}; if {actual} is now right, change the suite's expectation"
            )),
        );
    }
    subject.finish();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Status, codes::general};

    fn subject(diagnosis: &str, severity: Severity) -> Subject {
        let mut s = Subject::new("contact", "1");
        s.fact("diagnosis", diagnosis);
        s.push(Finding::new(&general::INPUT_UNREADABLE, "verdict").severity(severity));
        s.finish();
        s
    }

    #[test]
    fn a_met_expectation_passes_even_for_a_failing_diagnosis() {
        let mut s = subject("never-escalated", Severity::Fail);
        apply(&mut s, "diagnosis", "never-escalated");
        assert_eq!(s.status, Status::Pass);
        assert_eq!(s.findings.last().unwrap().code, "smoke-expectation-met");
    }

    #[test]
    fn an_unmet_expectation_fails_even_for_a_passing_diagnosis() {
        let mut s = subject("handed-over", Severity::Info);
        apply(&mut s, "diagnosis", "abandoned-in-queue");
        assert_eq!(s.status, Status::Fail);
        let last = s.findings.last().unwrap();
        assert_eq!(last.code, "smoke-expectation-unmet");
        assert!(
            last.message.contains("handed-over") && last.message.contains("abandoned-in-queue")
        );
    }

    #[test]
    fn errors_are_left_alone() {
        let mut s = Subject::new("contact", "1");
        s.error(Finding::new(&general::INPUT_UNREADABLE, "403"));
        apply(&mut s, "diagnosis", "handed-over");
        assert_eq!(s.findings.len(), 1);
    }
}
