//! Table rows rebuilt from a text whose cells do not sit on rows of their own.
//!
//! A converter that keeps no cell structure (one cell per line, a page on one line, labels
//! glued to their values, stacked labels before their values) still prints every label of the
//! form and every value after its label. This module finds the catalog's labels in the
//! document's [`Stream`] as anchors and cuts the body into the rows a table rendering has: one
//! row per label, holding the label and the text up to the next label as its value cells (one
//! cell per source line, a choice list in a cell of its own). The extractor then reads the rows
//! as a table; what a row's label means (which of several equal labels, in which block) stays
//! its decision.
//!
//! An anchor is a catalog key (section, heading, item, boilerplate, repeated-block title) that
//! starts at a break in the stream, or after an item number (`4.`, `IV`) that does. The cover
//! (before the first section) and the change history (from its title on) keep their rows, and
//! so does the text under an attachment heading (`(別添1)`, `別紙`).
//!
//! Stacked labels (`①事務の名称 ②事務の概要` then both values) are paired in order only where
//! the values can be counted: a run of choice labels without values, followed by as many
//! selections (`[ … ]` before a `<選択肢>` list) as there are labels. Otherwise the labels of
//! the run get no value; the values stay with the last label of the run when they follow it on
//! its own row (the reader checks them against that item's own choices), and are dropped when
//! they start on a later row (a label block: no pairing is certain).

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Stream;
use crate::catalog::{FormVersion, Role};
use crate::model::ItemType;
use crate::segment::{Row, SourceText};

/// An anchor: a label found in the stream.
#[derive(Debug, Clone)]
struct Anchor {
    /// Byte range of the label in the stream, with its item number.
    label: Range<usize>,
    /// What the key was.
    kind: Kind,
    /// Which key (index into [`AnchorKeys`]).
    key: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Section,
    Heading,
    Choice,
    Other,
    /// A repeated-block title (`システム4`).
    Block,
    /// The table of contents (`項目一覧`).
    Toc,
}

/// Item labels an anchor cut needs (or a quarter of the form's items, if fewer).
const MIN_LABELS: usize = 5;

/// Rows of `src` rebuilt around the catalog's labels, or `None` when too few item labels are
/// found to trust the cut (five, or a quarter of the form's items if fewer). `history_start` is the
/// first row of the change history (rows from there on are kept). `wanted` tells which
/// entries (indices into `fv.entries`) a second reading is for: rows are rebuilt only if the
/// label of one of them is found.
pub fn rebuild(
    src: &SourceText,
    fv: &FormVersion,
    history_start: usize,
    wanted: impl Fn(usize) -> bool,
) -> Option<SourceText> {
    rebuild_with(src, fv, history_start, 4, wanted)
}

/// [`rebuild`], with the share of the form's items that can lower [`MIN_LABELS`] (`0`: no
/// minimum).
fn rebuild_with(
    src: &SourceText,
    fv: &FormVersion,
    history_start: usize,
    share: usize,
    wanted: impl Fn(usize) -> bool,
) -> Option<SourceText> {
    let end = history_start.min(src.rows.len());
    let texts: Vec<String> = (0..end).map(|i| src.rows[i].joined(" ")).collect();
    let stream = Stream::new(texts.iter().enumerate().map(|(i, t)| (i, t.as_str())));
    let mut anchors = find_anchors(&stream, fv)?;
    // The body starts at the first section or the table of contents.
    // (A document printed without its sections, 004, starts at its first label.)
    let first = anchors
        .iter()
        .position(|a| matches!(a.kind, Kind::Section | Kind::Toc))
        .unwrap_or(0);
    anchors.drain(..first);
    let items = fv
        .entries
        .iter()
        .filter(|e| matches!(e.role, Role::Item(_)))
        .count();
    let labelled = anchors
        .iter()
        .filter(|a| matches!(a.kind, Kind::Choice | Kind::Other))
        .count();
    if share > 0 && labelled < MIN_LABELS.min(items / share) {
        return None;
    }
    let keys = keys(fv);
    if !anchors
        .iter()
        .any(|a| keys.entries[a.key].iter().any(|&e| wanted(e)))
    {
        return None;
    }
    Some(assemble(src, &stream, &anchors, fv, end))
}

/// Whether a table rendering has lost its cells: fewer than one row in twenty with content
/// has two cells or more (one cell per line).
pub fn cells_lost(src: &SourceText) -> bool {
    let (mut rows, mut multi) = (0usize, 0usize);
    for r in src.rows.iter().filter(|r| !r.is_empty()) {
        rows += 1;
        if r.cells.iter().filter(|c| !c.is_empty()).count() >= 2 {
            multi += 1;
        }
    }
    rows > 0 && multi * 20 < rows
}

