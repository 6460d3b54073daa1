//! Seed 004 (岩手県後期高齢者医療広域連合, 全項目評価書 **excerpt**, TSV with HTML fragments).
//! The file has no cover page: it holds (別添1) 事務の内容 twice (L5, L149), II.4 委託事項3–4
//! (L392-419), (別添2) twice (L421, L563), III.6 (L763-783) and 別紙1 (L785-810).
//! Every expected value below was read from `corpus/004_a3074577755b48d0.txt` (line numbers
//! in comments, checked with `cat -n`), not from the program's output.

use hyoka::{Attachment, Document, FormKind, Item, Status, Value};

use crate::common::*;

// ------------------------------------------------------------------ helpers

/// The item `id` of block `委託事項{n}`.
fn block<'a>(doc: &'a Document, id: &str, n: u32) -> &'a Item {
    grouped_in(doc, id, "委託事項", n)
}

/// A diagnostic with this code about this item path.
fn has_diag(doc: &Document, code: &str, path: &str) -> bool {
    doc.diagnostics
        .iter()
        .any(|d| d.code == code && d.path.as_deref() == Some(path))
}

fn attachments(doc: &Document, number: Option<u32>) -> Vec<&Attachment> {
    let mut v: Vec<&Attachment> = doc
        .attachments
        .iter()
        .filter(|a| a.number == number)
        .collect();
    v.sort_by_key(|a| a.occurrence);
    v
}

/// Every record item name of an attachment (all files, all groups).
fn record_items(a: &Attachment) -> Vec<&str> {
    a.files
        .iter()
        .flat_map(|f| f.groups.iter())
        .flat_map(|g| g.items.iter().map(|s| s.as_str()))
        .collect()
}

/// Every name (file, group, item) of an attachment.
fn record_names(a: &Attachment) -> Vec<&str> {
    let mut v = Vec::new();
    for f in &a.files {
        if let Some(n) = &f.name {
            v.push(n.as_str());
        }
        for g in &f.groups {
            if let Some(n) = &g.name {
                v.push(n.as_str());
            }
            v.extend(g.items.iter().map(|s| s.as_str()));
        }
    }
    v
}

/// The six options of ④提供方法 ([CB-媒体]) as printed on L399 and L414.
const TRANSFER_OPTIONS: [&str; 6] = [
    "専用線",
    "電子メール",
    "電子記録媒体(フラッシュメモリを除く。)",
    "フラッシュメモリ",
    "紙",
    "その他 ( )",
];

// L396, the 範囲 text of 委託事項3 (one cell).
const SCOPE_3: &str = "・被保険者(※):75歳以上の者(年齢到達予定者を含む。)又は65歳以上75歳未満で一定の障害がある者(本人申請に基づき認定した者)のうち、個人番号を有する者 ・世帯構成員:被保険者と同一の世帯に属する者のうち、個人番号を有する者 ・過去に被保険者であった者及びその者と同一の世帯に属していた者のうち、個人番号を有する者 ※高齢者の医療の確保に関する法律第50条から第55条に基づく被保険者注)なお、世帯構成員に関しては、情報提供は行わない。";

// L403 and L418 (identical in both blocks).
const PERMISSION: &str = "委託先の支払基金から再委託先の商号又は名称、住所、再委託する理由、再委託する業務の範囲、再委託する業務及び取り扱う特定個人情報の範囲、再委託先に係る業務の履行能力、再委託先への立ち入り調査に係る要件、その他当広域連合が求める情報について記載した書面による再委託申請及び再委託に係る履行体制図(委託先による再委託先に対する監督体制を含む。)の提出を受け、支払基金と再委託先が秘密保持に関する契約を締結していること等、再委託先における安全管理措置を確認し、決裁等必要な手続を経た上で、再委託を許諾する(再委託先が更に再委託する場合も同様とする。)";

// L400 and L415.
const CONTRACTOR_CHECK: &str = "岩手県後期高齢者医療広域連合情報公開条例に基づく行政文書の開示請求を行うことにより確認することができる。";

