//! `explain CODE`: what a finding code means and how to fix it; `explain --list` lists them all.

use crate::app::print_stdout;
use crate::context::Ctx;
use crate::error::exit;
use crate::report::codes;

/// Print one code's explanation (exit 0), or suggest close matches for an unknown one (exit 2).
pub fn run(ctx: &Ctx, code: Option<&str>, list: bool) -> i32 {
    if list || code.is_none() {
        let mut table = crate::report::human::table(ctx.style);
        table.set_header(vec!["Code", "Severity", "Title"]);
        for c in codes::all() {
            table.add_row(vec![c.id, c.severity.as_str(), c.title]);
        }
        print_stdout(&format!("{table}\n"));
        return exit::OK;
    }
    let code = code.unwrap_or_default();
    match codes::find(code) {
        Some(c) => {
            print_stdout(&format!(
                "{}\n  default severity: {}\n\n{}\n\n{}\n",
                c.id,
                c.severity.as_str(),
                c.title,
                c.explain
            ));
            exit::OK
        }
        None => {
            let suggestions = codes::suggest(code);
            if suggestions.is_empty() {
                eprintln!(
                    "error: unknown code {code:?}\n  run `cxone-diag explain --list` to see every code"
                );
            } else {
                eprintln!(
                    "error: unknown code {code:?}\n  did you mean: {}?",
                    suggestions.join(", ")
                );
            }
            exit::USAGE
        }
    }
}
