//! The cover page: 評価書番号, 評価書名, 評価実施機関名, 公表日.
//!
//! Values are read after their labels. Where the reading order is scrambled (values printed
//! before their labels), the cover region — the lines before the first section — is searched
//! for the one line of the expected shape (`3 国民健康保険に関する事務 基礎項目評価書`, a
//! single date, a name ending in `町長`), and a diagnostic says so.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::values::Read;
use super::Work;
use crate::catalog::{label_key, Role};
use crate::model::{Diagnostic, Header, Level, Organization, Status, Value};
use crate::normalize::date;
use crate::normalize::join_wrapped;
use crate::read::Stream;
use crate::segment::SourceText;

/// `3 国民健康保険に関する事務 基礎項目評価書`; the space may be lost with letter spacing
/// (`3国民…`).
static NUMBER_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,5})\s*([^\d\s].*評価書)$").expect("valid regex"));

const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// Offices that end an organization name, longest first.
const OFFICES: [&str; 12] = [
    "選挙管理委員会",
    "教育委員会",
    "公営企業管理者",
    "企業管理者",
    "広域連合長",
    "広域連合",
    "一部事務組合",
    "管理者",
    "委員会",
    "知事",
    "組合",
    "長",
];

/// Splits 評価実施機関名 into prefecture, municipality and office.
pub fn organization(raw: &str) -> Organization {
    let raw = raw.trim();
    let mut org = Organization {
        raw: Some(raw.to_string()),
        ..Organization::default()
    };
    let mut rest = raw;
    if let Some(p) = PREFECTURES.iter().find(|p| rest.starts_with(*p)) {
        org.prefecture = Some(p.to_string());
        rest = &rest[p.len()..];
    }
    let Some(office) = OFFICES.iter().find(|o| rest.ends_with(*o)) else {
        if !rest.is_empty() {
            org.municipality = Some(rest.to_string());
        }
        return org;
    };
    let mut name = &rest[..rest.len() - office.len()];
    let mut office = office.to_string();
    if office == "長" {
        // `防府市長` → 防府市 + 市長; `東京都知事` has no municipality.
        if let Some(c @ ('市' | '区' | '町' | '村')) = name.chars().next_back() {
            office = format!("{c}長");
        }
    }
    if name.is_empty() && org.prefecture.is_none() {
        name = "";
    }
    if !name.is_empty() {
        if name.ends_with(['市', '区', '町', '村']) {
            org.municipality = Some(name.to_string());
        } else {
            // e.g. `後期高齢者医療広域連合`: the whole is the office.
            office = format!("{name}{office}");
        }
    }
    org.office = Some(office);
    org
}

fn looks_like_organization(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 30
        && !t.contains(' ')
        && (t.ends_with("市長")
            || t.ends_with("町長")
            || t.ends_with("村長")
            || t.ends_with("区長")
            || t.ends_with("知事")
            || t.ends_with("委員会")
            || t.ends_with("広域連合")
            || t.ends_with("広域連合長")
            || t.ends_with("管理者"))
}

/// The cover region: rows before the first section heading (`I 関連情報`, `I 基本情報`).
fn cover_end(src: &SourceText) -> usize {
    src.rows
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|(_, c)| c.starts_with("I ") && !c.starts_with("II") || c == "I")
        })
        .unwrap_or(src.rows.len().min(60))
}

/// Reads the header with the catalog's header labels.
pub fn read(w: &mut Work) -> Header {
    let src = w.src;
    let end = cover_end(src);
    let label_of = |id: &str| {
        w.fv.entries
            .iter()
            .find(|e| e.id == id && e.role == Role::Header)
            .map(|e| e.keys[0].clone())
    };
    let keys = [
        label_of("header.number").unwrap_or_default(),
        label_of("header.title").unwrap_or_default(),
        label_of("header.organization").unwrap_or_default(),
        label_of("header.published").unwrap_or_default(),
    ];
    let mut used = std::mem::take(&mut w.used);
    let mut diags = Vec::new();
    let h = read_rows(src, end, &keys, &mut used, &mut diags);
    w.used = used;
    w.diags.extend(diags);
    declaration_before_label(w, end);
    h
}

