//! The agent list of a skill (`queue-health --agents`, and a skill whose problem is about its agents): name (id), state, unavailable code, time in state, in lines that fit the output width.

use crate::report::facts::{AgentCategory, AgentFact, SkillAgents, SubjectKind, TraceFacts};
use crate::report::format::{agent_label, human_seconds};
use crate::report::human::Style;
use crate::report::{Report, Subject};

/// Widest agent name column (longer names end in `…`).
const NAME_WIDTH: usize = 34;
/// Widest state column (state, unavailable code, inactive marker).
const STATE_WIDTH: usize = 28;
/// Time in state, right-aligned.
const TIME_WIDTH: usize = 7;

/// The widths of a block's lines: the whole line, the name column and the state column.
#[derive(Clone, Copy)]
struct Widths {
    line: usize,
    name: usize,
    state: usize,
}

impl Widths {
    /// Columns for `style`: at most 2 + 34 + 2 + 28 + 2 + 7 = 75 wide, the name and then the
    /// state column narrowing to fit a narrower width (never below 12 and 10 columns).
    fn of(style: Style) -> Widths {
        let line = if style.wide {
            usize::MAX
        } else {
            style.width.max(40)
        };
        let fixed = 2 + 2 + 2 + TIME_WIDTH;
        let name = line
            .saturating_sub(fixed + STATE_WIDTH)
            .clamp(12, NAME_WIDTH);
        let state = line.saturating_sub(fixed + name).clamp(10, STATE_WIDTH);
        Widths { line, name, state }
    }
}

/// Every skill subject that carries an `agents` fact, as a block of lines each; empty when none
/// does. Lines fit `style`'s width (75 columns at most, unless `--wide`).
pub fn render(report: &Report, style: Style) -> String {
    let widths = Widths::of(style);
    let mut out = String::new();
    for s in report
        .subjects
        .iter()
        .filter(|s| SubjectKind::of(s) == SubjectKind::Skill)
    {
        if let Some(rows) = s.read_facts::<SkillAgents>().and_then(|f| f.agents) {
            out.push('\n');
            render_skill(&mut out, s, &rows, widths);
        }
    }
    out
}

