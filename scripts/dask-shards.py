#!/usr/bin/env python3
"""Run hyoka over a corpus as a map over shards on Dask, then merge, then query with DuckDB.

    pip install "dask[bag]" duckdb
    scripts/dask-shards.py CORPUS_DIR OUT_DIR [--shards 4] [--hyoka target/release/hyoka]

Each Dask task runs `hyoka run --shard i/N --out OUT_DIR/shard-i CORPUS_DIR` (on a cluster,
CORPUS_DIR and OUT_DIR are on a shared file system and the tasks run on the workers);
`hyoka merge` then writes OUT_DIR/merged exactly as one run over the whole corpus would, and
DuckDB reads the shards' Parquet tables directly, without the merge. The recipe is documented
in docs/scale-out.md; this script is the tested copy of it. It checks that the merged tables
have as many documents as the shards together and prints them.
"""

import argparse
import subprocess
from pathlib import Path

import dask.bag as db
import duckdb


def run_shard(i, n, hyoka, corpus, out):
    part = out / f"shard-{i}"
    r = subprocess.run(
        [hyoka, "run", "--quiet", "--shard", f"{i}/{n}", "--out", str(part), str(corpus)],
        capture_output=True,
        text=True,
    )
    # Exit 1 means some documents failed (recorded in the shard's diagnostics); 2 is an error.
    if r.returncode == 2:
        raise RuntimeError(f"shard {i}: {r.stderr}")
    return str(part)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--hyoka", default="target/release/hyoka")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    parts = (
        db.from_sequence(range(args.shards), npartitions=args.shards)
        .map(run_shard, args.shards, args.hyoka, args.corpus, args.out)
        .compute(scheduler="processes")
    )
    merged = args.out / "merged"
    subprocess.run([args.hyoka, "merge", "--quiet", "--out", str(merged), *parts], check=True)

    # DuckDB straight over the shards' Parquet files.
    glob = str(args.out / "shard-*" / "documents.parquet")
    by_shard = duckdb.sql(f"select count(*) from read_parquet('{glob}')").fetchall()[0][0]
    whole = duckdb.sql(
        f"select count(*) from read_parquet('{merged / 'documents.parquet'}')"
    ).fetchall()[0][0]
    assert by_shard == whole, (by_shard, whole)
    print(
        duckdb.sql(
            f"select form_kind, category, count(*) as documents from read_parquet('{glob}') "
            "group by all order by documents desc"
        )
    )
    print(f"{args.shards} shards, {whole} documents, merged into {merged}")


if __name__ == "__main__":
    main()
