//! Not found versus every other failure, against a mock tenant on httpmock: only a 404 from
//! the API call for the contact or case itself is `contact-not-found` / `case-not-found`
//! (exit 1); a 403, 401, 5xx, a timeout, an HTML page or a 404 from the login stay what they
//! are (an `error` subject or exit 3), never "not found".

use httpmock::Method::{GET, POST};
use serde_json::{Value, json};

use crate::common::{Run, Tenant, acd, unix_now};
use crate::support::Home;

const KEY_ID: &str = "AKID-NF-1";
const TENANT: &str = "11eb-tenant-nf";

/// Discovery, the access-key grant and cxone-configuration on this server.
fn login(t: &Tenant) {
    t.access_key_login(KEY_ID, TENANT, "ACCESSTOKEN-nf");
}

/// How the mock answers the one call under test.
#[derive(Clone, Copy)]
enum Answer {
    /// This status with this body and content type.
    Status(u16, &'static str, &'static str),
    /// 200 after longer than the client's 1 s time limit.
    Slow,
}

const JSON: &str = "application/json";
const HTML: &str = "text/html";
const NONE: &str = "";

/// One config: one attempt per request, a 1 s time limit, no token cache.
const CONFIG: &str = "http:\n  timeout_s: 1\n  max_attempts: 1\ntoken_cache: false\n";

/// The binary logged in to `t` (its DFO host too), with `args`.
fn against(t: &Tenant, args: &[&str]) -> Run {
    let home = Home::new();
    home.set_config(CONFIG);
    let mut cmd = home.cmd();
    cmd.env("CXONE_ISSUER", t.base())
        .env("CXONE_DFO_BASE", t.base())
        .env("CXONE_CLIENT_ID", "app@vendor")
        .env("CXONE_CLIENT_SECRET", "client-secret-nf")
        .env("CXONE_ACCESS_KEY_ID", KEY_ID)
        .env("CXONE_ACCESS_KEY_SECRET", "AKSECRET-nf-p4ss")
        .args(args)
        .args(["-o", "json"]);
    crate::common::run(cmd)
}

/// `trace-conversation ARGS -o json` against `t`.
fn trace(t: &Tenant, args: &[&str]) -> Run {
    against(t, &[&["trace-conversation"][..], args].concat())
}

fn answer(t: &Tenant, path: String, a: Answer) {
    t.server.mock(|when, then| {
        when.method(GET).path(path);
        match a {
            Answer::Status(status, body, kind) => {
                let then = then.status(status);
                let then = if kind.is_empty() {
                    then
                } else {
                    then.header("content-type", kind)
                };
                then.body(body);
            }
            Answer::Slow => {
                then.status(200)
                    .header("content-type", JSON)
                    .body("{}")
                    .delay(std::time::Duration::from_millis(2500));
            }
        }
    });
}

/// The codes of every finding of the report, with the exit code.
fn outcome(run: &Run) -> (i32, Vec<String>, Value) {
    if run.code == 3 && run.stdout.trim().is_empty() {
        return (run.code, Vec::new(), Value::Null);
    }
    let report = run.report();
    let codes = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect();
    (run.code, codes, report)
}

