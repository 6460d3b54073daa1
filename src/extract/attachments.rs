//! Attachments: 別添 (事務の内容, 特定個人情報ファイル記録項目) and 別紙 tables.
//!
//! An attachment runs from its heading (`(別添2) 特定個人情報ファイル記録項目`,
//! `(Ⅱ-5別紙)…`, `別紙1 「…」`) to the next attachment, section, numbered heading of the
//! form, repeated-block title, or the change history. Record items are read in the three
//! layouts seen in published documents: side-by-side `No⇥項目名` column pairs (split by
//! column, not by row), markdown list items under group lines, and numbered runs
//! (`1. 宛名番号、2. 個人番号、…`) under `####` group headings. An attachment printed twice
//! is kept twice, numbered by occurrence, with a diagnostic — never concatenated.

use std::sync::LazyLock;

use regex::Regex;

use crate::catalog::{label_key, FormVersion, Role};
use crate::model::{Attachment, Diagnostic, Level, RecordFile, RecordGroup, Table};
use crate::segment::SourceText;

static BETTEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(別添(\d+)\)\s*(\S.*)$").expect("valid regex"));
static BESSHI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\([^()]*別紙\)|別紙\d*)\s*(.*)$").expect("valid regex"));
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(I|II|III|IV|V|VI|VII)(\s+|\s*\.\s*)\S").expect("valid regex"));
static NUMBERED_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|、)\s*\d+\.\s*").expect("valid regex"));

/// Attachments found, and the rows they cover.
#[derive(Debug, Default)]
pub struct Found {
    /// Parsed attachments.
    pub attachments: Vec<Attachment>,
    /// Row indices inside attachments (not part of the form body).
    pub rows: Vec<usize>,
    /// Findings.
    pub diags: Vec<Diagnostic>,
}

fn heading_of(text: &str) -> Option<(Option<u32>, String, String)> {
    let t = text.trim();
    if let Some(c) = BETTEN.captures(t) {
        let title = c[2].trim().to_string();
        if label_key(&title).contains("変更箇所") {
            return None;
        }
        let kind = if title.contains("ファイル記録項目") {
            "特定個人情報ファイル記録項目".to_string()
        } else if title.contains("事務の内容") {
            "事務の内容".to_string()
        } else {
            title.clone()
        };
        return Some((c[1].parse().ok(), kind, t.to_string()));
    }
    if let Some(c) = BESSHI.captures(t) {
        if t.chars().count() <= 120 && !t.contains("を参照") {
            let _ = c;
            return Some((None, "別紙".to_string(), t.to_string()));
        }
    }
    None
}

