//! Integration tests of the safety rules against hostile servers, environments and paths:
//! writes bound to hosts, redaction at every sink, clamps, memory caps. Only 127.0.0.1 is
//! ever contacted.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;
#[allow(dead_code)]
#[path = "../common/hostile.rs"]
mod hostile;

mod clamps;
mod config;
mod issuer;
mod lints;
mod redaction;
mod sandbox;
mod support;
mod unknown;
mod writes;
