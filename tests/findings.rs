//! From documents to findings: the corpus tables (CSV and Parquet), body codes, statistics,
//! indicators, comparison and peers — every expected value read from the corpus documents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use crate::common::*;

/// One `hyoka run` over the corpus, shared by the tests of this module.
fn out() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, p) = OUT.get_or_init(|| {
        let dir = tempdir();
        let out = dir.path().join("out");
        let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["run", "--quiet", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        (dir, out)
    });
    p
}

/// A CSV table as rows of column → value.
fn csv_rows(name: &str) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(out().join(name)).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn doc_row<'a>(rows: &'a [HashMap<String, String>], prefix: &str) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r["document"].starts_with(prefix))
        .unwrap_or_else(|| panic!("no row for {prefix}"))
}

#[test]
fn documents_table_names_each_body_by_its_code() {
    let rows = csv_rows("documents.csv");
    assert_eq!(rows.len(), 5);
    // Codes looked up by hand in data/local-government-codes-2024-01-01.csv for the
    // 評価実施機関名 on each cover (000:L16 山口県防府市長, 001 川口市長, 002 八頭町長,
    // 003 倉敷市長); 004 is an excerpt of 岩手県後期高齢者医療広域連合, which has no code.
    for (prefix, code, pref, name, kind) in [
        ("000", "352063", "山口県", "防府市", "city"),
        ("001", "112038", "埼玉県", "川口市", "city"),
        ("002", "313297", "鳥取県", "八頭町", "town"),
        ("003", "332020", "岡山県", "倉敷市", "city"),
        (
            "004",
            "",
            "岩手県",
            "岩手県後期高齢者医療広域連合",
            "wide_area_union",
        ),
    ] {
        let r = doc_row(&rows, prefix);
        assert_eq!(r["lg_code"], code, "{prefix}");
        assert_eq!(r["prefecture"], pref, "{prefix}");
        assert_eq!(r["body_name"], name, "{prefix}");
        assert_eq!(r["body_type"], kind, "{prefix}");
    }
    let r = doc_row(&rows, "000");
    assert_eq!(r["form_kind"], "基礎");
    assert_eq!(r["form_version"], "r6");
    assert_eq!(r["number"], "11");
    assert_eq!(r["published"], "2025-12-26"); // 000:L20 令和7年12月26日
    assert_eq!(r["category"], "national_health_insurance");
    assert_eq!(r["office"], "市長");
    assert_eq!(r["draft"], "false");
    // 002 selects 1,000人以上1万人未満 for 対象人数; 000 selects nothing (000:L73).
    assert_eq!(
        doc_row(&rows, "002")["population_band"],
        "1,000人以上1万人未満"
    );
    assert_eq!(r["population_band"], "");
}

/// The rows of a Parquet file as column → field.
fn parquet_rows(name: &str) -> Vec<HashMap<String, Field>> {
    let f = std::fs::File::open(out().join(name)).unwrap();
    let reader = SerializedFileReader::new(f).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .collect()
}

#[test]
fn parquet_tables_read_back_with_real_types() {
    let docs = parquet_rows("documents.parquet");
    assert_eq!(docs.len(), 5);
    let d000 = docs
        .iter()
        .find(|r| matches!(&r["document"], Field::Str(s) if s.starts_with("000")))
        .unwrap();
    // 2025-12-26 is day 20,448 after 1970-01-01.
    assert_eq!(d000["published"], Field::Date(20_448));
    assert_eq!(d000["draft"], Field::Bool(false));
    assert_eq!(d000["lg_code"], Field::Str("352063".into()));
    assert!(matches!(d000["items_ok"], Field::Long(n) if n > 0));
    assert!(matches!(d000["page_count"], Field::Null));

    let items = parquet_rows("items.parquet");
    let csv_items = csv_rows("items.csv");
    assert_eq!(items.len(), csv_items.len());
    // 000:L112: 外部監査 unchecked, as a boolean.
    let external = items
        .iter()
        .find(|r| {
            matches!(&r["document"], Field::Str(s) if s.starts_with("000"))
                && r["id"] == Field::Str("audit".into())
                && r["option"] == Field::Str("外部監査".into())
        })
        .unwrap();
    assert_eq!(external["checked"], Field::Bool(false));
    // 001:L329 委託の有無 ( 6 ) 件 as an integer.
    let count = items
        .iter()
        .find(|r| {
            matches!(&r["document"], Field::Str(s) if s.starts_with("001"))
                && r["id"] == Field::Str("outsourcing.count".into())
        })
        .unwrap();
    assert_eq!(count["count"], Field::Long(6));

    assert_eq!(parquet_rows("answers.parquet").len(), 5);
    assert_eq!(
        parquet_rows("stats.parquet").len(),
        csv_rows("stats.csv").len()
    );
}

