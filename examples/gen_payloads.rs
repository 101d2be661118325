//! Benchmark input: writes N handover payloads as NDJSON to stdout, a realistic mix of all
//! nine kinds with about 5% broken (wrong values, placeholders, syntax errors).
//!
//! ```sh
//! cargo run --release --example gen_payloads -- 600000 > target/big.ndjson
//! ```

use std::io::{BufWriter, Write};

use serde_json::{Value, json};

fn payload(rng: &mut fastrand::Rng, i: u64) -> Value {
    let contact = 5_800_000 + i;
    let at = |s: u64| {
        format!(
            "2026-03-01T12:{:02}:{:02}.{:03}Z",
            (s / 60) % 60,
            s % 60,
            i % 1000
        )
    };
    match i % 9 {
        0 => json!({
            "p1": "Escalate",
            "p2": format!("[{{\"skill\":\"4242\",\"reason\":\"billing_dispute\",\"customerId\":\"{i}\",\"summary\":\"Customer disputes invoice {i}\"}}]"),
            "contactId": contact.to_string(),
            "spawnedContactId": (contact + 1).to_string()
        }),
        1 => json!({"_cognigy": {"_niceCXOne": {"json": {
            "text": "", "uiComponent": {},
            "data": {"Intent": "Escalate", "Params": format!("[{{\"skill\":\"4242\",\"conversation\":\"{i}\"}}]")},
            "action": "AGENT_TRANSFER"
        }}}}),
        2 => json!({
            "vendorId": "Cognigy", "busId": "4593140", "virtualAgentId": "cognigy-voice-billing",
            "contactId": contact.to_string(), "contactState": "SELF_SERVICE", "mediaType": "Voice",
            "selfServiceSessionDetails": {
                "transcriptPublishSettingOption": "PUBLISH_TRANSCRIPTS_ONLY",
                "sessionCompletionType": "ESCALATED",
                "transcripts": [
                    {"participantId": "Bot", "messageBody": "Welcome to Acme. How can I help you today?", "messageContentType": "TRANSCRIPT", "utcDateTime": at(5)},
                    {"participantId": "Patron", "messageBody": "My bill is wrong and I want to talk to someone.", "messageContentType": "TRANSCRIPT", "utcDateTime": at(9)},
                    {"participantId": "Bot", "messageBody": "I'll connect you with our billing team.", "messageContentType": "TRANSCRIPT", "utcDateTime": at(11)}
                ]
            }
        }),
        3 => json!({
            "idOnExternalPlatform": format!("msg-{i}"), "direction": "inbound",
            "createdAtWithMilliseconds": at(7),
            "thread": {"idOnExternalPlatform": format!("thread-{}", i / 3)},
            "messageContent": {"type": "TEXT", "payload": {"text": "I need to talk to someone about my bill"}},
            "authorEndUserIdentity": {"idOnExternalPlatform": format!("customer-{}", i % 5000), "firstName": "Jane", "lastName": "Doe"}
        }),
        4 => json!({
            "pointOfContact": "Billing Work Items", "workItemID": format!("wi-{i}"), "workItemType": "Callback",
            "workItemPayload": format!("{{\"customerId\":\"{i}\",\"phone\":\"+14155550123\"}}"),
            "from": "jane.doe@example.com"
        }),
        5 => json!({"transferContext": {
            "queueId": "4242",
            "participant": {"name": "Jane Doe", "phoneNumber": "+14155550123"},
            "customAttributes": {"tier": "gold", "invoice": format!("inv-{i}")},
            "flowVersionId": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
        }}),
        6 => json!({
            "targetType": "queue", "targetId": "4242", "message": "Connecting you to our billing team",
            "conversationId": format!("conv-{i}"), "context": {"customerId": i.to_string()},
            "preserveHistory": true, "confidence": (rng.u32(0..100) as f64) / 100.0, "intent": "billing_dispute"
        }),
        7 => json!({
            "channel": "webMessaging", "channelSwitch": {"from": "voice"},
            "attributes": {"dtmf_sequence": "2#", "caller_id": "+14155550123", "language_preference": "en-US",
                "mapped_variables": {"accountId": i.to_string(), "ivrMenu": "billing"}}
        }),
        _ => json!({
            "intent": {"name": "billing_dispute", "score": 0.41},
            "user": {"id": format!("user-{i}")},
            "session": {"sessionId": format!("session-{i}")},
            "entities": [{"name": "invoice", "value": format!("inv-{i}")}]
        }),
    }
}

/// Break about 5% of payloads in typical ways.
fn maybe_break(rng: &mut fastrand::Rng, value: &mut Value, line: &mut String) {
    match rng.u32(0..100) {
        0 => {
            if let Some(o) = value.as_object_mut() {
                o.insert("note".into(), json!("REPLACE_WITH_VALID_QUEUE_ID"));
            }
        }
        1 => {
            if let Some(p1) = value.get_mut("p1") {
                *p1 = json!("escalate");
            }
            if let Some(q) = value.pointer_mut("/transferContext/queueId") {
                *q = json!("8b1f6c2e-3a4d-4f5e-9a7b-0c1d2e3f4a5b");
            }
        }
        2 => {
            if let Some(o) = value.as_object_mut() {
                o.remove(&o.keys().next().cloned().unwrap_or_default());
            }
        }
        3 => line.push_str("TRUNCATED"),
        4 => {
            if let Some(c) = value.get_mut("contactId") {
                *c = json!("100000000000");
            }
        }
        _ => {}
    }
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(600_000);
    let mut rng = fastrand::Rng::with_seed(42);
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut suffix = String::new();
    for i in 0..n {
        let mut value = payload(&mut rng, i);
        suffix.clear();
        maybe_break(&mut rng, &mut value, &mut suffix);
        let mut line = serde_json::to_string(&value).unwrap_or_default();
        if !suffix.is_empty() {
            line.truncate(line.len() / 2);
        }
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}
