//! The corpus outputs of a run, rebuilt from the stored documents in key order.
//!
//! | file | content |
//! |---|---|
//! | `corpus.jsonl` | every document, one per line |
//! | `diagnostics.jsonl` | every diagnostic and every failure, one per line, with its document |
//! | `documents.csv` / `.parquet` | one row per document ([`crate::tables::documents_schema`]) |
//! | `items.csv` / `.parquet` | one row per item, and per option of a check-box set |
//! | `answers.csv` / `.parquet` | one row per document, one column per answer |
//! | `answers_columns.csv` / `.parquet` | what each `answers` column is |
//! | `stats.csv` / `.parquet` | answer distributions by form kind and breakdown ([`crate::stats`]) |
//! | `summary.json` | statistics ([`Stats`]) |
//!
//! Documents are loaded and turned into rows in parallel, a chunk at a time, and written in
//! key order, so memory is bounded by a chunk and the bytes do not depend on the number of
//! threads. Every file is staged and all are renamed into place at the end.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::table::{Cell, TableWriter};
use super::Staged;
use crate::batch::manifest::{Entry, Manifest};
use crate::error::{Error, ErrorKind, Stage};
use crate::indicators::{Indicator, Indicators};
use crate::model::Document;
use crate::stats::{AnswerStats, Stats};
use crate::tables;

/// Documents loaded at once.
const CHUNK: usize = 64;

/// A line of `diagnostics.jsonl`.
#[derive(Serialize)]
struct DiagLine<'a> {
    document: &'a str,
    level: &'a str,
    code: &'a str,
    path: Option<&'a str>,
    line: Option<u32>,
    message: &'a str,
}

/// Everything one input contributes to the corpus outputs.
struct Contribution {
    corpus_line: Option<String>,
    diagnostics: Vec<String>,
    document: Option<Vec<Cell>>,
    items: Vec<Vec<Cell>>,
    answers: Option<Vec<Cell>>,
    stats: Stats,
    answer_stats: AnswerStats,
    indicators: Indicators,
}

/// `summary.json`: the statistics and the indicators.
#[derive(Serialize)]
struct Summary<'a> {
    #[serde(flatten)]
    stats: &'a Stats,
    indicators: Vec<Indicator>,
}

fn io_error(e: impl Into<std::io::Error>, p: &Path) -> Error {
    Error::new(
        ErrorKind::Io(e.into()),
        &p.display().to_string(),
        Stage::Emit,
    )
}

/// Loads a stored document.
pub fn load_document(out: &Path, rel: &str) -> Result<Document, Error> {
    load_with(out, rel, |_| ()).map(|(doc, ())| doc)
}

/// A stored document and what `of_text` makes of its text.
fn load_with<T>(
    out: &Path,
    rel: &str,
    of_text: impl Fn(&str) -> T,
) -> Result<(Document, T), Error> {
    let p = out.join(rel);
    let json_error = |e: serde_json::Error| {
        Error::new(ErrorKind::Json(e), &p.display().to_string(), Stage::Emit)
    };
    let bytes = std::fs::read(&p).map_err(|e| io_error(e, &p))?;
    // From a string checked once as UTF-8, not from bytes: serde_json then does not check
    // every string of the document again.
    match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Ok((
            serde_json::from_str(text).map_err(json_error)?,
            of_text(text),
        )),
        Err(_) => Err(json_error(
            serde_json::from_slice::<Document>(&bytes)
                .err()
                .unwrap_or_else(|| serde_json::Error::io(std::io::Error::other("not UTF-8"))),
        )),
    }
}

/// The stored documents of an output folder, in key order, loaded one at a time (failures
/// and unreadable files skipped).
pub fn stored_documents(out: &Path) -> impl Iterator<Item = Document> + '_ {
    let manifest = Manifest::load(out);
    manifest
        .entries
        .into_values()
        .filter_map(move |e| e.doc.and_then(|rel| load_document(out, &rel).ok()))
}

fn contribution(out: &Path, entry: &Entry) -> Result<Contribution, Error> {
    let mut c = Contribution {
        corpus_line: None,
        diagnostics: Vec::new(),
        document: None,
        items: Vec::new(),
        answers: None,
        stats: Stats::failure(),
        answer_stats: AnswerStats::default(),
        indicators: Indicators::default(),
    };
    let failure = match (&entry.doc, &entry.failure) {
        (Some(rel), _) => {
            // The stored text made compact: the document as `serde_json::to_string` writes it.
            let (doc, line) = load_with(out, rel, crate::emit::compact_json)?;
            let profile = tables::profile(&doc);
            c.corpus_line = Some(line);
            for d in &doc.diagnostics {
                c.diagnostics.push(
                    serde_json::to_string(&DiagLine {
                        document: &entry.path,
                        level: d.level.as_str(),
                        code: &d.code,
                        path: d.path.as_deref(),
                        line: d.line,
                        message: &d.message,
                    })
                    .unwrap_or_default(),
                );
            }
            c.document = Some(tables::document_row(&doc, &entry.key, &profile));
            c.items = tables::item_rows(&doc, &entry.key);
            c.answers = Some(tables::answer_row(&doc, &entry.key, &profile));
            c.stats = Stats::of(&doc);
            c.answer_stats = AnswerStats::of(&doc, &profile);
            c.indicators = Indicators::of(&doc);
            None
        }
        (None, Some(f)) => Some(f.clone()),
        (None, None) => None,
    };
    if let Some(f) = failure {
        c.diagnostics.push(
            serde_json::to_string(&DiagLine {
                document: &entry.path,
                level: "error",
                code: &f.code,
                path: None,
                line: f.line,
                message: &f.message,
            })
            .unwrap_or_default(),
        );
    }
    Ok(c)
}

