#!/usr/bin/env python3
"""Writes the hostile and damaged PDFs of tests/data/pdf/bad/ (python3 stdlib only).

Each file targets one way a PDF reader can be taken down: recursion, cycles, exponential
fan-out, quadratic passes, huge streams, damaged structure, images without text.
Run from the repository root: python3 scripts/gen-bad-pdfs.py
"""

import os
import zlib

OUT = os.path.join("tests", "data", "pdf", "bad")
FIXTURE = os.path.join("tests", "data", "pdf", "kiso_fixture_lo.pdf")

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def build(objects, root=1, trailer_extra=b"", xref=True):
    """objects: list of bytes bodies, numbered from 1. Returns the file bytes."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        start,
    )
    return bytes(out)


def stream(content, extra=b"", compress=False):
    if compress:
        content = zlib.compress(content, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def page_doc(content, resources=b"", compress=False, extra_objects=()):
    """Catalog 1, Pages 2, Page 3, content 4, font 5, then extra objects from 6."""
    res = b"<< /Font << /F1 5 0 R >> " + resources + b">>"
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            + res
            + b" /Contents 4 0 R >>",
            stream(content, compress=compress),
            FONT,
            *extra_objects,
        ]
    )


TEXT = b"BT /F1 12 Tf 72 760 Td (Tokutei kojin joho hogo hyokasho) Tj ET\n"


def self_drawing_xobject():
    form = stream(b"q 0.5 0 0 0.5 0 0 cm /X0 Do Q 0 0 10 10 re f", b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X0 6 0 R >> >>")
    return page_doc(TEXT + b"/X0 Do\n", b"/XObject << /X0 6 0 R >> ", extra_objects=[form])


def xobject_fanout():
    # X0 draws X1 ten times, X1 draws X2 ten times, … X9 paints a square: 10^10 paints.
    forms = []
    for i in range(10):
        if i < 9:
            body = b"".join(b"q 1 0 0 1 %d 0 cm /X%d Do Q\n" % (k, i + 1) for k in range(10))
            res = b"/Resources << /XObject << /X%d %d 0 R >> >>" % (i + 1, 7 + i)
        else:
            body, res = b"0 0 1 1 re f\n", b""
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] " + res))
    return page_doc(TEXT + b"/X0 Do\n", b"/XObject << /X0 6 0 R >> ", extra_objects=forms)


def parent_self():
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 3 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream(TEXT),
            FONT,
        ]
    )


def parent_cycle():
    # Page → 6 → 2 → 6: no MediaBox anywhere, so an inheritance walk never ends.
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 6 0 R >>",
            b"<< /Type /Page /Parent 6 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream(TEXT),
            FONT,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",
        ]
    )


def kids_to_parent():
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream(TEXT),
            FONT,
        ]
    )


def many_squares():
    # 60,000 small filled squares (check-box sized) on one page.
    ops = bytearray(TEXT)
    for k in range(60000):
        x = 20 + (k % 250) * 2.2
        y = 20 + (k // 250) * 3.1
        ops += b"%.1f %.1f 6 6 re f\n" % (x, y)
    return page_doc(bytes(ops), compress=True)


def huge_lines():
    # A 50 MB content stream of line segments (compressed in the file).
    seg = b"10 10 m 500 10 l S\n"
    ops = TEXT + seg * (50_000_000 // len(seg))
    return page_doc(ops, compress=True)


def truncated():
    data = open(FIXTURE, "rb").read()
    return data[: len(data) // 2]


def xref_zeroed():
    data = bytearray(open(FIXTURE, "rb").read())
    start = data.rfind(b"startxref")
    xref = data.rfind(b"xref", 0, start)
    if xref >= 0 and data[xref - 5 : xref] != b"start":
        end = data.find(b"trailer", xref)
        for i in range(xref, end):
            if data[i : i + 1].isdigit():
                data[i] = ord("0")
    return bytes(data)


def deep_array():
    nested = b"[" * 1000 + b"]" * 1000
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Deep " + nested + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Junk "
            + nested
            + b" >>",
            stream(TEXT),
            FONT,
        ]
    )


def huge_length():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length 999999999 >>\nstream\n" + TEXT + b"\nendstream",
        FONT,
    ]
    return build(objects)


def image_only():
    # A "scanned" page: one grey image, no text.
    w, h = 64, 64
    pixels = bytes((x * 4) & 0xFF for y in range(h) for x in range(w))
    img = stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 " % (w, h))
    return page_doc(b"q 500 0 0 700 40 60 cm /Im0 Do Q\n", b"/XObject << /Im0 6 0 R >> ", extra_objects=[img])


CASES = {
    "xobject_self.pdf": self_drawing_xobject,
    "xobject_fanout.pdf": xobject_fanout,
    "parent_self.pdf": parent_self,
    "parent_cycle.pdf": parent_cycle,
    "kids_to_parent.pdf": kids_to_parent,
    "many_squares.pdf": many_squares,
    "huge_lines.pdf": huge_lines,
    "truncated_half.pdf": truncated,
    "xref_zeroed.pdf": xref_zeroed,
    "deep_array.pdf": deep_array,
    "length_999999999.pdf": huge_length,
    "image_only.pdf": image_only,
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make in CASES.items():
        data = make()
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
