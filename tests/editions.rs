//! 様式 editions: an edition's catalog version, and the items it does not have.

use hyoka::{parse_bytes, Options, Status};

use crate::common::*;

/// corpus/000 as the 平成28年1月 様式2 printed it: the stamp `[平成28年1月 様式2]` under the
/// title, no I.9 (added later) and no IV リスク対策 (added by the 平成31年1月 様式2; 000:L136
/// records its addition). Lines are 000's own.
fn kiso_h28() -> String {
    let text = String::from_utf8(corpus_bytes("000")).unwrap();
    let mut out = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        let l = n + 1;
        if (63..70).contains(&l) || (87..120).contains(&l) {
            continue; // I.9 (L63-69); IV (L87-119)
        }
        out.push(line.to_string());
        if l == 3 {
            out.push("[平成28年1月 様式2]".into());
        }
    }
    out.join("\n")
}

#[test]
fn a_kiso_document_before_the_h31_revision_is_read_as_its_edition_without_iv() {
    let doc = parse_bytes(kiso_h28().as_bytes(), "000_h28.txt", &Options::default()).unwrap();
    assert_eq!(doc.form.version.as_deref(), Some("h26"));
    assert_eq!(doc.form.edition.as_deref(), Some("h28"));
    // IV's items and I.9 are absent from the edition, not missing from the document.
    for id in [
        "rule9.applied",
        "assessment_kind",
        "risk.acquisition",
        "audit",
        "education",
    ] {
        assert!(doc.form.absent_items.iter().any(|a| a == id), "{id} absent");
        assert!(doc.items.iter().all(|i| i.id != id), "{id} not an item");
    }
    assert!(doc.items.iter().all(|i| !i.path.starts_with("IV")));
    assert!(
        !doc.diagnostics.iter().any(|d| d.code == "section.missing"
            || d.path.as_deref().is_some_and(|p| p.starts_with("IV"))),
        "no diagnostic about IV: {:?}",
        doc.diagnostics
            .iter()
            .filter(|d| d.code.contains("missing"))
            .collect::<Vec<_>>()
    );
    assert!(doc
        .diagnostics
        .iter()
        .all(|d| d.code != "form.version_unknown"));
    // What the edition does have reads as in 000 (L77, L80-81).
    assert_eq!(
        choice(&doc, "threshold.handlers").as_deref(),
        Some("500人未満")
    );
    assert_eq!(
        choice(&doc, "threshold.serious_incident").as_deref(),
        Some("発生なし")
    );
    assert_eq!(status(&doc, "threshold.handlers"), Status::Ok);
    assert_eq!(doc.header.number.as_deref(), Some("11"));
}

#[test]
fn the_current_kiso_layout_has_no_absent_items_and_h31_lacks_the_r6_additions() {
    let doc = parse("000");
    assert_eq!(doc.form.version.as_deref(), Some("r6"));
    assert!(
        doc.form.absent_items.is_empty(),
        "{:?}",
        doc.form.absent_items
    );
    // 002 is stamped 平成31年1月 様式2: IV exists, I.9, IV.8 and IV.11 do not (form-reference §1).
    let doc = parse("002");
    assert_eq!(doc.form.version.as_deref(), Some("h31"));
    assert!(
        doc.form
            .absent_items
            .iter()
            .any(|a| a.starts_with("priority")),
        "{:?}",
        doc.form.absent_items
    );
    assert!(doc.items.iter().any(|i| i.id == "risk.acquisition"));
}

/// A corpus document with a 様式 stamp put under its title (line 3).
fn stamped(prefix: &str, stamp: &str) -> hyoka::Document {
    let text = String::from_utf8(corpus_bytes(prefix)).unwrap();
    let mut out: Vec<String> = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        out.push(line.to_string());
        if n + 1 == 3 {
            out.push(stamp.to_string());
        }
    }
    parse_bytes(
        out.join("\n").as_bytes(),
        &format!("{prefix}_stamped.txt"),
        &Options::default(),
    )
    .unwrap()
}

#[test]
fn zenkomoku_and_juten_editions_are_chosen_from_their_stamps() {
    for (prefix, stamp, version) in [
        ("001", "[平成26年4月 様式4]", "h26"),
        ("001", "[平成28年1月 様式4]", "h28"),
        ("001", "[平成30年5月 様式4]", "h30"),
        ("003", "[平成26年4月 様式3]", "h26"),
    ] {
        let doc = stamped(prefix, stamp);
        assert_eq!(doc.form.version.as_deref(), Some(version), "{stamp}");
        assert_eq!(doc.form.edition.as_deref(), Some(version), "{stamp}");
        assert!(
            doc.diagnostics
                .iter()
                .all(|d| d.code != "form.version_unknown"),
            "{stamp}"
        );
        // The same questions as the current layout: nothing absent, the same answers.
        assert!(doc.form.absent_items.is_empty(), "{stamp}");
    }
    // Answers read as without the stamp (001:L45, L138).
    let doc = stamped("001", "[平成28年1月 様式4]");
    assert_eq!(
        choice(&doc, "affairs.population").as_deref(),
        Some("30万人以上")
    );
    assert_eq!(
        choice(&doc, "network_linkage.implemented").as_deref(),
        Some("実施する")
    );
    // A stamp of an edition no catalog version lists: label matching, with a diagnostic.
    let doc = stamped("001", "[平成27年6月 様式4]");
    assert_eq!(doc.form.version.as_deref(), Some("current"));
    assert_eq!(doc.form.edition.as_deref(), Some("h27"));
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.code == "form.version_unknown"));
}
