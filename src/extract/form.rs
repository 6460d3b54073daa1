//! Form recognition: kind (基礎/重点/全項目) and version, from the title, the `様式` stamp,
//! or the structure (labels that exist only in one form or one version).

use std::sync::LazyLock;

use regex::Regex;

use crate::catalog::{label_key, Catalog};
use crate::model::FormKind;
use crate::segment::SourceText;

static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[?\s*((?:平成|令和)\s*(?:\d+|元)\s*年\s*\d+\s*月)\s*様式\s*([234])\s*\]?")
        .expect("valid regex")
});

/// What recognition found.
#[derive(Debug, Clone, Default)]
pub struct Recognized {
    /// Form kind.
    pub kind: Option<FormKind>,
    /// Catalog version id.
    pub version: Option<String>,
    /// Printed stamp (`平成31年1月 様式2`).
    pub stamp: Option<String>,
    /// 1-based line of the stamp.
    pub stamp_line: Option<u32>,
    /// 1-based line of the title.
    pub title_line: Option<u32>,
    /// Evidence, in words.
    pub basis: Vec<String>,
    /// The kind was inferred from structure only.
    pub inferred: bool,
}

/// Labels found only in one form kind (structure evidence for headerless excerpts).
const KIND_MARKERS: &[(&str, FormKind)] = &[
    ("しきい値判断項目", FormKind::Kiso),
    ("提出する特定個人情報保護評価書の種類", FormKind::Kiso),
    (
        "特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
        FormKind::Zenkomoku,
    ),
    (
        "取扱いを委託する特定個人情報ファイルの範囲",
        FormKind::Zenkomoku,
    ),
    (
        "委託先への特定個人情報ファイルの提供方法",
        FormKind::Zenkomoku,
    ),
    ("委託先名の確認方法", FormKind::Zenkomoku),
    ("事務の内容", FormKind::Zenkomoku),
    ("NISC政府機関統一基準群", FormKind::Zenkomoku),
    ("委託先における取扱者数", FormKind::Juten),
];

/// Recognizes the form of `src`.
pub fn recognize(src: &SourceText) -> Recognized {
    let mut r = Recognized::default();
    for row in &src.rows {
        if r.stamp.is_some() && r.title_line.is_some() {
            break;
        }
        let text = row.joined(" ");
        // (Every stamp holds `様式`.)
        if r.stamp.is_none() && text.contains("様式") {
            if let Some(c) = STAMP.captures(&text) {
                let date: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
                r.stamp = Some(format!("{date} 様式{}", &c[2]));
                r.stamp_line = Some(row.line);
                let kind = match &c[2] {
                    "2" => FormKind::Kiso,
                    "3" => FormKind::Juten,
                    _ => FormKind::Zenkomoku,
                };
                r.kind.get_or_insert(kind);
                r.basis
                    .push(format!("stamp `{}` (line {})", c[0].trim(), row.line));
            }
        }
        // Every title holds `評`, which `label_key` neither makes nor folds.
        if r.title_line.is_none() && text.contains('評') {
            let key = label_key(&text);
            // The three titles share their start: the key is searched once for it.
            let kind = key
                .match_indices("特定個人情報保護評価書(")
                .find_map(|(at, start)| match &key[at + start.len()..] {
                    k if k.starts_with("基礎項目評価書)") => Some(FormKind::Kiso),
                    k if k.starts_with("重点項目評価書)") => Some(FormKind::Juten),
                    k if k.starts_with("全項目評価書)") => Some(FormKind::Zenkomoku),
                    _ => None,
                });
            if let Some(kind) = kind {
                r.title_line = Some(row.line);
                if r.kind.is_some_and(|k| k != kind) {
                    r.basis.push(format!(
                        "title (line {}) disagrees with the stamp",
                        row.line
                    ));
                }
                r.kind = Some(kind);
                r.basis.push(format!("title (line {})", row.line));
            }
        }
    }
    if r.kind.is_none() {
        // Structure: count labels found only in one form.
        let mut votes: Vec<(FormKind, usize)> = Vec::new();
        for row in &src.rows {
            let Some((_, first)) = row.first() else {
                continue;
            };
            let key = label_key(first.lines().next().unwrap_or(""));
            for (marker, kind) in KIND_MARKERS {
                if key.contains(marker) {
                    match votes.iter_mut().find(|(k, _)| k == kind) {
                        Some((_, n)) => *n += 1,
                        None => votes.push((*kind, 1)),
                    }
                }
            }
        }
        votes.sort_by_key(|v| std::cmp::Reverse(v.1));
        if let Some(&(kind, n)) = votes.first() {
            let runner_up = votes.get(1).map_or(0, |v| v.1);
            if n >= 2 && n >= runner_up * 3 {
                r.kind = Some(kind);
                r.inferred = true;
                r.basis.push(format!(
                    "structure: {n} labels found only in the {} form",
                    kind.as_str()
                ));
            }
        }
    }
    if let Some(cat) = r.kind.and_then(catalog_for) {
        r.version = Some(choose_version(cat, src, &mut r));
    }
    r
}

