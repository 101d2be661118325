//! `config path`: the places the configuration file is looked for, in order, and the one used.

use serde_json::json;

use crate::config::{self, Candidate};
use crate::context::Ctx;
use crate::error::exit;
use crate::report::Format;
use crate::report::sink::print as print_stdout;

/// What the candidate at `index` is, when the one at `used` (if any) is used.
fn state(candidate: &Candidate, index: usize, used: Option<usize>) -> &'static str {
    match (&candidate.path, used) {
        (_, Some(u)) if u == index => "used",
        (Some(_), Some(u)) if u < index => "not looked at: an earlier one is used",
        (None, _) if candidate.explicit => "not given",
        (None, _) => "unknown on this system",
        (Some(p), _) if p.exists() => "not a regular file",
        (Some(_), _) => "no such file",
    }
}

/// `config path`: print the lookup order and which file is used.
pub fn run(ctx: &Ctx) -> anyhow::Result<i32> {
    let format = super::text_or_json(ctx, "config path")?;
    let candidates = config::candidates(ctx.config_flag.as_deref(), &ctx.env);
    let used = candidates.iter().position(Candidate::applies);
    let text = if format == Format::Json {
        let searched: Vec<serde_json::Value> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                json!({
                    "origin": c.origin,
                    "path": c.path.as_ref().map(|p| p.display().to_string()),
                    "used": used == Some(i),
                    "state": state(c, i, used),
                })
            })
            .collect();
        let used_path = used
            .and_then(|i| candidates[i].path.as_ref())
            .map(|p| p.display().to_string());
        let mut text = serde_json::to_string_pretty(&json!({
            "searched": searched,
            "used": used_path,
        }))?;
        text.push('\n');
        text
    } else {
        let mut out = String::from("configuration file lookup, first match wins:\n");
        let width = candidates.iter().map(|c| c.origin.len()).max().unwrap_or(0);
        for (i, c) in candidates.iter().enumerate() {
            let path = c
                .path
                .as_ref()
                .map_or("-".to_string(), |p| p.display().to_string());
            out.push_str(&format!(
                "  {}. {:width$}  {path}  ({})\n",
                i + 1,
                c.origin,
                state(c, i, used)
            ));
        }
        match used.and_then(|i| candidates[i].path.as_ref()) {
            Some(path) => out.push_str(&format!("used: {}\n", path.display())),
            None => out.push_str("used: none (built-in defaults)\n"),
        }
        out
    };
    print_stdout(&text);
    Ok(exit::OK)
}