#[test]
fn answers_table_has_one_column_per_answer() {
    let cols = csv_rows("answers_columns.csv");
    let col = |id: &str, option: &str| {
        cols.iter()
            .find(|c| c["id"] == id && c["option"] == option)
            .map(|c| c["column"].clone())
            .unwrap_or_else(|| panic!("no column for {id} {option}"))
    };
    let rows = csv_rows("answers.csv");
    let r000 = doc_row(&rows, "000");
    let r002 = doc_row(&rows, "002");
    // 000:L112 ☑自己点検 ☑内部監査 ☐外部監査; 002:L271–295 [○]自己点検, 内部監査 and 外部監査 empty.
    assert_eq!(r000[&col("audit", "自己点検")], "true");
    assert_eq!(r000[&col("audit", "内部監査")], "true");
    assert_eq!(r000[&col("audit", "外部監査")], "false");
    assert_eq!(r002[&col("audit", "内部監査")], "false");
    // 教育: 十分に行っている in 000:L114 and 002:L309.
    assert_eq!(r000[&col("education", "")], "十分に行っている");
    assert_eq!(r002[&col("education", "")], "十分に行っている");
    // 001:L329 委託の有無 ( 6 ) 件.
    assert_eq!(doc_row(&rows, "001")[&col("outsourcing.count", "")], "6");
}

#[test]
fn stats_give_counts_with_their_n() {
    let rows = csv_rows("stats.csv");
    let find = |dim: &str, group: &str, id: &str, option: &str, answer: &str| {
        rows.iter()
            .find(|r| {
                r["form_kind"] == "基礎"
                    && r["dimension"] == dim
                    && r["group"] == group
                    && r["id"] == id
                    && r["option"] == option
                    && r["answer"] == answer
            })
            .map(|r| (r["count"].clone(), r["n"].clone()))
    };
    // The two 基礎 documents (000, 002): both leave 外部監査 unchecked; 内部監査 checked in
    // 000 only.
    assert_eq!(
        find("all", "", "audit", "外部監査", "false"),
        Some(("2".into(), "2".into()))
    );
    assert_eq!(
        find("all", "", "audit", "内部監査", "true"),
        Some(("1".into(), "2".into()))
    );
    assert_eq!(
        find("prefecture", "山口県", "audit", "内部監査", "true"),
        Some(("1".into(), "1".into()))
    );
    assert_eq!(
        find("body_type", "town", "audit", "内部監査", "false"),
        Some(("1".into(), "1".into()))
    );
    assert!(rows.iter().all(|r| r["n"] != "0"), "only cells with n ≥ 1");
}

#[test]
fn indicators_count_what_the_documents_say() {
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out().join("summary.json")).unwrap())
            .unwrap();
    let ind = |id: &str| {
        summary["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no indicator {id}"))
    };
    // 委託の有無: 委託する in 001:L329 and 003:L117; no other document prints it.
    assert_eq!(ind("outsourcing_share")["n"], 2);
    assert_eq!(ind("outsourcing_share")["value"], 1.0);
    // 委託事項: 6 (001:L329), 6 (003:L117), and 004's two printed blocks (委託事項3, 4).
    let mean = ind("outsourcing_items_mean")["value"].as_f64().unwrap();
    assert!((mean - 14.0 / 3.0).abs() < 1e-9, "{mean}");
    // 提供先: ( 82 ) 件 in 001:L415, ( 23 ) 件 in 003:L173.
    assert_eq!(ind("provision_dests_mean")["value"], 52.5);
    // ガバメントクラウド in 000 (L118) and 001; not in 002, 003, 004.
    assert_eq!(ind("gov_cloud_share")["numerator"], 2.0);
    assert_eq!(ind("gov_cloud_share")["n"], 5);
    // Published on or after 2024-05-27: 000 (2025-12-26) and 001 (2025-06-06); both cite
    // 第19条第8号 in their current answers.
    assert_eq!(ind("pre_revision_citation_share")["n"], 2);
    assert_eq!(ind("pre_revision_citation_share")["value"], 0.0);
    // 外部監査 unchecked in both 基礎 documents.
    assert_eq!(ind("no_external_audit_share")["value"], 1.0);
    // Ages at 2025-12-26: 000 0, 001 203, 002 725, 003 651 days.
    assert_eq!(ind("age_days")["value"], 394.75);
}

