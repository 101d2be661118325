//! The human view of `trace-conversation`: a verdict header, the timeline and the findings per traced contact or case;
//! a one-row-per-contact table for `--recent`; the skills involved as in `queue-health`.

use comfy_table::Cell;
use serde_json::{Map, Value};

use super::fit::{self, Column};
use super::queue_health::{fact_text, seconds_text, skill_table};
use crate::report::human::{self, Style};
use crate::report::{Report, Status, Subject};

/// The whole view (everything above the summary line). Subjects are grouped by shape:
/// contacts and cases with a `timeline` fact get a full trace; contacts without one are
/// `--recent` rows; `skill` subjects get the queue-health table; anything else (errors
/// without facts) is listed with its findings.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    let traced = |s: &&Subject| s.facts.get("timeline").is_some_and(Value::is_array);
    for s in report.subjects.iter().filter(traced) {
        render_trace(&mut out, style, s);
        out.push('\n');
    }
    let rows: Vec<&Subject> = report
        .subjects
        .iter()
        .filter(|s| s.kind == "contact" && !traced(s) && s.facts.contains_key("diagnosis"))
        .collect();
    if !rows.is_empty() {
        out.push_str(&recent_table(&rows, style));
        out.push('\n');
    }
    let skills: Vec<&Subject> = report
        .subjects
        .iter()
        .filter(|s| s.kind == "skill")
        .collect();
    if !skills.is_empty() {
        out.push_str("Skills involved, as they are now:\n");
        out.push_str(&skill_table(skills.iter().copied(), style));
        for s in skills.iter().filter(|s| s.status != Status::Pass) {
            human::render_subject(&mut out, style, s, true);
        }
        out.push('\n');
    }
    for s in report
        .subjects
        .iter()
        .filter(|s| !traced(s) && !rows.iter().any(|r| std::ptr::eq(*r, *s)) && s.kind != "skill")
    {
        human::render_subject(&mut out, style, s, false);
        out.push('\n');
    }
    out
}

/// The header of one trace: status, kind, id and diagnosis; the evidence; key facts.
fn render_trace(out: &mut String, style: Style, s: &Subject) {
    let f = &s.facts;
    let diagnosis = f.get("diagnosis").and_then(Value::as_str).unwrap_or("?");
    out.push_str(&format!(
        "{} {} {}: {}\n",
        human::status_label(style, s.status),
        s.kind,
        s.id,
        human::paint(style, s.status, diagnosis)
    ));
    let evidence = f.get("evidence").and_then(Value::as_str);
    // the verdict finding carries the evidence as its message: shown here once, with its hint
    let verdict = s
        .findings
        .iter()
        .position(|x| Some(x.message.as_str()) == evidence);
    if let Some(evidence) = evidence {
        human::push_wrapped(out, style, "      ", "      ", evidence);
    }
    if let Some(hint) = verdict.and_then(|i| s.findings[i].hint.as_deref()) {
        human::push_wrapped(out, style, "      hint: ", "            ", hint);
    }
    let details = details(f);
    if !details.is_empty() {
        human::push_wrapped(out, style, "      ", "      ", &details.join(" · "));
    }
    let timeline = f.get("timeline").and_then(Value::as_array);
    match timeline {
        Some(entries) if !entries.is_empty() => {
            out.push('\n');
            out.push_str(&timeline_table(entries, style));
        }
        _ => out.push_str("      (no timeline: no state history was read)\n"),
    }
    let others: Vec<_> = s
        .findings
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != verdict)
        .collect();
    if !others.is_empty() {
        out.push('\n');
        for (_, finding) in others {
            human::render_finding(out, style, finding);
        }
    }
}

