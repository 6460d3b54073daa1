//! Extract: catalog + segmented rows → a typed [`Document`].
//!
//! The extractor walks the rows once to classify them (section, heading, item label,
//! boilerplate), then reads each item's value from its own row and the rows that continue
//! it, and validates it against the item's catalog entry ([`values`]). Two layouts are
//! handled:
//!
//! * **table** (TSV, markdown): a label cell and value cells on one row; the current section
//!   and heading disambiguate labels that occur more than once in the form.
//! * **line** (raw pdftotext): labels wrapped over several lines are matched as windows of
//!   up to four lines; reading order may be scrambled, so a value is only taken from the
//!   lines after its label when it is valid for that item, and what is left is recovered by
//!   `pool` where the pairing is certain, or reported as ambiguous.
//!
//! Submodules, in the order the work happens:
//!
//! | module | does |
//! |---|---|
//! | `form` | recognizes the form kind and version (title, 様式 stamp, structure) |
//! | `history` | locates and reads the 変更箇所 table — evidence, never current values |
//! | `attachments` | 別添 and 別紙: record items, tables, duplicated versions |
//! | this module | classifies rows, reads each item's value, repeated blocks, counts |
//! | [`values`] | turns a value's text into a typed value, checked against the item |
//! | `realign` | realigns a block whose rows slipped against their labels |
//! | `boxes` | check boxes found by their marks, including split brackets |
//! | `pool` | pairs values stranded by a scrambled reading order, where certain |
//! | `header` | the cover page |
//! | `report` | assembles the items, notes what is missing, coverage |
//! | `merge` | merges the readings of a text as laid out and of its rebuilt rows |

mod attachments;
mod boxes;
mod edition;
mod form;
mod header;
mod history;
mod merge;
mod pool;
mod realign;
mod report;
pub mod values;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use regex::Regex;

use boxes::checkboxes;
pub use form::{catalog_for, recognize, Recognized};
use report::{
    counts_against_blocks, coverage, display_tokens, finish_items, foreign_script,
    missing_sections, unheaded_business_attachment,
};

use crate::catalog::{bare_key, label_key, similarity_of_chars_at_least, Entry, FormVersion, Role};
use crate::error::{Error, ErrorKind, Stage};
use crate::model::*;
use crate::normalize::join_wrapped;
use crate::segment::SourceText;
use values::{marks_in, Read};

static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(I|II|III|IV|V|VI|VII)(?:\s+|\s*[.．]\s*)(\S.*)$").expect("valid regex")
});
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}\s*[.,、]\s*\S").expect("valid regex"));

/// Labels that are part of every form but carry no value of their own.
const FIXED_LABELS: &[&str] = &[
    "項目一覧",
    "個人情報保護委員会承認日【行政機関等のみ】",
    "特定個人情報保護委員会承認日【行政機関等のみ】",
];

/// What a row (or a window of rows) is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Hit {
    Section(usize),
    Heading(Vec<usize>),
    Items(Vec<usize>),
    Boilerplate,
}

/// An item value as found.
#[derive(Debug, Clone)]
pub(crate) struct Filled {
    pub value: Value,
    pub status: Status,
    pub line: u32,
    pub raw: String,
}

/// Shared state of one extraction.
pub(crate) struct Work<'a> {
    pub src: &'a SourceText,
    pub fv: &'a FormVersion,
    pub used: Vec<bool>,
    pub body: Vec<bool>,
    pub filled: Vec<Option<Filled>>,
    /// Values of items in repeated blocks, by (entry, block number).
    pub group_filled: BTreeMap<(usize, u32), Filled>,
    /// The repeated block being read (`システム`, 4).
    pub instance: Option<(String, u32)>,
    /// Block numbers seen per block name.
    pub instances: BTreeMap<String, std::collections::BTreeSet<u32>>,
    /// Rows read as an item's label or value (not scanned again for check boxes).
    pub value_rows: Vec<bool>,
    /// Index of the entry matched last (document order breaks ties between equal labels).
    pub cursor: usize,
    /// Repeated blocks seen, with their rows.
    pub blocks: Vec<realign::Block>,
    pub diags: Vec<Diagnostic>,
    pub line_mode: bool,
    /// Rows rebuilt from a text on a few very long lines: stranded values are looked for among
    /// the words of rows (`pool::stranded_words`).
    pub long_lines: bool,
    /// Memo of [`Work::classify_with`] (without, with fuzzy matches): windows and look-aheads
    /// ask about the same text often.
    pub memo: std::cell::RefCell<[HashMap<String, Option<Hit>>; 2]>,
    /// The catalog's keys, indexed for [`Work::classify_with`].
    pub labels: LabelIndex,
    /// The printed names of the form's repeated blocks (`システム`, `委託事項`).
    pub block_names: &'a [String],
    /// [`Work::block_names`], to find them in rows ([`names_a_block`]).
    block_names_ac: Option<&'a aho_corasick::AhoCorasick>,
}

/// The label keys of a form version, indexed once per document: [`Work::classify_with`]
/// looks a key up instead of comparing it with every entry's keys.
#[derive(Debug, Default)]
pub(crate) struct LabelIndex {
    /// Entries by matching key, in catalog order.
    exact: HashMap<String, Vec<usize>>,
    /// Entries by the [`bare_key`] of a key that starts with a circled number.
    bare: HashMap<String, Vec<usize>>,
    /// Keys of items and headings, for close matches: entry, key, its characters.
    fuzzy: Vec<(usize, String, Vec<char>)>,
    /// Boilerplate keys.
    boilerplate: HashSet<String>,
}

