//! Table-driven tests of every rule: a passing payload per kind, and for each rule a
//! mutation of it that fails the rule.

use serde_json::{Value, json};

use super::*;
use crate::config::rules::Route;
use crate::report::Severity;

pub(crate) mod corpus;

/// A payload of each kind that passes every rule.
pub fn good(kind: Kind) -> Value {
    match kind {
        Kind::CognigySignal => json!({
            "p1": "Escalate",
            "p2": "[{\"skill\":\"4242\",\"reason\":\"billing_dispute\"}]",
            "contactId": "5823114"
        }),
        Kind::VahBotResponse => json!({
            "_cognigy": {"_niceCXOne": {"json": {
                "text": "", "uiComponent": {},
                "data": {"Intent": "Escalate", "Params": "[{\"skill\":\"4242\"}]"},
                "action": "AGENT_TRANSFER"
            }}}
        }),
        Kind::TmsTranscript => json!({
            "vendorId": "Cognigy", "busId": "4593140", "virtualAgentId": "cognigy-voice",
            "contactId": "5823114", "contactState": "SELF_SERVICE", "mediaType": "Voice",
            "selfServiceSessionDetails": {
                "transcriptPublishSettingOption": "PUBLISH_TRANSCRIPTS_ONLY",
                "sessionCompletionType": "ESCALATED",
                "transcripts": [
                    {"participantId": "Bot", "messageBody": "How can I help?", "messageContentType": "TRANSCRIPT", "utcDateTime": "2026-03-01T12:30:05.123Z"},
                    {"participantId": "Patron", "messageBody": "My bill is wrong", "messageContentType": "TRANSCRIPT", "utcDateTime": "2026-03-01T12:30:09.456Z"}
                ]
            }
        }),
        Kind::DfoInboundMessage => json!({
            "idOnExternalPlatform": "msg-20260301-0001",
            "direction": "inbound",
            "createdAtWithMilliseconds": "2026-03-01T12:30:05.123Z",
            "thread": {"idOnExternalPlatform": "thread-88"},
            "messageContent": {"type": "TEXT", "payload": {"text": "I need an agent"}},
            "authorEndUserIdentity": {"idOnExternalPlatform": "customer-17", "firstName": "Jane"}
        }),
        Kind::WorkItem => json!({
            "pointOfContact": "Billing Work Items",
            "workItemType": "Callback",
            "workItemPayload": "{\"customer\":\"17\"}",
            "from": "jane@example.com"
        }),
        Kind::TransferContext => json!({
            "transferContext": {
                "queueId": "4242",
                "participant": {"name": "Jane Doe", "phoneNumber": "+14155550123"},
                "customAttributes": {"tier": "gold"},
                "flowVersionId": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
            }
        }),
        Kind::BotHandoff => json!({
            "targetType": "queue", "targetId": "4242", "message": "Connecting you to billing",
            "conversationId": "conv-1", "context": {"customer": "17"}, "preserveHistory": true,
            "confidence": 0.42, "intent": "billing_dispute"
        }),
        Kind::GuestSession => json!({
            "channel": "webMessaging",
            "channelSwitch": {"from": "voice"},
            "attributes": {
                "dtmf_sequence": "12#", "caller_id": "+14155550123",
                "language_preference": "en-US", "mapped_variables": {"account": "17"}
            }
        }),
        Kind::CognigyWebhook => json!({
            "intent": {"name": "billing_dispute", "score": 0.4},
            "user": {"id": "user-17"},
            "session": {"sessionId": "sess-1"},
            "entities": [{"name": "account_manager", "value": "agent.smith"}]
        }),
    }
}

/// Rules with a routing table: a skill route and an agent-entity route.
pub(crate) fn rules() -> Rules {
    let mut rules = Rules::default();
    rules.routing.insert(
        "billing_dispute".into(),
        Route::Skill {
            skill: "4242".into(),
        },
    );
    rules.routing.insert(
        "vip".into(),
        Route::AgentEntity {
            agent_entity: "account_manager".into(),
        },
    );
    rules
}

fn run(value: &Value, kind: Option<Kind>, inputs: &Inputs) -> Validated {
    validate_value(value, kind, inputs, &rules())
}

