#!/usr/bin/env bash
# The end-to-end benchmark suite: bench/programs/* built natively and to
# wasm32-wasi, outputs checked equal, then run times (native, wasm-aot at each
# opt level, node/V8), compile time / peak RSS / artifact size per level,
# start-up time on a cache hit, and compile time of the large module.
# Writes bench/REPORT.md and bench/report.csv.
#
#   bench/run.sh [--quick] [--runs N] [--only a,b,...] [--no-large]
#
#   --quick     3 runs, levels 0 and 2 only, large module at -O0 only
#   --runs N    runs per configuration (median taken; default 5, quick 3)
#   --only      just these programs (the report then covers only them)
#   --no-large  skip the large module (bench/large-module, never rebuilt here)
#
# Environment: WASM_AOT (default build/release/compiler/wasm-aot), CC
# (clang-22), CXX (clang++-22), NODE (node). Work files go to
# build/bench/suite; artifacts are compiled with --no-cache and run from the
# .wasmaot file, so no compile is ever inside a timed run.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
WASM_AOT=${WASM_AOT:-$ROOT/build/release/compiler/wasm-aot}
CC=${CC:-clang-22}
CXX=${CXX:-clang++-22}
NODE=${NODE:-node}
OUT=$ROOT/build/bench/suite
LARGE=$ROOT/build/bench/large-module/large-module.wasm
# The artifact cache of this suite only (the start-up measurement fills it).
export WASM_AOT_CACHE_DIR=$OUT/cache

quick=0 runs= only= large=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=1 ;;
    --runs) runs=$2; shift ;;
    --only) only=$2; shift ;;
    --no-large) large=0 ;;
    *) sed -n '8,15p' "$0" >&2; exit 2 ;;
  esac
  shift
done
if [[ $quick == 1 ]]; then levels=(0 2); runs=${runs:-3}; large_levels=(0)
else levels=(0 1 2 3); runs=${runs:-5}; large_levels=(0 1 2); fi

source "$BENCH/programs.sh"  # PROGRAMS, LIBC_BOUND, is_libc_bound
if [[ -n $only ]]; then
  sel=()
  for p in "${PROGRAMS[@]}"; do [[ ,$only, == *,${p%%:*},* ]] && sel+=("$p"); done
  PROGRAMS=("${sel[@]}")
fi

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
NODE_FLAGS=(--no-warnings --no-wasm-lazy-compilation --no-liftoff)

# Wall seconds of one run of "$@", output discarded; empty if it failed.
time_run() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || return 1
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }'
}
median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END {
  if (NR == 0) exit; m = int((NR + 1) / 2);
  printf "%.4f", NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print ""; else printf "%.2f", a / b }'; }
geomean() { tr ' ' '\n' | awk 'NF' | awk '{ s += log($1); n++ } END { if (n) printf "%.2f", exp(s / n) }'; }

mkdir -p "$OUT"
[[ -x $WASM_AOT ]] || { echo "no wasm-aot at $WASM_AOT" >&2; exit 1; }
# Run a snapshot: the build tree's binary may be relinked by a concurrent
# build halfway through the suite (seen: "Permission denied" while it links).
# wasm-aot executes wasm-aot-compiler beside it: both are copied.
WASM_AOT_SRC=$WASM_AOT
WASM_AOT_COMPILER=$(dirname "$WASM_AOT")/wasm-aot-compiler
[[ -x $WASM_AOT_COMPILER ]] || { echo "no $WASM_AOT_COMPILER" >&2; exit 1; }
WASM_AOT_BUILT=$(date -u -r "$WASM_AOT_COMPILER" '+%Y-%m-%d %H:%M UTC')
cp "$WASM_AOT" "$OUT/wasm-aot"
cp "$WASM_AOT_COMPILER" "$OUT/wasm-aot-compiler"
WASM_AOT=$OUT/wasm-aot
CPU=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
CORES=$(nproc)
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" --no-optional-locks status --porcelain -- compiler runtime-support 2>/dev/null | grep -q . && echo " (+ uncommitted changes)" || true)
LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
log "machine: $CPU, $CORES cores, load $LOAD_BEFORE; commit $COMMIT; runs $runs; levels ${levels[*]}"

