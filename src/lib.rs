//! cxone-diag: tells why a Cognigy bot to NICE CXone agent handover failed, or will fail.
//!
//! The binary is a thin shell over [`app::main`]; everything else is a library so that
//! integration tests, benchmarks and examples can use the same code.

pub mod app;
pub mod checks;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod cxone;
pub mod duration;
pub mod error;
pub mod id;
pub mod interrupt;
pub mod payload;
pub mod report;
pub mod sandbox;
pub mod secret_name;
pub mod suggest;

/// The flag matrix lives with the command line ([`cli::scope`]).
pub use cli::scope;
