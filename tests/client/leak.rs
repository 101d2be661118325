//! No secret or token value ever reaches stdout or stderr, even at -vv and on errors.

use base64::Engine;
use httpmock::prelude::*;
use serde_json::json;

use crate::support::*;

/// Every form a secret could leak in.
fn forbidden(base: &str) -> Vec<String> {
    let id_token = token_body(base, 3600, ACCESS_TOKEN)["id_token"]
        .as_str()
        .unwrap()
        .to_string();
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    vec![
        CLIENT_SECRET.into(),
        KEY_SECRET.into(),
        "AKSECRET-p4ss%2Bw0rd%2F%3D".into(),
        "CS-zq9x%26secret%3D1".into(),
        ACCESS_TOKEN.into(),
        REFRESH_TOKEN.into(),
        id_token.split('.').nth(1).unwrap().to_string(),
        basic,
    ]
}

fn assert_clean(out: &std::process::Output, base: &str) {
    let all = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for secret in forbidden(base) {
        assert!(!all.contains(&secret), "leaked {secret:?} in:\n{all}");
    }
}

#[test]
fn a_verbose_successful_run_leaks_nothing() {
    let t = Tenant::start();
    let _m = t.healthy();
    let home = Home::new();
    for format in ["human", "json", "junit"] {
        let out = home
            .cmd(&t.base())
            .args(["-vv", "--no-token-cache", "auth", "check", "-o", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("POST"),
            "the trace shows the token request: {err}"
        );
        assert!(err.contains("> authorization: ***"), "{err}");
        assert!(err.contains("password=***"), "{err}");
        assert!(err.contains("\"access_token\":\"***\""), "{err}");
        assert_clean(&out, &t.base());
    }
}

#[test]
fn one_line_per_request_at_v() {
    let t = Tenant::start();
    let _m = t.healthy();
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["-v", "auth", "check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("http: ")).collect();
    // discovery, token, cxone-configuration, the read, then the permission matrix's five reads
    assert_eq!(lines.len(), 9, "{err}");
    assert!(
        lines[0].contains("GET") && lines[0].contains("/.well-known/openid-configuration -> 200"),
        "{err}"
    );
    assert!(
        lines[1].contains("POST") && lines[1].contains("/auth/token -> 200"),
        "{err}"
    );
    assert!(lines[3].contains("attempt 1/4"), "{err}");
    assert!(lines[3].contains(" ms, "), "{err}");
    assert!(!err.contains("authorization"), "headers only at -vv: {err}");
    assert_clean(&out, &t.base());
}

#[test]
fn secrets_echoed_by_the_server_are_redacted_everywhere() {
    let t = Tenant::start();
    t.discovery();
    t.server.mock(|when, then| {
        when.method(POST).path("/auth/token");
        then.status(400).json_body(json!({
            "error": "invalid_grant",
            "error_description": format!("bad password {KEY_SECRET} for client secret {CLIENT_SECRET}")
        }));
    });
    let home = Home::new();
    for format in ["human", "json", "junit"] {
        let out = home
            .cmd(&t.base())
            .args(["-vv", "auth", "check", "-o", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("bad password ***"), "{stdout}");
        assert_clean(&out, &t.base());
    }
}

#[test]
fn report_files_leak_nothing_either() {
    let t = Tenant::start();
    let _m = t.healthy();
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args([
            "-vv",
            "auth",
            "check",
            "--report",
            "json=r.json",
            "--report",
            "junit=r.xml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for file in ["r.json", "r.xml"] {
        let text = std::fs::read_to_string(home.path().join(file)).unwrap();
        assert!(text.contains("api-read"), "{text}");
        for secret in forbidden(&t.base()) {
            assert!(!text.contains(&secret), "{file} leaked {secret:?}");
        }
    }
}
