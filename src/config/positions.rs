//! Where each key of a configuration document is: `profiles.lab.issuer` → line 4, read from
//! the YAML parser's event markers (serde_yaml's values carry no positions).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The 1-based line of every mapping key, by dotted path (`http.timeout_s`); a key inside a
/// list is under its index (`rules.routing.0`). An unparsable document gives what was read.
///
/// A key reached through an alias (`lab: *common`) has the line where the anchored node
/// (`base: &common`) writes it.
pub fn key_lines(text: &str) -> HashMap<String, usize> {
    walk(text).lines
}

/// A key given twice in one mapping: its dotted path and the lines of both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The dotted path of the key (`http.timeout_s`).
    pub path: String,
    /// The line of its first occurrence.
    pub first: usize,
    /// The line where it is given again.
    pub again: usize,
}

/// Every key given twice in one mapping, in document order.
pub fn duplicate_keys(text: &str) -> Vec<Duplicate> {
    walk(text).duplicates
}

fn walk(text: &str) -> Walker {
    let mut walker = Walker::default();
    let mut parser = Parser::new_from_str(text);
    let _ = parser.load(&mut walker, false);
    walker
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
    duplicates: Vec<Duplicate>,
    /// The dotted path of each anchored collection, by anchor id.
    anchors: HashMap<usize, String>,
    /// The text of each anchored scalar, by anchor id (an alias may be a key).
    scalars: HashMap<usize, String>,
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

    /// A scalar: a key (its line kept, a repeat noted) or a value.
    fn scalar(&mut self, text: String, line: usize) {
        if let Some(Open::Mapping { key: key @ None }) = self.stack.last_mut() {
            *key = Some(text);
            let path = self.path();
            match self.lines.get(&path) {
                Some(&first) => self.duplicates.push(Duplicate {
                    path,
                    first,
                    again: line,
                }),
                None => {
                    self.lines.insert(path, line);
                }
            }
        } else {
            self.value_done();
        }
    }

    /// A collection about to open carries anchor `id` (0: none): remember where it is.
    fn anchor(&mut self, id: usize) {
        if id > 0 {
            self.anchors.insert(id, self.path());
        }
    }

    /// An alias of anchor `id` is the value here: every key under the anchored collection is
    /// also under this path, at the anchored key's line.
    fn copy_anchored(&mut self, id: usize) {
        let Some(from) = self.anchors.get(&id) else {
            return;
        };
        let here = self.path();
        let copies: Vec<(String, usize)> = self
            .lines
            .iter()
            .filter_map(|(path, line)| {
                let rest = if from.is_empty() {
                    Some(path.as_str())
                } else {
                    path.strip_prefix(from.as_str())?.strip_prefix('.')
                };
                let to = match (here.is_empty(), rest?) {
                    (true, rest) => rest.to_string(),
                    (false, rest) => format!("{here}.{rest}"),
                };
                Some((to, *line))
            })
            .collect();
        for (path, line) in copies {
            self.lines.entry(path).or_insert(line);
        }
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
            Event::Scalar(text, _, anchor, _) => {
                if anchor > 0 {
                    self.scalars.insert(anchor, text.clone());
                }
                self.scalar(text, mark.line());
            }
            Event::Alias(id) => {
                if let Some(Open::Mapping { key: None }) = self.stack.last() {
                    if let Some(text) = self.scalars.get(&id).cloned() {
                        self.scalar(text, mark.line());
                    }
                    return;
                }
                self.copy_anchored(id);
                self.value_done();
            }
            Event::MappingStart(anchor, _) => {
                self.anchor(anchor);
                self.stack.push(Open::Mapping { key: None });
            }
            Event::SequenceStart(anchor, _) => {
                self.anchor(anchor);
                self.stack.push(Open::Sequence { index: 0 });
            }
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
    fn an_alias_has_the_lines_of_its_anchor() {
        let text = "\
profiles:
  base: &common
    issuer: https://x.example.com
    auth: &auth
      grant: access-key
  lab: *common
  other:
    auth: *auth
    api_version: &v v31.0
x: {*v : 1}
";
        let lines = key_lines(text);
        assert_eq!(lines["profiles.lab.issuer"], 3);
        assert_eq!(lines["profiles.lab.auth.grant"], 5);
        assert_eq!(lines["profiles.other.auth.grant"], 5);
        assert_eq!(lines["profiles.other.api_version"], 9);
        assert_eq!(lines["x.v31.0"], 10, "an alias as a key");
        assert!(duplicate_keys(text).is_empty());
    }

    #[test]
    fn a_repeated_key_names_both_lines() {
        let text = "http:\n  timeout_s: 3\n  concurrency: 2\n  timeout_s: 4\nprofiles:\n  lab: {production: true,\n    production: false}\n";
        assert_eq!(
            duplicate_keys(text),
            [
                Duplicate {
                    path: "http.timeout_s".into(),
                    first: 2,
                    again: 4
                },
                Duplicate {
                    path: "profiles.lab.production".into(),
                    first: 6,
                    again: 7
                }
            ]
        );
        assert_eq!(key_lines(text)["http.timeout_s"], 2);
    }

    #[test]
    fn a_broken_document_gives_what_was_read() {
        let lines = key_lines("http:\n  timeout_s: 3\n  : [\n");
        assert_eq!(lines.get("http.timeout_s"), Some(&2));
    }
}
