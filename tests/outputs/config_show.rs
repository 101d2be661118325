//! `config show`: each value of the resolved profile with where it came from (default,
//! file:line, environment variable, flag), credentials only as set or not; `config path`: the
//! files looked for and the one used.

use serde_json::Value;

use crate::support::*;

const CONFIG: &str = "\
default_profile: lab
profiles:
  lab:
    issuer: https://cxone.niceincontact.com
    api_version: v31.0
    allow_writes: true
    production: false
  other: {}
http:
  timeout_s: 9
";

/// A home with CONFIG as ./cxone-diag.yaml (found by the lookup, no --config).
fn home() -> Home {
    Home::with_file("cxone-diag.yaml", CONFIG)
}

/// The entry for `key` in a JSON `config show` list.
fn entry<'a>(list: &'a Value, key: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {list}"))
}

#[test]
fn each_value_says_where_it_came_from() {
    let home = home();
    let mut cmd = home.isolated();
    cmd.env("CXONE_API_BASE", "https://api-na1.niceincontact.com")
        .env("CXONE_CLIENT_SECRET", "s3cr3t-value-never-shown")
        .args(["config", "show"]);
    let run = crate::common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    let line = |key: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("no {key}: {out}"))
            .to_string()
    };
    assert!(out.contains("profile lab (cxone-diag.yaml:1)"), "{out}");
    assert!(line("issuer").ends_with("cxone-diag.yaml:4"), "{out}");
    assert!(line("api_version").contains("v31.0"), "{out}");
    assert!(line("api_version").ends_with("cxone-diag.yaml:5"), "{out}");
    assert!(line("api_base").ends_with("env CXONE_API_BASE"), "{out}");
    assert!(line("token_url").ends_with("default"), "{out}");
    assert!(line("production").contains("false"), "{out}");
    assert!(
        line("http.timeout_s").ends_with("cxone-diag.yaml:10"),
        "{out}"
    );
    assert!(line("http.max_attempts").ends_with("default"), "{out}");
    assert!(
        line("client_secret").contains("***  env CXONE_CLIENT_SECRET"),
        "{out}"
    );
    assert!(line("client_id").contains("not set"), "{out}");
    assert!(
        !out.contains("s3cr3t") && !run.stderr.contains("s3cr3t"),
        "{out}"
    );
}

#[test]
fn flags_and_json_name_their_origin() {
    let home = home();
    let mut cmd = home.isolated();
    cmd.env("CXONE_ACCESS_KEY_SECRET", "k3y-s3cr3t").args([
        "--no-token-cache",
        "-o",
        "json",
        "config",
        "show",
        "--profile",
        "other",
    ]);
    let run = crate::common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("k3y-s3cr3t"));
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(v["profile"]["name"], "other");
    assert_eq!(v["profile"]["source"], "flag");
    assert_eq!(v["profile"]["flag"], "--profile");
    assert_eq!(v["config_file"], "cxone-diag.yaml");
    let issuer = entry(&v["values"], "issuer");
    assert_eq!(issuer["source"], "default", "{issuer}");
    assert_eq!(issuer["value"], "https://cxone.niceincontact.com");
    let cache = entry(&v["settings"], "token_cache");
    assert_eq!(cache["value"], "false");
    assert_eq!(cache["source"], "flag");
    let timeout = entry(&v["settings"], "http.timeout_s");
    assert_eq!(
        (timeout["source"].as_str(), timeout["line"].as_u64()),
        (Some("file"), Some(10))
    );
    let secret = entry(&v["credentials"], "access_key_secret");
    assert_eq!(secret["set"], true);
    assert_eq!(secret["var"], "CXONE_ACCESS_KEY_SECRET");
}

#[test]
fn the_environment_profile_is_named_as_such() {
    let home = home();
    let mut cmd = home.isolated();
    cmd.env("CXONE_DIAG_PROFILE", "other")
        .args(["-o", "json", "config", "show"]);
    let run = crate::common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["profile"]["source"], "env");
    assert_eq!(v["profile"]["var"], "CXONE_DIAG_PROFILE");
    assert!(
        run.stderr.is_empty(),
        "no note: config show uses the profile"
    );
}

#[test]
fn config_path_lists_the_lookup_and_the_file_used() {
    let home = home();
    let mut cmd = home.isolated();
    cmd.args(["config", "path"]);
    let run = crate::common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[1].contains("--config") && lines[1].contains("not given"),
        "{out}"
    );
    assert!(lines[3].contains("cxone-diag.yaml  (used)"), "{out}");
    // at the default 100 columns the long user-dir path puts its state on the next line
    assert!(lines[4..].join(" ").contains("not looked at"), "{out}");
    assert!(out.ends_with("used: cxone-diag.yaml\n"), "{out}");

    home.write("other.yaml", "");
    let mut cmd = home.isolated();
    cmd.args(["--config", "other.yaml", "-o", "json", "config", "path"]);
    let run = crate::common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["used"], "other.yaml");
    assert_eq!(v["searched"][0]["origin"], "--config");
    assert_eq!(v["searched"][0]["used"], true);
    assert_eq!(v["searched"][2]["used"], false);
    assert_eq!(v["searched"].as_array().unwrap().len(), 4);

    let empty = Home::temp();
    let mut cmd = empty.isolated();
    cmd.args(["config", "path"]);
    let run = crate::common::run(cmd);
    assert!(
        run.stdout.ends_with("used: none (built-in defaults)\n"),
        "{}",
        run.stdout
    );
}
