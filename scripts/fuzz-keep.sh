#!/usr/bin/env bash
# Refreshes the kept inputs of one fuzz target, tests/data/fuzz/<target>/cmin-*: minimizes the
# campaign's corpus fuzz/corpus/<target> with libFuzzer's merge (what `cargo fuzz cmin` does:
# smallest inputs first, each kept only if it adds coverage), then keeps the smallest of those up
# to BUDGET bytes. Files not named cmin-* (the findings) are left alone.
# tests/fuzz_regressions.rs replays everything there. Needs a build (scripts/fuzz-smoke.sh).
# Usage: scripts/fuzz-keep.sh TARGET BUDGET_BYTES
set -euo pipefail
cd "$(dirname "$0")/.."
t=$1
budget=$2
bin=fuzz/target/x86_64-unknown-linux-gnu/release/$t
merged=$(mktemp -d)
trap 'rm -rf "$merged"' EXIT
"$bin" -merge=1 -timeout=20 -rss_limit_mb=2048 "$merged" "fuzz/corpus/$t" >"fuzz/artifacts/$t-merge.log" 2>&1
echo "$t: merge kept $(ls "$merged" | wc -l) of $(ls "fuzz/corpus/$t" | wc -l) inputs"
mkdir -p "tests/data/fuzz/$t"
rm -f "tests/data/fuzz/$t"/cmin-*
total=0
kept=0
while read -r size file; do
  [ $((total + size)) -gt "$budget" ] && break
  cp "$merged/$file" "tests/data/fuzz/$t/cmin-$file"
  total=$((total + size))
  kept=$((kept + 1))
done < <(cd "$merged" && find . -type f -printf '%s %f\n' | sort -n)
echo "$t: kept the $kept smallest ($total bytes) in tests/data/fuzz/$t/"
