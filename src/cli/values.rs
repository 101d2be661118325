//! The value parsers of the command line: each flag's text becomes a typed value here, or clap
//! stops the run with exit 2 and a message that says what is wrong and how to fix it. The
//! parsers also give completions the values they can offer (kinds, codes, scenarios).

use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;

pub use crate::commands::flags::{
    CASE_NUMBER, FALLBACK_SKILL, IdFlag, RECENT_SKILL, SIGNAL_CONTACT, SKILL, TRACE_CONTACT,
    Window, parse_inject, parse_window,
};
use crate::id::Id;
use crate::payload::Kind;
use crate::report::Format;

/// How a [`Checked`] parser reads `(flag, text)`: the value, or the whole message (the flag,
/// the value, what is wrong, a hint).
type Parse<T> = Arc<dyn Fn(&str, &str) -> Result<T, String> + Send + Sync>;

/// A parser from a flag's text to `T`; `offer` lists values for completions.
#[derive(Clone)]
pub struct Checked<T> {
    parse: Parse<T>,
    offer: fn() -> Vec<PossibleValue>,
}

/// A [`Checked`] parser that offers nothing to completions.
fn checked<T>(
    parse: impl Fn(&str, &str) -> Result<T, String> + Send + Sync + 'static,
) -> Checked<T> {
    Checked {
        parse: Arc::new(parse),
        offer: Vec::new,
    }
}

impl<T> Checked<T> {
    /// The same parser, offering `offer` to completions.
    fn offering(self, offer: fn() -> Vec<PossibleValue>) -> Checked<T> {
        Checked { offer, ..self }
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Checked<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let flag = arg
            .and_then(clap::Arg::get_long)
            .map(|long| format!("--{long}"))
            .unwrap_or_default();
        let text = value
            .to_str()
            .ok_or_else(|| clap::Error::new(ErrorKind::InvalidUtf8).with_cmd(cmd))?;
        (self.parse)(&flag, text).map_err(|message| {
            clap::Error::raw(ErrorKind::ValueValidation, format!("{message}\n")).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let values = (self.offer)();
        (!values.is_empty()).then(|| Box::new(values.into_iter()) as Box<dyn Iterator<Item = _>>)
    }
}

/// A whole number in `lo..=hi`. A negative, fractional or huge value gets a message that
/// names the range (clap's own would call `-1` an unexpected argument).
pub fn whole<T>(
    lo: u64,
    hi: u64,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: TryFrom<u64> + Clone + Send + Sync + 'static,
{
    move |text: &str| {
        let t = text.trim();
        if !crate::id::all_digits(t.strip_prefix('-').unwrap_or(t)) {
            return Err(format!(
                "not a whole number; give a number from {lo} to {hi}"
            ));
        }
        t.parse::<u64>()
            .ok()
            .filter(|n| (lo..=hi).contains(n))
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| format!("out of range; give a number from {lo} to {hi}"))
    }
}

/// `--kind NAME`: a payload kind; an unknown name says the close ones and lists them all.
pub fn kind() -> Checked<Kind> {
    checked(|_: &str, name: &str| parse_kind(name)).offering(|| {
        use clap::ValueEnum;
        Kind::value_variants()
            .iter()
            .filter_map(Kind::to_possible_value)
            .collect()
    })
}

/// The payload kind `name` names, or the message for a usage error with suggestions.
pub fn parse_kind(name: &str) -> Result<Kind, String> {
    Kind::from_name(name).ok_or_else(|| {
        let all: Vec<&str> = Kind::all().iter().map(|k| k.name()).collect();
        let hint = crate::suggest::hint(name, all.iter().copied())
            .map(|h| format!("{h} "))
            .unwrap_or_default();
        format!(
            "unknown payload kind {name:?}\n  {hint}kinds: {}",
            all.join(", ")
        )
    })
}

/// `--report FORMAT=FILE`: a machine report in a file.
pub fn report_target() -> Checked<(Format, PathBuf)> {
    checked(|_: &str, spec: &str| parse_report_target(spec))
}

/// Parse one `--report FORMAT=FILE` (every format but `github`, which has no file form).
pub fn parse_report_target(spec: &str) -> Result<(Format, PathBuf), String> {
    let bad = || {
        format!(
            "--report {spec:?} is not FORMAT=FILE\n  use json=FILE, junit=FILE, sarif=FILE or human=FILE, e.g. --report junit=target/report.xml"
        )
    };
    let (format, file) = spec.split_once('=').ok_or_else(bad)?;
    let format = match format {
        "json" => Format::Json,
        "junit" => Format::Junit,
        "human" => Format::Human,
        "sarif" => Format::Sarif,
        _ => return Err(bad()),
    };
    if file.is_empty() {
        return Err(bad());
    }
    Ok((format, PathBuf::from(file)))
}

/// The statuses `--inject` asks the sandbox's handover call to answer first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statuses(pub Vec<u16>);

/// `--inject 503,503`: HTTP error statuses, comma-separated.
pub fn inject() -> Checked<Statuses> {
    checked(|flag: &str, text: &str| {
        parse_inject(text).map(Statuses).map_err(|why| {
            format!(
                "{flag} {text:?}: {why}\n  give HTTP error statuses separated by commas, e.g. --inject 503,503 or --inject 429"
            )
        })
    })
}

/// `--since 2h`, `--duration 10m`: a window in the grammar of [`crate::duration`].
pub fn window() -> Checked<Window> {
    checked(parse_window)
}

/// The value parser of the id flag `flag` (surrounding spaces ignored).
pub fn id(flag: IdFlag) -> Checked<Id> {
    checked(move |_: &str, text: &str| flag.check(text.trim()))
}

/// A finding code (`--allow`, `--warn`, `--deny`, `explain`): any text, checked where codes
/// from the configuration are too; completions offer every code.
pub fn code() -> Checked<String> {
    checked(|_: &str, text: &str| Ok(text.to_string())).offering(|| {
        crate::commands::codes::REGISTRY
            .all()
            .map(|c| PossibleValue::new(c.id).help(c.title))
            .collect()
    })
}

/// A sandbox scenario (`--sandbox`, `sandbox serve --scenario`): a file or a built-in name;
/// completions offer the built-in names.
pub fn scenario() -> Checked<String> {
    checked(|_: &str, text: &str| Ok(text.to_string())).offering(|| {
        crate::sandbox::builtin::names()
            .into_iter()
            .map(PossibleValue::new)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_targets_parse() {
        let (format, path) = parse_report_target("junit=target/x.xml").unwrap();
        assert_eq!(format, Format::Junit);
        assert_eq!(path, PathBuf::from("target/x.xml"));
        assert!(parse_report_target("xml=out").is_err());
        assert!(parse_report_target("json=").is_err());
        assert!(parse_report_target("json").is_err());
        assert!(parse_report_target("github=x").is_err());
    }

    #[test]
    fn an_unknown_kind_gets_suggestions() {
        assert_eq!(parse_kind("work-item"), Ok(Kind::WorkItem));
        let err = parse_kind("cognigy_signal").unwrap_err();
        assert!(
            err.contains("unknown payload kind \"cognigy_signal\""),
            "{err}"
        );
        assert!(err.contains("did you mean cognigy-signal?"), "{err}");
    }
}