impl LabelIndex {
    fn new(fv: &FormVersion) -> LabelIndex {
        let mut index = LabelIndex {
            boilerplate: fv.boilerplate.iter().cloned().collect(),
            ..LabelIndex::default()
        };
        let add = |map: &mut HashMap<String, Vec<usize>>, key: &str, i: usize| {
            let list = map.entry(key.to_string()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        };
        for (i, e) in fv.entries.iter().enumerate() {
            for k in &e.keys {
                add(&mut index.exact, k, i);
                let bare = bare_key(k);
                if bare != k.as_str() {
                    add(&mut index.bare, bare, i);
                }
                if is_item(e) || is_heading(e) {
                    index.fuzzy.push((i, k.clone(), k.chars().collect()));
                }
            }
        }
        index
    }

    /// Entries with `key` among their keys, in catalog order.
    fn exact(&self, key: &str) -> &[usize] {
        self.exact.get(key).map_or(&[], Vec::as_slice)
    }

    /// Entries with a key whose [`bare_key`] is `bare` and differs from the key.
    fn bare(&self, bare: &str) -> &[usize] {
        self.bare.get(bare).map_or(&[], Vec::as_slice)
    }
}

/// A heading entry.
fn is_heading(e: &Entry) -> bool {
    e.role == Role::Heading
}

/// An entry a label row can name as an item: a header field or any item but a single box.
fn is_item(e: &Entry) -> bool {
    matches!(e.role, Role::Header) || matches!(e.item_type(), Some(t) if t != ItemType::Checkbox)
}

impl<'a> Work<'a> {
    pub fn diag(
        &mut self,
        level: Level,
        code: &str,
        path: Option<&str>,
        line: Option<u32>,
        message: String,
    ) {
        self.diags.push(Diagnostic {
            level,
            code: code.to_string(),
            path: path.map(str::to_string),
            line,
            message,
        });
    }

    /// Text of row `i` (cells joined by `sep`).
    pub fn text(&self, i: usize, sep: &str) -> String {
        self.src
            .rows
            .get(i)
            .map(|r| r.joined(sep))
            .unwrap_or_default()
    }

    pub fn entry(&self, e: usize) -> &Entry {
        &self.fv.entries[e]
    }

    /// Stores a value read for entry `e` from row `i`, with the read's note as a diagnostic.
    pub fn fill(&mut self, e: usize, i: usize, read: Read, raw: &str) {
        let line = self.src.rows.get(i).map_or(0, |r| r.line);
        let path = match self.block_of(e) {
            Some(k) => self.fv.entries[e].path.replace("[n]", &k.to_string()),
            None => self.fv.entries[e].path.clone(),
        };
        if let Some((warn, code, msg)) = read.note {
            let level = if warn { Level::Warning } else { Level::Info };
            self.diag(level, code, Some(&path), Some(line), msg);
        }
        let filled = Filled {
            value: read.value,
            status: read.status,
            line,
            raw: raw.chars().take(400).collect(),
        };
        match self.block_of(e) {
            Some(k) => {
                self.group_filled.insert((e, k), filled);
            }
            None => self.filled[e] = Some(filled),
        }
    }

    /// The block number an item of a repeated block is read into: the current block of its
    /// name, else the last one seen, else 1.
    pub fn block_of(&self, e: usize) -> Option<u32> {
        let name = self.fv.entries[e].group.as_ref()?;
        Some(match &self.instance {
            Some((n, k)) if n == name => *k,
            _ => self
                .instances
                .get(name)
                .and_then(|s| s.iter().next_back().copied())
                .unwrap_or(1),
        })
    }

    /// The blocks an item of a repeated block has in the document: those whose titles were
    /// read, and any it was read into.
    pub fn block_numbers(&self, e: usize) -> std::collections::BTreeSet<u32> {
        let Some(name) = self.fv.entries[e].group.as_ref() else {
            return Default::default();
        };
        let mut ks = self.instances.get(name).cloned().unwrap_or_default();
        ks.extend(
            self.group_filled
                .keys()
                .filter(|(x, _)| *x == e)
                .map(|(_, k)| *k),
        );
        ks
    }

    /// Whether entry `e` (in the current block, for repeated items) has no value yet.
    pub fn is_open(&self, e: usize) -> bool {
        match self.block_of(e) {
            Some(k) => !self.group_filled.contains_key(&(e, k)),
            None => self.filled[e].is_none(),
        }
    }

    /// Classifies a label text.
    pub fn classify(&self, text: &str) -> Option<Hit> {
        self.classify_with(text, true)
    }

    /// Classifies a label text; `fuzzy` allows close (not exact) matches of long labels.
    pub fn classify_with(&self, text: &str, fuzzy: bool) -> Option<Hit> {
        if let Some(hit) = self.memo.borrow()[usize::from(fuzzy)].get(text) {
            return hit.clone();
        }
        let hit = self.classify_uncached(text, fuzzy);
        self.memo.borrow_mut()[usize::from(fuzzy)].insert(text.to_string(), hit.clone());
        hit
    }

    fn classify_uncached(&self, text: &str, fuzzy: bool) -> Option<Hit> {
        let text = text.trim();
        if text.is_empty() || text.chars().any(values::is_mark) {
            return None;
        }
        let fv = &self.fv;
        if let Some(c) = SECTION.captures(text) {
            let key = label_key(&c[2]);
            if let Some(i) = fv
                .entries
                .iter()
                .position(|e| e.role == Role::Section && e.keys.contains(&key))
            {
                return Some(Hit::Section(i));
            }
        }
        let key = label_key(text);
        if key.is_empty() {
            return None;
        }
        let numbered = NUMBERED.is_match(text);
        let by = |pred: fn(&Entry) -> bool, found: &[usize]| -> Vec<usize> {
            found
                .iter()
                .copied()
                .filter(|&i| pred(&fv.entries[i]))
                .collect()
        };
        let headings = by(is_heading, self.labels.exact(&key));
        let items = by(is_item, self.labels.exact(&key));
        if numbered && !headings.is_empty() {
            return Some(Hit::Heading(headings));
        }
        if !items.is_empty() {
            return Some(Hit::Items(items));
        }
        if !headings.is_empty() {
            return Some(Hit::Heading(headings));
        }
        if self.labels.boilerplate.contains(&key) || FIXED_LABELS.contains(&key.as_str()) {
            return Some(Hit::Boilerplate);
        }
        // A risk heading whose text is garbled (001:L814 prints Thai inside it): its number
        // `リスク3:` identifies it within the section.
        if let Some(prefix) = risk_prefix(&key) {
            let risks: Vec<usize> = fv
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    is_heading(e) && e.keys.iter().any(|k| risk_prefix(k) == Some(prefix))
                })
                .map(|(i, _)| i)
                .collect();
            if !risks.is_empty() && prefix != "リスク:" {
                return Some(Hit::Heading(risks));
            }
        }
        // Without the circled number (`部署` for `①部署`).
        let bare = bare_key(&key);
        let bare_items = by(is_item, self.labels.bare(bare));
        if !bare_items.is_empty() && bare.chars().count() >= 2 {
            return Some(Hit::Items(bare_items));
        }
        // Garbled or wrapped long labels: close enough to exactly one entry.
        let key_len = key.chars().count();
        if fuzzy && key_len >= 12 {
            let key_chars: Vec<char> = key.chars().collect();
            let mut best: Option<(usize, f64)> = None;
            for (i, _, k) in &self.labels.fuzzy {
                // Similarity can't reach the threshold when the lengths differ by > 15 %.
                let (a, b) = (k.len(), key_len);
                if a.abs_diff(b) * 100 > a.max(b) * 15 {
                    continue;
                }
                if let Some(s) = similarity_of_chars_at_least(k, &key_chars, 0.85) {
                    if best.is_none_or(|b| s > b.1) {
                        best = Some((*i, s));
                    }
                }
            }
            if let Some((i, _)) = best {
                return Some(if is_heading(&fv.entries[i]) {
                    Hit::Heading(vec![i])
                } else {
                    Hit::Items(vec![i])
                });
            }
        }
        None
    }
}

