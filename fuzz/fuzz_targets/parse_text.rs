//! Structured text: any UTF-8 string through the segmenter and extractor in each rendering.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
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
        let _ = hyoka::parse_text(text, "UTF-8", "fuzz.txt", &options);
    }
});
