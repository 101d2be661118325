//! The one synchronous CXone client: auth, discovery, retry, verbose trace, API models.

pub mod lenient;
pub mod models;
pub mod secret;
pub mod url;
