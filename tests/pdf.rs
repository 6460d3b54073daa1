//! PDF ingestion: fixtures rendered from our own texts by LibreOffice and Chromium
//! (`scripts/build-pdf-fixtures.sh`) give the same items as the texts they were rendered
//! from; the form samples (tests/data/pdf/samples) parse; damaged and undecodable PDFs give clear errors.

use std::path::PathBuf;

use hyoka::ingest::pdf::Backend;
use hyoka::{parse_bytes, parse_file, Document, ErrorKind, ItemType, Options, Rendering, Status};

use crate::common::*;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pdf")
        .join(name)
}

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pdf/samples")
        .join(name)
}

fn parse_path(p: &std::path::Path) -> Document {
    parse_file(p, &Options::default()).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Choice, checkbox, checkbox-set and count items with a value, keyed by id and block.
fn answers(doc: &Document) -> Vec<((String, Option<u32>), hyoka::Value)> {
    doc.items
        .iter()
        .filter(|i| {
            matches!(
                i.kind,
                ItemType::Choice | ItemType::Checkbox | ItemType::CheckboxSet | ItemType::Count
            )
        })
        .filter(|i| i.status != Status::Missing)
        .map(|i| {
            (
                (i.id.clone(), i.group.as_ref().map(|g| g.index)),
                i.value.clone(),
            )
        })
        .collect()
}

fn assert_parity(source: &str, pdf: &str, at_least: usize) {
    let text = parse_path(&data(source));
    let doc = parse_path(&data(pdf));
    assert_eq!(doc.source.rendering, Rendering::Pdf, "{pdf}");
    assert!(
        doc.source.page_count.is_some_and(|n| n >= 2),
        "{pdf}: page count"
    );
    let want = answers(&text);
    let got = answers(&doc);
    assert!(
        want.len() >= at_least,
        "{source}: only {} answers",
        want.len()
    );
    for (key, value) in &want {
        let found = got.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        assert_eq!(found, Some(value), "{pdf}: {key:?}");
    }
    assert_eq!(doc.header, text.header, "{pdf}: header");
    // Every item read from the PDF names its page.
    for item in doc.items.iter().filter(|i| i.source.is_some()) {
        let page = item.source.as_ref().and_then(|s| s.page);
        assert!(
            page.is_some_and(|p| p >= 1),
            "{pdf}: {} has no page",
            item.path
        );
    }
}

#[test]
fn kiso_fixture_libreoffice_matches_its_text() {
    assert_parity("kiso_fixture.tsv", "kiso_fixture_lo.pdf", 25);
}

#[test]
fn kiso_fixture_chromium_css_boxes_match_its_text() {
    assert_parity("kiso_fixture.tsv", "kiso_fixture_chrome.pdf", 25);
}

#[test]
fn zenkomoku_fixture_libreoffice_matches_its_text() {
    assert_parity("zenkomoku_fixture.tsv", "zenkomoku_fixture_lo.pdf", 17);
}

#[test]
fn zenkomoku_fixture_chromium_matches_its_text() {
    assert_parity("zenkomoku_fixture.tsv", "zenkomoku_fixture_chrome.pdf", 17);
}

#[test]
fn fixture_answers_are_not_the_seeds() {
    // The fixtures answer differently from seed 000, so parity proves reading, not memory.
    let doc = parse_path(&data("kiso_fixture_chrome.pdf"));
    assert_eq!(
        choice(&doc, "threshold.handlers").as_deref(),
        Some("500人以上")
    );
    assert_eq!(
        choice(&doc, "threshold.serious_incident").as_deref(),
        Some("発生あり")
    );
    assert_eq!(checkbox(&doc, "outsourcing.none"), Some(true));
    assert_eq!(checkbox(&doc, "network.no_provision"), Some(true));
    assert_eq!(
        checkbox_set(&doc, "audit"),
        vec![
            ("自己点検".into(), Some(false)),
            ("内部監査".into(), Some(true)),
            ("外部監査".into(), Some(true))
        ]
    );
    assert_eq!(
        doc.header.organization.raw.as_deref(),
        Some("北海道架空市長")
    );
}

#[test]
fn aes256_with_empty_password_reads_like_the_plain_file() {
    let plain = parse_path(&data("kiso_fixture_lo.pdf"));
    let aes = parse_path(&data("kiso_fixture_aes_nopassword.pdf"));
    assert_eq!(answers(&aes), answers(&plain));
}

/// Seed 000's values (tests/seed_000.rs) for the items the samples print. The
/// samples print 対象人数 with a value (`[ 1万人以上10万人未満 ]`, seen with pdftotext)
/// where the seed has none.
fn assert_seed_000_values(doc: &Document) {
    assert_eq!(doc.header.number.as_deref(), Some("11"));
    assert_eq!(
        doc.header.organization.raw.as_deref(),
        Some("山口県防府市長")
    );
    assert_eq!(doc.header.published.date.as_deref(), Some("2025-12-26"));
    assert_eq!(
        choice(doc, "network_linkage.implemented").as_deref(),
        Some("実施する")
    );
    assert_eq!(
        choice(doc, "threshold.handlers").as_deref(),
        Some("500人未満")
    );
    assert_eq!(
        choice(doc, "threshold.serious_incident").as_deref(),
        Some("発生なし")
    );
    assert_eq!(
        choice(doc, "risk.acquisition").as_deref(),
        Some("十分である")
    );
    assert_eq!(
        choice(doc, "education").as_deref(),
        Some("十分に行っている")
    );
    assert_eq!(checkbox(doc, "rule9.applied"), Some(false));
    assert_eq!(checkbox(doc, "manual_work.none"), Some(false));
    assert_eq!(
        checkbox_set(doc, "audit"),
        vec![
            ("自己点検".into(), Some(true)),
            ("内部監査".into(), Some(true)),
            ("外部監査".into(), Some(false))
        ]
    );
    assert_eq!(
        choice(doc, "threshold.population").as_deref(),
        Some("1万人以上10万人未満")
    );
}

#[test]
fn shared_sample_calc_export() {
    let doc = parse_path(&sample("hyoukasho_small_lo74.pdf"));
    assert_eq!(doc.source.page_count, Some(6));
    assert_seed_000_values(&doc);
}

#[test]
fn shared_sample_chromium_identity_h() {
    let doc = parse_path(&sample("hyoukasho_small_chrome.pdf"));
    assert_eq!(doc.source.page_count, Some(6));
    assert_seed_000_values(&doc);
}

#[test]
fn shared_sample_writer_glyph_and_drawn_boxes() {
    let bytes = std::fs::read(sample("hyoukasho_writer_lo74.pdf")).unwrap();
    let text = hyoka::read_text(&bytes, "writer.pdf", &Options::default()).unwrap();
    let squashed: String = text.chars().filter(|c| *c != ' ').collect();
    // Glyph boxes (☑/☐ printed as text) and drawn boxes: a filled square, an empty one and
    // one with an X (seen in the rendered page: ■ 自己点検, □ 内部監査, ☒ 外部監査).
    assert!(squashed.contains("☑自己点検☐内部監査☐外部監査"), "{text}");
    let drawn = squashed
        .lines()
        .find(|l| l.contains("監査（図形）"))
        .expect("row ⑥");
    assert!(drawn.contains("☑自己点検☐内部監査☑外部監査"), "{drawn}");
}

#[test]
fn predefined_cmap_without_tounicode_is_decoded_by_hayro() {
    // The sample prints seed 000's I.4.① row: `①実施の有無 [ 実施する ] <選択肢> …`.
    let bytes = std::fs::read(sample("cid_unijis_noembed.pdf")).unwrap();
    let text = hyoka::read_text(&bytes, "unijis.pdf", &Options::default()).unwrap();
    assert!(text.contains("①実施の有無"), "{text}");
    assert!(text.contains("[ 実施する ]"), "{text}");
}

#[test]
fn predefined_cmap_without_tounicode_is_a_clear_error_with_pdf_extract() {
    // pdf-extract cannot decode `UniJIS-UCS2-H` without ToUnicode: never silent blanks.
    let bytes = std::fs::read(sample("cid_unijis_noembed.pdf")).unwrap();
    let options = Options {
        pdf_backend: Backend::PdfExtract,
        ..Options::default()
    };
    let err = hyoka::read_text(&bytes, "unijis.pdf", &options).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Pdf { .. }), "{err}");
    assert!(err.to_string().contains("UniJIS-UCS2-H"), "{err}");
}

