#!/usr/bin/env bash
# Artifacts and the artifact cache through wasm-aot's command line: hits that
# do not compile, corrupted entries recovered with a warning, concurrent
# compiles of one module, where the cache lives (--cache-dir, then
# WASM_AOT_CACHE_DIR, then the XDG default), --no-cache, the cache command,
# unusable cache directories, and artifacts as files (run, inspect, zstd -d,
# refusals).
#
# Usage: check-cache.sh WASM_AOT WAT2WASM invoke.wat WORK_DIR
set -u
W=$1 WAT2WASM=$2 SOURCE=$3 WORK=$4
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
"$WAT2WASM" "$SOURCE" -o m.wasm || exit 1
unset WASM_AOT_CACHE_DIR XDG_CACHE_HOME
export HOME=$WORK/home
WANT=2432902008176640000 # fac 20

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
entries() { find "$1" -maxdepth 1 -name 'llvmcache-*.wasmaot' 2>/dev/null | wc -l; }
# run_fac NAME [wasm-aot run options...]: runs fac 20 of m.wasm, checks the
# result and exit code; stderr in NAME.err.
run_fac() {
  local name=$1
  shift
  local out
  out=$("$W" run "$@" --invoke fac m.wasm 20 2>"$name.err")
  local rc=$?
  [[ $rc == 0 && $out == "$WANT" ]] ||
    fail "$name: exit $rc, printed [$out]: $(cat "$name.err")"
}

# -- A second run hits the cache and does not compile.
run_fac miss --verbose --print-times --cache-dir=c1
grep -q "cache miss" miss.err || fail "first run: no cache miss reported"
grep -q "^optimise" miss.err || fail "first run: no compile times"
[[ $(entries c1) == 1 ]] || fail "first run: $(entries c1) entries, expected 1"
run_fac hit --verbose --print-times --cache-dir=c1
grep -q "cache hit" hit.err || fail "second run: no cache hit: $(cat hit.err)"
grep -q -e "cache miss" -e "^optimise" hit.err && fail "second run compiled"

# -- A corrupted entry: a warning, removed, recompiled, then hits again.
entry=$(find c1 -name 'llvmcache-*.wasmaot')
size=$(stat -c %s "$entry")
printf '\xa5' | dd of="$entry" bs=1 seek=$((size - 20)) conv=notrunc status=none
run_fac corrupt --verbose --cache-dir=c1
grep -q "warning: corrupted cache entry.*CRC-32.*removed; recompiling" \
  corrupt.err || fail "corrupted entry: no warning: $(cat corrupt.err)"
run_fac after-corrupt --verbose --cache-dir=c1
grep -q "cache hit" after-corrupt.err || fail "recompiled entry not used"
truncate -s 60 "$entry"
run_fac truncated --cache-dir=c1
grep -q "warning: corrupted cache entry.*truncated" truncated.err ||
  fail "truncated entry: no warning: $(cat truncated.err)"

# -- 8 processes compile one module into an empty cache at once.
pids=()
for i in 1 2 3 4 5 6 7 8; do
  "$W" compile --cache-dir=c8 m.wasm -o "par$i.wasmaot" 2>"par$i.err" &
  pids+=($!)
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || fail "concurrent compile $((i + 1)) failed: $(cat "par$((i + 1)).err")"
done
[[ $(entries c8) == 1 ]] || fail "concurrent compiles left $(entries c8) entries"
[[ -z $(find c8 -name 'tmp-*') ]] || fail "concurrent compiles left temporary files"
for i in 1 2 3 4 5 6 7 8; do
  out=$("$W" run --invoke fac "par$i.wasmaot" 20 2>&1)
  [[ $out == "$WANT" ]] || fail "artifact $i of the concurrent compiles: $out"
done
run_fac par-hit --verbose --cache-dir=c8
grep -q "cache hit" par-hit.err || fail "entry of the concurrent compiles not valid"

# -- Where the cache is: --cache-dir, then WASM_AOT_CACHE_DIR, then XDG.
WASM_AOT_CACHE_DIR=$WORK/env run_fac flag-wins --cache-dir="$WORK/flag"
[[ $(entries flag) == 1 && ! -e env ]] || fail "--cache-dir did not beat the environment"
WASM_AOT_CACHE_DIR=$WORK/env run_fac env-wins
[[ $(entries env) == 1 && ! -e home ]] || fail "WASM_AOT_CACHE_DIR did not beat the default"
run_fac default
[[ $(entries home/.cache/wasm-aot) == 1 ]] || fail "no entry in ~/.cache/wasm-aot"
[[ $(stat -c %a home/.cache/wasm-aot) == 700 ]] ||
  fail "default cache directory has mode $(stat -c %a home/.cache/wasm-aot)"
XDG_CACHE_HOME=$WORK/xdg run_fac xdg
[[ $(entries xdg/wasm-aot) == 1 ]] || fail "XDG_CACHE_HOME not used"

