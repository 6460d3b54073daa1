//! Selections (`[ 値 ]`, `[8) 値]`) and choice lists (`<選択肢> 1) … 2) …`).
//!
//! These only *read* what the text shows; whether a selection is valid for an item is
//! decided in `extract`, against that item's own list from the catalog.
//!
//! ```
//! use hyoka::normalize::choice::{choice_list, selections};
//! let cell = "[ 十分である ] <選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている";
//! assert_eq!(selections(cell)[0].text, "十分である");
//! assert_eq!(choice_list(cell).unwrap().entries[2].1, "課題が残されている");
//! ```

use super::marks;

/// The marker that opens a choice list.
pub const MARKER: &str = "<選択肢>";

/// A selected value as printed between brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The text between the brackets, trimmed, without a leading `N)`.
    pub text: String,
    /// The number printed with the value (`[8) …]`).
    pub number: Option<u32>,
    /// Byte offset of the opening bracket in the searched text.
    pub start: usize,
}

/// A printed choice list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceList {
    /// `(number, text)` in printed order.
    pub entries: Vec<(u32, String)>,
    /// Whether the `<選択肢>` marker was printed.
    pub marker: bool,
    /// Byte range of the list (from the marker, or from `1)`).
    pub start: usize,
    /// End of the list.
    pub end: usize,
}

/// All bracketed selections in `text` outside any choice list. Empty brackets and brackets
/// holding only a check-box token are not selections.
pub fn selections(text: &str) -> Vec<Selection> {
    let list = choice_list(text);
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(open) = text[pos..].find('[').map(|i| i + pos) {
        let Some(close) = text[open + 1..].find(']').map(|i| i + open + 1) else {
            break;
        };
        pos = close + 1;
        if let Some(l) = &list {
            let line_start = text[..open]
                .rsplit('\n')
                .next()
                .is_some_and(|b| b.trim().is_empty() && text[..open].contains('\n'));
            if open >= l.start
                && open < l.end
                && !(line_start && before_entry_number(&text[close + 1..]))
            {
                continue;
            }
        }
        let inner: String = text[open + 1..close]
            .chars()
            .filter(|c| !marks::is_token(*c))
            .collect();
        let inner = inner.trim();
        if inner.is_empty() || inner.contains('[') {
            continue;
        }
        let (number, value) = split_number(inner);
        if value.is_empty() {
            continue;
        }
        out.push(Selection {
            text: value.to_string(),
            number,
            start: open,
        });
    }
    out
}

/// Whether an entry number (`2)`) follows on the same line, after spaces only: a bracket that
/// opens its line so printed inside a list is the selection, its entry's text wrapped onto the line above
/// (`1,000 人以上 1 万人未満` / `[10 万人以上 30 万人未満] 2)`).
fn before_entry_number(rest: &str) -> bool {
    let t = rest.trim_start_matches([' ', '\u{3000}']);
    let d = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    d > 0 && d <= 2 && t[d..].starts_with(')')
}

/// Splits a leading `N)` from a value: `8) 特定個人情報…` → `(Some(8), "特定個人情報…")`.
pub fn split_number(s: &str) -> (Option<u32>, &str) {
    let digits: &str = &s[..s.bytes().take_while(u8::is_ascii_digit).count()];
    if !digits.is_empty() && digits.len() <= 2 {
        if let Some(rest) = s[digits.len()..].strip_prefix(')') {
            return (digits.parse().ok(), rest.trim());
        }
    }
    (None, s.trim())
}

/// The first choice list in `text`: after a `<選択肢>` marker, or a bare run `1) … 2) …`.
pub fn choice_list(text: &str) -> Option<ChoiceList> {
    // (A text without the marker's first byte is not searched for it.)
    let marker = text
        .as_bytes()
        .contains(&MARKER.as_bytes()[0])
        .then(|| text.find(MARKER))
        .flatten();
    if let Some(m) = marker {
        let after = m + MARKER.len();
        if let Some((entries, end)) = numbered_run(text, after) {
            return Some(ChoiceList {
                entries,
                marker: true,
                start: m,
                end,
            });
        }
        return Some(ChoiceList {
            entries: Vec::new(),
            marker: true,
            start: m,
            end: after,
        });
    }
    let first = find_number(text, 0, 1)?;
    let (entries, end) = numbered_run(text, first)?;
    (entries.len() >= 2).then_some(ChoiceList {
        entries,
        marker: false,
        start: first,
        end,
    })
}

/// Parses `1) a 2) b …` starting at or after `from`; the numbers must run 1, 2, 3, ….
fn numbered_run(text: &str, from: usize) -> Option<(Vec<(u32, String)>, usize)> {
    let mut at = find_number(text, from, 1)?;
    // Only whitespace (or a line break) may stand between the marker and `1)`.
    if !text[from..at].trim().is_empty() && from != at {
        let gap = text[from..at].trim();
        if !gap.chars().all(|c| c.is_whitespace()) {
            return None;
        }
    }
    let mut entries = Vec::new();
    let mut n = 1;
    loop {
        let body = at + number_len(n) + 1;
        let next = find_number(text, body, n + 1);
        let end = next.unwrap_or_else(|| entry_end(text, body));
        let entry = text[body..end].trim();
        entries.push((n, entry.to_string()));
        match next {
            Some(nx) => {
                at = nx;
                n += 1;
            }
            None => return Some((entries, end)),
        }
    }
}

