//! One document's section of the report: its cover data, coverage, diagnostics, items (with
//! status and provenance) and its peer view.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html::{badge, escape, percent};
use super::{checkbox_label, Row};
use crate::model::{Document, Value};
use crate::peers::{PeerReport, RARE};

/// The value of an item as HTML (escaped).
fn value_html(v: &Value) -> String {
    match v {
        Value::Null => "<span class=\"muted\">—</span>".to_string(),
        Value::Checkbox(b) => escape(checkbox_label(match b {
            Some(true) => "true",
            Some(false) => "false",
            None => "unknown",
        }))
        .into_owned(),
        Value::CheckboxSet(opts) => {
            let mut s = String::new();
            for o in opts {
                let mark = match o.checked {
                    Some(true) => "☑",
                    Some(false) => "☐",
                    None => "?",
                };
                let _ = write!(s, "{mark} {}", escape(&o.option));
                if let Some(t) = &o.text {
                    let _ = write!(s, " ({})", escape(t));
                }
                s.push('\n');
            }
            s
        }
        Value::Choice(c) => format!("{}) {}", c.index, escape(&c.text)),
        Value::Count(n) => n.to_string(),
        Value::Text(t) if t.is_empty() => "<span class=\"muted\">(empty)</span>".to_string(),
        Value::Text(t) => escape(t).into_owned(),
    }
}

/// The section of `d`, with its peer report.
pub(crate) fn section(d: &Document, row: &Row, peer_report: &PeerReport) -> String {
    let mut s = String::new();
    let title = d.header.title.as_deref().unwrap_or(&row.key);
    let _ = write!(
        s,
        "<section class=\"doc\" id=\"{}\"><header class=\"top\"><h1>{}</h1><p>{}</p></header>\n\
         <main><p class=\"back\"><a href=\"#\">← corpus overview</a> · <a href=\"#documents\">documents</a></p>\n",
        escape(&row.anchor),
        escape(title),
        escape(&row.key),
    );

    // Cover data.
    let body = match (&row.body, &row.lg_code) {
        (Some(b), Some(c)) => format!("{b} ({c})"),
        (Some(b), None) => b.clone(),
        (None, Some(c)) => c.clone(),
        (None, None) => "—".to_string(),
    };
    let fields: [(&str, String); 10] = [
        ("評価書番号", d.header.number.clone().unwrap_or_default()),
        (
            "評価実施機関名",
            d.header.organization.raw.clone().unwrap_or_default(),
        ),
        ("body", body),
        (
            "form",
            format!(
                "{} {} {}",
                row.kind.unwrap_or("unknown"),
                d.form.version.as_deref().unwrap_or(""),
                d.form.stamp.as_deref().unwrap_or("")
            ),
        ),
        ("事務", format!("{} ({})", row.category_name, row.category)),
        (
            "公表日",
            match (&d.header.published.date, &d.header.published.raw) {
                (Some(iso), Some(raw)) => format!("{iso} ({raw})"),
                (Some(iso), None) => iso.clone(),
                (None, Some(raw)) => raw.clone(),
                (None, None) => String::new(),
            },
        ),
        ("source", d.source.path.clone()),
        (
            "rendering",
            format!(
                "{} · {} · {} lines{}",
                serde_json::to_value(d.source.rendering)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                d.source.encoding,
                d.source.line_count,
                d.source
                    .page_count
                    .map_or_else(String::new, |p| format!(" · {p} pages"))
            ),
        ),
        ("sha256", d.source.sha256.clone()),
        ("schema", d.schema_version.clone()),
    ];
    s.push_str("<dl class=\"meta\">");
    for (k, v) in fields {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(&v));
    }
    s.push_str("</dl>\n");

    // Coverage.
    let c = &d.coverage;
    let _ = writeln!(
        s,
        "<h2>Coverage</h2><p><span class=\"meter\"><i style=\"width:{:.1}%\"></i></span>{} — {} of {} characters accounted for; {} unmapped runs of lines.</p>",
        (c.ratio * 100.0).clamp(0.0, 100.0),
        percent(c.ratio),
        c.accounted_chars,
        c.total_chars,
        c.unmapped.len()
    );
    if !c.unmapped.is_empty() {
        s.push_str("<table><thead><tr><th>lines</th><th>text</th></tr></thead><tbody>");
        for span in &c.unmapped {
            let _ = write!(
                s,
                "<tr><td>{}–{}</td><td>{}</td></tr>",
                span.start_line,
                span.end_line,
                escape(&span.excerpt)
            );
        }
        s.push_str("</tbody></table>\n");
    }

    // Diagnostics.
    let _ = writeln!(s, "<h2>Diagnostics ({})</h2>", d.diagnostics.len());
    if !d.diagnostics.is_empty() {
        s.push_str("<table class=\"sortable\"><thead><tr><th>level</th><th>code</th><th>path</th><th class=\"num\">line</th><th>message</th></tr></thead><tbody>\n");
        for x in &d.diagnostics {
            let level = x.level.as_str();
            let _ = writeln!(
                s,
                "<tr><td data-sort=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                x.level as u8,
                badge(&format!("lv-{level}"), level),
                escape(&x.code),
                escape(x.path.as_deref().unwrap_or("")),
                x.line.map_or_else(String::new, |l| l.to_string()),
                escape(&x.message)
            );
        }
        s.push_str("</tbody></table>\n");
    }

    // Items.
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &d.items {
        *by_status.entry(i.status.as_str()).or_default() += 1;
    }
    let counts = by_status
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = write!(
        s,
        "<h2>Items ({})</h2><p class=\"muted\">{}</p>\n<table class=\"sortable\"><thead><tr><th>path</th><th>label</th>\
         <th>status</th><th>value</th><th class=\"num\">line</th><th>source</th></tr></thead><tbody>\n",
        d.items.len(),
        escape(&counts)
    );
    for (n, i) in d.items.iter().enumerate() {
        let st = i.status.as_str();
        let group = i
            .group
            .as_ref()
            .map_or_else(String::new, |g| format!("{}{}", g.name, g.index));
        let (line, src) = match &i.source {
            Some(r) => (
                format!(
                    "{}{}",
                    r.line,
                    r.page.map_or_else(String::new, |p| format!(" (p. {p})"))
                ),
                format!("<div class=\"raw\">{}</div>", escape(&r.raw)),
            ),
            None => (String::new(), String::new()),
        };
        let _ = writeln!(
            s,
            "<tr><td data-sort=\"{n:05}\">{}</td><td>{}<div class=\"muted\">{} {}</div></td><td>{}</td>\
             <td><div class=\"val\">{}</div></td><td class=\"num\" data-sort=\"{}\">{}</td><td>{}</td></tr>",
            escape(&i.path),
            escape(&i.label),
            escape(&i.id),
            escape(&group),
            badge(&format!("st-{st}"), st),
            value_html(&i.value),
            i.source.as_ref().map_or(0, |r| r.line),
            escape(&line),
            src
        );
    }
    s.push_str("</tbody></table>\n");

    s.push_str(&peers(peer_report));
    s.push_str("<p class=\"back\"><a href=\"#\">← corpus overview</a></p></main></section>\n");
    s
}