/// Scrambled layouts print the 宣言 text before its label; it is the paragraph of the cover
/// page that ends in `宣言する。`.
fn declaration_before_label(w: &mut Work, end: usize) {
    let Some(e) = w.fv.entries.iter().position(|e| e.id == "declaration") else {
        return;
    };
    if w.filled[e].as_ref().is_some_and(|f| f.status == Status::Ok) {
        return;
    }
    let Some(last) = (0..end).find(|&i| !w.used[i] && w.text(i, "").ends_with("宣言する。"))
    else {
        return;
    };
    let mut first = last;
    while first > 0 && !w.src.rows[first - 1].blank && !w.used[first - 1] {
        first -= 1;
    }
    let lines: Vec<String> = (first..=last).map(|i| w.text(i, " ")).collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let text = join_wrapped(&refs);
    for i in first..=last {
        w.used[i] = true;
    }
    w.diags.retain(|d| {
        !(d.code == "text.no_value" && d.path.as_deref() == Some(w.fv.entries[e].path.as_str()))
    });
    let read = Read {
        value: Value::Text(text.clone()),
        status: Status::Inferred,
        note: Some((false, "header.declaration_before_label", "the 宣言 text is printed before its label; taken from the cover paragraph ending in 宣言する。".into())),
    };
    w.fill(e, first, read, &text);
}

/// Reads the header of a form without a catalog (same labels in every form).
pub fn read_without_catalog(
    src: &SourceText,
    used: &mut [bool],
    diags: &mut Vec<Diagnostic>,
) -> Header {
    let keys = [
        "評価書番号".to_string(),
        "評価書名".to_string(),
        "評価実施機関名".to_string(),
        "公表日".to_string(),
    ];
    let end = cover_end(src);
    read_rows(src, end, &keys, used, diags)
}

/// What an anchor of the cover stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// The label of a header field.
    Field(Field),
    /// The label of a free-text item of the cover (宣言, 特記事項, 承認日): its text is
    /// not a header value.
    Text,
    /// Printed text that is no label and takes no value: the form title, the 様式 stamp.
    Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Number,
    Title,
    Organization,
    Published,
}

/// The labels of the cover, the same in every form and edition (the catalogs' header
/// labels), longest first so a label inside a longer one is not found on its own.
const COVER_LABELS: &[(&str, Anchor)] = &[
    (
        "特定個人情報保護委員会承認日【行政機関等のみ】",
        Anchor::Text,
    ),
    ("個人情報保護委員会承認日【行政機関等のみ】", Anchor::Text),
    ("特定個人情報保護評価書(基礎項目評価書)", Anchor::Mark),
    ("特定個人情報保護評価書(重点項目評価書)", Anchor::Mark),
    ("特定個人情報保護評価書(全項目評価書)", Anchor::Mark),
    ("個人のプライバシー等の権利利益の保護の宣言", Anchor::Text),
    ("承認日【行政機関等のみ】", Anchor::Text),
    ("評価実施機関名", Anchor::Field(Field::Organization)),
    ("評価書番号", Anchor::Field(Field::Number)),
    ("評価書名", Anchor::Field(Field::Title)),
    ("特記事項", Anchor::Text),
    ("公表日", Anchor::Field(Field::Published)),
    ("項目一覧", Anchor::Mark),
];

/// The 様式 stamp in the stream, brackets and spaces possibly lost.
static STREAM_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[?(?:平成|令和)(?:\d{1,2}|元)年\d{1,2}月様式[234]\]?").expect("valid regex")
});

/// Page furniture that may fall inside the cover: `1/5`, `2 / 76 ページ`, `- 3 -`.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,4}\s*/\s*\d{1,4}(?:\s*ページ)?|-\s*\d{1,4}\s*-|\d{1,4}\s*ページ)$")
        .expect("valid regex")
});

/// Draft marks printed with the title.
const DRAFT_MARKS: [&str; 6] = ["(案)", "(素案)", "【案】", "【素案】", "(原案)", "<案>"];

