/* Kernel (c), native SSE2 (VEX-encoded with -march=native): the same
 * algorithm as byte_search_wasm.c; bitmask is pmovmskb. */
#include <immintrin.h>

#include "common.h"

#define N 65536

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

int64_t run_byte_search(int32_t iterations) {
  init();
  uint64_t hash = 0;
  __m128i space = _mm_set1_epi8(' ');
  for (int32_t it = 0; it < iterations; it++) {
    __m128i c0 = _mm_set1_epi8((char)('a' + it % 26));
    __m128i c1 = _mm_set1_epi8((char)('a' + (it * 7 + 3) % 26));
    uint32_t spaces = 0;
    for (uint32_t i = 0; i < N; i += 16) {
      __m128i v = _mm_load_si128((const __m128i *)(text + i));
      __m128i next = _mm_loadu_si128((const __m128i *)(text + i + 1));
      spaces += (uint32_t)__builtin_popcount(
          _mm_movemask_epi8(_mm_cmpeq_epi8(v, space)));
      uint32_t m = (uint32_t)_mm_movemask_epi8(
          _mm_and_si128(_mm_cmpeq_epi8(v, c0), _mm_cmpeq_epi8(next, c1)));
      while (m) {
        hash = hash * 31 + i + (uint32_t)__builtin_ctz(m);
        m &= m - 1;
      }
    }
    hash = hash * 1000003u + spaces;
  }
  return (int64_t)hash;
}