# --- Build ----------------------------------------------------------------
for p in "${PROGRAMS[@]}"; do
  n=${p%%:*}
  src=$(ls "$BENCH/programs/$n".c* 2>/dev/null | head -1)
  case $src in
    *.cpp) cc=$CXX; extra=(-fno-exceptions) ;;
    *) cc=$CC; extra=() ;;
  esac
  simd=(); [[ $n == simd ]] && simd=(-msimd128)  # only the SIMD kernel
  log "build $n"
  "$cc" -O2 "${extra[@]}" "$src" -o "$OUT/$n.native" -lm
  # wasm32-wasi (deprecated spelling) is the triple Debian's wasi-libc and
  # libc++ are installed under; wasm32-wasip1 would miss their headers.
  "$cc" --target=wasm32-wasi -Wno-deprecated -O2 "${extra[@]}" "${simd[@]}" "$src" -o "$OUT/$n.wasm" -lm
done

# --- Compile: wall time, peak RSS, artifact size per level ------------------
declare -A CWALL CRSS CSIZE CPHASE WSIZE NODEC INC
compile_one() {  # key module level
  local key=$1 mod=$2 k=$3 art=$OUT/$1.O$3.wasmaot
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" \
    "$WASM_AOT" compile --no-cache --print-times -O"$k" "$mod" -o "$art" 2> "$OUT/compile.err" ||
    { log "compile $key -O$k FAILED: $(tail -3 "$OUT/compile.err")"; return 1; }
  read -r CWALL[$key,$k] CRSS[$key,$k] < "$OUT/time.txt"
  CSIZE[$key,$k]=$(stat -c %s "$art")
  CPHASE[$key,$k]=$(sed -n 's/^\(optimise [0-9.]*s, emit [0-9.]*s, link [0-9.]*s\).*/\1/p' "$OUT/compile.err" | head -1)
}
node_compile() { "$NODE" "${NODE_FLAGS[@]}" "$BENCH/node-wasi-runner.mjs" --compile-only "$1" 2>/dev/null || true; }
for p in "${PROGRAMS[@]}"; do
  n=${p%%:*}
  WSIZE[$n]=$(stat -c %s "$OUT/$n.wasm")
  for k in "${levels[@]}"; do log "compile $n -O$k"; compile_one "$n" "$OUT/$n.wasm" "$k" || true; done
  NODEC[$n]=$(node_compile "$OUT/$n.wasm")
done

