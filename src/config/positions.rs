//! Where each key of a configuration document is: `profiles.lab.issuer` → line 4, read from
//! the YAML parser's event markers (serde_yaml's values carry no positions).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The 1-based line of every mapping key, by dotted path (`http.timeout_s`); a key inside a
/// list is under its index (`rules.routing.0`). An unparsable document gives what was read.
pub fn key_lines(text: &str) -> HashMap<String, usize> {
    let mut walker = Walker::default();
    let mut parser = Parser::new_from_str(text);
    let _ = parser.load(&mut walker, false);
    walker.lines
}

/// One open collection: a mapping (waiting for a key, or for the value of `key`) or a list.
#[derive(Debug)]
enum Open {
    Mapping { key: Option<String> },
    Sequence { index: usize },
}

#[derive(Debug, Default)]
struct Walker {
    stack: Vec<Open>,
    lines: HashMap<String, usize>,
}

impl Walker {
    /// The dotted path of the value about to be read.
    fn path(&self) -> String {
        let parts: Vec<String> = self
            .stack
            .iter()
            .filter_map(|open| match open {
                Open::Mapping { key } => key.clone(),
                Open::Sequence { index } => Some(index.to_string()),
            })
            .collect();
        parts.join(".")
    }

    /// A value (scalar or collection) ended: the mapping around it waits for a key again.
    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Open::Mapping { key }) => *key = None,
            Some(Open::Sequence { index }) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => {
                if let Some(Open::Mapping { key: key @ None }) = self.stack.last_mut() {
                    *key = Some(text);
                    let path = self.path();
                    self.lines.entry(path).or_insert(mark.line());
                } else {
                    self.value_done();
                }
            }
            Event::Alias(_) => self.value_done(),
            Event::MappingStart(..) => self.stack.push(Open::Mapping { key: None }),
            Event::SequenceStart(..) => self.stack.push(Open::Sequence { index: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_get_their_lines() {
        let text = "\
default_profile: lab
profiles:
  lab:
    issuer: https://x.example.com
    auth:
      grant: access-key
  other: {issuer: https://y.example.com}
rules:
  routing:
    - intent: billing
      skill: 1
http:
  timeout_s: 3
";
        let lines = key_lines(text);
        assert_eq!(lines["default_profile"], 1);
        assert_eq!(lines["profiles"], 2);
        assert_eq!(lines["profiles.lab.issuer"], 4);
        assert_eq!(lines["profiles.lab.auth.grant"], 6);
        assert_eq!(lines["profiles.other.issuer"], 7);
        assert_eq!(lines["rules.routing.0.skill"], 11);
        assert_eq!(lines["http.timeout_s"], 13);
    }

    #[test]
    fn a_broken_document_gives_what_was_read() {
        let lines = key_lines("http:\n  timeout_s: 3\n  : [\n");
        assert_eq!(lines.get("http.timeout_s"), Some(&2));
    }
}
