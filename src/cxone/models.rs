//! CXone API response models (docs/cxone-api.md §3, §4): the shapes the client parses, the sandbox serves and the checks judge.
//!
//! Every field is optional and decoded leniently: a tenant that omits or re-types a field
//! must not stop a diagnosis. Unknown fields are ignored.

use serde::{Deserialize, Serialize};

use super::lenient;

/// `GET /skills` → `{skills: [...], totalRecords, _links}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SkillList {
    /// One page of skills.
    pub skills: Vec<Skill>,
    /// Total across pages.
    #[serde(deserialize_with = "lenient::count")]
    pub total_records: Option<u64>,
}

/// `GET /skills/{id}` (the skill object; some versions wrap it as `{skills:[...]}`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Skill {
    /// Skill id.
    #[serde(deserialize_with = "lenient::id")]
    pub skill_id: Option<String>,
    /// Skill name.
    pub skill_name: Option<String>,
    /// Media type id (1 Email, 3 Chat, 4 Phone call, 5 Voicemail, 6 Work item, 9 Digital).
    #[serde(deserialize_with = "lenient::number")]
    pub media_type_id: Option<f64>,
    /// Media type name.
    pub media_type_name: Option<String>,
    /// Is the skill active.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_active: Option<bool>,
    /// Campaign name.
    pub campaign_name: Option<String>,
    /// Outbound skill.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_outbound: Option<bool>,
    /// Studio script name.
    pub script_name: Option<String>,
    /// Service level goal (percent).
    #[serde(deserialize_with = "lenient::number")]
    pub service_level_goal: Option<f64>,
    /// Service level threshold (seconds).
    #[serde(deserialize_with = "lenient::number")]
    pub service_level_threshold: Option<f64>,
}

/// `GET /skills/{id}/activity` → `{skillActivity: [...], lastPollTime}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SkillActivityList {
    /// One entry per skill.
    pub skill_activity: Vec<SkillActivity>,
    /// Pass back as `updatedSince` for delta polling.
    pub last_poll_time: Option<String>,
}

/// Real-time activity of one skill.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SkillActivity {
    /// Skill id.
    #[serde(deserialize_with = "lenient::id")]
    pub skill_id: Option<String>,
    /// Skill name.
    pub skill_name: Option<String>,
    /// Is the skill active.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_active: Option<bool>,
    /// Contacts in queue.
    #[serde(deserialize_with = "lenient::count")]
    pub queue_count: Option<u64>,
    /// When the oldest queued contact entered the queue (RFC 3339).
    pub earliest_queue_time: Option<String>,
    /// Agents Available.
    #[serde(deserialize_with = "lenient::count")]
    pub agents_available: Option<u64>,
    /// Agents idle.
    #[serde(deserialize_with = "lenient::count")]
    pub agents_idle: Option<u64>,
    /// Agents logged in.
    #[serde(deserialize_with = "lenient::count")]
    pub agents_logged_in: Option<u64>,
    /// Agents unavailable.
    #[serde(deserialize_with = "lenient::count")]
    pub agents_unavailable: Option<u64>,
    /// Agents working a contact.
    #[serde(deserialize_with = "lenient::count")]
    pub agents_working: Option<u64>,
    /// Agents in after-call work.
    #[serde(rename = "agentsACW", deserialize_with = "lenient::count")]
    pub agents_acw: Option<u64>,
    /// Active contacts.
    #[serde(deserialize_with = "lenient::count")]
    pub contacts_active: Option<u64>,
    /// Current service level (percent).
    #[serde(deserialize_with = "lenient::number")]
    pub service_level: Option<f64>,
    /// Service level goal (percent).
    #[serde(deserialize_with = "lenient::number")]
    pub service_level_goal: Option<f64>,
    /// Server clock when this was read (RFC 3339).
    pub server_time: Option<String>,
}

/// `GET /skills/{id}/agents` → `{agentSkillAssignments: [...]}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SkillAgents {
    /// Assignments of agents to the skill.
    pub agent_skill_assignments: Vec<AgentSkillAssignment>,
    /// Total across pages.
    #[serde(deserialize_with = "lenient::count")]
    pub total_records: Option<u64>,
}

