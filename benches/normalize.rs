//! Normalization alone, against named baselines over the same cells, and the text pipeline
//! end to end in MB/s per core.
//!
//! The cells are every raw cell of the corpus (`corpus/*.txt`), cut the way
//! `segment::SourceText::new` cuts them: lines, then `|` or tabs. Every group sets
//! `Throughput::Bytes` to the cells' total size.
//!
//! Groups:
//!
//! - `normalize/normalize_cell`: [`hyoka::normalize::normalize_cell`] on every cell.
//! - `normalize/baseline_to_owned`: BASELINE 1, `str::to_owned` of every cell: the cost of
//!   producing an owned copy, which `normalize_cell` has to return anyway.
//! - `normalize/baseline_nfc`: BASELINE 2, NFC (`unicode-normalization`, `.nfc().collect()`)
//!   of every cell: a standard Unicode normalization over the same text.
//! - `end_to_end/corpus`: `parse_bytes` + `emit::to_json` of all corpus documents one after
//!   the other on one thread: MB/s per core of the whole text pipeline.
//!
//! Times are **CPU time of the benchmark thread** (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`,
//! the [`ThreadCpu`] measurement), not wall time: "MB/s per core" on a machine that other jobs
//! share. Criterion still prints them as `ms`/`µs` and as throughput.
//!
//! Run: `cargo bench --bench normalize -- --warm-up-time 1 --measurement-time 3`.

mod common;

use std::hint::black_box;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hyoka::{emit, ingest, normalize::normalize_cell, parse_bytes, Options};
use unicode_normalization::UnicodeNormalization;

/// CPU time of the calling thread, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant libc defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Criterion measurement: CPU time of the benchmark thread, in nanoseconds.
struct ThreadCpu;

impl Measurement for ThreadCpu {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Formats CPU nanoseconds like criterion's wall-time formatter.
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = if typical < 1e3 {
            (1.0, "ns")
        } else if typical < 1e6 {
            (1e-3, "µs")
        } else if typical < 1e9 {
            (1e-6, "ms")
        } else {
            (1e-9, "s")
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }
    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        match *throughput {
            Throughput::Bytes(bytes) | Throughput::BytesDecimal(bytes) => {
                // Values are ns per iteration: MB (10^6 bytes) per CPU second.
                values.iter_mut().for_each(|v| *v = bytes as f64 / *v * 1e3);
                "MB/s (CPU)"
            }
            Throughput::Elements(n) => {
                values.iter_mut().for_each(|v| *v = n as f64 / *v * 1e9);
                "elem/s (CPU)"
            }
            Throughput::Bits(bits) => {
                values.iter_mut().for_each(|v| *v = bits as f64 / *v * 1e3);
                "Mbit/s (CPU)"
            }
        }
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

/// `corpus/*.txt`, sorted by name: (path, bytes).
fn corpus() -> Vec<(String, Vec<u8>)> {
    common::corpus_files()
        .into_iter()
        .map(|(p, bytes)| (p.display().to_string(), bytes))
        .collect()
}

/// Raw cells of every corpus document, as the segmenter cuts them.
fn cells(docs: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in docs {
        let text = ingest::decode(bytes, path).expect("corpus decodes").text;
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.starts_with('|') && trimmed.ends_with('|') && trimmed.len() > 1 {
                out.extend(trimmed[1..trimmed.len() - 1].split('|').map(str::to_string));
            } else {
                out.extend(line.split('\t').map(str::to_string));
            }
        }
    }
    out
}

fn benches(c: &mut Criterion<ThreadCpu>) {
    let docs = corpus();
    let cells = cells(&docs);
    let cell_bytes: usize = cells.iter().map(String::len).sum();

    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(cell_bytes as u64));
    group.bench_function("normalize_cell", |b| {
        b.iter(|| {
            cells
                .iter()
                .map(|c| normalize_cell(black_box(c)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("baseline_to_owned", |b| {
        b.iter(|| {
            cells
                .iter()
                .map(|c| black_box(c).to_owned().len())
                .sum::<usize>()
        })
    });
    group.bench_function("baseline_nfc", |b| {
        b.iter(|| {
            cells
                .iter()
                .map(|c| black_box(c).nfc().collect::<String>().len())
                .sum::<usize>()
        })
    });
    group.finish();

    let options = Options::default();
    let total: usize = docs.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(path, bytes)| {
                    let doc = parse_bytes(black_box(bytes), path, &options).expect("parses");
                    emit::to_json(&doc).expect("serializes").len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = normalize;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = benches
}
criterion_main!(normalize);
