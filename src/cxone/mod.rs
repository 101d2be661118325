//! The one synchronous CXone client: auth, discovery, retry, verbose trace, API models.
//!
//! Commands connect with `commands::session::connect` and call the typed endpoint methods of
//! [`Client`] ([`endpoints`]); failures are [`ApiError`]s that say what to fix.
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

pub mod auth;
pub mod call;
pub mod client;
pub mod codes;
pub mod discovery;
pub mod endpoints;
pub mod error;
pub mod family;
pub mod lenient;
pub mod models;
pub mod outbound;
pub mod pager;
pub mod paths;
pub mod pool;
pub mod record;
pub mod redact;
pub mod request;
pub mod retry;
pub mod secret;
pub mod token;
pub mod token_cache;
pub mod trace;
pub mod transport;

pub use call::Call;
pub use client::{Client, ClientOptions};
pub use error::{ApiError, ErrorKind, Stage};
pub use paths::{Api, Endpoint};
