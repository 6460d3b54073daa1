//! The rendering harness: every corpus document and every PDF fixture's source text,
//! re-rendered as other converters lay a 評価書 out, must read the same — or say it cannot.
//!
//! Classes (the layouts real conversions produce):
//!
//! | class | what the rendering does |
//! |---|---|
//! | 0 `page_text` | the page text itself (the starting point of every class) |
//! | 1 `cells` | one cell per line, a row's label lines before its value lines |
//! | 2 `one_line` | the whole document on one line, cells separated by single spaces |
//! | 3 `letter_spaced` | a space around every kanji, kana runs kept together |
//! | 4 `punct_stripped` | `、` and `。` removed, spaces around digits and brackets |
//! | 5 `glued` | a row's cells glued together without separator |
//! | 6 `label_blocks` | the labels of three rows, then their three values |
//! | 7 `furniture` | page counters, repeated page titles, a site title and a banner |
//! | 8 `cover_order` | the cover's fields in another order |
//! | 10 `pdftotext_layout`, `pdftotext_plain` | poppler's text of each PDF fixture |
//!
//! Every class starts from the page text (HTML fragments shown as a page shows them: tags
//! dropped, check boxes as `■`/`□`). For each rendering, each cover field and each choice,
//! check-box and count item is *equal* to the value read from the original, *non-ok*
//! (missing, ambiguous, invalid), or *different* — a different `ok` value, the one failure
//! hyoka promises never to make. The test prints the table per class.
//!
//! A rendering can carry no check box at all: Chromium draws the PDF fixtures' boxes
//! (`*_chrome.pdf`) as CSS graphics, so poppler's text of them has no box glyph and no bracketed
//! mark, and no reader could say which box is checked. A check-box item of a rendering with no
//! check-box mark anywhere in its text (`has_box_mark`: none of `□ ■ ☐ ☑ ☒ ○ 〇 ◯ ● ✓ ✔` and no
//! bracket holding only spaces or one mark, `[ ]`, `[ ○ ]`) is *not in the text*: it still
//! counts as non-ok when it is not read (equal when read equal, different when read
//! otherwise), and the table gives its count in a fourth column and the share of equal items
//! over the items the text carries.

use std::collections::BTreeMap;
use std::path::PathBuf;

use hyoka::{parse_bytes, Document, ItemType, Options, Status};

use crate::common::*;

