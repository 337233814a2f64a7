#!/usr/bin/env bash
# Configures WasmAOT with -DWASMAOT_BUILD_COMPILER=OFF (no LLVM), builds and
# installs it, and checks that the prefix holds just the runtime and serves a
# consumer that asks for the runtime alone:
#   check-runtime-only.sh SOURCE_DIR WORK_DIR C_COMPILER CXX_COMPILER VERSION
set -euo pipefail
# The CMake of the calling build (CTest sets these), else the one on PATH.
CMAKE=${CMAKE:-cmake} CTEST=${CTEST:-ctest}
src=$1 work=$2 cc=$3 cxx=$4 version=$5
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { "$@" >"$work/step.log" 2>&1 || { cat "$work/step.log"; fail "$*"; }; }

rm -rf "$work"
mkdir -p "$work"
step "$CMAKE" -S "$src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DWASMAOT_BUILD_COMPILER=OFF -DWASMAOT_BUILD_TESTS=OFF -DWASMAOT_BUILD_EXAMPLES=OFF
if grep -q '^LLVM_DIR:' "$work/build/CMakeCache.txt"; then
  fail "a runtime-only configure looked for LLVM"
fi
step "$CMAKE" --build "$work/build" -j2
step "$CMAKE" --install "$work/build" --prefix "$work/prefix"
for f in include/wasmaot/wasmaot.h include/wasmaot/artifact.h \
         lib/cmake/WasmAOT/WasmAOTConfig.cmake lib/cmake/WasmAOT/WasmAOT.cmake; do
  [[ -e $work/prefix/$f ]] || fail "the runtime-only prefix lacks $f"
done
ls "$work/prefix"/lib*/libwasmaot_runtime.* >/dev/null 2>&1 || fail "no runtime library installed"
[[ ! -e $work/prefix/bin/wasm-aot && ! -e $work/prefix/bin/wasm-aot-compiler ]] ||
  fail "a runtime-only install has wasm-aot"

step "$CMAKE" -S "$(dirname "$0")/runtime-consumer" -B "$work/consumer" -G Ninja \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$work/prefix"
step "$CMAKE" --build "$work/consumer"
out=$("$work/consumer/consumer")
[[ $out == "runtime $version, sniff 0" ]] || fail "consumer printed '$out'"
# The compiler component is not there, and find_package says so.
if "$CMAKE" -S "$(dirname "$0")/runtime-consumer" -B "$work/consumer2" -G Ninja \
     -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$work/prefix" \
     -DREQUIRE_COMPILER=ON >"$work/step.log" 2>&1; then
  fail "find_package(WasmAOT COMPONENTS compiler) succeeded without a compiler"
fi
echo "runtime-only build and install: ok"
