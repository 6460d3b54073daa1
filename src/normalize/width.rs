//! Character folding: one spelling per character, so that texts from different converters
//! (PDF, Excel, HTML, Word) compare equal.
//!
//! [`fold`] applies the policy below. It is **not** NFKC: NFKC would also rewrite characters
//! that carry meaning in a 評価書 (`①` → `1`, `㈱` → `(株)`, `Ⅲ` → `III`, `￥` → `¥`, …), so
//! only the listed rules apply and everything else passes through unchanged.
//!
//! | # | from | to | notes |
//! |---|------|----|-------|
//! | 1 | full-width ASCII `！`..`～` (U+FF01..U+FF5E) | ASCII `!`..`~` | letters, digits, punctuation; the forms of rules 4-6 end in those rules' targets |
//! | 2 | half-width katakana and CJK punctuation (U+FF61..U+FF9F) | full-width | NFKC on those runs only, so marks compose: `ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`, `ｳﾞ` → `ヴ`, `ｰ` → `ー`, `｡` → `。`, `｢` → `「`, `･` → `・`; a voiced mark with nothing to compose with becomes `゛`/`゜` |
//! | 3 | U+3000, U+00A0, U+2000..U+200A, U+202F, U+205F, TAB | ASCII space | runs of spaces collapse to one; ends are **not** trimmed |
//! | 3 | `\r\n`, lone `\r` | `\n` | every other `\n` is kept as is |
//! | 3 | U+200B, U+200C, U+200D, U+2060, U+FEFF | removed | zero-width characters |
//! | 4 | `［` `］` `＜` `＞` `（` `）` `｛` `｝` | `[` `]` `<` `>` `(` `)` `{` `}` | `「」『』【】〔〕〈〉《》` are kept |
//! | 5 | U+2010, U+2011, U+2012, U+2013, U+2212 `−`, U+FE63, U+FF0D `－` | ASCII `-` | hyphen-like |
//! | 5 | U+2014 `—`, U+2015 `―` | U+2014 `—` | long dashes ("no entry" marks) |
//! | 5 | `ー` (U+30FC), `─` (U+2500) | unchanged | prolonged sound mark and box drawing are not dashes |
//! | 6 | U+301C `〜`, U+FF5E `～`, U+223C `∼`, U+02DC `˜` | ASCII `~` | |
//! | 7 | see [`is_protected`] | unchanged | `①`..`⑳`, `㉑`..`㊿`, `⑴`.., `※`, `〒`, `○`, `〇`, `◯`, `□`, `■`, `☐`, `☑`, `☒`, `✓`, `✔`, `Ⅰ`..`Ⅻ`, `ⅰ`..`ⅻ`, `￥`, `〃`, `・` |
//! | 8 | anything else | unchanged | compatibility ideographs, Kangxi radicals, accented Latin, … |
//!
//! [`fold`] is idempotent and never changes the number of line breaks except through the
//! `\r\n`/`\r` rule. Roman numerals used as section numbers are a separate, positional rule:
//! [`fold_section_numerals`].
//!
//! ```
//! use hyoka::normalize::width::{fold, fold_section_numerals};
//! assert_eq!(fold("（１）ｶﾞｲﾄﾞ　〜　①※"), "(1)ガイド ~ ①※");
//! assert_eq!(fold_section_numerals("Ⅲ 特定個人情報ファイル"), "III 特定個人情報ファイル");
//! assert_eq!(fold_section_numerals("別紙Ⅱ-5"), "別紙Ⅱ-5");
//! ```

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Folds one text per the module policy (rules 1-8). Idempotent: `fold(&fold(s)) == fold(s)`.
///
/// Line breaks are kept (`\r\n` and a lone `\r` become `\n`), spaces are unified and runs of
/// them collapse to one, but the ends are not trimmed. Text that no rule changes is returned
/// borrowed, without a copy.
pub fn fold(text: &str) -> Cow<'_, str> {
    // The longest prefix no rule touches is copied as it is; folding starts at the first
    // character a rule applies to. The prefix holds no `\r`, zero-width character or
    // half-width kana, so folding the rest after it gives the same text as folding the whole.
    let Some(start) = first_touched(text) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    fold_into(&mut out, &text[start..]);
    Cow::Owned(out)
}

