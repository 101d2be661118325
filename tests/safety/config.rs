//! Config files: a BOM is accepted, a device or a huge file is refused without reading it,
//! absurd numbers are clamped.

use crate::common::Home;
use crate::support::*;

#[test]
fn a_config_with_a_byte_order_mark_is_read() {
    let home = Home::with_file(
        "cxone-diag.yaml",
        "\u{feff}token_cache: false\nprofiles: {}\n",
    );
    std::fs::write(home.join("p.json"), "{\"p1\": \"Escalate\"}").unwrap();
    let r = run(&home, &["-o", "json", "validate-payload", "p.json"]);
    assert_eq!(
        r.code, 1,
        "a signal without p2 or a contact id fails: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("not valid"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_device_or_oversized_config_is_refused_without_reading_it_all() {
    let home = Home::temp();
    let r = crate::common::run({
        let mut c = home.isolated();
        c.args(["--config", "/dev/zero", "explain", "--list"]);
        c
    });
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    let big = home.join("big.yaml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(2 << 20))).unwrap();
    let r = crate::common::run({
        let mut c = home.isolated();
        c.arg("--config").arg(&big).args(["explain", "--list"]);
        c
    });
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("over the limit"), "{}", r.stderr);
}

#[test]
fn no_output_may_name_an_input() {
    let home = Home::with_file(
        "cxone-diag.yaml",
        "token_cache: false\nprofiles:\n  lab:\n    auth:\n      secret_file: secrets.yaml\n",
    );
    std::fs::write(home.join("in.ndjson"), "{\"p1\": \"Escalate\"}\n").unwrap();
    std::fs::create_dir(home.join("payloads")).unwrap();
    std::fs::write(home.join("payloads/a.json"), "{}").unwrap();
    std::fs::hard_link(home.join("in.ndjson"), home.join("link.json")).unwrap();
    for (args, named) in [
        (
            &[
                "--report",
                "json=in.ndjson",
                "validate-payload",
                "in.ndjson",
            ][..],
            "in.ndjson",
        ),
        (
            &[
                "--report",
                "json=./link.json",
                "validate-payload",
                "in.ndjson",
            ],
            "in.ndjson",
        ),
        (
            &[
                "--report",
                "json=cxone-diag.yaml",
                "validate-payload",
                "in.ndjson",
            ],
            "cxone-diag.yaml",
        ),
        (
            &[
                "--report",
                "junit=payloads/r.xml",
                "validate-payload",
                "payloads",
            ],
            "payloads",
        ),
        (
            &["simulate-handoff", "--audit-log", "in.ndjson", "in.ndjson"],
            "in.ndjson",
        ),
        (
            &[
                "--report",
                "json=secrets.yaml",
                "validate-payload",
                "in.ndjson",
            ],
            "secrets.yaml",
        ),
    ] {
        let r = run(&home, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("would destroy an input"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(named), "{args:?}: {}", r.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(home.join("in.ndjson")).unwrap(),
        "{\"p1\": \"Escalate\"}\n",
        "the input is intact"
    );
}

#[cfg(unix)]
#[test]
fn the_audit_log_never_follows_a_symlink() {
    let home = Home::with_file("cxone-diag.yaml", "token_cache: false\n");
    std::fs::write(home.join("precious.txt"), "keep\n").unwrap();
    std::os::unix::fs::symlink(home.join("precious.txt"), home.join("audit.jsonl")).unwrap();
    let r = run(
        &home,
        &[
            "-o",
            "json",
            "simulate-handoff",
            "--audit-log",
            "audit.jsonl",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(home.join("precious.txt")).unwrap(),
        "keep\n"
    );
}

#[test]
fn a_repeated_payload_key_is_a_warning_naming_it() {
    let home = Home::with_file("cxone-diag.yaml", "token_cache: false\n");
    std::fs::write(
        home.join("dup.json"),
        r#"{"p1":"bogus","p1":"Escalate","p2":"{}","contactId":"5823201"}"#,
    )
    .unwrap();
    let r = run(&home, &["-o", "json", "validate-payload", "dup.json"]);
    let report = r.report();
    let text = report.to_string();
    assert!(text.contains("payload-duplicate-key"), "{text}");
    assert!(
        text.contains("key \\\"p1\\\" is given more than once"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_payload_is_refused_unless_given_as_stdin() {
    let home = Home::with_file("cxone-diag.yaml", "token_cache: false\n");
    let fifo = home.join("p.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    for args in [
        &["validate-payload", "p.fifo"][..],
        &["simulate-handoff", "p.fifo"],
    ] {
        let r = run(&home, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
        assert!(r.stderr.contains("stdin"), "{}", r.stderr);
    }
    let mut c = cmd(&home);
    c.args(["-o", "json", "validate-payload", "-"])
        .write_stdin(r#"{"p1":"Escalate","p2":"{}","contactId":"5823201"}"#);
    let r = crate::common::run(c);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_base_url_refused_for_its_credentials_or_query_does_not_print_them() {
    use crate::hostile::{Hostile, Resp};
    for (key, url) in [
        ("api_base", "https://ops:URLPASSWORD-123@api.example.com"),
        (
            "issuer",
            "https://api.example.com/?access_token=URLQUERYTOKEN-456",
        ),
    ] {
        let issuer = if key == "issuer" {
            String::new()
        } else {
            "    issuer: https://x.example.com\n".to_string()
        };
        let home = lab_home(
            "http://127.0.0.1:9",
            &format!("  other:\n{issuer}    {key}: {url}\n"),
        );
        let r = run(
            &home,
            &["--profile", "other", "-o", "json", "queue-health", "4001"],
        );
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("is refused"), "{}", r.stderr);
        for secret in ["URLPASSWORD-123", "URLQUERYTOKEN-456"] {
            assert!(!r.stderr.contains(secret), "{}", r.stderr);
            assert!(!r.stdout.contains(secret), "{}", r.stdout);
        }
    }
    // a discovery document naming such a token endpoint: the same
    let issuer = Hostile::start(|_| {
        Resp::json(
            200,
            serde_json::json!({"token_endpoint": "https://ops:DISCOPASSWORD-789@127.0.0.1:1/auth/token"}),
        )
    });
    let home = issuer_home(&issuer.base());
    let r = run(&home, &["-vv", "-o", "json", "queue-health", "4001"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(!r.stderr.contains("DISCOPASSWORD-789"), "{}", r.stderr);
    assert!(!r.stdout.contains("DISCOPASSWORD-789"), "{}", r.stdout);
}