/// The cover as one stream, cut before the first section.
fn cover_stream(src: &SourceText, end: usize) -> Stream {
    let end = end.max(1).min(src.rows.len());
    // Any section heading ends the cover (an excerpt may lack I).
    let end = (0..end)
        .find(|&i| {
            src.rows[i].first().is_some_and(|(_, c)| {
                let numeral = c.split(' ').next().unwrap_or("");
                c.contains(' ') && matches!(numeral, "I" | "II" | "III" | "IV" | "V" | "VI" | "VII")
            })
        })
        .unwrap_or(end);
    let texts: Vec<(usize, String)> = (0..end)
        .filter(|&i| !src.rows[i].is_empty())
        // Markdown marks inlined by a one-line rendering (`## 公表日`, `| 10 |`) are breaks.
        .map(|i| (i, src.rows[i].joined("\t").replace(['#', '|'], " ")))
        .filter(|(_, t)| !FURNITURE.is_match(t.trim()))
        .collect();
    let mut s = Stream::new(texts.iter().map(|(i, t)| (*i, t.as_str())));
    // A page on one line: the cover ends at `I 関連情報` / `I 基本情報` in the stream.
    let cut = ["I関連情報", "I基本情報", "Ⅰ関連情報", "Ⅰ基本情報"]
        .iter()
        .filter_map(|m| {
            s.text
                .match_indices(m)
                .find(|(at, _)| !s.text[..*at].ends_with('I'))
                .map(|(at, _)| at)
        })
        .min();
    if let Some(at) = cut {
        s.truncate(at);
    }
    s
}

/// Anchors of the stream, in stream order: (byte range, what).
fn anchors(s: &Stream) -> Vec<(std::ops::Range<usize>, Anchor)> {
    let mut found: Vec<(std::ops::Range<usize>, Anchor)> = Vec::new();
    let free = |found: &[(std::ops::Range<usize>, Anchor)], r: &std::ops::Range<usize>| {
        found
            .iter()
            .all(|(f, _)| f.end <= r.start || r.end <= f.start)
    };
    for m in STREAM_STAMP.find_iter(&s.text) {
        found.push((m.range(), Anchor::Mark));
    }
    for (label, a) in COVER_LABELS {
        for (at, _) in s.text.match_indices(label) {
            let r = at..at + label.len();
            if free(&found, &r) {
                found.push((r, *a));
            }
        }
    }
    found.sort_by_key(|(r, _)| r.start);
    found
}

/// A value read from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    field: Field,
    range: std::ops::Range<usize>,
}

/// Candidate ends of a value of `field` starting at byte `pos` of `text`, before `end`.
fn ends(field: Field, s: &Stream, pos: usize, end: usize) -> Vec<usize> {
    let rest = &s.text[pos..end];
    match field {
        Field::Number => {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if (1..=5).contains(&n) {
                vec![pos + n]
            } else {
                Vec::new()
            }
        }
        Field::Published => match date::first_date(rest) {
            Some(f) if f.start == 0 => vec![pos + f.end],
            _ => Vec::new(),
        },
        Field::Organization => rest
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .take(30)
            .filter(|&e| {
                let t = &rest[..e];
                looks_like_organization(t)
                    && !t.contains("評価書")
                    && date::first_date(t).is_none()
                    // One name: no break inside (`山口県防府市長 防府市教育委員会` is two).
                    && !t.char_indices().skip(1).any(|(i, _)| s.gap_at(pos + i))
            })
            .map(|e| pos + e)
            .collect(),
        Field::Title => {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Vec::new();
            }
            rest.match_indices("評価書")
                .map(|(i, m)| i + m.len())
                .filter(|&e| rest[..e].chars().count() >= 5)
                .map(|e| pos + e)
                .collect()
        }
    }
}

