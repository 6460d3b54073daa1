//! Derived indicators: a few numbers that summarize how a corpus of bodies answers, each
//! defined by the items it reads (see the README's table). Additive, like [`crate::stats`].
//!
//! Only `ok` and `inferred` values count; a document that does not answer an indicator's
//! items is outside its `n`, so every share states how many documents it is a share of.
//!
//! ```
//! use hyoka::indicators::Indicators;
//! let doc = hyoka::parse_bytes("特定個人情報保護評価書(基礎項目評価書)\n".as_bytes(), "x.txt",
//!     &hyoka::Options::default()).unwrap();
//! let list = Indicators::of(&doc).list();
//! assert!(list.iter().all(|i| i.n == 0 || i.value.is_some()));
//! ```

use std::ops::AddAssign;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Document, ItemType, Status, Value};

/// The date from which 番号法 第19条第7号 is 第19条第8号 and 別表第二 is gone (令和6年5月27日).
pub const RENUMBERED: &str = "2024-05-27";

/// One indicator's value over a corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    /// Stable id.
    pub id: String,
    /// Short name.
    pub name: String,
    /// What it counts.
    pub definition: String,
    /// The item ids it reads.
    pub items: Vec<String>,
    /// The value: a share (0–1), a mean, or null when `n` is 0.
    pub value: Option<f64>,
    /// The numerator of a share, or the sum of a mean.
    pub numerator: f64,
    /// Documents it is computed over.
    pub n: u64,
}

/// Counts behind the indicators. Additive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Indicators {
    outsourcing: (u64, u64),
    subcontract: (u64, u64),
    outsourcing_items: (u64, u64),
    provision_dests: (u64, u64),
    gov_cloud: (u64, u64),
    old_citation: (u64, u64),
    no_external_audit: (u64, u64),
    /// Sum of publication days since the epoch, documents, latest day.
    published: (i64, u64, Option<i64>),
}

fn readable(doc: &Document) -> impl Iterator<Item = &crate::model::Item> {
    doc.items
        .iter()
        .filter(|i| matches!(i.status, Status::Ok | Status::Inferred))
}

fn choice<'a>(doc: &'a Document, id: &str) -> Vec<&'a str> {
    readable(doc)
        .filter(|i| i.id == id)
        .filter_map(|i| match &i.value {
            Value::Choice(c) => Some(c.text.as_str()),
            _ => None,
        })
        .collect()
}

fn count(doc: &Document, id: &str) -> Option<u64> {
    readable(doc)
        .find(|i| i.id == id)
        .and_then(|i| match i.value {
            Value::Count(n) => u64::try_from(n).ok(),
            _ => None,
        })
}

/// Every current answer text of the document (text items, attachment text), not the change
/// history (past answers).
fn mentions(doc: &Document, needles: &[&str]) -> bool {
    let item_texts = readable(doc).filter_map(|i| match &i.value {
        Value::Text(t) if i.kind == ItemType::Text => Some(t.as_str()),
        _ => None,
    });
    let attachment_texts = doc
        .attachments
        .iter()
        .flat_map(|a| a.text.iter().map(String::as_str));
    item_texts
        .chain(attachment_texts)
        .any(|t| needles.iter().any(|n| t.contains(n)))
}

fn share(hit: bool) -> (u64, u64) {
    (u64::from(hit), 1)
}

fn days(date: &str) -> Option<i64> {
    crate::emit::table::days_from_iso(date).map(i64::from)
}

impl Indicators {
    /// The counts of one document.
    pub fn of(doc: &Document) -> Indicators {
        let mut s = Indicators::default();
        let outsourcing = choice(doc, "outsourcing.implemented");
        if let Some(first) = outsourcing.first() {
            s.outsourcing = share(*first == "委託する");
        }
        let sub = choice(doc, "outsourcing.subcontract");
        if !sub.is_empty() {
            s.subcontract = share(sub.contains(&"再委託する"));
        }
        let blocks = || {
            let mut idx: Vec<u32> = doc
                .items
                .iter()
                .filter(|i| i.id.starts_with("outsourcing.") && i.status != Status::Missing)
                .filter_map(|i| i.group.as_ref().map(|g| g.index))
                .collect();
            idx.sort_unstable();
            idx.dedup();
            (!idx.is_empty()).then_some(idx.len() as u64)
        };
        if let Some(n) = count(doc, "outsourcing.count").or_else(blocks) {
            s.outsourcing_items = (n, 1);
        }
        if let Some(n) = count(doc, "provision.provide_count") {
            s.provision_dests = (n, 1);
        }
        s.gov_cloud = share(mentions(doc, &["ガバメントクラウド"]));
        if let Some(date) = doc.header.published.date.as_deref() {
            if date.len() == 10 && date >= RENUMBERED {
                s.old_citation = share(mentions(doc, &["第19条第7号", "別表第二", "別表第2"]));
            }
            if let Some(d) = days(date) {
                s.published = (d, 1, Some(d));
            }
        }
        if let Some(state) = readable(doc)
            .find(|i| i.id == "audit" && i.kind == ItemType::CheckboxSet)
            .and_then(|i| match &i.value {
                Value::CheckboxSet(opts) => opts
                    .iter()
                    .find(|o| o.option == "外部監査")
                    .and_then(|o| o.checked),
                _ => None,
            })
        {
            s.no_external_audit = share(!state);
        }
        s
    }

