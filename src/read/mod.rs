//! Read: one whitespace-insensitive character stream per rendering, with positions back to the
//! source rows, and catalog labels found in it as anchors.
//!
//! Converters lay a 評価書 out in many ways (one cell per line, a page on one line, letter
//! spacing, labels glued to their values, label blocks before value blocks). Once white space
//! is dropped, the *characters* of a label and of its value are the same in all of them; only
//! where the breaks fall differs. A [`Stream`] keeps the characters, the source row of each,
//! and whether a break (white space, a cell or a line boundary) came before it, so a value
//! read between two anchors can be given back with its own spaces.
//!
//! [`unspace`] removes letter spacing (`令 和 7 年`) from a text before it is segmented, in
//! one place, so every later stage sees `令和7年`. [`rows`] rebuilds the rows of a text whose
//! cells are not rows of their own, around the catalog's labels found in its stream.
//! [`wrapped`] puts back together labels that `pdftotext` wrapped around their values.
//!
//! ```
//! use hyoka::read::Stream;
//! let s = Stream::new([(0, "評価実施機関名 山口県"), (1, "防府市長")]);
//! assert_eq!(s.text, "評価実施機関名山口県防府市長");
//! let at = s.text.find("山口県").unwrap();
//! assert_eq!(s.spaced(at..s.text.len()), "山口県 防府市長");
//! ```

mod layout;
pub mod rows;
mod unspace;
pub(crate) mod wrapped;

pub use layout::columns;
pub use unspace::unspace;

use std::ops::Range;

/// Characters of some source rows with white space removed, each with its row.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// The characters, white space removed.
    pub text: String,
    /// Byte offset in `text` of each character.
    starts: Vec<usize>,
    /// Source row index of each character.
    rows: Vec<usize>,
    /// A break (white space, cell or row boundary) came before the character.
    gaps: Vec<bool>,
}

impl Stream {
    /// Builds the stream of `(row index, text)` pairs, in order.
    pub fn new<'a>(parts: impl IntoIterator<Item = (usize, &'a str)>) -> Stream {
        let mut s = Stream::default();
        for (row, text) in parts {
            let mut gap = true;
            for c in text.chars() {
                if c.is_whitespace() {
                    gap = true;
                    continue;
                }
                s.starts.push(s.text.len());
                s.rows.push(row);
                s.gaps.push(gap);
                s.text.push(c);
                gap = false;
            }
        }
        s
    }

    /// Index of the character at byte `at` (or the number of characters at the end).
    fn index(&self, at: usize) -> usize {
        self.starts.partition_point(|&b| b < at)
    }

    /// Whether a break comes before the character at byte `at` (true at both ends).
    pub fn gap_at(&self, at: usize) -> bool {
        let i = self.index(at);
        i == 0 || i >= self.gaps.len() || self.gaps[i]
    }

    /// The text of byte range `r` with one space at each break inside it.
    pub fn spaced(&self, r: Range<usize>) -> String {
        let (a, b) = (self.index(r.start), self.index(r.end));
        let mut out = String::with_capacity(r.len() + 8);
        for i in a..b {
            if i > a && self.gaps[i] {
                out.push(' ');
            }
            let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
            out.push_str(&self.text[self.starts[i]..end]);
        }
        out
    }

    /// Source rows of the characters in byte range `r`.
    pub fn rows_of(&self, r: Range<usize>) -> Range<usize> {
        let (a, b) = (self.index(r.start), self.index(r.end));
        if a >= b {
            return 0..0;
        }
        self.rows[a]..self.rows[b - 1] + 1
    }

    /// Number of characters of row `row` in the stream.
    pub fn chars_of_row(&self, row: usize) -> usize {
        self.rows.iter().filter(|&&r| r == row).count()
    }

    /// Number of characters of row `row` inside byte range `r`.
    pub fn chars_of_row_in(&self, row: usize, r: Range<usize>) -> usize {
        let (a, b) = (self.index(r.start), self.index(r.end));
        self.rows[a..b].iter().filter(|&&x| x == row).count()
    }

    /// Source row of the character at byte `at` (the last row at the end).
    pub fn row_at(&self, at: usize) -> usize {
        let i = self.index(at).min(self.rows.len().saturating_sub(1));
        self.rows.get(i).copied().unwrap_or(0)
    }

    /// Whether the character at byte `at` is the first of its row.
    pub fn starts_row(&self, at: usize) -> bool {
        let i = self.index(at);
        i == 0 || (i < self.rows.len() && self.rows[i - 1] != self.rows[i])
    }

    /// Byte range `r` cut where the source row changes: `(row, range)` pieces in order.
    pub fn split_rows(&self, r: Range<usize>) -> Vec<(usize, Range<usize>)> {
        let (a, b) = (self.index(r.start), self.index(r.end));
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        for i in a..b {
            let start = self.starts[i];
            let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
            match out.last_mut() {
                Some((row, piece)) if *row == self.rows[i] => piece.end = end,
                _ => out.push((self.rows[i], start..end)),
            }
        }
        out
    }

    /// Whether byte range `r` holds every character of row `row`.
    pub fn covers_row(&self, row: usize, r: Range<usize>) -> bool {
        self.chars_of_row_in(row, r) == self.chars_of_row(row)
    }

    /// The spaced text of the characters of row `row` inside byte range `r`.
    pub fn part_of_row(&self, row: usize, r: Range<usize>) -> String {
        self.split_rows(r)
            .into_iter()
            .filter(|(x, _)| *x == row)
            .map(|(_, p)| self.spaced(p))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Cuts the stream at byte `at`.
    pub fn truncate(&mut self, at: usize) {
        let i = self.index(at);
        self.starts.truncate(i);
        self.rows.truncate(i);
        self.gaps.truncate(i);
        self.text.truncate(self.starts.last().map_or(0, |&s| {
            s + self.text[s..].chars().next().map_or(0, char::len_utf8)
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_become_single_spaces() {
        let s = Stream::new([(0, "川口市  国民健康保険に関する事務"), (1, "全項目評価書")]);
        assert_eq!(s.text, "川口市国民健康保険に関する事務全項目評価書");
        assert_eq!(
            s.spaced(0..s.text.len()),
            "川口市 国民健康保険に関する事務 全項目評価書"
        );
        assert_eq!(s.rows_of(0..3), 0..1);
        assert!(s.gap_at(s.text.find("全").unwrap()));
        assert!(!s.gap_at(s.text.find("国").unwrap() + 3));
        let mut t = s.clone();
        t.truncate(s.text.find("国").unwrap());
        assert_eq!(t.text, "川口市");
    }
}