/// HTML fragments as a page shows them.
pub fn page_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(end) = tail.find('>') else {
            out.push_str(tail);
            rest = "";
            break;
        };
        let tag = &tail[..=end];
        let lower = tag.to_ascii_lowercase();
        let is_tag = lower
            .as_bytes()
            .get(1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/');
        if !is_tag {
            // `<選択肢>` and the like are text.
            out.push_str(tag);
        } else if lower.starts_with("<input") && lower.contains("radio") {
            // The converter wrote a printed `[ ○ ]` as a radio input (003:L195).
            out.push('○');
        } else if lower.starts_with("<input") {
            out.push(if lower.contains("checked") {
                '■'
            } else {
                '□'
            });
        } else if lower.starts_with("<br") || lower.starts_with("<p") || lower.starts_with("</p") {
            out.push(' ');
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The cells of a line: tab-separated, or a markdown table row.
fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    if t.starts_with('|') && t.ends_with('|') && t.len() > 1 {
        if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            return Vec::new();
        }
        return t[1..t.len() - 1]
            .split('|')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
    }
    line.split('\t')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

/// The rendering classes.
pub const CLASSES: [&str; 9] = [
    "page_text",
    "cells",
    "one_line",
    "letter_spaced",
    "punct_stripped",
    "glued",
    "label_blocks",
    "furniture",
    "cover_order",
];

/// Renders a page text as class `class`.
pub fn render(class: &str, text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    match class {
        "page_text" => text.to_string(),
        "cells" => lines
            .iter()
            .flat_map(|l| cells(l))
            .collect::<Vec<_>>()
            .join("\n"),
        "one_line" => lines
            .iter()
            .flat_map(|l| cells(l))
            .collect::<Vec<_>>()
            .join(" "),
        "letter_spaced" => text
            .lines()
            .map(|l| {
                let mut s = String::new();
                for c in cells(l).join("\t").chars() {
                    if is_han(c) {
                        if !s.ends_with([' ', '\t']) && !s.is_empty() {
                            s.push(' ');
                        }
                        s.push(c);
                        s.push(' ');
                    } else {
                        s.push(c);
                    }
                }
                s.trim_end().to_string()
            })
            .collect::<Vec<_>>()
            .join("\n"),
        "punct_stripped" => text
            .lines()
            .map(|l| {
                let mut s = String::new();
                let mut prev_digit = false;
                for c in cells(l).join("\t").chars() {
                    let digit = c.is_ascii_digit();
                    if c == '、' || c == '。' {
                        continue;
                    }
                    if digit && !prev_digit && !s.ends_with([' ', '\t']) && !s.is_empty() {
                        s.push(' ');
                    }
                    if !digit && prev_digit && c != ' ' && c != '\t' {
                        s.push(' ');
                    }
                    if matches!(c, '(' | '[' | '（' | '［') {
                        s.push(c);
                        s.push(' ');
                    } else {
                        s.push(c);
                    }
                    prev_digit = digit;
                }
                s
            })
            .collect::<Vec<_>>()
            .join("\n"),
        "glued" => lines
            .iter()
            .map(|l| cells(l).concat())
            .collect::<Vec<_>>()
            .join("\n"),
        "label_blocks" => {
            let mut out = Vec::new();
            let rows: Vec<Vec<String>> = lines.iter().map(|l| cells(l)).collect();
            let mut i = 0;
            while i < rows.len() {
                if rows[i].len() == 2 {
                    let mut j = i;
                    while j < rows.len() && j < i + 3 && rows[j].len() == 2 {
                        j += 1;
                    }
                    let labels: Vec<&str> = rows[i..j].iter().map(|r| r[0].as_str()).collect();
                    let values: Vec<&str> = rows[i..j].iter().map(|r| r[1].as_str()).collect();
                    out.push(labels.join(" "));
                    out.push(values.join(" "));
                    i = j;
                } else {
                    out.push(rows[i].join("\t"));
                    i += 1;
                }
            }
            out.join("\n")
        }
        "furniture" => {
            let pages = lines.len().div_ceil(40).max(1);
            let mut out = vec![
                "特定個人情報保護評価書 - 公開資料アーカイブ".to_string(),
                "このページはPDFから変換したテキストです。".to_string(),
            ];
            for (n, chunk) in lines.chunks(40).enumerate() {
                out.push(format!("{} / {} ページ", n + 1, pages));
                out.extend(chunk.iter().map(|s| s.to_string()));
                out.push(format!("{}/{}", n + 1, pages));
            }
            out.join("\n")
        }
        "cover_order" => {
            // The cover's fields (評価実施機関名, 公表日 and their values) before the title.
            let mut cover: Vec<String> = Vec::new();
            let mut rest: Vec<String> = Vec::new();
            let mut take_next = 0;
            for l in &lines {
                let t = l.trim();
                if take_next > 0 && !t.is_empty() {
                    cover.push(t.to_string());
                    take_next -= 1;
                    continue;
                }
                if t.starts_with("評価実施機関名") || t.starts_with("公表日") {
                    cover.push(t.to_string());
                    if cells(t).len() == 1 {
                        take_next = 1;
                    }
                    continue;
                }
                rest.push(l.to_string());
            }
            cover.extend(rest);
            cover.join("\n")
        }
        other => panic!("unknown class {other}"),
    }
}

/// The compared fields of a document: cover fields and every choice, check-box and count item,
/// each with whether it was read, its value, and whether it is a check box.
fn fields(doc: &Document) -> BTreeMap<String, (bool, String, bool)> {
    let mut m = BTreeMap::new();
    let h = &doc.header;
    for (k, v) in [
        ("header.number", h.number.clone()),
        ("header.title", h.title.clone()),
        ("header.organization", h.organization.raw.clone()),
        ("header.published", h.published.date.clone()),
    ] {
        m.insert(k.to_string(), (v.is_some(), v.unwrap_or_default(), false));
    }
    for i in &doc.items {
        if !matches!(
            i.kind,
            ItemType::Choice | ItemType::Checkbox | ItemType::CheckboxSet | ItemType::Count
        ) {
            continue;
        }
        let key = match &i.group {
            Some(g) => format!("{}#{}", i.id, g.index),
            None => i.id.clone(),
        };
        let ok = matches!(i.status, Status::Ok | Status::Inferred);
        let boxed = matches!(i.kind, ItemType::Checkbox | ItemType::CheckboxSet);
        match &i.value {
            // Each option of a set is compared on its own: a state not read is non-ok.
            hyoka::Value::CheckboxSet(opts) => {
                for o in opts {
                    let state = o.checked.map(|c| c.to_string()).unwrap_or_default();
                    m.insert(
                        format!("{key}.{}", o.option),
                        (ok && o.checked.is_some(), state, true),
                    );
                }
            }
            v => {
                m.insert(key, (ok, format!("{v:?}"), boxed));
            }
        }
    }
    m
}

/// Equal / non-ok / different counts, split into header fields and items, and the non-ok
/// check-box items of renderings that carry no check box (`boxes_absent`, counted in
/// `items[1]` too).
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    header: [u32; 3],
    items: [u32; 3],
    boxes_absent: u32,
}

