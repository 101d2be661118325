//! Redaction at the sink: a server echoing the bearer token, the Basic value or the refresh
//! token into data and errors cannot get them onto stdout, stderr or any report file.

use crate::support::*;

#[test]
fn echoed_credentials_never_reach_stdout_stderr_or_report_files_at_any_verbosity() {
    let t = echo_tenant();
    let home = lab_home(&t.base(), "http:\n  max_attempts: 1\n");
    for (format, verbosity) in [("json", "-v"), ("human", "-vv"), ("junit", "-vv")] {
        let r = run(
            &home,
            &[
                verbosity,
                "-o",
                format,
                "--report",
                "json=out/r.json",
                "--report",
                "junit=out/r.xml",
                "--report",
                "human=out/r.txt",
                "queue-health",
                "4001",
            ],
        );
        assert!(r.code < 100, "{}", r.stderr);
        assert!(
            r.stdout.contains("Billing ***") || r.stdout.contains("Billing \\u002a"),
            "the echoed token was in the data and was masked: {}",
            r.stdout
        );
        assert_clean("stdout", &r.stdout);
        assert_clean("stderr", &r.stderr);
        for file in ["out/r.json", "out/r.xml", "out/r.txt"] {
            let text = std::fs::read_to_string(home.join(file)).unwrap();
            assert_clean(file, &text);
        }
    }
    assert!(
        t.requests()
            .iter()
            .any(|r| r.header("authorization") == format!("Bearer {ACCESS_TOKEN}"))
    );
}

