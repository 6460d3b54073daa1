//! PDF ingest: a published 評価書 PDF → tab-separated rows, one page after another.
//!
//! Glyphs and their positions come from `pdf-extract`'s [`OutputDev`]; everything that
//! crate is known to get wrong is done here instead (see `docs/pdf-notes.md`):
//!
//! * **Widths.** Its reader of CID fonts' `/W` arrays ignores the `c_first c_last w` range
//!   form, so glyphs would advance by the default width and push words into the next cell.
//!   The in-memory document is rewritten first: every range becomes the list form it reads.
//! * **Vector graphics.** Ruling lines and drawn check boxes are read by our own scan of the
//!   page content (fill colours, even-odd fills, form XObjects), not from its callbacks.
//! * **Panics and hangs.** Each page runs under `catch_unwind`; the whole document under a
//!   time limit. A page that fails costs that page (and a note), not the document.
//! * **Undecodable text.** Fonts with a predefined CJK CMap (`UniJIS-UCS2-H`, …) and no
//!   `ToUnicode` map give a clear error instead of blank text.
//!
//! Layout: a glyph belongs to the cell bounded by the nearest ruling lines around it; cells
//! of one table row (same top rule) become one line of tab-separated cells, label → value →
//! choice list, left to right; wrapped lines inside a cell are joined without spaces and
//! separate lines are kept as `<br>`. Text outside ruled cells falls back to baseline
//! clustering with x-gap splitting. Drawn check boxes become `☑`/`☐` where they stand.
//! Radical look-alikes (`⼈`, `⺠`) are mapped to ideographs by the generated `radicals`
//! table. Pages are separated by form feeds, so every row keeps its page number.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pdf_extract::content::Content;
use pdf_extract::{output_doc_page, Document, MediaBox, Object, OutputDev, OutputError, Transform};

/// What was read from a PDF.
#[derive(Debug, Clone)]
pub struct PdfText {
    /// Rows of tab-separated cells; pages separated by form feeds (`\x0C`). When
    /// [`PdfText::poppler`] is set, plain `pdftotext -raw` lines instead.
    pub text: String,
    /// Number of pages in the document.
    pub pages: u32,
    /// Pages that could not be read, and why.
    pub notes: Vec<String>,
    /// The text was decoded by poppler's `pdftotext` (fonts pdf-extract cannot decode).
    pub poppler: bool,
}

/// True when the bytes start like a PDF (`%PDF-` within the first KiB).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Reads a PDF within `limit`. Errors are human-readable reasons.
pub fn read(bytes: &[u8], limit: Duration) -> Result<PdfText, String> {
    let data = bytes.to_vec();
    let (tx, rx) = mpsc::channel();
    let deadline = Instant::now() + limit;
    std::thread::Builder::new()
        .name("hyoka-pdf".into())
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| read_document(&data, deadline)))
                .unwrap_or_else(|_| Err("the PDF reader failed on this document".into()));
            let _ = tx.send(result);
        })
        .map_err(|e| format!("cannot start the PDF reader: {e}"))?;
    match rx.recv_timeout(limit + Duration::from_millis(500)) {
        Ok(result) => result,
        Err(_) => Err(format!(
            "time limit of {} s exceeded (the document is too large or damaged)",
            limit.as_secs()
        )),
    }
}