/// `リスク3:` of a risk heading key (`リスク3:入手した…`).
fn risk_prefix(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("リスク")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    rest[digits..]
        .starts_with(':')
        .then(|| &key[.."リスク".len() + digits + 1])
}

/// Extracts one document.
///
/// A text whose cells are not rows of their own (one cell per line, a page on one line, raw
/// `pdftotext`), or whose first reading misses more than a tenth of the items, is read twice: as it is laid out, and from the rows [`crate::read::rows`]
/// rebuilds around the catalog's labels. The two readings are merged item by item
/// (`merge::readings`); where both read a value and the values differ, the item is
/// ambiguous.
pub fn extract(
    src: &SourceText,
    columned: Option<&SourceText>,
    path: &str,
    encoding: &str,
) -> Result<Document, Error> {
    let rec = recognize(src);
    let kind = rec.kind;
    let version = rec
        .version
        .as_deref()
        .and_then(|v| kind.and_then(catalog_for).and_then(|c| c.resolved(v)));
    if kind.is_none() {
        return Err(Error::new(ErrorKind::NotAnAssessment, path, Stage::Extract));
    }
    let line_mode = src.rendering == Rendering::Pdftotext;
    // Labels wrapped around their values are put back together before either reading.
    let rejoined = match (line_mode, version) {
        (true, Some(fv)) => crate::read::wrapped::rejoin(src, fv),
        _ => None,
    };
    let src = rejoined.as_ref().unwrap_or(src);
    let hist = history::locate(src);
    let history_start = hist.rows.start;
    let first = extract_from(src, hist, &rec, version, path, encoding, line_mode, false);
    let Some(fv) = version else {
        return Ok(first);
    };
    // A table rendering is read again when its cells are lost or many labels were not found
    // (stacked labels, cells split over rows); in the second case only if the rebuilt rows
    // hold the label of an item the first reading missed.
    let missing: Vec<&str> = first
        .items
        .iter()
        .filter(|i| i.status == Status::Missing)
        .map(|i| i.path.as_str())
        .collect();
    // Poppler's layout text: its rows rebuilt from its columns are read as a table.
    if let (true, Some(table)) = (line_mode, columned) {
        let second = extract_from(
            table,
            history::locate(table),
            &rec,
            version,
            path,
            encoding,
            false,
            false,
        );
        return Ok(merge::readings(first, second, merge::Merge::Even));
    }
    let rebuilt = if line_mode || crate::read::rows::cells_lost(src) {
        crate::read::rows::rebuild(src, fv, history_start, |_| true)
            .map(|r| (r, merge::Merge::Even))
    } else if missing.len() * 10 > first.items.len() {
        let wanted = |e: usize| {
            let template = fv.entries[e].path.as_str();
            missing.iter().any(|p| path_of(template, p))
        };
        crate::read::rows::rebuild(src, fv, history_start, wanted).map(|r| (r, merge::Merge::Fill))
    } else {
        None
    };
    let Some((rows, how)) = rebuilt else {
        return Ok(first);
    };
    let second = extract_from(
        &rows,
        history::locate(&rows),
        &rec,
        version,
        path,
        encoding,
        false,
        line_mode && long_lines(src),
    );
    Ok(merge::readings(first, second, how))
}

/// A text printed on a few very long lines (a page or a whole document on one line): its
/// lines with content average 1,000 bytes or more (some 330 kanji; a line of a page holds
/// fewer than 60).
fn long_lines(src: &SourceText) -> bool {
    let (mut rows, mut bytes) = (0usize, 0usize);
    for r in src.rows.iter().filter(|r| !r.is_empty()) {
        rows += 1;
        bytes += r.cells.iter().map(String::len).sum::<usize>();
    }
    rows > 0 && bytes >= 1000 * rows
}

/// Whether `path` is an item of the entry path `template` (`[n]` stands for an instance
/// number).
fn path_of(template: &str, path: &str) -> bool {
    match template.split_once("[n]") {
        None => template == path,
        Some((head, tail)) => path
            .strip_prefix(head)
            .and_then(|p| p.strip_suffix(tail))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
    }
}