/// The anchors of a stream: leftmost, then longest key matches that start at a break; no
/// two overlap.
fn find_anchors(stream: &Stream, fv: &FormVersion) -> Option<Vec<Anchor>> {
    let keys = keys(fv);
    let ac = keys.automaton.as_ref()?;
    let text = &stream.text;
    let mut found: Vec<Anchor> = Vec::new();
    for m in ac.find_overlapping_iter(text) {
        let kind = keys.kinds[m.pattern().as_usize()];
        let Some(start) = anchored_start(stream, m.start(), kind) else {
            continue;
        };
        // A two-character key (`監査`, `備考`) only with its item number (`9. 監査`), or a
        // choice's right before a selection from its own list (`期間 [6年以上10年未満] <選択肢>
        // 1) 1年未満 …`).
        if start == m.start() && text[m.start()..m.end()].chars().count() < 3 {
            let a = Anchor {
                label: start..m.end(),
                kind,
                key: m.pattern().as_usize(),
            };
            let selection = match want_of(fv, &a) {
                Some(Want::Choice(choices, detail)) => {
                    choice_at(text, m.end(), &choices, detail).is_some_and(|(at, _)| at == m.end())
                }
                _ => false,
            };
            if !selection {
                continue;
            }
        }
        // A block title is a whole token: `システム4`, not `システム40` or `システム4の…`.
        if kind == Kind::Block {
            let next = text[m.end()..].chars().next();
            let glued = next.is_some() && !stream.gap_at(m.end()) && !next.is_some_and(is_circled);
            // Glued to the block's name (`委託事項3中間サーバー…`) only at the start of a row.
            if next.is_some_and(|c| c.is_ascii_digit()) || (glued && !stream.starts_row(start)) {
                continue;
            }
        }
        found.push(Anchor {
            label: start..m.end(),
            kind,
            key: m.pattern().as_usize(),
        });
    }
    // Leftmost, then longest; no overlaps.
    found.sort_by_key(|a| (a.label.start, std::cmp::Reverse(a.label.end)));
    let mut anchors: Vec<Anchor> = Vec::new();
    for a in found {
        if anchors.last().is_some_and(|l| a.label.start < l.label.end) {
            continue;
        }
        anchors.push(a);
    }
    Some(anchors)
}

fn is_circled(c: char) -> bool {
    ('\u{2460}'..='\u{2473}').contains(&c)
}

/// The anchor keys of a form version, what each is, and their automaton (made once per
/// version and kept with it).
#[derive(Debug, Clone)]
pub struct AnchorKeys {
    keys: Vec<String>,
    kinds: Vec<Kind>,
    /// The entries (indices into the version's entries) that print each key.
    entries: Vec<Vec<usize>>,
    automaton: Option<AhoCorasick>,
}

fn keys(fv: &FormVersion) -> &AnchorKeys {
    fv.anchor_keys.get_or_init(|| {
        let (keys, kinds, entries) = anchor_keys(fv);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .ok();
        AnchorKeys {
            keys,
            kinds,
            entries,
            automaton,
        }
    })
}

fn anchor_keys(fv: &FormVersion) -> (Vec<String>, Vec<Kind>, Vec<Vec<usize>>) {
    let mut at: HashMap<String, usize> = HashMap::default();
    let mut keys = Vec::new();
    let mut kinds = Vec::new();
    let mut entries: Vec<Vec<usize>> = Vec::new();
    let mut add = |k: &str, kind: Kind, entry: Option<usize>| {
        if k.chars().count() < 2 {
            return;
        }
        let i = *at.entry(k.to_string()).or_insert_with(|| {
            keys.push(k.to_string());
            kinds.push(kind);
            entries.push(Vec::new());
            keys.len() - 1
        });
        entries[i].extend(entry);
    };
    let mut groups: Vec<&str> = Vec::new();
    for (i, e) in fv.entries.iter().enumerate() {
        let kind = match e.role {
            Role::Section => Kind::Section,
            Role::Heading => Kind::Heading,
            Role::Item(ItemType::Choice) => Kind::Choice,
            Role::Item(ItemType::Checkbox) | Role::Header => continue,
            Role::Item(_) => Kind::Other,
        };
        for k in &e.keys {
            add(k, kind, Some(i));
        }
        if let Some(g) = &e.group {
            if !groups.contains(&g.as_str()) {
                groups.push(g);
            }
        }
    }
    for k in &fv.boilerplate {
        add(k, Kind::Other, None);
    }
    add("項目一覧", Kind::Toc, None);
    for g in groups {
        for n in 1..=40 {
            add(&format!("{g}{n}"), Kind::Block, None);
        }
    }
    (keys, kinds, entries)
}

/// Where an anchor for a key found at byte `at` starts: at `at` itself when a break comes
/// before it, or at an item number before it (`4.`, `10.`, `IV`) that follows a break.
fn anchored_start(s: &Stream, at: usize, kind: Kind) -> Option<usize> {
    let before = &s.text[..at];
    // An entry of a choice list (`9) 従業者に対する教育・啓発`) is no label.
    let list = before.trim_end_matches(')');
    if list.len() < before.len() && list.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Some(start) = numbered_start(s, at, kind) {
        return Some(start);
    }
    // A selection's text (`[ 基礎項目評価及び全項目評価の… ]`) is no label.
    if before.ends_with('[') {
        return None;
    }
    s.gap_at(at).then_some(at)
}

