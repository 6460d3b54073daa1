//! Seed 003 (倉敷市, 国民健康保険, 重点, markdown pipe tables with HTML, partial).
//! Every expected value below was read from `corpus/003_6e56c5aafac9f5fa.txt` (line numbers
//! in comments), not from the program's output. Form structure: form-reference §2; markup
//! variants §5; traps §6 10, 11, 12, 18, 19.

use hyoka::{Document, FormKind, Item, Rendering, Status, Value};

use crate::common::*;

// ------------------------------------------------------------------ helpers

/// The block numbers printed for an item of a repeated group, in output order.
fn blocks(doc: &Document, id: &str) -> Vec<u32> {
    doc.items
        .iter()
        .filter(|i| i.id == id)
        .filter_map(|i| i.group.as_ref().map(|g| g.index))
        .collect()
}

/// Options of a checkbox set as (option, checked, text), whatever the item's status.
fn options_of(it: &Item) -> Vec<(String, Option<bool>, Option<String>)> {
    match &it.value {
        Value::CheckboxSet(opts) => opts
            .iter()
            .map(|o| (o.option.clone(), o.checked, o.text.clone()))
            .collect(),
        other => panic!("{} is not a checkbox set: {other:?}", it.id),
    }
}

/// A choice read from its own, well-formed `[ 値 ]` row: value, `ok`, and source line.
fn assert_choice(it: &Item, index: u32, text: &str, line: u32) {
    assert_eq!(
        choice_of(it),
        Some((index, text.to_string())),
        "{} {} (L{line})",
        it.id,
        it.path
    );
    assert_eq!(it.status, Status::Ok, "{} {} (L{line})", it.id, it.path);
    assert_eq!(line_of(it), Some(line), "{} {}", it.id, it.path);
}

/// A choice printed with broken brackets (`<input type="checkbox"/> 値 ]`, bare
/// `<input type="checkbox"/> 値`): the value is real (form-reference §5.1), so it must be
/// read, never missing nor ambiguous.
fn assert_noisy_choice(it: &Item, index: u32, text: &str, line: u32) {
    assert_eq!(
        choice_of(it),
        Some((index, text.to_string())),
        "{} {} (L{line})",
        it.id,
        it.path
    );
    assert!(
        matches!(it.status, Status::Ok | Status::Inferred),
        "{} {} (L{line}): {:?}",
        it.id,
        it.path,
        it.status
    );
    assert_eq!(line_of(it), Some(line), "{} {}", it.id, it.path);
}

fn strip_number(name: &str) -> &str {
    name.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '.')
}

// ------------------------------------------------------------------ form and header

#[test]
fn form_and_source() {
    let doc = parse("003");
    assert_eq!(doc.form.kind, Some(FormKind::Juten)); // L3 `(重点項目評価書)`
    assert_eq!(doc.form.stamp, None); // no `[… 様式3]` stamp anywhere
    assert_eq!(doc.source.rendering, Rendering::Markdown); // pipe tables, `##` headings
    assert_eq!(doc.source.encoding, "UTF-8");
    // L502 is the last line; it has no trailing newline (`wc -l` says 501).
    assert_eq!(doc.source.line_count, 502);
}

#[test]
fn header() {
    let doc = parse("003");
    let h = &doc.header;
    assert_eq!(h.number.as_deref(), Some("10")); // L7
    assert_eq!(
        h.title.as_deref(),
        Some("国民健康保険に関する事務 重点項目評価書")
    ); // L7
    assert_eq!(h.organization.raw.as_deref(), Some("倉敷市長")); // L19
    assert_eq!(h.organization.municipality.as_deref(), Some("倉敷市"));
    assert_eq!(h.organization.office.as_deref(), Some("市長"));
    assert_eq!(h.published.date.as_deref(), Some("2024-03-15")); // L23 令和6年3月15日
    assert_eq!(h.published.raw.as_deref(), Some("令和6年3月15日"));
    assert!(text(&doc, "declaration")
        .is_some_and(|t| t.starts_with("倉敷市は、国民健康保険に関する事務における")));
    // L11
}