/// One agent assigned to a skill (`/skills/{id}/agents` and `/agents/skills` rows).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentSkillAssignment {
    /// Agent id.
    #[serde(deserialize_with = "lenient::id")]
    pub agent_id: Option<String>,
    /// Agent name (`/agents/skills` rows carry this instead of first/last name).
    pub agent_name: Option<String>,
    /// Is the agent's user active (`/agents/skills`; `isActive` there is the assignment).
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_agent_active: Option<bool>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Is the agent active.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_active: Option<bool>,
    /// Is this assignment active.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_skill_active: Option<bool>,
    /// Proficiency (1 best).
    #[serde(deserialize_with = "lenient::number")]
    pub agent_proficiency_value: Option<f64>,
    /// Skill id.
    #[serde(deserialize_with = "lenient::id")]
    pub skill_id: Option<String>,
}

/// `GET /agents/states` → `{agentStates: [...], lastPollTime}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentStateList {
    /// One entry per agent.
    pub agent_states: Vec<AgentState>,
    /// Pass back as `updatedSince` for delta polling.
    pub last_poll_time: Option<String>,
}

/// One agent's live state. State names pass through unchanged (unknown ones included).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentState {
    /// Agent id.
    #[serde(deserialize_with = "lenient::id")]
    pub agent_id: Option<String>,
    /// `Available`, `Unavailable`, `LoggedOut`, `InboundContact`, `Working`, ...
    pub agent_state_name: Option<String>,
    /// Skill of the current contact.
    #[serde(deserialize_with = "lenient::id")]
    pub skill_id: Option<String>,
    /// Current contact.
    #[serde(deserialize_with = "lenient::id")]
    pub contact_id: Option<String>,
    /// Unavailable code description.
    pub out_state_description: Option<String>,
    /// In after-call work.
    #[serde(rename = "isACW", deserialize_with = "lenient::boolean")]
    pub is_acw: Option<bool>,
    /// Last state change (RFC 3339).
    pub last_update_time: Option<String>,
}

/// `GET /contacts/{id}` (reporting: active or completed shape).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Contact {
    /// Contact id.
    #[serde(deserialize_with = "lenient::id")]
    pub contact_id: Option<String>,
    /// The caller's contact when this one was spawned (voice bot backchannel).
    #[serde(deserialize_with = "lenient::id")]
    pub master_contact_id: Option<String>,
    /// Skill id.
    #[serde(deserialize_with = "lenient::id")]
    pub skill_id: Option<String>,
    /// Skill name.
    pub skill_name: Option<String>,
    /// Agent id (absent or 0 when no agent).
    #[serde(deserialize_with = "lenient::id")]
    pub agent_id: Option<String>,
    /// Media type id.
    #[serde(deserialize_with = "lenient::number")]
    pub media_type_id: Option<f64>,
    /// Current state (`Active`, `Inqueue`, `EndContact`, ...), when active.
    pub state_name: Option<String>,
    /// Point of contact name.
    pub point_of_contact_name: Option<String>,
    /// Caller address (a phone number: customer data); v30 `fromAddress`, older `fromAddr`.
    #[serde(rename = "fromAddress", alias = "fromAddr")]
    pub from_addr: Option<String>,
    /// Dialled address; v30 `toAddress`, older `toAddr`.
    #[serde(rename = "toAddress", alias = "toAddr")]
    pub to_addr: Option<String>,
    /// Did the contact abandon.
    #[serde(deserialize_with = "lenient::boolean")]
    pub abandoned: Option<bool>,
    /// Seconds before abandoning.
    #[serde(deserialize_with = "lenient::number")]
    pub abandon_seconds: Option<f64>,
    /// Seconds in queue.
    #[serde(deserialize_with = "lenient::number")]
    pub in_queue_seconds: Option<f64>,
    /// Seconds before queueing (IVR/bot).
    #[serde(deserialize_with = "lenient::number")]
    pub pre_queue_seconds: Option<f64>,
    /// Seconds with an agent.
    #[serde(deserialize_with = "lenient::number")]
    pub agent_seconds: Option<f64>,
    /// Why it ended (`Contact Hung Up`, `Error`, ...).
    pub end_reason: Option<String>,
    /// Did an agent refuse it.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_refused: Option<bool>,
    /// Start (RFC 3339); v30 `contactStartDate`, older `contactStart`.
    #[serde(rename = "contactStartDate", alias = "contactStart")]
    pub contact_start: Option<String>,
    /// End (RFC 3339), absent while active. v30 sends none: the client derives it
    /// ([`Contact::derive_end`]); `contactEnd`/`contactEndDate` are read when a tenant sends them.
    #[serde(alias = "contactEndDate")]
    pub contact_end: Option<String>,
    /// Still running (`isActive`), when the answer says.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_active: Option<bool>,
    /// Last change (RFC 3339).
    pub last_update_time: Option<String>,
    /// Total seconds.
    #[serde(deserialize_with = "lenient::number")]
    pub total_duration_seconds: Option<f64>,
}