/// Every PDF fixture and sample that both libraries read.
const BOTH_READ: &[&str] = &[
    "kiso_fixture_lo.pdf",
    "kiso_fixture_chrome.pdf",
    "kiso_fixture_aes_nopassword.pdf",
    "zenkomoku_fixture_lo.pdf",
    "zenkomoku_fixture_chrome.pdf",
    "samples/hyoukasho_small_lo74.pdf",
    "samples/hyoukasho_small_chrome.pdf",
    "samples/hyoukasho_writer_lo74.pdf",
];

#[test]
fn both_backends_give_the_same_text() {
    for name in BOTH_READ {
        let bytes = std::fs::read(data(name)).unwrap();
        let read = |backend| {
            let options = Options {
                pdf_backend: backend,
                ..Options::default()
            };
            hyoka::read_text(&bytes, name, &options).unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        assert_eq!(read(Backend::Hayro), read(Backend::PdfExtract), "{name}");
    }
}

#[test]
fn password_protected_pdf_is_a_clear_error() {
    let err = parse_file(&data("kiso_fixture_password.pdf"), &Options::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Pdf { .. }));
    assert!(err.to_string().contains("password"), "{err}");
}

#[test]
fn truncated_pdf_is_a_clear_error() {
    let bytes = std::fs::read(data("kiso_fixture_lo.pdf")).unwrap();
    for cut in [100, bytes.len() / 3, bytes.len() / 2, bytes.len() - 200] {
        match parse_bytes(&bytes[..cut], "cut.pdf", &Options::default()) {
            Err(e) => assert!(matches!(e.kind(), ErrorKind::Pdf { .. }), "{e}"),
            Ok(doc) => assert_eq!(doc.source.rendering, Rendering::Pdf),
        }
    }
}

