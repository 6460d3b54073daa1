//! PDF ingest: a published 評価書 PDF → tab-separated rows, one page after another.
//!
//! A [`Backend`] gives each page's glyphs and painted paths through one small trait
//! (`source::Source`): `hayro` (default: fast, decodes predefined CJK CMaps, no panics seen
//! under corruption) or `pdf-extract` (kept selectable). Everything above it is shared:
//!
//! * `rulings`: paths → axis-aligned shapes → ruling lines;
//! * `boxes`: drawn check boxes → `☑`/`☐` (grid-indexed, linear);
//! * `cells`: glyphs assigned to the cell bounded by the nearest rules; cells of one table
//!   row become one line of tab-separated cells; wrapped lines inside a cell are joined and
//!   separate lines kept as `<br>`; free text falls back to baseline clustering; a row cut
//!   by a page break is joined to its continuation. Pages are separated by form feeds.
//!
//! Glyphs painted twice at one place are dropped; radical look-alikes (`⼈`, `⺠`) are mapped
//! to ideographs by the generated `radicals` table.
//!
//! **Work caps.** Every page runs on a budget (operators, form XObject depth and
//! invocations, path segments, glyphs, check boxes, content bytes; per page and per
//! document) and the document's deadline, checked inside the backends' loops: a hostile
//! file stops with a `pdf.cap_reached` note naming the cap and keeps the pages read before
//! it; the deadline ends the work (the reader thread does not run on). A panic inside a
//! library costs that page and prints nothing. A document with images and no text at all
//! is refused as scanned (`pdf.no_text`: it needs OCR).
//!
//! ```
//! use hyoka::ingest::pdf::{read_with, Backend};
//! let limit = std::time::Duration::from_secs(5);
//! let err = read_with(b"%PDF-1.4 not really", limit, Backend::Hayro).unwrap_err();
//! assert!(err.reason.contains("cannot be parsed"), "{err}");
//! ```

mod boxes;
mod cells;
mod hayro;
mod pdf_extract;
mod rulings;
mod source;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Once};
use std::time::{Duration, Instant};

use source::{dedup_glyphs, Budget, Caps, PageFailure, Source, Stop};

/// Which library reads glyphs and paths.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// `hayro-interpret` (default).
    #[default]
    Hayro,
    /// `pdf-extract` glyphs with our own content scan for paths.
    PdfExtract,
}

impl Backend {
    /// The name used on the command line and in manifests.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Hayro => "hayro",
            Backend::PdfExtract => "pdf-extract",
        }
    }
}

/// A note about part of a PDF: a diagnostic code and a message.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfNote {
    /// `pdf.page_unreadable` or `pdf.cap_reached`.
    pub code: &'static str,
    /// What happened, naming the page.
    pub message: String,
}

/// What was read from a PDF.
#[derive(Debug, Clone)]
pub struct PdfText {
    /// Rows of tab-separated cells; pages separated by form feeds (`\x0C`).
    pub text: String,
    /// Number of pages in the document.
    pub pages: u32,
    /// Pages that could not be read (or not wholly), and why.
    pub notes: Vec<PdfNote>,
}

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfError {
    /// The document has no text at all (scanned: it needs OCR), rather than being unreadable.
    pub no_text: bool,
    /// Human-readable reason.
    pub reason: String,
}

