//! Integration tests of what the tool writes besides stdout, through the built binary: report
//! and bundle paths checked before any work, and the modes of the files written.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod modes;
mod paths;
mod support;
