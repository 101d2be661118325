//! Tenant data and file names with terminal control characters (ESC sequences, BEL, C1, bidi
//! overrides) reach human output and stderr as visible escapes, never raw; JSON keeps them.

use crate::support::{Home, Run};

/// A skill and an agent whose names would clear the screen, retitle the window and reverse text.
const SCENARIO: &str = "skills:\n  - id: 4201\n    name: \"Billing\\e[2J\\e]0;pwned\\a\\u202e\"\n    media: phone\nagents:\n  - id: 9001\n    first_name: \"Ada\\e[31m\\x9b\"\n    last_name: \"Love\\u2066lace\"\n    state: Available\n    skills: [{skill: 4201}]\n";

/// No raw control or bidi character anywhere in the run's output.
fn assert_clean(run: &Run) {
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let raw = text.chars().find(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        });
        assert_eq!(raw, None, "raw control character on {name}:\n{text}");
    }
}

#[test]
fn queue_health_shows_hostile_names_as_escapes() {
    let home = Home::new();
    home.write("evil.yaml", SCENARIO);
    let scenario = home.join("evil.yaml");
    let scenario = scenario.to_str().unwrap();
    let all = home.run(&["--sandbox", scenario, "--wide", "queue-health", "--all"]);
    assert_eq!(all.code, 0, "{}{}", all.stdout, all.stderr);
    assert_clean(&all);
    assert!(
        all.stdout
            .contains("Billing\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{202e}"),
        "{}",
        all.stdout
    );
    let agents = home.run(&[
        "--sandbox",
        scenario,
        "--wide",
        "queue-health",
        "4201",
        "--agents",
    ]);
    assert_eq!(agents.code, 0, "{}{}", agents.stdout, agents.stderr);
    assert_clean(&agents);
    assert!(
        agents.stdout.contains("Ada\\u{1b}[31m\\u{9b}"),
        "{}",
        agents.stdout
    );
    assert!(agents.stdout.contains("Love\\u"), "{}", agents.stdout);
    // the table stays aligned: every row of it is as wide as its top border
    let rows: Vec<usize> = all
        .stdout
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .map(|l| l.chars().count())
        .collect();
    assert!(
        rows.len() >= 4 && rows.iter().all(|&w| w == rows[0]),
        "{}",
        all.stdout
    );
    // machines get the exact data
    let json = home.run(&["--sandbox", scenario, "-o", "json", "queue-health", "--all"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        doc["subjects"][0]["label"], "Billing\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}",
        "{}",
        json.stdout
    );
}

#[test]
fn validate_payload_shows_hostile_file_names_as_escapes() {
    let name = "pay\u{1b}[2Jload\u{202e}.json";
    let home = Home::new();
    home.write(name, "{\"bad\": ");
    let file = home.join(name);
    let run = home.run(&["validate-payload", file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_clean(&run);
    assert!(
        run.stdout.contains("pay\\u{1b}[2Jload\\u{202e}.json"),
        "{}",
        run.stdout
    );
    // a file that is not there: the error on stderr quotes the name escaped
    let missing = home.join("gone\u{1b}]0;x\u{7}.json");
    let run = home.run(&["validate-payload", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_clean(&run);
    assert!(
        run.stderr.contains("gone\\u{1b}]0;x\\u{7}.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sandbox_dry_run_is_refused_with_a_hint_line() {
    let home = Home::new();
    let run = home.run(&["--sandbox", "demo", "simulate-handoff", "--dry-run"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines[0].starts_with("error: --dry-run talks to"),
        "{}",
        run.stderr
    );
    assert!(
        lines[1].starts_with("  hint: drop --dry-run"),
        "{}",
        run.stderr
    );
}