/// The embedded catalog of a kind, where there is one.
pub fn catalog_for(kind: FormKind) -> Option<&'static Catalog> {
    Catalog::all()
        .into_iter()
        .find(|c| c.form_kind() == Some(kind))
}

/// The version with the most entries of its own (in no other version) that have a key for
/// which `printed` holds, and that number; the first such version on a tie.
fn most_exclusive(cat: &Catalog, printed: impl Fn(&str) -> bool) -> Option<(&str, usize)> {
    let mut best: Option<(&str, usize)> = None;
    for v in &cat.versions {
        let Some(fv) = cat.resolved(&v.id) else {
            continue;
        };
        let exclusive = cat
            .exclusive_entries(&v.id)
            .iter()
            .filter(|&&e| fv.entries[e].keys.iter().any(|k| printed(k)))
            .count();
        if best.is_none_or(|(_, ex)| exclusive > ex) {
            best = Some((v.id.as_str(), exclusive));
        }
    }
    best
}

/// The version: from the stamp if it names one, else from version-only labels.
fn choose_version(cat: &Catalog, src: &SourceText, r: &mut Recognized) -> String {
    if let Some(stamp) = &r.stamp {
        let date = stamp.split(' ').next().unwrap_or("");
        if let Some(v) = cat
            .versions
            .iter()
            .find(|v| v.stamps.iter().any(|s| s == date))
        {
            r.basis.push(format!("version {} from the stamp", v.id));
            return v.id.clone();
        }
    }
    // Versions that share every label (重点 and 全項目 editions) cannot be told apart by them.
    let told = cat
        .versions
        .iter()
        .any(|v| !cat.exclusive_entries(&v.id).is_empty());
    if !told {
        return first_version(cat, r);
    }
    let keys: rustc_hash::FxHashSet<String> = src
        .rows
        .iter()
        .filter_map(|row| row.first())
        .map(|(_, c)| label_key(c.lines().next().unwrap_or("")))
        .collect();
    // The version with the most labels that exist only in it.
    let mut best = most_exclusive(cat, |k| keys.contains(k));
    // Labels not on rows of their own (a page on one line, labels glued to values): found in
    // the whitespace-free text, where a break comes before them.
    if best.is_none_or(|(_, ex)| ex == 0) {
        let texts: Vec<String> = src.rows.iter().map(|r| r.joined(" ")).collect();
        let stream =
            crate::read::Stream::new(texts.iter().enumerate().map(|(i, t)| (i, t.as_str())));
        let printed = |k: &str| {
            k.chars().count() >= 4
                && stream
                    .text
                    .match_indices(k)
                    .any(|(at, _)| stream.gap_at(at))
        };
        best = most_exclusive(cat, printed);
    }
    match best {
        Some((id, exclusive)) if exclusive > 0 => {
            r.basis.push(format!(
                "version {id}: {exclusive} labels that exist only in that version"
            ));
            id.to_string()
        }
        _ => first_version(cat, r),
    }
}

/// No version-only labels: the catalog's first version (基礎: the older layout, as newer ones
/// add items; 重点 and 全項目: the current layout, whose earlier editions have the same
/// questions).
fn first_version(cat: &Catalog, r: &mut Recognized) -> String {
    let id = cat
        .versions
        .first()
        .map(|v| v.id.clone())
        .unwrap_or_default();
    r.basis.push(format!(
        "version {id}: no labels that exist only in one version (the catalog's first version)"
    ));
    id
}
