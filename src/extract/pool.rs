//! Line mode recovery: values stranded away from their labels by a scrambled reading order.
//!
//! `pdftotext` of a multi-column form can print all answers of a section in one run and all
//! questions in another (form-reference §6 trap 4). A stranded value is paired with an item
//! only when the pairing is certain: every still-open item with that choice list receives a
//! value, and all those values are the same (so the order does not matter). Anything else
//! is reported as ambiguous, never guessed.

use std::collections::BTreeMap;

use super::values::{self, Mark};
use super::{Filled, Work};
use crate::catalog::label_key;
use crate::model::{ChoiceValue, ItemType, Level, Status, Value};
use crate::normalize::choice::{choice_list, selections, split_number, MARKER};
use crate::normalize::marks;

/// Pseudo-mark for a closing bracket split from its opening one (`］委託しない`).
pub const FRAGMENT: char = ']';

/// `]label` fragments in a line; a `○` right before the bracket is a check.
pub fn bracket_fragments(text: &str) -> Vec<Mark> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(']') {
        let before = text[..at].trim_end();
        let opened = before
            .rfind('[')
            .is_some_and(|o| before.rfind(']').is_none_or(|c| c < o));
        if opened {
            continue;
        }
        let after = &text[at + 1..];
        let label = after.split('[').next().unwrap_or("").trim();
        if label.is_empty() {
            continue;
        }
        let mark = match before.chars().next_back() {
            Some('○' | '〇' | 'O' | '◯') => marks::CHECKED,
            _ => FRAGMENT,
        };
        out.push(Mark {
            mark,
            label: label.to_string(),
        });
    }
    out
}

/// A value printed away from its label.
struct Stranded {
    row: usize,
    text: String,
}

fn stranded_values(text: &str) -> Vec<String> {
    let mut out: Vec<String> = selections(text).into_iter().map(|s| s.text).collect();
    if out.is_empty() {
        // `1,000人以上1万人未満 ] 2) …`: the value before a closing bracket with no opening one.
        if let Some(close) = text.find(']') {
            let head = &text[..close];
            if !head.contains('[') && !head.trim().is_empty() {
                out.push(strip_marks(head));
            }
        }
    }
    if out.is_empty() && !text.contains(MARKER) && choice_list(text).is_none() {
        let whole = strip_marks(text);
        if split_number(&whole).0.is_none() && !whole.is_empty() {
            out.push(whole);
        }
    }
    out
}

/// The text of a selection wrapped over two lines: the first opens with `[` and its words and
/// holds no `]`, the second holds no `[` and ends with the `]`.
fn wrapped_selection(first: &str, second: &str) -> Option<String> {
    let (a, b) = (first.trim(), second.trim());
    let head = a.strip_prefix('[')?;
    let tail = b.strip_suffix(']')?;
    if head.contains([']', '[']) || tail.contains(['[', ']']) || tail.contains(MARKER) {
        return None;
    }
    let (head, tail) = (strip_marks(head), strip_marks(tail));
    (!head.is_empty() && !tail.is_empty()).then(|| format!("{head}{tail}"))
}

fn strip_marks(s: &str) -> String {
    s.chars()
        .filter(|c| !marks::is_token(*c) && *c != '[' && *c != ']')
        .collect::<String>()
        .trim()
        .to_string()
}

