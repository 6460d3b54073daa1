//! The HTML report of a run: one self-contained file (no network; charts as inline SVG) with
//! the corpus overview, an answer distribution chart per item, the indicators of
//! `summary.json`, a sortable documents table and one section per document (items with
//! status and provenance, diagnostics, coverage, and a peer view).
//!
//! Input is an output folder of `hyoka run`: the manifest names every input and its stored
//! document. Documents are read twice, one at a time — first for the overview and the
//! distributions, then for their sections — so memory holds one document and the counts,
//! never the whole corpus. A stored document that cannot be read is skipped with a note in
//! the report. Every string taken from a document goes through [`html::escape`].
//!
//! The peer view of a document is [`crate::peers::PeerReport`] (same form kind, 事務 and
//! 対象人数 band), computed from counts gathered in the first pass ([`PeerCounts`]).
//!
//! ```no_run
//! let report = hyoka::report::write(
//!     std::path::Path::new("out"),
//!     std::path::Path::new("out/report.html"),
//!     &|_step, _done, _all| {},
//! ).unwrap();
//! println!("{} documents, {} charts", report.documents, report.charts);
//! ```

mod doc;
pub mod html;
mod peer_view;
mod svg;

pub use peer_view::PeerCounts;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::batch::manifest::{self, Manifest};
use crate::emit::corpus::load_document;
use crate::emit::Staged;
use crate::error::{Error, ErrorKind, Stage};
use crate::model::{Document, Status};
use crate::stats::AnswerStats;
use crate::tables;

use html::{escape, percent};

/// Answers shown per chart; the rest are summed into one bar.
const MAX_BARS: usize = 12;

/// What a report contains.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Documents with a section.
    pub documents: usize,
    /// Inline SVG charts (overview and answer distributions).
    pub charts: usize,
    /// Inputs without a section, with the reason (failed, stored document unreadable).
    pub skipped: Vec<(String, String)>,
}

/// A long step of building the report, for progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading documents for the overview and the distributions.
    Reading,
    /// Writing the document sections.
    Writing,
}

impl Step {
    /// A short description.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Reading => "reading documents",
            Step::Writing => "writing document pages",
        }
    }
}

/// Writes the report of the run in `out` to `dest` (atomically: a temporary file renamed
/// into place). `progress(step, done, all)` is called after each document.
pub fn write(
    out: &Path,
    dest: &Path,
    progress: &dyn Fn(Step, usize, usize),
) -> Result<Report, Error> {
    check_run_output(out)?;
    let mut staged = Staged::default();
    let tmp = staged.stage(dest);
    let file = File::create(&tmp).map_err(|e| io_error(e, &tmp))?;
    let mut w = BufWriter::new(file);
    let report = render(out, &mut w, progress)?;
    w.flush().map_err(|e| io_error(e, &tmp))?;
    drop(w);
    staged.commit()?;
    Ok(report)
}

/// Renders the report of the run in `out` into `w`.
pub fn render(
    out: &Path,
    w: &mut dyn Write,
    progress: &dyn Fn(Step, usize, usize),
) -> Result<Report, Error> {
    check_run_output(out)?;
    let manifest = Manifest::load(out);
    let corpus = Corpus::read(out, &manifest, progress);
    let summary = std::fs::read(out.join("summary.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    let mut charts = 0;
    let mut page = html::head("hyoka report");
    page.push_str(&corpus.overview(out, summary.as_ref(), &mut charts));
    let wr = |e: std::io::Error| io_error(e, out);
    w.write_all(page.as_bytes()).map_err(wr)?;

    let mut report = Report {
        documents: 0,
        charts,
        skipped: corpus.skipped.clone(),
    };
    let all = corpus.rows.len();
    for (done, row) in corpus.rows.iter().enumerate() {
        let section = match load_document(out, &row.rel) {
            Ok(d) => {
                report.documents += 1;
                doc::section(&d, row, &corpus.peers.report(&d))
            }
            Err(e) => format!(
                "<section class=\"doc\" id=\"{}\"><p class=\"note\">{}: the stored document could not be read: {}</p></section>\n",
                escape(&row.anchor),
                escape(&row.key),
                escape(&e.to_string())
            ),
        };
        w.write_all(section.as_bytes()).map_err(wr)?;
        progress(Step::Writing, done + 1, all);
    }
    w.write_all(html::foot().as_bytes()).map_err(wr)?;
    Ok(report)
}

/// An error unless `out` holds a run's manifest.
fn check_run_output(out: &Path) -> Result<(), Error> {
    if !out.join(manifest::FILE).is_file() {
        return Err(Error::new(
            ErrorKind::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "not an output folder of `hyoka run`: no {} (run `hyoka run --out {}` first)",
                    manifest::FILE,
                    out.display()
                ),
            )),
            &out.display().to_string(),
            Stage::Emit,
        ));
    }
    Ok(())
}