fn codes_of(v: &Validated) -> Vec<&str> {
    v.findings.iter().map(|f| f.code.as_str()).collect()
}

/// Apply `edit` at a JSON pointer: replace (Some) or remove (None) the value there.
fn edit(mut value: Value, pointer: &str, new: Option<Value>) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer");
    let target = value.pointer_mut(parent).expect("parent exists");
    match (target, new) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_string(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(list), Some(v)) => list[key.parse::<usize>().unwrap()] = v,
        (Value::Array(list), None) => {
            list.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("cannot edit {pointer}"),
    }
    value
}

#[test]
fn good_payloads_pass_and_are_detected() {
    for kind in Kind::all() {
        let value = good(*kind);
        assert_eq!(detect(&value).kind, Some(*kind), "{kind}");
        let v = run(&value, None, &Inputs::default());
        assert_eq!(v.kind, Some(*kind));
        let bad: Vec<_> = v
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        assert!(bad.is_empty(), "{kind}: {bad:#?}");
    }
}

#[test]
fn every_finding_has_a_path_and_a_hint() {
    let mut value = good(Kind::TransferContext);
    value["transferContext"]["queueId"] = json!("REPLACE_WITH_VALID_QUEUE_ID");
    value["transferContext"]["participant"] = json!({"phoneNumber": "0415 555"});
    let v = run(&value, None, &Inputs::default());
    assert!(v.findings.len() >= 3);
    for f in &v.findings {
        assert!(f.path.is_some(), "{f:?}");
        assert!(f.hint.as_deref().is_some_and(|h| !h.is_empty()), "{f:?}");
    }
}

