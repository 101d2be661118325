//! From a payload to the handover request of each rehearsal: the built-in example payloads, what a
//! payload says (confidence, intent, skill, contact), and the exact request `--via` sends. Pure.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::codes;
use super::options::Via;
use crate::cxone::endpoints::WorkItem;
use crate::cxone::paths::Api;
use crate::cxone::request::ApiRequest;
use crate::payload::{Kind, pointer};
use crate::report::Finding;

/// The reason text of the built-in examples (eligible under the default `rules.handoff`).
const EXAMPLE_INTENT: &str = "billing_dispute";
/// The built-in examples' confidence: below the default `min_confidence` of 0.75.
const EXAMPLE_CONFIDENCE: f64 = 0.42;

/// Where the handover goes, resolved from the flags, the payload and the offline defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    /// Contact the signal goes to (`--via signal`).
    pub contact_id: Option<String>,
    /// Point of contact of the work item (`--via work-item`).
    pub point_of_contact: Option<String>,
    /// Channel of the inbound message (`--via digital`).
    pub channel_id: Option<String>,
}

/// The realistic example payload of `via` when no PAYLOAD is given: eligible (confidence 0.42,
/// intent `billing_dispute`), aimed at `targets`, with no real customer data.
pub fn builtin(via: Via, targets: &Targets, now: DateTime<Utc>) -> Value {
    let params = json!([{
        "intent": EXAMPLE_INTENT,
        "confidence": EXAMPLE_CONFIDENCE,
        "reason": "Customer disputes the March invoice and asked for a person",
        "language": "en-US",
    }]);
    match via {
        Via::Signal => json!({
            "p1": "Escalate",
            "p2": params.to_string(),
        }),
        Via::WorkItem => json!({
            "pointOfContact": targets.point_of_contact.clone().unwrap_or_default(),
            "workItemID": "cxone-diag-rehearsal",
            "workItemType": "Callback",
            "workItemPayload": params[0].to_string(),
            "from": "cxone-diag",
        }),
        Via::Digital => json!({
            "idOnExternalPlatform": "cxone-diag-message",
            "direction": "inbound",
            "createdAtWithMilliseconds": stamp(now),
            "thread": {"idOnExternalPlatform": "cxone-diag-thread"},
            "messageContent": {"type": "TEXT", "payload": {"text": "I was charged twice for March. Can I talk to a person?"}},
            "authorEndUserIdentity": {"idOnExternalPlatform": "cxone-diag-customer", "firstName": "Rehearsal", "lastName": "Customer"},
            "contact": {"customFields": [
                {"ident": "intent", "value": EXAMPLE_INTENT},
                {"ident": "confidence", "value": EXAMPLE_CONFIDENCE.to_string()},
            ]},
        }),
    }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The `--via` a payload kind implies when `--via` is not given.
pub fn via_for(kind: Option<Kind>) -> Via {
    match kind {
        Some(Kind::WorkItem) => Via::WorkItem,
        Some(Kind::DfoInboundMessage) => Via::Digital,
        _ => Via::Signal,
    }
}

/// A value found in a payload with its JSON pointer (`#` marks a step into embedded JSON text).
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    /// The value.
    pub value: T,
    /// Where it was found, e.g. `/p2#/0/confidence`.
    pub path: String,
}

/// What a payload says that the rehearsal needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hints {
    /// The bot's confidence.
    pub confidence: Option<Found<f64>>,
    /// The intent the bot recognised.
    pub intent: Option<Found<String>>,
    /// A skill id the payload routes to.
    pub skill: Option<Found<String>>,
    /// `spawnedContactId`, else `contactId`, at the top level.
    pub contact_id: Option<String>,
    /// `pointOfContact` at the top level.
    pub point_of_contact: Option<String>,
}