/// The start of an item number (`4.`, `10.`, `IV`) right before byte `at`, after a break.
fn numbered_start(s: &Stream, at: usize, kind: Kind) -> Option<usize> {
    let before = &s.text[..at];
    let prefix: &[char] = match kind {
        Kind::Section => &['I', 'V', 'X'],
        _ => &[],
    };
    // `4.` / `10,` / `5、` before a heading or item label.
    let trimmed = before.trim_end_matches(['.', ',', '、', '.']);
    let digits = trimmed.len() - trimmed.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if kind != Kind::Section && trimmed.len() < before.len() && (1..=2).contains(&digits) {
        let start = trimmed.len() - digits;
        return s.gap_at(start).then_some(start);
    }
    if !prefix.is_empty() {
        let t = before.trim_end_matches(['.', '.']);
        let roman = t.len() - t.trim_end_matches(prefix).len();
        if roman > 0 && roman <= 4 {
            let start = t.len() - roman;
            return s.gap_at(start).then_some(start);
        }
    }
    None
}

/// Whether a source row opens an attachment (`(別添1) …`, `別紙1 …`, `(Ⅱ-5別紙) …`).
fn opens_attachment(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("(別添") || t.starts_with("別紙") || {
        t.starts_with('(') && t.find(')').is_some_and(|e| t[..e].ends_with("別紙"))
    }
}

/// The rebuilt rows.
fn assemble(
    src: &SourceText,
    stream: &Stream,
    anchors: &[Anchor],
    fv: &FormVersion,
    end: usize,
) -> SourceText {
    let keys = &keys(fv).keys;
    let mut rows: Vec<Row> = Vec::new();
    let at_row = |row: usize, cells: Vec<String>| Row {
        line: src.rows[row].line,
        page: src.rows[row].page,
        cells,
        ..Row::default()
    };
    let first_row = anchors
        .first()
        .map_or(end, |a| stream.row_at(a.label.start));
    // The cover: rows before the first anchor, and the first anchor's row up to it.
    rows.extend(src.rows[..first_row].iter().cloned());
    if let Some(a) = anchors.first() {
        let head = stream.part_of_row(first_row, 0..a.label.start);
        if !head.is_empty() {
            rows.push(at_row(first_row, vec![head]));
        }
    }
    let want = |a: &Anchor| want_of(fv, a);
    let mut values = paired_values(stream, anchors, end_of(stream), &want);
    for v in &mut values {
        *v = before_wrapped_label(stream, v.clone(), keys);
    }
    let mut toc = false;
    for (k, a) in anchors.iter().enumerate() {
        let row = stream.row_at(a.label.start);
        let label = stream.spaced(a.label.clone());
        // The 項目一覧 lists sections and attachments; a blank row ends it, as on a page.
        if a.kind == Kind::Toc {
            toc = true;
        } else if toc && a.kind != Kind::Section && !opens_attachment(&label) {
            toc = false;
            rows.push(Row {
                line: src.rows[row].line,
                page: src.rows[row].page,
                blank: true,
                ..Row::default()
            });
        }
        // An attachment's text keeps one row per source line.
        let mut as_rows = opens_attachment(&label);
        let mut cells = vec![label];
        let mut tail: Vec<Row> = Vec::new();
        for (r, range) in stream.split_rows(values[k].clone()) {
            let piece = stream.spaced(range.clone());
            if !as_rows && stream.starts_row(range.start) && opens_attachment(&piece) {
                as_rows = true;
            }
            if as_rows {
                tail.push(at_row(r, vec![piece]));
            } else {
                cells.extend(split_choice_list(&piece));
            }
        }
        rows.push(at_row(row, cells));
        rows.extend(tail);
    }
    rows.extend(src.rows[end..].iter().cloned());
    SourceText {
        rendering: src.rendering,
        rows,
        page_count: src.page_count,
        sha256: src.sha256.clone(),
        lines: src.line_count(),
    }
}

fn end_of(s: &Stream) -> usize {
    s.text.len()
}