fn io_error(e: std::io::Error, p: &Path) -> Error {
    Error::new(ErrorKind::Io(e), &p.display().to_string(), Stage::Emit)
}

/// What the overview needs of one document (no items).
#[derive(Debug, Clone)]
pub(crate) struct Row {
    key: String,
    rel: String,
    anchor: String,
    title: Option<String>,
    body: Option<String>,
    lg_code: Option<String>,
    prefecture: Option<String>,
    kind: Option<&'static str>,
    category: String,
    category_name: String,
    published: Option<String>,
    items: usize,
    ok: usize,
    missing: usize,
    coverage: f64,
    chars: (u64, u64),
    diagnostics: usize,
    warnings: usize,
}

/// The overview's counts, gathered one document at a time.
struct Corpus {
    rows: Vec<Row>,
    skipped: Vec<(String, String)>,
    answers: AnswerStats,
    /// Counts of the peer groups.
    peers: PeerCounts,
    /// Paths each item id has in the documents (they differ between form versions).
    paths: BTreeMap<String, BTreeSet<String>>,
}

/// `id` for a document's section: `doc-<stem>`, with characters outside letters, digits,
/// `-`, `_` and `.` replaced, numbered when that makes two the same.
fn anchor(rel: &str, seen: &mut BTreeSet<String>) -> String {
    let stem = Path::new(rel)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut id = format!("doc-{clean}");
    let mut n = 2;
    while !seen.insert(id.clone()) {
        id = format!("doc-{clean}-{n}");
        n += 1;
    }
    id
}

impl Row {
    fn of(d: &Document, key: &str, rel: &str, anchor: String) -> Row {
        let profile = tables::profile(d);
        let count = |s: Status| d.items.iter().filter(|i| i.status == s).count();
        Row {
            key: key.to_string(),
            rel: rel.to_string(),
            anchor,
            title: d.header.title.clone(),
            body: profile
                .body_name
                .clone()
                .or_else(|| d.header.organization.raw.clone()),
            lg_code: profile.lg_code.clone(),
            prefecture: profile
                .prefecture
                .clone()
                .or_else(|| d.header.organization.prefecture.clone()),
            kind: d.form.kind.map(|k| k.as_str()),
            category: profile.category.clone().unwrap_or_default(),
            category_name: profile.category_name.clone().unwrap_or_default(),
            published: d.header.published.date.clone(),
            items: d.items.len(),
            ok: count(Status::Ok) + count(Status::Inferred),
            missing: count(Status::Missing),
            coverage: d.coverage.ratio,
            chars: (d.coverage.accounted_chars, d.coverage.total_chars),
            diagnostics: d.diagnostics.len(),
            warnings: d
                .diagnostics
                .iter()
                .filter(|x| x.level >= crate::model::Level::Warning)
                .count(),
        }
    }
}

impl Corpus {
    fn read(out: &Path, manifest: &Manifest, progress: &dyn Fn(Step, usize, usize)) -> Corpus {
        let mut c = Corpus {
            rows: Vec::new(),
            skipped: Vec::new(),
            answers: AnswerStats::default(),
            peers: PeerCounts::default(),
            paths: BTreeMap::new(),
        };
        let mut seen = BTreeSet::new();
        let all = manifest.entries.len();
        for (done, entry) in manifest.entries.values().enumerate() {
            match (&entry.doc, &entry.failure) {
                (Some(rel), _) => match load_document(out, rel) {
                    Ok(d) => {
                        c.answers += AnswerStats::of(&d, &tables::profile(&d));
                        c.peers.add(&d);
                        for item in d
                            .items
                            .iter()
                            .filter(|i| i.group.as_ref().is_none_or(|g| g.index <= 1))
                        {
                            c.paths
                                .entry(item.id.clone())
                                .or_default()
                                .insert(item.path.clone());
                        }
                        let a = anchor(rel, &mut seen);
                        c.rows.push(Row::of(&d, &entry.key, rel, a));
                    }
                    Err(e) => c.skipped.push((
                        entry.key.clone(),
                        format!("the stored document could not be read: {e}"),
                    )),
                },
                (None, Some(f)) => c
                    .skipped
                    .push((entry.key.clone(), format!("failed: {}", f.message))),
                (None, None) => c
                    .skipped
                    .push((entry.key.clone(), "no document recorded".to_string())),
            }
            progress(Step::Reading, done + 1, all);
        }
        c
    }

