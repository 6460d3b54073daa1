//! The 変更箇所 table: where it is, and its rows.
//!
//! Table renderings: from the `変更箇所` title to the end; repeated header rows (one per page
//! break) are skipped; a row whose first cell is empty continues the previous row.
//! Raw pdftotext: rows are blocks that open with a date line and close with `事前`/`事後`;
//! `pdftotext` may print them before the title (form-reference §6 trap 4), so the region
//! reaches back from the title over such blocks.

use std::ops::Range;

use crate::catalog::label_key;
use crate::model::{ChangeRow, Diagnostic, Level, Rendering};
use crate::normalize::date;
use crate::segment::SourceText;

/// The change history of a document.
#[derive(Debug, Default)]
pub struct History {
    /// Rows (indices) that belong to the change history region.
    pub rows: Range<usize>,
    /// Rows accounted for by it.
    pub accounted: Vec<usize>,
    /// The parsed rows.
    pub rows_out: Vec<ChangeRow>,
    /// Findings.
    pub diags: Vec<Diagnostic>,
}

// Both keys hold `変`, which `label_key` neither makes nor folds: a text without it is
// neither, without keying it.
fn is_title(text: &str) -> bool {
    if !text.contains('変') {
        return false;
    }
    let key = label_key(text);
    key == "変更箇所"
        || (key.ends_with("変更箇所") && key.starts_with("(別添") && key.chars().count() <= 10)
}

fn is_header(text: &str) -> bool {
    if !text.contains('変') {
        return false;
    }
    let key = label_key(text);
    key.starts_with("変更日項目変更前の記載")
}

/// Finds and parses the change history.
pub fn locate(src: &SourceText) -> History {
    let index = crate::segment::index_rows(src);
    // (Both keys hold `変`: rows without it are not keyed.)
    let title = (0..src.rows.len()).find(|&i| {
        !index.contains(&i)
            && src.rows[i]
                .first()
                .is_some_and(|(_, c)| c.contains('変') && is_title(c))
    });
    let first_header = src
        .rows
        .iter()
        .position(|r| r.cells.iter().any(|c| c.contains('変')) && is_header(&r.joined("")));
    let Some(start) = title.or(first_header) else {
        return History {
            rows: src.rows.len()..src.rows.len(),
            ..History::default()
        };
    };
    let mut h = match src.rendering {
        Rendering::Pdftotext => lines(src, start),
        _ => table(src, start),
    };
    merge_parts(&mut h.rows_out);
    h
}

/// `… (1/2)` / `… (2/2)`: one change split over rows (001:L1054, L1057). The parts of one
/// date and item (compared by label key, as separators vary: `－`, `-`) become one row.
fn merge_parts(rows: &mut Vec<ChangeRow>) {
    fn part(item: &str) -> Option<(String, u32, u32)> {
        let t = item.trim_end();
        let open = t.rfind('(')?;
        let (k, n) = t[open + 1..].strip_suffix(')')?.split_once('/')?;
        Some((
            label_key(&t[..open]),
            k.trim().parse().ok()?,
            n.trim().parse().ok()?,
        ))
    }
    let mut i = 0;
    while i < rows.len() {
        let Some((base, 1, total)) = rows[i].item.as_deref().and_then(part) else {
            i += 1;
            continue;
        };
        let mut next_part = 2;
        let mut j = i + 1;
        while next_part <= total && j < rows.len() {
            let same = rows[j].date == rows[i].date
                && rows[j]
                    .item
                    .as_deref()
                    .and_then(part)
                    .is_some_and(|(b, k, n)| b == base && k == next_part && n == total);
            if same {
                let later = rows.remove(j);
                let join = |a: &mut Option<String>, b: Option<String>| {
                    if let Some(b) = b {
                        match a {
                            Some(a) => {
                                a.push('\n');
                                a.push_str(&b);
                            }
                            None => *a = Some(b),
                        }
                    }
                };
                join(&mut rows[i].before, later.before);
                join(&mut rows[i].after, later.after);
                if rows[i].reason.is_none() {
                    rows[i].reason = later.reason;
                }
                next_part += 1;
            } else {
                j += 1;
            }
        }
        if next_part > total {
            // All parts found: the item without its part marker.
            if let Some(item) = rows[i].item.as_mut() {
                if let Some(open) = item.trim_end().rfind('(') {
                    item.truncate(open);
                    let trimmed = item.trim_end().len();
                    item.truncate(trimmed);
                }
            }
        }
        i += 1;
    }
}

