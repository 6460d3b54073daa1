#!/usr/bin/env bash
# Builds the fuzz targets in fuzz/ and runs each one for SECONDS (default 30), one after
# another on one core, from seeds made by scripts/fuzz-seeds.py (fragments of corpus/ and
# tests/data/, small PDFs, fixture cells) plus the replayed findings in tests/data/fuzz/<target>/.
# Exits non-zero when a target finds a crash, a panic, a timeout or an out-of-memory input
# (libFuzzer writes it to fuzz/artifacts/<target>/).
#
# Build: no sanitizer (`-s none`: the code is safe Rust, and a panic aborts the process, which
# libFuzzer reports either way), optimized with debug assertions and overflow checks (`-O -a`),
# coverage instrumentation and `--cfg fuzzing` as cargo-fuzz sets them. cargo-fuzz is installed
# when missing. The stable toolchain is used with RUSTC_BOOTSTRAP=1 (cargo-fuzz passes a few
# `-Z` flags).
#
# Usage: scripts/fuzz-smoke.sh [SECONDS] [TARGET...]
#   FUZZ_CLEAN=1      empty fuzz/corpus/<target> first (CI does: a run starts from the seeds)
#   FUZZ_ARGS="..."   extra libFuzzer flags
#   FUZZ_QUICK_BUILD=1  16 codegen units and opt-level 1 instead of cargo-fuzz's one unit at
#                     opt-level 3: a clean build takes far less time, executions are somewhat
#                     slower (CI uses it; the long runs in BENCHMARKS.md do not)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-30}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(parse_bytes parse_text pdf normalize_cell)
export RUSTC_BOOTSTRAP=1
# The fuzz crate builds into fuzz/target, where the runs below look for the binaries.
unset CARGO_TARGET_DIR
CARGO_FUZZ_VERSION=0.13.2

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

build=(-s none -O -a)
if [ "${FUZZ_QUICK_BUILD:-0}" = 1 ]; then
  build+=(--codegen-units 16)
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=1
fi
start=$(date +%s)
echo "== building the fuzz targets (cargo fuzz build ${build[*]}${CARGO_PROFILE_RELEASE_OPT_LEVEL:+, opt-level $CARGO_PROFILE_RELEASE_OPT_LEVEL})"
(cd fuzz && cargo fuzz build "${build[@]}")
echo "   built in $(( $(date +%s) - start )) s"

clean=()
[ "${FUZZ_CLEAN:-0}" = 1 ] && clean=(--clean)
python3 scripts/fuzz-seeds.py "${clean[@]}"

bin=fuzz/target/x86_64-unknown-linux-gnu/release
failed=()
for t in "${TARGETS[@]}"; do
  case $t in
    parse_text) opts=(-max_len=8192 -dict=fuzz/text.dict) ;;
    parse_bytes) opts=(-max_len=16384 -dict=fuzz/text.dict) ;;
    pdf) opts=(-max_len=16384 -dict=fuzz/pdf.dict) ;;
    normalize_cell) opts=(-max_len=1024 -dict=fuzz/text.dict) ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  extra=()
  [ -d "tests/data/fuzz/$t" ] && extra=("tests/data/fuzz/$t")
  echo "== $t ($SECS s)"
  rc=0
  # shellcheck disable=SC2086
  "$bin/$t" "fuzz/corpus/$t" "${extra[@]}" -max_total_time="$SECS" -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" "${opts[@]}" \
    ${FUZZ_ARGS:-} >"fuzz/artifacts/$t.log" 2>&1 || rc=$?
  grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::number_of_executed_units|^stat::peak_rss_mb" \
    "fuzz/artifacts/$t.log" | sed 's/^/   /' || true
  if [ "$rc" -ne 0 ]; then
    failed+=("$t")
    grep -E "panicked|SUMMARY|ERROR|Test unit written|==[0-9]+== " "fuzz/artifacts/$t.log" \
      | head -20 | sed 's/^/   /' || true
    echo "   $t FAILED (exit $rc); full log: fuzz/artifacts/$t.log"
  fi
done
echo "== fuzz step took $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz targets with findings: ${failed[*]}" >&2
  exit 1
fi