fn read_document(bytes: &[u8], deadline: Instant) -> Result<PdfText, String> {
    let mut doc = Document::load_mem(bytes)
        .map_err(|e| format!("cannot be parsed ({e}): truncated or damaged?"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("encrypted with a password: cannot be read without it".into());
    }
    let pages = doc.get_pages();
    if let Err(reason) = check_fonts(&doc, &pages) {
        // Optional: poppler decodes predefined CJK CMaps (with poppler-data installed).
        return match poppler_text(bytes) {
            Some(text) if text.chars().any(|c| !c.is_whitespace()) => Ok(PdfText {
                text,
                pages: pages.len() as u32,
                notes: vec![format!("{reason}; the text was decoded by poppler's pdftotext instead, without cell layout")],
                poppler: true,
            }),
            _ => Err(reason),
        };
    }
    normalize_widths(&mut doc);
    let mut laid: Vec<(f64, Vec<Line>)> = Vec::new();
    let mut notes = Vec::new();
    for (&num, &id) in pages.iter() {
        if Instant::now() > deadline {
            return Err(format!("time limit exceeded at page {num}"));
        }
        let mut dev = Collector::default();
        let text_ok = match catch_unwind(AssertUnwindSafe(|| output_doc_page(&doc, &mut dev, num)))
        {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                notes.push(format!("page {num}: text could not be read: {e:?}"));
                false
            }
            Err(_) => {
                notes.push(format!("page {num}: the text reader failed on this page"));
                false
            }
        };
        let shapes = catch_unwind(AssertUnwindSafe(|| graphics(&doc, id))).unwrap_or_default();
        if !text_ok && dev.glyphs.is_empty() {
            laid.push((dev.height, Vec::new()));
            continue;
        }
        if std::env::var_os("HYOKA_PDF_DEBUG").is_some() {
            for s in &shapes {
                eprintln!("page {num} shape {s:?}");
            }
        }
        let page = Page {
            glyphs: dev.glyphs,
            shapes,
            height: dev.height,
        };
        laid.push((page.height, layout(&page)));
    }
    Ok(PdfText {
        text: render(laid),
        pages: pages.len() as u32,
        notes,
        poppler: false,
    })
}

/// The document's text by `pdftotext -raw`, when poppler is installed (it is optional).
fn poppler_text(bytes: &[u8]) -> Option<String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let path = std::env::temp_dir().join(format!(
        "hyoka-{}-{}.pdf",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, bytes).ok()?;
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    let out = out.ok().filter(|o| o.status.success())?;
    String::from_utf8(out.stdout).ok()
}

