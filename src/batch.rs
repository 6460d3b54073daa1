//! Batch: many documents in parallel (rayon); a failure — even a panic — costs one document.
//!
//! ```no_run
//! let inputs = hyoka::batch::collect_inputs(&["corpus".into()]).unwrap();
//! let outcomes = hyoka::batch::run(&inputs, &hyoka::Options::default(), |_| {});
//! assert_eq!(outcomes.len(), inputs.len());
//! ```

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Stage};
use crate::model::Document;
use crate::Options;

/// File name endings read from folders.
pub const EXTENSIONS: [&str; 6] = ["txt", "md", "tsv", "csv", "text", "pdf"];

/// The result for one input.
#[derive(Debug)]
pub struct Outcome {
    /// The input path.
    pub path: PathBuf,
    /// The document, or why there is none.
    pub result: Result<Document, Error>,
}

/// Expands folders (recursively, files with [`EXTENSIONS`] except `README.*`, sorted) and
/// keeps files named on the command line as given.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let err = |e| Error::new(ErrorKind::Io(e), &dir.display().to_string(), Stage::Ingest);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if !is_readme(&p)
            && p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    Ok(())
}

fn is_readme(p: &Path) -> bool {
    p.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

/// Parses every input in parallel; `on_done` is called as each finishes (for progress).
/// Outcomes are returned in input order.
pub fn run(
    inputs: &[PathBuf],
    options: &Options,
    on_done: impl Fn(&Outcome) + Sync,
) -> Vec<Outcome> {
    inputs
        .par_iter()
        .map(|path| {
            let label = path.display().to_string();
            let result = catch_unwind(AssertUnwindSafe(|| crate::parse_file(path, options)))
                .unwrap_or_else(|panic| {
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into());
                    Err(Error::new(
                        ErrorKind::Internal { message },
                        &label,
                        Stage::Extract,
                    ))
                });
            let outcome = Outcome {
                path: path.clone(),
                result,
            };
            on_done(&outcome);
            outcome
        })
        .collect()
}
