//! Integration tests of `trace-conversation` through the built binary, against the built-in
//! `demo` sandbox and the scenarios in `tests/fixtures/trace/`.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod bundle;
mod digital;
mod errors;
mod not_found;
mod pair;
mod recent;
mod support;
mod verdicts;
