//! Table rows rebuilt from the columns of a `pdftotext -layout` text.
//!
//! poppler's layout mode keeps a table's columns with runs of spaces, but not its rows: a label
//! wrapped over two lines has its value beside the first, the choice list runs down a third
//! column, and a value taller than its label starts above it. The lines of one table row are
//! printed together, so this module groups lines into rows and each row's text into its
//! columns, and writes one tab-separated line per row (on the row's first line, the row's other
//! lines left blank, so line numbers stay the text's).
//!
//! Rows: a blank line ends a row. A line starting at the left margin starts a row when it opens
//! with an item number (`3.`, `①`, `IV`, `リスク1:`), when the row so far is a heading alone, or
//! when it holds a value (`[ … ]`, a check box) and the row so far holds one too or is one piece
//! of text alone (a title line: `リスク2: …` before `リスクへの対策は十分か [ … ]`); otherwise it
//! continues the label.
//! An indented line always continues the row. Columns: a line is split at runs of two spaces or
//! more; each piece goes to the row's column that starts where it starts (a few characters'
//! drift allowed), or opens a column there.

/// Characters a piece may start away from its column's start and still belong to it.
const DRIFT: usize = 3;

/// The text with its rows rebuilt, or `None` when it is not laid out in columns (fewer than 20
/// lines, or fewer than one line in five holding a run of three spaces between words).
pub fn columns(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let filled = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let spaced = lines.iter().filter(|l| l.trim().contains("   ")).count();
    if filled < 20 || spaced * 5 < filled {
        return None;
    }
    let mut out: Vec<String> = vec![String::new(); lines.len()];
    let mut row = Block::default();
    for (n, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches('\r').replace('\u{0C}', "");
        let pieces = pieces(&line);
        let Some(&(col, first)) = pieces.first() else {
            row.flush(&mut out);
            continue;
        };
        let has_value = pieces.iter().any(|(_, p)| is_value(p));
        let margin = col <= 1;
        let starts = margin
            && !row.is_empty()
            && row.has_margin
            && (opens_item(first)
                || row.heading
                || (has_value && (row.has_value || row.cells.len() == 1)));
        if starts {
            row.flush(&mut out);
        }
        if row.is_empty() {
            row.line = n;
            row.heading = margin && pieces.len() == 1 && opens_item(first);
        } else {
            row.heading = false;
        }
        row.has_margin |= margin;
        row.has_value |= has_value;
        for (c, p) in pieces {
            row.add(c, p);
        }
    }
    row.flush(&mut out);
    Some(out.join("\n"))
}

#[derive(Debug, Default)]
struct Block {
    /// Index of the row's first line.
    line: usize,
    /// Columns: start and text.
    cells: Vec<(usize, String)>,
    has_margin: bool,
    has_value: bool,
    heading: bool,
}

impl Block {
    fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    fn add(&mut self, col: usize, piece: &str) {
        match self
            .cells
            .iter_mut()
            .find(|(c, _)| c.abs_diff(col) <= DRIFT)
        {
            Some((_, text)) => {
                if needs_space(text, piece) {
                    text.push(' ');
                }
                text.push_str(piece);
            }
            None => {
                let at = self.cells.partition_point(|(c, _)| *c < col);
                self.cells.insert(at, (col, piece.to_string()));
            }
        }
    }

    fn flush(&mut self, out: &mut [String]) {
        if !self.cells.is_empty() {
            out[self.line] = self
                .cells
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join("\t");
        }
        *self = Block::default();
    }
}

/// The pieces of a line with the character column each starts at.
fn pieces(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char col, byte)
    let mut spaces = 0;
    let mut last_end = 0;
    for (col, (b, c)) in line.char_indices().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            spaces += 1;
            if spaces == 2 {
                if let Some((sc, sb)) = start.take() {
                    out.push((sc, line[sb..last_end].trim_end()));
                }
            }
            continue;
        }
        spaces = 0;
        // A choice list starts a column of its own even when nothing separates it from the
        // selection before it (`[特に力を入れて行ってい<選択肢>`, the selection wrapped below).
        if let Some((sc, sb)) = start {
            let rest = &line[b..];
            if sb < b && (rest.starts_with("<選択肢>") || rest.starts_with("＜選択肢＞")) {
                out.push((sc, line[sb..b].trim_end()));
                start = None;
            }
        }
        if start.is_none() {
            start = Some((col, b));
        }
        last_end = b + c.len_utf8();
    }
    if let Some((sc, sb)) = start {
        out.push((sc, line[sb..last_end].trim_end()));
    }
    out
}

/// A value cell: a selection or a check box.
fn is_value(piece: &str) -> bool {
    piece.starts_with('[') || piece.starts_with(['■', '□', '☑', '☐', '☒'])
}

