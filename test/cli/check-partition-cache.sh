#!/usr/bin/env bash
# Incremental compilation: a module compiled in partitions, then compiled
# again after one function changed, compiles only that function's partition
# and the module part; the rest comes from the cache, and the result runs;
# damaged entries are compiled again.
# With --max-optimized-function-size, partitions hold two objects (one of
# the functions generated fast), which are cached and reused together.
#
# Usage: check-partition-cache.sh WASM_AOT WASM2WAT WAT2WASM MODULE WORK_DIR
#          [COMPILE_OPTION...]
set -u
W=$1 WASM2WAT=$2 WAT2WASM=$3 MODULE=$4 WORK=$5
shift 5
EXTRA=("$@")
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Two modules from one text, differing in one constant of the last function
# (both through wat2wasm, so that every other body is byte for byte equal).
"$WASM2WAT" "$MODULE" -o a.wat || exit 1
line=$(grep -n 'i32.const [0-9][0-9]*$' a.wat | tail -1 | cut -d: -f1)
value=$(sed -n "${line}s/.*i32.const //p" a.wat)
sed "${line}s/i32.const $value\$/i32.const $((value + 1))/" a.wat > b.wat
"$WAT2WASM" a.wat -o a.wasm && "$WAT2WASM" b.wat -o b.wasm || exit 1
cmp -s a.wasm b.wasm && fail "the change did not change the module"

compile() { # NAME MODULE: compiles in small partitions, output in NAME.err
  "$W" compile --cache-dir=cache --verbose --print-times -O1 \
    --partition-size=8000 "${EXTRA[@]}" "$2" -o "$1.wasmaot" > "$1.err" 2>&1 ||
    fail "compiling $2: $(cat "$1.err")"
}
partitions() { sed -n 's/^wasm-aot: \([0-9]*\) partitions, \([0-9]*\) reused.*/\1 \2/p' "$1"; }

compile a a.wasm
read -r total reused <<< "$(partitions a.err)"
[ "${total:-0}" -ge 4 ] || fail "expected several partitions: $(cat a.err)"
[ "${reused:-x}" = 0 ] || fail "a cold compile reused partitions: $(cat a.err)"
if [[ "${EXTRA[*]}" == *max-optimized-function-size* ]]; then
  grep -q 'functions over the size limit generated fast' a.err ||
    fail "no function was generated fast: $(cat a.err)"
fi

compile b b.wasm
read -r total_b reused_b <<< "$(partitions b.err)"
# All but the changed partition and the module part.
[ "${total_b:-0}" = "$total" ] || fail "partitions moved: $(cat b.err)"
[ "${reused_b:-0}" = $((total - 2)) ] ||
  fail "expected $((total - 2)) reused partitions: $(cat b.err)"

compile a2 a.wasm
grep -q 'cache hit' a2.err || fail "the first module is no longer a hit"

# The artifact made of reused objects links and runs like a fresh one.
for artifact in a.wasmaot b.wasmaot; do
  got=$("$W" run --invoke crc32_random "$artifact" 3 4000) ||
    fail "running $artifact"
  [ "$got" = "$("$W" run --no-cache -O1 --invoke crc32_random a.wasm 3 4000)" ] ||
    fail "$artifact: crc32_random gave [$got]"
done

# Damaged partition entries are misses: compiled again, stored again, and
# the library still runs. (Whole-module artifacts are removed, so that the
# compiles look the partitions up.)
entries=() artifacts=()
for f in cache/llvmcache-*; do
  if [ "$(tail -c 16 "$f" | head -c 8)" = WAOTPRTA ]; then entries+=("$f")
  else artifacts+=("$f"); fi
done
[ "${#entries[@]}" -ge 4 ] || fail "expected partition entries, found ${#entries[@]}"
for f in "${entries[@]}"; do
  printf 'DAMAGED!' | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") / 2)) \
    conv=notrunc status=none
done
rm -f "${artifacts[@]}"
compile a3 a.wasm
read -r total3 reused3 <<< "$(partitions a3.err)"
[ "${reused3:-x}" = 0 ] || fail "damaged partitions were reused: $(cat a3.err)"
got=$("$W" run --invoke crc32_random a3.wasmaot 3 4000) || fail "running a3.wasmaot"
[ "$got" = "$("$W" run --no-cache -O1 --invoke crc32_random a.wasm 3 4000)" ] ||
  fail "a3.wasmaot: crc32_random gave [$got]"
for f in cache/llvmcache-*; do
  [ "$(tail -c 16 "$f" | head -c 8)" = WAOTPRTA ] || rm -f "$f"
done
compile a4 a.wasm
read -r total4 reused4 <<< "$(partitions a4.err)"
[ "${reused4:-0}" = $((total4 - 1)) ] ||
  fail "replaced partitions were not reused: $(cat a4.err)"

if ((failures)); then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "partitions: $total; after a one-function change, $reused_b reused"
