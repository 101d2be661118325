//! Integration tests of the sandbox tenant: the library in-process over real HTTP, and the binary's `sandbox serve` / `sandbox list`.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod auth;
mod binary;
mod contacts;
mod dfo;
mod dynamics;
mod faults;
mod observe;
mod paging;
mod scenarios;
mod skills;
mod support;
