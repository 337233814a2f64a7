/* Kernel (a), Wasm SIMD: y = a*x + 0.5*y, then dot(x, y), over 4096 floats.
 * Four independent accumulators; the reduction order matches saxpy_sse.c
 * lane for lane, so the checksum is bit-identical. No FMA anywhere: Wasm
 * has none in SIMD128 (relaxed-simd aside), and the native side must agree. */
#include <wasm_simd128.h>

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

BENCH_EXPORT("run_saxpy_dot")
int64_t run_saxpy_dot(int32_t iterations) {
  init();
  double total = 0.0;
  for (int32_t it = 0; it < iterations; it++) {
    /* a depends on it, so no iteration can be hoisted or merged; |y| <= 2. */
    v128_t a = wasm_f32x4_splat((float)(it & 15) * 0.125f - 1.0f);
    v128_t half = wasm_f32x4_splat(0.5f);
    v128_t acc0 = wasm_f32x4_splat(0.0f), acc1 = acc0, acc2 = acc0, acc3 = acc0;
    for (int i = 0; i < N; i += 16) {
      v128_t x0 = wasm_v128_load(xs + i), x1 = wasm_v128_load(xs + i + 4);
      v128_t x2 = wasm_v128_load(xs + i + 8), x3 = wasm_v128_load(xs + i + 12);
      v128_t y0 = wasm_v128_load(ys + i), y1 = wasm_v128_load(ys + i + 4);
      v128_t y2 = wasm_v128_load(ys + i + 8), y3 = wasm_v128_load(ys + i + 12);
      y0 = wasm_f32x4_add(wasm_f32x4_mul(a, x0), wasm_f32x4_mul(half, y0));
      y1 = wasm_f32x4_add(wasm_f32x4_mul(a, x1), wasm_f32x4_mul(half, y1));
      y2 = wasm_f32x4_add(wasm_f32x4_mul(a, x2), wasm_f32x4_mul(half, y2));
      y3 = wasm_f32x4_add(wasm_f32x4_mul(a, x3), wasm_f32x4_mul(half, y3));
      wasm_v128_store(ys + i, y0);
      wasm_v128_store(ys + i + 4, y1);
      wasm_v128_store(ys + i + 8, y2);
      wasm_v128_store(ys + i + 12, y3);
      acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(x0, y0));
      acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(x1, y1));
      acc2 = wasm_f32x4_add(acc2, wasm_f32x4_mul(x2, y2));
      acc3 = wasm_f32x4_add(acc3, wasm_f32x4_mul(x3, y3));
    }
    v128_t acc =
        wasm_f32x4_add(wasm_f32x4_add(acc0, acc1), wasm_f32x4_add(acc2, acc3));
    float dot =
        (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
        (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
    total += (double)dot;
  }
  return bench_f64_bits(total);
}