// ------------------------------------------------------------------ choices

#[test]
fn choices_of_sections_i_and_ii() {
    let doc = parse("003");
    assert_choice(item(&doc, "network_linkage.implemented"), 1, "実施する", 79);
    assert_choice(item(&doc, "file.kind"), 1, "システム用ファイル", 93);
    assert_choice(
        item(&doc, "file.subjects_count"),
        3,
        "10万人以上100万人未満",
        94,
    );
    assert_choice(item(&doc, "file.items_count"), 4, "100項目以上", 97);
    // L110 `<input type="checkbox"/> 50人以上100人未満 ]`: the opening `[` became a tag.
    assert_noisy_choice(item(&doc, "use.users_count"), 3, "50人以上100人未満", 110);
    assert_choice(item(&doc, "outsourcing.implemented"), 1, "委託する", 117);
}

#[test]
fn outsourcing_count() {
    let doc = parse("003");
    assert_eq!(item(&doc, "outsourcing.count").value, Value::Count(6)); // L117 `( 6 ) 件`
    assert_eq!(status(&doc, "outsourcing.count"), Status::Ok);
}

#[test]
fn outsourcing_blocks_one_to_six() {
    let doc = parse("003");
    // Six blocks, matching `( 6 ) 件` (L117); `委託事項2～5`, `6～10` (L125, L160) are range
    // titles, and `委託事項11～15`, `16～20` (L168-169) are empty: no blocks from them.
    for id in ["outsourcing.handlers_count", "outsourcing.subcontract"] {
        assert_eq!(blocks(&doc, id), vec![1, 2, 3, 4, 5, 6], "{id}");
    }
    // ②委託先における取扱者数: all `10人以上50人未満`.
    for (n, line) in [(1, 120), (2, 128), (3, 135), (5, 155), (6, 163)] {
        assert_choice(
            grouped(&doc, "outsourcing.handlers_count", n),
            2,
            "10人以上50人未満",
            line,
        );
    }
    // L145 bare `<input type="checkbox"/> 10人以上50人未満`.
    assert_noisy_choice(
        grouped(&doc, "outsourcing.handlers_count", 4),
        2,
        "10人以上50人未満",
        145,
    );
    // ④再委託の有無: all `再委託する`.
    for (n, line) in [(1, 122), (2, 130), (5, 157), (6, 165)] {
        assert_choice(
            grouped(&doc, "outsourcing.subcontract", n),
            1,
            "再委託する",
            line,
        );
    }
    // L140, L147 bare `<input type="checkbox"/> 再委託する` without brackets.
    for (n, line) in [(3, 140), (4, 147)] {
        assert_noisy_choice(
            grouped(&doc, "outsourcing.subcontract", n),
            1,
            "再委託する",
            line,
        );
    }
    let it = grouped(&doc, "outsourcing.subcontract", 3);
    assert_eq!(it.path, "II.4.3.④");
    assert_eq!(it.group.as_ref().map(|g| g.name.as_str()), Some("委託事項"));
}

#[test]
fn outsourcing_blocks_across_table_breaks() {
    // Trap 12: 委託事項3 continues in a new table (L137-139) and 委託事項4's title sits in
    // column 2 (L143).
    let doc = parse("003");
    let contractor = |n| text_of(grouped(&doc, "outsourcing.contractor", n));
    assert_eq!(
        contractor(1).as_deref(),
        Some("富士通Japan株式会社 岡山支社")
    ); // L121
    assert_eq!(
        contractor(2).as_deref(),
        Some("岡山県国民健康保険団体連合会")
    ); // L129
    assert_eq!(
        contractor(3).as_deref(),
        Some("岡山県国民健康保険団体連合会")
    ); // L139
    assert_eq!(contractor(4).as_deref(), Some("支払基金")); // L146
    assert_eq!(
        contractor(5).as_deref(),
        Some("岡山県国民健康保険団体連合会")
    ); // L156
    assert!(contractor(6).is_some_and(|t| t.starts_with("岡山県国保連合会"))); // L164
    let content = |n| text_of(grouped(&doc, "outsourcing.content", n)).unwrap_or_default();
    assert!(content(3).starts_with("医療保険者等向け中間サーバー等における資格履歴管理事務")); // L134
    assert!(content(4).contains("情報提供等記録開示システム")); // L144
    assert!(!content(3).contains("情報提供等記録開示システム"));
}

