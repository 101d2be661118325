//! The step subjects of a rehearsal: their ids, labels and the "not run" form.

use crate::report::{Finding, Subject};

use super::codes;

/// The step that validates the payload.
pub const PAYLOAD: &str = "payload";
/// The step that judges eligibility.
pub const ELIGIBILITY: &str = "eligibility";
/// The step that judges the target skill.
pub const PREFLIGHT: &str = "preflight";
/// The step that sends the handover.
pub const HANDOVER: &str = "handover";
/// The step that routes to the fallback when the handover fails.
pub const FALLBACK: &str = "fallback";
/// The step that follows the contact until queued or answered.
pub const VERIFY: &str = "verify";
/// The step that posts the handoff context to the CRM (when `rules.handoff.crm` is set).
pub const CRM: &str = "crm";
/// The step that ends the contacts the run created.
pub const CLEANUP: &str = "cleanup";

/// The steps of one rehearsal, in order.
pub const REHEARSAL: [&str; 4] = [HANDOVER, FALLBACK, VERIFY, CLEANUP];

/// The steps of one rehearsal, with the CRM step when it is configured.
pub fn rehearsal(crm: bool) -> Vec<&'static str> {
    if crm {
        vec![HANDOVER, FALLBACK, VERIFY, CRM, CLEANUP]
    } else {
        REHEARSAL.to_vec()
    }
}

/// A new step subject.
pub fn step(id: &str) -> Subject {
    Subject::new("step", id)
}

/// A step that did not run, with the reason (an `info` finding; the subject is `skipped`).
pub fn not_run(id: &str, because: &str) -> Subject {
    let mut s = step(id).with_label("not run");
    s.fact("ran", false);
    s.skip(Finding::new(
        &codes::STEP_NOT_RUN,
        format!("not run: {because}"),
    ));
    s.finish();
    s
}

/// True for a subject made by [`not_run`].
pub fn skipped(s: &Subject) -> bool {
    s.skipped
}

/// Tag a subject with its rehearsal when there are several (`rehearsal` fact, label prefix).
pub fn tag(s: &mut Subject, rehearsal: u32, total: u32) {
    if total <= 1 {
        return;
    }
    s.fact("rehearsal", rehearsal);
    let prefix = format!("rehearsal {rehearsal}/{total}");
    s.label = Some(match s.label.take() {
        Some(label) => format!("{prefix} · {label}"),
        None => prefix,
    });
}

/// The audit outcome of a finished subject: its status word, the same as in the report.
pub fn outcome(s: &Subject) -> &'static str {
    s.status.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;

    #[test]
    fn not_run_steps_are_skipped_with_the_reason() {
        let s = not_run(VERIFY, "the handover failed");
        assert_eq!(s.status, Status::Skipped);
        assert!(skipped(&s));
        assert_eq!(outcome(&s), "skipped");
        assert_eq!(s.findings[0].code, "simulate-step-not-run");
        assert!(s.findings[0].message.contains("the handover failed"));
    }

    #[test]
    fn tags_only_when_repeating() {
        let mut one = step(HANDOVER).with_label("signal to 5");
        tag(&mut one, 1, 1);
        assert_eq!(one.label.as_deref(), Some("signal to 5"));
        let mut many = step(HANDOVER).with_label("signal to 5");
        tag(&mut many, 2, 5);
        assert_eq!(many.label.as_deref(), Some("rehearsal 2/5 · signal to 5"));
        assert_eq!(many.facts["rehearsal"], 2);
        assert_eq!(outcome(&many), "pass");
    }
}
