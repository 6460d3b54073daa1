//! The cover read from every layout class: hand-written inputs, expected values written from
//! the text. A value is read only where its label and type leave no other reading; otherwise
//! it is missing (or ambiguous) with a diagnostic, never a wrong value.

use hyoka::{parse_bytes, Document, Options};

fn parse(text: &str) -> Document {
    parse_bytes(text.as_bytes(), "cover.txt", &Options::default()).unwrap()
}

fn fields(d: &Document) -> (Option<&str>, Option<&str>, Option<&str>, Option<&str>) {
    (
        d.header.number.as_deref(),
        d.header.title.as_deref(),
        d.header.organization.raw.as_deref(),
        d.header.published.date.as_deref(),
    )
}

const FULL: (Option<&str>, Option<&str>, Option<&str>, Option<&str>) = (
    Some("11"),
    Some("国民健康保険に関する事務 基礎項目評価書"),
    Some("山口県防府市長"),
    Some("2025-12-26"),
);

const TITLE: &str = "特定個人情報保護評価書(基礎項目評価書)";

#[test]
fn cover_one_cell_per_line() {
    let text = format!("{TITLE}\n評価書番号\n評価書名\n11\n国民健康保険に関する事務 基礎項目評価書\n評価実施機関名\n山口県防府市長\n公表日\n令和7年12月26日\nI 関連情報\n");
    assert_eq!(fields(&parse(&text)), FULL);
}

#[test]
fn cover_on_one_line() {
    let text = format!("{TITLE} 評価書番号 評価書名 11 国民健康保険に関する事務 基礎項目評価書 評価実施機関名 山口県防府市長 公表日 令和7年12月26日 I 関連情報 1. 特定個人情報ファイルを取り扱う事務");
    assert_eq!(fields(&parse(&text)), FULL);
}

#[test]
fn cover_letter_spaced() {
    let text = "特 定 個 人 情 報 保 護 評 価 書 ( 基 礎 項 目 評 価 書 )\n評 価 書 番 号\t評 価 書 名\n11\t国 民 健 康 保 険 に 関 する 事 務  基 礎 項 目 評 価 書\n評 価 実 施 機 関 名\t山 口 県 防 府 市 長\n公 表 日\t令 和 7 年 12 月 26 日\nI  関 連 情 報\n";
    let d = parse(text);
    assert_eq!(fields(&d), FULL);
    assert_eq!(d.form.kind, Some(hyoka::FormKind::Kiso));
}

#[test]
fn cover_glued_labels_and_values() {
    let text = format!("{TITLE}\n評価書番号評価書名\n11国民健康保険に関する事務 基礎項目評価書\n評価実施機関名山口県防府市長\n公表日令和7年12月26日\nI 関連情報\n");
    assert_eq!(fields(&parse(&text)), FULL);
    // The whole cover glued into one line.
    let text = format!("{TITLE}評価書番号評価書名11国民健康保険に関する事務 基礎項目評価書評価実施機関名山口県防府市長公表日令和7年12月26日\nI 関連情報\n");
    assert_eq!(fields(&parse(&text)), FULL);
}

#[test]
fn cover_label_block_then_value_block() {
    // Two stacked labels, then their two values: an organization and a date cannot be taken
    // for each other, so the pairing is certain.
    let text = format!("{TITLE}\n評価書番号 評価書名\n11 国民健康保険に関する事務 基礎項目評価書\n評価実施機関名 公表日\n山口県防府市長 令和7年12月26日\nI 関連情報\n");
    assert_eq!(fields(&parse(&text)), FULL);
}

#[test]
fn cover_fields_before_the_title() {
    let text = format!("評価実施機関名\n山口県防府市長\n公表日\n令和7年12月26日\n{TITLE}\n評価書番号\t評価書名\n11\t国民健康保険に関する事務 基礎項目評価書\nI 関連情報\n");
    assert_eq!(fields(&parse(&text)), FULL);
}

#[test]
fn cover_with_page_furniture() {
    let text = format!("1 / 5 ページ\n{TITLE}\n評価書番号\t評価書名\n11\t国民健康保険に関する事務 基礎項目評価書\n評価実施機関名\n1/5\n2 / 5 ページ\n山口県防府市長\n公表日\t令和7年12月26日\nI 関連情報\n");
    assert_eq!(fields(&parse(&text)), FULL);
}

#[test]
fn a_stamp_after_a_blank_published_date_is_no_date() {
    // The stamp lost its brackets: `平成 31 年 1 月` is the 様式 edition, not 公表日.
    let text = format!("{TITLE}\n評価書番号\t評価書名\n11\t国民健康保険に関する事務 基礎項目評価書\n評価実施機関名\t山口県防府市長\n公表日 平成 31 年 1 月様式 2\nI 関連情報\n");
    let d = parse(&text);
    assert_eq!(d.header.published.date, None);
    assert_eq!(d.header.published.raw, None);
    assert_eq!(d.form.stamp.as_deref(), Some("平成31年1月 様式2"));
    assert!(d.diagnostics.iter().any(|x| x.code == "header.missing"));
    let text = format!(
        "{TITLE}\n評価実施機関名\t山口県防府市長\n公表日\n[平成31年1月 様式2]\nI 関連情報\n"
    );
    assert_eq!(parse(&text).header.published.date, None);
}

