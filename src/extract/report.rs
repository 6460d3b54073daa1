//! Assembling the document: every item of the version in form order, the notes about what is
//! missing (sections, counts that differ from the blocks printed), the heading-less 別添1 of
//! 全項目, foreign-script notes, coverage, and check-box tokens shown as glyphs.

use super::{Work, SECTION};
use crate::catalog::{Entry, Role};
use crate::model::*;
use crate::normalize::script;
use crate::segment::SourceText;

/// All items of the version, in form order, with `missing` for those not found.
pub(super) fn finish_items(w: &mut Work) -> Vec<Item> {
    let mut out = Vec::new();
    for e in 0..w.fv.entries.len() {
        let entry = w.fv.entries[e].clone();
        let Some(kind) = entry.item_type() else {
            continue;
        };
        let blocks: Vec<Option<u32>> = match &entry.group {
            None => vec![None],
            Some(_) => w.block_numbers(e).into_iter().map(Some).collect(),
        };
        for block in blocks {
            let filled = match block {
                None => w.filled[e].take(),
                Some(k) => w.group_filled.remove(&(e, k)),
            };
            let path = match block {
                Some(k) => entry.path.replace("[n]", &k.to_string()),
                None => entry.path.clone(),
            };
            let (value, status, source) = match filled {
                Some(f) => {
                    let page = w.src.row(f.line).and_then(|r| r.page);
                    let source = (f.line > 0).then_some(SourceRef {
                        line: f.line,
                        page,
                        raw: f.raw,
                    });
                    (f.value, f.status, source)
                }
                None => {
                    w.diag(
                        Level::Warning,
                        "item.missing",
                        Some(&path),
                        None,
                        format!("`{}` was not found", entry.label),
                    );
                    (Value::Null, Status::Missing, None)
                }
            };
            let group = block
                .zip(entry.group.clone())
                .map(|(index, name)| Group { name, index });
            out.push(Item {
                id: entry.id.clone(),
                path,
                label: entry.label.clone(),
                kind,
                value,
                status,
                group,
                source,
            });
        }
    }
    out
}

/// Headings none of whose items are in the document are reported once, as missing parts of
/// a partial document (their items' own `item.missing` notes become `info`).
pub(super) fn missing_sections(w: &mut Work, items: &[Item]) {
    let mut missing_paths: Vec<String> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    for (h, head) in w.fv.entries.iter().enumerate() {
        if !matches!(head.role, Role::Heading | Role::Section) {
            continue;
        }
        let under: Vec<&Entry> =
            w.fv.entries
                .iter()
                .filter(|e| {
                    e.item_type().is_some()
                        && (e.heading == Some(h)
                            || (head.role == Role::Section && e.section == Some(h)))
                })
                .collect();
        if under.is_empty() {
            continue;
        }
        let all_missing = under.iter().all(|e| {
            items
                .iter()
                .filter(|i| i.id == e.id)
                .all(|i| i.status == Status::Missing && i.source.is_none())
        });
        let parent_reported = head
            .section
            .is_some_and(|s| missing_paths.contains(&w.fv.entries[s].path));
        if all_missing && !parent_reported {
            missing_paths.push(head.path.clone());
            let message = format!(
                "`{} {}` is not in the document ({} items)",
                head.path,
                head.label,
                under.len()
            );
            notes.push((head.path.clone(), message));
        }
    }
    for (path, message) in notes {
        w.diag(
            Level::Warning,
            "section.missing",
            Some(&path),
            None,
            message,
        );
    }
    if missing_paths.is_empty() {
        return;
    }
    let covered = |path: &str| {
        missing_paths
            .iter()
            .any(|p| path == p || path.starts_with(&format!("{p}.")))
    };
    for d in &mut w.diags {
        if d.code == "item.missing" && d.path.as_deref().is_some_and(covered) {
            d.level = Level::Info;
        }
    }
}

/// A count (`( 82 ) 件`) that differs from the number of blocks printed is reported with
/// both numbers: the other blocks are usually in a 別紙 table (001) or not printed (003).
pub(super) fn counts_against_blocks(w: &mut Work, items: &[Item]) {
    let mut notes = Vec::new();
    for entry in &w.fv.entries {
        let Some(name) = &entry.counts_blocks else {
            continue;
        };
        let Some(item) = items.iter().find(|i| i.id == entry.id) else {
            continue;
        };
        let Value::Count(n) = item.value else {
            continue;
        };
        let printed = w.instances.get(name).map_or(0, |s| s.len());
        if n as usize != printed {
            let line = item.source.as_ref().map(|s| s.line);
            let message = format!(
                "`{}` is {n} but {printed} {name} block(s) are printed (the rest may be in a 別紙 table)",
                entry.label
            );
            notes.push((entry.path.clone(), line, message));
        }
    }
    for (path, line, message) in notes {
        w.diag(
            Level::Warning,
            "count.blocks_differ",
            Some(&path),
            line,
            message,
        );
    }
}

