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
    // The start of the line counts as a break; `pending`: a kanji just seen, and whether a
    // break came before it.
    let mut prev_space = true;
    let mut pending: Option<bool> = None;
    let mut at = 0;
    while at < line.len() {
        let (kanji, space, len) = facts_at(line, at);
        if pending.take() == Some(true) && space {
            alone += 1;
        }
        if kanji {
            han += 1;
            pending = Some(prev_space);
        }
        prev_space = space;
        at += len;
    }
    if pending == Some(true) {
        alone += 1;
    }
    (han, alone)
}

/// (kanji, white space, length) of the character at byte `at` of `line`. Kana and ideographs
/// are told by their UTF-8 bytes: `E3 81`..`E3 8F` (U+3040..U+33FF) are neither, `E3 90`..
/// (U+3400..U+3FFF), `E4` but `E4 B7` (U+4DC0..U+4DFF) and `E5`..`E9` are kanji.
fn facts_at(line: &str, at: usize) -> (bool, bool, usize) {
    let b = line.as_bytes();
    let second = b.get(at + 1).copied().unwrap_or(0);
    match b[at] {
        c @ 0..=0x7F => (false, char::from(c).is_whitespace(), 1),
        0xE3 if second >= 0x90 => (true, false, 3),
        0xE3 if second != 0x80 => (false, false, 3),
        0xE4 => (second != 0xB7, false, 3),
        0xE5..=0xE9 => (true, false, 3),
        _ => {
            let c = line[at..].chars().next().unwrap_or(' ');
            (is_han(c), c.is_whitespace(), c.len_utf8())
        }
    }
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

    #[test]
    fn isolation_read_on_bytes_agrees_with_characters() {
        let by_chars = |line: &str| {
            let chars: Vec<char> = line.chars().collect();
            let (mut han, mut alone) = (0, 0);
            for (i, &c) in chars.iter().enumerate() {
                if is_han(c) {
                    han += 1;
                    let before = i == 0 || chars[i - 1].is_whitespace();
                    let after = i + 1 == chars.len() || chars[i + 1].is_whitespace();
                    alone += usize::from(before && after);
                }
            }
            (han, alone)
        };
        let mut lines = vec![
            "特 定 個 人 情 報",
            "々 〇\u{3000}漢\u{3000}字 ア イ 㐀 \u{4DBF} \u{4DC0} \u{4E00} \u{9FFF} \u{F900} \u{FAFF}",
            "漢",
            " 字 ",
            "a 漢 b\t字\u{A0}語\u{2028}文",
            "",
        ];
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let texts: Vec<String> = std::fs::read_dir(corpus)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
            .collect();
        lines.extend(texts.iter().flat_map(|t| t.lines()));
        for line in lines {
            assert_eq!(isolation(line), by_chars(line), "{line:?}");
        }
    }

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
