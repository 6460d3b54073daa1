#!/usr/bin/env python3
"""Scale benchmark: `hyoka run` over synthetic nationwide corpora, as whole processes.

    cargo build --release
    scripts/scale-bench.py [--n 1000] [--work /tmp/hyoka-scale]

For N and 4N documents (scripts/gen-synthetic-corpus.py), runs `hyoka run` with 1 and 2
jobs, first run (empty output folder) and rerun (nothing changed), and reports documents/s,
MB/s and the peak resident memory of the whole process tree (hyoka and its worker
processes, sampled every 20 ms from /proc). Baselines measured in the same run, the same
way (a process over the same files): `cat` (read every byte) and `wc -l` (read and split
lines). Prints a markdown table for BENCHMARKS.md. Linux only (reads /proc).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HYOKA = ROOT / "target/release/hyoka"


def tree_rss_kib(pid):
    """Resident memory of a process and all its descendants, in KiB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return total


def measure(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kib(proc.pid))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd} failed ({proc.returncode}): {err}")
    return elapsed, peak, err.strip().splitlines()[-1] if err.strip() else ""


def files_of(folder):
    return sorted(str(p) for p in Path(folder).rglob("*") if p.is_file())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/hyoka-scale"))
    ap.add_argument(
        "--previous",
        help="another hyoka executable (e.g. an earlier version) to time the same way, first runs only",
    )
    args = ap.parse_args()
    if not HYOKA.exists():
        sys.exit("build first: cargo build --release")
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; hyoka {HYOKA}")
    print()
    print("| corpus | run | jobs | time | docs/s | MB/s | peak RSS | summary |")
    print("|---|---|---|---|---|---|---|---|")
    for n in (args.n, 4 * args.n):
        corpus = args.work / f"corpus-{n}"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts/gen-synthetic-corpus.py"), str(n), str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        files = files_of(corpus)
        mb = sum(os.path.getsize(f) for f in files) / 1e6
        label = f"{n} docs, {mb:.0f} MB"
        for name, cmd in (("baseline: cat", ["cat", *files]), ("baseline: wc -l", ["wc", "-l", *files])):
            t, rss, _ = measure(cmd)
            print(f"| {label} | {name} | 1 | {t:.2f} s | {n / t:.0f} | {mb / t:.0f} | {rss / 1024:.0f} MB | |")
        if args.previous:
            for jobs in (1, 2):
                out = args.work / f"prev-{n}-{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                cmd = [args.previous, "run", "--quiet", "--jobs", str(jobs), "--out", str(out), str(corpus)]
                t, rss, summary = measure(cmd)
                print(
                    f"| {label} | previous hyoka | {jobs} | {t:.2f} s | {n / t:.0f} | {mb / t:.1f} | "
                    f"{rss / 1024:.0f} MB | {summary.split(' → ')[0]} |"
                )
                shutil.rmtree(out, ignore_errors=True)
        for jobs in (1, 2):
            out = args.work / f"out-{n}-{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            for run in ("first", "rerun"):
                cmd = [str(HYOKA), "run", "--quiet", "--jobs", str(jobs), "--out", str(out), str(corpus)]
                t, rss, summary = measure(cmd)
                print(
                    f"| {label} | hyoka {run} | {jobs} | {t:.2f} s | {n / t:.0f} | {mb / t:.1f} | "
                    f"{rss / 1024:.0f} MB | {summary.split(' → ')[0]} |"
                )
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
