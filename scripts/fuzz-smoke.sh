#!/usr/bin/env bash
# Runs each fuzz target briefly (default 60 s each) from seeds in corpus/ and tests/data/.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on the stable toolchain RUSTC_BOOTSTRAP=1
# lets it use the sanitizer flags. Findings land in fuzz/artifacts/<target>/.
# Usage: scripts/fuzz-smoke.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECS=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(parse_bytes parse_text pdf normalize_cell)
export RUSTC_BOOTSTRAP=1
seed() {
  local t=$1 dir=corpus/$1
  mkdir -p "$dir"
  case $t in
    pdf) cp ../tests/data/pdf/*.pdf ../tests/data/pdf/samples/*.pdf ../tests/data/pdf/bad/*.pdf "$dir"/ ;;
    parse_bytes) cp ../corpus/*.txt ../tests/data/pdf/*.tsv ../tests/data/pdf/samples/cid_unijis_noembed.pdf ../tests/data/pdf/bad/parent_self.pdf "$dir"/ ;;
    parse_text) cp ../corpus/*.txt ../tests/data/pdf/*.tsv "$dir"/ ;;
    normalize_cell) tr '\t' '\n' < ../tests/data/pdf/kiso_fixture.tsv | head -300 | awk -v d="$dir" '{print > (d "/cell" NR)}' ;;
  esac
}
for t in "${TARGETS[@]}"; do
  seed "$t"
  dict=()
  [ "$t" = pdf ] && dict=(-dict=pdf.dict)
  echo "== $t ($SECS s)"
  cargo fuzz run --release "$t" "corpus/$t" -- -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=20 -max_len=400000 "${dict[@]}" 2>&1 | tee "/tmp/fuzz-$t.log" | grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs|SUMMARY|ERROR|panicked|Test unit written" | tail -4
done
