//! `completions` and `man`: generated from the clap definition.
//!
//! `man` prints one self-contained page: the global options, then a COMMANDS section with every
//! subcommand's synopsis, options and examples, so it never refers to per-command pages
//! (`cxone-diag-queue-health(1)`) that nothing installs.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::exit;
use crate::report::output::print_stdout;

/// Print completions for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> i32 {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "cxone-diag", &mut buf);
    print_stdout(&String::from_utf8_lossy(&buf));
    exit::OK
}

/// Print the roff man page on stdout.
pub fn man() -> anyhow::Result<i32> {
    print_stdout(&man_page()?);
    Ok(exit::OK)
}

/// The whole man page, as roff.
pub fn man_page() -> std::io::Result<String> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let page = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    page.render_title(&mut buf)?;
    page.render_name_section(&mut buf)?;
    page.render_synopsis_section(&mut buf)?;
    page.render_description_section(&mut buf)?;
    page.render_options_section(&mut buf)?;
    buf.extend_from_slice(b".SH COMMANDS\n");
    for sub in leaves(&cmd) {
        buf.extend_from_slice(&command_entry(sub)?);
    }
    buf.extend_from_slice(trailing_sections(&cmd).as_bytes());
    page.render_version_section(&mut buf)?;
    Ok(once_defined(&String::from_utf8_lossy(&buf)))
}

/// EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES, each written from the definition the code
/// uses: [`crate::cli::EXIT_CODES`], [`crate::config::environment::VARS`], the configuration
/// lookup of [`crate::config::candidates`], and every command's own examples.
fn trailing_sections(cmd: &clap::Command) -> String {
    use roff::{Roff, bold, italic, roman};
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in crate::cli::EXIT_CODES {
        roff.control("TP", [])
            .text([bold(code.to_string())])
            .text([roman(*meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for var in crate::config::environment::VARS {
        roff.control("TP", [])
            .text([bold(var.name)])
            .text([roman(var.meaning)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, meaning) in files() {
        roff.control("TP", [])
            .text([italic(path)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["EXAMPLES"]);
    for sub in leaves(cmd) {
        let Some(example) = examples(sub).into_iter().next() else {
            continue;
        };
        roff.control("TP", []).text([bold(example)]).text([roman(
            sub.get_about().map(|a| a.to_string()).unwrap_or_default(),
        )]);
    }
    roff.to_roff()
}

/// The files the tool reads, as (path, what it is), in lookup order.
fn files() -> Vec<(String, String)> {
    let user = crate::config::USER_FILE.join("/");
    vec![
        (
            format!("./{}", crate::config::LOCAL_FILE),
            format!(
                "The configuration file in the working directory, read when neither --config nor {} names one.",
                crate::config::CONFIG_ENV
            ),
        ),
        (
            format!("<user config dir>/{user}"),
            "The configuration file in the user config directory ($XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Application Support on macOS), read when no earlier one exists; `cxone-diag config path` prints the paths of this system.".to_string(),
        ),
        (
            "auth.secret_file".to_string(),
            "A profile's secret file (mode 0600) with client_id, client_secret, access_key_id and access_key_secret, read when the environment variables are not set.".to_string(),
        ),
        (
            "<user cache dir>/cxone-diag/".to_string(),
            "The token cache (off with token_cache: false or --no-token-cache).".to_string(),
        ),
    ]
}

/// The example command lines of a command's `--help`.
pub fn examples(cmd: &clap::Command) -> Vec<String> {
    let after = cmd
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    after
        .split_once("Examples:\n")
        .map(|(_, rest)| rest)
        .unwrap_or_default()
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

/// `text` with the string definition that every rendered piece starts with (`.ie \n(.g .ds
/// Aq ...` and its `.el`) kept only where it first appears, at the top.
fn once_defined(text: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let definition = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if definition && !seen.insert(line) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The subcommands that run something (`auth check`, not `auth`), in definition order.
fn leaves(cmd: &clap::Command) -> Vec<&clap::Command> {
    let mut out = Vec::new();
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        if sub.has_subcommands() {
            out.extend(leaves(sub));
        } else {
            out.push(sub);
        }
    }
    out
}

/// One subcommand as a `.SS` subsection: what it does, its synopsis, its own options (the
/// global ones are listed once, under OPTIONS) and its examples.
fn command_entry(sub: &clap::Command) -> std::io::Result<Vec<u8>> {
    let name = sub
        .get_bin_name()
        .unwrap_or_else(|| sub.get_name())
        .to_string();
    let own = sub
        .clone()
        .mut_args(|a| if a.is_global_set() { a.hide(true) } else { a });
    let has_options = own.get_arguments().any(|a| !a.is_hide_set());
    let has_examples = own.get_after_help().is_some();
    let page = clap_mangen::Man::new(own);
    let mut roff = Vec::new();
    page.render_description_section(&mut roff)?;
    page.render_synopsis_section(&mut roff)?;
    if has_options {
        page.render_options_section(&mut roff)?;
    }
    if has_examples {
        page.render_extra_section(&mut roff)?;
    }
    let mut out = format!(".SS \"{}\"\n", name.replace('"', "")).into_bytes();
    for line in String::from_utf8_lossy(&roff).lines() {
        // a section heading inside a subsection becomes a paragraph break
        match line.strip_prefix(".SH ") {
            Some("OPTIONS") => out.extend_from_slice(b".PP\nOptions:\n"),
            Some(_) => out.extend_from_slice(b".PP\n"),
            None => {
                out.extend_from_slice(line.as_bytes());
                out.push(b'\n');
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_documents_every_command_and_refers_to_no_other_page() {
        let page = man_page().unwrap();
        assert!(page.contains("\n.TH cxone-diag 1 "), "{page}");
        // no `cxone-diag-queue-health(1)`: no such page exists
        assert!(!page.contains("(1)"), "{page}");
        for leaf in leaves(&Cli::command()) {
            let name = leaf.get_name().replace('-', "\\-");
            assert!(page.contains(&name), "{name} missing");
        }
        assert!(page.contains(".SS \"cxone-diag auth check\""), "{page}");
        assert!(page.contains(".SS \"cxone-diag queue-health\""), "{page}");
        // global options once, under OPTIONS
        assert_eq!(
            page.matches("\\fB\\-\\-fail\\-on\\fR \\fI<FAIL_ON>")
                .count(),
            1,
            "{page}"
        );
        assert_eq!(page.matches(".ds Aq").count(), 2, "defined once: {page}");
    }
}
