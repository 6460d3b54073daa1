#!/usr/bin/env python3
"""Generate a synthetic nationwide corpus from corpus/ and the PDF fixtures.

    scripts/gen-synthetic-corpus.py N OUT_DIR [--seed S]

Each of the N documents is one of the five corpus documents (or, for about 5 %, one of the
PDF fixtures in tests/data/pdf/) varied deterministically:

* the body: the issuing body's name (防府市, 川口市, 八頭町, 倉敷市 with their prefecture) is
  replaced by another body of the same kind (市 / 町) from the code table in data/;
* the answers: some selected choices are switched to another choice of the same list
  (`[ 十分である ]` → `[ 特に力を入れている ]`, …);
* the rendering and encoding: as in the corpus (TSV with HTML, markdown, pdftotext), and
  re-encoded as Shift_JIS, EUC-JP or UTF-16LE for part of the documents;
* the layout: documents are spread over one folder per prefecture.

Standard library only; the same N and seed always give the same files.
"""

import argparse
import csv
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The body printed in each corpus document: (prefecture, name).
BODIES = {
    "000": ("山口県", "防府市"),
    "001": ("埼玉県", "川口市"),
    "002": ("鳥取県", "八頭町"),
    "003": ("岡山県", "倉敷市"),
}

SWITCHES = [
    ("[ 十分である ]", "[ 特に力を入れている ]"),
    ("[十分である]", "[課題が残されている]"),
    ("[ 十分に行っている ]", "[ 特に力を入れて行っている ]"),
    ("[ 発生なし ]", "[ 発生あり ]"),
    ("[ 委託する ]", "[ 委託しない ]"),
]


def municipalities():
    rows = []
    with open(ROOT / "data/local-government-codes-2024-01-01.csv", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    for r in csv.DictReader(lines):
        if r["type"] == "municipality" and r["municipality"]:
            rows.append((r["prefecture"], r["municipality"]))
    return rows


def vary_text(text, prefix, rng, bodies):
    if prefix in BODIES:
        pref, name = BODIES[prefix]
        suffix = name[-1]
        candidates = [b for b in bodies if b[1].endswith(suffix)]
        new_pref, new_name = rng.choice(candidates)
        text = text.replace(pref + name, new_pref + new_name).replace(name, new_name)
    for old, new in SWITCHES:
        if old in text and rng.random() < 0.3:
            text = text.replace(old, new, 1)
    return text


def encode(text, rng):
    r = rng.random()
    for enc, p in (("shift_jis", 0.15), ("euc_jp", 0.25), ("utf-16", 0.30)):
        if r < p:
            try:
                return text.encode(enc)
            except UnicodeEncodeError:
                break
    return text.encode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    bodies = municipalities()
    sources = sorted((ROOT / "corpus").glob("0*.txt"))
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sources}
    pdfs = [p for p in sorted((ROOT / "tests/data/pdf").glob("*.pdf")) if "password" not in p.name]
    prefectures = sorted({b[0] for b in bodies})
    if args.out.exists():
        shutil.rmtree(args.out)
    total = 0
    for i in range(args.n):
        folder = args.out / f"{prefectures.index(rng.choice(prefectures)) + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if pdfs and rng.random() < 0.05:
            src = rng.choice(pdfs)
            dst = folder / f"doc{i:06d}.pdf"
            shutil.copyfile(src, dst)
        else:
            prefix = rng.choice(sorted(texts))
            data = encode(vary_text(texts[prefix], prefix, rng, bodies), rng)
            dst = folder / f"doc{i:06d}_{prefix}.txt"
            dst.write_bytes(data)
        total += dst.stat().st_size
    print(f"{args.n} documents, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
