#!/usr/bin/env python3
"""Check a run's tables from Python: every table loads in pandas, polars and DuckDB, row
counts agree with the JSON documents, and known values have their real types.

    pip install pandas pyarrow polars duckdb
    scripts/check-tables.py OUT_DIR [--corpus]

With --corpus, OUT_DIR is a run over the bundled corpus/ and values read from its documents
are checked too (000 is 山口県防府市長, code 352063, published 令和7年12月26日, 監査
☑自己点検 ☑内部監査 ☐外部監査 at 000:L112). Exits non-zero on the first failed check.
"""

import argparse
import datetime
import json
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

TABLES = ["documents", "items", "answers", "answers_columns", "stats"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--corpus", action="store_true")
    args = ap.parse_args()
    out = args.out

    docs = [json.loads(line) for line in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    expected_items = sum(
        len(d["items"]) + sum(len(i["value"]) for i in d["items"] if i["type"] == "checkbox_set" and i["value"])
        for d in docs
    )
    expected = {"documents": len(docs), "items": expected_items, "answers": len(docs)}

    for t in TABLES:
        p = out / f"{t}.parquet"
        assert (out / f"{t}.csv").is_file(), f"{t}.csv missing"
        # One line each, as in the README.
        a = pd.read_parquet(p)
        b = pl.read_parquet(p)
        c = duckdb.sql(f"SELECT count(*) FROM read_parquet('{p}')").fetchall()[0][0]
        csv_rows = len(pd.read_csv(out / f"{t}.csv", dtype=str, keep_default_na=False))
        assert len(a) == b.height == c == csv_rows, (t, len(a), b.height, c, csv_rows)
        if t in expected:
            assert len(a) == expected[t], (t, len(a), expected[t])
        print(f"{t}: {len(a)} rows, {len(a.columns)} columns (pandas = polars = DuckDB = CSV)")

    d = pd.read_parquet(out / "documents.parquet")
    assert str(d["items_ok"].dtype) == "int64", d["items_ok"].dtype
    assert str(d["draft"].dtype) == "bool", d["draft"].dtype
    by_doc = {j["source"]["path"]: j for j in docs}
    for _, row in d.iterrows():
        j = by_doc[row["source_path"]]
        assert row["sha256"] == j["source"]["sha256"]
        assert row["items_ok"] == sum(1 for i in j["items"] if i["status"] == "ok")
        if j["header"]["published"]["date"] and len(j["header"]["published"]["date"]) == 10:
            assert row["published"] == datetime.date.fromisoformat(j["header"]["published"]["date"])

    if args.corpus:
        r = d[d["document"].str.startswith("000_")].iloc[0]
        assert r["lg_code"] == "352063" and r["body_name"] == "防府市", r
        assert r["published"] == datetime.date(2025, 12, 26), r["published"]
        i = pl.read_parquet(out / "items.parquet").filter(
            pl.col("document").str.starts_with("000_") & (pl.col("id") == "audit") & pl.col("option").is_not_null()
        )
        states = dict(zip(i["option"].to_list(), i["checked"].to_list()))
        assert states == {"自己点検": True, "内部監査": True, "外部監査": False}, states
        n = duckdb.sql(
            f"SELECT count(*) FROM read_parquet('{out / 'documents.parquet'}') WHERE lg_code IS NOT NULL"
        ).fetchall()[0][0]
        assert n == 4, n  # 004 is a 広域連合: no code
        print("corpus values: 000 防府市 352063, 2025-12-26, audit states; 4 bodies with a code")
    print("tables ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        sys.exit(f"check failed: {e!r}")
