//! Typed endpoint methods the commands call, each sending the [`ApiRequest`] of its call
//! (docs/cxone-api.md §3, §4, §5, §8). Reads are GETs;
//! writes (signal, work item, inbound message, contact end) are POSTs that are never resent
//! once CXone may have processed them. Safety checks (allow_writes, production) belong to
//! the command that writes.

use serde_json::Value;

use super::call::Call;
use super::client::{Client, decode};
use super::error::ApiError;
use super::models::{
    AgentSkillAssignment, AgentState, Contact, CreatedContact, CustomData, DfoContact, DfoMessage,
    RoutingQueue, Skill, SkillActivityList, SkillList, StateHistory,
};
use super::pager::Listed;
use super::request::ApiRequest;

/// Query of `GET /contacts/completed`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompletedQuery {
    /// Window start (RFC 3339).
    pub start_date: String,
    /// Window end (RFC 3339).
    pub end_date: String,
    /// Only this skill.
    pub skill_id: Option<String>,
}

/// Query of `POST /interactions/work-items` (docs/cxone-api.md §5; all query parameters).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkItem {
    /// Point of contact: the friendly name, not the GUID.
    pub point_of_contact: String,
    /// Caller-side id of the work item.
    pub work_item_id: Option<String>,
    /// Payload text (often JSON).
    pub work_item_payload: Option<String>,
    /// Type label.
    pub work_item_type: Option<String>,
    /// Who it is from.
    pub from: Option<String>,
}

/// `{skills: [...]}` around one skill, as some versions answer `GET /skills/{id}`.
fn unwrap_skill(value: Value) -> Value {
    match value {
        Value::Object(mut map) if !map.contains_key("skillId") => match map.remove("skills") {
            Some(Value::Array(mut items)) if !items.is_empty() => items.swap_remove(0),
            Some(other) => {
                map.insert("skills".into(), other);
                Value::Object(map)
            }
            None => Value::Object(map),
        },
        other => other,
    }
}

impl Client {
    /// `GET /apiversion`: the API versions the tenant serves (raw JSON).
    pub fn api_version(&self) -> Result<Call<Value>, ApiError> {
        self.send_decoded(&ApiRequest::api_version())
    }

    /// `GET /skills?top=&skip=[&mediaTypeId=]`: one page of skills.
    pub fn skills_page(
        &self,
        top: u32,
        skip: u32,
        media_type_id: Option<u32>,
    ) -> Result<Call<SkillList>, ApiError> {
        self.send_decoded(&ApiRequest::skills_page(top, skip, media_type_id))
    }

    /// Every skill (`GET /skills`, every page), optionally of one media type.
    pub fn skills(&self, media_type_id: Option<u32>) -> Result<Call<Vec<Skill>>, ApiError> {
        let ep = ApiRequest::skills(media_type_id).endpoint;
        self.list_acd(&ep, "skills")?.whole(&ep)
    }

    /// `GET /skills/{id}`.
    pub fn skill(&self, skill_id: &str) -> Result<Call<Skill>, ApiError> {
        let r = ApiRequest::skill(skill_id);
        self.send(&r)?
            .map(unwrap_skill)
            .try_map(|v| decode(v, r.method.as_str(), &r.endpoint))
    }

    /// `GET /skills/{id}/activity[?updatedSince=]`; `None` when the server answers 304
    /// (nothing changed since `updated_since`).
    pub fn skill_activity(
        &self,
        skill_id: &str,
        updated_since: Option<&str>,
    ) -> Result<Call<Option<SkillActivityList>>, ApiError> {
        let call: Call<SkillActivityList> =
            self.send_decoded(&ApiRequest::skill_activity(skill_id, updated_since))?;
        let not_modified = call.http_status == 304;
        Ok(call.map(|v| (!not_modified).then_some(v)))
    }

    /// `GET /skills/{id}/agents`, every page: the agents assigned to a skill.
    pub fn skill_agents(
        &self,
        skill_id: &str,
    ) -> Result<Call<Vec<AgentSkillAssignment>>, ApiError> {
        let ep = ApiRequest::skill_agents(skill_id).endpoint;
        self.list_acd(&ep, "agentSkillAssignments")?.whole(&ep)
    }

    /// `GET /agents/skills`, every page: every agent's skill assignments in one paged read
    /// ("Skills assigned to all agents", docs/cxone-api.md §11.2). No `isActive` filter is sent, so
    /// inactive users and assignments are still counted and named.
    pub fn agents_skills(&self) -> Result<Call<Vec<AgentSkillAssignment>>, ApiError> {
        let ep = ApiRequest::agents_skills().endpoint;
        self.list_acd(&ep, "agentSkillAssignments")?.whole(&ep)
    }

    /// `GET /agents/states`, every page (see [`Client::agent_states_since`]).
    pub fn agent_states(&self) -> Result<Call<Listed<AgentState>>, ApiError> {
        self.agent_states_since(None)
    }

    /// `GET /agents/states[?updatedSince=]`, every page. The read may be incomplete
    /// ([`Listed::gap`]): an agent missing from it is unknown, not logged out.
    pub fn agent_states_since(
        &self,
        updated_since: Option<&str>,
    ) -> Result<Call<Listed<AgentState>>, ApiError> {
        let ep = ApiRequest::agent_states(updated_since).endpoint;
        self.list_acd(&ep, "agentStates")
    }

