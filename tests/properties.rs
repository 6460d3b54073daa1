//! Property tests: normalization is idempotent and total, the date scanner's offsets are
//! sound, segmentation keeps one row per line, and `parse_bytes` never panics — on arbitrary
//! bytes and text, and on corpus documents that are truncated, corrupted or shuffled — while
//! every `Ok` result keeps the contract's invariants.
//!
//! Plain `#[test]`s named `regression_*` replay inputs that once broke a property.

use std::sync::LazyLock;

use hyoka::normalize::{choice, date, join_wrapped, normalize_cell, script, width};
use hyoka::segment::SourceText;
use hyoka::{Document, ItemType, Options, Rendering, Status, Value};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::common::corpus_bytes;

/// `cases` cases; failures are not persisted to a file next to the sources (inputs that once
/// failed are replayed by the `regression_*` tests below instead).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// Fragments that exercise every normalization rule and their interactions: brackets in both
/// widths, HTML tags and (partial) entities, check-box inputs, check marks, spaces of every
/// kind, circled and Roman numerals, half-width kana and a stray voiced mark, full-width
/// digits and punctuation, choice-list markers (plain and escaped), markdown marks.
const NASTY: &[&str] = &[
    "[",
    "]",
    "［",
    "］",
    "<",
    ">",
    "&",
    ";",
    "lt",
    "gt",
    "amp",
    "<input type=\"checkbox\"/>",
    "<input checked=\"\" type=\"checkbox\"/>",
    "<input type=\"radio\"/>",
    "<p>",
    "</p>",
    "<br>",
    "○",
    "O",
    " ",
    "\u{3000}",
    "\t",
    "\n",
    "①",
    "Ⅲ",
    "ｶﾞ",
    "ﾞ",
    "１",
    "（",
    "～",
    "十分である",
    "<選択肢>",
    "&lt;選択肢&gt;",
    "1)",
    "2)",
    "**",
    "#",
    "|",
    "-",
];

/// One fragment of the nasty alphabet: a listed string, a check-box token (private-use
/// U+E001..U+E004) or a combining mark (Latin combining marks and the kana voiced marks).
fn nasty_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(NASTY).prop_map(String::from),
        1 => prop::char::range('\u{E001}', '\u{E004}').prop_map(String::from),
        1 => prop_oneof![
            prop::char::range('\u{0300}', '\u{036F}'),
            prop::char::range('\u{3099}', '\u{309A}'),
        ]
        .prop_map(String::from),
    ]
}

/// A string built from the nasty alphabet.
fn nasty_string() -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_piece(), 0..40).prop_map(|v| v.concat())
}

/// Any Unicode scalar values, control characters included (`any::<String>()` leaves out
/// control characters such as `\n`, `\r`, `\t` and form feed).
fn any_chars() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..64).prop_map(|v| v.into_iter().collect())
}

/// Arbitrary text of three kinds: printable Unicode, any scalar values, nasty fragments.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), any_chars(), nasty_string()]
}

/// Fragments of era and Western dates, with the noise found around them.
const DATE_PARTS: &[&str] = &[
    "令和", "平成", "昭和", "大正", "明治", "元", "年", "月", "日", "1", "2", "3", "9", "0", "12",
    "31", "30", "29", "2024", "１", "２", "０", "一", "二", "三", "十", "〇", "百", "(", ")", "（",
    "）", "金", "月", "(金)", "(月)", "～", "〜", "~", "-", "/", "から", "まで", " ", "\u{3000}",
    "時点", "現在", "\n", "\u{0301}", "é", "𠀋", "R", "H",
];

fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(DATE_PARTS), 0..24).prop_map(|v| v.concat()),
        1 => any_text(),
    ]
}

const RENDERINGS: [Rendering; 3] = [
    Rendering::TsvHtml,
    Rendering::Markdown,
    Rendering::Pdftotext,
];

fn rendering() -> impl Strategy<Value = Rendering> {
    prop::sample::select(RENDERINGS.to_vec())
}

// ---------------------------------------------------------------------------
// Corpus documents
// ---------------------------------------------------------------------------

static DOC_000: LazyLock<Vec<u8>> = LazyLock::new(|| corpus_bytes("000"));
static DOC_002: LazyLock<Vec<u8>> = LazyLock::new(|| corpus_bytes("002"));

/// One of the corpus documents used for mutation.
fn corpus_doc() -> impl Strategy<Value = &'static [u8]> {
    prop_oneof![Just(DOC_000.as_slice()), Just(DOC_002.as_slice())]
}

