//! Scenario files: errors name the file, line and key; relative times; generators.

use crate::support::Api;
use cxone_diag::error::is_usage;
use cxone_diag::sandbox::Sandbox;
use std::io::Write;

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let f = file("skills:\n  - id: 1\n    name: One\n    activty: {queue: 3}\n");
    let path = f.path().to_str().unwrap().to_string();
    let err = Sandbox::start(&path, 0).unwrap_err();
    let text = format!("{err:#}");
    assert!(is_usage(&err));
    assert!(text.contains(&path), "{text}");
    assert!(text.contains("line 4"), "{text}");
    assert!(
        text.contains("skills[0]") && text.contains("activty"),
        "{text}"
    );
}

#[test]
fn wrong_types_and_bad_references_are_usage_errors() {
    let f = file("skills:\n  - id: one\n    name: One\n");
    let err = Sandbox::start(f.path().to_str().unwrap(), 0).unwrap_err();
    assert!(format!("{err:#}").contains("line 2"));
    let f = file("contacts:\n  - id: 5\n    skill: 404\n");
    let err = Sandbox::start(f.path().to_str().unwrap(), 0).unwrap_err();
    assert!(is_usage(&err));
    assert!(format!("{err:#}").contains("contacts[0].skill"));
    let f = file("faults:\n  - match: {path: /x}\n    statuses: [999]\n");
    let err = Sandbox::start(f.path().to_str().unwrap(), 0).unwrap_err();
    assert!(format!("{err:#}").contains("faults[0].statuses"), "{err:#}");
    let f = file("contacts:\n  - {id: 5, start: yesterday}\n");
    let err = Sandbox::start(f.path().to_str().unwrap(), 0).unwrap_err();
    assert!(format!("{err:#}").contains("contacts[0].start"), "{err:#}");
}

#[test]
fn unknown_scenario_name_lists_the_builtins() {
    let err = Sandbox::start("dmeo", 0).unwrap_err();
    assert!(is_usage(&err));
    assert!(format!("{err}").contains("demo, bench-200, bench-200-per-skill, bench-digital"));
}

#[test]
fn relative_times_resolve_against_the_start() {
    let api = Api::yaml(
        "skills: [{id: 1, name: One, activity: {queue: 1, oldest_wait_s: 600}}]\ncontacts:\n  - {id: 7, skill: 1, start: -2h, history: [{state: PreQueue, seconds: 30}, {state: EndContact}]}\n",
    );
    let (_, c) = api.get("/contacts/7");
    let start =
        chrono::DateTime::parse_from_rfc3339(c["contactStartDate"].as_str().unwrap()).unwrap();
    let ago = chrono::Utc::now().signed_duration_since(start);
    assert!((7190..7210).contains(&ago.num_seconds()), "{ago}");
    assert_eq!(c["totalDurationSeconds"], 30);
    let (_, a) = api.get("/skills/1/activity");
    let earliest = chrono::DateTime::parse_from_rfc3339(
        a["skillActivity"][0]["earliestQueueTime"].as_str().unwrap(),
    )
    .unwrap();
    assert!((chrono::Utc::now().signed_duration_since(earliest)).num_seconds() >= 600);
}

#[test]
fn generated_skills_and_agents_are_served() {
    let api = Api::yaml(
        "generate:\n  skills: {count: 3, first_id: 500, name: 'Gen {n}', agents_per_skill: 2, agent_states: [Available, LoggedOut]}\n",
    );
    let (_, s) = api.get("/skills/502");
    assert_eq!(s["skillName"], "Gen 3");
    let (_, a) = api.get("/skills/502/activity");
    assert_eq!(a["skillActivity"][0]["agentsAvailable"], 1);
    assert_eq!(a["skillActivity"][0]["agentsLoggedIn"], 1);
}

#[test]
fn example_files_match_the_builtins() {
    for name in ["demo", "bench-200", "bench-digital"] {
        let path = format!(
            "{}/examples/scenarios/{name}.yaml",
            env!("CARGO_MANIFEST_DIR")
        );
        let sb = Sandbox::start(&path, 0).unwrap();
        assert_eq!(sb.name(), name);
    }
}

#[test]
fn the_docs_sandbox_example_scenario_runs() {
    let readme =
        std::fs::read_to_string(format!("{}/docs/sandbox.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let start = readme
        .find("```yaml\nname: mini")
        .expect("docs/sandbox.md has the example")
        + "```yaml\n".len();
    let yaml = &readme[start..start + readme[start..].find("```").unwrap()];
    let api = Api::new(Sandbox::from_yaml(yaml, "docs/sandbox.md", 0).unwrap());
    assert_eq!(api.post("/interactions/5823201/signal?p1=Escalate").0, 503);
    assert_eq!(api.post("/interactions/5823201/signal?p1=Escalate").0, 503);
    assert_eq!(api.post("/interactions/5823201/signal?p1=Escalate").0, 202);
    let (_, c) = api.get("/contacts/5823200");
    assert_eq!(c["stateName"], "Inqueue");
    assert_eq!(c["skillId"], 4201);
}
