#!/usr/bin/env bash
# Builds examples/downstream against an installed WasmAOT and checks how
# wasm_aot_library() rebuilds:
#   check-downstream.sh GENERATOR PREFIX EXAMPLE_SOURCE WORK_DIR C_COMPILER
# GENERATOR is "Ninja" or "Unix Makefiles". Every build runs wasm-aot with
# --verbose, so each compile says "cache hit" or "cache miss"; the rule's
# description "wasm-aot: compiling X" counts the compiles that ran.
set -euo pipefail
# The CMake of the calling build (CTest sets these), else the one on PATH.
CMAKE=${CMAKE:-cmake} CTEST=${CTEST:-ctest}
generator=$1 prefix=$2 src=$3 work=$4 cc=$5

fail() { echo "FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

rm -rf "$work"
mkdir -p "$work"
log=$work/build.log
# A private copy of the prefix (moved once more): this test touches its
# compiler.
cp -a "$prefix" "$work/prefix"
prefix=$work/prefix

configure() { # BUILD_DIR CACHE_DIR [-D...]
  local dir=$1 cache=$2
  shift 2
  "$CMAKE" -S "$src" -B "$dir" -G "$generator" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_PREFIX_PATH="$prefix" -DWASM_AOT_CACHE_DIR="$cache" \
    -DWASM_AOT_COMPILE_FLAGS=--verbose "$@" >"$work/configure.log" 2>&1 ||
    { cat "$work/configure.log"; fail "configuring $dir"; }
}
build() { # BUILD_DIR: the build's output in $log
  "$CMAKE" --build "$1" -j4 >"$log" 2>&1 || { cat "$log"; fail "building $1"; }
}
# The modules compiled by the last build, sorted, one line.
compiled() {
  { grep -o 'wasm-aot: compiling [a-z]*\.wasm (-O[0-3])' "$log" || true; } |
    sed 's/wasm-aot: compiling //' | sort | tr '\n' ' ' | sed 's/ $//'
}
expect_compiled() { # WHAT EXPECTED
  local got
  got=$(compiled)
  [[ $got == "$2" ]] || { cat "$log"; fail "$1: compiled '$got', expected '$2'"; }
}
# File times come from a coarse clock: a touch right after a build could
# give its outputs' time.
settle() { sleep 0.1; }
# Occurrences, not lines: parallel compiles may write theirs on one line.
count() { grep -o -- "$1" "$log" | wc -l; }
run_tests() { # BUILD_DIR
  "$CTEST" --test-dir "$1" --output-on-failure >"$work/ctest.log" 2>&1 ||
    { cat "$work/ctest.log"; fail "the example's tests in $1"; }
  grep -q "100% tests passed, 0 tests failed out of 8" "$work/ctest.log" ||
    { cat "$work/ctest.log"; fail "expected 8 passing tests in $1"; }
  # The expected failures fail for the right reason.
  "$CTEST" --test-dir "$1" -V -R 'status-three|selftest-without-env' \
    >"$work/ctest-v.log" 2>&1 || true
  grep -q "exiting with 3" "$work/ctest-v.log" &&
    grep -q "FAIL: environment" "$work/ctest-v.log" ||
    { cat "$work/ctest-v.log"; fail "the failing bundles did not run"; }
}

all5="fib.wasm (-O2) gcd.wasm (-O2) primes.wasm (-O2) selftest.wasm (-O2) status.wasm (-O2)"

# Cold: an empty cache, every module compiled by LLVM.
configure "$work/b1" "$work/cache"
t=$(now); build "$work/b1"; cold=$(elapsed "$t")
expect_compiled "cold build" "$all5"
[[ $(count "cache miss") == 5 ]] || { cat "$log"; fail "cold build: expected 5 cache misses"; }
run_tests "$work/b1"
# The manifest names every artifact of its library, and they exist.
manifest=$work/b1/downstream_modules/downstream_modules.json
for m in fib gcd primes; do
  a=$work/b1/downstream_modules/$m.wasmaot
  grep -q "\"$m\": \"$a\"" "$manifest" || { cat "$manifest"; fail "manifest lacks $m"; }
  [[ -s $a ]] || fail "$a missing"
done

# No-op: nothing runs.
t=$(now); build "$work/b1"; noop=$(elapsed "$t")
expect_compiled "no-op build" ""
if [[ $generator == Ninja ]]; then
  grep -q "no work to do" "$log" || { cat "$log"; fail "no-op build did work"; }
fi
# Reconfiguring with the same options changes nothing either.
configure "$work/b1" "$work/cache"
build "$work/b1"
expect_compiled "build after an unchanged reconfigure" ""

# One module touched: only its artifact.
settle
touch "$work/b1/modules/gcd.wasm"
build "$work/b1"
expect_compiled "after touching gcd.wasm" "gcd.wasm (-O2)"

# A new compiler: every artifact.
settle
touch "$prefix/bin/wasm-aot-compiler"
build "$work/b1"
expect_compiled "after touching wasm-aot-compiler" "$all5"
build "$work/b1"
expect_compiled "no-op after the new compiler" ""

# A changed OPT_LEVEL: the three modules of that library, not the bundles.
configure "$work/b1" "$work/cache" -DDOWNSTREAM_OPT_LEVEL=1
build "$work/b1"
expect_compiled "after OPT_LEVEL 2 -> 1" "fib.wasm (-O1) gcd.wasm (-O1) primes.wasm (-O1)"
[[ $(count "cache miss") == 3 ]] || { cat "$log"; fail "-O1 should be new to the cache"; }
build "$work/b1"
expect_compiled "no-op after OPT_LEVEL change" ""
run_tests "$work/b1"

# The build tree deleted: the same artifacts come from the cache, no LLVM.
rm -rf "$work/b1"
configure "$work/b1" "$work/cache"
t=$(now); build "$work/b1"; hit=$(elapsed "$t")
expect_compiled "rebuild of a deleted tree" "$all5"
[[ $(count "cache hit") == 5 && $(count "cache miss") == 0 ]] ||
  { cat "$log"; fail "rebuild of a deleted tree: expected 5 cache hits"; }
run_tests "$work/b1"

if [[ $generator == Ninja ]]; then
  # The job pool: its size as configured, every compile in it.
  configure "$work/b2" "$work/cache2" -DWASM_AOT_JOB_POOL_SIZE=1 -DWASM_AOT_COMPILE_THREADS=2
  grep -A1 '^pool wasm_aot$' "$work/b2/CMakeFiles/rules.ninja" | grep -q 'depth = 1' ||
    fail "no wasm_aot pool of depth 1"
  [[ $(grep -c 'pool = wasm_aot' "$work/b2/build.ninja") == 5 ]] ||
    fail "the 5 compiles are not all in the wasm_aot pool"
  [[ $(grep -c 'wasm-aot-compiler compile .*--threads=2' "$work/b2/build.ninja") == 5 ]] ||
    fail "the compiles do not get --threads=2"
  # Two trees at -j4 at once over one empty cache: both right.
  configure "$work/b3" "$work/cache2"
  "$CMAKE" --build "$work/b2" -j4 >"$work/b2.log" 2>&1 & p2=$!
  "$CMAKE" --build "$work/b3" -j4 >"$work/b3.log" 2>&1 & p3=$!
  wait $p2 || { cat "$work/b2.log"; fail "parallel build b2"; }
  wait $p3 || { cat "$work/b3.log"; fail "parallel build b3"; }
  run_tests "$work/b2"
  run_tests "$work/b3"
  for a in downstream_modules/fib downstream_modules/gcd downstream_modules/primes \
           downstream_bundles/selftest downstream_bundles/status; do
    cmp "$work/b2/$a.wasmaot" "$work/b3/$a.wasmaot" || fail "$a differs between b2 and b3"
  done
  [[ $(find "$work/cache2" -name '*.wasmaot' | wc -l) == 5 ]] ||
    fail "the shared cache should hold exactly 5 artifacts"
fi

echo "build times ($generator, 5 modules): cold ${cold} s, cache-hit rebuild of a deleted tree ${hit} s, no-op ${noop} s"
