//! `completions` and `man`: generated from the clap definition.
//!
//! `man` prints one self-contained page: the global options, then a COMMANDS section with every
//! subcommand's synopsis, options and examples, so it never refers to per-command pages
//! (`cxone-diag-queue-health(1)`) that nothing installs.

use clap::CommandFactory;

use crate::app::print_stdout;
use crate::cli::Cli;
use crate::error::exit;

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
    page.render_extra_section(&mut buf)?;
    page.render_version_section(&mut buf)?;
    Ok(once_defined(&String::from_utf8_lossy(&buf)))
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