/// (kind, pointer, replacement (None removes), expected code, expected path)
type Case = (
    Kind,
    &'static str,
    Option<Value>,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use Kind::*;
    vec![
        // cognigy-signal
        (CognigySignal, "/p1", None, "payload-field-missing", "/p1"),
        (CognigySignal, "/p1", Some(json!("escalate")), "signal-p1-invalid", "/p1"),
        (CognigySignal, "/p1", Some(json!("Transfer")), "signal-p1-invalid", "/p1"),
        (CognigySignal, "/p1", Some(json!(1)), "signal-p1-invalid", "/p1"),
        (CognigySignal, "/p2", Some(json!({"skill": "4242"})), "signal-p2-not-string", "/p2"),
        (CognigySignal, "/p2", Some(json!([{"skill": "4242"}])), "signal-p2-not-string", "/p2"),
        (CognigySignal, "/p2", Some(json!("{skill: 4242}")), "payload-embedded-json-invalid", "/p2"),
        (CognigySignal, "/p2", None, "signal-p2-missing", "/p2"),
        (CognigySignal, "/p3", Some(json!(42)), "signal-param-not-string", "/p3"),
        (CognigySignal, "/p10", Some(json!("x")), "signal-too-many-params", "/p10"),
        (CognigySignal, "/contactId", None, "signal-contact-id-missing", "/contactId"),
        (CognigySignal, "/contactId", Some(json!("100000000000")), "signal-contact-id-sentinel", "/contactId"),
        (CognigySignal, "/contactId", Some(json!(100000000000u64)), "signal-contact-id-sentinel", "/contactId"),
        (CognigySignal, "/contactId", Some(json!("abc-123")), "payload-id-not-digits", "/contactId"),
        (CognigySignal, "/p2", Some(json!(format!("[\"{}\"]", "x".repeat(3000)))), "signal-body-large", ""),
        // vah-bot-response, Cognigy form
        (VahBotResponse, "/_cognigy/_niceCXOne/json/action", Some(json!("agent_transfer")), "vah-action-invalid", "/_cognigy/_niceCXOne/json/action"),
        (VahBotResponse, "/_cognigy/_niceCXOne/json/action", None, "payload-field-missing", "/_cognigy/_niceCXOne/json/action"),
        (VahBotResponse, "/_cognigy/_niceCXOne/json/action", Some(json!("END_CONVERSATION")), "vah-intent-mismatch", "/_cognigy/_niceCXOne/json/data/Intent"),
        (VahBotResponse, "/_cognigy/_niceCXOne/json/data/Params", Some(json!([{"skill": "4242"}])), "payload-embedded-json-not-string", "/_cognigy/_niceCXOne/json/data/Params"),
        (VahBotResponse, "/_cognigy/_niceCXOne/json/data/Params", Some(json!("[oops")), "payload-embedded-json-invalid", "/_cognigy/_niceCXOne/json/data/Params"),
        (VahBotResponse, "/_cognigy/_niceCXOne/json/data", None, "payload-field-missing", "/_cognigy/_niceCXOne/json/data"),
        // tms-transcript
        (TmsTranscript, "/busId", Some(json!("BU 42")), "payload-id-not-digits", "/busId"),
        (TmsTranscript, "/contactId", Some(json!("c-5823114")), "payload-id-not-digits", "/contactId"),
        (TmsTranscript, "/vendorId", Some(json!("Cognigy AI")), "payload-id-not-digits", "/vendorId"),
        (TmsTranscript, "/vendorId", None, "payload-field-missing", "/vendorId"),
        (TmsTranscript, "/contactState", Some(json!("")), "payload-field-empty", "/contactState"),
        (TmsTranscript, "/mediaType", None, "payload-field-missing", "/mediaType"),
        (TmsTranscript, "/selfServiceSessionDetails/sessionCompletionType", Some(json!("escalated")), "tms-completion-type-invalid", "/selfServiceSessionDetails/sessionCompletionType"),
        (TmsTranscript, "/selfServiceSessionDetails/transcripts", Some(json!([])), "tms-transcripts-empty", "/selfServiceSessionDetails/transcripts"),
        (TmsTranscript, "/selfServiceSessionDetails/transcripts/0/participantId", Some(json!("User")), "tms-participant-invalid", "/selfServiceSessionDetails/transcripts/0/participantId"),
        (TmsTranscript, "/selfServiceSessionDetails/transcripts/1/messageBody", None, "payload-field-missing", "/selfServiceSessionDetails/transcripts/1/messageBody"),
        (TmsTranscript, "/selfServiceSessionDetails/transcripts/0/utcDateTime", Some(json!("01/03/2026 12:30")), "payload-timestamp-invalid", "/selfServiceSessionDetails/transcripts/0/utcDateTime"),
        (TmsTranscript, "/selfServiceSessionDetails/transcripts/1/utcDateTime", Some(json!("2026-03-01T12:29:00Z")), "payload-timestamps-out-of-order", "/selfServiceSessionDetails/transcripts/1/utcDateTime"),
        // dfo-inbound-message
        (DfoInboundMessage, "/idOnExternalPlatform", None, "payload-field-missing", "/idOnExternalPlatform"),
        (DfoInboundMessage, "/direction", Some(json!("outbound")), "dfo-direction-invalid", "/direction"),
        (DfoInboundMessage, "/thread/idOnExternalPlatform", Some(json!(" ")), "payload-field-empty", "/thread/idOnExternalPlatform"),
        (DfoInboundMessage, "/messageContent/type", None, "payload-field-missing", "/messageContent/type"),
        (DfoInboundMessage, "/messageContent/payload/text", Some(json!("")), "dfo-text-empty", "/messageContent/payload/text"),
        (DfoInboundMessage, "/authorEndUserIdentity/idOnExternalPlatform", None, "payload-field-missing", "/authorEndUserIdentity/idOnExternalPlatform"),
        (DfoInboundMessage, "/createdAtWithMilliseconds", Some(json!(1772368205123u64)), "payload-field-type", "/createdAtWithMilliseconds"),
        (DfoInboundMessage, "/createdAtWithMilliseconds", Some(json!("2026-03-01 12:30")), "payload-timestamp-invalid", "/createdAtWithMilliseconds"),
        // work-item
        (WorkItem, "/pointOfContact", None, "payload-field-missing", "/pointOfContact"),
        (WorkItem, "/pointOfContact", Some(json!("3f2504e0-4f89-41d3-9a0c-0305e82c3301")), "workitem-poc-guid", "/pointOfContact"),
        (WorkItem, "/workItemType", None, "payload-field-missing", "/workItemType"),
        (WorkItem, "/workItemPayload", Some(json!({"customer": "17"})), "payload-embedded-json-not-string", "/workItemPayload"),
        (WorkItem, "/workItemPayload", Some(json!("customer=17")), "payload-embedded-json-invalid", "/workItemPayload"),
        (WorkItem, "/from", Some(json!("")), "payload-field-empty", "/from"),
        // transfer-context
        (TransferContext, "/transferContext", None, "payload-field-missing", "/transferContext"),
        (TransferContext, "/transferContext/queueId", None, "payload-field-missing", "/transferContext/queueId"),
        (TransferContext, "/transferContext/queueId", Some(json!("")), "payload-field-empty", "/transferContext/queueId"),
        (TransferContext, "/transferContext/queueId", Some(json!("8b1f6c2e-3a4d-4f5e-9a7b-0c1d2e3f4a5b")), "transfer-queue-id-not-numeric", "/transferContext/queueId"),
        (TransferContext, "/transferContext/participant/name", None, "payload-field-missing", "/transferContext/participant/name"),
        (TransferContext, "/transferContext/participant/phoneNumber", Some(json!("(415) 555-0123")), "payload-phone-not-e164", "/transferContext/participant/phoneNumber"),
        (TransferContext, "/transferContext/customAttributes", Some(json!("tier=gold")), "payload-field-type", "/transferContext/customAttributes"),
        (TransferContext, "/transferContext/flowVersionId", Some(json!("v12")), "payload-uuid-invalid", "/transferContext/flowVersionId"),
        // bot-handoff
        (BotHandoff, "/targetType", Some(json!("Queue")), "payload-field-value", "/targetType"),
        (BotHandoff, "/targetType", Some(json!("skill")), "payload-field-value", "/targetType"),
        (BotHandoff, "/targetId", Some(json!("")), "payload-field-empty", "/targetId"),
        (BotHandoff, "/message", None, "payload-field-missing", "/message"),
        (BotHandoff, "/conversationId", None, "payload-field-missing", "/conversationId"),
        (BotHandoff, "/context", Some(json!("none")), "payload-field-type", "/context"),
        (BotHandoff, "/preserveHistory", Some(json!("true")), "payload-field-type", "/preserveHistory"),
        (BotHandoff, "/confidence", Some(json!(0.9)), "handoff-not-eligible", "/confidence"),
        (BotHandoff, "/intent", Some(json!("greeting")), "handoff-not-eligible", "/intent"),
        (BotHandoff, "/confidence", Some(json!(85)), "handoff-confidence-range", "/confidence"),
        (BotHandoff, "/confidence", Some(json!(-0.2)), "handoff-confidence-range", "/confidence"),
        (BotHandoff, "/confidence", Some(json!("0.4")), "payload-field-type", "/confidence"),
        (BotHandoff, "/confidence", None, "handoff-eligibility-unknown", ""),
        // guest-session
        (GuestSession, "/channel", Some(json!("chat")), "payload-field-value", "/channel"),
        (GuestSession, "/channelSwitch/from", Some(json!("sms")), "payload-field-value", "/channelSwitch/from"),
        (GuestSession, "/attributes/dtmf_sequence", Some(json!("1 2 3")), "guest-dtmf-invalid", "/attributes/dtmf_sequence"),
        (GuestSession, "/attributes/dtmf_sequence", None, "payload-field-missing", "/attributes/dtmf_sequence"),
        (GuestSession, "/attributes/caller_id", Some(json!("4155550123")), "payload-phone-not-e164", "/attributes/caller_id"),
        (GuestSession, "/attributes/language_preference", Some(json!("en_US")), "guest-language-invalid", "/attributes/language_preference"),
        (GuestSession, "/attributes/language_preference", Some(json!("English")), "guest-language-invalid", "/attributes/language_preference"),
        (GuestSession, "/attributes/mapped_variables", Some(json!(["account"])), "payload-field-type", "/attributes/mapped_variables"),
        // cognigy-webhook
        (CognigyWebhook, "/intent/name", None, "payload-field-missing", "/intent/name"),
        (CognigyWebhook, "/user/id", None, "payload-field-missing", "/user/id"),
        (CognigyWebhook, "/session/sessionId", None, "webhook-session-missing", "/session/sessionId"),
        (CognigyWebhook, "/entities", Some(json!({"account_manager": "x"})), "payload-field-type", "/entities"),
        (CognigyWebhook, "/entities/0", Some(json!("account_manager")), "payload-field-type", "/entities/0"),
        (CognigyWebhook, "/entities/0/name", None, "payload-field-missing", "/entities/0/name"),
        (CognigyWebhook, "/intent/name", Some(json!("billing_disputes")), "webhook-route-missing", "/intent/name"),
        (CognigyWebhook, "/intent/name", Some(json!("vip")), "webhook-routed", "/entities"),
    ]
}