#[test]
fn text_named_pdf_is_not_read_as_text() {
    let err = parse_bytes(
        "特定個人情報保護評価書(基礎項目評価書)".as_bytes(),
        "fake.pdf",
        &Options::default(),
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Pdf { .. }));
    assert!(err.to_string().contains("%PDF-"), "{err}");
}

#[test]
fn time_limit_is_enforced() {
    let bytes = std::fs::read(data("kiso_fixture_chrome.pdf")).unwrap();
    let options = Options {
        pdf_time_limit: Some(std::time::Duration::from_millis(0)),
        ..Options::default()
    };
    // A limit already past stops the document at its first page, with a clear error.
    let err = parse_bytes(&bytes, "x.pdf", &options).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Pdf { .. }), "{err}");
    assert!(err.to_string().contains("time limit"), "{err}");
}

mod corrupted {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, .. ProptestConfig::default() })]

        /// A fixture PDF with bytes overwritten anywhere parses or fails with a typed error:
        /// never a panic, never longer than the time limit.
        #[test]
        fn corrupted_pdf_never_panics(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12)) {
            let mut bytes = std::fs::read(data("zenkomoku_fixture_lo.pdf")).unwrap();
            for (at, b) in flips {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let options = Options { pdf_time_limit: Some(std::time::Duration::from_secs(10)), ..Options::default() };
            match parse_bytes(&bytes, "x.pdf", &options) {
                Ok(doc) => prop_assert_eq!(doc.source.rendering, Rendering::Pdf),
                Err(e) => prop_assert!(matches!(e.kind(), ErrorKind::Pdf { .. } | ErrorKind::NotText { .. } | ErrorKind::Empty | ErrorKind::NotAnAssessment), "{}", e),
            }
        }
    }
}