/// A small deterministic PRNG (xorshift64*), so a shuffle is reproducible from its seed.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        XorShift(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The lines of `text` permuted by a Fisher–Yates shuffle seeded with `seed`.
fn shuffle_lines(text: &str, seed: u64) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let mut rng = XorShift::new(seed);
    for i in (1..lines.len()).rev() {
        let j = rng.below(i + 1);
        lines.swap(i, j);
    }
    lines.join("\n")
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// True when a value carries no definite answer: null, an unknown check box, or a checkbox set
/// whose every option is unknown.
fn carries_no_answer(value: &Value) -> bool {
    match value {
        Value::Null | Value::Checkbox(None) => true,
        Value::CheckboxSet(opts) => opts.iter().all(|o| o.checked.is_none()),
        _ => false,
    }
}

/// The value's shape fits the item's type (or is null).
fn shape_fits(kind: ItemType, value: &Value) -> bool {
    matches!(
        (kind, value),
        (_, Value::Null)
            | (ItemType::Choice, Value::Choice(_))
            | (ItemType::Checkbox, Value::Checkbox(_))
            | (ItemType::CheckboxSet, Value::CheckboxSet(_))
            | (ItemType::Text | ItemType::Date, Value::Text(_))
            | (ItemType::Count, Value::Count(_))
    )
}

/// Parses `bytes` (catching panics so the failing input is reported by proptest) and checks
/// the contract's invariants on an `Ok` result. A typed `Err` is fine.
fn check_parse(bytes: &[u8], options: &Options) -> Result<(), TestCaseError> {
    let result = std::panic::catch_unwind(|| hyoka::parse_bytes(bytes, "prop.txt", options));
    let result = match result {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(TestCaseError::fail(format!("parse_bytes panicked: {msg}")));
        }
    };
    match result {
        Ok(doc) => check_document(&doc),
        Err(e) => {
            // The error is typed and printable.
            let _ = (e.code(), e.stage(), e.to_string());
            Ok(())
        }
    }
}

fn check_document(doc: &Document) -> Result<(), TestCaseError> {
    for item in &doc.items {
        match item.status {
            Status::Ok | Status::Inferred => prop_assert!(
                !item.value.is_null(),
                "{} has status {:?} but a null value",
                item.id,
                item.status
            ),
            Status::Missing | Status::Ambiguous | Status::Invalid => prop_assert!(
                carries_no_answer(&item.value),
                "{} has status {:?} but a definite value {:?}",
                item.id,
                item.status,
                item.value
            ),
        }
        prop_assert!(
            shape_fits(item.kind, &item.value),
            "{} of type {:?} has a value of another shape: {:?}",
            item.id,
            item.kind,
            item.value
        );
    }
    let cov = &doc.coverage;
    prop_assert!(
        (0.0..=1.0).contains(&cov.ratio),
        "coverage ratio {} outside 0..=1",
        cov.ratio
    );
    prop_assert!(
        cov.accounted_chars <= cov.total_chars,
        "accounted {} > total {}",
        cov.accounted_chars,
        cov.total_chars
    );
    let json = serde_json::to_string(doc);
    prop_assert!(json.is_ok(), "serialization failed: {:?}", json.err());
    Ok(())
}

/// `start..end` is a char-boundary range of `text` holding exactly `raw`.
fn check_range(text: &str, start: usize, end: usize, raw: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        start <= end && end <= text.len(),
        "range {start}..{end} out of 0..{}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "range {start}..{end} splits a char"
    );
    prop_assert_eq!(&text[start..end], raw);
    Ok(())
}

/// Rows `SourceText::new` must produce: one per line, a trailing newline not making one.
fn expected_rows(text: &str) -> usize {
    let pieces = text.split('\n').count();
    if text.ends_with('\n') {
        pieces - 1
    } else {
        pieces
    }
}

// ---------------------------------------------------------------------------
// 1. normalize_cell
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn normalize_cell_is_idempotent_on_unicode(s in any::<String>()) {
        let once = normalize_cell(&s);
        prop_assert_eq!(normalize_cell(&once), once);
    }

    #[test]
    fn normalize_cell_is_idempotent_on_any_chars(s in any_chars()) {
        let once = normalize_cell(&s);
        prop_assert_eq!(normalize_cell(&once), once);
    }

    #[test]
    fn normalize_cell_is_idempotent_on_nasty_alphabet(s in nasty_string()) {
        let once = normalize_cell(&s);
        prop_assert_eq!(normalize_cell(&once), once);
    }

    #[test]
    fn normalized_cells_have_no_blank_lines_or_untrimmed_ends(s in any_text()) {
        let out = normalize_cell(&s);
        for line in out.split('\n') {
            prop_assert!(!line.is_empty() || out.is_empty(), "empty line in {:?}", out);
            prop_assert_eq!(line.trim_matches(' '), line);
        }
    }
}

