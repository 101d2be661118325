//! Integration tests of `trace-conversation` through the built binary, against the built-in
//! `demo` sandbox and the scenarios in `tests/fixtures/trace/`.

mod bundle;
mod digital;
mod errors;
mod pair;
mod recent;
mod support;
mod verdicts;
