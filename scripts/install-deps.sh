#!/usr/bin/env bash
# Installs the Debian (bookworm) packages WasmAOT needs to build, test and run
# its examples. Idempotent: installs only what is missing, and says nothing
# when everything is already there. Run as root (or with sudo available).
set -euo pipefail

packages=(
  cmake ninja-build make ccache pkg-config
  clang-22 llvm-22-dev liblld-22-dev libclang-rt-22-dev
  libzstd-dev zlib1g-dev libjemalloc-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  # Building C/C++ to wasm32-wasi for the examples and tests.
  wasi-libc libclang-rt-22-dev-wasm32 libc++-22-dev-wasm32
  # Reference tools used by tests and fuzzing.
  wabt binaryen nodejs
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
