//! Robustness for unattended CI: property tests feeding arbitrary bytes and JSON to payload
//! parsing and validation, random files to the binary and random tenant faults to the client.

mod bytes;
mod faults;
mod files;
mod strategies;
mod support;
mod values;
