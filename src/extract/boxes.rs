//! Check boxes found by their marks anywhere in the body: single boxes (`委託しない`) and
//! sets, including brackets split from their labels by `pdftotext` (`］委託しない`), whose
//! state is trusted only when no check mark in the document is left unattached.

use std::collections::BTreeMap;

use super::values::{self, marks_in};
use super::{pool, Filled, Work};
use crate::catalog::label_key;
use crate::model::*;

/// Single check boxes and check-box sets found by their marks anywhere in the body.
pub(super) fn checkboxes(w: &mut Work) {
    // Items of repeated blocks are read from their own rows only.
    let boxes: Vec<usize> = (0..w.fv.entries.len())
        .filter(|&e| {
            w.fv.entries[e].group.is_none()
                && matches!(
                    w.fv.entries[e].item_type(),
                    Some(ItemType::Checkbox | ItemType::CheckboxSet)
                )
        })
        .collect();
    // Keys made once: the single box's label, or each option of a set.
    let box_keys: Vec<Vec<String>> = boxes
        .iter()
        .map(|&e| {
            let entry = &w.fv.entries[e];
            match entry.item_type() {
                Some(ItemType::Checkbox) => vec![label_key(&entry.label)],
                _ => entry.option_keys.clone(),
            }
        })
        .collect();
    let mut set_marks: BTreeMap<usize, Vec<(usize, values::Mark)>> = BTreeMap::new();
    let mut fragments: Vec<(usize, usize, Option<bool>, String)> = Vec::new();
    let mut stray = 0usize;
    for i in 0..w.src.rows.len() {
        if !w.body[i] || w.value_rows[i] {
            continue;
        }
        let text = w.text(i, " ");
        let mut marks = marks_in(&text);
        if w.line_mode {
            marks.extend(pool::bracket_fragments(&text));
        }
        for m in marks {
            let mut matched = false;
            let lkey = label_key(&m.label);
            for (&e, keys) in boxes.iter().zip(&box_keys) {
                let entry = &w.fv.entries[e];
                match entry.item_type() {
                    Some(ItemType::Checkbox) => {
                        if values::key_matches(&keys[0], &lkey).is_some() {
                            fragments.push((
                                e,
                                i,
                                values::mark_state(m.mark).filter(|_| m.mark != pool::FRAGMENT),
                                m.mark.to_string(),
                            ));
                            if m.mark == pool::FRAGMENT {
                                fragments.last_mut().expect("just pushed").2 = Some(false);
                                fragments.last_mut().expect("just pushed").3 = "]".into();
                            }
                            matched = true;
                        }
                    }
                    _ => {
                        if keys.iter().any(|k| values::key_matches(k, &lkey).is_some()) {
                            set_marks.entry(e).or_default().push((i, m.clone()));
                            matched = true;
                        }
                    }
                }
                if matched {
                    break;
                }
            }
            if matched {
                w.used[i] = true;
            } else if values::mark_state(m.mark) == Some(true) && m.mark != '■' {
                stray += 1;
            }
        }
    }
    let fragment_doubt = stray > 0;
    for (e, i, state, mark) in fragments {
        if w.filled[e].is_some() {
            continue;
        }
        let path = w.fv.entries[e].path.clone();
        let line = w.src.rows[i].line;
        let raw = w.text(i, " ");
        let (value, status) = match (mark.as_str(), state) {
            ("]", _) if fragment_doubt => {
                w.diag(Level::Warning, "checkbox.fragment_uncertain", Some(&path), Some(line), format!("the box is split from its label and {stray} check mark(s) elsewhere are unattached"));
                (Value::Checkbox(None), Status::Ambiguous)
            }
            ("]", _) => {
                w.diag(
                    Level::Info,
                    "checkbox.fragment",
                    Some(&path),
                    Some(line),
                    "read from a bracket split from its opening `[`: no mark inside".into(),
                );
                (Value::Checkbox(Some(false)), Status::Inferred)
            }
            (_, None) => {
                w.diag(
                    Level::Warning,
                    "checkbox.unknown_state",
                    Some(&path),
                    Some(line),
                    "the box's state is not recorded (radio input)".into(),
                );
                (Value::Checkbox(None), Status::Ambiguous)
            }
            (_, Some(s)) => (Value::Checkbox(Some(s)), Status::Ok),
        };
        w.filled[e] = Some(Filled {
            value,
            status,
            line,
            raw,
        });
    }
    for (e, found) in set_marks {
        if w.filled[e]
            .as_ref()
            .is_some_and(|f| f.status != Status::Missing)
        {
            continue;
        }
        let i = found[0].0;
        let mut marks: Vec<values::Mark> = found.iter().map(|(_, m)| m.clone()).collect();
        let fragment_rows: Vec<usize> = found
            .iter()
            .filter(|(_, m)| m.mark == pool::FRAGMENT)
            .map(|(i, _)| *i)
            .collect();
        for m in &mut marks {
            if m.mark == pool::FRAGMENT {
                m.mark = if fragment_doubt {
                    '\u{E004}'
                } else {
                    '\u{E002}'
                };
            }
        }
        let mut read = values::read_checkbox_set(w.entry(e), &marks);
        if !fragment_rows.is_empty() && read.status == Status::Ok {
            read.status = Status::Inferred;
            read.note = Some((
                false,
                "checkbox.fragment",
                "some boxes read from brackets split from their labels".into(),
            ));
        }
        let raw = found
            .iter()
            .map(|(_, m)| format!("{} {}", m.mark, m.label))
            .collect::<Vec<_>>()
            .join(" ");
        w.fill(e, i, read, &raw);
    }
}
