//! Credentials stay with the issuer: a discovery document naming a token endpoint on another
//! origin gets nothing, unless the profile names that endpoint itself.

use serde_json::json;

use crate::common::Home;
use crate::hostile::{Hostile, Resp};
use crate::support::*;

#[test]
fn a_token_endpoint_on_another_origin_gets_no_credentials() {
    let elsewhere = Hostile::start(|_| token());
    let target = format!("{}/auth/token", elsewhere.base());
    let issuer = Hostile::start(move |_| Resp::json(200, json!({"token_endpoint": target})));
    let home = issuer_home(&issuer.base());
    let r = run(&home, &["-o", "json", "queue-health", "4001"]);
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    let text = format!("{}{}", r.stdout, r.stderr);
    assert!(
        text.contains(&elsewhere.base().replace("http://", "")),
        "{text}"
    );
    assert!(
        text.contains(&issuer.base().replace("http://", "")),
        "{text}"
    );
    assert!(text.contains("set token_url"), "{text}");
    assert_eq!(elsewhere.hits(), 0, "nothing was sent to the other origin");

    // named by the profile, it is used
    let home = Home::with_file(
        "cxone-diag.yaml",
        &format!(
            "token_cache: false\nprofiles:\n  lab:\n    issuer: {}\n    token_url: {}/auth/token\n    api_base: {}\n",
            issuer.base(),
            elsewhere.base(),
            issuer.base()
        ),
    );
    let _ = run(&home, &["-o", "json", "queue-health", "4001"]);
    assert_eq!(elsewhere.hits(), 1);
}

#[test]
fn a_plain_http_loopback_tenant_is_never_reached_through_a_proxy_from_the_environment() {
    // http:// is allowed only because loopback traffic never leaves the machine; a proxy
    // variable would send the Basic credentials, the access key secret and the bearer token
    // in clear text to the proxy (and a live write to whatever it forwards to)
    let proxy = Hostile::start(|_| token());
    let tenant = echo_tenant();
    let home = lab_home(&tenant.base(), "http:\n  max_attempts: 1\n");
    for var in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
        let mut c = cmd(&home);
        c.env(var, proxy.base())
            .args(["-o", "json", "queue-health", "4001"]);
        let r = crate::common::run(c);
        assert!(r.code < 100, "{var}: {}", r.stderr);
        assert_eq!(proxy.hits(), 0, "{var}: the proxy got the requests");
    }
    assert!(tenant.hits() > 0, "the tenant itself was asked");
}