/// One reading of `src` as laid out (`line_mode`: rows are lines, not cells).
fn extract_from(
    src: &SourceText,
    history: history::History,
    rec: &Recognized,
    version: Option<&FormVersion>,
    path: &str,
    encoding: &str,
    line_mode: bool,
    long_lines: bool,
) -> Document {
    let mut diags = Vec::new();
    let kind = rec.kind;
    // A stamp no catalog version lists: the version was chosen from the labels.
    if let (Some(stamp), Some(cat)) = (&rec.stamp, kind.and_then(catalog_for)) {
        let date = stamp.split(' ').next().unwrap_or("");
        if !cat
            .versions
            .iter()
            .any(|v| v.stamps.iter().any(|s| s == date))
        {
            diags.push(Diagnostic {
                level: Level::Info,
                code: "form.version_unknown".into(),
                path: None,
                line: rec.stamp_line,
                message: format!(
                    "no catalog version lists the stamp `{stamp}`; version {} chosen by label matching",
                    rec.version.as_deref().unwrap_or("?")
                ),
            });
        }
    }
    if rec.inferred {
        diags.push(Diagnostic {
            level: Level::Warning,
            code: "form.inferred".into(),
            path: None,
            line: None,
            message: format!(
                "no title or stamp; form kind inferred from {}",
                rec.basis.join("; ")
            ),
        });
    }
    let mut body: Vec<bool> = vec![true; src.rows.len()];
    for i in history.rows.clone() {
        body[i] = false;
    }
    let mut used = vec![false; src.rows.len()];
    for i in history.accounted.iter().copied() {
        used[i] = true;
    }
    for line in [rec.title_line, rec.stamp_line].into_iter().flatten() {
        if let Some(u) = src.row_index(line).and_then(|i| used.get_mut(i)) {
            *u = true;
        }
    }
    let change_history = history.rows_out;
    diags.extend(history.diags);
    let in_history: Vec<bool> = (0..src.rows.len()).map(|i| !body[i]).collect();
    let att = attachments::read(src, version, &in_history);
    for &i in &att.rows {
        body[i] = false;
        used[i] = true;
    }
    diags.extend(att.diags);
    let attachments = att.attachments;

    let (items, hdr, work_diags, used) = match version {
        Some(fv) => {
            let labels = LabelIndex::new(fv);
            let blocks = fv.block_names();
            let mut w = Work {
                src,
                filled: vec![None; fv.entries.len()],
                group_filled: BTreeMap::new(),
                instance: None,
                instances: BTreeMap::new(),
                value_rows: vec![false; src.rows.len()],
                cursor: 0,
                blocks: Vec::new(),
                fv,
                used,
                body,
                diags: Vec::new(),
                line_mode,
                long_lines,
                block_names: &blocks.names,
                block_names_ac: blocks.finder.as_ref(),
                memo: Default::default(),
                labels,
            };
            read_items(&mut w);
            let hdr = header::read(&mut w);
            let items = finish_items(&mut w);
            missing_sections(&mut w, &items);
            counts_against_blocks(&mut w, &items);
            (items, hdr, w.diags, w.used)
        }
        None => {
            diags.push(Diagnostic {
                level: Level::Warning,
                code: "catalog.unavailable".into(),
                path: None,
                line: None,
                message: format!(
                    "no catalog for the {} form yet: items are not extracted",
                    kind.map_or("unknown", FormKind::as_str)
                ),
            });
            let hdr = header::read_without_catalog(src, &mut used, &mut diags);
            (Vec::new(), hdr, Vec::new(), used)
        }
    };
    diags.extend(work_diags);
    let mut used = used;
    let mut attachments = attachments;
    if kind == Some(FormKind::Zenkomoku) && !attachments.iter().any(|a| a.kind == "事務の内容")
    {
        if let Some((att, rows)) = unheaded_business_attachment(src, &used) {
            diags.push(Diagnostic {
                level: Level::Info,
                code: "attachment.heading_missing".into(),
                path: None,
                line: Some(att.start_line),
                message: format!(
                    "lines {}-{} between I and II carry no heading; read as (別添1) 事務の内容, the attachment the form puts there",
                    att.start_line, att.end_line
                ),
            });
            for i in rows {
                used[i] = true;
            }
            attachments.insert(0, att);
        }
    }
    foreign_script(src, &mut diags);
    let coverage = coverage(src, &used);
    diags.sort_by_key(|d| (d.line.unwrap_or(0), std::cmp::Reverse(d.level)));
    let mut doc = Document {
        schema_version: SCHEMA_VERSION.to_string(),
        source: Source {
            path: path.to_string(),
            sha256: src.sha256.clone(),
            rendering: src.rendering,
            encoding: encoding.to_string(),
            page_count: src.page_count,
            line_count: src.line_count(),
        },
        form: Form {
            kind,
            version: rec.version.clone(),
            stamp: rec.stamp.clone(),
            edition: rec.stamp.as_deref().and_then(edition::from_stamp),
            absent_items: match (kind.and_then(catalog_for), &rec.version) {
                (Some(cat), Some(v)) => cat.absent_in(v),
                _ => Vec::new(),
            },
            basis: rec.basis.clone(),
        },
        header: hdr,
        body: None,
        category: None,
        items,
        change_history,
        attachments,
        diagnostics: diags,
        coverage,
    };
    display_tokens(&mut doc);
    doc
}

/// Classification of one row, or of a window of rows (line mode).
pub(crate) struct Found {
    pub hit: Hit,
    /// Rows the label covers.
    pub rows: std::ops::Range<usize>,
    /// Value text on the label's own row.
    pub rest: String,
}

