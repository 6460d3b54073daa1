//! `parse_bytes` on arbitrary bytes (text in any encoding, or a PDF): a typed error, or a
//! document that keeps the contract's invariants; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = hyoka::Options {
        pdf_time_limit: Some(std::time::Duration::from_secs(3)),
        ..hyoka::Options::default()
    };
    match hyoka::parse_bytes(data, "fuzz.txt", &options) {
        Ok(doc) => hyoka_fuzz::check_document(&doc),
        Err(e) => {
            let _ = (e.code(), e.stage(), e.to_string());
        }
    }
});
