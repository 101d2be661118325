//! The agent list of a skill (`queue-health --agents`, and a skill whose problem is about its agents): name (id), state, unavailable code, time in state, in lines that fit the output width.

use serde_json::{Map, Value};

use crate::checks::agents::agent_label;
use crate::checks::time::human_seconds;
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
    for s in report.subjects.iter().filter(|s| s.kind == "skill") {
        if let Some(rows) = s.facts.get("agents").and_then(Value::as_array) {
            out.push('\n');
            render_skill(&mut out, s, rows, widths);
        }
    }
    out
}

/// One skill's block: a heading with the counts per state, then one line per agent.
fn render_skill(out: &mut String, s: &Subject, rows: &[Value], w: Widths) {
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
    for row in rows {
        let Some(r) = row.as_object() else { continue };
        let name = agent_label(text(r, "agentId"), text(r, "name"));
        let time = r
            .get("secondsInState")
            .and_then(Value::as_f64)
            .filter(|_| text(r, "category") != Some("logged-out"))
            .map_or_else(String::new, human_seconds);
        let line = format!(
            "  {:<nw$}  {:<sw$}  {:>tw$}",
            fit_label(&name, text(r, "agentId"), w.name),
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
fn state_summary(rows: &[Value]) -> String {
    let category = |r: &Value| r.get("category").and_then(Value::as_str).map(String::from);
    let mut parts = Vec::new();
    for (key, label) in [
        ("available", "Available"),
        ("working", "working"),
        ("unavailable", "Unavailable"),
        ("other", "in another state"),
        ("logged-out", "logged out"),
    ] {
        let these: Vec<&Value> = rows
            .iter()
            .filter(|r| category(r).as_deref() == Some(key))
            .collect();
        if these.is_empty() {
            continue;
        }
        let mut codes: Vec<&str> = these
            .iter()
            .filter_map(|r| r.get("unavailableCode").and_then(Value::as_str))
            .collect();
        codes.dedup();
        let codes = if codes.is_empty() {
            String::new()
        } else {
            format!(" ({})", codes.join(", "))
        };
        parts.push(format!("{} {label}{codes}", these.len()));
    }
    let unknown = rows.iter().filter(|r| category(r).is_none()).count();
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
fn state_text(r: &Map<String, Value>) -> String {
    let mut parts = Vec::new();
    if r.get("assignmentActive").and_then(Value::as_bool) == Some(false) {
        parts.push("inactive");
    }
    parts.push(text(r, "state").unwrap_or("state unknown"));
    if let Some(code) = text(r, "unavailableCode") {
        parts.push(code);
    }
    parts.join(" · ")
}

/// The `agent` fact as `Name (id)` with the `agentName` fact beside it (`-` when there is no
/// agent), for the trace view's details and timeline.
pub fn agent_fact_text(f: &Map<String, Value>) -> String {
    match text(f, "agent") {
        None => "-".into(),
        Some(id) => agent_label(Some(id), text(f, "agentName")),
    }
}

/// A string field that is present and not empty.
fn text<'a>(r: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    r.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
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

    fn subject(rows: Value) -> Report {
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
            {"agentId": "9010", "name": "None", "state": 7, "category": "other", "secondsInState": "soon"},
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