/// 全項目 prints (別添1) 事務の内容 between sections I and II; converters drop its heading
/// (001:L150-293, figures lost, captions kept). The unclaimed run of rows right before
/// section II is that attachment.
pub(super) fn unheaded_business_attachment(
    src: &SourceText,
    used: &[bool],
) -> Option<(Attachment, Vec<usize>)> {
    let index = crate::segment::index_rows(src);
    let ii = (0..src.rows.len()).find(|&i| {
        !index.contains(&i)
            && src.rows[i].first().is_some_and(|(_, c)| {
                SECTION
                    .captures(c.lines().next().unwrap_or(""))
                    .is_some_and(|m| &m[1] == "II")
            })
    })?;
    let mut start = ii;
    while start > 0 && (!used[start - 1] || src.rows[start - 1].is_empty()) {
        start -= 1;
    }
    let rows: Vec<usize> = (start..ii)
        .filter(|&i| !src.rows[i].is_empty() && !used[i])
        .collect();
    if rows.len() < 3 {
        return None;
    }
    let (first, last) = (*rows.first()?, *rows.last()?);
    let att = Attachment {
        number: Some(1),
        kind: "事務の内容".into(),
        title: "(別添1) 事務の内容".into(),
        start_line: src.rows[first].line,
        end_line: src.rows[last].line,
        occurrence: 1,
        text: rows.iter().map(|&i| src.rows[i].joined(" ")).collect(),
        files: Vec::new(),
        tables: Vec::new(),
    };
    Some((att, rows))
}

/// Diagnostics for text in a script that does not belong in a Japanese document.
pub(super) fn foreign_script(src: &SourceText, diags: &mut Vec<Diagnostic>) {
    for row in &src.rows {
        for cell in &row.cells {
            for run in script::foreign_runs(cell) {
                diags.push(Diagnostic {
                    level: if run.script == "English" {
                        Level::Info
                    } else {
                        Level::Warning
                    },
                    code: "text.foreign_script".into(),
                    path: None,
                    line: Some(row.line),
                    message: format!(
                        "{} text `{}` inside Japanese text (garbled label or value?)",
                        run.script, run.text
                    ),
                });
            }
        }
    }
}

/// Share of non-blank text accounted for, and the runs of lines nothing accounts for.
pub(super) fn coverage(src: &SourceText, used: &[bool]) -> Coverage {
    let mut cov = Coverage::default();
    let mut run: Option<Span> = None;
    for (i, row) in src.rows.iter().enumerate() {
        let chars = row.content_chars();
        cov.total_chars += chars;
        if used[i] || chars == 0 {
            cov.accounted_chars += if used[i] { chars } else { 0 };
            if used[i] {
                if let Some(span) = run.take() {
                    cov.unmapped.push(span);
                }
            }
            continue;
        }
        match &mut run {
            Some(span) => span.end_line = row.line,
            None => {
                run = Some(Span {
                    start_line: row.line,
                    end_line: row.line,
                    excerpt: row.joined(" ").chars().take(120).collect(),
                })
            }
        }
    }
    cov.unmapped.extend(run);
    cov.ratio = if cov.total_chars == 0 {
        1.0
    } else {
        cov.accounted_chars as f64 / cov.total_chars as f64
    };
    cov.ratio = (cov.ratio * 10_000.0).round() / 10_000.0;
    cov
}

/// Check-box tokens are internal: text that leaves the library shows `☑`/`☐`/`◯`.
pub(super) fn display_tokens(doc: &mut Document) {
    use crate::normalize::marks::to_display;
    let fix = |s: &mut String| *s = to_display(s);
    let fix_opt = |s: &mut Option<String>| {
        if let Some(t) = s {
            *t = to_display(t);
        }
    };
    for item in &mut doc.items {
        if let Value::Text(t) = &mut item.value {
            fix(t);
        }
        if let Some(src) = &mut item.source {
            fix(&mut src.raw);
        }
    }
    for row in &mut doc.change_history {
        for f in [
            &mut row.item,
            &mut row.before,
            &mut row.after,
            &mut row.timing,
            &mut row.reason,
        ] {
            fix_opt(f);
        }
    }
    for span in &mut doc.coverage.unmapped {
        fix(&mut span.excerpt);
    }
    for d in &mut doc.diagnostics {
        fix(&mut d.message);
    }
}