/// Keys whose number is the bot's confidence.
const CONFIDENCE_KEYS: &[&str] = &["confidence", "intentConfidence"];
/// Keys whose id is a skill the payload routes to.
const SKILL_KEYS: &[&str] = &[
    "skillId",
    "skill",
    "targetSkill",
    "targetSkillId",
    "queueId",
];
/// How deep the search goes, and how many values it looks at.
const MAX_DEPTH: usize = 6;
const MAX_NODES: usize = 2000;

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_id(v: &Value) -> Option<String> {
    let text = match v {
        Value::Number(n) => n.as_u64()?.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    crate::id::Id::is_valid(&text).then_some(text)
}

fn text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Read the hints of a payload: a breadth-first search (top level first) that also looks into
/// JSON text (`p2`, `Params`, `workItemPayload`) and `customFields` lists of `{ident, value}`.
pub fn hints(payload: &Value) -> Hints {
    let mut h = Hints::default();
    if let Value::Object(root) = payload {
        let top = |k: &str| root.get(k).and_then(as_id);
        h.contact_id = top("spawnedContactId").or_else(|| top("contactId"));
        h.point_of_contact = root.get("pointOfContact").and_then(text);
        if root.get("targetType").and_then(Value::as_str) == Some("queue")
            && let Some(id) = root.get("targetId").and_then(as_id)
        {
            h.skill = Some(Found {
                value: id,
                path: "/targetId".into(),
            });
        }
    }
    let mut queue: std::collections::VecDeque<(String, Value, usize)> =
        std::collections::VecDeque::from([(String::new(), payload.clone(), 0)]);
    let mut seen = 0;
    while let Some((path, value, depth)) = queue.pop_front() {
        seen += 1;
        if seen > MAX_NODES || depth > MAX_DEPTH {
            break;
        }
        match &value {
            Value::Object(map) => {
                look_at_object(&mut h, &path, map);
                for (k, v) in map {
                    queue.push_back((pointer::key(&path, k), v.clone(), depth + 1));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    queue.push_back((format!("{path}/{i}"), v.clone(), depth + 1));
                }
            }
            Value::String(s) if s.trim_start().starts_with(['{', '[']) => {
                if let Ok(inner) = serde_json::from_str::<Value>(s) {
                    queue.push_back((format!("{path}#"), inner, depth + 1));
                }
            }
            _ => {}
        }
    }
    h
}

fn look_at_object(h: &mut Hints, path: &str, map: &Map<String, Value>) {
    for (k, v) in map {
        let at = || pointer::key(path, k);
        if h.confidence.is_none()
            && CONFIDENCE_KEYS.contains(&k.as_str())
            && let Some(c) = as_number(v)
        {
            h.confidence = Some(Found {
                value: c,
                path: at(),
            });
        }
        if h.intent.is_none() && k == "intent" {
            let named = match v {
                Value::Object(o) => o.get("name").and_then(text).map(|n| (n, "/name")),
                other => text(other).map(|n| (n, "")),
            };
            if let Some((name, suffix)) = named {
                h.intent = Some(Found {
                    value: name,
                    path: format!("{}{suffix}", at()),
                });
            }
            if h.confidence.is_none()
                && let Some(score) = v.get("score").and_then(as_number)
            {
                h.confidence = Some(Found {
                    value: score,
                    path: format!("{}/score", at()),
                });
            }
        }
        if h.skill.is_none()
            && SKILL_KEYS.contains(&k.as_str())
            && let Some(id) = as_id(v)
        {
            h.skill = Some(Found {
                value: id,
                path: at(),
            });
        }
    }
    // customFields: [{ident: "intent", value: "..."}, ...]
    if let Some(ident) = map.get("ident").or_else(|| map.get("name")).and_then(text)
        && let Some(value) = map.get("value")
    {
        let at = format!("{path}/value");
        match ident.as_str() {
            "intent" if h.intent.is_none() => {
                if let Some(t) = text(value) {
                    h.intent = Some(Found { value: t, path: at });
                }
            }
            "confidence" if h.confidence.is_none() => {
                if let Some(c) = as_number(value) {
                    h.confidence = Some(Found { value: c, path: at });
                }
            }
            _ => {}
        }
    }
}

/// The request one rehearsal sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// `POST /interactions/{contactId}/signal` with `{"p1": .., "p2": ..}`.
    Signal {
        /// The contact signalled.
        contact_id: String,
        /// `p1`..`p9`.
        params: Vec<String>,
    },
    /// `POST /interactions/work-items?...`.
    WorkItem(WorkItem),
    /// `POST {dfo}/channels/{channelId}/messages`.
    Digital {
        /// The BYOC channel.
        channel_id: String,
        /// The message.
        body: Value,
    },
}

