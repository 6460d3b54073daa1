//! Statistics: additive counts over documents, mergeable across threads and runs.
//!
//! ```
//! use hyoka::stats::Stats;
//! let mut a = Stats::default();
//! a += Stats { documents: 1, ok: 1, ..Stats::default() };
//! a += Stats { documents: 1, failed: 1, ..Stats::default() };
//! assert_eq!((a.documents, a.ok, a.failed), (2, 1, 1));
//! ```

use std::collections::BTreeMap;
use std::ops::AddAssign;

use serde::Serialize;

use crate::emit::table::{Cell, ColumnType, Schema};
use crate::model::{Document, Level, Status, Value};
use crate::tables::Profile;

/// Counts over a set of documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Documents seen.
    pub documents: u64,
    /// Documents parsed without warnings.
    pub ok: u64,
    /// Documents parsed with at least one warning or error diagnostic.
    pub with_warnings: u64,
    /// Documents that could not be parsed.
    pub failed: u64,
    /// Items by status (`ok`, `missing`, …).
    pub items: BTreeMap<String, u64>,
    /// Documents by form kind (`基礎`, …, `unknown`).
    pub forms: BTreeMap<String, u64>,
    /// Diagnostics by code.
    pub diagnostics: BTreeMap<String, u64>,
    /// Source characters, and those accounted for (coverage = accounted / total).
    pub chars_total: u64,
    /// Characters accounted for.
    pub chars_accounted: u64,
    /// How many documents gave each answer, per item id: the choice text for choices,
    /// `true`/`false`/`unknown` for check boxes and for each option of a checkbox set
    /// (`audit.自己点検`). Only `ok` and `inferred` values count; the ids are the same in every
    /// form version, so the distribution compares bodies across versions and forms.
    pub answers: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Stats {
    /// Statistics of one parsed document.
    pub fn of(doc: &Document) -> Stats {
        let mut s = Stats {
            documents: 1,
            ..Stats::default()
        };
        if doc.diagnostics.iter().any(|d| d.level >= Level::Warning) {
            s.with_warnings = 1;
        } else {
            s.ok = 1;
        }
        for item in &doc.items {
            *s.items.entry(item.status.as_str().to_string()).or_default() += 1;
        }
        let form = doc.form.kind.map_or("unknown", |k| k.as_str());
        s.forms.insert(form.to_string(), 1);
        for d in &doc.diagnostics {
            *s.diagnostics.entry(d.code.clone()).or_default() += 1;
        }
        s.chars_total = doc.coverage.total_chars;
        s.chars_accounted = doc.coverage.accounted_chars;
        for item in doc
            .items
            .iter()
            .filter(|i| matches!(i.status, Status::Ok | Status::Inferred))
        {
            let state = |b: Option<bool>| {
                b.map_or("unknown", |b| if b { "true" } else { "false" })
                    .to_string()
            };
            let mut add = |key: String, answer: String| {
                *s.answers.entry(key).or_default().entry(answer).or_default() += 1;
            };
            match &item.value {
                Value::Choice(c) => add(item.id.clone(), c.text.clone()),
                Value::Checkbox(b) => add(item.id.clone(), state(*b)),
                Value::CheckboxSet(opts) => {
                    for o in opts {
                        add(format!("{}.{}", item.id, o.option), state(o.checked));
                    }
                }
                _ => {}
            }
        }
        s
    }

    /// Statistics of a document that failed.
    pub fn failure() -> Stats {
        Stats {
            documents: 1,
            failed: 1,
            ..Stats::default()
        }
    }

    /// The one-line summary printed after a batch.
    pub fn summary(&self) -> String {
        let coverage = if self.chars_total == 0 {
            0.0
        } else {
            self.chars_accounted as f64 * 100.0 / self.chars_total as f64
        };
        format!(
            "{} documents: {} ok, {} with warnings, {} failed; coverage {:.1} %",
            self.documents, self.ok, self.with_warnings, self.failed, coverage
        )
    }
}

