//! Integration tests of `simulate-handoff`: the real binary, offline against its sandbox and live
//! against httpmock or a sandbox started in the test process. Only 127.0.0.1 is ever contacted.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod audit;
mod baseline;
mod cleanup;
mod contact_used;
mod crm;
mod dry_run;
mod faults;
mod interrupt;
mod live;
mod offline;
mod pages;
mod preflight;
mod repeat;
mod skipped;
mod stops;
mod support;
mod unreadable;
mod usage;
