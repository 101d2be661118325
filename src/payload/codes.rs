//! Finding codes of payload validation.

crate::codes! {}
