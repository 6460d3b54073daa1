//! Tables: a [`Document`] as rows of the corpus tables that researchers join and compare.
//!
//! | table | one row per | key columns |
//! |---|---|---|
//! | `documents` | document | `document`, `lg_code` (全国地方公共団体コード), `category` |
//! | `items` | item per document, and one more per option of a check-box set | `document`, `id`, `block_index`, `option` |
//! | `answers` | document (wide: one column per choice, check box, option and count) | `document` |
//!
//! Pure functions, no I/O: `emit::corpus` writes the rows, the findings (`stats`, peers,
//! report) read them. Column names are stable ASCII snake_case and documented in the README.
//!
//! ```
//! let doc = hyoka::parse_bytes("特定個人情報保護評価書(基礎項目評価書)\n".as_bytes(), "x.txt",
//!     &hyoka::Options::default()).unwrap();
//! let row = hyoka::tables::document_row(&doc, "x.txt", &hyoka::tables::profile(&doc));
//! assert_eq!(row.len(), hyoka::tables::documents_schema().columns.len());
//! ```

use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use crate::catalog::Catalog;
use crate::emit::table::{Cell, ColumnType, Schema};
use crate::model::{Document, ItemType, Level, Status, Value};

use ColumnType::{Boolean, Date, Float, Integer, Text};

/// The columns of `documents`.
pub fn documents_schema() -> Schema {
    Schema::new(
        "documents",
        &[
            ("document", Text),
            ("source_path", Text),
            ("sha256", Text),
            ("rendering", Text),
            ("encoding", Text),
            ("page_count", Integer),
            ("line_count", Integer),
            ("form_kind", Text),
            ("form_version", Text),
            ("form_edition", Text),
            ("form_stamp", Text),
            ("number", Text),
            ("title", Text),
            ("category", Text),
            ("category_name", Text),
            ("category_pattern", Text),
            ("organization", Text),
            ("lg_code", Text),
            ("prefecture", Text),
            ("body_name", Text),
            ("body_type", Text),
            ("office", Text),
            ("body_candidates", Text),
            ("published", Date),
            ("published_raw", Text),
            ("draft", Boolean),
            ("population_band", Text),
            ("items_ok", Integer),
            ("items_inferred", Integer),
            ("items_missing", Integer),
            ("items_ambiguous", Integer),
            ("items_invalid", Integer),
            ("coverage", Float),
            ("diagnostics", Integer),
            ("warnings", Integer),
        ],
    )
}

/// What the tables add to a document: which body it is from, which 事務, which size band.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// 全国地方公共団体コード (6 digits), where the body has one and it was resolved.
    pub lg_code: Option<String>,
    /// The body's prefecture.
    pub prefecture: Option<String>,
    /// The body's name (`防府市`, `品川区`, `兵庫県`).
    pub body_name: Option<String>,
    /// The body type (`city`, `town`, `wide_area_union`, …).
    pub body_type: Option<String>,
    /// The office (`市長`, `教育委員会`, …).
    pub office: Option<String>,
    /// Candidate codes where the name is ambiguous (`;`-separated).
    pub body_candidates: Option<String>,
    /// 事務 category id (`national_health_insurance`, …).
    pub category: Option<String>,
    /// 事務 category name (`国民健康保険`, …).
    pub category_name: Option<String>,
    /// The pattern that matched.
    pub category_pattern: Option<String>,
    /// 対象人数 band: the selected choice of the population question, in the 重点/全項目
    /// wording (`1万人以上10万人未満`), or null.
    pub population_band: Option<String>,
    /// A draft (`header.draft`: `(案)`, `(素案)` after the title).
    pub draft: bool,
}