/// Whether a rendering shows any check box: a box glyph, or a bracket holding only spaces or
/// one mark (`[ ]`, `[ ○ ]`, `［○］`).
fn has_box_mark(text: &str) -> bool {
    const MARKS: [char; 12] = ['□', '■', '☐', '☑', '☒', '○', '〇', '◯', '●', '✓', '✔', 'O'];
    if text.chars().any(|c| MARKS[..11].contains(&c)) {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if c != '[' && c != '［' {
            return false;
        }
        let inner: String = chars[i + 1..]
            .iter()
            .take_while(|&&d| d != ']' && d != '］' && d != '\n')
            .filter(|d| !d.is_whitespace())
            .collect();
        let closed = chars[i + 1..]
            .iter()
            .find(|&&d| d == ']' || d == '］' || d == '\n')
            .is_some_and(|&d| d != '\n');
        closed && inner.chars().count() <= 1 && inner.chars().all(|d| MARKS.contains(&d))
    })
}

fn tally(
    original: &Document,
    rendered: &Document,
    boxes_shown: bool,
    t: &mut Tally,
    wrong: &mut Vec<String>,
) -> Vec<String> {
    let (a, b) = (fields(original), fields(rendered));
    let mut non_ok = Vec::new();
    for (k, (ok_a, va, boxed)) in &a {
        if !ok_a {
            continue; // nothing to compare: the original has no value either
        }
        let slot = match b.get(k) {
            Some((true, vb, _)) if vb == va => 0,
            Some((true, vb, _)) => {
                wrong.push(format!("{k}: {va} → {vb}"));
                2
            }
            _ if *boxed && !boxes_shown => {
                non_ok.push(format!("{k}: {va} (check box not in the text)"));
                t.boxes_absent += 1;
                1
            }
            _ => {
                non_ok.push(format!("{k}: {va}"));
                1
            }
        };
        if k.starts_with("header.") {
            t.header[slot] += 1;
        } else {
            t.items[slot] += 1;
        }
    }
    non_ok
}

fn sources() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|n| {
            let text = String::from_utf8(corpus_bytes(n)).unwrap();
            (n.to_string(), text)
        })
        .collect();
    for f in ["kiso_fixture.tsv", "zenkomoku_fixture.tsv"] {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/pdf")
            .join(f);
        out.push((f.to_string(), std::fs::read_to_string(p).unwrap()));
    }
    out
}

fn parse_text(text: &str, name: &str) -> Option<Document> {
    parse_bytes(text.as_bytes(), name, &Options::default()).ok()
}

