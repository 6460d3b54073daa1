//! Text that is not Japanese inside Japanese: foreign-script fragments and stray English
//! function words, the traces of machine translation or of a broken conversion
//! (`入手した特定個人情報ที่ไม่正確であるリスク`, `入手した特定個人情報 that 不正確であるリスク`).
//!
//! [`foreign_runs`] reports
//! - every maximal run of Thai, Hangul, Cyrillic, Arabic, Hebrew or Devanagari characters
//!   (with the combining marks that follow them), wherever it occurs;
//! - a run of Greek characters only when it holds two letters or more (a lone `α`, `β`, `μ`
//!   is normal in technical text);
//! - an English function word (`that`, `the`, `which`, `not`, `of`, `and`, `is`, `are`,
//!   `with`, `for`, `to`; any case) standing between CJK characters on both sides, ignoring at
//!   most one space on each side. Several function words in a row separated by single spaces
//!   (`情報 which is not 正確`) form one run. Ordinary Latin words (`PC`, `ICカード`,
//!   `e-ラーニング`, `LGWAN`, `Windows`) are never reported.
//!
//! The text is best folded first ([`super::width::fold`]): full-width Latin letters are not
//! words here.
//!
//! ```
//! use hyoka::normalize::script::foreign_runs;
//! let runs = foreign_runs("入手した特定個人情報ที่ไม่正確であるリスク");
//! assert_eq!(runs.len(), 1);
//! assert_eq!((runs[0].script, runs[0].text.as_str()), ("Thai", "ที่ไม่"));
//! assert!(foreign_runs("ICカードとPCはLGWANに接続しない").is_empty());
//! ```

/// A run of characters of a script that does not belong in Japanese text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignRun {
    /// Byte offset of the run's first character in the input.
    pub start: usize,
    /// Byte offset just past the run's last character (`&input[start..end] == text`).
    pub end: usize,
    /// Script name in English: "Thai", "Hangul", "Cyrillic", "Arabic", "Hebrew",
    /// "Devanagari", "Greek" or "English".
    pub script: &'static str,
    /// The run's text.
    pub text: String,
}

/// English function words reported between CJK characters.
const FUNCTION_WORDS: &[&str] = &[
    "that", "the", "which", "not", "of", "and", "is", "are", "with", "for", "to",
];

/// Finds foreign-script runs inside Japanese text, in order of position. Runs never overlap.
pub fn foreign_runs(text: &str) -> Vec<ForeignRun> {
    let bytes = text.as_bytes();
    // ASCII text holds neither a script run nor CJK around an English one.
    if bytes.is_ascii() {
        return Vec::new();
    }
    let mut runs = if may_hold_script(bytes) {
        script_runs(text)
    } else {
        Vec::new()
    };
    if chunks_any(bytes, |chunk, _| {
        chunk
            .iter()
            .fold(false, |hit, &x| hit | x.is_ascii_alphabetic())
    }) {
        runs.extend(english_runs(text));
    }
    runs.sort_by_key(|r| r.start);
    runs
}

/// The script of a character, for the scripts reported by [`foreign_runs`] (English aside).
fn script_of(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{0E00}'..='\u{0E7F}' => "Thai",
        '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}' => "Hangul",
        '\u{0400}'..='\u{04FF}' => "Cyrillic",
        '\u{0600}'..='\u{06FF}' => "Arabic",
        '\u{0590}'..='\u{05FF}' => "Hebrew",
        '\u{0900}'..='\u{097F}' => "Devanagari",
        '\u{0370}'..='\u{03FF}' => "Greek",
        _ => return None,
    })
}

/// False when no character of `text` (as UTF-8 bytes) can be one [`script_of`] names: none
/// starts with a lead byte of U+0340..U+1FFF (`CD`..`E1`) or U+A000..U+DFFF (`EA`..`ED`), and
/// none is in U+3100..U+31BF (`E3 84`..`E3 86`). Those bytes are never continuation bytes
/// (`80`..`BF`), so every byte is looked at, a chunk at a time, without decoding.
fn may_hold_script(bytes: &[u8]) -> bool {
    let lead = |x: u8| (x.wrapping_sub(0xCD) <= 0xE1 - 0xCD) | (x.wrapping_sub(0xEA) <= 3);
    let bopomofo = |a: u8, b: u8| (a == 0xE3) & (b.wrapping_sub(0x84) <= 2);
    chunks_any(bytes, |chunk, next| {
        chunk.iter().fold(false, |hit, &x| hit | lead(x))
            | chunk
                .iter()
                .zip(next)
                .fold(false, |hit, (&a, &b)| hit | bopomofo(a, b))
    })
}

