//! One secret-name rule (`cxone_diag::secret_name`) in the `-vv` trace: secret headers, JSON
//! keys and form fields of an answer are masked by name in every spelling, and the near-miss
//! `token_type` stays readable.

use httpmock::prelude::*;
use serde_json::json;

use crate::support::*;

/// (name, value) pairs whose value must never show; values unknown to the redactor, so only
/// the name can hide them.
const SECRET_FIELDS: &[(&str, &str)] = &[
    ("apiKey", "VAL-apiKey-1"),
    ("api_key", "VAL-api_key-2"),
    ("x-api-key", "VAL-x-api-key-3"),
    ("Authorization", "VAL-Authorization-4"),
    ("access_token", "VAL-access_token-5"),
    ("refreshToken", "VAL-refreshToken-6"),
    ("password", "VAL-password-7"),
    ("clientSecret", "VAL-clientSecret-8"),
    ("secret", "VAL-secret-9"),
    ("sessionKey", "VAL-sessionKey-10"),
    ("token", "VAL-token-11"),
];

#[test]
fn vv_masks_secret_headers_and_fields_by_name_and_keeps_token_type() {
    let t = Tenant::start();
    let _m = t.healthy();
    let mut body = json!({"skillId": 4201, "skillName": "Billing", "token_type": "Bearer", "tokenType": "Bearer"});
    for (name, value) in SECRET_FIELDS {
        body[*name] = json!(value);
    }
    t.server.mock(|when, then| {
        when.method(GET).path(acd("/skills/4201"));
        let mut then = then.status(200).json_body(json!({"skills": [body]}));
        for header in ["x-api-key", "x-session-key", "x-auth-token", "apiKey"] {
            then = then.header(header, format!("HDR-{header}"));
        }
    });
    let trace = Trace::default();
    let client = client_with(&t.base(), fast_http(), 2, &trace);
    client.skill("4201").unwrap();
    let text = trace.text();
    assert!(text.contains("/skills/4201"), "{text}");
    for (name, value) in SECRET_FIELDS {
        assert!(!text.contains(value), "{name} shown in:\n{text}");
        assert!(
            text.contains(&format!("\"{name}\":\"***\"")),
            "{name} in:\n{text}"
        );
    }
    for header in ["x-api-key", "x-session-key", "x-auth-token", "apikey"] {
        assert!(
            !text.contains(&format!("HDR-{header}")),
            "{header} shown in:\n{text}"
        );
        assert!(
            text.contains(&format!("< {header}: ***")),
            "{header} in:\n{text}"
        );
    }
    // the near-miss: what kind of token it is, not a token
    assert!(text.contains("\"token_type\":\"Bearer\""), "{text}");
    assert!(text.contains("\"tokenType\":\"Bearer\""), "{text}");
    assert!(text.contains("\"skillName\":\"Billing\""), "{text}");
}
