#!/usr/bin/env bash
# Whole-process PDF timing: hyoka (each backend) against `pdftotext -layout`, same files,
# same run, interleaved; median of N runs each. Prints a markdown table.
# Usage: scripts/bench-pdf.sh [N]   (needs a release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-7}
BIN=${CARGO_TARGET_DIR:-target}/release/hyoka
FILES=(tests/data/pdf/samples/hyoukasho_small_lo74.pdf tests/data/pdf/samples/hyoukasho_small_chrome.pdf
       tests/data/pdf/hyoukasho_72p_lo74.pdf tests/data/pdf/hyoukasho_72p_chrome.pdf)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
time_of() { local s e; s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now); echo "$e - $s" | bc -l; }
echo "| file | pages | pdftotext -layout (s) | hyoka text, hayro (s) | hayro / pdftotext | hyoka parse, hayro (s) | parse / pdftotext | hyoka text, pdf-extract (s) | pdf-extract / pdftotext |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for f in "${FILES[@]}"; do
  pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  : >/tmp/b_p; : >/tmp/b_h; : >/tmp/b_e; : >/tmp/b_j
  for _ in $(seq "$N"); do
    time_of pdftotext -layout "$f" - >>/tmp/b_p
    time_of "$BIN" text --pdf-backend hayro "$f" >>/tmp/b_h
    time_of "$BIN" text --pdf-backend pdf-extract "$f" >>/tmp/b_e
    time_of "$BIN" parse --compact "$f" >>/tmp/b_j
  done
  p=$(median </tmp/b_p); h=$(median </tmp/b_h); e=$(median </tmp/b_e); j=$(median </tmp/b_j)
  printf "| %s | %s | %.3f | %.3f | %.2f× | %.3f | %.2f× | %.3f | %.2f× |\n" "$(basename "$f")" "$pages" "$p" "$h" "$(echo "$h / $p" | bc -l)" "$j" "$(echo "$j / $p" | bc -l)" "$e" "$(echo "$e / $p" | bc -l)"
done