pub(crate) fn find_label(w: &Work, i: usize) -> Option<Found> {
    let row = &w.src.rows[i];
    let (cell, first) = row.first()?;
    let first_line = first.lines().next().unwrap_or("");
    if !w.line_mode {
        // The label is the first cell, or a later one when the first is a group label
        // (`再委託⇥⑦再委託の有無 ※⇥[…]`) or a misplaced label (001:L375): of a run of label
        // cells, the last item label before the value wins.
        // A first cell that is no label at all (`再委託`, a group label the catalog does
        // not name) may still be followed by an item label. A label broken by `<br>`
        // (003:L328) is tried whole.
        let mut hit = w.classify(first_line).or_else(|| {
            let whole: String = first.lines().collect();
            (whole != first_line).then(|| w.classify(&whole)).flatten()
        });
        let label_lines = if hit.is_some() && w.classify(first_line).is_none() {
            first.lines().count()
        } else {
            1
        };
        let mut at = cell;
        for (k, c) in row.cells.iter().enumerate().skip(cell + 1) {
            if c.is_empty() {
                continue;
            }
            match w.classify(c.lines().next().unwrap_or("")) {
                Some(h @ Hit::Items(_)) if !matches!(hit, Some(Hit::Section(_))) => {
                    hit = Some(h);
                    at = k;
                }
                _ => break,
            }
        }
        // A label fused with its value in one cell: `対象となる本人の数 [ … ]` (001:L333).
        if hit.is_none() {
            if let Some(at) = first_line.find(" [") {
                if let Some(h @ Hit::Items(_)) = w.classify(&first_line[..at]) {
                    let mut rest = vec![first[at..].trim().to_string()];
                    rest.extend(
                        row.cells[cell + 1..]
                            .iter()
                            .filter(|c| !c.is_empty())
                            .cloned(),
                    );
                    return Some(Found {
                        hit: h,
                        rows: i..i + 1,
                        rest: rest.join("\n"),
                    });
                }
            }
        }
        let hit = hit?;
        let label_cell = &row.cells[at];
        let skip = if at == cell { label_lines } else { 1 };
        let mut rest: Vec<String> = label_cell.lines().skip(skip).map(str::to_string).collect();
        rest.extend(
            row.cells[at + 1..]
                .iter()
                .filter(|c| !c.is_empty())
                .cloned(),
        );
        return Some(Found {
            hit,
            rows: i..i + 1,
            rest: rest.join("\n"),
        });
    }
    // pdftotext strands bracket halves in front of headings: `[ 4.特定個人情報…`.
    let first_line = first_line.trim_start_matches(['[', ']', ' ']);
    if let Some(hit) = w.classify_with(first_line, false) {
        return Some(Found {
            hit,
            rows: i..i + 1,
            rest: String::new(),
        });
    }
    // The label, then its value after a space; the label may hold spaces itself
    // (`② 監査 [特に力を入れて行っている]`): the first of its first three spaces that ends one.
    for (at, _) in first_line.match_indices(' ').take(3) {
        if let Some(hit) = w.classify_with(&first_line[..at], false) {
            return Some(Found {
                hit,
                rows: i..i + 1,
                rest: first_line[at..].trim().to_string(),
            });
        }
    }
    // A label wrapped over up to four lines: exact matches of any window first.
    for fuzzy in [false, true] {
        let mut joined = first_line.to_string();
        for j in i + 1..(i + 4).min(w.src.rows.len()) {
            let next = &w.src.rows[j];
            if next.blank || w.used[j] || !w.body[j] {
                break;
            }
            joined.push_str(&next.joined(""));
            if let Some(hit) = w.classify_with(&joined, fuzzy) {
                return Some(Found {
                    hit,
                    rows: i..j + 1,
                    rest: String::new(),
                });
            }
        }
    }
    None
}

/// First pass: labels and the values on or after them.
fn read_items(w: &mut Work) {
    let n = w.src.rows.len();
    let mut section: Option<usize> = None;
    let mut heading: Option<usize> = None;
    // Line mode: label occurrences shared by several entries, resolved afterwards.
    let mut shared: BTreeMap<Vec<usize>, Vec<(usize, Read, String)>> = BTreeMap::new();
    let mut i = 0;
    while i < n {
        if !w.body[i] || w.used[i] || w.src.rows[i].is_empty() {
            i += 1;
            continue;
        }
        if block_title(w, i) {
            w.used[i] = true;
            i += 1;
            continue;
        }
        let title = inner_title(w, i);
        if let Some((title, _)) = title.as_ref().filter(|(_, at)| *at == i) {
            open_block(w, i, title.clone());
        }
        let Some(found) = find_label(w, i) else {
            // A row of labels that is not read as one label (`⑧… ⑨… 委託事項2`).
            if let Some((title, at)) = title.filter(|(_, at)| *at > i) {
                open_block(w, at, title);
            }
            i += 1;
            continue;
        };
        for j in found.rows.clone() {
            w.used[j] = true;
        }
        let next = found.rows.end;
        let title = inner_title(w, next - 1).filter(|(_, at)| *at == next);
        match &found.hit {
            Hit::Section(s) => {
                section = Some(*s);
                heading = None;
                close_block(w, i);
                w.instance = None;
                w.cursor = *s;
            }
            Hit::Heading(hs) => {
                let h = pick(w, hs, section, None);
                heading = h.or(heading);
                if let Some(h) = h {
                    section = w.fv.entries[h].section.or(section);
                    // A heading outside the current block's items ends the block.
                    let in_block = w.instance.as_ref().is_some_and(|(name, _)| {
                        w.fv.entries[h + 1..]
                            .iter()
                            .take_while(|e| e.role != Role::Heading && e.role != Role::Section)
                            .any(|e| e.group.as_deref() == Some(name))
                    });
                    if !in_block {
                        close_block(w, i);
                        w.instance = None;
                    }
                    w.cursor = h;
                    approximate_label(w, h, &found);
                }
                if !w.line_mode {
                    let text = w.text(i, " ");
                    counts(w, None, &text, i);
                }
            }
            Hit::Boilerplate => {}
            Hit::Items(cands) if cands.iter().all(|&e| w.fv.entries[e].role == Role::Header) => {}
            Hit::Items(cands) => {
                let open: Vec<usize> = cands.iter().copied().filter(|&e| w.is_open(e)).collect();
                if open.is_empty() {
                    let path = w.fv.entries[cands[0]].path.clone();
                    w.diag(
                        Level::Info,
                        "label.repeated",
                        Some(&path),
                        Some(w.src.rows[i].line),
                        "the label occurs again; the first occurrence is kept".into(),
                    );
                } else if w.line_mode && open.len() > 1 {
                    let (read, raw) = read_value(w, open[0], &found, true);
                    shared.entry(open.clone()).or_default().push((i, read, raw));
                } else {
                    let e = if w.line_mode {
                        open[0]
                    } else {
                        pick(w, &open, section, heading).unwrap_or(open[0])
                    };
                    for j in found.rows.clone() {
                        w.value_rows[j] = true;
                    }
                    w.cursor = e;
                    approximate_label(w, e, &found);
                    let (read, raw) = read_value(w, e, &found, w.line_mode);
                    counts(w, Some(e), &raw, found.rows.end - 1);
                    let pooled = matches!(
                        w.entry(e).item_type(),
                        Some(ItemType::Choice | ItemType::CheckboxSet)
                    );
                    if !(w.line_mode && read.status != Status::Ok && pooled) {
                        let at = found.rows.end - 1;
                        w.fill(e, at, read, &raw);
                    }
                    if let Some(h) = w.fv.entries[e].heading {
                        if !w.line_mode {
                            heading = Some(h);
                        }
                    }
                }
            }
        }
        if let Some((title, at)) = title {
            open_block(w, at, title);
        }
        i = next;
    }
    close_block(w, n);
    resolve_shared(w, shared);
    if !w.line_mode {
        let blocks = w.blocks.clone();
        for b in &blocks {
            realign::block(w, b);
        }
        phantom_rows(w);
    }
    checkboxes(w);
    if w.line_mode {
        pool::recover(w);
    }
    if w.long_lines {
        pool::stranded_words(w);
    }
}

