#!/usr/bin/env bash
# Builds the fuzz preset and fuzzes the front end (decode + validate).
#
#   test/fuzz/run-fuzz.sh [SECONDS]        default 3600
#
# Environment:
#   FUZZ_SEEDS_BINARYEN=N   random valid modules to generate with
#                           `wasm-opt -ttf` on the first run (default 500)
#   FUZZ_MAX_LEN=N          libFuzzer -max_len (default 65536)
#   FUZZ_TIMEOUT=S          per-input timeout in seconds (default 10)
#   FUZZ_FORK=0|1           1 (default): -fork=1 with -ignore_crashes etc.,
#                           so the run goes on after a crash and can collect
#                           several; 0: one in-process run that stops at the
#                           first crash
#   FUZZ_EXTRA_ARGS="..."   more libFuzzer flags
#
# Layout (all under build/fuzz, never committed):
#   corpus/    the working corpus (libFuzzer adds to it); seeded on first use
#              with every .wasm of ../shared/wasm-testsuite-json and the
#              binaryen modules. test/fuzz/regressions is read as well.
#   crashes/   crash-*, leak-*, timeout-*, oom-* artifacts
#   logs/      the libFuzzer log of each run
#
# One fuzzing process (-workers/-jobs 1): the machine has 2 cores and the
# other one is left for other work.
#
# After a crash: reproduce, minimise, keep as a regression input:
#   F=build/fuzz/test/fuzz/wasmaot-fuzz-decode
#   $F build/fuzz/crashes/crash-XXXX                  # stack trace
#   $F -minimize_crash=1 -max_total_time=120 \
#      -exact_artifact_path=test/fuzz/regressions/NAME.wasm build/fuzz/crashes/crash-XXXX
# (for a timeout-* or leak-* artifact as well; WASMAOT_FUZZ_NO_MONOTONIC=1
# turns off the wasm2-vs-defaults check while you look at something else).
set -euo pipefail

# One compound command: bash parses all of it before running any, so editing
# this file during a long run cannot derail the running copy.
{

DURATION=${1:-3600}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD="$ROOT/build/fuzz"
CORPUS="$BUILD/corpus"
CRASHES="$BUILD/crashes"
LOGS="$BUILD/logs"
SPEC_DIR="${WASMAOT_SPEC_TESTSUITE_DIR:-$ROOT/../shared/wasm-testsuite-json}"
NUM_BINARYEN=${FUZZ_SEEDS_BINARYEN:-500}
MAX_LEN=${FUZZ_MAX_LEN:-65536}
TIMEOUT=${FUZZ_TIMEOUT:-10}
FORK=${FUZZ_FORK:-1}

log() { printf 'run-fuzz: %s\n' "$*" >&2; }

# --- build ------------------------------------------------------------------
cd "$ROOT"
if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  cmake --preset fuzz >/dev/null
fi
cmake --build "$BUILD" --target wasmaot-fuzz-decode -j1
FUZZER="$BUILD/test/fuzz/wasmaot-fuzz-decode"

mkdir -p "$CORPUS" "$CRASHES" "$LOGS"

# --- seed corpus (first run only) -----------------------------------------
if [[ ! -f "$CORPUS/.seeded" ]]; then
  log "seeding $CORPUS"
  # (a) the spec test modules; names made unique from their paths.
  if [[ -d "$SPEC_DIR" ]]; then
    n=0
    while IFS= read -r -d '' f; do
      rel=${f#"$SPEC_DIR"/}
      cp "$f" "$CORPUS/spec-${rel//\//_}"
      n=$((n + 1))
    done < <(find "$SPEC_DIR" -name '*.wasm' -type f -print0)
    log "  $n spec test modules"
  else
    log "  warning: no spec tests at $SPEC_DIR"
  fi

  # (b) random modules from binaryen's translate-to-fuzz. Only the flags this
  # wasm-opt knows are used. Three mixes, so that both feature sets the
  # fuzzer reads with get modules they accept:
  #   wasm2   - Wasm 2.0 without reference types
  #   wasm3   - plus threads, tail calls, memory64, extended-const and
  #             (legacy) exception handling
  #   all     - plus reference types. binaryen 108 types ref.func as a
  #             subtype of externref (pre-standard), so most of these are
  #             rejected deep inside a body: still useful seeds.
  if command -v wasm-opt >/dev/null; then
    help=$(wasm-opt --help 2>&1)
    pick() {
      local out=() flag
      for flag in "$@"; do
        grep -q -- "$flag\b" <<<"$help" && out+=("$flag")
      done
      echo "${out[@]}"
    }
    WASM2=$(pick --enable-sign-ext --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-simd --enable-bulk-memory \
      --enable-multivalue)
    WASM3="$WASM2 $(pick --enable-threads --enable-tail-call --enable-memory64 \
      --enable-extended-const --enable-exception-handling)"
    ALL="$WASM3 $(pick --enable-reference-types)"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    made=0
    for ((i = 0; i < NUM_BINARYEN; i++)); do
      case $((i % 5)) in
        0 | 1) flags=$WASM2 ;;
        2 | 3) flags=$WASM3 ;;
        *) flags=$ALL ;;
      esac
      # 1 KiB .. 48 KiB of randomness; the module grows with it.
      head -c $((1024 + RANDOM % 48 * 1024)) /dev/urandom >"$tmp/in.bin"
      # shellcheck disable=SC2086
      if wasm-opt -ttf "$tmp/in.bin" -o "$CORPUS/binaryen-$i.wasm" $flags \
        >/dev/null 2>&1; then
        made=$((made + 1))
      fi
    done
    log "  $made binaryen modules (wasm-opt $(wasm-opt --version | awk '{print $3}'))"
  else
    log "  warning: wasm-opt not found, no binaryen seeds"
  fi
  touch "$CORPUS/.seeded"
