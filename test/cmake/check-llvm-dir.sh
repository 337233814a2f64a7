#!/usr/bin/env bash
# LLVM_DIR selects the LLVM: 19 to 22 are accepted, others refused at
# configure time. Fake LLVMConfig.cmake files stand for 18 and 23 (only
# LLVM 22 is installed to build with):
#   check-llvm-dir.sh SOURCE_DIR WORK_DIR C_COMPILER CXX_COMPILER REAL_LLVM_DIR
set -euo pipefail
CMAKE=${CMAKE:-cmake}
src=$1 work=$2 cc=$3 cxx=$4 real=$5
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
configure() { # LLVM_DIR: the configure's output on stdout, its status
  "$CMAKE" -S "$src" -B "$work/build-$(basename "$1")" -G Ninja \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DLLVM_DIR="$1" \
    -DWASMAOT_BUILD_TESTS=OFF -DWASMAOT_BUILD_EXAMPLES=OFF 2>&1
}
for version in 18.1.0 23.0.0; do
  fake=$work/llvm-$version
  mkdir -p "$fake"
  printf 'set(LLVM_PACKAGE_VERSION %s)\nset(LLVM_VERSION_MAJOR %s)\n' \
    "$version" "${version%%.*}" >"$fake/LLVMConfig.cmake"
  if out=$(configure "$fake"); then
    fail "LLVM $version was accepted"
  fi
  grep -q "WasmAOT needs LLVM 19-22, found $version" <<<"$out" ||
    { echo "$out"; fail "LLVM $version refused for another reason"; }
done
out=$(configure "$real") || { echo "$out"; fail "LLVM_DIR=$real refused"; }
grep -q "Using LLVM .* from $real" <<<"$out" || { echo "$out"; fail "LLVM_DIR not used"; }
echo "LLVM_DIR: 18 and 23 refused, $real used"
