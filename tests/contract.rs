//! The output contract: the JSON Schema validates every output, the CLI prints the same
//! schema, and the output decodes with the test's own types.

use std::process::Command;

use serde::Deserialize;

use crate::common::*;

fn schema() -> serde_json::Value {
    serde_json::from_str(&hyoka::emit::schema_json()).expect("schema is JSON")
}

#[test]
fn every_corpus_output_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    for prefix in ["000", "001", "002", "003", "004"] {
        let doc = parse(prefix);
        let value = serde_json::to_value(&doc).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{prefix}: {errors:?}");
    }
}

/// `corpus.jsonl` holds each stored document made compact: the same text serde_json writes
/// for the document, and the same document read back.
#[test]
fn corpus_lines_are_the_stored_documents_compact() {
    let dir = tempdir();
    let out = dir.path().join("out");
    run_corpus(&out);
    let lines = std::fs::read_to_string(out.join("corpus.jsonl")).unwrap();
    let mut seen = 0;
    for line in lines.lines() {
        let doc: hyoka::Document = serde_json::from_str(line).expect("a document per line");
        assert_eq!(line, serde_json::to_string(&doc).unwrap());
        let stem = std::path::Path::new(&doc.source.path).file_stem().unwrap();
        let stored = std::fs::read_to_string(
            out.join("docs")
                .join(format!("{}.json", stem.to_string_lossy())),
        )
        .unwrap();
        assert_eq!(line, hyoka::emit::compact_json(&stored));
        assert_eq!(stored, hyoka::emit::to_json(&doc).unwrap());
        seen += 1;
    }
    assert_eq!(seen, 5);
    // Strings keep their spaces, escaped quotes and backslashes.
    let v = serde_json::json!({"a b": "x \" \\ y\n", "c": [], "d": {}, "e": [1, 2.5, null]});
    let pretty = serde_json::to_string_pretty(&v).unwrap();
    assert_eq!(
        hyoka::emit::compact_json(&pretty),
        serde_json::to_string(&v).unwrap()
    );
}

#[test]
fn cli_schema_is_the_library_schema() {
    let out = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, schema());
}

/// The test's own view of the contract: a consumer that knows only the documented fields.
#[derive(Deserialize)]
struct OutDoc {
    schema_version: String,
    source: OutSource,
    form: OutForm,
    items: Vec<OutItem>,
    diagnostics: Vec<OutDiag>,
    coverage: OutCoverage,
}
#[derive(Deserialize)]
struct OutSource {
    sha256: String,
    rendering: String,
    encoding: String,
}
#[derive(Deserialize)]
struct OutForm {
    kind: Option<String>,
}
#[derive(Deserialize)]
struct OutItem {
    id: String,
    path: String,
    #[serde(rename = "type")]
    kind: String,
    value: serde_json::Value,
    status: String,
}
#[derive(Deserialize)]
struct OutDiag {
    level: String,
    code: String,
}
#[derive(Deserialize)]
struct OutCoverage {
    ratio: f64,
}

#[test]
fn cli_parse_output_decodes_with_independent_types() {
    let out = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .arg("parse")
        .arg(corpus_path("000"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: OutDoc = serde_json::from_slice(&out.stdout).expect("contract decodes");
    assert_eq!(doc.schema_version, hyoka::SCHEMA_VERSION);
    assert_eq!(doc.source.sha256.len(), 64);
    assert_eq!(doc.source.rendering, "tsv_html");
    assert_eq!(doc.source.encoding, "UTF-8");
    assert_eq!(doc.form.kind.as_deref(), Some("基礎"));
    let audit = doc.items.iter().find(|i| i.id == "audit").unwrap();
    assert_eq!(audit.kind, "checkbox_set");
    assert_eq!(audit.path, "IV.9.a");
    assert_eq!(audit.value[2]["option"], "外部監査");
    assert_eq!(audit.value[2]["checked"], false);
    let measure = doc
        .items
        .iter()
        .find(|i| i.id == "priority.measure")
        .unwrap();
    assert_eq!(measure.value["index"], 8);
    let pop = doc
        .items
        .iter()
        .find(|i| i.id == "threshold.population")
        .unwrap();
    assert_eq!(pop.status, "missing");
    assert!(pop.value.is_null());
    assert!(doc
        .diagnostics
        .iter()
        .all(|d| ["info", "warning", "error"].contains(&d.level.as_str()) && !d.code.is_empty()));
    assert!((0.0..=1.0).contains(&doc.coverage.ratio));
}

#[test]
fn run_over_the_corpus_writes_every_output() {
    let dir = tempdir();
    let out = dir.path().join("out");
    run_corpus(&out);
    for prefix in [
        "000_0dcf8c9dd007b5ab",
        "001_e85a03c2c6247dbf",
        "002_f2a32088158c6f8a",
        "003_6e56c5aafac9f5fa",
        "004_a3074577755b48d0",
    ] {
        let p = out.join("docs").join(format!("{prefix}.json"));
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        assert_eq!(v["schema_version"], hyoka::SCHEMA_VERSION);
    }
    assert_eq!(
        std::fs::read_to_string(out.join("corpus.jsonl"))
            .unwrap()
            .lines()
            .count(),
        5
    );
    let csv = std::fs::read_to_string(out.join("items.csv")).unwrap();
    assert!(csv.starts_with(
        "document,form_kind,form_version,id,path,label,type,block,block_index,option,checked,\
         choice_index,value,count,date,status,line,page\n"
    ));
    // 000:L112 監査: ☑自己点検 ☑内部監査 ☐外部監査 — the set, then one row per option.
    let audit: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("000_0dcf8c9dd007b5ab.txt,") && l.contains(",audit,"))
        .collect();
    assert_eq!(audit.len(), 4, "{audit:?}");
    assert!(audit[0].contains("☑自己点検 ☑内部監査 ☐外部監査"));
    assert!(audit[1].contains(",自己点検,true,"));
    assert!(audit[2].contains(",内部監査,true,"));
    assert!(audit[3].contains(",外部監査,false,"));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["documents"], 5);
    assert_eq!(summary["failed"], 0);
    // Answer distributions across bodies: 000 and 002 both answer 教育 `十分に行っている`
    // (000:L114, 002:L309); 003 and 001 too (003:L352, 001:L979).
    assert_eq!(summary["answers"]["education"]["十分に行っている"], 4);
    assert_eq!(summary["answers"]["audit.自己点検"]["true"], 2); // 000:L112, 002:L274
}
