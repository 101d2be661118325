//! Redaction of recorded exchanges before they go into a support bundle: secrets, phone
//! numbers and addresses, customer names and the text of digital messages.
//!
//! The rules (README "## trace-conversation" lists them for users):
//! - **secrets**: the value of any field whose name contains `token` (except `scrollToken`,
//!   the paging cursor the replay needs), `secret`, `password`, `passwd`, `authorization`,
//!   `apikey`, `accesskey`, `cookie`, `credential` or `bearer`; any JWT-shaped or `Bearer …`
//!   string; the same names among query parameters;
//! - **phone numbers and addresses**: `fromAddr`, `fromAddress`, `toAddr`, `toAddress`, `ani`,
//!   `dnis`, `callerId`, `callerNumber`, `callingNumber`, `calledNumber`, `phone`,
//!   `phoneNumber`, `mobile`, `mobileNumber`, `msisdn`, `email`, `emailAddress`,
//!   `contactAddress`, `address`, `streetAddress`, `postalAddress`; and in every other string,
//!   E.164-looking numbers (`+` then 8 to 15 digits, spaces, dots, dashes or brackets between)
//!   and e-mail addresses;
//! - **customer names**: `customerName`, `customerFullName`, `callerName`, `fullName`,
//!   `endUserName`, and everything inside the DFO end-user objects `endUser`,
//!   `authorEndUserIdentity`, `endUserIdentity`, `endUserRecipients`, `recipients`,
//!   `customer`, `consumer` (names, external ids); in custom data also `firstName`,
//!   `lastName`, `surname`, `givenName`, `familyName`;
//! - **message text** (Digital API answers only): every string under `messageContent`,
//!   `text`, `title`, `subject`, `preview`, `body`, `payload`, `content` and `attachments`,
//!   except the values of `type`, `action` and `intent`, which mark the bot's escalation.
//! - **custom data** (`/contacts/{id}/custom-data`): a value is redacted whole when its name is
//!   one of the names above; a value holding JSON is redacted field by field with the same
//!   rules; any other value has its phone numbers and e-mail addresses replaced.
//!
//! Empty strings stay empty and no field is removed, so what the checks read (directions,
//! author flags, timestamps, ids, states, custom-data keys and whether a value is set) is
//! unchanged: redaction does not change a diagnosis. Agent and bot user names are kept: they
//! are the tenant's staff, and the evidence names the agent who answered.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cxone::Api;
use crate::cxone::record::Exchange;
use crate::cxone::redact::mask_jwts;
use crate::secret_name::{Place, is_secret_name};

/// What a redacted value becomes.
pub const REDACTED: &str = "[redacted]";

/// The redaction policy id written into bundles.
pub const POLICY: &str = "cxone-diag/redaction/v1";

/// How many values each rule replaced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Counts {
    /// Tokens, secrets, credentials.
    pub secrets: usize,
    /// Phone numbers, addresses, e-mail addresses.
    pub phone_numbers_and_addresses: usize,
    /// Customer names and end-user identities.
    pub customer_names: usize,
    /// Strings of digital message content.
    pub message_text: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Secret,
    Address,
    Name,
    Text,
}

impl Counts {
    fn add(&mut self, kind: Kind) {
        match kind {
            Kind::Secret => self.secrets += 1,
            Kind::Address => self.phone_numbers_and_addresses += 1,
            Kind::Name => self.customer_names += 1,
            Kind::Text => self.message_text += 1,
        }
    }
}

const ADDRESS_KEYS: &[&str] = &[
    "fromaddr",
    "fromaddress",
    "toaddr",
    "toaddress",
    "ani",
    "dnis",
    "callerid",
    "callernumber",
    "callingnumber",
    "callednumber",
    "phone",
    "phonenumber",
    "mobile",
    "mobilenumber",
    "msisdn",
    "email",
    "emailaddress",
    "contactaddress",
    "address",
    "streetaddress",
    "postaladdress",
];

const NAME_KEYS: &[&str] = &[
    "customername",
    "customerfullname",
    "callername",
    "fullname",
    "endusername",
];

const PERSON_KEYS: &[&str] = &[
    "firstname",
    "lastname",
    "surname",
    "givenname",
    "familyname",
];

const END_USER_KEYS: &[&str] = &[
    "enduser",
    "authorenduseridentity",
    "enduseridentity",
    "enduserrecipients",
    "recipients",
    "customer",
    "consumer",
];

