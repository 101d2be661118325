//! `queue-health` through the built binary against sandbox tenants: verdicts, lookups, paging,
//! permission and server errors, exit codes, JSON facts, the human table, request counts and
//! `--watch`.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod agents;
mod errors;
mod interrupt;
mod lookup;
mod mocked;
mod pages;
mod requests;
mod support;
mod verdicts;
mod watch;
