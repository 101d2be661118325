//! The human view of `trace-conversation`: a verdict header, the timeline and the findings per traced contact or case;
//! a one-row-per-contact table for `--recent`; the skills involved as in `queue-health`.

use comfy_table::Cell;

use super::agents::{agent_fact_text, agent_text};
use super::fit::{self, Column};
use super::queue_health::skill_table;
use crate::report::facts::{Shown, SubjectKind, TimelineFact, TraceFacts, seconds_text};
use crate::report::human::{self, Style};
use crate::report::{Report, Status, Subject};

/// The whole view (everything above the summary line). Subjects are grouped by kind and
/// shape: contacts and cases with a `timeline` fact get a full trace; contacts without one
/// are `--recent` rows; skills get the queue-health table; anything else (errors without
/// facts) is listed with its findings.
pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    // the trace facts of each contact and case
    let facts: Vec<Option<TraceFacts>> = report
        .subjects
        .iter()
        .map(|s| match SubjectKind::of(s) {
            SubjectKind::Contact | SubjectKind::Case => s.read_facts::<TraceFacts>(),
            SubjectKind::Skill | SubjectKind::Other => None,
        })
        .collect();
    let traced = |i: usize| facts[i].as_ref().is_some_and(|f| f.timeline.is_some());
    for (i, s) in report.subjects.iter().enumerate() {
        if let Some(f) = facts[i].as_ref().filter(|_| traced(i)) {
            render_trace(&mut out, style, s, f);
            out.push('\n');
        }
    }
    let is_row = |i: usize| {
        SubjectKind::of(&report.subjects[i]) == SubjectKind::Contact
            && !traced(i)
            && facts[i].as_ref().is_some_and(|f| f.diagnosis.is_some())
    };
    let rows: Vec<(&Subject, &TraceFacts)> = (0..report.subjects.len())
        .filter(|&i| is_row(i))
        .filter_map(|i| Some((&report.subjects[i], facts[i].as_ref()?)))
        .collect();
    if !rows.is_empty() {
        out.push_str(&recent_table(&rows, style));
        out.push('\n');
    }
    let is_skill = |s: &Subject| SubjectKind::of(s) == SubjectKind::Skill;
    let skills: Vec<&Subject> = report.subjects.iter().filter(|s| is_skill(s)).collect();
    if !skills.is_empty() {
        out.push_str("Skills involved, as they are now:\n");
        out.push_str(&skill_table(skills.iter().copied(), style));
        for s in skills.iter().filter(|s| s.status != Status::Pass) {
            human::render_subject(&mut out, style, s, true);
        }
        out.push('\n');
    }
    for (i, s) in report.subjects.iter().enumerate() {
        if !traced(i) && !is_row(i) && !is_skill(s) {
            human::render_subject(&mut out, style, s, false);
            out.push('\n');
        }
    }
    out
}

/// The header of one trace: status, kind, id and diagnosis; the evidence; key facts.
fn render_trace(out: &mut String, style: Style, s: &Subject, f: &TraceFacts) {
    let diagnosis = f.diagnosis.as_deref().unwrap_or("?");
    out.push_str(&format!(
        "{} {} {}: {}\n",
        human::status_label(style, s.status),
        s.kind,
        s.id,
        human::paint(style, s.status, diagnosis)
    ));
    let evidence = f.evidence.as_deref();
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
    match &f.timeline {
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
fn details(f: &TraceFacts) -> Vec<String> {
    let mut d = Vec::new();
    if let Some(Some(master)) = &f.master_contact_id {
        d.push(format!("master contact {}", master.shown()));
    }
    if let Some(Some(status)) = &f.status {
        d.push(format!("status {}", status.shown()));
    }
    if let Some(skill) = &f.skill {
        let name = f.skill_name.shown();
        let skill = skill.shown();
        d.push(match name.as_str() {
            "?" | "-" => format!("skill {skill}"),
            _ => format!("skill {skill} ({name})"),
        });
    }
    if f.agent.is_some() {
        d.push(format!("agent {}", agent_fact_text(f)));
    }
    if let Some(queue) = &f.queue_seconds {
        d.push(format!("queue {}", seconds_text(queue)));
    }
    if let Some(m) = &f.messages {
        d.push(format!(
            "messages {} ({} customer, {} bot, {} agent)",
            m.total, m.inbound, m.bot, m.agent
        ));
    }
    if let Some(Some(reason)) = &f.end_reason {
        d.push(format!("end reason {}", reason.shown()));
    }
    if let Some(start) = &f.start {
        d.push(format!("started {}", start.shown()));
    }
    d
}

/// Time, (Contact,) State, Skill, Agent, Duration; the Contact column only when the
/// timeline spans more than one contact (a voice master/spawned pair).
fn timeline_table(entries: &[TimelineFact], style: Style) -> String {
    let first_contact = entries.first().map(|e| &e.contact);
    let pair = entries.iter().any(|e| Some(&e.contact) != first_contact);
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
            let skill = match (e.skill.shown(), e.skill_name.shown()) {
                (id, name) if name != "-" && name != "?" => format!("{id} {name}"),
                (id, _) => id,
            };
            let mut row = vec![Cell::new(e.time.shown())];
            if pair {
                row.push(Cell::new(e.contact.shown()));
            }
            row.extend([
                Cell::new(e.state.shown()),
                Cell::new(skill),
                Cell::new(agent_text(e.agent.as_ref(), e.agent_name.as_ref())),
                Cell::new(seconds_text(&e.duration_seconds)),
            ]);
            row
        })
        .collect();
    fit::render(style, &columns, rows)
}

/// One row per `--recent` contact: Contact, Skill, Start, Queue, End reason, Diagnosis, Status.
fn recent_table(rows: &[(&Subject, &TraceFacts)], style: Style) -> String {
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
        .map(|(s, f)| {
            vec![
                Cell::new(&s.id),
                Cell::new(f.skill.shown()),
                Cell::new(f.start.shown()),
                Cell::new(seconds_text(&f.queue_seconds)),
                Cell::new(f.end_reason.clone().flatten().shown()),
                Cell::new(f.diagnosis.shown()),
                human::status_cell(s.status),
            ]
        })
        .collect();
    fit::render(style, &columns, rows)
}
