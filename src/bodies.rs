//! Which public body a document is from: the printed 評価実施機関名 resolved against the
//! 全国地方公共団体コード table (`data/local-government-codes-2024-01-01.csv`, embedded).
//!
//! [`resolve`] reads an organization string alone; [`resolve_document`] starts from the
//! document's `header.organization.raw` and uses other text of the document only to break a
//! tie between candidates, and only when that evidence singles out exactly one of them. The
//! result is a [`Body`] with its [`BodyType`], the 6-digit code when (and only when) one body
//! of the table is meant, and diagnostics (`body.ambiguous`, `body.unknown`, `body.no_code`,
//! `body.resolved_by_evidence`, …) saying why.
//!
//! Rules, in order: spaces (converter spaces, full-width spaces) are removed and the string is
//! NFKC-folded, and a few spelling variants (`ヶ`/`ケ`/`け`/`ゖ`/`が`, `竜`/`龍`, `檮`/`梼`, `﨑`/`崎`,
//! `髙`/`高`) are folded on both sides of the comparison. Names of unions (広域連合, 組合),
//! agencies (独立行政法人, 機構) and the state (…省, …庁, 内閣府, 委員会 without a local body,
//! 大臣, 長官) get their type and no code. Otherwise a printed prefecture is taken off the
//! front, a `…郡` part is dropped, and the longest municipality (or ward) name the rest begins
//! with is looked up, within the prefecture when one was printed; what follows the name is the
//! office (`市長`, `教育委員会`, …, see [`OFFICES`]). A name found in more than one prefecture
//! is never guessed: `code` stays empty and `candidates` lists every code.
//!
//! 日本年金機構 and other `…機構` are typed [`BodyType::IncorporatedAdministrativeAgency`]: they
//! are bodies of the state outside the ministries, whatever their exact legal form (日本年金機構
//! is strictly a 特殊法人, 地方公共団体情報システム機構 a 地方共同法人).
//!
//! ```
//! use hyoka::bodies::{resolve, BodyType};
//! let (body, _) = resolve("山口県 防府市長");
//! assert_eq!(body.code.as_deref(), Some("352063"));
//! assert_eq!(body.body_type, BodyType::City);
//! assert_eq!(body.office.as_deref(), Some("市長"));
//!
//! let (body, diagnostics) = resolve("伊達市長");
//! assert_eq!(body.code, None);
//! assert_eq!(body.candidates, ["012335", "072133"]);
//! assert_eq!(diagnostics[0].code, "body.ambiguous");
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::model::{Diagnostic, Document, Level, Value};

/// The embedded code table (CSV with two `#` provenance lines, see `data/README.md`).
pub const CODES_CSV: &str = include_str!("../data/local-government-codes-2024-01-01.csv");

/// What kind of body issued a document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BodyType {
    /// 都道府県.
    Prefecture,
    /// 市 (not a 政令指定都市).
    City,
    /// 政令指定都市.
    DesignatedCity,
    /// 特別区 (the 23 wards of 東京都).
    SpecialWard,
    /// 町.
    Town,
    /// 村.
    Village,
    /// 政令指定都市の区 (行政区).
    CityWard,
    /// 広域連合.
    WideAreaUnion,
    /// 一部事務組合 (and other 組合, 企業団).
    PartialAffairsUnion,
    /// 国の機関: 府省, 庁, 委員会 of the state.
    NationalAgency,
    /// 独立行政法人 and `…機構`.
    IncorporatedAdministrativeAgency,
    /// Anything else, including strings that could not be read.
    Other,
}

impl BodyType {
    /// Stable ASCII name (`city`, `designated_city`, …), as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyType::Prefecture => "prefecture",
            BodyType::City => "city",
            BodyType::DesignatedCity => "designated_city",
            BodyType::SpecialWard => "special_ward",
            BodyType::Town => "town",
            BodyType::Village => "village",
            BodyType::CityWard => "city_ward",
            BodyType::WideAreaUnion => "wide_area_union",
            BodyType::PartialAffairsUnion => "partial_affairs_union",
            BodyType::NationalAgency => "national_agency",
            BodyType::IncorporatedAdministrativeAgency => "incorporated_administrative_agency",
            BodyType::Other => "other",
        }
    }

    /// Japanese label (`市`, `政令市`, …).
    pub fn label(self) -> &'static str {
        match self {
            BodyType::Prefecture => "都道府県",
            BodyType::City => "市",
            BodyType::DesignatedCity => "政令市",
            BodyType::SpecialWard => "特別区",
            BodyType::Town => "町",
            BodyType::Village => "村",
            BodyType::CityWard => "政令市の区",
            BodyType::WideAreaUnion => "広域連合",
            BodyType::PartialAffairsUnion => "一部事務組合",
            BodyType::NationalAgency => "国の機関",
            BodyType::IncorporatedAdministrativeAgency => "独立行政法人等",
            BodyType::Other => "その他",
        }
    }
}