fn hyoka_stdout(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn compare_two_bodies_item_by_item() {
    let a = corpus_path("000").display().to_string();
    let b = corpus_path("002").display().to_string();
    let json: serde_json::Value =
        serde_json::from_str(&hyoka_stdout(&["compare", &a, &b, "--json"])).unwrap();
    let row = |id: &str| {
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    assert_eq!(row("header.organization")["outcome"], "different");
    assert_eq!(row("header.organization")["a"], "山口県防府市長");
    assert_eq!(row("header.organization")["b"], "鳥取県八頭町長");
    // 教育: 十分に行っている in both (000:L114, 002:L309).
    assert_eq!(row("education")["outcome"], "equal");
    // 内部監査 checked in 000:L112, not in 002.
    assert_eq!(row("audit")["outcome"], "different");
    // The declarations differ only in the body's name.
    let diff = row("declaration")["diff"].as_str().unwrap().to_string();
    assert!(diff.starts_with("[-防府市-]{+八頭町+}は、"), "{diff}");
    // 000 is the 令和6年 layout with IV.8 人手を介在させる作業; 002 (平成31年1月) has no such item.
    assert_eq!(row("form.version")["a"], "r6");
    assert_eq!(row("form.version")["b"], "h31");

    // A document compared with itself: all equal.
    let same: serde_json::Value =
        serde_json::from_str(&hyoka_stdout(&["compare", &a, &a, "--json"])).unwrap();
    assert_eq!(same["counts"].as_object().unwrap().len(), 1);
    assert!(same["counts"]["equal"].as_u64().unwrap() > 40);
}

#[test]
fn peers_share_the_kind_and_the_affairs() {
    let a = corpus_path("000").display().to_string();
    let corpus = out().display().to_string();
    let json: serde_json::Value =
        serde_json::from_str(&hyoka_stdout(&["peers", &a, "--corpus", &corpus, "--json"])).unwrap();
    // 000's peers: the other 基礎 国民健康保険 document, 002 (000 itself is not its own peer).
    assert_eq!(json["peers"], 1);
    let item = |id: &str, option: Option<&str>| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id && i["option"].as_str() == option)
            .cloned()
            .unwrap_or_else(|| panic!("no item {id}"))
    };
    let edu = item("education", None);
    assert_eq!(edu["answer"], "十分に行っている");
    assert_eq!(
        (edu["same"].clone(), edu["n"].clone()),
        (1.into(), 1.into())
    );
    assert_eq!(edu["rare"], false);
    let internal = item("audit", Some("内部監査"));
    assert_eq!(internal["answer"], "true");
    assert_eq!(internal["same"], 0);
    assert_eq!(internal["rare"], true, "no peer agrees");
    let text = hyoka_stdout(&["peers", &a, "--corpus", &corpus]);
    assert!(text.contains("peers: 1"), "{text}");
    assert!(text.contains("← rare"));
}

#[test]
fn stats_command_rebuilds_and_prints_the_indicators() {
    let dir = tempdir();
    let out = dir.path().join("out");
    run_corpus(&out);
    let before = std::fs::read(out.join("stats.csv")).unwrap();
    std::fs::remove_file(out.join("stats.csv")).unwrap();
    let text = hyoka_stdout(&["stats", &out.display().to_string()]);
    assert!(text.starts_with("5 documents"), "{text}");
    assert!(text.contains("ガバメントクラウド"), "{text}");
    assert_eq!(std::fs::read(out.join("stats.csv")).unwrap(), before);
}
