//! Emit: documents → JSON, JSON Lines, CSV, and the JSON Schema of the contract.
//!
//! `hyoka run --out DIR` writes `DIR/docs/<stem>.json` (one document each),
//! `DIR/corpus.jsonl` (one document per line), `DIR/diagnostics.jsonl` (every diagnostic
//! and every failure, one per line, with its document), `DIR/items.csv` (one row per item
//! per document: the table for cross-body comparison) and `DIR/summary.json` (statistics).
//!
//! ```
//! let schema = hyoka::emit::schema_json();
//! assert!(schema.contains("\"schema_version\""));
//! ```

use std::collections::HashSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::batch::Outcome;
use crate::error::{Error, ErrorKind, Stage};
use crate::model::{Document, Value};
use crate::stats::Stats;

/// The JSON Schema of [`Document`], pretty-printed.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Document);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// One document as pretty JSON.
pub fn to_json(doc: &Document) -> Result<String, Error> {
    serde_json::to_string_pretty(doc)
        .map_err(|e| Error::new(ErrorKind::Json(e), &doc.source.path, Stage::Emit))
}

/// A line of `diagnostics.jsonl`.
#[derive(Serialize)]
struct DiagLine<'a> {
    document: &'a str,
    level: &'a str,
    code: &'a str,
    path: Option<&'a str>,
    line: Option<u32>,
    message: String,
}

/// The text of a value for the CSV table.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Choice(c) => c.text.clone(),
        Value::Checkbox(b) => b.map_or(String::new(), |b| b.to_string()),
        Value::CheckboxSet(opts) => opts
            .iter()
            .map(|o| {
                let state = match o.checked {
                    Some(true) => "☑",
                    Some(false) => "☐",
                    None => "?",
                };
                format!("{state}{}", o.option)
            })
            .collect::<Vec<_>>()
            .join(" "),
        Value::Count(n) => n.to_string(),
        Value::Text(t) => t.clone(),
    }
}

/// Writes the outputs of a batch under `out`; returns the statistics.
pub fn write_batch(out: &Path, outcomes: &[Outcome]) -> Result<Stats, Error> {
    let io = |e: std::io::Error, p: &Path| {
        Error::new(ErrorKind::Io(e), &p.display().to_string(), Stage::Emit)
    };
    let docs_dir = out.join("docs");
    fs::create_dir_all(&docs_dir).map_err(|e| io(e, &docs_dir))?;
    let open = |name: &str| -> Result<(PathBuf, BufWriter<fs::File>), Error> {
        let p = out.join(name);
        let f = fs::File::create(&p).map_err(|e| io(e, &p))?;
        Ok((p, BufWriter::new(f)))
    };
    let (corpus_path, mut corpus) = open("corpus.jsonl")?;
    let (diag_path, mut diags) = open("diagnostics.jsonl")?;
    let items_path = out.join("items.csv");
    let mut items = csv::Writer::from_path(&items_path).map_err(|e| io(e.into(), &items_path))?;
    let csv_err = |e: csv::Error| Error::new(ErrorKind::Io(e.into()), "items.csv", Stage::Emit);
    items
        .write_record([
            "document",
            "organization",
            "form",
            "version",
            "published",
            "id",
            "path",
            "label",
            "type",
            "status",
            "value",
        ])
        .map_err(csv_err)?;
    let mut stats = Stats::default();
    let mut stems: HashSet<String> = HashSet::new();
    for o in outcomes {
        let name = o.path.display().to_string();
        match &o.result {
            Ok(doc) => {
                stats += Stats::of(doc);
                let stem = unique_stem(&o.path, &mut stems);
                let p = docs_dir.join(format!("{stem}.json"));
                fs::write(&p, to_json(doc)?).map_err(|e| io(e, &p))?;
                let line = serde_json::to_string(doc)
                    .map_err(|e| Error::new(ErrorKind::Json(e), &name, Stage::Emit))?;
                writeln!(corpus, "{line}").map_err(|e| io(e, &corpus_path))?;
                for d in &doc.diagnostics {
                    let level = serde_json::to_value(d.level)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    let rec = DiagLine {
                        document: &name,
                        level: &level,
                        code: &d.code,
                        path: d.path.as_deref(),
                        line: d.line,
                        message: d.message.clone(),
                    };
                    writeln!(diags, "{}", serde_json::to_string(&rec).unwrap_or_default())
                        .map_err(|e| io(e, &diag_path))?;
                }
                for item in &doc.items {
                    let kind = serde_json::to_value(item.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    let status = serde_json::to_value(item.status)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    items
                        .write_record([
                            name.as_str(),
                            doc.header.organization.raw.as_deref().unwrap_or(""),
                            doc.form.kind.map_or("", |k| k.as_str()),
                            doc.form.version.as_deref().unwrap_or(""),
                            doc.header.published.date.as_deref().unwrap_or(""),
                            &item.id,
                            &item.path,
                            &item.label,
                            &kind,
                            &status,
                            &value_text(&item.value),
                        ])
                        .map_err(csv_err)?;
                }
            }
            Err(e) => {
                stats += Stats::failure();
                let rec = DiagLine {
                    document: &name,
                    level: "error",
                    code: e.code(),
                    path: None,
                    line: e.line(),
                    message: e.to_string(),
                };
                writeln!(diags, "{}", serde_json::to_string(&rec).unwrap_or_default())
                    .map_err(|e| io(e, &diag_path))?;
            }
        }
    }
    corpus.flush().map_err(|e| io(e, &corpus_path))?;
    diags.flush().map_err(|e| io(e, &diag_path))?;
    items.flush().map_err(|e| io(e, &items_path))?;
    let summary = out.join("summary.json");
    fs::write(
        &summary,
        serde_json::to_string_pretty(&stats).unwrap_or_default(),
    )
    .map_err(|e| io(e, &summary))?;
    Ok(stats)
}

/// `<stem>`, or `<stem>-2`, … when two inputs share a stem.
fn unique_stem(path: &Path, seen: &mut HashSet<String>) -> String {
    let stem = path.file_stem().map_or_else(
        || "document".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut candidate = stem.clone();
    let mut n = 2;
    while !seen.insert(candidate.clone()) {
        candidate = format!("{stem}-{n}");
        n += 1;
    }
    candidate
}