# --- Check outputs (also the warm-up run of every configuration) ----------
configs=(native); for k in "${levels[@]}"; do configs+=(O$k); done; configs+=(node)
cmd_of() {  # program config -> the command line, in CMD
  case $2 in
    native) CMD=("$OUT/$1.native") ;;
    node) CMD=("$NODE" "${NODE_FLAGS[@]}" "$BENCH/node-wasi-runner.mjs" "$OUT/$1.wasm") ;;
    O*) CMD=("$WASM_AOT" run "$OUT/$1.${2}.wasmaot") ;;
  esac
}
declare -A BAD TIMES MED CRASH NRUNS
NODE_TRIES=10
# node 20 on this machine sometimes dies of SIGSEGV in a run of a module with
# a large memory (stream, editdist: not in the module, whose output is right
# when it survives); a crashed node run is retried (up to NODE_TRIES tries:
# on sort, node crashed in 6 of 10 runs, and 5 tries in a row failed once,
# which left the program without a node time; a core dump had node's main
# thread in Builtins_KeyedLoadIC_Megamorphic, in JavaScript, after the module
# had written all its output), counted
# and reported, never timed. A failed wasm-aot or native run is not retried.
for p in "${PROGRAMS[@]}"; do
  n=${p%%:*} arg=${p#*:}
  "$OUT/$n.native" "$arg" > "$OUT/$n.expected"
  for c in "${configs[@]}"; do
    [[ $c == native ]] && continue
    cmd_of "$n" "$c"
    ok=0
    tries=1; [[ $c == node ]] && tries=$NODE_TRIES
      for ((try = 1; try <= tries; try++)); do  # see CRASH above
      rc=0; "${CMD[@]}" "$arg" > "$OUT/$n.$c.out" 2> "$OUT/$n.$c.err" || rc=$?
      [[ $rc == 0 ]] && { ok=1; break; }
      [[ $c == node ]] && { CRASH[$n,$c]=$((${CRASH[$n,$c]:-0} + 1)); log "node failed: $n (exit status $rc)"; }
    done
    if [[ $ok == 0 ]] || ! cmp -s "$OUT/$n.expected" "$OUT/$n.$c.out"; then
      BAD[$n,$c]=1
      log "OUTPUT MISMATCH or failure: $n under $c (see $OUT/$n.$c.out / .err)"
    fi
  done
  log "checked $n"
done

# --- Time: rounds interleave the configurations so that a change in the
# machine's load hits all of them alike --------------------------------------
for p in "${PROGRAMS[@]}"; do
  n=${p%%:*} arg=${p#*:}
  for ((r = 1; r <= runs; r++)); do
    for c in "${configs[@]}"; do
      [[ -n ${BAD[$n,$c]:-} ]] && continue
      cmd_of "$n" "$c"
      t=
      tries=1; [[ $c == node ]] && tries=$NODE_TRIES
      for ((try = 1; try <= tries; try++)); do
        t=$(time_run "${CMD[@]}" "$arg") && break
        t=
        [[ $c == node ]] && { CRASH[$n,$c]=$((${CRASH[$n,$c]:-0} + 1)); log "node failed: $n (retrying)"; }
      done
      if [[ -z $t ]]; then
        # node only ever misses a run by crashing NODE_TRIES times in a row
        # (its output was checked above): drop that run; any other failure
        # disqualifies.
        [[ $c == node ]] && { log "node: run $r of $n dropped"; continue; }
        BAD[$n,$c]=1; log "run failed: $n $c"; continue
      fi
      TIMES[$n,$c]+="$t "
    done
  done
  for c in "${configs[@]}"; do
    MED[$n,$c]=$(echo "${TIMES[$n,$c]:-}" | median)
    NRUNS[$n,$c]=$(echo "${TIMES[$n,$c]:-}" | wc -w)
    [[ -z ${MED[$n,$c]} ]] && BAD[$n,$c]=1
  done
  log "timed $n: native ${MED[$n,native]}s O${levels[-1]} ${MED[$n,O${levels[-1]}]:-}s node ${MED[$n,node]:-}s"
done

# --- Start-up on a cache hit: a command whose main returns at once ---------
printf 'int main(void) { return 0; }\n' > "$OUT/empty.c"
"$CC" --target=wasm32-wasi -Wno-deprecated -O2 "$OUT/empty.c" -o "$OUT/empty.wasm"
"$CC" -O2 "$OUT/empty.c" -o "$OUT/empty.native"
"$WASM_AOT" compile --no-cache -O2 "$OUT/empty.wasm" -o "$OUT/empty.wasmaot"
"$WASM_AOT" run -O2 "$OUT/empty.wasm"  # fills the cache
declare -A SU
for what in native cached artifact node; do
  ts=
  for ((r = 1; r <= 20; r++)); do
    case $what in
      native) ts+="$(time_run "$OUT/empty.native") " ;;
      cached) ts+="$(time_run "$WASM_AOT" run -O2 "$OUT/empty.wasm") " ;;
      artifact) ts+="$(time_run "$WASM_AOT" run "$OUT/empty.wasmaot") " ;;
      node) ts+="$(time_run "$NODE" "${NODE_FLAGS[@]}" "$BENCH/node-wasi-runner.mjs" "$OUT/empty.wasm") " ;;
    esac
  done
  SU[$what]=$(echo "$ts" | median)
done
log "start-up: native ${SU[native]}s, cache hit ${SU[cached]}s, artifact ${SU[artifact]}s, node ${SU[node]}s"