/// ④提供方法 (L399, L414): six `[<input type="checkbox"/>]` boxes, none checked, `その他 ()`
/// empty. Decision by form-reference §5.2 ("a bare `<input type="checkbox"/>` must be treated
/// as unknown, not as false, when … every box in a group is unchecked although the form
/// requires at least one"): a 委託 of the file needs *some* 提供方法 (`その他 ( )` exists for
/// anything else; every 委託事項 of 001 has one: 001:L337, L365, L379, L393, L408), and this
/// very document says the 中間サーバー is reached over 専用線/IP-VPN (L768 ③, L775 ⑥). The
/// all-empty group is lost data (trap 9), not "none": every state is unknown (`None`), the
/// empty `その他 ()` has no text, and the set is not `ok` (all states unknown → `ambiguous`).
fn assert_transfer_methods_unknown(it: &Item, what: &str) {
    match &it.value {
        Value::CheckboxSet(opts) => {
            let got: Vec<(&str, Option<bool>)> = opts
                .iter()
                .map(|o| (o.option.as_str(), o.checked))
                .collect();
            let want: Vec<(&str, Option<bool>)> =
                TRANSFER_OPTIONS.iter().map(|o| (*o, None)).collect();
            assert_eq!(
                got, want,
                "{what}: states of an all-empty group are unknown"
            );
            assert!(
                opts.iter().all(|o| o.text.is_none()),
                "{what}: `その他 ()` is empty"
            );
        }
        other => panic!("{what}: not a checkbox set: {other:?}"),
    }
    assert_eq!(it.status, Status::Ambiguous, "{what}");
}

// ------------------------------------------------------------------ 1. form and header

#[test]
fn form_is_inferred_as_zenkomoku_without_a_header() {
    let doc = parse("004");
    // No title and no `[… 様式4]` stamp anywhere (L1-4 are blank; L5 is `(別添1) 事務の内容`).
    // The kind comes from structure: 委託事項 blocks with ②…⑨ (L392-419) and III.6 with
    // リスク1-6 (L763-783) exist only in 全項目.
    assert_eq!(doc.form.kind, Some(FormKind::Zenkomoku));
    assert_eq!(doc.form.stamp, None);
    assert!(
        doc.diagnostics.iter().any(|d| d.code == "form.inferred"),
        "the kind must be reported as inferred"
    );
    assert!(
        !doc.form.basis.is_empty(),
        "the basis of the inference is recorded"
    );
    // 809 newlines and an unterminated last line (L810 ` ・ここでは、支払基金が…`).
    assert_eq!(doc.source.line_count, 810);
}

#[test]
fn header_is_empty() {
    let doc = parse("004");
    let h = &doc.header;
    // No 評価書番号, 評価書名, 評価実施機関名 or 公表日 is printed: the excerpt starts at L5.
    assert_eq!(h.number, None);
    assert_eq!(h.title, None);
    assert_eq!(h.organization.raw, None);
    assert_eq!(h.published.date, None);
    assert_eq!(h.published.raw, None);
    assert_eq!(status(&doc, "header.approved"), Status::Missing);
    assert_eq!(status(&doc, "declaration"), Status::Missing);
    assert!(
        doc.change_history.is_empty(),
        "no (別添3) 変更箇所 in the excerpt"
    );
}

// ------------------------------------------------------------------ 2. 委託事項3 (aligned)

#[test]
fn outsourcing_blocks_are_3_and_4_only() {
    let doc = parse("004");
    // L392 `委託事項3`, L406 `委託事項4`; 委託事項1-2 are not in the excerpt.
    let mut idx: Vec<u32> = doc
        .items
        .iter()
        .filter(|i| i.id == "outsourcing.content")
        .filter_map(|i| i.group.as_ref().map(|g| g.index))
        .collect();
    idx.sort();
    assert_eq!(idx, vec![3, 4]);
    let it = block(&doc, "outsourcing.content", 3);
    assert_eq!(it.path, "II.4.3.①");
    assert_eq!(block(&doc, "outsourcing.content", 4).path, "II.4.4.①");
}

