#!/usr/bin/env bash
# Builds bench/large-module into build/bench/large-module/large-module.wasm:
# a real, large wasm32-wasi module (Eigen, Boost, nlohmann::json, {fmt}
# template code at -O2) for the decode/validate throughput benchmarks.
#
#   bench/large-module/build.sh [-jN]
#
# Needs clang-22, wasi-libc and libc++-22-dev-wasm32, and the headers of
# libeigen3-dev, libboost-dev, nlohmann-json3-dev and libfmt-dev
# (apt-get install libeigen3-dev libboost-dev nlohmann-json3-dev libfmt-dev).
#
# Environment: CXX (default clang++-22), LARGE_MODULE_SIMD=0 to build
# without -msimd128.
#
# Debian's wasm32 libc++abi is built without exception support, so the code
# is compiled with -fno-exceptions (Boost errors go to boost_noexcept.cpp).
# C++17, not 20: Boost 1.74 (Debian 12) predates libc++'s C++20 removals.
# The host's /usr/include must not be on the include path (its glibc headers
# would shadow wasi-libc's), so the libraries' header directories are
# reached through symlinks in the build directory.
set -euo pipefail

JOBS=$(nproc)
for arg in "$@"; do
  case $arg in
    -j*) JOBS=${arg#-j} ;;
    *) echo "usage: $0 [-jN]" >&2; exit 2 ;;
  esac
done

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SRC/../.." && pwd)
OUT="$ROOT/build/bench/large-module"
CXX=${CXX:-clang++-22}
CCACHE=$(command -v ccache || true)

mkdir -p "$OUT/obj" "$OUT/include" "$OUT/overlay/boost/numeric/conversion"
for lib in boost fmt nlohmann; do
  if [[ ! -d /usr/include/$lib ]]; then
    echo "missing /usr/include/$lib: apt-get install libeigen3-dev libboost-dev nlohmann-json3-dev libfmt-dev" >&2
    exit 1
  fi
  ln -sfn "/usr/include/$lib" "$OUT/include/$lib"
done
# Boost 1.74's mpl computes value+1 and value-1 of integral_c<Enum, V> in
# constant expressions, out of range for these enums; clang 20+ makes that a
# hard error (-Wenum-constexpr-conversion). Give the enums a fixed underlying
# type in overlaid copies (newer Boost avoids the problem).
for f in int_float_mixture_enum sign_mixture_enum udt_builtin_mixture_enum; do
  sed 's/^  enum \([a-z_]*_enum\)$/  enum \1 : int/' \
    "/usr/include/boost/numeric/conversion/$f.hpp" \
    >"$OUT/overlay/boost/numeric/conversion/$f.hpp"
done
if [[ ! -d /usr/include/eigen3 ]]; then
  echo "missing /usr/include/eigen3: apt-get install libeigen3-dev" >&2
  exit 1
fi

CXXFLAGS=(
  --target=wasm32-wasi -Wno-deprecated  # Debian's sysroot wants this spelling
  -std=c++17 -O2 -fno-exceptions
  # overlay/: fixes for Boost 1.74 on threadless wasm32-wasi (see there)
  -isystem "$SRC/overlay" -isystem "$OUT/overlay"
  -isystem "$OUT/include" -isystem /usr/include/eigen3
  -DEIGEN_MPL2_ONLY -DBOOST_NO_EXCEPTIONS -DJSON_NOEXCEPTION
  -DBOOST_DISABLE_THREADS
  # Boost 1.74 still uses std::unary_function (removed in C++17 by libc++)
  -D_LIBCPP_ENABLE_CXX17_REMOVED_UNARY_BINARY_FUNCTION
)
if [[ ${LARGE_MODULE_SIMD:-1} == 1 ]]; then
  CXXFLAGS+=(-msimd128)
fi
export CCACHE CXX
export CXXFLAGS_STR="${CXXFLAGS[*]}"

# Compile: one process per translation unit, JOBS at a time. The dense
# linear algebra units are the slowest (several minutes each), so they go
# first.
sources=()
for f in "$SRC"/dense_*.cpp "$SRC"/*.cpp; do
  [[ " ${sources[*]} " == *" $f "* ]] || sources+=("$f")
done
start=$(date +%s)
printf '%s\n' "${sources[@]}" | xargs -P "$JOBS" -I{} bash -c '
  src={}; obj="'"$OUT"'/obj/$(basename "${src%.cpp}").o"
  if [[ ! -f $obj || $src -nt $obj || '"$SRC"'/common.h -nt $obj || '"$SRC"'/dense.h -nt $obj ]]; then
    echo "compiling $(basename "$src")"
    # shellcheck disable=SC2086
    $CCACHE $CXX $CXXFLAGS_STR -c "$src" -o "$obj.tmp" && mv "$obj.tmp" "$obj"
  fi'

# --strip-debug: DWARF from the prebuilt libc++/wasi-libc archives would be
# most of the file, and custom sections are only skipped by the decoder; the
# "name" section stays.
echo "linking"
# shellcheck disable=SC2086
objs=()
for f in "${sources[@]}"; do
  objs+=("$OUT/obj/$(basename "${f%.cpp}").o")
done
$CXX $CXXFLAGS_STR "${objs[@]}" -o "$OUT/large-module.wasm" \
  -Wl,-z,stack-size=1048576 -Wl,--strip-debug
size=$(stat -c %s "$OUT/large-module.wasm")
echo "built $OUT/large-module.wasm: $size bytes ($(($(date +%s) - start)) s)"