/// An item number, a circled number or a section numeral opens the piece.
fn opens_item(piece: &str) -> bool {
    let t = piece.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && t[digits..].starts_with(['.', '.', ',']) {
        return true;
    }
    if let Some(rest) = t.strip_prefix("リスク") {
        let d = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if d > 0 && rest[d..].trim_start().starts_with([':', ':']) {
            return true;
        }
    }
    let first = t.chars().next().unwrap_or(' ');
    ('\u{2460}'..='\u{2473}').contains(&first)
        || [
            "I ", "II ", "III ", "IV ", "V ", "VI ", "VII ", "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "(別添",
            "別紙",
        ]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Whether two pieces of one column are joined with a space: between ASCII words, and before a
/// choice list's entry (`2) …`) or a bracket.
fn needs_space(text: &str, piece: &str) -> bool {
    let a = text.chars().last().unwrap_or(' ');
    let b = piece.chars().next().unwrap_or(' ');
    let entry = {
        let d = piece.len() - piece.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        d > 0 && piece[d..].starts_with(')')
    };
    (a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()) || entry || b == '[' || b == '<'
}

#[cfg(test)]
mod tests {
    use super::*;

    // The layout poppler gives the 基礎 PDF fixture's IV.2 row (tests/data/pdf/kiso_fixture.tsv).
    const WRAPPED: &str = "目的外の入手が行われるリスクへの対策      [特に力を入れている]      <選択肢>\nは十分か                                     1) 特に力を入れている\n                                         2) 十分である\n                                         3) 課題が残されている\n3. 特定個人情報の使用\n目的を超えた紐付け、事務に必要のない      [十分である]          <選択肢>\n";

    #[test]
    fn a_wrapped_label_and_a_list_down_its_column_become_one_row() {
        // (Twenty lines of columns after it, so the text counts as laid out.)
        let more = "\na   b".repeat(20);
        let out = columns(&format!("{WRAPPED}{more}\n")).expect("laid out");
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(
            lines[0],
            "目的外の入手が行われるリスクへの対策は十分か\t[特に力を入れている]\t<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている"
        );
        assert_eq!(&lines[1..4], ["", "", ""]);
        assert_eq!(lines[4], "3. 特定個人情報の使用");
        assert!(
            lines[5].starts_with("目的を超えた紐付け、事務に必要のない\t[十分である]"),
            "{lines:?}"
        );
    }

    #[test]
    fn a_text_without_columns_is_left_alone() {
        assert_eq!(columns("評価書番号\n11\n評価書名\n"), None);
    }

    #[test]
    fn a_title_line_before_a_row_is_not_part_of_its_label() {
        // Chromium's PDF of the 全項目 fixture: the risk titles sit right above their rows.
        let text = "リスク1: 目的外の入手が行われるリスク\nリスクへの対策は十分か          [課題が残されている]        <選択肢>\n                                        1) 特に力を入れている\nリスク2: 不適切な方法で入手が行われるリスク\nリスクへの対策は十分か          [特に力を入れている]        <選択肢>\n";
        let more = "\na   b".repeat(20);
        let out = columns(&format!("{text}{more}\n")).expect("laid out");
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines[0], "リスク1: 目的外の入手が行われるリスク");
        assert!(
            lines[1].starts_with("リスクへの対策は十分か\t[課題が残されている]"),
            "{lines:?}"
        );
        assert_eq!(lines[3], "リスク2: 不適切な方法で入手が行われるリスク");
        assert!(
            lines[4].starts_with("リスクへの対策は十分か\t[特に力を入れている]"),
            "{lines:?}"
        );
    }

    #[test]
    fn a_choice_list_glued_to_a_wrapped_selection_starts_its_own_column() {
        // Chromium's PDF of the 基礎 fixture (IV.10): the selection wraps below, the list
        // follows it with no gap.
        assert_eq!(
            pieces("従業者に対する教育・啓発            [特に力を入れて行ってい<選択肢>"),
            vec![
                (0, "従業者に対する教育・啓発"),
                (24, "[特に力を入れて行ってい"),
                (36, "<選択肢>")
            ]
        );
        let text = "従業者に対する教育・啓発            [特に力を入れて行ってい<選択肢>\n                        る]          1) 特に力を入れて行っている\n                                    2) 十分に行っている\n";
        let more = "\na   b".repeat(20);
        let out = columns(&format!("{text}{more}\n")).expect("laid out");
        let first = out.split('\n').next().unwrap_or("");
        assert!(
            first.starts_with("従業者に対する教育・啓発\t[特に力を入れて行っている]\t<選択肢> 1)"),
            "{first}"
        );
    }
}
