//! "Did you mean" for a mistyped config key, suite key, payload kind, finding code (and any
//! case of a right one) and profile name.

use crate::support::*;

#[test]
fn a_mistyped_config_key_gets_the_right_one() {
    let home = Home::with_file(
        "c.yaml",
        "profiles:\n  lab:\n    isuer: https://cxone.niceincontact.com\n",
    );
    let mut cmd = home.isolated();
    cmd.args(["--config", "c.yaml", "config", "show"]);
    let run = crate::common::run(cmd);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `isuer`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean issuer?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mistyped_suite_key_gets_the_right_one() {
    let home = Home::new();
    home.write("suite.yaml", "steps:\n  - qeue-health: [4201]\n");
    let run = home.run(&["--sandbox", "demo", "smoke", "suite.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean queue-health?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mistyped_payload_kind_gets_the_right_one() {
    let home = Home::new();
    home.write("p.json", "{}");
    let run = home.run(&["validate-payload", "--kind", "cognigy-signl", "p.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean cognigy-signal?"),
        "{}",
        run.stderr
    );
}

#[test]
fn finding_codes_are_found_in_any_case_and_near_misses_suggested() {
    let home = Home::new();
    let exact = home.run(&["explain", "skill-inactive"]);
    for typed in ["SKILL-INACTIVE", "Skill_Inactive"] {
        let run = home.run(&["explain", typed]);
        assert_eq!(run.code, 0, "{typed}: {}", run.stderr);
        assert_eq!(run.stdout, exact.stdout, "{typed}");
    }
    let run = home.run(&["explain", "skil-inactive"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("did you mean skill-inactive"),
        "{}",
        run.stderr
    );
    let run = home.run(&["--deny", "skil-inactive", "validate-payload", "x.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean skill-inactive"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mistyped_profile_gets_the_right_one() {
    let home = Home::with_file("c.yaml", "profiles:\n  staging: {}\n  prod: {}\n");
    let mut cmd = home.isolated();
    cmd.args([
        "--config",
        "c.yaml",
        "config",
        "show",
        "--profile",
        "stagin",
    ]);
    let run = crate::common::run(cmd);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown profile \"stagin\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean staging?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("known profiles: prod, staging"),
        "{}",
        run.stderr
    );
}