fn number_len(n: u32) -> usize {
    if n >= 10 {
        2
    } else {
        1
    }
}

/// The end of the last entry: the end of its line, or the next bracket.
fn entry_end(text: &str, body: usize) -> usize {
    let rest = &text[body..];
    let stop = rest.find(['\n', '[']).unwrap_or(rest.len());
    body + stop
}

/// Finds `n)` at or after `from`, at the start of the text or after a space/line break.
fn find_number(text: &str, from: usize, n: u32) -> Option<usize> {
    // The digits of `n`, written without allocating.
    let mut buf = [0u8; 10];
    let mut start = buf.len();
    let mut rest = n;
    loop {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = &buf[start..];
    let needle_len = digits.len() + 1;
    // Each `n)` is a `)` preceded by the digits: the `)`s are found in order.
    let find = |pos: usize| -> Option<usize> {
        let bytes = text.as_bytes();
        let mut at = pos + digits.len();
        while let Some(p) = bytes.get(at..)?.iter().position(|&b| b == b')') {
            let close = at + p;
            if bytes[close - digits.len()..close] == *digits {
                return Some(close - digits.len());
            }
            at = close + 1;
        }
        None
    };
    let mut pos = from;
    while let Some(i) = text.get(pos..).and_then(|_| find(pos)) {
        let before = text[..i].chars().next_back();
        let boundary = matches!(before, None | Some(' ' | '\n' | '>' | '\t'))
            || (i == from && before.is_some());
        let digit_before = before.is_some_and(|c| c.is_ascii_digit());
        if boundary && !digit_before {
            return Some(i);
        }
        pos = i + needle_len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_selection() {
        let s = selections("[8) 特定個人情報の漏えい・滅失・毀損リスクへの対策]");
        assert_eq!(s[0].number, Some(8));
        assert_eq!(s[0].text, "特定個人情報の漏えい・滅失・毀損リスクへの対策");
    }

    #[test]
    fn list_before_value_and_padded_value() {
        let cell = "<選択肢> 1) 1年未満 2) 1年 [ 20年以上 ]";
        assert_eq!(selections(cell)[0].text, "20年以上");
        let l = choice_list(cell).unwrap();
        assert_eq!(l.entries, vec![(1, "1年未満".into()), (2, "1年".into())]);
    }

    #[test]
    fn missing_value_gives_no_selection() {
        let cell = "<選択肢> 1) 1,000人未満(任意実施) 2) 1,000人以上1万人未満 3) 1万人以上10万人未満 4) 10万人以上30万人未満 5) 30万人以上";
        assert!(selections(cell).is_empty());
        let l = choice_list(cell).unwrap();
        assert_eq!(l.entries.len(), 5);
        assert_eq!(l.entries[0].1, "1,000人未満(任意実施)");
        assert_eq!(l.entries[4].1, "30万人以上");
    }

    #[test]
    fn parentheses_and_numbers_inside_entries() {
        let cell = "<選択肢>\n1) 基礎項目評価書\n2) 基礎項目評価書及び重点項目評価書\n3) 基礎項目評価書及び全項目評価書";
        let l = choice_list(cell).unwrap();
        assert_eq!(l.entries.len(), 3);
        assert_eq!(l.entries[1].1, "基礎項目評価書及び重点項目評価書");
    }

    #[test]
    fn empty_and_token_brackets_are_not_selections() {
        assert!(selections("[ ]").is_empty());
        assert!(selections(&format!("[{}]", marks::WEAK)).is_empty());
    }

    #[test]
    fn bare_list_without_marker() {
        let l = choice_list("1) 500人以上 2) 500人未満").unwrap();
        assert!(!l.marker);
        assert_eq!(l.entries[1].1, "500人未満");
        assert!(choice_list("2)又は3)を選択した評価実施機関").is_none());
    }

    #[test]
    fn a_bracket_before_an_entry_number_inside_a_list_is_the_selection() {
        // Plain pdftotext of tests/data/pdf/kiso_fixture_lo.pdf, II.1 (kiso_fixture.tsv L33,
        // `[10万人以上30万人未満]`): entry 2's text wrapped onto the line above its number.
        let text = "<選択肢>\n1) 1,000 人未満(任意実施)\n1,000 人以上 1 万人未満\n[10 万人以上 30 万人未満] 2)\n3) 1 万人以上 10 万人未満\n4) 10 万人以上 30 万人未満\n5) 30 万人以上";
        let s = selections(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "10 万人以上 30 万人未満");
        // A bracket inside an entry's text is no selection.
        assert!(selections("<選択肢>\n1) 実施する [注] 2) 実施しない").is_empty());
    }
}
