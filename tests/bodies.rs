//! Body resolution: the code table itself, hard organization strings, and the corpus.
//!
//! Every expected code below was looked up by hand in
//! `data/local-government-codes-2024-01-01.csv`, never taken from the program's output.

use hyoka::bodies::{self, resolve, resolve_document, Body, BodyType};
use hyoka::{Diagnostic, Value};

use crate::common;

#[test]
fn bodies_table_check_digits_and_counts() {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(bodies::CODES_CSV.as_bytes());
    let header = reader.headers().expect("header row").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["code", "type", "prefecture", "municipality", "ward", "ruby"]
    );
    let (mut prefectures, mut municipalities, mut wards, mut rows) = (0, 0, 0, 0);
    for record in reader.records() {
        let record = record.expect("valid CSV row");
        rows += 1;
        let code = &record[0];
        assert!(bodies::is_valid_code(code), "bad check digit: {code}");
        let digits: Vec<u32> = code.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = digits[..5]
            .iter()
            .zip([6, 5, 4, 3, 2])
            .map(|(d, w)| d * w)
            .sum();
        assert_eq!((11 - sum % 11) % 10, digits[5], "{code}");
        match &record[1] {
            "prefecture" => prefectures += 1,
            "municipality" => municipalities += 1,
            "designated_city_ward" => wards += 1,
            other => panic!("unknown row type {other}"),
        }
    }
    assert_eq!((prefectures, municipalities, wards), (47, 1747, 171));
    assert_eq!(rows, 1965);
    assert!(bodies::CODES_CSV.starts_with("# 全国地方公共団体コード"));
    assert_eq!(bodies::check_digit("35206"), Some(3));
    assert!(!bodies::is_valid_code("352064"));
}