/// Writes every corpus output under `out` from the manifest's stored documents, loading them
/// with `threads` threads; returns the statistics. `progress(done, all)` is called after each
/// chunk, from the calling thread.
pub fn write(
    out: &Path,
    manifest: &Manifest,
    threads: usize,
    progress: &dyn Fn(usize, usize),
) -> Result<Stats, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| io_error(std::io::Error::other(e.to_string()), out))?;
    let mut staged = Staged::default();
    let open = |staged: &mut Staged, name: &str| -> Result<BufWriter<File>, Error> {
        let p = out.join(name);
        let tmp = staged.stage(&p);
        File::create(&tmp)
            .map(BufWriter::new)
            .map_err(|e| io_error(e, &tmp))
    };
    let mut corpus = open(&mut staged, "corpus.jsonl")?;
    let mut diags = open(&mut staged, "diagnostics.jsonl")?;
    let mut documents = TableWriter::create(out, &tables::documents_schema())?;
    let mut items = TableWriter::create(out, &tables::items_schema())?;
    let mut answers = TableWriter::create(out, &tables::answers_schema())?;
    let mut stats = Stats::default();
    let mut answer_stats = AnswerStats::default();
    let mut indicators = Indicators::default();

    let entries: Vec<&Entry> = manifest.entries.values().collect();
    let all = entries.len();
    let mut done = 0;
    for chunk in entries.chunks(CHUNK) {
        let mut parts: Vec<Contribution> = pool.install(|| {
            chunk
                .par_iter()
                .map(|e| contribution(out, e))
                .collect::<Result<Vec<_>, Error>>()
        })?;
        // The additive statistics are summed in parallel; only the rows are written in order.
        let (s, a, i) = pool.install(|| {
            parts
                .par_iter_mut()
                .map(|c| {
                    (
                        std::mem::take(&mut c.stats),
                        std::mem::take(&mut c.answer_stats),
                        std::mem::take(&mut c.indicators),
                    )
                })
                .reduce(Default::default, |mut x, y| {
                    x.0 += y.0;
                    x.1 += y.1;
                    x.2 += y.2;
                    x
                })
        });
        stats += s;
        answer_stats += a;
        indicators += i;
        for c in parts {
            let w = |e: std::io::Error| io_error(e, &out.join("corpus.jsonl"));
            if let Some(line) = c.corpus_line {
                corpus.write_all(line.as_bytes()).map_err(w)?;
                corpus.write_all(b"\n").map_err(w)?;
            }
            for d in c.diagnostics {
                diags.write_all(d.as_bytes()).map_err(w)?;
                diags.write_all(b"\n").map_err(w)?;
            }
            if let Some(row) = c.document {
                documents.push(row)?;
            }
            for row in c.items {
                items.push(row)?;
            }
            if let Some(row) = c.answers {
                answers.push(row)?;
            }
        }
        done += chunk.len();
        progress(done, all);
    }
    corpus.flush().map_err(|e| io_error(e, out))?;
    diags.flush().map_err(|e| io_error(e, out))?;
    drop((corpus, diags));
    staged.extend(documents.finish()?);
    staged.extend(items.finish()?);
    staged.extend(answers.finish()?);
    let mut columns = TableWriter::create(out, &tables::answer_columns_schema())?;
    for row in tables::answer_column_rows() {
        columns.push(row)?;
    }
    staged.extend(columns.finish()?);
    let mut stats_table = TableWriter::create(out, &crate::stats::stats_schema())?;
    for row in answer_stats.rows() {
        stats_table.push(row)?;
    }
    staged.extend(stats_table.finish()?);
    let summary = out.join("summary.json");
    let tmp = staged.stage(&summary);
    std::fs::write(
        &tmp,
        serde_json::to_string_pretty(&Summary {
            stats: &stats,
            indicators: indicators.list(),
        })
        .unwrap_or_default(),
    )
    .map_err(|e| io_error(e, &tmp))?;
    staged.commit()?;
    Ok(stats)
}
