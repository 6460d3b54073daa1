//! hyoka turns published 特定個人情報保護評価書 (the privacy impact assessments published
//! under the My Number Act) into typed, comparable records.
//!
//! The pipeline has one module per stage, each handing a typed value to the next:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | ingest | [`ingest`] | bytes → decoded text, encoding, rendering |
//! | normalize | [`normalize`] | raw cell text → folded text with check-box tokens |
//! | segment | [`segment`] | text → rows of cells with line numbers |
//! | extract | [`extract`] | catalog + rows → [`Document`] |
//! | emit | [`emit`] | documents → JSON, JSON Lines, CSV |
//!
//! ```
//! use hyoka::{parse_bytes, Options, Status};
//! let text = "特定個人情報保護評価書(基礎項目評価書)\n\nII しきい値判断項目\n\n2. 取扱者数\n\
//!             特定個人情報ファイル取扱者数は500人以上か\t[500人未満]\t<選択肢> 1) 500人以上 2) 500人未満\n";
//! let doc = parse_bytes(text.as_bytes(), "x.txt", &Options::default()).unwrap();
//! let item = doc.items.iter().find(|i| i.id == "threshold.handlers").unwrap();
//! assert_eq!(item.status, Status::Ok);
//! ```

pub mod batch;
pub mod bodies;
pub mod catalog;
pub mod categories;
pub mod compare;
pub mod emit;
mod error;
pub mod extract;
pub mod indicators;
pub mod ingest;
mod model;
pub mod normalize;
pub mod peers;
pub mod read;
pub mod report;
pub mod segment;
pub mod stats;
pub mod tables;

pub use error::{Error, ErrorKind, Stage};
pub use model::*;

/// How documents are parsed.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force a rendering instead of detecting it.
    pub rendering: Option<Rendering>,
    /// Time limit for reading one PDF (default 60 s).
    pub pdf_time_limit: Option<std::time::Duration>,
    /// Which library reads a PDF's glyphs and paths (default hayro).
    pub pdf_backend: ingest::pdf::Backend,
}

impl Options {
    fn pdf_time_limit(&self) -> std::time::Duration {
        self.pdf_time_limit
            .unwrap_or(std::time::Duration::from_secs(60))
    }
}

/// Parses one document from bytes (text in any supported encoding, or PDF). `path` is
/// recorded in `source.path` and in errors.
pub fn parse_bytes(bytes: &[u8], path: &str, options: &Options) -> Result<Document, Error> {
    let named_pdf = path.to_ascii_lowercase().ends_with(".pdf");
    if ingest::pdf::is_pdf(bytes) {
        let pdf = ingest::pdf::read_with(bytes, options.pdf_time_limit(), options.pdf_backend)
            .map_err(|e| pdf_error(e, path))?;
        let mut doc = parse_text(
            &pdf.text,
            "PDF",
            path,
            &Options {
                rendering: Some(Rendering::Pdf),
                ..options.clone()
            },
        )?;
        doc.source.rendering = Rendering::Pdf;
        doc.source.page_count = Some(pdf.pages);
        for note in pdf.notes {
            doc.diagnostics.push(Diagnostic {
                level: Level::Warning,
                code: note.code.into(),
                path: None,
                line: None,
                message: note.message,
            });
        }
        return Ok(doc);
    }
    if named_pdf {
        return Err(Error::new(
            ErrorKind::Pdf {
                reason: "not a PDF: the file has no %PDF- header".into(),
            },
            path,
            Stage::Ingest,
        ));
    }
    let decoded = ingest::decode(bytes, path)?;
    parse_text(&decoded.text, &decoded.encoding, path, options)
}

/// The text the parser reads from `bytes`: decoded text, or a PDF's reconstructed rows.
pub fn read_text(bytes: &[u8], path: &str, options: &Options) -> Result<String, Error> {
    if ingest::pdf::is_pdf(bytes) {
        return ingest::pdf::read_with(bytes, options.pdf_time_limit(), options.pdf_backend)
            .map(|p| p.text)
            .map_err(|e| pdf_error(e, path));
    }
    Ok(ingest::decode(bytes, path)?.text)
}

fn pdf_error(e: ingest::pdf::PdfError, path: &str) -> Error {
    let reason = e.reason;
    let kind = if e.no_text {
        ErrorKind::PdfNoText { reason }
    } else {
        ErrorKind::Pdf { reason }
    };
    Error::new(kind, path, Stage::Ingest)
}

/// Parses one document from already decoded text.
pub fn parse_text(
    text: &str,
    encoding: &str,
    path: &str,
    options: &Options,
) -> Result<Document, Error> {
    let rendering = options
        .rendering
        .unwrap_or_else(|| ingest::detect_rendering(text));
    // Letter spacing is removed in one place, before segmentation; the hash stays the text's.
    let unspaced = read::unspace(text);
    let mut source_text = segment::SourceText::unhashed(&unspaced, rendering);
    source_text.sha256 = ingest::sha256_hex(text);
    // Poppler's layout text, its rows rebuilt from its columns (read::columns). Its hash is
    // not used: a merged document keeps the source of the text as given.
    let columned = (rendering == model::Rendering::Pdftotext)
        .then(|| read::columns(&unspaced))
        .flatten()
        .map(|t| segment::SourceText::unhashed(&t, model::Rendering::TsvHtml));
    let mut doc = extract::extract(&source_text, columned.as_ref(), path, encoding)?;
    resolve_body_and_category(&mut doc);
    Ok(doc)
}

/// Looks the document's body up in the code table and classifies its 事務 (reference data,
/// after extraction: it reads the extracted header and items).
fn resolve_body_and_category(doc: &mut Document) {
    let (body, diagnostics) = bodies::resolve_document(doc);
    doc.body = Some(body);
    doc.diagnostics.extend(diagnostics);
    doc.category = Some(categories::classify(doc));
}

/// Reads and parses one file.
pub fn parse_file(path: &std::path::Path, options: &Options) -> Result<Document, Error> {
    let label = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| Error::new(ErrorKind::Io(e), &label, Stage::Ingest))?;
    parse_bytes(&bytes, &label, options)
}
