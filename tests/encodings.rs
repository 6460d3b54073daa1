//! A document re-encoded to Shift_JIS (CP932), EUC-JP or UTF-16 must give the same JSON as
//! its UTF-8 original, except `source.encoding`.

use encoding_rs::{Encoding, EUC_JP, SHIFT_JIS};
use hyoka::{parse_bytes, Options};

use crate::common::*;

fn json_without_encoding(bytes: &[u8]) -> (serde_json::Value, String) {
    let doc = parse_bytes(bytes, "same-name.txt", &Options::default()).expect("parses");
    let encoding = doc.source.encoding.clone();
    let mut v = serde_json::to_value(&doc).expect("serializes");
    v["source"]["encoding"] = serde_json::Value::Null;
    (v, encoding)
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian {
            &[0xFE, 0xFF]
        } else {
            &[0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn legacy(text: &str, enc: &'static Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(
        !unmappable,
        "the seed has characters {} cannot encode",
        enc.name()
    );
    bytes.into_owned()
}

fn assert_same(prefix: &str, encoded: Vec<u8>, expected_encoding: &str) {
    let original = corpus_bytes(prefix);
    let (want, _) = json_without_encoding(&original);
    let (got, encoding) = json_without_encoding(&encoded);
    assert_eq!(encoding, expected_encoding, "{prefix}: detected encoding");
    assert!(
        got == want,
        "{prefix} as {expected_encoding}: JSON differs from the UTF-8 original"
    );
}

fn seed_text(prefix: &str) -> String {
    String::from_utf8(corpus_bytes(prefix)).expect("seeds are UTF-8")
}

#[test]
fn seed_002_in_shift_jis() {
    assert_same("002", legacy(&seed_text("002"), SHIFT_JIS), "Shift_JIS");
}

#[test]
fn seed_002_in_euc_jp() {
    assert_same("002", legacy(&seed_text("002"), EUC_JP), "EUC-JP");
}

#[test]
fn seed_004_in_shift_jis_and_euc_jp() {
    assert_same("004", legacy(&seed_text("004"), SHIFT_JIS), "Shift_JIS");
    assert_same("004", legacy(&seed_text("004"), EUC_JP), "EUC-JP");
}

#[test]
fn seeds_in_utf16_with_and_without_bom() {
    for prefix in ["000", "002", "003"] {
        let text = seed_text(prefix);
        assert_same(prefix, utf16(&text, false, true), "UTF-16LE");
        assert_same(prefix, utf16(&text, true, true), "UTF-16BE");
        assert_same(prefix, utf16(&text, false, false), "UTF-16LE");
        assert_same(prefix, utf16(&text, true, false), "UTF-16BE");
    }
}

/// Regression: UTF-16LE without a BOM and with an odd byte count (the last byte cut off)
/// was handed to charset detection and read as Shift_JIS.
#[test]
fn utf16le_without_bom_and_a_truncated_last_byte() {
    for text in [seed_text("000"), "公表日 令和7年12月26日\n".to_string()] {
        let mut bytes = utf16(&text, false, false);
        bytes.push(0x30);
        let decoded = hyoka::ingest::decode(&bytes, "x.txt").expect("decodes");
        assert_eq!(decoded.encoding, "UTF-16LE");
        assert_eq!(decoded.text.strip_suffix('\u{FFFD}'), Some(text.as_str()));
    }
}

#[test]
fn utf8_with_bom() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(corpus_bytes("000"));
    assert_same("000", bytes, "UTF-8");
}

#[test]
fn seed_000_in_cp932_except_the_em_dash() {
    // CP932 has no U+2014; a CP932 producer writes U+2015 (0x815C) instead. Both fold to `—`,
    // so every item and the change history are identical (the text hash differs, as it must).
    let text = seed_text("000").replace('\u{2014}', "\u{2015}");
    let (bytes, _, unmappable) = SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    let a = parse_bytes(&corpus_bytes("000"), "x", &Options::default()).unwrap();
    let b = parse_bytes(&bytes, "x", &Options::default()).unwrap();
    assert_eq!(b.source.encoding, "Shift_JIS");
    assert_eq!(a.items, b.items);
    assert_eq!(a.change_history, b.change_history);
    assert_eq!(a.header, b.header);
}