/// The value range of each anchor: the text up to the next anchor, except in a run of stacked
/// choice labels whose selections can be counted (see the module notes).
fn paired_values(
    s: &Stream,
    anchors: &[Anchor],
    end: usize,
    want: &dyn Fn(&Anchor) -> Option<Want>,
) -> Vec<Range<usize>> {
    let mut values: Vec<Range<usize>> = anchors
        .iter()
        .enumerate()
        .map(|(k, a)| a.label.end..anchors.get(k + 1).map_or(end, |n| n.label.start))
        .collect();
    let mut k = 0;
    while k < anchors.len() {
        // A run of choice labels, all but the last without a value: paired in order when
        // there is one selection per label.
        let mut j = k;
        while j + 1 < anchors.len()
            && anchors[j].kind == Kind::Choice
            && no_value(s, &values[j])
            && anchors[j + 1].kind == Kind::Choice
        {
            j += 1;
        }
        if j > k {
            let run = j - k + 1;
            let cuts = selections(s, values[j].clone());
            if cuts.len() == run {
                for (n, r) in cuts.into_iter().enumerate() {
                    values[k + n] = r;
                }
            }
        }
        k = j + 1;
    }
    // Labels stacked on one row with their values on a later row (a label block): values
    // that were not paired above belong to no label with certainty.
    let mut k = 0;
    while k < anchors.len() {
        let row = s.row_at(anchors[k].label.start);
        let mut j = k;
        while j + 1 < anchors.len()
            && no_value(s, &values[j])
            && s.row_at(anchors[j + 1].label.start) == row
        {
            j += 1;
        }
        let mut v = values[j].clone();
        // (A note mark after the last label is not its value.)
        let marks = s.text[v.clone()].len() - s.text[v.clone()].trim_start_matches('※').len();
        v.start += marks;
        if j > k && !v.is_empty() && s.row_at(v.start) != row {
            // Paired by type where the order leaves no doubt (see `typed_values`).
            let wants: Option<Vec<Want>> = anchors[k..=j].iter().map(want).collect();
            match wants.and_then(|w| typed_values(s, v.clone(), &w)) {
                Some(cut) => {
                    for (n, r) in cut.into_iter().enumerate() {
                        values[k + n] = r;
                    }
                }
                None => values[j] = v.start..v.start,
            }
        }
        k = j + 1;
    }
    values
}

/// Whether a label's value range holds nothing but a note mark (`①ファイルの種類 ※`).
fn no_value(s: &Stream, r: &Range<usize>) -> bool {
    s.text[r.clone()].chars().all(|c| c == '※')
}

/// What a stacked label's value looks like, for pairing a label block by type.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    /// A selection and its `<選択肢>` list, whose entries are these keys; with a detail printed
    /// after the list (`2) 無料 (手数料額、納付方法: … )`) when the flag is set.
    Choice(Vec<String>, bool),
    /// A run of check boxes, each before one of these option keys.
    Marks(Vec<String>),
    /// Free text (or a date): whatever lies between the values around it.
    Text,
    /// No value: a repeated block's title (`移転先5`).
    Nothing,
}

/// The value shape of an anchor's item, when every entry printing its key has the same one.
fn want_of(fv: &FormVersion, a: &Anchor) -> Option<Want> {
    if a.kind == Kind::Block {
        return Some(Want::Nothing);
    }
    let mut shape = None;
    let keys = keys(fv);
    let printing = &keys.entries[a.key];
    // A key printed without its item number is an item's label, not a heading's of the same
    // words (`2. 従業者に対する教育・啓発` then `従業者に対する教育・啓発 [ … ]`).
    let numbered = a.label.len() > keys.keys[a.key].len();
    let items = printing
        .iter()
        .any(|&e| matches!(fv.entries[e].role, Role::Item(_)));
    for &e in printing {
        let en = &fv.entries[e];
        if !numbered && items && matches!(en.role, Role::Heading | Role::Section) {
            continue;
        }
        let w = match en.role {
            Role::Item(ItemType::Choice) if !en.choice_keys.is_empty() => {
                let detail = fv.entries.iter().any(|d| {
                    d.count_of.as_deref() == Some(en.id.as_str())
                        && d.item_type() == Some(ItemType::Text)
                });
                Want::Choice(en.choice_keys.clone(), detail)
            }
            Role::Item(ItemType::CheckboxSet) if !en.option_keys.is_empty() => {
                Want::Marks(en.option_keys.clone())
            }
            Role::Item(ItemType::Text | ItemType::Date) => Want::Text,
            _ => return None,
        };
        if shape.as_ref().is_some_and(|s| *s != w) {
            return None;
        }
        shape = Some(w);
    }
    shape
}

/// The values of a label block, `r`, cut for its labels' shapes `wants`, in order: each
/// selection with its own choice list (the list ends at the label's last choice), each run of
/// check boxes with the label's options, and the text between them for a text label. `None`
/// when the shapes do not account for the text in order: a selection or a list that is not the
/// label's, text where no text label stands, or values left over. Two text labels with no value
/// between them get nothing (where one ends is not certain).
fn typed_values(s: &Stream, r: Range<usize>, wants: &[Want]) -> Option<Vec<Range<usize>>> {
    let text = &s.text[r.clone()];
    let mut out = vec![r.start..r.start; wants.len()];
    let mut cur = 0;
    let mut texts: Vec<usize> = Vec::new();
    // The text from `cur` to `to` goes to the one text label waiting for it.
    let gap = |cur: usize, to: usize, texts: &mut Vec<usize>, out: &mut [Range<usize>]| {
        let ok = match texts.len() {
            0 => cur == to,
            1 => {
                out[texts[0]] = r.start + cur..r.start + to;
                true
            }
            _ => true,
        };
        texts.clear();
        ok
    };
    for (i, w) in wants.iter().enumerate() {
        let (a, b) = match w {
            Want::Text => {
                texts.push(i);
                continue;
            }
            Want::Nothing => continue,
            Want::Choice(keys, detail) => choice_at(text, cur, keys, *detail)?,
            Want::Marks(keys) => marks_at(text, cur, keys)?,
        };
        if !gap(cur, a, &mut texts, &mut out) {
            return None;
        }
        out[i] = r.start + a..r.start + b;
        cur = b;
    }
    gap(cur, text.len(), &mut texts, &mut out).then_some(out)
}

