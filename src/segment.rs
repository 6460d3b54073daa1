//! Segment: decoded text → rows of normalized cells, each with its source line.
//!
//! * TSV: a line is a row, tabs separate cells (empty cells are kept, so a row whose first
//!   cell is empty can be told from a labelled one).
//! * Markdown: `|`-delimited lines are rows of cells; separator rows (`|---|`) and
//!   TSV-style rules (`--------⇥---`) are marked [`Row::rule`]; `#` headings become one-cell
//!   rows marked [`Row::heading`].
//! * Raw pdftotext: a line is a one-cell row; form feeds count pages.
//!
//! Cells are normalized with [`crate::normalize::normalize_cell`].
//!
//! ```
//! use hyoka::{segment::SourceText, Rendering};
//! let src = SourceText::new("a\tb\n| c | d |\n|---|---|\n", Rendering::Markdown);
//! assert_eq!(src.rows[0].cells, vec!["a", "b"]);
//! assert_eq!(src.rows[1].cells, vec!["c", "d"]);
//! assert!(src.rows[2].rule);
//! ```

use crate::model::Rendering;
use crate::normalize::normalize_cell;

/// The decoded text cut into rows.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// How the text is laid out.
    pub rendering: Rendering,
    /// One row per source line, in order (`rows[i].line == i + 1`); rows rebuilt by
    /// [`crate::read::rows`] are in line order but several may share a line.
    pub rows: Vec<Row>,
    /// Pages, when the text has form feeds.
    pub page_count: Option<u32>,
    /// SHA-256 of the text.
    pub sha256: String,
    /// Number of source lines (rows rebuilt by [`crate::read::rows`] may be fewer or more).
    pub lines: u32,
}

/// One source line.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// 1-based line number.
    pub line: u32,
    /// 1-based page number, when the text has form feeds.
    pub page: Option<u32>,
    /// Normalized cells; a cell may hold several lines (`\n`) from HTML breaks.
    pub cells: Vec<String>,
    /// A markdown heading (`#`…).
    pub heading: bool,
    /// A table rule or separator row: no content.
    pub rule: bool,
    /// The row is a markdown pipe-table line (`| … |`); a pipe rule is a header separator.
    pub pipe: bool,
    /// The raw line is empty or ASCII white space (an ideographic space is content).
    pub blank: bool,
}

impl Row {
    /// Index and text of the first non-empty cell.
    pub fn first(&self) -> Option<(usize, &str)> {
        self.cells
            .iter()
            .enumerate()
            .find(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i, c.as_str()))
    }

    /// All non-empty cells joined with `sep`.
    pub fn joined(&self, sep: &str) -> String {
        let cap = self
            .cells
            .iter()
            .map(|c| c.len() + sep.len())
            .sum::<usize>();
        let mut out = String::with_capacity(cap);
        for c in self.cells.iter().filter(|c| !c.is_empty()) {
            if !out.is_empty() {
                out.push_str(sep);
            }
            out.push_str(c);
        }
        out
    }

    /// No content at all (blank line, rule, or only empty cells).
    pub fn is_empty(&self) -> bool {
        self.rule || self.cells.iter().all(String::is_empty)
    }

    /// Characters of content (spaces excluded), for coverage.
    pub fn content_chars(&self) -> u64 {
        if self.rule {
            return 0;
        }
        self.cells.iter().map(|c| content_chars_of(c)).sum()
    }
}

/// Characters of `text` that are not white space. Kana and ideographs (`E3 81`..`E9`, i.e.
/// U+3040..U+9FFF, which holds no white space) are counted by their lead bytes.
fn content_chars_of(text: &str) -> u64 {
    let b = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => i += 1,
            0..=0x7F => {
                n += 1;
                i += 1;
            }
            0xE3 if b.get(i + 1) != Some(&0x80) => {
                n += 1;
                i += 3;
            }
            0xE4..=0xE9 => {
                n += 1;
                i += 3;
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                n += u64::from(!c.is_whitespace());
                i += c.len_utf8();
            }
        }
    }
    n
}

