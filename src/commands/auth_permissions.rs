//! `auth check`'s permission matrix: one cheap read per API family the commands use (Admin,
//! Real-Time Data, Reporting, Digital Engagement), each a subject that passes, fails on 401/403
//! (naming the commands that need it and what to ask the CXone admin for) or errors; and a
//! subject saying whether the profile allows writes, which are never probed.

use chrono::{Duration, Utc};
use serde_json::Value;

use crate::config::profile::ResolvedProfile;
use crate::cxone::endpoints::CompletedQuery;
use crate::cxone::paths::Endpoint;
use crate::cxone::{ApiError, Client, ErrorKind};
use crate::report::{Finding, Subject};

/// Finding codes of the permission matrix.
pub mod codes {
    crate::codes! {
        PERMISSION_OK = "auth-permission-ok", Info,
            "The API family answered a read",
            "auth check read one cheap endpoint of this API family with the token and it answered: the application registration includes the API and the access key's user may read it.";
        PERMISSION_MISSING = "auth-permission-missing", Fail,
            "The access key's user may not use this API family",
            "A read of this API family was refused with 401 or 403 although the token is valid: the application registration lacks the API, or the role of the access key's user lacks the permission. The message names the commands that need it and what to ask the CXone administrator for (exact role permission names per endpoint are not published; those named are the usual ones).";
        PERMISSION_UNKNOWN = "auth-permission-unknown", Fail,
            "Whether the access key may use this API family could not be told",
            "The read of this API family failed for another reason than a refusal (an error status, a timeout, an answer that is not CXone's), so the permission is unknown. The message gives the error; run with -vv to see the exchange.";
        PERMISSION_NOT_CONFIGURED = "auth-permission-not-configured", Info,
            "This API family's host is not configured, so it was not checked",
            "The Digital Engagement host is unknown (discovery gave no area/domain and the profile sets no dfo_base), so digital reads are not possible and were not checked. Set dfo_base in the profile to use trace-conversation on digital cases or simulate-handoff --via digital.";
        WRITES = "auth-writes", Info,
            "Whether this profile allows writes (never probed)",
            "auth check never sends a write. This subject says what the profile allows: simulate-handoff --live needs allow_writes: true and production: false, and sends a signal (Admin API), a work item (Patron API) or an inbound message (Digital Engagement API).";
    }
}

/// One family: its subject id, name, the reads that probe it, who needs it and what to ask for.
struct Family {
    id: &'static str,
    name: &'static str,
    needed_by: &'static str,
    ask_for: &'static str,
}

const ADMIN: Family = Family {
    id: "admin",
    name: "Admin",
    needed_by: "queue-health and trace-conversation (skills), simulate-handoff (skills, points of contact, the signal, ending test contacts)",
    ask_for: "the Admin API in the application registration, and a role with Skills > View (and Points of Contact > View) for the access key's user",
};
const REAL_TIME: Family = Family {
    id: "real-time",
    name: "Real-Time Data",
    needed_by: "queue-health (skill activity, agent states), simulate-handoff preflight (live contacts, agent states)",
    ask_for: "the Real-Time Data API in the application registration, and a role that may view agent states and skill activity",
};
const REPORTING: Family = Family {
    id: "reporting",
    name: "Reporting",
    needed_by: "trace-conversation (contacts, state history, custom data, --recent), simulate-handoff (preflight and verify read contacts)",
    ask_for: "the Reporting API in the application registration, and a role that may view contact history",
};
const DIGITAL: Family = Family {
    id: "digital",
    name: "Digital Engagement",
    needed_by: "trace-conversation on digital cases, simulate-handoff --via digital",
    ask_for: "the Digital Engagement API for the user (UserHub tenants only), and the channels in the role's Assigned Channels",
};

fn subject(f: &Family) -> Subject {
    let mut s = Subject::new("permission", f.id).with_label(f.name);
    s.fact("family", f.name);
    s.fact("neededBy", f.needed_by);
    s
}

/// One read of a family: what it is, and its status and milliseconds or the error.
type Read = (String, Result<(u16, u64), ApiError>);