    /// Everything before the document sections.
    fn overview(
        &self,
        out: &Path,
        summary: Option<&serde_json::Value>,
        charts: &mut usize,
    ) -> String {
        let indicators = summary
            .and_then(|s| s.get("indicators"))
            .and_then(|v| v.as_array())
            .filter(|a| !a.is_empty());
        let mut s = String::new();
        let _ = write!(
            s,
            "<header class=\"top\"><h1>特定個人情報保護評価書 — corpus report</h1>\
             <p>{} · hyoka {} · {} documents</p></header>\n<div id=\"overview\">\n\
             <nav class=\"toc\"><a href=\"#overview-sec\">Overview</a>{}<a href=\"#answers\">Answers by item</a>\
             <a href=\"#documents\">Documents</a></nav>\n<main>\n",
            escape(&out.display().to_string()),
            env!("CARGO_PKG_VERSION"),
            self.rows.len(),
            if indicators.is_some() {
                "<a href=\"#indicators\">Indicators</a>"
            } else {
                ""
            },
        );

        // Cards.
        let (acc, tot) = self
            .rows
            .iter()
            .fold((0u64, 0u64), |(a, t), r| (a + r.chars.0, t + r.chars.1));
        let items: usize = self.rows.iter().map(|r| r.items).sum();
        let ok: usize = self.rows.iter().map(|r| r.ok).sum();
        let _ = write!(
            s,
            "<h2 id=\"overview-sec\">Overview</h2>\n<div class=\"cards\">\
             <div class=\"card\"><b>{}</b><span>documents</span></div>\
             <div class=\"card\"><b>{}</b><span>inputs without a document</span></div>\
             <div class=\"card\"><b>{}</b><span>items read (ok or inferred) of {}</span></div>\
             <div class=\"card\"><b>{}</b><span>coverage (characters accounted for)</span></div></div>\n",
            self.rows.len(),
            self.skipped.len(),
            ok,
            items,
            if tot == 0 {
                "—".to_string()
            } else {
                percent(acc as f64 / tot as f64)
            },
        );
        if !self.skipped.is_empty() {
            s.push_str("<div class=\"note\"><b>Not in this report:</b><ul>");
            for (key, why) in &self.skipped {
                let _ = write!(s, "<li>{}: {}</li>", escape(key), escape(why));
            }
            s.push_str("</ul></div>\n");
        }

        // Overview charts.
        let n = self.rows.len() as u64;
        let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
        let mut prefectures: BTreeMap<&str, u64> = BTreeMap::new();
        let mut categories: BTreeMap<&str, u64> = BTreeMap::new();
        for r in &self.rows {
            *kinds.entry(r.kind.unwrap_or("unknown")).or_default() += 1;
            *prefectures
                .entry(r.prefecture.as_deref().unwrap_or("(not known)"))
                .or_default() += 1;
            *categories.entry(r.category_name.as_str()).or_default() += 1;
        }
        let order = ["基礎", "重点", "全項目", "unknown"];
        let mut kind_bars: Vec<svg::Bar> = order
            .iter()
            .filter_map(|k| kinds.get(k).map(|n| (k.to_string(), *n)))
            .collect();
        kind_bars.extend(
            kinds
                .iter()
                .filter(|(k, _)| !order.contains(k))
                .map(|(k, n)| (k.to_string(), *n)),
        );
        s.push_str("<div class=\"grid\">\n");
        for (title, bars) in [
            ("Documents by form kind", kind_bars),
            ("Documents by prefecture", by_count(&prefectures)),
            ("Documents by 事務", by_count(&categories)),
        ] {
            let _ = writeln!(
                s,
                "<figure class=\"fig\"><figcaption>{}<span class=\"muted\">n = {n}</span></figcaption>{}</figure>",
                escape(title),
                svg::bar_chart(&bars, n)
            );
            *charts += 1;
        }
        s.push_str("</div>\n");

        if let Some(list) = indicators {
            s.push_str(&indicators_table(list));
        }
        s.push_str(&self.answer_charts(charts));
        s.push_str(&self.documents_table());
        s.push_str("</main>\n</div>\n");
        s
    }