/// The body a document is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Body {
    /// 全国地方公共団体コード (6 digits with check digit), when exactly one body of the table
    /// is meant.
    pub code: Option<String>,
    /// 都道府県, when known.
    pub prefecture: Option<String>,
    /// The body's name as in the table (`防府市`, `品川区`, `札幌市中央区`, `兵庫県`), or the
    /// printed name of a body that has no code (`山口県後期高齢者医療広域連合`).
    pub name: Option<String>,
    /// The kind of body.
    pub body_type: BodyType,
    /// The office within the body (`市長`, `教育委員会`, `知事`, `広域連合長`, …).
    pub office: Option<String>,
    /// The codes of every body the name could mean, sorted, when it is ambiguous.
    pub candidates: Vec<String>,
    /// True exactly when `code` is set.
    pub resolved: bool,
}

impl Body {
    fn other() -> Body {
        Body {
            code: None,
            prefecture: None,
            name: None,
            body_type: BodyType::Other,
            office: None,
            candidates: Vec::new(),
            resolved: false,
        }
    }
}

/// Offices printed after a body's name, longest first where one is a prefix of another.
/// `長` alone is read as the head of the body (`防府市長` → `市長`).
pub const OFFICES: &[&str] = &[
    "上下水道事業管理者",
    "公営企業管理者",
    "病院事業管理者",
    "水道事業管理者",
    "選挙管理委員会",
    "教育委員会",
    "農業委員会",
    "人事委員会",
    "公安委員会",
    "企業管理者",
    "監査委員",
    "消防長",
    "教育長",
    "広域連合長",
    "管理者",
    "知事",
    "市長",
    "町長",
    "村長",
    "区長",
    "議会",
    "長",
];

/// The check digit of a 全国地方公共団体コード from its first five digits:
/// (11 − Σ dᵢ·wᵢ mod 11) mod 10 with weights 6, 5, 4, 3, 2. None unless `first5` is five
/// ASCII digits.
pub fn check_digit(first5: &str) -> Option<u8> {
    if first5.len() != 5 || !first5.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first5
        .bytes()
        .zip([6u32, 5, 4, 3, 2])
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(((11 - sum % 11) % 10) as u8)
}

/// True when `code` is six ASCII digits whose last digit is the check digit of the first five.
pub fn is_valid_code(code: &str) -> bool {
    code.len() == 6
        && code.is_char_boundary(5)
        && check_digit(&code[..5]).is_some_and(|d| code.as_bytes()[5] == b'0' + d)
}

// ------------------------------------------------------------------------------- the table

#[derive(Debug)]
struct Entry {
    code: String,
    prefecture: String,
    name: String,
    body_type: BodyType,
}

#[derive(Debug, Default)]
struct Table {
    entries: Vec<Entry>,
    /// Folded prefecture name → entry index.
    prefectures: BTreeMap<String, usize>,
    /// Folded municipality or ward name (full, and a ward's own name) → entry indices.
    names: BTreeMap<String, Vec<usize>>,
    /// Longest key of `names`, in characters.
    longest: usize,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| load(CODES_CSV))
}

