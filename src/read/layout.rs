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
//! of text alone (a title line: `リスク2: …` before `リスクへの対策は十分か [ … ]`), when it holds
//! a selection and the row so far is a numbered line with words beside it but no selection (a
//! heading whose box a PDF drew as a graphic: `4. …の委託  委託しない`), or when its second piece
//! is a text starting where the row's selection starts (`判断の根拠  入力内容…` below
//! `…対策は  [十分である]`); otherwise it continues the label.
//! An indented line always continues the row. Columns: a line is split at runs of two spaces or
//! more, before a choice list (`<選択肢>`), before its first entry one space after a wrapped
//! selection (`…リスク 1) 目的外…`) and before a selection one space after a label at the margin
//! (`…アクセス権限のな [課題が残されている]`); each piece goes to the row's column that starts
//! where it starts (a few characters' drift allowed), or, for the next entry of the row's choice
//! list (`7)` after `6)`, the list continued on a page whose columns sit elsewhere), to the list;
//! or opens a column there.

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
        let has_selection = pieces.iter().any(|(_, p)| is_selection(p));
        let margin = col <= 1;
        let starts = margin
            && !row.is_empty()
            && row.has_margin
            && (opens_item(first)
                || row.heading
                || (has_value && (row.has_value || row.cells.len() == 1))
                || (has_selection
                    && row.numbered
                    && row.selection_at.is_none()
                    && row.cells.len() > 1)
                || row.selection_at.is_some_and(|at| text_beside(&pieces, at)));
        if starts {
            row.flush(&mut out);
        }
        if row.is_empty() {
            row.line = n;
            row.heading = margin && pieces.len() == 1 && opens_item(first);
            row.numbered = margin && opens_item(first);
        } else {
            row.heading = false;
        }
        if row.selection_at.is_none() {
            row.selection_at = pieces
                .iter()
                .find(|(_, p)| is_selection(p))
                .map(|&(c, _)| c);
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
    /// Columns: start, the start of a later piece of the column away from it (see `add`), and
    /// text.
    cells: Vec<(usize, Option<usize>, String)>,
    has_margin: bool,
    has_value: bool,
    /// Where the row's first selection (`[ … ]` holding more than a box mark) starts.
    selection_at: Option<usize>,
    heading: bool,
    /// The row's first line opens with an item number at the margin.
    numbered: bool,
}

impl Block {
    fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Adds a piece to the column that starts where it starts. A choice list's next entry
    /// (`7) …` after `6) …`) that starts nowhere near a column belongs to the row's choice list
    /// all the same: a list running onto the next page is printed a few characters off (the
    /// columns of a page are placed anew); the rest of the list follows it there.
    fn add(&mut self, col: usize, piece: &str) {
        let near = |c: usize, alt: Option<usize>| {
            c.abs_diff(col) <= DRIFT || alt.is_some_and(|a| a.abs_diff(col) <= DRIFT)
        };
        let mut found = self.cells.iter().position(|(c, alt, _)| near(*c, *alt));
        if found.is_none() {
            if let Some(n) = entry_number(piece) {
                let lists: Vec<usize> = (0..self.cells.len())
                    .filter(|&i| is_list(&self.cells[i].2))
                    .collect();
                if let [i] = lists[..] {
                    if last_entry(&self.cells[i].2) == Some(n - 1) {
                        self.cells[i].1 = Some(col);
                        found = Some(i);
                    }
                }
            }
        }
        match found {
            Some(i) => {
                let text = &mut self.cells[i].2;
                if needs_space(text, piece) {
                    text.push(' ');
                }
                text.push_str(piece);
            }
            None => {
                let at = self.cells.partition_point(|(c, _, _)| *c < col);
                self.cells.insert(at, (col, None, piece.to_string()));
            }
        }
    }

