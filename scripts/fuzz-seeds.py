#!/usr/bin/env python3
"""Seeds and the text dictionary for the fuzz targets in fuzz/ (python3 stdlib only).

Writes, from the repository's own files:

* fuzz/corpus/parse_text/    page-sized fragments of corpus/*.txt and tests/data/pdf/*.tsv: each
                             fragment is its document's cover (first lines, at most COVER bytes)
                             followed by one chunk of at most CHUNK bytes cut at line ends, so
                             that a fragment is still recognized as an assessment;
* fuzz/corpus/parse_bytes/   every other text fragment, a few of them re-encoded (Shift_JIS,
                             EUC-JP, UTF-16 with a BOM, UTF-8 with a BOM), and the PDF seeds;
* fuzz/corpus/pdf/           small PDFs: the hand-made ones in tests/data/pdf/bad/ and samples/
                             that fit in MAX_PDF bytes, and form pages written here (uncompressed
                             content, a ruled grid of cells from the TSV fixtures, drawn check
                             boxes, a non-embedded CID font under UniJIS-UCS2-H, one page inside
                             a form XObject, one compressed), so that mutations reach the object
                             graph, the content operators and the layout code;
* fuzz/corpus/normalize_cell/ distinct cells of the fixtures and the corpus (at most 512 bytes);
* fuzz/text.dict             a libFuzzer dictionary for the text targets: every label, title,
                             stamp and list value of catalog/*.toml (cut to 64 bytes, libFuzzer's
                             longest entry) and their parts, plus the markers the segmenter and
                             the normalizer read (check boxes, brackets, era names, `<br>`, …).

Run from anywhere: python3 scripts/fuzz-seeds.py [--clean]. Existing corpus entries are kept
(libFuzzer adds its own there); --clean empties the four folders first.
"""

import codecs
import glob
import hashlib
import os
import re
import shutil
import sys
import tomllib
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
FUZZ = os.path.join(ROOT, "fuzz")
COVER = 1000
CHUNK = 2000
MAX_PDF = 16384
MAX_CELL = 512


def out_dir(target, clean):
    d = os.path.join(FUZZ, "corpus", target)
    if clean and os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d, exist_ok=True)
    return d


def write(d, data, name=None):
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def cut(text, limit):
    """The longest prefix of `text` whose UTF-8 encoding fits in `limit` bytes."""
    b = text.encode("utf-8")[:limit]
    return b.decode("utf-8", "ignore")


def fragments(path):
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    cover, size, i = [], 0, 0
    while i < len(lines) and size + len(lines[i].encode()) + 1 <= COVER:
        cover.append(lines[i])
        size += len(lines[i].encode()) + 1
        i += 1
    if not cover:  # a first line longer than COVER
        cover, i = [cut(lines[0], COVER)], 1
    head = "\n".join(cover) + "\n"
    chunk, size = [], 0
    for line in lines[i:]:
        line = cut(line, CHUNK)
        n = len(line.encode()) + 1
        if chunk and size + n > CHUNK:
            yield head + "\n".join(chunk) + "\n"
            chunk, size = [], 0
        chunk.append(line)
        size += n
    if chunk:
        yield head + "\n".join(chunk) + "\n"
    if i >= len(lines):
        yield head


def text_sources():
    return sorted(glob.glob(os.path.join(ROOT, "corpus", "*.txt"))) + sorted(
        glob.glob(os.path.join(ROOT, "tests", "data", "pdf", "*.tsv"))
    )


# ------------------------------------------------------------------------------------ PDF


def pdf_build(objects, root=1):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        start,
    )
    return bytes(out)


def pdf_stream(content, extra=b"", compress=False):
    if compress:
        content = zlib.compress(content, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


CID_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiMin-W3 /Encoding /UniJIS-UCS2-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiMin-W3 "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /DW 1000 "
    b"/FontDescriptor << /Type /FontDescriptor /FontName /HeiseiMin-W3 /Flags 6 "
    b"/FontBBox [-123 -257 1001 910] /ItalicAngle 0 /Ascent 723 /Descent -241 "
    b"/CapHeight 709 /StemV 69 >> >>] >>"
)
BOX = re.compile(r"\[ ?(○?) ?\]")


