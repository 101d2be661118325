//! The report views on results of the real checks (tests): they live here, above `report`, because the report layer does not import checks.

mod queue_health;
mod trace;
mod width;