impl From<String> for PdfError {
    fn from(reason: String) -> Self {
        PdfError {
            no_text: false,
            reason,
        }
    }
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// True when the bytes start like a PDF (`%PDF-` within the first KiB).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Reads a PDF with the default backend within `limit`. Errors are human-readable reasons.
pub fn read(bytes: &[u8], limit: Duration) -> Result<PdfText, PdfError> {
    read_with(bytes, limit, Backend::default())
}

/// Reads a PDF with `backend` within `limit`. The work runs on its own thread (a deep
/// stack for the libraries) and stops itself at the deadline.
pub fn read_with(bytes: &[u8], limit: Duration, backend: Backend) -> Result<PdfText, PdfError> {
    quiet_panics();
    let data = bytes.to_vec();
    let (tx, rx) = mpsc::channel();
    let deadline = Instant::now() + limit;
    std::thread::Builder::new()
        .name(THREAD.into())
        .stack_size(64 << 20)
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| {
                read_document(&data, deadline, backend, Caps::default())
            }))
            .unwrap_or_else(|_| Err("the PDF reader failed on this document".to_string().into()));
            let _ = tx.send(result);
        })
        .map_err(|e| PdfError::from(format!("cannot start the PDF reader: {e}")))?;
    match rx.recv_timeout(limit + Duration::from_millis(2000)) {
        Ok(result) => result,
        Err(_) => Err(time_limit(limit).into()),
    }
}

const THREAD: &str = "hyoka-pdf";

fn time_limit(limit: Duration) -> String {
    format!(
        "time limit of {} s exceeded (the document is too large or damaged)",
        limit.as_secs_f64()
    )
}

/// Panics caught on the PDF thread print nothing (they become page notes); panics
/// elsewhere are reported by the hook that was installed before.
///
/// The `catch_unwind`s on the PDF thread are a safety net for the PDF libraries, not for
/// hyoka's own code: a panic there whose location is in this crate's source is counted
/// ([`own_panics_caught`]), and built for fuzzing (`--cfg fuzzing`) it aborts the process so
/// that the fuzzer reports it. The budget's stop signal (a deliberate unwind) and panics
/// inside the libraries stay quiet.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(THREAD) {
                previous(info);
            } else if own_panic(info) {
                OWN_PANICS.fetch_add(1, Ordering::Relaxed);
                if cfg!(fuzzing) {
                    previous(info);
                    std::process::abort();
                }
            }
        }));
    });
}

static OWN_PANICS: AtomicUsize = AtomicUsize::new(0);

/// How many panics in hyoka's own code (not in a PDF library) the PDF thread has caught since
/// the process started. Each one is a bug, even though it only cost a page or the document;
/// the fuzz regression tests check that replaying their inputs adds none.
#[doc(hidden)]
pub fn own_panics_caught() -> usize {
    OWN_PANICS.load(Ordering::Relaxed)
}

/// True when a panic on the PDF thread is hyoka's own (not the budget's stop signal, not
/// inside a library).
fn own_panic(info: &std::panic::PanicHookInfo<'_>) -> bool {
    if info.payload().is::<hayro::StopSignal>() {
        return false;
    }
    // `file!()` is this file's path as the compiler saw it; the crate's `src/` is its prefix.
    let here = file!();
    let root = &here[..here.len() - "src/ingest/pdf/mod.rs".len()];
    info.location()
        .is_some_and(|l| l.file().starts_with(&format!("{root}src/")))
}

fn read_document(
    bytes: &[u8],
    deadline: Instant,
    backend: Backend,
    caps: Caps,
) -> Result<PdfText, PdfError> {
    match backend {
        Backend::Hayro => {
            let pdf = hayro::open(bytes)?;
            let mut source = hayro::HayroSource::new(&pdf);
            read_pages(&mut source, deadline, caps)
        }
        Backend::PdfExtract => {
            let doc = catch_unwind(AssertUnwindSafe(|| pdf_extract::open(bytes)))
                .unwrap_or_else(|_| Err("cannot be parsed: truncated or damaged?".into()))?;
            let mut source = pdf_extract::PdfExtractSource::new(&doc);
            read_pages(&mut source, deadline, caps)
        }
    }
}

