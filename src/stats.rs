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

use crate::model::{Document, Level, Status, Value};

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
            *s.items
                .entry(status_name(item.status).to_string())
                .or_default() += 1;
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

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Ok => "ok",
        Status::Missing => "missing",
        Status::Ambiguous => "ambiguous",
        Status::Invalid => "invalid",
        Status::Inferred => "inferred",
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
