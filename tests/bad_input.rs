//! Bad input gives a clear per-document error or diagnostics — never a panic — and one bad
//! document does not stop a batch.

use std::process::Command;

use hyoka::{parse_bytes, ErrorKind, Options, Status};

use crate::common::*;

fn parse(bytes: &[u8]) -> Result<hyoka::Document, hyoka::Error> {
    parse_bytes(bytes, "input.txt", &Options::default())
}

#[test]
fn empty_and_blank_files() {
    for bytes in [&b""[..], b"   \n\n\t  \r\n"] {
        let err = parse(bytes).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Empty), "{err}");
        assert!(err.to_string().contains("input.txt"));
    }
}

#[test]
fn binary_bytes_are_not_text() {
    // A PNG signature and header, then pseudo-random bytes.
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    let err = parse(&bytes).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotText { .. }), "{err}");
}

#[test]
fn japanese_text_that_is_not_an_assessment() {
    let text = "吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。\n何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。\n";
    let err = parse(text.as_bytes()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotAnAssessment), "{err}");
    assert_eq!(err.code(), "not_an_assessment");
}

#[test]
fn header_only_document() {
    // The cover page of seed 000 (lines 1-21) and nothing else.
    let text = String::from_utf8(corpus_bytes("000")).unwrap();
    let head: Vec<&str> = text.lines().take(21).collect();
    let doc = parse(head.join("\n").as_bytes()).expect("a header-only document is a document");
    assert_eq!(doc.header.number.as_deref(), Some("11"));
    assert_eq!(doc.header.published.date.as_deref(), Some("2025-12-26"));
    let missing = doc
        .items
        .iter()
        .filter(|i| i.status == Status::Missing)
        .count();
    assert!(missing >= 30, "{missing} items missing");
    assert!(doc.diagnostics.iter().any(|d| d.code == "item.missing"));
}

#[test]
fn truncated_document_keeps_what_it_has() {
    // Seed 000 cut after line 80 (II.3 重大事故): I and II are there, IV is not.
    let text = String::from_utf8(corpus_bytes("000")).unwrap();
    let cut: Vec<&str> = text.lines().take(80).collect();
    let doc = parse(cut.join("\n").as_bytes()).unwrap();
    assert_eq!(
        choice(&doc, "threshold.handlers").as_deref(),
        Some("500人未満")
    );
    assert_eq!(
        choice(&doc, "threshold.serious_incident").as_deref(),
        Some("発生なし")
    );
    assert_eq!(status(&doc, "risk.acquisition"), Status::Missing);
    assert_eq!(status(&doc, "audit"), Status::Missing);
}

#[test]
fn truncated_mid_character_in_shift_jis() {
    let (sjis, _, _) = encoding_rs::SHIFT_JIS
        .encode("特定個人情報保護評価書(基礎項目評価書)\n公表日\n令和7年12月26日");
    let cut = &sjis[..sjis.len() - 1];
    // Either a document or a typed error; the point is that it returns.
    let _ = parse(cut);
}

#[test]
fn impossible_dates_are_diagnostics_not_values() {
    let text = "特定個人情報保護評価書(基礎項目評価書)\n\n公表日\n\n令和1年2月3日\n\nII しきい値判断項目\n\n1. 対象人数\nいつ時点の計数か\t令和5年2月30日 時点\n";
    let options = Options {
        rendering: Some(hyoka::Rendering::TsvHtml),
        ..Options::default()
    };
    let doc = parse_bytes(text.as_bytes(), "input.txt", &options).unwrap();
    assert_eq!(doc.header.published.date, None);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.code == "header.date_impossible"));
    let it = item(&doc, "threshold.population_as_of");
    assert_eq!(it.status, Status::Invalid);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.code == "date.impossible" && d.path.as_deref() == Some("II.1.時点")));
}

#[test]
fn foreign_script_in_a_label_is_reported() {
    let text = "特定個人情報保護評価書(基礎項目評価書)\n\nIV リスク対策\n入手した特定個人情報ที่ไม่正確であるリスク\n";
    let doc = parse(text.as_bytes()).unwrap();
    let d = doc
        .diagnostics
        .iter()
        .find(|d| d.code == "text.foreign_script")
        .expect("diagnostic");
    assert_eq!(d.line, Some(4));
    assert!(d.message.contains("Thai"));
}

#[test]
fn batch_goes_on_after_a_bad_document() {
    let dir = tempdir();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(corpus_path("000"), input.join("good.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(
        input.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 255, 254, 0, 0, 7],
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(1),
        "a failed document makes the exit code non-zero"
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("3 documents: 1 ok, 0 with warnings, 2 failed")
            || stderr.contains("3 documents: 0 ok, 1 with warnings, 2 failed"),
        "{stderr}"
    );
    assert!(stderr.contains("empty.txt"), "failures are named: {stderr}");
    assert!(out.join("docs/good.json").exists());
    let diags = std::fs::read_to_string(out.join("diagnostics.jsonl")).unwrap();
    assert!(diags
        .lines()
        .any(|l| l.contains("empty.txt") && l.contains("\"code\":\"empty\"")));
    assert!(diags
        .lines()
        .any(|l| l.contains("binary.txt") && l.contains("\"level\":\"error\"")));
    let corpus = std::fs::read_to_string(out.join("corpus.jsonl")).unwrap();
    assert_eq!(corpus.lines().count(), 1);
}

#[test]
fn approximate_label_is_read_and_reported() {
    // `…十分ですか` is not the form's wording (`…十分か`): close enough to read, and said so.
    let text = "特定個人情報保護評価書(基礎項目評価書)\n\nIV リスク対策\n\n2. 特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)\n目的外の入手が行われるリスクへの対策は十分ですか\t[十分である]\t<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている\n";
    let options = Options {
        rendering: Some(hyoka::Rendering::TsvHtml),
        ..Options::default()
    };
    let doc = parse_bytes(text.as_bytes(), "input.txt", &options).unwrap();
    assert_eq!(
        choice(&doc, "risk.acquisition").as_deref(),
        Some("十分である")
    );
    let d = doc
        .diagnostics
        .iter()
        .find(|d| d.code == "label.approximate")
        .expect("diagnostic");
    assert_eq!(d.path.as_deref(), Some("IV.2.a"));
    assert_eq!(d.line, Some(6));
}

#[test]
fn regression_choice_does_not_borrow_the_next_rows_value() {
    // The item's own row is empty; the next row is another (unknown) item with a value that
    // happens to be valid in this item's list. It must not be taken.
    let text = "特定個人情報保護評価書(基礎項目評価書)\n\nII しきい値判断項目\n\n2. 取扱者数\n特定個人情報ファイル取扱者数は500人以上か\t\n独自の確認欄\t[500人以上]\n";
    let options = Options {
        rendering: Some(hyoka::Rendering::TsvHtml),
        ..Options::default()
    };
    let doc = parse_bytes(text.as_bytes(), "input.txt", &options).unwrap();
    assert_eq!(status(&doc, "threshold.handlers"), Status::Missing);
}
