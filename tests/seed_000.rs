//! Seed 000 (防府市, 国民健康保険, 基礎, TSV with HTML fragments, 令和6年 layout).
//! Every expected value below was read from `corpus/000_0dcf8c9dd007b5ab.txt` (line numbers
//! in comments), not from the program's output.

use hyoka::{FormKind, Rendering, Status, Value};

use crate::common::*;

const RISK_SUFFICIENCY: [(&str, u32); 10] = [
    ("risk.acquisition", 93),
    ("risk.use_linkage", 95),
    ("risk.use_unauthorized", 96),
    ("risk.outsourcing", 99),
    ("risk.provision", 101),
    ("risk.network_acquisition", 103),
    ("risk.network_provision", 104),
    ("risk.retention", 106),
    ("risk.manual_work", 108),
    ("priority.sufficiency", 117),
];

#[test]
fn form_and_source() {
    let doc = parse("000");
    assert_eq!(doc.form.kind, Some(FormKind::Kiso));
    // I.9 (L63), IV.8 (L107) and IV.11 (L115) exist only in the newer layout.
    assert_eq!(doc.form.version.as_deref(), Some("r6"));
    assert_eq!(doc.form.stamp, None);
    assert_eq!(doc.source.rendering, Rendering::TsvHtml);
    assert_eq!(doc.source.encoding, "UTF-8");
    assert_eq!(doc.source.line_count, 184);
}

#[test]
fn header() {
    let doc = parse("000");
    let h = &doc.header;
    assert_eq!(h.number.as_deref(), Some("11")); // L6
    assert_eq!(
        h.title.as_deref(),
        Some("国民健康保険に関する事務 基礎項目評価書")
    ); // L6
    assert_eq!(h.organization.raw.as_deref(), Some("山口県防府市長")); // L16
    assert_eq!(h.organization.prefecture.as_deref(), Some("山口県"));
    assert_eq!(h.organization.municipality.as_deref(), Some("防府市"));
    assert_eq!(h.organization.office.as_deref(), Some("市長"));
    assert_eq!(h.published.date.as_deref(), Some("2025-12-26")); // L20 令和7年12月26日
    assert_eq!(h.published.raw.as_deref(), Some("令和7年12月26日"));
}

#[test]
fn every_choice_item() {
    let doc = parse("000");
    assert_eq!(
        choice(&doc, "network_linkage.implemented").as_deref(),
        Some("実施する")
    ); // L41
    assert_eq!(
        choice(&doc, "threshold.handlers").as_deref(),
        Some("500人未満")
    ); // L77
    assert_eq!(
        choice(&doc, "threshold.serious_incident").as_deref(),
        Some("発生なし")
    ); // L80
    assert_eq!(
        choice(&doc, "assessment_kind").as_deref(),
        Some("基礎項目評価書")
    ); // L90, row without a label
    for (id, line) in RISK_SUFFICIENCY {
        assert_eq!(
            choice(&doc, id).as_deref(),
            Some("十分である"),
            "{id} (L{line})"
        );
        assert_eq!(status(&doc, id), Status::Ok, "{id}");
        assert_eq!(
            item(&doc, id).source.as_ref().map(|s| s.line),
            Some(line),
            "{id}"
        );
    }
    assert_eq!(
        choice(&doc, "education").as_deref(),
        Some("十分に行っている")
    ); // L114
       // L116: `[8) 特定個人情報の漏えい・滅失・毀損リスクへの対策]`.
    match &item(&doc, "priority.measure").value {
        Value::Choice(c) => {
            assert_eq!(c.index, 8);
            assert_eq!(c.text, "特定個人情報の漏えい・滅失・毀損リスクへの対策");
        }
        other => panic!("priority.measure: {other:?}"),
    }
}

#[test]
fn population_without_selection_is_missing_not_choice_one() {
    // L73 prints only the <選択肢> list: no value is selected (form-reference trap 1).
    let doc = parse("000");
    let it = item(&doc, "threshold.population");
    assert_eq!(it.status, Status::Missing);
    assert_eq!(it.value, Value::Null);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.code == "choice.no_selection" && d.line == Some(73)));
}

