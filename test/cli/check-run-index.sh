#!/usr/bin/env bash
# wasm-aot, the launcher: it links no LLVM; it runs artifact files and, once
# the compiler has compiled a module through the cache, the module itself
# (the run index), with the compiler's output, exit codes and trap reports;
# and whatever it cannot do (missing, stale or corrupted index or artifact,
# options it does not know) falls back to wasm-aot-compiler, still right.
#
# Usage: check-run-index.sh WASM_AOT WAT2WASM hello.wasm WORK_DIR
set -u
W=$1 WAT2WASM=$2 HELLO=$3 WORK=$4
C=$(dirname "$W")/wasm-aot-compiler
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
cp "$HELLO" hello.wasm || exit 1
unset WASM_AOT_CACHE_DIR XDG_CACHE_HOME
export HOME=$WORK/home

cat >exit7.wat <<'WAT'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 7))))
WAT
cat >trap.wat <<'WAT'
(module
  (memory (export "memory") 1)
  (func $deep (export "deep") (param i32) (result i32)
    (i32.load (i32.const 70000)))
  (func (export "_start") (drop (call $deep (i32.const 1)))))
WAT
"$WAT2WASM" exit7.wat -o exit7.wasm && "$WAT2WASM" trap.wat -o trap.wasm || exit 1

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
index_files() { find "$1" -maxdepth 1 -name 'llvmcache-run-*.index' | wc -l; }
# run_hello NAME [wasm-aot run options...]: runs hello.wasm with two
# arguments through $W, checks its output; stderr in NAME.err.
WANT=$("$C" run --no-cache hello.wasm one 'two words')
[[ $WANT == *"arg 2: two words (crc32"* ]] || fail "the compiler's run printed [$WANT]"
run_hello() {
  local name=$1
  shift
  local out
  out=$("$W" run "$@" hello.wasm one 'two words' 2>"$name.err")
  local rc=$?
  [[ $rc == 0 && $out == "$WANT" ]] ||
    fail "$name: exit $rc, printed [$out]: $(cat "$name.err")"
}

# -- No LLVM in the launcher.
if readelf -d "$W" | grep -q 'NEEDED.*LLVM'; then
  fail "wasm-aot needs libLLVM: $(readelf -d "$W" | grep NEEDED)"
fi

# -- The compiler compiles and records; the launcher then runs it alone.
run_hello miss --verbose --cache-dir=c
grep -q "cache miss" miss.err || fail "first run: no cache miss: $(cat miss.err)"
[[ $(index_files c) == 1 ]] || fail "first run: $(index_files c) index files"
run_hello hit --verbose --cache-dir=c
grep -q "cache hit (run index)" hit.err || fail "second run: not from the run index: $(cat hit.err)"
# The same through WASM_AOT_CACHE_DIR and -O2 said aloud; -O1 is another key.
WASM_AOT_CACHE_DIR=c run_hello env-hit --verbose -O2
grep -q "cache hit (run index)" env-hit.err || fail "-O2 via the environment: $(cat env-hit.err)"
before_o1=$(find c -maxdepth 1 -name 'llvmcache-run-*.index' | sort)
run_hello o1-miss --verbose -O1 --cache-dir=c
grep -q "cache miss" o1-miss.err || fail "-O1 found -O2's artifact: $(cat o1-miss.err)"
run_hello o1-hit --verbose -O1 --cache-dir c
grep -q "cache hit (run index)" o1-hit.err || fail "-O1 second run: $(cat o1-hit.err)"

# -- Options the launcher does not know: the compiler runs (and is right).
run_hello features --verbose --features=wasm2 --cache-dir=c
grep -q "run index" features.err && fail "--features went through the run index"
run_hello no-cache --verbose --no-cache
grep -q "run index" no-cache.err && fail "--no-cache went through the run index"

# -- @FILE arguments are expanded as the compiler's command line does.
echo "alpha beta" >args.txt
want=$("$C" run --cache-dir=c hello.wasm @args.txt 2>&1)
got=$("$W" run --cache-dir=c hello.wasm @args.txt 2>&1)
[[ $got == "$want" && $got == *"arg 2: beta"* ]] || fail "@args.txt: [$got], the compiler's [$want]"

# -- Stale and broken indexes and artifacts fall back to the compiler.
# -O1's index: the one its first run added.
index=$(comm -13 <(echo "$before_o1") \
  <(find c -maxdepth 1 -name 'llvmcache-run-*.index' | sort))
