//! The JUnit renderer: one `<testsuite>`, one `<testcase>` per subject, escaped by quick-xml.

use std::io::Cursor;

use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Finding, Report, Severity, Status, Subject};

/// Replace characters XML 1.0 forbids (most C0 controls, lone surrogates cannot occur in Rust).
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn finding_line(f: &Finding) -> String {
    let mut line = format!("[{}] {}: {}", f.severity.as_str(), f.code, f.message);
    if let Some(path) = &f.path {
        line.push_str(&format!(" (at {path})"));
    }
    if let Some(hint) = &f.hint {
        line.push_str(&format!("\n    hint: {hint}"));
    }
    line
}

fn lines(subject: &Subject, pick: impl Fn(Severity) -> bool) -> String {
    subject
        .findings
        .iter()
        .filter(|f| pick(f.severity))
        .map(finding_line)
        .collect::<Vec<_>>()
        .join("\n")
}

type W = Writer<Cursor<Vec<u8>>>;

fn text_element(w: &mut W, name: &str, attrs: &[(&str, &str)], body: &str) -> std::io::Result<()> {
    let mut start = BytesStart::new(name);
    for (k, v) in attrs {
        start.push_attribute((*k, xml_safe(v).as_str()));
    }
    w.write_event(Event::Start(start))?;
    w.write_event(Event::Text(BytesText::new(&xml_safe(body))))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn testcase(w: &mut W, command: &str, subject: &Subject) -> std::io::Result<()> {
    let name = match &subject.label {
        Some(label) => format!("{} {} ({label})", subject.kind, subject.id),
        None => format!("{} {}", subject.kind, subject.id),
    };
    let classname = format!("cxone-diag.{command}.{}", subject.kind);
    let mut start = BytesStart::new("testcase");
    start.push_attribute(("name", xml_safe(&name).as_str()));
    start.push_attribute(("classname", xml_safe(&classname).as_str()));
    start.push_attribute(("time", "0"));
    w.write_event(Event::Start(start))?;

    let first_message = |sev: Severity| {
        subject
            .findings
            .iter()
            .find(|f| f.severity == sev)
            .map(|f| (f.code.clone(), f.message.clone()))
    };
    match subject.status {
        Status::Error => {
            let (code, message) = subject
                .findings
                .last()
                .map(|f| (f.code.clone(), f.message.clone()))
                .unwrap_or_else(|| ("error".into(), "could not be judged".into()));
            let body = lines(subject, |_| true);
            text_element(w, "error", &[("message", &message), ("type", &code)], &body)?;
        }
        Status::Fail => {
            let (code, message) = first_message(Severity::Fail).unwrap_or_default();
            let body = lines(subject, |s| s == Severity::Fail);
            text_element(
                w,
                "failure",
                &[("message", &message), ("type", &code)],
                &body,
            )?;
        }
        Status::Pass | Status::Warn => {}
    }
    let out = lines(subject, |s| {
        s != Severity::Fail || subject.status == Status::Error
    });
    let facts = if subject.facts.is_empty() {
        String::new()
    } else {
        serde_json::to_string(&subject.facts).unwrap_or_default()
    };
    let system_out = match (out.is_empty(), facts.is_empty()) {
        (true, true) => String::new(),
        (false, true) => out,
        (true, false) => format!("facts: {facts}"),
        (false, false) => format!("{out}\nfacts: {facts}"),
    };
    if !system_out.is_empty() {
        w.write_event(Event::Start(BytesStart::new("system-out")))?;
        // CDATA keeps multi-line text readable; "]]>" cannot appear inside one section.
        for (i, part) in xml_safe(&system_out).split("]]>").enumerate() {
            if i > 0 {
                w.write_event(Event::Text(BytesText::new("]]>")))?;
            }
            w.write_event(Event::CData(BytesCData::new(part)))?;
        }
        w.write_event(Event::End(BytesEnd::new("system-out")))?;
    }
    w.write_event(Event::End(BytesEnd::new("testcase")))
}

fn write(report: &Report) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let s = &report.summary;
    let mut suite = BytesStart::new("testsuite");
    let name = format!("cxone-diag {}", report.command);
    let time = format!("{:.3}", report.elapsed_ms as f64 / 1000.0);
    suite.push_attribute(("name", name.as_str()));
    suite.push_attribute(("tests", s.total().to_string().as_str()));
    suite.push_attribute(("failures", s.fail.to_string().as_str()));
    suite.push_attribute(("errors", s.error.to_string().as_str()));
    suite.push_attribute(("skipped", "0"));
    suite.push_attribute(("time", time.as_str()));
    w.write_event(Event::Start(suite))?;
    for subject in &report.subjects {
        testcase(&mut w, &report.command, subject)?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuite")))?;
    let mut bytes = w.into_inner().into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// Render the report as a JUnit XML document.
pub fn render(report: &Report) -> String {
    let bytes = write(report).expect("writing XML into memory cannot fail");
    String::from_utf8(bytes).expect("the XML writer only emits UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, codes::general};

    fn sample() -> Report {
        let mut r = Report::new("validate-payload");
        let mut a = Subject::new("payload", "bad <&> \"file\".json");
        a.push(
            Finding::new(&general::INPUT_UNREADABLE, "broken ]]> \u{1} <tag> & more")
                .at("/p2")
                .hint("fix it"),
        );
        r.push(a);
        let mut b = Subject::new("payload", "warn.json");
        b.push(Finding::new(&general::INPUT_UNREADABLE, "w").severity(Severity::Warn));
        r.push(b);
        let mut c = Subject::new("skill", "42");
        c.error(Finding::new(&general::INPUT_UNREADABLE, "403 forbidden"));
        r.push(c);
        r.push(Subject::new("payload", "ok.json"));
        r.finish();
        r
    }

    #[test]
    fn junit_is_well_formed_and_counts_right() {
        let xml = render(&sample());
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let suite = doc.root_element();
        assert_eq!(suite.tag_name().name(), "testsuite");
        assert_eq!(suite.attribute("tests"), Some("4"));
        assert_eq!(suite.attribute("failures"), Some("1"));
        assert_eq!(suite.attribute("errors"), Some("1"));
        assert_eq!(suite.attribute("skipped"), Some("0"));
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), 4);
        assert_eq!(
            cases[0].attribute("name"),
            Some("payload bad <&> \"file\".json")
        );
        let failure = cases[0]
            .children()
            .find(|n| n.has_tag_name("failure"))
            .unwrap();
        assert!(
            failure
                .text()
                .unwrap()
                .contains("broken ]]> \u{FFFD} <tag> & more")
        );
        let out = cases[1]
            .children()
            .find(|n| n.has_tag_name("system-out"))
            .unwrap();
        let text: String = out.descendants().filter_map(|n| n.text()).collect();
        assert!(text.contains("[warn] input-unreadable: w"));
        assert!(cases[2].children().any(|n| n.has_tag_name("error")));
        assert!(cases[3].children().all(|n| !n.is_element()));
    }
}