/// The profile of a document (body, category, band).
pub fn profile(doc: &Document) -> Profile {
    let population_band = ["threshold.population", "affairs.population"]
        .iter()
        .find_map(|id| {
            doc.items
                .iter()
                .find(|i| i.id == *id)
                .and_then(|i| match &i.value {
                    Value::Choice(c) if matches!(i.status, Status::Ok | Status::Inferred) => {
                        Some(c.text.replace("(任意実施)", ""))
                    }
                    _ => None,
                })
        });
    let draft = doc.header.draft;
    let body = doc
        .body
        .clone()
        .unwrap_or_else(|| crate::bodies::resolve_document(doc).0);
    let category = doc
        .category
        .clone()
        .unwrap_or_else(|| crate::categories::classify(doc));
    let candidates = (!body.candidates.is_empty()).then(|| body.candidates.join(";"));
    Profile {
        lg_code: body.code,
        prefecture: body.prefecture,
        body_name: body.name,
        body_type: Some(body.body_type.as_str().to_string()),
        office: body.office,
        body_candidates: candidates,
        category: Some(category.id),
        category_name: Some(category.name),
        category_pattern: category.pattern,
        population_band,
        draft,
    }
}

fn status_count(doc: &Document, status: Status) -> i64 {
    doc.items.iter().filter(|i| i.status == status).count() as i64
}

/// The `documents` row of a document; `key` is its name in the run (relative input path).
pub fn document_row(doc: &Document, key: &str, p: &Profile) -> Vec<Cell> {
    let p = p.clone();
    let n = |s: Status| Cell::Int(status_count(doc, s));
    let warnings = doc
        .diagnostics
        .iter()
        .filter(|d| d.level >= Level::Warning)
        .count() as u64;
    vec![
        key.into(),
        doc.source.path.as_str().into(),
        doc.source.sha256.as_str().into(),
        rendering_name(doc).into(),
        doc.source.encoding.as_str().into(),
        doc.source.page_count.into(),
        doc.source.line_count.into(),
        doc.form.kind.map(|k| k.as_str()).into(),
        doc.form.version.clone().into(),
        doc.form.edition.clone().into(),
        doc.form.stamp.clone().into(),
        doc.header.number.clone().into(),
        doc.header.title.clone().into(),
        p.category.into(),
        p.category_name.into(),
        p.category_pattern.into(),
        doc.header.organization.raw.clone().into(),
        p.lg_code.into(),
        p.prefecture
            .or_else(|| doc.header.organization.prefecture.clone())
            .into(),
        p.body_name.into(),
        p.body_type.into(),
        p.office
            .or_else(|| doc.header.organization.office.clone())
            .into(),
        p.body_candidates.into(),
        Cell::date(doc.header.published.date.as_deref()),
        doc.header.published.raw.clone().into(),
        p.draft.into(),
        p.population_band.into(),
        n(Status::Ok),
        n(Status::Inferred),
        n(Status::Missing),
        n(Status::Ambiguous),
        n(Status::Invalid),
        doc.coverage.ratio.into(),
        (doc.diagnostics.len() as u64).into(),
        warnings.into(),
    ]
}

