//! Seed 001 (川口市, 国民健康保険, 全項目, markdown headings + TSV rows with HTML fragments).
//! Every expected value below was read from `corpus/001_e85a03c2c6247dbf.txt` (line numbers
//! in comments, `cat -n`), not from the program's output. Form structure and trap numbers
//! refer to `docs/form-reference.md` §3, §5 and §6.

use std::collections::BTreeSet;

use hyoka::{Document, FormKind, Item, Rendering, Status, Value};

use crate::common::*;

// ------------------------------------------------------------------------------------------
// Helpers local to this seed.

/// The block numbers of a repeated group, as they appear on the items.
fn block_numbers(doc: &Document, group: &str) -> BTreeSet<u32> {
    doc.items
        .iter()
        .filter_map(|i| i.group.as_ref())
        .filter(|g| g.name == group)
        .map(|g| g.index)
        .collect()
}

/// Asserts a choice item: canonical text, status `Ok` and the source line of its row.
fn assert_choice_ok(it: &Item, expected: &str, line: u32) {
    match &it.value {
        Value::Choice(c) => assert_eq!(c.text, expected, "{} {:?} (L{line})", it.id, it.group),
        other => panic!(
            "{} {:?} (L{line}): expected {expected}, got {other:?}",
            it.id, it.group
        ),
    }
    assert_eq!(it.status, Status::Ok, "{} {:?} (L{line})", it.id, it.group);
    assert_eq!(
        it.source.as_ref().map(|s| s.line),
        Some(line),
        "{} {:?} source line",
        it.id,
        it.group
    );
}

/// The 1-based choice number of a choice item.
fn choice_index(it: &Item) -> u32 {
    match &it.value {
        Value::Choice(c) => c.index,
        other => panic!("{}: not a choice: {other:?}", it.id),
    }
}

/// State and filled-in text of one option of a checkbox set.
fn option_state<'a>(it: &'a Item, option: &str) -> (Option<bool>, Option<&'a str>) {
    match &it.value {
        Value::CheckboxSet(opts) => opts
            .iter()
            .find(|o| o.option == option)
            .map(|o| (o.checked, o.text.as_deref()))
            .unwrap_or_else(|| panic!("{} {:?}: no option {option}", it.id, it.group)),
        other => panic!("{} {:?}: not a checkbox set: {other:?}", it.id, it.group),
    }
}

/// All record items of the (別添2) groups with this name, in printed order (a group that
/// continues into the next side-by-side table may come out as one or several groups).
fn record_group_items(doc: &Document, name: &str) -> Vec<String> {
    doc.attachments
        .iter()
        .filter(|a| a.number == Some(2))
        .flat_map(|a| a.files.iter())
        .flat_map(|f| f.groups.iter())
        .filter(|g| g.name.as_deref() == Some(name))
        .flat_map(|g| g.items.iter().cloned())
        .collect()
}

const SUBJECTS_10M_100M: &str = "10万人以上100万人未満";
const SUBJECTS_1M_10M: &str = "1万人以上10万人未満";
const HANDLERS_10_50: &str = "10人以上50人未満";

const CB_OTHER: &str = "その他 ( )";

// ------------------------------------------------------------------------------------------
// Form and header.

#[test]
fn form_and_source() {
    let doc = parse("001");
    assert_eq!(doc.form.kind, Some(FormKind::Zenkomoku)); // L3 `# 特定個人情報保護評価書(全項目評価書)`
    assert_eq!(doc.form.version.as_deref(), Some("current")); // the only 様式4 version of the catalog
    assert_eq!(doc.form.stamp, None); // no `[… 様式4]` stamp anywhere in the file
                                      // `#` headings (L3, L38, L295, L793) mixed with TSV rows and HTML.
    assert_eq!(doc.source.rendering, Rendering::Markdown);
    assert_eq!(doc.source.encoding, "UTF-8");
    assert_eq!(doc.source.line_count, 1287); // last line L1287 has no trailing newline
}

#[test]
fn header() {
    let doc = parse("001");
    let h = &doc.header;
    assert_eq!(h.number.as_deref(), Some("13")); // L6
    assert_eq!(
        h.title.as_deref(),
        Some("川口市 国民健康保険に関する事務 全項目評価書")
    ); // L6
    assert_eq!(h.organization.raw.as_deref(), Some("埼玉県川口市長")); // L18
    assert_eq!(h.organization.prefecture.as_deref(), Some("埼玉県")); // L18
    assert_eq!(h.organization.municipality.as_deref(), Some("川口市")); // L18
    assert_eq!(h.organization.office.as_deref(), Some("市長")); // L18
    assert_eq!(h.published.date.as_deref(), Some("2025-06-06")); // L24 令和7年6月6日
    assert_eq!(h.published.raw.as_deref(), Some("令和7年6月6日")); // L24
}

#[test]
fn approval_date_heading_without_value_is_missing() {
    // L20 `## 個人情報保護委員会 承認日【行政機関等のみ】` is followed directly by `## 公表日` (L22).
    let doc = parse("001");
    let it = item(&doc, "header.approved");
    assert_eq!(it.status, Status::Missing);
    assert_eq!(it.value, Value::Null);
}

