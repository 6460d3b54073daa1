//! The seam between a PDF library and our layout: [`Source`] gives one page's glyphs
//! ([`Glyph`]: character, position, size) and painted paths ([`Path`]: subpaths in page
//! space, fill rule, stroke, fill darkness), in page space with y running down from the top.
//! Two implementations: `hayro` (the default) and `pdf_extract`. Everything above this seam
//! (rulings, boxes, cells) is shared.
//!
//! A [`Budget`] travels with every page: it counts the work done (operators, XObject
//! invocations, paths, glyphs) against [`Caps`] and checks the deadline, so a hostile file
//! stops with a named cap instead of running away.

use std::time::Instant;

/// A positioned glyph in page space (y downwards from the top).
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub ch: char,
    pub x: f64,
    /// Baseline.
    pub y: f64,
    pub advance: f64,
    pub size: f64,
}

/// A painted path in page space (y downwards).
#[derive(Debug, Clone, Default)]
pub(crate) struct Path {
    /// Subpaths as points; curves keep their end points only. A closed subpath repeats its
    /// first point at the end.
    pub subpaths: Vec<Vec<(f64, f64)>>,
    /// Filled (with either rule).
    pub filled: bool,
    /// Filled with the even-odd rule.
    pub even_odd: bool,
    pub stroked: bool,
    /// Fill darkness: 0 = white, 1 = black.
    pub dark: f64,
}

/// One page as a source gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageContent {
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub paths: Vec<Path>,
    /// Images painted on the page (a scanned page has images and no glyphs).
    pub images: usize,
}

/// Why a page stopped early.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Stop {
    /// The document's time limit passed.
    Deadline,
    /// A work cap was reached (its name).
    Cap(&'static str),
}

/// Limits on the work one page and one document may cost.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caps {
    /// Content operators (and drawing callbacks) per page.
    pub operators: u64,
    /// Form XObject invocations per page.
    pub xobjects: u64,
    /// Form XObject nesting depth.
    pub xobject_depth: u32,
    /// Path segments per page.
    pub segments: u64,
    /// Glyphs per page.
    pub glyphs: u64,
    /// Check boxes per page.
    pub boxes: usize,
    /// Decoded content bytes per page.
    pub content_bytes: usize,
    /// Glyphs per document.
    pub doc_glyphs: u64,
    /// Path segments per document.
    pub doc_segments: u64,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            operators: 2_000_000,
            xobjects: 20_000,
            xobject_depth: 12,
            segments: 400_000,
            glyphs: 200_000,
            boxes: 5_000,
            content_bytes: 16 << 20,
            doc_glyphs: 5_000_000,
            doc_segments: 4_000_000,
        }
    }
}

/// Work counted against [`Caps`] and the deadline.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    pub caps: Caps,
    pub deadline: Instant,
    pub operators: u64,
    pub xobjects: u64,
    pub segments: u64,
    pub glyphs: u64,
    doc_glyphs: u64,
    doc_segments: u64,
    ticks: u32,
}

impl Budget {
    pub fn new(caps: Caps, deadline: Instant) -> Self {
        Budget {
            caps,
            deadline,
            operators: 0,
            xobjects: 0,
            segments: 0,
            glyphs: 0,
            doc_glyphs: 0,
            doc_segments: 0,
            ticks: 0,
        }
    }

    /// Starts a new page: per-page counters back to zero, document totals kept.
    pub fn next_page(&mut self) {
        self.doc_glyphs += self.glyphs;
        self.doc_segments += self.segments;
        self.operators = 0;
        self.xobjects = 0;
        self.segments = 0;
        self.glyphs = 0;
    }

    /// The deadline, checked every 256 calls (reading the clock is not free).
    pub fn tick(&mut self) -> Result<(), Stop> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(256) && Instant::now() > self.deadline {
            return Err(Stop::Deadline);
        }
        Ok(())
    }

    pub fn operator(&mut self, n: u64) -> Result<(), Stop> {
        self.operators += n;
        if self.operators > self.caps.operators {
            return Err(Stop::Cap("operators per page"));
        }
        self.tick()
    }

    pub fn xobject(&mut self) -> Result<(), Stop> {
        self.xobjects += 1;
        if self.xobjects > self.caps.xobjects {
            return Err(Stop::Cap("form XObject invocations per page"));
        }
        self.tick()
    }

    pub fn segments(&mut self, n: u64) -> Result<(), Stop> {
        self.segments += n;
        if self.segments > self.caps.segments {
            return Err(Stop::Cap("path segments per page"));
        }
        if self.doc_segments + self.segments > self.caps.doc_segments {
            return Err(Stop::Cap("path segments per document"));
        }
        self.tick()
    }

    pub fn glyph(&mut self) -> Result<(), Stop> {
        self.glyphs += 1;
        if self.glyphs > self.caps.glyphs {
            return Err(Stop::Cap("glyphs per page"));
        }
        if self.doc_glyphs + self.glyphs > self.caps.doc_glyphs {
            return Err(Stop::Cap("glyphs per document"));
        }
        self.tick()
    }
}

/// A page failed: why, and what was read of it before.
#[derive(Debug)]
pub(crate) struct PageError {
    pub reason: PageFailure,
    pub partial: PageContent,
}

#[derive(Debug)]
pub(crate) enum PageFailure {
    Stop(Stop),
    /// The library could not read the page (a panic or an error).
    Unreadable(String),
}

/// A PDF library seen through what the layout needs.
pub(crate) trait Source {
    /// Number of pages.
    fn page_count(&self) -> usize;
    /// Page `index` (from 0).
    fn page(&mut self, index: usize, budget: &mut Budget) -> Result<PageContent, PageError>;
}

/// Drops glyphs painted twice at the same place (fake bold, shadows): same character,
/// same position within a quarter point. Order is kept.
pub(crate) fn dedup_glyphs(glyphs: &mut Vec<Glyph>) {
    let mut seen = std::collections::HashSet::with_capacity(glyphs.len());
    glyphs.retain(|g| seen.insert((g.ch, (g.x * 4.0).round() as i64, (g.y * 4.0).round() as i64)));
}