# -- --no-cache neither reads nor writes.
run_fac nocache --verbose --no-cache --cache-dir="$WORK/nc"
[[ ! -e nc ]] || fail "--no-cache created the cache"
grep -q "cache" nocache.err && fail "--no-cache: $(cat nocache.err)"

# -- The cache command.
"$W" cache stats --cache-dir=c1 >stats.out || fail "cache stats failed"
grep -q "^entries: 1$" stats.out || fail "cache stats: $(cat stats.out)"
"$W" cache prune --cache-dir=c1 || fail "cache prune failed"
[[ $(entries c1) == 1 ]] || fail "prune within the limit removed entries"
"$W" cache prune --cache-dir=c1 --cache-max-size=1 || fail "cache prune failed"
[[ $(entries c1) == 0 ]] || fail "prune to 1 byte left $(entries c1) entries"
"$W" cache clear --cache-dir=c8 || fail "cache clear failed"
"$W" cache stats --cache-dir=c8 | grep -q "^entries: 0$" || fail "clear left entries"
"$W" cache frob --cache-dir=c8 2>/dev/null
[[ $? == 2 ]] || fail "cache frob: not a usage error"

# -- A cache that cannot be used: a warning, and the module still runs.
touch afile
run_fac underfile --cache-dir="$WORK/afile/cache"
grep -q "warning: cannot create cache directory" underfile.err ||
  fail "unusable cache: no warning: $(cat underfile.err)"
run_fac proc --cache-dir=/proc/wasm-aot-cache
grep -q "warning:" proc.err || fail "read-only file system: no warning"
if [[ $(id -u) != 0 ]]; then # root writes anywhere
  mkdir ro && chmod 500 ro
  run_fac readonly --cache-dir="$WORK/ro"
  grep -q "warning: cannot write to cache directory" readonly.err ||
    fail "read-only cache: no warning: $(cat readonly.err)"
fi

# -- Artifacts as files.
"$W" compile --cache-dir=c1 m.wasm -o own.wasmaot || fail "compile failed"
"$W" compile --cache-dir=c1 m.wasm -o own.wasmaot || fail "compile (hit) failed"
entry=$(find c1 -name 'llvmcache-*.wasmaot')
[[ -L own.wasmaot ]] && fail "-o is a symbolic link"
[[ $(stat -c %h own.wasmaot) == 1 && $(stat -c %i own.wasmaot) != $(stat -c %i "$entry") ]] ||
  fail "-o shares its file with the cache"
out=$("$W" run --invoke fac own.wasmaot 20 2>&1)
[[ $out == "$WANT" ]] || fail "run of an artifact: $out"
"$W" inspect own.wasmaot >inspect.out || fail "inspect of an artifact failed"
for want in "^ABI version: " "^target: " "^opt level: 2" "^module BLAKE3: " \
  "^exports: " "  func fac (i64) -> (i64)"; do
  grep -q -e "$want" inspect.out || fail "inspect lacks '$want': $(cat inspect.out)"
done
if command -v zstd >/dev/null; then
  zstd -q -d -c own.wasmaot >own.so || fail "zstd -d refused the artifact"
  [[ $(head -c 4 own.so | od -An -c | tr -d ' ') == '177ELF' ]] ||
    fail "zstd -d did not give an ELF file"
fi
head -c 150 own.wasmaot >trunc.wasmaot
out=$("$W" run --invoke fac trunc.wasmaot 20 2>&1)
[[ $? == 1 && $out == *"truncated artifact"* ]] || fail "truncated artifact ran: $out"
"$W" compile --emit=shared-library m.wasm -o plain.so || fail "--emit=shared-library failed"
[[ $(head -c 4 plain.so | od -An -c | tr -d ' ') == '177ELF' ]] ||
  fail "--emit=shared-library did not write a library"

# -- Time to the first call, cold and from the cache (informative).
t0=$(date +%s%N)
"$W" run --no-cache --invoke fac m.wasm 20 >/dev/null 2>&1
t1=$(date +%s%N)
"$W" run --cache-dir=c1 --invoke fac m.wasm 20 >/dev/null 2>&1
t2=$(date +%s%N)
echo "run: cold $(((t1 - t0) / 1000000)) ms, cache hit $(((t2 - t1) / 1000000)) ms"

# A cold compile shows progress on a terminal only (here after 0 ms, not 1 s).
if command -v script >/dev/null; then
  WASM_AOT_PROGRESS_AFTER_MS=0 script -qec \
    "'$W' compile --no-cache m.wasm -o progress.wasmaot" /dev/null > tty.out
  grep -q 'wasm-aot: compiling m.wasm: ' tty.out ||
    fail "no progress line on a terminal: $(cat -v tty.out)"
  WASM_AOT_PROGRESS_AFTER_MS=0 "$W" compile --no-cache m.wasm \
    -o progress.wasmaot 2> pipe.err
  [ ! -s pipe.err ] || fail "progress printed to a pipe: $(cat -v pipe.err)"
else
  echo "skipped: the progress line (no 'script' command)"
fi

if ((failures)); then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all cache checks passed"
