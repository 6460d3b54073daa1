//! Batch: many documents, in parallel, without loss.
//!
//! A run takes the inputs ([`collect_inputs`]: files, folders searched recursively), keeps
//! its share of them when sharded ([`Shard`]), skips those whose bytes, hyoka version and
//! options are unchanged since the last run into the same folder ([`manifest`]), reads the
//! others — each in a worker process ([`worker`]) with a time and a memory limit, or in this
//! process — and stores each document as soon as it is read (`docs/<stem>.json`, written
//! atomically, and a manifest line). The corpus outputs are then rebuilt from the stored
//! documents ([`crate::emit::corpus`]), so a run, a rerun and a [`merge`] of shards write
//! the same bytes. A killed run keeps every document it finished and the previous corpus
//! outputs; memory is bounded by the documents in flight, not by the corpus.
//!
//! ```no_run
//! use hyoka::batch::{collect_inputs, run, Config};
//! let inputs = collect_inputs(&["corpus".into()]).unwrap();
//! let report = run(&inputs, &Config::new("out".into()), &|_| {}).unwrap();
//! assert_eq!(report.stats.documents as usize, inputs.len());
//! ```

pub mod manifest;
pub mod worker;

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Stage};
use crate::model::Document;
use crate::stats::Stats;
use crate::Options;
use manifest::{Entry, Failure, Manifest};

/// File name endings read from folders.
pub const EXTENSIONS: [&str; 6] = ["txt", "md", "tsv", "csv", "text", "pdf"];

/// One input of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// Its name in the run: the path relative to the folder it was found in (`/`-separated),
    /// or the file name for a file named directly. Unique within a run; shards and the
    /// manifest are keyed by it.
    pub key: String,
    /// The stem of its stored document (`docs/<stem>.json`), unique within the run.
    pub stem: String,
}

/// Expands folders (recursively, files with [`EXTENSIONS`] except `README.*`) and keeps
/// files named on the command line; sorted by key.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, Error> {
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files)?;
            for f in files {
                let rel = f.strip_prefix(p).unwrap_or(&f);
                found.push((f.clone(), slash_path(rel)));
            }
        } else {
            let name = p
                .file_name()
                .map_or_else(|| slash_path(p), |n| n.to_string_lossy().into_owned());
            found.push((p.clone(), name));
        }
    }
    // Unique keys: a clash across roots is resolved by the full path as given.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, k) in &found {
        *counts.entry(k.clone()).or_default() += 1;
    }
    let mut seen = HashSet::new();
    let mut inputs: Vec<Input> = Vec::new();
    for (path, key) in found {
        let mut key = if counts[&key] > 1 {
            slash_path(&path)
        } else {
            key
        };
        let base = key.clone();
        let mut n = 2;
        while !seen.insert(key.clone()) {
            key = format!("{base}~{n}");
            n += 1;
        }
        inputs.push(Input {
            path,
            key,
            stem: String::new(),
        });
    }
    inputs.sort_by(|a, b| a.key.cmp(&b.key));
    let mut stems = HashSet::new();
    for input in &mut inputs {
        let stem = input.path.file_stem().map_or_else(
            || "document".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        let mut candidate = stem.clone();
        let mut n = 2;
        while !stems.insert(candidate.clone()) {
            candidate = format!("{stem}-{n}");
            n += 1;
        }
        input.stem = candidate;
    }
    Ok(inputs)
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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

/// A deterministic share of the inputs: those whose key hashes to `index` modulo `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 0-based shard number, below `count`.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl Shard {
    /// Whether an input belongs to this shard (by the SHA-256 of its key).
    pub fn contains(&self, key: &str) -> bool {
        let h = Sha256::digest(key.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&h[..8]);
        u64::from_be_bytes(first) % u64::from(self.count) == u64::from(self.index)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    /// `i/n` with 0 ≤ i < n.
    fn from_str(s: &str) -> Result<Shard, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("shard {s:?}: expected i/n, e.g. 0/4"))?;
        let index: u32 = i
            .trim()
            .parse()
            .map_err(|_| format!("shard {s:?}: bad i"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("shard {s:?}: bad n"))?;
        if count == 0 || index >= count {
            return Err(format!("shard {s:?}: need 0 ≤ i < n"));
        }
        Ok(Shard { index, count })
    }
}

/// How documents are read in a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Isolation {
    /// In worker processes running `exe worker`: a crash or a hang costs one document.
    Process {
        /// The `hyoka` executable.
        exe: PathBuf,
    },
    /// In this process's threads, each document under `catch_unwind` (no time limit for
    /// text, no protection against aborts).
    InProcess,
}

/// A batch run's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Output folder.
    pub out: PathBuf,
    /// Parallel documents (default: one per core).
    pub jobs: usize,
    /// Re-read inputs even when unchanged.
    pub force: bool,
    /// Only this share of the inputs.
    pub shard: Option<Shard>,
    /// Parsing options.
    pub options: Options,
    /// Worker processes or threads.
    pub isolation: Isolation,
    /// Time limit per document (worker processes only).
    pub time_limit: Duration,
    /// Address-space limit per worker process, in bytes.
    pub memory_limit: Option<u64>,
}

