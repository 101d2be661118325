//! `config path`: the places the configuration file is looked for, in order, and the one used.

use serde_json::json;

use super::config_show;
use crate::config::{self, Candidate};
use crate::context::Ctx;
use crate::error::exit;
use crate::report::Format;
use crate::report::output::print_stdout;

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
        let width = if ctx.style.wide {
            usize::MAX
        } else {
            ctx.style.width
        };
        let mut out = String::from("configuration file lookup, first match wins:\n");
        let rows: Vec<(String, String, String)> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let path = c
                    .path
                    .as_ref()
                    .map_or("-".to_string(), |p| p.display().to_string());
                (
                    format!("{}. {}", i + 1, c.origin),
                    path,
                    format!("({})", state(c, i, used)),
                )
            })
            .collect();
        let key_width = rows
            .iter()
            .map(|(k, ..)| textwrap::core::display_width(k))
            .max()
            .unwrap_or(0);
        let value_width = config_show::value_width(
            rows.iter().map(|(_, p, s)| (p.as_str(), s.as_str())),
            key_width,
            width,
        );
        for (key, path, state) in &rows {
            out.push_str(&config_show::row(
                (key, path, state, state),
                (key_width, value_width),
                width,
            ));
        }
        match used.and_then(|i| candidates[i].path.as_ref()) {
            Some(path) => out.push_str(&config_show::wrapped(
                "used: ",
                &path.display().to_string(),
                2,
                width,
            )),
            None => out.push_str("used: none (built-in defaults)\n"),
        }
        out
    };
    print_stdout(&text);
    Ok(exit::OK)
}