/// pdftotext's text of a PDF fixture, if poppler is installed.
fn pdftotext(pdf: &str, layout: bool) -> Option<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pdf")
        .join(pdf);
    let mut cmd = std::process::Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd.arg(&p).arg("-").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn page_text_shows_check_boxes_as_a_page_does() {
    assert_eq!(
        page_text("[<input checked=\"\" type=\"checkbox\"/>] 自己点検 [<input type=\"checkbox\"/>] 外部監査"),
        "[■] 自己点検 [□] 外部監査"
    );
    assert_eq!(
        page_text("&lt;選択肢&gt;<br>1) 行っている"),
        "<選択肢> 1) 行っている"
    );
    assert_eq!(
        render("glued", "評価実施機関名\t山口県防府市長"),
        "評価実施機関名山口県防府市長"
    );
    assert_eq!(
        render("letter_spaced", "令和7年12月26日"),
        "令 和 7 年 12 月 26 日"
    );
    assert_eq!(
        render("punct_stripped", "(別添1)事務の内容、"),
        "( 別添 1 )事務の内容"
    );
}

/// A label-block page prints a block's title at the end of the row of labels before it
/// (`⑧再委託の許諾方法 ⑨再委託事項 委託事項2`) or before the labels of its first row
/// (`移転先8 ①法令上の根拠 …`): the block's answers stay in that block.
#[test]
fn label_block_titles_beside_labels_open_their_blocks() {
    let text = render(
        "label_blocks",
        &page_text(&String::from_utf8(corpus_bytes("001")).unwrap()),
    );
    let doc = parse_text(&text, "001-label-blocks.txt").expect("parsed");
    let at = |id: &str, group: &str, n: u32| {
        let it = grouped_in(&doc, id, group, n);
        (it.status, choice_of(it).map(|(_, t)| t))
    };
    // 001:L346 and L349 (委託事項2).
    assert_eq!(
        at("outsourcing.subjects_count", "委託事項", 2),
        (Status::Ok, Some("1万人以上10万人未満".into()))
    );
    assert_eq!(
        at("outsourcing.handlers_count", "委託事項", 2),
        (Status::Ok, Some("10人以上50人未満".into()))
    );
    // 001:L488 (移転先8), after the title that opens the row of its first labels.
    assert_eq!(
        at("transfer_dest.subjects_count", "移転先", 8),
        (Status::Ok, Some("10万人以上100万人未満".into()))
    );
    // No block answer was read into the wrong block: every one the two readings placed
    // differently is reported, not kept.
    assert!(!doc
        .diagnostics
        .iter()
        .any(|d| d.code == "read.readings_disagree" && d.message.contains("different blocks")));
}