impl SourceText {
    /// Segments `text` laid out as `rendering`.
    pub fn new(text: &str, rendering: Rendering) -> SourceText {
        let mut src = SourceText::unhashed(text, rendering);
        src.sha256 = crate::ingest::sha256_hex(text);
        src
    }

    /// [`SourceText::new`] without hashing the text: `sha256` is left empty for the caller
    /// to fill (the hash of the text as given, when `text` was rewritten before segmenting).
    pub fn unhashed(text: &str, rendering: Rendering) -> SourceText {
        let mut rows = Vec::new();
        let mut page = 1u32;
        let has_pages = text.contains('\u{0C}');
        for (i, raw) in text.split('\n').enumerate() {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let raw = crate::normalize::strip_tokens(raw);
            // A form feed before the line's text starts its page; one after it ends the page.
            // (A text without form feeds has none on any line.)
            let (leading, breaks) = if has_pages {
                (
                    raw.bytes().take_while(|&b| b == 0x0C).count() as u32,
                    raw.bytes().filter(|&b| b == 0x0C).count() as u32,
                )
            } else {
                (0, 0)
            };
            page += leading;
            let line_page = has_pages.then_some(page);
            page += breaks - leading;
            let raw = if breaks > 0 {
                std::borrow::Cow::Owned(raw.replace('\u{0C}', ""))
            } else {
                raw
            };
            let mut row = match rendering {
                Rendering::Pdftotext => Row {
                    cells: vec![normalize_cell(&raw)],
                    ..Row::default()
                },
                Rendering::Markdown | Rendering::TsvHtml | Rendering::Pdf => table_row(&raw),
            };
            row.line = i as u32 + 1;
            row.page = line_page;
            row.blank = raw
                .trim_matches(|c: char| c.is_ascii_whitespace())
                .is_empty();
            rows.push(row);
        }
        // A trailing newline does not make a line.
        if text.ends_with('\n') && rows.last().is_some_and(|r| r.blank) {
            rows.pop();
        }
        // pdftotext ends every page with a form feed: count pages that have text.
        let page_count = has_pages.then(|| {
            rows.iter()
                .filter(|r| !r.blank)
                .filter_map(|r| r.page)
                .max()
                .unwrap_or(1)
        });
        SourceText {
            rendering,
            lines: rows.len() as u32,
            rows,
            page_count,
            sha256: String::new(),
        }
    }

    /// Number of lines.
    pub fn line_count(&self) -> u32 {
        self.lines
    }

    /// The row of a 1-based line.
    pub fn row(&self, line: u32) -> Option<&Row> {
        self.row_index(line).map(|i| &self.rows[i])
    }

    /// Index of the first row of a 1-based line.
    pub fn row_index(&self, line: u32) -> Option<usize> {
        let direct = line.checked_sub(1)? as usize;
        if self.rows.get(direct).is_some_and(|r| r.line == line) {
            return Some(direct);
        }
        let i = self.rows.partition_point(|r| r.line < line);
        self.rows.get(i).filter(|r| r.line == line).map(|_| i)
    }
}

/// Rows of the 項目一覧 (table of contents): its label and the list that follows it. The list
/// names attachments and the change history without being them.
pub fn index_rows(src: &SourceText) -> Vec<usize> {
    let is_index = |c: &str| {
        c.chars()
            .filter(|ch| !ch.is_whitespace())
            .eq("項目一覧".chars())
    };
    let Some(start) = src
        .rows
        .iter()
        .position(|r| r.first().is_some_and(|(_, c)| is_index(c)))
    else {
        return Vec::new();
    };
    let mut out = vec![start];
    let mut i = start + 1;
    while i < src.rows.len() && src.rows[i].is_empty() {
        i += 1;
    }
    while i < src.rows.len() && !src.rows[i].blank {
        out.push(i);
        i += 1;
    }
    out
}