#[test]
fn every_checkbox_item() {
    let doc = parse("000");
    assert_eq!(checkbox(&doc, "rule9.applied"), Some(false)); // L65 `[]適用した`
    assert_eq!(checkbox(&doc, "outsourcing.none"), Some(false)); // L98
    assert_eq!(checkbox(&doc, "provision.none"), Some(false)); // L100
    assert_eq!(checkbox(&doc, "network.no_acquisition"), Some(false)); // L102
    assert_eq!(checkbox(&doc, "network.no_provision"), Some(false)); // L102, second box
    assert_eq!(checkbox(&doc, "manual_work.none"), Some(false)); // L107
    assert_eq!(checkbox(&doc, "full_assessment_instead"), Some(false)); // L115
                                                                        // L112: 自己点検 and 内部監査 checked, 外部監査 not.
    assert_eq!(
        checkbox_set(&doc, "audit"),
        vec![
            ("自己点検".into(), Some(true)),
            ("内部監査".into(), Some(true)),
            ("外部監査".into(), Some(false))
        ]
    );
    assert_eq!(item(&doc, "audit").path, "IV.9.a");
}

#[test]
fn current_values_come_from_the_body_not_the_change_history() {
    // Trap 2: the last change-history rows say 監査 became only 自己点検 (L161) and the
    // top-priority measure became 9) (L180); the body says otherwise (L112, L116).
    let doc = parse("000");
    assert!(checkbox_set(&doc, "audit").contains(&("内部監査".into(), Some(true))));
    assert_eq!(
        choice(&doc, "priority.measure").as_deref(),
        Some("特定個人情報の漏えい・滅失・毀損リスクへの対策")
    );
}

#[test]
fn dates_and_texts() {
    let doc = parse("000");
    assert_eq!(
        text(&doc, "threshold.population_as_of").as_deref(),
        Some("2025-10-01")
    ); // L74
    assert_eq!(
        text(&doc, "threshold.handlers_as_of").as_deref(),
        Some("2025-10-01")
    ); // L78
    assert_eq!(
        text(&doc, "affairs.name").as_deref(),
        Some("国民健康保険に関する事務")
    ); // L26
    assert_eq!(
        text(&doc, "department.name").as_deref(),
        Some("保健こども部保険年金課、総務部収納課")
    ); // L46
    assert_eq!(
        text(&doc, "department.head").as_deref(),
        Some("保険年金課長、収納課長")
    ); // L47
    assert_eq!(
        text(&doc, "threshold.result").as_deref(),
        Some("基礎項目評価の実施が義務付けられる")
    ); // L85
    assert_eq!(text(&doc, "other_bodies").as_deref(), Some("")); // L51 `--`: nothing entered
    assert_eq!(text(&doc, "special_notes").as_deref(), Some("")); // L12-14: no text
    assert!(text(&doc, "file_names")
        .is_some_and(|t| t.starts_with("被保険者台帳情報ファイル、賦課情報ファイル")));
    // L32
}

#[test]
fn change_history_rows() {
    let doc = parse("000");
    // Rows with a date in the first cell: L123-136, L139-144, L147-152, L155-164, L167-173, L176-183.
    assert_eq!(doc.change_history.len(), 51);
    let first = &doc.change_history[0];
    assert_eq!(first.date.as_deref(), Some("2016-06-10")); // L123 平成28年6月10日
    assert_eq!(first.timing.as_deref(), Some("事後"));
    assert_eq!(
        first.before.as_deref(),
        Some("保険年金課長 島田 文也 収納課長 徳重 康成")
    );
    // L142: the check box in a change-history cell is shown as a glyph.
    let l142 = doc
        .change_history
        .iter()
        .find(|r| r.line == 142)
        .expect("row at L142");
    assert_eq!(l142.before.as_deref(), Some("☑委託しない"));
    assert_eq!(l142.after.as_deref(), Some("☐委託しない"));
    // L178: an empty 変更前 cell stays empty.
    let l178 = doc
        .change_history
        .iter()
        .find(|r| r.line == 178)
        .expect("row at L178");
    assert_eq!(l178.before, None);
    assert_eq!(l178.after.as_deref(), Some("[十分である]"));
    assert_eq!(l178.reason.as_deref(), Some("項目の追加"));
}

#[test]
fn coverage_accounts_for_the_whole_document() {
    let doc = parse("000");
    assert!(doc.coverage.ratio > 0.98, "{:?}", doc.coverage);
}
