//! Kind detection from distinctive keys, and the closest kinds for a payload that matches none.

use std::sync::OnceLock;

use super::kind::Kind;
use super::tree::{Obj, Value};

/// The keys that identify a kind. Dotted keys look one level down (`intent.name`).
struct Signature {
    kind: Kind,
    /// Any one of these makes the kind a candidate (weight 3).
    anchors: &'static [&'static str],
    /// These add confidence (weight 1).
    support: &'static [&'static str],
    /// What a payload of this kind needs at least, for "would need" messages.
    needs: &'static [&'static str],
}

const SIGNATURES: &[Signature] = &[
    Signature {
        kind: Kind::CognigySignal,
        anchors: &["p1"],
        support: &["p2", "p3", "contactId", "spawnedContactId"],
        needs: &["p1", "p2"],
    },
    Signature {
        kind: Kind::VahBotResponse,
        anchors: &[
            "_cognigy",
            "branchName",
            "nextPromptSequence",
            "intentInfo",
            "botSessionState",
            "data.Intent",
        ],
        support: &[
            "action",
            "customPayload",
            "errorDetails",
            "uiComponent",
            "nextPromptBehaviors",
        ],
        needs: &["branchName", "botSessionState"],
    },
    Signature {
        kind: Kind::TmsTranscript,
        anchors: &["selfServiceSessionDetails", "vendorId", "busId"],
        support: &["contactState", "mediaType", "contactId", "virtualAgentId"],
        needs: &[
            "vendorId",
            "busId",
            "contactId",
            "selfServiceSessionDetails",
        ],
    },
    Signature {
        kind: Kind::DfoInboundMessage,
        anchors: &[
            "messageContent",
            "authorEndUserIdentity",
            "createdAtWithMilliseconds",
        ],
        support: &["idOnExternalPlatform", "direction", "thread"],
        needs: &[
            "idOnExternalPlatform",
            "direction",
            "thread",
            "messageContent",
            "authorEndUserIdentity",
        ],
    },
    Signature {
        kind: Kind::WorkItem,
        anchors: &[
            "pointOfContact",
            "workItemType",
            "workItemPayload",
            "workItemId",
            "workItemID",
        ],
        support: &["from"],
        needs: &["pointOfContact", "workItemType", "from"],
    },
    Signature {
        kind: Kind::TransferContext,
        anchors: &["transferContext"],
        support: &[],
        needs: &["transferContext"],
    },
    Signature {
        kind: Kind::BotHandoff,
        anchors: &["targetType", "targetId", "preserveHistory"],
        support: &["conversationId", "message", "context", "confidence"],
        needs: &[
            "targetType",
            "targetId",
            "message",
            "conversationId",
            "context",
            "preserveHistory",
        ],
    },
    Signature {
        kind: Kind::GuestSession,
        anchors: &[
            "channelSwitch",
            "dtmf_sequence",
            "voice_history",
            "attributes.dtmf_sequence",
        ],
        support: &[
            "channel",
            "caller_id",
            "language_preference",
            "mapped_variables",
        ],
        needs: &["channel", "channelSwitch", "attributes"],
    },
    Signature {
        kind: Kind::CognigyWebhook,
        anchors: &["intent.name", "entities"],
        support: &["user", "session"],
        needs: &["intent.name", "user.id"],
    },
];

const ANCHOR: u32 = 3;
const SUPPORT: u32 = 1;

/// How a top-level key counts for one signature.
#[derive(Clone, Copy)]
struct Hit {
    /// Index into [`SIGNATURES`].
    signature: usize,
    /// [`ANCHOR`] or [`SUPPORT`].
    weight: u32,
    /// Anchors make the kind a candidate.
    anchor: bool,
    /// For a dotted key (`intent.name`): the part below the top-level key.
    below: Option<&'static str>,
}

/// A top-level key and the signatures it counts for.
#[derive(Clone, Copy)]
struct Slot {
    key: &'static str,
    hits: [Hit; MAX_HITS],
    /// Hits in use; 0 for an empty slot.
    len: usize,
}

/// The most signatures one top-level key counts for.
const MAX_HITS: usize = 4;

/// Slots of [`top_level_table`]: a power of two, well above the number of keys.
const SLOTS: usize = 128;

/// Top-level key → the signatures it counts for (dotted keys under their first part): an
/// open-addressing table in one block, probed from [`slot`] (no hashing of whole keys).
fn top_level_table() -> &'static [Slot] {
    static TABLE: OnceLock<Vec<Slot>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let unused = Hit {
            signature: 0,
            weight: 0,
            anchor: false,
            below: None,
        };
        let mut table = vec![
            Slot {
                key: "",
                hits: [unused; MAX_HITS],
                len: 0,
            };
            SLOTS
        ];
        for (signature, sig) in SIGNATURES.iter().enumerate() {
            for (keys, weight, anchor) in
                [(sig.anchors, ANCHOR, true), (sig.support, SUPPORT, false)]
            {
                for key in keys.iter().copied() {
                    let (top, below) = match key.split_once('.') {
                        Some((top, below)) => (top, Some(below)),
                        None => (key, None),
                    };
                    let hit = Hit {
                        signature,
                        weight,
                        anchor,
                        below,
                    };
                    let mut at = slot(top);
                    while table[at].len > 0 && table[at].key != top {
                        at = (at + 1) % SLOTS;
                    }
                    let entry = &mut table[at];
                    entry.key = top;
                    entry.hits[entry.len] = hit;
                    entry.len += 1;
                }
            }
        }
        table
    })
}