# --- The large module: compile time only -----------------------------------
large_done=()
if [[ $large == 1 && -f $LARGE ]]; then
  WSIZE[large-module]=$(stat -c %s "$LARGE")
  for k in "${large_levels[@]}"; do
    log "compile large-module -O$k (a -O2 compile may take 10+ minutes)"
    compile_one large-module "$LARGE" "$k" && large_done+=("$k")
    log "  -O$k: ${CWALL[large-module,$k]:-failed}s, ${CRSS[large-module,$k]:-?} KB peak"
  done
  log "node compile of large-module"
  NODEC[large-module]=$(node_compile "$LARGE")
  if [[ $quick == 0 ]]; then
    # Incremental compilation at the default level: the module through an
    # empty cache, then again with one constant of its last function changed
    # (both re-encoded by wat2wasm, so every other body is byte for byte the
    # same; as test/cli/check-partition-cache.sh does).
    inc=$OUT/incremental
    rm -rf "$inc" && mkdir -p "$inc"
    wasm2wat "$LARGE" -o "$inc/a.wat"
    line=$(grep -n 'i32.const [0-9][0-9]*$' "$inc/a.wat" | tail -1 | cut -d: -f1)
    value=$(sed -n "${line}s/.*i32.const //p" "$inc/a.wat")
    sed "${line}s/i32.const $value\$/i32.const $((value + 1))/" "$inc/a.wat" > "$inc/b.wat"
    wat2wasm "$inc/a.wat" -o "$inc/a.wasm" && wat2wasm "$inc/b.wat" -o "$inc/b.wasm"
    rm -f "$inc/a.wat" "$inc/b.wat"
    for v in a b; do
      log "incremental: compile $v.wasm -O2 through $inc/cache"
      /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$WASM_AOT" compile \
        --cache-dir="$inc/cache" --verbose --print-times -O2 "$inc/$v.wasm" \
        -o "$inc/$v.wasmaot" 2> "$inc/$v.err" || { log "FAILED: $(tail -3 "$inc/$v.err")"; break; }
      read -r INC[$v,wall] INC[$v,rss] < "$OUT/time.txt"
      read -r INC[$v,parts] INC[$v,reused] <<< \
        "$(sed -n 's/^wasm-aot: \([0-9]*\) partitions, \([0-9]*\) reused.*/\1 \2/p' "$inc/$v.err")"
      log "  $v: ${INC[$v,wall]}s, ${INC[$v,reused]:-?} of ${INC[$v,parts]:-?} partitions reused"
    done
  fi
elif [[ $large == 1 ]]; then
  log "no $LARGE (bench/large-module/build.sh builds it): skipped"
fi
LOAD_AFTER=$(uptime | sed 's/.*load average: //')