/// A label matched by similarity, not exactly (a garbled or reworded label): the value is
/// read, and a note says which printed label was taken for which item.
fn approximate_label(w: &mut Work, e: usize, found: &Found) {
    let printed: String = found.rows.clone().map(|r| w.text(r, "")).collect();
    let seen = label_key(&printed);
    let entry = &w.fv.entries[e];
    let exact = entry
        .keys
        .iter()
        .any(|k| seen.contains(k.as_str()) || seen.contains(bare_key(k)));
    if !exact {
        let path = entry.path.clone();
        let label = entry.label.clone();
        let line = w.src.rows[found.rows.start].line;
        let shown: String = printed.chars().take(50).collect();
        w.diag(
            Level::Info,
            "label.approximate",
            Some(&path),
            Some(line),
            format!("printed label `{shown}` read as `{label}` (close, not equal)"),
        );
    }
}

/// Among candidate entries: those under the current heading first, then those in the
/// current section, then the rest; within each, the nearest one at or after the entry matched
/// last (documents follow the form's order), then the first.
fn pick(
    w: &Work,
    cands: &[usize],
    section: Option<usize>,
    heading: Option<usize>,
) -> Option<usize> {
    let e = &w.fv.entries;
    cands.iter().copied().min_by_key(|&c| {
        let class = if heading.is_some() && (e[c].heading == heading || Some(c) == heading) {
            0
        } else if section.is_some() && e[c].section == section {
            1
        } else {
            2
        };
        let behind = usize::from(c < w.cursor);
        (class, behind, c.abs_diff(w.cursor))
    })
}

/// What a block title (`システム4`, `委託事項3`, `システム6～10`) names.
#[derive(Clone)]
enum Title {
    /// One block: its name and number.
    One(String, u32),
    /// A range title (`システム6～10`): empty blocks, none opened.
    Range,
}

/// `text` (spaces dropped) as a block title of the form's repeated blocks.
fn title_of(w: &Work, text: &str) -> Option<Title> {
    if !w.block_names.iter().any(|n| text.contains(n.as_str())) {
        return None;
    }
    let text = text.replace(' ', "");
    w.block_names.iter().find_map(|name| {
        let rest = text.strip_prefix(name.as_str())?;
        if let Ok(k) = rest.parse::<u32>() {
            return Some(Title::One(name.to_string(), k));
        }
        let range: Vec<&str> = rest.split(['~', '-']).collect();
        (range.len() == 2 && range.iter().all(|r| r.parse::<u32>().is_ok())).then_some(Title::Range)
    })
}

/// Whether a cell of row `i` holds the name of one of the form's repeated blocks followed by a
/// number (`委託事項2`, `システム 4`).
fn names_a_block(w: &Work, i: usize) -> bool {
    let Some(names) = &w.block_names_ac else {
        return false;
    };
    // A title stands on a row of labels or on a row of its own: a short row.
    const LONGEST: usize = 200 * 3;
    w.src.rows.get(i).is_some_and(|r| {
        r.cells.iter().map(String::len).sum::<usize>() <= LONGEST
            && r.cells.iter().any(|c| {
                c.bytes().any(|b| b.is_ascii_digit())
                    && names.find_iter(c.as_str()).any(|m| {
                        c[m.end()..]
                            .trim_start_matches(' ')
                            .starts_with(|c: char| c.is_ascii_digit())
                    })
            })
    })
}

/// Opens block `name` `k` at row `i`, closing the current one.
fn open_block(w: &mut Work, i: usize, title: Title) {
    close_block(w, i);
    match title {
        Title::One(name, k) => {
            w.blocks.push(realign::Block {
                name: name.clone(),
                index: k,
                start: i,
                end: w.src.rows.len(),
            });
            w.instance = Some((name.clone(), k));
            w.instances.entry(name).or_default().insert(k);
        }
        Title::Range => w.instance = None,
    }
}

/// A repeated block's title row (`システム4`, `委託事項3`); a range title (`システム6～10`)
/// marks empty blocks and opens none.
fn block_title(w: &mut Work, i: usize) -> bool {
    let Some((_, first)) = w.src.rows[i].first() else {
        return false;
    };
    let first = first.lines().next().unwrap_or("");
    match title_of(w, first) {
        Some(title) => {
            open_block(w, i, title);
            true
        }
        None => false,
    }
}

/// Whether row `i` starts with a block title (`委託事項2`, `移転先8 ①法令上の根拠`): a value
/// read from the rows before it ends there.
fn opens_block(w: &Work, i: usize) -> bool {
    if !names_a_block(w, i) {
        return false;
    }
    let text = w.text(i, " ");
    let first = text
        .split([' ', '\t'])
        .find(|t| !t.is_empty())
        .unwrap_or("");
    matches!(title_of(w, first), Some(Title::One(..)))
}

