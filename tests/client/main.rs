//! Integration tests of the CXone client, profiles, authentication and `auth check`.
//!
//! Everything talks to httpmock on 127.0.0.1; the binary runs with an isolated home, so the
//! disk token cache of one test never meets another's.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod auth_check;
mod endpoints;
mod leak;
mod lists;
mod pager;
mod pages;
mod preview;
mod retry;
mod secret_names;
mod support;
mod tokens;
