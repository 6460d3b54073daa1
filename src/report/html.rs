//! The page frame of the report: [`escape`] (the one function every document-derived string
//! goes through), the stylesheet, and the small inline script (sortable tables).
//!
//! The script sets `data-ready="1"` on `<body>` when it has run, and writes any error into
//! `data-error`, so a headless browser can tell from the DOM whether the page worked.
//!
//! ```ignore
//! assert_eq!(escape("<script>"), "&lt;script&gt;");
//! ```

use std::borrow::Cow;

/// Escapes text for HTML element content and quoted attribute values (`& < > " ' /`).
pub fn escape(s: &str) -> Cow<'_, str> {
    html_escape::encode_safe(s)
}

/// `<head>` and the opening of `<body>`.
pub fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    )
}

/// The inline script and the end of the page.
pub fn foot() -> String {
    format!("<script>{SCRIPT}</script>\n</body>\n</html>\n")
}

const STYLE: &str = r#"
:root{--fg:#1d232a;--muted:#5b6673;--line:#d9dee4;--bg:#fff;--soft:#f4f6f8;--accent:#2f6db5;
--ok:#2e7d32;--inferred:#6a8f2e;--missing:#9e9e9e;--ambiguous:#c77700;--invalid:#c62828}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP","Noto Sans JP",sans-serif;color:var(--fg);background:var(--bg)}
header.top{background:#1f3b5c;color:#fff;padding:14px 28px}
header.top h1{margin:0;font-size:20px;font-weight:600}
header.top p{margin:2px 0 0;color:#c9d6e4;font-size:13px}
header.top a{color:#fff}
nav.toc{padding:8px 28px;background:var(--soft);border-bottom:1px solid var(--line);font-size:13px}
nav.toc a{margin-right:16px;color:var(--accent);text-decoration:none}
main{padding:8px 28px 40px;max-width:1400px}
h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:20px 0 6px}
a{color:var(--accent)}
.muted{color:var(--muted)}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:6px 10px;margin:8px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:130px;background:var(--soft)}
.card b{display:block;font-size:22px}
.card span{color:var(--muted);font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}
figure.fig{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px 10px;background:#fff}
figure.fig figcaption{font-weight:600;font-size:13px}
figure.fig figcaption .muted{font-weight:normal;font-size:12px;display:block}
svg.chart{display:block;margin-top:4px}
svg.chart .bar{fill:var(--accent)}
svg.chart .lbl{font-size:11px;fill:var(--fg)}
svg.chart .cnt{font-size:11px;fill:var(--muted)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600;position:sticky;top:0}
table.sortable th{cursor:pointer;user-select:none;white-space:nowrap}
table.sortable th::after{content:" ⇅";color:#a0a8b2;font-size:11px}
table.sortable th[data-dir=asc]::after{content:" ▲";color:var(--fg)}
table.sortable th[data-dir=desc]::after{content:" ▼";color:var(--fg)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:hover td{background:#f9fbfd}
.badge{display:inline-block;padding:0 6px;border-radius:9px;font-size:12px;color:#fff;white-space:nowrap}
.st-ok{background:var(--ok)}.st-inferred{background:var(--inferred)}.st-missing{background:var(--missing)}
.st-ambiguous{background:var(--ambiguous)}.st-invalid{background:var(--invalid)}
.lv-info{background:#607d8b}.lv-warning{background:var(--ambiguous)}.lv-error{background:var(--invalid)}
.rare{background:#8e24aa}
.val{max-height:9em;overflow:auto;white-space:pre-wrap;word-break:break-word}
.raw{max-height:9em;overflow:auto;white-space:pre-wrap;word-break:break-word;font-size:12px;color:var(--muted);margin:2px 0 0;font-family:ui-monospace,monospace}
details summary{cursor:pointer;color:var(--accent)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;word-break:break-all}
.meter{display:inline-block;width:80px;height:8px;background:var(--line);border-radius:4px;vertical-align:middle;margin-right:6px;overflow:hidden}
.meter i{display:block;height:100%;background:var(--ok)}
section.doc{display:none;margin:0}
section.doc:target{display:block}
body:has(section.doc:target) #overview{display:none}
.back{font-size:13px}
"#;

const SCRIPT: &str = r#"
window.addEventListener('error', function (e) { document.body.dataset.error = String(e.message || e); });
(function () {
  try {
    var key = function (cell, numeric) {
      var v = cell.getAttribute('data-sort');
      if (v === null) { v = cell.textContent.trim(); }
      if (numeric) { var x = parseFloat(v); return isNaN(x) ? -Infinity : x; }
      return v;
    };
    var tables = document.querySelectorAll('table.sortable');
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.tHead ? table.tHead.rows[0].cells : [];
      Array.prototype.forEach.call(heads, function (th, col) {
        th.addEventListener('click', function () {
          var dir = th.getAttribute('data-dir') === 'asc' ? 'desc' : 'asc';
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('data-dir'); });
          th.setAttribute('data-dir', dir);
          var numeric = th.classList.contains('num');
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
            var c = numeric ? (x < y ? -1 : x > y ? 1 : 0) : String(x).localeCompare(String(y), 'ja');
            return dir === 'asc' ? c : -c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
    // A document page starts at its top (the overview above it is hidden).
    var toTop = function () { if (location.hash.indexOf('#doc-') === 0) { window.scrollTo(0, 0); } };
    window.addEventListener('hashchange', toTop);
    toTop();
    document.body.dataset.ready = '1';
  } catch (e) {
    document.body.dataset.error = String(e && e.message || e);
  }
})();
"#;

/// A status badge (`ok`, `missing`, …).
pub fn badge(class: &str, text: &str) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        escape(class),
        escape(text)
    )
}

/// A percentage with one decimal.
pub fn percent(ratio: f64) -> String {
    format!("{:.1} %", ratio * 100.0)
}
