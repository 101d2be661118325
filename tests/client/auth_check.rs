//! `auth check` through the binary: the steps, the token count, the disk cache, every auth error.

use httpmock::prelude::*;
use serde_json::json;

use crate::support::*;

#[test]
fn a_healthy_tenant_passes_every_step_with_one_token_request() {
    let t = Tenant::start();
    let [discovery, token, conf, read] = t.healthy();
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = report(&out);
    assert_eq!(r["command"], "auth check");
    assert_eq!(r["status"], "pass");
    let ids: Vec<&str> = r["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "discovery",
            "token",
            "identity",
            "api-host",
            "api-read",
            "admin",
            "real-time",
            "reporting",
            "digital",
            "writes"
        ]
    );
    let identity = subject(&r, "identity");
    assert_eq!(identity["facts"]["tenantId"], TENANT);
    assert_eq!(identity["facts"]["businessUnit"], "4600123");
    assert_eq!(identity["facts"]["area"], "na1");
    assert_eq!(identity["facts"]["cluster"], "C57");
    assert_eq!(identity["facts"]["user"], "user:11ee-9");
    assert_eq!(identity["facts"]["tokenLifetimeSeconds"], 3600);
    let host = subject(&r, "api-host");
    assert_eq!(host["facts"]["apiBase"], json!(t.base()));
    assert_eq!(subject(&r, "token")["facts"]["lifetimeSeconds"], 3600);
    discovery.assert_calls(1);
    token.assert_calls(1);
    conf.assert_calls(1);
    read.assert_calls(1);
}

#[test]
fn the_token_request_has_the_documented_shape() {
    let t = Tenant::start();
    t.discovery();
    t.configuration();
    t.apiversion();
    t.permissions();
    let basic = format!(
        "Basic {}",
        base64_encode(&format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    let exact = t.server.mock(|when, then| {
        when.method(POST)
            .path("/auth/token")
            .header("authorization", basic.as_str())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header(
                "user-agent",
                concat!("cxone-diag/", env!("CARGO_PKG_VERSION")),
            )
            // The secret's `+`, `/` and `=` are percent-encoded (docs/cxone-api.md §1.1).
            .body_includes("password=AKSECRET-p4ss%2Bw0rd%2F%3D");
        then.status(200)
            .json_body(token_body(&t.base(), 3600, ACCESS_TOKEN));
    });
    let home = Home::new();
    home.cmd(&t.base())
        .args(["auth", "check", "--no-token-cache"])
        .assert()
        .success();
    exact.assert_calls(1);
}

fn base64_encode(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn a_second_run_reuses_the_disk_cache_with_no_token_request() {
    let t = Tenant::start();
    let [discovery, token, conf, read] = t.healthy();
    let home = Home::new();
    home.cmd(&t.base())
        .args(["auth", "check"])
        .assert()
        .success();
    token.assert_calls(1);
    let files: Vec<_> = std::fs::read_dir(home.cache_dir()).unwrap().collect();
    assert_eq!(files.len(), 1, "one cache file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = files[0].as_ref().unwrap().path();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            !name.contains(KEY_ID) && !name.contains(CLIENT_ID),
            "{name}"
        );
    }

    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    token.assert_calls(1);
    discovery.assert_calls(1);
    conf.assert_calls(1);
    read.assert_calls(2);
    let r = report(&out);
    assert_eq!(subject(&r, "token")["facts"]["source"], "cache");

    home.cmd(&t.base())
        .args(["auth", "check", "--no-token-cache"])
        .assert()
        .success();
    token.assert_calls(2);
}

#[test]
fn a_corrupt_cache_file_is_ignored() {
    let t = Tenant::start();
    let [_d, token, _c, _r] = t.healthy();
    let home = Home::new();
    home.cmd(&t.base())
        .args(["auth", "check"])
        .assert()
        .success();
    let path = std::fs::read_dir(home.cache_dir())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&path, "{\"version\":1,\"access_token\":").unwrap();
    home.cmd(&t.base())
        .args(["auth", "check"])
        .assert()
        .success();
    token.assert_calls(2);
}

#[test]
fn the_config_switch_turns_the_cache_off() {
    let t = Tenant::start();
    let [_d, token, _c, _r] = t.healthy();
    let home = Home::new();
    home.config("token_cache: false\n");
    for _ in 0..2 {
        home.cmd(&t.base())
            .args(["auth", "check"])
            .assert()
            .success();
    }
    token.assert_calls(2);
    assert!(!home.cache_dir().exists());
}

fn token_error(t: &Tenant, status: u16, body: serde_json::Value) {
    t.discovery();
    t.server.mock(|when, then| {
        when.method(POST).path("/auth/token");
        then.status(status).json_body(body);
    });
}

#[test]
fn invalid_client_is_explained_and_exits_3() {
    let t = Tenant::start();
    token_error(
        &t,
        401,
        json!({"error":"invalid_client","error_description":"Client authentication failed"}),
    );
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let r = report(&out);
    let token = subject(&r, "token");
    assert_eq!(codes(token), ["auth-invalid-client"]);
    let msg = token["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("client id or secret is wrong"), "{msg}");
    assert!(msg.contains("not approved"), "{msg}");
    assert!(msg.contains("Client authentication failed"), "{msg}");
    for later in ["identity", "api-host", "api-read"] {
        assert_eq!(codes(subject(&r, later)), ["auth-step-not-run"]);
        assert_eq!(subject(&r, later)["status"], "skipped");
    }
}

#[test]
fn invalid_grant_names_the_access_key() {
    let t = Tenant::start();
    token_error(
        &t,
        400,
        json!({"error":"invalid_grant","error_description":"Invalid credentials"}),
    );
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("auth-invalid-grant"), "{text}");
    assert!(text.contains("refused the access key"), "{text}");
    assert!(text.contains("Access Keys"), "{text}");
}

#[test]
fn a_401_on_the_read_even_after_a_fresh_token_is_an_error_step_and_exits_3() {
    let t = Tenant::start();
    t.discovery();
    let token = t.token(3600);
    t.configuration();
    let read = t.server.mock(|when, then| {
        when.method(GET).path(acd("/apiversion"));
        then.status(401).json_body(json!({"error":"invalid_token"}));
    });
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json", "--no-token-cache"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let r = report(&out);
    assert_eq!(subject(&r, "api-read")["status"], "error");
    assert_eq!(r["status"], "error", "the report agrees with exit 3");
    assert!(r["summary"]["error"].as_u64().unwrap() >= 1);
    // one refresh and one retry after the first 401, no more
    token.assert_calls(2);
    read.assert_calls(2);
}

#[test]
fn a_403_on_the_read_names_the_api_family_and_exits_1() {
    let t = Tenant::start();
    t.discovery();
    t.token(3600);
    t.configuration();
    for path in ["/apiversion", "/skills"] {
        t.server.mock(|when, then| {
            when.method(GET).path(acd(path));
            then.status(403).json_body(
                json!({"error":"Forbidden","errorDescription":"User does not have permission"}),
            );
        });
    }
    t.permissions();
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out);
    let read = subject(&r, "api-read");
    assert_eq!(codes(read), ["api-forbidden"]);
    let f = &read["findings"][0];
    assert!(f["message"].as_str().unwrap().contains("Admin API"), "{f}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("User does not have permission"),
        "{f}"
    );
    assert!(f["hint"].as_str().unwrap().contains("role"), "{f}");
}