/// The next selection from byte `from` with its list: `[ … ]<選択肢>1)…n)<last choice>`,
/// where the list's entries are `keys`. The selection holds no check mark. With `detail`, a
/// parenthesis after the list is the item's detail, up to its last `)` before the next
/// selection (the form's closing `)` often splits the entered sentence, 001:L1006).
fn choice_at(text: &str, from: usize, keys: &[String], detail: bool) -> Option<(usize, usize)> {
    const LIST: &str = "<選択肢>";
    let at = from + text[from..].find(LIST)?;
    let open = from + text[from..at].rfind('[')?;
    let sel = &text[open + 1..text[open..at].find(']').map(|c| open + c)?];
    if sel.is_empty() || sel.chars().any(crate::extract::values::is_mark) {
        return None;
    }
    // The list runs through `n) <last choice>`, each entry in order.
    let mut p = at + LIST.len();
    for (n, key) in keys.iter().enumerate() {
        let number = format!("{})", n + 1);
        let rest = text[p..].strip_prefix(number.as_str())?;
        p = text.len() - rest.len();
        if !rest.starts_with(key.as_str()) {
            return None;
        }
        p += key.len();
    }
    if detail && text[p..].starts_with('(') {
        let next = text[p..].find(['[', '<']).map_or(text.len(), |n| p + n);
        if let Some(close) = text[p..next].rfind(')') {
            return Some((open, p + close + 1));
        }
    }
    // A count printed after the list (`( 6 ) 件`) belongs to the same row.
    if let Some(rest) = text[p..].strip_prefix('(') {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && rest[digits..].starts_with(")件") {
            p += 1 + digits + ")件".len();
        }
    }
    Some((open, p))
}

/// The next run of check boxes from byte `from`: boxes each followed by one of `keys` (and an
/// `( … )` after it, as in `その他 ( )`). Group headings printed among the boxes
/// (`・識別情報 [ □ ] 個人番号 … ・連絡先等情報 [ □ ] …`) belong to the run.
fn marks_at(text: &str, from: usize, keys: &[String]) -> Option<(usize, usize)> {
    use crate::extract::values::is_mark;
    let first = from + text[from..].find(is_mark)?;
    let start = heading_before(text, from, first);
    let mut p = start;
    loop {
        p = heading_end(text, p);
        let Some(c) = text[p..].chars().next().filter(|&c| is_mark(c)) else {
            break;
        };
        let rest = &text[p + c.len_utf8()..];
        // (`その他 ( )` is printed with what the other is: `その他 ( 国保情報集約システム )`.)
        let key = keys
            .iter()
            .map(|k| k.strip_suffix("()").unwrap_or(k))
            .filter(|k| rest.starts_with(k))
            .max_by_key(|k| k.len())?;
        p += c.len_utf8() + key.len();
        if text[p..].starts_with('(') {
            // An unclosed `(` runs to the end (its `)` was lost or is on a later page).
            p = text[p..].find(')').map_or(text.len(), |c| p + c + 1);
            // A count after an option (`提供を行っている ( 82 ) 件`).
            if text[p..].starts_with('件') {
                p += '件'.len_utf8();
            }
        }
    }
    Some((start, p))
}

/// The longest a group heading among check boxes is, in bytes (`・生活保護・社会福祉関係情報`).
const HEADING_MAX: usize = 20 * 3;

/// Where a group heading (`・識別情報`) just before the box at `at` starts, or `at`.
fn heading_before(text: &str, from: usize, at: usize) -> usize {
    match text[from..at].rfind('・') {
        Some(h) if at - (from + h) <= HEADING_MAX && heading_end(text, from + h) == at => from + h,
        _ => at,
    }
}

/// After a group heading starting at `at` (`・` then no brackets, up to the next box): where
/// its box is; `at` when no heading starts there.
fn heading_end(text: &str, at: usize) -> usize {
    use crate::extract::values::is_mark;
    if !text[at..].starts_with('・') {
        return at;
    }
    match text[at..].find(is_mark) {
        Some(m) if m <= HEADING_MAX && !text[at..at + m].contains(['[', ']', '<', '>', '(']) => {
            at + m
        }
        _ => at,
    }
}

/// A value range cut before a row that opens with the first part of a label (six characters
/// or more before any `[`): a label wrapped over rows, printed with its value beside its first
/// part (`権限のない者(元職員、アクセス権限のな [課題が残されている]`). What follows belongs to
/// that label, which was not found whole; it is given to no label.
fn before_wrapped_label(s: &Stream, r: Range<usize>, keys: &[String]) -> Range<usize> {
    for (_, piece) in s.split_rows(r.clone()) {
        if !s.starts_row(piece.start) {
            continue;
        }
        let text = &s.text[piece.clone()];
        let lead = &text[..text.find('[').unwrap_or(text.len())];
        if lead.chars().count() >= 6
            && keys
                .iter()
                .any(|k| k.len() > lead.len() && k.starts_with(lead))
        {
            return r.start..piece.start;
        }
    }
    r
}

