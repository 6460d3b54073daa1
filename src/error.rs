//! The one library error type.
//!
//! [`Error`] is opaque (a boxed [`ErrorKind`]) so it stays one pointer wide; every error
//! names the document it concerns and, where known, the stage and line.
//!
//! ```
//! let err = hyoka::parse_bytes(b"", "empty.txt", &hyoka::Options::default()).unwrap_err();
//! assert!(matches!(err.kind(), hyoka::ErrorKind::Empty));
//! assert!(err.to_string().contains("empty.txt"));
//! ```

use std::fmt;

/// A document that could not be processed.
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    path: String,
    stage: Stage,
    line: Option<u32>,
}

/// The pipeline stage an error came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and decoding bytes.
    Ingest,
    /// Recognizing the form.
    Extract,
    /// Writing output.
    Emit,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Ingest => "ingest",
            Stage::Extract => "extract",
            Stage::Emit => "emit",
        })
    }
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read or written.
    Io(std::io::Error),
    /// The file has no bytes (or only whitespace).
    Empty,
    /// The bytes are not text in any supported encoding (binary data).
    NotText {
        /// Why the bytes were judged not to be text.
        reason: String,
    },
    /// The text is not a 特定個人情報保護評価書 (no title, stamp or form structure found).
    NotAnAssessment,
    /// A PDF could not be read.
    Pdf {
        /// What the PDF reader reported.
        reason: String,
    },
    /// A PDF has no text to read: images only (a scanned document that needs OCR) or
    /// nothing painted at all.
    PdfNoText {
        /// What was found instead of text.
        reason: String,
    },
    /// Output could not be serialized.
    Json(serde_json::Error),
    /// A bug: the parser panicked on this document (the batch goes on).
    Internal {
        /// The panic message.
        message: String,
    },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, path: &str, stage: Stage) -> Error {
        Error(Box::new(Inner {
            kind,
            path: path.to_string(),
            stage,
            line: None,
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The document the error concerns.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// The stage that failed.
    pub fn stage(&self) -> Stage {
        self.0.stage
    }

    /// The source line, where one is known.
    pub fn line(&self) -> Option<u32> {
        self.0.line
    }

    /// A short stable code for the kind (`empty`, `not_text`, …), for machine-readable reports.
    pub fn code(&self) -> &'static str {
        match self.0.kind {
            ErrorKind::Io(_) => "io",
            ErrorKind::Empty => "empty",
            ErrorKind::NotText { .. } => "not_text",
            ErrorKind::NotAnAssessment => "not_an_assessment",
            ErrorKind::Pdf { .. } => "pdf",
            ErrorKind::PdfNoText { .. } => "pdf.no_text",
            ErrorKind::Json(_) => "json",
            ErrorKind::Internal { .. } => "internal",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.path, self.0.stage)?;
        if let Some(line) = self.0.line {
            write!(f, " (line {line})")?;
        }
        f.write_str(": ")?;
        match &self.0.kind {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Empty => f.write_str("the file is empty"),
            ErrorKind::NotText { reason } => write!(f, "not a text document: {reason}"),
            ErrorKind::NotAnAssessment => f.write_str(
                "not a 特定個人情報保護評価書: no form title, 様式 stamp or form structure found",
            ),
            ErrorKind::Pdf { reason } => write!(f, "PDF could not be read: {reason}"),
            ErrorKind::PdfNoText { reason } => write!(f, "PDF has no text: {reason}"),
            ErrorKind::Json(e) => write!(f, "JSON: {e}"),
            ErrorKind::Internal { message } => {
                write!(f, "internal error (please report): {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Io(e) => Some(e),
            ErrorKind::Json(e) => Some(e),
            _ => None,
        }
    }
}