#[test]
fn choices_of_section_iii_and_v() {
    let doc = parse("003");
    assert_choice(item(&doc, "use.r1.sufficiency"), 2, "十分である", 299);
    assert_choice(item(&doc, "use.r2.user_auth"), 1, "行っている", 301);
    assert_choice(item(&doc, "use.r2.sufficiency"), 2, "十分である", 304);
    assert_choice(
        item(&doc, "outsourcing.risk.contract_provisions"),
        1,
        "定めている",
        311,
    );
    assert_choice(
        item(&doc, "outsourcing.subcontractor_assurance"),
        2,
        "十分に行っている",
        313,
    );
    // L319 (choice list in an inline table; L320 is its phantom copy).
    assert_choice(
        item(&doc, "outsourcing.risk.sufficiency"),
        2,
        "十分である",
        319,
    );
    assert_choice(item(&doc, "provision.r1.rules"), 1, "定めている", 327);
    assert_choice(item(&doc, "provision.r1.sufficiency"), 2, "十分である", 330);
    assert_choice(
        item(&doc, "retention.r1.incident_procedure"),
        2,
        "十分に行っている",
        339,
    );
    assert_choice(
        item(&doc, "retention.r1.serious_incident"),
        2,
        "発生なし",
        340,
    );
    assert_choice(item(&doc, "retention.r1.sufficiency"), 2, "十分である", 344);
    // L352 padded `[      十分に行っている      ]`.
    assert_choice(item(&doc, "education"), 2, "十分に行っている", 352);
    assert_choice(
        item(&doc, "procedure.kiso.result_juten"),
        1,
        "基礎項目評価及び重点項目評価の実施が義務付けられる",
        374,
    );
}

// ------------------------------------------------------------------ check boxes

#[test]
fn single_checkboxes() {
    let doc = parse("003");
    assert_eq!(checkbox(&doc, "outsourcing.none"), Some(false)); // L308 `[ ] 委託しない`
    assert_eq!(status(&doc, "outsourcing.none"), Status::Ok);
    assert_eq!(checkbox(&doc, "provision.none"), Some(false)); // L324 `[ ] 提供・移転しない`
    assert_eq!(status(&doc, "provision.none"), Status::Ok);
}

#[test]
fn provision_presence_and_counts() {
    let doc = parse("003");
    // L173: two `[ <input checked="" type="checkbox"/> ]`, then `[ ] 行っていない`.
    assert_eq!(
        checkbox_set(&doc, "provision.presence"),
        vec![
            ("提供を行っている".into(), Some(true)),
            ("移転を行っている".into(), Some(true)),
            ("行っていない".into(), Some(false)),
        ]
    );
    assert_eq!(status(&doc, "provision.presence"), Status::Ok);
    // Trap 18: the counts stand although only 提供先1 and 移転先1 are printed.
    assert_eq!(
        item(&doc, "provision.provide_count").value,
        Value::Count(23)
    ); // L173
    assert_eq!(
        item(&doc, "provision.transfer_count").value,
        Value::Count(9)
    ); // L173
    assert_eq!(blocks(&doc, "provision_dest.methods"), vec![1]); // L174; L182-185 empty
    assert_eq!(blocks(&doc, "transfer_dest.methods"), vec![1]); // L189; L197-200 empty
}

