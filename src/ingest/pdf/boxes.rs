//! Drawn check boxes → `☑`/`☐` glyphs where they stand.
//!
//! A box is a small square (4–16 pt): filled dark = checked, stroked or light fill = empty,
//! unless a dark square or two diagonal strokes inside it check it. Chromium draws a CSS
//! box as four thin filled rectangles; a fill and its outline painted twice are one box.
//! Every search goes through a [`Grid`] index, so 60,000 squares cost linear time, and at
//! most `cap` boxes are kept per page.

use std::collections::HashMap;

use super::rulings::Shape;
use super::source::Glyph;

pub(crate) const BOX_MIN: f64 = 4.0;
pub(crate) const BOX_MAX: f64 = 16.0;

pub(crate) fn is_box(s: &Shape) -> bool {
    let (w, h) = (s.w(), s.h());
    (BOX_MIN..=BOX_MAX).contains(&w)
        && (BOX_MIN..=BOX_MAX).contains(&h)
        && (w / h - 1.0).abs() < 0.35
}

/// Points bucketed by square cells of `size`: items near a place are found without
/// scanning them all.
struct Grid {
    size: f64,
    cells: HashMap<(i64, i64), Vec<usize>>,
}

impl Grid {
    fn new(size: f64) -> Self {
        Grid {
            size,
            cells: HashMap::new(),
        }
    }

    fn cell(&self, v: f64) -> i64 {
        (v / self.size).floor() as i64
    }

    fn insert(&mut self, x: f64, y: f64, item: usize) {
        let key = (self.cell(x), self.cell(y));
        self.cells.entry(key).or_default().push(item);
    }

    /// Items whose point may lie in `[x0, x1] × [y0, y1]`.
    fn near(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> impl Iterator<Item = usize> + '_ {
        let (cx0, cx1, cy0, cy1) = (self.cell(x0), self.cell(x1), self.cell(y0), self.cell(y1));
        (cx0..=cx1)
            .flat_map(move |cx| (cy0..=cy1).map(move |cy| (cx, cy)))
            .filter_map(|k| self.cells.get(&k))
            .flatten()
            .copied()
    }
}

/// Check boxes among `shapes`, as glyphs; the flag says `cap` boxes were reached.
pub(crate) fn boxes(shapes: &[Shape], cap: usize) -> (Vec<Glyph>, bool) {
    let mut capped = false;
    let mut boxes: Vec<(Shape, bool)> = Vec::new();
    for s in shapes {
        if !s.diagonal && is_box(s) && (s.stroked || s.filled) {
            // Filled dark = checked; outline or light fill = empty (its state may still be
            // set by an inner mark below).
            let checked = s.filled && !s.stroked && s.dark > 0.5;
            boxes.push((*s, checked));
        }
    }
    // Chromium draws a CSS box as four thin filled rectangles: an outline of box size.
    let thin: Vec<&Shape> = shapes
        .iter()
        .filter(|s| {
            s.filled
                && (s.w() <= 2.0 || s.h() <= 2.0)
                && s.w().max(s.h()) <= BOX_MAX + 2.0
                && s.w().max(s.h()) >= BOX_MIN
        })
        .collect();
    let mut lefts = Grid::new(2.0);
    let mut rights = Grid::new(2.0);
    for (k, s) in thin.iter().enumerate().filter(|(_, s)| s.w() <= 2.0) {
        lefts.insert(s.x0, s.y0, k);
        rights.insert(s.x1, s.y0, k);
    }
    let near = |a: f64, b: f64| (a - b).abs() < 1.5;
    let mut starts = Grid::new(2.0);
    for (k, (b, _)) in boxes.iter().enumerate() {
        starts.insert(b.x0, b.y0, k);
    }
    for top in thin.iter().filter(|s| s.h() <= 2.0) {
        let (x, y) = (top.x0, top.y0);
        let left = lefts
            .near(x - 1.5, y - 1.5, x + 1.5, y + 1.5)
            .any(|k| near(thin[k].x0, x) && near(thin[k].y0, y));
        let right = rights
            .near(top.x1 - 1.5, y - 1.5, top.x1 + 1.5, y + 1.5)
            .any(|k| near(thin[k].x1, top.x1) && near(thin[k].y0, y));
        if !(left && right) {
            continue;
        }
        let known = starts
            .near(x - 1.5, y - 1.5, x + 1.5, y + 1.5)
            .any(|k| near(boxes[k].0.x0, x) && near(boxes[k].0.y0, y));
        if !known {
            let size = top.w();
            starts.insert(x, y, boxes.len());
            boxes.push((
                Shape {
                    x0: x,
                    y0: y,
                    x1: top.x1,
                    y1: y + size,
                    filled: false,
                    stroked: true,
                    dark: 0.0,
                    diagonal: false,
                },
                false,
            ));
        }
    }
    // The same box painted twice (a fill and its outline): one box, checked if either is.
    let mut merged: Vec<(Shape, bool)> = Vec::new();
    let mut index = Grid::new(2.0);
    for (b, c) in boxes {
        let same = index
            .near(b.x0 - 1.5, b.y0 - 1.5, b.x0 + 1.5, b.y0 + 1.5)
            .find(|&k| {
                let m = &merged[k].0;
                near(m.x0, b.x0) && near(m.y0, b.y0) && near(m.w(), b.w())
            });
        match same {
            Some(k) => merged[k].1 |= c,
            None if merged.len() >= cap => capped = true,
            None => {
                index.insert(b.x0, b.y0, merged.len());
                merged.push((b, c));
            }
        }
    }
    let boxes = merged;
    // Inner marks: a dark filled square or diagonal strokes inside a box check it.
    let mut diagonals = Grid::new(BOX_MAX);
    for (k, s) in shapes.iter().enumerate().filter(|(_, s)| s.diagonal) {
        diagonals.insert(s.x0, s.y0, k);
    }
    let mut by_start = Grid::new(BOX_MAX);
    for (k, (b, _)) in boxes.iter().enumerate() {
        by_start.insert(b.x0, b.y0, k);
    }
    let mut glyphs = Vec::new();
    let mut taken: Vec<bool> = vec![false; boxes.len()];
    for (k, (b, checked)) in boxes.iter().enumerate() {
        if taken[k] {
            continue;
        }
        let inside = |s: &Shape| {
            s.x0 >= b.x0 - 0.5 && s.x1 <= b.x1 + 0.5 && s.y0 >= b.y0 - 0.5 && s.y1 <= b.y1 + 0.5
        };
        let (x0, y0, x1, y1) = (b.x0 - 0.5, b.y0 - 0.5, b.x1 + 0.5, b.y1 + 0.5);
        let x_mark = diagonals
            .near(x0, y0, x1, y1)
            .filter(|&j| inside(&shapes[j]))
            .count()
            >= 2;
        let mut is_checked = *checked || x_mark;
        for j in by_start.near(x0, y0, x1, y1) {
            let (other, other_checked) = &boxes[j];
            if j != k && inside(other) && other.w() < b.w() - 1.0 {
                taken[j] = true;
                is_checked |= *other_checked || (other.filled && other.dark > 0.5);
            }
        }
        glyphs.push(Glyph {
            ch: if is_checked { '☑' } else { '☐' },
            x: b.x0,
            y: b.y1,
            advance: b.w(),
            size: b.h(),
        });
    }
    (glyphs, capped)
}
