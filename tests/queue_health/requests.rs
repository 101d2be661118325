//! How many requests a run makes: agent states once, no resource twice, bulk activity for `--all`.

use std::collections::HashSet;

use crate::support::Env;

#[test]
fn all_reads_each_list_once_page_by_page_and_assignments_in_bulk() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-v",
        "-o",
        "json",
        "queue-health",
        "--all",
    ]);
    assert_eq!(run.code, 1);
    let requests = run.requests();
    let unique: HashSet<&String> = requests.iter().collect();
    assert_eq!(
        unique.len(),
        requests.len(),
        "no request twice: {requests:#?}"
    );
    let count = |f: &dyn Fn(&str) -> bool| requests.iter().filter(|r| f(r)).count();
    // demo pages at most 5 rows whatever `top` asks: 8 agents, 12 skills, 23 assignments
    assert_eq!(count(&|r| r.starts_with("GET /agents/states?")), 2);
    assert_eq!(count(&|r| r.starts_with("GET /skills?")), 3);
    assert_eq!(count(&|r| r.starts_with("GET /skills/activity?")), 3);
    assert_eq!(count(&|r| r.starts_with("GET /agents/skills?")), 5);
    for skip in [0, 5, 10, 15, 20] {
        let page = format!("GET /agents/skills?top=100&skip={skip}");
        assert_eq!(count(&|r| r == page), 1, "{page}: {requests:#?}");
    }
    assert_eq!(
        count(&|r| r.starts_with("GET /skills/42")),
        0,
        "no per-skill read at all: {requests:#?}"
    );
    // discovery, token, cxone-configuration + 13 pages
    assert_eq!(requests.len(), 16, "{requests:#?}");
    assert!(
        run.stderr
            .contains("agent assignments read in bulk: GET /agents/skills, 23 rows in 5 pages"),
        "{}",
        run.stderr
    );
    for s in run.report()["subjects"].as_array().unwrap() {
        assert_eq!(s["facts"]["assignmentsPlan"], "bulk", "{s:#}");
    }
}

#[test]
fn a_refused_bulk_read_falls_back_to_one_read_per_skill_and_says_so() {
    let bulk = Env::new().run(&["--sandbox", "demo", "-o", "json", "queue-health", "--all"]);
    // demo, with GET /agents/skills refused
    let env = Env::new();
    let demo = include_str!("../../examples/scenarios/demo.yaml");
    let scenario = env.config().with_file_name("demo-denied.yaml");
    std::fs::write(
        &scenario,
        format!("{demo}\nfaults:\n  - match: {{path: \"/agents/skills\"}}\n    deny: true\n"),
    )
    .unwrap();
    let per_skill = env.run(&[
        "--sandbox",
        scenario.to_str().unwrap(),
        "-v",
        "-o",
        "json",
        "queue-health",
        "--all",
    ]);
    assert!(
        per_skill.stderr.contains(
            "agent assignments read per skill (GET /skills/{id}/agents), because GET /agents/skills failed"
        ),
        "{}",
        per_skill.stderr
    );
    let requests = per_skill.requests();
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.starts_with("GET /skills/42") && r.contains("/agents?"))
            .count(),
        12,
        "{requests:#?}"
    );
    // the same verdicts either way
    let verdicts = |r: &serde_json::Value| -> Vec<(String, String, Vec<String>)> {
        r["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let codes = s["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["code"].as_str().unwrap().to_string())
                    .collect();
                (
                    s["id"].as_str().unwrap().to_string(),
                    s["status"].as_str().unwrap().to_string(),
                    codes,
                )
            })
            .collect()
    };
    assert_eq!(verdicts(&bulk.report()), verdicts(&per_skill.report()));
    for s in per_skill.report()["subjects"].as_array().unwrap() {
        assert_eq!(s["facts"]["assignmentsPlan"], "per-skill");
    }
}

#[test]
fn ids_read_skill_activity_and_agents_once_each_and_states_once() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-v",
        "-o",
        "json",
        "queue-health",
        "4201",
        "4206",
        "4210",
    ]);
    let requests = run.requests();
    let api: Vec<&String> = requests
        .iter()
        .filter(|r| !r.contains("/.well-known/") && !r.contains("/auth/"))
        .collect();
    let unique: HashSet<&&String> = api.iter().collect();
    assert_eq!(unique.len(), api.len(), "{requests:#?}");
    assert_eq!(
        api.iter()
            .filter(|r| r.starts_with("GET /agents/states?"))
            .count(),
        2,
        "8 agents in pages of 5"
    );
    assert!(
        !api.iter().any(|r| r.starts_with("GET /skills?")),
        "ids need no list"
    );
    for id in ["4201", "4206", "4210"] {
        for path in [
            format!("GET /skills/{id}"),
            format!("GET /skills/{id}/activity"),
        ] {
            assert!(api.iter().any(|r| **r == path), "{path}: {requests:#?}");
        }
        let agents = format!("GET /skills/{id}/agents?top=100&skip=0");
        assert!(api.iter().any(|r| **r == agents), "{agents}: {requests:#?}");
    }
    assert!(
        !api.iter().any(|r| r.starts_with("GET /agents/skills")),
        "a few ids are read per skill"
    );
    assert_eq!(api.len(), 11, "{requests:#?}");
}

#[test]
fn sequential_runs_with_concurrency_1_make_the_same_requests() {
    let env = Env::with_config("http: {concurrency: 1}\n");
    let run = env.run(&[
        "--sandbox",
        "demo",
        "-v",
        "-o",
        "json",
        "queue-health",
        "--all",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.requests().len(), 16);
    assert_eq!(run.report()["summary"]["fail"], 3);
}
