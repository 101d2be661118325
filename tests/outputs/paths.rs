//! Output paths that can never be written (a directory, a missing directory) are exit 2 before
//! any request, naming the path, instead of exit 3 after the whole run.

use crate::support::*;

/// Exit 2, nothing on stdout, no request sent, and a message naming `shown` with a hint.
fn refused_early(run: &Run, shown: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no report: {}", run.stdout);
    assert!(requests(run).is_empty(), "no request: {}", run.stderr);
    assert!(run.stderr.contains(shown), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_report_path_that_is_a_directory_is_exit_2_before_any_request() {
    let home = Home::new();
    std::fs::create_dir(home.join("somedir")).unwrap();
    for format in ["json", "junit"] {
        let spec = format!("{format}=somedir");
        let run = home.run(&[
            "-v",
            "--sandbox",
            "demo",
            "queue-health",
            "4201",
            "--report",
            &spec,
        ]);
        refused_early(&run, &format!("--report {spec}: somedir is a directory"));
    }
    let run = home.run(&["-v", "validate-payload", "-", "--report", "json=somedir/"]);
    refused_early(&run, "somedir/ is a directory");
}

#[test]
fn a_report_under_a_file_is_exit_2_and_a_missing_directory_is_created() {
    let home = Home::new();
    home.write("afile", "");
    for (spec, says) in [
        ("json=afile/r.json", "afile is not a directory"),
        (
            "junit=afile/sub/r.xml",
            "cannot create the directory afile/sub",
        ),
    ] {
        let run = home.run(&[
            "-v",
            "--sandbox",
            "demo",
            "queue-health",
            "4201",
            "--report",
            spec,
        ]);
        refused_early(&run, says);
    }
    let run = home.run(&[
        "--sandbox",
        "demo",
        "queue-health",
        "4201",
        "--report",
        "junit=reports/smoke.xml",
    ]);
    // demo's skill 4201 is healthy: exit 0.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(home.join("reports/smoke.xml").is_file());
}

#[test]
fn a_bundle_path_that_cannot_be_written_is_exit_2_before_any_request() {
    let home = Home::new();
    home.write("afile", "");
    std::fs::create_dir(home.join("somedir")).unwrap();
    for (path, says) in [
        ("somedir", "--save-bundle somedir: somedir is a directory"),
        ("afile/b.json", "afile is not a directory"),
    ] {
        let run = home.run(&[
            "-v",
            "--sandbox",
            "demo",
            "trace-conversation",
            "5823130",
            "--save-bundle",
            path,
        ]);
        refused_early(&run, says);
    }
    assert_eq!(std::fs::read_dir(home.join("somedir")).unwrap().count(), 0);
}

#[test]
fn good_paths_are_still_written() {
    let home = Home::new();
    let run = home.run(&[
        "--sandbox",
        "demo",
        "trace-conversation",
        "5823130",
        "--save-bundle",
        "b.json",
        "--report",
        "json=r.json",
        "--report",
        "junit=r.xml",
    ]);
    // demo's contact 5823130 is a judged failure: exit 1, and the report says so.
    assert_eq!(run.code, 1, "{}", run.stderr);
    for name in ["b.json", "r.json", "r.xml"] {
        assert!(home.join(name).is_file(), "{name}: {}", run.stderr);
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.join("r.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "fail", "{json:#}");
}

#[test]
fn two_outputs_naming_one_file_are_exit_2_before_any_request() {
    let home = Home::new();
    let run = home.run(&[
        "-v",
        "--sandbox",
        "demo",
        "queue-health",
        "4201",
        "--report",
        "json=X",
        "--report",
        "junit=./X",
    ]);
    refused_early(
        &run,
        "--report json=X and --report junit=./X name the same file",
    );
    let run = home.run(&[
        "-v",
        "--sandbox",
        "demo",
        "trace-conversation",
        "5823114",
        "--report",
        "json=X",
        "--save-bundle",
        "X",
    ]);
    refused_early(
        &run,
        "--report json=X and --save-bundle X name the same file",
    );
    assert!(!home.join("X").exists(), "nothing was written");
}