#[test]
fn outsourcing_3_values() {
    let doc = parse("004");
    let b = |id: &str| block(&doc, id, 3);

    // ① L393
    assert_eq!(
        text_of(b("outsourcing.content")).as_deref(),
        Some("情報提供ネットワークシステムを使用した情報照会・情報提供、情報照会・情報提供を行うために必要となる機関別符号の取得及び管理")
    );
    // ② L394 `[特定個人情報ファイルの全体]`, choice 1
    assert_eq!(
        choice_of(b("outsourcing.file_scope")),
        Some((1, "特定個人情報ファイルの全体".into()))
    );
    // 対象となる本人の数 L395 `[10万人以上100万人未満]`, choice 3 of N5-本人
    assert_eq!(
        choice_of(b("outsourcing.subjects_count")),
        Some((3, "10万人以上100万人未満".into()))
    );
    // 対象となる本人の範囲 L396
    assert_eq!(
        text_of(b("outsourcing.subjects_scope")).as_deref(),
        Some(SCOPE_3)
    );
    // その妥当性 L397
    assert_eq!(
        text_of(b("outsourcing.scope_validity")).as_deref(),
        Some("当広域連合と情報提供ネットワークシステムとの対応窓口を、支払基金に一本化するため。また、当広域連合の機関別符号を、支払基金が一元的に取得するため。")
    );
    // ③ L398 `[10人以上50人未満]`, choice 2 of N6-人
    assert_eq!(
        choice_of(b("outsourcing.handlers_count")),
        Some((2, "10人以上50人未満".into()))
    );
    // ⑤ L400
    assert_eq!(
        text_of(b("outsourcing.contractor_check")).as_deref(),
        Some(CONTRACTOR_CHECK)
    );
    // ⑥ L401
    assert_eq!(
        text_of(b("outsourcing.contractor")).as_deref(),
        Some("社会保険診療報酬支払基金")
    );
    // ⑦ L402 `[再委託する]`, choice 1
    assert_eq!(
        choice_of(b("outsourcing.subcontract")),
        Some((1, "再委託する".into()))
    );
    // ⑧ L403
    assert_eq!(
        text_of(b("outsourcing.subcontract_permission")).as_deref(),
        Some(PERMISSION)
    );
    // ⑨ L404
    assert_eq!(
        text_of(b("outsourcing.subcontract_items")).as_deref(),
        Some("中間サーバーの運用・保守業務")
    );

    // Every row of this block is on its own labelled line: all `ok`, read from L393-404.
    for (id, line) in [
        ("outsourcing.content", 393),
        ("outsourcing.file_scope", 394),
        ("outsourcing.subjects_count", 395),
        ("outsourcing.subjects_scope", 396),
        ("outsourcing.scope_validity", 397),
        ("outsourcing.handlers_count", 398),
        ("outsourcing.contractor_check", 400),
        ("outsourcing.contractor", 401),
        ("outsourcing.subcontract", 402),
        ("outsourcing.subcontract_permission", 403),
        ("outsourcing.subcontract_items", 404),
    ] {
        assert_eq!(b(id).status, Status::Ok, "委託事項3 {id}");
        assert_eq!(line_of(b(id)), Some(line), "委託事項3 {id}");
    }
}

#[test]
fn outsourcing_3_transfer_methods_are_unknown() {
    let doc = parse("004");
    // L399: `[<input type="checkbox"/>] 専用線 … [<input type="checkbox"/>] その他 ()`.
    let it = block(&doc, "outsourcing.transfer_methods", 3);
    assert_transfer_methods_unknown(it, "委託事項3 ④");
    assert_eq!(line_of(it), Some(399));
}

// ------------------------------------------------------------------ 3. 委託事項4 (rows slipped)