fn table(src: &SourceText, start: usize) -> History {
    let mut h = History {
        rows: start..src.rows.len(),
        ..History::default()
    };
    h.accounted.push(start);
    let mut current: Option<ChangeRow> = None;
    for i in start + 1..src.rows.len() {
        let row = &src.rows[i];
        if row.is_empty() {
            if row.rule {
                h.accounted.push(i);
            }
            continue;
        }
        if is_header(&row.joined("")) {
            h.accounted.push(i);
            continue;
        }
        let cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
        let first_idx = cells.iter().position(|c| !c.is_empty()).unwrap_or(0);
        let first = cells[first_idx];
        let opens = first_idx == 0 && date::parse_whole(first).is_some();
        if opens {
            h.rows_out.extend(current.take());
            let get = |k: usize| {
                cells
                    .get(k)
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
            };
            let d = date::parse_whole(first)
                .and_then(|f| f.result.ok())
                .map(|v| v.iso);
            current = Some(ChangeRow {
                date: d,
                date_raw: Some(first.to_string()),
                item: get(1),
                before: get(2),
                after: get(3),
                timing: get(4),
                reason: get(5),
                line: row.line,
            });
            h.accounted.push(i);
        } else if let Some(cur) = current.as_mut() {
            // A row continued on the next page (first cell empty).
            let fields = [
                &mut cur.item,
                &mut cur.before,
                &mut cur.after,
                &mut cur.timing,
                &mut cur.reason,
            ];
            for (k, field) in fields.into_iter().enumerate() {
                if let Some(c) = cells.get(k + 1).map(|c| c.trim()).filter(|c| !c.is_empty()) {
                    match field {
                        Some(f) => {
                            f.push('\n');
                            f.push_str(c);
                        }
                        None => *field = Some(c.to_string()),
                    }
                }
            }
            h.accounted.push(i);
        }
    }
    h.rows_out.extend(current);
    h
}

fn timing_of(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    for timing in ["事前", "事後"] {
        if t == timing {
            return Some(("", timing));
        }
        if let Some(head) = t.strip_suffix(timing) {
            if head.ends_with(' ') {
                return Some((head.trim(), timing));
            }
        }
    }
    None
}

fn opens_with_date(text: &str) -> Option<(String, Option<String>, String)> {
    let f = date::first_date(text)?;
    if f.start != 0 {
        return None;
    }
    let iso = f.result.ok().map(|v| v.iso);
    Some((f.raw.clone(), iso, text[f.end..].trim().to_string()))
}

fn lines(src: &SourceText, title: usize) -> History {
    let text = |i: usize| src.rows[i].joined(" ");
    // Reach back over blocks printed before the title.
    let mut start = title;
    let mut i = title;
    while i > 0 {
        let mut j = i - 1;
        while j > 0 && src.rows[j].blank {
            j -= 1;
        }
        if timing_of(&text(j)).is_none() {
            break;
        }
        // Find the date line that opens this block.
        let mut k = j;
        loop {
            if opens_with_date(&text(k)).is_some() {
                break;
            }
            if k == 0 {
                break;
            }
            k -= 1;
        }
        if opens_with_date(&text(k)).is_none() {
            break;
        }
        start = k;
        i = k;
    }
    let mut h = History {
        rows: start..src.rows.len(),
        ..History::default()
    };
    let mut i = start;
    while i < src.rows.len() {
        let t = text(i);
        if src.rows[i].blank || i == title || is_header(&t) || is_title(&t) {
            if !src.rows[i].blank {
                h.accounted.push(i);
            }
            i += 1;
            continue;
        }
        let Some((raw, iso, rest)) = opens_with_date(&t) else {
            i += 1;
            continue;
        };
        // Collect paragraphs until the timing line.
        let first_line = src.rows[i].line;
        let mut paragraphs: Vec<Vec<String>> = Vec::new();
        let mut timing = None;
        let mut head = rest;
        if let Some((before, tm)) = timing_of(&head) {
            timing = Some(tm.to_string());
            head = before.to_string();
        }
        if !head.is_empty() {
            paragraphs.push(vec![head]);
        }
        h.accounted.push(i);
        let mut j = i + 1;
        let mut new_para = true;
        while timing.is_none() && j < src.rows.len() {
            let tj = text(j);
            if src.rows[j].blank {
                new_para = true;
                j += 1;
                continue;
            }
            if opens_with_date(&tj).is_some() && paragraphs.is_empty() {
                break;
            }
            h.accounted.push(j);
            if let Some((before, tm)) = timing_of(&tj) {
                timing = Some(tm.to_string());
                if !before.is_empty() {
                    paragraphs.push(vec![before.to_string()]);
                }
                j += 1;
                break;
            }
            if new_para {
                paragraphs.push(Vec::new());
                new_para = false;
            }
            if let Some(p) = paragraphs.last_mut() {
                p.push(tj);
            }
            j += 1;
        }
        let joined: Vec<String> = paragraphs
            .iter()
            .map(|p| {
                let refs: Vec<&str> = p.iter().map(String::as_str).collect();
                crate::normalize::join_wrapped(&refs)
            })
            .collect();
        let (item, before, after) = split_fields(&joined);
        if before.is_none() && after.is_some() && joined.len() != 3 {
            h.diags.push(Diagnostic {
                level: Level::Info,
                code: "change_history.split_uncertain".into(),
                path: None,
                line: Some(first_line),
                message: "the row's 変更前/変更後 cells cannot be told apart in this layout; the text is given as 変更後".into(),
            });
        }
        h.rows_out.push(ChangeRow {
            date: iso,
            date_raw: Some(raw),
            item,
            before,
            after,
            timing,
            reason: None,
            line: first_line,
        });
        i = j.max(i + 1);
    }
    h
}