/// Hostile and damaged PDFs (`scripts/gen-bad-pdfs.py`): each gives text, a note naming
/// what was cut short, or a clear error; none panics, aborts or runs past its limit.
mod bad {
    use super::*;
    use hyoka::ingest::pdf::{read_with, PdfText};
    use std::time::{Duration, Instant};

    fn bad(name: &str) -> Vec<u8> {
        std::fs::read(data("bad").join(name)).unwrap()
    }

    const ALL: &[&str] = &[
        "xobject_self.pdf",
        "xobject_fanout.pdf",
        "parent_self.pdf",
        "parent_cycle.pdf",
        "kids_to_parent.pdf",
        "many_squares.pdf",
        "huge_lines.pdf",
        "truncated_half.pdf",
        "xref_zeroed.pdf",
        "deep_array.pdf",
        "length_999999999.pdf",
        "image_only.pdf",
    ];

    /// Read with a 10 s limit: the outcome, and that it came within the limit.
    fn read(name: &str, backend: Backend) -> Result<PdfText, String> {
        let start = Instant::now();
        let r = read_with(&bad(name), Duration::from_secs(10), backend);
        let took = start.elapsed();
        assert!(
            took < Duration::from_secs(10),
            "{name} {backend:?}: {took:?}"
        );
        r.map_err(|e| e.reason)
    }

