/* Kernel (a), native SSE (VEX-encoded with -march=native): the same
 * algorithm as saxpy_wasm.c, instruction for instruction. */
#include <immintrin.h>

#include "common.h"

#define N 4096

float xs[N] __attribute__((aligned(16)));
float ys[N] __attribute__((aligned(16)));

static void init(void) {
  uint32_t s = 0x12345678u;
  for (int i = 0; i < N; i++) {
    xs[i] = bench_randf(&s);
    ys[i] = bench_randf(&s);
  }
}

int64_t run_saxpy_dot(int32_t iterations) {
  init();
  double total = 0.0;
  for (int32_t it = 0; it < iterations; it++) {
    __m128 a = _mm_set1_ps((float)(it & 15) * 0.125f - 1.0f);
    __m128 half = _mm_set1_ps(0.5f);
    __m128 acc0 = _mm_setzero_ps(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
    for (int i = 0; i < N; i += 16) {
      __m128 x0 = _mm_load_ps(xs + i), x1 = _mm_load_ps(xs + i + 4);
      __m128 x2 = _mm_load_ps(xs + i + 8), x3 = _mm_load_ps(xs + i + 12);
      __m128 y0 = _mm_load_ps(ys + i), y1 = _mm_load_ps(ys + i + 4);
      __m128 y2 = _mm_load_ps(ys + i + 8), y3 = _mm_load_ps(ys + i + 12);
      y0 = _mm_add_ps(_mm_mul_ps(a, x0), _mm_mul_ps(half, y0));
      y1 = _mm_add_ps(_mm_mul_ps(a, x1), _mm_mul_ps(half, y1));
      y2 = _mm_add_ps(_mm_mul_ps(a, x2), _mm_mul_ps(half, y2));
      y3 = _mm_add_ps(_mm_mul_ps(a, x3), _mm_mul_ps(half, y3));
      _mm_store_ps(ys + i, y0);
      _mm_store_ps(ys + i + 4, y1);
      _mm_store_ps(ys + i + 8, y2);
      _mm_store_ps(ys + i + 12, y3);
      acc0 = _mm_add_ps(acc0, _mm_mul_ps(x0, y0));
      acc1 = _mm_add_ps(acc1, _mm_mul_ps(x1, y1));
      acc2 = _mm_add_ps(acc2, _mm_mul_ps(x2, y2));
      acc3 = _mm_add_ps(acc3, _mm_mul_ps(x3, y3));
    }
    __m128 acc = _mm_add_ps(_mm_add_ps(acc0, acc1), _mm_add_ps(acc2, acc3));
    float l[4];
    _mm_storeu_ps(l, acc);
    float dot = (l[0] + l[1]) + (l[2] + l[3]);
    total += (double)dot;
  }
  return bench_f64_bits(total);
}