/// Pages of `source` → text, within the deadline and the caps.
fn read_pages(source: &mut dyn Source, deadline: Instant, caps: Caps) -> Result<PdfText, PdfError> {
    let count = source.page_count();
    if count == 0 {
        return Err("no pages (damaged page tree?)".to_string().into());
    }
    let mut budget = Budget::new(caps, deadline);
    let mut laid: Vec<(f64, Vec<cells::Line>)> = Vec::new();
    let mut notes = Vec::new();
    let mut glyphs_seen = 0usize;
    let mut images = 0usize;
    for index in 0..count {
        let num = index + 1;
        if Instant::now() > deadline {
            return Err(format!("time limit exceeded at page {num}").into());
        }
        budget.next_page();
        let (mut page, stop) = match source.page(index, &mut budget) {
            Ok(page) => (page, None),
            Err(e) => match e.reason {
                PageFailure::Stop(Stop::Deadline) => {
                    return Err(format!("time limit exceeded at page {num}").into())
                }
                PageFailure::Stop(Stop::Cap(cap)) => (e.partial, Some(cap)),
                PageFailure::Unreadable(why) => {
                    notes.push(PdfNote {
                        code: "pdf.page_unreadable",
                        message: format!("page {num}: {why}"),
                    });
                    (e.partial, None)
                }
            },
        };
        images += page.images;
        for g in &mut page.glyphs {
            g.ch = super::radical_to_ideograph(g.ch);
        }
        dedup_glyphs(&mut page.glyphs);
        glyphs_seen += page.glyphs.len();
        let (lines, capped_boxes) = lay_out(page, &caps);
        laid.push(lines);
        if capped_boxes {
            notes.push(PdfNote {
                code: "pdf.cap_reached",
                message: format!(
                    "page {num}: more than {} check boxes; the rest were ignored",
                    caps.boxes
                ),
            });
        }
        if let Some(cap) = stop {
            notes.push(PdfNote {
                code: "pdf.cap_reached",
                message: if num == 1 {
                    format!("page 1: the cap on {cap} was reached; page 1 was read in part, the rest not")
                } else {
                    format!(
                        "page {num}: the cap on {cap} was reached; pages 1–{} were read, page {num} in part, the rest not",
                        num - 1
                    )
                },
            });
            break;
        }
    }
    if glyphs_seen == 0 {
        // Say why, when a page note knows (a cap, an unreadable page).
        let why = notes
            .first()
            .map(|n| format!(" ({}: {})", n.code, n.message))
            .unwrap_or_default();
        return Err(if images > 0 && notes.is_empty() {
            PdfError {
                no_text: true,
                reason: format!(
                    "{count} page(s) of images and no text: a scanned document, it needs OCR"
                ),
            }
        } else if notes.is_empty() {
            PdfError {
                no_text: true,
                reason: format!("{count} page(s) and no text painted on any"),
            }
        } else {
            format!("no text could be read{why}").into()
        });
    }
    Ok(PdfText {
        text: cells::render(laid),
        pages: count as u32,
        notes,
    })
}

/// One page's content → its height and rows.
fn lay_out(page: source::PageContent, caps: &Caps) -> ((f64, Vec<cells::Line>), bool) {
    let mut shapes = Vec::new();
    for path in &page.paths {
        rulings::shapes_of(path, &mut shapes);
    }
    if std::env::var_os("HYOKA_PDF_DEBUG").is_some() {
        for s in &shapes {
            eprintln!("shape {s:?}");
        }
    }
    let (mut h, mut v) = rulings::rules(&shapes);
    let (boxes, capped) = boxes::boxes(&shapes, caps.boxes);
    let by_at = |a: &rulings::Rule, b: &rulings::Rule| {
        a.at.total_cmp(&b.at)
            .then(a.from.total_cmp(&b.from))
            .then(a.to.total_cmp(&b.to))
    };
    h.sort_by(by_at);
    v.sort_by(by_at);
    // The same rule painted many times is one rule.
    let same = |a: &mut rulings::Rule, b: &mut rulings::Rule| {
        (a.at - b.at).abs() < 0.01 && (a.from - b.from).abs() < 0.01 && (a.to - b.to).abs() < 0.01
    };
    h.dedup_by(same);
    v.dedup_by(same);
    let mut glyphs = page.glyphs;
    glyphs.extend(boxes);
    ((page.height, cells::layout(glyphs, &h, &v)), capped)
}
