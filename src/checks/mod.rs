//! Pure judgments over fetched data: queue health, contact diagnosis, eligibility.

pub mod eligibility;