/// Judge one family from the results of its reads (`what` names each read).
fn judge(f: &Family, reads: Vec<Read>) -> Subject {
    let mut s = subject(f);
    let mut ok = Vec::new();
    s.fact(
        "reads",
        reads.iter().map(|(w, _)| w.clone()).collect::<Vec<_>>(),
    );
    for (what, result) in reads {
        match result {
            Ok((status, ms)) => ok.push(format!("{what} answered {status} in {ms} ms")),
            Err(e) if matches!(e.kind, ErrorKind::Unauthorized | ErrorKind::Forbidden) => {
                s.fact("status", e.status);
                s.push(
                    Finding::new(
                        &codes::PERMISSION_MISSING,
                        format!(
                            "{what} was refused ({}): the access key's user may not use the {} API, which {} need",
                            e.status.map_or("refused".to_string(), |c| c.to_string()),
                            f.name,
                            f.needed_by
                        ),
                    )
                    .hint(format!("Ask the CXone administrator for {}", f.ask_for)),
                );
            }
            Err(e) => {
                s.fact("status", e.status);
                s.error(
                    Finding::new(
                        &codes::PERMISSION_UNKNOWN,
                        format!(
                            "{what} failed, so whether the {} API may be used is unknown: {}",
                            f.name,
                            e.message()
                        ),
                    )
                    .hint(e.hint()),
                );
            }
        }
    }
    if !ok.is_empty() {
        s.push(Finding::new(&codes::PERMISSION_OK, ok.join("; ")));
    }
    s.finish();
    s
}

fn status<T>(r: Result<crate::cxone::Call<T>, ApiError>) -> Result<(u16, u64), ApiError> {
    r.map(|c| (c.http_status, c.elapsed_ms))
}

/// The subjects of the matrix, one per family, then the writes subject. `dfo_known` says
/// whether the Digital Engagement host is known.
pub fn check(client: &Client, dfo_known: bool) -> Vec<Subject> {
    let now = Utc::now();
    let window = CompletedQuery {
        start_date: (now - Duration::minutes(1)).to_rfc3339(),
        end_date: now.to_rfc3339(),
        skill_id: None,
    };
    let one = |segments: &[&str]| {
        let ep = Endpoint::acd(segments).query("top", 1).query("skip", 0);
        status(client.get::<Value>(&ep))
    };
    let mut out = vec![
        judge(
            &ADMIN,
            vec![(
                "GET /skills?top=1".into(),
                status(client.skills_page(1, 0, None)),
            )],
        ),
        judge(
            &REAL_TIME,
            vec![
                (
                    "GET /agents/states?top=1".into(),
                    one(&["agents", "states"]),
                ),
                (
                    "GET /skills/activity?top=1".into(),
                    one(&["skills", "activity"]),
                ),
            ],
        ),
        judge(
            &REPORTING,
            vec![(
                "GET /contacts/completed (the last minute)".into(),
                status(
                    client.get::<Value>(
                        &Endpoint::acd(&["contacts", "completed"])
                            .query("startDate", &window.start_date)
                            .query("endDate", &window.end_date)
                            .query("top", 1)
                            .query("skip", 0),
                    ),
                ),
            )],
        ),
    ];
    if dfo_known {
        out.push(judge(
            &DIGITAL,
            vec![(
                "GET /dfo/3.0/channels".into(),
                status(client.get::<Value>(&Endpoint::dfo(&["channels"]))),
            )],
        ));
    } else {
        let mut s = subject(&DIGITAL);
        s.skip(Finding::new(
            &codes::PERMISSION_NOT_CONFIGURED,
            "not configured: the Digital Engagement host is unknown (no area/domain from discovery, no dfo_base in the profile), so digital reads were not checked",
        ).hint("Set dfo_base in the profile to check it"));
        s.finish();
        out.push(s);
    }
    out.push(writes(client.profile()));
    out
}

/// The writes subject: what the profile allows; nothing is sent.
pub fn writes(p: &ResolvedProfile) -> Subject {
    let mut s = Subject::new("permission", "writes").with_label(if p.writes_allowed() {
        "allowed on this profile (not probed)"
    } else {
        "not allowed on this profile"
    });
    s.fact("allowWrites", p.allow_writes);
    s.fact("production", p.production);
    s.fact("writesAllowed", p.writes_allowed());
    let verdict = match (p.allow_writes, p.production) {
        (true, false) => "simulate-handoff --live may write with this profile".to_string(),
        (false, _) => "simulate-handoff --live refuses this profile (allow_writes is false)".to_string(),
        (true, true) => "simulate-handoff --live refuses this profile (production: true; production is never written to)".to_string(),
    };
    s.push(Finding::new(
        &codes::WRITES,
        format!(
            "writes are never probed; allow_writes: {}, production: {}: {verdict}. A live rehearsal sends a signal (Admin API), a work item (Patron API) or an inbound message (Digital Engagement API)",
            p.allow_writes, p.production
        ),
    ));
    s.finish();
    s
}
