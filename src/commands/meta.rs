//! `completions` and `man`: generated from the clap definition.

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
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    print_stdout(&String::from_utf8_lossy(&buf));
    Ok(exit::OK)
}
