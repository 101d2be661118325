//! `sandbox serve` (a scenario as a CXone tenant on 127.0.0.1 until Ctrl-C) and `sandbox list`.

use std::io::Write;

use crate::context::Ctx;
use crate::error::exit;
use crate::report::Format;
use crate::report::sink::print as print_stdout;
use crate::sandbox::{Options, Sandbox, builtin};

/// The scenario `sandbox serve` serves when none is named.
pub const DEFAULT_SCENARIO: &str = "demo";

/// `sandbox list`: name and one-line description of each built-in scenario, as aligned text or
/// (`--output json`) an array of `{"name", "description"}` objects.
pub fn list(ctx: &Ctx) -> anyhow::Result<i32> {
    let format = super::text_or_json(ctx, "sandbox list")?;
    if format == Format::Json {
        let all: Vec<serde_json::Value> = builtin::BUILTINS
            .iter()
            .map(|b| serde_json::json!({"name": b.name, "description": builtin::description(b)}))
            .collect();
        let mut text = serde_json::to_string_pretty(&all)?;
        text.push('\n');
        print_stdout(&text);
        return Ok(exit::OK);
    }
    let width = builtin::BUILTINS
        .iter()
        .map(|b| b.name.len())
        .max()
        .unwrap_or(0);
    print_stdout(&list_text(ctx.style, width));
    Ok(exit::OK)
}

/// The human `sandbox list`: each name in a column of `width`, its description wrapped to the
/// style's width under the description column (a continuation line starts with spaces).
fn list_text(style: crate::report::human::Style, width: usize) -> String {
    let rest = " ".repeat(width + 2);
    let mut text = String::new();
    for b in builtin::BUILTINS {
        let first = format!("{:width$}  ", b.name);
        crate::report::human::push_wrapped(
            &mut text,
            style,
            &first,
            &rest,
            &builtin::description(b),
        );
    }
    text
}

/// `sandbox serve`: start, print how to use it, serve until Ctrl-C or SIGTERM, exit 0.
pub fn serve(scenario: &str, port: u16) -> anyhow::Result<i32> {
    let sandbox = Sandbox::start_with(
        scenario,
        port,
        Options {
            access_log: true,
            ..Options::default()
        },
    )?;
    print_stdout(&banner(&sandbox));
    let _ = std::io::stdout().flush();
    crate::interrupt::wait();
    crate::scrubbed_eprintln!("sandbox: stopping");
    drop(sandbox);
    Ok(exit::OK)
}

/// What `sandbox serve` prints on stdout: the base URL first, then ready-to-paste settings.
pub fn banner(sandbox: &Sandbox) -> String {
    let base = sandbox.base_url();
    let mut text = format!("{base}\n");
    text.push_str(&format!(
        "\ncxone-diag sandbox: {} ({}) is serving a CXone tenant at {base}\n",
        sandbox.name(),
        sandbox.origin()
    ));
    text.push_str(
        "The credentials below are fake sandbox values from the scenario, safe to print; \
         they open nothing but this sandbox.\n\n# environment\n",
    );
    text.push_str(&sandbox.env_snippet());
    text.push_str("\n# or a profile in cxone-diag.yaml\n");
    text.push_str(&sandbox.profile_snippet());
    text.push_str(&format!(
        "\n# what the sandbox received (loopback only): curl {base}/_sandbox/requests\nPress Ctrl-C to stop.\n"
    ));
    text
}
