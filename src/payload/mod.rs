//! Offline handover payloads: kinds, detection and rules. No network, no terminal.

pub mod codes;