    /// The indicators, in a fixed order.
    pub fn list(&self) -> Vec<Indicator> {
        let ratio = |(num, n): (u64, u64)| (n > 0).then(|| num as f64 / n as f64);
        let mk = |id: &str, name: &str, definition: &str, items: &[&str], (num, n): (u64, u64)| {
            Indicator {
                id: id.into(),
                name: name.into(),
                definition: definition.into(),
                items: items.iter().map(|s| s.to_string()).collect(),
                value: ratio((num, n)),
                numerator: num as f64,
                n,
            }
        };
        let (sum, n, latest) = self.published;
        let age = Indicator {
            id: "age_days".into(),
            name: "文書の経過日数 (age in days)".into(),
            definition: "mean days from a document's 公表日 to the corpus date (the latest 公表日 \
                         in the corpus, so the value does not depend on when it is computed)"
                .into(),
            items: vec!["header.published".into()],
            value: latest
                .filter(|_| n > 0)
                .map(|l| l as f64 - sum as f64 / n as f64),
            numerator: latest.map_or(0.0, |l| (l * n as i64 - sum) as f64),
            n,
        };
        vec![
            mk(
                "outsourcing_share",
                "委託する (outsourcing)",
                "share of documents whose 委託の有無 is 委託する",
                &["outsourcing.implemented"],
                self.outsourcing,
            ),
            mk(
                "subcontract_share",
                "再委託する (re-outsourcing allowed)",
                "share of documents with at least one 委託事項 whose 再委託の有無 is 再委託する, of those that answer it",
                &["outsourcing.subcontract"],
                self.subcontract,
            ),
            mk(
                "outsourcing_items_mean",
                "委託事項の数 (outsourced tasks per document)",
                "mean of the printed 委託事項 count ( n ) 件, else the number of 委託事項 blocks",
                &["outsourcing.count"],
                self.outsourcing_items,
            ),
            mk(
                "provision_dests_mean",
                "提供先の数 (provision recipients per document)",
                "mean of the printed 提供先 count ( n ) 件",
                &["provision.provide_count"],
                self.provision_dests,
            ),
            mk(
                "gov_cloud_share",
                "ガバメントクラウド",
                "share of documents whose current answers (text items, attachments) mention ガバメントクラウド",
                &["*text"],
                self.gov_cloud,
            ),
            mk(
                "pre_revision_citation_share",
                "改正前の条項 (pre-revision citation)",
                "of documents published on or after 2024-05-27, the share whose current answers still cite 第19条第7号 or 別表第二",
                &["*text", "header.published"],
                self.old_citation,
            ),
            mk(
                "no_external_audit_share",
                "外部監査なし (no external audit)",
                "share of documents whose 監査 check boxes (基礎, 重点) leave 外部監査 unchecked, of those where its state is known",
                &["audit"],
                self.no_external_audit,
            ),
            age,
        ]
    }
}

impl AddAssign for Indicators {
    fn add_assign(&mut self, o: Indicators) {
        let add = |a: &mut (u64, u64), b: (u64, u64)| {
            a.0 += b.0;
            a.1 += b.1;
        };
        add(&mut self.outsourcing, o.outsourcing);
        add(&mut self.subcontract, o.subcontract);
        add(&mut self.outsourcing_items, o.outsourcing_items);
        add(&mut self.provision_dests, o.provision_dests);
        add(&mut self.gov_cloud, o.gov_cloud);
        add(&mut self.old_citation, o.old_citation);
        add(&mut self.no_external_audit, o.no_external_audit);
        self.published.0 += o.published.0;
        self.published.1 += o.published.1;
        self.published.2 = match (self.published.2, o.published.2) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_match_known_dates() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2024-05-27"), Some(19_870));
    }
}