#[test]
fn provision_destination_one() {
    let doc = parse("003");
    let count = grouped(&doc, "provision_dest.subjects_count", 1);
    assert_choice(count, 3, "10万人以上100万人未満", 178);
    assert_eq!(count.path, "II.5.提供先1.④");
    assert_eq!(
        count.group.as_ref().map(|g| g.name.as_str()),
        Some("提供先")
    );
    // L180: only 情報提供ネットワークシステム is `[ <input checked="" …/> ]`; the rest `[ ]`.
    let methods = grouped(&doc, "provision_dest.methods", 1);
    let states: Vec<(String, Option<bool>)> = options_of(methods)
        .into_iter()
        .map(|(o, c, _)| (o, c))
        .collect();
    assert_eq!(
        states,
        vec![
            ("情報提供ネットワークシステム".into(), Some(true)),
            ("専用線".into(), Some(false)),
            ("電子メール".into(), Some(false)),
            ("電子記録媒体(フラッシュメモリを除く。)".into(), Some(false)),
            ("フラッシュメモリ".into(), Some(false)),
            ("紙".into(), Some(false)),
            ("その他 ( )".into(), Some(false)),
        ]
    );
    assert_eq!(methods.status, Status::Ok);
    assert_eq!(line_of(methods), Some(180));
}

#[test]
fn transfer_destination_one() {
    let doc = parse("003");
    let count = grouped(&doc, "transfer_dest.subjects_count", 1);
    assert_choice(count, 3, "10万人以上100万人未満", 193);
    assert_eq!(
        count.group.as_ref().map(|g| g.name.as_str()),
        Some("移転先")
    );
    // L195: `[ <input type="radio"/> ] 庁内連携システム`, every other option `[ ]`: the radio is
    // the one checked box (form-reference §5.2) — recovered, so `inferred`.
    let methods = grouped(&doc, "transfer_dest.methods", 1);
    let states: Vec<(String, Option<bool>)> = options_of(methods)
        .into_iter()
        .map(|(o, c, _)| (o, c))
        .collect();
    assert_eq!(
        states,
        vec![
            ("庁内連携システム".into(), Some(true)),
            ("専用線".into(), Some(false)),
            ("電子メール".into(), Some(false)),
            ("電子記録媒体(フラッシュメモリを除く。)".into(), Some(false)),
            ("フラッシュメモリ".into(), Some(false)),
            ("紙".into(), Some(false)),
            ("その他 ( )".into(), Some(false)),
        ]
    );
    assert_eq!(methods.status, Status::Inferred);
    assert_eq!(line_of(methods), Some(195));
}

#[test]
fn audit_radios_are_unknown_not_false() {
    // L350: `[ <input type="radio"/> ]` for all three: no state can be read.
    let doc = parse("003");
    let it = item(&doc, "audit");
    assert_eq!(
        options_of(it),
        vec![
            ("自己点検".into(), None, None),
            ("内部監査".into(), None, None),
            ("外部監査".into(), None, None),
        ]
    );
    assert_eq!(it.status, Status::Ambiguous);
    assert_eq!(it.path, "III.8.a");
    assert_eq!(line_of(it), Some(350));
}

#[test]
fn main_record_items_are_unknown_with_other_text() {
    // L98: all 19 boxes `[ <input type="checkbox"/> ]`, yet the change history shows
    // `[○]その他(公金受取口座情報)` (L483): unreliable, so unknown — never false.
    let doc = parse("003");
    let it = item(&doc, "file.main_items");
    let opts = options_of(it);
    assert_eq!(opts.len(), 19);
    assert!(opts.iter().all(|(_, c, _)| c.is_none()), "{opts:?}");
    assert_eq!(it.status, Status::Ambiguous);
    assert_eq!(opts[0].0, "個人番号");
    assert_eq!(
        opts.last().map(|(o, _, t)| (o.as_str(), t.as_deref())),
        Some(("その他 ( )", Some("公金受取口座情報")))
    ); // L98 `その他 ( 公金受取口座情報 )`
}

