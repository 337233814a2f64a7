#!/usr/bin/env bash
# End-to-end decode + validate throughput of `wasm-aot validate`.
#
#   bench/decode-throughput.sh [MODULE.wasm] [RUNS]
#
# MODULE defaults to build/bench/large-module/large-module.wasm (made by
# bench/large-module/build.sh, which this runs if the module is missing);
# RUNS defaults to 5. For --threads=1 and for the default thread count (one
# per core), reports the median wall time of RUNS runs and MB/s
# (10^6 bytes of module per second; the file is memory-mapped, so a warm page
# cache is assumed: one untimed run comes first).
#
# The wasm-aot binary: $WASM_AOT if set, else build/bench-release/compiler/
# wasm-aot-compiler, configured like the "release" preset (-O2 -g1, assertions on)
# and built here if missing, so that other people's work in build/release
# does not disturb the measurement.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODULE=${1:-$ROOT/build/bench/large-module/large-module.wasm}
RUNS=${2:-5}
BUILD="$ROOT/build/bench-release"

if [[ -z ${WASM_AOT:-} ]]; then
  WASM_AOT="$BUILD/compiler/wasm-aot-compiler" # validate: no launcher hop
  if [[ ! -x $WASM_AOT ]]; then
    echo "building $WASM_AOT" >&2
    cmake -S "$ROOT" -B "$BUILD" -G Ninja \
      -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
      -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS_RELEASE="-O2 -g1" -DCMAKE_C_FLAGS_RELEASE="-O2 -g1" \
      -DWASMAOT_BUILD_TESTS=OFF -DWASMAOT_BUILD_EXAMPLES=OFF \
      -DWASMAOT_BUILD_BENCHMARKS=ON >/dev/null
    cmake --build "$BUILD" --target wasm-aot-compiler >&2
  fi
fi
if [[ ! -f $MODULE ]]; then
  if [[ $MODULE == "$ROOT/build/bench/large-module/large-module.wasm" ]]; then
    "$ROOT/bench/large-module/build.sh" >&2
  else
    echo "no such module: $MODULE" >&2
    exit 2
  fi
fi

SIZE=$(stat -c %s "$MODULE")
echo "module: $MODULE ($SIZE bytes)"
echo "wasm-aot: $WASM_AOT"
echo "cores: $(nproc); runs: $RUNS (median)"

# Prints the median wall time in seconds of RUNS runs of wasm-aot validate.
measure() {
  "$WASM_AOT" validate "$@" "$MODULE" # warm-up; fails loudly if invalid
  local times=() i start end
  for ((i = 0; i < RUNS; i++)); do
    start=$(date +%s%N)
    "$WASM_AOT" validate "$@" "$MODULE"
    end=$(date +%s%N)
    times+=($((end - start)))
  done
  printf '%s\n' "${times[@]}" | sort -n |
    awk '{t[NR] = $1} END {
      m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
      printf "%.4f\n", m / 1e9 }'
}

for mode in "--threads=1" "default"; do
  if [[ $mode == default ]]; then
    secs=$(measure)
    label="default threads ($(nproc))"
  else
    secs=$(measure "$mode")
    label=$mode
  fi
  awk -v s="$secs" -v b="$SIZE" -v l="$label" \
    'BEGIN { printf "%-22s median %.4f s  %8.1f MB/s\n", l, s, b / 1e6 / s }'
done
