//! A scenario file served as a CXone tenant on loopback.
