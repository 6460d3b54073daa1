//! Realignment of repeated blocks whose rows slipped against their labels.
//!
//! A converter can shift a block's values down by one row (form-reference §6 trap 6, 004
//! 委託事項4): each label then holds the value — or the choice list — of the item above it.
//! Each item's own type and choice list are the anchors: the block's items are aligned to the
//! contents of its rows by a small dynamic program that rewards contents that fit the item
//! (a selection valid in its list, check marks of its options, plain text for text items),
//! lets a bare choice list continue the choice item above it, and prefers every item's own
//! row when the fits are equal. The printed alignment is kept unless some item does not fit
//! its own row. Items whose value moved are `inferred`, with a diagnostic saying from where;
//! an item left without a value is `missing`.

use super::values::{self, marks_in, Read};
use super::{find_label, Filled, Hit, Work};
use crate::catalog::{label_key, Role};
use crate::model::{ItemType, Level, Status};
use crate::normalize::choice::{choice_list, selections};

/// A repeated block's rows.
#[derive(Debug, Clone)]
pub struct Block {
    /// Printed block name (`委託事項`).
    pub name: String,
    /// Block number.
    pub index: u32,
    /// Row index of the title.
    pub start: usize,
    /// Row index after the last row.
    pub end: usize,
}

/// One row's content and the item whose label it carries.
struct Slot {
    row: usize,
    label: Option<usize>,
    content: String,
}

fn fit(w: &Work, e: usize, content: &str) -> f64 {
    let entry = w.entry(e);
    let has_marks = content.chars().any(values::is_mark);
    let has_list = choice_list(content).is_some();
    match entry.item_type() {
        Some(ItemType::Choice) => {
            if values::read_choice(entry, content).status == Status::Ok {
                3.0
            } else if continues(w, e, content) {
                1.0
            } else {
                -3.0
            }
        }
        Some(ItemType::CheckboxSet) => {
            let marks = marks_in(content);
            let matched = marks
                .iter()
                .filter(|m| {
                    let lkey = label_key(&m.label);
                    entry
                        .option_keys
                        .iter()
                        .any(|o| values::key_matches(o, &lkey).is_some())
                })
                .count();
            if matched > 0 {
                3.0
            } else {
                -3.0
            }
        }
        Some(ItemType::Date) => {
            if values::read_date(content).status == Status::Ok {
                3.0
            } else {
                -2.0
            }
        }
        Some(ItemType::Text) => {
            let selection = !selections(content).is_empty();
            if has_marks || has_list || selection {
                -3.0
            } else if content.trim().is_empty() {
                -0.5
            } else {
                1.0
            }
        }
        _ => 0.0,
    }
}

/// A bare choice list equal to choice item `e`'s own list, with no selection.
fn continues(w: &Work, e: usize, content: &str) -> bool {
    let entry = w.entry(e);
    if entry.item_type() != Some(ItemType::Choice) || !selections(content).is_empty() {
        return false;
    }
    choice_list(content).is_some_and(|l| {
        !l.entries.is_empty()
            && l.entries.len() == entry.choices.len()
            && l.entries
                .iter()
                .zip(&entry.choice_keys)
                .all(|((_, a), b)| label_key(a) == *b)
    })
}

