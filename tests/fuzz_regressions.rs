//! Replays the inputs kept from fuzzing, `tests/data/fuzz/<target>/`: every finding (minimized,
//! named after what it broke) and a small minimized set of the campaign's corpus (`cargo fuzz
//! cmin`, then the smallest inputs that keep the coverage). Each file goes through the same call
//! and the same checks as its fuzz target in `fuzz/fuzz_targets/`: no panic, a typed error or a
//! document that keeps the contract's invariants, PDFs read in time with no panic caught in
//! hyoka's own code, and an idempotent cell normalizer.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use hyoka::ingest::pdf::{own_panics_caught, read_with, Backend};
use hyoka::{Document, ItemType, Options, Rendering, Status, Value};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!("{what} panicked: {msg}")
    })
}

/// The same invariants as the fuzz targets check (`fuzz/src/lib.rs`).
fn check_document(name: &str, doc: &Document) {
    for item in &doc.items {
        match item.status {
            Status::Ok | Status::Inferred => assert!(
                !item.value.is_null(),
                "{name}: {} has status {:?} but a null value",
                item.id,
                item.status
            ),
            Status::Missing | Status::Ambiguous | Status::Invalid => assert!(
                match &item.value {
                    Value::Null | Value::Checkbox(None) => true,
                    Value::CheckboxSet(opts) => opts.iter().all(|o| o.checked.is_none()),
                    _ => false,
                },
                "{name}: {} has status {:?} but a definite value {:?}",
                item.id,
                item.status,
                item.value
            ),
        }
        assert!(
            matches!(
                (item.kind, &item.value),
                (_, Value::Null)
                    | (ItemType::Choice, Value::Choice(_))
                    | (ItemType::Checkbox, Value::Checkbox(_))
                    | (ItemType::CheckboxSet, Value::CheckboxSet(_))
                    | (ItemType::Text | ItemType::Date, Value::Text(_))
                    | (ItemType::Count, Value::Count(_))
            ),
            "{name}: {} of type {:?} has a value of another shape: {:?}",
            item.id,
            item.kind,
            item.value
        );
    }
    let cov = &doc.coverage;
    assert!(
        (0.0..=1.0).contains(&cov.ratio),
        "{name}: ratio {}",
        cov.ratio
    );
    assert!(cov.accounted_chars <= cov.total_chars, "{name}: coverage");
    serde_json::to_string(doc).unwrap_or_else(|e| panic!("{name}: {e}"));
}

#[test]
fn parse_bytes_replays() {
    let options = Options {
        pdf_time_limit: Some(Duration::from_secs(3)),
        ..Options::default()
    };
    let (mut docs, mut errors) = (0, 0);
    for (name, bytes) in inputs("parse_bytes") {
        let before = own_panics_caught();
        match no_panic(&name, || hyoka::parse_bytes(&bytes, "fuzz.txt", &options)) {
            Ok(doc) => {
                check_document(&name, &doc);
                docs += 1;
            }
            Err(e) => {
                assert!(!e.code().is_empty(), "{name}: {e}");
                assert!(e.to_string().contains("fuzz.txt"), "{name}: {e}");
                errors += 1;
            }
        }
        assert_eq!(
            own_panics_caught(),
            before,
            "{name}: a panic in hyoka's PDF code"
        );
    }
    // The kept set reaches extraction, not only the decoder's and recognizer's errors.
    assert!(docs > 0 && errors > 0, "{docs} documents, {errors} errors");
}

#[test]
fn parse_text_replays() {
    let mut docs = 0;
    for (name, bytes) in inputs("parse_text") {
        let text = String::from_utf8_lossy(&bytes);
        for rendering in [
            None,
            Some(Rendering::TsvHtml),
            Some(Rendering::Markdown),
            Some(Rendering::Pdftotext),
            Some(Rendering::Pdf),
        ] {
            let options = Options {
                rendering,
                ..Options::default()
            };
            let result = no_panic(&name, || {
                hyoka::parse_text(&text, "UTF-8", "fuzz.txt", &options)
            });
            if let Ok(doc) = result {
                check_document(&name, &doc);
                if let Some(r) = rendering {
                    assert_eq!(doc.source.rendering, r, "{name}");
                }
                docs += 1;
            }
        }
    }
    assert!(docs > 0, "no kept text input parses to a document");
}

#[test]
fn pdf_replays() {
    let limit = Duration::from_secs(3);
    let mut read = 0;
    for (name, bytes) in inputs("pdf") {
        for backend in [Backend::Hayro, Backend::PdfExtract] {
            let before = own_panics_caught();
            let start = Instant::now();
            let result = no_panic(&name, || read_with(&bytes, limit, backend));
            let took = start.elapsed();
            assert!(
                took < limit + Duration::from_secs(3),
                "{name} ({backend:?}): {took:?}"
            );
            assert_eq!(
                own_panics_caught(),
                before,
                "{name} ({backend:?}): a panic in hyoka's PDF code"
            );
            match result {
                Ok(pdf) => {
                    assert!(pdf.pages > 0, "{name}");
                    read += 1;
                }
                Err(e) => assert!(!e.reason.is_empty(), "{name}"),
            }
        }
    }
    // The kept set reaches page content, not only broken headers.
    assert!(read > 0, "no kept PDF input is read");
}

#[test]
fn normalize_cell_replays() {
    for (name, bytes) in inputs("normalize_cell") {
        let text = String::from_utf8_lossy(&bytes);
        let once = no_panic(&name, || hyoka::normalize::normalize_cell(&text));
        let twice = hyoka::normalize::normalize_cell(&once);
        assert_eq!(once, twice, "{name}: not idempotent on {text:?}");
    }
}

#[test]
fn kept_inputs_stay_small() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut total = 0;
    for target in ["parse_bytes", "parse_text", "pdf", "normalize_cell"] {
        total += inputs(target).iter().map(|(_, b)| b.len()).sum::<usize>();
    }
    assert!(total < 1 << 20, "{} holds {total} bytes", dir.display());
}