/// What the one call under test answers, and whether that means "not found".
const ANSWERS: [(Answer, bool); 10] = [
    (Answer::Status(404, "", NONE), true),
    (
        Answer::Status(
            404,
            r#"{"error":"NotFound","error_description":"not found"}"#,
            JSON,
        ),
        true,
    ),
    // a gateway's 404 page (a wrong api_base), not the API's own answer
    (
        Answer::Status(
            404,
            "<html><body><h1>404 Not Found</h1></body></html>",
            HTML,
        ),
        false,
    ),
    (
        Answer::Status(404, "<!DOCTYPE html><p>nope</p>", "text/plain"),
        false,
    ),
    (Answer::Status(403, r#"{"error":"Forbidden"}"#, JSON), false),
    (Answer::Status(500, "", NONE), false),
    (Answer::Status(503, "busy", "text/plain"), false),
    (
        Answer::Status(
            502,
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            HTML,
        ),
        false,
    ),
    (
        Answer::Status(200, "<html><body>Sign in</body></html>", HTML),
        false,
    ),
    (Answer::Slow, false),
];

/// For each of [`ANSWERS`] at `path` (the other reads answered by `rest`): the run says one of
/// `codes` (exit 1) exactly when the answer is a 404, else it could not finish (exit 3).
fn each_answer(path: &str, rest: impl Fn(&Tenant), args: &[&str], codes: &[&str]) {
    for (answer_with, found) in ANSWERS {
        let t = Tenant::start();
        login(&t);
        answer(&t, path.to_string(), answer_with);
        rest(&t);
        let run = against(&t, args);
        let (code, given, report) = outcome(&run);
        let said = given.iter().any(|c| codes.contains(&c.as_str()));
        assert_eq!(
            said, found,
            "{given:?} exit {code}: {report:#}{}",
            run.stderr
        );
        assert_eq!(code, if found { 1 } else { 3 }, "{report:#} {}", run.stderr);
    }
}

#[test]
fn only_a_404_of_the_contact_itself_is_not_found() {
    each_answer(
        &acd("/contacts/5550001"),
        |_| {},
        &["trace-conversation", "5550001"],
        &["contact-not-found"],
    );
}

#[test]
fn only_a_404_of_the_case_itself_is_not_found() {
    each_answer(
        "/dfo/3.0/contacts/7001",
        |t| {
            answer(
                t,
                "/dfo/3.0/contacts/7001/messages".into(),
                Answer::Status(404, "", NONE),
            )
        },
        &["trace-conversation", "--digital", "7001"],
        &["case-not-found"],
    );
}

#[test]
fn only_a_404_of_the_skill_itself_is_skill_not_found() {
    each_answer(
        &acd("/skills/4242"),
        |t| {
            for rest in ["/skills/4242/activity", "/skills/4242/agents"] {
                answer(t, acd(rest), Answer::Status(404, "", NONE));
            }
            answer(
                t,
                acd("/agents/states"),
                Answer::Status(200, r#"{"agentStates":[]}"#, JSON),
            );
        },
        &["queue-health", "4242"],
        &["skill-not-found"],
    );
    // a 404 from the token endpoint is a failed login, not a missing skill
    let t = refused_login(404);
    let run = against(&t, &["queue-health", "4242"]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("skill-not-found"), "{}", run.stdout);
}

/// A tenant whose discovery works and whose token endpoint answers `status`.
fn refused_login(status: u16) -> Tenant {
    let t = Tenant::start();
    t.oidc_discovery();
    t.server.mock(|when, then| {
        when.method(POST).path("/auth/token");
        then.status(status);
    });
    t
}

#[test]
fn a_404_or_401_of_the_login_is_no_missing_contact() {
    // the token endpoint answers 404 (a wrong token_url or issuer path), then 401
    for status in [404, 401] {
        let t = refused_login(status);
        let contact = t.server.mock(|when, then| {
            when.method(GET).path(acd("/contacts/5550001"));
            then.status(404);
        });
        for args in [&["5550001"][..], &["--digital", "7001"]] {
            let run = trace(&t, args);
            assert_eq!(run.code, 3, "{status}: {}{}", run.stdout, run.stderr);
            assert!(
                !run.stdout.contains("not-found")
                    && !run.stderr.contains("not found on the tenant"),
                "{status}: {}{}",
                run.stdout,
                run.stderr
            );
        }
        assert_eq!(contact.calls(), 0);
    }
    // the contact call itself answers 401 every time
    let t = Tenant::start();
    login(&t);
    answer(&t, acd("/contacts/5550001"), Answer::Status(401, "", NONE));
    let run = trace(&t, &["5550001"]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("not-found"), "{}", run.stdout);
}

#[test]
fn the_provenance_of_a_not_found_report_carries_no_credential() {
    // cxone-configuration names the API host with a user, a password and a token in it
    let t = Tenant::start();
    let base = t.base();
    t.oidc_discovery();
    let now = unix_now();
    let claims =
        json!({"iss": base, "tenantId": TENANT, "icBUId": 4600123, "iat": now, "exp": now + 3600});
    t.server.mock(|when, then| {
        when.method(POST).path("/auth/token");
        then.status(200).json_body(json!({
            "access_token": "ACCESSTOKEN-nf", "token_type": "Bearer", "expires_in": 3600,
            "id_token": cxone_diag::cxone::token::unsigned_jwt(&claims)
        }));
    });
    let with_credentials =
        base.replace("http://", "http://apiuser:PW-in-url-42@") + "/?access_token=TOKEN-in-url-42";
    t.server.mock(|when, then| {
        when.method(GET).path("/.well-known/cxone-configuration");
        then.status(200).json_body(json!({
            "api_endpoint": with_credentials, "area": "na1", "domain": "niceincontact.com"
        }));
    });
    answer(&t, acd("/contacts/5550001"), Answer::Status(404, "", NONE));
    let run = trace(&t, &["5550001"]);
    let everything = format!("{}{}", run.stdout, run.stderr);
    assert!(!everything.contains("PW-in-url"), "{everything}");
    assert!(!everything.contains("TOKEN-in-url"), "{everything}");
    if run.code == 1 {
        let report = run.report();
        let host = report["tenant"]["api_host"].as_str().unwrap();
        assert!(!host.contains('@') && !host.contains('?'), "{host}");
    } else {
        assert_eq!(run.code, 3, "{everything}");
    }
}

#[test]
fn an_html_404_says_the_api_host_is_probably_wrong() {
    let t = Tenant::start();
    login(&t);
    answer(
        &t,
        acd("/contacts/5550001"),
        Answer::Status(404, "<html><body>Not Found</body></html>", HTML),
    );
    let run = against(&t, &["trace-conversation", "5550001"]);
    let (code, given, report) = outcome(&run);
    assert_eq!(code, 3, "{report:#}");
    assert!(!given.iter().any(|c| c == "contact-not-found"), "{given:?}");
    let text = report.to_string();
    assert!(text.contains("API host"), "{report:#}");
    assert!(text.contains("api_base"), "{report:#}");
}
