#!/usr/bin/env bash
# SIMD kernels: Wasm SIMD128 through wasm-aot vs the same algorithm in native
# SSE intrinsics (notes in REPORT.md).
#
#   bench/simd/run.sh [RUNS]
#
# Builds every kernel twice (clang-22 --target=wasm32-wasip1 -msimd128, and
# clang-22 -march=native), checks that the checksums agree, then times each
# kernel RUNS times (default 5) natively and with `wasm-aot run --invoke` for
# every variant in $LEVELS: an optimisation level, optionally with an
# --unused-loads policy after a comma (default "0 1 2 3 2,keep-dropped", the
# last one only if this wasm-aot has the option). The metric is user CPU time
# (/usr/bin/time %U), median and minimum: the machine is shared, and CPU
# time is less disturbed by other people's builds than wall time. Startup
# (compile-cache hit, loading the artifact, generating the input) is measured
# as the same invocation with 0 iterations and subtracted before the ratio.
# The tables go to stdout and to bench/simd/REPORT.md (between markers).
#
# Environment: WASM_AOT (default build/release/compiler/wasm-aot; copied
# first, so that a rebuild by someone else cannot change it mid-run), LEVELS,
# SCALE (multiplies the iteration counts; 1 = about 1 s natively here).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${1:-5}
SCALE=${SCALE:-1}
OUT=$ROOT/build/bench/simd
mkdir -p "$OUT"
# wasm-aot executes wasm-aot-compiler beside it: both are copied.
WASM_AOT=${WASM_AOT:-$ROOT/build/release/compiler/wasm-aot}
cp "$WASM_AOT" "$OUT/wasm-aot"
cp "$(dirname "$WASM_AOT")/wasm-aot-compiler" "$OUT/wasm-aot-compiler"
WASM_AOT=$OUT/wasm-aot
if [[ -z ${LEVELS:-} ]]; then
  LEVELS="0 1 2 3"
  if "$WASM_AOT" run --help | grep -q -- --unused-loads; then
    LEVELS+=" 2,keep-dropped"
  fi
fi
# A private artifact cache: the timed runs are all cache hits, and nobody
# else's cache is filled or pruned.
CACHE=$OUT/cache

# kernel:module:iterations (about 1.2 s of native user time each on the
# machine in REPORT.md, so that startup is noise).
KERNELS=(saxpy_dot:saxpy:2500000 gray_blur:gray_blur:70000
         byte_search:byte_search:350000)

CC=${CC:-clang-22}
echo "building into $OUT" >&2
for k in "${KERNELS[@]}"; do
  IFS=: read -r _ m _ <<<"$k"
  # No libc: the module must have no imports, so --invoke can run it.
  $CC --target=wasm32-wasip1 -O2 -msimd128 -nostdlib -ffreestanding \
    -Wl,--no-entry -o "$OUT/$m.wasm" "$HERE/${m}_wasm.c"
done
# -ffp-contract=off: no FMA contraction, which Wasm SIMD128 cannot do either.
$CC -O2 -march=native -ffp-contract=off -Wall -Wextra -o "$OUT/native" \
  "$HERE/driver.c" "$HERE/saxpy_sse.c" "$HERE/gray_blur_sse.c" \
  "$HERE/byte_search_sse.c"

# wasmcmd VARIANT MODULE FUNC N: the wasm-aot command line for a variant
# ("2" or "2,keep-dropped"), one word a line.
wasmcmd() {
  local level=${1%%,*} policy=
  [[ $1 == *,* ]] && policy=${1#*,}
  printf '%s\n' "$WASM_AOT" run "-O$level" --cache-dir="$CACHE" \
    ${policy:+--unused-loads=$policy} --invoke "$3" "$OUT/$2.wasm" "$4"
}
# wasm VARIANT MODULE FUNC N: runs it, printing the checksum.
wasm() {
  local cmd
  mapfile -t cmd < <(wasmcmd "$@")
  "${cmd[@]}"
}

# Prints "USER CHECKSUM" for one run of the command.
timed() {
  local t out
  t=$(mktemp)
  out=$(/usr/bin/time -f %U -o "$t" "$@")
  echo "$(cat "$t") $out"
  rm -f "$t"
}

# "MEDIAN MIN" of the numbers on stdin.
stats() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)], a[1]}'; }

