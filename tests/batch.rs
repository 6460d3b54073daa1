//! Batch runs without loss: byte-identical outputs for any number of jobs, reruns that read
//! only what changed, shards that merge into what one run writes, a killed run that keeps
//! what it finished, a time limit that stops a document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;

fn hyoka(args: &[&str], paths: &[&Path]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    cmd.args(args);
    for p in paths {
        cmd.arg(p);
    }
    cmd.output().expect("hyoka runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A folder with the five corpus documents (in a subfolder for two of them).
fn corpus_copy(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    for (n, sub) in [
        ("000", ""),
        ("001", ""),
        ("002", "sub"),
        ("003", ""),
        ("004", "sub"),
    ] {
        let src = corpus_path(n);
        std::fs::copy(&src, input.join(sub).join(src.file_name().unwrap())).unwrap();
    }
    input
}

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn assert_same_outputs(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between {a:?} and {b:?}");
    }
}

#[test]
fn any_number_of_jobs_writes_the_same_bytes() {
    let dir = tempdir();
    let input = corpus_copy(dir.path());
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    let r1 = hyoka(&["run", "--quiet", "--jobs", "1", "--out"], &[&one, &input]);
    let r2 = hyoka(&["run", "--quiet", "--jobs", "2", "--out"], &[&two, &input]);
    assert!(
        r1.status.success() && r2.status.success(),
        "{}",
        stderr(&r1)
    );
    assert_same_outputs(&one, &two);
    // In-process threads write what worker processes write.
    let three = dir.path().join("three");
    let r3 = hyoka(
        &["run", "--quiet", "--in-process", "--out"],
        &[&three, &input],
    );
    assert!(r3.status.success());
    assert_same_outputs(&one, &three);
    for t in ["documents", "items", "answers", "answers_columns", "stats"] {
        assert!(one.join(format!("{t}.csv")).is_file(), "{t}.csv");
        assert!(one.join(format!("{t}.parquet")).is_file(), "{t}.parquet");
    }
    let names: Vec<String> = files(&one).into_keys().collect();
    assert!(
        names.iter().all(|n| !n.contains(".partial")),
        "no temporary file is left: {names:?}"
    );
}

#[test]
fn a_rerun_reads_only_what_changed() {
    let dir = tempdir();
    let input = corpus_copy(dir.path());
    let out = dir.path().join("out");
    let first = hyoka(&["run", "--quiet", "--out"], &[&out, &input]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = files(&out);

    let again = hyoka(&["run", "--quiet", "--out"], &[&out, &input]);
    assert!(
        stderr(&again).contains("(0 read, 5 unchanged)"),
        "{}",
        stderr(&again)
    );
    assert_same_outputs_map(&before, &files(&out));

    // One input changes: only it is read; the tables are rebuilt from the stored documents.
    let changed = input
        .join("sub")
        .join(corpus_path("002").file_name().unwrap());
    let mut text = std::fs::read(&changed).unwrap();
    text.extend_from_slice("\n".as_bytes());
    std::fs::write(&changed, text).unwrap();
    let third = hyoka(&["run", "--quiet", "--out"], &[&out, &input]);
    assert!(
        stderr(&third).contains("(1 read, 4 unchanged)"),
        "{}",
        stderr(&third)
    );

    let forced = hyoka(&["run", "--quiet", "--force", "--out"], &[&out, &input]);
    assert!(
        !stderr(&forced).contains("unchanged"),
        "{}",
        stderr(&forced)
    );

    // An input that is gone leaves the tables, its stored document with it.
    std::fs::remove_file(input.join(corpus_path("000").file_name().unwrap())).unwrap();
    let fourth = hyoka(&["run", "--quiet", "--out"], &[&out, &input]);
    assert!(
        stderr(&fourth).contains("4 documents"),
        "{}",
        stderr(&fourth)
    );
    assert!(!out.join("docs/000_0dcf8c9dd007b5ab.json").exists());
    let docs = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert_eq!(docs.lines().count(), 5, "header and four documents");
}

fn assert_same_outputs_map(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in a {
        assert!(v == &b[k], "{k} changed on a rerun with nothing changed");
    }
}

#[test]
fn merged_shards_equal_one_run() {
    let dir = tempdir();
    let input = corpus_copy(dir.path());
    let whole = dir.path().join("whole");
    assert!(hyoka(&["run", "--quiet", "--out"], &[&whole, &input])
        .status
        .success());
    let mut parts = Vec::new();
    let mut total = 0;
    for i in 0..3 {
        let part = dir.path().join(format!("shard{i}"));
        let shard = format!("{i}/3");
        let r = hyoka(
            &["run", "--quiet", "--shard", &shard, "--out"],
            &[&part, &input],
        );
        let docs = std::fs::read_dir(part.join("docs")).unwrap().count();
        total += docs;
        assert!(r.status.success(), "{}", stderr(&r));
        parts.push(part);
    }
    assert_eq!(total, 5, "every input is in exactly one shard");
    let merged = dir.path().join("merged");
    let refs: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
    let mut args = vec![merged.as_path()];
    args.extend(refs);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    cmd.args(["merge", "--quiet", "--out"]).arg(args[0]);
    for p in &args[1..] {
        cmd.arg(p);
    }
    let m = cmd.output().unwrap();
    assert!(m.status.success(), "{}", stderr(&m));
    assert_same_outputs(&whole, &merged);
}

#[test]
fn bad_shards_are_usage_errors() {
    for bad in ["3/3", "1/0", "x/2", "2"] {
        let r = hyoka(&["run", "--quiet", "--shard", bad], &[]);
        assert_eq!(r.status.code(), Some(2), "{bad}: {}", stderr(&r));
    }
}

#[test]
fn a_document_over_the_time_limit_is_stopped_and_the_batch_goes_on() {
    let dir = tempdir();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // 001 is 346 KB of 全項目 text: far more than a millisecond of work.
    std::fs::copy(corpus_path("001"), input.join("big.txt")).unwrap();
    let out = dir.path().join("out");
    let r = hyoka(
        &["run", "--quiet", "--time-limit", "0.001", "--out"],
        &[&out, &input],
    );
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    assert!(stderr(&r).contains("time limit"), "{}", stderr(&r));
    let diags = std::fs::read_to_string(out.join("diagnostics.jsonl")).unwrap();
    assert!(diags.contains("\"code\":\"time_limit\""), "{diags}");
    assert!(!out.join("docs/big.json").exists());
}

#[test]
fn a_killed_run_keeps_what_it_finished() {
    let dir = tempdir();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let text = std::fs::read(corpus_path("003")).unwrap();
    for i in 0..300 {
        std::fs::write(input.join(format!("d{i:03}.txt")), &text).unwrap();
    }
    let out = dir.path().join("out");
    // A complete earlier run over a smaller input set: its tables must survive the kill.
    let first = dir.path().join("first");
    std::fs::create_dir(&first).unwrap();
    std::fs::write(first.join("d000.txt"), &text).unwrap();
    assert!(hyoka(&["run", "--quiet", "--out"], &[&out, &first])
        .status
        .success());
    let tables_before = std::fs::read(out.join("documents.csv")).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["run", "--quiet", "--jobs", "1", "--out"])
        .arg(&out)
        .arg(&input)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let manifest = out.join("manifest.jsonl");
    let start = std::time::Instant::now();
    while std::fs::read_to_string(&manifest).map_or(0, |m| m.lines().count()) < 6 {
        assert!(start.elapsed().as_secs() < 60, "no progress");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    let _ = child.wait();

    // Nothing torn: every stored document parses, the old tables are still whole.
    for e in std::fs::read_dir(out.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap())
                .unwrap_or_else(|e| panic!("{p:?} torn: {e}"));
            assert_eq!(v["schema_version"], hyoka::SCHEMA_VERSION);
        }
    }
    assert_eq!(
        std::fs::read(out.join("documents.csv")).unwrap(),
        tables_before
    );

    // The rerun reads only what the killed run had not finished.
    let rerun = hyoka(&["run", "--quiet", "--out"], &[&out, &input]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let msg = stderr(&rerun);
    let kept: usize = msg
        .split(" read, ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{msg}"));
    assert!(
        kept >= 5,
        "documents finished before the kill are kept: {msg}"
    );
    assert!(msg.starts_with("300 documents"), "{msg}");
    let docs = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert_eq!(docs.lines().count(), 301);
}

#[test]
fn two_runs_never_write_one_folder_at_once() {
    let dir = tempdir();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let held = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".lock"))
        .unwrap();
    held.lock().unwrap();
    let r = hyoka(&["run", "--quiet", "--out"], &[&out]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    assert!(stderr(&r).contains("another hyoka run"), "{}", stderr(&r));
    drop(held);
    // A temporary file left by a killed run is cleared by the next one.
    std::fs::write(out.join(".corpus.jsonl.partial"), b"torn").unwrap();
    let r = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(!out.join(".corpus.jsonl.partial").exists());
}
