//! Seed 002 (八頭町, 国民健康保険, 基礎 平成31年1月 様式2, raw pdftotext with a scrambled
//! reading order). Expected values were read from `corpus/002_f2a32088158c6f8a.txt`; line
//! numbers in comments. Values printed away from their labels must come out `inferred`
//! (never `ok`), and only where the pairing is certain.

use hyoka::{FormKind, Rendering, Status};

use crate::common::*;

/// The eight 十分か items of the 2019 layout; all eight answers are `十分である`
/// (`[ ]十分である` at L342 and seven `十分である` at L369-381).
pub(crate) const RISK_SUFFICIENCY: [&str; 8] = [
    "risk.acquisition",
    "risk.use_linkage",
    "risk.use_unauthorized",
    "risk.outsourcing",
    "risk.provision",
    "risk.network_acquisition",
    "risk.network_provision",
    "risk.retention",
];

#[test]
fn form_version_from_the_stamp() {
    let doc = parse("002");
    assert_eq!(doc.source.rendering, Rendering::Pdftotext);
    assert_eq!(doc.form.kind, Some(FormKind::Kiso));
    assert_eq!(doc.form.stamp.as_deref(), Some("平成31年1月 様式2")); // L18 `[平成31年１月　様式２]`
    assert_eq!(doc.form.version.as_deref(), Some("h31"));
    // The 2019 layout has no I.9, IV.8 人手 or IV.11.
    for id in [
        "rule9.applied",
        "manual_work.none",
        "risk.manual_work",
        "priority.measure",
    ] {
        assert!(
            doc.items.iter().all(|i| i.id != id),
            "{id} must not be an item of h31"
        );
    }
}

#[test]
fn header_printed_before_its_labels() {
    let doc = parse("002");
    let h = &doc.header;
    assert_eq!(h.number.as_deref(), Some("3")); // L10, label at L16
    assert_eq!(
        h.title.as_deref(),
        Some("国民健康保険に関する事務 基礎項目評価書")
    );
    assert_eq!(h.organization.raw.as_deref(), Some("鳥取県八頭町長")); // L22, label at L26
    assert_eq!(h.organization.prefecture.as_deref(), Some("鳥取県"));
    assert_eq!(h.organization.municipality.as_deref(), Some("八頭町"));
    assert_eq!(h.published.date.as_deref(), Some("2024-01-01")); // L20 令和6年1月1日, label at L24
}

#[test]
fn choices_next_to_their_labels_are_ok() {
    let doc = parse("002");
    assert_eq!(
        choice(&doc, "network_linkage.implemented").as_deref(),
        Some("実施する")
    ); // L124-128
    assert_eq!(status(&doc, "network_linkage.implemented"), Status::Ok);
    assert_eq!(
        choice(&doc, "threshold.handlers").as_deref(),
        Some("500人未満")
    ); // L205
    assert_eq!(status(&doc, "threshold.handlers"), Status::Ok);
    assert_eq!(
        choice(&doc, "threshold.serious_incident").as_deref(),
        Some("発生なし")
    ); // L191-194
    assert_eq!(status(&doc, "threshold.serious_incident"), Status::Ok);
}

#[test]
fn stranded_choices_are_recovered_as_inferred() {
    let doc = parse("002");
    // L207 `1,000人以上1万人未満 ]` with its `[` at L220: the only value of that list.
    assert_eq!(
        choice(&doc, "threshold.population").as_deref(),
        Some("1,000人以上1万人未満")
    );
    assert_eq!(status(&doc, "threshold.population"), Status::Inferred);
    // IV.1: `[ ]` at L348, value `基礎項目評価書` at L386.
    assert_eq!(
        choice(&doc, "assessment_kind").as_deref(),
        Some("基礎項目評価書")
    );
    assert_eq!(status(&doc, "assessment_kind"), Status::Inferred);
    for id in RISK_SUFFICIENCY {
        assert_eq!(choice(&doc, id).as_deref(), Some("十分である"), "{id}");
        assert_eq!(status(&doc, id), Status::Inferred, "{id}");
    }
    // IV.9 教育: `十分に行っている` at L309, far from its label at L393.
    assert_eq!(
        choice(&doc, "education").as_deref(),
        Some("十分に行っている")
    );
    assert_eq!(item(&doc, "education").path, "IV.9.a");
}

