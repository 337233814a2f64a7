/* Kernel (c), Wasm SIMD: in 64 KiB of text, find every occurrence of a
 * two-byte pattern (i8x16.eq on two shifted loads, and, i8x16.bitmask, then
 * a ctz loop over the mask) and count spaces (eq + bitmask + popcnt). The
 * pattern changes every iteration. Mirrors byte_search_sse.c exactly. */
#include <wasm_simd128.h>

#include "common.h"

#define N 65536

/* +16: the load at i + 1 may read past the end; the tail is zero. */
uint8_t text[N + 16] __attribute__((aligned(16)));

static void init(void) {
  uint32_t s = 0x2545f491u;
  for (int i = 0; i < N; i++) {
    uint32_t r = bench_rand(&s) % 32;
    text[i] = r < 26 ? (uint8_t)('a' + r) : r < 31 ? ' ' : '\n';
  }
  for (int i = N; i < N + 16; i++)
    text[i] = 0;
}

BENCH_EXPORT("run_byte_search")
int64_t run_byte_search(int32_t iterations) {
  init();
  uint64_t hash = 0;
  v128_t space = wasm_i8x16_splat(' ');
  for (int32_t it = 0; it < iterations; it++) {
    v128_t c0 = wasm_i8x16_splat((int8_t)('a' + it % 26));
    v128_t c1 = wasm_i8x16_splat((int8_t)('a' + (it * 7 + 3) % 26));
    uint32_t spaces = 0;
    for (uint32_t i = 0; i < N; i += 16) {
      v128_t v = wasm_v128_load(text + i);
      v128_t next = wasm_v128_load(text + i + 1);
      spaces += (uint32_t)__builtin_popcount(
          wasm_i8x16_bitmask(wasm_i8x16_eq(v, space)));
      uint32_t m = wasm_i8x16_bitmask(
          wasm_v128_and(wasm_i8x16_eq(v, c0), wasm_i8x16_eq(next, c1)));
      while (m) {
        hash = hash * 31 + i + (uint32_t)__builtin_ctz(m);
        m &= m - 1;
      }
    }
    hash = hash * 1000003u + spaces;
  }
  return (int64_t)hash;
}