/// Finds and parses the attachments; `fv` supplies the form's headings and block names that
/// end an attachment.
pub fn read(src: &SourceText, fv: Option<&FormVersion>, skip: &[bool]) -> Found {
    let mut found = Found::default();
    let index_list = crate::segment::index_rows(src);
    let mut heading_keys: rustc_hash::FxHashSet<&str> = Default::default();
    let mut groups: Vec<&str> = Vec::new();
    for e in fv.iter().flat_map(|fv| &fv.entries) {
        if e.role == Role::Heading {
            heading_keys.extend(e.keys.iter().map(String::as_str));
        }
        if let Some(g) = e.group.as_deref() {
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
    }
    let ends_attachment = |i: usize| -> bool {
        let Some((_, first)) = src.rows[i].first() else {
            return false;
        };
        let line = first.lines().next().unwrap_or("");
        if SECTION.is_match(line) || heading_of(line).is_some() {
            return true;
        }
        if fv.is_none() {
            return false;
        }
        let key = label_key(line);
        let numbered =
            line.trim_start().starts_with(|c: char| c.is_ascii_digit()) && line.contains('.');
        (numbered && heading_keys.contains(key.as_str()))
            || groups.iter().any(|g| {
                key.strip_prefix(g)
                    .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
            })
    };
    // Segments: a heading and the rows up to the next end.
    struct Segment {
        number: Option<u32>,
        kind: String,
        title: String,
        start: usize,
        rows: Vec<usize>,
    }
    let mut segments: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < src.rows.len() {
        if skip[i] || index_list.contains(&i) {
            i += 1;
            continue;
        }
        let Some((_, first)) = src.rows[i].first() else {
            i += 1;
            continue;
        };
        let Some((number, kind, title)) = heading_of(first.lines().next().unwrap_or("")) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < src.rows.len() && !skip[end] && !ends_attachment(end) {
            end += 1;
        }
        let mut last = end;
        while last > i + 1 && src.rows[last - 1].is_empty() {
            last -= 1;
        }
        segments.push(Segment {
            number,
            kind,
            title,
            start: i,
            rows: (i + 1..last).collect(),
        });
        found.rows.extend(i..last);
        i = end;
    }
    // A heading printed again on the next page continues its attachment; a heading whose
    // first line repeats the first line of an earlier copy starts a new version.
    let first_line = |rows: &[usize]| {
        rows.iter()
            .map(|&r| src.rows[r].joined(" "))
            .find(|t| !t.trim().is_empty())
    };
    let mut merged: Vec<Segment> = Vec::new();
    for seg in segments {
        let same_kind: Vec<usize> = (0..merged.len())
            .filter(|&m| merged[m].number == seg.number && merged[m].kind == seg.kind)
            .collect();
        let restart = same_kind
            .iter()
            .any(|&m| first_line(&merged[m].rows) == first_line(&seg.rows));
        let continues = !restart
            && merged
                .last()
                .is_some_and(|l| l.number == seg.number && l.kind == seg.kind);
        if continues {
            if let Some(l) = merged.last_mut() {
                l.rows.extend(seg.rows);
            }
        } else {
            merged.push(seg);
        }
    }
    for seg in merged {
        let last_row = seg.rows.last().copied().unwrap_or(seg.start);
        let mut att = Attachment {
            number: seg.number,
            kind: seg.kind.clone(),
            title: seg.title,
            start_line: src.rows[seg.start].line,
            end_line: src.rows[last_row].line,
            occurrence: 1,
            text: Vec::new(),
            files: Vec::new(),
            tables: Vec::new(),
        };
        // Page headers inside a merged attachment are not content.
        let body: Vec<usize> = seg
            .rows
            .iter()
            .copied()
            .filter(|&r| {
                src.rows[r]
                    .first()
                    .is_none_or(|(_, c)| heading_of(c.lines().next().unwrap_or("")).is_none())
            })
            .collect();
        if seg.kind == "特定個人情報ファイル記録項目" {
            (att.files, att.text) = record_files(src, &body);
        } else if seg.kind == "別紙" {
            att.tables = tables(src, &body);
        } else {
            att.text = body
                .iter()
                .map(|&r| src.rows[r].joined(" "))
                .filter(|t| !t.is_empty())
                .collect();
        }
        found.attachments.push(att);
    }
    number_duplicates(&mut found);
    found
}

/// Numbers repeated attachments and reports them.
fn number_duplicates(found: &mut Found) {
    let n = found.attachments.len();
    for a in 0..n {
        let key = (
            found.attachments[a].number,
            found.attachments[a].kind.clone(),
        );
        let earlier: Vec<usize> = (0..a)
            .filter(|&b| {
                (
                    found.attachments[b].number,
                    found.attachments[b].kind.clone(),
                ) == key
            })
            .collect();
        if let Some(&first) = earlier.first() {
            found.attachments[a].occurrence = earlier.len() as u32 + 1;
            let (x, y) = (&found.attachments[first], &found.attachments[a]);
            let same = x.text == y.text && x.files == y.files && x.tables == y.tables;
            let items = |att: &Attachment| {
                att.files
                    .iter()
                    .flat_map(|f| &f.groups)
                    .map(|g| g.items.len())
                    .sum::<usize>()
            };
            let detail = if same {
                "with the same content".to_string()
            } else if !x.files.is_empty() || !y.files.is_empty() {
                format!(
                    "with different content ({} and {} record items): two versions",
                    items(x),
                    items(y)
                )
            } else {
                format!(
                    "with different content ({} and {} text lines): two versions",
                    x.text.len(),
                    y.text.len()
                )
            };
            found.diags.push(Diagnostic {
                level: Level::Warning,
                code: "attachment.duplicated".into(),
                path: None,
                line: Some(y.start_line),
                message: format!(
                    "`{}` is printed again (lines {}-{}, first at lines {}-{}) {detail}; both are kept, not merged",
                    y.title, y.start_line, y.end_line, x.start_line, x.end_line
                ),
            });
        }
    }
}

/// Record items in any of the three layouts.
fn record_files(src: &SourceText, rows: &[usize]) -> (Vec<RecordFile>, Vec<String>) {
    if rows.iter().any(|&r| is_no_header(&src.rows[r].cells)) {
        return (column_pairs(src, rows), Vec::new());
    }
    // Paragraphs: runs of rows between blank rows.
    let mut paragraphs: Vec<Vec<(bool, String)>> = vec![Vec::new()];
    for &r in rows {
        let row = &src.rows[r];
        if row.is_empty() {
            if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                paragraphs.push(Vec::new());
            }
            continue;
        }
        if let Some(p) = paragraphs.last_mut() {
            p.push((row.heading, row.joined(" ").trim().to_string()));
        }
    }
    let mut files: Vec<RecordFile> = Vec::new();
    let mut pending: Option<String> = None;
    let mut notes: Vec<String> = Vec::new();
    for para in paragraphs.iter().filter(|p| !p.is_empty()) {
        let alone = para.len() == 1;
        for (heading, t) in para {
            let list_item = t
                .strip_prefix("- ")
                .or_else(|| t.strip_prefix("* "))
                .map(str::trim);
            if list_item.is_none()
                && t.ends_with("ファイル")
                && !t.contains('、')
                && (alone || *heading)
            {
                files.push(RecordFile {
                    name: Some(t.to_string()),
                    groups: Vec::new(),
                });
                pending = None;
                continue;
            }
            if files.is_empty() {
                files.push(RecordFile::default());
            }
            let file = files.last_mut().expect("a file exists");
            let body = list_item.unwrap_or(t).trim_start_matches('・').trim();
            if let Some(g) = angle_group(body) {
                // `<資格関連情報>` or `- <給付関連情報>`: a group heading.
                file.groups.push(RecordGroup {
                    name: Some(g),
                    items: Vec::new(),
                });
                pending = None;
                continue;
            }
            if list_item.is_none() && alone && is_note(t) {
                // `○「…」業務を実施するために、以下の項目を追加する。`: a note, not a group;
                // the items it introduces follow in a group of their own.
                notes.push(t.to_string());
                if let Some(p) = pending.take() {
                    file.groups.push(RecordGroup {
                        name: Some(p),
                        items: Vec::new(),
                    });
                }
                file.groups.push(RecordGroup {
                    name: None,
                    items: Vec::new(),
                });
                continue;
            }
            if list_item.is_none() && (*heading || alone) && !NUMBERED_RUN.is_match(t) {
                // A line standing alone (or a `####` heading) names the next group.
                if let Some(p) = pending.take() {
                    file.groups.push(RecordGroup {
                        name: Some(p),
                        items: Vec::new(),
                    });
                }
                pending = Some(strip_group_number(t));
                continue;
            }
            if file.groups.is_empty() || pending.is_some() {
                file.groups.push(RecordGroup {
                    name: pending.take(),
                    items: Vec::new(),
                });
            }
            let Some(group) = file.groups.last_mut() else {
                continue;
            };
            if list_item.is_none() && t.contains('、') && NUMBERED_RUN.is_match(t) {
                // `1. 宛名番号、2. 個人番号、…`
                group.items.extend(
                    NUMBERED_RUN
                        .split(t)
                        .map(|x| x.trim().trim_end_matches('、').to_string())
                        .filter(|x| !x.is_empty()),
                );
            } else {
                group.items.push(body.to_string());
            }
        }
    }
    if let (Some(p), Some(f)) = (pending, files.last_mut()) {
        f.groups.push(RecordGroup {
            name: Some(p),
            items: Vec::new(),
        });
    }
    files.retain(|f| f.name.is_some() || !f.groups.is_empty());
    for f in &mut files {
        f.groups.retain(|g| g.name.is_some() || !g.items.is_empty());
    }
    (files, notes)
}