fn rendering_name(doc: &Document) -> String {
    serde_json::to_value(doc.source.rendering)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn json_name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The columns of `items`.
pub fn items_schema() -> Schema {
    Schema::new(
        "items",
        &[
            ("document", Text),
            ("form_kind", Text),
            ("form_version", Text),
            ("id", Text),
            ("path", Text),
            ("label", Text),
            ("type", Text),
            ("block", Text),
            ("block_index", Integer),
            ("option", Text),
            ("checked", Boolean),
            ("choice_index", Integer),
            ("value", Text),
            ("count", Integer),
            ("date", Date),
            ("status", Text),
            ("line", Integer),
            ("page", Integer),
        ],
    )
}

/// The `items` rows of a document: one per item, then one per option of a check-box set
/// (with `option`, `checked` and the その他 text in `value`).
pub fn item_rows(doc: &Document, key: &str) -> Vec<Vec<Cell>> {
    let mut rows = Vec::with_capacity(doc.items.len());
    let kind = doc.form.kind.map(|k| k.as_str());
    for item in &doc.items {
        let base = |option: Cell, checked: Cell, value: Cell| -> Vec<Cell> {
            let (choice_index, count, date) = match &item.value {
                Value::Choice(c) => (Cell::from(c.index), Cell::Null, Cell::Null),
                Value::Count(n) => (Cell::Null, Cell::from(*n), Cell::Null),
                Value::Text(t) if item.kind == ItemType::Date => {
                    (Cell::Null, Cell::Null, Cell::date(Some(t)))
                }
                _ => (Cell::Null, Cell::Null, Cell::Null),
            };
            vec![
                key.into(),
                kind.into(),
                doc.form.version.clone().into(),
                item.id.as_str().into(),
                item.path.as_str().into(),
                item.label.as_str().into(),
                json_name(item.kind).into(),
                item.group.as_ref().map(|g| g.name.clone()).into(),
                item.group.as_ref().map(|g| g.index).into(),
                option,
                checked,
                choice_index,
                value,
                count,
                date,
                item.status.as_str().into(),
                item.source.as_ref().map(|s| s.line).into(),
                item.source.as_ref().and_then(|s| s.page).into(),
            ]
        };
        let value = match &item.value {
            Value::Null => Cell::Null,
            Value::Checkbox(b) => b.map_or(Cell::Null, |b| Cell::Text(b.to_string())),
            other => Cell::Text(crate::emit::value_text(other)),
        };
        let checked = match &item.value {
            Value::Checkbox(b) => (*b).into(),
            _ => Cell::Null,
        };
        rows.push(base(Cell::Null, checked, value));
        if let Value::CheckboxSet(opts) = &item.value {
            for o in opts {
                rows.push(base(
                    o.option.as_str().into(),
                    o.checked.into(),
                    o.text.clone().into(),
                ));
            }
        }
    }
    rows
}

/// One answer of a document: a choice, a check box, one option of a check-box set, or a
/// count, from an `ok` or `inferred` item.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<'a> {
    /// The item.
    pub item: &'a crate::model::Item,
    /// The option of a check-box set.
    pub option: Option<&'a str>,
    /// The answer as text: the choice's text, `true` / `false` / `unknown`, or the count.
    pub answer: String,
}

