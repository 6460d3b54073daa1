//! The cell normalizer: never panics, and is idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let once = hyoka::normalize::normalize_cell(text);
    let twice = hyoka::normalize::normalize_cell(&once);
    assert_eq!(once, twice, "normalize_cell is not idempotent on {text:?}");
});
