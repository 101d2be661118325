//! Writes are bound to a host: a live run refuses base URLs from the environment, hosts a
//! production profile uses and discovered hosts, before any request; the preview and the audit
//! log show full URLs.

use crate::common::Home;
use crate::hostile::{Hostile, Resp};
use crate::support::*;

fn tenant() -> Hostile {
    Hostile::start(|_| Resp::json(200, serde_json::json!({})))
}

fn live(home: &Home, extra_env: &[(&str, &str)]) -> crate::common::Run {
    let mut c = cmd(home);
    for (k, v) in extra_env {
        c.env(k, v);
    }
    c.args([
        "-o",
        "json",
        "simulate-handoff",
        "--live",
        "--yes",
        "--contact-id",
        "5823201",
    ]);
    crate::common::run(c)
}

#[test]
fn an_api_base_from_the_environment_is_refused_and_nothing_is_sent_anywhere() {
    let (lab, prod) = (tenant(), tenant());
    let home = lab_home(&lab.base(), "");
    for var in ["CXONE_API_BASE", "CXONE_TOKEN_URL", "CXONE_ISSUER"] {
        let url = format!("{}/x", prod.base());
        let r = live(&home, &[(var, url.as_str())]);
        assert_eq!(r.code, 2, "{var}: {}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("{var} is set in the environment")),
            "{}",
            r.stderr
        );
    }
    assert_eq!(lab.hits() + prod.hits(), 0, "nothing was sent");
}

#[test]
fn a_write_host_a_production_profile_uses_is_refused() {
    let lab = tenant();
    let home = lab_home(
        &lab.base(),
        &format!(
            // the same host on another port: hosts are compared by name
            "  prod:\n    issuer: https://cxone.niceincontact.com\n    api_base: {}\n    production: true\n",
            "http://127.0.0.1:1"
        ),
    );
    let r = live(&home, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("write host 127.0.0.1"), "{}", r.stderr);
    assert!(r.stderr.contains("profile \"prod\""), "{}", r.stderr);
    assert_eq!(lab.hits(), 0);
}

#[test]
fn a_discovered_api_host_is_not_written_to() {
    let lab = tenant();
    let home = Home::with_file(
        "cxone-diag.yaml",
        &format!(
            "token_cache: false\nprofiles:\n  lab:\n    issuer: {}\n    allow_writes: true\n    production: false\n",
            lab.base()
        ),
    );
    let r = live(&home, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("does not set api_base"), "{}", r.stderr);
    assert_eq!(lab.hits(), 0);
}

#[test]
fn a_profile_defined_twice_is_refused_by_every_command() {
    let home = Home::with_file(
        "cxone-diag.yaml",
        "profiles:\n  lab:\n    production: true\n  lab:\n    production: false\n    allow_writes: true\n",
    );
    std::fs::write(home.join("p.json"), "{\"p1\": \"Escalate\"}").unwrap();
    for args in [
        &["validate-payload", "p.json"][..],
        &["queue-health", "4001"],
        &["simulate-handoff", "--live", "--yes", "--contact-id", "1"],
        &["auth", "check"],
    ] {
        let r = run(&home, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("profile \"lab\" is defined twice"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

/// A live work-item rehearsal on the sandbox `sb`, with `extra` arguments.
fn live_work_item(
    home: &Home,
    sb: &cxone_diag::sandbox::Sandbox,
    extra: &[&str],
) -> crate::common::Run {
    let mut cmd = sandbox_cmd(home, sb);
    cmd.args(["-o", "json", "simulate-handoff", "--live", "--yes"])
        .args([
            "--via",
            "work-item",
            "--point-of-contact",
            "Callback WorkItem",
        ])
        .args(extra);
    crate::common::run(cmd)
}

#[test]
fn the_preview_and_the_audit_log_name_full_urls() {
    let sb = cxone_diag::sandbox::Sandbox::start("demo", 0).unwrap();
    let home = sandbox_home(&sb, "");
    let r = live_work_item(&home, &sb, &["--audit-log", "audit.jsonl"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let port = sb
        .base_url()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap();
    let root = format!("http://127.0.0.1:{port}/inContactAPI/services/v30.0");
    assert!(
        r.stderr
            .contains(&format!("POST {root}/interactions/work-items")),
        "{}",
        r.stderr
    );
    let audit = std::fs::read_to_string(home.join("audit.jsonl")).unwrap();
    for line in audit.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["writesTo"], serde_json::json!([root]), "{line}");
    }
}

#[test]
fn a_failed_cleanup_after_a_live_write_fails_naming_the_live_contact() {
    use cxone_diag::sandbox::{FaultRule, Sandbox};
    let sb = Sandbox::start("demo", 0).unwrap();
    sb.add_fault(FaultRule::statuses(
        "POST",
        "/contacts/*/end",
        &[502, 502, 502, 502],
    ))
    .unwrap();
    let home = sandbox_home(&sb, "http:\n  max_attempts: 2\n  max_retry_wait_s: 0\n");
    let r = live_work_item(&home, &sb, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let report = r.report();
    let cleanup = crate::common::subject(&report, "cleanup");
    assert_eq!(cleanup["status"], "fail", "{cleanup:#}");
    let text = cleanup.to_string();
    assert!(text.contains("is still live"), "{text}");
    assert!(text.contains("/contacts/"), "{text}");
}

#[test]
fn localhost_and_127_0_0_1_are_one_host_for_the_production_rail() {
    // lab spells the loopback host `localhost`, prod `127.0.0.1` (or `[::1]`, `127.0.0.2`):
    // every spelling reaches the same machine, so the write is refused
    let lab = tenant();
    let port = lab.base().rsplit(':').next().unwrap().to_string();
    let lab_base = format!("http://localhost:{port}");
    for prod in ["http://127.0.0.1:1", "http://[::1]:1", "http://127.0.0.2:1"] {
        let home = lab_home(
            &lab_base,
            &format!(
                "  prod:\n    issuer: https://cxone.niceincontact.com\n    api_base: {prod}\n    production: true\n"
            ),
        );
        let r = live(&home, &[]);
        assert_eq!(r.code, 2, "{prod}: {}", r.stderr);
        assert!(r.stderr.contains("profile \"prod\""), "{}", r.stderr);
    }
    // and the other way round: lab on 127.0.0.1, prod on localhost
    let home = lab_home(
        &lab.base(),
        "  prod:\n    issuer: https://cxone.niceincontact.com\n    api_base: http://LOCALHOST.:1\n    production: true\n",
    );
    let r = live(&home, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(lab.hits(), 0, "nothing was sent");
}
