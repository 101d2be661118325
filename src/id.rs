//! `Id`: a CXone numeric id (contact, skill, case number, business unit), the one place that
//! says what such an id looks like.
//!
//! CXone ids are JSON integers on the wire (`contactId: 5823114`, `skillId: 4201`) and digits
//! in URL paths (`/contacts/{id}`, `/skills/{id}`); the API's integers are 64-bit, so an id has
//! at most [`MAX_DIGITS`] digits (the width of `i64::MAX`). See docs/cxone-api.md §3 and §4.

use std::fmt;
use std::str::FromStr;

/// The most digits an id has: the decimal width of a 64-bit integer (`9223372036854775807`).
pub const MAX_DIGITS: usize = 19;

/// A CXone numeric id: 1 to [`MAX_DIGITS`] ASCII digits (leading zeros kept as given).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(String);

/// Why a text is not an [`Id`]; `Display` is a clause for a message ("... is not a skill id:
/// {why}").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Nothing was given.
    Empty,
    /// A character that is not a digit (the first one).
    NotDigit(char),
    /// More digits than an id has.
    TooLong(usize),
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => f.write_str("it is empty"),
            IdError::NotDigit(c) => write!(f, "{c:?} is not a digit"),
            IdError::TooLong(n) => write!(
                f,
                "it has {n} digits, more than the {MAX_DIGITS} of a CXone id"
            ),
        }
    }
}

impl std::error::Error for IdError {}

/// True when every byte of `s` is an ASCII digit and there is at least one.
pub fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl Id {
    /// Check `text` as an id (spaces are not digits: trim first where they may surround one).
    pub fn parse(text: &str) -> Result<Id, IdError> {
        let t = text;
        if t.is_empty() {
            return Err(IdError::Empty);
        }
        if let Some(c) = t.chars().find(|c| !c.is_ascii_digit()) {
            return Err(IdError::NotDigit(c));
        }
        if t.len() > MAX_DIGITS {
            return Err(IdError::TooLong(t.len()));
        }
        Ok(Id(t.to_string()))
    }

    /// True when `text` is an id (see [`Id::parse`]).
    pub fn is_valid(text: &str) -> bool {
        Id::parse(text).is_ok()
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FromStr for Id {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Id, IdError> {
        Id::parse(s)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_within_the_width_of_an_i64_are_ids() {
        assert_eq!(Id::parse("5823114").unwrap().as_str(), "5823114");
        assert_eq!(Id::parse("4201").unwrap().to_string(), "4201");
        assert_eq!(Id::parse("0042").unwrap().as_str(), "0042");
        assert!(Id::is_valid(&i64::MAX.to_string()));
        assert!(Id::is_valid(&"9".repeat(MAX_DIGITS)));
    }

    #[test]
    fn digits() {
        assert!(all_digits("5823114"));
        assert!(!all_digits(""));
        assert!(!all_digits("58 23"));
        assert!(!all_digits("-1"));
    }

    #[test]
    fn anything_else_says_why() {
        assert_eq!(Id::parse(""), Err(IdError::Empty));
        assert_eq!(Id::parse(" 4201"), Err(IdError::NotDigit(' ')));
        assert_eq!(Id::parse("58 23"), Err(IdError::NotDigit(' ')));
        assert_eq!(Id::parse("-1"), Err(IdError::NotDigit('-')));
        assert_eq!(Id::parse("+1"), Err(IdError::NotDigit('+')));
        assert_eq!(Id::parse("42a"), Err(IdError::NotDigit('a')));
        assert_eq!(
            Id::parse("４２"),
            Err(IdError::NotDigit('４')),
            "ASCII digits only"
        );
        assert_eq!(
            Id::parse(&"1".repeat(MAX_DIGITS + 1)),
            Err(IdError::TooLong(MAX_DIGITS + 1))
        );
        assert!(
            IdError::TooLong(20)
                .to_string()
                .contains("more than the 19")
        );
        assert_eq!(IdError::NotDigit('x').to_string(), "'x' is not a digit");
    }
}
