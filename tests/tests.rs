//! The integration test suite: one binary, grouped by topic.

mod common;

mod bad_input;
mod batch;
mod bodies;
mod categories;
mod contract;
mod cover;
mod editions;
mod encodings;
mod findings;
mod fuzz_regressions;
mod harness;
mod pdf;
mod properties;
mod report;
mod seed_000;
mod seed_001;
mod seed_002;
mod seed_003;
mod seed_004;