/// A block title printed on a row of labels beside them, after a gap (a page whose labels
/// and values are laid out as blocks): `⑧再委託の許諾方法 ⑨再委託事項 委託事項2`,
/// `⑦時期・頻度 移転先2 ①法令上の根拠`, `移転先8 ①法令上の根拠 ②移転先における用途`. The
/// values of such a row follow on later rows, so the block it names opens on the next row;
/// the row itself is the block's when the title is its first word.
fn inner_title(w: &Work, i: usize) -> Option<(Title, usize)> {
    if !names_a_block(w, i) {
        return None;
    }
    let text = w.text(i, " ");
    let words: Vec<&str> = text.split([' ', '\t']).filter(|t| !t.is_empty()).collect();
    if words.len() < 2 {
        return None;
    }
    let (k, title) = words
        .iter()
        .enumerate()
        .find_map(|(k, t)| title_of(w, t).map(|title| (k, title)))?;
    // The words beside the title are labels: the first of them is an item's.
    let other = if k == 0 { words[1] } else { words[0] };
    matches!(w.classify(other), Some(Hit::Items(_)))
        .then_some((title, if k == 0 { i } else { i + 1 }))
}

/// Converters repeat a cell's inner table as extra rows (003:L47 then L48-51) or a choice
/// list as a row of its own (003:L319-320). A row whose whole content already stands in an
/// item row just above it is such a phantom: accounted for, never read as an item.
fn phantom_rows(w: &mut Work) {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for i in 0..w.src.rows.len() {
        if !w.body[i] || w.used[i] || w.src.rows[i].is_empty() {
            continue;
        }
        let text = squash(&w.text(i, " "));
        if text.chars().count() < 4 {
            continue;
        }
        let source = (i.saturating_sub(6)..i)
            .rev()
            .find(|&j| w.value_rows[j] && squash(&w.text(j, " ")).contains(&text));
        if let Some(j) = source {
            w.used[i] = true;
            w.value_rows[i] = true;
            let line = w.src.rows[i].line;
            let from = w.src.rows[j].line;
            w.diag(
                Level::Info,
                "row.phantom",
                None,
                Some(line),
                format!("this row repeats content of line {from}; not read again"),
            );
        }
    }
}

