//! Structured text: the input (read as UTF-8, invalid bytes replaced) through the segmenter and
//! extractor in each rendering; an `Ok` document keeps the contract's invariants. Seeds are page-sized fragments of the bundled documents
//! (`scripts/fuzz-seeds.py`); besides libFuzzer's byte edits (with `fuzz/text.dict`), a quarter
//! of the mutations are line-level edits that splice in lines and cells of the bundled
//! documents, and cross-over joins two inputs at line ends.
#![no_main]
use hyoka_fuzz::{check_document, cross_lines, mutate_lines, Rng};
use libfuzzer_sys::{fuzz_crossover, fuzz_mutator, fuzz_target, fuzzer_mutate};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for rendering in [
        None,
        Some(hyoka::Rendering::TsvHtml),
        Some(hyoka::Rendering::Markdown),
        Some(hyoka::Rendering::Pdftotext),
        Some(hyoka::Rendering::Pdf),
    ] {
        let options = hyoka::Options {
            rendering,
            ..hyoka::Options::default()
        };
        if let Ok(doc) = hyoka::parse_text(&text, "UTF-8", "fuzz.txt", &options) {
            check_document(&doc);
            if let Some(r) = rendering {
                assert_eq!(doc.source.rendering, r, "the forced rendering is recorded");
            }
        }
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut rng = Rng::new(seed);
    if rng.below(4) == 0 {
        if let Some(len) = mutate_lines(data, size, max_size, &mut rng) {
            return len;
        }
    }
    fuzzer_mutate(data, size, max_size)
});

fuzz_crossover!(|data1: &[u8], data2: &[u8], out: &mut [u8], seed: u32| {
    cross_lines(data1, data2, out, &mut Rng::new(seed))
});