#[test]
fn each_rule_fails_its_mutation_at_the_right_path() {
    for (kind, pointer, new, code, path) in cases() {
        let value = edit(good(kind), pointer, new.clone());
        let v = run(&value, Some(kind), &Inputs::default());
        let hit = v.findings.iter().find(|f| f.code == code);
        let Some(hit) = hit else {
            panic!(
                "{kind} {pointer} = {new:?}: expected {code}, got {:#?}",
                v.findings
            );
        };
        assert_eq!(hit.path.as_deref(), Some(path), "{kind} {pointer}: {hit:?}");
        assert!(hit.hint.is_some(), "{hit:?}");
    }
}

#[test]
fn case_mistakes_get_a_case_hint() {
    let value = edit(good(Kind::CognigySignal), "/p1", Some(json!("escalate")));
    let v = run(&value, None, &Inputs::default());
    let f = v
        .findings
        .iter()
        .find(|f| f.code == "signal-p1-invalid")
        .unwrap();
    assert!(f.hint.as_deref().unwrap().contains("\"Escalate\""), "{f:?}");
}

#[test]
fn signal_contact_id_from_the_flag() {
    let value = edit(good(Kind::CognigySignal), "/contactId", None);
    let inputs = Inputs {
        contact_id: Some("5823114".into()),
        ..Inputs::default()
    };
    assert!(run(&value, None, &inputs).findings.is_empty());
    let sentinel = Inputs {
        contact_id: Some("100000000000".into()),
        ..Inputs::default()
    };
    assert_eq!(
        codes_of(&run(&value, None, &sentinel)),
        ["signal-contact-id-sentinel"]
    );
    // The spawned contact id is checked too.
    let spawned = edit(
        good(Kind::CognigySignal),
        "/spawnedContactId",
        Some(json!("100000000000")),
    );
    assert!(
        codes_of(&run(&spawned, None, &Inputs::default())).contains(&"signal-contact-id-sentinel")
    );
}