#[test]
fn every_rendering_reads_the_same_or_says_it_cannot() {
    let mut table: BTreeMap<String, Tally> = BTreeMap::new();
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, text) in sources() {
        let Some(original) = parse_text(&text, &name) else {
            panic!("{name} parses")
        };
        let page = page_text(&text);
        for class in CLASSES {
            let rendered = render(class, &page);
            dump(class, &name, &rendered);
            let t = table.entry(class.to_string()).or_default();
            let w = wrong.entry(class.to_string()).or_default();
            let shown = has_box_mark(&rendered);
            let non_ok = match parse_text(&rendered, &name) {
                Some(doc) => tally(&original, &doc, shown, t, w),
                None => tally(&original, &empty_like(&original), shown, t, w),
            };
            dump(class, &format!("{name}.non_ok"), &non_ok.join("\n"));
        }
    }
    // Class 10: poppler's text of the PDF fixtures against their source texts.
    for (pdf, tsv) in [
        ("kiso_fixture_lo.pdf", "kiso_fixture.tsv"),
        ("kiso_fixture_chrome.pdf", "kiso_fixture.tsv"),
        ("zenkomoku_fixture_lo.pdf", "zenkomoku_fixture.tsv"),
        ("zenkomoku_fixture_chrome.pdf", "zenkomoku_fixture.tsv"),
    ] {
        let src = sources().into_iter().find(|(n, _)| n == tsv).unwrap().1;
        let original = parse_text(&src, tsv).unwrap();
        for (class, layout) in [("pdftotext_layout", true), ("pdftotext_plain", false)] {
            let Some(text) = pdftotext(pdf, layout) else {
                eprintln!("pdftotext not installed: class {class} skipped");
                continue;
            };
            dump(class, pdf, &text);
            let t = table.entry(class.to_string()).or_default();
            let w = wrong.entry(class.to_string()).or_default();
            let shown = has_box_mark(&text);
            let non_ok = match parse_text(&text, &format!("{pdf}.txt")) {
                Some(doc) => tally(&original, &doc, shown, t, w),
                None => tally(&original, &empty_like(&original), shown, t, w),
            };
            dump(class, &format!("{pdf}.non_ok"), &non_ok.join("\n"));
        }
    }
    eprintln!(
        "\n| class | header equal / non-ok / different | items equal / non-ok / different | \
         check boxes not in the text | items equal of those the text carries |"
    );
    eprintln!("|---|---|---|---|---|");
    for (class, t) in &table {
        let carried = t.items.iter().sum::<u32>() - t.boxes_absent;
        eprintln!(
            "| {class} | {} / {} / {} | {} / {} / {} | {} | {} / {carried} ({:.1} %) |",
            t.header[0],
            t.header[1],
            t.header[2],
            t.items[0],
            t.items[1],
            t.items[2],
            t.boxes_absent,
            t.items[0],
            100.0 * f64::from(t.items[0]) / f64::from(carried.max(1))
        );
    }
    for (class, w) in &wrong {
        for line in w.iter().take(8) {
            eprintln!("different in {class}: {line}");
        }
    }
    // No rendering may give a different ok value: the one failure hyoka promises never to
    // make.
    for (class, t) in &table {
        assert_eq!(
            t.header[2] + t.items[2],
            0,
            "class {class}: different ok values: {:?}",
            wrong[class]
        );
    }
    // Regression floors of equal fields per class (header, items), measured on 2026-12-02;
    // the goal is ≥ 98 % of header fields and ≥ 97 % of items everywhere. A floor may only go
    // up.
    for (class, header, items) in FLOORS {
        let Some(t) = table.get(class) else { continue };
        assert!(
            t.header[0] >= header && t.items[0] >= items,
            "class {class}: {} header fields and {} items equal, floor {header} and {items}",
            t.header[0],
            t.items[0]
        );
    }
}

/// Equal header fields and items per class on 2026-12-02 (of 24 and 440 for the text classes,
/// 16 and 98 for poppler's text of the PDF fixtures, 17 of whose check-box items are not in the
/// text of the Chromium PDFs).
const FLOORS: [(&str, u32, u32); 11] = [
    ("page_text", 24, 440),
    ("cells", 24, 440),
    ("one_line", 24, 433),
    ("letter_spaced", 24, 440),
    ("punct_stripped", 24, 440),
    ("glued", 24, 437),
    ("label_blocks", 24, 432),
    ("furniture", 24, 440),
    ("cover_order", 24, 440),
    ("pdftotext_layout", 16, 81),
    ("pdftotext_plain", 16, 74),
];

/// With `HYOKA_HARNESS_DUMP=<dir>`, writes each rendering to `<dir>/<class>/<source>.txt`, to
/// read it with `hyoka parse`, and the fields it leaves non-ok (with the original's value) to
/// `<dir>/<class>/<source>.non_ok.txt`.
fn dump(class: &str, name: &str, text: &str) {
    if let Some(dir) = std::env::var_os("HYOKA_HARNESS_DUMP") {
        let dir = PathBuf::from(dir).join(class);
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.txt")), text);
    }
}

/// A document with nothing read, for a rendering that does not parse at all.
fn empty_like(original: &Document) -> Document {
    let mut d = original.clone();
    d.header = Default::default();
    d.items.iter_mut().for_each(|i| i.status = Status::Missing);
    d
}

