//! Emit: documents → JSON, JSON Lines, CSV and Parquet tables, and the JSON Schema of the
//! contract. The only stage besides `ingest` that does I/O.
//!
//! Every file is written under a temporary name and renamed into place ([`Staged`],
//! [`write_atomic`]), so a reader — or a run killed half-way — never sees a torn file.
//! [`corpus`] writes a run's corpus-wide outputs from stored documents; [`table`] writes one
//! table as CSV and Parquet.
//!
//! ```
//! let schema = hyoka::emit::schema_json();
//! assert!(schema.contains("\"schema_version\""));
//! ```

pub mod corpus;
pub mod table;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Stage};
use crate::model::{Document, Value};

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

/// Pretty JSON made compact: the whitespace between tokens removed, strings copied as they
/// are. On the text of [`to_json`] it gives what `serde_json::to_string` gives for the same
/// document, without serializing it again.
pub fn compact_json(pretty: &str) -> String {
    let b = pretty.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        // Between strings: tokens and the whitespace around them.
        let next = memchr::memchr(b'"', &b[i..]).map_or(b.len(), |off| i + off);
        let between = &pretty[i..next];
        if between.is_ascii() {
            for &c in between.as_bytes() {
                if !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                    out.push(char::from(c));
                }
            }
        } else {
            for token in between.split([' ', '\n', '\r', '\t']) {
                out.push_str(token);
            }
        }
        if next == b.len() {
            break;
        }
        // A string, to its closing quote (a backslash escapes the byte after it). Cut only
        // at ASCII quotes, so every piece is a whole `str`.
        let mut end = next + 1;
        loop {
            match b
                .get(end..)
                .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
            {
                Some(off) if b[end + off] == b'\\' => end += off + 2,
                Some(off) => {
                    end += off + 1;
                    break;
                }
                None => {
                    end = b.len();
                    break;
                }
            }
        }
        // (A backslash before a non-ASCII character, invalid JSON, ends inside it.)
        let mut end = end.min(b.len());
        while !pretty.is_char_boundary(end) {
            end += 1;
        }
        out.push_str(&pretty[next..end]);
        i = end;
    }
    out
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

/// Files written under temporary names, renamed into place together by [`Staged::commit`].
/// Dropped without a commit, the temporary files are removed and the old files stay.
#[derive(Debug, Default)]
pub struct Staged {
    files: Vec<(PathBuf, PathBuf)>,
}

/// The temporary name of `path`: `.<name>.partial` in the same folder (same file system,
/// so the rename is atomic).
pub fn partial_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.partial"))
}

impl Staged {
    /// Registers `path`; returns the temporary path to write instead.
    pub fn stage(&mut self, path: &Path) -> PathBuf {
        let tmp = partial_path(path);
        self.files.push((tmp.clone(), path.to_path_buf()));
        tmp
    }

    /// Adds another set of staged files.
    pub fn extend(&mut self, other: Staged) {
        let mut other = other;
        self.files.append(&mut other.files);
    }

    /// Renames every temporary file to its final name.
    pub fn commit(mut self) -> Result<(), Error> {
        for (tmp, path) in std::mem::take(&mut self.files) {
            fs::rename(&tmp, &path).map_err(|e| io_error(e, &path))?;
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (tmp, _) in &self.files {
            let _ = fs::remove_file(tmp);
        }
    }
}

fn io_error(e: std::io::Error, path: &Path) -> Error {
    Error::new(ErrorKind::Io(e), &path.display().to_string(), Stage::Emit)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, renamed over
/// `path` (a killed process leaves the old file or the new one, never a part).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let tmp = partial_path(path);
    let mut f = fs::File::create(&tmp).map_err(|e| io_error(e, &tmp))?;
    f.write_all(bytes).map_err(|e| io_error(e, &tmp))?;
    drop(f);
    fs::rename(&tmp, path).map_err(|e| io_error(e, path))
}
