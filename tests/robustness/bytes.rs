//! Arbitrary bytes through `payload::parse::document` (JSON, YAML, sniffed, NDJSON lines) and
//! on to validation: never a panic, always a value or a registered finding with a message.

use std::io::Cursor;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use cxone_diag::config::Rules;
use cxone_diag::payload::parse::{self, Syntax};
use cxone_diag::payload::source::{Line, Lines, StdinContent, sniff_stdin};
use cxone_diag::payload::{Checker, Inputs};

use crate::strategies as st;
use crate::support::check_finding;

/// The `line N` numbers a message quotes.
fn quoted_lines(message: &str) -> Vec<usize> {
    message
        .split("line ")
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// Parse `bytes` as one document starting at `line`, then validate what parsed.
fn parse_and_validate(
    checker: &Checker,
    bytes: &[u8],
    syntax: Syntax,
    line: usize,
) -> Result<(), TestCaseError> {
    match parse::document(bytes, syntax, line) {
        Ok(value) => {
            for f in checker.validate(&value, None).findings {
                check_finding(&f).map_err(|e| TestCaseError::fail(format!("{e} in {value}")))?;
            }
        }
        Err(f) => {
            check_finding(&f).map_err(TestCaseError::fail)?;
            prop_assert_eq!(
                f.path.as_deref(),
                Some(""),
                "a parse error is about the document"
            );
            // The error's own position counts from the document's first line. (A YAML
            // message may add libyaml's context mark, relative to the document, after it.)
            if let Some(&quoted) = quoted_lines(&f.message).first() {
                prop_assert!(
                    quoted >= line,
                    "{:?} quotes line {} of a document starting at line {}",
                    f.message,
                    quoted,
                    line
                );
            }
        }
    }
    Ok(())
}

#[test]
fn arbitrary_bytes_parse_to_a_value_or_a_finding() {
    let checker = Checker::new(&Rules::default(), Inputs::default());
    let syntax = prop_oneof![Just(Syntax::Json), Just(Syntax::Yaml), Just(Syntax::Sniff)];
    let first_line = prop_oneof![Just(1usize), 2usize..5, Just(100_000)];
    let mut runner = TestRunner::new(st::config(512));
    runner
        .run(
            &(st::bytes(), syntax, first_line),
            |(bytes, syntax, line)| parse_and_validate(&checker, &bytes, syntax, line),
        )
        .unwrap();
}

#[test]
fn arbitrary_bytes_as_ndjson_lines_and_as_stdin() {
    let checker = Checker::new(&Rules::default(), Inputs::default());
    let mut runner = TestRunner::new(st::config(256));
    runner
        .run(&prop::collection::vec(st::bytes(), 1..4), |docs| {
            let input = docs.join(&b"\n"[..]);
            let mut lines = Lines::new(Cursor::new(&input), 0);
            let mut last = 0;
            while let Some(line) = lines.next_line().unwrap() {
                let Line::Text(n) = line else {
                    return Err(TestCaseError::fail("no line here is over 2 MiB"));
                };
                prop_assert!(n > last, "line numbers grow: {} after {}", n, last);
                prop_assert!(!lines.bytes().contains(&b'\n'));
                last = n;
                let bytes = lines.bytes().to_vec();
                parse_and_validate(&checker, &bytes, Syntax::Json, n)?;
            }
            let newlines = input.iter().filter(|b| **b == b'\n').count();
            prop_assert!(last <= newlines + 1);

            match sniff_stdin(Cursor::new(&input)).unwrap() {
                StdinContent::Document(doc) => {
                    prop_assert!(input.starts_with(&doc), "stdin is read from its start");
                    parse_and_validate(&checker, &doc, Syntax::Sniff, 1)?;
                }
                StdinContent::Lines(head, _) => {
                    prop_assert_eq!(head.len(), 2);
                    let numbers: Vec<usize> = head
                        .iter()
                        .map(|(l, _)| match l {
                            Line::Text(n) | Line::TooLong(n, _) => *n,
                        })
                        .collect();
                    prop_assert!(numbers[0] < numbers[1]);
                }
            }
            Ok(())
        })
        .unwrap();
}