/// Where probing for a key starts, from its length and its first and last bytes.
fn slot(key: &str) -> usize {
    let b = key.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            (b.len() ^ (usize::from(first) << 2) ^ (usize::from(last) * 5)) % SLOTS
        }
        _ => 0,
    }
}

/// The signatures a top-level key counts for.
#[inline]
fn hits(key: &str) -> &'static [Hit] {
    let table = top_level_table();
    let mut at = slot(key);
    loop {
        let entry = &table[at];
        if entry.len == 0 {
            return &[];
        }
        if entry.key.len() == key.len() && entry.key == key {
            return &entry.hits[..entry.len];
        }
        at = (at + 1) % SLOTS;
    }
}

fn has_dotted(obj: &Obj, key: &str) -> bool {
    let mut current = obj;
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        match current.get(part) {
            None | Some(Value::Null) => return false,
            Some(Value::Object(o)) => current = o,
            Some(_) => return parts.peek().is_none(),
        }
    }
    true
}

/// A kind close to an unrecognised payload, and what it would need.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The kind.
    pub kind: Kind,
    /// Payload keys that look like this kind's keys: (payload key, expected key).
    pub near: Vec<(String, &'static str)>,
    /// Keys the kind needs that the payload lacks.
    pub missing: Vec<&'static str>,
}

/// The result of detection.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The detected kind, when one matched.
    pub kind: Option<Kind>,
    /// When none matched: up to three closest kinds, best first.
    pub closest: Vec<Candidate>,
}

/// Detect the kind of `value` from its distinctive keys.
pub fn detect(value: &serde_json::Value) -> Detection {
    detect_tree(&Value::borrowed(value))
}

/// [`detect`] for the rules' tree.
pub fn detect_tree(value: &Value) -> Detection {
    let Value::Object(obj) = value else {
        return Detection {
            kind: None,
            closest: Vec::new(),
        };
    };
    match detect_object(obj) {
        Some(kind) => Detection {
            kind: Some(kind),
            closest: Vec::new(),
        },
        None => Detection {
            kind: None,
            closest: closest(obj),
        },
    }
}

/// The best-scoring kind with at least one anchor key.
pub fn detect_object(obj: &Obj) -> Option<Kind> {
    let mut scores = Scores::default();
    for (key, value) in obj {
        scores.add(key, value);
    }
    scores.best()
}

/// Kind scores built up one top-level member at a time (in any order: the sums do not depend
/// on it), so that they can also be counted while a payload is being parsed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    score: [u32; SIGNATURES.len()],
    anchored: [bool; SIGNATURES.len()],
}

impl Scores {
    /// Count the top-level member `key: value` (each key once).
    #[inline]
    pub fn add(&mut self, key: &str, value: &Value) {
        for hit in hits(key) {
            let present = match hit.below {
                None => true,
                Some(below) => match value {
                    Value::Object(inner) => has_dotted(inner, below),
                    _ => false,
                },
            };
            if present {
                self.score[hit.signature] += hit.weight;
                self.anchored[hit.signature] |= hit.anchor;
            }
        }
    }

    /// The best-scoring kind with at least one anchor key (the first in [`SIGNATURES`] order
    /// on a tie).
    pub fn best(&self) -> Option<Kind> {
        let mut best: Option<(usize, u32)> = None;
        for i in 0..SIGNATURES.len() {
            if self.anchored[i] && best.is_none_or(|(_, s)| self.score[i] > s) {
                best = Some((i, self.score[i]));
            }
        }
        best.map(|(i, _)| SIGNATURES[i].kind)
    }
}

fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A signature's anchor and support keys (their top-level part), normalised, in order.
fn normalised(sig: &Signature) -> &'static [String] {
    static TABLE: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        SIGNATURES
            .iter()
            .map(|sig| {
                sig.anchors
                    .iter()
                    .chain(sig.support)
                    .map(|k| normalise(k.split('.').next().unwrap_or(k)))
                    .collect()
            })
            .collect()
    });
    let i = SIGNATURES
        .iter()
        .position(|s| s.kind == sig.kind)
        .unwrap_or(0);
    &table[i]
}