/// Every way `text[pos..end]` is the values of some of `fields`, each at most once, in any
/// order (the fields' types tell them apart), consuming all of it.
fn decompose(
    s: &Stream,
    pos: usize,
    end: usize,
    fields: &[Field],
    acc: &mut Vec<Piece>,
    out: &mut Vec<Vec<Piece>>,
) {
    if out.len() > 8 {
        return;
    }
    if pos == end {
        if !acc.is_empty() {
            out.push(acc.clone());
        }
        return;
    }
    for &f in fields {
        if acc.iter().any(|p| p.field == f) {
            continue;
        }
        for e in ends(f, s, pos, end) {
            acc.push(Piece {
                field: f,
                range: pos..e,
            });
            decompose(s, e, end, fields, acc, out);
            acc.pop();
        }
    }
}

/// How the anchored reading of one field ended.
#[derive(Debug, Clone)]
enum Reading {
    Value(std::ops::Range<usize>),
    /// More than one reading of the value block.
    Ambiguous(String),
}

/// Reads the header fields between the anchors of the cover stream. A field's value is the
/// block between its label and the next anchor; labels printed one after another with
/// nothing between them share the block after the last of them, which is split by the
/// fields' types (a number, a title ending in 評価書, an organization ending in 長 / 知事 /
/// 委員会 / 広域連合 …, a date). Free-text labels in such a run (特記事項) may take only a
/// leading part of the block that ends at a break. A block read more than one way is
/// ambiguous; a block that is not the values of its labels is not read.
fn read_anchored(s: &Stream) -> (BTreeMap<Field, Reading>, Vec<std::ops::Range<usize>>) {
    let anchors = anchors(s);
    let mut out: BTreeMap<Field, Reading> = BTreeMap::new();
    let mut consumed = Vec::new();
    let mut group: Vec<Anchor> = Vec::new();
    for (k, (r, a)) in anchors.iter().enumerate() {
        let next = anchors.get(k + 1).map_or(s.text.len(), |(n, _)| n.start);
        let block = r.end..next;
        if *a == Anchor::Mark {
            // A stamp or title between a label and what follows: the label's value is not
            // there.
            group.clear();
            continue;
        }
        if matches!(a, Anchor::Field(_)) {
            consumed.push(r.clone());
        }
        group.push(*a);
        if block.is_empty() {
            continue;
        }
        let fields: Vec<Field> = group
            .iter()
            .filter_map(|a| match a {
                Anchor::Field(f) if !out.contains_key(f) => Some(*f),
                _ => None,
            })
            .collect();
        // Free text before the fields in the run: a leading part ending at a break.
        let first_field = group.iter().position(|a| matches!(a, Anchor::Field(_)));
        let text_first = group.first() == Some(&Anchor::Text) && first_field.is_some();
        let only_text = first_field.is_none();
        group.clear();
        if fields.is_empty() || only_text {
            continue;
        }
        let mut starts = vec![block.start];
        if text_first {
            starts.extend(
                s.text[block.clone()]
                    .char_indices()
                    .map(|(i, _)| block.start + i)
                    .filter(|&at| at > block.start && s.gap_at(at)),
            );
        }
        let mut ways: Vec<Vec<Piece>> = Vec::new();
        for st in starts {
            decompose(s, st, block.end, &fields, &mut Vec::new(), &mut ways);
        }
        ways.sort_by_key(|w| {
            w.iter()
                .map(|p| (p.field, p.range.start))
                .collect::<Vec<_>>()
        });
        ways.dedup();
        match ways.as_slice() {
            [] => {}
            [one] => {
                for p in one {
                    consumed.push(p.range.clone());
                    out.insert(p.field, Reading::Value(p.range.clone()));
                }
            }
            many => {
                let text = s.spaced(block.clone());
                for f in &fields {
                    if many.iter().any(|w| w.iter().any(|p| p.field == *f)) {
                        out.insert(*f, Reading::Ambiguous(text.clone()));
                    }
                }
            }
        }
    }
    (out, consumed)
}

/// Whether the cover marks the document as a draft (`(案)`, `(素案)` with the title).
fn draft(s: &Stream) -> bool {
    DRAFT_MARKS.iter().any(|m| {
        s.text.match_indices(m).any(|(at, _)| {
            let before = &s.text[..at];
            before.ends_with("評価書)")
                || before.ends_with("評価書")
                || s.gap_at(at) && s.gap_at(at + m.len())
        })
    })
}

