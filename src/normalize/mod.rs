//! Normalize: raw cell text → clean, comparable text with explicit check-box tokens.
//!
//! The policy is written down in `NORMALIZATION.md`; each rule lives in a small function
//! here or in a submodule ([`width`] for characters, [`date`] for era dates, [`script`] for
//! foreign text, [`choice`] for selections and choice lists). The order is fixed:
//!
//! 1. HTML: `<input>` check boxes become [`marks`] tokens; `p`, `br`, `li`, `tr`, … become
//!    line breaks, `td` a space; other tags are dropped; entities are decoded.
//! 2. Characters: [`width::fold`] and section numerals ([`width::fold_section_numerals`]).
//! 3. Markdown emphasis is removed.
//! 4. Bracketed check boxes (`[ ○ ]`, `[]`, `[O]`, …) become tokens; a check-box tag inside a
//!    selection bracket (`[<input type="checkbox"/> 十分である]`) is conversion noise and is
//!    dropped, leaving the selection.
//! 5. Spaces collapse; lines are trimmed; empty lines dropped.
//!
//! ```
//! use hyoka::normalize::{normalize_cell, marks};
//! let cell = normalize_cell(r#"[<input checked="" type="checkbox"/>] 自己点検"#);
//! assert_eq!(cell, format!("{} 自己点検", marks::CHECKED));
//! assert_eq!(normalize_cell("［ 十分である ］"), "[ 十分である ]");
//! ```

pub mod choice;
pub mod date;
pub mod script;
pub mod width;

use std::sync::LazyLock;

use regex::Regex;

/// Check-box tokens. Private-use characters, removed from the source before tokens are made,
/// so a token in normalized text always comes from check-box markup.
pub mod marks {
    /// A box shown checked (`[ ○ ]`, `[O]`, `checked=""`, `☑`, …).
    pub const CHECKED: char = '\u{E001}';
    /// A box shown empty where empty is reliable (`[ ]`, `[]`, `☐`).
    pub const UNCHECKED: char = '\u{E002}';
    /// An HTML `<input type="checkbox"/>` without `checked`: the converter prints every box
    /// this way in some documents, so it means "unchecked" only where the context confirms.
    pub const WEAK: char = '\u{E003}';
    /// An HTML radio input: the state is not recorded at all.
    pub const RADIO: char = '\u{E004}';

    /// True for any of the four tokens.
    pub fn is_token(c: char) -> bool {
        matches!(c, CHECKED | UNCHECKED | WEAK | RADIO)
    }

    /// Text for people: tokens shown as `☑` (checked), `☐` (unchecked, also an HTML tag
    /// without `checked`) and `◯` (radio, state unknown).
    pub fn to_display(text: &str) -> String {
        if !text.chars().any(is_token) {
            return text.to_string();
        }
        text.chars()
            .map(|c| match c {
                CHECKED => '☑',
                UNCHECKED | WEAK => '☐',
                RADIO => '◯',
                c => c,
            })
            .collect()
    }
}

static INPUT_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<input\b[^<>]*>").expect("valid regex"));
static BREAK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(p|br|li|tr|ol|ul|div|h[1-6]|table|tbody|thead)\b[^<>]*>")
        .expect("valid regex")
});
static CELL_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)</?(td|th)\b[^<>]*>").expect("valid regex"));
static OTHER_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>]*>").expect("valid regex"));
static BOLD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*([^*]+)\*\*").expect("valid regex"));
/// A bracket holding nothing but a check mark (or nothing at all).
static BOX_BRACKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("\\[ *([○〇◯O●✓✔☑\u{E001}\u{E002}\u{E003}\u{E004}]?) *\\]").expect("valid regex")
});
/// A check-box tag left inside a selection bracket: `[<input/> 十分である]`.
static TOKEN_IN_SELECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("\\[ *[\u{E003}\u{E004}] *([^\\]\u{E001}-\u{E004}]+)\\]").expect("valid regex")
});

/// Replaces HTML markup by text: check-box inputs by tokens, block tags by line breaks.
pub fn strip_html(raw: &str) -> String {
    if !raw.contains('<') && !raw.contains('&') {
        return raw.to_string();
    }
    let s = INPUT_TAG.replace_all(raw, |caps: &regex::Captures| {
        let tag = caps[0].to_ascii_lowercase();
        let token = if tag.contains("radio") {
            marks::RADIO
        } else if tag.contains("checked") {
            marks::CHECKED
        } else {
            marks::WEAK
        };
        token.to_string()
    });
    let s = BREAK_TAG.replace_all(&s, "\n");
    let s = CELL_TAG.replace_all(&s, " ");
    let s = OTHER_TAG.replace_all(&s, "");
    html_escape::decode_html_entities(&s).into_owned()
}