fi

# --- fuzz ------------------------------------------------------------------
LOGFILE="$LOGS/fuzz-$(date +%Y%m%d-%H%M%S).log"
ARGS=(
  -max_len="$MAX_LEN"
  -max_total_time="$DURATION"
  -timeout="$TIMEOUT"
  -rss_limit_mb=4096
  -print_final_stats=1
  -artifact_prefix="$CRASHES/"
)
if [[ $FORK == 1 ]]; then
  ARGS+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi
# shellcheck disable=SC2206
ARGS+=(${FUZZ_EXTRA_ARGS:-})

log "fuzzing for ${DURATION}s; log: $LOGFILE"
start=$(date +%s)
set +e
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
  "$FUZZER" "${ARGS[@]}" "$CORPUS" "$ROOT/test/fuzz/regressions" \
  >"$LOGFILE" 2>&1
status=$?
set -e
elapsed=$(($(date +%s) - start))

# --- summary -----------------------------------------------------------------
# In-process runs end with "stat::number_of_executed_units: N" and
# "Done N runs in S second(s)"; fork mode prints periodic
# "#N: cov: ... time: Ss job: J" lines (N counts every job's executions) and
# ends with "INFO: exiting: STATUS time: Ss".
last() { grep -oE "$1" "$LOGFILE" | tail -1 || true; }
runs=$(last 'stat::number_of_executed_units: [0-9]+' | awk '{print $2}')
[[ -n $runs ]] || runs=$(last '^#[0-9]+' | tr -d '#')
secs=$(last 'Done [0-9]+ runs in [0-9]+ second' | awk '{print $5}')
[[ -n $secs ]] || secs=$(last 'INFO: exiting: [0-9]+ time: [0-9]+s' |
  grep -oE '[0-9]+s$' | tr -d s || true)
[[ -n $secs ]] || secs=$elapsed
artifacts=$(find "$CRASHES" -maxdepth 1 -type f -newermt "@$start" | wc -l)
if grep -qE '^==[0-9]+==ERROR|runtime error:|^SUMMARY: ' "$LOGFILE"; then
  log "the log has sanitizer reports: grep -n SUMMARY $LOGFILE"
fi
log "fuzzer exit status $status; artifacts this run: $artifacts (in $CRASHES)"
echo "fuzz total: ${runs:-0} executions in ${secs} s (${elapsed} s wall), $artifacts new crash/leak/timeout artifacts"
# Non-zero when the run left crash, leak or timeout artifacts.
exit $((artifacts > 0))
}