/// Byte offset of the first character a rule of [`fold`] applies to: a `\r`, a tab, a space
/// after a space, or a character [`fold_char`] changes, a zero-width character or half-width
/// kana. Reads UTF-8 bytes: ASCII, and the three-byte forms of U+3001..U+3FFF (but for
/// U+3000 and U+301C) and U+4000..U+9FFF (kana, CJK punctuation, ideographs) are passed
/// over without decoding them: no rule applies to them.
fn first_touched(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut prev_space = false;
    while i < b.len() {
        let space = b[i] == b' ';
        match b[i] {
            b' ' if prev_space => return Some(i),
            b'\r' | b'\t' => return Some(i),
            0..=0x7F => i += 1,
            // U+3000..U+3FFF: `E3 80 80` is U+3000, `E3 80 9C` is U+301C.
            0xE3 if b[i + 1] == 0x80 && matches!(b[i + 2], 0x80 | 0x9C) => return Some(i),
            0xE3..=0xE9 => i += 3,
            _ => {
                let c = text[i..].chars().next().expect("a character starts here");
                if touches(c) {
                    return Some(i);
                }
                i += c.len_utf8();
            }
        }
        prev_space = space;
    }
    None
}

/// Appends `text` folded to `out`; a space collapses with a space `out` ends with.
fn fold_into(out: &mut String, text: &str) {
    let cleaned = unify_newlines_and_strip_zero_width(text);
    let mut chars = cleaned.chars().peekable();
    let mut run = String::new();
    while let Some(c) = chars.next() {
        if is_halfwidth_kana(c) {
            // Rule 2: NFKC over this run only, so voiced marks compose with their base.
            run.clear();
            run.push(c);
            while let Some(&next) = chars.peek() {
                if !is_halfwidth_kana(next) {
                    break;
                }
                run.push(next);
                chars.next();
            }
            for k in run.nfkc() {
                out.push(match k {
                    // A voiced mark that found nothing to compose with: spacing form.
                    '\u{3099}' => '\u{309B}',
                    '\u{309A}' => '\u{309C}',
                    other => other,
                });
            }
            continue;
        }
        let folded = fold_char(c);
        if folded == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(folded);
    }
}

/// Maps Roman numerals `Ⅰ`..`Ⅹ` (U+2160..U+2169) to ASCII `I`..`X` only where they are used as
/// a section number. Idempotent; text without a change is returned borrowed.
///
/// A numeral is a section number when it stands
/// - at the start of the text or of a line, after optional spaces, `(`/`（` and `#`/`＃` marks,
///   or right after `(`/`（`,
/// - and is followed by a space (any white space, including a line break), `.`, `-`, `－`,
///   `．`, `、`, the end of the text, or a CJK character (kana, ideograph, CJK punctuation).
///
/// Elsewhere (`別紙Ⅱ-5`, `第Ⅲ期`) the numeral stays.
///
/// ```
/// use hyoka::normalize::width::fold_section_numerals;
/// assert_eq!(fold_section_numerals("### Ⅲ 特定個人情報"), "### III 特定個人情報");
/// assert_eq!(fold_section_numerals("(Ⅱ-5別紙参照)"), "(II-5別紙参照)");
/// assert_eq!(fold_section_numerals("別紙Ⅱ-5"), "別紙Ⅱ-5");
/// ```
pub fn fold_section_numerals(text: &str) -> Cow<'_, str> {
    if !holds_section_numeral(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    // True while only lead marks have been seen since the start of the text or line.
    let mut in_lead = true;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(ascii) = section_numeral_ascii(c) {
            let after_open = matches!(prev, Some('(' | '（'));
            let ends_well = match chars.peek() {
                None => true,
                Some(&n) => is_numeral_terminator(n),
            };
            if (in_lead || after_open) && ends_well {
                out.push_str(ascii);
            } else {
                out.push(c);
            }
            in_lead = false;
        } else {
            out.push(c);
            if c == '\n' || c == '\r' {
                in_lead = true;
            } else if !is_lead_mark(c) {
                in_lead = false;
            }
        }
        prev = Some(c);
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// True for the characters [`fold`] protects: they carry meaning in a 評価書 and are never
/// changed (unlike under NFKC).
///
/// - circled, parenthesised and full-stop numbers and letters: the whole Enclosed
///   Alphanumerics block U+2460..U+24FF (`①`..`⑳`, `⑴`..`⒇`, `⒈`.., `Ⓐ`.., `⓪`, …),
/// - the Enclosed CJK Letters and Months block U+3200..U+32FF (`㉑`..`㉟`, `㊱`..`㊿`, `㈱`, `㊤`, …),
/// - Roman numerals `Ⅰ`..`Ⅻ` (U+2160..U+216B) and `ⅰ`..`ⅻ` (U+2170..U+217B); only
///   [`fold_section_numerals`] touches `Ⅰ`..`Ⅹ`,
/// - `※` `〒` `○` `〇` `◯` `□` `■` `☐` `☑` `☒` `✓` `✔` `￥` `〃` `・`.
pub fn is_protected(c: char) -> bool {
    matches!(
        c,
        '\u{2460}'..='\u{24FF}'
            | '\u{3200}'..='\u{32FF}'
            | '\u{2160}'..='\u{216B}'
            | '\u{2170}'..='\u{217B}'
            | '※'
            | '〒'
            | '○'
            | '〇'
            | '◯'
            | '□'
            | '■'
            | '☐'
            | '☑'
            | '☒'
            | '✓'
            | '✔'
            | '￥'
            | '〃'
            | '・'
    )
}

/// Rule 3, first half: `\r\n`/`\r` → `\n`, zero-width characters removed. Done before the
/// other rules so that spaces and half-width marks on both sides of a removed character meet.
fn unify_newlines_and_strip_zero_width(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c if is_zero_width(c) => {}
            _ => out.push(c),
        }
    }
    out
}

