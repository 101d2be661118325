//! `smoke SUITE.yaml`: run payload, skill, contact and rehearsal steps into one report.

pub mod suite;