/// A text field printed inside another item's row, after its label (`③手数料等 … 2) 無料
/// (手数料額、納付方法: … )`): the text after the label. The form's closing `)` often splits
/// the entered sentence (001:L1006); both halves are kept, the stray `)` dropped.
fn details(w: &mut Work, owner: &str, text: &str, row: usize) {
    let targets: Vec<usize> = (0..w.fv.entries.len())
        .filter(|&c| {
            let e = &w.fv.entries[c];
            e.item_type() == Some(ItemType::Text)
                && e.count_of.as_deref() == Some(owner)
                && w.is_open(c)
        })
        .collect();
    for c in targets {
        let label = w.fv.entries[c]
            .label
            .trim_end_matches([':', ' ', '(', ')'])
            .to_string();
        let inner = label.trim_start_matches('(').to_string();
        let Some(at) = text.find(&inner) else {
            continue;
        };
        let rest = text[at + inner.len()..].trim_start_matches([':', ' ']);
        let value = match rest.find(" )") {
            Some(p) => format!(
                "{}{}",
                rest[..p].trim_end(),
                rest[p + 2..].trim_start().trim_start_matches(' ')
            ),
            None => rest.trim_end_matches(')').trim().to_string(),
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        let read = Read {
            value: Value::Text(value.clone()),
            status: Status::Ok,
            note: None,
        };
        w.fill(c, row, read, &value);
    }
}

/// Ends the open block at row `i`.
fn close_block(w: &mut Work, i: usize) {
    if w.instance.is_some() {
        if let Some(b) = w.blocks.last_mut() {
            b.end = b.end.min(i);
        }
    }
}

/// Counts printed on an item's row: `( 6 ) 件`, or after an option (`提供を行っている ( 82 ) 件`).
fn counts(w: &mut Work, of: Option<usize>, text: &str, row: usize) {
    static COUNT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(\s*(\d+)\s*\)\s*件").expect("valid regex"));
    let owner_id = of.map(|e| w.fv.entries[e].id.clone());
    if let Some(id) = &owner_id {
        details(w, id, text, row);
    }
    let targets: Vec<usize> = (0..w.fv.entries.len())
        .filter(|&c| w.fv.entries[c].item_type() == Some(ItemType::Count) && w.is_open(c))
        .filter(|&c| match (&owner_id, &w.fv.entries[c].count_of) {
            (Some(id), Some(of)) => id == of,
            // Counts on a heading row: only option-bound counts whose option is on the row.
            (None, Some(_)) => w.fv.entries[c]
                .count_option
                .as_ref()
                .is_some_and(|o| text.contains(o.as_str())),
            _ => false,
        })
        .collect();
    for c in targets {
        let scope = match &w.fv.entries[c].count_option {
            Some(opt) => match text.find(opt.as_str()) {
                Some(at) => &text[at + opt.len()..],
                None => continue,
            },
            None => text,
        };
        let Some(cap) = COUNT.captures(scope) else {
            continue;
        };
        let n: i64 = cap[1].parse().unwrap_or(0);
        let read = Read {
            value: Value::Count(n),
            status: Status::Ok,
            note: None,
        };
        let raw = cap[0].to_string();
        w.fill(c, row, read, &raw);
    }
}

/// Reads the value of entry `e` whose label was found; marks continuation rows used.
fn read_value(w: &mut Work, e: usize, found: &Found, strict: bool) -> (Read, String) {
    let kind = w.entry(e).role;
    let mut text = found.rest.clone();
    let mut rows_taken: Vec<usize> = Vec::new();
    let n = w.src.rows.len();
    let mut j = found.rows.end;
    match kind {
        Role::Item(ItemType::Choice) => {
            if !values::has_choice_evidence(&text) {
                let mut looked = 0;
                while j < n && looked < 4 {
                    let row = &w.src.rows[j];
                    if !w.body[j] || w.used[j] {
                        break;
                    }
                    if row.is_empty() {
                        j += 1;
                        continue;
                    }
                    if find_label(w, j).is_some() || opens_block(w, j) {
                        break;
                    }
                    // In a table, only a continuation row (first cell empty, 000:L90, or a PDF
                    // row starting with the value itself) carries this item's value; a row with
                    // a label of its own is another item, even one the catalog does not know.
                    let labelled = row
                        .cells
                        .first()
                        .is_some_and(|c| !c.is_empty() && !values::has_choice_evidence(c));
                    if !w.line_mode && labelled {
                        break;
                    }
                    let t = w.text(j, "\n");
                    // Line mode: a value printed after the first line of another label
                    // (`権限のない者(元職員、アクセス権限のな [課題が残されている]`) is on that
                    // label's row of the page.
                    if w.line_mode && opens_other_label(w, e, &t) {
                        break;
                    }
                    text = if text.is_empty() {
                        t
                    } else {
                        format!("{text}\n{t}")
                    };
                    rows_taken.push(j);
                    looked += 1;
                    if !crate::normalize::choice::selections(&text).is_empty() {
                        break;
                    }
                    if !strict
                        && values::has_choice_evidence(&text)
                        && looked >= 1
                        && row.first().is_some_and(|(c, _)| c > 0)
                    {
                        break;
                    }
                    j += 1;
                }
            }
            let read = values::read_choice(w.entry(e), &text);
            if strict && read.status != Status::Ok {
                return (read, text);
            }
            for r in rows_taken {
                w.used[r] = true;
            }
            (read, text)
        }
        Role::Item(ItemType::CheckboxSet) => {
            let marks = marks_in(&text);
            (values::read_checkbox_set(w.entry(e), &marks), text)
        }
        _ => {
            if text.trim().is_empty() {
                let mut lines: Vec<String> = Vec::new();
                let mut blanks = 0;
                while j < n {
                    let row = &w.src.rows[j];
                    if !w.body[j] || w.used[j] {
                        break;
                    }
                    // A bare rule ends the cell's rows (001:L149 after an empty I.8); a
                    // markdown header separator (`|---|`) does not.
                    if row.rule && !row.pipe && !w.line_mode {
                        break;
                    }
                    if row.is_empty() {
                        blanks += 1;
                        if w.line_mode && blanks >= 2 && !lines.is_empty() {
                            break;
                        }
                        j += 1;
                        continue;
                    }
                    blanks = 0;
                    if find_label(w, j).is_some() || opens_block(w, j) {
                        break;
                    }
                    let t = w.text(j, "\n");
                    if w.line_mode
                        && (values::has_choice_evidence(&t)
                            || t.chars().any(values::is_mark)
                            || t.contains(']')
                            || t.contains('['))
                    {
                        break;
                    }
                    lines.push(t);
                    rows_taken.push(j);
                    j += 1;
                }
                text = if w.line_mode {
                    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                    join_wrapped(&refs)
                } else {
                    lines.join("\n")
                };
            }
            for r in &rows_taken {
                w.used[*r] = true;
            }
            let read = match kind {
                Role::Item(ItemType::Date) => values::read_date(&text),
                // In a scrambled layout an empty cell cannot be told from a value printed elsewhere.
                _ if w.line_mode && text.trim().is_empty() => Read {
                    value: Value::Null,
                    status: Status::Missing,
                    note: Some((
                        true,
                        "text.no_value",
                        "no text follows the label (it may be printed elsewhere)".into(),
                    )),
                },
                _ => values::read_text(&text),
            };
            (read, text)
        }
    }
}

/// Whether `text` starts with the first part of a label other than entry `e`'s (at least six
/// characters before any value on the line): a label wrapped over lines, its value beside it.
fn opens_other_label(w: &Work, e: usize, text: &str) -> bool {
    let lead = text.split(['[', '\n']).next().unwrap_or("");
    let key = label_key(lead);
    if key.chars().count() < 6 {
        return false;
    }
    let own = &w.entry(e).keys;
    w.labels
        .fuzzy
        .iter()
        .any(|(_, k, _)| k.starts_with(&key) && k.len() > key.len() && !own.contains(k))
}

/// Line mode: a label printed for several entries (e.g. `いつ時点の計数か` for 対象人数 and
/// 取扱者数) cannot be paired by position. When there are as many occurrences as entries and
/// every occurrence has the same value, that value is the answer for all of them.
fn resolve_shared(w: &mut Work, shared: BTreeMap<Vec<usize>, Vec<(usize, Read, String)>>) {
    for (entries, mut occ) in shared {
        // Occurrences without a readable value are left to the stranded-value pass.
        occ.retain(|(_, r, _)| r.status == Status::Ok);
        if occ.is_empty() {
            continue;
        }
        let open: Vec<usize> = entries
            .iter()
            .copied()
            .filter(|&e| w.filled[e].is_none())
            .collect();
        let values: Vec<&Value> = occ.iter().map(|(_, r, _)| &r.value).collect();
        let same = values.windows(2).all(|p| p[0] == p[1]);
        let all_ok = occ.iter().all(|(_, r, _)| r.status == Status::Ok);
        let paths: Vec<String> = open.iter().map(|&e| w.fv.entries[e].path.clone()).collect();
        if occ.len() == open.len() && same && all_ok {
            for (k, &e) in open.iter().enumerate() {
                let (i, read, raw) = &occ[k];
                let mut read = read.clone();
                read.status = Status::Inferred;
                read.note = Some((
                    false,
                    "pairing.same_value",
                    format!(
                        "the label occurs {} times for {} with the same value; assigned to each",
                        occ.len(),
                        paths.join(", ")
                    ),
                ));
                w.fill(e, *i, read, raw);
            }
        } else {
            let line = occ.first().map(|(i, _, _)| w.src.rows[*i].line);
            for &e in &open {
                let path = w.fv.entries[e].path.clone();
                w.filled[e] = Some(Filled {
                    value: Value::Null,
                    status: Status::Ambiguous,
                    line: line.unwrap_or(0),
                    raw: String::new(),
                });
                w.diag(
                    Level::Warning,
                    "pairing.ambiguous",
                    Some(&path),
                    line,
                    format!(
                        "the label occurs {} times for {}, with different values; not paired",
                        occ.len(),
                        paths.join(", ")
                    ),
                );
            }
        }
    }
}
