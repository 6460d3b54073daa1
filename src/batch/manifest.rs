//! The manifest of a run: per input, what was read (sha256, size), by which hyoka and with
//! which options, and what came of it (a stored document or a failure).
//!
//! `OUT/manifest.jsonl` is appended to as each document finishes, so a killed run keeps
//! every document finished before the kill; at the end of a run it is rewritten, sorted by
//! key, under a temporary name and renamed into place. A torn last line (a kill during the
//! append) is skipped when the manifest is read; a later line for a key replaces an earlier.
//!
//! ```
//! use hyoka::batch::manifest::{Entry, Manifest};
//! let dir = tempfile::tempdir().unwrap();
//! let e = Entry { key: "a.txt".into(), path: "in/a.txt".into(), sha256: "00".into(), size: 1,
//!     hyoka: "0.1.0".into(), options: String::new(), doc: Some("docs/a.json".into()), failure: None };
//! let mut log = Manifest::append_log(dir.path()).unwrap();
//! log.append(&e).unwrap();
//! assert_eq!(Manifest::load(dir.path()).get("a.txt"), Some(&e));
//! ```

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Stage};

/// File name of the manifest inside the output folder.
pub const FILE: &str = "manifest.jsonl";

/// One input's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input's name in the run: its path relative to the folder it was found in.
    pub key: String,
    /// The path as given (recorded in the document's `source.path`).
    pub path: String,
    /// SHA-256 (hex) of the input's bytes.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The hyoka version that read it.
    pub hyoka: String,
    /// The options that change what is read (see `batch::options_fingerprint`).
    pub options: String,
    /// The stored document, relative to the output folder (`docs/<stem>.json`).
    pub doc: Option<String>,
    /// Why there is no document.
    pub failure: Option<Failure>,
}

/// A document that failed, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// Stable code (`empty`, `not_text`, `pdf`, `time_limit`, `worker_crashed`, …).
    pub code: String,
    /// Pipeline stage (`ingest`, `extract`, `emit`).
    pub stage: String,
    /// The message.
    pub message: String,
    /// Source line, where known.
    pub line: Option<u32>,
}

impl Failure {
    /// The record of a library error.
    pub fn of(e: &Error) -> Failure {
        Failure {
            code: e.code().to_string(),
            stage: e.stage().to_string(),
            message: e.to_string(),
            line: e.line(),
        }
    }
}

/// Entries by key.
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    /// The entries, sorted by key.
    pub entries: BTreeMap<String, Entry>,
}

impl Manifest {
    /// Reads `dir/manifest.jsonl`; a missing file is an empty manifest and unreadable lines
    /// are skipped (they can only be a torn last line, or not ours).
    pub fn load(dir: &Path) -> Manifest {
        let mut entries = BTreeMap::new();
        if let Ok(f) = File::open(dir.join(FILE)) {
            for line in BufReader::new(f).lines().map_while(Result::ok) {
                if let Ok(e) = serde_json::from_str::<Entry>(&line) {
                    entries.insert(e.key.clone(), e);
                }
            }
        }
        Manifest { entries }
    }

    /// The entry for a key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// Opens the manifest for appending (created if missing).
    pub fn append_log(dir: &Path) -> Result<AppendLog, Error> {
        let path = dir.join(FILE);
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| io_error(e, &path))?;
        Ok(AppendLog { file, path })
    }

    /// The manifest as written at the end of a run: one line per entry, sorted by key.
    pub fn to_jsonl(&self) -> String {
        let mut s = String::new();
        for e in self.entries.values() {
            s.push_str(&serde_json::to_string(e).unwrap_or_default());
            s.push('\n');
        }
        s
    }
}

/// The manifest opened for appending during a run.
pub struct AppendLog {
    file: File,
    path: PathBuf,
}

impl AppendLog {
    /// Appends one entry as one write of one line.
    pub fn append(&mut self, e: &Entry) -> Result<(), Error> {
        let mut line = serde_json::to_string(e)
            .map_err(|err| Error::new(ErrorKind::Json(err), &e.path, Stage::Emit))?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .map_err(|err| io_error(err, &self.path))
    }
}

fn io_error(e: std::io::Error, p: &Path) -> Error {
    Error::new(ErrorKind::Io(e), &p.display().to_string(), Stage::Emit)
}