impl Request {
    /// What the report calls it, e.g. `signal to 5823201`.
    pub fn describe(&self) -> String {
        match self {
            Request::Signal { contact_id, .. } => format!("signal to {contact_id}"),
            Request::WorkItem(w) => format!("work item on {:?}", w.point_of_contact),
            Request::Digital { channel_id, .. } => format!("message on channel {channel_id}"),
        }
    }

    /// The one definition of what this request puts on the wire: the live send, the terminal
    /// preview, a refusal's plan and `--dry-run` are all made from it.
    pub fn write(&self) -> ApiRequest {
        match self {
            Request::Signal { contact_id, params } => ApiRequest::signal(contact_id, params),
            Request::WorkItem(w) => ApiRequest::work_item(w),
            Request::Digital { channel_id, body } => ApiRequest::inbound_message(channel_id, body),
        }
    }

    /// Method and path as sent (ACD paths with their version prefix, no host).
    pub fn method_path(&self, api_version: &str) -> (&'static str, String) {
        let ep = self.write().endpoint;
        let prefix = match ep.api {
            Api::Acd => format!("/inContactAPI/services/{api_version}"),
            Api::Dfo => "/dfo/3.0".to_string(),
        };
        ("POST", format!("{prefix}{}", ep.path()))
    }

    /// The glob of the sandbox fault rules for this request (ACD paths without their prefix).
    pub fn fault_route(&self) -> String {
        let ep = self.write().endpoint;
        match ep.api {
            Api::Acd => ep.path(),
            Api::Dfo => format!("/dfo/3.0{}", ep.path()),
        }
    }

    /// The JSON body, when the request has one.
    pub fn body(&self) -> Option<Value> {
        self.write().body
    }

    /// The query parameters, when the request has them.
    pub fn query(&self) -> Vec<(String, String)> {
        self.write().endpoint.query
    }

    /// This request for rehearsal `k` of `total`: a fresh work item id, fresh digital message and
    /// thread ids (so each rehearsal opens its own conversation) stamped `now`.
    pub fn for_rehearsal(&self, k: u32, total: u32, now: DateTime<Utc>) -> Request {
        let suffix = |id: &str| {
            if total > 1 {
                format!("{id}-{k}")
            } else {
                id.to_string()
            }
        };
        match self {
            Request::Signal { .. } => self.clone(),
            Request::WorkItem(w) => Request::WorkItem(WorkItem {
                work_item_id: w.work_item_id.as_deref().map(suffix),
                ..w.clone()
            }),
            Request::Digital { channel_id, body } => {
                let mut body = body.clone();
                for pointer in ["/idOnExternalPlatform", "/thread/idOnExternalPlatform"] {
                    if let Some(Value::String(id)) = body.pointer_mut(pointer) {
                        *id = suffix(id);
                    }
                }
                if let Some(at) = body.get_mut("createdAtWithMilliseconds") {
                    *at = Value::String(stamp(now));
                }
                Request::Digital {
                    channel_id: channel_id.clone(),
                    body,
                }
            }
        }
    }

    /// The same request sent to another signal target (a sandbox copy of the bot call).
    pub fn with_contact(&self, id: &str) -> Request {
        match self {
            Request::Signal { params, .. } => Request::Signal {
                contact_id: id.to_string(),
                params: params.clone(),
            },
            other => other.clone(),
        }
    }
}

