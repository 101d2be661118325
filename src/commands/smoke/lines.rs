//! Where a step of a suite file starts, so that an error about a step's values names its line.
//!
//! serde_yaml gives positions only in its errors, so the text is parsed again with a reader
//! that skips to the step and refuses it: the refusal's location is the step's line. Only
//! done for a step that is wrong, so a good suite is parsed once.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The line (1-based) where step `index` (0-based) of the suite in `text` starts, if found
/// (`text` is a suite that parsed).
pub fn step_line(text: &str, index: usize) -> Option<usize> {
    let err = FindStep(index)
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .err()?;
    err.location().map(|l| l.line())
}

/// Reads a suite, skipping every key but `steps`.
struct FindStep(usize);

impl<'de> DeserializeSeed<'de> for FindStep {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FindStep {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a suite")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "steps" {
                map.next_value_seed(Steps(self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// Reads the steps, skipping those before the one sought, and refusing that one.
struct Steps(usize);

impl<'de> DeserializeSeed<'de> for Steps {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Steps {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of steps")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for _ in 0..self.0 {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Here)?;
        Ok(())
    }
}

/// Refuses whatever it is given: the error carries the position of the step.
struct Here;

impl<'de> DeserializeSeed<'de> for Here {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Here {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("nothing")
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom("here"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_and_flow_steps() {
        let text = "\
name: x   # steps: [not this]
# a comment
steps:
  - trace: 1
    expect: handed-over

  - name: second
    digital: 2
  - {queue-health: all}
";
        assert_eq!(step_line(text, 0), Some(4));
        assert_eq!(step_line(text, 1), Some(7));
        assert_eq!(step_line(text, 2), Some(9));
        assert_eq!(step_line(text, 3), None);
        let flow = "name: x\nsteps: [{trace: 1},\n  {digital: 2}]\n";
        assert_eq!(step_line(flow, 0), Some(2));
        assert_eq!(step_line(flow, 1), Some(3));
    }
}