/// A sentence printed among record items (`○…を追加する。`, `※…`): a note.
fn is_note(t: &str) -> bool {
    t.starts_with(['○', '※', '＊', '*']) || t.ends_with('。')
}

fn angle_group(t: &str) -> Option<String> {
    let inner = t.strip_prefix('<')?.strip_suffix('>')?;
    (!inner.is_empty()).then(|| inner.to_string())
}

fn strip_group_number(t: &str) -> String {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && t[digits..].starts_with(' ') {
        t[digits..].trim().to_string()
    } else {
        t.to_string()
    }
}

fn is_no_header(cells: &[String]) -> bool {
    let non_empty: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    non_empty.len() >= 2
        && non_empty
            .chunks(2)
            .all(|p| p.len() == 2 && matches!(p[0], "No" | "No.") && p[1] == "項目名")
}

/// Side-by-side `No⇥項目名` lists: each column pair is a group, named by the row above the
/// `No` header; numbering restarts per group; a blank pair is no item.
fn column_pairs(src: &SourceText, rows: &[usize]) -> Vec<RecordFile> {
    let mut file = RecordFile::default();
    let mut group_index: Vec<usize> = Vec::new();
    for (k, &r) in rows.iter().enumerate() {
        let cells = &src.rows[r].cells;
        if is_no_header(cells) {
            let above = rows[..k]
                .iter()
                .rev()
                .find(|&&a| !src.rows[a].is_empty())
                .map(|&a| &src.rows[a].cells);
            let pairs = cells.len().div_ceil(2);
            let names: Vec<Option<String>> = (0..pairs)
                .map(|p| {
                    above
                        .and_then(|c| c.get(p * 2))
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                })
                .collect();
            group_index = names
                .iter()
                .map(
                    |n| match file.groups.iter().position(|g| &g.name == n && n.is_some()) {
                        Some(i) => i,
                        None => {
                            file.groups.push(RecordGroup {
                                name: n.clone(),
                                items: Vec::new(),
                            });
                            file.groups.len() - 1
                        }
                    },
                )
                .collect();
            continue;
        }
        if group_index.is_empty() {
            continue;
        }
        for (p, pair) in cells.chunks(2).enumerate() {
            let (Some(no), Some(name)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            if no.trim().parse::<u32>().is_ok() && !name.trim().is_empty() {
                if let Some(&g) = group_index.get(p) {
                    file.groups[g].items.push(name.trim().to_string());
                }
            }
        }
    }
    vec![file]
}

/// Tables: the first row with two or more cells names the columns.
fn tables(src: &SourceText, rows: &[usize]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    for &r in rows {
        let cells: Vec<String> = src.rows[r]
            .cells
            .iter()
            .map(|c| c.trim().to_string())
            .collect();
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        if filled < 2 {
            continue;
        }
        match out.last_mut() {
            None => out.push(Table {
                columns: cells.into_iter().filter(|c| !c.is_empty()).collect(),
                rows: Vec::new(),
                line: src.rows[r].line,
            }),
            Some(t) => {
                let mut row = cells;
                while row.len() > t.columns.len() && row.last().is_some_and(String::is_empty) {
                    row.pop();
                }
                if row == t.columns {
                    continue; // header repeated after a page break
                }
                t.rows.push(row);
            }
        }
    }
    out
}
