//! Robustness for unattended CI: property tests feeding arbitrary bytes and JSON to payload
//! parsing and validation, random files to the binary and random tenant faults to the client,
//! and a leak test over every command at `-vv`.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod bytes;
mod faults;
mod files;
mod leak;
mod leak_profile;
mod leak_sandbox;
mod strategies;
mod support;
mod values;
