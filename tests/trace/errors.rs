//! Bad input (exit 2), unknown ids, Cognigy's placeholder id, and a tenant that refuses the
//! login (exit 3).

use crate::common;
use crate::support::{Home, codes, fixture, subject};

#[test]
fn the_sentinel_fails_at_once_without_any_request() {
    let home = Home::new();
    let run = home.trace("demo", &["100000000000", "-v"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.requests().is_empty(), "{}", run.stderr);
    assert!(!run.stderr.contains("http"), "{}", run.stderr);
    let report = run.report();
    let s = subject(&report, "contact", "100000000000");
    assert_eq!(s["facts"]["diagnosis"], "never-escalated");
    assert_eq!(codes(s), ["contact-id-sentinel"]);
    // it needs no tenant and no credentials at all
    let run = home.offline(&["100000000000", "--output", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.report()["status"], "fail");
}

#[test]
fn an_unknown_contact_is_the_not_found_subject() {
    let home = Home::new();
    let run = home.trace("demo", &["999", "-v"]);
    assert_eq!(
        run.code, 1,
        "a wrong id is a judged failure: {}",
        run.stderr
    );
    let report = run.report();
    let s = subject(&report, "contact", "999");
    assert_eq!(s["status"], "fail");
    assert_eq!(codes(s), ["contact-not-found"]);
    assert_eq!(s["facts"]["diagnosis"], "not-found");
    let hint = s["findings"][0]["hint"].as_str().unwrap();
    for place in ["typo", "business unit", "--digital", "--recent --since"] {
        assert!(
            hint.contains(place),
            "the hint says where to look ({place}): {hint}"
        );
    }
    // nothing more is asked about a contact that does not exist
    assert_eq!(run.requests_to("/contacts/").len(), 1, "{}", run.stderr);
}

#[test]
fn an_unknown_id_prints_as_the_readme_says() {
    // docs/commands/trace-conversation.md ("What it reads"): a 404 is diagnosis `not-found`, a judged
    // `fail` (contact-not-found), exit 1 — not an `error` subject (exit 3)
    let home = Home::new();
    for (args, header, evidence) in [
        (
            &["9999999"][..],
            "FAIL  contact 9999999: not-found",
            "Contact 9999999 was not found on the tenant (404).",
        ),
        (
            &["--digital", "9999"][..],
            "FAIL  case 9999: not-found",
            "Digital case 9999 was not found on the tenant (404).",
        ),
    ] {
        let mut cmd = home.cmd();
        cmd.args([
            "--sandbox",
            "demo",
            "--color",
            "never",
            "trace-conversation",
        ])
        .args(args);
        let run = common::run(cmd);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains(header), "{}", run.stdout);
        assert!(run.stdout.contains(evidence), "{}", run.stdout);
        assert!(
            run.stdout.contains("1 fail, 0 error"),
            "a judged fail, not an error: {}",
            run.stdout
        );
    }
}

#[test]
fn bad_input_is_exit_2_with_a_hint() {
    let home = Home::new();
    let cases: &[(&[&str], &str)] = &[
        (&["58231x4"], "is not a number"),
        (&["--digital", "case-1"], "is not a number"),
        (&["--recent", "--since", "2 hours"], "is not a duration"),
        (&["--recent", "--since", "0m"], "is not a duration"),
        (&["--recent", "--skill", "Billing"], "is not a skill id"),
        (&["--since", "2h", "5823114"], "--since goes with --recent"),
        (&["--abandoned-only"], "--abandoned-only goes with --recent"),
        (&[], "say what to trace"),
        (&["5823114", "--digital", "1042"], "cannot be used with"),
        (
            &["--bundle", "b.json", "--save-bundle", "c.json"],
            "cannot be used with",
        ),
    ];
    for (args, words) in cases {
        let run = home.trace("demo", args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(words), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_refused_login_is_exit_3() {
    let home = Home::new();
    let run = home.trace(&fixture("login-refused.yaml"), &["5823110"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("token endpoint refused"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn an_unreadable_part_is_a_warning_not_a_lost_trace() {
    let home = Home::new();
    let run = home.trace(&fixture("partial.yaml"), &["6001"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.report();
    let s = subject(&report, "contact", "6001");
    assert_eq!(s["facts"]["diagnosis"], "handed-over");
    assert_eq!(s["status"], "warn");
    let not_read = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "api-forbidden")
        .unwrap_or_else(|| panic!("{s:#}"));
    assert_eq!(not_read["severity"], "warn");
    let message = not_read["message"].as_str().unwrap();
    assert!(
        message.starts_with("Could not read the custom data of contact 6001:"),
        "{message}"
    );
    assert!(codes(s).contains(&"contact-data-missing".to_string()));
}