    fn flush(&mut self, out: &mut [String]) {
        if !self.cells.is_empty() {
            out[self.line] = self
                .cells
                .iter()
                .map(|(_, _, t)| t.as_str())
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
        let single = spaces == 1;
        spaces = 0;
        // A choice list starts a column of its own even when nothing separates it from the
        // selection before it (`[特に力を入れて行ってい<選択肢>`, the selection wrapped below).
        // So does a list's first entry one space after a wrapped selection's line (`不正に使用さ
        // れるリスク 1) 目的外の入手…`), and a selection one space after the label at the
        // margin (`権限のない者(元職員、アクセス権限のな [課題が残されている]`).
        if let Some((sc, sb)) = start {
            let rest = &line[b..];
            let so_far = &line[sb..b];
            let list = rest.starts_with("<選択肢>") || rest.starts_with("＜選択肢＞");
            let first_entry = single
                && rest.starts_with("1)")
                && !is_list(so_far)
                && so_far
                    .trim_end()
                    .ends_with(|c: char| !c.is_ascii() && c != '[' && c != '［');
            let selection = single
                && sc <= 1
                && rest.starts_with('[')
                && !so_far.contains('[')
                && so_far.trim_end().chars().count() >= 6
                && is_selection(rest);
            if sb < b && (list || first_entry || selection) {
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

/// A line of a label and a text beside it, the text where the row's selection starts
/// (`判断の根拠  入力内容を二人で確認している。` below `人為的ミス…は  [十分である]`): a row of its own,
/// not the rest of the label above. A choice list's entry there (`1) 特に力を入れている`) is the
/// list's.
fn text_beside(pieces: &[(usize, &str)], selection_at: usize) -> bool {
    matches!(pieces, [_, (c, p), ..] if c.abs_diff(selection_at) <= DRIFT
        && !is_value(p)
        && !p.starts_with('<')
        && !p.starts_with("1)")
        && entry_number(p).is_none())
}

/// A value cell: a selection or a check box.
fn is_value(piece: &str) -> bool {
    piece.starts_with('[') || piece.starts_with(['■', '□', '☑', '☐', '☒'])
}

/// A selection: a bracket holding more than spaces and a box mark (`[十分である]`, or its
/// first line `[特に力を入れて行ってい`), not a box (`[ ]`, `[ ○ ]自己点検`).
fn is_selection(piece: &str) -> bool {
    let Some(rest) = piece.strip_prefix('[') else {
        return false;
    };
    let inner = rest.split(']').next().unwrap_or("");
    inner.chars().filter(|c| !c.is_whitespace()).count() > 1
}

/// A column holding a choice list.
fn is_list(text: &str) -> bool {
    text.contains("<選択肢>") || text.contains("＜選択肢＞")
}

/// The number of a choice-list entry opening a piece (`7) …` → 7).
fn entry_number(piece: &str) -> Option<u32> {
    let d = piece.len() - piece.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if d == 0 || d > 2 || !piece[d..].starts_with(')') {
        return None;
    }
    piece[..d].parse().ok().filter(|&n| n > 1)
}

/// The number of the last entry (`n)` at the start or after a space) of a choice list.
fn last_entry(text: &str) -> Option<u32> {
    text.rmatch_indices(')').find_map(|(at, _)| {
        let head = &text[..at];
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let before = &head[..head.len() - digits];
        (digits > 0 && digits <= 2 && (before.is_empty() || before.ends_with(' ')))
            .then(|| head[head.len() - digits..].parse().ok())
            .flatten()
    })
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

    /// The layout rows of `text` (twenty lines of columns after it, so it counts as laid out),
    /// the blank lines left out.
    fn rows_of(text: &str) -> Vec<String> {
        let more = "\na   b".repeat(20);
        let out = columns(&format!("{text}\n{more}\n")).expect("laid out");
        out.split('\n')
            .filter(|l| !l.is_empty() && !l.starts_with("a a"))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_heading_with_a_box_drawn_as_a_graphic_is_a_row_of_its_own() {
        // Chromium's PDF of the 基礎 fixture (tests/data/pdf/kiso_fixture.tsv L50-51): the box
        // of `[ ○ ]委託しない` is a graphic, so the heading's row shows only the option's words,
        // and the next row's label opens at the margin without a number.
        let text = "4. 特定個人情報ファイルの取扱いの委託     委託しない\n委託先における不正な使用等のリスクへ      [十分である]          <選択肢>\nの対策は十分か                                  1) 特に力を入れている\n                                         2) 十分である\n                                         3) 課題が残されている\n";
        assert_eq!(
            rows_of(text),
            [
                "4. 特定個人情報ファイルの取扱いの委託\t委託しない",
                "委託先における不正な使用等のリスクへの対策は十分か\t[十分である]\t<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている",
            ]
        );
        // L45-46: the heading wraps its closing parenthesis onto a line of its own.
        let text = "2. 特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。\n                                    )\n目的外の入手が行われるリスクへの対策      [特に力を入れている]      <選択肢>\nは十分か                                     1) 特に力を入れている\n";
        let rows = rows_of(text);
        assert_eq!(
            rows[1],
            "目的外の入手が行われるリスクへの対策は十分か\t[特に力を入れている]\t<選択肢> 1) 特に力を入れている"
        );
    }

    #[test]
    fn a_text_beside_a_label_below_a_selection_is_a_row_of_its_own() {
        // Chromium's PDF of the 基礎 fixture, IV.8 (kiso_fixture.tsv L60-61): 判断の根拠's text
        // starts where the selection above starts.
        let text = "人為的ミスが発生するリスクへの対策は      [十分である]     <選択肢>\n十分か                                 1) 特に力を入れている\n                                    2) 十分である\n                                    3) 課題が残されている\n判断の根拠                   入力内容を二人で確認している。\n";
        assert_eq!(
            rows_of(text),
            [
                "人為的ミスが発生するリスクへの対策は十分か\t[十分である]\t<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている",
                "判断の根拠\t入力内容を二人で確認している。",
            ]
        );
    }

    #[test]
    fn a_selection_one_space_after_its_label_is_a_column_of_its_own() {
        // LibreOffice's PDF of the 基礎 fixture, IV.3 (kiso_fixture.tsv L49).
        let text = "権限のない者(元職員、アクセス権限のな [課題が残されている]             <選択肢>\n                                          1) 特に力を入れている\nい職員等)によって不正に使用されるリス                       2) 十分である\nクへの対策は十分か                                 3) 課題が残されている\n";
        assert_eq!(
            rows_of(text),
            ["権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスクへの対策は十分か\t[課題が残されている]\t<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている"]
        );
        // Boxes one space apart stay one piece.
        assert_eq!(
            pieces("実施の有無                  [ ]自己点検 [ ○ ]内部監査"),
            vec![(0, "実施の有無"), (23, "[ ]自己点検 [ ○ ]内部監査")]
        );
    }

    #[test]
    fn a_choice_list_runs_on_beside_a_wrapped_selection_and_onto_the_next_page() {
        // Chromium's PDF of the 基礎 fixture, IV.11 (kiso_fixture.tsv L67): the list's first
        // entry is one space after the selection's second line, and its entries 7) to 9) are
        // printed five characters to the left on the next page.
        let text = "最も優先度が高いと考えられる対策        [3) 権限のない者によって <選択肢>\n                        不正に使用されるリスク 1) 目的外の入手が行われるリスクへの対策\n                        への対策]          2) 目的を超えた紐付け\n                                       6) 情報提供ネットワークシステムを通じて目的外\n                                       の入手が行われるリスクへの対策\n\u{0C}                                  7) 情報提供ネットワークシステムを通じて不正な\n                                  提供が行われるリスクへの対策\n                                  9) 従業者に対する教育・啓発\n";
        assert_eq!(
            rows_of(text),
            ["最も優先度が高いと考えられる対策\t[3) 権限のない者によって不正に使用されるリスクへの対策]\t<選択肢> 1) 目的外の入手が行われるリスクへの対策 2) 目的を超えた紐付け 6) 情報提供ネットワークシステムを通じて目的外の入手が行われるリスクへの対策 7) 情報提供ネットワークシステムを通じて不正な提供が行われるリスクへの対策 9) 従業者に対する教育・啓発"]
        );
        // An entry that does not follow the list's last one opens a column where it starts.
        assert_eq!(
            last_entry("<選択肢> 1) 目的外 5) 不正な提供(委託を除く。)"),
            Some(5)
        );
        assert_eq!(entry_number("7) 情報提供"), Some(7));
        assert_eq!(entry_number("1) 特に"), None);
    }
}