    /// One chart per choice, check box, option of a check-box set and count with n ≥ 1,
    /// over all form kinds, in catalog order.
    fn answer_charts(&self, charts: &mut usize) -> String {
        // (id, option) → (n, answers, n by kind)
        type Dist = (u64, BTreeMap<String, u64>, BTreeMap<String, u64>);
        let mut dists: BTreeMap<(String, String), Dist> = BTreeMap::new();
        for ((kind, dim, _, id, option), (n, answers)) in &self.answers.cells {
            if *dim != "all" {
                continue;
            }
            let d = dists.entry((id.clone(), option.clone())).or_default();
            d.0 += n;
            for (a, c) in answers {
                *d.1.entry(a.clone()).or_default() += c;
            }
            *d.2.entry(kind.clone()).or_default() += n;
        }
        let mut s = String::from(
            "<h2 id=\"answers\">Answers by item</h2>\n<p class=\"muted\">One chart per choice, check box, \
             option of a check-box set and count that at least one document answers (values read \
             <i>ok</i> or <i>inferred</i>; the first block of repeated blocks). n is the number of \
             documents answering; the same item id is the same question in every form version.</p>\n\
             <div class=\"grid\">\n",
        );
        let mut done = BTreeSet::new();
        let columns = tables::answer_columns();
        let mut keys: Vec<(String, String, String, &str)> = columns
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    c.option.clone().unwrap_or_default(),
                    c.label.clone(),
                    c.kind,
                )
            })
            .collect();
        // Anything counted that the catalogs do not list (should not happen) comes last.
        for (id, option) in dists.keys() {
            if !columns
                .iter()
                .any(|c| &c.id == id && c.option.as_deref().unwrap_or("") == option)
            {
                keys.push((id.clone(), option.clone(), id.clone(), "choice"));
            }
        }
        for (id, option, label, kind) in keys {
            if !done.insert((id.clone(), option.clone())) {
                continue;
            }
            let Some((n, answers, by_kind)) = dists.get(&(id.clone(), option.clone())) else {
                continue;
            };
            if *n == 0 {
                continue;
            }
            let bars = chart_bars(answers, kind);
            let paths = self
                .paths
                .get(&id)
                .map(|p| {
                    let mut v: Vec<&str> = p.iter().map(String::as_str).take(4).collect();
                    if p.len() > 4 {
                        v.push("…");
                    }
                    v.join(", ")
                })
                .unwrap_or_default();
            let kinds = by_kind
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let title = if option.is_empty() {
                label.clone()
            } else {
                format!("{label} — {option}")
            };
            let _ = writeln!(
                s,
                "<figure class=\"fig\"><figcaption>{}<span class=\"muted\">{} · {} · n = {n} ({})</span></figcaption>{}</figure>",
                escape(&title),
                escape(&id),
                escape(&paths),
                escape(&kinds),
                svg::bar_chart(&bars, *n)
            );
            *charts += 1;
        }
        s.push_str("</div>\n");
        s
    }

    fn documents_table(&self) -> String {
        let mut s = String::from(
            "<h2 id=\"documents\">Documents</h2>\n<p class=\"muted\">Click a column header to sort; \
             click a document to open its page.</p>\n<table class=\"sortable\" id=\"documents-table\"><thead><tr>\
             <th>document</th><th>body</th><th>lg_code</th><th>kind</th><th>事務</th><th>published</th>\
             <th class=\"num\">items ok</th><th class=\"num\">missing</th><th class=\"num\">coverage</th>\
             <th class=\"num\">diagnostics</th></tr></thead><tbody>\n",
        );
        for r in &self.rows {
            let _ = writeln!(
                s,
                "<tr><td><a href=\"#{}\">{}</a><div class=\"muted\">{}</div></td><td>{}</td><td>{}</td><td>{}</td>\
                 <td data-sort=\"{}\">{}</td><td>{}</td><td class=\"num\" data-sort=\"{}\">{} / {}</td>\
                 <td class=\"num\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td>\
                 <td class=\"num\" data-sort=\"{}\">{} ({} warnings)</td></tr>",
                escape(&r.anchor),
                escape(&r.key),
                escape(r.title.as_deref().unwrap_or("")),
                escape(r.body.as_deref().unwrap_or("—")),
                escape(r.lg_code.as_deref().unwrap_or("—")),
                escape(r.kind.unwrap_or("unknown")),
                escape(&r.category),
                escape(&r.category_name),
                escape(r.published.as_deref().unwrap_or("—")),
                r.ok,
                r.ok,
                r.items,
                r.missing,
                r.coverage,
                percent(r.coverage),
                r.diagnostics,
                r.diagnostics,
                r.warnings,
            );
        }
        s.push_str("</tbody></table>\n");
        s
    }
}