/// Item / before / after from the block's paragraphs.
fn split_fields(p: &[String]) -> (Option<String>, Option<String>, Option<String>) {
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    match p {
        [] => (None, None, None),
        [one] => {
            let tokens: Vec<&str> = one.split(' ').filter(|t| !t.is_empty()).collect();
            if tokens.len() == 3 {
                (some(tokens[0]), some(tokens[1]), some(tokens[2]))
            } else {
                (some(one), None, None)
            }
        }
        [item, one] => {
            let tokens: Vec<&str> = one.split(' ').filter(|t| !t.is_empty()).collect();
            if tokens.len() == 2 && !one.contains('\n') {
                (some(item), some(tokens[0]), some(tokens[1]))
            } else {
                (some(item), None, some(one))
            }
        }
        [item, before, rest @ ..] => (some(item), some(before), some(&rest.join("\n"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_title() {
        assert!(is_header(
            "変更日 項目 変更前の記載 変更後の記載 提出時期 提出時期に係る説明"
        ));
        assert!(is_title("変更箇所"));
        assert!(is_title("(別添3)変更箇所"));
        assert!(!is_title("変更箇所一覧の説明を含む長い見出し"));
    }

    #[test]
    fn parts_of_one_change_are_merged() {
        let row = |line: u32, item: &str, after: &str| ChangeRow {
            date: Some("2025-06-06".into()),
            date_raw: None,
            item: Some(item.into()),
            before: None,
            after: Some(after.into()),
            timing: Some("事前".into()),
            reason: None,
            line,
        };
        let mut rows = vec![
            row(
                1054,
                "I 基本情報－5.個人番号の利用－法令上の根拠 (1/2)",
                "前半",
            ),
            row(1055, "II 別の項目", "x"),
            row(
                1057,
                "I 基本情報-5.個人番号の利用-法令上の根拠 (2/2)",
                "後半",
            ),
            row(1060, "I 基本情報－6.法令上の根拠 (1/2)", "片方だけ"),
        ];
        merge_parts(&mut rows);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].item.as_deref(),
            Some("I 基本情報－5.個人番号の利用－法令上の根拠")
        );
        assert_eq!(rows[0].after.as_deref(), Some("前半\n後半"));
        assert_eq!(rows[0].line, 1054);
        // A part whose other half is missing stays as printed.
        assert_eq!(
            rows[2].item.as_deref(),
            Some("I 基本情報－6.法令上の根拠 (1/2)")
        );
    }

    #[test]
    fn one_line_block_fields() {
        let (i, b, a) =
            split_fields(&["しきい値判断の年月日 平成29年6月20日 平成31年4月1日".to_string()]);
        assert_eq!(i.as_deref(), Some("しきい値判断の年月日"));
        assert_eq!(b.as_deref(), Some("平成29年6月20日"));
        assert_eq!(a.as_deref(), Some("平成31年4月1日"));
    }
}