#[test]
fn outsourcing_4_rows_in_place() {
    let doc = parse("004");
    let b = |id: &str| block(&doc, id, 4);
    // ① L407
    assert_eq!(
        text_of(b("outsourcing.content")).as_deref(),
        Some("地方公共団体情報システム機構から住民基本台帳ネットワークシステムを使用した個人番号取得及び本人確認情報の取得")
    );
    // ② L408 `[特定個人情報ファイルの全体]`
    assert_eq!(
        choice_of(b("outsourcing.file_scope")),
        Some((1, "特定個人情報ファイルの全体".into()))
    );
    // 対象となる本人の数 L409: the value `[10万人以上100万人未満]` is on its own row (only its
    // choice list slipped to L410).
    assert_eq!(
        choice_of(b("outsourcing.subjects_count")),
        Some((3, "10万人以上100万人未満".into()))
    );
    // その妥当性 L411 is on its own row.
    assert_eq!(
        text_of(b("outsourcing.scope_validity")).as_deref(),
        Some("当広域連合と地方公共団体情報システム機構との対応窓口を、支払基金に一本化するため。")
    );
    // ③ L412 `[10人以上50人未満]` on its own row (its list slipped to the ④ row, L413).
    assert_eq!(
        choice_of(b("outsourcing.handlers_count")),
        Some((2, "10人以上50人未満".into()))
    );
    // ⑧ L418, ⑨ L419 are aligned again.
    assert_eq!(
        text_of(b("outsourcing.subcontract_permission")).as_deref(),
        Some(PERMISSION)
    );
    assert_eq!(
        text_of(b("outsourcing.subcontract_items")).as_deref(),
        Some("中間サーバーの運用・保守業務")
    );
    for (id, line) in [
        ("outsourcing.content", 407),
        ("outsourcing.file_scope", 408),
        ("outsourcing.subjects_count", 409),
        ("outsourcing.scope_validity", 411),
        ("outsourcing.handlers_count", 412),
        ("outsourcing.subcontract_permission", 418),
        ("outsourcing.subcontract_items", 419),
    ] {
        assert_eq!(b(id).status, Status::Ok, "委託事項4 {id}");
        assert_eq!(line_of(b(id)), Some(line), "委託事項4 {id}");
    }
}

#[test]
fn outsourcing_4_moved_values_are_realigned() {
    let doc = parse("004");
    let b = |id: &str| block(&doc, id, 4);
    // ⑤ is printed on the `⑥委託先名` row (L415).
    assert_eq!(
        text_of(b("outsourcing.contractor_check")).as_deref(),
        Some(CONTRACTOR_CHECK)
    );
    // ⑥ is printed on the `⑦再委託の有無 ※` row (L416).
    assert_eq!(
        text_of(b("outsourcing.contractor")).as_deref(),
        Some("社会保険診療報酬支払基金")
    );
    // ⑦ is printed on the `再委託` group-label row (L417 `再委託⇥[再委託する]⇥<選択肢> …`).
    assert_eq!(
        choice_of(b("outsourcing.subcontract")),
        Some((1, "再委託する".into()))
    );
    for (id, path, line) in [
        ("outsourcing.contractor_check", "II.4.4.⑤", 415),
        ("outsourcing.contractor", "II.4.4.⑥", 416),
        ("outsourcing.subcontract", "II.4.4.⑦", 417),
    ] {
        let it = b(id);
        assert_eq!(it.path, path);
        assert_eq!(it.status, Status::Inferred, "{id} was printed one row down");
        assert_eq!(line_of(it), Some(line), "{id}");
        assert!(
            has_diag(&doc, "realign.moved", path),
            "realign.moved for {path}"
        );
    }
    // Label-keyed readings must not leak: the ⑦ item is not the 委託先名 text of L416, and ⑥
    // is not the ⑤ sentence of L415.
    assert_ne!(
        text_of(b("outsourcing.contractor")).as_deref(),
        Some(CONTRACTOR_CHECK)
    );
}

#[test]
fn outsourcing_4_transfer_methods_moved_but_unknown() {
    let doc = parse("004");
    // ④'s boxes are printed on the `⑤委託先名の確認方法` row (L414); the `④…提供方法` row (L413)
    // holds ③'s choice list. Moved (realign.moved), and the all-empty group is unknown (see
    // `assert_transfer_methods_unknown`): a value whose every state is unknown cannot be `ok`
    // or `inferred`.
    let it = block(&doc, "outsourcing.transfer_methods", 4);
    assert_eq!(it.path, "II.4.4.④");
    assert_transfer_methods_unknown(it, "委託事項4 ④");
    assert_eq!(line_of(it), Some(414));
    assert!(has_diag(&doc, "realign.moved", "II.4.4.④"));
}

#[test]
fn outsourcing_4_scope_text_is_lost() {
    let doc = parse("004");
    // The `対象となる本人の範囲 ※` row (L410) holds only the N5-本人 choice list of the row
    // above; the real 範囲 text is not printed anywhere in the block (L406-419).
    let it = block(&doc, "outsourcing.subjects_scope", 4);
    assert_eq!(it.path, "II.4.4.②.範囲");
    assert_eq!(it.status, Status::Missing);
    assert!(it.value.is_null(), "{:?}", it.value);
    assert!(has_diag(&doc, "realign.lost", "II.4.4.②.範囲"));
}