/// Bars sorted by count (largest first), then by label.
fn by_count(m: &BTreeMap<&str, u64>) -> Vec<svg::Bar> {
    let mut v: Vec<svg::Bar> = m.iter().map(|(k, n)| (k.to_string(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The bars of an answer distribution: check boxes as checked / not checked / unknown,
/// counts in numeric order, choices by count; at most [`MAX_BARS`], the rest summed.
fn chart_bars(answers: &BTreeMap<String, u64>, kind: &str) -> Vec<svg::Bar> {
    let mut bars: Vec<svg::Bar> = match kind {
        "checkbox" | "option" => ["true", "false", "unknown"]
            .iter()
            .filter_map(|a| answers.get(*a).map(|n| (checkbox_label(a).to_string(), *n)))
            .collect(),
        "count" => {
            let mut v: Vec<(i64, u64)> = answers
                .iter()
                .map(|(a, n)| (a.parse().unwrap_or(i64::MAX), *n))
                .collect();
            v.sort();
            v.into_iter().map(|(a, n)| (a.to_string(), n)).collect()
        }
        _ => {
            let m: BTreeMap<&str, u64> = answers.iter().map(|(a, n)| (a.as_str(), *n)).collect();
            by_count(&m)
        }
    };
    if bars.len() > MAX_BARS {
        let rest: Vec<svg::Bar> = bars.split_off(MAX_BARS - 1);
        let sum = rest.iter().map(|b| b.1).sum();
        bars.push((format!("{} other answers", rest.len()), sum));
    }
    bars
}

/// How a check-box answer is shown.
pub(crate) fn checkbox_label(answer: &str) -> &str {
    match answer {
        "true" => "☑ checked",
        "false" => "☐ not checked",
        "unknown" => "? state unknown",
        other => other,
    }
}

/// The indicators of `summary.json` as a table: the value (a percentage for ids ending in
/// `_share`, else the number, e.g. a mean) with its numerator and n.
fn indicators_table(list: &[serde_json::Value]) -> String {
    let mut s = String::from(
        "<h2 id=\"indicators\">Indicators</h2>\n<table class=\"sortable\"><thead><tr><th>indicator</th>\
         <th class=\"num\">value</th><th class=\"num\">numerator / n</th><th>definition</th><th>items</th></tr></thead><tbody>\n",
    );
    let text = |v: &serde_json::Value, k: &str| -> String {
        match v.get(k) {
            Some(serde_json::Value::String(t)) => t.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(serde_json::Value::Number(x)) => match x.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
                _ => x.to_string(),
            },
            Some(other) => other.to_string(),
        }
    };
    for ind in list {
        let value = ind.get("value").and_then(|v| v.as_f64());
        let items = ind
            .get("items")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let name = text(ind, "name");
        let id = text(ind, "id");
        let _ = writeln!(
            s,
            "<tr><td><b>{}</b><div class=\"muted\">{}</div></td><td class=\"num\" data-sort=\"{}\">{}</td>\
             <td class=\"num\">{} / {}</td><td>{}</td><td class=\"muted\">{}</td></tr>",
            escape(if name.is_empty() { "(unnamed)" } else { &name }),
            escape(&id),
            value.unwrap_or(-1.0),
            value.map_or_else(
                || "—".to_string(),
                |v| if id.ends_with("_share") {
                    percent(v)
                } else {
                    format!("{v:.1}")
                }
            ),
            escape(&text(ind, "numerator")),
            escape(&text(ind, "n")),
            escape(&text(ind, "definition")),
            escape(&items),
        );
    }
    s.push_str("</tbody></table>\n");
    s
}
