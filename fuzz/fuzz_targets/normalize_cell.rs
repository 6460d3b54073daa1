//! The cell normalizer: never panics, and is idempotent. The input is read as UTF-8 with
//! invalid bytes replaced, so that every input runs.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = hyoka::normalize::normalize_cell(&text);
    let twice = hyoka::normalize::normalize_cell(&once);
    assert_eq!(once, twice, "normalize_cell is not idempotent on {text:?}");
});