impl Contact {
    /// Fill `contact_end` when the answer has none (v30 sends no end, docs/cxone-api.md §11.4):
    /// start + `totalDurationSeconds`, else `lastUpdateTime`, but only for a contact known to
    /// have ended (`completed`: a `/contacts/completed` row; else `isActive: false`, an end
    /// reason, or a terminal state). A running or undecidable contact keeps no end.
    pub fn derive_end(&mut self, completed: bool) {
        if self.contact_end.is_some() {
            return;
        }
        let ended = completed
            || self.is_active == Some(false)
            || self
                .end_reason
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty())
            || self.state_name.as_deref().is_some_and(|s| {
                ["EndContact", "Abandoned", "Disconnected", "Ended"]
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(s.trim()))
            });
        if !ended {
            return;
        }
        let start = self
            .contact_start
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
        let seconds = self
            .total_duration_seconds
            .filter(|s| s.is_finite() && *s >= 0.0 && *s < 1e9);
        self.contact_end = match (start, seconds) {
            (Some(start), Some(s)) => {
                // `s` is finite and within 0..1e9 (filtered above), so the milliseconds fit.
                #[allow(clippy::cast_possible_truncation)]
                let ms = (s * 1000.0).round() as i64;
                let end = start.with_timezone(&chrono::Utc) + chrono::TimeDelta::milliseconds(ms);
                Some(end.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            }
            _ => self.last_update_time.clone(),
        };
    }
}

/// `GET /contacts/completed` → `{completedContacts: [...], totalRecords}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CompletedContacts {
    /// One page of contacts.
    pub completed_contacts: Vec<Contact>,
    /// Total across pages.
    #[serde(deserialize_with = "lenient::count")]
    pub total_records: Option<u64>,
}

/// `GET /contacts/{id}/state-history` → `{contactStateHistory: [...]}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StateHistory {
    /// State changes in order.
    pub contact_state_history: Vec<StateChange>,
}

/// One state of a contact.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StateChange {
    /// Order.
    #[serde(deserialize_with = "lenient::number")]
    pub state_index: Option<f64>,
    /// Contact id.
    #[serde(deserialize_with = "lenient::id")]
    pub contact_id: Option<String>,
    /// `PreQueue`, `Inqueue`, `Routing`, `Active`, `Hold`, `PostQueue`, `EndContact`, `Abandoned`, ...
    pub contact_state_name: Option<String>,
    /// Start of the state (RFC 3339).
    pub start_date: Option<String>,
    /// Agent id.
    #[serde(deserialize_with = "lenient::id")]
    pub agent_id: Option<String>,
    /// Skill id.
    #[serde(deserialize_with = "lenient::id")]
    pub skill_id: Option<String>,
    /// Skill name.
    pub skill_name: Option<String>,
    /// Seconds in this state.
    #[serde(deserialize_with = "lenient::number")]
    pub duration: Option<f64>,
}

