//! How many requests a run makes: agent states once, no resource twice, bulk activity for `--all`.

use std::collections::HashSet;

use crate::support::Env;

#[test]
fn all_reads_each_resource_once_and_activity_in_bulk() {
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
    assert_eq!(count(&|r| r == "GET /agents/states"), 1);
    assert_eq!(count(&|r| r.starts_with("GET /skills?")), 1);
    assert_eq!(count(&|r| r.starts_with("GET /skills/activity?")), 1);
    assert_eq!(
        count(&|r| r.ends_with("/agents") && r.starts_with("GET /skills/")),
        12
    );
    assert_eq!(
        count(&|r| r.starts_with("GET /skills/42") && !r.ends_with("/agents")),
        0,
        "neither /skills/{{id}} nor /skills/{{id}}/activity: {requests:#?}"
    );
    // discovery, token, cxone-configuration + 15 API reads
    assert_eq!(requests.len(), 18, "{requests:#?}");
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
            .filter(|r| r.as_str() == "GET /agents/states")
            .count(),
        1
    );
    assert!(
        !api.iter().any(|r| r.starts_with("GET /skills?")),
        "ids need no list"
    );
    for id in ["4201", "4206", "4210"] {
        for path in [
            format!("GET /skills/{id}"),
            format!("GET /skills/{id}/activity"),
            format!("GET /skills/{id}/agents"),
        ] {
            assert!(api.iter().any(|r| **r == path), "{path}: {requests:#?}");
        }
    }
    assert_eq!(api.len(), 10);
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
    assert_eq!(run.requests().len(), 18);
    assert_eq!(run.report()["summary"]["fail"], 3);
}
