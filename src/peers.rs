//! Peers: one body's answers against those of its peers — the documents of the same form
//! kind and 事務 category, and of the same 対象人数 band where both documents print one.
//!
//! For each answer of the document ([`crate::tables::answers`]): how many peers answer the
//! item (`n`), how many give the same answer, the share, and a `rare` flag where fewer than
//! [`RARE`] of them agree. Peers are read one at a time, so the corpus can be any size.
//!
//! ```
//! use hyoka::peers::PeerReport;
//! let doc = hyoka::parse_bytes("特定個人情報保護評価書(基礎項目評価書)\n".as_bytes(), "x.txt",
//!     &hyoka::Options::default()).unwrap();
//! let report = PeerReport::new(&doc, std::iter::empty());
//! assert_eq!(report.peers, 0);
//! ```

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::Document;
use crate::tables::{self, Profile};

/// Below this share of agreeing peers an answer is flagged `rare`.
pub const RARE: f64 = 0.10;

/// One answer of the document against its peers.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PeerItem {
    /// Item id.
    pub id: String,
    /// Position in the document's form version.
    pub path: String,
    /// Label.
    pub label: String,
    /// Option of a check-box set.
    pub option: Option<String>,
    /// The document's answer.
    pub answer: String,
    /// Peers that answer the item.
    pub n: u64,
    /// Peers that give the same answer.
    pub same: u64,
    /// `same / n`, null when `n` is 0.
    pub share: Option<f64>,
    /// Fewer than 10 % of at least one answering peer agree.
    pub rare: bool,
    /// The peers' answers with their counts.
    pub peer_answers: BTreeMap<String, u64>,
}

/// A document against its peers.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PeerReport {
    /// The document (`source.path`).
    pub document: String,
    /// How peers were chosen.
    pub criteria: Vec<String>,
    /// Number of peers.
    pub peers: u64,
    /// One entry per answer of the document (first block of repeated blocks).
    pub items: Vec<PeerItem>,
}

/// Whether `other` is a peer of the document with profile `me`.
fn is_peer(doc: &Document, me: &Profile, other: &Document, theirs: &Profile) -> bool {
    other.source.sha256 != doc.source.sha256
        && other.form.kind.is_some()
        && other.form.kind == doc.form.kind
        && theirs.category == me.category
        && match (&me.population_band, &theirs.population_band) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
}

type Key = (String, Option<String>);

impl PeerReport {
    /// Compares `doc` with every peer among `corpus` (the document itself, by its text's
    /// hash, is never its own peer).
    pub fn new(doc: &Document, corpus: impl Iterator<Item = Document>) -> PeerReport {
        let me = tables::profile(doc);
        let mut peers = 0;
        let mut counts: BTreeMap<Key, BTreeMap<String, u64>> = BTreeMap::new();
        for other in corpus {
            let theirs = tables::profile(&other);
            if !is_peer(doc, &me, &other, &theirs) {
                continue;
            }
            peers += 1;
            for a in tables::answers(&other) {
                if a.item.group.as_ref().is_some_and(|g| g.index > 1) {
                    continue;
                }
                let key = (a.item.id.clone(), a.option.map(str::to_string));
                *counts.entry(key).or_default().entry(a.answer).or_default() += 1;
            }
        }
        let items = tables::answers(doc)
            .into_iter()
            .filter(|a| a.item.group.as_ref().is_none_or(|g| g.index == 1))
            .map(|a| {
                let key = (a.item.id.clone(), a.option.map(str::to_string));
                let peer_answers = counts.get(&key).cloned().unwrap_or_default();
                let n: u64 = peer_answers.values().sum();
                let same = peer_answers.get(&a.answer).copied().unwrap_or(0);
                let share = (n > 0).then(|| same as f64 / n as f64);
                PeerItem {
                    id: a.item.id.clone(),
                    path: a.item.path.clone(),
                    label: a.item.label.clone(),
                    option: a.option.map(str::to_string),
                    answer: a.answer,
                    n,
                    same,
                    share,
                    rare: share.is_some_and(|s| s < RARE),
                    peer_answers,
                }
            })
            .collect();
        let mut criteria = vec![
            format!(
                "form kind {}",
                doc.form.kind.map_or("unknown", |k| k.as_str())
            ),
            format!(
                "事務 category {}",
                me.category.as_deref().unwrap_or("unknown")
            ),
        ];
        if let Some(band) = &me.population_band {
            criteria.push(format!("対象人数 {band} (where the peer prints one)"));
        }
        PeerReport {
            document: doc.source.path.clone(),
            criteria,
            peers,
            items,
        }
    }

    /// A plain-text table for the terminal.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{}\npeers: {} ({})\n\n",
            self.document,
            self.peers,
            self.criteria.join(", ")
        );
        s.push_str("path\titem\tanswer\tsame/n\tshare\n");
        for i in &self.items {
            let label = match &i.option {
                Some(o) => format!("{} [{o}]", i.label),
                None => i.label.clone(),
            };
            let share = i
                .share
                .map_or("—".to_string(), |x| format!("{:.0} %", x * 100.0));
            let flag = if i.rare { "\t← rare" } else { "" };
            s.push_str(&format!(
                "{}\t{}\t{}\t{}/{}\t{}{}\n",
                i.path, label, i.answer, i.same, i.n, share, flag
            ));
        }
        s
    }
}