/// `GET /contacts/{id}/custom-data` → `{contactCustomData: [{name, value}]}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomData {
    /// Studio variables.
    pub contact_custom_data: Vec<CustomDataItem>,
}

/// One Studio variable.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomDataItem {
    /// Variable name.
    pub name: Option<String>,
    /// Value as text.
    #[serde(deserialize_with = "lenient::text")]
    pub value: Option<String>,
}

/// `GET {dfo}/contacts/{contactNumber}`: a digital case.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DfoContact {
    /// Case number.
    #[serde(deserialize_with = "lenient::id")]
    pub id: Option<String>,
    /// ACD contact id (mapping to /contacts is UNCONFIRMED; shown as is).
    #[serde(deserialize_with = "lenient::id")]
    pub contact_id: Option<String>,
    /// Interaction id.
    #[serde(deserialize_with = "lenient::id")]
    pub interaction_id: Option<String>,
    /// Channel id.
    pub channel_id: Option<String>,
    /// `new`, `open`, `pending`, `escalated`, `resolved`, `closed`, `trashed`.
    pub status: Option<String>,
    /// Routing queue id: a DFO routing queue (usually a UUID), not an ACD skill id; resolve
    /// it with `GET {dfo}/routing-queues?id[]=` to its `skillId` (docs/cxone-api.md §11.3).
    #[serde(deserialize_with = "lenient::id")]
    pub routing_queue_id: Option<String>,
    /// Assigned agent, when any.
    pub inbox_assignee_user: Option<DfoUser>,
    /// Created (RFC 3339).
    pub created_at: Option<String>,
    /// Last status change (RFC 3339).
    pub status_updated_at: Option<String>,
}

/// A DFO user (agent or bot).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DfoUser {
    /// User id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Surname.
    pub surname: Option<String>,
    /// Is this a bot user.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_bot_user: Option<bool>,
    /// Is this a survey user (a survey message is not an agent reply, docs/cxone-api.md §11.5).
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_survey_user: Option<bool>,
}

/// `GET {dfo}/contacts/{n}/messages` → `{hits, data: [...], scrollToken?}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DfoMessagePage {
    /// Messages on this page.
    pub data: Vec<DfoMessage>,
    /// Total messages.
    #[serde(deserialize_with = "lenient::count")]
    pub hits: Option<u64>,
    /// Token for the next page; absent on the last page.
    pub scroll_token: Option<String>,
}

/// One digital message.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DfoMessage {
    /// Message id.
    #[serde(deserialize_with = "lenient::id")]
    pub id: Option<String>,
    /// `inbound` (customer) or `outbound` (bot or agent).
    pub direction: Option<String>,
    /// Created (RFC 3339).
    pub created_at: Option<String>,
    /// Author, for outbound messages.
    pub author_user: Option<DfoUser>,
    /// Content (`{type, payload: {text}}`), kept raw.
    pub message_content: Option<serde_json::Value>,
}

/// `GET {dfo}/routing-queues` → `data[{id, name, isSubqueue, skillId}]` (docs/cxone-api.md §11.3).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoutingQueue {
    /// Routing queue id (a string, usually a UUID).
    #[serde(deserialize_with = "lenient::id")]
    pub id: Option<String>,
    /// Queue name.
    pub name: Option<String>,
    /// A sub-queue of another queue.
    #[serde(deserialize_with = "lenient::boolean")]
    pub is_subqueue: Option<bool>,
    /// The ACD skill the queue routes to.
    #[serde(deserialize_with = "lenient::id")]
    pub skill_id: Option<String>,
}

