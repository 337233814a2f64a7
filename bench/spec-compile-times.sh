#!/bin/bash
# Median and p90 compile time per spec-test module at each opt level:
# optimise + emit + link as `wasm-aot compile --print-times` reports them
# (decoding and translation excluded), over a fixed random sample of the
# Wasm 2.0 core modules that compile.
#
#   bench/spec-compile-times.sh [WASM_AOT] [SAMPLE_SIZE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wasm_aot=${1:-$here/../build/release/compiler/wasm-aot}
sample=${2:-150}
suite=$here/../../shared/wasm-testsuite-json/spec-wg-2.0/test/core
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A fixed sample (same seed every time) of the modules that compile at -O0.
find "$suite" -name '*.wasm' | sort |
  shuf --random-source=<(yes wasmaot) > "$tmp/all"
: > "$tmp/sample"
while read -r m && [ "$(wc -l < "$tmp/sample")" -lt "$sample" ]; do
  if "$wasm_aot" compile --no-cache -O0 "$m" -o "$tmp/out" 2>/dev/null; then
    echo "$m" >> "$tmp/sample"
  fi
done < "$tmp/all"

echo "| level | modules | median ms | p90 ms |"
echo "|---|---|---|---|"
for level in 0 1 2 3; do
  while read -r m; do
    "$wasm_aot" compile --no-cache --print-times -O$level "$m" -o "$tmp/out" \
      2>&1 | sed -n 's/^optimise \([0-9.]*\)s, emit \([0-9.]*\)s, link \([0-9.]*\)s.*/\1 \2 \3/p' |
      awk '{printf "%.3f\n", ($1 + $2 + $3) * 1000}'
  done < "$tmp/sample" | sort -n > "$tmp/times"
  n=$(wc -l < "$tmp/times")
  median=$(sed -n "$(( (n + 1) / 2 ))p" "$tmp/times")
  p90=$(sed -n "$(( (n * 9 + 9) / 10 ))p" "$tmp/times")
  echo "| -O$level | $n | $median | $p90 |"
done
