//! The cover page: 評価書番号, 評価書名, 評価実施機関名, 公表日.
//!
//! Values are read after their labels. Where the reading order is scrambled (values printed
//! before their labels), the cover region — the lines before the first section — is searched
//! for the one line of the expected shape (`3 国民健康保険に関する事務 基礎項目評価書`, a
//! single date, a name ending in `町長`), and a diagnostic says so.

use std::sync::LazyLock;

use regex::Regex;

use super::values::Read;
use super::Work;
use crate::catalog::{label_key, Role};
use crate::model::{Diagnostic, Header, Level, Organization, Status, Value};
use crate::normalize::date;
use crate::normalize::join_wrapped;
use crate::segment::SourceText;

static NUMBER_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,5})\s+(\S.*評価書)$").expect("valid regex"));

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

fn read_rows(
    src: &SourceText,
    end: usize,
    keys: &[String; 4],
    used: &mut [bool],
    diags: &mut Vec<Diagnostic>,
) -> Header {
    let mut h = Header::default();
    let label_rows: Vec<usize> = (0..end)
        .filter(|&i| {
            let k = label_key(&src.rows[i].joined(""));
            keys.iter()
                .any(|key| !key.is_empty() && k.starts_with(key.as_str()))
        })
        .collect();
    let is_label = |i: usize| label_rows.contains(&i);
    let next_value = |i: usize| -> Option<usize> {
        (i + 1..end)
            .find(|&j| !src.rows[j].is_empty())
            .filter(|&j| !is_label(j))
    };
    let mut scrambled = false;
    // Number and title: the row after `評価書番号 評価書名`, or any row of that shape.
    let number_row = (0..end).find(|&i| NUMBER_TITLE.is_match(&src.rows[i].joined(" ")));
    if let Some(i) = number_row {
        let t = src.rows[i].joined(" ");
        if let Some(c) = NUMBER_TITLE.captures(&t) {
            h.number = Some(c[1].to_string());
            h.title = Some(c[2].trim().to_string());
            used[i] = true;
            let label_before = label_rows.iter().any(|&l| {
                l < i && label_key(&src.rows[l].joined("")).starts_with(keys[0].as_str())
            });
            scrambled |= !label_before;
        }
    }
    for &l in &label_rows {
        used[l] = true;
        let key = label_key(&src.rows[l].joined(""));
        let value_row = next_value(l);
        // A value on the label's own row (`評価実施機関名⇥山口県防府市長`).
        let same_row = src.rows[l]
            .cells
            .iter()
            .skip(1)
            .find(|c| !c.is_empty())
            .cloned();
        if key.starts_with(keys[2].as_str()) && !keys[2].is_empty() {
            if let Some(name) = same_row.clone().filter(|c| looks_like_organization(c)) {
                h.organization = organization(&name);
            } else if let Some(j) =
                value_row.filter(|&j| looks_like_organization(&src.rows[j].joined("")))
            {
                h.organization = organization(&src.rows[j].joined(""));
                used[j] = true;
            }
        }
        if key.starts_with(keys[3].as_str()) && !keys[3].is_empty() {
            // Value on the label's row, or the next row.
            let cand = same_row
                .map(|t| (l, t))
                .or_else(|| value_row.map(|j| (j, src.rows[j].joined(" "))));
            if let Some((j, t)) = cand {
                if let Some(f) = date::parse_whole(&t) {
                    used[j] = true;
                    h.published.raw = Some(f.raw.trim().to_string());
                    match f.result {
                        Ok(v) => h.published.date = Some(v.iso),
                        Err(p) => diags.push(diag(
                            Level::Warning,
                            "header.date_impossible",
                            Some(src.rows[j].line),
                            format!("公表日 `{}`: {}", f.raw, p.reason),
                        )),
                    }
                }
            }
        }
    }
    if h.organization.raw.is_none() {
        if let Some(j) = (0..end).find(|&j| looks_like_organization(&src.rows[j].joined(""))) {
            h.organization = organization(&src.rows[j].joined(""));
            used[j] = true;
            scrambled = true;
        }
    }
    if h.published.raw.is_none() {
        // The one full date of the cover that is not part of the 様式 stamp.
        let dates: Vec<(usize, date::FoundDate)> = (0..end)
            .filter(|&j| !src.rows[j].joined("").contains("様式"))
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
    if scrambled {
        diags.push(diag(Level::Info, "header.scrambled", None, "cover page values are not next to their labels; each was recognized by its shape (the only line of that shape on the cover page)".into()));
    }
    for (what, missing) in [
        ("評価書番号", h.number.is_none()),
        ("評価実施機関名", h.organization.raw.is_none()),
        ("公表日", h.published.raw.is_none()),
    ] {
        if missing {
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