[[ $(echo "$index" | wc -l) == 1 && -f $index ]] || fail "-O1 added no single index: [$index]"
artifact=c/llvmcache-$(cat "$index").wasmaot
[[ -f $artifact ]] || fail "the index names no artifact: $(cat "$index")"
rm -f "$artifact"
run_hello stale --verbose -O1 --cache-dir=c
grep -q "cache miss" stale.err || fail "index to a removed artifact: $(cat stale.err)"
printf 'not a key' >"$index"
run_hello bad-index --verbose -O1 --cache-dir=c
grep -q "wasm-aot: cache hit: " bad-index.err || fail "garbled index: $(cat bad-index.err)"
run_hello rewritten --verbose -O1 --cache-dir=c
grep -q "cache hit (run index)" rewritten.err || fail "index not rewritten: $(cat rewritten.err)"
size=$(stat -c %s "$artifact")
printf '\xa5' | dd of="$artifact" bs=1 seek=$((size - 20)) conv=notrunc status=none
run_hello corrupt --verbose -O1 --cache-dir=c
grep -q "warning: corrupted cache entry" corrupt.err || fail "corrupted artifact: $(cat corrupt.err)"
run_hello after-corrupt --verbose -O1 --cache-dir=c
grep -q "cache hit (run index)" after-corrupt.err || fail "after the corrupted artifact: $(cat after-corrupt.err)"

# -- An artifact whose header names another module is not run (the -O1
# index's entry overwritten with another module's artifact).
o1_key=$(cat "$index")
"$C" compile --no-cache -O1 exit7.wasm -o "c/llvmcache-$o1_key.wasmaot" || fail "compile exit7"
run_hello foreign --verbose -O1 --cache-dir=c
grep -q "run index" foreign.err && fail "ran an artifact of another module: $(cat foreign.err)"
grep -q "warning: corrupted cache entry" foreign.err || fail "another module's artifact: $(cat foreign.err)"

# -- A closed pipe: the program's EPIPE, not the runner's death, both ways
# (SIGPIPE as a shell has it, whatever the test driver ignores).
env --default-signal=PIPE "$W" run --cache-dir=c hello.wasm | true
rc_launcher=${PIPESTATUS[0]}
env --default-signal=PIPE "$C" run --cache-dir=c hello.wasm | true
rc_compiler=${PIPESTATUS[0]}
[[ $rc_launcher == 0 && $rc_compiler == 0 ]] ||
  fail "closed pipe: exit $rc_launcher, the compiler's $rc_compiler"

# -- Artifact files need no compiler at all: a launcher alone runs them.
"$C" compile hello.wasm -o hello.wasmaot --cache-dir=c || fail "compile"
mkdir -p alone && cp "$W" alone/wasm-aot
out=$(alone/wasm-aot run hello.wasmaot one 'two words' 2>alone.err)
[[ $? == 0 && $out == "$WANT" ]] || fail "artifact file without the compiler: [$out] $(cat alone.err)"
alone/wasm-aot run --no-cache hello.wasm 2>alone-wasm.err
[[ $? == 2 ]] && grep -q "cannot run the compiler" alone-wasm.err ||
  fail "a .wasm without the compiler: $(cat alone-wasm.err)"

# -- Exit codes and traps as the compiler gives them, --dir and --env.
for m in exit7 trap; do
  "$C" run --cache-dir=c $m.wasm >/dev/null 2>$m.compiler.err
  want_rc=$?
  "$W" run --verbose --cache-dir=c $m.wasm >/dev/null 2>$m.err
  rc=$?
  [[ $rc == "$want_rc" ]] || fail "$m: exit $rc, the compiler's $want_rc"
  grep -q "run index" $m.err || fail "$m: not from the run index: $(cat $m.err)"
  grep -v "run index" $m.err | diff - $m.compiler.err >/dev/null ||
    fail "$m: stderr differs from the compiler's: $(cat $m.err) vs $(cat $m.compiler.err)"
done
[[ $(cat exit7.compiler.err) == "" ]] || fail "exit7: printed $(cat exit7.compiler.err)"
grep -q "^trap: out-of-bounds-memory-access" trap.err || fail "trap: $(cat trap.err)"
"$W" run --cache-dir=c --dir=/nonexistent-dir hello.wasm >/dev/null 2>baddir.err
[[ $? != 0 ]] || fail "--dir of a missing directory: no error"

if ((failures)); then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "run index: all checks passed"
