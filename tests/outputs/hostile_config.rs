//! `config show` / `config path` as a hostile user drives them: secrets pasted where a
//! variable name belongs, secrets equal to another field's value, values quoted in parser
//! errors, anchors and aliases, repeated keys, CRLF and a BOM, narrow terminals; and
//! did-you-mean where Jaro-Winkler alone misses a swap of two letters.

use serde_json::Value;

use crate::common;
use crate::support::Home;

/// `cxone-diag --config FILE ARGS` in a home holding FILE with `text`, plus `env`.
fn run(text: &str, env: &[(&str, &str)], args: &[&str]) -> common::Run {
    let home = Home::with_file("c.yaml", text);
    run_in(&home, env, args)
}

fn run_in(home: &Home, env: &[(&str, &str)], args: &[&str]) -> common::Run {
    let mut cmd = home.isolated();
    cmd.arg("--config").arg(home.join("c.yaml"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args);
    common::run(cmd)
}

fn all(run: &common::Run) -> String {
    format!("{}{}", run.stdout, run.stderr)
}

const PASTED: &str = "Xy7+/pastedSECRET==";

#[test]
fn a_secret_pasted_as_a_variable_name_is_refused_and_never_shown() {
    let text = format!(
        "profiles:\n  lab:\n    issuer: https://idp.example.com\n    auth:\n      access_key_secret_env: \"{PASTED}\"\n"
    );
    for args in [
        &["config", "show"][..],
        &["config", "show", "-o", "json"],
        &["-vv", "config", "show"],
        &["auth", "check"],
        &["queue-health", "4242"],
    ] {
        let r = run(&text, &[], args);
        assert_eq!(r.code, 2, "{args:?}: {}", all(&r));
        assert!(!all(&r).contains("pastedSECRET"), "{args:?}: {}", all(&r));
        assert!(
            r.stderr
                .contains("auth.access_key_secret_env is not the name of an environment variable"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_field_equal_to_a_secret_is_masked() {
    let home = Home::with_file("c.yaml", "");
    let secret = home.write(
        "s.yaml",
        "client_id: app\nclient_secret: cs-from-file-77\naccess_key_id: AKIDFILE1\naccess_key_secret: v31.0\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let text = format!(
        "profiles:\n  lab:\n    issuer: https://idp.example.com\n    api_version: v31.0\n    auth:\n      secret_file: {}\n",
        secret.display()
    );
    home.write("c.yaml", &text);
    for args in [&["config", "show"][..], &["config", "show", "-o", "json"]] {
        let r = run_in(&home, &[("CXONE_CLIENT_SECRET", "idp.example.com")], args);
        assert_eq!(r.code, 0, "{}", all(&r));
        assert!(!r.stdout.contains("idp.example.com"), "{}", r.stdout);
        assert!(!r.stdout.contains("v31.0"), "{}", r.stdout);
        assert!(!r.stdout.contains("cs-from-file"), "{}", r.stdout);
        assert!(r.stdout.contains("***"), "{}", r.stdout);
    }
}

#[test]
fn parser_errors_never_quote_a_value() {
    for text in [
        "token_cache: s3cr3t-tok3n-VALUE\n",
        "profiles:\n  lab:\n    production: s3cr3t-tok3n-VALUE\n",
        "http:\n  timeout_s: s3cr3t-tok3n-VALUE\n",
    ] {
        let r = run(text, &[], &["config", "show"]);
        assert_eq!(r.code, 2, "{}", all(&r));
        assert!(!all(&r).contains("s3cr3t"), "{}", all(&r));
        assert!(r.stderr.contains("at line"), "{}", r.stderr);
    }
}

/// The `config show -o json` entry of `key`.
fn entry(report: &Value, key: &str) -> Value {
    report["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("no {key}: {report:#}"))
}

#[test]
fn values_reached_through_an_alias_name_the_anchors_line() {
    let text = "\
default_profile: lab
profiles:
  base: &common
    issuer: https://anchor.example.com
    api_version: v31.0
  lab: *common
";
    let r = run(text, &[], &["config", "show", "-o", "json"]);
    assert_eq!(r.code, 0, "{}", all(&r));
    let report = r.report();
    for (key, line) in [("issuer", 4), ("api_version", 5)] {
        let e = entry(&report, key);
        assert_eq!(e["source"], "file", "{e}");
        assert_eq!(e["line"], line, "{e}");
    }
}

#[test]
fn a_repeated_key_names_both_lines() {
    let r = run(
        "http:\n  timeout_s: 3\n  concurrency: 2\n  timeout_s: 4\n",
        &[],
        &["config", "show"],
    );
    assert_eq!(
        (r.code, r.stderr.contains("(lines 2 and 4)")),
        (2, true),
        "{}",
        r.stderr
    );
    let r = run(
        "profiles:\n  lab:\n    issuer: https://a.example.com\n  lab:\n    issuer: https://b.example.com\n",
        &[],
        &["config", "show"],
    );
    let said = r
        .stderr
        .contains("profile \"lab\" is defined twice (lines 2 and 4)");
    assert_eq!((r.code, said), (2, true), "{}", r.stderr);
}

#[test]
fn crlf_and_a_bom_keep_the_lines() {
    for text in [
        "default_profile: lab\r\nprofiles:\r\n  lab:\r\n    issuer: https://idp.example.com\r\n    api_version: v31.0\r\n",
        "\u{feff}default_profile: lab\nprofiles:\n  lab:\n    issuer: https://idp.example.com\n    api_version: v31.0\n",
    ] {
        let r = run(text, &[], &["config", "show", "-o", "json"]);
        assert_eq!(r.code, 0, "{}", all(&r));
        let report = r.report();
        assert_eq!(entry(&report, "issuer")["line"], 4);
        assert_eq!(entry(&report, "api_version")["line"], 5);
        assert_eq!(report["profile"]["line"], 1);
    }
}

/// Every line fits `width`, or is one token (a path, a URL) after its indentation.
fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        let w = textwrap::core::display_width(line);
        assert!(
            w <= width || line.split_whitespace().count() == 1,
            "{w} > {width} columns: {line:?}\n{text}"
        );
    }
}

#[test]
fn config_show_and_path_fit_80_and_60_columns() {
    let text = "\
profiles:
  lab:
    issuer: https://idp.example.com
    api_base: https://api-na1.niceincontact.com/a/very/long/prefix/for/the/corporate/proxy
    auth:
      secret_file: /home/someone/.config/cxone-diag/secrets/production-tenant.yaml
";
    let home = Home::with_file("c.yaml", text);
    for width in ["80", "60"] {
        for args in [&["config", "show"][..], &["config", "path"]] {
            let r = run_in(&home, &[("COLUMNS", width)], args);
            assert_eq!(r.code, 0, "{}", all(&r));
            assert_fits(&r.stdout, width.parse().unwrap());
        }
        // the value and its origin stay readable when they move to their own lines
        let r = run_in(&home, &[("COLUMNS", width)], &["config", "show"]);
        assert!(r.stdout.contains("(from "), "{}", r.stdout);
        assert!(
            r.stdout
                .contains("/home/someone/.config/cxone-diag/secrets/production-tenant.yaml"),
            "a path is never cut: {}",
            r.stdout
        );
    }
    // wide enough, every row is one line
    let r = run_in(&home, &[("COLUMNS", "200")], &["config", "show"]);
    assert!(!r.stdout.contains("(from "), "{}", r.stdout);
}

#[test]
fn a_swapped_profile_name_or_key_gets_a_suggestion() {
    let r = run(
        "profiles:\n  lab: {}\n  prod: {}\n",
        &[],
        &["config", "show", "--profile", "lba"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean lab?"), "{}", r.stderr);
    let r = run(
        "profiles:\n  lab: {}\n  prod: {}\n",
        &[],
        &["config", "show", "--profile", "zzzzzz"],
    );
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    let home = Home::with_file("c.yaml", "");
    let suite = home.write("s.yaml", "steps:\n  - simulate:\n      vai: signal\n");
    let r = run_in(
        &home,
        &[],
        &["--sandbox", "demo", "smoke", suite.to_str().unwrap()],
    );
    assert_eq!(r.code, 2, "{}", all(&r));
    assert!(r.stderr.contains("did you mean via?"), "{}", r.stderr);
}

#[test]
fn a_suite_step_value_gets_a_suggestion_too() {
    let home = Home::with_file("c.yaml", "");
    for (step, want) in [
        (
            "  - trace: 5823110\n    expect: handed-ovr\n",
            Some("did you mean handed-over?"),
        ),
        (
            "  - validate: c.yaml\n    kind: cognigy-sginal\n",
            Some("did you mean cognigy-signal?"),
        ),
        ("  - trace: 5823110\n    expect: zzzzzzzz\n", None),
    ] {
        let suite = home.write("s.yaml", &format!("steps:\n{step}"));
        let r = run_in(
            &home,
            &[],
            &["--sandbox", "demo", "smoke", suite.to_str().unwrap()],
        );
        assert_eq!(r.code, 2, "{}", all(&r));
        match want {
            Some(hint) => assert!(r.stderr.contains(hint), "{}", r.stderr),
            None => assert!(!r.stderr.contains("did you mean"), "{}", r.stderr),
        }
    }
}