fn read_rows(
    src: &SourceText,
    end: usize,
    keys: &[String; 4],
    used: &mut [bool],
    diags: &mut Vec<Diagnostic>,
) -> Header {
    let mut h = Header::default();
    let stream = cover_stream(src, end);
    h.draft = draft(&stream);
    let (anchored, consumed) = read_anchored(&stream);
    let mut ambiguous: Vec<Field> = Vec::new();
    for (f, r) in &anchored {
        let range = match r {
            Reading::Value(range) => range.clone(),
            Reading::Ambiguous(text) => {
                ambiguous.push(*f);
                diags.push(diag(
                    Level::Warning,
                    "header.ambiguous",
                    stream
                        .rows_of(0..stream.text.len())
                        .next()
                        .map(|i| src.rows[i].line),
                    format!(
                        "`{text}` can be read as the values of its labels in more than one way"
                    ),
                ));
                continue;
            }
        };
        let line = Some(src.rows[stream.rows_of(range.clone()).start].line);
        let text = stream.spaced(range);
        match f {
            Field::Number => h.number = Some(text.replace(' ', "")),
            Field::Title => h.title = Some(text),
            Field::Organization => h.organization = organization(&text.replace(' ', "")),
            Field::Published => {
                let raw: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                if let Some(found) = date::parse_whole(&raw) {
                    h.published.raw = Some(raw);
                    match found.result {
                        Ok(v) => h.published.date = Some(v.iso),
                        Err(p) => diags.push(diag(
                            Level::Warning,
                            "header.date_impossible",
                            line,
                            format!("公表日 `{}`: {}", found.raw, p.reason),
                        )),
                    }
                }
            }
        }
    }
    // Rows wholly read as header labels and values.
    let rows = stream.rows_of(0..stream.text.len());
    for i in rows {
        let total = stream.chars_of_row(i);
        if total == 0 {
            continue;
        }
        let read: usize = consumed
            .iter()
            .map(|r| stream.chars_of_row_in(i, r.clone()))
            .sum();
        if read >= total {
            used[i] = true;
        }
    }
    let open = |f: Field| !anchored.contains_key(&f);
    let has_label = |t: &str| {
        let k: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        COVER_LABELS.iter().any(|(l, _)| k.contains(l))
    };
    let candidates: Vec<bool> = (0..end)
        .map(|i| !used[i] && !src.rows[i].is_empty() && !has_label(&src.rows[i].joined("")))
        .collect();
    let candidate = |i: usize| candidates[i];
    let mut scrambled = false;
    // Values not next to their labels: the one row of the cover of the field's shape.
    if open(Field::Number) && open(Field::Title) {
        let number_row = (0..end)
            .filter(|&i| candidate(i))
            .find(|&i| NUMBER_TITLE.is_match(&src.rows[i].joined(" ")));
        if let Some(i) = number_row {
            let t = src.rows[i].joined(" ");
            if let Some(c) = NUMBER_TITLE.captures(&t) {
                h.number = Some(c[1].to_string());
                h.title = Some(c[2].trim().to_string());
                used[i] = true;
                let label_before = (0..i)
                    .any(|l| label_key(&src.rows[l].joined("")).starts_with(keys[0].as_str()));
                scrambled |= !label_before;
            }
        }
    }
    if open(Field::Organization) {
        let orgs: Vec<usize> = (0..end)
            .filter(|&j| candidate(j) && looks_like_organization(&src.rows[j].joined("")))
            .collect();
        if let [j] = orgs.as_slice() {
            h.organization = organization(&src.rows[*j].joined(""));
            used[*j] = true;
            scrambled = true;
        }
    }
    if open(Field::Published) {
        // The one full date of the cover that is not part of the 様式 stamp.
        let dates: Vec<(usize, date::FoundDate)> = (0..end)
            .filter(|&j| candidate(j) && !src.rows[j].joined("").contains("様式"))
            .filter_map(|j| date::parse_whole(&src.rows[j].joined(" ")).map(|f| (j, f)))
            .collect();
        if let [(j, f)] = dates.as_slice() {
            used[*j] = true;
            h.published.raw = Some(f.raw.trim().to_string());
            h.published.date = f.result.as_ref().ok().map(|v| v.iso.clone());
            scrambled = true;
        } else if dates.len() > 1 {
            diags.push(diag(
                Level::Warning,
                "header.published_ambiguous",
                None,
                format!(
                    "{} dates on the cover page and none after 公表日",
                    dates.len()
                ),
            ));
        }
    }
    // A cover on one line: the same shapes, each a whole piece of the text outside labels.
    let open_now = [
        h.number.is_none() && h.title.is_none(),
        h.organization.raw.is_none() && open(Field::Organization),
        h.published.raw.is_none() && open(Field::Published),
    ];
    // (Only on a cover: a text without any cover label has no such pieces to read.)
    if open_now.iter().any(|&o| o) && !consumed.is_empty() {
        let found = shaped_pieces(&stream, &consumed);
        if open_now[0] {
            if let [(number, title)] = found.number_title.as_slice() {
                h.number = Some(number.clone());
                h.title = Some(title.clone());
                scrambled = true;
            }
        }
        if open_now[1] {
            if let [org] = found.organizations.as_slice() {
                h.organization = organization(org);
                scrambled = true;
            }
        }
        if open_now[2] {
            if let [raw] = found.dates.as_slice() {
                if let Some(f) = date::parse_whole(raw) {
                    h.published.raw = Some(f.raw.trim().to_string());
                    h.published.date = f.result.as_ref().ok().map(|v| v.iso.clone());
                    scrambled = true;
                }
            }
        }
    }
    // The cover's last values read after the first section's title (pdftotext of a page whose
    // value column comes after its label column: `評価実施機関名 公表日 I 基本情報 沖縄県架空町長
    // 令和8年2月10日 1. …`): the rows between that title and the first item heading.
    if h.organization.raw.is_none() || h.published.raw.is_none() {
        let after: Vec<usize> = (end + 1..src.rows.len().min(end + 6))
            .take_while(|&i| {
                let t = src.rows[i].joined(" ");
                !t.starts_with(|c: char| c.is_ascii_digit()) && !has_label(&t)
            })
            .filter(|&i| !src.rows[i].is_empty() && !used[i])
            .collect();
        let orgs: Vec<usize> = after
            .iter()
            .copied()
            .filter(|&i| looks_like_organization(&src.rows[i].joined("")))
            .collect();
        let dates: Vec<(usize, date::FoundDate)> = after
            .iter()
            .filter_map(|&i| date::parse_whole(&src.rows[i].joined(" ")).map(|f| (i, f)))
            .collect();
        if orgs.len() + dates.len() == after.len() {
            if let ([i], true) = (orgs.as_slice(), h.organization.raw.is_none()) {
                h.organization = organization(&src.rows[*i].joined(""));
                used[*i] = true;
                scrambled = true;
            }
            if let ([(i, f)], true) = (dates.as_slice(), h.published.raw.is_none()) {
                h.published.raw = Some(f.raw.trim().to_string());
                h.published.date = f.result.as_ref().ok().map(|v| v.iso.clone());
                used[*i] = true;
                scrambled = true;
            }
        }
    }
    if scrambled {
        diags.push(diag(Level::Info, "header.scrambled", None, "cover page values are not next to their labels; each was recognized by its shape (the only line of that shape on the cover page)".into()));
    }
    for (what, field, missing) in [
        ("評価書番号", Field::Number, h.number.is_none()),
        (
            "評価実施機関名",
            Field::Organization,
            h.organization.raw.is_none(),
        ),
        ("公表日", Field::Published, h.published.raw.is_none()),
    ] {
        if missing && !ambiguous.contains(&field) {
            diags.push(diag(
                Level::Warning,
                "header.missing",
                None,
                format!("{what} not found"),
            ));
        }
    }
    h
}