/// Whether `test(chunk, next)` holds for a chunk of `bytes`, where `next` is the chunk moved
/// on by one byte (so a pair across two chunks is seen). The test runs over a whole chunk
/// without stopping, which lets the compiler run it on vectors.
fn chunks_any(bytes: &[u8], test: impl Fn(&[u8], &[u8]) -> bool) -> bool {
    const CHUNK: usize = 64;
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + CHUNK).min(bytes.len());
        if test(&bytes[i..end], &bytes[i + 1..(end + 1).min(bytes.len())]) {
            return true;
        }
        i = end;
    }
    false
}

/// Combining marks shared by several scripts (Cyrillic and Greek accents): they extend
/// whatever run they follow.
fn is_generic_combining(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Hiragana, katakana, CJK unified ideographs (with extension A) and CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3000}'..='\u{303F}'
            | '\u{3040}'..='\u{309F}'
            | '\u{30A0}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
    )
}

/// A run being built by [`script_runs`].
struct OpenRun {
    script: &'static str,
    start: usize,
    end: usize,
    letters: usize,
}

/// Runs of the non-Latin scripts (rule a).
fn script_runs(text: &str) -> Vec<ForeignRun> {
    let mut out = Vec::new();
    let mut open: Option<OpenRun> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        if let Some(script) = script_of(c) {
            let letter = usize::from(c.is_alphabetic());
            match open.as_mut() {
                Some(run) if run.script == script => {
                    run.end = end;
                    run.letters += letter;
                }
                _ => {
                    close(text, open.take(), &mut out);
                    open = Some(OpenRun {
                        script,
                        start: i,
                        end,
                        letters: letter,
                    });
                }
            }
            continue;
        }
        if let Some(run) = open.as_mut() {
            if is_generic_combining(c) {
                run.end = end;
                continue;
            }
            // ZWNJ/ZWJ inside an Arabic or Devanagari word belong to it.
            let joins = matches!(c, '\u{200C}' | '\u{200D}')
                && chars.peek().and_then(|&(_, n)| script_of(n)) == Some(run.script);
            if joins {
                run.end = end;
                continue;
            }
        }
        close(text, open.take(), &mut out);
    }
    close(text, open.take(), &mut out);
    out
}

/// Ends a run: keeps it unless it is Greek with fewer than two letters.
fn close(text: &str, run: Option<OpenRun>, out: &mut Vec<ForeignRun>) {
    let Some(run) = run else { return };
    if run.script == "Greek" && run.letters < 2 {
        return;
    }
    if let Some(slice) = text.get(run.start..run.end) {
        out.push(ForeignRun {
            start: run.start,
            end: run.end,
            script: run.script,
            text: slice.to_string(),
        });
    }
}

/// English function words between CJK characters (rule b).
fn english_runs(text: &str) -> Vec<ForeignRun> {
    // The function words among the maximal runs of ASCII letters and digits: (start, end).
    // (ASCII bytes are whole characters in UTF-8, so the runs are found on bytes.) Other
    // words are not kept: two function words one space apart have no word between them.
    let bytes = text.as_bytes();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let word = &bytes[start..i];
        let function = (2..=5).contains(&word.len())
            && FUNCTION_WORDS
                .iter()
                .any(|w| w.as_bytes().eq_ignore_ascii_case(word));
        if function {
            words.push((start, i));
        }
    }

    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let (start, mut end) = words[k];
        k += 1;
        // Function words in a row, one space apart, form one run.
        while k < words.len() && &text[end..words[k].0] == " " {
            end = words[k].1;
            k += 1;
        }
        if cjk_before(text, start) && cjk_after(text, end) {
            out.push(ForeignRun {
                start,
                end,
                script: "English",
                text: text[start..end].to_string(),
            });
        }
    }
    out
}

/// A space that may separate a function word from its CJK neighbour.
fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}')
}

/// True when the character before `at`, skipping at most one space, is CJK.
fn cjk_before(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        Some(c) if is_gap(c) => before.next().is_some_and(is_cjk),
        Some(c) => is_cjk(c),
        None => false,
    }
}

