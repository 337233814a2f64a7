#!/usr/bin/env bash
# Interleaved A/B of two wasm-aot binaries (or one with two environments)
# on the suite's programs, as bench/run.sh left them in build/bench/suite:
# each program is compiled by both, then the two artifacts run alternately,
# and the fastest of N runs of each is compared. On shared machines, where a
# program moves by a third between runs minutes apart, this is the way to
# tell a change from the noise; compare.sh runs one side after the other.
#
#   bench/ab.sh OLD_WASM_AOT NEW_WASM_AOT "COMPILE FLAGS" [runs] [program...]
#
#   bench/ab.sh /tmp/before/wasm-aot build/release/compiler/wasm-aot -O2 5
#
# (A copy of wasm-aot needs wasm-aot-compiler beside it; a copy of
# wasm-aot-compiler alone does as well.)
#
# NEW_FLAGS (environment) gives the new side flags of its own, to compare
# two levels of one compiler:
#
#   W=build/release/compiler/wasm-aot; NEW_FLAGS=-O2 bench/ab.sh $W $W -O1
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUITE=$(cd "$BENCH/.." && pwd)/build/bench/suite
[[ $# -ge 3 ]] || { sed -n '9,11p' "$0" >&2; exit 2; }
A=$1 B=$2 FLAGS=$3 N=${4:-5} B_FLAGS=${NEW_FLAGS:-$3}
shift $(($# >= 4 ? 4 : 3))
source "$BENCH/programs.sh"
select_programs "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ms() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }

for n in "${NAMES[@]}"; do
  [[ -f $SUITE/$n.wasm ]] || { echo "$n: no $SUITE/$n.wasm (run bench/run.sh once)" >&2; continue; }
  # shellcheck disable=SC2086 # FLAGS are words
  "$A" compile --no-cache $FLAGS "$SUITE/$n.wasm" -o "$work/a.wasmaot"
  # shellcheck disable=SC2086
  "$B" compile --no-cache $B_FLAGS "$SUITE/$n.wasm" -o "$work/b.wasmaot"
  best_a= best_b=
  for _ in $(seq "$N"); do
    a=$(ms "$A" run "$work/a.wasmaot" "${ARG[$n]}")
    b=$(ms "$B" run "$work/b.wasmaot" "${ARG[$n]}")
    [[ -z $best_a || $a -lt $best_a ]] && best_a=$a
    [[ -z $best_b || $b -lt $best_b ]] && best_b=$b
  done
  echo "$n $best_a $best_b"
done | awk '{ printf "%-18s old %5d ms  new %5d ms  new/old %.3f\n", $1, $2, $3, $3 / $2
              if (!($1 ~ /-libc$/)) { s += log($3 / $2); k++ } }
            END { if (k) printf "geometric mean new/old: %.3f (%d programs, the libc-bound ones left out)\n", exp(s / k), k }'