#[test]
fn a_draft_has_a_flag_and_blank_fields() {
    let text = format!("{TITLE}(案)\n評価書番号\t評価書名\n\t国民健康保険に関する事務 基礎項目評価書\n評価実施機関名\t山口県防府市長\n公表日\t\nI 関連情報\n");
    let d = parse(&text);
    assert!(d.header.draft);
    assert_eq!(
        fields(&d),
        (
            None,
            Some("国民健康保険に関する事務 基礎項目評価書"),
            Some("山口県防府市長"),
            None
        )
    );
    assert!(
        !parse(&format!("{TITLE}\n公表日\t令和7年12月26日\n"))
            .header
            .draft
    );
}

#[test]
fn two_names_after_one_label_are_not_one_name() {
    let text = format!("{TITLE}\n評価実施機関名\t山口県防府市長 防府市教育委員会\n公表日\t令和7年12月26日\nI 関連情報\n");
    let d = parse(&text);
    assert_eq!(d.header.organization.raw, None);
    assert_eq!(d.header.published.date.as_deref(), Some("2025-12-26"));
}

#[test]
fn the_edition_is_read_from_the_stamp_even_without_brackets() {
    let text = format!("{TITLE}\n平成28年1月様式2\n評価実施機関名\t山口県防府市長\nI 関連情報\n");
    let d = parse(&text);
    assert_eq!(d.form.edition.as_deref(), Some("h28"));
    // The 平成28年1月 様式2 is before the 平成31年1月 revision: catalog version h26.
    assert_eq!(d.form.version.as_deref(), Some("h26"));
    assert!(!d
        .diagnostics
        .iter()
        .any(|x| x.code == "form.version_unknown"));
    // An edition no catalog version lists: the version comes from label matching, and says so.
    let text = format!("{TITLE}\n[令和9年4月 様式2]\n評価実施機関名\t山口県防府市長\nI 関連情報\n");
    let d = parse(&text);
    assert_eq!(d.form.edition.as_deref(), Some("r9"));
    assert!(d
        .diagnostics
        .iter()
        .any(|x| x.code == "form.version_unknown"));
}

/// corpus/002's cover (L1-L28: values printed before their labels, 番号 and 名 on one line)
/// run together on one line, as a converter that drops line breaks gives it. Each value is
/// the only whole piece of its shape outside the labels.
const SCRAMBLED_ONE_LINE: &str = "八頭町は、国民健康保険に関する事務における特定個人情報ファイルの取 扱いにあたり、個人のプライバシー等の権利利益の保護に取り組んでいることを宣言する。 特記事項 なし 3 国民健康保険に関する事務　基礎項目評価書 個人のプライバシー等の権利利益の保護の宣言 特定個人情報保護評価書（基礎項目評価書） 評価書番号  評価書名 [平成31年１月　様式２] 令和6年1月1日 鳥取県八頭町長 公表日 評価実施機関名 Ⅰ　関連情報 １．特定個人情報ファイルを取り扱う事務 ①事務の名称 国民健康保険に関する事務";

#[test]
fn a_scrambled_cover_on_one_line_is_read_by_shape() {
    let d = parse(SCRAMBLED_ONE_LINE);
    // 002:L16 (`3 国民健康保険に関する事務　基礎項目評価書`), L22, L20.
    assert_eq!(
        fields(&d),
        (
            Some("3"),
            Some("国民健康保険に関する事務 基礎項目評価書"),
            Some("鳥取県八頭町長"),
            Some("2024-01-01")
        )
    );
    assert!(d.diagnostics.iter().any(|x| x.code == "header.scrambled"));
}

#[test]
fn a_date_or_name_inside_a_sentence_is_not_taken_for_a_scrambled_field() {
    // The same cover without its 公表日 and organization; the 特記事項 names a date and an
    // office inside its sentence: neither is a whole piece, so both fields stay missing.
    let text = SCRAMBLED_ONE_LINE
        .replace(
            "特記事項 なし",
            "特記事項 令和5年4月1日から鳥取県八頭町長が実施している。",
        )
        .replace("令和6年1月1日 鳥取県八頭町長 ", "");
    let d = parse(&text);
    assert_eq!(d.header.published.date, None);
    assert_eq!(d.header.organization.raw, None);
    assert_eq!(d.header.number.as_deref(), Some("3"));
}

#[test]
fn the_covers_last_values_after_the_first_section_title_are_read() {
    // Plain pdftotext of Chromium's PDF of tests/data/pdf/zenkomoku_fixture.tsv (L4-L5): the
    // value column of the cover's last rows comes after the label column and the section title.
    let text = "特定個人情報保護評価書(全項目評価書)\n評価書番号\n評価書名\n5\n架空町 後期高齢者医療に関する事務 全項目評価書\n評価実施機関名\n公表日\nI 基本情報\n\n沖縄県架空町長\n令和8年2月10日\n\n1. 特定個人情報ファイルを取り扱う事務\n①事務の名称\n後期高齢者医療に関する事務\n";
    let d = parse(text);
    assert_eq!(d.header.organization.raw.as_deref(), Some("沖縄県架空町長"));
    assert_eq!(d.header.published.date.as_deref(), Some("2026-02-10"));
    assert_eq!(d.header.number.as_deref(), Some("5"));
    // Anything else between the title and the first heading: neither is taken.
    let d = parse(&text.replace("令和8年2月10日\n", "令和8年2月10日\n別の説明\n"));
    assert_eq!(d.header.organization.raw, None);
    assert_eq!(d.header.published.date, None);
}