// ------------------------------------------------------------------------------------------
// I 基本情報 and II 特定個人情報ファイルの概要: choices outside repeated blocks.

#[test]
fn section_i_choices() {
    let doc = parse("001");
    // L45 `[ 30万人以上 ]` — the threshold scale, not N5-本人 (trap 17).
    let pop = item(&doc, "affairs.population");
    assert_choice_ok(pop, "30万人以上", 45);
    assert_eq!(choice_index(pop), 5);
    // L138 `<p>[ 実施する ]</p>`
    assert_choice_ok(item(&doc, "network_linkage.implemented"), "実施する", 138);
}

#[test]
fn section_ii_file_choices() {
    let doc = parse("001");
    assert_choice_ok(item(&doc, "file.kind"), "システム用ファイル", 300); // L300
    assert_choice_ok(item(&doc, "file.subjects_count"), SUBJECTS_10M_100M, 301); // L301
    assert_choice_ok(item(&doc, "file.items_count"), "100項目以上", 304); // L304
                                                                          // L321 `⇥使用者数⇥[ 100人以上500人未満 ]`: label in column 2 (trap 13), value on its own row.
    assert_choice_ok(item(&doc, "use.users_count"), "100人以上500人未満", 321);
}

#[test]
fn outsourcing_presence_and_count() {
    let doc = parse("001");
    // L329 `委託の有無 ※⇥[ 委託する ] <選択肢> 1) 委託する 2) 委託しない ( 6 ) 件`
    assert_choice_ok(item(&doc, "outsourcing.implemented"), "委託する", 329);
    let count = item(&doc, "outsourcing.count");
    assert_eq!(count.value, Value::Count(6)); // L329 `( 6 ) 件`
    assert_eq!(count.status, Status::Ok); // printed on the row the form gives it
}

#[test]
fn provision_presence_and_counts() {
    let doc = parse("001");
    // L415 `[ ☑ ] 提供を行っている ( 82 ) 件 [ ☑ ] 移転を行っている ( 10 ) 件 [ ] 行っていない`
    assert_eq!(
        checkbox_set(&doc, "provision.presence"),
        vec![
            ("提供を行っている".into(), Some(true)),
            ("移転を行っている".into(), Some(true)),
            ("行っていない".into(), Some(false)),
        ]
    );
    assert_eq!(status(&doc, "provision.presence"), Status::Ok);
    let provide = item(&doc, "provision.provide_count");
    assert_eq!(provide.value, Value::Count(82)); // L415
    assert_eq!(provide.status, Status::Ok);
    let transfer = item(&doc, "provision.transfer_count");
    assert_eq!(transfer.value, Value::Count(10)); // L415
    assert_eq!(transfer.status, Status::Ok);
}

#[test]
fn retention_period_value_after_its_list() {
    // Trap 15: L511 `⇥期間⇥<選択肢> 1) 1年未満 … 10) 定められていない [ 20年以上 ]`
    // (value after the 10-item list, padded brackets); `②保管期間` sits on the next row (L512).
    let doc = parse("001");
    let it = item(&doc, "retention.period");
    assert_choice_ok(it, "20年以上", 511);
    assert_eq!(choice_index(it), 9);
    assert_eq!(it.path, "II.6.②.期間");
}

// ------------------------------------------------------------------------------------------
// II.4 委託事項 blocks.

