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

/// What the fit of a row's content depends on, worked out once per row.
struct Facts {
    has_marks: bool,
    has_list: bool,
    selection: bool,
    /// Keys of the check marks' labels.
    mark_keys: Vec<String>,
    /// Keys of a bare choice list's entries (no selection), if the content is one.
    bare_list: Option<Vec<String>>,
    /// Whether the content reads as a date (asked only for date items).
    date_ok: std::cell::OnceCell<bool>,
    blank: bool,
}

impl Facts {
    fn of(content: &str) -> Facts {
        let list = choice_list(content);
        let selection = !selections(content).is_empty();
        Facts {
            has_marks: content.chars().any(values::is_mark),
            has_list: list.is_some(),
            selection,
            mark_keys: marks_in(content)
                .iter()
                .map(|m| label_key(&m.label))
                .collect(),
            bare_list: list
                .filter(|l| !selection && !l.entries.is_empty())
                .map(|l| l.entries.iter().map(|(_, a)| label_key(a)).collect()),
            date_ok: std::cell::OnceCell::new(),
            blank: content.trim().is_empty(),
        }
    }
}

/// How well a row's content fits item `e`: positive for a value of the item's type.
fn fit(w: &Work, e: usize, content: &str, f: &Facts) -> f64 {
    let entry = w.entry(e);
    match entry.item_type() {
        Some(ItemType::Choice) => {
            if values::read_choice(entry, content).status == Status::Ok {
                3.0
            } else if continues(w, e, f) {
                1.0
            } else {
                -3.0
            }
        }
        Some(ItemType::CheckboxSet) => {
            let matched = f.mark_keys.iter().any(|lkey| {
                entry
                    .option_keys
                    .iter()
                    .any(|o| values::key_matches(o, lkey).is_some())
            });
            if matched {
                3.0
            } else {
                -3.0
            }
        }
        Some(ItemType::Date) => {
            if *f
                .date_ok
                .get_or_init(|| values::read_date(content).status == Status::Ok)
            {
                3.0
            } else {
                -2.0
            }
        }
        Some(ItemType::Text) => {
            if f.has_marks || f.has_list || f.selection {
                -3.0
            } else if f.blank {
                -0.5
            } else {
                1.0
            }
        }
        _ => 0.0,
    }
}

/// A bare choice list equal to choice item `e`'s own list, with no selection.
fn continues(w: &Work, e: usize, f: &Facts) -> bool {
    let entry = w.entry(e);
    entry.item_type() == Some(ItemType::Choice)
        && f.bare_list
            .as_ref()
            .is_some_and(|l| l.len() == entry.choices.len() && *l == entry.choice_keys)
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
    let facts: Vec<Facts> = slots.iter().map(|s| Facts::of(&s.content)).collect();
    // Keep the printed alignment when every labelled item fits its own row.
    let misfit = slots.iter().zip(&facts).any(|(s, f)| {
        s.label
            .is_some_and(|e| !f.blank && fit(w, e, &s.content, f) < 0.0)
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
                relax(
                    j + 1,
                    s + 1,
                    fit(w, items[j], &slots[s].content, &facts[s]) + own,
                    1,
                );
            }
            if j > 0 && s < m && continues(w, items[j - 1], &facts[s]) {
                relax(j, s + 1, 1.0, 2);
            }
            if j < k {
                relax(j + 1, s, -1.0, 3);
            }
            if s < m {
                let cost = if facts[s].blank { 0.0 } else { -1.0 };
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