impl AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.documents += o.documents;
        self.ok += o.ok;
        self.with_warnings += o.with_warnings;
        self.failed += o.failed;
        for (k, v) in o.items {
            *self.items.entry(k).or_default() += v;
        }
        for (k, v) in o.forms {
            *self.forms.entry(k).or_default() += v;
        }
        for (k, v) in o.diagnostics {
            *self.diagnostics.entry(k).or_default() += v;
        }
        self.chars_total += o.chars_total;
        self.chars_accounted += o.chars_accounted;
        for (id, answers) in o.answers {
            let mine = self.answers.entry(id).or_default();
            for (answer, n) in answers {
                *mine.entry(answer).or_default() += n;
            }
        }
    }
}

/// The breakdowns of [`AnswerStats`]: `all`, then one per profile field.
pub const DIMENSIONS: [&str; 5] = [
    "all",
    "prefecture",
    "body_type",
    "category",
    "population_band",
];

/// `(form kind, dimension, group, item id, option)`: one distribution.
type CellKey = (String, &'static str, String, String, String);

/// Answer distributions per item (and option of a check-box set), by form kind and broken
/// down by prefecture, body type, 事務 category and 対象人数 band. Additive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerStats {
    /// Documents that answer, and how many give each answer, per distribution.
    pub cells: BTreeMap<CellKey, (u64, BTreeMap<String, u64>)>,
}

impl AnswerStats {
    /// The distributions one document contributes to (`ok` and `inferred` values only;
    /// blocks after the first are not counted, so n counts documents).
    pub fn of(doc: &Document, profile: &Profile) -> AnswerStats {
        let mut s = AnswerStats::default();
        let kind = doc.form.kind.map_or("unknown", |k| k.as_str()).to_string();
        let groups: [(&'static str, Option<&str>); 5] = [
            ("all", Some("")),
            ("prefecture", profile.prefecture.as_deref()),
            ("body_type", profile.body_type.as_deref()),
            ("category", profile.category.as_deref()),
            ("population_band", profile.population_band.as_deref()),
        ];
        for a in crate::tables::answers(doc) {
            if a.item.group.as_ref().is_some_and(|g| g.index > 1) {
                continue;
            }
            for (dim, group) in groups {
                let Some(group) = group else { continue };
                let key = (
                    kind.clone(),
                    dim,
                    group.to_string(),
                    a.item.id.clone(),
                    a.option.unwrap_or("").to_string(),
                );
                let cell = s.cells.entry(key).or_default();
                cell.0 += 1;
                *cell.1.entry(a.answer.clone()).or_default() += 1;
            }
        }
        s
    }

    /// Rows of the `stats` table ([`stats_schema`]), only for cells with n ≥ 1.
    pub fn rows(&self) -> Vec<Vec<Cell>> {
        let mut rows = Vec::new();
        for ((kind, dim, group, id, option), (n, answers)) in &self.cells {
            for (answer, count) in answers {
                rows.push(vec![
                    kind.as_str().into(),
                    (*dim).into(),
                    group.as_str().into(),
                    id.as_str().into(),
                    if option.is_empty() {
                        Cell::Null
                    } else {
                        option.as_str().into()
                    },
                    answer.as_str().into(),
                    Cell::from(*count),
                    Cell::from(*n),
                    Cell::Float(*count as f64 / *n as f64),
                ]);
            }
        }
        rows
    }
}

impl AddAssign for AnswerStats {
    fn add_assign(&mut self, mut o: AnswerStats) {
        // Counts add in any order: the smaller map is added into the larger one.
        if self.cells.len() < o.cells.len() {
            std::mem::swap(&mut self.cells, &mut o.cells);
        }
        for (k, (n, answers)) in o.cells {
            let mine = self.cells.entry(k).or_default();
            mine.0 += n;
            for (a, c) in answers {
                *mine.1.entry(a).or_default() += c;
            }
        }
    }
}

/// The columns of `stats`: one row per answer of a distribution, with its `n` beside the
/// share so that nobody reads a share of two documents as a finding.
pub fn stats_schema() -> Schema {
    use ColumnType::{Float, Integer, Text};
    Schema::new(
        "stats",
        &[
            ("form_kind", Text),
            ("dimension", Text),
            ("group", Text),
            ("id", Text),
            ("option", Text),
            ("answer", Text),
            ("count", Integer),
            ("n", Integer),
            ("share", Float),
        ],
    )
}