/// Pairs stranded values with open choice items where that is certain; reports the rest.
pub fn recover(w: &mut Work) {
    // Open slots: an item without a value, or an item of a repeated block in a block of the
    // document where it has none (a block never printed has no slots).
    let mut open: Vec<Slot> = Vec::new();
    for e in 0..w.fv.entries.len() {
        if w.fv.entries[e].item_type() != Some(ItemType::Choice) {
            continue;
        }
        if w.fv.entries[e].group.is_none() {
            if w.filled[e].is_none() {
                open.push((e, None));
            }
            continue;
        }
        for k in w.block_numbers(e) {
            if !w.group_filled.contains_key(&(e, k)) {
                open.push((e, Some(k)));
            }
        }
    }
    let mut stranded = Vec::new();
    let free = |w: &Work, i: usize| w.body[i] && !w.used[i] && !w.src.rows[i].is_empty();
    let mut i = 0;
    while i < w.src.rows.len() {
        if !free(w, i) {
            i += 1;
            continue;
        }
        let text = w.text(i, " ");
        let values = stranded_values(&text);
        // A selection wrapped onto the next line (`[その他の電子ファイル(表計算ファイル` / `等)]`).
        if i + 1 < w.src.rows.len() && free(w, i + 1) {
            let next = w.text(i + 1, " ");
            if let Some(joined) = wrapped_selection(&text, &next) {
                stranded.push(Stranded {
                    row: i,
                    text: joined,
                });
                i += 2;
                continue;
            }
        }
        for text in values {
            stranded.push(Stranded { row: i, text });
        }
        i += 1;
    }
    // Group open slots by their choice list.
    // Choice list → (open slots with it, (stranded value, choice index) found for it).
    type Group = (Vec<Slot>, Vec<(usize, usize)>);
    let mut groups: BTreeMap<Vec<String>, Group> = BTreeMap::new();
    for &slot in &open {
        groups
            .entry(w.fv.entries[slot.0].choices.clone())
            .or_default()
            .0
            .push(slot);
    }
    for (s, st) in stranded.iter().enumerate() {
        let key = label_key(&st.text);
        let matching: Vec<Vec<String>> = groups
            .keys()
            .filter(|list| list.iter().any(|c| label_key(c) == key))
            .cloned()
            .collect();
        for list in matching {
            let idx = list
                .iter()
                .position(|c| label_key(c) == key)
                .map_or(0, |p| p + 1);
            if let Some(g) = groups.get_mut(&list) {
                g.1.push((s, idx));
            }
        }
    }
    for (list, (entries, found)) in groups {
        if found.is_empty() {
            continue;
        }
        let paths: Vec<String> = entries.iter().map(|&slot| slot_path(w, slot)).collect();
        let same = found.windows(2).all(|p| p[0].1 == p[1].1);
        if found.len() == entries.len() && same {
            let idx = found[0].1;
            for (k, &slot) in entries.iter().enumerate() {
                let st = &stranded[found[k].0];
                let row = &w.src.rows[st.row];
                let (line, raw) = (row.line, row.joined(" "));
                w.used[st.row] = true;
                put(w, slot, inferred_choice(&list, idx, line, raw));
                let path = slot_path(w, slot);
                let message = if entries.len() == 1 {
                    format!("value `{}` is printed away from its label; it is the only value of this choice list left", list[idx - 1])
                } else {
                    format!(
                        "value `{}` is printed away from its label; {} such values for the {} items with this list ({}), all the same",
                        list[idx - 1],
                        found.len(),
                        entries.len(),
                        paths.join(", ")
                    )
                };
                w.diag(
                    Level::Info,
                    "pairing.stranded_value",
                    Some(&path),
                    Some(line),
                    message,
                );
            }
        } else {
            let shown: Vec<String> = found
                .iter()
                .map(|&(s, _)| {
                    format!(
                        "`{}` (line {})",
                        stranded[s].text, w.src.rows[stranded[s].row].line
                    )
                })
                .collect();
            for &slot in &entries {
                let path = slot_path(w, slot);
                let filled = Filled {
                    value: Value::Null,
                    status: Status::Ambiguous,
                    line: 0,
                    raw: String::new(),
                };
                put(w, slot, filled);
                w.diag(
                    Level::Warning,
                    "pairing.ambiguous",
                    Some(&path),
                    None,
                    format!(
                        "{} values of this choice list are printed away from their labels for {} open items ({}): {}; not paired",
                        found.len(),
                        entries.len(),
                        paths.join(", "),
                        shown.join(", ")
                    ),
                );
            }
        }
    }
    stranded_counts(w);
    account_choice_lists(w);
}

