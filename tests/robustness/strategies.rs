//! Proptest strategies: JSON values built from the payload kinds' own keys and values, real
//! example payloads with subtrees replaced, and byte strings that are almost JSON or YAML.

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Number, Value};

/// Where a failing case's seed is kept, so the next run (here or on CI) replays it first.
/// Relative to the package root, the working directory of integration tests.
pub const REGRESSIONS: &str = "tests/robustness/proptest-regressions.txt";

/// The bounded configuration every property uses; failures are persisted to [`REGRESSIONS`].
pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        max_shrink_iters: 2048,
        ..ProptestConfig::default()
    }
}

/// Keys the nine kinds' detection and rules read, plus near misses of them.
const KEYS: &[&str] = &[
    "p1",
    "p2",
    "p3",
    "p4",
    "p9",
    "p10",
    "contactId",
    "spawnedContactId",
    "_cognigy",
    "_niceCXOne",
    "branchName",
    "nextPromptSequence",
    "nextPromptBehaviors",
    "intentInfo",
    "intentConfidence",
    "intent",
    "botSessionState",
    "data",
    "Intent",
    "Params",
    "action",
    "customPayload",
    "errorDetails",
    "uiComponent",
    "selfServiceSessionDetails",
    "vendorId",
    "busId",
    "contactState",
    "mediaType",
    "virtualAgentId",
    "sessionCompletionType",
    "transcripts",
    "participantId",
    "messageBody",
    "utcDateTime",
    "messageContent",
    "authorEndUserIdentity",
    "createdAtWithMilliseconds",
    "idOnExternalPlatform",
    "direction",
    "thread",
    "type",
    "payload",
    "text",
    "pointOfContact",
    "workItemType",
    "workItemPayload",
    "workItemID",
    "workItemId",
    "from",
    "transferContext",
    "queueId",
    "participant",
    "name",
    "phoneNumber",
    "customAttributes",
    "flowVersionId",
    "targetType",
    "targetId",
    "target_type",
    "target_id",
    "preserveHistory",
    "message",
    "conversationId",
    "context",
    "confidence",
    "channelSwitch",
    "channel",
    "attributes",
    "dtmf_sequence",
    "voice_history",
    "caller_id",
    "language_preference",
    "mapped_variables",
    "entities",
    "value",
    "user",
    "id",
    "session",
    "sessionId",
    "skillId",
    "skill",
    "targetSkill",
    "contact",
    "score",
    "",
    "~",
    "/",
    "a~1b",
];

/// String values the rules compare against, and values that break them.
const STRINGS: &[&str] = &[
    "Escalate",
    "End",
    "escalate",
    "END",
    "AGENT_TRANSFER",
    "END_CONVERSATION",
    "ReturnControlToScript",
    "StandardBotEscalation",
    "StandardBotEndConversation",
    "Error",
    "PromptAndCollectNextResponse",
    "UserInputTimeout",
    "ESCALATED",
    "CONTAINED",
    "Bot",
    "Patron",
    "Cognigy",
    "inbound",
    "outbound",
    "TEXT",
    "queue",
    "agent",
    "bot",
    "webMessaging",
    "voice",
    "en-US",
    "en",
    "x-",
    "123#*ABCD",
    "12e",
    "+14155550123",
    "+1",
    "004915112345678",
    "5823114",
    "100000000000",
    "0",
    "-1",
    "1e999",
    "NaN",
    "2026-03-01T12:30:05.123Z",
    "2026-13-45T99:99:99Z",
    "2026-03-01",
    "Billing Work Items",
    "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "{3FA85F64-5717-4562-B3FC-2C963F66AFA6}",
    "TODO",
    "todo",
    "CHANGEME",
    "<queue-id>",
    "{{queueId}}",
    "${SKILL_ID}",
    "xxx",
    "REPLACE_ME",
    "[]",
    "{}",
    "[{}]",
    "null",
    "\"\"",
    "[{\"skill\":\"4242\"}]",
    "{\"intent\":\"x\"",
    "",
    " ",
    "\t\n",
    "\u{0}",
    "\u{1b}[31m",
    "\u{202e}",
    "é",
    "😀",
    "\u{FEFF}",
    "~0~1/",
];

/// A string: a known value, arbitrary Unicode, control characters, or one near 256 bytes.
pub fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(STRINGS).prop_map(String::from),
        2 => any::<String>(),
        1 => "[\\x00-\\x1f\"\\\\~/{}*$<>]{0,12}",
        1 => (250usize..262, select(vec!["x", "é", "😀", "*"]))
            .prop_map(|(n, c)| c.repeat(n / c.len().max(1))),
    ]
}

/// A number: small, huge, negative, fractional, or at the edges of `f64`.
pub fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-3i64..3).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        select(vec![
            0.0, -0.0, 0.5, 0.75, 0.7499, 1.0, 1.0001, -0.1, 1e300, -1e300, 5e-324
        ])
        .prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        5 => string().prop_map(Value::String),
    ]
}

/// An object key: mostly the kinds' keys.
pub fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(KEYS).prop_map(String::from),
        1 => any::<String>(),
        1 => "[a-zA-Z_~/]{0,6}",
    ]
}

