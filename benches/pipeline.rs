//! Throughput of the hyoka pipeline on the bundled corpus (`corpus/*.txt`).
//!
//! Every benchmark sets `Throughput::Bytes` to the size of its input, so criterion reports
//! MB/s next to the time per iteration.
//!
//! Groups:
//!
//! - `pipeline/<NNN>`: the whole job for one corpus document: `parse_bytes` (decode,
//!   rendering detection, segmentation, extraction) followed by `emit::to_json`.
//! - `baseline/decode_and_lines/<NNN>`: the BASELINE. `ingest::decode` of the same bytes,
//!   then iterating `text.lines()` and summing the line lengths: roughly the cost of just
//!   reading the text. It runs in the same process and run as the pipeline, so
//!   `pipeline / baseline` is a machine-independent ratio ("the full pipeline costs N× the
//!   time it takes to read the text").
//! - `stages/segment`: for the largest document, `ingest::decode` plus
//!   `ingest::detect_rendering` plus `segment::SourceText::new` (everything before extraction).
//!   Compare it with that document's `pipeline` figure to see how much time extraction and
//!   JSON emission take.
//! - `encodings/{utf8,shift_jis}`: `parse_bytes` of document 000 as shipped (UTF-8) and
//!   re-encoded to Shift_JIS with `encoding_rs::SHIFT_JIS.encode`, which adds charset detection
//!   (chardetng) and transcoding. The two inputs differ in size, so compare times, not MB/s.
//!   encoding_rs's Shift_JIS is the WHATWG (CP932-like) one, so ①–⑨ survive; a character it
//!   cannot encode (document 000 has one U+2014 EM DASH) becomes an HTML numeric character
//!   reference, which changes the text negligibly.
//!
//! Run: `cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 3`.

mod common;

use std::hint::black_box;

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hyoka::{emit, ingest, parse_bytes, segment::SourceText, Options};

/// One corpus document.
struct Doc {
    /// File-name prefix before the first `_` (`000`, `001`, …).
    id: String,
    /// Path, as passed to the parser.
    path: String,
    bytes: Vec<u8>,
}

/// Reads `corpus/*.txt`, sorted by name.
fn corpus() -> Vec<Doc> {
    common::corpus_files()
        .into_iter()
        .map(|(p, bytes)| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            Doc {
                id: stem.split('_').next().unwrap().to_string(),
                bytes,
                path: p.display().to_string(),
            }
        })
        .collect()
}

/// The measured unit of `pipeline/*`: parse and emit JSON.
fn parse_and_emit(bytes: &[u8], path: &str, options: &Options) -> String {
    let doc = parse_bytes(bytes, path, options).expect("corpus document parses");
    emit::to_json(&doc).expect("document serializes")
}

/// The baseline: decode and walk the lines.
fn decode_and_lines(bytes: &[u8], path: &str) -> usize {
    let decoded = ingest::decode(bytes, path).expect("corpus document decodes");
    decoded.text.lines().map(str::len).sum()
}

fn benches(c: &mut Criterion) {
    let docs = corpus();
    let options = Options::default();

    let mut group = c.benchmark_group("pipeline");
    for doc in &docs {
        group.throughput(Throughput::Bytes(doc.bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&doc.id), doc, |b, doc| {
            b.iter(|| parse_and_emit(black_box(&doc.bytes), &doc.path, &options))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("baseline");
    for doc in &docs {
        group.throughput(Throughput::Bytes(doc.bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("decode_and_lines", &doc.id),
            doc,
            |b, doc| b.iter(|| decode_and_lines(black_box(&doc.bytes), &doc.path)),
        );
    }
    group.finish();

    let largest = docs.iter().max_by_key(|d| d.bytes.len()).unwrap();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(largest.bytes.len() as u64));
    group.bench_function("segment", |b| {
        b.iter(|| {
            let decoded = ingest::decode(black_box(&largest.bytes), &largest.path)
                .expect("corpus document decodes");
            let rendering = ingest::detect_rendering(&decoded.text);
            SourceText::new(&decoded.text, rendering)
        })
    });
    group.finish();

    let seed = docs
        .iter()
        .find(|d| d.id == "000")
        .expect("corpus has document 000");
    let utf8 = std::str::from_utf8(&seed.bytes).expect("document 000 is UTF-8");
    // Characters Shift_JIS lacks come out as numeric character references (`&#8212;`).
    let sjis = encoding_rs::SHIFT_JIS.encode(utf8).0.into_owned();
    assert_eq!(
        ingest::decode(&sjis, &seed.path).expect("decodes").encoding,
        "Shift_JIS",
        "re-encoded document 000 is not detected as Shift_JIS"
    );
    let mut group = c.benchmark_group("encodings");
    for (name, bytes) in [("utf8", &seed.bytes), ("shift_jis", &sjis)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| parse_bytes(black_box(bytes), &seed.path, &options).expect("parses"))
        });
    }
    group.finish();
}

/// PDF ingestion in pages per second: hyoka (pdf-extract glyphs + own rulings and cell
/// layout) against poppler's `pdftotext -layout` (a separate process, as users run it) on
/// the same files in the same run. Skipped for pdftotext when it is not installed.
fn pdf_benches(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = [
        "kiso_fixture_lo.pdf",
        "kiso_fixture_chrome.pdf",
        "zenkomoku_fixture_lo.pdf",
    ]
    .iter()
    .map(|n| dir.join("tests/data/pdf").join(n))
    .collect();
    for n in ["hyoukasho_small_lo74.pdf", "hyoukasho_small_chrome.pdf"] {
        let p = dir.join("tests/data/pdf/samples").join(n);
        if p.exists() {
            files.push(p);
        }
    }
    let have_pdftotext = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    let mut group = c.benchmark_group("pdf");
    for path in &files {
        let bytes = std::fs::read(path).expect("fixture readable");
        let pages = hyoka::parse_bytes(&bytes, "x.pdf", &Options::default())
            .ok()
            .and_then(|d| d.source.page_count)
            .unwrap_or(1);
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("pdf")
            .to_string();
        group.throughput(Throughput::Elements(u64::from(pages)));
        group.bench_with_input(BenchmarkId::new("hyoka", &name), &bytes, |b, bytes| {
            b.iter(|| parse_and_emit(bytes, "x.pdf", &Options::default()))
        });
        if have_pdftotext {
            group.bench_with_input(BenchmarkId::new("pdftotext", &name), path, |b, path| {
                b.iter(|| {
                    std::process::Command::new("pdftotext")
                        .args(["-layout"])
                        .arg(path)
                        .arg("-")
                        .output()
                        .expect("pdftotext runs")
                        .stdout
                        .len()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(pipeline, benches, pdf_benches);
criterion_main!(pipeline);
