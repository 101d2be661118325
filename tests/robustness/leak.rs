//! What the leak tests look for: the leak scenario's secrets in every encoding, anything shaped
//! like a token, and the customer data docs/security.md says bundles and audit logs never hold.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::support::Run;

/// A fixture of `tests/fixtures/robustness`.
pub fn fixture(name: &str) -> std::path::PathBuf {
    crate::common::fixture("robustness", name)
}

/// The credentials of `tests/fixtures/robustness/leak.yaml` (fake sandbox values).
pub const CLIENT_ID: &str = "leak-client-CLIENTID-4411";
pub const CLIENT_SECRET: &str = "CLIENTSECRET-7f3a9c+e1/b4=Q&z";
pub const KEY_ID: &str = "LEAKKEYID-8823";
pub const KEY_SECRET: &str = "KEYSECRET-52d1e8+c0/9a=K&w";

/// Customer data of the leak scenario and of the fixture payloads: phone numbers (raw and as
/// written in free text), names, e-mail domains, message text. Compared case-insensitively.
pub const CUSTOMER: &[&str] = &[
    "49176235",
    "3228805",
    "447700900461",
    "7700 900462",
    "447700900463",
    "Wilhelmina",
    "Quaxley",
    "example.org",
    "example.net",
    "Ottoline",
    "Brackenbury",
    "Thaddeus",
    "Okonkwo",
    "PELICAN-MARMALADE",
    "Marmalade parcel",
    "A-77AQ9Z",
    "Perpetua",
    "Glowinkel",
    "33612345678",
    "GRIFFIN-QUILL",
];

/// Every form the two secrets could leak in: as they are, their distinctive stems (which
/// survive URL and JSON escaping), base64 of each, and the Basic authorization value.
fn secret_forms() -> Vec<String> {
    let mut out = Vec::new();
    for secret in [CLIENT_SECRET, KEY_SECRET] {
        out.push(secret.to_string());
        out.push(secret.split('+').next().unwrap().to_string());
        out.push(STANDARD.encode(secret));
        out.push(URL_SAFE_NO_PAD.encode(secret));
    }
    out.push(STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}")));
    out
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The sandbox's access and refresh tokens (`sbx_at_` / `sbx_rt_` and 32 hex digits).
fn sandbox_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in ["sbx_at_", "sbx_rt_"] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text[at + prefix.len()..];
            let hex = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
            if hex >= 8 {
                out.push(text[at..at + prefix.len() + hex].to_string());
            }
        }
    }
    out
}

/// Strings shaped like a JWT: `eyJ…` then two more dot-separated base64url segments.
fn jwts(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in text.match_indices("eyJ") {
        let (mut i, mut dots, mut seg) = (at, 0, 0);
        while i < b.len() {
            if is_b64url(b[i]) {
                seg += 1;
            } else if b[i] == b'.' && seg > 0 && dots < 2 {
                dots += 1;
                seg = 0;
            } else {
                break;
            }
            i += 1;
        }
        if dots == 2 && seg > 0 {
            out.push(text[at..i].to_string());
        }
    }
    out
}

/// `Bearer <value>` where the value looks like a credential (16+ token characters).
fn bearer_values(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in lower.match_indices("bearer ") {
        let start = at + "bearer ".len();
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || b"-._~+/=".contains(c))
            .count();
        if len >= 16 {
            out.push(text[at..start + len].to_string());
        }
    }
    out
}

/// Every secret or token in `text`: `known` tokens (read from the token cache), the
/// credentials in any encoding, and token-shaped strings.
pub fn secrets_in(text: &str, known: &[String]) -> Vec<String> {
    let mut found: Vec<String> = secret_forms()
        .into_iter()
        .chain(known.iter().cloned())
        .filter(|s| text.contains(s.as_str()))
        .collect();
    found.extend(sandbox_tokens(text));
    found.extend(jwts(text));
    found.extend(bearer_values(text));
    found
}

/// The customer data in `text`.
pub fn customer_data_in(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    CUSTOMER
        .iter()
        .copied()
        .filter(|c| lower.contains(&c.to_lowercase()))
        .collect()
}

/// What an artifact must not hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clean {
    /// No secret and no token (outputs, traces, report files).
    OfSecrets,
    /// Nor any customer data (bundles, audit logs, a bundle's replay).
    OfSecretsAndCustomerData,
}

/// Every artifact of a leak test, checked at the end.
#[derive(Default)]
pub struct Artifacts {
    items: Vec<(String, String, Clean)>,
}

impl Artifacts {
    /// A run's stdout and stderr.
    pub fn run(&mut self, run: &Run, clean: Clean) {
        self.text(&format!("{} stdout", run.what), &run.stdout, clean);
        self.text(&format!("{} stderr", run.what), &run.stderr, clean);
    }

    /// A file the run wrote; it must exist.
    pub fn file(&mut self, path: &std::path::Path, clean: Clean) -> String {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{} was not written: {e}", path.display()));
        assert!(!text.trim().is_empty(), "{} is empty", path.display());
        self.text(&path.display().to_string(), &text, clean);
        text
    }

    /// Any text.
    pub fn text(&mut self, what: &str, text: &str, clean: Clean) {
        self.items.push((what.to_string(), text.to_string(), clean));
    }

    /// Assert every artifact is clean; `known` are the tokens actually issued, if known.
    pub fn assert_clean(&self, known: &[String]) {
        let mut leaks = Vec::new();
        for (what, text, clean) in &self.items {
            let secrets = secrets_in(text, known);
            if !secrets.is_empty() {
                leaks.push(format!("{what}: secrets or tokens {secrets:?}"));
            }
            if *clean == Clean::OfSecretsAndCustomerData {
                let customer = customer_data_in(text);
                if !customer.is_empty() {
                    leaks.push(format!("{what}: customer data {customer:?}"));
                }
            }
        }
        assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));
    }
}

#[test]
fn the_detectors_find_what_they_look_for() {
    let jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    let text = format!(
        "a {CLIENT_SECRET} b KEYSECRET-52d1e8%2Bc0 c sbx_at_0123456789abcdef0123456789abcdef d {jwt} e Authorization: Bearer abcdefghijklmnop1234"
    );
    let found = secrets_in(&text, &["known-token-1".into()]);
    for expected in [
        CLIENT_SECRET,
        "KEYSECRET-52d1e8",
        "sbx_at_0123456789abcdef0123456789abcdef",
        jwt,
        "Bearer abcdefghijklmnop1234",
    ] {
        assert!(
            found.iter().any(|f| f == expected),
            "{expected} in {found:?}"
        );
    }
    assert!(!secrets_in("known-token-1", &["known-token-1".into()]).is_empty());
    let redacted = "authorization: *** \"access_token\":\"***\" Bearer *** WWW-Authenticate: Bearer error=\"invalid_token\" \"token_type\":\"Bearer\" password=*** sbx_at_***";
    assert_eq!(secrets_in(redacted, &[]), Vec::<String>::new());
    assert_eq!(
        customer_data_in("call QUAXLEY on +49176235110"),
        vec!["49176235", "Quaxley"]
    );
}