/// The selections in `r`, each with the choice list after it: `[ … ] <選択肢> …` pieces. Empty
/// when the range is not a sequence of such pieces.
fn selections(s: &Stream, r: Range<usize>) -> Vec<Range<usize>> {
    let text = &s.text[r.clone()];
    let mut starts = Vec::new();
    let mut rest = 0;
    while let Some(p) = text[rest..].find("<選択肢>") {
        let at = rest + p;
        // The selection before this list.
        let Some(open) = text[..at].rfind('[') else {
            return Vec::new();
        };
        if starts.last().is_some_and(|&l| open <= l) {
            return Vec::new();
        }
        starts.push(open);
        rest = at + "<選択肢>".len();
    }
    if starts.first() != Some(&0) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (n, &a) in starts.iter().enumerate() {
        let b = starts.get(n + 1).copied().unwrap_or(text.len());
        out.push(r.start + a..r.start + b);
    }
    out
}

/// A value cell split before its choice list: `[十分である] <選択肢> 1) …` → two cells.
fn split_choice_list(piece: &str) -> Vec<String> {
    let piece = piece.trim();
    if piece.is_empty() {
        return Vec::new();
    }
    match piece.find("<選択肢>") {
        Some(p) if p > 0 => vec![piece[..p].trim_end().to_string(), piece[p..].to_string()],
        _ => vec![piece.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FormKind, Rendering};

    /// The cells of the rows rebuilt from `text` (one cell per line) for a form version.
    pub(super) fn rows_of(text: &str, kind: FormKind, version: &str) -> Vec<Vec<String>> {
        let src = SourceText::new(text, Rendering::Pdftotext);
        let fv = crate::extract::catalog_for(kind)
            .and_then(|c| c.resolved(version))
            .expect("catalog version");
        let out = rebuild_with(&src, fv, src.rows.len(), 0, |_| true).expect("rebuilt");
        out.rows.iter().map(|r| r.cells.clone()).collect()
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        rows_of(text, FormKind::Kiso, "r6")
    }

    // From corpus/000 (IV.1–IV.3), one cell per line.
    const CELLS: &str = "IV リスク対策\n1. 提出する特定個人情報保護評価書の種類\n[基礎項目評価書]\n<選択肢> 1) 基礎項目評価書 2) 基礎項目評価書及び重点項目評価書 3) 基礎項目評価書及び全項目評価書\n3. 特定個人情報の使用\n目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスクへの対策は十分か\n[十分である]\n<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている\n";

    #[test]
    fn one_cell_per_line_becomes_label_and_value_cells() {
        let r = rows(CELLS);
        assert_eq!(r[0], vec!["IV リスク対策"]);
        assert_eq!(
            r[1],
            vec![
                "1. 提出する特定個人情報保護評価書の種類",
                "[基礎項目評価書]",
                "<選択肢> 1) 基礎項目評価書 2) 基礎項目評価書及び重点項目評価書 3) 基礎項目評価書及び全項目評価書"
            ]
        );
        assert_eq!(r[2], vec!["3. 特定個人情報の使用"]);
        assert_eq!(r[3][1], "[十分である]");
        assert_eq!(r.len(), 4);
    }

    #[test]
    fn a_whole_page_on_one_line_is_cut_at_its_labels() {
        let r = rows(&CELLS.replace('\n', " "));
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r[1][0], "1. 提出する特定個人情報保護評価書の種類");
        assert_eq!(r[1][1], "[基礎項目評価書]");
        assert!(r[3][0].starts_with("目的を超えた紐付け"));
    }

    #[test]
    fn a_choice_list_entry_is_no_label() {
        // 000:L118: the list of IV.11 names IV.10's heading as its entry 9).
        let r = rows("IV リスク対策\n11. 最も優先度が高いと考えられる対策\n<選択肢> 8) 特定個人情報の漏えい・滅失・毀損リスクへの対策 9) 従業者に対する教育・啓発\n");
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r[1][1].ends_with("9) 従業者に対する教育・啓発"));
    }

    #[test]
    fn a_value_beside_the_first_part_of_a_wrapped_label_goes_to_no_label() {
        // Plain pdftotext of tests/data/pdf/kiso_fixture_lo.pdf (IV.3): the second label
        // wraps over three lines with its selection beside its first part.
        let text = "IV リスク対策\n3. 特定個人情報の使用\n目的を超えた紐付け、事務に必要のない\n情報との紐付けが行われるリスクへの対\n策は十分か\n\n権限のない者(元職員、アクセス権限のな [課題が残されている]\n\n<選択肢>\n1) 特に力を入れている\n";
        let r = rows(text);
        let first = r
            .iter()
            .find(|c| c[0].starts_with("目的を超えた"))
            .expect("label");
        assert_eq!(first.len(), 1, "{r:?}");
        assert!(
            !r.iter().flatten().any(|c| c.contains("課題が残されている")),
            "{r:?}"
        );
    }

    #[test]
    fn stacked_choice_labels_pair_only_when_the_selections_count_out() {
        let two = "IV リスク対策\n6. 情報提供ネットワークシステムとの接続\n目的外の入手が行われるリスクへの対策は十分か 不正な提供が行われるリスクへの対策は十分か\n[十分である] <選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている [課題が残されている] <選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている\n";
        let r = rows(two);
        assert_eq!(r[2][1], "[十分である]", "{r:?}");
        assert_eq!(r[3][1], "[課題が残されている]", "{r:?}");
        // One selection for two labels: nothing is paired; the first label gets no value.
        let one = two.replace(" [課題が残されている] <選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている", "");
        let r = rows(&one);
        assert_eq!(r[2].len(), 1, "{r:?}");
    }
}