# --- Targets (issue 7), from the figures above -------------------------------
calc() { awk "BEGIN { $1 }"; }  # calc 'printf "%.2f", 1/3'
met() { calc "print (($1) ? \"met\" : \"**not met**\")"; }
targets_section() {
  local o2=O2 o1=O1 worst=0 worst_n= faster=0 total=0 fworst=0 fworst_n= n r nodefail=
  echo
  echo "## Targets"
  echo
  echo "Measured above, by this run (the † programs excluded)."
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  if [[ -n ${GEO[$o2]:-} ]]; then
    for p in "${PROGRAMS[@]}"; do
      n=${p%%:*}; is_libc_bound "$n" && continue
      r=${RAT[$n,$o2]:-}; [[ -z $r ]] && continue
      [[ $(calc "print ($r > $worst)") == 1 ]] && { worst=$r; worst_n=$n; }
      if [[ -n ${BAD[$n,node]:-} ]]; then
        nodefail+=" $n"
      elif [[ -n ${MED[$n,node]:-} ]]; then
        total=$((total + 1))
        [[ $(calc "print (${MED[$n,$o2]} < ${MED[$n,node]})") == 1 ]] && faster=$((faster + 1))
      fi
      if [[ -n ${RAT[$n,$o1]:-} ]]; then
        local q; q=$(calc "printf \"%.2f\", ${RAT[$n,$o1]} / $r")
        [[ $(calc "print ($q > $fworst)") == 1 ]] && { fworst=$q; fworst_n=$n; }
      fi
    done
    echo "| run time, default level (-O2): geometric mean ≤ 1.10× native | ${GEO[$o2]}× | $(met "${GEO[$o2]} <= 1.10") |"
    echo "| no program worse than 1.5× native | worst: $worst_n ${worst}× | $(met "$worst <= 1.5") |"
    echo "| faster than node on every program | faster on $faster of $total${nodefail:+ (node crashed on every try:$nodefail)} | $(met "$faster == $total") |"
    if [[ -n ${GEO[$o1]:-} ]]; then
      # Read two ways: over the suite (geometric means), and per program.
      local fgeo; fgeo=$(calc "printf \"%.2f\", ${GEO[$o1]} / ${GEO[$o2]}")
      echo "| fast tier (-O1) code within 1.5× of -O2, over the suite | geometric means ${GEO[$o1]}× / ${GEO[$o2]}× = ${fgeo}× | $(met "$fgeo <= 1.5") |"
      echo "| fast tier (-O1) code within 1.5× of -O2, every program | worst: $fworst_n ${fworst}× | $(met "$fworst <= 1.5") |"
    fi
  fi
  local l0=${CWALL[large-module,0]:-} l1=${CWALL[large-module,1]:-} l2=${CWALL[large-module,2]:-} v8=${NODEC[large-module]:-}
  if [[ -n $l1 && -n $l2 ]]; then
    echo "| fast tier compiles ≥ 5× faster than -O2 (large module) | $l2 s / $l1 s = $(calc "printf \"%.1f\", $l2 / $l1")× | $(met "$l2 / $l1 >= 5") |"
  fi
  if [[ -n $l2 && -n $v8 ]]; then
    echo "| large module, -O2 cold ≤ 4× V8's compile | $l2 s = $(calc "printf \"%.1f\", $l2 / $v8")× V8 ($v8 s) | $(met "$l2 <= 4 * $v8") |"
  fi
  if [[ -n $l1 && -n $v8 ]]; then
    echo "| large module, fast tier (-O1) ≤ V8's compile | $l1 s = $(calc "printf \"%.1f\", $l1 / $v8")× V8 (-O0: ${l0:-?} s) | $(met "$l1 <= $v8") |"
  fi
  if [[ -n ${INC[b,wall]:-} && -n ${INC[a,wall]:-} ]]; then
    echo "| recompile after a one-function change < 10% of cold | ${INC[b,wall]} s of ${INC[a,wall]} s = $(calc "printf \"%.1f\", 100 * ${INC[b,wall]} / ${INC[a,wall]}")% | $(met "${INC[b,wall]} < 0.1 * ${INC[a,wall]}") |"
  fi
}