    fn text(name: &str) -> PdfText {
        read(name, Backend::Hayro).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn cap(t: &PdfText) -> Option<&str> {
        t.notes
            .iter()
            .find(|n| n.code == "pdf.cap_reached")
            .map(|n| n.message.as_str())
    }

    #[test]
    fn every_bad_pdf_ends_in_time_with_both_backends() {
        for name in ALL {
            for backend in [Backend::Hayro, Backend::PdfExtract] {
                if let Err(reason) = read(name, backend) {
                    assert!(!reason.is_empty(), "{name}");
                }
                // And through the whole parser: a typed error or a document.
                let options = Options {
                    pdf_backend: backend,
                    pdf_time_limit: Some(Duration::from_secs(10)),
                    ..Options::default()
                };
                if let Err(e) = parse_bytes(&bad(name), name, &options) {
                    assert!(
                        matches!(
                            e.kind(),
                            ErrorKind::Pdf { .. }
                                | ErrorKind::PdfNoText { .. }
                                | ErrorKind::NotAnAssessment
                        ),
                        "{name}: {e}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_form_xobject_that_draws_itself_is_cut_off() {
        assert!(text("xobject_self.pdf").text.contains("Tokutei"));
        let err = read("xobject_self.pdf", Backend::PdfExtract).unwrap_err();
        assert!(err.contains("draws itself"), "{err}");
    }

    #[test]
    fn xobject_fan_out_stops_at_the_invocation_cap() {
        let t = text("xobject_fanout.pdf");
        assert!(t.text.contains("Tokutei"), "{}", t.text);
        let note = cap(&t).expect("a cap note");
        assert!(note.contains("form XObject invocations"), "{note}");
    }

    #[test]
    fn page_tree_cycles_end() {
        for name in ["parent_self.pdf", "parent_cycle.pdf", "kids_to_parent.pdf"] {
            assert!(text(name).text.contains("Tokutei"), "{name}");
            if let Err(e) = read(name, Backend::PdfExtract) {
                assert!(e.contains("cycle"), "{name}: {e}");
            }
        }
    }

    #[test]
    fn sixty_thousand_squares_are_linear_and_capped() {
        let t = text("many_squares.pdf");
        let note = cap(&t).expect("a cap note");
        assert!(note.contains("check boxes"), "{note}");
    }

    #[test]
    fn a_fifty_megabyte_content_stream_is_refused_by_its_cap() {
        let err = read("huge_lines.pdf", Backend::Hayro).unwrap_err();
        assert!(err.contains("content bytes per page"), "{err}");
    }

    #[test]
    fn damaged_structure_is_a_clear_error_or_recovered() {
        let err = read("truncated_half.pdf", Backend::Hayro).unwrap_err();
        assert!(err.contains("truncated or damaged"), "{err}");
        let err = read("deep_array.pdf", Backend::Hayro).unwrap_err();
        assert!(err.contains("cannot be parsed"), "{err}");
        // A zeroed cross-reference table is rebuilt by scanning the objects.
        let t = text("xref_zeroed.pdf");
        assert!(t.text.contains("特定個人情報保護評価書"), "{}", t.text);
        assert_eq!(t.pages, 4);
        // A stream `/Length` past the end of the file: the stream ends at `endstream`.
        assert!(text("length_999999999.pdf").text.contains("Tokutei"));
    }

    #[test]
    fn a_scanned_pdf_is_no_text_not_an_empty_form() {
        for backend in [Backend::Hayro, Backend::PdfExtract] {
            let options = Options {
                pdf_backend: backend,
                ..Options::default()
            };
            let err = parse_bytes(&bad("image_only.pdf"), "scan.pdf", &options).unwrap_err();
            assert_eq!(err.code(), "pdf.no_text", "{err}");
            assert!(err.to_string().contains("OCR"), "{err}");
        }
    }

    #[test]
    fn a_caught_panic_prints_nothing() {
        // The corrupted-PDF property test exercises panics inside the libraries; here the
        // pdf-extract backend on a file that makes it fail must leave stderr alone. Checked
        // in a child process, where stderr can be read.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .args(["text", "--pdf-backend", "pdf-extract"])
            .arg(sample("cid_unijis_noembed.pdf"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
    }

    #[test]
    fn a_batch_with_every_bad_pdf_writes_every_good_document() {
        let dir = tempdir();
        let input = dir.path().join("in");
        std::fs::create_dir(&input).unwrap();
        for name in ALL {
            std::fs::write(input.join(name), bad(name)).unwrap();
        }
        for n in ["000", "003"] {
            let src = corpus_path(n);
            std::fs::copy(&src, input.join(src.file_name().unwrap())).unwrap();
        }
        std::fs::copy(data("kiso_fixture_lo.pdf"), input.join("good.pdf")).unwrap();
        let out = dir.path().join("out");
        let r = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .args(["run", "--quiet", "--time-limit", "20", "--out"])
            .arg(&out)
            .arg(&input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "{stderr}");
        let docs: Vec<String> = std::fs::read_dir(out.join("docs"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for want in ["good.json", "xref_zeroed.json"] {
            assert!(docs.iter().any(|d| d == want), "{want} in {docs:?}");
        }
        for n in ["000", "003"] {
            assert!(docs.iter().any(|d| d.starts_with(n)), "{n} in {docs:?}");
        }
        assert!(stderr.contains("image_only.pdf"), "{stderr}");
        assert!(stderr.contains("truncated_half.pdf"), "{stderr}");
    }
}

#[test]
fn seventy_two_page_forms_read_every_page() {
    // Twelve copies of the 6-page samples (qpdf); the benchmark files of BENCHMARKS.md.
    for name in ["hyoukasho_72p_lo74.pdf", "hyoukasho_72p_chrome.pdf"] {
        let bytes = std::fs::read(data(name)).unwrap();
        let pdf = hyoka::ingest::pdf::read(&bytes, std::time::Duration::from_secs(60)).unwrap();
        assert_eq!(pdf.pages, 72, "{name}");
        assert_eq!(pdf.text.matches('\u{0C}').count(), 71, "{name}");
        assert_eq!(pdf.text.matches("①実施の有無").count(), 12, "{name}");
    }
}
