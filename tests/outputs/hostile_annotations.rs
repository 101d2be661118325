//! SARIF and GitHub annotations from `validate-payload` with hostile inputs: file names with
//! `%`, `,`, `:`, `::`, spaces and non-ASCII letters; values with CR, LF and `%`; a byte order
//! mark and CRLF line ends; a whole file whose name ends like an NDJSON record (`w.json:2`);
//! stdin; and a tenant run, whose findings have no file.

use serde_json::Value;

use crate::common;
use crate::support::Home;

/// The findings' shared payload: `p1` wrong (at line 2, column 3 when pretty-printed).
const SIGNAL: &str = "{\n  \"p1\": \"escalate\",\n  \"p2\": \"{}\",\n  \"contactId\": \"5\"\n}\n";

fn run_in(home: &Home, env: &[(&str, &str)], args: &[&str], stdin: Option<&str>) -> common::Run {
    let mut cmd = home.cmd();
    cmd.current_dir(home.path()).env_remove("GITHUB_ACTIONS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    cmd.args(args);
    common::run(cmd)
}

/// `-o github validate-payload FILE` in `home`: the annotations.
fn github(home: &Home, file: &str) -> String {
    run_in(home, &[], &["-o", "github", "validate-payload", file], None).stdout
}

/// `-o sarif validate-payload FILE` in `home`: the document, checked against the schema.
fn sarif(home: &Home, file: &str) -> Value {
    let r = run_in(home, &[], &["-o", "sarif", "validate-payload", file], None);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_sarif(&doc);
    doc
}

/// The document validates against the OASIS SARIF 2.1.0 schema the payload tests use.
fn assert_sarif(doc: &Value) {
    let schema = common::fixture("payload", "sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let first = validator.iter_errors(doc).next().map(|e| e.to_string());
    assert_eq!(first, None, "{doc:#}");
}

/// `(uri, line, column)` of each SARIF result.
fn places(doc: &Value) -> Vec<(String, u64, u64)> {
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            let p = &r["locations"][0]["physicalLocation"];
            Some((
                p["artifactLocation"]["uri"].as_str()?.to_string(),
                p["region"]["startLine"].as_u64()?,
                p["region"]["startColumn"].as_u64()?,
            ))
        })
        .collect()
}

/// `file` in `home` is annotated starting with `annotation` and placed at `place` in SARIF.
fn assert_placed(home: &Home, file: &str, annotation: &str, place: (&str, u64, u64)) {
    let text = github(home, file);
    assert!(text.starts_with(annotation), "{text}");
    let (uri, line, column) = place;
    assert_eq!(
        places(&sarif(home, file))[0],
        (uri.to_string(), line, column)
    );
}

#[test]
fn hostile_file_names_are_escaped_in_annotations_and_sarif() {
    let home = Home::new();
    std::fs::create_dir(home.join("in dir")).unwrap();
    for (file, annotation, uri) in [
        (
            "in dir/a,b:c%d ::é.json",
            "::error file=in dir/a%2Cb%3Ac%25d %3A%3Aé.json,line=2,col=3,title=signal-p1-invalid::",
            "in%20dir/a%2Cb%3Ac%25d%20%3A%3A%C3%A9.json",
        ),
        // a whole file named like an NDJSON record keeps its name
        (
            "w.json:2",
            "::error file=w.json%3A2,line=2,col=3,",
            "w.json%3A2",
        ),
    ] {
        home.write(file, SIGNAL);
        assert_placed(&home, file, annotation, (uri, 2, 3));
    }
}

#[test]
fn cr_lf_and_percent_stay_on_one_annotation_line() {
    let home = Home::new();
    // a value that forges a second command, in a file whose name holds CR and LF
    let name = "m\r\nx.json";
    home.write(
        name,
        "{\"p1\": \"esc%25\\r\\n::error file=x::forged\", \"p2\": \"{}\", \"contactId\": \"5\"}",
    );
    let r = run_in(
        &home,
        &[],
        &["-o", "github", "validate-payload", name],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one finding, one line: {:?}", r.stdout);
    assert!(!r.stdout.contains('\r'), "{:?}", r.stdout);
    assert!(
        lines[0].starts_with("::error file=m%0D%0Ax.json,line=1,col=2,title=signal-p1-invalid::"),
        "{}",
        lines[0]
    );
    // `%` is escaped first, so `%25` in the data reads back as `%25`, not `%`; the hint's
    // line break is `%0A`
    assert!(lines[0].contains("esc%2525"), "{}", lines[0]);
    assert!(lines[0].contains("%0Ahint: "), "{}", lines[0]);
}

#[test]
fn a_bom_and_crlf_keep_lines_and_columns_in_every_format() {
    let home = Home::new();
    home.write(
        "b.json",
        &format!("\u{feff}{}", SIGNAL.replace('\n', "\r\n")),
    );
    assert_placed(
        &home,
        "b.json",
        "::error file=b.json,line=2,col=3,",
        ("b.json", 2, 3),
    );
    let r = run_in(
        &home,
        &[],
        &["-o", "json", "validate-payload", "b.json"],
        None,
    );
    let f = &r.report()["subjects"][0]["findings"][0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(3))
    );
}

#[test]
fn columns_are_unicode_code_points_as_the_sarif_says() {
    let home = Home::new();
    // 😀 is one code point but two UTF-16 code units: `p1` starts at code point 12, not 13
    home.write(
        "u.json",
        "{\"x\": \"😀\", \"p1\": \"escalate\", \"p2\": \"{}\", \"contactId\": \"5\"}",
    );
    assert_eq!(
        sarif(&home, "u.json")["runs"][0]["columnKind"],
        "unicodeCodePoints"
    );
    assert_placed(
        &home,
        "u.json",
        "::error file=u.json,line=1,col=12,",
        ("u.json", 1, 12),
    );
}

#[test]
fn findings_without_a_file_still_annotate() {
    let home = Home::new();
    // stdin (a document, and NDJSON records) is no file: the annotation names the subject
    for (input, subject) in [
        (SIGNAL.to_string(), "payload -: "),
        (
            SIGNAL.replace('\n', "") + "\n" + &SIGNAL.replace('\n', ""),
            "payload stdin:2: ",
        ),
    ] {
        let r = run_in(
            &home,
            &[],
            &["-o", "github", "validate-payload", "-"],
            Some(&input),
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stdout
                .lines()
                .any(|l| l.starts_with("::error title=signal-p1-invalid::") && l.contains(subject)),
            "{}",
            r.stdout
        );
        let r = run_in(
            &home,
            &[],
            &["-o", "sarif", "validate-payload", "-"],
            Some(&input),
        );
        assert_sarif(&serde_json::from_str(&r.stdout).unwrap());
    }
    // a tenant run under --output github: its problems, not its facts
    let r = run_in(
        &home,
        &[],
        &["--sandbox", "demo", "-o", "github", "queue-health", "4202"],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("::error title=skill-inactive::skill 4202: "),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("::notice"), "{}", r.stdout);
}
