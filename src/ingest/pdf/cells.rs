//! Glyphs + ruling lines → rows of tab-separated cells, and pages → text.
//!
//! A glyph belongs to the cell bounded by the nearest ruling lines around it (rules sorted
//! by position, found by binary search); cells of one table row (same top rule) become one
//! line, left to right; wrapped lines inside a cell are joined without spaces and separate
//! lines are kept as `<br>`. Text outside ruled cells falls back to baseline clustering with
//! x-gap splitting. A row cut by a page break is joined to its continuation.

use std::collections::BTreeMap;

use super::rulings::Rule;
use super::source::Glyph;

/// The nearest rules around a point: (left, right, top, bottom). A cell cut by a page break
/// has no bottom (or top) rule; the extent of its own left and right rules closes it.
pub(crate) fn enclosing(h: &[Rule], v: &[Rule], x: f64, y: f64) -> Option<(f64, f64, f64, f64)> {
    let spans = |r: &Rule, p: f64| p >= r.from - 1.0 && p <= r.to + 1.0;
    // `h` and `v` are sorted by `at`.
    let vi = v.partition_point(|r| r.at <= x);
    let left = v[..vi].iter().rev().find(|r| spans(r, y))?;
    let vj = v.partition_point(|r| r.at < x);
    let right = v[vj..].iter().find(|r| spans(r, y))?;
    let hi = h.partition_point(|r| r.at <= y);
    let top = h[..hi].iter().rev().find(|r| spans(r, x)).map(|r| r.at);
    let hj = h.partition_point(|r| r.at < y);
    let bottom = h[hj..].iter().find(|r| spans(r, x)).map(|r| r.at);
    let top = top.unwrap_or_else(|| left.from.max(right.from));
    let bottom = bottom.unwrap_or_else(|| left.to.min(right.to));
    Some((left.at, right.at, top, bottom))
}

/// Text of glyphs in reading order: lines by baseline, glyphs by x; a space where the gap
/// is wide; a line that reached the cell's right edge `right` (wrapped) is joined to the
/// next without a space, other line ends are kept as `<br>`.
fn text_of(glyphs: &mut [Glyph], right: Option<f64>) -> (String, bool) {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs.iter() {
        match lines.last_mut() {
            Some(line) if (line[0].y - g.y).abs() < line[0].size.max(g.size) * 0.5 => {
                line.push(g.clone())
            }
            _ => lines.push(vec![g.clone()]),
        }
    }
    let mut out = String::new();
    let mut prev: Option<(f64, f64)> = None;
    for line in lines.iter_mut() {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut s = String::new();
        let mut end: Option<f64> = None;
        for g in line.iter() {
            if end.is_some_and(|e| g.x - e > g.size * 0.6) && !s.ends_with(' ') {
                s.push(' ');
            }
            if g.ch.is_whitespace() {
                if !s.is_empty() && !s.ends_with(' ') {
                    s.push(' ');
                }
            } else {
                s.push(g.ch);
            }
            end = Some(g.x + g.advance.max(g.size * 0.3));
        }
        let s = s.trim_end().to_string();
        if let Some((end, size)) = prev {
            let wrapped = right.is_some_and(|r| r - end < size * 2.0);
            if !wrapped {
                out.push_str("<br>");
            }
        }
        out.push_str(&s);
        prev = line.last().map(|g| (g.x + g.advance, g.size));
    }
    let wrapped_last = prev.is_some_and(|(end, size)| right.is_some_and(|r| r - end < size * 2.0));
    (out, wrapped_last)
}

/// One row of a page: cells left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    top: f64,
    bottom: f64,
    /// Left edges of ruled cells (half points); empty for free text.
    lefts: Vec<i64>,
    cells: Vec<String>,
    /// Per cell: its last line reached the cell's right edge (it may go on).
    wrapped: Vec<bool>,
}