fn load(csv_text: &str) -> Table {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(csv_text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records().flatten() {
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        rows.push((field(0), field(1), field(2), field(3), field(4)));
    }
    // 政令指定都市 are the municipalities that have wards.
    let designated: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|r| r.1 == "designated_city_ward")
        .map(|r| (r.2.clone(), r.3.clone()))
        .collect();
    let mut table = Table::default();
    for (code, kind, prefecture, municipality, ward) in rows {
        let (name, body_type) = match kind.as_str() {
            "prefecture" => (prefecture.clone(), BodyType::Prefecture),
            "designated_city_ward" => (ward.clone(), BodyType::CityWard),
            "municipality" => {
                let t = if designated.contains(&(prefecture.clone(), municipality.clone())) {
                    BodyType::DesignatedCity
                } else if prefecture == "東京都" && municipality.ends_with('区') {
                    BodyType::SpecialWard
                } else if municipality.ends_with('市') {
                    BodyType::City
                } else if municipality.ends_with('町') {
                    BodyType::Town
                } else if municipality.ends_with('村') {
                    BodyType::Village
                } else {
                    BodyType::Other
                };
                (municipality.clone(), t)
            }
            _ => continue,
        };
        if name.is_empty() {
            continue;
        }
        let index = table.entries.len();
        if body_type == BodyType::Prefecture {
            table.prefectures.insert(fold(&name), index);
        } else {
            let mut keys = vec![fold(&name)];
            if body_type == BodyType::CityWard {
                if let Some(own) = name.strip_prefix(municipality.as_str()) {
                    keys.push(fold(own));
                }
            }
            for key in keys {
                table.longest = table.longest.max(key.chars().count());
                table.names.entry(key).or_default().push(index);
            }
        }
        table.entries.push(Entry {
            code,
            prefecture,
            name,
            body_type,
        });
    }
    table
}

// ----------------------------------------------------------------------------- resolution

/// Spelling variants folded before names are compared (both the table's and the printed).
const VARIANTS: &[(char, char)] = &[
    ('ヶ', 'ケ'),
    ('け', 'ケ'),
    ('ゖ', 'ケ'),
    ('が', 'ケ'),
    ('竜', '龍'),
    ('檮', '梼'),
    ('﨑', '崎'),
    ('髙', '高'),
];