/// Turns bracketed check marks into tokens and unwraps selections from check-box noise.
pub fn tokenize_boxes(text: &str) -> String {
    let s = TOKEN_IN_SELECTION.replace_all(text, |caps: &regex::Captures| {
        let inner = caps[1].trim();
        if inner.is_empty() {
            caps[0].to_string()
        } else {
            format!("[{inner}]")
        }
    });
    let s = BOX_BRACKET.replace_all(&s, |caps: &regex::Captures| {
        let token = match caps[1].chars().next() {
            None => marks::UNCHECKED,
            Some(c) if marks::is_token(c) => c,
            Some(_) => marks::CHECKED,
        };
        token.to_string()
    });
    s.into_owned()
}

/// Full normalization of one cell (or one line) of source text. Idempotent.
///
/// Escaped markup (`&amp;lt;p&amp;gt;`) unwraps one layer per pass, so the passes repeat
/// until the text no longer changes (at most a few times). Check-box tokens in the input are
/// kept (so normalizing twice changes nothing); source text is cleared of them once, by
/// [`strip_tokens`], before it is segmented.
pub fn normalize_cell(raw: &str) -> String {
    let mut text = normalize_pass(raw);
    // Nested markup (`**` runs, escaped tags) unwraps a layer per pass: repeat to the fixed
    // point. Every pass that changes the text shortens it, so this ends; the bound only
    // guards the cost (fuzz finding: twelve `*` in a row needed more than five passes).
    for _ in 0..64 {
        let again = normalize_pass(&text);
        if again == text {
            break;
        }
        text = again;
    }
    text
}

fn normalize_pass(raw: &str) -> String {
    let folded = width::fold(raw);
    let html = strip_html(&folded);
    let folded = width::fold(&html);
    let bold = BOLD.replace_all(&folded, "$1");
    let boxed = tokenize_boxes(&bold);
    let mut out = String::with_capacity(boxed.len());
    for line in boxed.split('\n') {
        let line = width::fold_section_numerals(collapse_spaces(line).trim());
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

/// Removes private-use characters that look like check-box tokens from source text, so a
/// token in normalized text always comes from check-box markup.
pub fn strip_tokens(source: &str) -> std::borrow::Cow<'_, str> {
    if source.chars().any(marks::is_token) {
        std::borrow::Cow::Owned(source.chars().filter(|c| !marks::is_token(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(source)
    }
}

/// Collapses runs of spaces to one space.
fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut prev_space = false;
    for c in line.chars() {
        if c == ' ' {
            if !prev_space {
                out.push(c);
            }
            prev_space = true;
        } else {
            out.push(c);
            prev_space = false;
        }
    }
    out
}

/// Joins lines that `pdftotext` wrapped inside a Japanese sentence.
///
/// A paragraph has a wrap width only when at least two of its lines (not counting the last)
/// reach it, within one full-width character. A line is then joined to the next (without a
/// space) when it reaches the wrap width, does not end a sentence (`。`, `)`, `」`, …) and the
/// next line does not start a list item (`①`, `・`, `【`, `1.`, `(1)`, …). A list of short
/// names therefore stays a list.
pub fn join_wrapped(lines: &[&str]) -> String {
    let widths: Vec<usize> = lines.iter().map(|l| display_width(l.trim())).collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    let full = |w: usize| w + 2 >= max && max >= 16;
    let wrapped = widths.len() > 2
        && widths[..widths.len() - 1]
            .iter()
            .filter(|&&w| full(w))
            .count()
            >= 2;
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        if i > 0 {
            let prev = lines[i - 1].trim();
            let join =
                wrapped && full(widths[i - 1]) && !ends_sentence(prev) && !starts_list_item(line);
            if !join {
                out.push('\n');
            }
        }
        out.push_str(line);
    }
    out
}

/// Width in half-width units (CJK = 2).
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['。', ')', '」', '』', '】', '>', ':', '.'])
}

