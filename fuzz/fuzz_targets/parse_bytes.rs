//! `parse_bytes` on arbitrary bytes (text in any encoding, or a PDF): a document or a typed
//! error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = hyoka::Options {
        pdf_time_limit: Some(std::time::Duration::from_secs(5)),
        ..hyoka::Options::default()
    };
    let _ = hyoka::parse_bytes(data, "fuzz.txt", &options);
});