/// An expected choice text and the line it is printed on.
type Printed = (&'static str, u32);

/// Per block: (number, ② 範囲, ②.数, ③ 取扱者数, ⑦ 再委託) with their source lines.
const OUTSOURCING_BLOCKS: [(u32, Printed, Printed, Printed, Printed); 6] = [
    // 委託事項1 (L330)
    (
        1,
        ("特定個人情報ファイルの全体", 332),
        (SUBJECTS_10M_100M, 333), // sub-label fused with the value (trap 13)
        (HANDLERS_10_50, 336),
        ("再委託する", 340),
    ),
    // 委託事項2 (L343)
    (
        2,
        ("特定個人情報ファイルの全体", 345),
        (SUBJECTS_1M_10M, 346),
        (HANDLERS_10_50, 349),
        ("再委託する", 354),
    ),
    // 委託事項3 (L357)
    (
        3,
        ("特定個人情報ファイルの一部", 359),
        (SUBJECTS_10M_100M, 360),
        (HANDLERS_10_50, 364),
        ("再委託する", 368),
    ),
    // 委託事項4 (title split over L371-372)
    (
        4,
        ("特定個人情報ファイルの全体", 374),
        (SUBJECTS_10M_100M, 375), // wrong label `対象となる本人の範囲 ※` in column 1 (trap 13)
        ("50人以上100人未満", 378),
        ("再委託する", 383), // `＜選択肢＞` printed before `[ 再委託する ]`
    ),
    // 委託事項5 (L386)
    (
        5,
        ("特定個人情報ファイルの全体", 388), // list before value
        (SUBJECTS_10M_100M, 389),            // list before value
        (HANDLERS_10_50, 392),               // list before value
        ("再委託する", 397),
    ),
    // 委託事項6 (L400, title in column 2)
    (
        6,
        ("特定個人情報ファイルの全体", 402),
        (SUBJECTS_10M_100M, 403),
        (HANDLERS_10_50, 407),
        ("再委託する", 411), // trap 14: value without its list; the list opens the ⑧ cell (L412)
    ),
];

#[test]
fn outsourcing_blocks_choices() {
    let doc = parse("001");
    for (n, scope, subjects, handlers, subcontract) in OUTSOURCING_BLOCKS {
        let g = "委託事項";
        assert_choice_ok(
            grouped_in(&doc, "outsourcing.file_scope", g, n),
            scope.0,
            scope.1,
        );
        assert_choice_ok(
            grouped_in(&doc, "outsourcing.subjects_count", g, n),
            subjects.0,
            subjects.1,
        );
        assert_choice_ok(
            grouped_in(&doc, "outsourcing.handlers_count", g, n),
            handlers.0,
            handlers.1,
        );
        assert_choice_ok(
            grouped_in(&doc, "outsourcing.subcontract", g, n),
            subcontract.0,
            subcontract.1,
        );
    }
}

#[test]
fn outsourcing_block_paths() {
    let doc = parse("001");
    let it = grouped_in(&doc, "outsourcing.file_scope", "委託事項", 3); // L359
    assert_eq!(it.path, "II.4.3.②");
    let it = grouped_in(&doc, "outsourcing.subcontract", "委託事項", 6); // L411
    assert_eq!(it.path, "II.4.6.⑦");
}

#[test]
fn outsourcing_subcontract_list_does_not_leak_into_permission_text() {
    // Trap 14: L412's ⑧ cell starts with ⑦'s `<選択肢> 1) 再委託する 2) 再委託しない`; the
    // permission text itself starts `委託先の埼玉県国民健康保険団体連合会から…`.
    let doc = parse("001");
    let it = grouped_in(&doc, "outsourcing.subcontract_permission", "委託事項", 6);
    match &it.value {
        Value::Text(t) => {
            assert!(
                t.starts_with("委託先の埼玉県国民健康保険団体連合会から"),
                "{t}"
            );
            assert!(!t.contains("選択肢"), "{t}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn outsourcing_transfer_methods_where_reliably_printed() {
    let doc = parse("001");
    let g = "委託事項";
    // L337 (block 1) and L351 (block 2): only `[ ○ ] その他 ( 市役所の入退室管理…操作する。 )`.
    for n in [1, 2] {
        let it = grouped_in(&doc, "outsourcing.transfer_methods", g, n);
        for opt in [
            "専用線",
            "電子メール",
            "電子記録媒体(フラッシュメモリを除く。)",
            "フラッシュメモリ",
            "紙",
        ] {
            assert_eq!(option_state(it, opt).0, Some(false), "委託事項{n} {opt}");
        }
        let (checked, text) = option_state(it, CB_OTHER);
        assert_eq!(checked, Some(true), "委託事項{n}");
        assert_eq!(
            text,
            Some("市役所の入退室管理された電算機室内にてシステムを直接操作する。"),
            "委託事項{n}"
        );
    }
    // L365 (3), L379 (4), L408 (6): `[ ☑ ] 専用線`, the rest `[ ]`.
    for n in [3, 4, 6] {
        let it = grouped_in(&doc, "outsourcing.transfer_methods", g, n);
        assert_eq!(option_state(it, "専用線").0, Some(true), "委託事項{n}");
        for opt in [
            "電子メール",
            "電子記録媒体(フラッシュメモリを除く。)",
            "フラッシュメモリ",
            "紙",
            CB_OTHER,
        ] {
            assert_eq!(option_state(it, opt).0, Some(false), "委託事項{n} {opt}");
        }
    }
    // L393 (5): `[ <input type="radio"/> ] 専用線` — state not recorded; never read as unchecked.
    let it = grouped_in(&doc, "outsourcing.transfer_methods", g, 5);
    assert_ne!(option_state(it, "専用線").0, Some(false));
}

// ------------------------------------------------------------------------------------------
// II.5 提供先 / 移転先 blocks.

#[test]
fn provision_dest_1() {
    let doc = parse("001");
    let g = "提供先";
    // L420 `[ 10万人以上100万人未満 ]`
    let it = grouped_in(&doc, "provision_dest.subjects_count", g, 1);
    assert_choice_ok(it, SUBJECTS_10M_100M, 420);
    assert_eq!(it.path, "II.5.提供先1.④");
    // L423: `[ ☑ ] 情報提供ネットワークシステム … [ ☑ ] 紙 [ ] その他 ( )`
    let m = grouped_in(&doc, "provision_dest.methods", g, 1);
    assert_eq!(
        option_state(m, "情報提供ネットワークシステム").0,
        Some(true)
    );
    assert_eq!(option_state(m, "紙").0, Some(true));
    for opt in [
        "専用線",
        "電子メール",
        "電子記録媒体(フラッシュメモリを除く。)",
        "フラッシュメモリ",
        CB_OTHER,
    ] {
        assert_eq!(option_state(m, opt).0, Some(false), "{opt}");
    }
}

#[test]
fn transfer_dest_subjects_count_per_block() {
    let doc = parse("001");
    let expected: [(u32, &str, u32); 10] = [
        (1, SUBJECTS_10M_100M, 429),
        (2, SUBJECTS_10M_100M, 437),
        (3, SUBJECTS_10M_100M, 446),
        (4, SUBJECTS_10M_100M, 454),
        (5, SUBJECTS_10M_100M, 462),
        (6, SUBJECTS_10M_100M, 471),
        (7, SUBJECTS_1M_10M, 479),
        (8, SUBJECTS_10M_100M, 488),
        (9, "1万人未満", 496),
        (10, SUBJECTS_10M_100M, 504),
    ];
    for (n, value, line) in expected {
        assert_choice_ok(
            grouped_in(&doc, "transfer_dest.subjects_count", "移転先", n),
            value,
            line,
        );
    }
    assert_eq!(
        grouped_in(&doc, "transfer_dest.subjects_count", "移転先", 7).path,
        "II.5.移転先7.④"
    );
}

#[test]
fn transfer_dest_methods() {
    let doc = parse("001");
    // L431…L481 (移転先1-7): `[ ☑ ] 庁内連携システム [ ] 専用線 … [ ] その他 ( )`.
    for n in 1..=7 {
        let m = grouped_in(&doc, "transfer_dest.methods", "移転先", n);
        assert_eq!(
            option_state(m, "庁内連携システム").0,
            Some(true),
            "移転先{n}"
        );
        for opt in [
            "専用線",
            "電子メール",
            "電子記録媒体(フラッシュメモリを除く。)",
            "フラッシュメモリ",
            "紙",
            CB_OTHER,
        ] {
            assert_eq!(option_state(m, opt).0, Some(false), "移転先{n} {opt}");
        }
    }
    // L490, L498, L506 (移転先8-10): bare `<input checked…/> 庁内連携システム`, the options
    // split over two cells; only the checked box is reliable (form-reference §5.3).
    for n in 8..=10 {
        let m = grouped_in(&doc, "transfer_dest.methods", "移転先", n);
        assert_eq!(
            option_state(m, "庁内連携システム").0,
            Some(true),
            "移転先{n}"
        );
    }
}

// ------------------------------------------------------------------------------------------
// III リスク対策.

/// Every `リスクへの対策は十分か` of III, all printed `[ 十分である ]`.
const SUFFICIENCY: [(&str, u32); 22] = [
    ("acquisition.r1.sufficiency", 810),
    ("acquisition.r2.sufficiency", 813),
    ("acquisition.r3.sufficiency", 819), // risk label with Thai ที่ไม่ (L814, trap 25)
    ("acquisition.r4.sufficiency", 823),
    ("use.r1.sufficiency", 831), // risk label `事務に必要な情報` (L827)
    ("use.r2.sufficiency", 843),
    ("use.r3.sufficiency", 846),
    ("use.r4.sufficiency", 850), // list wrapped over three <p>
    ("outsourcing.risk.sufficiency", 872),
    ("provision.r1.sufficiency", 883),
    ("provision.r2.sufficiency", 886),
    ("provision.r3.sufficiency", 889),
    ("network.r1.sufficiency", 900),
    ("network.r2.sufficiency", 908),
    ("network.r3.sufficiency", 916), // risk label with Thai ที่ไม่ (L911)
    ("network.r4.sufficiency", 922),
    ("network.r5.sufficiency", 927),
    ("network.r6.sufficiency", 931),
    ("network.r7.sufficiency", 934),
    ("retention.r1.sufficiency", 958),
    ("retention.r2.sufficiency", 961),
    ("retention.r3.sufficiency", 967),
];

#[test]
fn section_iii_every_sufficiency_answer() {
    let doc = parse("001");
    for (id, line) in SUFFICIENCY {
        let it = item(&doc, id);
        assert_choice_ok(it, "十分である", line);
        assert_eq!(choice_index(it), 2, "{id}");
    }
}

#[test]
fn section_iii_other_choices() {
    let doc = parse("001");
    let expected: [(&str, &str, u32); 13] = [
        ("use.r2.user_auth", "行っている", 834),
        ("use.r2.access_lifecycle", "行っている", 836),
        ("use.r2.access_management", "行っている", 838),
        ("use.r2.usage_log", "記録を残している", 840),
        ("outsourcing.risk.access_restriction", "制限している", 856),
        ("outsourcing.risk.handling_log", "記録を残している", 859),
        ("outsourcing.risk.provision_rules", "定めている", 861),
        ("outsourcing.risk.erasure_rules", "定めている", 864),
        ("outsourcing.risk.contract_provisions", "定めている", 866),
        (
            "outsourcing.subcontractor_securing",
            "十分に行っている",
            869,
        ),
        ("provision.r1.record", "記録を残している", 878),
        ("provision.r1.rules", "定めている", 880),
        ("retention.r3.erasure_procedure", "定めている", 963),
    ];
    for (id, value, line) in expected {
        assert_choice_ok(item(&doc, id), value, line);
    }
}

#[test]
fn section_iii_7_risk1_choices() {
    let doc = parse("001");
    let expected: [(&str, &str, u32, u32); 10] = [
        ("retention.r1.nisc", "政府機関ではない", 4, 940),
        (
            "retention.r1.safety_organization",
            "十分に整備している",
            2,
            941,
        ),
        ("retention.r1.safety_rules", "十分に整備している", 2, 942),
        ("retention.r1.staff_notice", "十分に周知している", 2, 943),
        ("retention.r1.physical", "十分に行っている", 2, 944),
        ("retention.r1.technical", "十分にしている", 2, 947), // list as printed at L947
        ("retention.r1.backup", "十分に行っている", 2, 950),
        (
            "retention.r1.incident_procedure",
            "十分に行っている",
            2,
            951,
        ),
        ("retention.r1.serious_incident", "発生なし", 2, 952),
        ("retention.r1.deceased_numbers", "保管している", 1, 955),
    ];
    for (id, value, index, line) in expected {
        let it = item(&doc, id);
        assert_choice_ok(it, value, line);
        assert_eq!(choice_index(it), index, "{id}");
    }
}

#[test]
fn section_iii_single_checkboxes() {
    let doc = parse("001");
    assert_eq!(checkbox(&doc, "outsourcing.none"), Some(false)); // L853 `[ ] 委託しない`
    assert_eq!(checkbox(&doc, "provision.none"), Some(false)); // L876 `[ ] 提供・移転しない`
    assert_eq!(checkbox(&doc, "network.no_acquisition"), Some(false)); // L893 `[ ] 接続しない(入手)`
    assert_eq!(checkbox(&doc, "network.no_provision"), Some(false)); // L893 `[ ] 接続しない(提供)`
    for id in [
        "outsourcing.none",
        "provision.none",
        "network.no_acquisition",
        "network.no_provision",
    ] {
        assert_eq!(status(&doc, id), Status::Ok, "{id}");
    }
}

// ------------------------------------------------------------------------------------------
// IV, V, VI.

#[test]
fn sections_iv_v_vi_choices() {
    let doc = parse("001");
    assert_choice_ok(item(&doc, "audit.self_check"), "十分に行っている", 974); // L974
    assert_choice_ok(item(&doc, "audit.audit"), "十分に行っている", 976); // L976
    assert_choice_ok(item(&doc, "education"), "十分に行っている", 979); // L979
                                                                        // L1006 `[ 無料 ] <選択肢> 1) 有料 2) 無料 (手数料額、納付方法: …` (trap 16)
    let fee = item(&doc, "disclosure.fee");
    assert_choice_ok(fee, "無料", 1006);
    assert_eq!(choice_index(fee), 2);
    assert_choice_ok(
        item(&doc, "disclosure.file_register_published"),
        "行っている",
        1007,
    ); // L1007
       // L1020 `[ 基礎項目評価及び全項目評価の実施が義務付けられる ]`
    let result = item(&doc, "procedure.kiso.result_zenkomoku");
    assert_choice_ok(
        result,
        "基礎項目評価及び全項目評価の実施が義務付けられる",
        1020,
    );
    assert_eq!(choice_index(result), 1);
    assert_eq!(
        text(&doc, "procedure.kiso.date").as_deref(),
        Some("2025-02-03")
    ); // L1019 令和7年2月3日
}

#[test]
fn fee_detail_keeps_both_halves_of_the_user_text() {
    // Trap 16, L1006: `(手数料額、納付方法: 個人情報の開示等に係る手数料は無料。ただし、個人情報の
    // 写しの作成費用は ) 請求者が負担(白黒A3版までは1枚10円、その他実費相当額)` — the template's `)`
    // splits the user's sentence; both halves are the user's text.
    let doc = parse("001");
    let t = text(&doc, "disclosure.fee_detail").expect("fee detail is text");
    assert!(t.contains("個人情報の開示等に係る手数料は無料"), "{t}");
    assert!(t.contains("請求者が負担"), "{t}");
    assert!(!t.contains("選択肢"), "{t}");
}

// ------------------------------------------------------------------------------------------
// Repeated groups: which blocks exist.

#[test]
fn system_blocks_are_those_printed() {
    // Trap 19: `システム1` (L47), `システム4` (L54), `システム5` (L58), `システム6` (L63),
    // `システム11` (L74); 2-3 and 7-10 are absent (blank lines L51-53, L67-73).
    let doc = parse("001");
    assert_eq!(
        block_numbers(&doc, "システム"),
        BTreeSet::from([1, 4, 5, 6, 11])
    );
    let names: Vec<(u32, &str)> = vec![
        (1, "国民健康保険システム"),               // L48
        (4, "共通基盤システム(庁内連携システム)"), // L55
        (5, "既存住民基本台帳システム"),           // L59
        (6, "中間サーバ"),                         // L64
        (11, "電子申請システム"),                  // L75
    ];
    for (n, name) in names {
        let it = grouped_in(&doc, "system.name", "システム", n);
        assert_eq!(it.value, Value::Text(name.into()), "システム{n}");
        assert_eq!(it.path, format!("I.2.{n}.①"));
    }
}

#[test]
fn system_connections_where_reliably_printed() {
    let doc = parse("001");
    let g = "システム";
    const NW: &str = "情報提供ネットワークシステム";
    const CHO: &str = "庁内連携システム";
    const JUKI_NET: &str = "住民基本台帳ネットワークシステム";
    const KISON: &str = "既存住民基本台帳システム";
    const ATENA: &str = "宛名システム等";
    const ZEIMU: &str = "税務システム";

    // システム1, L50: `[ ]` / `[ <input checked…/> ]`.
    let s1 = grouped_in(&doc, "system.connections", g, 1);
    for (opt, state) in [
        (NW, false),
        (CHO, true),
        (JUKI_NET, false),
        (KISON, false),
        (ATENA, false),
        (ZEIMU, false),
        (CB_OTHER, true),
    ] {
        assert_eq!(option_state(s1, opt).0, Some(state), "システム1 {opt}");
    }
    assert_eq!(
        option_state(s1, CB_OTHER).1,
        Some("国保総合システムおよび国保情報集約システム")
    ); // L50 `その他 （ … ）`

    // システム4, L57: `[ ]` and Latin `[ O ]`.
    let s4 = grouped_in(&doc, "system.connections", g, 4);
    for (opt, state) in [
        (NW, false),
        (CHO, false),
        (JUKI_NET, false),
        (KISON, true),
        (ATENA, true),
        (ZEIMU, true),
        (CB_OTHER, true),
    ] {
        assert_eq!(option_state(s4, opt).0, Some(state), "システム4 {opt}");
    }
    assert_eq!(option_state(s4, CB_OTHER).1, Some("個別業務システム")); // L57

    // システム5, L62: bare `<input checked…/>` boxes are reliable; the bare unchecked ones are
    // not (form-reference §5.3), so only the checked ones are asserted.
    let s5 = grouped_in(&doc, "system.connections", g, 5);
    for opt in [CHO, JUKI_NET, CB_OTHER] {
        assert_eq!(option_state(s5, opt).0, Some(true), "システム5 {opt}");
    }
    assert_eq!(
        option_state(s5, CB_OTHER).1,
        Some("証明書コンビニ交付システム、中間サーバ")
    ); // L62 `その他（…）`

    // システム6, L66: same markup; `その他（` is cut off at the end of the line.
    let s6 = grouped_in(&doc, "system.connections", g, 6);
    for opt in [NW, KISON, ATENA] {
        assert_eq!(option_state(s6, opt).0, Some(true), "システム6 {opt}");
    }

    // システム11, L77: all `[ ]` except `[ <input checked…/> ] その他 ( … )`.
    let s11 = grouped_in(&doc, "system.connections", g, 11);
    for (opt, state) in [
        (NW, false),
        (CHO, false),
        (JUKI_NET, false),
        (KISON, false),
        (ATENA, false),
        (ZEIMU, false),
        (CB_OTHER, true),
    ] {
        assert_eq!(option_state(s11, opt).0, Some(state), "システム11 {opt}");
    }
    assert_eq!(
        option_state(s11, CB_OTHER).1,
        Some("LGWAN回線を用い、LGWAN-ASP上のサービスからダウンロードする")
    ); // L77
}

#[test]
fn outsourcing_provision_and_transfer_block_counts() {
    let doc = parse("001");
    // 委託事項1 L330, 2 L343, 3 L357, 4 L371, 5 L386, 6 L400.
    assert_eq!(
        block_numbers(&doc, "委託事項"),
        BTreeSet::from([1, 2, 3, 4, 5, 6])
    );
    // Only 提供先1 is printed (L416); the 82 destinations are in (Ⅱ-5別紙).
    assert_eq!(block_numbers(&doc, "提供先"), BTreeSet::from([1]));
    // 移転先1 L425 … 移転先10 L500.
    assert_eq!(
        block_numbers(&doc, "移転先"),
        (1..=10).collect::<BTreeSet<u32>>()
    );
}

#[test]
fn provision_count_differs_from_printed_blocks() {
    // Trap 18: L415 `提供を行っている ( 82 ) 件` but only 提供先1 (L416) is printed.
    // Expected code: `count.blocks_differ`.
    let doc = parse("001");
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == "count.blocks_differ" && d.message.contains("82")),
        "{:#?}",
        doc.diagnostics
            .iter()
            .filter(|d| d.code.starts_with("count"))
            .collect::<Vec<_>>()
    );
    // 委託 ( 6 ) 件 = 6 blocks (L329); 移転 ( 10 ) 件 = 10 blocks (L415): no mismatch there.
    assert!(!doc
        .diagnostics
        .iter()
        .any(|d| d.code == "count.blocks_differ"
            && matches!(d.path.as_deref(), Some("II.4.件数") | Some("II.5.移転件数"))));
}

// ------------------------------------------------------------------------------------------
// Attachments.

#[test]
fn record_items_split_by_column() {
    let doc = parse("001");
    let att = doc
        .attachments
        .iter()
        .find(|a| a.number == Some(2))
        .expect("(別添2) attachment");
    assert_eq!(att.kind, "特定個人情報ファイル記録項目"); // L516
    assert_eq!(att.start_line, 516);
    assert!(
        att.end_line < 703,
        "must stop before (Ⅱ-5別紙) at L703: {}",
        att.end_line
    );

    // 宛名情報: column 1 of L518-570, No 1-51.
    let atena = record_group_items(&doc, "宛名情報");
    assert_eq!(atena.len(), 51);
    assert_eq!(atena[0], "宛名番号"); // L520
    assert_eq!(atena[1], "個人番号"); // L521
    assert!(atena.contains(&"生年月日".to_string())); // L560
    assert_eq!(atena[50], "DV被害者等に関する自己情報不開示の申し出の有無"); // L570

    // 資格情報: column 2 of L518-565, No 1-41; blank at L554-555, 35 restarts at L556.
    let shikaku = record_group_items(&doc, "資格情報");
    assert_eq!(shikaku.len(), 41);
    assert_eq!(shikaku[0], "保険証番号"); // L520
    assert_eq!(
        shikaku[33],
        "被保険者証記号および被保険者証番号ごとに付番した枝番(個人を識別する2桁の番号)"
    ); // L553
    assert_eq!(shikaku[34], "券面記載の被保険者証記号"); // L556
    assert_eq!(shikaku[40], "被保険者証裏面への性別記載の有無"); // L565
                                                                 // Column 1's items next to the gap must not leak into 資格情報.
    assert!(!shikaku.contains(&"宛名郵便番号".to_string())); // L554 column 1
    assert!(!shikaku.contains(&"宛名住所".to_string())); // L556 column 1

    // Groups continued in the next side-by-side table.
    let kofu = record_group_items(&doc, "証交付回収情報"); // L518 col 3 No 1-50, L572 col 1 No 51-72
    assert_eq!(kofu.len(), 72);
    assert_eq!(kofu[0], "保険証番号"); // L520
    assert_eq!(kofu[50], "保険証交付方法区分"); // L574
    let kyufu = record_group_items(&doc, "給付情報"); // L572 cols 2 and 3: No 1-50, 51-76
    assert_eq!(kyufu.len(), 76);
    assert_eq!(kyufu[0], "請求年月"); // L574 column 2
    assert!(kyufu.contains(&"口座情報".to_string())); // L599 No 76
    let fuka = record_group_items(&doc, "賦課情報"); // L625 cols 1 and 2: No 1-50, 51-92
    assert_eq!(fuka.len(), 92);
    let shuno = record_group_items(&doc, "収納情報"); // L625 col 3 No 1-50, L678 No 51-72
    assert_eq!(shuno.len(), 72);
    assert_eq!(shuno[71], "口座情報"); // L701
}

#[test]
fn ii5_annex_table() {
    let doc = parse("001");
    let columns = [
        "No.",
        "情報照会者",
        "法令上の根拠(項番)",
        "提供先における用途",
    ]; // L705
    let att = doc
        .attachments
        .iter()
        .find(|a| a.tables.iter().any(|t| t.columns == columns))
        .expect("(Ⅱ-5別紙) table with the columns of L705");
    assert_eq!(att.number, None);
    assert!(att.title.contains("5別紙"), "{}", att.title); // L703
    assert!(
        att.title.contains("命令第二条別表に定める事務"),
        "{}",
        att.title
    ); // L703
    assert_eq!(att.start_line, 703);
    assert!(
        att.end_line < 793,
        "must stop before III at L793: {}",
        att.end_line
    );
    let table = att.tables.iter().find(|t| t.columns == columns).unwrap();
    assert_eq!(table.line, 705);
    // Rows numbered 1-82 at L706-791 (blank lines L728, L752, L769, L785 between).
    assert_eq!(table.rows.len(), 82);
    assert_eq!(
        table.rows[0],
        vec![
            "1",
            "厚生労働大臣",
            "一",
            "健康保険法第五条第二項の規定により厚生労働大臣が行うこととされた健康保険に関する事務であって第三条で定めるもの"
        ]
    ); // L706
    assert_eq!(&table.rows[81][..3], &["82", "都道府県知事", "百七十三"]); // L791
    assert_eq!(
        table.rows[29][0..3],
        ["30", "市町村長又は国民健康保険組合", "六十九"]
    ); // L736
}

#[test]
fn other_bodies_is_empty_and_does_not_swallow_attachment_1() {
    // I.8 他の評価実施機関: L146 heading, L148 `<p> </p>` (nothing entered), L149 `----------` rule.
    // The (別添1) text that follows (L153 `(備考)` … L293) is not part of I.8.
    let doc = parse("001");
    let t = text(&doc, "other_bodies").unwrap_or_default();
    assert!(
        !t.contains("(備考)"),
        "I.8 holds 別添1 text: {} lines",
        t.lines().count()
    );
    assert_eq!(t, "");
}

#[test]
fn business_attachment_keeps_figure_captions() {
    // Trap 24: the (別添1) heading is missing (listed only in the 項目一覧, L29); figures are
    // dropped and only captions survive: `図2. 資格継続事務` (L192), `図3. 高額該当回数の…` (L230),
    // `図4. オンライン資格確認業務のための…` (L265). The catalog reads 別添1 as the text item
    // `affairs.attachment`; the contract also allows a 事務の内容 attachment. Either must keep
    // the captions.
    let doc = parse("001");
    let mut lines: Vec<String> = doc
        .attachments
        .iter()
        .filter(|a| a.kind == "事務の内容")
        .flat_map(|a| a.text.iter().cloned())
        .collect();
    if let Some(t) = text(&doc, "affairs.attachment") {
        lines.extend(t.lines().map(str::to_string));
    }
    for caption in [
        "図2. 資格継続事務",
        "図3. 高額該当回数の引き継ぎ事務及び世帯の継続性の判定事務",
        "図4. オンライン資格確認業務のための医療保険者等向け中間サーバー等への被保険者異動情報の提供事務",
    ] {
        assert!(
            lines.iter().any(|l| l.trim() == caption),
            "{caption} missing"
        );
    }
    // The (備考) text of L155-190 belongs to it as well (L162).
    let l162 = "資格確認書の交付申請を受理し、確認および交付する。";
    assert!(lines.iter().any(|l| l.contains(l162)));
}

// ------------------------------------------------------------------------------------------
// (別添3) 変更箇所.

#[test]
fn change_history_rows() {
    let doc = parse("001");
    // L1037-1163: 74 rows whose first cell is `令和7年6月6日`, between 27 header rows. Four
    // changes are printed in two parts each, `(1/2)` and `(2/2)`: L1054+L1057, L1060+L1063
    // (`（2/2）`), L1086+L1089, L1108+L1111. One row per change: 74 - 4 = 70.
    assert_eq!(doc.change_history.len(), 70);
    let merged = doc
        .change_history
        .iter()
        .find(|r| r.line == 1054)
        .expect("row at L1054");
    assert!(
        merged.item.as_deref().is_some_and(|i| !i.contains("1/2")),
        "{:?}",
        merged.item
    );
    assert!(doc.change_history.iter().all(|r| r.line != 1057));
    assert!(doc
        .change_history
        .iter()
        .all(|r| r.date.as_deref() == Some("2025-06-06")));
    // 事前: L1039, L1042, L1043, L1046, L1047, L1050, L1051; the other 67 are 事後.
    let before: Vec<u32> = doc
        .change_history
        .iter()
        .filter(|r| r.timing.as_deref() == Some("事前"))
        .map(|r| r.line)
        .collect();
    assert_eq!(before, vec![1039, 1042, 1043, 1046, 1047, 1050, 1051]);

    let first = &doc.change_history[0]; // L1038
    assert_eq!(first.line, 1038);
    assert_eq!(first.date_raw.as_deref(), Some("令和7年6月6日"));
    assert_eq!(first.item.as_deref(), Some("別添1"));
    assert_eq!(first.before.as_deref(), Some("図 省略"));
    assert_eq!(first.after.as_deref(), Some("図 省略"));
    assert_eq!(first.timing.as_deref(), Some("事後"));
    assert_eq!(
        first.reason.as_deref(),
        Some("国民健康保険システムのガバメントクラウド移行に伴う変更")
    );

    // L1066: the 提供 count went from 29 to 82.
    let l1066 = doc
        .change_history
        .iter()
        .find(|r| r.line == 1066)
        .expect("row at L1066");
    assert_eq!(l1066.before.as_deref(), Some("提供を行っている(29)件"));
    assert_eq!(l1066.after.as_deref(), Some("提供を行っている(82)件"));
    assert_eq!(l1066.reason.as_deref(), Some("番号法の改正に伴う変更"));

    // L1158: VI.1.① 実施日.
    let l1158 = doc
        .change_history
        .iter()
        .find(|r| r.line == 1158)
        .expect("row at L1158");
    assert!(l1158
        .item
        .as_deref()
        .is_some_and(|i| i.contains("基礎項目評価") && i.ends_with("①実施日")));
    assert_eq!(l1158.before.as_deref(), Some("令和4年3月2日"));
    assert_eq!(l1158.after.as_deref(), Some("令和7年2月3日"));
    assert_eq!(
        l1158.reason.as_deref(),
        Some("基礎項目評価実施日の変更(重要な変更による再実施)")
    );
}

#[test]
fn change_history_is_not_current_state() {
    // L1066 prints the old count `(29)` next to the new; the body count stays 82 (L415).
    let doc = parse("001");
    assert_eq!(
        item(&doc, "provision.provide_count").value,
        Value::Count(82)
    );
}

// ------------------------------------------------------------------------------------------
// Coverage.

#[test]
fn coverage() {
    // Unmapped spans reviewed (the program's `coverage.unmapped` for this document):
    // * L372 `医療保険者等向け中間サーバ等における資格履歴管理事務` — the title of 委託事項4, split
    //   from its `<b>委託事項4</b>` row (L371) onto a line of its own (trap 13). Block titles are
    //   not items, so nothing claims it. Nothing else is unmapped.
    let doc = parse("001");
    assert!(doc.coverage.ratio > 0.9, "{:?}", doc.coverage.ratio);
}