/// True when the character at `at`, skipping at most one space, is CJK.
fn cjk_after(text: &str, at: usize) -> bool {
    let mut after = text[at..].chars();
    match after.next() {
        Some(c) if is_gap(c) => after.next().is_some_and(is_cjk),
        Some(c) => is_cjk(c),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_two_to_five_letters() {
        // `english_runs` compares only words of these lengths.
        assert!(FUNCTION_WORDS.iter().all(|w| (2..=5).contains(&w.len())));
    }

    /// The byte test passes no character whose script is reported, and stops at none of the
    /// kana, ideographs and CJK punctuation of Japanese text.
    #[test]
    fn may_hold_script_misses_no_script_character() {
        for c in (0..0x11000u32).filter_map(char::from_u32) {
            let text = format!("全{c}");
            if script_of(c).is_some() {
                assert!(may_hold_script(text.as_bytes()), "{c:?}");
            }
        }
        assert!(!may_hold_script(
            "特定個人情報ファイル、。「」（）".as_bytes()
        ));
        // A pair split between two chunks: `E3` last in the first, `84` first in the next.
        let mut text = "a".repeat(63);
        text.push('\u{3105}');
        assert!(may_hold_script(text.as_bytes()));
        assert!(!may_hold_script("a".repeat(200).as_bytes()));
    }

    fn found(text: &str) -> Vec<(&'static str, String)> {
        foreign_runs(text)
            .into_iter()
            .map(|r| (r.script, r.text))
            .collect()
    }

    fn one(script: &'static str, text: &str) -> Vec<(&'static str, String)> {
        vec![(script, text.to_string())]
    }

    #[test]
    fn thai_inside_japanese() {
        let text = "入手した特定個人情報ที่ไม่正確であるリスク";
        let runs = foreign_runs(text);
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run.script, "Thai");
        assert_eq!(run.text, "ที่ไม่");
        assert_eq!(&text[run.start..run.end], "ที่ไม่");
        assert_eq!(run.start, "入手した特定個人情報".len());
    }

    #[test]
    fn each_script_is_reported_wherever_it_occurs() {
        assert_eq!(found("情報안녕하세요です"), one("Hangul", "안녕하세요"));
        assert_eq!(found("ㄱㄴ"), one("Hangul", "ㄱㄴ"));
        assert_eq!(
            found("x\u{1100}\u{1161}x"),
            one("Hangul", "\u{1100}\u{1161}")
        );
        assert_eq!(found("情報Приветです"), one("Cyrillic", "Привет"));
        assert_eq!(found("ABCмирDEF"), one("Cyrillic", "мир"));
        assert_eq!(found("情報مرحباです"), one("Arabic", "مرحبا"));
        assert_eq!(found("情報שָׁלוֹםです"), one("Hebrew", "שָׁלוֹם"));
        assert_eq!(found("情報नमस्तेです"), one("Devanagari", "नमस्ते"));
        assert_eq!(found("б"), one("Cyrillic", "б"));
        assert_eq!(found("ก"), one("Thai", "ก"));
    }

    #[test]
    fn combining_marks_belong_to_the_run() {
        // Cyrillic и + combining breve.
        assert_eq!(found("情報и\u{0306}です"), one("Cyrillic", "и\u{0306}"));
        // Devanagari with a zero-width joiner inside the word.
        assert_eq!(found("情報क्\u{200D}षです"), one("Devanagari", "क्\u{200D}ष"));
        // A combining mark with no run before it is not reported.
        assert!(found("情報\u{0306}です").is_empty());
        // A trailing joiner is not part of the run.
        assert_eq!(found("ก\u{200D}です"), one("Thai", "ก"));
    }

    #[test]
    fn different_scripts_make_separate_runs() {
        assert_eq!(
            found("ก안б"),
            vec![
                ("Thai", "ก".to_string()),
                ("Hangul", "안".to_string()),
                ("Cyrillic", "б".to_string()),
            ]
        );
        assert_eq!(
            found("мир мир"),
            vec![
                ("Cyrillic", "мир".to_string()),
                ("Cyrillic", "мир".to_string())
            ]
        );
    }

    #[test]
    fn greek_needs_two_letters() {
        assert!(found("α線とβ線").is_empty());
        assert!(found("10μm").is_empty());
        assert!(found("Ωと抵抗").is_empty());
        assert!(found("α β").is_empty());
        assert_eq!(found("情報αβγです"), one("Greek", "αβγ"));
        assert_eq!(found("λόγος"), one("Greek", "λόγος"));
        // The Greek question mark is not a letter.
        assert!(found("α\u{037E}").is_empty());
    }

    #[test]
    fn english_function_word_between_cjk() {
        let text = "入手した特定個人情報 that 不正確であるリスク";
        let runs = foreign_runs(text);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].script, "English");
        assert_eq!(runs[0].text, "that");
        assert_eq!(&text[runs[0].start..runs[0].end], "that");
        for word in [
            "that", "the", "which", "not", "of", "and", "is", "are", "with", "for", "to", "THE",
            "That",
        ] {
            assert_eq!(
                found(&format!("情報{word}です")),
                one("English", word),
                "{word}"
            );
            assert_eq!(
                found(&format!("情報 {word} です")),
                one("English", word),
                "{word}"
            );
            assert_eq!(
                found(&format!("情報 {word}。")),
                one("English", word),
                "{word}"
            );
        }
        assert_eq!(found("システム and サービス"), one("English", "and"));
        assert_eq!(found("「the」"), one("English", "the"));
    }

    #[test]
    fn english_needs_cjk_on_both_sides() {
        for text in [
            "that 不正確",
            "情報 that",
            "情報  that 不正確",
            "情報 that  不正確",
            "情報 (that) 不正確",
            "The system is not ready",
            "情報 Windows that 不正確",
            "情報 that Windows",
            "情報 there 不正確",
            "情報 tothe 不正確",
            "情報 the2 不正確",
            "情報\nthe\n不正確",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn consecutive_function_words_form_one_run() {
        assert_eq!(
            found("情報 which is not 正確"),
            one("English", "which is not")
        );
        assert_eq!(found("一覧 of the 情報"), one("English", "of the"));
        // Two spaces break the sequence, and then neither word has CJK on both sides.
        assert!(found("情報 that  is 正確").is_empty());
        // A non-function word in between: nothing.
        assert!(found("情報 and Linux and 正確").is_empty());
    }

    #[test]
    fn ordinary_latin_words_are_not_reported() {
        for text in [
            "PCの操作",
            "ICカードによる認証",
            "e-ラーニングを実施する",
            "LGWAN接続端末",
            "Windows端末",
            "ISO/IEC27001等に準拠",
            "NIST 800-88、ISO/IEC27001等",
            "セキュリティ制度 (ISMAP) のリスト",
            "情報 IT 部門",
            "作業者には ID を発効する",
            "",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn mixed_findings_are_in_order() {
        let text = "情報 the 確認확인ที่ไม่正確 of 情報αβ";
        let runs = foreign_runs(text);
        let scripts: Vec<&str> = runs.iter().map(|r| r.script).collect();
        assert_eq!(scripts, ["English", "Hangul", "Thai", "English", "Greek"]);
        for r in &runs {
            assert_eq!(&text[r.start..r.end], r.text);
        }
    }

    fn xorshift(state: &mut u64) -> u64 {
        let mut x = *state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *state = x;
        x
    }

    /// Pseudo-random bytes: raw bytes mixed with (possibly truncated) encodings of characters
    /// the rules care about, decoded lossily.
    fn random_text(state: &mut u64) -> String {
        const PALETTE: &[&str] = &[
            "ที่",
            "ไม่",
            "안",
            "ㄱ",
            "б",
            "и\u{0306}",
            "م",
            "ש",
            "न",
            "्",
            "\u{200D}",
            "\u{200C}",
            "α",
            "β",
            ";",
            "\u{0301}",
            "the",
            "that",
            "is",
            "Windows",
            "PC",
            " ",
            "  ",
            "\n",
            "情",
            "報",
            "ア",
            "あ",
            "。",
            "「",
            "-",
            "e",
        ];
        let len = (xorshift(state) % 40) as usize;
        let mut bytes = Vec::with_capacity(len * 4);
        for _ in 0..len {
            let r = xorshift(state);
            if r.is_multiple_of(3) {
                bytes.push((r >> 8) as u8);
            } else {
                let piece = PALETTE[((r >> 8) as usize) % PALETTE.len()].as_bytes();
                let cut = if r.is_multiple_of(13) {
                    ((r >> 32) as usize) % piece.len().max(1)
                } else {
                    piece.len()
                };
                bytes.extend_from_slice(&piece[..cut]);
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn no_panic_and_consistent_ranges_on_random_input() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut reported = 0usize;
        for _ in 0..5000 {
            let s = random_text(&mut state);
            let runs = foreign_runs(&s);
            let mut last_end = 0;
            for r in &runs {
                assert!(r.start < r.end, "{s:?}: {r:?}");
                assert!(r.start >= last_end, "overlap in {s:?}: {runs:?}");
                assert_eq!(s.get(r.start..r.end), Some(r.text.as_str()), "{s:?}");
                last_end = r.end;
            }
            reported += runs.len();
        }
        assert!(reported > 0);
    }
}
