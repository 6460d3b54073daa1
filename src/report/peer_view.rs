//! The report's peer view: a [`PeerReport`] for every document, from counts gathered in the
//! report's first pass instead of reading the corpus once per document.
//!
//! The definition is [`crate::peers`]'s: peers are the documents of the same form kind and
//! 事務 category, of the same 対象人数 band where both print one, and never a document with
//! the same text (same `sha256`, which includes the document itself). Counts are kept per
//! (kind, category, band), and per text hash within them; a document's peers are the groups
//! its band matches, less the documents with its own text (whose answers are its own: the
//! same text is read the same way). A test checks the result equals
//! [`PeerReport::new`] over the corpus, document by document.

use std::collections::BTreeMap;

use crate::model::Document;
use crate::peers::{PeerReport, RARE};
use crate::tables;

/// `(item id, option)`.
type Key = (String, Option<String>);
/// Answers per key, with how many documents give each.
type Counts = BTreeMap<Key, BTreeMap<String, u64>>;
/// `(form kind, category, 対象人数 band)`.
type GroupKey = (String, Option<String>, Option<String>);

/// Counts of the peer groups of a corpus. Filled with [`PeerCounts::add`], one document at
/// a time.
#[derive(Debug, Default)]
pub struct PeerCounts {
    groups: BTreeMap<GroupKey, (u64, Counts)>,
    texts: BTreeMap<(GroupKey, String), u64>,
}

fn group_key(doc: &Document) -> Option<GroupKey> {
    let kind = doc.form.kind?;
    let p = tables::profile(doc);
    Some((kind.as_str().to_string(), p.category, p.population_band))
}

/// What a document contributes to its peers' counts (as [`PeerReport::new`] counts a peer:
/// every answer outside blocks after the first).
fn contribution(doc: &Document) -> Counts {
    let mut counts = Counts::new();
    for a in tables::answers(doc) {
        if a.item.group.as_ref().is_some_and(|g| g.index > 1) {
            continue;
        }
        let key = (a.item.id.clone(), a.option.map(str::to_string));
        *counts.entry(key).or_default().entry(a.answer).or_default() += 1;
    }
    counts
}

impl PeerCounts {
    /// Counts one document of the corpus.
    pub fn add(&mut self, doc: &Document) {
        let Some(key) = group_key(doc) else { return };
        *self
            .texts
            .entry((key.clone(), doc.source.sha256.clone()))
            .or_default() += 1;
        let group = self.groups.entry(key).or_default();
        group.0 += 1;
        for (k, answers) in contribution(doc) {
            let mine = group.1.entry(k).or_default();
            for (a, n) in answers {
                *mine.entry(a).or_default() += n;
            }
        }
    }

    /// The peer report of `doc` (a document of the corpus, or any other).
    pub fn report(&self, doc: &Document) -> PeerReport {
        let mut report = PeerReport::new(doc, std::iter::empty());
        let Some((kind, category, band)) = group_key(doc) else {
            return report;
        };
        let mut peers = 0u64;
        let mut counts = Counts::new();
        for ((k, c, b), (docs, group)) in &self.groups {
            let matches = *k == kind
                && *c == category
                && match (&band, b) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                };
            if !matches {
                continue;
            }
            peers += docs;
            for (key, answers) in group {
                let mine = counts.entry(key.clone()).or_default();
                for (a, n) in answers {
                    *mine.entry(a.clone()).or_default() += n;
                }
            }
        }
        // Documents with this text are not peers: take them (and their answers) out.
        let same_text = self
            .texts
            .get(&((kind, category, band), doc.source.sha256.clone()))
            .copied()
            .unwrap_or(0);
        if same_text > 0 {
            peers = peers.saturating_sub(same_text);
            for (key, answers) in contribution(doc) {
                if let Some(mine) = counts.get_mut(&key) {
                    for (a, n) in answers {
                        if let Some(c) = mine.get_mut(&a) {
                            *c = c.saturating_sub(n * same_text);
                        }
                    }
                    mine.retain(|_, c| *c > 0);
                }
            }
        }
        report.peers = peers;
        for item in &mut report.items {
            let key = (item.id.clone(), item.option.clone());
            item.peer_answers = counts.get(&key).cloned().unwrap_or_default();
            item.n = item.peer_answers.values().sum();
            item.same = item.peer_answers.get(&item.answer).copied().unwrap_or(0);
            item.share = (item.n > 0).then(|| item.same as f64 / item.n as f64);
            item.rare = item.share.is_some_and(|s| s < RARE);
        }
        report
    }
}