def ucs2(text):
    """Hex string for UniJIS-UCS2-H (BMP characters only)."""
    return b"<" + "".join("%04X" % ord(c) for c in text if ord(c) < 0x10000).encode() + b">"


def cell_ops(text, x, y, w, size=8.0):
    """Operators for one cell's text at (x, y): check boxes `[ ○ ]`/`[ ]` drawn as squares."""
    ops = bytearray()
    per = max(1, int((w - 4) / size))
    text = text.replace("<br>", " ")
    pos, cx = 0, x + 2
    for m in BOX.finditer(text):
        run = text[pos : m.start()]
        if run:
            run = run[:per]
            ops += b"BT /F1 %.1f Tf %.1f %.1f Td %s Tj ET\n" % (size, cx, y, ucs2(run))
            cx += len(run) * size
        if m.group(1):
            ops += b"%.1f %.1f 7 7 re f\n" % (cx, y - 1)
        else:
            ops += b"%.1f %.1f 7 7 re S\n" % (cx, y - 1)
        cx += 9
        pos = m.end()
    run = text[pos:][: max(0, per - int((cx - x) / size))]
    if run:
        ops += b"BT /F1 %.1f Tf %.1f %.1f Td %s Tj ET\n" % (size, cx, y, ucs2(run))
    return bytes(ops)


def form_content(rows):
    """A ruled table: one row per TSV line, the cells side by side."""
    ops = bytearray(b"0.5 w 0 G 0 g\n")
    left, right, y, h = 36.0, 559.0, 800.0, 16.0
    for row in rows:
        cells = row.split("\t")
        w = (right - left) / len(cells)
        for k, cell in enumerate(cells):
            x = left + k * w
            ops += b"%.1f %.1f %.1f %.1f re S\n" % (x, y - h, w, h)
            ops += cell_ops(cell, x, y - h + 4, w)
        y -= h
        if y < 40:
            break
    return bytes(ops)


def form_pdf(rows, compress=False, xobject=False):
    content = form_content(rows)
    page_res = b"<< /Font << /F1 5 0 R >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        None,
        None,
        CID_FONT,
    ]
    if xobject:
        form = pdf_stream(
            content,
            b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + page_res,
        )
        objects.append(form)
        page_res = b"<< /Font << /F1 5 0 R >> /XObject << /X0 6 0 R >> >>"
        content = b"q 1 0 0 1 0 0 cm /X0 Do Q\n"
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + page_res
        + b" /Contents 4 0 R >>"
    )
    objects[3] = pdf_stream(content, compress=compress)
    return pdf_build(objects)


def pdf_seeds():
    seeds = {}
    for pattern in ("bad/*.pdf", "samples/*.pdf"):
        for p in sorted(glob.glob(os.path.join(ROOT, "tests", "data", "pdf", pattern))):
            data = open(p, "rb").read()
            if len(data) <= MAX_PDF:
                seeds[os.path.basename(p)] = data
    for tsv in sorted(glob.glob(os.path.join(ROOT, "tests", "data", "pdf", "*.tsv"))):
        name = os.path.splitext(os.path.basename(tsv))[0]
        rows = [r for r in open(tsv, encoding="utf-8").read().split("\n") if r]
        for start in range(0, len(rows), 12):
            seeds["%s_rows%02d.pdf" % (name, start)] = form_pdf(rows[start : start + 12])
        seeds[name + "_xobject.pdf"] = form_pdf(rows[:10], xobject=True)
        seeds[name + "_flate.pdf"] = form_pdf(rows[10:24], compress=True)
    return {k: v for k, v in seeds.items() if len(v) <= MAX_PDF}


# ----------------------------------------------------------------------------- dictionary

