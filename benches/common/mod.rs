//! Shared by the benches: the corpus documents they measure.

use std::path::{Path, PathBuf};

/// `corpus/*.txt`, sorted by name: (path, bytes).
pub fn corpus_files() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no corpus/*.txt in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("reading corpus document");
            (p, bytes)
        })
        .collect()
}