/// Build the handover request of `via` from a parsed payload of `kind`, aimed at `targets`;
/// `run_id` makes the ids of work items and messages unique to the run. Also returns what was
/// taken from the payload when its kind is not the request's own (an info finding).
pub fn request(
    via: Via,
    payload: &Value,
    kind: Option<Kind>,
    targets: &Targets,
    run_id: &str,
) -> (Request, Option<Finding>) {
    let kind_name = kind.map_or("unrecognised", Kind::name);
    let compact = payload.to_string();
    match via {
        Via::Signal => {
            let contact_id = targets.contact_id.clone().unwrap_or_default();
            if kind == Some(Kind::CognigySignal) {
                let mut params = vec!["Escalate".to_string()];
                let p2 = match payload.get("p2") {
                    Some(Value::String(s)) => s.clone(),
                    None | Some(Value::Null) => "[]".to_string(),
                    Some(other) => other.to_string(),
                };
                params.push(p2);
                for n in 3..=9 {
                    match payload.get(format!("p{n}")) {
                        Some(Value::String(s)) => params.push(s.clone()),
                        Some(Value::Null) | None => break,
                        Some(other) => params.push(other.to_string()),
                    }
                }
                let note = match payload.get("p1").and_then(Value::as_str) {
                    Some("Escalate") => None,
                    other => Some(Finding::new(
                        &codes::PAYLOAD_MAPPED,
                        format!(
                            "the payload's p1 is {}; a handover rehearsal sends p1 \"Escalate\"",
                            other.map_or("missing".to_string(), |p| format!("{p:?}"))
                        ),
                    )),
                };
                return (Request::Signal { contact_id, params }, note);
            }
            let embedded = payload
                .pointer("/_cognigy/_niceCXOne/json/data/Params")
                .and_then(Value::as_str);
            let (p2, how) = match embedded {
                Some(params) => (
                    params.to_string(),
                    "p2 is its _cognigy._niceCXOne.json.data.Params text".to_string(),
                ),
                None => (
                    format!("[{compact}]"),
                    "p2 is the JSON text of [payload], as Cognigy's Exit Interaction sends JSON.stringify(params)".to_string(),
                ),
            };
            let note = Finding::new(
                &codes::PAYLOAD_MAPPED,
                format!("a {kind_name} payload sent as a Signal API Escalate: {how}"),
            );
            (
                Request::Signal {
                    contact_id,
                    params: vec!["Escalate".into(), p2],
                },
                Some(note),
            )
        }
        Via::WorkItem => {
            let poc = targets.point_of_contact.clone().unwrap_or_default();
            let field = |k: &str| payload.get(k).and_then(text);
            if kind == Some(Kind::WorkItem) {
                let work_item_payload = match payload.get("workItemPayload") {
                    Some(Value::String(s)) => Some(s.clone()),
                    None | Some(Value::Null) => None,
                    Some(other) => Some(other.to_string()),
                };
                let w = WorkItem {
                    point_of_contact: poc,
                    work_item_id: Some(format!(
                        "{}-{run_id}",
                        field("workItemID").unwrap_or_else(|| "cxone-diag".into())
                    )),
                    work_item_payload,
                    work_item_type: field("workItemType"),
                    from: field("from"),
                };
                return (Request::WorkItem(w), None);
            }
            let note = Finding::new(
                &codes::PAYLOAD_MAPPED,
                format!(
                    "a {kind_name} payload sent as a work item: workItemPayload is the payload's JSON text, workItemType \"Escalation\""
                ),
            );
            let w = WorkItem {
                point_of_contact: poc,
                work_item_id: Some(format!("cxone-diag-{run_id}")),
                work_item_payload: Some(compact),
                work_item_type: Some("Escalation".into()),
                from: Some("cxone-diag".into()),
            };
            (Request::WorkItem(w), Some(note))
        }
        Via::Digital => {
            let channel_id = targets.channel_id.clone().unwrap_or_default();
            let mut body = if kind == Some(Kind::DfoInboundMessage) {
                payload.clone()
            } else {
                builtin(Via::Digital, targets, Utc::now())
            };
            for pointer in ["/idOnExternalPlatform", "/thread/idOnExternalPlatform"] {
                let base = body
                    .pointer(pointer)
                    .and_then(Value::as_str)
                    .unwrap_or("cxone-diag")
                    .to_string();
                if let Some(slot) = ensure(&mut body, pointer) {
                    *slot = Value::String(format!("{base}-{run_id}"));
                }
            }
            let note = if kind == Some(Kind::DfoInboundMessage) {
                None
            } else {
                let hints = hints(payload);
                if let Some(skill) = &hints.skill {
                    body["contact"]["skillId"] = Value::String(skill.value.clone());
                }
                Some(Finding::new(
                    &codes::PAYLOAD_MAPPED,
                    format!(
                        "a {kind_name} payload has no digital message, so the built-in message is sent{}",
                        hints
                            .skill
                            .map(|s| format!(
                                " with the payload's skill {} as contact.skillId",
                                s.value
                            ))
                            .unwrap_or_default()
                    ),
                ))
            };
            (Request::Digital { channel_id, body }, note)
        }
    }
}

