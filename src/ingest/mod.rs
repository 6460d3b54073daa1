//! Ingest: bytes → decoded UTF-8 text with provenance.
//!
//! Encodings are dealt with here and nowhere else. A byte-order mark decides first
//! (UTF-8, UTF-16LE/BE); then valid UTF-8 wins; then UTF-16 without a BOM is recognized
//! from its NUL pattern; anything else is handed to `chardetng` (Shift_JIS/CP932, EUC-JP,
//! …) and decoded with `encoding_rs`. Bytes that are not text are refused with
//! [`ErrorKind::NotText`] rather than decoded into mojibake.
//!
//! The rendering (TSV+HTML, markdown, raw pdftotext) is recognized from the decoded text.
//!
//! ```
//! let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("公表日 令和7年12月26日");
//! let text = hyoka::ingest::decode(&sjis, "x.txt").unwrap();
//! assert_eq!(text.encoding, "Shift_JIS");
//! assert_eq!(text.text, "公表日 令和7年12月26日");
//! ```

pub mod pdf;
mod radicals;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Stage};
use crate::model::Rendering;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, UTF-8, with `\r\n` kept as it was (normalization handles line ends).
    pub text: String,
    /// Name of the source encoding (`UTF-8`, `Shift_JIS`, `EUC-JP`, `UTF-16LE`, `UTF-16BE`).
    pub encoding: String,
}

/// Decodes `bytes`; `path` is only used in errors.
pub fn decode(bytes: &[u8], path: &str) -> Result<Decoded, Error> {
    let err = |kind| Error::new(kind, path, Stage::Ingest);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(ErrorKind::Empty));
    }
    let bom = Encoding::for_bom(bytes);
    if bom.is_none() {
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            // Valid UTF-8 is copied as it is, not decoded a second time.
            return finish(text.to_owned(), UTF_8, path);
        }
    }
    let (encoding, body): (&'static Encoding, &[u8]) = match bom {
        Some((enc, bom_len)) => (enc, &bytes[bom_len..]),
        None => match utf16_without_bom(bytes) {
            Some(enc) => (enc, bytes),
            None => {
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
                detector.feed(bytes, true);
                // The `.jp` hint makes Japanese legacy encodings win close calls.
                let guess = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Allow);
                (guess, bytes)
            }
        },
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let text = text.into_owned();
    if had_errors {
        // A UTF-16 text cut after an odd byte ends in one replacement character: that one
        // does not count as evidence of binary data.
        let truncated =
            usize::from((encoding == UTF_16LE || encoding == UTF_16BE) && body.len() % 2 == 1);
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count() - truncated;
        let total = text.chars().count().max(1);
        if bad * 100 / total >= 1 || bad > 50 {
            return Err(err(ErrorKind::NotText {
                reason: format!(
                    "{bad} of {total} characters are not valid {} (binary data?)",
                    encoding.name()
                ),
            }));
        }
    }
    finish(text, encoding, path)
}

/// Refuses a decoded text of control characters or of nothing but blanks.
fn finish(text: String, encoding: &'static Encoding, path: &str) -> Result<Decoded, Error> {
    let err = |kind| Error::new(kind, path, Stage::Ingest);
    check_text(&text).map_err(|reason| err(ErrorKind::NotText { reason }))?;
    if text.trim().is_empty() {
        return Err(err(ErrorKind::Empty));
    }
    Ok(Decoded {
        text,
        encoding: encoding.name().to_string(),
    })
}