/// One skill's block: a heading with the counts per state, then one line per agent.
fn render_skill(out: &mut String, s: &Subject, rows: &[AgentFact], w: Widths) {
    let skill = match &s.label {
        Some(label) => format!("{} ({label})", s.id),
        None => s.id.clone(),
    };
    let n = rows.len();
    let heading = format!("Agents of skill {skill}: {n} assigned");
    let summary = state_summary(rows);
    if heading.chars().count() + summary.chars().count() <= w.line {
        out.push_str(&format!("{heading}{summary}\n"));
    } else {
        // too wide for one line: the counts go under it, wrapped between counts
        out.push_str(&fit(&heading, w.line));
        out.push('\n');
        let mut line = String::from(" ");
        for part in summary.trim_start_matches(", ").split(", ") {
            if line.chars().count() + part.chars().count() + 2 > w.line && line.len() > 1 {
                out.push_str(&line);
                out.push('\n');
                line = String::from(" ");
            }
            line.push(' ');
            line.push_str(&fit(part, w.line.saturating_sub(4)));
            line.push(',');
        }
        if line.len() > 1 {
            out.push_str(line.trim_end_matches(','));
            out.push('\n');
        }
    }
    if rows.is_empty() {
        out.push_str("  (no agent is assigned)\n");
    }
    for r in rows {
        let id = text(Some(&r.agent_id));
        let name = agent_label(id, text(r.name.as_ref()));
        let time = r
            .seconds_in_state
            .map(|n| n.0)
            .filter(|_| r.category != Some(AgentCategory::LoggedOut))
            .map_or_else(String::new, human_seconds);
        let line = format!(
            "  {:<nw$}  {:<sw$}  {:>tw$}",
            fit_label(&name, id, w.name),
            fit(&state_text(r), w.state),
            time,
            nw = w.name,
            sw = w.state,
            tw = TIME_WIDTH
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// `, 1 Available, 1 Unavailable (Lunch), 2 logged out`: the count of each category, in a
/// fixed order; the unavailable codes seen are named.
fn state_summary(rows: &[AgentFact]) -> String {
    let mut parts = Vec::new();
    for (key, label) in [
        (AgentCategory::Available, "Available"),
        (AgentCategory::Working, "working"),
        (AgentCategory::Unavailable, "Unavailable"),
        (AgentCategory::Other, "in another state"),
        (AgentCategory::LoggedOut, "logged out"),
    ] {
        let these: Vec<&AgentFact> = rows.iter().filter(|r| r.category == Some(key)).collect();
        if these.is_empty() {
            continue;
        }
        let mut codes: Vec<&str> = these
            .iter()
            .filter_map(|r| r.unavailable_code.as_deref())
            .collect();
        codes.dedup();
        let codes = if codes.is_empty() {
            String::new()
        } else {
            format!(" ({})", codes.join(", "))
        };
        parts.push(format!("{} {label}{codes}", these.len()));
    }
    let unknown = rows.iter().filter(|r| r.category.is_none()).count();
    if unknown > 0 {
        parts.push(format!("{unknown} state unknown"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join(", "))
    }
}

/// `Unavailable · Lunch`, `InboundContact`, `state unknown`, `inactive · LoggedOut`.
fn state_text(r: &AgentFact) -> String {
    let mut parts = Vec::new();
    if !r.assignment_active {
        parts.push("inactive");
    }
    parts.push(text(r.state.as_ref()).unwrap_or("state unknown"));
    if let Some(code) = text(r.unavailable_code.as_ref()) {
        parts.push(code);
    }
    parts.join(" · ")
}

/// An agent id as `Name (id)` with its name beside it (`-` when there is no agent), for the
/// trace view's details and timeline.
pub fn agent_text(agent: Option<&String>, name: Option<&String>) -> String {
    match text(agent) {
        None => "-".into(),
        Some(id) => agent_label(Some(id), text(name)),
    }
}

/// The `agent` / `agentName` facts of a trace as [`agent_text`].
pub fn agent_fact_text(f: &TraceFacts) -> String {
    agent_text(
        f.agent.as_ref().and_then(Option::as_ref),
        f.agent_name.as_ref().and_then(Option::as_ref),
    )
}

/// A string that is present and not blank.
fn text(s: Option<&String>) -> Option<&str> {
    s.map(String::as_str).filter(|s| !s.trim().is_empty())
}

/// `text` cut to `width` characters, ending in `…` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `Name (id)` within `width`: the name is cut (`Maximiliana W… (9009)`), never the id; the
/// id alone when even that does not fit.
fn fit_label(label: &str, id: Option<&str>, width: usize) -> String {
    if label.chars().count() <= width {
        return label.to_string();
    }
    let Some(id) = id
        .map(str::trim)
        .filter(|i| label.ends_with(&format!(" ({i})")))
    else {
        return fit(label, width);
    };
    let suffix = format!(" ({id})");
    let room = width.saturating_sub(suffix.chars().count());
    if room < 2 {
        return id.to_string();
    }
    let name = &label[..label.len() - suffix.len()];
    format!("{}{suffix}", fit(name, room))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn subject(rows: serde_json::Value) -> Report {
        let mut s = Subject::new("skill", "4206").with_label("Sales Voice");
        s.facts.insert("agents".into(), rows);
        s.finish();
        let mut r = Report::new("queue-health");
        r.push(s);
        r.finish();
        r
    }

    #[test]
    fn lists_name_id_state_code_and_time_within_80_columns() {
        let long = "Maximiliana Wilhelmina von Hohenzollern-Sigmaringen";
        let report = subject(json!([
            {"agentId": "9003", "name": "Alan Turing", "assignmentActive": true, "state": "InboundContact", "category": "working", "unavailableCode": null, "secondsInState": 180},
            {"agentId": "9004", "name": "Katherine Johnson", "assignmentActive": true, "state": "Unavailable", "category": "unavailable", "unavailableCode": "Lunch", "secondsInState": 720},
            {"agentId": "9005", "name": null, "assignmentActive": false, "state": "LoggedOut", "category": "logged-out", "unavailableCode": null, "secondsInState": 5},
            {"agentId": "9009", "name": long, "assignmentActive": true, "state": null, "category": null, "unavailableCode": null, "secondsInState": null},
            {"agentId": "9010", "name": "None", "assignmentActive": true, "state": null, "category": "other", "secondsInState": null},
        ]));
        let out = render(&report, Style::plain().at_width(80));
        assert!(out.contains("Agents of skill 4206 (Sales Voice): 5 assigned\n  1 working, 1 Unavailable (Lunch), 1 in another state, 1 logged out,\n  1 state unknown\n"), "{out}");
        assert!(out.contains("  Alan Turing (9003) "), "{out}");
        assert!(out.contains("Unavailable · Lunch"), "{out}");
        assert!(out.contains("12m00s"), "{out}");
        assert!(out.contains("  9005 "), "no name: the id alone\n{out}");
        assert!(out.contains("inactive · LoggedOut"), "{out}");
        assert!(
            !out.contains("LoggedOut   5s"),
            "no time for a logged-out agent\n{out}"
        );
        assert!(out.contains("…"), "a long name is cut\n{out}");
        assert!(!out.contains("None (9010)"), "{out}");
        assert!(out.contains("  9010 "), "{out}");
        assert!(out.contains("state unknown"), "{out}");
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "{line:?} is wider than 80");
        }
        for width in [40, 60] {
            let narrow = render(&report, Style::plain().at_width(width));
            for line in narrow.lines() {
                assert!(
                    line.chars().count() <= width,
                    "{line:?} is wider than {width}"
                );
            }
            assert!(narrow.contains("(9004)"), "ids are kept whole\n{narrow}");
        }
    }

    #[test]
    fn nothing_without_an_agents_fact_and_a_note_for_none() {
        let mut r = Report::new("queue-health");
        let mut s = Subject::new("skill", "1");
        s.finish();
        r.push(s);
        assert_eq!(render(&r, Style::plain()), "");
        let out = render(&subject(json!([])), Style::plain());
        assert!(
            out.contains("0 assigned\n  (no agent is assigned)"),
            "{out}"
        );
        let out = render(&subject(json!("not a list")), Style::plain());
        assert_eq!(out, "", "a wrong type renders nothing");
    }
}
