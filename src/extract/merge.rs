//! Two readings of one document merged item by item.
//!
//! A text without cell structure is read as laid out and from rows rebuilt around its labels
//! ([`crate::read::rows`]). Each reading can miss what the other finds; neither may win where
//! they disagree ([`Merge::Even`]; a table rendering's own reading is only filled in,
//! [`Merge::Fill`]). The reading that trusts more items is the base; for every item:
//!
//! | base | other | result |
//! |---|---|---|
//! | read | same value (texts: one holds the other, white space aside) or not read | the base's |
//! | not read | read | the other's, with its diagnostics |
//! | read | a different value | `ambiguous`, both values in a `read.readings_disagree` warning |

use rustc_hash::FxHashMap as HashMap;

use crate::model::{Diagnostic, Document, Item, Level, Status, Value};

fn trusted(i: &Item) -> bool {
    matches!(i.status, Status::Ok | Status::Inferred)
}

fn key(i: &Item) -> (String, u32) {
    (i.id.clone(), i.group.as_ref().map_or(0, |g| g.index))
}

/// Whether a diagnostic is about reading the item at `path` (so the other reading's verdict
/// replaces it).
fn about_item(d: &Diagnostic, path: &str) -> bool {
    d.path.as_deref() == Some(path)
        && [
            "item.",
            "choice.",
            "checkbox.",
            "count.",
            "value.",
            "text.",
            "date.",
        ]
        .iter()
        .any(|p| d.code.starts_with(p))
}

/// How two readings are merged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Merge {
    /// Neither reading knows more: the one that trusts more items is the base, and values
    /// that differ are ambiguous.
    Even,
    /// The text as laid out has cells, which the rebuilt rows flatten: its reading is the
    /// base and keeps its values; the rebuilt rows only fill what it did not read.
    Fill,
}

/// Merges the reading `as_laid_out` with the reading `rebuilt` from rebuilt rows.
pub fn readings(as_laid_out: Document, rebuilt: Document, how: Merge) -> Document {
    // The document is the text as given, whichever reading is the base.
    let source = as_laid_out.source.clone();
    let score = |d: &Document| d.items.iter().filter(|i| trusted(i)).count();
    let (mut base, other, other_name) =
        if how == Merge::Even && score(&rebuilt) > score(&as_laid_out) {
            (rebuilt, as_laid_out, "the text as laid out")
        } else {
            (as_laid_out, rebuilt, "rows rebuilt around the labels")
        };
    // A row one reading gives to one instance of a repeated block (`委託事項1`) and the other
    // to another: where the blocks start is in doubt, so neither instance keeps it.
    let instance_of: HashMap<(&str, u32), u32> = other
        .items
        .iter()
        .filter(|i| trusted(i))
        .filter_map(|i| {
            Some((
                (i.id.as_str(), i.source.as_ref()?.line),
                i.group.as_ref()?.index,
            ))
        })
        .collect();
    let mut doubtful: Vec<(usize, u32)> = Vec::new();
    for (n, i) in base.items.iter().enumerate() {
        let (Some(g), Some(src)) = (&i.group, &i.source) else {
            continue;
        };
        if let Some(&o) = instance_of.get(&(i.id.as_str(), src.line)) {
            if trusted(i) && o != g.index {
                doubtful.push((n, o));
            }
        }
    }
    // The other reading's item for that row is in doubt as well.
    let doubtful_other: Vec<(String, u32)> = doubtful
        .iter()
        .map(|&(n, o)| (base.items[n].id.clone(), o))
        .collect();
    for (n, o) in doubtful {
        let line = base.items[n].source.as_ref().map_or(0, |s| s.line);
        let index = base.items[n].group.as_ref().map_or(0, |g| g.index);
        disagree(
            &mut base,
            n,
            format!("two readings give line {line} to different blocks ({index} as read, {o} from {other_name}); neither is kept"),
        );
    }
    let mut other = other;
    for i in &mut other.items {
        if doubtful_other.contains(&(i.id.clone(), i.group.as_ref().map_or(0, |g| g.index))) {
            i.status = Status::Ambiguous;
            i.value = Value::Null;
        }
    }
    let index: HashMap<(String, u32), usize> = base
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| (key(i), n))
        .collect();
    let mut taken = 0;
    let mut extra: Vec<Item> = Vec::new();
    for item in other.items {
        let Some(&n) = index.get(&key(&item)) else {
            if trusted(&item) {
                add_diags(&mut base.diagnostics, &other.diagnostics, &item.path);
                extra.push(item);
                taken += 1;
            }
            continue;
        };
        let mine = &base.items[n];
        match (trusted(mine), trusted(&item)) {
            (true, true) if how == Merge::Even && !same(&mine.value, &item.value) => {
                let message = format!(
                    "two readings disagree: {} as read, {} from {other_name}; neither is kept",
                    show(&mine.value),
                    show(&item.value)
                );
                disagree(&mut base, n, message);
            }
            (false, true) => {
                let path = item.path.clone();
                base.diagnostics.retain(|d| !about_item(d, &path));
                add_diags(&mut base.diagnostics, &other.diagnostics, &path);
                base.items[n] = item;
                taken += 1;
            }
            _ => {}
        }
    }
    base.items.extend(extra);
    if taken > 0 {
        base.diagnostics.push(Diagnostic {
            level: Level::Info,
            code: "read.merged".into(),
            path: None,
            line: None,
            message: format!(
                "{taken} items read from {other_name}, which the first reading missed"
            ),
        });
    }
    base.diagnostics
        .sort_by_key(|d| (d.line.unwrap_or(0), std::cmp::Reverse(d.level)));
    base.source = source;
    base
}