#[cfg(test)]
mod label_blocks {
    use crate::model::FormKind;

    fn rows(text: &str) -> Vec<Vec<String>> {
        super::tests::rows_of(text, FormKind::Zenkomoku, "current")
    }

    const LABELS: &str =
        "④移転する情報の対象となる本人の数 ⑤移転する情報の対象となる本人の範囲 ⑥移転方法";
    // 001:L429-431, the three values on one line after the three labels.
    const SELECTION: &str = "[ 10万人以上100万人未満 ] <選択肢> 1) 1万人未満 2) 1万人以上10万人未満 3) 10万人以上100万人未満 4) 100万人以上1,000万人未満 5) 1,000万人以上";
    const RANGE: &str =
        "川口市国民健康保険の被保険者又は世帯主であって、関係事務の実施に必要な情報を所有する者";
    const METHODS: &str = "[ ■ ] 庁内連携システム [ ] 専用線 [ ] 電子メール [ ] 電子記録媒体(フラッシュメモリを除く。) [ ] フラッシュメモリ [ ] 紙 [ ] その他 ( )";

    #[test]
    fn a_label_block_is_paired_by_the_shape_of_each_value() {
        let r = rows(&format!("{LABELS}\n{SELECTION} {RANGE} {METHODS}\n"));
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[0][0], "④移転する情報の対象となる本人の数");
        assert_eq!(r[0][1], "[ 10万人以上100万人未満 ]");
        assert!(r[0][2].starts_with("<選択肢> 1) 1万人未満"));
        assert!(r[0][2].ends_with("5) 1,000万人以上"), "{:?}", r[0]);
        assert_eq!(r[1], vec!["⑤移転する情報の対象となる本人の範囲", RANGE]);
        assert_eq!(r[2][0], "⑥移転方法");
        assert!(r[2][1].contains("庁内連携システム") && r[2][1].ends_with("その他 ( )"));
    }

    #[test]
    fn a_label_block_whose_values_do_not_fit_its_labels_gives_none_of_them_a_value() {
        // The selection is missing: the text cannot be told from the count's value.
        let r = rows(&format!("{LABELS}\n{RANGE} {METHODS}\n"));
        assert!(r.iter().all(|row| row.len() == 1), "{r:?}");
        // Two text labels side by side: where one value ends is not known, so both get none,
        // while the selection before them is still the count's.
        let r = rows(&format!(
            "④移転する情報の対象となる本人の数 ⑤移転する情報の対象となる本人の範囲 ⑦時期・頻度\n{SELECTION} {RANGE} 照会を受けたら都度\n"
        ));
        assert_eq!(r[0][1], "[ 10万人以上100万人未満 ]", "{r:?}");
        assert_eq!(r[1].len(), 1, "{r:?}");
        assert_eq!(r[2].len(), 1, "{r:?}");
    }

    #[test]
    fn group_headings_among_check_boxes_belong_to_the_run() {
        // 001:L298-299 (II.2 ④), three labels on one row, their values on the next.
        let r = rows("その必要性 ④記録される項目 主な記録項目 ※\n被保険者の世帯構成を把握する必要があるため。 [ 100項目以上 ] <選択肢> 1) 10項目未満 2) 10項目以上50項目未満 3) 50項目以上100項目未満 4) 100項目以上 ・識別情報 [ ■ ] 個人番号 [ □ ] 個人番号対応符号 ・連絡先等情報 [ ■ ] 4情報(氏名、性別、生年月日、住所)\n");
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(
            r[0],
            vec!["その必要性", "被保険者の世帯構成を把握する必要があるため。"]
        );
        assert_eq!(r[1][1], "[ 100項目以上 ]");
        assert!(r[2][1].starts_with("・識別情報"), "{r:?}");
        assert!(r[2][1].ends_with("住所)"), "{r:?}");
    }

    #[test]
    fn a_count_after_an_option_stays_with_its_box() {
        // 001:L415, with the block title and the next label on the same row.
        let r = rows("提供・移転の有無 提供先1 ①法令上の根拠\n[ ■ ] 提供を行っている ( 82 ) 件 [ ■ ] 移転を行っている ( 10 ) 件 [ ] 行っていない 番号法第19条第8号に基づく命令第2条の別表\n");
        assert_eq!(r[0][0], "提供・移転の有無", "{r:?}");
        assert!(r[0][1].ends_with("行っていない"), "{r:?}");
        assert!(r[0][1].contains("( 82 ) 件"), "{r:?}");
        let basis = r
            .iter()
            .find(|row| row[0] == "①法令上の根拠")
            .expect("label");
        assert_eq!(basis[1], "番号法第19条第8号に基づく命令第2条の別表");
    }

    #[test]
    fn a_detail_after_a_choice_list_is_the_choices_and_a_split_sentence_stays_whole() {
        // 001:L1006 (V.1 ③), the form's `)` splitting the entered sentence.
        let r = rows("③手数料等 ④個人情報ファイル簿の公表 個人情報ファイル名\n[ 無料 ] <選択肢> 1) 有料 2) 無料 (手数料額、納付方法: 手数料は無料。ただし写しの作成費用は ) 請求者が負担(1枚10円) [ 行っている ] <選択肢> 1) 行っている 2) 行っていない 国民健康保険業務ファイル\n");
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(r[0].join(" ").ends_with("請求者が負担(1枚10円)"), "{r:?}");
        assert_eq!(r[1][1], "[ 行っている ]");
        assert_eq!(r[2], vec!["個人情報ファイル名", "国民健康保険業務ファイル"]);
    }

    #[test]
    fn an_unclosed_parenthesis_after_the_last_option_runs_to_the_end() {
        // 001:L66 (システム6 ③): `その他（` with nothing after it.
        let r = rows("①システムの名称 ②システムの機能 ③他のシステムとの接続\n中間サーバ 1. 符号管理機能 [ ■ ] 情報提供ネットワークシステム [ □ ] 庁内連携システム [ □ ] その他(\n");
        let last = r.last().expect("rows");
        assert_eq!(last[0], "③他のシステムとの接続", "{r:?}");
        assert!(last[1].contains("情報提供ネットワークシステム"), "{r:?}");
        assert!(last[1].ends_with("その他("), "{r:?}");
        // The two texts before it cannot be told apart.
        assert_eq!(r[r.len() - 3].len(), 1, "{r:?}");
    }

    #[test]
    fn a_heading_repeated_as_an_items_label_is_paired_as_the_item() {
        // 001:L926-928 (IV.2): the heading, then the item of the same words and 具体的な方法.
        let r = rows("2. 従業者に対する教育・啓発\n従業者に対する教育・啓発 具体的な方法\n[ 十分に行っている ] <選択肢> 1) 特に力を入れて行っている 2) 十分に行っている 3) 十分に行っていない <川口市における措置> 研修を実施している。\n");
        assert_eq!(r[0], vec!["2. 従業者に対する教育・啓発"], "{r:?}");
        assert_eq!(r[1][0], "従業者に対する教育・啓発");
        assert_eq!(r[1][1], "[ 十分に行っている ]");
        assert_eq!(
            r[2],
            vec!["具体的な方法", "<川口市における措置> 研修を実施している。"]
        );
    }

    #[test]
    fn a_selections_words_are_no_label() {
        // 001:L966-967 (VI.1): `[ 基礎項目評価及び… ]` holds the heading's key 基礎項目評価.
        let r = rows("1. 基礎項目評価\n①実施日 ②しきい値判断結果\n令和7年2月3日 [ 基礎項目評価及び全項目評価の実施が義務付けられる ] <選択肢> 1) 基礎項目評価及び全項目評価の実施が義務付けられる 2) 基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施) 3) 基礎項目評価の実施が義務付けられる(任意に全項目評価を実施) 4) 特定個人情報保護評価の実施が義務付けられない(任意に全項目評価を実施)\n");
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[1], vec!["①実施日", "令和7年2月3日"]);
        assert_eq!(
            r[2][1],
            "[ 基礎項目評価及び全項目評価の実施が義務付けられる ]"
        );
    }

    #[test]
    fn a_two_character_choice_label_before_its_own_selection_is_a_label() {
        // tests/data/pdf/zenkomoku_fixture.tsv L26-27 (II.6 ② 期間) on one line: `期間` has no
        // item number, but the selection and list after it are its own.
        let r = rows("6. 特定個人情報の保管・消去 期間 [6年以上10年未満] <選択肢> 1) 1年未満 2) 1年 3) 2年 4) 3年 5) 4年 6) 5年 7) 6年以上10年未満 8) 10年以上20年未満 9) 20年以上 10) 定められていない\n");
        let period = r
            .iter()
            .find(|row| row[0] == "期間")
            .expect("期間 anchored");
        assert_eq!(period[1], "[6年以上10年未満]");
        // Without a selection of its list after it, the two characters are no label.
        let r = rows("6. 特定個人情報の保管・消去 期間 は定めていない\n");
        assert!(r.iter().all(|row| row[0] != "期間"), "{r:?}");
    }
}