const CONTENT_KEYS: &[&str] = &[
    "messagecontent",
    "text",
    "title",
    "subject",
    "preview",
    "body",
    "payload",
    "content",
    "attachments",
];

const CONTENT_KEPT: &[&str] = &["type", "action", "intent"];

fn norm(key: &str) -> String {
    key.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn is_cursor(n: &str) -> bool {
    n == "scrolltoken"
}

/// The rule a field name (`key` as written, `n` [`norm`]alised) falls under, by itself (not
/// counting where it is).
fn key_kind(key: &str, n: &str, custom_data: bool) -> Option<Kind> {
    if is_secret_name(key, Place::Field) {
        Some(Kind::Secret)
    } else if ADDRESS_KEYS.contains(&n) {
        Some(Kind::Address)
    } else if NAME_KEYS.contains(&n) || (custom_data && PERSON_KEYS.contains(&n)) {
        Some(Kind::Name)
    } else {
        None
    }
}

fn looks_secret(s: &str) -> bool {
    let t = s.trim_start();
    t.get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
        || mask_jwts(s) != s
}

/// Replace every non-empty string and every number inside `v`; booleans and nulls stay.
fn scrub_all(v: &mut Value, kind: Kind, counts: &mut Counts) {
    match v {
        Value::String(s) if !s.trim().is_empty() && s != REDACTED => {
            *s = REDACTED.into();
            counts.add(kind);
        }
        Value::Number(_) => {
            *v = Value::String(REDACTED.into());
            counts.add(kind);
        }
        Value::Array(items) => items.iter_mut().for_each(|i| scrub_all(i, kind, counts)),
        Value::Object(map) => map.values_mut().for_each(|i| scrub_all(i, kind, counts)),
        _ => {}
    }
}

/// Replace the text of message content, keeping the values that mark an escalation.
fn scrub_content(v: &mut Value, counts: &mut Counts) {
    match v {
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                let n = norm(k);
                if CONTENT_KEPT.contains(&n.as_str()) && !item.is_object() && !item.is_array() {
                    continue;
                }
                if is_secret_name(k, Place::Field) {
                    scrub_all(item, Kind::Secret, counts);
                } else {
                    scrub_content(item, counts);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| scrub_content(i, counts)),
        other => scrub_all(other, Kind::Text, counts),
    }
}

/// Replace E.164-looking numbers and e-mail addresses inside free text.
pub fn scrub_text(s: &str) -> (String, usize) {
    let (s, phones) = scrub_phones(s);
    let (s, emails) = scrub_emails(&s);
    (s, phones + emails)
}

fn scrub_phones(s: &str) -> (String, usize) {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut found = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            let mut j = i + 1;
            let mut digits = 0;
            let mut end = j;
            while j < chars.len() {
                let c = chars[j];
                if c.is_ascii_digit() {
                    digits += 1;
                    end = j + 1;
                } else if !matches!(c, ' ' | '-' | '.' | '(' | ')') {
                    break;
                }
                j += 1;
            }
            if (8..=15).contains(&digits) {
                out.push_str(REDACTED);
                found += 1;
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    (out, found)
}

fn scrub_emails(s: &str) -> (String, usize) {
    if !s.contains('@') {
        return (s.to_string(), 0);
    }
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut found = 0;
    let mut start_of_rest = 0;
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == '@') {
        if at < start_of_rest {
            continue;
        }
        let mut a = at;
        while a > start_of_rest && local(chars[a - 1]) {
            a -= 1;
        }
        let mut b = at + 1;
        while b < chars.len() && domain(chars[b]) {
            b += 1;
        }
        let host: String = chars[at + 1..b].iter().collect();
        let host = host.trim_end_matches('.');
        if a < at && host.contains('.') && !host.starts_with('.') {
            let b = at + 1 + host.chars().count();
            out.extend(&chars[start_of_rest..a]);
            out.push_str(REDACTED);
            found += 1;
            start_of_rest = b;
        }
    }
    out.extend(&chars[start_of_rest..]);
    (out, found)
}

/// Walk a JSON answer applying the field rules; `dfo` turns the message-text rules on.
fn walk(v: &mut Value, dfo: bool, custom_data: bool, counts: &mut Counts) {
    match v {
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                let n = norm(k);
                if is_cursor(&n) {
                    continue;
                }
                if let Some(kind) = key_kind(k, &n, custom_data) {
                    if kind == Kind::Secret && !item.is_null() {
                        if !matches!(item, Value::String(s) if s.trim().is_empty() || s == REDACTED)
                        {
                            *item = Value::String(REDACTED.into());
                            counts.add(kind);
                        }
                    } else {
                        scrub_all(item, kind, counts);
                    }
                } else if END_USER_KEYS.contains(&n.as_str()) {
                    scrub_all(item, Kind::Name, counts);
                } else if dfo && CONTENT_KEYS.contains(&n.as_str()) {
                    scrub_content(item, counts);
                } else {
                    walk(item, dfo, custom_data, counts);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| walk(i, dfo, custom_data, counts)),
        Value::String(s) => scrub_string(s, counts),
        _ => {}
    }
}

/// A free string: secrets whole, phone numbers and e-mail addresses inside.
fn scrub_string(s: &mut String, counts: &mut Counts) {
    if s == REDACTED {
        return;
    }
    if looks_secret(s) {
        *s = REDACTED.into();
        counts.add(Kind::Secret);
        return;
    }
    let (clean, n) = scrub_text(s);
    if n > 0 {
        *s = clean;
        counts.phone_numbers_and_addresses += n;
    }
}

/// `{contactCustomData: [{name, value}]}`: values by their names, JSON values field by field.
fn custom_data(body: &mut Value, counts: &mut Counts) {
    let mut items = match body.get_mut("contactCustomData") {
        Some(Value::Array(items)) => std::mem::take(items),
        _ => Vec::new(),
    };
    walk(body, false, true, counts);
    for item in &mut items {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .map(|n| (n.to_string(), norm(n)));
        let Some(value) = item.get_mut("value") else {
            continue;
        };
        if let Some(kind) = name.as_ref().and_then(|(k, n)| key_kind(k, n, true)) {
            scrub_all(value, kind, counts);
            continue;
        }
        if let Value::String(text) = value
            && matches!(text.trim_start().chars().next(), Some('{' | '['))
            && let Ok(mut inner) = serde_json::from_str::<Value>(text)
        {
            let before = *counts;
            walk(&mut inner, false, true, counts);
            if *counts != before {
                *text = inner.to_string();
            }
            continue;
        }
        walk(value, false, true, counts);
    }
    if let Some(Value::Array(slot)) = body.get_mut("contactCustomData") {
        *slot = items;
    }
}

/// Redact every exchange in place; returns how many values each rule replaced.
/// A `-vv` trace body with customer data masked by the bundle rules: `url` tells a Digital
/// answer (message text masked) and custom data from the rest. Not JSON: shown as it is
/// (secrets are masked later, by the trace's redactor).
pub fn mask_trace_body(url: &str, body: &str) -> String {
    let Ok(mut value) = serde_json::from_str::<Value>(body) else {
        return body.to_string();
    };
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let mut counts = Counts::default();
    if path.ends_with("/custom-data") {
        custom_data(&mut value, &mut counts);
    } else {
        walk(&mut value, path.contains("/dfo/"), false, &mut counts);
    }
    value.to_string()
}

/// Redact recorded exchanges in place (see the module's rules); how many values went.
pub fn redact_exchanges(exchanges: &mut [Exchange]) -> Counts {
    let mut counts = Counts::default();
    for x in exchanges.iter_mut() {
        for (k, v) in x.query.iter_mut() {
            if is_secret_name(k, Place::Query) && !v.is_empty() {
                *v = REDACTED.into();
                counts.secrets += 1;
            }
        }
        if x.api == Api::Acd && x.path.ends_with("/custom-data") {
            custom_data(&mut x.body, &mut counts);
        } else {
            walk(&mut x.body, x.api == Api::Dfo, false, &mut counts);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::Endpoint;
    use serde_json::json;

    fn exchange(ep: &Endpoint, body: Value) -> Exchange {
        Exchange::from_answer("GET", ep, 200, &body.to_string())
    }

    #[test]
    fn contact_addresses_and_secrets_go() {
        let mut xs = vec![exchange(
            &Endpoint::acd(&["contacts", "1"]),
            json!({"contactId": 1, "fromAddr": "+15555550110", "toAddress": "+1 (800) 555-0100",
                   "ani": 15555550110u64, "skillName": "Billing", "note": "call +44 20 7946 0958 now",
                   "access_token": "abc", "x": "Bearer zzz", "empty": ""}),
        )];
        let counts = redact_exchanges(&mut xs);
        let b = &xs[0].body;
        assert_eq!(b["fromAddr"], REDACTED);
        assert_eq!(b["toAddress"], REDACTED);
        assert_eq!(b["ani"], REDACTED);
        assert_eq!(b["note"], "call [redacted] now");
        assert_eq!(b["access_token"], REDACTED);
        assert_eq!(b["x"], REDACTED);
        assert_eq!(b["contactId"], 1);
        assert_eq!(b["skillName"], "Billing");
        assert_eq!(b["empty"], "");
        assert_eq!(counts.phone_numbers_and_addresses, 4);
        assert_eq!(counts.secrets, 2);
    }

    #[test]
    fn custom_data_values_by_name_json_and_text() {
        let mut xs = vec![exchange(
            &Endpoint::acd(&["contacts", "1", "custom-data"]),
            json!({"contactCustomData": [
                {"name": "customerName", "value": "Jordan Example"},
                {"name": "ANI", "value": "15555550110"},
                {"name": "customerInfo", "value": "{\"customerId\":\"C-1\",\"firstName\":\"Jo\",\"phone\":\"555\"}"},
                {"name": "routingData", "value": "{\"intent\":\"billing\"}"},
                {"name": "_ERR", "value": "bot failed for +15555550110 (jo@example.com)"},
                {"name": "sessionId", "value": "cog-1"},
                {"name": "cxonetoken", "value": "t"},
                {"name": "empty", "value": ""}
            ]}),
        )];
        redact_exchanges(&mut xs);
        let items = xs[0].body["contactCustomData"].as_array().unwrap();
        let value = |i: usize| items[i]["value"].as_str().unwrap().to_string();
        assert_eq!(value(0), REDACTED);
        assert_eq!(value(1), REDACTED);
        let info: Value = serde_json::from_str(&value(2)).unwrap();
        assert_eq!(
            info,
            json!({"customerId": "C-1", "firstName": REDACTED, "phone": REDACTED})
        );
        assert_eq!(
            value(3),
            "{\"intent\":\"billing\"}",
            "untouched JSON keeps its text"
        );
        assert_eq!(value(4), "bot failed for [redacted] ([redacted])");
        assert_eq!(value(5), "cog-1");
        assert_eq!(value(6), REDACTED);
        assert_eq!(value(7), "");
    }

    #[test]
    fn dfo_end_users_and_message_text_go_escalation_marks_stay() {
        let mut xs = vec![
            exchange(
                &Endpoint::dfo(&["contacts", "7"]),
                json!({"id": "7", "status": "closed", "endUser": {"idOnExternalPlatform": "+15555550110", "fullName": "Jordan Example"},
                       "inboxAssigneeUser": {"id": 9002, "firstName": "Grace", "surname": "Hopper", "isBotUser": false}}),
            ),
            exchange(
                &Endpoint::dfo(&["contacts", "7", "messages"]),
                json!({"scrollToken": "eyJhbGciOiJIUzI1NiJ9.eyJwIjoxfQ.c2ln", "data": [
                    {"id": "m1", "direction": "inbound", "createdAt": "2026-05-01T10:00:00Z",
                     "messageContent": {"type": "TEXT", "payload": {"text": "I am Jordan"}},
                     "authorEndUserIdentity": {"fullName": "Jordan Example"}},
                    {"id": "m2", "direction": "outbound", "authorUser": {"id": "bot", "isBotUser": true},
                     "messageContent": {"type": "PLUGIN", "payload": {"_cognigy": {"_niceCXOne": {"json": {
                        "text": "Transferring", "data": {"Intent": "Escalate", "Params": "[{\"name\":\"Jordan\"}]"}, "action": "AGENT_TRANSFER"}}}}}}
                ]}),
            ),
        ];
        let counts = redact_exchanges(&mut xs);
        let case = &xs[0].body;
        assert_eq!(case["endUser"]["fullName"], REDACTED);
        assert_eq!(case["endUser"]["idOnExternalPlatform"], REDACTED);
        assert_eq!(case["inboxAssigneeUser"]["firstName"], "Grace");
        let page = &xs[1].body;
        assert_eq!(page["scrollToken"], "eyJhbGciOiJIUzI1NiJ9.eyJwIjoxfQ.c2ln");
        let m1 = &page["data"][0];
        assert_eq!(m1["messageContent"]["payload"]["text"], REDACTED);
        assert_eq!(m1["messageContent"]["type"], "TEXT");
        assert_eq!(m1["direction"], "inbound");
        assert_eq!(m1["createdAt"], "2026-05-01T10:00:00Z");
        assert_eq!(m1["authorEndUserIdentity"]["fullName"], REDACTED);
        let json = &page["data"][1]["messageContent"]["payload"]["_cognigy"]["_niceCXOne"]["json"];
        assert_eq!(json["action"], "AGENT_TRANSFER");
        assert_eq!(json["data"]["Intent"], "Escalate");
        assert_eq!(json["data"]["Params"], REDACTED);
        assert_eq!(json["text"], REDACTED);
        assert_eq!(page["data"][1]["authorUser"]["isBotUser"], true);
        assert!(crate::checks::digital::is_escalation_payload(
            &page["data"][1]["messageContent"]
        ));
        assert!(
            counts.message_text >= 3 && counts.customer_names >= 3,
            "{counts:?}"
        );
    }

    #[test]
    fn acd_text_fields_are_not_message_text() {
        let mut xs = vec![exchange(
            &Endpoint::acd(&["skills", "1"]),
            json!({"skillName": "Billing", "text": "kept"}),
        )];
        redact_exchanges(&mut xs);
        assert_eq!(xs[0].body["text"], "kept");
    }

    #[test]
    fn query_secrets_but_not_the_cursor() {
        let ep = Endpoint::dfo(&["contacts", "7", "messages"])
            .query("scrollToken", "abc")
            .query("access_token", "xyz");
        let mut xs = vec![exchange(&ep, json!({}))];
        redact_exchanges(&mut xs);
        assert_eq!(xs[0].query[0].1, "abc");
        assert_eq!(xs[0].query[1].1, REDACTED);
    }

    /// The names the one secret-name rule masks, and its near-miss `token_type`.
    const SECRET_NAMES: &[&str] = &[
        "apiKey",
        "api_key",
        "x-api-key",
        "Authorization",
        "access_token",
        "refreshToken",
        "password",
        "clientSecret",
        "secret",
        "sessionKey",
        "token",
    ];

    #[test]
    fn bundles_mask_every_secret_name_in_bodies_custom_data_and_queries() {
        let mut body = json!({"contactId": 1, "token_type": "Bearer", "tokenType": "Bearer"});
        let mut ep = Endpoint::acd(&["contacts", "1"]);
        for (i, name) in SECRET_NAMES.iter().enumerate() {
            body[*name] = json!(format!("v{i}"));
            ep = ep.query(name, format!("q{i}"));
        }
        let items: Vec<Value> = SECRET_NAMES
            .iter()
            .map(|n| json!({"name": n, "value": "cd"}))
            .collect();
        let mut xs = vec![
            exchange(&ep, body),
            exchange(
                &Endpoint::acd(&["contacts", "1", "custom-data"]),
                json!({"contactCustomData": items}),
            ),
        ];
        redact_exchanges(&mut xs);
        for (i, name) in SECRET_NAMES.iter().enumerate() {
            assert_eq!(xs[0].body[*name], REDACTED, "{name}");
            assert_eq!(
                xs[0].query[i],
                (name.to_string(), REDACTED.to_string()),
                "{name}"
            );
            assert_eq!(
                xs[1].body["contactCustomData"][i]["value"], REDACTED,
                "{name}"
            );
        }
        assert_eq!(xs[0].body["token_type"], "Bearer");
        assert_eq!(xs[0].body["tokenType"], "Bearer");
        assert_eq!(xs[0].body["contactId"], 1);
    }

    #[test]
    fn text_scrubbing() {
        assert_eq!(
            scrub_text("no numbers 4201 or +12").0,
            "no numbers 4201 or +12"
        );
        assert_eq!(scrub_text("+49 30 1234567.").0, "[redacted].");
        assert_eq!(scrub_text("2026-05-01T12:00:05+02:00").1, 0);
        assert_eq!(
            scrub_text("mail a.b@ex-ample.co.uk, then").0,
            "mail [redacted], then"
        );
        assert_eq!(scrub_text("at @ and x@y and @host.com").1, 0);
        assert_eq!(scrub_text("é+15555550110é").0, "é[redacted]é");
    }
}