/// Item `n` of `doc` made `ambiguous`, with a `read.readings_disagree` warning saying why.
fn disagree(doc: &mut Document, n: usize, message: String) {
    let item = &mut doc.items[n];
    item.status = Status::Ambiguous;
    item.value = Value::Null;
    let (path, line) = (item.path.clone(), item.source.as_ref().map(|s| s.line));
    doc.diagnostics.push(Diagnostic {
        level: Level::Warning,
        code: "read.readings_disagree".into(),
        path: Some(path),
        line,
        message,
    });
}

fn add_diags(to: &mut Vec<Diagnostic>, from: &[Diagnostic], path: &str) {
    to.extend(from.iter().filter(|d| about_item(d, path)).cloned());
}

/// Values compared as the contract shows them: a check-box set by the states both readings
/// know (a state one reading could not read is no disagreement), not by its texts.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::CheckboxSet(x), Value::CheckboxSet(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(p, q)| {
                    p.option == q.option
                        && (p.checked.is_none() || q.checked.is_none() || p.checked == q.checked)
                })
        }
        // Texts: white space aside, one reading may hold more of the text (a wrapped line,
        // a caption after it) than the other.
        (Value::Text(x), Value::Text(y)) => {
            let squeeze = |t: &str| t.split_whitespace().collect::<String>();
            let (x, y) = (squeeze(x), squeeze(y));
            x.contains(&y) || y.contains(&x)
        }
        _ => a == b,
    }
}

fn show(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChoiceValue;

    fn doc() -> Document {
        let text = include_bytes!("../../corpus/000_0dcf8c9dd007b5ab.txt");
        crate::parse_bytes(text, "000.txt", &crate::Options::default()).expect("000 parses")
    }

    fn item<'a>(d: &'a Document, id: &str) -> &'a Item {
        d.items.iter().find(|i| i.id == id).expect("item")
    }

    #[test]
    fn a_value_only_one_reading_found_is_taken_and_a_conflict_is_ambiguous() {
        // 000:L96 prints `[十分である]` for IV.3's second risk.
        let a = doc();
        assert_eq!(item(&a, "risk.use_unauthorized").status, Status::Ok);
        let mut missing = a.clone();
        for i in &mut missing.items {
            if i.id == "risk.use_unauthorized" {
                i.status = Status::Missing;
                i.value = Value::Null;
            }
        }
        // The other reading misses another item, so neither is ahead.
        let mut other = a.clone();
        for i in &mut other.items {
            if i.id == "risk.use_linkage" {
                i.status = Status::Missing;
                i.value = Value::Null;
            }
        }
        let merged = readings(missing, other, Merge::Even);
        for id in ["risk.use_unauthorized", "risk.use_linkage"] {
            assert_eq!(item(&merged, id).value, item(&a, id).value, "{id}");
            assert_eq!(item(&merged, id).status, Status::Ok, "{id}");
        }
        assert!(merged.diagnostics.iter().any(|d| d.code == "read.merged"));

        let mut other = a.clone();
        for i in &mut other.items {
            if i.id == "risk.use_unauthorized" {
                i.value = Value::Choice(ChoiceValue {
                    index: 3,
                    text: "課題が残されている".into(),
                });
            }
        }
        let merged = readings(a, other, Merge::Even);
        let i = item(&merged, "risk.use_unauthorized");
        assert_eq!(i.status, Status::Ambiguous);
        assert_eq!(i.value, Value::Null);
        assert!(merged
            .diagnostics
            .iter()
            .any(|d| d.code == "read.readings_disagree"
                && d.path.as_deref() == Some(i.path.as_str())));
    }

    #[test]
    fn a_row_two_readings_give_to_different_blocks_is_kept_by_neither() {
        // 001: 委託事項 blocks; one reading puts a block's row in block 1, the other in block 2.
        let text = include_bytes!("../../corpus/001_e85a03c2c6247dbf.txt");
        let a = crate::parse_bytes(text, "001.txt", &crate::Options::default()).expect("001");
        let n = a
            .items
            .iter()
            .position(|i| {
                i.id == "outsourcing.file_scope"
                    && i.group.as_ref().is_some_and(|g| g.index == 1)
                    && i.status == Status::Ok
            })
            .expect("委託事項1 ②");
        let mut other = a.clone();
        other.items.retain(|i| {
            !(i.id == "outsourcing.file_scope" && i.group.as_ref().is_some_and(|g| g.index == 2))
        });
        let m = other
            .items
            .iter()
            .position(|i| i.path == a.items[n].path)
            .expect("same item");
        if let Some(g) = other.items[m].group.as_mut() {
            g.index = 2;
        }
        let merged = readings(a.clone(), other, Merge::Fill);
        let i = merged
            .items
            .iter()
            .find(|i| i.path == a.items[n].path && i.group.as_ref().is_some_and(|g| g.index == 1))
            .expect("kept as an item");
        assert_eq!(i.status, Status::Ambiguous);
        assert!(merged
            .diagnostics
            .iter()
            .any(|d| d.code == "read.readings_disagree" && d.message.contains("different blocks")));
    }
}