// ------------------------------------------------------------------ 4. III.6

#[test]
fn network_connection_boxes() {
    let doc = parse("004");
    // L763 `6. 情報提供ネットワークシステムとの接続⇥⇥[] 接続しない(入手)⇥[] 接続しない(提供)`.
    assert_eq!(checkbox(&doc, "network.no_acquisition"), Some(false));
    assert_eq!(checkbox(&doc, "network.no_provision"), Some(false));
    assert_eq!(status(&doc, "network.no_acquisition"), Status::Ok);
    assert_eq!(status(&doc, "network.no_provision"), Status::Ok);
}

#[test]
fn network_risks_1_to_6_sufficient() {
    let doc = parse("004");
    // L766, L769, L772: `[十分である]⇥<選択肢> 1) 特に力を入れている 3) 課題が残されている⇥2) 十分である`
    // (list printed out of order, value still in the list); L776, L779: `<p>[十分である] <選択肢></p>…`;
    // L783: `<p>[十分である]</p> <p><選択肢> 1) … 2) 十分である 3) …</p>`.
    for (id, line) in [
        ("network.r1.sufficiency", 766),
        ("network.r2.sufficiency", 769),
        ("network.r3.sufficiency", 772),
        ("network.r4.sufficiency", 776),
        ("network.r5.sufficiency", 779),
        ("network.r6.sufficiency", 783),
    ] {
        let it = item(&doc, id);
        assert_eq!(
            choice_of(it),
            Some((2, "十分である".into())),
            "{id} (L{line})"
        );
        assert_eq!(it.status, Status::Ok, "{id}");
        assert_eq!(line_of(it), Some(line), "{id}");
    }
    // The measures texts are on L765, L768, L771, L775, L778, L782.
    for (id, needle) in [
        ("network.r1.measures", "情報照会結果の入手元は、統合専用端末に限定されており"), // L765
        ("network.r2.measures", "中間サーバーを介すことなく、情報提供ネットワークシステムに接続して情報照会を行うことはできないしくみとなっている。"), // L768
        ("network.r3.measures", "照会要求との関連性や項目間の整合性のチェックを行っており"), // L771
        ("network.r4.measures", "接続には専用線を用いる。"), // L775
        ("network.r5.measures", "自動応答不可フラグを設定し"), // L778
        ("network.r6.measures", "情報照会者から受領した暗号化鍵で暗号化を適切に実施した上で提供を行う仕組みになっている。"), // L782
    ] {
        let t = text(&doc, id).unwrap_or_else(|| panic!("{id} has no text"));
        assert!(t.contains(needle), "{id}: {t}");
        assert_eq!(status(&doc, id), Status::Ok, "{id}");
        // The choice lists must not end up in the measures text.
        assert!(!t.contains("<選択肢>"), "{id}: {t}");
    }
}

#[test]
fn network_risk_7_absent() {
    let doc = parse("004");
    // III.6 stops after リスク6 (L781-783); L785 starts 別紙1. No リスク7, no その他のリスク.
    for id in [
        "network.r7.measures",
        "network.r7.sufficiency",
        "network.other_risks",
    ] {
        assert_eq!(status(&doc, id), Status::Missing, "{id}");
        assert!(item(&doc, id).value.is_null(), "{id}");
    }
}

// ------------------------------------------------------------------ 5. attachments

