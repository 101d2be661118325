//! Integration tests of the sandbox tenant: the library in-process over real HTTP, and the binary's `sandbox serve` / `sandbox list`.

mod auth;
mod binary;
mod common;
mod contacts;
mod dfo;
mod dynamics;
mod faults;
mod observe;
mod scenarios;
mod skills;