#[test]
fn apiversion_404_falls_back_to_skills() {
    let t = Tenant::start();
    t.discovery();
    t.token(3600);
    t.configuration();
    let skills = t.server.mock(|when, then| {
        when.method(GET)
            .path(acd("/skills"))
            .query_param("top", "1");
        then.status(200)
            .json_body(json!({"skills":[{"skillId":1}],"totalRecords":40}));
    });
    t.permissions();
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // The fallback read, then the permission matrix's Admin read.
    skills.assert_calls(2);
    let r = report(&out);
    assert!(
        subject(&r, "api-read")["facts"]["read"]
            .as_str()
            .unwrap()
            .contains("/skills?top=1")
    );
}

#[test]
fn an_unreachable_issuer_says_to_check_the_issuer() {
    let home = Home::new();
    home.config("http:\n  max_attempts: 1\n");
    let out = home
        .cmd("http://127.0.0.1:9")
        .args(["auth", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("api-unreachable"), "{text}");
    assert!(text.contains("cannot reach the issuer"), "{text}");
    assert!(text.contains("check the issuer"), "{text}");
    assert!(text.contains("ERROR step discovery"), "{text}");
}

#[test]
fn discovery_404_and_html_are_explained() {
    let t = Tenant::start();
    t.server.mock(|when, then| {
        when.path("/.well-known/openid-configuration");
        then.status(200)
            .header("content-type", "text/html")
            .body("<html><body>Sign in</body></html>");
    });
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("auth-discovery-failed"), "{text}");
    assert!(text.contains("not the JSON expected"), "{text}");

    let empty = Tenant::start();
    let out = home
        .cmd(&empty.base())
        .args(["auth", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("no OIDC discovery document"), "{text}");
    assert!(text.contains("token_url"), "{text}");
}

#[test]
fn token_url_and_api_base_skip_discovery() {
    let t = Tenant::start();
    let [discovery, token, conf, read] = t.healthy();
    let home = Home::new();
    let out = home
        .cmd("https://cxone.invalid")
        .env("CXONE_TOKEN_URL", format!("{}/auth/token", t.base()))
        .env("CXONE_API_BASE", t.base())
        .env("CXONE_DFO_BASE", t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    discovery.assert_calls(0);
    conf.assert_calls(0);
    token.assert_calls(1);
    read.assert_calls(1);
    let r = report(&out);
    assert_eq!(subject(&r, "discovery")["facts"]["skipped"], true);
    // The Digital host is set here (the permission matrix reads it, and tests touch only
    // 127.0.0.1); deriving it from the id_token area is unit-tested in cxone::discovery.
    assert_eq!(
        subject(&r, "api-host")["facts"]["dfoBase"],
        t.base().as_str()
    );
}

#[test]
fn plain_http_is_refused_for_remote_hosts() {
    let home = Home::new();
    let out = home
        .cmd("http://cxone.niceincontact.com")
        .args(["auth", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("issuer"), "{err}");
    assert!(err.contains("clear text"), "{err}");
    assert!(err.contains("loopback"), "{err}");
}

#[test]
fn a_discovered_http_url_is_refused() {
    let t = Tenant::start();
    t.discovery();
    t.token(3600);
    t.server.mock(|when, then| {
        when.path("/.well-known/cxone-configuration");
        then.status(200).json_body(json!({"api_endpoint":"http://api-na1.niceincontact.com","area":"na1","domain":"niceincontact.com"}));
    });
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let r = report(&out);
    assert_eq!(codes(subject(&r, "api-host")), ["api-insecure-url"]);
}

#[test]
fn missing_secrets_and_unknown_profiles_are_usage_errors() {
    let home = Home::new();
    let out = home
        .cmd("https://cxone.niceincontact.com")
        .env_remove("CXONE_ACCESS_KEY_SECRET")
        .args(["auth", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CXONE_ACCESS_KEY_SECRET"), "{err}");
    assert!(!err.contains(KEY_ID), "{err}");

    home.config("profiles:\n  prod: {}\n  staging: {}\n");
    let out = home
        .cmd("https://cxone.niceincontact.com")
        .args(["--profile", "qa", "auth", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown profile \"qa\""), "{err}");
    assert!(err.contains("prod, staging"), "{err}");
}

#[test]
fn clock_skew_and_short_tokens_warn() {
    let t = Tenant::start();
    t.discovery();
    t.configuration();
    t.apiversion();
    t.permissions();
    let mut claims = claims(&t.base());
    let iat = claims["iat"].as_u64().unwrap() - 600;
    claims["iat"] = json!(iat);
    claims["exp"] = json!(iat + 300);
    t.server.mock(|when, then| {
        when.method(POST).path("/auth/token");
        then.status(200).json_body(json!({
            "access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 300,
            "id_token": cxone_diag::cxone::token::unsigned_jwt(&claims)
        }));
    });
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings do not fail the run");
    let r = report(&out);
    assert_eq!(r["status"], "warn");
    assert!(codes(subject(&r, "identity")).contains(&"auth-clock-skew".to_string()));
    assert!(codes(subject(&r, "token")).contains(&"auth-token-short-lived".to_string()));
    home.cmd(&t.base())
        .args(["auth", "check", "--fail-on", "warn"])
        .assert()
        .code(1);
}

#[test]
fn client_secret_post_sends_the_client_in_the_body() {
    let t = Tenant::start();
    t.discovery();
    t.configuration();
    t.apiversion();
    t.permissions();
    let post = t.server.mock(|when, then| {
        when.method(POST)
            .path("/auth/token")
            .header_missing("authorization")
            .form_urlencoded_tuple("client_id", CLIENT_ID)
            .form_urlencoded_tuple("client_secret", CLIENT_SECRET)
            .form_urlencoded_tuple("grant_type", "password");
        then.status(200)
            .json_body(token_body(&t.base(), 3600, ACCESS_TOKEN));
    });
    let home = Home::new();
    home.config("profiles:\n  p:\n    auth:\n      client_auth: client_secret_post\n");
    home.cmd(&t.base())
        .args(["auth", "check"])
        .assert()
        .success();
    post.assert_calls(1);
}

#[test]
fn human_output_reads_well() {
    let t = Tenant::start();
    let _m = t.healthy();
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("PASS  step token"), "{text}");
    assert!(
        text.contains("tenant 11eb-tenant-42, business unit 4600123, area na1"),
        "{text}"
    );
    assert!(text.contains("10 subjects: 10 pass"), "{text}");
}

/// A healthy tenant whose reads of one API family answer `status`.
fn refused_family(status: u16, paths: &[&str]) -> serde_json::Value {
    let t = Tenant::start();
    t.discovery();
    t.token(3600);
    t.configuration();
    t.apiversion();
    for path in paths {
        t.server.mock(|when, then| {
            when.method(GET).path(*path);
            then.status(status).json_body(
                json!({"error":"Forbidden","errorDescription":"User does not have permission"}),
            );
        });
    }
    t.permissions();
    let posts = t.server.mock(|when, then| {
        when.method(POST).path_includes("/inContactAPI/");
        then.status(500);
    });
    let home = Home::new();
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    posts.assert_calls(0);
    let r = report(&out);
    let expected = if status == 500 { 3 } else { 1 };
    assert_eq!(out.status.code(), Some(expected), "{paths:?}: {r:#}");
    r
}

#[test]
fn a_403_on_each_api_family_in_turn_fails_that_family_only() {
    let realtime = [acd("/agents/states"), acd("/skills/activity")];
    for (family, paths, command) in [
        ("admin", vec![acd("/skills")], "queue-health"),
        ("real-time", vec![realtime[0].clone()], "queue-health"),
        ("real-time", vec![realtime[1].clone()], "skill activity"),
        (
            "reporting",
            vec![acd("/contacts/completed")],
            "trace-conversation",
        ),
        (
            "digital",
            vec!["/dfo/3.0/channels".to_string()],
            "--via digital",
        ),
    ] {
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let r = refused_family(403, &paths);
        for other in ["admin", "real-time", "reporting", "digital"] {
            let s = subject(&r, other);
            if other == family {
                assert_eq!(s["status"], "fail", "{family}: {s:#}");
                assert!(codes(s).contains(&"auth-permission-missing".to_string()));
                let f = s["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["code"] == "auth-permission-missing")
                    .unwrap();
                let msg = f["message"].as_str().unwrap();
                assert!(msg.contains("403") && msg.contains(command), "{msg}");
                assert!(
                    f["hint"]
                        .as_str()
                        .unwrap()
                        .starts_with("Ask the CXone administrator for")
                );
            } else {
                assert_eq!(s["status"], "pass", "{family} refused, {other}: {s:#}");
            }
        }
        assert_eq!(subject(&r, "api-read")["status"], "pass");
        let w = subject(&r, "writes");
        assert_eq!(
            w["facts"]["writesAllowed"], false,
            "allow_writes is false by default"
        );
        let msg = w["findings"][0]["message"].as_str().unwrap();
        assert!(
            msg.contains("never probed") && msg.contains("allow_writes is false"),
            "{msg}"
        );
    }
}

#[test]
fn a_401_fails_the_family_and_a_500_leaves_it_unknown() {
    let r = refused_family(401, &[acd("/contacts/completed").as_str()]);
    assert_eq!(subject(&r, "reporting")["status"], "fail");
    let r = refused_family(500, &[acd("/contacts/completed").as_str()]);
    let s = subject(&r, "reporting");
    assert_eq!(s["status"], "error", "{s:#}");
    assert_eq!(codes(s), ["auth-permission-unknown"]);
}

#[test]
fn digital_without_a_host_is_skipped_not_passed() {
    let t = Tenant::start();
    t.discovery();
    // No area anywhere (id_token, cxone-configuration), no dfo_base: the Digital host is unknown.
    let mut no_area = claims(&t.base());
    no_area.as_object_mut().unwrap().remove("area");
    let mut body = token_body(&t.base(), 3600, ACCESS_TOKEN);
    body["id_token"] = json!(cxone_diag::cxone::token::unsigned_jwt(&no_area));
    t.password_grant(KEY_ID, KEY_SECRET, body);
    t.server.mock(|when, then| {
        when.method(GET).path("/.well-known/cxone-configuration");
        then.status(200)
            .json_body(json!({"private": false, "api_endpoint": t.base()}));
    });
    t.apiversion();
    t.permissions();
    let home = Home::new();
    let mut cmd = home.cmd(&t.base());
    let out = cmd
        .env_remove("CXONE_DFO_BASE")
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    let r = report(&out);
    let d = subject(&r, "digital");
    assert_eq!(d["status"], "skipped", "{r:#}");
    assert_eq!(codes(d), ["auth-permission-not-configured"]);
    assert_eq!(r["summary"]["skipped"], 1);
}

#[test]
fn the_writes_subject_says_production_and_allow_writes() {
    let t = Tenant::start();
    let _m = t.healthy();
    let home = Home::new();
    home.config("profiles:\n  p:\n    allow_writes: true\n    production: true\n");
    let out = home
        .cmd(&t.base())
        .args(["auth", "check", "-o", "json"])
        .output()
        .unwrap();
    let r = report(&out);
    let w = subject(&r, "writes");
    assert_eq!(w["facts"]["production"], true);
    assert_eq!(w["facts"]["writesAllowed"], false);
    assert!(
        w["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("production: true"),
        "{w:#}"
    );
}
