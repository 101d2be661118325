//! The leak test through a profile: `sandbox serve` runs the leak scenario as a child process,
//! the secrets come from `CXONE_*` variables, tokens are cached on disk and refreshed after the
//! tenant expires them. No output, report file, bundle or audit log holds a secret or any token
//! actually issued, and bundles and audit logs hold no customer data.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use serde_json::Value;

use crate::leak::{Artifacts, CLIENT_ID, CLIENT_SECRET, Clean, KEY_ID, KEY_SECRET, fixture};
use crate::support::{Home, Run, check_report};

/// `cxone-diag sandbox serve` on a free port, stopped (by its pid) when dropped.
struct Serve {
    child: Child,
    base: String,
}

impl Serve {
    fn start(home: &Home) -> Serve {
        let log = std::fs::File::create(home.join("serve.log")).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cxone-diag"))
            .env_clear()
            .env("HOME", home.path())
            .arg("--config")
            .arg(home.join("config.yaml"))
            .args(["sandbox", "serve", "--port", "0", "--scenario"])
            .arg(fixture("leak.yaml"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        // Read the base URL from the first line, then keep draining stdout so that the
        // export lines it prints next never meet a closed pipe.
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let base = first.trim().to_string();
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "serve printed {first:?}"
        );
        Serve { child, base }
    }

    /// `METHOD /_sandbox/PATH` on the sandbox.
    fn debug(&self, method: reqwest::Method, path: &str) -> Value {
        reqwest::blocking::Client::new()
            .request(method, format!("{}/_sandbox/{path}", self.base))
            .send()
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .unwrap_or(Value::Null)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every token value in the on-disk token cache under `dir`.
fn cached_tokens(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if let Ok(Value::Object(o)) = serde_json::from_str::<Value>(&text) {
            for key in ["access_token", "refresh_token", "id_token"] {
                if let Some(t) = o.get(key).and_then(Value::as_str) {
                    out.push(t.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn a_profile_with_secrets_in_the_environment_leaks_nothing() {
    let home = Home::new();
    let serve = Serve::start(&home);
    home.config(&format!(
        "default_profile: lab\nprofiles:\n  lab:\n    issuer: {base}\n    api_base: {base}\n    dfo_base: {base}\n    allow_writes: true\n    production: false\n",
        base = serve.base
    ));
    let mut artifacts = Artifacts::default();
    let mut n = 0;
    let payload = |name: &str| fixture("payloads").join(name).display().to_string();
    let suite = fixture("leak-smoke.yaml").display().to_string();
    // `expect`: the exit code of the run (the tenant is fixed, so each verdict is known).
    let mut run = |args: &[&str], artifacts: &mut Artifacts, expect: i32| -> Run {
        n += 1;
        let (json, junit) = (format!("p-{n}.json"), format!("p-{n}.xml"));
        let mut cmd = home.cmd();
        cmd.env("CXONE_CLIENT_ID", CLIENT_ID)
            .env("CXONE_CLIENT_SECRET", CLIENT_SECRET)
            .env("CXONE_ACCESS_KEY_ID", KEY_ID)
            .env("CXONE_ACCESS_KEY_SECRET", KEY_SECRET)
            .args(["-vv", "--output", ["human", "json", "junit"][n % 3]])
            .args(args)
            .args([
                "--report",
                &format!("json={json}"),
                "--report",
                &format!("junit={junit}"),
            ]);
        let run = Run::of(cmd, format!("{args:?}"));
        assert_eq!(run.checked_code().unwrap(), expect, "{}", run.dump());
        artifacts.run(&run, Clean::OfSecrets);
        let report: Value =
            serde_json::from_str(&artifacts.file(&home.join(&json), Clean::OfSecrets)).unwrap();
        check_report(&report, report["command"].as_str().unwrap()).unwrap();
        artifacts.file(&home.join(&junit), Clean::OfSecrets);
        run
    };

    run(&["auth", "check"], &mut artifacts, 0);
    run(&["queue-health", "--all"], &mut artifacts, 1);
    // The next run finds its cached token refused and refreshes it.
    serve.debug(reqwest::Method::POST, "expire-tokens");
    let traced = run(
        &[
            "--raw-bodies",
            "trace-conversation",
            "5823110",
            "--save-bundle",
            "p-contact.json",
        ],
        &mut artifacts,
        0,
    );
    assert!(traced.stderr.contains("+49176235110"), "{}", traced.dump());
    run(
        &[
            "trace-conversation",
            "--digital",
            "1042",
            "--save-bundle",
            "p-case.json",
        ],
        &mut artifacts,
        0,
    );
    let rehearsals: [&[&str]; 3] = [
        &[
            "--via",
            "work-item",
            "--point-of-contact",
            "Callback WorkItem",
        ],
        &["--via", "signal", "--contact-id", "5823201"],
        &["--via", "digital", "--channel-id", "byoc_demo"],
    ];
    let files = [
        "work-item-customer.json",
        "signal-customer.json",
        "dfo-customer.json",
    ];
    for (i, (how, file)) in rehearsals.iter().zip(files).enumerate() {
        let log = format!("p-audit-{i}.log");
        let mut args = vec![
            "simulate-handoff",
            "--live",
            "--yes",
            "--verify-timeout",
            "5",
        ];
        args.extend_from_slice(how);
        let file = payload(file);
        args.extend(["--audit-log", &log, &file]);
        let rehearsed = run(&args, &mut artifacts, 0);
        assert!(
            rehearsed.stderr.contains("Authorization: Bearer ***"),
            "the live plan names the header, not the token: {}",
            rehearsed.dump()
        );
        artifacts.file(&home.join(&log), Clean::OfSecretsAndCustomerData);
    }
    run(&["smoke", &suite], &mut artifacts, 1);
    run(&["auth", "check", "--no-token-cache"], &mut artifacts, 0);
    for bundle in ["p-contact.json", "p-case.json"] {
        artifacts.file(&home.join(bundle), Clean::OfSecretsAndCustomerData);
    }

    // The refresh really happened, and the cache holds the tokens the runs used.
    let requests = serve.debug(reqwest::Method::GET, "requests");
    let refreshed = requests.as_array().unwrap().iter().any(|r| {
        r["path"] == "/auth/token"
            && r["body"]
                .as_str()
                .is_some_and(|b| b.contains("grant_type=refresh_token"))
    });
    assert!(refreshed, "no refresh_token grant in {requests:#}");
    let tokens = cached_tokens(&home.join("cache"));
    assert!(
        tokens.iter().any(|t| t.starts_with("sbx_at_")) && tokens.len() >= 3,
        "the token cache holds the access, refresh and id tokens: {tokens:?}"
    );
    artifacts.assert_clean(&tokens);
}