fn starts_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some(c) if ('\u{2460}'..='\u{2473}').contains(&c) => true,
        Some('・' | '【' | '<' | '＜' | '■' | '□' | '○' | '●' | '※' | '*' | '〒' | '(') => {
            true
        }
        Some(c) if c.is_ascii_digit() => {
            let rest: String = chars.take_while(|c| c.is_ascii_digit()).collect();
            let after = line[rest.len() + 1..].chars().next();
            matches!(after, Some('.' | ')' | ',' | '、' | ' '))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_checkboxes_become_tokens() {
        assert_eq!(
            normalize_cell(r#"[<input type="checkbox"/>]委託しない"#),
            format!("{}委託しない", marks::WEAK)
        );
        assert_eq!(
            normalize_cell(r#"[ <input checked="" type="checkbox"/> ] 庁内連携システム"#),
            format!("{} 庁内連携システム", marks::CHECKED)
        );
        assert_eq!(
            normalize_cell(r#"[ <input type="radio"/> ] 専用線"#),
            format!("{} 専用線", marks::RADIO)
        );
        assert_eq!(
            normalize_cell(r#"<input type="checkbox"/> 情報提供ネットワークシステム"#),
            format!("{} 情報提供ネットワークシステム", marks::WEAK)
        );
    }

    #[test]
    fn bracket_marks_become_tokens() {
        for (raw, token) in [
            ("[ ○ ] その他", marks::CHECKED),
            ("[○]自己点検", marks::CHECKED),
            ("[ O ] 宛名システム等", marks::CHECKED),
            ("[O]宛名システム等", marks::CHECKED),
            ("[ ○ ］　自己点検", marks::CHECKED),
            ("［○］自己点検", marks::CHECKED),
            ("[ ] 専用線", marks::UNCHECKED),
            ("[]適用した", marks::UNCHECKED),
        ] {
            let got = normalize_cell(raw);
            assert_eq!(got.chars().next(), Some(token), "{raw} → {got}");
        }
    }

    #[test]
    fn selection_keeps_value_and_drops_checkbox_noise() {
        assert_eq!(
            normalize_cell(r#"[<input type="checkbox"/> 十分である]"#),
            "[十分である]"
        );
        assert_eq!(
            normalize_cell(r#"<p>[<input type="checkbox"/> 十分である]</p> <p><選択肢></p>"#),
            "[十分である]\n<選択肢>"
        );
        assert_eq!(normalize_cell("[ 30万人以上 ]"), "[ 30万人以上 ]");
    }

    #[test]
    fn entities_and_fullwidth_choice_marker() {
        assert_eq!(normalize_cell("&lt;選択肢&gt; 1) 有料"), "<選択肢> 1) 有料");
        assert_eq!(normalize_cell("＜選択肢＞"), "<選択肢>");
        assert_eq!(
            normalize_cell("<選択肢> 1) 実施する"),
            "<選択肢> 1) 実施する"
        );
    }

    #[test]
    fn block_tags_break_lines_and_others_vanish() {
        assert_eq!(
            normalize_cell("<p>1. 資格</p><ul><li>・住民</li><li>・被保険者</li></ul>"),
            "1. 資格\n・住民\n・被保険者"
        );
        assert_eq!(normalize_cell("<b>システム1</b>"), "システム1");
        assert_eq!(normalize_cell("**6. 情報提供**"), "6. 情報提供");
    }

    #[test]
    fn nested_bold_runs_normalize_idempotently() {
        // Replayed fuzz finding (fuzz/artifacts/normalize_cell, `normalize_cell` target).
        let raw = "\t\0\0\0h\0\0\0\0\0\u{7}\0\0\0\0\0\0\0\0\0\0\0\0\0************j************U*j";
        let once = normalize_cell(raw);
        assert_eq!(normalize_cell(&once), once);
    }

    #[test]
    fn source_private_use_tokens_are_not_trusted() {
        assert_eq!(strip_tokens("\u{E001}自己点検"), "自己点検");
        assert_eq!(strip_tokens("自己点検"), "自己点検");
    }

    #[test]
    fn radio_in_brackets_stays_radio() {
        assert_eq!(normalize_cell("[ \u{E004} ] 専用線"), "\u{E004} 専用線");
    }

    #[test]
    fn idempotent_on_samples() {
        for s in [
            r#"[<input type="checkbox"/> 十分である]"#,
            "Ⅲ　しきい値判断結果",
            "［ ○ ］　自己点検",
            "&amp;lt;",
            "１．対象人数　（任意実施）",
        ] {
            let once = normalize_cell(s);
            assert_eq!(normalize_cell(&once), once, "{s}");
        }
    }

    #[test]
    fn wrapped_lines_join_inside_sentences_only() {
        let lines = [
            "目的を超えた紐付け、事務に",
            "必要のない情報との紐付けが",
            "行われるリスクへの対策は十",
            "分か",
        ];
        assert_eq!(
            join_wrapped(&lines),
            "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策は十分か"
        );
        let list = [
            "国保資格ファイル",
            "国保負担区分ファイル",
            "宛名情報ファイル",
            "資格情報(個人)ファイル",
        ];
        assert_eq!(join_wrapped(&list).lines().count(), 4);
        let items = ["を実施する。", "①申請書の確認"];
        assert_eq!(join_wrapped(&items).lines().count(), 2);
    }
}