#[test]
fn acquisition_sources_are_unknown_with_texts() {
    // L106: six bare `<input type="checkbox"/>`; the change history shows 行政機関 (L485) and
    // その他 (L462) checked.
    let doc = parse("003");
    let it = item(&doc, "acquire.sources");
    assert_eq!(
        options_of(it),
        vec![
            ("本人又は本人の代理人".into(), None, None),
            (
                "評価実施機関内の他部署 ( )".into(),
                None,
                Some("市民課、市民税課、介護保険課、医療給付課".into())
            ),
            (
                "行政機関・独立行政法人等 ( )".into(),
                None,
                Some("厚生労働省、年金保険者、デジタル庁".into())
            ),
            (
                "地方公共団体・地方独立行政法人 ( )".into(),
                None,
                Some("他自治体".into())
            ),
            ("民間事業者 ( )".into(), None, None),
            (
                "その他 ( )".into(),
                None,
                Some("医療保険者、岡山県国民健康保険団体連合会、内閣総理大臣".into())
            ),
        ]
    );
    assert_eq!(it.status, Status::Ambiguous);
}

#[test]
fn acquisition_methods_are_unknown() {
    // L107: 4 bare + 4 bracketed `<input type="checkbox"/>`; L394 says 専用線 is `○`.
    let doc = parse("003");
    let it = item(&doc, "acquire.methods");
    let opts = options_of(it);
    assert_eq!(
        opts.iter().map(|(o, _, _)| o.as_str()).collect::<Vec<_>>(),
        vec![
            "紙",
            "電子記録媒体(フラッシュメモリを除く。)",
            "フラッシュメモリ",
            "電子メール",
            "専用線",
            "庁内連携システム",
            "情報提供ネットワークシステム",
            "その他 ( )",
        ]
    );
    assert!(opts.iter().all(|(_, c, _)| c.is_none()), "{opts:?}");
    assert_eq!(it.status, Status::Ambiguous);
}

// ------------------------------------------------------------------ systems (partial, traps 11, 19)

#[test]
fn systems_printed_are_four_five_six() {
    let doc = parse("003");
    // システム1-3 are missing (L37-42 blank); `システム6～10`, `11～15`, `16～20` (L65,
    // L70, L71) are range titles and open no block.
    for id in ["system.name", "system.function", "system.connections"] {
        assert_eq!(blocks(&doc, id), vec![4, 5, 6], "{id}");
    }
    let name = |n| text_of(grouped(&doc, "system.name", n)).unwrap_or_default();
    assert!(name(4).starts_with("次期国保総合システムおよび国保情報集約システム")); // L45
    assert_eq!(name(5), "医療保険者等向け中間サーバー等"); // L55
    assert_eq!(name(6), "共通基盤システム"); // L67
    assert_eq!(grouped(&doc, "system.connections", 4).path, "I.2.4.③");
}

#[test]
fn system_connections_ignore_phantom_rows() {
    let doc = parse("003");
    // L47 holds the options in an HTML table; L48-51 repeat them as fake rows.
    let s4 = grouped(&doc, "system.connections", 4);
    assert_eq!(line_of(s4), Some(47));
    let opts = options_of(s4);
    assert_eq!(opts.len(), 7);
    // Every box on L47 is a bare `<input type="checkbox"/>`: none may come out checked.
    assert!(opts.iter().all(|(_, c, _)| *c != Some(true)), "{opts:?}");
    // L57 (copied at L58-61): all seven `[ ]`.
    let s5 = grouped(&doc, "system.connections", 5);
    assert_eq!(line_of(s5), Some(57));
    assert_eq!(s5.status, Status::Ok);
    assert!(options_of(s5).iter().all(|(_, c, _)| *c == Some(false)));
    // No value is read from a phantom row.
    for line in [48, 49, 50, 51, 58, 59, 60, 61, 320] {
        let hits: Vec<&str> = doc
            .items
            .iter()
            .filter(|i| line_of(i) == Some(line))
            .map(|i| i.id.as_str())
            .collect();
        assert!(
            hits.is_empty(),
            "values read from phantom row L{line}: {hits:?}"
        );
    }
}