// ---------------------------------------------------------------------------
// 2. width::fold and friends
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn fold_is_idempotent(s in any_text()) {
        let once = width::fold(&s).into_owned();
        prop_assert_eq!(width::fold(&once), once.as_str());
    }

    #[test]
    fn fold_keeps_line_breaks_without_cr(s in any_text().prop_map(|s| s.replace('\r', ""))) {
        let out = width::fold(&s);
        prop_assert_eq!(out.matches('\n').count(), s.matches('\n').count());
    }

    #[test]
    fn fold_section_numerals_is_idempotent(s in any_text()) {
        let once = width::fold_section_numerals(&s).into_owned();
        prop_assert_eq!(width::fold_section_numerals(&once), once.as_str());
    }

    #[test]
    fn join_wrapped_never_panics(lines in prop::collection::vec(any_text(), 0..8)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = join_wrapped(&refs);
    }

    #[test]
    fn choice_offsets_are_sound(s in any_text()) {
        for sel in choice::selections(&s) {
            prop_assert!(s.is_char_boundary(sel.start), "selection start {} splits a char", sel.start);
            prop_assert!(s[sel.start..].starts_with('['), "selection start {} is not at `[`", sel.start);
        }
        if let Some(list) = choice::choice_list(&s) {
            prop_assert!(list.start <= list.end && list.end <= s.len());
            prop_assert!(s.is_char_boundary(list.start) && s.is_char_boundary(list.end));
        }
    }

    #[test]
    fn choice_offsets_are_sound_after_normalization(s in nasty_string()) {
        let s = normalize_cell(&s);
        for sel in choice::selections(&s) {
            prop_assert!(s.is_char_boundary(sel.start));
            prop_assert!(s[sel.start..].starts_with('['));
        }
        if let Some(list) = choice::choice_list(&s) {
            prop_assert!(list.start <= list.end && list.end <= s.len());
            prop_assert!(s.is_char_boundary(list.start) && s.is_char_boundary(list.end));
        }
    }

    #[test]
    fn foreign_runs_offsets_are_sound(s in any_text()) {
        let mut last_end = 0;
        for run in script::foreign_runs(&s) {
            check_range(&s, run.start, run.end, &run.text)?;
            prop_assert!(run.start >= last_end, "runs overlap at {}", run.start);
            last_end = run.end;
        }
    }
}