/// Pieces of the cover stream outside its labels, stamps and values already read that have
/// the shape of a header value: `3 国民健康保険に関する事務 基礎項目評価書` (a number, then
/// the words up to the first ending in 評価書), a name ending in 長 / 知事 / 委員会 …, a date.
/// Each is a whole piece between breaks, so a date or a name inside a sentence of the 宣言 or
/// the 特記事項 is none.
#[derive(Default)]
struct Shaped {
    number_title: Vec<(String, String)>,
    organizations: Vec<String>,
    dates: Vec<String>,
}

fn shaped_pieces(s: &Stream, consumed: &[std::ops::Range<usize>]) -> Shaped {
    let mut taken: Vec<std::ops::Range<usize>> = anchors(s).into_iter().map(|(r, _)| r).collect();
    taken.extend(consumed.iter().cloned());
    taken.sort_by_key(|r| r.start);
    let mut free = Vec::new();
    let mut at = 0;
    for r in taken {
        if r.start > at {
            free.push(at..r.start);
        }
        at = at.max(r.end);
    }
    if at < s.text.len() {
        free.push(at..s.text.len());
    }
    let mut out = Shaped::default();
    for r in free {
        let spaced = s.spaced(r);
        let words: Vec<&str> = spaced.split(' ').filter(|w| !w.is_empty()).collect();
        for (k, w) in words.iter().enumerate() {
            let number = w.len() <= 5 && w.bytes().all(|b| b.is_ascii_digit());
            if number {
                if let Some(m) = (k + 1..words.len()).find(|&m| words[m].ends_with("評価書")) {
                    let title = words[k + 1..=m].join(" ");
                    if title.chars().count() >= 5
                        && !title.starts_with(|c: char| c.is_ascii_digit())
                    {
                        out.number_title.push((w.to_string(), title));
                    }
                }
            }
            if looks_like_organization(w) && !w.contains("評価書") && date::first_date(w).is_none()
            {
                out.organizations.push(w.to_string());
            }
        }
        // A date may be spaced (`令和 6 年 1 月 1 日`): whole words from one that opens it
        // (an era or a digit) and ends it (`日`).
        let mut k = 0;
        while k < words.len() {
            let opens = words[k].starts_with(['令', '平', '昭', 'R', 'H'])
                || words[k].starts_with(|c: char| c.is_ascii_digit());
            let end = (k..words.len().min(k + 7))
                .filter(|_| opens)
                .filter(|&m| words[m].ends_with('日'))
                .find(|&m| date::parse_whole(&words[k..=m].concat()).is_some());
            match end {
                Some(m) => {
                    out.dates.push(words[k..=m].concat());
                    k = m + 1;
                }
                None => k += 1,
            }
        }
    }
    out
}

