//! Which 事務 a document assesses: its ①事務の名称 (`affairs.name`) and 評価書名
//! (`header.title`) classified into a fixed set of categories ([`all`]), defined as data in
//! `data/categories.toml` (embedded).
//!
//! The rule: `affairs.name` is tried first, then `header.title`; within a field the
//! categories are tried in priority order (the order of the file) and the first of their
//! patterns found in the text decides. Text is compared without spaces and NFKC-folded.
//! Nothing matching gives the category `other` (no pattern, no field). The category list and
//! its overlaps are described in `data/README.md`.
//!
//! ```
//! use hyoka::categories::classify_text;
//! let c = classify_text(Some("国民健康保険に関する事務 基礎項目評価書"), None);
//! assert_eq!((c.id.as_str(), c.field.as_deref()), ("national_health_insurance", Some("header.title")));
//! let c = classify_text(None, Some("特別児童扶養手当の支給に関する事務"));
//! assert_eq!(c.id, "disability_welfare");
//! assert_eq!(classify_text(None, None).id, "other");
//! ```

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::model::{Document, Value};

/// The embedded category table.
pub const CATEGORIES_TOML: &str = include_str!("../data/categories.toml");

/// The id of the category given when nothing matches.
pub const OTHER: &str = "other";

/// One category of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CategoryDef {
    /// Stable ASCII id, e.g. `national_health_insurance`.
    pub id: String,
    /// Japanese name, e.g. `国民健康保険`.
    pub name: String,
    /// Substrings that select the category, in order.
    pub patterns: Vec<String>,
}

/// The category of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Category {
    /// Category id (see [`all`]).
    pub id: String,
    /// Japanese name.
    pub name: String,
    /// The pattern that matched; null for `other`.
    pub pattern: Option<String>,
    /// The field it matched in: `affairs.name` or `header.title`; null for `other`.
    pub field: Option<String>,
}

#[derive(Deserialize)]
struct File {
    categories: Vec<CategoryDef>,
}

/// Every category in priority order; the last one is `other`.
pub fn all() -> &'static [CategoryDef] {
    static ALL: OnceLock<Vec<CategoryDef>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut defs = toml::from_str::<File>(CATEGORIES_TOML)
            .map(|f| f.categories)
            .unwrap_or_default();
        if !defs.iter().any(|d| d.id == OTHER) {
            defs.push(CategoryDef {
                id: OTHER.into(),
                name: "その他".into(),
                patterns: Vec::new(),
            });
        }
        defs
    })
}

fn fold(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Classifies from a 評価書名 and a ①事務の名称, either of which may be missing.
pub fn classify_text(title: Option<&str>, affairs_name: Option<&str>) -> Category {
    let fields = [("affairs.name", affairs_name), ("header.title", title)];
    for (field, text) in fields {
        let Some(text) = text.map(fold).filter(|t| !t.is_empty()) else {
            continue;
        };
        for def in all() {
            if let Some(pattern) = def.patterns.iter().find(|p| text.contains(&fold(p))) {
                return Category {
                    id: def.id.clone(),
                    name: def.name.clone(),
                    pattern: Some(pattern.clone()),
                    field: Some(field.into()),
                };
            }
        }
    }
    let name = all()
        .iter()
        .find(|d| d.id == OTHER)
        .map_or("その他".to_string(), |d| d.name.clone());
    Category {
        id: OTHER.into(),
        name,
        pattern: None,
        field: None,
    }
}

/// Classifies a document from its `header.title` and `affairs.name`.
pub fn classify(doc: &Document) -> Category {
    let affairs = doc
        .items
        .iter()
        .find(|i| i.id == "affairs.name")
        .and_then(|i| match &i.value {
            Value::Text(t) => Some(t.as_str()),
            _ => None,
        });
    classify_text(doc.header.title.as_deref(), affairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_table_loads() {
        let defs = all();
        assert_eq!(defs.len(), 15);
        assert_eq!(defs.last().map(|d| d.id.as_str()), Some(OTHER));
        let mut ids: Vec<&str> = defs.iter().map(|d| d.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), defs.len());
        assert!(defs.iter().all(|d| d.id == OTHER || !d.patterns.is_empty()));
    }

    #[test]
    fn categories_garbage_is_other() {
        for s in ["", " ", "\u{0}", "🙂", "評価書"] {
            assert_eq!(classify_text(Some(s), Some(s)).id, OTHER);
        }
    }
}
