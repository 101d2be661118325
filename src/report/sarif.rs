//! The SARIF 2.1.0 renderer (`--output sarif`, `--report sarif=FILE`), for code scanning.
//!
//! One run: `tool.driver` names this tool and lists every registered finding code as a rule
//! (title, explanation, default level); each finding is a result with its rule, level
//! (`fail` → `error`, `warn` → `warning`, `info` → `note`), message and location: the input
//! file (relative to the current directory when it is below it) and the line and column of
//! the finding's JSON pointer, or the subject as a logical location when it is no file (a
//! skill, a contact). Columns count Unicode characters (`columnKind: unicodeCodePoints`).
//!
//! Written with serde_json rather than the `serde-sarif` crate: the document needs a handful
//! of objects, and the pieces ([`head`], [`results`], [`tail`]) must be writable one subject
//! at a time for streaming, which a whole-document type would not allow. The test suite
//! validates the output against the OASIS schema (tests/fixtures/payload/sarif/).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::{Finding, Report, Severity, Subject, codes};

/// Where the tool is described (the package's homepage or repository, else its crate page).
pub fn information_uri() -> &'static str {
    match (env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")) {
        (home, _) if !home.is_empty() => home,
        (_, repo) if !repo.is_empty() => repo,
        _ => "https://crates.io/crates/cxone-diag",
    }
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Fail => "error",
        Severity::Warn => "warning",
        Severity::Info => "note",
    }
}

/// Index of each code in the rule list (registry order).
fn rule_index(id: &str) -> Option<usize> {
    static INDEX: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    INDEX
        .get_or_init(|| codes::all().enumerate().map(|(i, c)| (c.id, i)).collect())
        .get(id)
        .copied()
}

fn rules() -> Vec<Value> {
    codes::all()
        .map(|c| {
            json!({
                "id": c.id,
                "shortDescription": {"text": c.title},
                "fullDescription": {"text": c.explain},
                "help": {"text": format!("{}\n\nRun `cxone-diag explain {}` for the same text.", c.explain, c.id)},
                "defaultConfiguration": {"level": level(c.severity)},
            })
        })
        .collect()
}

/// The document up to and including the `[` that opens the run's results.
pub fn head(command: &str) -> String {
    let driver = json!({
        "name": env!("CARGO_PKG_NAME"),
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": information_uri(),
        "rules": rules(),
    });
    let automation = json!({"id": format!("cxone-diag/{command}/")});
    format!(
        "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"automationDetails\":{automation},\"columnKind\":\"unicodeCodePoints\",\"results\":["
    )
}

/// The input file of a finding of `subject`, when it has a position in one: the subject id,
/// less the `:LINE` suffix of an NDJSON record. Only a `.ndjson` / `.jsonl` file has records
/// (as `validate-payload` reads them), so a whole file named `w.json:2` keeps its name.
pub fn file_of<'s>(subject: &'s Subject, finding: &Finding) -> Option<&'s str> {
    let line = finding.line?;
    let id = subject.id.as_str();
    let suffix = format!(":{line}");
    Some(match id.strip_suffix(&suffix) {
        Some(file) if records_of(file) => file,
        _ => id,
    })
}

/// Whether `file` is read one record per line (`.ndjson`, `.jsonl`, any case).
fn records_of(file: &str) -> bool {
    Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ndjson") || e.eq_ignore_ascii_case("jsonl"))
}

