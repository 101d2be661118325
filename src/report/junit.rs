//! The JUnit renderer: one `<testsuite>`, one `<testcase>` per subject, escaped by quick-xml.

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
        let path = if path.is_empty() {
            "(document root)"
        } else {
            path
        };
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

type W = Writer<Vec<u8>>;

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
        Status::Skipped => {
            // The reason is the first finding (the "not run: ..." one).
            let message = subject
                .findings
                .first()
                .map_or("not run", |f| f.message.as_str());
            let mut skipped = BytesStart::new("skipped");
            skipped.push_attribute(("message", xml_safe(message).as_str()));
            w.write_event(Event::Empty(skipped))?;
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

fn new_writer() -> W {
    Writer::new_with_indent(Vec::new(), b' ', 2)
}

/// The XML declaration and the `<testsuite>` start tag with the counts, time, start
/// `timestamp` and `hostname` of `totals` (a report whose subjects need not be kept).
pub fn head(totals: &Report) -> Vec<u8> {
    let (command, elapsed_ms) = (&totals.command, totals.elapsed_ms);
    let mut w = new_writer();
    let s = &totals.summary;
    let mut suite = BytesStart::new("testsuite");
    let name = format!("cxone-diag {command}");
    let time = format!("{:.3}", elapsed_ms as f64 / 1000.0);
    suite.push_attribute(("name", name.as_str()));
    suite.push_attribute(("tests", s.total().to_string().as_str()));
    suite.push_attribute(("failures", s.fail.to_string().as_str()));
    suite.push_attribute(("errors", s.error.to_string().as_str()));
    suite.push_attribute(("skipped", s.skipped.to_string().as_str()));
    suite.push_attribute(("time", time.as_str()));
    if let Some(start) = totals.meta.started(elapsed_ms) {
        let timestamp = super::meta::junit_timestamp(start);
        suite.push_attribute(("timestamp", timestamp.as_str()));
    }
    if let Some(host) = &totals.meta.hostname {
        suite.push_attribute(("hostname", xml_safe(host).as_str()));
    }
    // Writing into memory cannot fail.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = w.write_event(Event::Start(suite));
    w.into_inner()
}

/// Renders `<testcase>` elements one at a time, indented as inside the `<testsuite>` of
/// [`head`], so a streamed document is byte-identical to [`render`]'s.
pub struct Cases {
    writer: W,
    command: String,
}

impl Cases {
    /// A case renderer for `command`'s report.
    pub fn new(command: &str) -> Cases {
        let mut writer = new_writer();
        // Put the writer's indentation inside a suite, then drop those bytes: `head` writes them.
        let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let _ = writer.write_event(Event::Start(BytesStart::new("testsuite")));
        writer.get_mut().clear();
        Cases {
            writer,
            command: command.to_string(),
        }
    }

    /// The `<testcase>` of `subject`.
    pub fn case(&mut self, subject: &Subject) -> Vec<u8> {
        // Writing into memory cannot fail.
        let _ = testcase(&mut self.writer, &self.command, subject);
        std::mem::take(self.writer.get_mut())
    }

    /// The closing `</testsuite>` and the final newline.
    pub fn tail(mut self) -> Vec<u8> {
        let _ = self
            .writer
            .write_event(Event::End(BytesEnd::new("testsuite")));
        let mut bytes = std::mem::take(self.writer.get_mut());
        bytes.push(b'\n');
        bytes
    }
}

/// Render the report as a JUnit XML document.
pub fn render(report: &Report) -> String {
    let mut bytes = head(report);
    let mut cases = Cases::new(&report.command);
    for subject in &report.subjects {
        bytes.extend(cases.case(subject));
    }
    bytes.extend(cases.tail());
    String::from_utf8_lossy(&bytes).into_owned()
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

    /// The document written by one writer in one pass (how `render` worked before streaming).
    fn single_writer(report: &Report) -> String {
        let mut w = new_writer();
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .unwrap();
        let head = String::from_utf8(head(report)).unwrap();
        let start = &head[head.find("<testsuite").unwrap() + 1..head.len() - 1];
        w.write_event(Event::Start(BytesStart::from_content(
            start,
            "testsuite".len(),
        )))
        .unwrap();
        for subject in &report.subjects {
            testcase(&mut w, &report.command, subject).unwrap();
        }
        w.write_event(Event::End(BytesEnd::new("testsuite")))
            .unwrap();
        let mut bytes = w.into_inner();
        bytes.push(b'\n');
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn pieces_assemble_to_the_one_pass_document() {
        let report = sample();
        assert_eq!(render(&report), single_writer(&report));
        let empty = Report::new("validate-payload");
        assert_eq!(render(&empty), single_writer(&empty));
        assert!(roxmltree::Document::parse(&render(&empty)).is_ok());
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
