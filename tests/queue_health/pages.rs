//! Paging must not change a verdict: `demo` served at 1, 2 and 7 rows a page (and at one page
//! for everything) gives every skill the same status, findings and agent counts, with the bulk
//! `/agents/skills` plan and with the per-skill fallback.

use serde_json::Value;

use crate::support::Env;

/// `demo` with its `paging:` block replaced by `top` rows a page (default and cap), and
/// optionally `GET /agents/skills` refused so the per-skill plan runs.
fn demo_paged(dir: &std::path::Path, top: u32, per_skill: bool) -> std::path::PathBuf {
    let demo =
        std::fs::read_to_string(crate::common::in_crate("examples/scenarios/demo.yaml")).unwrap();
    let start = demo.find("\npaging:\n").expect("demo has a paging block") + 1;
    let end = start + demo[start..].find("\n\n").unwrap();
    let mut text = format!(
        "{}paging:\n  default_top: {top}\n  max_top: {top}{}",
        &demo[..start],
        &demo[end..]
    );
    if per_skill {
        assert!(
            !text.contains("\nfaults:"),
            "demo has no faults block of its own"
        );
        text.push_str("\nfaults:\n  - match: {path: \"/agents/skills\"}\n    deny: true\n");
    }
    let path = dir.join(format!("demo-{top}-{per_skill}.yaml"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Per skill: status, sorted finding codes and the agent counts the verdict used.
fn verdicts(report: &Value) -> Vec<(String, String, Vec<String>, Value)> {
    report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut codes: Vec<String> = s["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| format!("{}:{}", f["code"].as_str().unwrap(), f["severity"]))
                .collect();
            codes.sort();
            let facts = &s["facts"];
            let counts = serde_json::json!([
                facts["agentsAssigned"],
                facts["agentsLoggedIn"],
                facts["agentsAvailable"],
                facts["queueCount"]
            ]);
            (
                s["id"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
                codes,
                counts,
            )
        })
        .collect()
}

#[test]
fn demo_gets_the_same_verdicts_at_every_page_size_with_either_plan() {
    let dir = tempfile::tempdir().unwrap();
    let env = Env::new();
    let judge = |top: u32, per_skill: bool| {
        let scenario = demo_paged(dir.path(), top, per_skill);
        let run = env.run(&[
            "--sandbox",
            scenario.to_str().unwrap(),
            "queue-health",
            "--all",
            "-o",
            "json",
        ]);
        assert_eq!(
            run.code, 1,
            "top {top}, per-skill {per_skill}\n{}",
            run.stderr
        );
        verdicts(&run.report())
    };
    let whole = judge(1000, false);
    assert_eq!(whole.len(), 12, "{whole:?}");
    assert!(
        whole.iter().any(|(_, status, _, _)| status == "pass")
            && whole.iter().any(|(_, status, _, _)| status == "fail"),
        "demo has passing and failing skills: {whole:?}"
    );
    for top in [1, 2, 7] {
        for per_skill in [false, true] {
            assert_eq!(
                judge(top, per_skill),
                whole,
                "page size {top}, per-skill plan {per_skill}"
            );
        }
    }
    assert_eq!(judge(1000, true), whole, "the per-skill plan on one page");
}
