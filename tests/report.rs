//! `hyoka report`: the HTML report of a run — counts, values known from the corpus, escaping
//! of document text, the peer view against `hyoka::peers`, and the page in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use hyoka::emit::corpus::{load_document, stored_documents};
use hyoka::peers::PeerReport;
use hyoka::report::{self, PeerCounts, Report};
use hyoka::{Document, Value};

use crate::common::*;

const SCRIPT: &str = "<script>alert(1)</script>";
const DOC_000: &str = "docs/000_0dcf8c9dd007b5ab.json";

/// Runs `hyoka run` over the five corpus documents into `out`.
fn run_corpus(out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let o = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["run", "--quiet", "--in-process", "--out"])
        .arg(out)
        .arg(&corpus)
        .output()
        .expect("hyoka runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The corpus run, made once for the module.
fn corpus_run() -> &'static Path {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    RUN.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-corpus");
        run_corpus(&out);
        out
    })
}

/// A corpus run whose stored document 000 has `<script>alert(1)</script>` in its ①事務の名称
/// (value and source text). The parser strips HTML tags from every rendering, so the
/// stored document is edited: it stands for any document text that contains markup.
fn script_run() -> &'static Path {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    RUN.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-script");
        run_corpus(&out);
        let mut doc = load_document(&out, DOC_000).unwrap();
        let item = doc
            .items
            .iter_mut()
            .find(|i| i.id == "affairs.name")
            .unwrap();
        item.value = Value::Text(format!("国民健康保険に関する事務{SCRIPT}"));
        if let Some(s) = &mut item.source {
            s.raw = format!("国民健康保険に関する事務{SCRIPT}");
        }
        std::fs::write(out.join(DOC_000), serde_json::to_vec(&doc).unwrap()).unwrap();
        out
    })
}

fn render(out: &Path) -> (Report, String) {
    let mut html = Vec::new();
    let r = report::render(out, &mut html, &|_, _, _| {}).expect("report renders");
    (r, String::from_utf8(html).expect("UTF-8"))
}

#[test]
fn report_counts_the_corpus_documents_by_form_kind() {
    let (r, html) = render(corpus_run());
    assert_eq!(r.documents, 5);
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    // corpus/README.md: 000 and 002 基礎, 001 and 004 全項目, 003 重点.
    for bar in [
        "<title>基礎: 2 (40 %)</title>",
        "<title>全項目: 2 (40 %)</title>",
        "<title>重点: 1 (20 %)</title>",
    ] {
        assert!(html.contains(bar), "no bar {bar}");
    }
    assert_eq!(html.matches("<svg").count(), r.charts);
    // Three overview charts, then one per answered item or option.
    assert!(r.charts > 3 + 50, "{} charts", r.charts);
    assert_eq!(html.matches("<section class=\"doc\"").count(), 5);
}

#[test]
fn report_shows_values_known_from_the_corpus() {
    let (_, html) = render(corpus_run());
    for known in [
        "防府市",
        "352063",
        "国民健康保険に関する事務 基礎項目評価書",
        "href=\"#doc-000_0dcf8c9dd007b5ab\"",
        "id=\"doc-000_0dcf8c9dd007b5ab\"",
        // 000's 公表日 and its 監査 line (README: IV.9.a, L112).
        "2025-12-26 (令和7年12月26日)",
    ] {
        assert!(html.contains(known), "{known} not in the report");
    }
}

#[test]
fn report_renders_the_indicators_of_summary_json() {
    let (_, html) = render(corpus_run());
    assert!(html.contains("id=\"indicators\""));
    assert!(html.contains("outsourcing_share"));
}

#[test]
fn report_without_indicators_renders_no_indicator_section() {
    let dir = tempdir();
    let out = dir.path().join("out");
    run_corpus(&out);
    std::fs::write(out.join("summary.json"), "{\"documents\": 5}").unwrap();
    let (_, html) = render(&out);
    assert!(!html.contains("id=\"indicators\""));
}

#[test]
fn report_escapes_document_text() {
    let (_, html) = render(script_run());
    assert!(html.contains("&lt;script&gt;alert(1)"));
    assert!(!html.contains("<script>alert"));
    // The page's own script is the only script element.
    assert_eq!(html.matches("<script").count(), 1);
}

#[test]
fn report_peer_view_is_the_peers_report() {
    let out = corpus_run();
    let mut counts = PeerCounts::default();
    for d in stored_documents(out) {
        counts.add(&d);
    }
    let docs: Vec<Document> = stored_documents(out).collect();
    assert_eq!(docs.len(), 5);
    for d in &docs {
        let expected = PeerReport::new(d, stored_documents(out));
        assert_eq!(counts.report(d), expected, "{}", d.source.path);
    }
    // 000 and 002 are both 基礎 国民健康保険: peers of each other, unless the 対象人数 band differs.
    let d000 = docs
        .iter()
        .find(|d| d.source.path.contains("000_"))
        .unwrap();
    assert_eq!(counts.report(d000).peers, 1);
}

#[test]
fn report_of_a_folder_that_is_not_a_run_is_an_error() {
    let dir = tempdir();
    let mut sink = Vec::new();
    let e = report::render(dir.path(), &mut sink, &|_, _, _| {}).unwrap_err();
    assert!(
        e.to_string()
            .contains("not an output folder of `hyoka run`"),
        "{e}"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .arg("report")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("report.html").exists());
}

#[test]
fn report_skips_a_missing_stored_document_with_a_note() {
    let dir = tempdir();
    let out = dir.path().join("out");
    run_corpus(&out);
    std::fs::remove_file(out.join("docs/001_e85a03c2c6247dbf.json")).unwrap();
    std::fs::write(out.join("docs/003_6e56c5aafac9f5fa.json"), "{ not json").unwrap();
    let (r, html) = render(&out);
    assert_eq!(r.documents, 3);
    assert_eq!(r.skipped.len(), 2);
    assert!(html.contains("Not in this report"));
    assert!(html.contains("001_e85a03c2c6247dbf.txt"));
}

#[test]
fn report_command_writes_the_file() {
    let dir = tempdir();
    let dest = dir.path().join("r.html");
    let o = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .arg("report")
        .arg(corpus_run())
        .arg("-o")
        .arg(&dest)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&dest).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("5 documents"));
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        eprintln!("skipped: chromium is not on PATH (.ci/run installs it)");
        return;
    };
    let dir = tempdir();
    let page = dir.path().join("report.html");
    let r = report::write(script_run(), &page, &|_, _, _| {}).unwrap();
    let profile = dir.path().join("profile");
    let o = Command::new(&chromium)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && !dom.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        dom.contains("<body data-ready=\"1\""),
        "the page's script did not finish"
    );
    assert!(!dom.contains("data-error"), "script error in the page");
    assert_eq!(dom.matches("<svg").count(), r.charts);
    assert!(dom.contains("352063"));
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!dom.contains("<script>alert"));
}