/// Plain `pdftotext` of the 全項目 PDF fixture prints two selections of the same list away
/// from their labels, one in the file's II.2 and one in 委託事項1 (tests/data/pdf/
/// zenkomoku_fixture.tsv L15 and L21, both `[1万人未満]`): two values for the two items of that
/// list that the document has, all the same, so each is paired; the 提供先 and 移転先 items of
/// that list have no block in the document and take none. 委託事項1's ② (L20) is the only
/// value of its list left and is read into that block.
#[test]
fn stranded_values_pair_with_the_blocks_a_document_has() {
    let Some(text) = pdftotext("zenkomoku_fixture_lo.pdf", false) else {
        eprintln!("pdftotext not installed: skipped");
        return;
    };
    let doc = parse_text(&text, "zenkomoku_fixture_lo.txt").expect("parsed");
    let subjects = item(&doc, "file.subjects_count");
    assert_eq!(
        choice_of(subjects).map(|(_, t)| t).as_deref(),
        Some("1万人未満")
    );
    assert_eq!(subjects.status, Status::Inferred);
    let scope = grouped_in(&doc, "outsourcing.file_scope", "委託事項", 1);
    assert_eq!(
        choice_of(scope).map(|(_, t)| t).as_deref(),
        Some("特定個人情報ファイルの一部")
    );
    let counted = grouped_in(&doc, "outsourcing.subjects_count", "委託事項", 1);
    assert_eq!(
        choice_of(counted).map(|(_, t)| t).as_deref(),
        Some("1万人未満")
    );
    // `( 1 ) 件` (L17) is printed on a row of its own after 委託事項1's first rows: the only
    // count on its own row before the next heading, and 委託の有無 has no other.
    let count = item(&doc, "outsourcing.count");
    assert_eq!(count.value, hyoka::Value::Count(1));
    assert_eq!(count.status, Status::Inferred);
}

/// Chromium draws the check boxes of `kiso_fixture_chrome.pdf` as graphics: poppler's layout
/// text of its 9. 監査 row (tests/data/pdf/kiso_fixture.tsv L63, `[ ]自己点検 [ ○ ]内部監査
/// [ ○ ]外部監査`) is `実施の有無  自己点検  内部監査  外部監査`, no box left; LibreOffice's
/// PDF prints the boxes as glyphs and brackets.
#[test]
fn a_rendering_without_any_box_mark_carries_no_check_box() {
    assert!(!has_box_mark(
        "9. 監査\n実施の有無                    自己点検     内部監査   外部監査"
    ));
    assert!(has_box_mark(
        "実施の有無                  [ ]自己点検 [ ○ ]内部監査 [ ○ ]外部監査"
    ));
    assert!(has_box_mark("[ ]自己点検"));
    assert!(has_box_mark("[■] 自己点検 [□] 外部監査"));
    // A selection is no box.
    assert!(!has_box_mark(
        "[ 十分である ] <選択肢> 1) 特に力を入れている"
    ));
    if let Some(text) = pdftotext("kiso_fixture_chrome.pdf", true) {
        assert!(!has_box_mark(&text));
    }
    if let Some(text) = pdftotext("kiso_fixture_lo.pdf", false) {
        assert!(has_box_mark(&text));
    }
}

/// corpus/002 on one line: the scrambled 基礎 document's answers printed away from their labels
/// share one row with other text. Eight `十分である` (L342, L369-L381) for the eight items with
/// that list in IV.2-IV.7, all the same; `十分に行っている` (L309) the only value of IV.9's list;
/// `基礎項目評価書` (L386) the only one of IV.1's; `1,000人以上1万人未満` (L207) before a `]`
/// without its `[`, the only one of II.1's.
#[test]
fn stranded_words_of_a_document_on_one_line_pair_when_certain() {
    let text = render(
        "one_line",
        &page_text(&String::from_utf8(corpus_bytes("002")).unwrap()),
    );
    let doc = parse_text(&text, "002-one-line.txt").expect("parsed");
    let read = |id: &str| {
        let it = item(&doc, id);
        (it.status, choice_of(it).map(|(_, t)| t))
    };
    for id in crate::seed_002::RISK_SUFFICIENCY {
        assert_eq!(
            read(id),
            (Status::Inferred, Some("十分である".into())),
            "{id}"
        );
    }
    assert_eq!(
        read("education"),
        (Status::Inferred, Some("十分に行っている".into()))
    );
    assert_eq!(
        read("assessment_kind"),
        (Status::Inferred, Some("基礎項目評価書".into()))
    );
    assert_eq!(
        read("threshold.population"),
        (Status::Inferred, Some("1,000人以上1万人未満".into()))
    );
}
