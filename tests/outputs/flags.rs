//! Every global option against every command: honoured (`+`), refused with exit 2 and a reason
//! (`x`), or, for a profile an offline run does not use, noted on stderr (`n`). The matrix
//! below is written out on its own and checked against the code's (`cxone_diag::scope`), then
//! every refused and noted cell, and every honoured cell of a command that runs offline in an
//! instant, is run through the binary.

use cxone_diag::scope::{self, Flag, Use};

use crate::support::*;

/// Columns: config output report color fail-on allow warn deny -v profile sandbox
/// no-token-cache raw-bodies wide.
const MATRIX: &str = "
validate-payload             + + + + + + + + n n x x x +
queue-health                 + + + + + + + + + + + + + +
trace-conversation           + + + + + + + + + + + + + +
trace-conversation --bundle  + + + + + + + + + n x x + +
simulate-handoff             + + + + + + + + + n + x + +
simulate-handoff --live      + + + + + + + + + + + + + +
auth check                   + + + + + + + + + + + + + +
smoke                        + + + + + + + + + + + + + +
listen                       + + + + + + + + + n x x x +
explain                      n + x + x x x x n n x x x +
completions                  n x x x x x x x n n x x x x
man                          n x x x x x x x n n x x x x
sandbox list                 n + x x x x x x n n x x x x
sandbox serve                n x x x x x x x n n + x x x
config show                  + + x x x x x x n + x + x x
config path                  + + x x x x x x n n x x x x
";

/// (command, its cells) from [`MATRIX`].
fn rows() -> Vec<(String, Vec<char>)> {
    MATRIX
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<char> = line
                .split_whitespace()
                .rev()
                .take(14)
                .map(|c| c.chars().next().unwrap())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let name: Vec<&str> = line.split_whitespace().collect();
            (name[..name.len() - 14].join(" "), cells)
        })
        .collect()
}

#[test]
fn the_code_follows_the_written_matrix() {
    let rows = rows();
    assert_eq!(
        rows.len(),
        scope::MATRIX.len(),
        "a command is missing on one side"
    );
    for (command, cells) in &rows {
        for (flag, cell) in Flag::ALL.into_iter().zip(cells) {
            let want = match cell {
                '+' => "honoured",
                'n' => "noted",
                _ => "refused",
            };
            let have = match scope::rule(command, flag) {
                Use::Honoured => "honoured",
                Use::Noted(_) => "noted",
                Use::Refused(_) => "refused",
            };
            assert_eq!(have, want, "{command} {}", flag.name());
        }
    }
}

/// The arguments that run `command` (a matrix name) quickly, and whether an honoured flag may be
/// tried with them (the command ends at once without a tenant).
fn invocation(home: &Home, command: &str) -> Option<(Vec<String>, bool)> {
    let payload = crate::common::in_crate("examples/payloads")
        .display()
        .to_string();
    let missing = home.join("missing.json").display().to_string();
    let args: (Vec<&str>, bool) = match command {
        "validate-payload" => (vec!["validate-payload", &payload], true),
        "trace-conversation --bundle" => (vec!["trace-conversation", "--bundle", &missing], false),
        "simulate-handoff" => (vec!["simulate-handoff"], false),
        // a bad --forward-to ends the run after the note, before it listens (a bad
        // --duration would be refused by clap, before any note)
        "listen" => (
            vec!["listen", "--port", "0", "--forward-to", "ftp://x"],
            false,
        ),
        "explain" => (vec!["explain", "skill-inactive"], true),
        "completions" => (vec!["completions", "bash"], true),
        "man" => (vec!["man"], true),
        "sandbox list" => (vec!["sandbox", "list"], true),
        // a missing scenario ends the run after the note, before it serves
        "sandbox serve" => (vec!["sandbox", "serve", "--scenario", &missing], false),
        "config show" => (vec!["config", "show"], true),
        "config path" => (vec!["config", "path"], true),
        _ => return None,
    };
    Some((args.0.into_iter().map(String::from).collect(), args.1))
}