#[test]
fn attachment_1_kept_twice_not_split() {
    let doc = parse("004");
    let a1 = attachments(&doc, Some(1));
    // `(別添1) 事務の内容` is printed at L5, L149, L193, L233, L262, L284, L308, L327, L349, L374.
    // L5 starts the older version (`宛番号` L25, `市内連携システム` L95); L149 restarts at
    // `1. 資格管理業務 (1) 被保険者証等の即時交付申請` (L153-154) with the newer wording
    // (`宛名番号` L166); L193…L374 are page headers continuing it ((2) 住民基本台帳情報等の取得
    // L195 … 7. L376). So exactly two occurrences.
    assert_eq!(
        a1.len(),
        2,
        "{:?}",
        a1.iter().map(|a| a.start_line).collect::<Vec<_>>()
    );
    for a in &a1 {
        assert_eq!(a.kind, "事務の内容");
        assert_eq!(a.title, "(別添1) 事務の内容");
    }
    assert_eq!((a1[0].occurrence, a1[0].start_line), (1, 5));
    assert_eq!((a1[1].occurrence, a1[1].start_line), (2, 149));
    // The first ends before the second starts (last text L145 `- 6-⑨…`, then `(備考)` L147).
    assert!(
        (145..=147).contains(&a1[0].end_line),
        "end of occurrence 1: {}",
        a1[0].end_line
    );
    // The second runs to its last note, L390 `※基本4情報等：…` (explains 10-② L385); L392 is 委託事項3.
    assert_eq!(a1[1].end_line, 390);
    // The older text keeps its own wording, the newer its own: never merged.
    assert!(a1[0].text.iter().any(|t| t.contains("市内連携システム")));
    assert!(!a1[1].text.iter().any(|t| t.contains("市内連携システム")));
    assert!(a1[1]
        .text
        .iter()
        .any(|t| t.contains("地方公共団体情報システム機構からの個人番号入手")));
}

#[test]
fn attachment_2_kept_twice_second_is_larger() {
    let doc = parse("004");
    let a2 = attachments(&doc, Some(2));
    // `(別添2) 特定個人情報ファイル記録項目` at L421 and L563.
    assert_eq!(a2.len(), 2);
    for a in &a2 {
        assert_eq!(a.kind, "特定個人情報ファイル記録項目");
        assert_eq!(a.title, "(別添2) 特定個人情報ファイル記録項目");
        // L423 / L565 `後期高齢者医療関連情報ファイル`
        assert!(
            a.files
                .iter()
                .any(|f| f.name.as_deref() == Some("後期高齢者医療関連情報ファイル")),
            "occurrence {}",
            a.occurrence
        );
    }
    assert_eq!((a2[0].occurrence, a2[0].start_line), (1, 421));
    assert_eq!(a2[0].end_line, 561); // L561 `- 稼働ログ管理`, L563 the second heading
    assert_eq!((a2[1].occurrence, a2[1].start_line), (2, 563));
    // Last item L759 `要求レコード番号`; L761 is a ※ note on the 中間サーバー files; L763 is III.6.
    assert!(
        (759..=761).contains(&a2[1].end_line),
        "end of occurrence 2: {}",
        a2[1].end_line
    );

    // The second version adds 被保険者枝番 (L575, L729), 情報連携関連情報 (L622),
    // 情報提供等記録項目 (L716-729) and 本人確認項目 (L731-759).
    let first = record_items(a2[0]);
    let second = record_items(a2[1]);
    assert!(
        second.len() > first.len(),
        "second {} items, first {}",
        second.len(),
        first.len()
    );
    assert!(second.contains(&"被保険者枝番"), "L729");
    assert!(
        !record_names(a2[0])
            .iter()
            .any(|n| n.contains("被保険者枝番")),
        "the first version has no 被保険者枝番"
    );
    assert!(second.contains(&"要求レコード番号")); // L759
    assert!(second.contains(&"副本管理(葬祭費)")); // L631
    assert!(!first.contains(&"要求レコード番号"));
    // <本人確認項目> (L731) lists 27 items, L733-759.
    let g = a2[1]
        .files
        .iter()
        .flat_map(|f| f.groups.iter())
        .find(|g| {
            g.name
                .as_deref()
                .is_some_and(|n| n.contains("本人確認項目"))
        })
        .expect("group 本人確認項目 (L731)");
    assert_eq!(g.items.len(), 27);
    assert_eq!(
        g.items.first().map(|s| s.as_str()),
        Some("その他条件 履歴情報")
    ); // L733
    assert_eq!(g.items.last().map(|s| s.as_str()), Some("要求レコード番号")); // L759
}

#[test]
fn duplicated_attachments_are_reported() {
    let doc = parse("004");
    let dups: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "attachment.duplicated")
        .collect();
    // One for 別添1 (L5 / L149), one for 別添2 (L421 / L563).
    let about = |lines: [u32; 2], name: &str| {
        dups.iter()
            .any(|d| d.line.is_some_and(|l| lines.contains(&l)) || d.message.contains(name))
    };
    assert!(about([5, 149], "別添1"), "{dups:?}");
    assert!(about([421, 563], "別添2"), "{dups:?}");
    assert!(dups.len() >= 2, "{dups:?}");
}