/// Every answer of a document, in item order.
pub fn answers(doc: &Document) -> Vec<Answer<'_>> {
    let state = |b: Option<bool>| b.map_or("unknown", |b| if b { "true" } else { "false" });
    let mut out = Vec::new();
    for item in doc
        .items
        .iter()
        .filter(|i| matches!(i.status, Status::Ok | Status::Inferred))
    {
        let mut push = |option: Option<&'static str>, answer: String| {
            out.push(Answer {
                item,
                option,
                answer,
            })
        };
        match &item.value {
            Value::Choice(c) => push(None, c.text.clone()),
            Value::Checkbox(b) => push(None, state(*b).to_string()),
            Value::Count(n) => push(None, n.to_string()),
            Value::CheckboxSet(opts) => {
                for o in opts {
                    out.push(Answer {
                        item,
                        option: Some(&o.option),
                        answer: state(o.checked).to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// One column of `answers`.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerColumn {
    /// Column name: the item id with `.` as `__`, then `__<option number>` for an option of a
    /// check-box set, then `__b1` for the first block of a repeated block.
    pub name: String,
    /// The item id.
    pub id: String,
    /// The option of a check-box set, if the column is one.
    pub option: Option<String>,
    /// The item's label (canonical, from the catalog).
    pub label: String,
    /// `choice` (the choice's text), `checkbox` / `option` (boolean), `count` (integer).
    pub kind: &'static str,
}

/// Blocks of repeated groups that `answers` has columns for (the first: 委託事項1, 提供先1, …).
pub const ANSWER_BLOCKS: u32 = 1;

/// The columns of `answers` after `document`, from the three catalogs (ids shared by several
/// catalogs once), in catalog order: fixed by hyoka's version, not by the documents.
pub fn answer_columns() -> &'static [AnswerColumn] {
    static COLUMNS: LazyLock<Vec<AnswerColumn>> = LazyLock::new(|| {
        let mut seen = HashSet::default();
        let mut cols = Vec::new();
        for cat in Catalog::all() {
            for item in &cat.items {
                let Some(id) = &item.id else { continue };
                let kind = match item.kind.as_str() {
                    "choice" => "choice",
                    "checkbox" => "checkbox",
                    "checkbox_set" => "option",
                    "count" => "count",
                    _ => continue,
                };
                if !seen.insert(id.clone()) {
                    continue;
                }
                let base = id.replace('.', "__");
                let suffix = if item.group.is_some() { "__b1" } else { "" };
                if kind == "option" {
                    for (n, o) in item.options.iter().enumerate() {
                        cols.push(AnswerColumn {
                            name: format!("{base}__{}{suffix}", n + 1),
                            id: id.clone(),
                            option: Some(o.clone()),
                            label: item.label.clone(),
                            kind,
                        });
                    }
                } else {
                    cols.push(AnswerColumn {
                        name: format!("{base}{suffix}"),
                        id: id.clone(),
                        option: None,
                        label: item.label.clone(),
                        kind,
                    });
                }
            }
        }
        cols
    });
    &COLUMNS
}

/// The columns of `answers`.
pub fn answers_schema() -> Schema {
    let mut columns = vec![
        ("document".to_string(), Text),
        ("lg_code".to_string(), Text),
        ("form_kind".to_string(), Text),
        ("category".to_string(), Text),
    ];
    for c in answer_columns() {
        let t = match c.kind {
            "choice" => Text,
            "count" => Integer,
            _ => Boolean,
        };
        columns.push((c.name.clone(), t));
    }
    Schema {
        name: "answers".into(),
        columns,
    }
}

/// The `answers` row of a document. Only `ok` and `inferred` values are filled; everything
/// else (missing, ambiguous, not in this form) is null.
pub fn answer_row(doc: &Document, key: &str, profile: &Profile) -> Vec<Cell> {
    let mut values: BTreeMap<(&str, Option<&str>), Cell> = BTreeMap::new();
    for item in &doc.items {
        if !matches!(item.status, Status::Ok | Status::Inferred)
            || item.group.as_ref().is_some_and(|g| g.index > ANSWER_BLOCKS)
        {
            continue;
        }
        match &item.value {
            Value::Choice(c) => {
                values.insert((&item.id, None), c.text.as_str().into());
            }
            Value::Checkbox(b) => {
                values.insert((&item.id, None), (*b).into());
            }
            Value::Count(n) => {
                values.insert((&item.id, None), Cell::from(*n));
            }
            Value::CheckboxSet(opts) => {
                for o in opts {
                    values.insert((&item.id, Some(&o.option)), o.checked.into());
                }
            }
            _ => {}
        }
    }
    let mut row: Vec<Cell> = vec![
        key.into(),
        profile.lg_code.clone().into(),
        doc.form.kind.map(|k| k.as_str()).into(),
        profile.category.clone().into(),
    ];
    for c in answer_columns() {
        row.push(
            values
                .remove(&(c.id.as_str(), c.option.as_deref()))
                .unwrap_or(Cell::Null),
        );
    }
    row
}

/// The data dictionary of `answers`: one row per column with its item id, option and label.
pub fn answer_columns_schema() -> Schema {
    Schema::new(
        "answers_columns",
        &[
            ("column", Text),
            ("id", Text),
            ("option", Text),
            ("label", Text),
            ("kind", Text),
        ],
    )
}

/// Rows of `answers_columns`.
pub fn answer_column_rows() -> Vec<Vec<Cell>> {
    answer_columns()
        .iter()
        .map(|c| {
            vec![
                c.name.as_str().into(),
                c.id.as_str().into(),
                c.option.clone().into(),
                c.label.as_str().into(),
                c.kind.into(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_columns_are_unique_ascii_snake_case() {
        let cols = answer_columns();
        let mut seen = HashSet::default();
        for c in cols {
            assert!(
                c.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{}",
                c.name
            );
            assert!(seen.insert(&c.name), "duplicate column {}", c.name);
        }
        assert!(cols.iter().any(|c| c.name == "audit__1"));
    }
}
