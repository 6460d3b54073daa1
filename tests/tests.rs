//! The integration test suite: one binary, grouped by topic.

mod common;

mod bad_input;
mod contract;
mod encodings;
mod properties;
mod seed_000;
mod seed_002;