#[test]
fn signal_size_limit_comes_from_the_rules() {
    let value = good(Kind::CognigySignal);
    let mut small = rules();
    small.payload.max_signal_bytes = 10;
    let v = validate_value(&value, None, &Inputs::default(), &small);
    assert_eq!(codes_of(&v), ["signal-body-large"]);
}

#[test]
fn vah_generic_exchange_form() {
    let ok = json!({
        "branchName": "ReturnControlToScript",
        "intentInfo": {"intent": "StandardBotEscalation", "intentConfidence": 0.93},
        "nextPromptSequence": {"prompts": []},
        "customPayload": {"skill": "4242"},
        "botSessionState": {"sessionId": "abc"}
    });
    let v = run(&ok, None, &Inputs::default());
    assert_eq!(v.kind, Some(Kind::VahBotResponse));
    assert!(v.findings.is_empty(), "{:#?}", v.findings);

    let table: Vec<(Value, &str, &str)> = vec![
        (
            edit(
                ok.clone(),
                "/branchName",
                Some(json!("returnControlToScript")),
            ),
            "vah-branch-invalid",
            "/branchName",
        ),
        (
            edit(ok.clone(), "/branchName", Some(json!("Escalate"))),
            "vah-branch-invalid",
            "/branchName",
        ),
        (
            edit(ok.clone(), "/intentInfo/intentConfidence", Some(json!(93))),
            "vah-confidence-range",
            "/intentInfo/intentConfidence",
        ),
        (
            edit(
                ok.clone(),
                "/intentInfo/intentConfidence",
                Some(json!("0.9")),
            ),
            "vah-confidence-range",
            "/intentInfo/intentConfidence",
        ),
        (
            edit(
                ok.clone(),
                "/intentInfo/intent",
                Some(json!("BillingQuestion")),
            ),
            "vah-return-control-intent",
            "/intentInfo/intent",
        ),
        (
            edit(ok.clone(), "/intentInfo", None),
            "vah-return-control-intent",
            "/intentInfo/intent",
        ),
        (
            edit(ok.clone(), "/branchName", Some(json!("Error"))),
            "vah-error-details-missing",
            "/errorDetails",
        ),
        (
            edit(ok.clone(), "/botSessionState", None),
            "vah-session-state-missing",
            "/botSessionState",
        ),
        (
            edit(ok.clone(), "/branchName", None),
            "payload-field-missing",
            "/branchName",
        ),
    ];
    for (value, code, path) in table {
        let v = run(&value, Some(Kind::VahBotResponse), &Inputs::default());
        let f = v.findings.iter().find(|f| f.code == code);
        assert!(
            f.is_some_and(|f| f.path.as_deref() == Some(path)),
            "{code}: {:#?}",
            v.findings
        );
    }
    let error_ok = edit(
        edit(ok.clone(), "/branchName", Some(json!("Error"))),
        "/errorDetails",
        Some(json!({"systemErrorMessage": "backend down"})),
    );
    assert!(run(&error_ok, None, &Inputs::default()).findings.is_empty());
    let end = json!({"action": "END_CONVERSATION", "data": {"Intent": "End", "Params": "[]"}});
    let v = run(&end, None, &Inputs::default());
    assert_eq!(v.kind, Some(Kind::VahBotResponse));
    assert!(v.findings.is_empty(), "{:#?}", v.findings);
}

