//! Inline SVG charts: horizontal bar charts with a label, a bar and a count per answer.
//!
//! Every string that goes into a chart passes through [`escape`]; the chart carries its own
//! `<title>` for screen readers and tooltips. No scripts, no external fonts.
//!
//! ```ignore
//! let svg = bar_chart(&[("基礎".into(), 2), ("全項目".into(), 2)], 4);
//! assert!(svg.starts_with("<svg"));
//! ```

use std::fmt::Write;

use super::html::escape;

/// One bar: its label and how many documents it stands for.
pub type Bar = (String, u64);

/// Width of the drawing in SVG units (the chart scales to its container).
const WIDTH: u32 = 440;
/// Where bars start (labels are drawn left of it).
const BAR_X: u32 = 180;
/// Longest bar.
const BAR_MAX: u32 = 190;
/// Height of one row.
const ROW: u32 = 22;
/// Label characters drawn before `…`.
const LABEL_CHARS: usize = 14;

/// A horizontal bar chart of `bars` out of `n` documents: each row shows the label
/// (shortened, in full in its tooltip), a bar proportional to the largest count, and
/// `count (share of n)`.
pub fn bar_chart(bars: &[Bar], n: u64) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let height = ROW * bars.len().max(1) as u32 + 6;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (row, (label, count)) in bars.iter().enumerate() {
        let y = ROW * row as u32 + 4;
        let short: String = if label.chars().count() > LABEL_CHARS {
            label.chars().take(LABEL_CHARS - 1).chain(['…']).collect()
        } else {
            label.clone()
        };
        let width = ((*count as f64 / max as f64) * BAR_MAX as f64)
            .round()
            .max(1.0) as u32;
        let share = if n == 0 {
            String::new()
        } else {
            format!(" ({:.0} %)", *count as f64 * 100.0 / n as f64)
        };
        let _ = write!(
            s,
            r#"<g><title>{title}: {count}{share}</title><text x="{lx}" y="{ty}" text-anchor="end" class="lbl">{short}</text><rect x="{BAR_X}" y="{y}" width="{width}" height="{bh}" rx="2" class="bar"/><text x="{cx}" y="{ty}" class="cnt">{count}{share}</text></g>"#,
            title = escape(label),
            lx = BAR_X - 6,
            ty = y + 13,
            short = escape(&short),
            bh = ROW - 6,
            cx = BAR_X + width + 5,
            share = escape(&share),
        );
    }
    s.push_str("</svg>");
    s
}
