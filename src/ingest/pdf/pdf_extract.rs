//! The `pdf_extract` backend: glyphs from `pdf-extract`'s [`OutputDev`], paths from our own
//! scan of the page content (lopdf). Kept selectable (`--pdf-backend pdf-extract`); hayro is
//! the default (see `docs/pdf-notes.md` for the measurements).
//!
//! What that crate is known to get wrong is done here instead:
//!
//! * **Widths.** Its reader of CID fonts' `/W` arrays ignores the `c_first c_last w` range
//!   form; the in-memory document is rewritten first (every range becomes the list form).
//! * **Vector graphics.** Fill colours, even-odd fills and form XObjects are read by
//!   [`scan`], which counts its work on the page's [`Budget`] and caps XObject depth.
//! * **Hangs and aborts it cannot survive.** A page whose `/Parent` chain is a cycle loops
//!   forever in it, and a form XObject that draws itself overflows its stack (an abort, not a
//!   panic): such pages are found by our own cycle-safe walks first and not handed to it.
//! * **Undecodable text.** Fonts with a predefined CJK CMap and no `ToUnicode` map give a
//!   clear error (hayro decodes them).

use std::collections::{BTreeMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::content::Content;
use pdf_extract::{output_doc_page, Document, MediaBox, Object, OutputDev, OutputError, Transform};

use super::source::{Budget, Glyph, PageContent, PageError, PageFailure, Path, Source, Stop};

/// Opens a document (decrypting an empty user password, rewriting `/W` ranges).
pub(crate) fn open(bytes: &[u8]) -> Result<Document, String> {
    let mut doc = Document::load_mem(bytes)
        .map_err(|e| format!("cannot be parsed ({e}): truncated or damaged?"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("encrypted with a password: cannot be read without it".into());
    }
    let pages = doc.get_pages();
    check_fonts(&doc, &pages)?;
    normalize_widths(&mut doc);
    Ok(doc)
}

/// A document opened by lopdf for pdf-extract.
pub(crate) struct PdfExtractSource<'a> {
    doc: &'a Document,
    pages: Vec<(u32, (u32, u16))>,
}

impl<'a> PdfExtractSource<'a> {
    pub fn new(doc: &'a Document) -> Self {
        PdfExtractSource {
            doc,
            pages: doc.get_pages().into_iter().collect(),
        }
    }
}

impl Source for PdfExtractSource<'_> {
    fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn page(&mut self, index: usize, budget: &mut Budget) -> Result<PageContent, PageError> {
        let doc = self.doc;
        let (num, id) = self.pages[index];
        let height = page_height(doc, id);
        let mut content = PageContent {
            height,
            ..PageContent::default()
        };
        if parent_cycle(doc, id) {
            return Err(PageError {
                reason: PageFailure::Unreadable("its /Parent chain is a cycle".into()),
                partial: content,
            });
        }
        // Our scan first: it is cycle-safe, and says whether pdf-extract would recurse.
        let scanned = graphics(doc, id, height, budget);
        content.paths = scanned.paths;
        content.images = scanned.images;
        if let Some(stop) = scanned.stop {
            return Err(PageError {
                reason: PageFailure::Stop(stop),
                partial: content,
            });
        }
        if scanned.cycle {
            return Err(PageError {
                reason: PageFailure::Unreadable(
                    "a form XObject draws itself (its text is not read)".into(),
                ),
                partial: content,
            });
        }
        let mut dev = Collector {
            height,
            ..Collector::default()
        };
        let text = catch_unwind(AssertUnwindSafe(|| output_doc_page(doc, &mut dev, num)));
        let mut glyphs = dev.glyphs;
        for _ in 0..glyphs.len() {
            if let Err(stop) = budget.glyph() {
                glyphs.truncate(budget.caps.glyphs as usize);
                content.glyphs = glyphs;
                return Err(PageError {
                    reason: PageFailure::Stop(stop),
                    partial: content,
                });
            }
        }
        content.glyphs = glyphs;
        match text {
            Ok(Ok(())) => Ok(content),
            Ok(Err(e)) => Err(PageError {
                reason: PageFailure::Unreadable(format!("text could not be read: {e:?}")),
                partial: content,
            }),
            Err(_) => Err(PageError {
                reason: PageFailure::Unreadable("the text reader failed on this page".into()),
                partial: content,
            }),
        }
    }
}