/// The peer view: for each answer of the document, how many of its peers give the same one.
fn peers(r: &PeerReport) -> String {
    let mut s = format!(
        "<h2>Peers: same form kind and 事務</h2><p class=\"muted\">Peers: the other documents with {}. \
         For each answer of this document: how many of the peers that answer the item give the same \
         answer. Answers given by fewer than {:.0} % of them are marked rare.</p>\n",
        escape(&r.criteria.join(", ")),
        RARE * 100.0
    );
    if r.items.is_empty() {
        s.push_str("<p>This document has no choice, check-box or count answers.</p>\n");
        return s;
    }
    let rare = r.items.iter().filter(|i| i.rare).count();
    if r.peers == 0 {
        s.push_str("<p class=\"note\">No peers in this corpus.</p>\n");
    } else {
        let _ = writeln!(s, "<p>{} peers; {rare} rare answers.</p>", r.peers);
    }
    s.push_str(
        "<table class=\"sortable\"><thead><tr><th>path</th><th>item</th><th>answer</th>\
         <th class=\"num\">peers agreeing</th><th class=\"num\">same / n</th><th>peers' answers</th><th>flag</th></tr></thead><tbody>\n",
    );
    for (n, i) in r.items.iter().enumerate() {
        let shown = match &i.option {
            Some(o) => format!("{o}: {}", checkbox_label(&i.answer)),
            None if matches!(i.answer.as_str(), "true" | "false" | "unknown") => {
                checkbox_label(&i.answer).to_string()
            }
            None => i.answer.clone(),
        };
        let theirs = i
            .peer_answers
            .iter()
            .map(|(a, c)| format!("{} × {c}", checkbox_label(a)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            s,
            "<tr><td data-sort=\"{n:05}\">{}</td><td>{}<div class=\"muted\">{}</div></td><td>{}</td>\
             <td class=\"num\" data-sort=\"{}\">{}</td><td class=\"num\">{} / {}</td><td class=\"muted\">{}</td><td>{}</td></tr>",
            escape(&i.path),
            escape(&i.label),
            escape(&i.id),
            escape(&shown),
            i.share.unwrap_or(-1.0),
            i.share.map_or_else(|| "—".to_string(), percent),
            i.same,
            i.n,
            escape(&theirs),
            if i.rare { badge("rare", "rare") } else { String::new() },
        );
    }
    s.push_str("</tbody></table>\n");
    s
}