/// A count printed on a row of its own away from its item's row (`(1)件` after the choice list
/// of `委託の有無`): the one such row between the owner's row and the next heading is the
/// owner's count, when the count has no option of its own.
fn stranded_counts(w: &mut Work) {
    static COUNT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\(\s*(\d+)\s*\)\s*件$").expect("valid regex")
    });
    for e in 0..w.fv.entries.len() {
        let en = &w.fv.entries[e];
        if en.item_type() != Some(ItemType::Count)
            || en.count_option.is_some()
            || en.group.is_some()
            || w.filled[e].is_some()
        {
            continue;
        }
        let Some(owner) = en.count_of.as_deref() else {
            continue;
        };
        let Some(line) =
            w.fv.entries
                .iter()
                .position(|o| o.id == owner)
                .and_then(|o| w.filled[o].as_ref())
                .map(|f| f.line)
        else {
            continue;
        };
        let Some(start) = w.src.rows.iter().position(|r| r.line == line) else {
            continue;
        };
        let mut found: Vec<(usize, i64)> = Vec::new();
        for i in start + 1..w.src.rows.len() {
            if !w.body[i] || w.src.rows[i].is_empty() {
                continue;
            }
            if matches!(
                super::find_label(w, i).map(|f| f.hit),
                Some(super::Hit::Heading(_) | super::Hit::Section(_))
            ) {
                break;
            }
            let text = w.text(i, " ");
            if let Some(n) = COUNT.captures(text.trim()).and_then(|c| c[1].parse().ok()) {
                if !w.used[i] {
                    found.push((i, n));
                }
            }
        }
        if let [(i, n)] = found.as_slice() {
            let (i, n) = (*i, *n);
            let row = &w.src.rows[i];
            let (line, raw) = (row.line, row.joined(" "));
            w.used[i] = true;
            w.filled[e] = Some(Filled {
                value: Value::Count(n),
                status: Status::Inferred,
                line,
                raw,
            });
            note_stranded(w, e, line, format!("count `({n})件` is printed away from its item's row; it is the only count on a row of its own before the next heading"));
        }
    }
}

/// Entry `idx` (1-based) of `list`, paired from elsewhere than its label's row.
fn inferred_choice(list: &[String], idx: usize, line: u32, raw: String) -> Filled {
    Filled {
        value: Value::Choice(ChoiceValue {
            index: idx as u32,
            text: list[idx - 1].clone(),
        }),
        status: Status::Inferred,
        line,
        raw,
    }
}

/// Notes a stranded value paired with entry `e`; the row's own reading found no value, so its
/// `choice.no_*` note no longer holds.
fn note_stranded(w: &mut Work, e: usize, line: u32, message: String) {
    let path = w.fv.entries[e].path.clone();
    w.diags
        .retain(|d| d.path.as_deref() != Some(path.as_str()) || !d.code.starts_with("choice.no_"));
    w.diag(
        Level::Info,
        "pairing.stranded_value",
        Some(&path),
        Some(line),
        message,
    );
}

/// An item, with its block for an item of a repeated block.
type Slot = (usize, Option<u32>);

fn slot_path(w: &Work, (e, block): Slot) -> String {
    let path = &w.fv.entries[e].path;
    match block {
        Some(k) => path.replace("[n]", &k.to_string()),
        None => path.clone(),
    }
}

fn put(w: &mut Work, (e, block): Slot, filled: Filled) {
    match block {
        Some(k) => {
            w.group_filled.insert((e, k), filled);
        }
        None => w.filled[e] = Some(filled),
    }
}

/// Printed choice lists and `<選択肢>` markers are form text: accounted for.
fn account_choice_lists(w: &mut Work) {
    let lists: rustc_hash::FxHashSet<String> =
        w.fv.entries
            .iter()
            .flat_map(|e| e.choice_keys.iter().cloned())
            .collect();
    for i in 0..w.src.rows.len() {
        if !w.body[i] || w.used[i] {
            continue;
        }
        let text = w.text(i, " ");
        let t = text.trim();
        let is_list = t == MARKER
            || choice_list(t)
                .is_some_and(|l| l.entries.iter().all(|(_, x)| lists.contains(&label_key(x))))
            || {
                let (n, rest) = split_number(t);
                n.is_some() && lists.contains(&label_key(rest))
            };
        let only_brackets = !t.is_empty()
            && t.chars()
                .all(|c| matches!(c, '[' | ']' | ' ') || marks::is_token(c));
        if is_list || only_brackets || values::has_choice_evidence(t) && t.starts_with(MARKER) {
            w.used[i] = true;
        }
    }
}

