//! The parts of `simulate-handoff` (the command itself is `commands::simulate_handoff`): options,
//! the payload and eligibility steps, the request plan, live safety, the handover, fallback,
//! verify and cleanup of each rehearsal, statistics and the audit log.

pub mod audit;
pub mod codes;
pub mod crm;
pub mod fallback;
pub mod handover;
pub mod intake;
pub mod options;
pub mod plan;
pub mod preflight;
pub mod rehearsal;
pub mod safety;
pub mod stats;
pub mod steps;
pub mod summary;
pub mod target;
pub mod verify;
pub mod writes;
