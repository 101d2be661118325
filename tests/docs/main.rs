//! The examples in README.md and docs/ run as tests: every ```console block is a command
//! (`$ cxone-diag …`), its exit code (`? N`, success when absent) and its output (stdout and
//! stderr together; `...` skips lines, `[..]` skips part of a line). Run at 80 columns without
//! colour, so what the documents show is what a reader at 80 columns sees.

#[test]
fn documented_examples_run_as_shown() {
    trycmd::TestCases::new()
        .default_bin_name("cxone-diag")
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .env("CXONE_DIAG_CONFIG", "")
        .case("README.md")
        .case("docs/*.md")
        .case("docs/commands/*.md");
}

/// The documents, as (path, text).
fn documents() -> Vec<(String, String)> {
    let mut paths = vec!["README.md".to_string(), "CONTRIBUTING.md".to_string()];
    for dir in ["docs", "docs/commands"] {
        let mut found: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// Every `cxone-diag …` command line of the ```sh blocks, as (file:line, words): continuation
/// lines joined, comments, redirections and pipes cut off.
fn shell_examples() -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for (path, text) in documents() {
        let mut lang: Option<&str> = None;
        let mut pending: Option<(usize, String)> = None;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if let Some(info) = trimmed.strip_prefix("```") {
                lang = if lang.is_some() { None } else { Some(info) };
                continue;
            }
            if !matches!(lang, Some("sh" | "bash" | "shell")) {
                continue;
            }
            let (start, mut command) = match pending.take() {
                Some((start, so_far)) => (start, so_far + " " + trimmed),
                None => (i + 1, trimmed.to_string()),
            };
            if let Some(rest) = command.strip_suffix('\\') {
                pending = Some((start, rest.to_string()));
                continue;
            }
            for cut in [" #", " >", " 2>", " |", " &&", " &"] {
                if let Some(at) = command.find(cut) {
                    command.truncate(at);
                }
            }
            let Some(words) = shlex::split(&command) else {
                continue;
            };
            let Some(program) = words.first() else {
                continue;
            };
            if program.ends_with("cxone-diag") {
                found.push((format!("{path}:{start}"), words));
            }
        }
    }
    found
}

/// A synopsis line (`cxone-diag listen [--bind ADDR] …`) or one with a placeholder
/// (`<name>`, `$VAR`) is not a command to parse.
fn is_synopsis(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| w.starts_with('[') || w.contains('<') || w.contains('$') || w.contains('|'))
}

#[test]
fn every_documented_command_line_parses() {
    use clap::Parser;
    let examples = shell_examples();
    assert!(
        examples.len() > 30,
        "the documents show many command lines: {}",
        examples.len()
    );
    let mut wrong = Vec::new();
    for (at, words) in examples.iter().filter(|(_, w)| !is_synopsis(w)) {
        if let Err(e) = cxone_diag::cli::Cli::try_parse_from(words)
            && !matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            )
        {
            wrong.push(format!("{at}: {}\n{}", words.join(" "), e.render()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