/// Rules 1 and 3-6 for one character (rule 2 works on runs and is handled by the caller).
fn fold_char(c: char) -> char {
    if is_protected(c) {
        return c;
    }
    match c {
        '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
        '\u{2010}'..='\u{2013}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{2014}' | '\u{2015}' => '\u{2014}',
        '\u{301C}' | '\u{FF5E}' | '\u{223C}' | '\u{02DC}' => '~',
        // Rule 1, which also gives rule 4's brackets (`（` U+FF08 → `(` U+0028, …).
        '\u{FF01}'..='\u{FF5D}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether [`fold`] changes the character `c` where it stands, for a character that is not
/// ASCII and not a three-byte kana, ideograph or CJK punctuation mark (U+3001..U+9FFF, but
/// for U+301C), which it never changes: what [`first_touched`] asks of such a character.
pub(crate) fn touches(c: char) -> bool {
    matches!(c, '\u{3000}' | '\u{301C}')
        || is_zero_width(c)
        || is_halfwidth_kana(c)
        || fold_char(c) != c
}

/// Zero-width characters removed by rule 3.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Half-width katakana and half-width CJK punctuation (U+FF61..U+FF9F).
fn is_halfwidth_kana(c: char) -> bool {
    ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// The ASCII spelling of `Ⅰ`..`Ⅹ`.
/// Whether `text` holds one of `Ⅰ`..`Ⅹ` (U+2160..U+2169, `E2 85 A0`..`E2 85 A9` in UTF-8),
/// found by its bytes.
fn holds_section_numeral(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = bytes[at..].iter().position(|&b| b == 0xE2) {
        let lead = at + i;
        if bytes.get(lead + 1) == Some(&0x85)
            && bytes
                .get(lead + 2)
                .is_some_and(|b| (0xA0..=0xA9).contains(b))
        {
            return true;
        }
        at = lead + 1;
    }
    false
}

fn section_numeral_ascii(c: char) -> Option<&'static str> {
    Some(match c {
        'Ⅰ' => "I",
        'Ⅱ' => "II",
        'Ⅲ' => "III",
        'Ⅳ' => "IV",
        'Ⅴ' => "V",
        'Ⅵ' => "VI",
        'Ⅶ' => "VII",
        'Ⅷ' => "VIII",
        'Ⅸ' => "IX",
        'Ⅹ' => "X",
        _ => return None,
    })
}

/// Characters that may precede a section numeral at the start of a line.
fn is_lead_mark(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{00A0}' | '\u{3000}' | '(' | '（' | '#' | '＃'
    )
}

/// Characters that may follow a section numeral.
fn is_numeral_terminator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-' | '－' | '．' | '、') || is_cjk(c)
}

/// Hiragana, katakana, CJK unified ideographs (with extension A) and CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3000}'..='\u{303F}'
            | '\u{3040}'..='\u{309F}'
            | '\u{30A0}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numerals_are_found_by_their_bytes() {
        for c in ['\u{215F}', 'Ⅰ', 'Ⅴ', 'Ⅹ', 'Ⅺ', 'ⅰ', '※', '①', 'あ'] {
            let text = format!("第{c}章");
            assert_eq!(
                holds_section_numeral(&text),
                section_numeral_ascii(c).is_some(),
                "{c}"
            );
        }
        assert!(!holds_section_numeral("\u{E2}"));
    }

    #[test]
    fn fullwidth_ascii_becomes_ascii() {
        assert_eq!(fold("ＡＢＣｘｙｚ０１２３４５６７８９"), "ABCxyz0123456789");
        assert_eq!(
            fold("！＂＃＄％＆＇＊＋，．／：；＝？＠＼＾＿｀｜"),
            "!\"#$%&'*+,./:;=?@\\^_`|"
        );
        assert_eq!(fold("ＬＧＷＡＮ接続"), "LGWAN接続");
        assert_eq!(fold("１．対象人数"), "1.対象人数");
    }

    #[test]
    fn halfwidth_katakana_becomes_fullwidth_and_composes() {
        assert_eq!(fold("ｶﾞｲﾄﾞ"), "ガイド");
        assert_eq!(fold("ﾊﾟｽﾜｰﾄﾞ"), "パスワード");
        assert_eq!(fold("ｳﾞｧ"), "ヴァ");
        assert_eq!(fold("ｰ"), "ー");
        assert_eq!(fold("｡｢｣､･"), "。「」、・");
        assert_eq!(fold("ｼｽﾃﾑ(ｻｰﾊﾞ)"), "システム(サーバ)");
        assert_eq!(fold("ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ"), "マイナンバーカード");
    }

    #[test]
    fn stray_halfwidth_voiced_marks_become_spacing_marks() {
        assert_eq!(fold("ﾞ"), "゛");
        assert_eq!(fold("ﾟ"), "゜");
        assert_eq!(fold("カﾞ"), "カ゛");
        assert_eq!(fold("ﾝﾞ"), "ン゛");
        assert_eq!(fold("aﾞb"), "a゛b");
    }

    #[test]
    fn nfkc_is_not_applied_outside_halfwidth_runs() {
        // Full-width katakana followed by a combining mark stays as it is.
        assert_eq!(fold("カ\u{3099}"), "カ\u{3099}");
        assert_eq!(fold("㈱㍻㌔ﬁ⺟"), "㈱㍻㌔ﬁ⺟");
        assert_eq!(fold("神祇"), "神祇");
        assert_eq!(fold("Café naïve"), "Café naïve");
    }

    #[test]
    fn zero_width_inside_halfwidth_run_does_not_split_it() {
        assert_eq!(fold("ｶ\u{200B}ﾞ"), "ガ");
    }

    #[test]
    fn spaces_unify_and_collapse_without_trimming() {
        assert_eq!(fold("Ⅲ\u{3000}しきい値"), "Ⅲ しきい値");
        assert_eq!(
            fold("a\u{00A0}b\u{2002}c\u{200A}d\u{202F}e\u{205F}f\tg"),
            "a b c d e f g"
        );
        assert_eq!(fold("a \u{3000}\t b"), "a b");
        assert_eq!(fold("  前後  "), " 前後 ");
        assert_eq!(fold("\u{3000}前\u{3000}"), " 前 ");
        assert_eq!(fold("a \u{200B} b"), "a b");
    }

    #[test]
    fn newlines_are_kept_and_cr_unified() {
        assert_eq!(fold("a\n\n\nb"), "a\n\n\nb");
        assert_eq!(fold("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(fold("a\r\r\nb"), "a\n\nb");
        assert_eq!(fold("a \n b"), "a \n b");
        assert_eq!(fold("\r"), "\n");
    }

    #[test]
    fn zero_width_characters_are_removed() {
        assert_eq!(
            fold("\u{FEFF}特\u{200B}定\u{200C}個\u{200D}人\u{2060}"),
            "特定個人"
        );
    }

    #[test]
    fn brackets_fold_but_japanese_brackets_stay() {
        assert_eq!(fold("［］＜＞（）｛｝"), "[]<>(){}");
        assert_eq!(fold("「」『』【】〔〕〈〉《》"), "「」『』【】〔〕〈〉《》");
        assert_eq!(fold("＜選択肢＞"), "<選択肢>");
        assert_eq!(fold("［ ○ ］"), "[ ○ ]");
    }

    #[test]
    fn dashes() {
        assert_eq!(
            fold("a\u{2010}b\u{2011}c\u{2012}d\u{2013}e\u{2212}f\u{FE63}g\u{FF0D}h"),
            "a-b-c-d-e-f-g-h"
        );
        assert_eq!(fold("\u{2014}\u{2015}"), "\u{2014}\u{2014}");
        assert_eq!(fold("サーバー"), "サーバー");
        assert_eq!(fold("ｻｰﾊﾞｰ"), "サーバー");
        assert_eq!(fold("─┼│"), "─┼│");
        assert_eq!(fold("Ⅱ 概要－6.保管－③"), "Ⅱ 概要-6.保管-③");
    }

    #[test]
    fn tildes() {
        assert_eq!(fold("1〜3"), "1~3");
        assert_eq!(fold("1～3"), "1~3");
        assert_eq!(fold("1∼3"), "1~3");
        assert_eq!(fold("1\u{02DC}3"), "1~3");
    }

    #[test]
    fn protected_characters_survive() {
        assert_eq!(fold("①※〒○〇□■Ⅲ"), "①※〒○〇□■Ⅲ");
        let all = "①⑳㉑㊿⑴⒇⒈◯☐☑☒✓✔ⅠⅫⅰⅻ￥〃・㈱";
        assert_eq!(fold(all), all);
        for c in all.chars() {
            assert!(is_protected(c), "{c} should be protected");
            assert_eq!(fold(&c.to_string()), c.to_string(), "{c}");
        }
        for c in ['A', 'ー', '「', '-', '　', 'Ｌ', '─', 'ｶ'] {
            assert!(!is_protected(c), "{c} should not be protected");
        }
    }

    #[test]
    fn protected_characters_are_exactly_those_nfkc_would_break_or_listed() {
        // Every protected character in the enclosed blocks is one NFKC would rewrite.
        for c in ['①', '⑴', '⒈', '㉑', '㊿', 'Ⅲ', 'ⅻ', '￥'] {
            let nfkc: String = c.to_string().nfkc().collect();
            assert_ne!(nfkc, c.to_string(), "{c}");
            assert_eq!(fold(&c.to_string()), c.to_string());
        }
    }

    #[test]
    fn fold_is_idempotent_on_tricky_samples() {
        for s in [
            "",
            " ",
            "\u{3000}\u{3000}",
            "ｶﾞｲﾄﾞﾞﾟ",
            "ﾞﾞﾞ",
            "ｶ\u{200B}ﾞ",
            "a \u{200B} \u{3000}b",
            "\r\n\r\r\n\n",
            "（１）ｶﾞｲﾄﾞ　〜　①※",
            "［ ○ ］\t自己点検",
            "―—－−‐〜～∼˜",
            "ｰｰｰ-ー",
            "Ⅲ　しきい値判断結果",
            "㈱㍻①⑴Ⅻⅻ￥〃・",
            "\u{FEFF}\u{FEFF}x",
            "ｳﾞ\u{3099}",
            "a\u{00A0}\u{00A0}\u{2003}b",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once, "{s:?}");
        }
    }

    #[test]
    fn section_numerals_at_start() {
        assert_eq!(
            fold_section_numerals("Ⅲ しきい値判断結果"),
            "III しきい値判断結果"
        );
        assert_eq!(fold_section_numerals("Ⅰ　関連情報"), "I　関連情報");
        assert_eq!(fold_section_numerals("Ⅳ.その他"), "IV.その他");
        assert_eq!(fold_section_numerals("Ⅸ-1"), "IX-1");
        assert_eq!(fold_section_numerals("Ⅹ－1"), "X－1");
        assert_eq!(fold_section_numerals("Ⅵ．評価"), "VI．評価");
        assert_eq!(fold_section_numerals("Ⅶ、"), "VII、");
        assert_eq!(fold_section_numerals("Ⅷ"), "VIII");
        assert_eq!(fold_section_numerals("Ⅱ特定個人情報"), "II特定個人情報");
        assert_eq!(fold_section_numerals("Ⅴ「評価」"), "V「評価」");
        assert_eq!(fold_section_numerals("  Ⅱ 概要"), "  II 概要");
        assert_eq!(
            fold_section_numerals("### Ⅲ 特定個人情報"),
            "### III 特定個人情報"
        );
        assert_eq!(fold_section_numerals("# (Ⅱ. "), "# (II. ");
        assert_eq!(fold_section_numerals("前文\nⅢ 項目"), "前文\nIII 項目");
    }

    #[test]
    fn section_numerals_after_open_paren() {
        assert_eq!(fold_section_numerals("(Ⅱ-5別紙参照)"), "(II-5別紙参照)");
        assert_eq!(fold_section_numerals("表(Ⅱ-5別紙参照)"), "表(II-5別紙参照)");
        assert_eq!(
            fold_section_numerals("表（Ⅲ．リスク）"),
            "表（III．リスク）"
        );
    }

    #[test]
    fn section_numerals_in_prose_stay() {
        for (input, expected) in [
            ("別紙Ⅱ-5", "別紙Ⅱ-5"),
            ("(別紙Ⅱ-5参照)", "(別紙Ⅱ-5参照)"),
            ("第Ⅲ期", "第Ⅲ期"),
            ("x Ⅱ 概要", "x Ⅱ 概要"),
            ("令和7年\tⅡ 概要", "令和7年\tⅡ 概要"),
            ("Ⅲa", "Ⅲa"),
            ("ⅢⅡ", "ⅢⅡ"),
            ("Ⅱ)", "Ⅱ)"),
            ("(Ⅱ)", "(Ⅱ)"),
            ("Ⅰ Ⅱ", "I Ⅱ"),
            ("Ⅺ 項目", "Ⅺ 項目"),
            ("Ⅻ 項目", "Ⅻ 項目"),
            ("ⅲ 項目", "ⅲ 項目"),
        ] {
            assert_eq!(fold_section_numerals(input), expected, "{input}");
        }
    }

    #[test]
    fn section_numerals_idempotent() {
        for s in [
            "Ⅲ しきい値",
            "(Ⅱ-5別紙参照)",
            "ⅠⅡⅢ",
            "Ⅰ Ⅱ Ⅲ",
            "((Ⅱ.",
            "#Ⅳ\nⅤ\n\nⅥ",
            "\u{3000}Ⅹ、",
            "別紙Ⅱ-5",
        ] {
            let once = fold_section_numerals(s);
            assert_eq!(fold_section_numerals(&once), once, "{s}");
        }
    }

    #[test]
    fn fold_leaves_numerals_for_fold_section_numerals() {
        let folded = fold("Ⅲ\u{3000}しきい値判断結果");
        assert_eq!(folded, "Ⅲ しきい値判断結果");
        assert_eq!(fold_section_numerals(&folded), "III しきい値判断結果");
    }

    fn xorshift(state: &mut u64) -> u64 {
        let mut x = *state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *state = x;
        x
    }

    /// Pseudo-random bytes: raw bytes mixed with (possibly truncated) encodings of characters
    /// the rules care about, decoded lossily.
    fn random_text(state: &mut u64) -> String {
        const PALETTE: &[&str] = &[
            "ｶ", "ﾞ", "ﾟ", "ｰ", "｡", "ｳ", "ﾊ", "\r", "\n", "\r\n", "\t", " ", "\u{3000}", "\u{00A0}",
            "\u{200B}", "\u{FEFF}", "\u{2015}", "－", "〜", "～", "（", "）", "Ⅲ", "Ⅱ", "(", "#",
            "-", ".", "、", "①", "※", "特", "ア", "a", "Ａ", "\u{3099}", "ー",
        ];
        let len = (xorshift(state) % 48) as usize;
        let mut bytes = Vec::with_capacity(len * 3);
        for _ in 0..len {
            let r = xorshift(state);
            if r.is_multiple_of(3) {
                bytes.push((r >> 8) as u8);
            } else {
                let piece = PALETTE[((r >> 8) as usize) % PALETTE.len()].as_bytes();
                let cut = if r.is_multiple_of(17) {
                    ((r >> 32) as usize) % piece.len().max(1)
                } else {
                    piece.len()
                };
                bytes.extend_from_slice(&piece[..cut]);
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn no_panic_and_invariants_on_random_input() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..5000 {
            let s = random_text(&mut state);
            let once = fold(&s);
            assert_eq!(fold(&once), once, "fold not idempotent on {s:?}");
            let expected_newlines = s
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .matches('\n')
                .count();
            assert_eq!(once.matches('\n').count(), expected_newlines, "{s:?}");
            assert!(!once.contains("  "), "{s:?} → {once:?}");
            assert!(!once.contains(['\r', '\t', '\u{3000}', '\u{200B}', '\u{FEFF}']));
            let numerals = fold_section_numerals(&once);
            assert_eq!(fold_section_numerals(&numerals), numerals, "{once:?}");
            let raw_numerals = fold_section_numerals(&s);
            assert_eq!(fold_section_numerals(&raw_numerals), raw_numerals, "{s:?}");
        }
    }
}