/// Any JSON value, up to 6 levels deep; strings may hold JSON text (as `p2` does).
pub fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            2 => prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            4 => prop::collection::vec((key(), inner.clone()), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
            1 => inner.prop_map(|v| Value::String(v.to_string())),
        ]
    })
}

/// A top-level payload: an object of the kinds' keys (most of the time), or any value.
pub fn payload() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::collection::vec((key(), value()), 0..10)
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        3 => mutated_example(),
        1 => value(),
    ]
}

/// The shipped example payloads (every kind, good and broken), parsed.
pub fn examples() -> Vec<Value> {
    let mut out = Vec::new();
    for dir in ["examples/payloads", "examples/payloads/broken"] {
        let dir = super::support::in_crate(dir);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            match ext {
                "json" => out.extend(serde_json::from_str::<Value>(&text).ok()),
                "yaml" | "yml" => out.extend(serde_yaml::from_str::<Value>(&text).ok()),
                "ndjson" | "jsonl" => out.extend(
                    text.lines()
                        .filter_map(|l| serde_json::from_str::<Value>(l).ok()),
                ),
                _ => {}
            }
        }
    }
    assert!(out.len() >= 9, "the example payloads are there");
    out
}

/// Every JSON pointer inside `v`, the root included.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                pointers(x, cxone_diag::payload::pointer::key(&at, k), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// A real example payload with up to four subtrees replaced by generated values, so the
/// rules deep inside every kind run on almost-valid input.
pub fn mutated_example() -> impl Strategy<Value = Value> {
    (
        select(examples()),
        prop::collection::vec((any::<Index>(), value()), 1..5),
    )
        .prop_map(|(mut doc, edits)| {
            for (at, replacement) in edits {
                let mut all = Vec::new();
                pointers(&doc, String::new(), &mut all);
                let pointer = at.get(&all).clone();
                if let Some(slot) = doc.pointer_mut(&pointer) {
                    *slot = replacement;
                }
            }
            doc
        })
}

/// Tokens of JSON and YAML syntax, for byte strings that are almost documents.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    ",",
    "\"",
    "'",
    "\n",
    "\r\n",
    "  ",
    "- ",
    "? ",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "---\n",
    "...\n",
    "!!str ",
    "!!binary ",
    "!tag ",
    "|\n",
    ">\n",
    "#",
    "%YAML 1.2\n",
    "p1",
    "p2",
    "Escalate",
    "\"p1\"",
    "\"Escalate\"",
    "transferContext",
    "queueId",
    "null",
    "true",
    "~",
    "1e400",
    "-0",
    "0x1F",
    ".nan",
    ".inf",
    "\\u0000",
    "\\ud800",
    "\u{FEFF}",
    "\u{0}",
    "\u{85}",
    "é",
];

/// Bytes: random, a mutated example file, or a soup of JSON and YAML tokens.
pub fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..256),
        4 => mutated_file(),
        3 => prop::collection::vec(select(TOKENS), 0..48)
            .prop_map(|t| t.concat().into_bytes()),
        1 => (1usize..200).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        1 => (1usize..8).prop_map(|n| {
            let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x]\n");
            for i in 1..n {
                doc.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n", p = i - 1));
            }
            doc.into_bytes()
        }),
    ]
}

/// The raw text of the example payload files.
fn example_files() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in ["examples/payloads", "examples/payloads/broken"] {
        let dir = super::support::in_crate(dir);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        out.extend(paths.iter().map(|p| std::fs::read(p).unwrap()));
    }
    out
}

/// One byte-level edit.
#[derive(Debug, Clone)]
enum Edit {
    Flip(Index, u8),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Truncate(Index),
    Repeat(Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (
            any::<Index>(),
            prop_oneof![
                prop::collection::vec(any::<u8>(), 1..4),
                select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
            ]
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<Index>(), 1usize..16).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<Index>().prop_map(Edit::Truncate),
        (any::<Index>(), 1usize..16).prop_map(|(i, n)| Edit::Repeat(i, n)),
    ]
}

/// An example payload file with a few byte-level edits.
pub fn mutated_file() -> impl Strategy<Value = Vec<u8>> {
    (select(example_files()), prop::collection::vec(edit(), 1..6)).prop_map(|(mut b, edits)| {
        for e in edits {
            if b.is_empty() {
                break;
            }
            match e {
                Edit::Flip(i, x) => {
                    let at = i.index(b.len());
                    b[at] = x;
                }
                Edit::Insert(i, x) => {
                    let at = i.index(b.len() + 1);
                    b.splice(at..at, x);
                }
                Edit::Delete(i, n) => {
                    let at = i.index(b.len());
                    b.drain(at..(at + n).min(b.len()));
                }
                Edit::Truncate(i) => b.truncate(i.index(b.len())),
                Edit::Repeat(i, n) => {
                    let at = i.index(b.len());
                    let span = b[at..(at + n).min(b.len())].to_vec();
                    b.splice(at..at, span);
                }
            }
        }
        b
    })
}
