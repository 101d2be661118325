//! Bad flag values are usage errors (exit 2) whose message says what is wrong and how to fix it:
//! ids that are not digits, numbers out of range (negative ones too), an NDJSON file of several
//! payloads, a config rule out of range. Also the flags `simulate-handoff` shares with the other
//! commands through `src/cli.rs`.

use crate::common::in_crate;
use crate::support::*;

/// Run `ARGS` (no `simulate-handoff` added) with the home's config.
fn run(home: &Home, args: &[&str]) -> std::process::Output {
    home.cmd().args(args).output().unwrap()
}

fn assert_usage(out: &std::process::Output, says: &[&str]) {
    let err = stderr(out);
    assert_eq!(code(out), 2, "{err}");
    assert!(out.stdout.is_empty(), "nothing is judged: {err}");
    for s in says {
        assert!(err.contains(s), "{s:?} in {err}");
    }
    assert!(
        !err.contains("tip: to pass"),
        "no misleading clap tip: {err}"
    );
    assert!(!err.contains("unexpected argument"), "{err}");
}

#[test]
fn skill_ids_must_be_digits() {
    let home = Home::new();
    for (args, says) in [
        (
            vec!["--skill", "abc"],
            ["--skill \"abc\" is not a CXone skill id", "ids are digits"],
        ),
        (
            vec!["--fallback-skill", "abc", "--inject", "500"],
            [
                "--fallback-skill \"abc\" is not a CXone skill id",
                "ids are digits",
            ],
        ),
        (
            vec!["--via", "work-item", "--skill", "4201x"],
            [
                "--skill \"4201x\" is not a CXone skill id",
                "queue-health --all",
            ],
        ),
    ] {
        let mut all = vec!["--sandbox", "demo", "simulate-handoff"];
        all.extend(args);
        assert_usage(&run(&home, &all), &says);
    }
}

#[test]
fn negative_and_huge_numbers_say_the_range() {
    let home = Home::new();
    for (args, says) in [
        (
            vec!["--repeat", "-1"],
            "invalid value '-1' for '--repeat <N>': out of range; give a number from 1 to 1000",
        ),
        (
            vec!["--latency-ms", "-1"],
            "invalid value '-1' for '--latency-ms <N>': out of range; give a number from 0 to 120000",
        ),
        (
            vec!["--latency-ms", "99999999999"],
            "'--latency-ms <N>': out of range; give a number from 0 to 120000",
        ),
        (
            vec!["--latency-ms", "120001"],
            "'--latency-ms <N>': out of range",
        ),
        (
            vec!["--concurrency", "-4"],
            "'--concurrency <C>': out of range; give a number from 1 to 32",
        ),
        (
            vec!["--verify-timeout", "-5"],
            "'--verify-timeout <SECONDS>': out of range",
        ),
        (
            vec!["--repeat", "two"],
            "'--repeat <N>': not a whole number",
        ),
    ] {
        let mut all = vec!["simulate-handoff"];
        all.extend(args);
        assert_usage(&run(&home, &all), &[says]);
    }
}

#[test]
fn a_negative_confidence_is_judged_out_of_range_like_any_other() {
    // Like --confidence 1.5: the value reaches the check, which says it is outside 0..1.
    let home = Home::new();
    let handoff = home.write(
        "h.json",
        r#"{"targetType": "queue", "targetId": "4242", "message": "m", "conversationId": "c", "context": {}, "preserveHistory": true}"#,
    );
    let out = run(
        &home,
        &[
            "-o",
            "json",
            "validate-payload",
            "--confidence",
            "-0.1",
            "--intent",
            "complaint",
            handoff.to_str().unwrap(),
        ],
    );
    // validate-payload refuses a flag out of 0..1 before reading any payload (like 1.5);
    // a payload's own out-of-range confidence is a finding
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("--confidence -0.1 is not a probability from 0 to 1"));

    let out = home.simulate(&["--confidence", "-0.1"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = report(&out);
    let e = subject(&r, "eligibility");
    assert_eq!(
        e["findings"][0]["code"], "handoff-confidence-range",
        "{e:#}"
    );
}

#[test]
fn a_negative_since_is_not_a_duration() {
    let home = Home::new();
    let out = run(
        &home,
        &[
            "--sandbox",
            "demo",
            "trace-conversation",
            "--recent",
            "--since",
            "-5m",
        ],
    );
    assert_usage(&out, &["--since \"-5m\" is not a duration"]);
}

#[test]
fn an_ndjson_file_of_several_payloads_points_at_validate_payload() {
    let home = Home::new();
    let events = in_crate("examples/payloads/events.ndjson");
    let out = home.simulate(&[events.to_str().unwrap()]);
    assert_usage(
        &out,
        &[
            "simulate-handoff rehearses one payload",
            "cxone-diag validate-payload",
            "sed -n 1p",
        ],
    );
    assert!(
        !stderr(&out).contains("name it .ndjson"),
        "{}",
        stderr(&out)
    );

    let one = home.write(
        "one.ndjson",
        "\n{\"p1\":\"Escalate\",\"p2\":\"[{\\\"intent\\\":\\\"complaint\\\",\\\"confidence\\\":0.2}]\"}\n",
    );
    let out = home.simulate(&[one.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "one line is one payload: {}", stderr(&out));
    let r = report(&out);
    let p = subject(&r, "payload");
    assert_eq!(p["facts"]["kind"], "cognigy-signal", "{p:#}");
}

#[test]
fn min_confidence_outside_0_to_1_is_a_usage_error_naming_the_key() {
    let home = Home::new();
    home.config("token_cache: false\nrules:\n  handoff:\n    min_confidence: 7\n");
    let out = home.simulate(&[]);
    assert_usage(
        &out,
        &[
            "rules.handoff: min_confidence 7 is outside 0..1",
            "from 0 to 1",
            "line 4",
        ],
    );
}

#[test]
fn fail_on_help_says_errors_exit_3() {
    let home = Home::new();
    let out = run(&home, &["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("(and errors)"), "{help}");
    assert!(
        flat.contains(
            "fail: Only failures make the exit code 1 (a subject that could not be judged always exits 3)"
        ),
        "{help}"
    );
    assert!(
        flat.contains("a subject that could not be judged (error), Ctrl-C or SIGTERM"),
        "{help}"
    );
}

#[test]
fn the_help_of_force_says_what_it_overrides() {
    let home = Home::new();
    let out = run(&home, &["simulate-handoff", "--help"]);
    assert_eq!(code(&out), 0);
    let help = String::from_utf8_lossy(&out.stdout).to_string();
    let at = help.find("--force").expect("--force in the help");
    let text: String = help[at..].split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("preflight refusal"), "{text:.300}");
    assert!(
        text.contains("except an ended or missing target"),
        "{text:.300}"
    );
}
