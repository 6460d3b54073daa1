//! Compare two documents item by item: two bodies' answers to the same form, or two versions
//! of one 評価書.
//!
//! Items are matched by id and block number (ids are the same in every form version), the
//! cover fields by name. Each pair is `equal`, `different` or only in one document; texts
//! that differ get a short diff (the common beginning and end cut, the changed middle shown).
//!
//! ```
//! use hyoka::compare::{compare, Outcome};
//! let doc = hyoka::parse_bytes("特定個人情報保護評価書(基礎項目評価書)\n".as_bytes(), "x.txt",
//!     &hyoka::Options::default()).unwrap();
//! let c = compare(&doc, &doc);
//! assert!(c.rows.iter().all(|r| r.outcome == Outcome::Equal));
//! ```

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::emit::value_text;
use crate::model::{Document, Item, Status, Value};

/// How an item compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Same value and status.
    Equal,
    /// Both have the item, with different values or statuses.
    Different,
    /// Only the first document has a value (the other's is missing or not in its form).
    OnlyA,
    /// Only the second document has a value.
    OnlyB,
}

/// One compared item.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Row {
    /// Item id (`header.title`, `audit`, …), with `#n` for block n of a repeated block.
    pub id: String,
    /// Label.
    pub label: String,
    /// Path in A, else in B.
    pub path: String,
    /// A's value as text (null: no value).
    pub a: Option<String>,
    /// B's value as text.
    pub b: Option<String>,
    /// A's status.
    pub a_status: Option<Status>,
    /// B's status.
    pub b_status: Option<Status>,
    /// The outcome.
    pub outcome: Outcome,
    /// For different texts: `…context[-removed-]{+added+}context…`.
    pub diff: Option<String>,
}

/// Two documents compared.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Comparison {
    /// A's `source.path`.
    pub a: String,
    /// B's `source.path`.
    pub b: String,
    /// Rows in A's item order, then B's items not in A.
    pub rows: Vec<Row>,
    /// Rows by outcome.
    pub counts: BTreeMap<String, u64>,
}

fn text(item: &Item) -> Option<String> {
    match (&item.value, item.status) {
        (Value::Null, _) | (_, Status::Missing | Status::Ambiguous | Status::Invalid) => None,
        (v, _) => Some(value_text(v)),
    }
}

fn key(item: &Item) -> String {
    match &item.group {
        Some(g) => format!("{}#{}", item.id, g.index),
        None => item.id.clone(),
    }
}

/// The cover fields as pseudo-items.
fn header_rows(doc: &Document) -> Vec<(String, String, Option<String>)> {
    let h = &doc.header;
    vec![
        (
            "header.number".into(),
            "評価書番号".into(),
            h.number.clone(),
        ),
        ("header.title".into(), "評価書名".into(), h.title.clone()),
        (
            "header.organization".into(),
            "評価実施機関名".into(),
            h.organization.raw.clone(),
        ),
        (
            "header.published".into(),
            "公表日".into(),
            h.published.date.clone(),
        ),
        (
            "form.kind".into(),
            "様式".into(),
            doc.form.kind.map(|k| k.as_str().to_string()),
        ),
        ("form.version".into(), "版".into(), doc.form.version.clone()),
    ]
}

/// A short diff of two texts, by characters: unchanged runs are cut to 12 characters of
/// context around each change (`…`), removed text is shown as `[-…-]`, added as `{+…+}`.
pub fn short_diff(a: &str, b: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    const CONTEXT: usize = 12;
    let diff = TextDiff::from_chars(a, b);
    // Runs of the same tag.
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_string())),
        }
    }
    let last = runs.len().saturating_sub(1);
    let mut out = String::new();
    for (i, (tag, text)) in runs.iter().enumerate() {
        match tag {
            ChangeTag::Equal => {
                let chars: Vec<char> = text.chars().collect();
                let head = if i == 0 { 0 } else { CONTEXT };
                let tail = if i == last { 0 } else { CONTEXT };
                if chars.len() <= head + tail + 1 || (i == 0 && i == last) {
                    out.push_str(text);
                } else {
                    out.extend(&chars[..head]);
                    out.push('…');
                    out.extend(&chars[chars.len() - tail..]);
                }
            }
            ChangeTag::Delete => out.push_str(&format!("[-{text}-]")),
            ChangeTag::Insert => out.push_str(&format!("{{+{text}+}}")),
        }
    }
    out
}