#[test]
fn a_token_endpoint_echoing_the_basic_value_leaks_nothing() {
    let t = crate::hostile::Hostile::start(|req| {
        let echoed = req.credential();
        crate::hostile::Resp::json(
            400,
            serde_json::json!({"error": "invalid_client", "error_description": format!("bad client {echoed} / Basic {echoed}")}),
        )
    });
    let home = lab_home(&t.base(), "http:\n  max_attempts: 1\n");
    let r = run(
        &home,
        &[
            "-vv",
            "-o",
            "json",
            "--report",
            "junit=r.xml",
            "auth",
            "check",
        ],
    );
    assert!(r.code < 100, "{}", r.stderr);
    assert!(
        r.stdout.contains("invalid_client") || r.stderr.contains("invalid_client"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    assert_clean("stdout", &r.stdout);
    assert_clean("stderr", &r.stderr);
    assert_clean(
        "r.xml",
        &std::fs::read_to_string(home.join("r.xml")).unwrap(),
    );
}

#[test]
fn customer_data_in_vv_bodies_is_masked_unless_raw_bodies() {
    let scenario = crate::common::fixture("robustness", "leak.yaml");
    let sb = cxone_diag::sandbox::Sandbox::start(scenario.to_str().unwrap(), 0).unwrap();
    let home = sandbox_home(&sb, "");
    let c = sb.credentials();
    let trace = |extra: &[&str]| {
        let mut cmd = sandbox_cmd(&home, &sb);
        cmd.args(["-vv", "-o", "json"]).args(extra).args([
            "trace-conversation",
            "--digital",
            "1042",
        ]);
        crate::common::run(cmd)
    };
    let masked = trace(&[]);
    assert!(masked.stderr.contains("< body:"), "{}", masked.stderr);
    assert!(masked.stderr.contains("[redacted]"), "{}", masked.stderr);
    assert!(!masked.stderr.contains("Ottoline"), "{}", masked.stderr);
    let raw = trace(&["--raw-bodies"]);
    assert!(raw.stderr.contains("Ottoline"), "{}", raw.stderr);
    assert!(
        !raw.stderr.contains(&c.client_secret),
        "secrets stay masked"
    );
}

/// Every file under `dir` (recursively), with its text.
fn files_under(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}

#[test]
fn every_output_of_every_command_at_vv_is_clean_against_an_echoing_tenant() {
    let t = echo_tenant();
    let home = lab_home(&t.base(), "http:\n  max_attempts: 1\n");
    std::fs::write(
        home.join("p.json"),
        r#"{"p1":"Escalate","p2":"{}","contactId":"5823201"}"#,
    )
    .unwrap();
    std::fs::write(
        home.join("suite.yaml"),
        "name: s\nsteps:\n  - queue-health: {skill: 4001}\n",
    )
    .unwrap();
    let commands: [&[&str]; 7] = [
        &["auth", "check"],
        &["queue-health", "4001"],
        &["queue-health", "--all"],
        &[
            "trace-conversation",
            "5823201",
            "--save-bundle",
            "out/bundle.json",
        ],
        &[
            "trace-conversation",
            "--recent",
            "--save-bundle",
            "out/recent.json",
        ],
        &[
            "simulate-handoff",
            "--live",
            "--yes",
            "--via",
            "work-item",
            "--point-of-contact",
            "Callback WorkItem",
            "--audit-log",
            "out/audit.jsonl",
        ],
        &["validate-payload", "p.json"],
    ];
    for (i, args) in commands.iter().enumerate() {
        let reports = [
            format!("json=out/{i}.json"),
            format!("junit=out/{i}.xml"),
            format!("human=out/{i}.txt"),
        ];
        let mut all = vec!["-vv", "-o", "json"];
        for r in &reports {
            all.extend(["--report", r.as_str()]);
        }
        all.extend(args.iter().copied());
        let r = run(&home, &all);
        assert!(
            r.code < 100 && !r.stderr.contains("panicked"),
            "{args:?}: {}",
            r.stderr
        );
        assert_clean(&format!("stdout of {args:?}"), &r.stdout);
        assert_clean(&format!("stderr of {args:?}"), &r.stderr);
    }
    let smoke = run(&home, &["-vv", "smoke", "suite.yaml"]);
    assert_clean("stdout of smoke", &smoke.stdout);
    assert_clean("stderr of smoke", &smoke.stderr);
    let files = files_under(&home.join("out"));
    assert!(
        files.len() >= 21,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (path, text) in files {
        assert_clean(&path, &text);
    }
    assert!(t.hits() > 10, "the tenant was asked and echoed");
}

/// The pieces of `secret` a hostile server can cut it into: a line break in the middle, the
/// start cut off, and base64 of it behind `Bearer ` (a misaligned encoding).
fn fragments(secret: &str) -> Vec<(String, String)> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(format!("Bearer {secret}"));
    vec![
        (
            "its end after a line break".into(),
            secret[14..].to_string(),
        ),
        ("its middle".into(), secret[4..secret.len() - 4].to_string()),
        (
            "its base64 behind `Bearer `".into(),
            b64[12..b64.len() - 4].to_string(),
        ),
    ]
}

#[test]
fn a_token_split_cut_or_encoded_off_its_alignment_leaks_no_piece() {
    let t = crate::hostile::Hostile::start(|req| {
        let path = req.path.split('?').next().unwrap_or_default().to_string();
        if path == "/auth/token" {
            return token();
        }
        let tok = req.credential();
        let b64 = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("Bearer {tok}"),
        );
        crate::hostile::Resp::json(
            200,
            serde_json::json!({"skills": [{"skillId": 4001,
                "skillName": format!("Billing {}\n{}", &tok[..14], &tok[14..]),
                "campaignName": format!("{} / {b64}", &tok[4..tok.len() - 4]),
                "mediaTypeId": 4, "mediaTypeName": "Phone Call", "isActive": true,
                "isOutbound": false}]}),
        )
    });
    let home = lab_home(&t.base(), "http:\n  max_attempts: 1\n");
    let r = run(
        &home,
        &[
            "-vv",
            "--report",
            "json=out/r.json",
            "--report",
            "junit=out/r.xml",
            "queue-health",
            "4001",
        ],
    );
    assert!(r.code < 100, "{}", r.stderr);
    let outputs = [
        ("stdout", r.stdout.clone()),
        ("stderr", r.stderr.clone()),
        (
            "out/r.json",
            std::fs::read_to_string(home.join("out/r.json")).unwrap(),
        ),
        (
            "out/r.xml",
            std::fs::read_to_string(home.join("out/r.xml")).unwrap(),
        ),
    ];
    for (what, text) in outputs {
        for (name, piece) in fragments(ACCESS_TOKEN) {
            assert!(
                !text.contains(&piece),
                "{what} holds {name} of the access token:\n{text}"
            );
        }
    }
}