/// `POST /interactions/work-items` and similar → `{contactId}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreatedContact {
    /// The new contact.
    #[serde(deserialize_with = "lenient::id")]
    pub contact_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_fields_decode_numbers_strings_and_case() {
        let skill: Skill = serde_json::from_str(
            r#"{"skillId": 4242, "skillName": "Billing", "isActive": "True", "mediaTypeId": "4", "extra": 1}"#,
        )
        .unwrap();
        assert_eq!(skill.skill_id.as_deref(), Some("4242"));
        assert_eq!(skill.is_active, Some(true));
        assert_eq!(skill.media_type_id, Some(4.0));
        let activity: SkillActivity =
            serde_json::from_str(r#"{"skillId":"1","agentsACW":2,"queueCount":null}"#).unwrap();
        assert_eq!(activity.agents_acw, Some(2));
        assert_eq!(activity.queue_count, None);
        let item: CustomDataItem = serde_json::from_str(r#"{"name":"n","value":12}"#).unwrap();
        assert_eq!(item.value.as_deref(), Some("12"));
    }

    #[test]
    fn counts_are_integers_and_a_fractional_count_makes_the_answer_unreadable() {
        let a: SkillActivity =
            serde_json::from_str(r#"{"queueCount":3.0,"agentsLoggedIn":2,"contactsActive":0}"#)
                .unwrap();
        assert_eq!(
            (a.queue_count, a.agents_logged_in, a.contacts_active),
            (Some(3), Some(2), Some(0))
        );
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"queueCount":3,"agentsLoggedIn":2,"contactsActive":0}"#
        );
        for bad in [
            r#"{"queueCount":2.5}"#,
            r#"{"agentsIdle":"2.5"}"#,
            r#"{"hits":-1}"#,
        ] {
            let e = serde_json::from_str::<SkillActivity>(bad)
                .err()
                .or_else(|| serde_json::from_str::<DfoMessagePage>(bad).err());
            assert!(
                e.is_some_and(|e| e.to_string().contains("is not a count")),
                "{bad}"
            );
        }
        let page: DfoMessagePage = serde_json::from_str(r#"{"hits":5000,"data":[]}"#).unwrap();
        assert_eq!(page.hits, Some(5000));
    }

    #[test]
    fn v30_and_older_contact_names_both_decode_and_the_end_is_derived() {
        let v30: Contact = serde_json::from_str(
            r#"{"contactId":1,"contactStartDate":"2026-05-01T10:00:00.000Z","fromAddress":"+1","toAddress":"+2","totalDurationSeconds":90,"isActive":false}"#,
        )
        .unwrap();
        let old: Contact = serde_json::from_str(
            r#"{"contactId":1,"contactStart":"2026-05-01T10:00:00.000Z","fromAddr":"+1","toAddr":"+2","totalDurationSeconds":90,"isActive":false}"#,
        )
        .unwrap();
        assert_eq!(v30, old);
        assert_eq!(v30.from_addr.as_deref(), Some("+1"));
        let mut ended = v30.clone();
        ended.derive_end(false);
        assert_eq!(
            ended.contact_end.as_deref(),
            Some("2026-05-01T10:01:30.000Z")
        );
        let mut running = v30.clone();
        running.is_active = Some(true);
        running.derive_end(false);
        assert_eq!(running.contact_end, None, "a running contact has no end");
        let mut unknown = v30.clone();
        unknown.is_active = None;
        unknown.derive_end(false);
        assert_eq!(unknown.contact_end, None, "unknown is not ended");
        let mut from_update = Contact {
            last_update_time: Some("2026-05-01T10:02:00.000Z".into()),
            total_duration_seconds: Some(-5.0),
            ..v30
        };
        from_update.derive_end(true);
        assert_eq!(
            from_update.contact_end.as_deref(),
            Some("2026-05-01T10:02:00.000Z")
        );
    }

    #[test]
    fn models_round_trip_through_json() {
        let contact = Contact {
            contact_id: Some("5823114".into()),
            master_contact_id: Some("5823110".into()),
            abandoned: Some(true),
            in_queue_seconds: Some(42.5),
            ..Contact::default()
        };
        let text = serde_json::to_string(&contact).unwrap();
        assert!(text.contains("\"masterContactId\":\"5823110\""));
        assert_eq!(serde_json::from_str::<Contact>(&text).unwrap(), contact);
    }
}