MARKERS = [
    "\t", "\n", "\r\n", "\f", "<br>", "<br/>", "<p>", "</p>", "<ol>", "<li>", "</li>",
    '<input type="checkbox"/>', '<input type="checkbox" checked/>', "**", "#", "##", "###",
    "|", "| --- |", "- ", "☑", "☐", "■", "□", "○", "〇", "●", "✓", "[ ○ ]", "[ ]", "[○]",
    "［", "］", "[", "]", "【", "】", "<選択肢>", "1) ", "2) ", "3) ", "①", "②", "③", "⑩",
    "⑳", "(", ")", "（", "）", "・", "、", "。", ":", "：", "令和", "平成", "昭和", "元年",
    "年", "月", "日", "令和7年12月26日", "平成31年1月", "様式2", "様式3", "様式4", "Ⅰ", "Ⅱ",
    "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "I ", "II ", "III ", "IV ", "V ", "VI ", "1. ", "10. ", "リスク1:",
    "別添1", "別添2", "別添3", "変更箇所", "変更日", "項目", "変更前の記載", "変更後の記載",
    "提出時期", "事前", "事後", "特定個人情報保護評価書", "評価書", "０", "９", "１", "Ａ",
    "\u3000", "\u00a0", "\u200b", "\ufeff", "\u2f08", "\u2e8c", "--", "-", "件", "人",
]


def catalog_strings():
    out = []

    def walk(v, key=None):
        if isinstance(v, dict):
            for k, x in v.items():
                if k not in ("id", "type", "paths", "name", "group"):
                    walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, key)
        elif isinstance(v, str) and any(ord(c) > 127 for c in v):
            out.append(v)

    for p in sorted(glob.glob(os.path.join(ROOT, "catalog", "*.toml"))):
        with open(p, "rb") as f:
            walk(tomllib.load(f))
    return out


def dict_entry(s):
    b = s.encode("utf-8")
    return '"' + "".join(
        chr(c) if 0x20 <= c < 0x7F and c not in (0x22, 0x5C) else "\\x%02X" % c for c in b
    ) + '"'


def text_dict():
    words, seen = [], set()

    def add(s):
        s = cut(s, 64)
        if s and s not in seen:
            seen.add(s)
            words.append(s)

    for s in MARKERS:
        add(s)
    for s in catalog_strings():
        add(s)
        for part in re.split(r"[\s・、。()()「」【】\[\]<>:]+", s):
            if len(part) >= 2:
                add(part)
    lines = [
        "# libFuzzer dictionary for the text targets (parse_text, parse_bytes, normalize_cell).",
        "# Generated by scripts/fuzz-seeds.py from catalog/*.toml: do not edit by hand.",
    ]
    lines += [dict_entry(w) for w in words]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------- main


def main():
    clean = "--clean" in sys.argv[1:]
    text_d = out_dir("parse_text", clean)
    bytes_d = out_dir("parse_bytes", clean)
    pdf_d = out_dir("pdf", clean)
    cell_d = out_dir("normalize_cell", clean)
    n = {"parse_text": 0, "parse_bytes": 0, "pdf": 0, "normalize_cell": 0}
    cells = {}
    for src in text_sources():
        for k, frag in enumerate(fragments(src)):
            data = frag.encode("utf-8")
            write(text_d, data)
            n["parse_text"] += 1
            if k % 2 == 0:
                write(bytes_d, data)
                n["parse_bytes"] += 1
            if k % 6 == 0:
                for enc, bom in (("cp932", b""), ("euc_jp", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", codecs.BOM_UTF8)):
                    write(bytes_d, bom + frag.encode(enc, "replace"))
                    n["parse_bytes"] += 1
        for line in open(src, encoding="utf-8").read().split("\n"):
            for cell in line.split("\t"):
                if cell.strip() and len(cell.encode()) <= MAX_CELL:
                    cells.setdefault(cell, None)
    for name, data in sorted(pdf_seeds().items()):
        write(pdf_d, data, name)
        write(bytes_d, data, name)
        n["pdf"] += 1
        n["parse_bytes"] += 1
    # Cells: the first 600 distinct ones, in file order.
    for cell in list(cells)[:600]:
        write(cell_d, cell.encode("utf-8"))
        n["normalize_cell"] += 1
    with open(os.path.join(FUZZ, "text.dict"), "w", encoding="ascii") as f:
        f.write(text_dict())
    for t, k in n.items():
        print("%s: %d seeds written to fuzz/corpus/%s" % (t, k, t))


if __name__ == "__main__":
    main()
