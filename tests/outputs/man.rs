//! `man` prints one page that documents every command and refers to no page that does not
//! exist (no `cxone-diag-queue-health(1)`).

use crate::support::*;

#[test]
fn the_man_page_is_self_contained() {
    let home = Home::new();
    let run = home.run(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = run.stdout;
    assert!(page.contains(".TH cxone-diag 1"), "{page}");
    assert!(!page.contains("(1)"), "refers to another page: {page}");
    assert!(!page.contains("cxone\\-diag\\-"), "{page}");
    for command in [
        "validate-payload",
        "queue-health",
        "trace-conversation",
        "simulate-handoff",
        "auth check",
        "sandbox serve",
        "sandbox list",
        "smoke",
        "explain",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!(".SS \"cxone-diag {command}\"")),
            "{command} missing"
        );
    }
    // each command's own options are there
    assert!(page.contains("\\-\\-save\\-bundle"), "{page}");
    assert!(page.contains("\\-\\-audit\\-log"), "{page}");
}

#[test]
fn the_man_page_has_every_section() {
    let home = Home::new();
    let page = home.run(&["man"]).stdout;
    let sections: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|s| s.trim_matches('"'))
        .collect();
    let want = [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
    ];
    let mut at = 0;
    for name in want {
        let found = sections[at..].iter().position(|s| *s == name);
        assert!(
            found.is_some(),
            "{name} missing or out of order: {sections:?}"
        );
        at += found.unwrap() + 1;
    }
    // every exit code, from the table --help uses too
    let exit = section(&page, "EXIT STATUS");
    for (code, _) in cxone_diag::cli::EXIT_CODES {
        assert!(exit.contains(&format!("\\fB{code}\\fR")), "{exit}");
    }
    assert_eq!(cxone_diag::cli::EXIT_CODES.len(), 4);
    let help = home.run(&["--help"]).stdout;
    for (code, meaning) in cxone_diag::cli::EXIT_CODES {
        let first_words: String = meaning
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(help.contains(&format!("  {code}  {first_words}")), "{help}");
    }
    assert!(section(&page, "FILES").contains("cxone\\-diag.yaml"));
    assert!(
        section(&page, "EXAMPLES").contains("queue\\-health 4201"),
        "{page}"
    );
}

/// The roff text of one `.SH` section.
fn section<'a>(page: &'a str, name: &str) -> &'a str {
    let quoted = format!(".SH \"{name}\"\n");
    let plain = format!(".SH {name}\n");
    let start = page
        .find(&quoted)
        .map(|i| i + quoted.len())
        .or_else(|| page.find(&plain).map(|i| i + plain.len()))
        .unwrap_or_else(|| panic!("no {name}"));
    let rest = &page[start..];
    &rest[..rest.find("\n.SH ").unwrap_or(rest.len())]
}

/// Every environment variable name written as a string literal in the crate's code (tests
/// excluded): the ones it reads.
fn names_in_code() -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let src = crate::common::in_crate("src");
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
            continue;
        }
        if path.components().any(|c| c.as_os_str() == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        // every piece between two quotes: a pure upper-case name there is a string literal
        for literal in code.split('"') {
            let variable = literal.starts_with("CXONE_")
                || ["NO_COLOR", "COLUMNS", "GITHUB_ACTIONS"].contains(&literal)
                || literal.ends_with("_PROXY");
            if variable && literal.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                names.insert(literal.to_string());
            }
        }
    }
    names
}

#[test]
fn the_environment_section_lists_the_variables_the_code_reads() {
    let home = Home::new();
    let page = home.run(&["man"]).stdout;
    let environment = section(&page, "ENVIRONMENT");
    let listed: std::collections::BTreeSet<String> = environment
        .lines()
        .filter_map(|l| l.strip_prefix("\\fB")?.strip_suffix("\\fR"))
        .map(|n| n.replace("\\-", "-"))
        .collect();
    let read = names_in_code();
    assert_eq!(listed, read, "man ENVIRONMENT vs the names in src/");
    assert!(listed.contains("CXONE_DIAG_CONFIG") && listed.contains("CXONE_CLIENT_SECRET"));
}

#[test]
fn both_licences_named_in_cargo_toml_are_shipped() {
    let toml = std::fs::read_to_string(crate::common::in_crate("Cargo.toml")).unwrap();
    assert!(toml.contains("license = \"MIT OR Apache-2.0\""));
    let mit = std::fs::read_to_string(crate::common::in_crate("LICENSE-MIT")).unwrap();
    assert!(mit.contains("Copyright (c) the cxone-diag developers"));
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache = std::fs::read_to_string(crate::common::in_crate("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
}

#[test]
fn the_readme_exit_code_table_is_the_one_the_code_uses() {
    let readme = std::fs::read_to_string(crate::common::in_crate("README.md")).unwrap();
    for (code, meaning) in cxone_diag::cli::EXIT_CODES {
        let row = format!(
            "| {code} | {} |",
            meaning.replace("--fail-on warn", "`--fail-on warn`")
        );
        assert!(readme.contains(&row), "README lacks {row}");
    }
}