#[test]
fn guest_ivr_request_form() {
    let ok = json!({
        "dtmf_sequence": "2#", "voice_history": {"turns": 3},
        "caller_id": "+4930123456", "language_preference": "de-DE"
    });
    let v = run(&ok, None, &Inputs::default());
    assert_eq!(v.kind, Some(Kind::GuestSession));
    assert!(v.findings.is_empty(), "{:#?}", v.findings);
    let table: Vec<(Value, &str, &str)> = vec![
        (
            edit(ok.clone(), "/dtmf_sequence", Some(json!("2,#"))),
            "guest-dtmf-invalid",
            "/dtmf_sequence",
        ),
        (
            edit(ok.clone(), "/voice_history", Some(json!("3 turns"))),
            "payload-field-type",
            "/voice_history",
        ),
        (
            edit(ok.clone(), "/caller_id", None),
            "payload-field-missing",
            "/caller_id",
        ),
        (
            edit(ok.clone(), "/language_preference", Some(json!("deutsch"))),
            "guest-language-invalid",
            "/language_preference",
        ),
        (
            edit(ok.clone(), "/mapped_variables", Some(json!(1))),
            "payload-field-type",
            "/mapped_variables",
        ),
    ];
    for (value, code, path) in table {
        let v = run(&value, Some(Kind::GuestSession), &Inputs::default());
        let f = v.findings.iter().find(|f| f.code == code);
        assert!(
            f.is_some_and(|f| f.path.as_deref() == Some(path)),
            "{code}: {:#?}",
            v.findings
        );
    }
}

#[test]
fn handoff_eligibility_from_flags_and_context() {
    let mut value = edit(good(Kind::BotHandoff), "/confidence", None);
    value = edit(value, "/intent", None);
    let flags = Inputs {
        confidence: Some(0.3),
        intent: Some("complaint".into()),
        ..Inputs::default()
    };
    let v = run(&value, None, &flags);
    assert_eq!(codes_of(&v), ["handoff-eligible"]);
    let v = run(
        &value,
        None,
        &Inputs {
            confidence: Some(1.2),
            ..flags.clone()
        },
    );
    assert_eq!(codes_of(&v), ["handoff-confidence-range"]);
    let in_context = edit(
        value.clone(),
        "/context",
        Some(json!({"confidence": 0.95, "intent": "complaint"})),
    );
    let v = run(&in_context, None, &Inputs::default());
    let f = v
        .findings
        .iter()
        .find(|f| f.code == "handoff-not-eligible")
        .unwrap();
    assert_eq!(f.path.as_deref(), Some("/context/confidence"));
    assert!(
        f.message
            .contains("confidence 0.95 is not below min_confidence 0.75"),
        "{}",
        f.message
    );
    assert_eq!(f.severity, Severity::Warn);
    // Only what is missing is named.
    for (inputs, missing, flag) in [
        (
            Inputs {
                intent: None,
                ..flags.clone()
            },
            "no intent,",
            "--intent",
        ),
        (
            Inputs {
                confidence: None,
                ..flags.clone()
            },
            "no confidence,",
            "--confidence",
        ),
        (
            Inputs::default(),
            "no confidence and intent,",
            "--confidence and --intent",
        ),
    ] {
        let v = run(&value, None, &inputs);
        let f = &v.findings[0];
        assert_eq!(f.code, "handoff-eligibility-unknown");
        assert!(f.message.contains(missing), "{}", f.message);
        assert_eq!(
            f.hint.as_deref().unwrap(),
            format!(
                "Add {} to the payload, or pass {flag}.",
                missing.trim_start_matches("no ").trim_end_matches(',')
            )
        );
    }
}

