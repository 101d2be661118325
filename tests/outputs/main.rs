//! Integration tests of what the tool writes besides stdout, through the built binary: report
//! and bundle paths checked before any work.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod paths;
mod support;