/// The flag as given on the command line (before the command name).
fn flag_args(home: &Home, flag: Flag) -> Vec<String> {
    let config = home.join("c.yaml").display().to_string();
    let report = home.join("out.json").display().to_string();
    let args: Vec<String> = match flag {
        Flag::Config => vec!["--config".into(), config],
        Flag::Output => vec!["--output".into(), "json".into()],
        Flag::Report => vec!["--report".into(), format!("json={report}")],
        Flag::Color => vec!["--color".into(), "never".into()],
        Flag::FailOn => vec!["--fail-on".into(), "warn".into()],
        Flag::Allow => vec!["--allow".into(), "skill-inactive".into()],
        Flag::Warn => vec!["--warn".into(), "skill-inactive".into()],
        Flag::Deny => vec!["--deny".into(), "skill-inactive".into()],
        Flag::Verbose => vec!["-v".into()],
        Flag::Profile => vec!["--profile".into(), "lab".into()],
        Flag::Sandbox => vec!["--sandbox".into(), "demo".into()],
        Flag::NoTokenCache => vec!["--no-token-cache".into()],
        Flag::RawBodies => vec!["--raw-bodies".into()],
        Flag::Wide => vec!["--wide".into()],
    };
    args
}

#[test]
fn every_refused_noted_and_quick_honoured_cell_behaves_as_written() {
    let home = Home::temp();
    home.write(
        "c.yaml",
        "profiles:\n  lab:\n    issuer: https://cxone.niceincontact.com\n",
    );
    for (command, cells) in rows() {
        let Some((args, quick)) = invocation(&home, &command) else {
            continue;
        };
        for (flag, cell) in Flag::ALL.into_iter().zip(cells) {
            if cell == '+' && !quick {
                continue;
            }
            let mut cmd = home.isolated();
            cmd.env("CXONE_DIAG_CONFIG", home.join("c.yaml"))
                .args(flag_args(&home, flag))
                .args(&args);
            let run = crate::common::run(cmd);
            let what = format!("{} on {command}: {}", flag.name(), run.stderr);
            let refused = format!("{} has no effect on `cxone-diag {command}`", flag.name());
            match cell {
                'x' => {
                    assert_eq!(run.code, 2, "{what}");
                    assert!(run.stderr.contains(&refused), "{what}");
                    assert!(
                        run.stderr.contains(&format!("hint: drop {}", flag.name())),
                        "{what}"
                    );
                    assert!(run.stdout.is_empty(), "{what}");
                }
                'n' => {
                    let note = match flag {
                        Flag::Profile => "note: profile \"lab\" (from --profile) is not used: ",
                        Flag::Config => "note: --config ",
                        _ => "note: -v is not used: ",
                    };
                    assert_eq!(run.stderr.matches(note).count(), 1, "{what}");
                    assert!(
                        run.stderr.contains(&format!("`cxone-diag {command}` ")),
                        "{what}"
                    );
                    assert!(!run.stderr.contains("has no effect"), "{what}");
                    if quick {
                        assert_ne!(run.code, 2, "{what}");
                    }
                }
                _ => {
                    assert_ne!(run.code, 2, "{what}");
                    assert!(!run.stderr.contains("has no effect"), "{what}");
                }
            }
        }
    }
}

#[test]
fn a_profile_from_the_environment_gets_the_same_note() {
    let home = Home::new();
    let mut cmd = home.isolated();
    cmd.env("CXONE_DIAG_PROFILE", "prod")
        .args(["explain", "skill-inactive"]);
    let run = crate::common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "note: profile \"prod\" (from CXONE_DIAG_PROFILE) is not used: `cxone-diag explain` runs offline and never talks to a tenant"
    );
}