#[test]
fn webhook_routing_rules() {
    let vip = edit(
        good(Kind::CognigyWebhook),
        "/intent/name",
        Some(json!("vip")),
    );
    let no_entity = edit(vip.clone(), "/entities", Some(json!([])));
    assert!(
        codes_of(&run(&no_entity, None, &Inputs::default()))
            .contains(&"webhook-agent-entity-missing")
    );
    let empty_value = edit(vip, "/entities/0/value", Some(json!("")));
    assert!(
        codes_of(&run(&empty_value, None, &Inputs::default()))
            .contains(&"webhook-agent-entity-missing")
    );
    let unconfigured = validate_value(
        &good(Kind::CognigyWebhook),
        None,
        &Inputs::default(),
        &Rules::default(),
    );
    assert_eq!(codes_of(&unconfigured), ["webhook-routing-unconfigured"]);
    let missing = edit(
        good(Kind::CognigyWebhook),
        "/intent/name",
        Some(json!("billing_disputes")),
    );
    let v = run(&missing, None, &Inputs::default());
    let f = v
        .findings
        .iter()
        .find(|f| f.code == "webhook-route-missing")
        .unwrap();
    assert!(
        f.hint.as_deref().unwrap().contains("\"billing_dispute\""),
        "{f:?}"
    );
}

#[test]
fn placeholders_fail_in_every_kind() {
    for kind in Kind::all() {
        let mut value = good(*kind);
        value["note"] = json!("REPLACE_WITH_VALID_QUEUE_ID");
        let v = run(&value, Some(*kind), &Inputs::default());
        let f = v.findings.iter().find(|f| f.code == "payload-placeholder");
        assert!(
            f.is_some_and(|f| f.path.as_deref() == Some("/note")),
            "{kind}: {:#?}",
            v.findings
        );
    }
    let mut value = good(Kind::TransferContext);
    value["transferContext"]["customAttributes"]["a/b~c"] = json!(["ok", "<queue id>"]);
    let v = run(&value, None, &Inputs::default());
    let f = v
        .findings
        .iter()
        .find(|f| f.code == "payload-placeholder")
        .unwrap();
    assert_eq!(
        f.path.as_deref(),
        Some("/transferContext/customAttributes/a~1b~0c/1")
    );
    // Inside embedded JSON text, reported at the field.
    let signal = edit(
        good(Kind::CognigySignal),
        "/p2",
        Some(json!("[{\"skill\":\"SALES_QUEUE_ID_PLACEHOLDER\"}]")),
    );
    let v = run(&signal, None, &Inputs::default());
    let f = v
        .findings
        .iter()
        .find(|f| f.code == "payload-placeholder")
        .unwrap();
    assert_eq!(f.path.as_deref(), Some("/p2"));
    assert!(f.message.contains("/0/skill"), "{}", f.message);
    // A placeholder is reported once, not also as a malformed id.
    let v = run(
        &edit(
            good(Kind::CognigySignal),
            "/contactId",
            Some(json!("your-contact-id")),
        ),
        None,
        &Inputs::default(),
    );
    assert_eq!(codes_of(&v), ["payload-placeholder"]);
}