/// Table reading of rows rebuilt from a text printed on a few very long lines (a page or a
/// whole document on one line): values stranded away from their labels share a row with other
/// text, so [`recover`] cannot see them one per row. Here each word of a row's value cells
/// (split at white space) is a stranded value when, stripped of half brackets and box marks, it
/// is a whole entry of a choice list, it is not inside a complete `[ … ]` of its row (that is a
/// selection the row's label reads) and it is not an entry of a printed list (after `n)`); a
/// row whose label is a text item is left out (its words are the item's). The pairing rule is
/// [`recover`]'s: only when every open item with that list receives one and all are the same.
pub fn stranded_words(w: &mut Work) {
    let mut open: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for e in 0..w.fv.entries.len() {
        let entry = &w.fv.entries[e];
        if entry.item_type() != Some(ItemType::Choice) || entry.group.is_some() {
            continue;
        }
        if w.filled[e]
            .as_ref()
            .is_none_or(|f| f.status == Status::Missing)
        {
            open.entry(entry.choices.clone()).or_default().push(e);
        }
    }
    if open.is_empty() {
        return;
    }
    let keys: Vec<(Vec<String>, Vec<String>)> = open
        .keys()
        .map(|l| (l.clone(), l.iter().map(|c| label_key(c)).collect()))
        .collect();
    // List → (row, choice index) of each stranded word of it.
    let mut found: BTreeMap<Vec<String>, Vec<(usize, usize)>> = BTreeMap::new();
    for i in 0..w.src.rows.len() {
        if !w.body[i] || w.src.rows[i].cells.len() < 2 {
            continue;
        }
        let text_label = super::find_label(w, i).is_some_and(|f| match f.hit {
            super::Hit::Items(c) => c.iter().all(|&e| {
                !matches!(
                    w.fv.entries[e].item_type(),
                    Some(ItemType::Choice | ItemType::Checkbox | ItemType::CheckboxSet)
                )
            }),
            _ => false,
        });
        if text_label {
            continue;
        }
        for word in stranded_in(&w.src.rows[i].cells[1..]) {
            let key = label_key(&word);
            for (list, ks) in &keys {
                if let Some(p) = ks.iter().position(|k| *k == key) {
                    found.entry(list.clone()).or_default().push((i, p + 1));
                }
            }
        }
    }
    for (list, entries) in open {
        let Some(hits) = found.get(&list) else {
            continue;
        };
        if hits.len() != entries.len() || hits.windows(2).any(|p| p[0].1 != p[1].1) {
            continue;
        }
        let idx = hits[0].1;
        let paths: Vec<String> = entries
            .iter()
            .map(|&e| w.fv.entries[e].path.clone())
            .collect();
        for (&e, &(row, _)) in entries.iter().zip(hits) {
            let r = &w.src.rows[row];
            let (line, raw) = (r.line, list[idx - 1].clone());
            w.filled[e] = Some(inferred_choice(&list, idx, line, raw));
            let message = if entries.len() == 1 {
                format!("value `{}` is printed away from its label, among other text of a row; it is the only value of this choice list left", list[idx - 1])
            } else {
                format!(
                    "value `{}` is printed away from its label, among other text of a row; {} such values for the {} items with this list ({}), all the same",
                    list[idx - 1],
                    hits.len(),
                    entries.len(),
                    paths.join(", ")
                )
            };
            note_stranded(w, e, line, message);
        }
    }
}

