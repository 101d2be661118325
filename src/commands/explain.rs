//! `explain CODE`: what a finding code means and how to fix it; `explain --list` lists them all,
//! as text or (`--output json`) as JSON objects with the field names of a report's findings.

use serde_json::{Value, json};

use crate::context::Ctx;
use crate::error::exit;
use crate::report::sink::print as print_stdout;
use crate::report::{Code, Format, codes};

/// One code as JSON: `code` and `severity` (its default) as in a report's findings, `title`
/// and `explanation`.
pub fn to_json(c: &Code) -> Value {
    json!({
        "code": c.id,
        "severity": c.severity.as_str(),
        "title": c.title,
        "explanation": c.explain,
    })
}

/// The `--list` output: a table for people, a JSON array of [`to_json`] objects for machines.
fn list(ctx: &Ctx) -> String {
    if ctx.output == Format::Json {
        let all: Vec<Value> = codes::all().map(to_json).collect();
        return pretty(&Value::Array(all));
    }
    let mut table = crate::report::human::table(ctx.style);
    table.set_header(vec!["Code", "Severity", "Title"]);
    for c in codes::all() {
        table.add_row(vec![c.id, c.severity.as_str(), c.title]);
    }
    // codes are never split: titles wrap (at spaces) in the room left
    for i in 0..2 {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    format!("{table}\n")
}

/// One code's explanation, as text or a JSON object.
fn one(ctx: &Ctx, c: &Code) -> String {
    if ctx.output == Format::Json {
        return pretty(&to_json(c));
    }
    let mut text = format!(
        "{}\n  default severity: {}\n\n{}\n\n",
        c.id,
        c.severity.as_str(),
        c.title,
    );
    crate::report::human::push_wrapped(&mut text, ctx.style, "", "", c.explain);
    text
}

fn pretty(v: &Value) -> String {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    text
}

/// Print one code's explanation (exit 0), or suggest close matches for an unknown one (exit 2).
/// `--output junit`, `sarif` or `github` is a usage error: an explanation is not a report.
pub fn run(ctx: &Ctx, code: Option<&str>, list_all: bool) -> i32 {
    if !matches!(ctx.output, Format::Human | Format::Json) {
        crate::scrubbed_eprintln!(
            "error: explain has no {} form\n  hint: use --output human (the default) or --output json",
            ctx.output.name()
        );
        return exit::USAGE;
    }
    if list_all || code.is_none() {
        print_stdout(&list(ctx));
        return exit::OK;
    }
    let code = code.unwrap_or_default();
    // codes are kebab-case; `SKILL-INACTIVE` or `skill_inactive` names the same one
    match codes::find(&code.trim().to_lowercase().replace('_', "-")) {
        Some(c) => {
            print_stdout(&one(ctx, c));
            exit::OK
        }
        None => {
            match crate::suggest::hint(code, codes::all().map(|c| c.id)) {
                Some(hint) => crate::scrubbed_eprintln!("error: unknown code {code:?}\n  {hint}"),
                None => crate::scrubbed_eprintln!(
                    "error: unknown code {code:?}\n  run `cxone-diag explain --list` to see every code"
                ),
            }
            exit::USAGE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_as_json_uses_the_finding_field_names() {
        let v = to_json(&codes::general::INPUT_UNREADABLE);
        assert_eq!(v["code"], "input-unreadable");
        assert_eq!(v["severity"], "fail");
        assert_eq!(v["title"], codes::general::INPUT_UNREADABLE.title);
        assert_eq!(v["explanation"], codes::general::INPUT_UNREADABLE.explain);
        assert_eq!(v.as_object().unwrap().len(), 4);
    }
}