/// Fonts whose text cannot be decoded: a predefined CJK CMap and no `ToUnicode`.
fn check_fonts(doc: &Document, pages: &BTreeMap<u32, (u32, u16)>) -> Result<(), String> {
    for (&num, &id) in pages {
        let Ok(fonts) = doc.get_page_fonts(id) else {
            continue;
        };
        for font in fonts.values() {
            let subtype = font.get(b"Subtype").ok().and_then(|o| o.as_name().ok());
            if subtype != Some(b"Type0".as_slice()) || font.has(b"ToUnicode") {
                continue;
            }
            let encoding = font.get(b"Encoding").ok().and_then(|o| o.as_name().ok());
            if let Some(enc) = encoding {
                if enc != b"Identity-H" && enc != b"Identity-V" {
                    return Err(format!(
                        "page {num}: font with the predefined CMap {} and no ToUnicode map: its text cannot be decoded (an older Japanese PDF producer; convert it with poppler's pdftotext, which needs poppler-data)",
                        String::from_utf8_lossy(enc)
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Rewrites `/W [c_first c_last w …]` ranges into the list form `c_first [w w …]`.
fn normalize_widths(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        let is_cid = dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| o.as_name().ok())
            .is_some_and(|n| n == b"CIDFontType0" || n == b"CIDFontType2");
        if !is_cid {
            continue;
        }
        let Ok(Object::Array(w)) = dict.get(b"W") else {
            continue;
        };
        let mut out: Vec<Object> = Vec::with_capacity(w.len());
        let mut i = 0;
        let mut changed = false;
        while i < w.len() {
            match (w.get(i), w.get(i + 1), w.get(i + 2)) {
                (Some(first), Some(Object::Array(list)), _) => {
                    out.push(first.clone());
                    out.push(Object::Array(list.clone()));
                    i += 2;
                }
                (Some(first), Some(last), Some(width)) => {
                    let (Some(a), Some(b)) = (number(first), number(last)) else {
                        break;
                    };
                    let count = (b - a + 1.0).clamp(0.0, 65_536.0) as usize;
                    out.push(first.clone());
                    out.push(Object::Array(vec![width.clone(); count]));
                    changed = true;
                    i += 3;
                }
                _ => break,
            }
        }
        if changed {
            dict.set("W", Object::Array(out));
        }
    }
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// A positioned glyph in page space (y downwards from the top).
#[derive(Debug, Clone)]
struct Glyph {
    ch: char,
    x: f64,
    /// Baseline.
    y: f64,
    advance: f64,
    size: f64,
}

#[derive(Default)]
struct Collector {
    glyphs: Vec<Glyph>,
    height: f64,
    bottom: f64,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury;
        self.bottom = media_box.lly;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).abs().max(0.1);
        let advance = (width * font_size * trm.m11).abs();
        let n = text.chars().count().max(1) as f64;
        for (k, ch) in text.chars().enumerate() {
            if ch.is_control() {
                continue;
            }
            self.glyphs.push(Glyph {
                ch: super::radical_to_ideograph(ch),
                x: trm.m31 + advance * k as f64 / n,
                y: self.height - trm.m32,
                advance: advance / n,
                size,
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    // `stroke`/`fill` keep their no-op defaults: pdf-extract drops even-odd fills and fill
    // colours, so vector graphics are read by `graphics` instead.
}

/// A painted axis-aligned rectangle or segment, in page space (y downwards).
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    filled: bool,
    stroked: bool,
    /// Fill darkness: 0 = white, 1 = black.
    dark: f64,
    /// A diagonal stroke (part of an X mark).
    diagonal: bool,
}

impl Shape {
    fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    fn h(&self) -> f64 {
        self.y1 - self.y0
    }
}

#[derive(Clone, Copy)]
struct GState {
    ctm: [f64; 6],
    fill_dark: f64,
}

fn mul(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: [f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn darkness(operands: &[Object]) -> f64 {
    let v: Vec<f64> = operands.iter().filter_map(number).collect();
    match v.as_slice() {
        [g] => 1.0 - g,
        [r, g, b] => 1.0 - (0.299 * r + 0.587 * g + 0.114 * b),
        [c, m, y, k] => ((c + m + y) / 3.0 + k).min(1.0),
        _ => 1.0,
    }
}

/// Rulings and drawn boxes of one page, from its content stream (and form XObjects).
fn graphics(doc: &Document, page: (u32, u16)) -> Vec<Shape> {
    let mut shapes = Vec::new();
    let height = page_height(doc, page);
    let Ok(content) = doc.get_page_content(page) else {
        return shapes;
    };
    let resources = doc
        .get_page_resources(page)
        .ok()
        .and_then(|(d, _)| d.cloned());
    let start = GState {
        ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        fill_dark: 1.0,
    };
    scan(
        doc,
        &content,
        resources.as_ref(),
        start,
        height,
        &mut shapes,
        0,
    );
    shapes
}

fn page_height(doc: &Document, page: (u32, u16)) -> f64 {
    let mut id = Some(page);
    while let Some(i) = id {
        let Ok(dict) = doc.get_dictionary(i) else {
            break;
        };
        if let Ok(Object::Array(mb)) = dict.get(b"MediaBox") {
            if let Some(h) = mb.get(3).and_then(number) {
                return h;
            }
        }
        id = dict.get(b"Parent").ok().and_then(|p| p.as_reference().ok());
    }
    842.0
}

fn scan(
    doc: &Document,
    content: &[u8],
    resources: Option<&pdf_extract::Dictionary>,
    start: GState,
    height: f64,
    out: &mut Vec<Shape>,
    depth: u32,
) {
    if depth > 8 {
        return;
    }
    let Ok(ops) = Content::decode(content) else {
        return;
    };
    let mut stack: Vec<GState> = Vec::new();
    let mut gs = start;
    // Current path: subpaths of points (device space, y downwards).
    let mut path: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut rects: Vec<[f64; 4]> = Vec::new();
    for op in &ops.operations {
        let nums: Vec<f64> = op.operands.iter().filter_map(number).collect();
        let pt = |x: f64, y: f64, gs: &GState| {
            let (px, py) = apply(gs.ctm, x, y);
            (px, height - py)
        };
        match op.operator.as_str() {
            "q" => stack.push(gs),
            "Q" => gs = stack.pop().unwrap_or(gs),
            "cm" if nums.len() == 6 => {
                gs.ctm = mul(
                    [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]],
                    gs.ctm,
                )
            }
            "g" | "rg" | "k" => gs.fill_dark = darkness(&op.operands),
            "sc" | "scn" if !nums.is_empty() => gs.fill_dark = darkness(&op.operands),
            "m" if nums.len() == 2 => path.push(vec![pt(nums[0], nums[1], &gs)]),
            "l" if nums.len() == 2 => {
                let p = pt(nums[0], nums[1], &gs);
                match path.last_mut() {
                    Some(sub) => sub.push(p),
                    None => path.push(vec![p]),
                }
            }
            // Curves: keep the end point only (boxes with rounded corners).
            "c" | "v" | "y" if nums.len() >= 2 => {
                let p = pt(nums[nums.len() - 2], nums[nums.len() - 1], &gs);
                if let Some(sub) = path.last_mut() {
                    sub.push(p);
                }
            }
            "h" => {
                if let Some(sub) = path.last_mut() {
                    if let Some(&first) = sub.first() {
                        sub.push(first);
                    }
                }
            }
            "re" if nums.len() == 4 => {
                let (a, b) = (
                    pt(nums[0], nums[1], &gs),
                    pt(nums[0] + nums[2], nums[1] + nums[3], &gs),
                );
                rects.push([a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)]);
            }
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => {
                let op_name = op.operator.as_str();
                let filled = matches!(op_name, "f" | "F" | "f*" | "B" | "B*" | "b" | "b*");
                let stroked = matches!(op_name, "S" | "s" | "B" | "B*" | "b" | "b*");
                if filled || stroked {
                    for r in &rects {
                        out.push(Shape {
                            x0: r[0],
                            y0: r[1],
                            x1: r[2],
                            y1: r[3],
                            filled,
                            stroked,
                            dark: gs.fill_dark,
                            diagonal: false,
                        });
                    }
                    for sub in &path {
                        for seg in sub.windows(2) {
                            let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
                            let diagonal = (ax - bx).abs() > 0.5 && (ay - by).abs() > 0.5;
                            out.push(Shape {
                                x0: ax.min(bx),
                                y0: ay.min(by),
                                x1: ax.max(bx),
                                y1: ay.max(by),
                                filled: false,
                                stroked: stroked || filled,
                                dark: gs.fill_dark,
                                diagonal,
                            });
                        }
                        // A closed polygon whose points all lie on its bounding box is a
                        // rectangle (drawn check boxes are often paths, not `re`).
                        if sub.len() >= 4 && on_bbox(sub) {
                            let xs = sub.iter().map(|p| p.0);
                            let ys = sub.iter().map(|p| p.1);
                            let (x0, x1) = (
                                xs.clone().fold(f64::MAX, f64::min),
                                xs.fold(f64::MIN, f64::max),
                            );
                            let (y0, y1) = (
                                ys.clone().fold(f64::MAX, f64::min),
                                ys.fold(f64::MIN, f64::max),
                            );
                            out.push(Shape {
                                x0,
                                y0,
                                x1,
                                y1,
                                filled: true,
                                stroked,
                                dark: gs.fill_dark,
                                diagonal: false,
                            });
                        }
                    }
                }
                path.clear();
                rects.clear();
            }
            "Do" => {
                let Some(Object::Name(name)) = op.operands.first() else {
                    continue;
                };
                let Some(res) = resources else { continue };
                let xobjects = res.get(b"XObject").ok().and_then(|o| match o {
                    Object::Reference(r) => doc.get_dictionary(*r).ok(),
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                });
                let Some(xo) = xobjects
                    .and_then(|x| x.get(name).ok())
                    .and_then(|o| o.as_reference().ok())
                else {
                    continue;
                };
                let Ok(Object::Stream(stream)) = doc.get_object(xo) else {
                    continue;
                };
                let is_form = stream
                    .dict
                    .get(b"Subtype")
                    .ok()
                    .and_then(|o| o.as_name().ok())
                    == Some(b"Form".as_slice());
                if !is_form {
                    continue;
                }
                let matrix: Vec<f64> = match stream.dict.get(b"Matrix") {
                    Ok(Object::Array(a)) => a.iter().filter_map(number).collect(),
                    _ => vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                };
                let mut inner = gs;
                if matrix.len() == 6 {
                    inner.ctm = mul(
                        [
                            matrix[0], matrix[1], matrix[2], matrix[3], matrix[4], matrix[5],
                        ],
                        gs.ctm,
                    );
                }
                let data = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                let inner_res = match stream.dict.get(b"Resources") {
                    Ok(Object::Dictionary(d)) => Some(d.clone()),
                    Ok(Object::Reference(r)) => doc.get_dictionary(*r).ok().cloned(),
                    _ => resources.cloned(),
                };
                scan(
                    doc,
                    &data,
                    inner_res.as_ref(),
                    inner,
                    height,
                    out,
                    depth + 1,
                );
            }
            _ => {}
        }
    }
}

/// Whether every point of a closed subpath lies on the edges of its bounding box.
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
        && x1 - x0 > 2.0
        && y1 - y0 > 2.0
        && sub
            .iter()
            .all(|p| (near(p.0, x0) || near(p.0, x1)) || (near(p.1, y0) || near(p.1, y1)))
}

struct Page {
    glyphs: Vec<Glyph>,
    shapes: Vec<Shape>,
    height: f64,
}

/// Horizontal rule at `y` from `x0` to `x1`, or vertical at `x` from `y0` to `y1`.
#[derive(Debug, Clone, Copy)]
struct Rule {
    at: f64,
    from: f64,
    to: f64,
}

const BOX_MIN: f64 = 4.0;
const BOX_MAX: f64 = 16.0;

fn is_box(s: &Shape) -> bool {
    let (w, h) = (s.w(), s.h());
    (BOX_MIN..=BOX_MAX).contains(&w)
        && (BOX_MIN..=BOX_MAX).contains(&h)
        && (w / h - 1.0).abs() < 0.35
}

/// Ruling lines (thin rectangles and strokes) and drawn check boxes (as glyphs).
fn rules_and_boxes(page: &Page) -> (Vec<Rule>, Vec<Rule>, Vec<Glyph>) {
    let mut h = Vec::new();
    let mut v = Vec::new();
    let mut boxes: Vec<(Shape, bool)> = Vec::new();
    for s in &page.shapes {
        if s.diagonal {
            continue;
        }
        if is_box(s) && (s.stroked || s.filled) {
            // Filled dark = checked; outline or light fill = empty (its state may still be
            // set by an inner mark below).
            let checked = s.filled && !s.stroked && s.dark > 0.5;
            boxes.push((*s, checked));
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
            h.push(Rule {
                at: s.y0,
                from: s.x0,
                to: s.x1,
            });
            h.push(Rule {
                at: s.y1,
                from: s.x0,
                to: s.x1,
            });
            v.push(Rule {
                at: s.x0,
                from: s.y0,
                to: s.y1,
            });
            v.push(Rule {
                at: s.x1,
                from: s.y0,
                to: s.y1,
            });
        }
    }
    // Chromium draws a CSS box as four thin filled rectangles: an outline of box size.
    let thin: Vec<&Shape> = page
        .shapes
        .iter()
        .filter(|s| {
            s.filled
                && (s.w() <= 2.0 || s.h() <= 2.0)
                && s.w().max(s.h()) <= BOX_MAX + 2.0
                && s.w().max(s.h()) >= BOX_MIN
        })
        .collect();
    for top in thin.iter().filter(|s| s.h() <= 2.0) {
        let left = thin
            .iter()
            .any(|s| s.w() <= 2.0 && (s.x0 - top.x0).abs() < 1.5 && (s.y0 - top.y0).abs() < 1.5);
        let right = thin
            .iter()
            .any(|s| s.w() <= 2.0 && (s.x1 - top.x1).abs() < 1.5 && (s.y0 - top.y0).abs() < 1.5);
        if left && right {
            let size = top.w();
            let outline = Shape {
                x0: top.x0,
                y0: top.y0,
                x1: top.x1,
                y1: top.y0 + size,
                filled: false,
                stroked: true,
                dark: 0.0,
                diagonal: false,
            };
            if !boxes
                .iter()
                .any(|(b, _)| (b.x0 - outline.x0).abs() < 1.5 && (b.y0 - outline.y0).abs() < 1.5)
            {
                boxes.push((outline, false));
            }
        }
    }
    // The same box painted twice (a fill and its outline): one box, checked if either is.
    let mut merged: Vec<(Shape, bool)> = Vec::new();
    for (b, c) in boxes {
        let same = |m: &Shape| {
            (m.x0 - b.x0).abs() < 1.5 && (m.y0 - b.y0).abs() < 1.5 && (m.w() - b.w()).abs() < 1.5
        };
        match merged.iter_mut().find(|(m, _)| same(m)) {
            Some(entry) => entry.1 |= c,
            None => merged.push((b, c)),
        }
    }
    let boxes = merged;
    // Inner marks: a dark filled square or diagonal strokes inside a box check it.
    let mut glyphs = Vec::new();
    let mut taken: Vec<bool> = vec![false; boxes.len()];
    for (k, (b, checked)) in boxes.iter().enumerate() {
        if taken[k] {
            continue;
        }
        let inside = |s: &Shape| {
            s.x0 >= b.x0 - 0.5 && s.x1 <= b.x1 + 0.5 && s.y0 >= b.y0 - 0.5 && s.y1 <= b.y1 + 0.5
        };
        let x_mark = page
            .shapes
            .iter()
            .filter(|s| s.diagonal && inside(s))
            .count()
            >= 2;
        let mut is_checked = *checked || x_mark;
        for (j, (other, other_checked)) in boxes.iter().enumerate() {
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
    (h, v, glyphs)
}

/// The nearest rules around a point: (left, right, top, bottom). A cell cut by a page break
/// has no bottom (or top) rule; the extent of its own left and right rules closes it.
fn enclosing(h: &[Rule], v: &[Rule], x: f64, y: f64) -> Option<(f64, f64, f64, f64)> {
    let spans = |r: &Rule, p: f64| p >= r.from - 1.0 && p <= r.to + 1.0;
    let left = v
        .iter()
        .filter(|r| r.at <= x && spans(r, y))
        .max_by(|a, b| a.at.total_cmp(&b.at))?;
    let right = v
        .iter()
        .filter(|r| r.at >= x && spans(r, y))
        .min_by(|a, b| a.at.total_cmp(&b.at))?;
    let top = h
        .iter()
        .filter(|r| r.at <= y && spans(r, x))
        .map(|r| r.at)
        .fold(f64::MIN, f64::max);
    let bottom = h
        .iter()
        .filter(|r| r.at >= y && spans(r, x))
        .map(|r| r.at)
        .fold(f64::MAX, f64::min);
    let top = if top > f64::MIN {
        top
    } else {
        left.from.max(right.from)
    };
    let bottom = if bottom < f64::MAX {
        bottom
    } else {
        left.to.min(right.to)
    };
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
struct Line {
    top: f64,
    bottom: f64,
    /// Left edges of ruled cells (half points); empty for free text.
    lefts: Vec<i64>,
    cells: Vec<String>,
    /// Per cell: its last line reached the cell's right edge (it may go on).
    wrapped: Vec<bool>,
}

/// One page → rows.
fn layout(page: &Page) -> Vec<Line> {
    let (h, v, boxes) = rules_and_boxes(page);
    let mut glyphs: Vec<Glyph> = page.glyphs.to_vec();
    glyphs.extend(boxes);
    // Cells bounded by rules: (top, left, right, bottom) in half points.
    let mut cells: BTreeMap<(i64, i64, i64, i64), Vec<Glyph>> = BTreeMap::new();
    let mut free: Vec<Glyph> = Vec::new();
    let key = |v: f64| (v * 2.0).round() as i64;
    for g in glyphs {
        let cx = g.x + g.advance / 2.0;
        let cy = g.y - g.size * 0.35;
        match enclosing(&h, &v, cx, cy) {
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
fn render(pages: Vec<(f64, Vec<Line>)>) -> String {
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