#[test]
fn system_six_connections() {
    // L69: `[ ]` ×3, `[ ○ ]` ×4, その他 with a list of systems.
    let doc = parse("003");
    let it = grouped(&doc, "system.connections", 6);
    let opts = options_of(it);
    let states: Vec<(&str, Option<bool>)> = opts.iter().map(|(o, c, _)| (o.as_str(), *c)).collect();
    assert_eq!(
        states,
        vec![
            ("情報提供ネットワークシステム", Some(false)),
            ("庁内連携システム", Some(false)),
            ("住民基本台帳ネットワークシステム", Some(false)),
            ("既存住民基本台帳システム", Some(true)),
            ("宛名システム等", Some(true)),
            ("税務システム", Some(true)),
            ("その他 ( )", Some(true)),
        ]
    );
    let other = opts[6].2.as_deref().unwrap_or_default();
    assert!(other.starts_with("戸籍システム"), "{other}");
    assert!(other.ends_with("下水道負担金管理システム"), "{other}");
    assert_eq!(it.status, Status::Ok);
    assert_eq!(line_of(it), Some(69));
}

// ------------------------------------------------------------------ partial document (trap 10)

#[test]
fn missing_section_i_1() {
    let doc = parse("003");
    // I.1 is not printed: the body jumps from 項目一覧 (L35) to システム4 (L43).
    for id in ["affairs.name", "affairs.content", "affairs.population"] {
        let it = item(&doc, id);
        assert_eq!(it.status, Status::Missing, "{id}");
        assert_eq!(it.value, Value::Null, "{id}");
    }
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == "section.missing" && d.path.as_deref() == Some("I.1")),
        "{:?}",
        doc.diagnostics
            .iter()
            .filter(|d| d.code == "section.missing")
            .collect::<Vec<_>>()
    );
    // III.1 特定個人情報ファイル名 is missing too (gap at L293-294).
    assert_eq!(status(&doc, "risks.file_name"), Status::Missing);
}

// ------------------------------------------------------------------ texts and dates

#[test]
fn texts_and_dates() {
    let doc = parse("003");
    assert_eq!(
        text(&doc, "file_names").as_deref(),
        Some("国民健康保険関係情報ファイル")
    ); // L75
    assert_eq!(
        text(&doc, "file.name").as_deref(),
        Some("国民健康保険関係情報ファイル")
    ); // L91
    assert_eq!(
        text(&doc, "department.name").as_deref(),
        Some("国民健康保険課")
    ); // L82
    assert_eq!(text(&doc, "department.head").as_deref(), Some("課長")); // L83
    assert_eq!(
        text(&doc, "file.subjects_scope").as_deref(),
        Some("倉敷市国民健康保険の加入者全員")
    ); // L95
    assert_eq!(text(&doc, "file.holding_start").as_deref(), Some("2015-10")); // L101 平成27年10月
    assert_eq!(
        text(&doc, "use.departments").as_deref(),
        Some("国民健康保険課、各支所国保介護課・国民健康保険担当の係")
    ); // L109
    assert_eq!(text(&doc, "use.start").as_deref(), Some("2016-01-01")); // L113 平成28年1月1日
    assert_eq!(
        text(&doc, "procedure.kiso.date").as_deref(),
        Some("2022-03-18")
    ); // L373 令和4年3月18日
}

// ------------------------------------------------------------------ change history (trap 12)

#[test]
fn change_history_row_count() {
    let doc = parse("003");
    // Rows whose first cell is a date (plain or `<p>…</p>`), over 15 tables (L386 header, 14
    // continuations with empty headers): L388-389, L393-401, L405-406, L410, L415-416,
    // L420-422, L427-431, L435-437, L441-444, L448-452, L456-463, L467-478, L482-488,
    // L492-496, L500-502. The stray separator (L411) and the blank row (L423) are not rows.
    assert_eq!(doc.change_history.len(), 71);
    let first = &doc.change_history[0];
    assert_eq!(first.line, 388);
    let last = doc.change_history.last().unwrap();
    assert_eq!(last.line, 502);
    assert_eq!(last.date.as_deref(), Some("2024-02-28")); // 令和6年2月28日
}

fn row_at(doc: &Document, line: u32) -> &hyoka::ChangeRow {
    doc.change_history
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("no change-history row at L{line}"))
}