/// The words of value cells that may be stranded values (see [`stranded_words`]): outside
/// complete brackets, not a list's `<選択肢>`, not after a list entry's number, stripped of half
/// brackets and marks.
fn stranded_in(cells: &[String]) -> Vec<String> {
    let words: Vec<&str> = cells.iter().flat_map(|c| c.split_whitespace()).collect();
    let opens = |c: char| c == '[' || c == '［';
    let closes = |c: char| c == ']' || c == '］';
    // Words inside a complete bracket: an opening one closed later, with no other opening
    // between.
    let mut inside = vec![false; words.len()];
    let mut open: Option<usize> = None;
    for (k, word) in words.iter().enumerate() {
        for c in word.chars() {
            if opens(c) {
                open = Some(k);
            } else if closes(c) {
                if let Some(o) = open.take() {
                    inside[o..=k].iter_mut().for_each(|x| *x = true);
                }
            }
        }
    }
    let entry = |w: &str| {
        let d = w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        d > 0 && w[d..].starts_with(')')
    };
    let mut out = Vec::new();
    for (k, word) in words.iter().enumerate() {
        let list = *word == "<選択肢>" || *word == "＜選択肢＞";
        if list || inside[k] || entry(word) || (k > 0 && entry(words[k - 1])) {
            continue;
        }
        let bare: String = word
            .chars()
            .filter(|&c| !opens(c) && !closes(c) && !marks::is_token(c))
            .collect();
        if !bare.is_empty() {
            out.push(bare);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments() {
        let m = bracket_fragments("] 内部監査 [");
        assert_eq!(
            m,
            vec![Mark {
                mark: FRAGMENT,
                label: "内部監査".into()
            }]
        );
        assert!(bracket_fragments("[ 実施する ] 1) 実施する")
            .iter()
            .all(|m| m.label == "1) 実施する"));
        let m = bracket_fragments("○ ]委託しない");
        assert_eq!(m[0].mark, marks::CHECKED);
    }

    #[test]
    fn stranded() {
        assert_eq!(
            stranded_values("1,000人以上1万人未満 ] 2) 1,000人以上1万人未満"),
            vec!["1,000人以上1万人未満"]
        );
        assert_eq!(stranded_values("\u{E002}十分である"), vec!["十分である"]);
        assert!(stranded_values("2) 十分である").is_empty());
    }

    #[test]
    fn a_stranded_selection_wrapped_over_two_lines() {
        // Plain pdftotext of tests/data/pdf/zenkomoku_fixture_lo.pdf, II.2 ① (zenkomoku_fixture
        // .tsv: `[その他の電子ファイル(表計算ファイル等)]`), printed before its label.
        assert_eq!(
            wrapped_selection("[その他の電子ファイル(表計算ファイル", "等)]").as_deref(),
            Some("その他の電子ファイル(表計算ファイル等)")
        );
        assert_eq!(wrapped_selection("[", "]委託しない"), None);
        assert_eq!(wrapped_selection("[ 十分である ]", "等)]"), None);
    }

    #[test]
    fn stranded_words_of_a_row() {
        // corpus/002 on one line: L353-L381 (eight `]` split from their `[`, then seven
        // `十分である`) follow IV.1's list (L349-L351) in one row.
        let cells = vec![
            "<選択肢> \u{E002} 1) 基礎項目評価書 2) 基礎項目評価書及び重点項目評価書 3) 基礎項目評価書及び全項目評価書 ] ] ] 十分である 十分である".to_string(),
        ];
        assert_eq!(stranded_in(&cells), vec!["十分である", "十分である"]);
        // L205-L207: the row's own selection is no stranded value; the value before a `]`
        // without its `[` is.
        let cells = vec![
            "[ 500人未満 ]".to_string(),
            "＜選択肢＞ 1,000人以上1万人未満 ] 2) 1,000人以上1万人未満 3) 1万人以上10万人未満"
                .to_string(),
        ];
        assert_eq!(stranded_in(&cells), vec!["1,000人以上1万人未満"]);
        // L340-L342: the box label closing an opened bracket is inside it; the value after a
        // box mark in a bracket never closed is stranded.
        let cells = vec!["[ [ ］接続しない（入手）［ \u{E002}十分である".to_string()];
        assert_eq!(stranded_in(&cells), vec!["十分である"]);
    }
}