fn table_row(raw: &str) -> Row {
    let trimmed = raw.trim();
    if let Some(rest) = heading_text(trimmed) {
        return Row {
            cells: vec![normalize_cell(rest)],
            heading: true,
            ..Row::default()
        };
    }
    let cells: Vec<&str> =
        if trimmed.starts_with('|') && trimmed.ends_with('|') && trimmed.len() > 1 {
            trimmed[1..trimmed.len() - 1].split('|').collect()
        } else {
            raw.split('\t').collect()
        };
    let pipe = trimmed.starts_with('|');
    if is_rule(&cells) {
        return Row {
            rule: true,
            pipe,
            ..Row::default()
        };
    }
    Row {
        cells: cells.iter().map(|c| normalize_cell(c)).collect(),
        pipe,
        ..Row::default()
    }
}

/// `## 公表日` → `公表日`.
fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        line[hashes..].strip_prefix(' ').map(str::trim)
    } else {
        None
    }
}

/// A markdown separator row or a TSV rule: only `-`, `:` and spaces in every cell, with at
/// least one cell of two or more dashes. A lone `--` (an empty answer) is not a rule.
fn is_rule(cells: &[&str]) -> bool {
    let dash_cells = cells
        .iter()
        .filter(|c| c.trim().len() >= 2 && c.trim().chars().all(|ch| ch == '-' || ch == ':'))
        .count();
    let all_rule_like = cells
        .iter()
        .all(|c| c.trim().chars().all(|ch| ch == '-' || ch == ':'));
    all_rule_like && dash_cells >= 1 && (cells.len() >= 2 || cells[0].trim().len() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_chars_count_what_is_not_white_space() {
        for text in [
            "",
            "a b\tc\r\n",
            "全角\u{3000}スペース\u{3001}。",
            "\u{85}\u{A0}\u{1680}\u{2000}\u{200A}\u{2028}\u{202F}\u{205F}x",
            "ｶﾞ①※Ⅲ\u{E001}\u{3400}\u{9FFF}\u{A000}\u{1F600}é",
        ] {
            let by_chars = text.chars().filter(|c| !c.is_whitespace()).count() as u64;
            assert_eq!(content_chars_of(text), by_chars, "{text:?}");
        }
        // Every white space character and its neighbours in the code space.
        for c in (0..0x3100u32).filter_map(char::from_u32) {
            let text = format!("a{c}全");
            let by_chars = text.chars().filter(|c| !c.is_whitespace()).count() as u64;
            assert_eq!(content_chars_of(&text), by_chars, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn content_chars_of_any_text(text in proptest::prelude::any::<String>()) {
            let by_chars = text.chars().filter(|c| !c.is_whitespace()).count() as u64;
            proptest::prop_assert_eq!(content_chars_of(&text), by_chars);
        }
    }

    #[test]
    fn lone_double_dash_is_an_answer_not_a_rule() {
        let src = SourceText::new("--\n--------\t---\n", Rendering::TsvHtml);
        assert!(!src.rows[0].rule);
        assert_eq!(src.rows[0].cells, vec!["--"]);
        assert!(src.rows[1].rule);
    }

    #[test]
    fn form_feeds_count_pages() {
        let src = SourceText::new("a\n\u{0C}b\nc\u{0C}\nd", Rendering::Pdftotext);
        assert_eq!(src.page_count, Some(3));
        assert_eq!(src.rows[1].page, Some(2));
        assert_eq!(src.rows[3].page, Some(3));
    }

    #[test]
    fn ideographic_space_line_is_not_blank() {
        let src = SourceText::new("\u{3000}\n\n", Rendering::Pdftotext);
        assert!(!src.rows[0].blank);
        assert!(src.rows[1].blank);
    }
}