# measure KERNEL_FUNC EXPECTED CMD...: "MEDIAN MIN" user time of RUNS runs,
# failing if any run's checksum differs from EXPECTED.
measure() {
  local func=$1 expected=$2 i line
  shift 2
  for ((i = 0; i < RUNS; i++)); do
    line=$(timed "$@")
    if [[ ${line#* } != "$expected" ]]; then
      echo "checksum mismatch in $func: got ${line#* }, want $expected ($*)" >&2
      exit 1
    fi
    echo "${line%% *}"
  done | stats
}

# Correctness first, at a small count and at the timed count (the latter
# also fills the artifact cache for every level, untimed).
for k in "${KERNELS[@]}"; do
  IFS=: read -r f m n <<<"$k"
  n=$(awk -v n="$n" -v s="$SCALE" 'BEGIN { printf "%d", n * s }')
  for count in 1000 "$n"; do
    want=$("$OUT/native" "run_$f" "$count")
    for l in $LEVELS; do
      got=$(wasm "$l" "$m" "run_$f" "$count")
      if [[ $got != "$want" ]]; then
        echo "run_$f($count) -O$l: wasm $got != native $want" >&2
        exit 1
      fi
    done
    [[ $count == "$n" ]] || echo "run_$f: checksums agree ($want)" >&2
  done
done

model=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
# Both sides compile for this CPU (-march=native, wasm-aot's default --cpu).
isa=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' |
  grep -x -E 'avx2|avx512f|avx512bw|avx512vl|avx512vbmi' | tr '\n' ' ')
header="| kernel | iterations | native s |"
rule="|---|---:|---:|"
for l in $LEVELS; do
  label="-O${l/,/ }"
  header+=" wasm-aot $label s | ratio $label |"
  rule+="---:|---:|"
done
header+=" startup s |"
rule+="---:|"
# The minimum is the least disturbed run: a second, ratios-only table.
header_min="| kernel | native s |"
rule_min="|---|---:|"
for l in $LEVELS; do
  header_min+=" ratio -O${l/,/ } |"
  rule_min+="---:|"
done

# ratio WASM STARTUP NATIVE NATIVE_STARTUP: the kernel time alone, startup
# subtracted on both sides.
ratio() {
  awk -v w="$1" -v s="$2" -v n="$3" -v n0="$4" \
    'BEGIN { printf "%.2f", (w - s) / (n - n0) }'
}

table="$header"$'\n'"$rule"
table_min="$header_min"$'\n'"$rule_min"
for k in "${KERNELS[@]}"; do
  IFS=: read -r f m n <<<"$k"
  n=$(awk -v n="$n" -v s="$SCALE" 'BEGIN { printf "%d", n * s }')
  want=$("$OUT/native" "run_$f" "$n")
  echo "timing run_$f ($n iterations)" >&2
  # Assignments, not read < <(...): a failed check must stop the script.
  t=$(measure "$f" "$("$OUT/native" "run_$f" 0)" "$OUT/native" "run_$f" 0)
  read -r n0 n0min <<<"$t"
  t=$(measure "$f" "$want" "$OUT/native" "run_$f" "$n")
  read -r nat natmin <<<"$t"
  row="| $f | $n | $nat |"
  row_min="| $f | $natmin |"
  startup=""
  for l in $LEVELS; do
    mapfile -t cmd0 < <(wasmcmd "$l" "$m" "run_$f" 0)
    mapfile -t cmd < <(wasmcmd "$l" "$m" "run_$f" "$n")
    t=$(measure "$f" "$("${cmd0[@]}")" "${cmd0[@]}")
    read -r s smin <<<"$t"
    t=$(measure "$f" "$want" "${cmd[@]}")
    read -r w wmin <<<"$t"
    row+=" $w | $(ratio "$w" "$s" "$nat" "$n0") |"
    row_min+=" $(ratio "$wmin" "$smin" "$natmin" "$n0min") |"
    startup+="${startup:+/}$s"
  done
  row+=" $startup |"
  table+=$'\n'"$row"
  table_min+=$'\n'"$row_min"
  echo "$row" >&2
  echo "$row_min" >&2
done

report="Machine: $model (${isa% }), $(nproc) cores, shared (other builds were running:
load average $(cut -d' ' -f1-3 /proc/loadavg)). Median of $RUNS runs of user
CPU time; ratio = (wasm-aot - its startup) / (native - native startup), where
startup is the same command with 0 iterations (wasm-aot: cache hit; listed
per variant in the order of the columns). $("$WASM_AOT" --version | head -1). $(date -u +%Y-%m-%d).

$table

The same runs, minimum instead of median (the least disturbed run of each):

$table_min"
echo "$report"
if [[ -f $HERE/REPORT.md ]]; then
  # Replace the generated part of the report, keep the notes around it.
  BODY=$report awk '
    /<!-- results:begin -->/ { print; print ENVIRON["BODY"]; skip = 1; next }
    /<!-- results:end -->/ { skip = 0 }
    !skip' "$HERE/REPORT.md" >"$HERE/REPORT.md.tmp"
  mv "$HERE/REPORT.md.tmp" "$HERE/REPORT.md"
else
  printf '# SIMD kernels: wasm-aot vs native\n\n<!-- results:begin -->\n%s\n<!-- results:end -->\n' \
    "$report" >"$HERE/REPORT.md"
fi
