//! PDF bytes through both backends (seeded with small PDFs by `scripts/fuzz-seeds.py`, with
//! `fuzz/pdf.dict`). Built with `--cfg fuzzing`, a panic in hyoka's own code on the PDF thread
//! aborts (see `ingest::pdf::quiet_panics`) instead of becoming a page note.
#![no_main]
use hyoka::ingest::pdf::{read_with, Backend};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for backend in [Backend::Hayro, Backend::PdfExtract] {
        let _ = read_with(data, std::time::Duration::from_secs(3), backend);
    }
});
