//! Pure judgments over fetched data: queue health, contact diagnosis.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_possible_wrap
    )
)]

// queue-health and trace-conversation (checks branch)
pub mod agents;
pub mod case;
pub mod codes;
pub mod contact;
pub mod diagnosis;
pub mod digital;
pub mod evidence;
pub mod queue;
pub mod recent;
#[cfg(test)]
mod rendered;
pub mod skill_lookup;
pub mod time;
pub mod timeline;
pub mod verdict;