/// Rank kinds by how much the payload's keys resemble theirs.
fn closest(obj: &Obj) -> Vec<Candidate> {
    let keys: Vec<(&str, String)> = obj.keys().map(|k| (k, normalise(k))).collect();
    let mut ranked: Vec<(f64, Candidate)> = Vec::new();
    for sig in SIGNATURES {
        let mut score = 0.0;
        let mut near = Vec::new();
        for ((expected, weight), wanted) in sig
            .anchors
            .iter()
            .map(|k| (*k, f64::from(ANCHOR)))
            .chain(sig.support.iter().map(|k| (*k, f64::from(SUPPORT))))
            .zip(normalised(sig))
        {
            let top = expected.split('.').next().unwrap_or(expected);
            if obj.contains_key(top) {
                score += weight * 0.5;
                continue;
            }
            let best = keys
                .iter()
                .filter(|(_, n)| {
                    // Keys of very different lengths share at most a prefix: not a near miss.
                    let (a, b) = (n.len().min(wanted.len()), n.len().max(wanted.len()));
                    a * 10 >= b * 7
                })
                .map(|(k, n)| {
                    (
                        k,
                        if n == wanted {
                            1.0
                        } else {
                            strsim::jaro_winkler(n, wanted)
                        },
                    )
                })
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((k, sim)) = best
                && sim >= 0.88
            {
                score += weight * sim;
                near.push(((*k).to_string(), top));
            }
        }
        if score > 0.0 {
            let missing = sig
                .needs
                .iter()
                .copied()
                .filter(|n| !has_dotted(obj, n))
                .collect();
            ranked.push((
                score,
                Candidate {
                    kind: sig.kind,
                    near,
                    missing,
                },
            ));
        }
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.into_iter().take(3).map(|(_, c)| c).collect()
}

/// What a kind needs at least (for messages about unknown payloads).
pub fn needs(kind: Kind) -> &'static [&'static str] {
    SIGNATURES
        .iter()
        .find(|s| s.kind == kind)
        .map_or(&[], |s| s.needs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_signature_key_is_found_in_its_bucket() {
        for sig in SIGNATURES {
            for key in sig.anchors.iter().chain(sig.support) {
                let top = key.split('.').next().unwrap_or(key);
                assert!(
                    hits(top)
                        .iter()
                        .any(|h| SIGNATURES[h.signature].kind == sig.kind),
                    "{key}"
                );
            }
        }
        assert!(hits("").is_empty());
        assert!(hits("p2x").is_empty());
        assert_eq!(hits("contactId").len(), 2);
    }

    #[test]
    fn every_kind_has_one_signature() {
        for kind in Kind::all() {
            assert_eq!(
                SIGNATURES.iter().filter(|s| s.kind == *kind).count(),
                1,
                "{kind}"
            );
        }
    }

    #[test]
    fn detects_each_kind_from_its_keys() {
        let cases = [
            (json!({"p1": "Escalate", "p2": "[]"}), Kind::CognigySignal),
            (
                json!({"_cognigy": {"_niceCXOne": {}}}),
                Kind::VahBotResponse,
            ),
            (json!({"branchName": "EndContact"}), Kind::VahBotResponse),
            (
                json!({"action": "AGENT_TRANSFER", "data": {"Intent": "Escalate"}}),
                Kind::VahBotResponse,
            ),
            (
                json!({"vendorId": "Cognigy", "busId": "1"}),
                Kind::TmsTranscript,
            ),
            (
                json!({"messageContent": {}, "direction": "inbound"}),
                Kind::DfoInboundMessage,
            ),
            (json!({"pointOfContact": "x"}), Kind::WorkItem),
            (json!({"transferContext": {}}), Kind::TransferContext),
            (
                json!({"targetType": "queue", "intent": "complaint"}),
                Kind::BotHandoff,
            ),
            (
                json!({"channelSwitch": {"from": "voice"}, "channel": "webMessaging"}),
                Kind::GuestSession,
            ),
            (
                json!({"dtmf_sequence": "1", "voice_history": {}}),
                Kind::GuestSession,
            ),
            (
                json!({"intent": {"name": "x"}, "user": {"id": "u"}}),
                Kind::CognigyWebhook,
            ),
        ];
        for (value, kind) in cases {
            assert_eq!(detect(&value).kind, Some(kind), "{value}");
        }
    }

    #[test]
    fn unknown_payloads_name_the_closest_kinds() {
        let d = detect(&json!({"target_type": "queue", "target_id": "4242", "message": "hi"}));
        assert_eq!(d.kind, None);
        let first = &d.closest[0];
        assert_eq!(first.kind, Kind::BotHandoff);
        assert!(
            first
                .near
                .contains(&("target_type".to_string(), "targetType"))
        );
        assert!(first.missing.contains(&"targetType"));
        assert!(!first.missing.contains(&"message"));

        let none = detect(&json!({"zzz": 1}));
        assert_eq!(none.kind, None);
        assert!(none.closest.is_empty());
        assert_eq!(detect(&json!([1, 2])).kind, None);
    }
}