#[test]
fn besshi_1_table() {
    let doc = parse("004");
    let b = attachments(&doc, None);
    // L785 `別紙1 「特定個人情報の提供先一覧」`: the only 別紙.
    assert_eq!(b.len(), 1);
    let a = b[0];
    assert_eq!(a.kind, "別紙");
    assert!(a.title.contains("別紙1"), "{}", a.title);
    assert!(a.title.contains("特定個人情報の提供先一覧"), "{}", a.title);
    assert_eq!(a.start_line, 785);
    assert_eq!(a.tables.len(), 1);
    let t = &a.tables[0];
    // L786, four tab-separated column names.
    assert_eq!(t.line, 786);
    assert_eq!(
        t.columns,
        vec![
            "提供先※",
            "①法令上の根拠",
            "②提供先における用途",
            "③提供する情報"
        ]
    );
    // Data rows L787-806: numbered 1 to 20.
    assert_eq!(t.rows.len(), 20);
    assert!(t.rows.iter().all(|r| r.len() == 4), "one cell per column");
    assert_eq!(
        t.rows[0],
        vec![
            "1 厚生労働大臣",
            "番号法第19条第7号別表第二 第1項",
            "健康保険法第5条第2項の規定により厚生労働大臣が行うこととされた健康保険に関する事務であって主務省令で定めるもの",
            "医療保険各法又は高齢者の医療の確保に関する法律による医療に関する給付の支給又は保険料の徴収に関する情報(以下「医療保険給付関係情報」という。)であって主務省令で定めるもの",
        ]
    ); // L787
    assert_eq!(t.rows[19][0], "20 都道府県知事又は市町村長"); // L806
    assert_eq!(t.rows[19][1], "番号法第19条第7号別表第二 第109項"); // L806
}

#[test]
fn attachments_total() {
    let doc = parse("004");
    // 別添1 ×2 (L5, L149), 別添2 ×2 (L421, L563), 別紙1 (L785).
    assert_eq!(doc.attachments.len(), 5);
}

// ------------------------------------------------------------------ 6. missing sections

#[test]
fn sections_outside_the_excerpt_are_missing() {
    let doc = parse("004");
    // The excerpt has no I 基本情報, no III.7 保管・消去, no IV, V or VI (grep: no such headings;
    // the only section item is `6. 情報提供ネットワークシステムとの接続` at L763).
    // A section may be reported as a whole or by its sub-blocks (`III.7.R1` …): either names
    // the absent part of the form.
    for sec in ["I", "III.7", "IV", "V", "VI"] {
        let prefix = format!("{sec}.");
        assert!(
            doc.diagnostics.iter().any(|d| d.code == "section.missing"
                && d.path
                    .as_deref()
                    .is_some_and(|p| p == sec || p.starts_with(&prefix))),
            "section.missing for {sec}"
        );
    }
    for id in [
        "affairs.name",                    // I.1.①
        "affairs.population",              // I.1.③
        "network_linkage.implemented",     // I.6.①
        "department.name",                 // I.7.①
        "retention.r1.nisc",               // III.7.R1.①
        "retention.r1.sufficiency",        // III.7.R1.十分か
        "audit.self_check",                // IV.1.①
        "education",                       // IV.2.a
        "disclosure.contact",              // V.1.①
        "inquiry.contact",                 // V.2.①
        "procedure.kiso.date",             // VI.1.①
        "procedure.kiso.result_zenkomoku", // VI.1.②
        // Parts of II and III that the excerpt skips (it jumps to 委託事項3 at L392 and to
        // III.6 at L763):
        "file.name",                    // II.1
        "file.subjects_count",          // II.2.②
        "outsourcing.implemented",      // II.4.有無
        "acquisition.r1.sufficiency",   // III.2.R1
        "outsourcing.risk.sufficiency", // III.4
        "provision.none",               // III.5
    ] {
        assert_eq!(status(&doc, id), Status::Missing, "{id}");
        assert!(
            item(&doc, id).value.is_null(),
            "{id}: {:?}",
            item(&doc, id).value
        );
    }
}