/// Whether the page's `/Parent` chain comes back to a node it passed.
fn parent_cycle(doc: &Document, page: (u32, u16)) -> bool {
    let mut seen = HashSet::new();
    let mut id = Some(page);
    while let Some(i) = id {
        if !seen.insert(i) {
            return true;
        }
        id = doc
            .get_dictionary(i)
            .ok()
            .and_then(|d| d.get(b"Parent").ok())
            .and_then(|p| p.as_reference().ok());
    }
    false
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

/// Glyphs as pdf-extract reports them.
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
                ch,
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

/// What [`scan`] found on a page.
#[derive(Default)]
struct Scanned {
    paths: Vec<Path>,
    images: usize,
    /// A form XObject invoked itself (directly or through others).
    cycle: bool,
    stop: Option<Stop>,
}

/// Painted paths of one page, from its content stream (and form XObjects).
fn graphics(doc: &Document, page: (u32, u16), height: f64, budget: &mut Budget) -> Scanned {
    let mut out = Scanned::default();
    let Ok(content) = doc.get_page_content(page) else {
        return out;
    };
    if content.len() > budget.caps.content_bytes {
        out.stop = Some(Stop::Cap("content bytes per page"));
        return out;
    }
    let resources = doc
        .get_page_resources(page)
        .ok()
        .and_then(|(d, _)| d.cloned());
    let start = GState {
        ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        fill_dark: 1.0,
    };
    let mut active = Vec::new();
    let mut walk = Walk {
        doc,
        height,
        budget,
        out: &mut out,
        active: &mut active,
    };
    if let Err(stop) = walk.scan(&content, resources.as_ref(), start) {
        out.stop = Some(stop);
    }
    out
}

/// The page's height: its `/MediaBox`, inherited through a cycle-safe `/Parent` walk.
fn page_height(doc: &Document, page: (u32, u16)) -> f64 {
    let mut seen = HashSet::new();
    let mut id = Some(page);
    while let Some(i) = id {
        if !seen.insert(i) {
            break;
        }
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

struct Walk<'w> {
    doc: &'w Document,
    height: f64,
    budget: &'w mut Budget,
    out: &'w mut Scanned,
    /// Form XObjects being drawn (the recursion stack).
    active: &'w mut Vec<(u32, u16)>,
}

impl Walk<'_> {
    fn scan(
        &mut self,
        content: &[u8],
        resources: Option<&pdf_extract::Dictionary>,
        start: GState,
    ) -> Result<(), Stop> {
        let height = self.height;
        let Ok(ops) = Content::decode(content) else {
            return Ok(());
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut gs = start;
        // Current path: subpaths of points (device space, y downwards).
        let mut path: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut segments = 0u64;
        for op in &ops.operations {
            self.budget.operator(1)?;
            let nums: Vec<f64> = op.operands.iter().filter_map(number).collect();
            let pt = |x: f64, y: f64, gs: &GState| {
                let (px, py) = apply(gs.ctm, x, y);
                (px, height - py)
            };
            match op.operator.as_str() {
                "q" if stack.len() < 1024 => stack.push(gs),
                "Q" => gs = stack.pop().unwrap_or(gs),
                "cm" if nums.len() == 6 => {
                    gs.ctm = mul(
                        [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]],
                        gs.ctm,
                    )
                }
                "g" | "rg" | "k" => gs.fill_dark = darkness(&op.operands),
                "sc" | "scn" if !nums.is_empty() => gs.fill_dark = darkness(&op.operands),
                "m" if nums.len() == 2 => {
                    segments += 1;
                    path.push(vec![pt(nums[0], nums[1], &gs)])
                }
                "l" | "c" | "v" | "y" if nums.len() >= 2 => {
                    // Curves: keep the end point only (boxes with rounded corners).
                    segments += 1;
                    let p = pt(nums[nums.len() - 2], nums[nums.len() - 1], &gs);
                    match path.last_mut() {
                        Some(sub) => sub.push(p),
                        None if op.operator == "l" => path.push(vec![p]),
                        None => {}
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
                    segments += 4;
                    let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
                    let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                    path.push(corners.iter().map(|&(a, b)| pt(a, b, &gs)).collect());
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => {
                    let name = op.operator.as_str();
                    if matches!(name, "s" | "b" | "b*") {
                        if let Some(sub) = path.last_mut() {
                            if let Some(&first) = sub.first() {
                                sub.push(first);
                            }
                        }
                    }
                    self.budget.segments(segments)?;
                    segments = 0;
                    let filled = matches!(name, "f" | "F" | "f*" | "B" | "B*" | "b" | "b*");
                    let stroked = matches!(name, "S" | "s" | "B" | "B*" | "b" | "b*");
                    if filled || stroked {
                        self.out.paths.push(Path {
                            subpaths: std::mem::take(&mut path),
                            filled,
                            even_odd: name.ends_with('*'),
                            stroked,
                            dark: gs.fill_dark,
                        });
                    }
                    path.clear();
                }
                "Do" => self.draw_xobject(op.operands.first(), resources, gs)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn draw_xobject(
        &mut self,
        name: Option<&Object>,
        resources: Option<&pdf_extract::Dictionary>,
        gs: GState,
    ) -> Result<(), Stop> {
        let doc = self.doc;
        let Some(Object::Name(name)) = name else {
            return Ok(());
        };
        let Some(res) = resources else { return Ok(()) };
        let xobjects = res.get(b"XObject").ok().and_then(|o| match o {
            Object::Reference(r) => doc.get_dictionary(*r).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        });
        let Some(xo) = xobjects
            .and_then(|x| x.get(name).ok())
            .and_then(|o| o.as_reference().ok())
        else {
            return Ok(());
        };
        let Ok(Object::Stream(stream)) = doc.get_object(xo) else {
            return Ok(());
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| o.as_name().ok());
        if subtype == Some(b"Image".as_slice()) {
            self.out.images += 1;
            return Ok(());
        }
        if subtype != Some(b"Form".as_slice()) {
            return Ok(());
        }
        if self.active.contains(&xo) {
            self.out.cycle = true;
            return Ok(());
        }
        if self.active.len() as u32 >= self.budget.caps.xobject_depth {
            return Err(Stop::Cap("form XObject depth"));
        }
        self.budget.xobject()?;
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
        if data.len() > self.budget.caps.content_bytes {
            return Err(Stop::Cap("content bytes per page"));
        }
        let inner_res = match stream.dict.get(b"Resources") {
            Ok(Object::Dictionary(d)) => Some(d.clone()),
            Ok(Object::Reference(r)) => doc.get_dictionary(*r).ok().cloned(),
            _ => resources.cloned(),
        };
        self.active.push(xo);
        let r = self.scan(&data, inner_res.as_ref(), inner);
        self.active.pop();
        r
    }
}