/// One page's glyphs (check boxes included) and rules → rows. `h` and `v` must be sorted
/// by position.
pub(crate) fn layout(glyphs: Vec<Glyph>, h: &[Rule], v: &[Rule]) -> Vec<Line> {
    // Cells bounded by rules: (top, left, right, bottom) in half points.
    let mut cells: BTreeMap<(i64, i64, i64, i64), Vec<Glyph>> = BTreeMap::new();
    let mut free: Vec<Glyph> = Vec::new();
    let key = |v: f64| (v * 2.0).round() as i64;
    for g in glyphs {
        let cx = g.x + g.advance / 2.0;
        let cy = g.y - g.size * 0.35;
        match enclosing(h, v, cx, cy) {
            Some((l, r, t, b)) => cells
                .entry((key(t), key(l), key(r), key(b)))
                .or_default()
                .push(g),
            None => free.push(g),
        }
    }
    let mut rows: Vec<Line> = Vec::new();
    type CellKey = (i64, i64, i64, i64);
    let mut by_top: BTreeMap<i64, Vec<(CellKey, Vec<Glyph>)>> = BTreeMap::new();
    for (k, g) in cells {
        by_top.entry(k.0).or_default().push((k, g));
    }
    for (top, mut row) in by_top {
        row.sort_by_key(|(k, _)| k.1);
        let bottom = row.iter().map(|(k, _)| k.3).max().unwrap_or(top);
        let lefts = row.iter().map(|(k, _)| k.1).collect();
        let (cells, wrapped): (Vec<String>, Vec<bool>) = row
            .iter_mut()
            .map(|(k, g)| text_of(g, Some(k.2 as f64 / 2.0)))
            .unzip();
        rows.push(Line {
            top: top as f64 / 2.0,
            bottom: bottom as f64 / 2.0,
            lefts,
            cells,
            wrapped,
        });
    }
    // Free text: lines by baseline, split into cells at wide gaps.
    free.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in free {
        match lines.last_mut() {
            Some(line) if (line[0].y - g.y).abs() < line[0].size.max(g.size) * 0.5 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let top = line[0].y - line[0].size;
        let bottom = line[0].y;
        let mut parts: Vec<Vec<Glyph>> = vec![Vec::new()];
        let mut end: Option<f64> = None;
        for g in line {
            if end.is_some_and(|e| g.x - e > g.size * 2.5) {
                parts.push(Vec::new());
            }
            end = Some(g.x + g.advance.max(g.size * 0.3));
            if let Some(c) = parts.last_mut() {
                c.push(g);
            }
        }
        let cells: Vec<String> = parts.iter_mut().map(|c| text_of(c, None).0).collect();
        let wrapped = vec![false; cells.len()];
        rows.push(Line {
            top,
            bottom,
            lefts: Vec::new(),
            cells,
            wrapped,
        });
    }
    rows.sort_by(|a, b| a.top.total_cmp(&b.top));
    rows
}

/// A table row cut by the page break continues in the first row of the next page: same
/// columns, the first row at the top of its page, the last row at the bottom of its page, and
/// some cell of it running to its right edge.
fn continues(prev: &Line, prev_height: f64, next: &Line) -> bool {
    !prev.lefts.is_empty()
        && !next.lefts.is_empty()
        && next
            .lefts
            .iter()
            .all(|b| prev.lefts.iter().any(|a| (a - b).abs() <= 4))
        && prev.bottom > prev_height - 72.0
        && next.top < 90.0
        && prev.wrapped.iter().any(|&w| w)
}

/// Pages → text: rows of tab-separated cells, pages separated by form feeds.
pub(crate) fn render(pages: Vec<(f64, Vec<Line>)>) -> String {
    let mut out = String::new();
    let mut last: Option<(f64, Line)> = None;
    for (k, (height, mut rows)) in pages.into_iter().enumerate() {
        if let (Some((prev_height, prev)), Some(first)) = (&last, rows.first()) {
            if continues(prev, *prev_height, first) {
                // Rewrite the previous page's last line with the continued cells.
                // Cells matched by their left edge (an empty cell has no glyphs, no entry).
                let joined: Vec<String> = prev
                    .cells
                    .iter()
                    .zip(&prev.lefts)
                    .zip(&prev.wrapped)
                    .map(|((a, left), &w)| {
                        let b = first
                            .lefts
                            .iter()
                            .position(|l| (l - left).abs() <= 4)
                            .map_or("", |k| first.cells[k].as_str());
                        if w || a.is_empty() || b.is_empty() {
                            format!("{a}{b}")
                        } else {
                            format!("{a}<br>{b}")
                        }
                    })
                    .collect();
                let old = format!("{}\n", prev.cells.join("\t"));
                if out.ends_with(&old) {
                    out.truncate(out.len() - old.len());
                    out.push_str(&joined.join("\t"));
                    out.push('\n');
                }
                rows.remove(0);
            }
        }
        if k > 0 {
            out.push('\u{0C}');
        }
        for row in &rows {
            out.push_str(&row.cells.join("\t").replace('\n', " "));
            out.push('\n');
        }
        last = rows.last().cloned().map(|r| (height, r)).or(last);
    }
    out
}