/// What a case expects: a code, or an ambiguous name with this many candidates, or no code.
#[derive(Debug)]
enum Want {
    Code(&'static str),
    Ambiguous(usize),
    NoCode,
}
use Want::{Ambiguous, Code, NoCode};

const T: BodyType = BodyType::Town;

#[rustfmt::skip]
const CASES: &[(&str, Want, BodyType, Option<&str>)] = &[
    // prefecture printed, or not; the corpus names
    ("山口県防府市長", Code("352063"), BodyType::City, Some("市長")),
    ("防 府 市 長", Code("352063"), BodyType::City, Some("市長")),
    ("山口県　防府市長", Code("352063"), BodyType::City, Some("市長")),
    ("埼玉県川口市長", Code("112038"), BodyType::City, Some("市長")),
    ("鳥取県八頭町長", Code("313297"), T, Some("町長")),
    ("倉敷市長", Code("332020"), BodyType::City, Some("市長")),
    // 郡 in the printed name
    ("鳥取県八頭郡八頭町長", Code("313297"), T, Some("町長")),
    ("山口県熊毛郡田布施町長", Code("353434"), T, Some("町長")),
    ("田布施町長", Code("353434"), T, Some("町長")),
    ("福岡県八女郡広川町長", Code("405442"), T, Some("町長")),
    ("郡山市長", Code("072036"), BodyType::City, Some("市長")),
    ("奈良県大和郡山市長", Code("292036"), BodyType::City, Some("市長")),
    // the same name in several prefectures: never guessed
    ("伊達市長", Ambiguous(2), BodyType::City, Some("市長")),
    ("北海道伊達市長", Code("012335"), BodyType::City, Some("市長")),
    ("福島県伊達市長", Code("072133"), BodyType::City, Some("市長")),
    ("府中市長", Ambiguous(2), BodyType::City, Some("市長")),
    ("広島県府中市長", Code("342084"), BodyType::City, Some("市長")),
    ("東京都府中市長", Code("132063"), BodyType::City, Some("市長")),
    ("府中町長", Code("343021"), T, Some("町長")),
    ("泊村長", Ambiguous(2), BodyType::Village, Some("村長")),
    ("北海道泊村長", Ambiguous(2), BodyType::Village, Some("村長")),
    ("森町長", Ambiguous(2), T, Some("町長")),
    ("美里町長", Ambiguous(3), T, Some("町長")),
    ("熊本県美里町長", Code("433489"), T, Some("町長")),
    ("広川町長", Ambiguous(2), T, Some("町長")),
    ("清水町長", Ambiguous(2), T, Some("町長")),
    // 政令市 and its wards
    ("札幌市長", Code("011002"), BodyType::DesignatedCity, Some("市長")),
    ("札幌市中央区長", Code("011011"), BodyType::CityWard, Some("区長")),
    ("北海道札幌市中央区長", Code("011011"), BodyType::CityWard, Some("区長")),
    ("浜松市中央区長", Code("221384"), BodyType::CityWard, Some("区長")),
    ("横浜市保土ヶ谷区長", Code("141062"), BodyType::CityWard, Some("区長")),
    ("京都府京都市中京区長", Code("261041"), BodyType::CityWard, Some("区長")),
    ("大阪府北区長", Ambiguous(2), BodyType::CityWard, Some("区長")),
    ("北区長", Ambiguous(11), BodyType::Other, Some("区長")),
    ("中央区長", Ambiguous(11), BodyType::Other, Some("区長")),
    // 特別区
    ("品川区長", Code("131091"), BodyType::SpecialWard, Some("区長")),
    ("東京都品川区長", Code("131091"), BodyType::SpecialWard, Some("区長")),
    ("東京都中央区長", Code("131024"), BodyType::SpecialWard, Some("区長")),
    // prefectures and offices
    ("兵庫県教育委員会", Code("280003"), BodyType::Prefecture, Some("教育委員会")),
    ("山口県知事", Code("350001"), BodyType::Prefecture, Some("知事")),
    ("北海道知事", Code("010006"), BodyType::Prefecture, Some("知事")),
    ("京都府知事", Code("260002"), BodyType::Prefecture, Some("知事")),
    ("大阪府知事", Code("270008"), BodyType::Prefecture, Some("知事")),
    ("兵庫県", Code("280003"), BodyType::Prefecture, None),
    ("防府市教育委員会", Code("352063"), BodyType::City, Some("教育委員会")),
    ("川口市上下水道事業管理者", Code("112038"), BodyType::City, Some("上下水道事業管理者")),
    // 市, 町, 村 inside names
    ("四日市市長", Code("242021"), BodyType::City, Some("市長")),
    ("廿日市市長", Code("342131"), BodyType::City, Some("市長")),
    ("市川市長", Code("122033"), BodyType::City, Some("市長")),
    ("市原市長", Code("122190"), BodyType::City, Some("市長")),
    ("市川三郷町長", Code("193461"), T, Some("町長")),
    ("大町市長", Code("202126"), BodyType::City, Some("市長")),
    ("大町町長", Code("414239"), T, Some("町長")),
    ("十日町市長", Code("152102"), BodyType::City, Some("市長")),
    ("野々市市長", Code("172120"), BodyType::City, Some("市長")),
    ("長岡京市長", Code("262099"), BodyType::City, Some("市長")),
    ("東村山市長", Code("132136"), BodyType::City, Some("市長")),
    ("東村長", Code("473031"), BodyType::Village, Some("村長")),
    // spelling variants (the table writes 鎌け谷市, 龍け崎市, 青ゖ島村, 梼原町)
    ("鎌ケ谷市長", Code("122246"), BodyType::City, Some("市長")),
    ("鎌ヶ谷市長", Code("122246"), BodyType::City, Some("市長")),
    ("龍ケ崎市長", Code("082082"), BodyType::City, Some("市長")),
    ("竜ヶ崎市長", Code("082082"), BodyType::City, Some("市長")),
    ("青ヶ島村長", Code("134023"), BodyType::Village, Some("村長")),
    ("檮原町長", Code("394050"), T, Some("町長")),
    // bodies without a code
    ("山口県後期高齢者医療広域連合", NoCode, BodyType::WideAreaUnion, None),
    ("岩手県後期高齢者医療広域連合長", NoCode, BodyType::WideAreaUnion, Some("広域連合長")),
    ("東部知多衛生組合", NoCode, BodyType::PartialAffairsUnion, None),
    ("柳井地域広域水道企業団", NoCode, BodyType::PartialAffairsUnion, None),
    ("厚生労働省", NoCode, BodyType::NationalAgency, None),
    ("デジタル庁", NoCode, BodyType::NationalAgency, None),
    ("内閣府", NoCode, BodyType::NationalAgency, None),
    ("国税庁長官", NoCode, BodyType::NationalAgency, None),
    ("個人情報保護委員会", NoCode, BodyType::NationalAgency, None),
    ("日本年金機構", NoCode, BodyType::IncorporatedAdministrativeAgency, None),
    ("独立行政法人日本学生支援機構", NoCode, BodyType::IncorporatedAdministrativeAgency, None),
    ("地方公共団体情報システム機構", NoCode, BodyType::IncorporatedAdministrativeAgency, None),
    // unknown: empty, garbage, old names (新南陽市 → 周南市 2003, 浦和市 → さいたま市 2001)
    ("", NoCode, BodyType::Other, None),
    ("　 ", NoCode, BodyType::Other, None),
    ("abc", NoCode, BodyType::Other, None),
    ("新南陽市長", NoCode, BodyType::Other, None),
    ("山口県新南陽市長", NoCode, BodyType::Other, None),
    ("浦和市長", NoCode, BodyType::Other, None),
    ("山口県川口市長", NoCode, BodyType::Other, None),
];

fn codes(d: &[Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn bodies_hard_organization_strings() {
    assert!(CASES.len() >= 45);
    let mut failures = Vec::new();
    for (raw, want, body_type, office) in CASES {
        let (body, diagnostics) = resolve(raw);
        let ok = body.body_type == *body_type
            && body.office.as_deref() == *office
            && match want {
                Code(code) => {
                    body.code.as_deref() == Some(*code)
                        && body.resolved
                        && body.candidates.is_empty()
                        && diagnostics.iter().all(|d| d.code != "body.ambiguous")
                }
                Ambiguous(n) => {
                    body.code.is_none()
                        && !body.resolved
                        && body.candidates.len() == *n
                        && body.candidates.windows(2).all(|w| w[0] < w[1])
                        && codes(&diagnostics).contains(&"body.ambiguous")
                }
                NoCode => {
                    let expected = if *body_type == BodyType::Other {
                        "body.unknown"
                    } else {
                        "body.no_code"
                    };
                    body.code.is_none()
                        && !body.resolved
                        && body.candidates.is_empty()
                        && codes(&diagnostics).contains(&expected)
                }
            };
        if !ok {
            failures.push(format!(
                "{raw:?}: want {want:?} {body_type:?} {office:?}, got {body:?} {diagnostics:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bodies_ambiguous_message_lists_candidates() {
    let (body, diagnostics) = resolve("伊達市長");
    assert_eq!(body.candidates, ["012335", "072133"]);
    assert_eq!(body.name.as_deref(), Some("伊達市"));
    assert_eq!(body.prefecture, None);
    let d = diagnostics
        .iter()
        .find(|d| d.code == "body.ambiguous")
        .unwrap();
    assert_eq!(d.level, hyoka::Level::Warning);
    assert!(
        d.message.contains("012335 (北海道伊達市)") && d.message.contains("072133 (福島県伊達市)"),
        "{}",
        d.message
    );
}

#[test]
fn bodies_names_and_prefectures() {
    let (b, _) = resolve("札幌市中央区長");
    assert_eq!(
        (b.name.as_deref(), b.prefecture.as_deref()),
        (Some("札幌市中央区"), Some("北海道"))
    );
    let (b, d) = resolve("大阪府北区長");
    assert_eq!(
        (b.name.as_deref(), b.prefecture.as_deref()),
        (Some("北区"), Some("大阪府"))
    );
    assert_eq!(b.candidates, ["271276", "271462"]);
    assert!(
        d[0].message.contains("271462 (大阪府堺市北区)"),
        "{}",
        d[0].message
    );
    let (b, _) = resolve("山口県後期高齢者医療広域連合");
    assert_eq!(b.prefecture.as_deref(), Some("山口県"));
    assert_eq!(b.name.as_deref(), Some("山口県後期高齢者医療広域連合"));
    let (b, _) = resolve("兵庫県教育委員会");
    assert_eq!(b.name.as_deref(), Some("兵庫県"));
    assert_eq!(
        BodyType::IncorporatedAdministrativeAgency.as_str(),
        "incorporated_administrative_agency"
    );
    assert_eq!(BodyType::DesignatedCity.label(), "政令市");
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(json["body_type"], "prefecture");
    assert_eq!(json["code"], "280003");
}

/// The corpus: codes looked up by hand from each document's 評価実施機関名.
#[test]
fn bodies_corpus_documents() {
    // 000 山口県防府市長 → 352063; 001 埼玉県川口市長 → 112038; 002 鳥取県八頭町長 → 313297;
    // 003 倉敷市長 (unique: 岡山県) → 332020.
    for (n, code, body_type) in [
        ("000", "352063", BodyType::City),
        ("001", "112038", BodyType::City),
        ("002", "313297", BodyType::Town),
        ("003", "332020", BodyType::City),
    ] {
        let doc = hyoka::parse_file(&common::corpus_path(n), &hyoka::Options::default()).unwrap();
        let (body, diagnostics) = resolve_document(&doc);
        assert_eq!(
            body.code.as_deref(),
            Some(code),
            "{n}: {body:?} {diagnostics:?}"
        );
        assert_eq!(body.body_type, body_type, "{n}");
        assert_eq!(
            body.office.as_deref(),
            Some(if n == "002" { "町長" } else { "市長" }),
            "{n}"
        );
    }
    // 004 has no cover page; its text names 岩手県後期高齢者医療広域連合, which has no code.
    let doc = common::parse("004");
    let (body, diagnostics) = resolve_document(&doc);
    let want = Body {
        code: None,
        prefecture: Some("岩手県".into()),
        name: Some("岩手県後期高齢者医療広域連合".into()),
        body_type: BodyType::WideAreaUnion,
        office: None,
        candidates: vec![],
        resolved: false,
    };
    assert_eq!(body, want, "{diagnostics:?}");
    assert!(codes(&diagnostics).contains(&"body.resolved_by_evidence"));
}

fn set_text(doc: &mut hyoka::Document, id: &str, text: &str) {
    let item = doc
        .items
        .iter_mut()
        .find(|i| i.id == id)
        .expect("item exists");
    item.value = Value::Text(text.into());
}

#[test]
fn bodies_evidence_breaks_a_tie_only_when_decisive() {
    let mut doc = common::parse("000");
    doc.header.organization.raw = Some("伊達市長".into());
    // 000's own contacts name 防府市 only: no evidence, stays ambiguous.
    let (body, diagnostics) = resolve_document(&doc);
    assert_eq!(
        (body.code.as_deref(), body.candidates.len()),
        (None, 2),
        "{diagnostics:?}"
    );

    set_text(
        &mut doc,
        "disclosure.contact",
        "〒960-0692 福島県伊達市保原町字舟橋180 伊達市総務部",
    );
    let (body, diagnostics) = resolve_document(&doc);
    assert_eq!(body.code.as_deref(), Some("072133"), "{diagnostics:?}");
    let d = diagnostics
        .iter()
        .find(|d| d.code == "body.resolved_by_evidence")
        .unwrap();
    assert_eq!(d.level, hyoka::Level::Info);
    assert!(d.message.contains("disclosure.contact"), "{}", d.message);

    // Both candidates named: not decisive.
    set_text(&mut doc, "inquiry.contact", "北海道伊達市鹿島町20番地1");
    let (body, _) = resolve_document(&doc);
    assert_eq!(body.code, None);
    assert_eq!(body.candidates, ["012335", "072133"]);

    // A resolved name is never overridden by evidence.
    doc.header.organization.raw = Some("防府市長".into());
    assert_eq!(resolve_document(&doc).0.code.as_deref(), Some("352063"));
}

#[test]
fn bodies_without_organization_read_the_declaration() {
    let mut doc = common::parse("003");
    doc.header.organization.raw = None;
    let (body, diagnostics) = resolve_document(&doc);
    assert_eq!(body.code.as_deref(), Some("332020"), "{diagnostics:?}");
    assert!(codes(&diagnostics).contains(&"body.resolved_by_evidence"));
}