impl Config {
    /// Defaults: one job per core, in-process, 60 s and 4 GiB per document.
    pub fn new(out: PathBuf) -> Config {
        Config {
            out,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            force: false,
            shard: None,
            options: Options::default(),
            isolation: Isolation::InProcess,
            time_limit: Duration::from_secs(60),
            memory_limit: Some(4 << 30),
        }
    }
}

/// The options that change what a document reads as, as recorded in the manifest.
pub fn options_fingerprint(options: &Options) -> String {
    let rendering = options.rendering.map_or_else(
        || "auto".to_string(),
        |r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        },
    );
    match options.pdf_backend {
        // The default backend keeps the fingerprint of runs made before it could be chosen.
        crate::ingest::pdf::Backend::Hayro => format!("rendering={rendering}"),
        other => format!("rendering={rendering};pdf-backend={}", other.name()),
    }
}

/// What happened to one input in a run.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<'a> {
    /// The input was read now.
    Parsed(&'a Entry),
    /// The input was unchanged since the last run; its stored document is kept.
    Skipped(&'a Entry),
    /// The corpus outputs are being written: documents done so far, of all.
    Writing(usize, usize),
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Statistics over every input of the run (read now or kept).
    pub stats: Stats,
    /// Inputs read now.
    pub parsed: usize,
    /// Inputs kept from the last run.
    pub skipped: usize,
    /// The failures, in key order.
    pub failures: Vec<Entry>,
}

/// Parses one file, turning a panic into an [`ErrorKind::Internal`] error.
pub fn parse_guarded(path: &Path, options: &Options) -> Result<Document, Error> {
    let label = path.display().to_string();
    catch_unwind(AssertUnwindSafe(|| crate::parse_file(path, options))).unwrap_or_else(|panic| {
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
    })
}

fn io_error(e: std::io::Error, p: &Path) -> Error {
    Error::new(ErrorKind::Io(e), &p.display().to_string(), Stage::Emit)
}

/// Takes the output folder for this process: creates it (and `docs/`), locks `OUT/.lock`
/// so that two runs never write one folder at once, and removes temporary files a killed run
/// left behind. The lock is held until the returned file is dropped.
fn take_output_folder(out: &Path) -> Result<std::fs::File, Error> {
    let docs = out.join("docs");
    std::fs::create_dir_all(&docs).map_err(|e| io_error(e, &docs))?;
    let lock_path = out.join(".lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| io_error(e, &lock_path))?;
    if lock.try_lock().is_err() {
        return Err(io_error(
            std::io::Error::other("another hyoka run or merge is writing this folder"),
            out,
        ));
    }
    for dir in [out, docs.as_path()] {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.ends_with(".partial") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(lock)
}

/// Runs a batch into `config.out`; `on_event` is called from the calling thread.
pub fn run(
    inputs: &[Input],
    config: &Config,
    on_event: &dyn Fn(Event<'_>),
) -> Result<Report, Error> {
    let out = &config.out;
    let _lock = take_output_folder(out)?;
    let previous = Manifest::load(out);
    let fingerprint = options_fingerprint(&config.options);
    let version = env!("CARGO_PKG_VERSION");
    let mine: Vec<&Input> = inputs
        .iter()
        .filter(|i| config.shard.is_none_or(|s| s.contains(&i.key)))
        .collect();

    let mut manifest = Manifest::default();
    let mut report = Report::default();
    let mut log = Manifest::append_log(out)?;
    let next = AtomicUsize::new(0);
    let jobs = config.jobs.max(1).min(mine.len().max(1));
    let (tx, rx) = mpsc::sync_channel::<Result<(Entry, bool), Error>>(jobs * 2);
    std::thread::scope(|scope| -> Result<(), Error> {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, mine, previous) = (&next, &mine, &previous);
            let fingerprint = fingerprint.as_str();
            scope.spawn(move || {
                let mut worker = match &config.isolation {
                    Isolation::Process { exe } => {
                        Some(worker::Worker::new(exe, config.memory_limit))
                    }
                    Isolation::InProcess => None,
                };
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = mine.get(i) else { break };
                    let result = process(
                        input,
                        config,
                        previous,
                        fingerprint,
                        version,
                        worker.as_mut(),
                    );
                    if tx.send(result).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for result in rx {
            let (entry, skipped) = result?;
            if skipped {
                report.skipped += 1;
                on_event(Event::Skipped(&entry));
            } else {
                log.append(&entry)?;
                report.parsed += 1;
                on_event(Event::Parsed(&entry));
            }
            manifest.entries.insert(entry.key.clone(), entry);
        }
        Ok(())
    })?;
    drop(log);

    // Stored documents of inputs no longer in the run are removed with their entries.
    for (key, old) in &previous.entries {
        if !manifest.entries.contains_key(key) {
            if let Some(doc) = &old.doc {
                let _ = std::fs::remove_file(out.join(doc));
            }
        }
    }
    report.stats = write_corpus(out, &manifest, config.jobs, on_event)?;
    crate::emit::write_atomic(&out.join(manifest::FILE), manifest.to_jsonl().as_bytes())?;
    report.failures = manifest
        .entries
        .values()
        .filter(|e| e.failure.is_some())
        .cloned()
        .collect();
    Ok(report)
}

/// Rebuilds the corpus outputs with `jobs` threads (so `--jobs 1` is one core throughout).
fn write_corpus(
    out: &Path,
    manifest: &Manifest,
    jobs: usize,
    on_event: &dyn Fn(Event<'_>),
) -> Result<Stats, Error> {
    crate::emit::corpus::write(out, manifest, jobs, &|done, all| {
        on_event(Event::Writing(done, all))
    })
}

/// Reads one input, or keeps its stored document when nothing changed.
fn process(
    input: &Input,
    config: &Config,
    previous: &Manifest,
    fingerprint: &str,
    version: &str,
    worker: Option<&mut worker::Worker>,
) -> Result<(Entry, bool), Error> {
    let label = input.path.display().to_string();
    let doc_rel = format!("docs/{}.json", input.stem);
    let mut entry = Entry {
        key: input.key.clone(),
        path: label.clone(),
        sha256: String::new(),
        size: 0,
        hyoka: version.to_string(),
        options: fingerprint.to_string(),
        doc: None,
        failure: None,
    };
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => {
            entry.failure = Some(Failure::of(&Error::new(
                ErrorKind::Io(e),
                &label,
                Stage::Ingest,
            )));
            return Ok((entry, false));
        }
    };
    entry.sha256 = hex(&Sha256::digest(&bytes));
    entry.size = bytes.len() as u64;
    drop(bytes);
    if !config.force {
        if let Some(old) = previous.get(&input.key) {
            let same = old.sha256 == entry.sha256
                && old.size == entry.size
                && old.hyoka == entry.hyoka
                && old.options == entry.options
                && old.path == entry.path;
            let stored = match &old.doc {
                Some(d) => *d == doc_rel && config.out.join(d).is_file(),
                None => old.failure.is_some(),
            };
            if same && stored {
                return Ok((old.clone(), true));
            }
        }
    }
    let req = worker::Request {
        input: input.path.clone(),
        doc: config.out.join(&doc_rel),
        rendering: config.options.rendering,
        pdf_time_limit_ms: config.options.pdf_time_limit().as_millis() as u64,
        pdf_backend: config.options.pdf_backend,
    };
    let response = match worker {
        Some(w) => w.run(&req, config.time_limit),
        None => worker::handle(&req),
    };
    match response.failure {
        None => entry.doc = Some(doc_rel),
        Some(f) => {
            let _ = std::fs::remove_file(config.out.join(&doc_rel));
            entry.failure = Some(f);
        }
    }
    Ok((entry, false))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Combines the outputs of several runs (shards) into `out`, as one run over all their
/// inputs would have written them: the manifests are united (a key in two is an error unless
/// both record the same input), the stored documents copied, the corpus outputs rebuilt.
pub fn merge(parts: &[PathBuf], out: &Path, on_event: &dyn Fn(Event<'_>)) -> Result<Report, Error> {
    let _lock = take_output_folder(out)?;
    let mut manifest = Manifest::default();
    for part in parts {
        let m = Manifest::load(part);
        if m.entries.is_empty() && !part.join(manifest::FILE).is_file() {
            return Err(Error::new(
                ErrorKind::Io(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no manifest.jsonl: not the output of `hyoka run`",
                )),
                &part.display().to_string(),
                Stage::Emit,
            ));
        }
        for (key, e) in m.entries {
            if let Some(prev) = manifest.entries.get(&key) {
                if prev.sha256 != e.sha256 {
                    return Err(Error::new(
                        ErrorKind::Io(std::io::Error::other(format!(
                            "{key} is in two parts with different contents"
                        ))),
                        &part.display().to_string(),
                        Stage::Emit,
                    ));
                }
                continue;
            }
            if let Some(doc) = &e.doc {
                let (from, to) = (part.join(doc), out.join(doc));
                if from != to {
                    let bytes = std::fs::read(&from).map_err(|err| io_error(err, &from))?;
                    crate::emit::write_atomic(&to, &bytes)?;
                }
            }
            manifest.entries.insert(key, e);
        }
    }
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let stats = write_corpus(out, &manifest, jobs, on_event)?;
    crate::emit::write_atomic(&out.join(manifest::FILE), manifest.to_jsonl().as_bytes())?;
    Ok(Report {
        stats,
        parsed: 0,
        skipped: manifest.entries.len(),
        failures: manifest
            .entries
            .values()
            .filter(|e| e.failure.is_some())
            .cloned()
            .collect(),
    })
}
