//! Support bundles: `--save-bundle` then `--bundle` offline gives the same report; the file
//! carries no token, no credential, no phone number and no customer name; bad files are exit 2.

use serde_json::Value;

use crate::support::{Home, Run, fixture, subject, without_time};

/// Trace live with `--save-bundle`, then replay offline; both runs and the bundle.
fn round_trip(home: &Home, scenario: &str, args: &[&str]) -> (Run, Run, String) {
    let path = home.path().join("bundle.json");
    let path_text = path.to_string_lossy().into_owned();
    let mut live_args = args.to_vec();
    live_args.extend(["--save-bundle", path_text.as_str()]);
    let live = home.trace(scenario, &live_args);
    assert!(
        live.stderr.contains("Saved"),
        "{args:?}: {}\n{}",
        live.stderr,
        live.stdout
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let replay = home.offline(&["--bundle", path_text.as_str(), "--output", "json", "-v"]);
    (live, replay, text)
}

fn assert_absent(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(!text.contains(n), "the bundle holds {n:?}");
    }
}

const DEMO_SECRETS: &[&str] = &[
    "sandbox-client-secret",
    "sandbox-access-key-secret",
    "SANDBOXKEYID",
    "sandbox-client\"",
    "eyJ",
    "Bearer",
    "access_token",
];

#[test]
fn a_voice_pair_round_trips_offline() {
    let home = Home::new();
    let (live, replay, text) = round_trip(&home, "demo", &["5823114"]);
    assert_eq!(live.code, 0);
    assert_eq!(replay.code, 0, "{}", replay.stderr);
    // nothing leaves the machine on replay
    assert!(replay.requests().is_empty(), "{}", replay.stderr);
    assert!(
        replay.stderr.contains("replay: GET ACD /contacts/5823114"),
        "{}",
        replay.stderr
    );
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["schema"], "cxone-diag/bundle/v1");
    assert_eq!(bundle["tool"]["name"], "cxone-diag");
    assert_eq!(
        bundle["trace"],
        serde_json::json!({"mode": "contact", "contactId": "5823114"})
    );
    assert_eq!(bundle["redaction"]["policy"], "cxone-diag/redaction/v1");
    let replayed = without_time(replay.report());
    assert_eq!(replayed, without_time(bundle["report"].clone()));
    assert_eq!(replayed, without_time(live.report()));
    // every exchange the trace made, each once, and no login
    let paths: Vec<&str> = bundle["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"/contacts/5823110/custom-data"),
        "{paths:?}"
    );
    assert!(paths.contains(&"/skills/4201/agents"), "{paths:?}");
    assert!(!paths.iter().any(|p| p.contains("token")), "{paths:?}");
    assert_absent(&text, DEMO_SECRETS);
    assert_absent(&text, &["+15555550110", "5555550110", "+18005550100"]);
    assert!(text.contains("[redacted]"));
}

#[test]
fn a_digital_case_round_trips_without_names_or_text() {
    let home = Home::new();
    let (live, replay, text) = round_trip(&home, "demo", &["--digital", "1042"]);
    assert_eq!(live.code, 0);
    let replayed = without_time(replay.report());
    assert_eq!(replayed, without_time(live.report()));
    let s = subject(&replayed, "case", "1042");
    assert_eq!(s["facts"]["diagnosis"], "handed-over");
    assert_eq!(s["facts"]["messages"]["total"], 43);
    assert_absent(&text, DEMO_SECRETS);
    assert_absent(
        &text,
        &[
            "Jordan",
            "Example",
            "Order status question",
            "transferring you",
        ],
    );
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["redaction"]["counts"]["messageText"], 43);
}

#[test]
fn recent_lists_round_trip() {
    let home = Home::new();
    let (live, replay, text) = round_trip(
        &home,
        "demo",
        &["--recent", "--abandoned-only", "--since", "1d"],
    );
    assert_eq!(live.code, 1);
    assert_eq!(replay.code, 1);
    assert_eq!(without_time(replay.report()), without_time(live.report()));
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["trace"]["since"], "1d");
    assert_eq!(bundle["trace"]["abandonedOnly"], true);
    assert_absent(&text, &["+15555550130", "+15555550140", "+18005550106"]);
}

