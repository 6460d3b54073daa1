//! Painted paths → axis-aligned [`Shape`]s (rectangles and segments) → ruling lines
//! ([`Rule`]): thin filled rectangles, strokes, and the edges of stroked rectangles.
//! Shared by every backend: a rectangle drawn with `re` and one drawn as a closed
//! four-corner path are the same shape.

use super::boxes::{is_box, BOX_MAX};
use super::source::Path;

/// A painted axis-aligned rectangle or segment, in page space (y downwards).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Shape {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub filled: bool,
    pub stroked: bool,
    /// Fill darkness: 0 = white, 1 = black.
    pub dark: f64,
    /// A diagonal stroke (part of an X mark).
    pub diagonal: bool,
}

impl Shape {
    pub fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn h(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// The shapes a path paints: a closed subpath whose points all lie on its bounding box is
/// one rectangle (painted as the path is); any other subpath gives its segments (a segment
/// neither horizontal nor vertical is marked diagonal: part of an X mark).
pub(crate) fn shapes_of(path: &Path, out: &mut Vec<Shape>) {
    if !path.filled && !path.stroked {
        return;
    }
    // Rectangles inside rectangles filled even-odd paint rings: an outline, not a fill.
    let ring = path.filled && path.even_odd && path.subpaths.len() >= 2;
    let (filled, stroked) = if ring {
        (false, true)
    } else {
        (path.filled, path.stroked)
    };
    for sub in &path.subpaths {
        if sub.len() >= 4 && on_bbox(sub) {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(x, y) in sub {
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
            out.push(Shape {
                x0,
                y0,
                x1,
                y1,
                filled,
                stroked,
                dark: path.dark,
                diagonal: false,
            });
            continue;
        }
        for seg in sub.windows(2) {
            let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
            let diagonal = (ax - bx).abs() > 0.5 && (ay - by).abs() > 0.5;
            out.push(Shape {
                x0: ax.min(bx),
                y0: ay.min(by),
                x1: ax.max(bx),
                y1: ay.max(by),
                filled: false,
                stroked: true,
                dark: path.dark,
                diagonal,
            });
        }
    }
}

/// Whether every point of a closed subpath lies on the edges of its bounding box (a
/// rectangle, however thin).
fn on_bbox(sub: &[(f64, f64)]) -> bool {
    let (x0, x1) = sub
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let (y0, y1) = sub
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
    let near = |a: f64, b: f64| (a - b).abs() < 0.6;
    let closed = sub
        .first()
        .zip(sub.last())
        .is_some_and(|(a, b)| near(a.0, b.0) && near(a.1, b.1));
    closed
        && (x1 - x0 > 0.1 || y1 - y0 > 0.1)
        && sub
            .iter()
            .all(|p| (near(p.0, x0) || near(p.0, x1)) || (near(p.1, y0) || near(p.1, y1)))
}

/// Horizontal rule at `y` from `x0` to `x1`, or vertical at `x` from `y0` to `y1`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// Horizontal and vertical ruling lines among the shapes (check boxes excluded).
pub(crate) fn rules(shapes: &[Shape]) -> (Vec<Rule>, Vec<Rule>) {
    let mut h = Vec::new();
    let mut v = Vec::new();
    for s in shapes {
        if s.diagonal || (is_box(s) && (s.stroked || s.filled)) {
            continue;
        }
        let thin = 2.0;
        if s.h() <= thin && s.w() > BOX_MAX {
            h.push(Rule {
                at: (s.y0 + s.y1) / 2.0,
                from: s.x0,
                to: s.x1,
            });
        } else if s.w() <= thin && s.h() > BOX_MAX {
            v.push(Rule {
                at: (s.x0 + s.x1) / 2.0,
                from: s.y0,
                to: s.y1,
            });
        } else if s.stroked && !s.filled && s.w() > BOX_MAX && s.h() > BOX_MAX {
            // A stroked rectangle: its four edges.
            for at in [s.y0, s.y1] {
                h.push(Rule {
                    at,
                    from: s.x0,
                    to: s.x1,
                });
            }
            for at in [s.x0, s.x1] {
                v.push(Rule {
                    at,
                    from: s.y0,
                    to: s.y1,
                });
            }
        }
    }
    (h, v)
}
