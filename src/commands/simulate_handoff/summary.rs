//! The summary subject of `--repeat N`: success rate and p50/p95/max of the handover latency,
//! the time to queue and the time to agent.

use std::collections::BTreeMap;

use serde_json::json;

use crate::report::{Finding, Subject};

use super::codes;
use super::rehearsal::Rehearsal;
use super::stats::{Spread, rate};

/// The summary subject (kind `summary`, id `rehearsals`) over `results`; `wall_ms` is the time
/// all rehearsals took together and `concurrency` how many ran at once.
pub fn subject(results: &[Rehearsal], wall_ms: u64, concurrency: u32) -> Subject {
    let n = results.len();
    let mut s = Subject::new("summary", "rehearsals");
    let succeeded = results.iter().filter(|r| r.outcome.succeeded()).count();
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for r in results {
        *outcomes.entry(r.outcome.name()).or_default() += 1;
    }
    let handover: Vec<u64> = results.iter().filter_map(|r| r.handover_ms).collect();
    let queue: Vec<u64> = results.iter().filter_map(|r| r.time_to_queue_ms).collect();
    let agent: Vec<u64> = results.iter().filter_map(|r| r.time_to_agent_ms).collect();
    let attempts: Vec<u64> = results.iter().map(|r| r.attempts as u64).collect();
    let spread = |v: &[u64]| Spread::of(v).map_or(serde_json::Value::Null, Spread::to_json);
    s.fact("rehearsals", n);
    s.fact("concurrency", concurrency);
    s.fact("succeeded", succeeded);
    s.fact("successRate", rate(succeeded, n));
    s.fact(
        "answeredRate",
        rate(outcomes.get("answered").copied().unwrap_or(0), n),
    );
    s.fact(
        "fallbackUsed",
        results.iter().filter(|r| r.fallback_used).count(),
    );
    s.fact("outcomes", json!(outcomes));
    s.fact("handoverLatencyMs", spread(&handover));
    s.fact("timeToQueueMs", spread(&queue));
    s.fact("timeToAgentMs", spread(&agent));
    s.fact("attempts", spread(&attempts));
    s.fact("wallMs", wall_ms);
    let short = |name: &str, v: &[u64]| {
        Spread::of(v).map(|sp| format!("{name} p50/p95/max {}/{}/{} ms", sp.p50, sp.p95, sp.max))
    };
    let mut label = format!("{succeeded}/{n} succeeded ({}%)", rate(succeeded, n));
    for part in [short("handover", &handover), short("to agent", &agent)]
        .into_iter()
        .flatten()
    {
        label.push_str(" · ");
        label.push_str(&part);
    }
    s.label = Some(label);
    let describe = |name: &str, v: &[u64]| {
        Spread::of(v).map(|sp| format!("{name} {} over {}", sp.describe(), sp.count))
    };
    let lines: Vec<String> = [
        describe("handover call", &handover),
        describe("time to queue", &queue),
        describe("time to agent", &agent),
    ]
    .into_iter()
    .flatten()
    .collect();
    let counts: Vec<String> = outcomes.iter().map(|(k, v)| format!("{v} {k}")).collect();
    s.push(Finding::new(
        &codes::SUMMARY,
        format!(
            "{succeeded} of {n} rehearsals succeeded ({}%; {}), {concurrency} at a time, in {wall_ms} ms\n{}",
            rate(succeeded, n),
            counts.join(", "),
            lines.join("\n")
        ),
    ));
    if succeeded < n {
        s.push(
            Finding::new(
                &codes::SOME_FAILED,
                format!(
                    "{} of {n} rehearsals did not reach a queue or an agent",
                    n - succeeded
                ),
            )
            .hint("Read the failed rehearsals' handover, fallback and verify steps above"),
        );
    }
    s.finish();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::simulate_handoff::verify::Outcome;
    use crate::report::Status;

    fn r(outcome: Outcome, handover: u64, queue: Option<u64>, agent: Option<u64>) -> Rehearsal {
        Rehearsal {
            subjects: Vec::new(),
            outcome,
            attempts: 1,
            handover_ms: Some(handover),
            time_to_queue_ms: queue,
            time_to_agent_ms: agent,
            fallback_used: false,
            fatal: false,
        }
    }

    #[test]
    fn rates_and_spreads() {
        let results = vec![
            r(Outcome::Answered, 10, Some(20), Some(1100)),
            r(Outcome::Answered, 30, Some(40), Some(1200)),
            r(Outcome::Queued, 20, Some(30), None),
            r(Outcome::HandoverFailed, 5, None, None),
        ];
        let s = subject(&results, 5000, 2);
        assert_eq!(s.status, Status::Warn);
        assert_eq!(s.facts["successRate"], 75.0);
        assert_eq!(s.facts["answeredRate"], 50.0);
        assert_eq!(s.facts["handoverLatencyMs"]["p50"], 10);
        assert_eq!(s.facts["handoverLatencyMs"]["max"], 30);
        assert_eq!(s.facts["timeToAgentMs"]["count"], 2);
        assert_eq!(s.facts["outcomes"]["handover-failed"], 1);
        assert!(
            s.findings[0]
                .message
                .contains("3 of 4 rehearsals succeeded")
        );
        let all = subject(&results[..2], 100, 1);
        assert_eq!(all.status, Status::Pass);
    }
}