#[test]
fn redaction_keeps_the_diagnosis_and_drops_the_customer_data() {
    let home = Home::new();
    let (live, replay, text) = round_trip(&home, &fixture("pii.yaml"), &["7001"]);
    assert_eq!(live.code, 1, "{}", live.stderr);
    let live = live.report();
    let s = subject(&live, "contact", "7001");
    assert_eq!(s["facts"]["diagnosis"], "bot-error");
    let replayed = replay.report();
    let r = subject(&replayed, "contact", "7001");
    assert_eq!(r["facts"]["diagnosis"], "bot-error");
    assert_eq!(r["status"], s["status"]);
    assert_eq!(r["facts"]["missingContext"], serde_json::json!([]));
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        without_time(replayed.clone()),
        without_time(bundle["report"].clone())
    );
    // the evidence quotes the error, with the phone number and address replaced
    let evidence = r["facts"]["evidence"].as_str().unwrap();
    assert!(
        evidence.contains("could not reach the CRM for caller [redacted]"),
        "{evidence}"
    );
    assert_absent(
        &text,
        &[
            "4915112345678",
            "+49 151 12345678",
            "498912345678",
            "Erika",
            "Mustermann",
            "erika@example.com",
            "eyJ",
            "pii-client-secret-value",
            "pii-access-key-secret-value",
            "PIIACCESSKEYID",
            "pii-client-id",
        ],
    );
    // what the checks read is kept
    assert!(text.contains("\"sessionId\""), "custom-data keys stay");
    assert!(text.contains("cog-7001"));
    assert!(text.contains("\"endReason\": \"Contact Ended\""));
}

#[test]
fn a_digital_case_with_customer_data_round_trips() {
    let home = Home::new();
    let (live, replay, text) = round_trip(&home, &fixture("pii.yaml"), &["--digital", "88"]);
    assert_eq!(live.code, 0, "{}", live.stderr);
    assert_eq!(without_time(replay.report()), without_time(live.report()));
    assert_absent(
        &text,
        &["Erika", "Mustermann", "4915112345678", "one moment"],
    );
    // agents keep their names: the evidence names who answered
    assert!(text.contains("Ada"));
}

#[test]
fn the_sentinel_bundle_has_no_exchange() {
    let home = Home::new();
    let (live, replay, text) = round_trip(&home, "demo", &["100000000000"]);
    assert_eq!((live.code, replay.code), (1, 1));
    let bundle: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["exchanges"], serde_json::json!([]));
}

#[test]
fn bad_bundles_are_exit_2_naming_the_file() {
    let home = Home::new();
    let cut = home.path().join("cut.json");
    std::fs::write(&cut, "{\"schema\": \"cxone-diag/bundle/v1\", \"trace\":").unwrap();
    let report = home.path().join("a-report.json");
    std::fs::write(
        &report,
        "{\"schema\": \"cxone-diag/report/v1\", \"subjects\": []}",
    )
    .unwrap();
    let shape = home.path().join("shape.json");
    std::fs::write(
        &shape,
        "{\"schema\": \"cxone-diag/bundle/v1\", \"trace\": {\"mode\": \"contact\"}}",
    )
    .unwrap();
    for (file, words) in [
        (cut, "not valid JSON"),
        (report, "not a cxone-diag bundle"),
        (shape, "malformed"),
        (home.path().join("missing.json"), "cannot read the bundle"),
    ] {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let run = home.offline(&["--bundle", file.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(&name), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(words), "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn a_bundle_with_a_bad_target_is_exit_2() {
    let home = Home::new();
    let (_, _, text) = round_trip(&home, "demo", &["5823120"]);
    let tampered = text.replace("\"contactId\": \"5823120\"", "\"contactId\": \"../skills\"");
    assert_ne!(tampered, text);
    let path = home.path().join("tampered.json");
    std::fs::write(&path, tampered).unwrap();
    let run = home.offline(&["--bundle", path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("tampered.json"), "{}", run.stderr);
}