#[test]
fn change_history_fields() {
    let doc = parse("003");
    // L388: `I (システム4)<br>①システムの名称`, empty 変更前.
    let r = row_at(&doc, 388);
    assert_eq!(r.date.as_deref(), Some("2017-03-17"));
    assert_eq!(r.date_raw.as_deref(), Some("平成29年3月17日"));
    assert_eq!(r.item.as_deref(), Some("I (システム4)\n①システムの名称"));
    assert_eq!(r.before, None);
    assert!(r
        .after
        .as_deref()
        .is_some_and(|t| t.starts_with("次期国保総合システムおよび国保情報集約システム")));
    assert_eq!(r.timing.as_deref(), Some("事前"));
    assert_eq!(r.reason.as_deref(), Some("①重要な変更"));
    // L421: every cell filled.
    let r = row_at(&doc, 421);
    assert_eq!(r.date.as_deref(), Some("2017-04-01")); // 平成29年4月1日
    assert_eq!(r.item.as_deref(), Some("I 6. ②所属長"));
    assert_eq!(r.before.as_deref(), Some("課長 藤原 博之"));
    assert_eq!(r.after.as_deref(), Some("課長 平松 定義"));
    assert_eq!(r.timing.as_deref(), Some("事後"));
    assert_eq!(
        r.reason.as_deref(),
        Some("①重要な変更にあたらぬ人事異動に伴う記載内容の変更")
    );
    // L396: a `<br>` in the 説明 cell.
    let r = row_at(&doc, 396);
    assert_eq!(r.before.as_deref(), Some("富士通株式会社"));
    assert_eq!(r.after.as_deref(), Some("富士通株式会社 岡山支店"));
    assert_eq!(
        r.reason.as_deref(),
        Some("①重要な変更に当たらない\n詳細な記載に変更")
    );
}

#[test]
fn change_history_paragraph_cells_and_br_paths() {
    let doc = parse("003");
    // L405: cells wrapped in `<p>`; the path `II 4. 委託事項2<br/>⑤再委託の許諾方法`.
    let r = row_at(&doc, 405);
    assert_eq!(r.date.as_deref(), Some("2017-03-17"));
    assert_eq!(
        r.item.as_deref(),
        Some("II 4. 委託事項2\n⑤再委託の許諾方法")
    );
    assert_eq!(r.before, None);
    assert_eq!(r.timing.as_deref(), Some("事前"));
    // L462: two-line path; the 変更後 cell names 内閣総理大臣.
    let r = row_at(&doc, 462);
    assert_eq!(r.date.as_deref(), Some("2022-03-23")); // 令和4年3月23日
    assert_eq!(
        r.item.as_deref(),
        Some("II 特定個人情報ファイルの概要\n3. 特定個人情報の入手・使用 ①入手元")
    );
    assert!(r
        .after
        .as_deref()
        .is_some_and(|t| t.contains("医療保険者、岡山県国民健康保険団体連合会、内閣総理大臣")));
    // L502: the last row, without a trailing newline.
    let r = row_at(&doc, 502);
    assert_eq!(
        r.item.as_deref(),
        Some("(別添1)ファイル記録項目\n4 賦課情報")
    );
    assert_eq!(r.before, None);
    assert_eq!(
        r.after.as_deref(),
        Some("44. 基礎産前産後免除額、45. 支援産前産後免除額、46. 介護産前産後免除額")
    );
    assert_eq!(r.timing.as_deref(), Some("事後"));
    assert_eq!(
        r.reason.as_deref(),
        Some("産前産後期間に係る保険料軽減を行うことによる修正")
    );
}

// ------------------------------------------------------------------ attachments

fn record_items_attachments(doc: &Document) -> Vec<&hyoka::Attachment> {
    doc.attachments
        .iter()
        .filter(|a| a.kind == "特定個人情報ファイル記録項目")
        .collect()
}

#[test]
fn record_items_files() {
    let doc = parse("003");
    let atts = record_items_attachments(&doc);
    assert!(!atts.is_empty());
    assert!(atts.iter().all(|a| a.number == Some(1)));
    // `### …ファイル` headings at L208, L241, L265, L287.
    let files: Vec<&str> = atts
        .iter()
        .flat_map(|a| a.files.iter())
        .filter_map(|f| f.name.as_deref())
        .collect();
    assert_eq!(
        files,
        vec![
            "国民健康保険資格賦課関係情報ファイル",
            "収納管理台帳ファイル",
            "滞納整理台帳ファイル",
            "国民健康保険給付管理ファイル",
        ]
    );
    // The attachment ends before III.3 (L295).
    assert!(atts.iter().all(|a| a.end_line < 295), "{atts:?}");
}

