//! Expectations of a suite: a trace's diagnosis, a payload's kind. Pure functions over subjects.

use super::codes;
use crate::checks::codes as trace_codes;
use crate::report::{Finding, Severity, Subject};

/// Judge `subject` against an expected value of `fact` (`diagnosis` or `kind`).
///
/// Met: the subject's own findings become info (the expected outcome is the step's pass) and
/// an info finding says so. Unmet: a `fail` finding names both values. Only a real judgment
/// of a real, fully read conversation can meet an expectation: a contact or case that does
/// not exist, Cognigy's placeholder id, or a conversation part of which could not be read is
/// unmet whatever its diagnosis (see [`not_judged`]). A subject the tool could not judge at
/// all (`error`) is left as it is: it already stops the run with exit 3.
pub fn apply(subject: &mut Subject, fact: &str, expected: &str) {
    if subject.errored {
        return;
    }
    if let Some((why, hint)) = not_judged(subject) {
        subject.push(
            Finding::new(
                &codes::SMOKE_EXPECTATION_UNMET,
                format!("{why}, so it cannot be {expected} as the suite expects"),
            )
            .hint(hint),
        );
        subject.finish();
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

/// Why `subject` is not a judgment of a real, fully read conversation (what, and a hint), or
/// `None` when it is. Its diagnosis fact is then a placeholder (`not-found` for a 404), not
/// something a suite can expect.
pub fn not_judged(subject: &Subject) -> Option<(String, String)> {
    let what = match subject.kind.as_str() {
        "case" => format!("digital case {}", subject.id),
        kind => format!("{kind} {}", subject.id),
    };
    let fix_id = "Fix the id in the suite: `trace:` takes an ACD contact id, `digital:` a digital case number; pick one the tenant has (for the demo sandbox, see examples/scenarios/README.md)";
    for f in &subject.findings {
        if f.code == trace_codes::CONTACT_NOT_FOUND.id || f.code == trace_codes::CASE_NOT_FOUND.id {
            return Some((
                format!("{what} does not exist on the tenant (404)"),
                fix_id.to_string(),
            ));
        }
        if f.code == trace_codes::CONTACT_ID_SENTINEL.id {
            return Some((
                format!("{what} is Cognigy's placeholder id, not a conversation"),
                fix_id.to_string(),
            ));
        }
        if is_read_failure(&f.code) {
            return Some((
                format!("{what} was not fully read ({}: {})", f.code, f.message),
                format!(
                    "Fix what stopped the read (`cxone-diag explain {}`), then run the suite again",
                    f.code
                ),
            ));
        }
    }
    None
}

/// True for the codes of an API call that failed (`api-…`, `auth-…`, `run-interrupted`).
fn is_read_failure(code: &str) -> bool {
    code == crate::report::codes::general::RUN_INTERRUPTED.id
        || crate::cxone::codes::ALL
            .iter()
            .any(|c| c.id == code && c.severity == Severity::Fail)
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

    fn unmet(s: &Subject) -> &Finding {
        assert_eq!(s.status, Status::Fail, "{:?}", s.findings);
        let last = s.findings.last().unwrap();
        assert_eq!(last.code, "smoke-expectation-unmet");
        last
    }

    #[test]
    fn a_contact_that_does_not_exist_never_meets_an_expectation() {
        let mut s = crate::checks::contact::contact_not_found_subject("9999999");
        apply(&mut s, "diagnosis", "inconclusive");
        let last = unmet(&s);
        assert!(
            last.message.contains("contact 9999999 does not exist"),
            "{}",
            last.message
        );
        assert_eq!(s.findings[0].severity, Severity::Fail, "kept as it was");

        let mut s = crate::commands::trace_conversation::digital::case_not_found_subject("9999");
        apply(&mut s, "diagnosis", "inconclusive");
        assert!(
            unmet(&s)
                .message
                .contains("digital case 9999 does not exist")
        );
    }

    #[test]
    fn the_placeholder_id_never_meets_an_expectation() {
        let mut s = crate::checks::contact::sentinel_subject("100000000000").unwrap();
        apply(&mut s, "diagnosis", "never-escalated");
        assert!(unmet(&s).message.contains("placeholder"));
    }

    #[test]
    fn a_conversation_not_fully_read_never_meets_an_expectation() {
        let mut s = Subject::new("contact", "5");
        s.fact("diagnosis", "inconclusive");
        s.push(Finding::new(
            &crate::checks::codes::CONTACT_INCONCLUSIVE,
            "no history",
        ));
        s.push(
            Finding::new(
                &crate::cxone::codes::API_FORBIDDEN,
                "Could not read history: 403",
            )
            .severity(Severity::Warn),
        );
        s.finish();
        apply(&mut s, "diagnosis", "inconclusive");
        let last = unmet(&s);
        assert!(
            last.message.contains("not fully read") && last.message.contains("403"),
            "{}",
            last.message
        );
        assert_eq!(s.findings[1].severity, Severity::Warn, "kept as it was");
    }
}
