//! The `hayro` backend (default): `hayro-interpret` walks each page's content and calls our
//! [`Device`] with glyph runs and painted paths. It decodes predefined CJK CMaps (it bundles
//! Adobe's), reads `/W` ranges and even-odd fills correctly, and reports fill colours.
//!
//! It reports every painted glyph, so glyphs painted twice at one place are dropped by the
//! caller; Kangxi radicals are mapped by the caller too. Work is counted on the page's
//! [`Budget`] in every callback; a cap or the deadline ends the page at once by unwinding
//! out of the interpreter with a [`StopSignal`], which `page` catches.

use std::panic::{catch_unwind, panic_any, AssertUnwindSafe};

use hayro_interpret::font::{Glyph as HGlyph, GlyphRun};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect};
use hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, FillRule, Image,
    ImageDrawProps, InterpreterCache, InterpreterSettings, Paint, SoftMask,
};

use super::source::{Budget, Glyph, PageContent, PageError, PageFailure, Path, Source, Stop};

/// The payload that unwinds out of the interpreter when the budget says stop.
pub(crate) struct StopSignal(pub Stop);

/// Opens a document; errors are human-readable reasons.
pub(crate) fn open(bytes: &[u8]) -> Result<Pdf, String> {
    use hayro_interpret::hayro_syntax::LoadPdfError;
    Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(_) => {
            "encrypted with a password: cannot be read without it".to_string()
        }
        LoadPdfError::Invalid => "cannot be parsed: truncated or damaged?".to_string(),
    })
}

/// A document opened by hayro, with one font cache for all its pages.
pub(crate) struct HayroSource<'a> {
    pdf: &'a Pdf,
    cache: InterpreterCache<'a>,
}

impl<'a> HayroSource<'a> {
    pub fn new(pdf: &'a Pdf) -> Self {
        HayroSource {
            pdf,
            cache: InterpreterCache::new(),
        }
    }
}

impl Source for HayroSource<'_> {
    fn page_count(&self) -> usize {
        self.pdf.pages().len()
    }

    fn page(&mut self, index: usize, budget: &mut Budget) -> Result<PageContent, PageError> {
        let pages = self.pdf.pages();
        let Some(page) = pages.get(index) else {
            return Err(PageError {
                reason: PageFailure::Unreadable("no such page".into()),
                partial: PageContent::default(),
            });
        };
        let mb = page.media_box();
        let height = mb.y1;
        let mut dev = Collector {
            budget,
            flip: Affine::new([1.0, 0.0, 0.0, -1.0, 0.0, height]),
            content: PageContent {
                height,
                ..PageContent::default()
            },
        };
        if let Some(stream) = page.page_stream() {
            if stream.len() > dev.budget.caps.content_bytes {
                return Err(PageError {
                    reason: PageFailure::Stop(Stop::Cap("content bytes per page")),
                    partial: dev.content,
                });
            }
        }
        let settings = InterpreterSettings::default();
        let mut ctx = Context::new(
            Affine::IDENTITY,
            Rect::new(mb.x0, mb.y0, mb.x1, mb.y1),
            &self.cache,
            self.pdf.xref(),
            settings,
        );
        let run = catch_unwind(AssertUnwindSafe(|| {
            interpret_page(page, &mut ctx, &mut dev);
        }));
        match run {
            Ok(()) => Ok(dev.content),
            Err(payload) => {
                let reason = match payload.downcast::<StopSignal>() {
                    Ok(signal) => PageFailure::Stop(signal.0),
                    Err(_) => PageFailure::Unreadable("the PDF reader failed on this page".into()),
                };
                Err(PageError {
                    reason,
                    partial: dev.content,
                })
            }
        }
    }
}

struct Collector<'b> {
    budget: &'b mut Budget,
    /// PDF user space → page space (y downwards).
    flip: Affine,
    content: PageContent,
}

impl Collector<'_> {
    fn check(&mut self, r: Result<(), Stop>) {
        if let Err(stop) = r {
            panic_any(StopSignal(stop));
        }
    }
}

fn darkness(paint: &Paint<'_>) -> f64 {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, _] = c.to_rgba().components();
            1.0 - (0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b))
        }
        Paint::Pattern(_) => 1.0,
    }
}

impl<'a> Device<'a> for Collector<'_> {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        let r = self.budget.operator(1);
        self.check(r);
        let elements = path.elements();
        let r = self.budget.segments(elements.len() as u64);
        self.check(r);
        let (filled, even_odd, stroked) = match mode {
            DrawMode::Fill(rule) => (true, *rule == FillRule::EvenOdd, false),
            DrawMode::Stroke(_) => (false, false, true),
            DrawMode::FillAndStroke(rule, _) => (true, *rule == FillRule::EvenOdd, true),
            DrawMode::Invisible => return,
        };
        let t = self.flip * props.transform;
        let xy = |p: Point| {
            let q = t * p;
            (q.x, q.y)
        };
        let mut subpaths: Vec<Vec<(f64, f64)>> = Vec::new();
        for el in elements {
            match *el {
                PathEl::MoveTo(p) => subpaths.push(vec![xy(p)]),
                PathEl::LineTo(p) | PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => {
                    match subpaths.last_mut() {
                        Some(sub) => sub.push(xy(p)),
                        None => subpaths.push(vec![xy(p)]),
                    }
                }
                PathEl::ClosePath => {
                    if let Some(sub) = subpaths.last_mut() {
                        if let Some(&first) = sub.first() {
                            sub.push(first);
                        }
                    }
                }
            }
        }
        self.content.paths.push(Path {
            subpaths,
            filled,
            even_odd,
            stroked,
            dark: darkness(&props.paint),
        });
    }

    fn push_clip_path(&mut self, _: &ClipPath) {
        // Every form XObject pushes its bounding box as a clip: this counts invocations.
        let r = self.budget.xobject();
        self.check(r);
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {
        let r = self.budget.operator(1);
        self.check(r);
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        let r = self.budget.operator(1);
        self.check(r);
        let base = self.flip * props.transform;
        for g in run.glyphs() {
            let r = self.budget.glyph();
            self.check(r);
            let Some(text) = g.as_unicode() else {
                continue;
            };
            let t = base * g.transform();
            let origin = t * Point::ZERO;
            // Glyph space is 1000 units per em.
            let size = (t.determinant().abs().sqrt() * 1000.0).max(0.1);
            let width = match &**g {
                HGlyph::Outline(o) => o.advance_width().map(f64::from),
                HGlyph::Type3(_) => None,
            };
            let advance = width
                .map(|w| {
                    let [a, b, ..] = t.as_coeffs();
                    (a * w).hypot(b * w)
                })
                .filter(|a| a.is_finite())
                .unwrap_or(size * 0.5);
            let mut push = |chars: &[char]| {
                let n = chars.len().max(1) as f64;
                for (k, &ch) in chars.iter().enumerate() {
                    if ch.is_control() {
                        continue;
                    }
                    self.content.glyphs.push(Glyph {
                        ch,
                        x: origin.x + advance * k as f64 / n,
                        y: origin.y,
                        advance: advance / n,
                        size,
                    });
                }
            };
            match text {
                BfString::Char(c) => push(&[c]),
                BfString::String(s) => push(&s.chars().collect::<Vec<_>>()),
            }
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.content.images += 1;
        let r = self.budget.operator(1);
        self.check(r);
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}