/// `path` as a URI reference: relative (forward slashes) when it is relative or below `cwd`,
/// else an absolute `file://` URI; unsafe characters percent-encoded.
pub fn uri_of(path: &str, cwd: Option<&Path>) -> String {
    let p = Path::new(path);
    let (relative, shown): (bool, PathBuf) = if p.is_absolute() {
        match cwd.and_then(|c| p.strip_prefix(c).ok()) {
            Some(rest) => (true, rest.to_path_buf()),
            None => (false, p.to_path_buf()),
        }
    } else {
        (
            true,
            p.components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect(),
        )
    };
    let text = shown.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len() + 8);
    if !relative {
        out.push_str("file://");
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn result(subject: &Subject, f: &Finding, cwd: Option<&Path>) -> Value {
    let mut text = f.message.clone();
    if let Some(hint) = f.hint.as_deref().filter(|h| !h.is_empty()) {
        text.push_str("\nHint: ");
        text.push_str(hint);
    }
    let location = match (file_of(subject, f), f.line) {
        (Some(file), Some(line)) => {
            let mut region = json!({"startLine": line});
            if let Some(column) = f.column {
                region["startColumn"] = json!(column);
            }
            json!({"physicalLocation": {
                "artifactLocation": {"uri": uri_of(file, cwd)},
                "region": region,
            }})
        }
        _ => json!({"logicalLocations": [{
            "name": subject.id,
            "fullyQualifiedName": format!("{} {}", subject.kind, subject.id),
        }]}),
    };
    let mut result = json!({
        "ruleId": f.code,
        "level": level(f.severity),
        "message": {"text": text},
        "locations": [location],
    });
    if let Some(i) = rule_index(&f.code) {
        result["ruleIndex"] = json!(i);
    }
    if let Some(path) = &f.path {
        result["properties"] = json!({"jsonPointer": path, "subject": subject.id});
    } else {
        result["properties"] = json!({"subject": subject.id});
    }
    result
}

/// Append the results of `subject`'s findings to `out`; `any` says whether a result was
/// written before (and becomes true when one is).
pub fn results(out: &mut String, subject: &Subject, any: &mut bool, cwd: Option<&Path>) {
    for f in &subject.findings {
        out.push_str(if *any { ",\n" } else { "\n" });
        out.push_str(&result(subject, f, cwd).to_string());
        *any = true;
    }
}

/// The end of the document: closes the results and records the invocation (success, start
/// and end time from `totals`).
pub fn tail(totals: &Report, any: bool) -> String {
    let mut invocation = json!({
        "executionSuccessful": totals.summary.error == 0,
    });
    let at =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    if let Some(start) = totals.meta.started(totals.elapsed_ms) {
        invocation["startTimeUtc"] = json!(at(start));
    }
    if let Some(end) = totals.meta.generated_at {
        invocation["endTimeUtc"] = json!(at(end));
    }
    format!(
        "{}],\"invocations\":[{invocation}]}}]}}\n",
        if any { "\n" } else { "" }
    )
}

/// Render the report as a SARIF 2.1.0 document; file locations relative to `cwd`.
pub fn render(report: &Report, cwd: Option<&Path>) -> String {
    let mut out = head(&report.command);
    let mut any = false;
    for subject in &report.subjects {
        results(&mut out, subject, &mut any, cwd);
    }
    out.push_str(&tail(report, any));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::codes::general;

    fn sample() -> Report {
        let mut r = Report::new("validate-payload");
        let mut a = Subject::new("payload", "dir/my file.ndjson:3");
        let mut f = Finding::new(&general::INPUT_UNREADABLE, "bad")
            .at("/p2")
            .hint("fix");
        (f.line, f.column) = (Some(3), Some(7));
        a.push(f);
        a.push(Finding::new(&general::RUN_INTERRUPTED, "w").severity(Severity::Warn));
        r.push(a);
        let mut b = Subject::new("skill", "4242");
        b.push(Finding::new(&general::INPUT_UNREADABLE, "i").severity(Severity::Info));
        r.push(b);
        r.finish();
        r
    }

    #[test]
    fn results_have_rules_levels_and_locations() {
        let v: Value = serde_json::from_str(&render(&sample(), None)).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), codes::all().count());
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        let r0 = &results[0];
        assert_eq!(r0["ruleId"], "input-unreadable");
        assert_eq!(
            rules[r0["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "input-unreadable"
        );
        assert_eq!(r0["level"], "error");
        assert_eq!(r0["message"]["text"], "bad\nHint: fix");
        let phys = &r0["locations"][0]["physicalLocation"];
        assert_eq!(phys["artifactLocation"]["uri"], "dir/my%20file.ndjson");
        assert_eq!(phys["region"], json!({"startLine": 3, "startColumn": 7}));
        assert_eq!(results[1]["level"], "warning");
        assert!(results[1]["locations"][0]["logicalLocations"].is_array());
        assert_eq!(results[2]["level"], "note");
    }

    #[test]
    fn uris_are_relative_below_the_current_directory() {
        let cwd = Path::new("/work/repo");
        assert_eq!(uri_of("./a/b.json", Some(cwd)), "a/b.json");
        assert_eq!(uri_of("/work/repo/a/b.json", Some(cwd)), "a/b.json");
        assert_eq!(
            uri_of("/elsewhere/b c.json", Some(cwd)),
            "file:///elsewhere/b%20c.json"
        );
        assert_eq!(uri_of("é.json", None), "%C3%A9.json");
    }

    #[test]
    fn a_whole_file_keeps_its_name() {
        let s = Subject::new("payload", "a.json");
        let mut f = Finding::new(&general::INPUT_UNREADABLE, "m");
        f.line = Some(3);
        assert_eq!(file_of(&s, &f), Some("a.json"));
        // a whole file whose name ends in `:3` is no NDJSON record
        assert_eq!(
            file_of(&Subject::new("payload", "w.json:3"), &f),
            Some("w.json:3")
        );
        assert_eq!(
            file_of(&Subject::new("payload", "d/x.JSONL:3"), &f),
            Some("d/x.JSONL")
        );
        f.line = None;
        assert_eq!(file_of(&s, &f), None);
    }
}