/// `master 499 · skill 4242 (Billing Voice) · agent 1201 · queue 30s · end reason X · started T`.
fn details(f: &Map<String, Value>) -> Vec<String> {
    let mut d = Vec::new();
    let present = |key: &str| f.get(key).is_some_and(|v| !v.is_null());
    if present("masterContactId") {
        d.push(format!(
            "master contact {}",
            fact_text(f, "masterContactId")
        ));
    }
    if present("status") {
        d.push(format!("status {}", fact_text(f, "status")));
    }
    if present("skill") {
        let name = fact_text(f, "skillName");
        let skill = fact_text(f, "skill");
        d.push(match name.as_str() {
            "?" | "-" => format!("skill {skill}"),
            _ => format!("skill {skill} ({name})"),
        });
    }
    if f.contains_key("agent") {
        d.push(format!("agent {}", super::agents::agent_fact_text(f)));
    }
    if present("queueSeconds") {
        d.push(format!("queue {}", seconds_text(f, "queueSeconds")));
    }
    if let Some(m) = f.get("messages").and_then(Value::as_object) {
        d.push(format!(
            "messages {} ({} customer, {} bot, {} agent)",
            fact_text(m, "total"),
            fact_text(m, "inbound"),
            fact_text(m, "bot"),
            fact_text(m, "agent")
        ));
    }
    if present("endReason") {
        d.push(format!("end reason {}", fact_text(f, "endReason")));
    }
    if present("start") {
        d.push(format!("started {}", fact_text(f, "start")));
    }
    d
}

/// Time, (Contact,) State, Skill, Agent, Duration; the Contact column only when the
/// timeline spans more than one contact (a voice master/spawned pair).
fn timeline_table(entries: &[Value], style: Style) -> String {
    let empty = Map::new();
    let obj = |e: &Value| e.as_object().unwrap_or(&empty).clone();
    let first_contact = entries.first().map(|e| obj(e).get("contact").cloned());
    let pair = entries
        .iter()
        .any(|e| Some(obj(e).get("contact").cloned()) != first_contact);
    let mut columns = vec![Column::id("Time")];
    if pair {
        columns.push(Column::id("Contact"));
    }
    columns.extend([
        Column::keep("State", 4),
        Column::shrink("Skill", 2),
        Column::keep("Agent", 3),
        Column::keep("Duration", 1),
    ]);
    let rows = entries
        .iter()
        .map(|e| {
            let e = obj(e);
            let skill = match (fact_text(&e, "skill"), fact_text(&e, "skillName")) {
                (id, name) if name != "-" && name != "?" => format!("{id} {name}"),
                (id, _) => id,
            };
            let mut row = vec![Cell::new(fact_text(&e, "time"))];
            if pair {
                row.push(Cell::new(fact_text(&e, "contact")));
            }
            row.extend([
                Cell::new(fact_text(&e, "state")),
                Cell::new(skill),
                Cell::new(super::agents::agent_fact_text(&e)),
                Cell::new(seconds_text(&e, "durationSeconds")),
            ]);
            row
        })
        .collect();
    fit::render(style, &columns, rows)
}

/// One row per `--recent` contact: Contact, Skill, Start, Queue, End reason, Diagnosis, Status.
fn recent_table(rows: &[&Subject], style: Style) -> String {
    let columns = [
        Column::id("Contact"),
        Column::keep("Skill", 4),
        Column::keep("Start", 1),
        Column::keep("Queue", 3),
        Column::keep("End reason", 2),
        Column::keep("Diagnosis", 5),
        Column::id("Status"),
    ];
    let rows = rows
        .iter()
        .map(|s| {
            let f = &s.facts;
            vec![
                Cell::new(&s.id),
                Cell::new(fact_text(f, "skill")),
                Cell::new(fact_text(f, "start")),
                Cell::new(seconds_text(f, "queueSeconds")),
                Cell::new(fact_text(f, "endReason")),
                Cell::new(fact_text(f, "diagnosis")),
                human::status_cell(s.status),
            ]
        })
        .collect();
    fit::render(style, &columns, rows)
}

#[cfg(test)]
pub(crate) mod tests;