    /// `GET /points-of-contact[?mediaTypeId=]`, every page (raw JSON rows).
    pub fn points_of_contact(
        &self,
        media_type_id: Option<u32>,
    ) -> Result<Call<Vec<Value>>, ApiError> {
        let ep = ApiRequest::points_of_contact(media_type_id).endpoint;
        self.list_acd(&ep, "pointsOfContact")?.whole(&ep)
    }

    /// `GET /contacts/active[?contactId=]`, every page (a 304 means none changed: no rows).
    pub fn active_contacts(
        &self,
        contact_id: Option<&str>,
    ) -> Result<Call<Vec<Contact>>, ApiError> {
        let ep = ApiRequest::active_contacts(contact_id).endpoint;
        self.list_acd(&ep, "activeContacts")?.whole(&ep)
    }

    /// `GET {dfo}/channels`, every page (raw JSON rows).
    pub fn dfo_channels(&self) -> Result<Call<Vec<Value>>, ApiError> {
        let ep = ApiRequest::dfo_channels().endpoint;
        self.list_dfo_pages(&ep)?.whole(&ep)
    }

    /// `GET {dfo}/routing-queues?id[]=…`, every page: the routing queues with these ids
    /// (docs/cxone-api.md §11.3; a digital case's `routingQueueId` is one of these, not a skill).
    pub fn routing_queues(&self, ids: &[&str]) -> Result<Call<Vec<RoutingQueue>>, ApiError> {
        let ep = ApiRequest::routing_queues(ids).endpoint;
        self.list_dfo_pages(&ep)?.whole(&ep)
    }

    /// The routing queue `id` (`GET {dfo}/routing-queues?id[]=id`), `None` when the tenant has
    /// no queue with that id.
    pub fn routing_queue(&self, id: &str) -> Result<Option<RoutingQueue>, ApiError> {
        Ok(self
            .routing_queues(&[id])?
            .value
            .into_iter()
            .find(|q| q.id.as_deref() == Some(id)))
    }

    /// `GET /contacts/{id}`: an active or completed contact.
    pub fn contact(&self, contact_id: &str) -> Result<Call<Contact>, ApiError> {
        let call: Call<Contact> = self.send_decoded(&ApiRequest::contact(contact_id))?;
        Ok(call.map(|mut c| {
            c.derive_end(false);
            c
        }))
    }

    /// `GET /contacts/{id}/state-history`.
    pub fn state_history(&self, contact_id: &str) -> Result<Call<StateHistory>, ApiError> {
        self.send_decoded(&ApiRequest::state_history(contact_id))
    }

    /// `GET /contacts/{id}/custom-data`.
    pub fn custom_data(&self, contact_id: &str) -> Result<Call<CustomData>, ApiError> {
        self.send_decoded(&ApiRequest::custom_data(contact_id))
    }

    /// `GET /contacts/completed?startDate=&endDate=[&skillId=]&top=&skip=`, every page.
    pub fn completed_contacts(&self, q: &CompletedQuery) -> Result<Call<Vec<Contact>>, ApiError> {
        let ep = ApiRequest::completed_contacts(q).endpoint;
        let call = self
            .list_acd::<Contact>(&ep, "completedContacts")?
            .whole(&ep)?;
        Ok(call.map(|list| {
            list.into_iter()
                .map(|mut c| {
                    c.derive_end(true);
                    c
                })
                .collect()
        }))
    }

    /// `GET {dfo}/contacts/{contactNumber}`: a digital case.
    pub fn dfo_contact(&self, contact_number: &str) -> Result<Call<DfoContact>, ApiError> {
        self.send_decoded(&ApiRequest::dfo_contact(contact_number))
    }

    /// `GET {dfo}/contacts/{n}/messages[?scrollToken=]`, every page.
    pub fn dfo_messages(&self, contact_number: &str) -> Result<Call<Vec<DfoMessage>>, ApiError> {
        let ep = ApiRequest::dfo_messages(contact_number).endpoint;
        self.list_dfo_scroll(&ep)?.whole(&ep)
    }

    /// `POST /interactions/{contactId}/signal` (the request is [`ApiRequest::signal`]).
    pub fn signal(&self, contact_id: &str, params: &[String]) -> Result<Call<Value>, ApiError> {
        self.send(&ApiRequest::signal(contact_id, params))
    }

    /// `POST /interactions/work-items?...` (the request is [`ApiRequest::work_item`]); the new
    /// contact id when the server returns one (202 with no body gives none).
    pub fn create_work_item(&self, w: &WorkItem) -> Result<Call<CreatedContact>, ApiError> {
        self.send_decoded(&ApiRequest::work_item(w))
    }

    /// `POST {dfo}/channels/{channelId}/messages` (the request is [`ApiRequest::inbound_message`]);
    /// the answer (`{consumerContact, message}`) as JSON.
    pub fn dfo_inbound_message(
        &self,
        channel_id: &str,
        body: &Value,
    ) -> Result<Call<Value>, ApiError> {
        self.send(&ApiRequest::inbound_message(channel_id, body))
    }

    /// `POST /contacts/{id}/end`: end a (test) contact.
    pub fn end_contact(&self, contact_id: &str) -> Result<Call<Value>, ApiError> {
        self.send(&ApiRequest::end_contact(contact_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_wrapped_skill_is_unwrapped() {
        assert_eq!(
            unwrap_skill(json!({"skills":[{"skillId":1}]})),
            json!({"skillId":1})
        );
        assert_eq!(unwrap_skill(json!({"skillId":2})), json!({"skillId":2}));
        assert_eq!(unwrap_skill(json!({"skills":[]})), json!({"skills":[]}));
    }
}
