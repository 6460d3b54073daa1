//! Labels wrapped over two lines with the value printed beside their first part.
//!
//! `pdftotext` of a table whose label column is narrower than a label prints the label's first
//! line, then the value cell's first line on the same text line, then the label's second line:
//!
//! ```text
//! ② 取扱いを委託する特定個人情報ファ [特定個人情報ファイルの一部]
//! イルの範囲
//! ```
//!
//! Neither line holds the label whole. Where a line opens with the first part of exactly one
//! catalog label (six characters or more) followed by a value (a selection `[ … ]` or a check
//! box), and one of the next two lines opens with the rest of that label, the label is put back
//! together on the first line, before its value; what follows the rest on the later line (the
//! value's own second line: `提供方法 モリ [ ○ ]紙`) is appended to the value.

use crate::catalog::{label_key, FormVersion, Role};
use crate::extract::values::is_mark;
use crate::segment::SourceText;

/// Shortest first part of a label that is rejoined, in characters.
const MIN_PART: usize = 6;

/// `src` with wrapped labels rejoined, or `None` when it has none.
pub fn rejoin(src: &SourceText, fv: &FormVersion) -> Option<SourceText> {
    let keys: Vec<&str> = fv
        .entries
        .iter()
        .filter(|e| matches!(e.role, Role::Item(_)))
        .flat_map(|e| e.keys.iter().map(String::as_str))
        .collect();
    let mut out: Option<SourceText> = None;
    for i in 0..src.rows.len() {
        let rows = &out.as_ref().unwrap_or(src).rows;
        let Some((head, value)) = label_then_value(&rows[i].joined(" ")) else {
            continue;
        };
        let first = label_key(&head);
        if first.chars().count() < MIN_PART || keys.contains(&first.as_str()) {
            continue;
        }
        let mut rests: Vec<&str> = keys
            .iter()
            .filter(|k| k.len() > first.len() && k.starts_with(first.as_str()))
            .map(|k| &k[first.len()..])
            .collect();
        rests.sort_unstable();
        rests.dedup();
        let [rest] = rests.as_slice() else {
            continue;
        };
        let next = (i + 1..src.rows.len().min(i + 3)).find(|&j| !rows[j].is_empty());
        let Some(j) = next else {
            continue;
        };
        let text = rows[j].joined(" ");
        let Some(cut) = opening(&text, rest) else {
            continue;
        };
        let (second, after) = (text[..cut].trim(), text[cut..].trim());
        let mut joined = format!("{head}{second} {value}");
        if !after.is_empty() {
            joined.push(' ');
            joined.push_str(after);
        }
        // A run of check boxes whose second line comes after the label's rest (`モリ [ ○ ]紙`):
        // a line that opens with a word shorter than any label, then a box.
        let more = (after.is_empty() && value.chars().any(is_mark))
            .then(|| (j + 1..src.rows.len().min(j + 3)).find(|&k| !rows[k].is_empty()))
            .flatten()
            .filter(|&k| {
                let t = rows[k].joined(" ");
                label_then_value(&t).is_some_and(|(head, v)| {
                    head.chars().count() < MIN_PART && v.starts_with(is_mark)
                })
            });
        if let Some(k) = more {
            joined.push(' ');
            joined.push_str(&rows[k].joined(" "));
        }
        let fixed = out.get_or_insert_with(|| src.clone());
        fixed.rows[i].cells = vec![joined];
        for r in [Some(j), more].into_iter().flatten() {
            fixed.rows[r].cells.clear();
            fixed.rows[r].blank = true;
        }
    }
    out
}

/// A line's text cut before its value: a `[` or a check box after white space.
fn label_then_value(text: &str) -> Option<(String, String)> {
    let mut prev_space = false;
    for (at, c) in text.char_indices() {
        if prev_space && (c == '[' || is_mark(c)) {
            let head = text[..at].trim_end();
            return (!head.is_empty()).then(|| (head.to_string(), text[at..].to_string()));
        }
        prev_space = c.is_whitespace();
    }
    None
}

/// Where the words of `text` that spell `rest` (white space aside) end, at a break.
fn opening(text: &str, rest: &str) -> Option<usize> {
    let ends = text
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(at, _)| at)
        .chain([text.len()]);
    ends.take(8).find(|&at| label_key(&text[..at]) == rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FormKind, Rendering};

    fn rejoined(text: &str) -> Vec<String> {
        let src = SourceText::new(text, Rendering::Pdftotext);
        let fv = crate::extract::catalog_for(FormKind::Zenkomoku)
            .and_then(|c| c.resolved("current"))
            .expect("catalog");
        let out = rejoin(&src, fv).unwrap_or(src);
        out.rows.iter().map(|r| r.joined(" ")).collect()
    }

    #[test]
    fn a_label_wrapped_around_its_value_is_put_back_together() {
        // Plain pdftotext of tests/data/pdf/zenkomoku_fixture_lo.pdf.
        let rows = rejoined(
            "② 取扱いを委託する特定個人情報ファ [特定個人情報ファイルの一部]\nイルの範囲\n",
        );
        assert_eq!(
            rows[0],
            "② 取扱いを委託する特定個人情報ファイルの範囲 [特定個人情報ファイルの一部]"
        );
        assert_eq!(rows[1], "");
    }

    #[test]
    fn the_values_second_line_beside_the_labels_rest_joins_the_value() {
        // pdftotext -layout of the same PDF.
        let rows = rejoined("④ 委託先への特定個人情報ファイルの [ ]専用線 [ ○ ]電子メール [ ]フラッシュメ\n提供方法               モリ [ ○ ]紙 [ ]その他 ( )\n");
        // (Check boxes are normalized to their tokens: U+E001 checked, U+E002 not.)
        assert_eq!(
            rows[0],
            "④ 委託先への特定個人情報ファイルの提供方法 \u{e002}専用線 \u{e001}電子メール \u{e002}フラッシュメ モリ \u{e001}紙 \u{e002}その他 ( )"
        );
        assert_eq!(rows[1], "");
    }

    #[test]
    fn a_check_box_run_continued_after_the_labels_rest_joins_the_value() {
        // Plain pdftotext of tests/data/pdf/zenkomoku_fixture_lo.pdf: the run's second line
        // comes after the label's second line.
        let rows = rejoined("④ 委託先への特定個人情報ファイルの [ ]専用線 [ ○ ]電子メール [ ]フラッシュメ\n提供方法\nモリ [ ○ ]紙 [ ]その他 ( )\n⑥ 委託先名\n");
        assert!(rows[0].starts_with("④ 委託先への特定個人情報ファイルの提供方法 "));
        assert!(
            rows[0].ends_with("フラッシュメ モリ \u{e001}紙 \u{e002}その他 ( )"),
            "{rows:?}"
        );
        assert_eq!((rows[1].as_str(), rows[2].as_str()), ("", ""));
        assert_eq!(rows[3], "⑥ 委託先名");
    }

    #[test]
    fn text_that_only_starts_like_a_label_is_left_alone() {
        // The next line is not the label's rest.
        let text = "② 取扱いを委託する特定個人情報ファ [特定個人情報ファイルの一部]\n別の行\n";
        assert_eq!(rejoined(text)[1], "別の行");
        // A whole label before its value is not touched.
        let text = "②取扱いを委託する特定個人情報ファイルの範囲 [特定個人情報ファイルの一部]\nイルの範囲\n";
        assert_eq!(rejoined(text)[1], "イルの範囲");
    }
}