/// A mutable slot at a two-level pointer such as `/thread/idOnExternalPlatform`, creating the
/// parent object when missing; `None` when a parent is not an object.
fn ensure<'v>(body: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    let mut cur = body;
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let map = cur.as_object_mut()?;
        cur = if i + 1 == parts.len() {
            map.entry(part.to_string()).or_insert(Value::Null)
        } else {
            map.entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Rules;
    use crate::payload::{self, Inputs};

    fn targets() -> Targets {
        Targets {
            contact_id: Some("5823201".into()),
            point_of_contact: Some("Callback WorkItem".into()),
            channel_id: Some("byoc_demo".into()),
        }
    }

    #[test]
    fn builtin_payloads_are_valid_eligible_and_of_their_kind() {
        let rules = Rules::default();
        let inputs = Inputs {
            contact_id: Some("5823201".into()),
            ..Inputs::default()
        };
        for (via, kind) in [
            (Via::Signal, Kind::CognigySignal),
            (Via::WorkItem, Kind::WorkItem),
            (Via::Digital, Kind::DfoInboundMessage),
        ] {
            let value = builtin(via, &targets(), Utc::now());
            let checked = payload::validate_value(&value, None, &inputs, &rules);
            assert_eq!(checked.kind, Some(kind), "{via:?}");
            assert!(
                checked.findings.is_empty(),
                "{via:?}: {:?}",
                checked.findings
            );
            assert_eq!(via_for(checked.kind), via);
            let h = hints(&value);
            assert_eq!(h.confidence.unwrap().value, 0.42, "{via:?}");
            let intent = h.intent.unwrap().value;
            assert!(
                crate::payload::eligibility::judge(0.42, &intent, &rules.handoff).is_eligible()
            );
        }
    }

    #[test]
    fn hints_look_into_embedded_json_and_known_shapes() {
        let signal = json!({"p1":"Escalate","p2":"[{\"skillId\":\"4201\",\"confidence\":0.3,\"intent\":\"complaint\"}]","contactId":"5823114"});
        let h = hints(&signal);
        assert_eq!(h.contact_id.as_deref(), Some("5823114"));
        assert_eq!(h.skill.as_ref().unwrap().value, "4201");
        assert_eq!(h.skill.unwrap().path, "/p2#/0/skillId");
        assert_eq!(h.confidence.unwrap().path, "/p2#/0/confidence");
        let webhook = json!({"intent": {"name": "billing_dispute", "score": 0.41}});
        let h = hints(&webhook);
        assert_eq!(h.intent.unwrap().path, "/intent/name");
        assert_eq!(h.confidence.unwrap().value, 0.41);
        let handoff = json!({"targetType": "queue", "targetId": "4242", "confidence": 0.9});
        assert_eq!(hints(&handoff).skill.unwrap().value, "4242");
        let vah =
            json!({"intentInfo": {"intent": "StandardBotEscalation", "intentConfidence": 0.93}});
        let h = hints(&vah);
        assert_eq!(h.intent.unwrap().value, "StandardBotEscalation");
        assert_eq!(h.confidence.unwrap().value, 0.93);
        let spawned = json!({"contactId": "1", "spawnedContactId": "2"});
        assert_eq!(hints(&spawned).contact_id.as_deref(), Some("2"));
        let named_skill = json!({"skill": "Billing"});
        assert_eq!(hints(&named_skill).skill, None, "names are not ids");
        assert_eq!(hints(&json!("text")), Hints::default());
    }

    #[test]
    fn a_signal_payload_is_sent_as_escalate_with_its_p2() {
        let payload = json!({"p1": "End", "p2": "[{\"a\":1}]", "p3": "x"});
        let (r, note) = request(
            Via::Signal,
            &payload,
            Some(Kind::CognigySignal),
            &targets(),
            "sim-1",
        );
        assert_eq!(
            r,
            Request::Signal {
                contact_id: "5823201".into(),
                params: vec!["Escalate".into(), "[{\"a\":1}]".into(), "x".into()]
            }
        );
        assert!(note.unwrap().message.contains("\"End\""));
        assert_eq!(
            r.body().unwrap(),
            json!({"p1": "Escalate", "p2": "[{\"a\":1}]", "p3": "x"})
        );
        let (m, p) = r.method_path("v30.0");
        assert_eq!(
            (m, p.as_str()),
            (
                "POST",
                "/inContactAPI/services/v30.0/interactions/5823201/signal"
            )
        );
        assert_eq!(r.fault_route(), "/interactions/5823201/signal");
        assert_eq!(
            r.with_contact("9").describe(),
            "signal to 9",
            "a sandbox copy gets the same params"
        );
    }

    #[test]
    fn other_kinds_become_params_work_items_or_the_builtin_message() {
        let handoff = json!({"targetType": "queue", "targetId": "4211", "intent": "complaint"});
        let (r, note) = request(
            Via::Signal,
            &handoff,
            Some(Kind::BotHandoff),
            &targets(),
            "sim-1",
        );
        let Request::Signal { params, .. } = &r else {
            panic!()
        };
        assert_eq!(params[1], format!("[{}]", handoff));
        assert!(note.unwrap().message.contains("JSON.stringify"));
        let vah = json!({"_cognigy": {"_niceCXOne": {"json": {"data": {"Params": "[1]"}}}}});
        let (r, _) = request(
            Via::Signal,
            &vah,
            Some(Kind::VahBotResponse),
            &targets(),
            "sim-1",
        );
        assert_eq!(r.body().unwrap()["p2"], "[1]");
        let (r, note) = request(
            Via::WorkItem,
            &handoff,
            Some(Kind::BotHandoff),
            &targets(),
            "sim-1",
        );
        let Request::WorkItem(w) = &r else { panic!() };
        assert_eq!(w.point_of_contact, "Callback WorkItem");
        assert_eq!(w.work_item_payload.as_deref(), Some(&*handoff.to_string()));
        assert!(note.is_some());
        let (r, note) = request(
            Via::Digital,
            &handoff,
            Some(Kind::BotHandoff),
            &targets(),
            "sim-1",
        );
        assert_eq!(r.body().unwrap()["contact"]["skillId"], "4211");
        assert!(note.unwrap().message.contains("4211"));
        assert_eq!(r.fault_route(), "/dfo/3.0/channels/byoc_demo/messages");
    }

    #[test]
    fn each_rehearsal_gets_its_own_ids() {
        let wi = builtin(Via::WorkItem, &targets(), Utc::now());
        let (r, note) = request(
            Via::WorkItem,
            &wi,
            Some(Kind::WorkItem),
            &targets(),
            "sim-7",
        );
        assert!(note.is_none());
        let Request::WorkItem(w) = r.for_rehearsal(3, 5, Utc::now()) else {
            panic!()
        };
        assert_eq!(
            w.work_item_id.as_deref(),
            Some("cxone-diag-rehearsal-sim-7-3")
        );
        let query = Request::WorkItem(w).query();
        assert_eq!(
            query[0],
            ("pointOfContact".into(), "Callback WorkItem".into())
        );
        let msg = builtin(Via::Digital, &targets(), Utc::now());
        let (r, _) = request(
            Via::Digital,
            &msg,
            Some(Kind::DfoInboundMessage),
            &targets(),
            "sim-7",
        );
        let one = r.for_rehearsal(1, 1, Utc::now()).body().unwrap();
        assert_eq!(
            one["thread"]["idOnExternalPlatform"],
            "cxone-diag-thread-sim-7"
        );
        let two = r.for_rehearsal(2, 2, Utc::now()).body().unwrap();
        assert_eq!(
            two["thread"]["idOnExternalPlatform"],
            "cxone-diag-thread-sim-7-2"
        );
        assert_eq!(two["idOnExternalPlatform"], "cxone-diag-message-sim-7-2");
        let (m, path) = r.method_path("v30.0");
        assert_eq!(
            (m, path.as_str()),
            ("POST", "/dfo/3.0/channels/byoc_demo/messages")
        );
        assert_eq!(r.fault_route(), "/dfo/3.0/channels/byoc_demo/messages");
    }
}
