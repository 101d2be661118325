//! The plan of a live run: every write it would send, each built by [`Request::write`] (the
//! same value the live send uses) and planned on the login's hosts, so the terminal preview,
//! the refusal off a terminal and `--dry-run` print exactly what would go on the wire.

use chrono::Utc;
use serde_json::Value;

use crate::config::profile::ResolvedProfile;
use crate::cxone::request::{ApiRequest, Planned};
use crate::cxone::{ApiError, Client};

use super::fallback::{self, Route};
use super::plan::Request;

/// One write of the plan: when it is sent, and the request.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// When it is sent (`the handover`, `only if the handover fails, the fallback`, ...).
    pub when: String,
    /// The request as it goes on the wire.
    pub planned: Planned,
}

/// What the plan needs to know about the run.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a> {
    /// Rehearsals.
    pub repeat: u32,
    /// In flight at once.
    pub concurrency: u32,
    /// `--keep`.
    pub keep: bool,
    /// The run id (fallback work item ids).
    pub run_id: &'a str,
}

/// The placeholder path segment of a contact the run will create.
const CREATED: &str = "{created}";

/// Every write of the run, planned on the client's hosts (logs in if needed; sends no write).
pub fn plan(
    client: &Client,
    template: &Request,
    route: &Route,
    extra: &[Item],
    shape: Shape<'_>,
) -> Result<(Vec<Item>, Vec<String>), ApiError> {
    let first = template.for_rehearsal(1, shape.repeat, Utc::now());
    let mut items = vec![Item {
        when: "the handover".into(),
        planned: client.plan(&first.write())?,
    }];
    let mut notes = Vec::new();
    if shape.repeat > 1 {
        notes.push(format!(
            "the handover is sent {} times in all, with the ids suffixed -1 .. -{} ({} at a time)",
            shape.repeat,
            shape.repeat,
            shape.concurrency.min(shape.repeat)
        ));
    }
    if let fallback::Plan::Send(r) =
        fallback::plan(route, &first, shape.run_id, "handover failed: STATUS")
    {
        items.push(Item {
            when: "only if the handover fails, the fallback (STATUS is the failure)".into(),
            planned: client.plan(&r.write())?,
        });
    }
    items.extend(extra.iter().cloned());
    let creates = !matches!(template, Request::Signal { .. }) || route.point_of_contact.is_some();
    if creates {
        if shape.keep {
            notes.push("no contact is ended: --keep leaves the contacts the run creates".into());
        } else {
            let mut end = client.plan(&ApiRequest::end_contact(CREATED))?;
            end.url = end.url.replace("%7Bcreated%7D", CREATED);
            items.push(Item {
                when: format!(
                    "cleanup, for each contact this run creates ({CREATED}), never for another"
                ),
                planned: end,
            });
        }
    }
    Ok((items, notes))
}

/// The reads a live run makes for `template`, for the plan's last line; every path is the
/// one the client reads ([`ApiRequest`]), with `{id}`-style placeholders.
pub fn reads(template: &Request) -> Vec<String> {
    let shown = |r: ApiRequest| r.endpoint.shown();
    let judged = format!(
        "GET {}, {}, {}, {}",
        shown(ApiRequest::skill("{id}")),
        shown(ApiRequest::skill_activity("{id}", None)),
        shown(ApiRequest::skill_agents("{id}")),
        shown(ApiRequest::agent_states(None)),
    );
    let polled = |id: &str| shown(ApiRequest::contact(id));
    match template {
        Request::Signal { contact_id, .. } => vec![
            format!(
                "GET {}, {} (and the same for its master, or {} for its spawned contacts)",
                polled(contact_id),
                shown(ApiRequest::active_contacts(Some(contact_id))),
                shown(ApiRequest::active_contacts(None)),
            ),
            judged,
            format!(
                "GET {} just before the signal, then until queued or answered, and its state-history",
                polled("{master}")
            ),
        ],
        Request::WorkItem(_) => vec![
            format!("GET {}", shown(ApiRequest::points_of_contact(None))),
            judged,
            format!(
                "GET {} until queued or answered, and its state-history",
                polled(CREATED)
            ),
        ],
        Request::Digital { .. } => vec![
            format!("GET {}", shown(ApiRequest::dfo_channels())),
            judged,
            format!(
                "GET {} (or the digital case) until queued or answered",
                polled(CREATED)
            ),
        ],
    }
}

/// The plan as text (stderr): the tenant, each write with its full request, notes, reads.
pub fn render(
    profile: &ResolvedProfile,
    items: &[Item],
    notes: &[String],
    reads: &[String],
) -> String {
    let mut out = format!(
        "Live rehearsal on profile {:?} (issuer {}, API version {}). A live run sends these writes:\n",
        profile.name, profile.issuer, profile.api_version
    );
    for (i, item) in items.iter().enumerate() {
        let text = item.planned.render();
        out.push_str(&format!(
            "  {}. {}:\n     {}\n",
            i + 1,
            item.when,
            text.trim_end().replace('\n', "\n     ")
        ));
    }
    for note in notes {
        out.push_str(&format!("  note: {note}\n"));
    }
    if !reads.is_empty() {
        out.push_str("and these reads: ");
        out.push_str(&reads.join("; "));
        out.push('\n');
    }
    out
}

/// The plan as a JSON fact: `[{when, method, url, headers, body}]`.
pub fn facts(items: &[Item]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|i| {
                let mut v = i.planned.to_json();
                v["when"] = Value::String(i.when.clone());
                v
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cxone::endpoints::WorkItem;

    #[test]
    fn the_reads_line_names_the_paths_the_client_reads() {
        let signal = Request::Signal {
            contact_id: "5823201".into(),
            params: vec![],
        };
        assert_eq!(
            reads(&signal),
            [
                "GET /contacts/5823201, /contacts/active?contactId=5823201 (and the same for its master, or /contacts/active for its spawned contacts)",
                "GET /skills/{id}, /skills/{id}/activity, /skills/{id}/agents, /agents/states",
                "GET /contacts/{master} just before the signal, then until queued or answered, and its state-history",
            ]
        );
        let work = Request::WorkItem(WorkItem::default());
        assert_eq!(reads(&work)[0], "GET /points-of-contact");
        assert_eq!(
            reads(&work)[2],
            "GET /contacts/{created} until queued or answered, and its state-history"
        );
        let digital = Request::Digital {
            channel_id: "chat_1".into(),
            body: Value::Null,
        };
        assert_eq!(reads(&digital)[0], "GET /dfo/3.0/channels");
        assert_eq!(
            reads(&digital)[2],
            "GET /contacts/{created} (or the digital case) until queued or answered"
        );
    }
}