#[test]
fn record_items_heading_repeated_per_page_is_one_attachment() {
    // `## (別添1) 特定個人情報ファイル記録項目` at L206, L239 and L263 heads consecutive
    // pages with different files: a page repeat, not a second version.
    let doc = parse("003");
    let atts = record_items_attachments(&doc);
    assert_eq!(atts.len(), 1, "{atts:?}");
    assert_eq!(atts[0].occurrence, 1);
    assert_eq!(atts[0].start_line, 206);
    assert!(!doc
        .diagnostics
        .iter()
        .any(|d| d.code == "attachment.duplicated"));
}

#[test]
fn record_items_groups() {
    let doc = parse("003");
    let atts = record_items_attachments(&doc);
    let files: Vec<&hyoka::RecordFile> = atts.iter().flat_map(|a| a.files.iter()).collect();
    assert_eq!(files.len(), 4);
    let shape = |f: &hyoka::RecordFile| -> Vec<(String, usize)> {
        f.groups
            .iter()
            .map(|g| {
                (
                    strip_number(g.name.as_deref().unwrap_or_default()).to_string(),
                    g.items.len(),
                )
            })
            .collect()
    };
    // Item counts = the `N. 名、` entries on L212, L216, L220, L224.
    assert_eq!(
        shape(files[0]),
        vec![
            ("宛名情報".into(), 35),
            ("資格情報".into(), 31),
            ("資格履歴情報".into(), 10),
            ("賦課情報".into(), 46),
            // L226 is a note (`○「…」… 以下の項目を追加する。`); the ten items it adds
            // (L228-237) are record items of this file, in a group of their own.
            ("".into(), 10),
        ]
    );
    // L245, L249, L253, L257, L261.
    assert_eq!(
        shape(files[1]),
        vec![
            ("宛名情報".into(), 37),
            ("調定情報".into(), 41),
            ("消込情報".into(), 18),
            ("履歴情報".into(), 7),
            ("その他収納管理情報".into(), 9),
        ]
    );
    // L269, L273, L277, L281, L285.
    assert_eq!(
        shape(files[2]),
        vec![
            ("宛名情報".into(), 37),
            ("記事情報".into(), 11),
            ("滞納個人情報".into(), 43),
            ("分納情報".into(), 19),
            ("滞納整理情報".into(), 6),
        ]
    );
    assert_eq!(shape(files[3]), vec![("給付記録情報".into(), 33)]); // L291
    let first = &files[0].groups[0].items;
    assert_eq!(first[0], "宛名番号"); // L212 `1. 宛名番号`
    assert_eq!(first[1], "個人番号");
    assert_eq!(first[6], "続柄住民となった年月日"); // L212, fused as printed
    assert_eq!(first[34], "口座情報");
    assert_eq!(
        files[0].groups[1].items.last().map(String::as_str),
        Some("産前産後免除対象者異動連絡票情報")
    ); // L216 `31. …`
    assert_eq!(
        files[3].groups[0].items.last().map(String::as_str),
        Some("高額介護合算情報")
    ); // L291 `33. …`
}

#[test]
fn record_items_note_is_text() {
    // L226: the `○「オンライン資格確認…」… 以下の項目を追加する。` note is text, not a group.
    let doc = parse("003");
    let atts = record_items_attachments(&doc);
    assert!(
        atts.iter()
            .flat_map(|a| a.text.iter())
            .any(|t| t.contains("以下の項目を追加する")),
        "{:?}",
        atts.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
}

// ------------------------------------------------------------------ coverage

#[test]
fn coverage() {
    let doc = parse("003");
    assert!(doc.coverage.ratio > 0.95, "{:?}", doc.coverage);
}