fn outcome(a: &Option<String>, b: &Option<String>, same_status: bool) -> Outcome {
    match (a, b) {
        (Some(x), Some(y)) if x == y && same_status => Outcome::Equal,
        (Some(_), Some(_)) => Outcome::Different,
        (Some(_), None) => Outcome::OnlyA,
        (None, Some(_)) => Outcome::OnlyB,
        (None, None) if same_status => Outcome::Equal,
        (None, None) => Outcome::Different,
    }
}

/// Compares `a` with `b`.
pub fn compare(a: &Document, b: &Document) -> Comparison {
    let mut rows = Vec::new();
    for ((id, label, va), (_, _, vb)) in header_rows(a).into_iter().zip(header_rows(b)) {
        let diff = match (&va, &vb) {
            (Some(x), Some(y)) if x != y => Some(short_diff(x, y)),
            _ => None,
        };
        rows.push(Row {
            outcome: outcome(&va, &vb, true),
            path: id.clone(),
            id,
            label,
            a: va,
            b: vb,
            a_status: None,
            b_status: None,
            diff,
        });
    }
    let b_items: BTreeMap<String, &Item> = b.items.iter().map(|i| (key(i), i)).collect();
    let mut seen = std::collections::HashSet::new();
    let mut pair = |ia: Option<&Item>, ib: Option<&Item>| {
        let Some(first) = ia.or(ib) else { return };
        let (va, vb) = (ia.and_then(text), ib.and_then(text));
        let (sa, sb) = (ia.map(|i| i.status), ib.map(|i| i.status));
        let diff = match (&va, &vb) {
            (Some(x), Some(y)) if x != y => Some(short_diff(x, y)),
            _ => None,
        };
        rows.push(Row {
            id: key(first),
            label: first.label.clone(),
            path: first.path.clone(),
            outcome: outcome(&va, &vb, sa == sb),
            a: va,
            b: vb,
            a_status: sa,
            b_status: sb,
            diff,
        });
    };
    for ia in &a.items {
        let k = key(ia);
        seen.insert(k.clone());
        pair(Some(ia), b_items.get(&k).copied());
    }
    for ib in &b.items {
        if !seen.contains(&key(ib)) {
            pair(None, Some(ib));
        }
    }
    let mut counts = BTreeMap::new();
    for r in &rows {
        let name = serde_json::to_value(r.outcome)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        *counts.entry(name).or_insert(0) += 1;
    }
    Comparison {
        a: a.source.path.clone(),
        b: b.source.path.clone(),
        rows,
        counts,
    }
}

impl Comparison {
    /// A plain-text side-by-side listing (equal rows only counted unless `all`).
    pub fn to_text(&self, all: bool) -> String {
        let mut s = format!("A: {}\nB: {}\n", self.a, self.b);
        let summary: Vec<String> = self
            .counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        s.push_str(&format!("{}\n\n", summary.join(", ")));
        let cut = |v: &Option<String>| {
            let t = v.as_deref().unwrap_or("—").replace('\n', " ");
            if t.chars().count() > 60 {
                format!("{}…", t.chars().take(60).collect::<String>())
            } else {
                t
            }
        };
        for r in &self.rows {
            if r.outcome == Outcome::Equal && !all {
                continue;
            }
            let mark = match r.outcome {
                Outcome::Equal => "=",
                Outcome::Different => "≠",
                Outcome::OnlyA => "A",
                Outcome::OnlyB => "B",
            };
            s.push_str(&format!(
                "{mark} {} {}\n    A: {}\n    B: {}\n",
                r.path,
                r.label,
                cut(&r.a),
                cut(&r.b)
            ));
            if let Some(d) = &r.diff {
                if r.a.as_ref().is_some_and(|a| a.chars().count() > 60) {
                    s.push_str(&format!("    diff: {}\n", d.replace('\n', " ")));
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_diff_shows_the_changed_middle() {
        assert_eq!(
            short_diff("第19条第7号", "第19条第8号"),
            "第19条第[-7-]{+8+}号"
        );
        assert_eq!(short_diff("abc", "abc"), "abc");
        assert_eq!(short_diff("", "x"), "{+x+}");
        assert_eq!(short_diff("aXa", "aa"), "a[-X-]a");
        let long = "防府市は、国民健康保険に関する事務における特定個人情報ファイルの取扱いにあたり";
        let other = long.replace("防府市", "八頭町");
        assert_eq!(
            short_diff(long, &other),
            "[-防府市-]{+八頭町+}は、国民健康保険に関する…"
        );
    }
}
