//! The binary in a clean home with distinctive secrets, and a hostile tenant that echoes them.

use std::path::PathBuf;

use assert_cmd::Command;
use base64::Engine;
use serde_json::json;

use crate::common::{Home, Run};
use crate::hostile::{Hostile, Req, Resp};

/// Distinctive secrets, so a leak is easy to find.
pub const CLIENT_ID: &str = "safety-app@vendor-CLIENTID";
pub const CLIENT_SECRET: &str = "SAFETY-CS-9f8e7d6c5b4a";
pub const KEY_ID: &str = "SAFETYAKID-0123456789";
pub const KEY_SECRET: &str = "SAFETY-AKS-p4ssw0rd-zz";
pub const ACCESS_TOKEN: &str = "SAFETY-ACCESS-TOKEN-abcdef0123456789";
pub const REFRESH_TOKEN: &str = "SAFETY-REFRESH-TOKEN-0123456789abcdef";

/// The base64 value of the Basic header.
pub fn basic_value() -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
}

/// Every form of every secret that must never be emitted.
pub fn secret_forms() -> Vec<(String, String)> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut out = Vec::new();
    for (name, v) in [
        ("client secret", CLIENT_SECRET),
        ("access key secret", KEY_SECRET),
        ("access token", ACCESS_TOKEN),
        ("refresh token", REFRESH_TOKEN),
    ] {
        out.push((name.to_string(), v.to_string()));
        out.push((format!("{name} in base64"), b64(v)));
        out.push((
            format!("a 12-character start of the {name}"),
            v[..12].to_string(),
        ));
    }
    out.push(("Basic header value".into(), basic_value()));
    out
}

/// Panic naming the first secret form found in `text` (from `what`).
pub fn assert_clean(what: &str, text: &str) {
    for (name, form) in secret_forms() {
        assert!(!text.contains(&form), "{what} holds the {name}:\n{text}");
    }
    assert!(
        !text.contains(KEY_ID),
        "{what} shows the access key id in full:\n{text}"
    );
}

/// A home whose config has one profile `lab` on `base` (issuer, token_url and api_base).
pub fn lab_home(base: &str, extra: &str) -> Home {
    Home::with_file(
        "cxone-diag.yaml",
        &format!(
            "token_cache: false\ndefault_profile: lab\nprofiles:\n  lab:\n    issuer: {base}\n    token_url: {base}/auth/token\n    api_base: {base}\n    dfo_base: {base}\n    allow_writes: true\n    production: false\n{extra}"
        ),
    )
}

/// A home whose config has one profile `lab` with only `issuer` and `api_base` on `base`, so
/// the token endpoint comes from discovery.
pub fn issuer_home(base: &str) -> Home {
    Home::with_file(
        "cxone-diag.yaml",
        &format!(
            "token_cache: false\nprofiles:\n  lab:\n    issuer: {base}\n    api_base: {base}\n"
        ),
    )
}

/// The config file of a home.
pub fn config_of(home: &Home) -> PathBuf {
    home.join("cxone-diag.yaml")
}

/// The binary in `home` with the secrets and `--config`.
pub fn cmd(home: &Home) -> Command {
    let mut cmd = home.isolated();
    cmd.env("CXONE_CLIENT_ID", CLIENT_ID)
        .env("CXONE_CLIENT_SECRET", CLIENT_SECRET)
        .env("CXONE_ACCESS_KEY_ID", KEY_ID)
        .env("CXONE_ACCESS_KEY_SECRET", KEY_SECRET)
        .arg("--config")
        .arg(config_of(home))
        .timeout(std::time::Duration::from_secs(60));
    cmd
}

/// Run `args` in `home`.
pub fn run(home: &Home, args: &[&str]) -> Run {
    let mut c = cmd(home);
    c.args(args);
    crate::common::run(c)
}

/// The token answer of the hostile tenant.
pub fn token() -> Resp {
    Resp::json(
        200,
        json!({"access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN,
               "token_type": "Bearer", "expires_in": 3600}),
    )
}

/// A tenant that answers every API read with the request's credential echoed in the data: a
/// skill named after the bearer token, error descriptions quoting it.
pub fn echo_tenant() -> Hostile {
    Hostile::start(|req: &Req| {
        let echoed = req.credential();
        let path = req.path.split('?').next().unwrap_or_default().to_string();
        if path == "/auth/token" {
            return token();
        }
        if path.ends_with("/skills/4001") {
            return Resp::json(
                200,
                json!({"skills": [{"skillId": 4001, "skillName": format!("Billing {echoed}"),
                       "mediaTypeId": 4, "mediaTypeName": "Phone Call", "isActive": true,
                       "campaignName": echoed, "isOutbound": false}]}),
            );
        }
        Resp::json(
            500,
            json!({"error": "server_error", "error_description": format!("token {echoed} and Basic {}", basic_value()),
                   "message": format!("Bearer {echoed}")}),
        )
    })
}

/// A home whose config has one profile `lab` on the sandbox `sb` (issuer, api_base and
/// dfo_base; writes allowed, not production), then `extra`.
pub fn sandbox_home(sb: &cxone_diag::sandbox::Sandbox, extra: &str) -> Home {
    let base = sb.base_url().trim_end_matches('/');
    Home::with_file(
        "cxone-diag.yaml",
        &format!(
            "token_cache: false\nprofiles:\n  lab:\n    issuer: {base}\n    api_base: {base}\n    dfo_base: {base}\n    allow_writes: true\n    production: false\n{extra}"
        ),
    )
}

/// The binary in `home` with the sandbox's (fake) credentials and `--config`.
pub fn sandbox_cmd(home: &Home, sb: &cxone_diag::sandbox::Sandbox) -> Command {
    let c = sb.credentials();
    let mut cmd = home.isolated();
    cmd.env("CXONE_CLIENT_ID", &c.client_id)
        .env("CXONE_CLIENT_SECRET", &c.client_secret)
        .env("CXONE_ACCESS_KEY_ID", &c.access_key_id)
        .env("CXONE_ACCESS_KEY_SECRET", &c.access_key_secret)
        .arg("--config")
        .arg(config_of(home))
        .timeout(std::time::Duration::from_secs(60));
    cmd
}
