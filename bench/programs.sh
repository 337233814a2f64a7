# The suite's programs (bench/programs/NAME.c or .cpp) and their arguments,
# for run.sh, compare.sh and ab.sh (sourced).

# name and argument (sized so each takes ~0.3-0.6 s natively on the
# reference machine; the programs' own defaults are the same).
PROGRAMS=(
  int-kernel:3000000 nbody:5000000 matmul:1100 stream:20 mandelbrot:1600
  fib-rec:41 virtual-dispatch:2000 interp:4000000 malloc-churn:1500000
  strings:1200000 compress:15000000 sha256:80 crc32:100 codec:120
  simd:6000 json:60 sort:2000000 editdist:16000
  strings-libc:1200000 sort-libc:1500000
)
# Programs whose time goes mostly to the C library: they compare wasi-libc's
# portable C (qsort, strcmp, strstr, strtok) with glibc's assembly as much as
# two compilers, so they are reported apart and left out of the geometric
# means and the targets (strings and sort do the same work in their own code).
LIBC_BOUND=" strings-libc sort-libc "
is_libc_bound() { [[ $LIBC_BOUND == *" $1 "* ]]; }

# For compare.sh and ab.sh: ARG[name] = argument, and NAMES = the programs
# given (all when none are).
select_programs() {
  declare -gA ARG
  for p in "${PROGRAMS[@]}"; do ARG[${p%%:*}]=${p#*:}; done
  NAMES=("$@")
  [[ ${#NAMES[@]} == 0 ]] && for p in "${PROGRAMS[@]}"; do NAMES+=("${p%%:*}"); done
  return 0
}
