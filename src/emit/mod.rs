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

/// Pretty JSON made compact. On the text of [`to_json`] (serde_json's pretty printer) it
/// gives what `serde_json::to_string` gives for the same document, without serializing it
/// again: that printer puts white space outside strings only at the start of a line (the
/// indentation), after a line (the break) and after an object key's colon, and it never puts
/// a line break inside a string (it escapes it). Any other text is returned without those
/// breaks and indentations, and without a panic.
pub fn compact_json(pretty: &str) -> String {
    let mut out = String::with_capacity(pretty.len());
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', pretty.as_bytes()).chain([pretty.len()]);
    for end in ends {
        // Cut at ASCII line breaks: every line is a whole `str`.
        let line = &pretty[start..end];
        let line = &line[line.bytes().take_while(|&b| b == b' ').count()..];
        start = end + 1;
        match key_end(line) {
            Some(end) if line[end..].starts_with(": ") => {
                out.push_str(&line[..=end]);
                out.push_str(&line[end + 2..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The byte offset just after the closing quote of the string that opens `line`, if the line
/// opens with one (a backslash escapes the byte after it).
fn key_end(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    if b.first() != Some(&b'"') {
        return None;
    }
    let mut i = 1;
    loop {
        let off = memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[i + off] == b'\\' {
            i += off + 2;
        } else {
            // Just after the closing quote: a char boundary, since the quote is ASCII.
            return Some(i + off + 1);
        }
    }
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
