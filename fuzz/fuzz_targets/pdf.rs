//! PDF bytes (seeded from tests/data/pdf, with `fuzz/pdf.dict`) through both backends.
#![no_main]
use hyoka::ingest::pdf::{read_with, Backend};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for backend in [Backend::Hayro, Backend::PdfExtract] {
        let _ = read_with(data, std::time::Duration::from_secs(5), backend);
    }
});