/// Removes spaces and folds width (NFKC) and the spelling [`VARIANTS`].
fn fold(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            VARIANTS
                .iter()
                .find(|(from, _)| *from == c)
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

/// Removes spaces and folds width (NFKC), keeping spelling: the printed text for messages.
fn clean(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn diagnostic(level: Level, code: &str, message: String) -> Diagnostic {
    Diagnostic {
        level,
        code: code.into(),
        path: Some("header.organization".into()),
        line: None,
        message,
    }
}

/// Takes a printed prefecture off the front of folded text.
fn split_prefecture(folded: &str) -> (Option<usize>, &str) {
    let t = table();
    for (key, &index) in &t.prefectures {
        if let Some(rest) = folded.strip_prefix(key.as_str()) {
            return (Some(index), rest);
        }
    }
    (None, folded)
}

/// The longest municipality or ward name `s` begins with, as (key length in bytes, entries).
fn longest_name(s: &str, prefecture: Option<usize>) -> Option<(usize, Vec<usize>)> {
    let t = table();
    let ends: Vec<usize> = s
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(t.longest)
        .collect();
    for &end in ends.iter().rev() {
        let Some(found) = t.names.get(&s[..end]) else {
            continue;
        };
        let found: Vec<usize> = match prefecture {
            Some(p) => found
                .iter()
                .copied()
                .filter(|&i| t.entries[i].prefecture == t.entries[p].name)
                .collect(),
            None => found.clone(),
        };
        if !found.is_empty() {
            return Some((end, found));
        }
    }
    None
}

/// Finds a municipality at the start of `s`, or after a `…郡` part: (start, end, entries).
fn find_municipality(s: &str, prefecture: Option<usize>) -> Option<(usize, usize, Vec<usize>)> {
    if let Some((end, found)) = longest_name(s, prefecture) {
        return Some((0, end, found));
    }
    let gun = s.char_indices().take(8).find(|&(_, c)| c == '郡')?.0;
    let after = gun + '郡'.len_utf8();
    longest_name(&s[after..], prefecture).map(|(end, found)| (after, after + end, found))
}

/// The office printed after a body's name (`長` → `市長` for a 市), and text left over.
fn office(rest: &str, name: &str) -> (Option<String>, Option<String>) {
    if rest.is_empty() {
        return (None, None);
    }
    let Some(known) = OFFICES.iter().find(|o| rest.starts_with(*o)) else {
        return (Some(rest.to_string()), None);
    };
    let leftover = &rest[known.len()..];
    let office = if *known == "長" {
        match name.chars().last() {
            Some(c @ ('市' | '町' | '村' | '区')) => format!("{c}長"),
            _ => "長".to_string(),
        }
    } else {
        known.to_string()
    };
    let leftover = (!leftover.is_empty()).then(|| leftover.to_string());
    (Some(office), leftover)
}

/// Bodies that have no code in the table, recognized by keywords.
fn no_code_type(s: &str) -> Option<BodyType> {
    if s.contains("広域連合") {
        Some(BodyType::WideAreaUnion)
    } else if s.contains("組合") || s.contains("企業団") {
        Some(BodyType::PartialAffairsUnion)
    } else if s.contains("独立行政法人") || s.contains("機構") {
        Some(BodyType::IncorporatedAdministrativeAgency)
    } else {
        None
    }
}

/// The state: 府省, 庁, 委員会 and their heads.
fn is_national(s: &str) -> bool {
    let head = s
        .strip_suffix("大臣")
        .or_else(|| s.strip_suffix("長官"))
        .or_else(|| s.strip_suffix("委員長"));
    let body = head.unwrap_or(s);
    head.is_some_and(|h| !h.is_empty())
        || body == "内閣府"
        || body.ends_with('省')
        || body.ends_with('庁')
        || body.ends_with("委員会")
        || body.ends_with("院")
}

/// Resolves a printed 評価実施機関名 alone.
pub fn resolve(raw: &str) -> (Body, Vec<Diagnostic>) {
    let printed = clean(raw);
    let folded = fold(raw);
    let t = table();
    let mut body = Body::other();
    let mut diagnostics = Vec::new();
    if folded.is_empty() {
        diagnostics.push(diagnostic(
            Level::Warning,
            "body.unknown",
            "no 評価実施機関名 to resolve".into(),
        ));
        return (body, diagnostics);
    }
    let (prefecture, rest) = split_prefecture(&folded);
    body.prefecture = prefecture.map(|p| t.entries[p].name.clone());

    if let Some(kind) = no_code_type(&folded) {
        let (name, office) = match printed.strip_suffix("長") {
            Some(name) if kind == BodyType::WideAreaUnion && name.ends_with("広域連合") => {
                (name.to_string(), Some("広域連合長".to_string()))
            }
            _ => match printed.strip_suffix("管理者") {
                Some(name) if kind == BodyType::PartialAffairsUnion && !name.is_empty() => {
                    (name.to_string(), Some("管理者".to_string()))
                }
                _ => (printed.clone(), None),
            },
        };
        body.body_type = kind;
        body.name = Some(name);
        body.office = office;
        diagnostics.push(diagnostic(
            Level::Info,
            "body.no_code",
            format!(
                "{printed} is a {} ({}): it has no 全国地方公共団体コード",
                kind.label(),
                kind.as_str()
            ),
        ));
        return (body, diagnostics);
    }

    if let Some((start, end, found)) = find_municipality(rest, prefecture) {
        let first = &t.entries[found[0]];
        let (office, leftover) = office(&rest[end..], &first.name);
        body.office = office;
        // An ambiguous short ward name (`北区`) is named as printed, not after one candidate.
        let same_name = found.iter().all(|&i| t.entries[i].name == first.name);
        let printed_name = &rest[start..end];
        body.name = Some(if same_name {
            first.name.clone()
        } else {
            printed_name.to_string()
        });
        let same_type = found
            .iter()
            .all(|&i| t.entries[i].body_type == first.body_type);
        body.body_type = if same_type {
            first.body_type
        } else {
            BodyType::Other
        };
        if found.len() == 1 {
            body.code = Some(first.code.clone());
            body.prefecture = Some(first.prefecture.clone());
            body.resolved = true;
        } else {
            let mut candidates: Vec<(String, String, String)> = found
                .iter()
                .map(|&i| {
                    let e = &t.entries[i];
                    (e.code.clone(), e.prefecture.clone(), e.name.clone())
                })
                .collect();
            candidates.sort();
            let prefectures: BTreeSet<&String> = candidates.iter().map(|c| &c.1).collect();
            if prefectures.len() == 1 {
                body.prefecture = prefectures.into_iter().next().cloned();
            }
            let list: Vec<String> = candidates
                .iter()
                .map(|(code, pref, name)| format!("{code} ({pref}{name})"))
                .collect();
            diagnostics.push(diagnostic(
                Level::Warning,
                "body.ambiguous",
                format!(
                    "{printed}: {} is the name of {} bodies: {}",
                    printed_name,
                    candidates.len(),
                    list.join(", ")
                ),
            ));
            body.candidates = candidates.into_iter().map(|c| c.0).collect();
        }
        if body.office.is_some() && leftover.is_none() && !OFFICES.contains(&&rest[end..]) {
            diagnostics.push(diagnostic(
                Level::Info,
                "body.office_unrecognized",
                format!(
                    "{printed}: the office {} is not in the office table",
                    &rest[end..]
                ),
            ));
        }
        if let Some(leftover) = leftover {
            diagnostics.push(diagnostic(
                Level::Info,
                "body.trailing_text",
                format!("{printed}: text after the office ignored: {leftover}"),
            ));
        }
        return (body, diagnostics);
    }

    if let Some(p) = prefecture {
        let (office, leftover) = office(rest, &t.entries[p].name);
        let is_office = rest.is_empty() || (leftover.is_none() && OFFICES.contains(&rest));
        if is_office {
            body.code = Some(t.entries[p].code.clone());
            body.name = Some(t.entries[p].name.clone());
            body.body_type = BodyType::Prefecture;
            body.office = office.map(|o| if o == "長" { "知事".into() } else { o });
            body.resolved = true;
            return (body, diagnostics);
        }
    }

    if prefecture.is_none() && is_national(&folded) {
        body.body_type = BodyType::NationalAgency;
        body.name = Some(printed.clone());
        diagnostics.push(diagnostic(
            Level::Info,
            "body.no_code",
            format!("{printed} is a 国の機関 (national_agency): it has no 全国地方公共団体コード"),
        ));
        return (body, diagnostics);
    }

    diagnostics.push(diagnostic(
        Level::Warning,
        "body.unknown",
        format!(
            "{printed}: no body of the 2024-01-01 code table{} has this name",
            body.prefecture
                .as_deref()
                .map(|p| format!(" in {p}"))
                .unwrap_or_default()
        ),
    ));
    (body, diagnostics)
}

/// The text values of a document's items, with their ids, the 宣言 and contacts first.
fn evidence_texts(doc: &Document) -> Vec<(&str, &str)> {
    let mut texts: Vec<(&str, &str)> = doc
        .items
        .iter()
        .filter_map(|i| match &i.value {
            Value::Text(t) => Some((i.id.as_str(), t.as_str())),
            _ => None,
        })
        .collect();
    let rank = |id: &str| match id {
        "declaration" => 0,
        "disclosure.contact" => 1,
        "inquiry.contact" => 2,
        _ => 3,
    };
    texts.sort_by_key(|(id, _)| rank(id));
    texts
}

/// Does folded `text` name `<prefecture>[…郡]<name>`?
fn names_with_prefecture(text: &str, prefecture: &str, name: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = text[from..].find(prefecture) {
        let after = &text[from + pos + prefecture.len()..];
        if after.starts_with(name) {
            return true;
        }
        if let Some((gun, _)) = after.char_indices().take(6).find(|&(_, c)| c == '郡') {
            if after[gun + '郡'.len_utf8()..].starts_with(name) {
                return true;
            }
        }
        from += pos + prefecture.len();
    }
    false
}

/// Resolves the body of a document: from `header.organization.raw`, using other text of the
/// document (postal addresses, `<都道府県><市区町村>` in the 宣言 and the contact items) only
/// to choose between candidates of an ambiguous name, and only when it points at exactly one.
/// A document without an organization is resolved from the subject of its 宣言
/// (`防府市は、…`), or else from a single `<都道府県>後期高齢者医療広域連合` its text names.
pub fn resolve_document(doc: &Document) -> (Body, Vec<Diagnostic>) {
    let t = table();
    let texts = evidence_texts(doc);
    let raw = doc
        .header
        .organization
        .raw
        .as_deref()
        .filter(|r| !fold(r).is_empty());
    let Some(raw) = raw else {
        return resolve_without_organization(&texts);
    };
    let (mut body, mut diagnostics) = resolve(raw);
    if body.resolved || body.candidates.len() < 2 {
        return (body, diagnostics);
    }
    let folded_texts: Vec<(&str, String)> = texts.iter().map(|(id, x)| (*id, fold(x))).collect();
    let mut hits: Vec<(&Entry, &str)> = Vec::new();
    for code in &body.candidates {
        let Some(entry) = t.entries.iter().find(|e| &e.code == code) else {
            continue;
        };
        let (pref, name) = (fold(&entry.prefecture), fold(&entry.name));
        if let Some((id, _)) = folded_texts
            .iter()
            .find(|(_, x)| names_with_prefecture(x, &pref, &name))
        {
            hits.push((entry, id));
        }
    }
    let distinct: BTreeSet<&str> = hits.iter().map(|(e, _)| e.code.as_str()).collect();
    if distinct.len() == 1 {
        let (entry, id) = hits[0];
        body.code = Some(entry.code.clone());
        body.prefecture = Some(entry.prefecture.clone());
        body.name = Some(entry.name.clone());
        body.body_type = entry.body_type;
        body.resolved = true;
        diagnostics.push(diagnostic(
            Level::Info,
            "body.resolved_by_evidence",
            format!(
                "{} resolved to {} by the item {id}, which names {}{} (of the candidates {})",
                clean(raw),
                entry.code,
                entry.prefecture,
                entry.name,
                body.candidates.join(", ")
            ),
        ));
    } else if distinct.len() > 1 {
        diagnostics.push(diagnostic(
            Level::Info,
            "body.evidence_conflicting",
            format!(
                "the document names more than one candidate: {}",
                distinct.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    (body, diagnostics)
}

fn resolve_without_organization(texts: &[(&str, &str)]) -> (Body, Vec<Diagnostic>) {
    let declaration = texts
        .iter()
        .find(|(id, _)| *id == "declaration")
        .and_then(|(_, text)| text.split_once("は、").map(|(subject, _)| subject))
        .filter(|s| !s.is_empty() && s.chars().count() <= 40);
    if let Some(subject) = declaration {
        let (body, mut diagnostics) = resolve(subject);
        if body.resolved || body.body_type != BodyType::Other {
            diagnostics.insert(
                0,
                diagnostic(
                    Level::Info,
                    "body.resolved_by_evidence",
                    format!(
                        "no 評価実施機関名; the body is read from the subject of the 宣言: {}",
                        clean(subject)
                    ),
                ),
            );
            return (body, diagnostics);
        }
    }
    let t = table();
    let mut unions: BTreeSet<String> = BTreeSet::new();
    let mut cited = "";
    let marker = fold("後期高齢者医療広域連合");
    for (id, text) in texts {
        let folded = fold(text);
        if !folded.contains(&marker) {
            continue;
        }
        for entry in t.prefectures.values().map(|&i| &t.entries[i]) {
            let union = format!("{}後期高齢者医療広域連合", entry.name);
            if folded.contains(&fold(&union)) {
                if unions.is_empty() {
                    cited = id;
                }
                unions.insert(union);
            }
        }
    }
    if unions.len() == 1 {
        let union = unions.into_iter().next().unwrap_or_default();
        let (body, mut diagnostics) = resolve(&union);
        diagnostics.insert(
            0,
            diagnostic(
                Level::Info,
                "body.resolved_by_evidence",
                format!("no 評価実施機関名; the item {cited} names {union}, the only body named"),
            ),
        );
        return (body, diagnostics);
    }
    (
        Body::other(),
        vec![diagnostic(
            Level::Warning,
            "body.unknown",
            "no 評価実施機関名, and no decisive evidence of the body in the document".into(),
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_table_counts_and_check_digits() {
        let t = table();
        let count = |k: fn(BodyType) -> bool| t.entries.iter().filter(|e| k(e.body_type)).count();
        assert_eq!(count(|b| b == BodyType::Prefecture), 47);
        assert_eq!(count(|b| b == BodyType::CityWard), 171);
        assert_eq!(
            count(|b| !matches!(b, BodyType::Prefecture | BodyType::CityWard)),
            1747
        );
        assert_eq!(count(|b| b == BodyType::DesignatedCity), 20);
        assert_eq!(count(|b| b == BodyType::SpecialWard), 23);
        assert_eq!(count(|b| b == BodyType::Other), 0);
        assert!(t.entries.iter().all(|e| is_valid_code(&e.code)));
    }

    #[test]
    fn bodies_folding_merges_no_names() {
        let t = table();
        let plain: BTreeSet<(String, String)> = t
            .entries
            .iter()
            .map(|e| (e.prefecture.clone(), e.name.clone()))
            .collect();
        let folded: BTreeSet<(String, String)> =
            plain.iter().map(|(p, n)| (fold(p), fold(n))).collect();
        assert_eq!(plain.len(), folded.len());
    }

    #[test]
    fn bodies_garbage_does_not_panic() {
        for s in [
            "",
            " ",
            "長",
            "郡",
            "県",
            "市長",
            "山口県郡",
            "郡郡郡郡郡郡郡郡郡",
            "\u{0}",
            "🙂市",
        ] {
            let _ = resolve(s);
        }
        assert!(check_digit("1234").is_none());
        assert!(!is_valid_code("35206"));
        assert!(!is_valid_code("35206é"));
    }
}
