//! Helpers shared by the tests: loading corpus documents, finding items, temp dirs.

#![allow(dead_code)]

use std::path::PathBuf;

use hyoka::{Document, Item, Options, Status, Value};

/// Path of a corpus file by its number prefix (`"000"`).
pub fn corpus_path(prefix: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::read_dir(&dir)
        .expect("corpus/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .unwrap_or_else(|| panic!("no corpus file {prefix}_*.txt"))
}

/// Bytes of a corpus file.
pub fn corpus_bytes(prefix: &str) -> Vec<u8> {
    std::fs::read(corpus_path(prefix)).expect("corpus file readable")
}

/// Parses a corpus file.
pub fn parse(prefix: &str) -> Document {
    hyoka::parse_file(&corpus_path(prefix), &Options::default()).expect("corpus document parses")
}

/// The item with this id.
pub fn item<'a>(doc: &'a Document, id: &str) -> &'a Item {
    doc.items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// The selected choice text of an item, if any.
pub fn choice(doc: &Document, id: &str) -> Option<String> {
    match &item(doc, id).value {
        Value::Choice(c) => Some(c.text.clone()),
        _ => None,
    }
}

/// A single check box's state.
pub fn checkbox(doc: &Document, id: &str) -> Option<bool> {
    match &item(doc, id).value {
        Value::Checkbox(b) => *b,
        other => panic!("{id} is not a checkbox: {other:?}"),
    }
}

/// The states of a checkbox set, by option.
pub fn checkbox_set(doc: &Document, id: &str) -> Vec<(String, Option<bool>)> {
    match &item(doc, id).value {
        Value::CheckboxSet(opts) => opts.iter().map(|o| (o.option.clone(), o.checked)).collect(),
        other => panic!("{id} is not a checkbox set: {other:?}"),
    }
}

/// The text (or date) value.
pub fn text(doc: &Document, id: &str) -> Option<String> {
    match &item(doc, id).value {
        Value::Text(t) => Some(t.clone()),
        _ => None,
    }
}

/// The status.
pub fn status(doc: &Document, id: &str) -> Status {
    item(doc, id).status
}

/// The item `id` of block `n` of a repeated group (ids belong to one group each).
pub fn grouped<'a>(doc: &'a Document, id: &str, n: u32) -> &'a Item {
    doc.items
        .iter()
        .find(|i| i.id == id && i.group.as_ref().map(|g| g.index) == Some(n))
        .unwrap_or_else(|| panic!("no item {id} in block {n}"))
}

/// The item `id` of block `n` of the group printed as `group` (`システム`, `委託事項`, …).
pub fn grouped_in<'a>(doc: &'a Document, id: &str, group: &str, n: u32) -> &'a Item {
    doc.items
        .iter()
        .find(|i| {
            i.id == id
                && i.group
                    .as_ref()
                    .is_some_and(|g| g.name == group && g.index == n)
        })
        .unwrap_or_else(|| panic!("no item {id} in {group}{n}"))
}

/// `(index, text)` of an item's choice value.
pub fn choice_of(it: &Item) -> Option<(u32, String)> {
    match &it.value {
        Value::Choice(c) => Some((c.index, c.text.clone())),
        _ => None,
    }
}

/// The text (or date) value of an item.
pub fn text_of(it: &Item) -> Option<String> {
    match &it.value {
        Value::Text(t) => Some(t.clone()),
        _ => None,
    }
}

/// The source line an item was read from.
pub fn line_of(it: &Item) -> Option<u32> {
    it.source.as_ref().map(|s| s.line)
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Runs `hyoka run --quiet --out OUT` over the bundled corpus; panics if it fails.
pub fn run_corpus(out: &std::path::Path) {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--out"])
        .arg(out)
        .output()
        .expect("hyoka runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
