//! Errors: 404 and 403 next to healthy skills, server errors after retries, and the runs that
//! cannot go on (exit 3) or are refused (exit 2).

use crate::support::{Env, fixture};

/// Two attempts, at most a second apart, so the 503 test stays quick.
const QUICK_RETRIES: &str = "http: {max_attempts: 2, max_retry_wait_s: 1}\n";

#[test]
fn not_found_forbidden_and_failing_skills_report_next_to_a_healthy_one() {
    let env = Env::with_config(QUICK_RETRIES);
    let run = env.run(&[
        "--sandbox",
        &fixture("denied.yaml"),
        "-o",
        "json",
        "queue-health",
        "4301",
        "4302",
        "4303",
        "9999",
    ]);
    assert_eq!(run.code, 3, "an error subject makes exit 3\n{}", run.stdout);
    assert_eq!(run.subject("4301")["status"], "pass");

    let denied = run.subject("4302");
    assert_eq!(denied["status"], "error");
    assert_eq!(denied["label"], "Secret Voice");
    assert_eq!(denied["findings"][0]["code"], "skill-realtime-forbidden");
    let message = denied["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("Real-Time Data API permission"),
        "{message}"
    );
    assert!(message.contains("/skills/4302/activity"), "{message}");

    let flaky = run.subject("4303");
    assert_eq!(flaky["status"], "error");
    assert_eq!(flaky["findings"][0]["code"], "api-server-error");
    let message = flaky["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("after 2 attempts"), "{message}");

    let missing = run.subject("9999");
    assert_eq!(missing["status"], "fail");
    assert_eq!(missing["findings"][0]["code"], "skill-not-found");
    assert_eq!(run.report()["summary"]["error"], 2);
}

#[test]
fn the_human_view_shows_the_error_rows_and_their_hints() {
    let run = Env::with_config(QUICK_RETRIES).run(&[
        "--sandbox",
        &fixture("denied.yaml"),
        "--color",
        "never",
        "queue-health",
        "4301",
        "4302",
        "9999",
    ]);
    assert_eq!(run.code, 3);
    let out = &run.stdout;
    let row = out.lines().find(|l| l.starts_with("│ 4302 ")).unwrap();
    assert!(
        row.contains("Secret Voice") && row.contains("ERROR"),
        "{row}"
    );
    assert!(out.contains("ERROR skill 4302  (Secret Voice)"), "{out}");
    assert!(out.contains("hint: Give the API user's role the Real-Time Data API permission"));
    assert!(
        out.lines()
            .any(|l| l.starts_with("│ 9999 ") && l.contains("FAIL"))
    );
}

#[test]
fn without_real_time_permission_every_skill_is_an_error_naming_it() {
    let run = Env::new().run(&[
        "--sandbox",
        &fixture("realtime-denied.yaml"),
        "-o",
        "json",
        "-v",
        "queue-health",
        "--all",
    ]);
    assert_eq!(run.code, 3);
    for (id, label) in [("4401", "Billing Voice"), ("4402", "Web Chat")] {
        let s = run.subject(id);
        assert_eq!(s["status"], "error");
        assert_eq!(s["label"], label);
        assert_eq!(s["findings"][0]["code"], "skill-realtime-forbidden");
    }
    let requests = run.requests();
    assert_eq!(
        requests.iter().filter(|r| r.contains("activity")).count(),
        1,
        "one refused bulk read, not one per skill: {requests:#?}"
    );
}

#[test]
fn refused_agent_states_make_error_subjects_naming_the_permission() {
    let run = Env::new().run(&[
        "--sandbox",
        &fixture("states-denied.yaml"),
        "-o",
        "json",
        "queue-health",
        "4501",
    ]);
    assert_eq!(run.code, 3);
    let s = run.subject("4501");
    assert_eq!(s["status"], "error");
    let message = s["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("/agents/states") && message.contains("Real-Time Data"),
        "{message}"
    );
}

#[test]
fn refused_authentication_is_exit_3_with_the_clients_explanation() {
    let run = Env::new().run(&[
        "--sandbox",
        &fixture("no-password-grant.yaml"),
        "queue-health",
        "4701",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no report: {}", run.stdout);
    assert!(
        run.stderr.contains("does not allow this grant type"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"));
}

#[test]
fn an_unreachable_issuer_is_exit_3() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let env = Env::with_config(&format!(
        "default_profile: closed\nprofiles:\n  closed:\n    issuer: http://127.0.0.1:{port}\nhttp: {{max_attempts: 1}}\ntoken_cache: false\n"
    ));
    let mut cmd = env.cmd();
    cmd.env("CXONE_CLIENT_ID", "id")
        .env("CXONE_CLIENT_SECRET", "client-secret-value")
        .env("CXONE_ACCESS_KEY_ID", "key")
        .env("CXONE_ACCESS_KEY_SECRET", "key-secret-value");
    let run = env.run_with(cmd, &["queue-health", "--all"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot reach the issuer"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("secret-value"),
        "secrets never printed"
    );
}

#[test]
fn usage_errors_are_exit_2_with_a_hint() {
    let env = Env::new();
    let none = env.run(&["--sandbox", "demo", "queue-health"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("needs a SKILL") && none.stderr.contains("--all"),
        "{}",
        none.stderr
    );
    assert!(none.stderr.contains("hint:"));
    let empty = env.run(&["--sandbox", "demo", "queue-health", " "]);
    assert_eq!(empty.code, 2);
    assert!(empty.stderr.contains("empty"), "{}", empty.stderr);
    let media = env.run(&[
        "--sandbox",
        "demo",
        "queue-health",
        "4201",
        "--media",
        "chat",
    ]);
    assert_eq!(media.code, 2, "--media filters --all");
    let both = env.run(&["--sandbox", "demo", "queue-health", "4201", "--all"]);
    assert_eq!(both.code, 2);
    let bad_media = env.run(&[
        "--sandbox",
        "demo",
        "queue-health",
        "--all",
        "--media",
        "fax",
    ]);
    assert_eq!(bad_media.code, 2);
}

#[test]
fn a_refused_skill_list_stops_all_but_only_errors_the_names() {
    let env = Env::new();
    let list = fixture("list-denied.yaml");
    let all = env.run(&["--sandbox", &list, "queue-health", "--all"]);
    assert_eq!(all.code, 3);
    assert!(all.stdout.is_empty());
    assert!(
        all.stderr
            .contains("could not list the tenant's skills for --all")
            && all.stderr.contains("Admin"),
        "{}",
        all.stderr
    );
    let named = env.run(&[
        "--sandbox",
        &list,
        "-o",
        "json",
        "queue-health",
        "Billing Voice",
        "4801",
    ]);
    assert_eq!(named.code, 3);
    let name = named.subject("Billing Voice");
    assert_eq!(name["status"], "error");
    let message = name["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Could not look up the skill named"),
        "{message}"
    );
    assert_eq!(named.subject("4801")["status"], "pass");
}