/// UTF-16 without a BOM shows as NULs in every other byte for ASCII and CJK-light text.
/// A truncated last byte (an odd byte count) is left out of the evidence: it does not make
/// the rest any less UTF-16.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let bytes = &bytes[..bytes.len() & !1];
    if bytes.len() < 4 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_nul = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Japanese UTF-16 has few NULs; look for line breaks encoded as 0A 00 / 00 0A instead.
    let le_newlines = bytes.chunks_exact(2).filter(|c| c == &[0x0A, 0x00]).count();
    let be_newlines = bytes.chunks_exact(2).filter(|c| c == &[0x00, 0x0A]).count();
    if odd_nul * 3 > pairs && even_nul * 10 < pairs
        || le_newlines > 0 && be_newlines == 0 && odd_nul > even_nul
    {
        Some(UTF_16LE)
    } else if even_nul * 3 > pairs && odd_nul * 10 < pairs
        || be_newlines > 0 && le_newlines == 0 && even_nul > odd_nul
    {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Refuses decoded text that is mostly control characters (binary data that happened to decode).
fn check_text(text: &str) -> Result<(), String> {
    let (total, control) = control_count(text);
    if total > 0 && control * 20 > total {
        return Err(format!(
            "{control} of {total} characters are control characters (binary data?)"
        ));
    }
    Ok(())
}

/// The number of characters of `text` and of those that are control characters
/// (`char::is_control`) other than `\n`, `\r`, `\t` and form feed. Counted on the UTF-8
/// bytes: a character is a byte that is not a continuation byte; a control character is a
/// C0 byte or DEL, or a C1 character (U+0080..U+009F, `C2 80`..`C2 9F`).
fn control_count(text: &str) -> (usize, usize) {
    let b = text.as_bytes();
    let (mut total, mut c0) = (0, 0);
    // Byte counters over chunks that cannot overflow them, so the loop runs on vectors.
    for chunk in b.chunks(255) {
        let (mut t, mut c) = (0u8, 0u8);
        for &x in chunk {
            t += u8::from((x as i8) >= -0x40);
            c += u8::from(
                (x < 0x20) & (x != b'\n') & (x != b'\r') & (x != b'\t') & (x != 0x0C) | (x == 0x7F),
            );
        }
        total += usize::from(t);
        c0 += usize::from(c);
    }
    let c1 = memchr::memchr_iter(0xC2, b)
        .filter(|&i| b.get(i + 1).is_some_and(|&n| n < 0xA0))
        .count();
    (total, c0 + c1)
}

/// The unified ideograph a radical look-alike stands for (`⼈` → `人`), else the character.
pub fn radical_to_ideograph(c: char) -> char {
    if !('\u{2E80}'..='\u{2FDF}').contains(&c) {
        return c;
    }
    match radicals::RADICALS.binary_search_by_key(&c, |&(r, _)| r) {
        Ok(i) => radicals::RADICALS[i].1,
        Err(_) => c,
    }
}

/// SHA-256 (hex) of the decoded text.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Recognizes the layout family of decoded text.
///
/// Markdown headings or pipe-table rows → [`Rendering::Markdown`]; tab-separated rows →
/// [`Rendering::TsvHtml`]; otherwise raw `pdftotext` output.
pub fn detect_rendering(text: &str) -> Rendering {
    let mut tabs = 0usize;
    let mut pipes = 0usize;
    let mut headings = 0usize;
    let mut html = 0usize;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with('|') && t.trim_end().ends_with('|') {
            pipes += 1;
        }
        if t.starts_with('#') && t.trim_start_matches('#').starts_with(' ') {
            headings += 1;
        }
        let b = line.as_bytes();
        if memchr::memchr(b'\t', b).is_some() {
            tabs += 1;
        }
        // (Each tag opens with `<`: a line without one is passed over by a byte search.)
        if memchr::memchr(b'<', b).is_some()
            && (line.contains("<p>") || line.contains("<br") || line.contains("<input"))
        {
            html += 1;
        }
    }
    if pipes >= 3 || headings >= 3 {
        Rendering::Markdown
    } else if tabs >= 3 || html >= 3 {
        Rendering::TsvHtml
    } else {
        Rendering::Pdftotext
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`control_count`] counts, by characters.
    fn control_count_by_chars(text: &str) -> (usize, usize) {
        let control = text
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
            .count();
        (text.chars().count(), control)
    }

    #[test]
    fn control_count_matches_the_character_definition() {
        // Every character around the C0, DEL and C1 ranges, and the last scalar values.
        let chars = (0u32..0x800)
            .chain(0xFFF0..0x1_0010)
            .chain(0x10_FFF0..=0x10_FFFF)
            .filter_map(char::from_u32);
        for c in chars {
            let text = format!("a{c}\u{85}{c}あ");
            assert_eq!(control_count(&text), control_count_by_chars(&text), "{c:?}");
        }
        assert_eq!(control_count("\u{C2}\u{9F}\u{A0}"), (3, 1));
    }

    proptest::proptest! {
        #[test]
        fn control_count_of_any_text(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(control_count(&text), control_count_by_chars(&text));
        }
    }

    #[test]
    fn radicals_map_to_ideographs() {
        // The look-alikes pdf-notes measured in the Identity-H sample.
        assert_eq!(radical_to_ideograph('\u{2F08}'), '人'); // ⼈ Kangxi radical
        assert_eq!(radical_to_ideograph('\u{2EA0}'), '民'); // ⺠ CJK Radicals Supplement
        assert_eq!(radical_to_ideograph('\u{2ED1}'), '長'); // ⻑
        assert_eq!(radical_to_ideograph('人'), '人');
        assert_eq!(radical_to_ideograph('①'), '①');
        assert!(
            radicals::RADICALS.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for binary search"
        );
    }

    #[test]
    fn detects_renderings() {
        assert_eq!(detect_rendering("# a\n# b\n# c\n"), Rendering::Markdown);
        assert_eq!(detect_rendering("a\tb\nc\td\ne\tf\n"), Rendering::TsvHtml);
        assert_eq!(
            detect_rendering("特定個人情報\n公表日\n"),
            Rendering::Pdftotext
        );
    }
}
