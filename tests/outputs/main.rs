//! Integration tests of what the tool writes besides stdout, through the built binary: report
//! and bundle paths checked before any work, the modes of the files written, the man page and
//! `explain` in every `--output` format.

// Each test crate uses only part of the shared helpers.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod config_show;
mod explain;
mod flags;
mod hostile_annotations;
mod hostile_config;
mod hostile_meta;
mod hostile_terminal;
mod man;
mod modes;
mod paths;
mod schema;
mod suggest;
mod support;
mod width80;