# --- Report -----------------------------------------------------------------
md=$BENCH/REPORT.md csv=$BENCH/report.csv
cell() { [[ -n $1 ]] && printf '%s' "$1" || printf '—'; }
{
  echo "# WasmAOT benchmark report"
  echo
  echo "Written by \`bench/run.sh$([[ $quick == 1 ]] && echo ' --quick')\`."
  echo
  echo "- Machine: $CPU, $CORES cores (shared; load average before: $LOAD_BEFORE, after: $LOAD_AFTER)"
  echo "- Date: $DATE; commit $COMMIT$DIRTY; wasm-aot: \`${WASM_AOT_SRC#$ROOT/}\` (built $WASM_AOT_BUILT, copied before the run); $("$NODE" --version | sed 's/^/node /')"
  echo "- Programs: \`bench/programs/\`, each built with \`$CC -O2\` natively and \`--target=wasm32-wasi -O2\` (simd also \`-msimd128\`); every configuration's stdout was checked equal to the native one before timing."
  echo "- Times: wall clock of the whole process, median of $runs runs (runs interleaved across configurations). wasm-aot runs the precompiled artifact file (\`wasm-aot run m.Ok.wasmaot\`), so its time includes process start-up, loading the artifact and WASI set-up but no compile. node runs \`node --no-wasm-lazy-compilation --no-liftoff bench/node-wasi-runner.mjs\` and its time **includes V8's compile of the module** (column \"V8 compile\" below gives that alone)."
  echo "- [N crashed, median of M]: node died of SIGSEGV N times on that program (V8, not the module: it dies in V8 builtins, at random, on the longer runs of modules with a large memory); a crashed run is retried up to $NODE_TRIES times and never timed, a run that crashes $NODE_TRIES times is dropped, so the median may be of fewer runs; the module's output is right whenever node survives (node 20 on this machine; not seen with native or wasm-aot)."
  echo "- Ratio: time / native time (lower is better); each column's geometric mean is over the programs that ran in that configuration (not the † ones)."
  echo
  echo "## Run time (seconds, and ratio to native)"
  echo
  hdr="| program | arg | native |"; sep="|---|---:|---:|"
  for c in "${configs[@]:1}"; do
    [[ $c == node ]] && hdr+=" node (V8) |" || hdr+=" wasm-aot -${c} |"
    sep+="---:|"
  done
  echo "$hdr"; echo "$sep"
  declare -A RAT GEO
  for p in "${PROGRAMS[@]}"; do
    n=${p%%:*} arg=${p#*:}
    line="| $n$(is_libc_bound "$n" && echo ' †') | $arg | $(cell "${MED[$n,native]:-}") |"
    for c in "${configs[@]:1}"; do
      if [[ -n ${BAD[$n,$c]:-} ]]; then line+=" FAILED |"; continue; fi
      RAT[$n,$c]=$(ratio "${MED[$n,$c]:-}" "${MED[$n,native]:-}")
      line+=" ${MED[$n,$c]:-—} (${RAT[$n,$c]}×)${CRASH[$n,$c]:+ [${CRASH[$n,$c]} crashed, median of ${NRUNS[$n,$c]}]} |"
    done
    echo "$line"
  done
  line="| **geometric mean** | | 1.00 |"
  for c in "${configs[@]:1}"; do
    rs=
    for p in "${PROGRAMS[@]}"; do
      n=${p%%:*} ok=1
      is_libc_bound "$n" && continue
      [[ -z ${RAT[$n,$c]:-} ]] && ok=0
      [[ $ok == 1 ]] && rs+="${RAT[$n,$c]} "
    done
    GEO[$c]=$(echo "$rs" | geomean)
    line+=" **${GEO[$c]}×** |"
  done
  echo "$line"
  echo
  echo "## Compile (wasm-aot compile --no-cache --print-times)"
  echo
  echo "Wall seconds / peak RSS (MB) / artifact size (KB), per level; wasm is the module's size. V8 compile: \`WebAssembly.compile\` timed inside node (--no-wasm-lazy-compilation --no-liftoff, TurboFan on background threads)."
  echo
  hdr="| module | wasm KB |"; sep="|---|---:|"
  for k in "${levels[@]}"; do hdr+=" -O$k s | -O$k MB | -O$k KB |"; sep+="---:|---:|---:|"; done
  echo "$hdr V8 compile s |"; echo "$sep---:|"
  mods=(); for p in "${PROGRAMS[@]}"; do mods+=("${p%%:*}"); done
  for n in "${mods[@]}"; do
    line="| $n | $((WSIZE[$n] / 1024)) |"
    for k in "${levels[@]}"; do
      if [[ -n ${CWALL[$n,$k]:-} ]]; then
        line+=" ${CWALL[$n,$k]} | $((CRSS[$n,$k] / 1024)) | $((CSIZE[$n,$k] / 1024)) |"
      else line+=" FAILED | | |"; fi
    done
    echo "$line $(cell "${NODEC[$n]:-}") |"
  done
  echo
  echo "## Start-up on a cache hit"
  echo
  echo "A command whose \`main\` returns at once, median of 20 runs, whole process wall time (so this bounds the time from \`wasm-aot run\` to the module's first instruction from above)."
  echo
  echo "| what | seconds |"
  echo "|---|---:|"
  echo "| native executable (baseline: process start and exit) | ${SU[native]} |"
  echo "| \`wasm-aot run -O2 empty.wasm\`, artifact in the cache | ${SU[cached]} |"
  echo "| \`wasm-aot run empty.wasmaot\` (artifact file) | ${SU[artifact]} |"
  echo "| node runner (includes V8 compile) | ${SU[node]} |"
  echo
  echo "## Notes"
  echo
  echo "- † The native builds use glibc, the wasm builds wasi-libc (musl-derived). \`strings-libc\` and \`sort-libc\` spend most of their time in the C library, so they compare wasi-libc's \`qsort\` (smoothsort) and portable-C \`strcmp\`/\`strstr\`/\`strtok\` with glibc's merge sort and SSE/AVX assembly as much as two compilers; they are left out of the geometric means and the targets. \`strings\` and \`sort\` do the same work in the program's own code. \`malloc-churn\` still compares dlmalloc with glibc malloc."
  echo "- The -O0 column is the unoptimised tier (fast compile), not a target for run time."
  echo "- Compile wall time includes process start-up, decoding and translation; the phases of --print-times are in report.csv. For the large module, which compiles in partitions on several threads, the phase times add up over threads and can exceed the wall time."
  echo "- Bigger run-time ratios are partly the start-up of \`wasm-aot run\` (see Start-up above) on runs of ~0.3-0.5 s."
  echo
  echo "## Large module (compile time only)"
  echo
  if [[ ${#large_done[@]} -gt 0 || -n ${NODEC[large-module]:-} ]]; then
    echo "\`build/bench/large-module/large-module.wasm\`, $((WSIZE[large-module] / 1024)) KB (Eigen, Boost, nlohmann::json, {fmt}; not rebuilt here). \`--no-cache\`; -O3 skipped$([[ $quick == 1 ]] && echo ', and -O1/-O2 in --quick mode')."
    echo
    echo "| level | wall s | phases (--print-times) | peak RSS MB | artifact KB |"
    echo "|---|---:|---|---:|---:|"
    for k in "${large_done[@]}"; do
      echo "| -O$k | ${CWALL[large-module,$k]} | ${CPHASE[large-module,$k]} | $((CRSS[large-module,$k] / 1024)) | $((CSIZE[large-module,$k] / 1024)) |"
    done
    echo "| node (V8, TurboFan, no lazy) | $(cell "${NODEC[large-module]:-}") | WebAssembly.compile | | |"
    if [[ -n ${INC[b,wall]:-} ]]; then
      echo
      echo "Incremental compilation (-O2, \`--cache-dir\` of its own; the module re-encoded by wat2wasm, then one constant of its last function changed):"
      echo
      echo "| compile | wall s | partitions | peak RSS MB |"
      echo "|---|---:|---|---:|"
      echo "| cold, empty cache | ${INC[a,wall]} | ${INC[a,parts]:-?}, ${INC[a,reused]:-?} reused | $((INC[a,rss] / 1024)) |"
      echo "| after the one-function change | ${INC[b,wall]} | ${INC[b,parts]:-?}, ${INC[b,reused]:-?} reused | $((INC[b,rss] / 1024)) |"
    fi
  else
    echo "Skipped (no module, or --no-large)."
  fi
  targets_section
} > "$md"

{
  echo "section,program,config,arg,runs,median_s,ratio_to_native,compile_wall_s,peak_rss_kb,artifact_bytes,wasm_bytes,phases"
  for p in "${PROGRAMS[@]}"; do
    n=${p%%:*} arg=${p#*:}
    for c in "${configs[@]}"; do
      if [[ -n ${BAD[$n,$c]:-} ]]; then echo "run,$n,$c,$arg,$runs,FAILED,,,,,,"; continue; fi
      r=$([[ $c == native ]] && echo 1.00 || echo "${RAT[$n,$c]:-}")
      echo "run,$n,$c,$arg,${NRUNS[$n,$c]:-$runs},${MED[$n,$c]:-},$r,,,,${WSIZE[$n]},"
    done
  done
  for c in "${configs[@]:1}"; do echo "geomean,,$c,,,,${GEO[$c]},,,,,"; done
  for n in "${mods[@]}" large-module; do
    for k in 0 1 2 3; do
      [[ -n ${CWALL[$n,$k]:-} ]] || continue
      echo "compile,$n,O$k,,,,,${CWALL[$n,$k]},${CRSS[$n,$k]},${CSIZE[$n,$k]},${WSIZE[$n]},\"${CPHASE[$n,$k]}\""
    done
    [[ -n ${NODEC[$n]:-} ]] && echo "compile,$n,node,,,,,${NODEC[$n]},,,${WSIZE[$n]},"
  done
  for what in native cached artifact node; do echo "startup,empty,$what,,20,${SU[$what]},,,,,,"; done
  for v in a b; do
    [[ -n ${INC[$v,wall]:-} ]] || continue
    echo "incremental,large-module,O2-$([[ $v == a ]] && echo cold || echo one-function-changed),,,,,${INC[$v,wall]},${INC[$v,rss]},,,\"${INC[$v,parts]:-} partitions ${INC[$v,reused]:-} reused\""
  done
} > "$csv"
log "wrote $md and $csv"