fn diag(level: Level, code: &str, line: Option<u32>, message: String) -> Diagnostic {
    Diagnostic {
        level,
        code: code.into(),
        path: None,
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizations() {
        let o = organization("山口県防府市長");
        assert_eq!(
            (
                o.prefecture.as_deref(),
                o.municipality.as_deref(),
                o.office.as_deref()
            ),
            (Some("山口県"), Some("防府市"), Some("市長"))
        );
        let o = organization("鳥取県八頭町長");
        assert_eq!(
            (
                o.prefecture.as_deref(),
                o.municipality.as_deref(),
                o.office.as_deref()
            ),
            (Some("鳥取県"), Some("八頭町"), Some("町長"))
        );
        let o = organization("倉敷市長");
        assert_eq!(
            (o.prefecture, o.municipality.as_deref(), o.office.as_deref()),
            (None, Some("倉敷市"), Some("市長"))
        );
        let o = organization("四日市市長");
        assert_eq!(o.municipality.as_deref(), Some("四日市市"));
        let o = organization("岩手県後期高齢者医療広域連合");
        assert_eq!(
            (o.prefecture.as_deref(), o.municipality, o.office.as_deref()),
            (Some("岩手県"), None, Some("後期高齢者医療広域連合"))
        );
        let o = organization("東京都知事");
        assert_eq!(
            (o.prefecture.as_deref(), o.municipality, o.office.as_deref()),
            (Some("東京都"), None, Some("知事"))
        );
        let o = organization("防府市教育委員会");
        assert_eq!(
            (o.municipality.as_deref(), o.office.as_deref()),
            (Some("防府市"), Some("教育委員会"))
        );
    }
}
