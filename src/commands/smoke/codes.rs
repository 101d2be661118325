//! Finding codes of smoke suites.

crate::codes! {
    SMOKE_EXPECTATION_MET = "smoke-expectation-met", Info,
        "The step got the diagnosis or kind the suite expects",
        "The suite names what this subject must be (a diagnosis with `expect:`, a payload kind with `kind:`), and it is. The subject's own findings are kept as info: the expected outcome is the passing outcome of the step.";
    SMOKE_EXPECTATION_UNMET = "smoke-expectation-unmet", Fail,
        "The step did not get the diagnosis or kind the suite expects",
        "The suite names what this subject must be (`expect:` for a trace, `kind:` for a payload), and it is something else. Either the conversation or payload changed (a regression: read the subject's findings), or the suite's expectation is out of date: update `expect:` / `kind:` in the suite file. Only a real judgment of a real, fully read conversation meets an expectation: a contact or case that does not exist (404), Cognigy's placeholder id, or a conversation part of which could not be read (a 403, an API error) is unmet whatever its diagnosis; fix the id or the access, as the message says.";
    SMOKE_STEP_NOT_RUN = "smoke-step-not-run", Fail,
        "A step could not run",
        "The step stopped before judging anything: the tenant was unreachable, authentication was refused, or an API call failed after its retries. The message says which; fix it (run `cxone-diag auth check` with the same profile) and run the suite again. The other steps still ran.";
}