#[test]
fn unknown_and_non_object_payloads() {
    let v = run(
        &json!({"target_type": "queue", "target_id": "1"}),
        None,
        &Inputs::default(),
    );
    assert_eq!(v.kind, None);
    let f = &v.findings[0];
    assert_eq!(f.code, "payload-kind-unknown");
    assert!(f.message.contains("bot-handoff"), "{}", f.message);
    assert!(
        f.message.contains("`target_type` looks like `targetType`"),
        "{}",
        f.message
    );
    assert!(f.hint.as_deref().unwrap().contains("--kind bot-handoff"));
    assert_eq!(f.path.as_deref(), Some(""));
    let v = run(&json!([{"p1": "Escalate"}]), None, &Inputs::default());
    assert_eq!(codes_of(&v), ["payload-not-object"]);
    // A forced kind validates even without the distinctive keys.
    let v = run(&json!({"foo": 1}), Some(Kind::WorkItem), &Inputs::default());
    assert_eq!(v.kind, Some(Kind::WorkItem));
    assert!(codes_of(&v).iter().all(|c| *c == "payload-field-missing"));
}

#[test]
fn the_corpus_renders_the_same_through_the_direct_json_writer() {
    use crate::report::{Subject, json};
    let checker = Checker::new(&rules(), Inputs::default());
    let (mut fast, mut slow, mut scratch) = (Vec::new(), Vec::new(), Vec::new());
    let corpus = corpus::corpus();
    assert!(corpus.len() > 3000, "{}", corpus.len());
    for (i, value) in corpus.iter().enumerate() {
        let validated = checker.validate(value, None);
        let kind = validated.kind.map_or("unknown", Kind::name);
        let mut subject =
            Subject::new("payload", format!("corpus.ndjson:{}", i + 1)).with_label(kind);
        subject.findings = validated.findings;
        subject.fact("kind", kind);
        subject.fact("bytes", value.to_string().len());
        subject.finish();
        fast.clear();
        slow.clear();
        json::stream_subject(&mut fast, &mut scratch, &subject, i == 0);
        json::stream_subject_serde(&mut slow, &mut scratch, &subject, i == 0);
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&slow),
            "{value}"
        );
    }
}

/// Every finding of the corpus (detected and forced kinds), as text.
fn corpus_findings() -> String {
    use std::fmt::Write;
    let checker = Checker::new(&rules(), Inputs::default());
    let mut text = String::new();
    for (i, value) in corpus::corpus().iter().enumerate() {
        let forced = Kind::all()[i % Kind::all().len()];
        for kind in [None, Some(forced)] {
            let v = checker.validate(value, kind);
            let _ = writeln!(text, "{i} {:?} {:?}", v.kind, v.findings);
        }
    }
    text
}

/// Fast paths in the rules change no finding: the corpus's findings hash to what the
/// straightforward implementation (before the fast paths) produced.
#[test]
fn the_corpus_findings_are_what_they_were() {
    use sha2::{Digest, Sha256};
    let text = corpus_findings();
    if let Some(path) = std::env::var_os("CXONE_DIAG_DUMP_CORPUS_FINDINGS") {
        std::fs::write(path, &text).unwrap();
    }
    let digest: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        digest,
        "7672fb7b46d68869ca099f11a00582cdfde1c440316d251043f0c4a657e4157b",
        "{} bytes of findings",
        text.len()
    );
}

#[test]
fn a_repeated_key_is_a_warning_naming_it_and_the_kept_value() {
    let checker = Checker::new(&rules(), Inputs::default());
    let text = r#"{"p1":"bogus","p1":"Escalate","p2":"{}","nested":{"a":1,"a":2}}"#;
    let scanned = checker.parse_json(text).unwrap();
    let out = checker.validate_scanned(&scanned, None);
    let dup: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.code == codes::PAYLOAD_DUPLICATE_KEY.id)
        .collect();
    assert_eq!(dup.len(), 2, "{:#?}", out.findings);
    assert!(
        dup.iter()
            .any(|f| f.message.contains("\"p1\"") && f.message.contains("Escalate")),
        "{dup:#?}"
    );
    assert!(
        dup.iter().any(|f| f.path.as_deref() == Some("/nested/a")),
        "{dup:#?}"
    );
    assert!(
        dup.iter()
            .all(|f| f.severity == crate::report::Severity::Warn)
    );
}