#[test]
fn split_checkboxes() {
    let doc = parse("002");
    // `[ ○ ］　自己点検` (L274), `］　内部監査 [` (L270), `］　外部監査` (L295).
    assert_eq!(
        checkbox_set(&doc, "audit"),
        vec![
            ("自己点検".into(), Some(true)),
            ("内部監査".into(), Some(false)),
            ("外部監査".into(), Some(false))
        ]
    );
    assert_eq!(item(&doc, "audit").path, "IV.8.a"); // 8. 監査 in the 2019 numbering (L313)
    assert_eq!(checkbox(&doc, "outsourcing.none"), Some(false)); // `］委託しない` L293
    assert_eq!(checkbox(&doc, "provision.none"), Some(false)); // L276
    assert_eq!(checkbox(&doc, "network.no_acquisition"), Some(false)); // L340
    assert_eq!(checkbox(&doc, "network.no_provision"), Some(false)); // L311
}

#[test]
fn as_of_dates_printed_twice() {
    // `いつ時点の計数か 令和2年8月4日 時点` at L187 and L201, neither next to its item.
    let doc = parse("002");
    assert_eq!(
        text(&doc, "threshold.population_as_of").as_deref(),
        Some("2020-08-04")
    );
    assert_eq!(
        text(&doc, "threshold.handlers_as_of").as_deref(),
        Some("2020-08-04")
    );
}

#[test]
fn texts() {
    let doc = parse("002");
    assert_eq!(
        text(&doc, "affairs.name").as_deref(),
        Some("国民健康保険に関する事務")
    ); // L33
    assert_eq!(text(&doc, "special_notes").as_deref(), Some("なし")); // L8
    assert_eq!(text(&doc, "other_bodies").as_deref(), Some("なし")); // L109
    assert_eq!(text(&doc, "department.name").as_deref(), Some("町民課")); // L122
    assert_eq!(text(&doc, "department.head").as_deref(), Some("町民課長")); // L105
                                                                            // L133-136: a list of four file names stays four lines.
    assert_eq!(
        text(&doc, "file_names").as_deref(),
        Some("国保資格ファイル\n国保負担区分ファイル\n宛名情報ファイル\n資格情報(個人)ファイル")
    );
    // The 宣言 (L2-6) is printed before its label (L12).
    assert!(text(&doc, "declaration")
        .is_some_and(|t| t.starts_with("八頭町は、") && t.ends_with("宣言する。")));
}

#[test]
fn change_history_printed_before_its_title() {
    let doc = parse("002");
    // L401 is the first row, before the 変更箇所 title at L513.
    let first = &doc.change_history[0];
    assert_eq!(first.line, 401);
    assert_eq!(first.date.as_deref(), Some("2019-06-27"));
    assert_eq!(first.timing.as_deref(), Some("事後"));
    let l437 = doc
        .change_history
        .iter()
        .find(|r| r.line == 437)
        .expect("row at L437");
    assert_eq!(l437.item.as_deref(), Some("しきい値判断の年月日"));
    assert_eq!(l437.before.as_deref(), Some("平成29年6月20日"));
    assert_eq!(l437.after.as_deref(), Some("平成31年4月1日"));
    // Rows open with a date line: L401, 403, 437, 439, 491, 505, 511, 516, 528, 534, 544, 559,
    // 577, 579, 600, 651, 668, 749, 755, 761, 788, 804, 848.
    assert_eq!(doc.change_history.len(), 23);
}
