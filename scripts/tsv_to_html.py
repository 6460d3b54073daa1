#!/usr/bin/env python3
"""Renders a form-like TSV (one row per line, tab-separated cells) as an HTML table.

Usage: tsv_to_html.py INPUT.tsv OUTPUT.html [--boxes css|glyph]

`--boxes glyph` keeps check boxes as text (`[ ○ ]`, `[ ]`); `--boxes css` draws them as
CSS boxes (an outlined square, filled black when checked), which Chromium prints as vector
shapes. `<br>` inside a cell is kept as a line break; everything else is escaped.
"""
import html
import re
import sys

BOX = re.compile(r"\[ ?(○?) ?\]")


def cell_html(text: str, boxes: str) -> str:
    parts = text.split("<br>")
    out = []
    for part in parts:
        escaped = html.escape(part, quote=False)
        if boxes == "css":
            escaped = BOX.sub(
                lambda m: '<span class="box on"></span>' if m.group(1) else '<span class="box"></span>',
                escaped,
            )
        out.append(escaped)
    return "<br>".join(out)


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    boxes = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--boxes" else "glyph"
    rows = []
    with open(src, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    width = max(len(l.split("\t")) for l in lines)
    for line in lines:
        cells = line.split("\t")
        if len(cells) == 1:
            rows.append(f'<tr><td colspan="{width}">{cell_html(cells[0], boxes)}</td></tr>')
            continue
        tds = [f"<td>{cell_html(c, boxes)}</td>" for c in cells[:-1]]
        last = cells[-1]
        span = width - len(cells) + 1
        tds.append(f'<td colspan="{span}">{cell_html(last, boxes)}</td>' if span > 1 else f"<td>{cell_html(last, boxes)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>fixture</title>
<style>
@page {{ size: A4; margin: 15mm; }}
body {{ font-family: "IPAexGothic", "IPAexGothic", sans-serif; font-size: 9pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ border: 1px solid #000; padding: 2pt 3pt; vertical-align: top; }}
.box {{ display: inline-block; width: 8pt; height: 8pt; border: 1px solid #000; margin: 0 2pt; vertical-align: middle; }}
.box.on {{ background: #000; }}
</style></head>
<body><table border="1" cellspacing="0" cellpadding="2">
{chr(10).join(rows)}
</table></body></html>
"""
    with open(dst, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
