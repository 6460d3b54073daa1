//! 事務 categories: the corpus (titles read by hand) and the overlapping names.

use hyoka::categories::{self, classify, classify_text};

use crate::common;

#[test]
fn categories_corpus_documents() {
    // 000-002 print ①事務の名称 国民健康保険に関する事務; 003 has no I.1, its 評価書名 is
    // 国民健康保険に関する事務 重点項目評価書; 004 has neither (a 後期高齢者医療 excerpt).
    for (n, id, field) in [
        ("000", "national_health_insurance", Some("affairs.name")),
        ("001", "national_health_insurance", Some("affairs.name")),
        ("002", "national_health_insurance", Some("affairs.name")),
        ("003", "national_health_insurance", Some("header.title")),
        ("004", "other", None),
    ] {
        let c = classify(&common::parse(n));
        assert_eq!(
            (c.id.as_str(), c.field.as_deref()),
            (id, field),
            "{n}: {c:?}"
        );
    }
}

#[rustfmt::skip]
const CASES: &[(&str, &str)] = &[
    ("国民健康保険に関する事務", "national_health_insurance"),
    ("国民健康保険税の賦課徴収に関する事務", "national_health_insurance"),
    ("国民健康保険の特定健康診査・特定健診に関する事務", "national_health_insurance"),
    ("後期高齢者医療に関する事務", "late_elderly_medical"),
    ("国民健康保険及び後期高齢者医療に関する事務", "late_elderly_medical"),
    ("介護保険に関する事務", "long_term_care"),
    ("介護保険料の賦課徴収に関する事務", "long_term_care"),
    ("住民基本台帳に関する事務", "resident_registry"),
    ("住民基本台帳ネットワークシステムに係る本人確認情報の管理及び提供等に関する事務", "juki_net_prefecture"),
    ("児童手当に関する事務", "child_allowance"),
    ("児童扶養手当の支給に関する事務", "single_parent_welfare"),
    ("特別児童扶養手当の支給に関する事務", "disability_welfare"),
    ("母子及び父子並びに寡婦福祉法による資金の貸付けに関する事務", "single_parent_welfare"),
    ("ひとり親家庭等医療費助成に関する事務", "single_parent_welfare"),
    ("母子保健に関する事務", "vaccination_health"),
    ("予防接種に関する事務", "vaccination_health"),
    ("健康増進事業の実施に関する事務", "vaccination_health"),
    ("子どものための教育・保育給付に関する事務", "child_care"),
    ("子ども・子育て支援に関する事務", "child_care"),
    ("就学援助に関する事務", "education"),
    ("特別支援教育就学奨励費に関する事務", "education"),
    ("障害者総合支援法による自立支援給付の支給に関する事務", "disability_welfare"),
    ("個人住民税の賦課に関する事務", "local_tax"),
    ("固定資産税に関する事務", "local_tax"),
    ("地方税の賦課徴収に関する事務", "local_tax"),
    ("生活保護に関する事務", "public_assistance"),
    ("国民年金に関する事務", "national_pension"),
    ("戸籍に関する事務", "other"),
    ("", "other"),
];

#[test]
fn categories_overlapping_names() {
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let c = classify_text(None, Some(text));
        if c.id != *want {
            failures.push(format!("{text}: want {want}, got {c:?}"));
        }
        // The same text as a 評価書名 gives the same category.
        let t = classify_text(Some(&format!("{text} 全項目評価書")), None);
        if t.id != *want {
            failures.push(format!("title {text}: want {want}, got {t:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn categories_affairs_name_before_title() {
    let c = classify_text(
        Some("介護保険に関する事務 全項目評価書"),
        Some("国民 年金に関する事務"),
    );
    assert_eq!(c.id, "national_pension");
    assert_eq!(c.field.as_deref(), Some("affairs.name"));
    assert_eq!(c.pattern.as_deref(), Some("国民年金"));
    assert_eq!(c.name, "国民年金");
    // An affairs name that matches nothing falls through to the title.
    let c = classify_text(Some("介護保険に関する事務 全項目評価書"), Some("--"));
    assert_eq!(
        (c.id.as_str(), c.field.as_deref()),
        ("long_term_care", Some("header.title"))
    );
    let other = classify_text(None, None);
    assert_eq!((other.pattern, other.field), (None, None));
}

#[test]
fn categories_table_is_documented() {
    let ids: Vec<&str> = categories::all().iter().map(|d| d.id.as_str()).collect();
    let readme = include_str!("../data/README.md");
    for def in categories::all() {
        assert!(
            readme.contains(&format!("`{}`", def.id)),
            "{} not in data/README.md",
            def.id
        );
    }
    assert_eq!(ids.len(), 15);
    assert_eq!(ids.last(), Some(&"other"));
}