/// Realigns one block; returns whether anything moved.
pub fn block(w: &mut Work, b: &Block) -> bool {
    let items: Vec<usize> = (0..w.fv.entries.len())
        .filter(|&e| {
            let en = &w.fv.entries[e];
            en.group.as_deref() == Some(b.name.as_str())
                && matches!(en.role, Role::Item(t) if t != ItemType::Count)
        })
        .collect();
    let mut slots: Vec<Slot> = Vec::new();
    for i in b.start + 1..b.end.min(w.src.rows.len()) {
        let row = &w.src.rows[i];
        if row.is_empty() {
            continue;
        }
        match find_label(w, i) {
            Some(found) => {
                let label = match &found.hit {
                    Hit::Items(c) => c.iter().copied().find(|e| items.contains(e)),
                    _ => None,
                };
                // A choice list spilled in front of a text item's cell belongs to the item above.
                let text_item =
                    label.is_some_and(|e| w.entry(e).item_type() == Some(ItemType::Text));
                match values::split_leading_list(&found.rest) {
                    (Some(list), rest) if text_item => {
                        slots.push(Slot {
                            row: i,
                            label: None,
                            content: list.to_string(),
                        });
                        slots.push(Slot {
                            row: i,
                            label,
                            content: rest.to_string(),
                        });
                    }
                    _ => slots.push(Slot {
                        row: i,
                        label,
                        content: found.rest,
                    }),
                }
            }
            None => slots.push(Slot {
                row: i,
                label: None,
                content: row.joined("\n"),
            }),
        }
    }
    // Keep the printed alignment when every labelled item fits its own row.
    let misfit = slots.iter().any(|s| {
        s.label
            .is_some_and(|e| fit(w, e, &s.content) < 0.0 && !s.content.trim().is_empty())
    });
    if !misfit {
        return false;
    }
    let (k, m) = (items.len(), slots.len());
    // best[j][s]: best score with the first j items and the first s slots used.
    let neg = f64::NEG_INFINITY;
    let mut best = vec![vec![neg; m + 1]; k + 1];
    let mut from = vec![vec![(0usize, 0usize, 0u8); m + 1]; k + 1];
    best[0][0] = 0.0;
    for j in 0..=k {
        for s in 0..=m {
            let here = best[j][s];
            if here == neg {
                continue;
            }
            let mut relax = |nj: usize, ns: usize, score: f64, how: u8| {
                if here + score > best[nj][ns] {
                    best[nj][ns] = here + score;
                    from[nj][ns] = (j, s, how);
                }
            };
            if j < k && s < m {
                let own = if slots[s].label == Some(items[j]) {
                    0.5
                } else {
                    0.0
                };
                relax(j + 1, s + 1, fit(w, items[j], &slots[s].content) + own, 1);
            }
            if j > 0 && s < m && continues(w, items[j - 1], &slots[s].content) {
                relax(j, s + 1, 1.0, 2);
            }
            if j < k {
                relax(j + 1, s, -1.0, 3);
            }
            if s < m {
                let cost = if slots[s].content.trim().is_empty() {
                    0.0
                } else {
                    -1.0
                };
                relax(j, s + 1, cost, 4);
            }
        }
    }
    // Backtrack.
    let mut assigned: Vec<Vec<usize>> = vec![Vec::new(); k];
    let (mut j, mut s) = (k, m);
    while j > 0 || s > 0 {
        let (pj, ps, how) = from[j][s];
        match how {
            1 => assigned[pj].insert(0, ps),
            2 if pj > 0 => assigned[pj - 1].push(ps),
            _ => {}
        }
        if (pj, ps) == (j, s) {
            break;
        }
        j = pj;
        s = ps;
    }
    for a in &mut assigned {
        a.sort_unstable();
    }
    let mut moved = false;
    for (x, &e) in items.iter().enumerate() {
        let own = slots.iter().position(|sl| sl.label == Some(e));
        let main = assigned[x].first().copied();
        if main == own && assigned[x].len() <= 1 {
            continue;
        }
        moved = true;
        let path = w.fv.entries[e].path.replace("[n]", &b.index.to_string());
        let label = w.fv.entries[e].label.clone();
        let Some(main) = main else {
            let line = own.map(|o| w.src.rows[slots[o].row].line);
            w.group_filled.insert(
                (e, b.index),
                Filled {
                    value: crate::model::Value::Null,
                    status: Status::Missing,
                    line: line.unwrap_or(0),
                    raw: String::new(),
                },
            );
            w.diag(Level::Warning, "realign.lost", Some(&path), line, format!("`{label}`: its row holds another item's value after the block's rows slipped; its own value is not in the document"));
            continue;
        };
        let content: Vec<&str> = assigned[x]
            .iter()
            .map(|&sl| slots[sl].content.as_str())
            .collect();
        let content = content.join("\n");
        let entry = w.entry(e);
        let mut read: Read = match entry.item_type() {
            Some(ItemType::Choice) => values::read_choice(entry, &content),
            Some(ItemType::CheckboxSet) => values::read_checkbox_set(entry, &marks_in(&content)),
            Some(ItemType::Date) => values::read_date(&content),
            _ => values::read_text(&content),
        };
        let row = slots[main].row;
        let line = w.src.rows[row].line;
        let from_label = slots[main].label.map_or_else(
            || "no item label".to_string(),
            |l| format!("the label `{}`", w.fv.entries[l].label),
        );
        if Some(main) != own {
            if matches!(read.status, Status::Ok) {
                read.status = Status::Inferred;
            }
            read.note = Some((true, "realign.moved", format!("`{label}`: value read from line {line} (printed beside {from_label}); the block's rows are shifted")));
        } else {
            read.note = Some((
                false,
                "realign.list_continued",
                format!("`{label}`: its choice list is printed on the next row"),
            ));
        }
        let prev_instance = w.instance.take();
        w.instance = Some((b.name.clone(), b.index));
        w.fill(e, row, read, &content);
        w.instance = prev_instance;
    }
    moved
}