// ---------------------------------------------------------------------------
// 3. parse_bytes never panics
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn parse_bytes_survives_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_parse(&bytes, &Options::default())?;
    }

    #[test]
    fn parse_bytes_survives_arbitrary_text(s in any_text(), forced in prop::option::of(rendering())) {
        check_parse(s.as_bytes(), &Options::default())?;
        check_parse(s.as_bytes(), &Options { rendering: forced, ..Options::default() })?;
    }

    #[test]
    fn parse_bytes_survives_nasty_lines(
        lines in prop::collection::vec(nasty_string(), 0..16),
        forced in prop::option::of(rendering()),
    ) {
        let text = format!("特定個人情報保護評価書(基礎項目評価書)\n{}", lines.join("\n"));
        check_parse(text.as_bytes(), &Options { rendering: forced, ..Options::default() })?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn parse_bytes_survives_truncated_corpus(doc in corpus_doc(), at in any::<Index>()) {
        let cut = at.index(doc.len() + 1);
        check_parse(&doc[..cut], &Options::default())?;
    }

    #[test]
    fn parse_bytes_survives_byte_flips(
        doc in corpus_doc(),
        flips in prop::collection::vec((any::<Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = doc.to_vec();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        check_parse(&bytes, &Options::default())?;
    }

    #[test]
    fn parse_bytes_survives_shuffled_lines(doc in corpus_doc(), seed in any::<u64>()) {
        let text = String::from_utf8_lossy(doc);
        let shuffled = shuffle_lines(&text, seed);
        check_parse(shuffled.as_bytes(), &Options::default())?;
    }
}

// ---------------------------------------------------------------------------
// 4. dates
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn find_dates_offsets_are_sound(s in date_text()) {
        let mut last_end = 0;
        for found in date::find_dates(&s) {
            check_range(&s, found.start, found.end, &found.raw)?;
            prop_assert!(found.start >= last_end, "dates overlap or are out of order at {}", found.start);
            prop_assert!(found.start < found.end, "empty date match at {}", found.start);
            last_end = found.end;
        }
    }

    #[test]
    fn first_date_and_parse_whole_offsets_are_sound(s in date_text()) {
        if let Some(found) = date::first_date(&s) {
            check_range(&s, found.start, found.end, &found.raw)?;
        }
        if let Some(found) = date::parse_whole(&s) {
            check_range(&s, found.start, found.end, &found.raw)?;
        }
    }
}

// ---------------------------------------------------------------------------
// 5. segment
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn segment_keeps_one_row_per_line(s in any_text()) {
        for r in RENDERINGS {
            let src = SourceText::new(&s, r);
            prop_assert_eq!(src.rows.len(), expected_rows(&s), "rendering {:?}", r);
            for (i, row) in src.rows.iter().enumerate() {
                prop_assert_eq!(row.line as usize, i + 1);
            }
        }
    }

    #[test]
    fn segment_keeps_one_row_per_line_of_nasty_text(lines in prop::collection::vec(nasty_string(), 0..12)) {
        let s = lines.join("\n");
        for r in RENDERINGS {
            let src = SourceText::new(&s, r);
            prop_assert_eq!(src.rows.len(), expected_rows(&s), "rendering {:?}", r);
        }
    }

    /// Short lines of one or two fragments, so that lines holding only markup, a token or
    /// white space (the edge cases of blank-line and trailing-newline handling) are common.
    #[test]
    fn segment_keeps_one_row_per_short_line(
        lines in prop::collection::vec(
            prop::collection::vec(nasty_piece(), 0..3).prop_map(|v| v.concat()),
            0..8,
        ),
        trailing_newline in any::<bool>(),
    ) {
        let mut s = lines.join("\n");
        if trailing_newline {
            s.push('\n');
        }
        for r in RENDERINGS {
            let src = SourceText::new(&s, r);
            prop_assert_eq!(src.rows.len(), expected_rows(&s), "rendering {:?}", r);
        }
    }
}

// ---------------------------------------------------------------------------
// Regressions: inputs that once broke a property, replayed on every run
// ---------------------------------------------------------------------------

/// `normalize_cell` turned `<input type="checkbox"/>` into the WEAK token U+E003 and then, on
/// a second pass, stripped that token as if it were source noise: "" != "\u{e003}".
#[test]
fn regression_normalize_cell_checkbox_input_idempotent() {
    for s in [
        "<input type=\"checkbox\"/>",
        "<input checked=\"\" type=\"checkbox\"/>",
        "<input type=\"radio\"/>",
        "[ ○ ]",
        "[]",
    ] {
        let once = normalize_cell(s);
        assert_eq!(normalize_cell(&once), once, "input {s:?}");
    }
}

/// A last line holding only check-box-like private-use characters is dropped: `SourceText`
/// strips the tokens first, and the text then ends with `\n`, which reads as a trailing
/// newline. Two lines in, one row out.
#[test]
fn regression_segment_token_only_last_line() {
    let s = "\n\u{e001}";
    for r in RENDERINGS {
        let src = SourceText::new(s, r);
        assert_eq!(src.rows.len(), expected_rows(s), "rendering {r:?}");
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// `compact_json` of serde_json's pretty text is serde_json's compact text, for values
    /// whose strings hold anything (spaces, quotes, backslashes, control characters, CJK).
    #[test]
    fn compact_json_of_pretty_json_is_compact_json(
        entries in prop::collection::vec((any::<String>(), any::<String>(), any::<i64>()), 0..6),
    ) {
        let mut map = serde_json::Map::new();
        for (k, v, n) in entries {
            map.insert(k, serde_json::json!([v, n, {"x": null, "y": []}]));
        }
        let v = serde_json::Value::Object(map);
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        prop_assert_eq!(hyoka::emit::compact_json(&pretty), serde_json::to_string(&v).unwrap());
    }

    /// On any text (not JSON, or JSON cut anywhere) it returns without panicking.
    #[test]
    fn compact_json_is_total(s in any::<String>(), cut in any::<Index>()) {
        let _ = hyoka::emit::compact_json(&s);
        let pretty = serde_json::to_string_pretty(&serde_json::json!({"a": s})).unwrap();
        let mut at = cut.index(pretty.len() + 1);
        while !pretty.is_char_boundary(at) {
            at -= 1;
        }
        let _ = hyoka::emit::compact_json(&pretty[..at]);
        let _ = hyoka::emit::compact_json(&format!("\"\\{s}"));
    }
}
