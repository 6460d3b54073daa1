//! Letter spacing removed before segmentation: `令 和 7 年 12 月 26 日` → `令和7年12月26日`.
//!
//! Some converters print a space around every kanji. A document is letter-spaced when most of
//! its kanji stand alone between spaces; in such a document, each line that is itself
//! letter-spaced is rewritten: a single space next to a kanji is dropped, a wider run of spaces
//! (a space of the original, widened by the spacing) becomes one space, and a run holding a tab
//! stays a tab. Line count and order are kept, so line numbers still point at the source.
//! What cannot be restored: an original space between a kana or digit and a kanji (`に 関`
//! prints as the spacing does) is dropped.

use std::borrow::Cow;

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々')
}

/// A character after which the spacing cannot be told from a space of the original, and
/// the space is more likely original: a section numeral or list number (`I 関連情報`,
/// `1. 特定…`, `1) 実施する`, `<選択肢> 1)`, markdown `## 公表日`, `| 倉敷市長`, a list `- 1-①`).
/// After a digit the space is dropped (`7 年`).
fn keeps_space(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '.' | ')' | '>' | ':' | '#' | '|' | '-')
}

/// (kanji, kanji standing alone between breaks) of a line.
fn isolation(line: &str) -> (usize, usize) {
    let (mut han, mut alone) = (0, 0);
    let mut prev: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if is_han(c) {
            han += 1;
            let before = prev.is_none_or(char::is_whitespace);
            let after = chars.peek().is_none_or(|n| n.is_whitespace());
            if before && after {
                alone += 1;
            }
        }
        prev = Some(c);
    }
    (han, alone)
}

/// `text` with letter spacing removed, when the document is letter-spaced.
pub fn unspace(text: &str) -> Cow<'_, str> {
    let (mut han, mut alone) = (0, 0);
    for line in text.lines() {
        let (h, a) = isolation(line);
        han += h;
        alone += a;
    }
    if han < 20 || alone * 10 < han * 6 {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let (h, a) = isolation(line);
        if h < 2 || a * 10 < h * 8 {
            out.push_str(line);
            continue;
        }
        out.push_str(&unspace_line(line));
    }
    Cow::Owned(out)
}

fn unspace_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !(c == ' ' || c == '\t') {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i] == ' ' || chars[i] == '\t') {
            i += 1;
        }
        let run = &chars[start..i];
        let prev = start.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i).copied();
        if run.contains(&'\t') {
            out.push('\t');
        } else if prev.is_none() || next.is_none() {
            // Leading and trailing spacing: nothing of the original.
        } else if run.len() >= 2
            || !(prev.is_some_and(is_han) || next.is_some_and(is_han))
            || prev.is_some_and(keeps_space) && next.is_some_and(is_han)
        {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spaced(s: &str) -> String {
        // The spacing of the rendering harness: a space around every kanji.
        let mut out = String::new();
        for c in s.chars() {
            if is_han(c) {
                if !out.ends_with([' ', '\t']) && !out.is_empty() {
                    out.push(' ');
                }
                out.push(c);
                out.push(' ');
            } else {
                out.push(c);
            }
        }
        out.trim_end().to_string()
    }

    #[test]
    fn spacing_is_removed_and_original_spaces_kept() {
        let lines = [
            "公表日\t令和7年12月26日",
            "11\t国民健康保険に関する事務 基礎項目評価書",
            "川口市 国民健康保険に関する事務 全項目評価書",
            "[平成31年1月 様式2]",
            "<選択肢> 1) 500人以上 2) 500人未満",
        ];
        let text: Vec<String> = lines.iter().map(|l| spaced(l)).collect();
        let text = text.join("\n");
        assert!(text.contains("令 和 7 年 12 月 26 日"));
        assert_eq!(unspace(&text), lines.join("\n"));
        // Kept after a list number, though the spacing cannot tell (`(別添1) 事務` is printed
        // `(別添1)事務`); lost after kana (`に 関`), kept after a kanji (`事務 に`).
        let lossy = ["1) 行っている 2) 行っていない (別添1)事務 に 関する"; 6].join("\n");
        assert_eq!(
            unspace(&spaced(&lossy)).lines().next(),
            Some("1) 行っている 2) 行っていない (別添1) 事務 に関する")
        );
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let text = "評価実施機関名\t山口県防府市長\n公表日\t令和7年12月26日\n".repeat(5);
        assert!(matches!(unspace(&text), Cow::Borrowed(_)));
    }
}
