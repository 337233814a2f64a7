#!/usr/bin/env bash
# A/B check of the generated code: compiles the suite's wasm modules (as
# bench/run.sh left them in build/bench/suite) with one wasm-aot binary and
# flags, and prints, per program, the best of 3 runs natively and under
# wasm-aot, and their ratio. Quicker than run.sh for trying a change: run it
# with the old and the new binary (or flags) one after the other.
#
#   bench/compare.sh WASM_AOT "COMPILE FLAGS" [program...]
#
#   bench/compare.sh build/release/compiler/wasm-aot "-O2"
#   bench/compare.sh /tmp/old-wasm-aot "-O1 --cpu=znver3" matmul nbody
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
SUITE=$ROOT/build/bench/suite
[[ $# -ge 2 ]] || { sed -n '8,11p' "$0" >&2; exit 2; }
W=$1 FLAGS=$2
shift 2
source "$BENCH/programs.sh"
select_programs "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best_ms() {  # the fastest of 3 runs of "$@", in milliseconds
  local best= t0 t1 t
  for _ in 1 2 3; do
    t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N)
    t=$(((t1 - t0) / 1000000))
    [[ -z $best || $t -lt $best ]] && best=$t
  done
  echo "$best"
}

for n in "${NAMES[@]}"; do
  [[ -f $SUITE/$n.wasm && -x $SUITE/$n.native ]] ||
    { echo "$n: no $SUITE/$n.wasm or .native (run bench/run.sh once)" >&2; continue; }
  # shellcheck disable=SC2086 # FLAGS are words
  "$W" compile --no-cache $FLAGS "$SUITE/$n.wasm" -o "$work/$n.wasmaot"
  native=$(best_ms "$SUITE/$n.native" "${ARG[$n]}")
  aot=$(best_ms "$W" run "$work/$n.wasmaot" "${ARG[$n]}")
  awk -v n="$n" -v a="$aot" -v b="$native" \
    'BEGIN { printf "%-18s native %5d ms  wasm-aot %5d ms  %.2fx\n", n, b, a, a / b }'
done