#[test]
fn a_tenant_option_after_an_offline_command_is_refused_with_the_reason() {
    let home = Home::new();
    for (args, flag, command) in [
        (
            &["explain", "skill-inactive", "--sandbox", "demo"][..],
            "--sandbox",
            "explain",
        ),
        (&["man", "--profile", "lab"][..], "--profile", "man"),
        (
            &["sandbox", "list", "--no-token-cache"][..],
            "--no-token-cache",
            "sandbox list",
        ),
        (
            &["validate-payload", "x.json", "--raw-bodies"][..],
            "--raw-bodies",
            "validate-payload",
        ),
    ] {
        let run = home.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("{flag} has no effect on `cxone-diag {command}`")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("hint: drop {flag}")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn tenant_options_are_in_the_help_of_tenant_commands_only() {
    let home = Home::new();
    let tenant = [
        &["queue-health"][..],
        &["trace-conversation"],
        &["simulate-handoff"],
        &["auth", "check"],
        &["smoke"],
    ];
    let offline = [
        &["validate-payload"][..],
        &["listen"],
        &["explain"],
        &["completions"],
        &["man"],
        &["sandbox", "list"],
        &["sandbox", "serve"],
        &["config", "show"],
        &["config", "path"],
    ];
    for (commands, listed) in [(&tenant[..], true), (&offline[..], false)] {
        for command in commands {
            let mut args = command.to_vec();
            args.push("--help");
            let run = home.run(&args);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            let help = &run.stdout;
            for option in ["Tenant options:", "--no-token-cache", "--raw-bodies"] {
                assert_eq!(help.contains(option), listed, "{args:?} {option}: {help}");
            }
        }
    }
    // `config show` takes its own --profile (the profile to show), and no --sandbox
    let help = home.run(&["config", "show", "--help"]).stdout;
    assert!(help.contains("--profile <NAME>"), "{help}");
    assert!(!help.contains("--sandbox"), "{help}");
}

#[test]
fn tenant_options_work_before_or_after_the_command_and_once() {
    let home = Home::new();
    let run = home.run(&["--profile", "a", "queue-health", "--all", "--profile", "b"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--profile is given twice"),
        "{}",
        run.stderr
    );
    let run = home.run(&[
        "--profile",
        "a",
        "queue-health",
        "--all",
        "--sandbox",
        "demo",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("name two tenants"), "{}", run.stderr);
    let run = home.run(&["--sandbox", "demo", "--no-token-cache", "auth", "check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("a sandbox tenant never uses the on-disk token cache"),
        "{}",
        run.stderr
    );
    let run = home.run(&["-o", "json", "auth", "check", "--sandbox", "demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.report()["command"], "auth check");
}

#[test]
fn usage_lines_show_only_accepted_forms() {
    let home = Home::new();
    let run = home.run(&["trace-conversation", "--bundle", "b.json", "5823114"]);
    assert_eq!(run.code, 2);
    assert!(
        !run.stderr.contains("--bundle <FILE> [CONTACT_ID]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("cxone-diag trace-conversation [OPTIONS] --bundle <FILE>\n"),
        "{}",
        run.stderr
    );
    let help = home.run(&["trace-conversation", "--help"]).stdout;
    for form in [
        "<CONTACT_ID>",
        "--digital <CASE_NUMBER>",
        "--recent",
        "--bundle <FILE>",
    ] {
        assert!(
            help.lines()
                .any(|l| l.contains("cxone-diag trace-conversation [OPTIONS] ") && l.contains(form)),
            "{form}: {help}"
        );
    }
    let run = home.run(&["explain", "--list", "skill-inactive"]);
    assert_eq!(run.code, 2, "a code with --list is refused: {}", run.stderr);
    assert!(
        run.stderr.contains("cxone-diag explain [OPTIONS] --list"),
        "{}",
        run.stderr
    );
}

#[test]
fn sandbox_list_speaks_json() {
    let home = Home::new();
    let run = home.run(&["--output", "json", "sandbox", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"demo") && names.contains(&"bench-200"),
        "{names:?}"
    );
    assert!(v[0]["description"].as_str().is_some_and(|d| !d.is_empty()));
    let run = home.run(&["--output", "junit", "sandbox", "list"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--output json"), "{}", run.stderr);
}

/// `sandbox serve` with the scenario named by `args`: the name in its banner.
fn served(args: &[&str]) -> String {
    use std::io::{BufRead, BufReader};
    let home = Home::new();
    let mut cmd = std::process::Command::new(crate::common::bin());
    crate::common::isolate(&mut cmd, home.path())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("cxone-diag sandbox:"))
        .unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    line
}

#[test]
fn sandbox_serve_serves_the_scenario_named_by_sandbox() {
    for args in [
        &["sandbox", "serve", "--sandbox", "bench-200"][..],
        &["--sandbox", "bench-200", "sandbox", "serve"],
        &["sandbox", "serve", "--scenario", "bench-200"],
    ] {
        let line = served(args);
        assert!(line.contains("bench-200"), "{args:?}: {line}");
    }
    assert!(served(&["sandbox", "serve"]).contains("demo"));
    let home = Home::new();
    let run = home.run(&[
        "--sandbox",
        "demo",
        "sandbox",
        "serve",
        "--scenario",
        "bench-200",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--sandbox is given twice"),
        "{}",
        run.stderr
    );
}

/// The words `cxone-diag completions bash` offers after `option`, in any command.
fn offered(script: &str, option: &str) -> Vec<String> {
    let lines: Vec<&str> = script.lines().collect();
    let mut words = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != format!("{option})") {
            continue;
        }
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        if let Some((_, rest)) = next.split_once("compgen -W \"") {
            let list = rest.split('"').next().unwrap_or_default();
            words.extend(list.split_whitespace().map(String::from));
        }
    }
    words.sort();
    words.dedup();
    words
}

#[test]
fn completions_offer_kinds_formats_codes_scenarios_and_enums() {
    let home = Home::new();
    let run = home.run(&["completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let script = &run.stdout;
    let has = |option: &str, wanted: &[&str]| {
        let words = offered(script, option);
        for w in wanted {
            assert!(
                words.iter().any(|x| x == w),
                "{option} offers no {w}: {words:?}"
            );
        }
        words
    };
    let kinds: Vec<&str> = cxone_diag::payload::Kind::all()
        .iter()
        .map(|k| k.name())
        .collect();
    assert_eq!(has("--kind", &kinds).len(), kinds.len());
    has("--output", &["human", "json", "junit", "sarif", "github"]);
    has("--fail-on", &["warn", "fail"]);
    has(
        "--media",
        &["phone", "chat", "email", "workitem", "digital"],
    );
    has("--via", &["signal", "work-item", "digital"]);
    has("--respond", &["findings", "status"]);
    has("--sandbox", &["demo", "bench-200", "bench-digital"]);
    has("--scenario", &["demo"]);
    let codes: Vec<&str> = cxone_diag::commands::codes::REGISTRY
        .all()
        .map(|c| c.id)
        .collect();
    for flag in ["--allow", "--warn", "--deny"] {
        assert_eq!(has(flag, &codes).len(), codes.len(), "{flag}");
    }
    // the long lists stay out of --help; completions carry them
    let help = home.run(&["validate-payload", "--help"]).stdout;
    assert!(!help.contains("skill-inactive"), "{help}");
}

#[test]
fn clap_refuses_a_bad_value_with_what_is_wrong_and_how_to_fix_it() {
    let home = Home::new();
    for (args, says) in [
        (
            &["validate-payload", "--kind", "handof", "x.json"][..],
            "did you mean bot-handoff?",
        ),
        (
            &["--report", "junit", "validate-payload", "x.json"],
            "--report \"junit\" is not FORMAT=FILE",
        ),
        (
            &["--report", "github=x.txt", "validate-payload", "x.json"],
            "use json=FILE, junit=FILE, sarif=FILE or human=FILE",
        ),
        (
            &["simulate-handoff", "--inject", "503,200"],
            "200 is not an error status",
        ),
        (
            &["trace-conversation", "--recent", "--since", "-2h"],
            "--since \"-2h\" is not a duration: it is negative",
        ),
        (
            &["trace-conversation", "--recent", "--since", "2y"],
            "\"y\" is not a unit (use s, m, h, d or w)",
        ),
        (
            &["listen", "--duration", "10"],
            "--duration \"10\" is not a duration: 10 has no unit (write e.g. 10m or 10h)",
        ),
        (
            &["trace-conversation", "12345678901234567890"],
            "it has 20 digits, more than the 19 of a CXone id",
        ),
        (
            &["trace-conversation", "--recent", "--skill", "Billing"],
            "--skill \"Billing\" is not a skill id: 'B' is not a digit",
        ),
        (
            &["simulate-handoff", "--contact-id", "abc"],
            "--contact-id \"abc\" is not a CXone contact id",
        ),
        (
            &["simulate-handoff", "--fallback-skill", "-5"],
            "--fallback-skill \"-5\" is not a CXone skill id",
        ),
        (
            &["queue-health", "--media", "fax"],
            "[possible values: phone, chat, email, workitem, digital]",
        ),
        (
            &["simulate-handoff", "--via", "sms"],
            "[possible values: signal, work-item, digital]",
        ),
        (
            &["--fail-on", "info", "explain", "--list"],
            "[possible values: fail, warn]",
        ),
    ] {
        let run = home.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}
