//! Integration tests of `listen`: the built binary on port 0, driven by an HTTP client, with
//! an upstream fixture that records what it is sent.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod forward;
mod lifecycle;
mod save;
mod support;
mod verdicts;
