//! The demo skills' verdicts, their JSON facts and the human table.

use serde_json::json;

use crate::support::{Env, problem_codes};

#[test]
fn every_demo_skill_gets_its_documented_verdict() {
    let run = Env::new().run(&["--sandbox", "demo", "queue-health", "--all", "-o", "json"]);
    assert_eq!(run.code, 1, "a failing skill makes exit 1\n{}", run.stderr);
    let expected: [(&str, &str, &[&str]); 12] = [
        ("4201", "pass", &[]),
        ("4202", "fail", &["skill-inactive"]),
        ("4203", "fail", &["skill-no-agents"]),
        ("4204", "fail", &["skill-no-active-agents"]),
        ("4205", "warn", &["skill-no-agents-logged-in"]),
        ("4206", "warn", &["skill-no-available-agents"]),
        // contacts wait while Ada and Grace are Available: the routing problem is the root
        // cause; the long queue, long wait and low service level it explains become info
        ("4207", "warn", &["skill-waiting-with-available"]),
        ("4208", "warn", &["skill-waiting-with-available"]),
        ("4209", "warn", &["skill-waiting-with-available"]),
        ("4210", "pass", &[]),
        ("4211", "pass", &[]),
        ("4212", "pass", &[]),
    ];
    let report = run.report();
    assert_eq!(report["command"], "queue-health");
    assert_eq!(report["schema"], "cxone-diag/report/v1");
    let ids: Vec<&str> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected.map(|e| e.0));
    for (id, status, codes) in expected {
        let s = run.subject(id);
        assert_eq!(s["kind"], "skill");
        assert_eq!(s["status"], status, "skill {id}: {s}");
        let got = problem_codes(&s);
        if id == "4206" {
            // Contact 5823160's wait grows while the sandbox runs; a wait warning may join.
            assert_eq!(got[0], codes[0], "skill {id}: {got:?}");
        } else {
            assert_eq!(got, codes, "skill {id}");
        }
        let counts = s["findings"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            counts["code"], "skill-counts",
            "a passing skill still shows its numbers"
        );
    }
    assert_eq!(
        report["summary"],
        json!({"pass": 4, "warn": 5, "fail": 3, "error": 0, "skipped": 0})
    );
}

#[test]
fn json_facts_carry_the_counts_of_each_skill() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "queue-health",
        "4201",
        "4204",
        "4202",
    ]);
    let f = run.subject("4201")["facts"].clone();
    assert_eq!(f["skillName"], "Billing Voice");
    assert_eq!(f["mediaTypeName"], "Phone Call");
    assert_eq!(f["isActive"], true);
    assert_eq!(f["agentsAssigned"], 3);
    assert_eq!(f["agentsLoggedIn"], 3);
    assert_eq!(f["agentsAvailable"], 2);
    assert_eq!(f["agentsWorking"], 1);
    assert_eq!(f["queueCount"], 2);
    assert_eq!(f["serviceLevel"], 92);
    let wait = f["oldestWaitSeconds"].as_u64().unwrap();
    assert!((23..=27).contains(&wait), "oldest wait {wait}");
    assert_eq!(f["agentCountSource"], "agent-states");
    let legacy = run.subject("4204")["facts"].clone();
    assert_eq!(legacy["agentsAssigned"], 3);
    assert_eq!(legacy["agentsAssignedActive"], 0);
    assert_eq!(legacy["blocker"], "no-active-agents");
    let retention = run.subject("4202");
    assert_eq!(retention["facts"]["isActive"], false);
    assert_eq!(retention["label"], "Retention Voice");
}

#[test]
fn the_human_table_has_one_row_per_skill_and_the_problems_with_hints() {
    // --wide: every column (at the default width of 100 some give way)
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "--wide",
        "--color",
        "never",
        "queue-health",
        "4201",
        "4202",
        "4205",
    ]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(!out.contains('\u{1b}'), "colour is off");
    let header = out.lines().find(|l| l.contains("Skill")).unwrap();
    for column in [
        "Name",
        "Media",
        "Active",
        "Assigned",
        "Logged in",
        "Available",
        "In queue",
        "Oldest wait",
        "Status",
    ] {
        assert!(header.contains(column), "{header}");
    }
    let row = |id: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("│ {id} ")))
            .unwrap_or_else(|| panic!("no row for {id}:\n{out}"));
        line.split(['│', '┆'])
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let billing = row("4201");
    assert_eq!(
        &billing[..8],
        [
            "4201",
            "Billing Voice",
            "Phone Call",
            "yes",
            "3",
            "3",
            "2",
            "2"
        ]
    );
    assert_eq!(billing.last().unwrap(), "PASS");
    let retention = row("4202");
    assert_eq!(retention[1], "Retention Voice");
    assert_eq!(retention[3], "no");
    assert_eq!(retention.last().unwrap(), "FAIL");
    let overflow = row("4205");
    assert_eq!(overflow[5], "0", "nobody logged in");
    assert_eq!(overflow.last().unwrap(), "WARN");
    assert!(out.contains("FAIL  skill 4202  (Retention Voice)"), "{out}");
    assert!(out.contains("skill-inactive"));
    assert!(out.contains("hint: Activate the skill"));
    assert!(out.contains("skill-no-agents-logged-in"));
    assert!(
        !out.contains("PASS  skill 4201"),
        "passing skills stay in the table only"
    );
    assert!(
        out.contains("3 subjects: 1 pass, 1 warn, 1 fail, 0 error"),
        "{out}"
    );
}

#[test]
fn exit_code_is_0_when_only_warnings_and_1_with_fail_on_warn() {
    let env = Env::new();
    let ok = env.run(&["--sandbox", "demo", "queue-health", "4201", "4210", "4207"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.contains("WARN"));
    let strict = env.run(&[
        "--sandbox",
        "demo",
        "--fail-on",
        "warn",
        "queue-health",
        "4201",
        "4207",
    ]);
    assert_eq!(strict.code, 1);
}

#[test]
fn severity_overrides_apply_to_queue_findings() {
    let run = Env::new().run(&[
        "--sandbox",
        "demo",
        "-o",
        "json",
        "--allow",
        "skill-inactive",
        "queue-health",
        "4202",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.subject("4202")["status"], "pass");
}
